//! `/` search: typing with incremental jumps, and `n`/`N` stepping through
//! the matches of the current view and pane. Part of [`super::update`]:
//! pure state changes.

use super::action::Action;
use super::lists;
use super::state::{AppState, Notice, PaneKind, View};
use super::update::set_selected;

pub(super) fn input(s: &mut AppState, action: Action) {
    match action {
        Action::InsertChar(c) => {
            s.search.input.push(c);
            incremental(s);
        }
        Action::DeleteChar => {
            s.search.input.pop();
            incremental(s);
        }
        Action::ClearInput => {
            s.search.input.clear();
            incremental(s);
        }
        Action::ConfirmInput => {
            s.search.editing = false;
            s.search.query = std::mem::take(&mut s.search.input);
            if !s.search.query.is_empty() && match_count(s) == 0 {
                s.notice = Some(Notice::NoMatch);
            }
            s.search.origin = None;
        }
        Action::CancelInput => {
            restore_origin(s);
            s.search.editing = false;
            s.search.input.clear();
            s.search.origin = None;
        }
        _ => {}
    }
}

fn restore_origin(s: &mut AppState) {
    if let Some((view, nav)) = s.search.origin {
        s.view = view;
        s.navs[view.index()] = nav;
    }
}

/// While typing, jump to the first match at or after where the search began.
fn incremental(s: &mut AppState) {
    restore_origin(s);
    if !s.search.input.is_empty() {
        step_match(s, true, true);
    }
}

/// What `n`/`N` step over in the current view and pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Every listed measure, across chapters.
    PlanMeasures,
    /// The rows of one list pane.
    Pane(usize),
}

fn scope(s: &AppState) -> Scope {
    match (s.view, s.focused_pane()) {
        (View::Plan, _) => Scope::PlanMeasures,
        (View::Due, _) => Scope::Pane(0),
        (View::Departments, PaneKind::Depts) => Scope::Pane(0),
        (View::Departments, _) => Scope::Pane(1),
        (View::Dashboard, _) => Scope::Pane(s.nav().focus),
    }
}

/// For each row of list pane `pane`, whether it matches the query; the
/// list is built once, not once per row.
fn pane_matches(s: &AppState, pane: usize, q: &str) -> Vec<bool> {
    let b = &s.board;
    let nav = s.nav();
    let fq = crate::text::fold(q);
    let hit = |m: usize| b.measure_matches_folded(m, &fq);
    match s.view.panes()[pane] {
        PaneKind::Chapters | PaneKind::DashChapters => b
            .chapters
            .iter()
            .map(|c| crate::text::contains_ci(&c.title, q))
            .collect(),
        PaneKind::Depts | PaneKind::DashDepts => (0..b.departments.len())
            .map(|d| b.dept_matches(d, q))
            .collect(),
        PaneKind::Measures => lists::plan_measures(s, nav.panes[0].selected)
            .into_iter()
            .map(hit)
            .collect(),
        PaneKind::DueList => lists::due_measures(s).into_iter().map(hit).collect(),
        PaneKind::DeptMeasures => lists::dept_measures(s, nav.panes[0].selected)
            .into_iter()
            .map(|(m, _)| hit(m))
            .collect(),
        PaneKind::Detail => Vec::new(),
    }
}

/// Every (chapter, position) of listed measures in plan order.
fn plan_sequence(s: &AppState) -> Vec<(usize, usize, usize)> {
    (0..s.board.chapters.len())
        .flat_map(|c| {
            lists::plan_measures(s, c)
                .into_iter()
                .enumerate()
                .map(move |(pos, m)| (c, pos, m))
        })
        .collect()
}

/// How many rows the current scope has that match the active query.
pub fn match_count(s: &AppState) -> usize {
    let q = s.search.active().to_string();
    if q.is_empty() {
        return 0;
    }
    match scope(s) {
        Scope::PlanMeasures => {
            let fq = crate::text::fold(&q);
            plan_sequence(s)
                .iter()
                .filter(|&&(_, _, m)| s.board.measure_matches_folded(m, &fq))
                .count()
        }
        Scope::Pane(p) => pane_matches(s, p, &q).into_iter().filter(|&h| h).count(),
    }
}

/// Index of the next (or previous) matching row after `from`, wrapping,
/// and whether it wrapped; `inclusive` also accepts `from` itself.
fn find(
    len: usize,
    from: usize,
    forward: bool,
    inclusive: bool,
    hit: impl Fn(usize) -> bool,
) -> Option<(usize, bool)> {
    if len == 0 {
        return None;
    }
    let from = from.min(len - 1);
    let steps = if inclusive { 0..len } else { 1..len + 1 };
    steps
        .map(|k| {
            if forward {
                ((from + k) % len, from + k >= len)
            } else {
                ((from + len - k % len) % len, k > from)
            }
        })
        .find(|&(i, _)| hit(i))
}

pub(super) fn step_match(s: &mut AppState, forward: bool, inclusive: bool) {
    let q = s.search.active().to_string();
    if q.is_empty() {
        s.notice = Some(Notice::NoMatch);
        return;
    }
    let found = match scope(s) {
        Scope::PlanMeasures => {
            let seq = plan_sequence(s);
            let nav = s.nav();
            let cur = seq
                .iter()
                .position(|&(c, p, _)| c == nav.panes[0].selected && p == nav.panes[1].selected)
                .or_else(|| seq.iter().position(|&(c, _, _)| c >= nav.panes[0].selected))
                .unwrap_or(0);
            let fq = crate::text::fold(&q);
            find(seq.len(), cur, forward, inclusive, |i| {
                s.board.measure_matches_folded(seq[i].2, &fq)
            })
            .map(|(i, wrapped)| {
                let (c, p, _) = seq[i];
                let nav = s.nav_mut();
                set_selected(nav, 0, c);
                set_selected(nav, 1, p);
                nav.panes[2] = Default::default();
                if nav.focus == 0 {
                    nav.focus = 1;
                }
                wrapped
            })
        }
        Scope::Pane(p) => {
            let hits = pane_matches(s, p, &q);
            let cur = s.nav().panes[p].selected;
            find(hits.len(), cur, forward, inclusive, |r| hits[r]).map(|(r, wrapped)| {
                set_selected(s.nav_mut(), p, r);
                wrapped
            })
        }
    };
    match found {
        None => s.notice = Some(Notice::NoMatch),
        Some(true) if !inclusive => s.notice = Some(Notice::SearchWrapped),
        Some(_) => {}
    }
}

/// Where a measure matched the query, for the status line: a measure
/// found by a department's name reads differently from one found by its
/// text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Title,
    Text,
    Department,
}

/// The first field of measure `m` that holds the active query.
pub fn matched_field(s: &AppState, m: usize) -> Option<Field> {
    let q = s.search.active();
    if q.is_empty() {
        return None;
    }
    let b = &s.board;
    let me = &b.measures[m].measure;
    let has = |t: &str| crate::text::contains_ci(t, q);
    if has(&me.id) {
        Some(Field::Id)
    } else if has(&me.title) {
        Some(Field::Title)
    } else if has(&me.text) {
        Some(Field::Text)
    } else {
        me.departments()
            .into_iter()
            .any(|d| {
                b.dept(d).is_some_and(|dep| {
                    std::iter::once(&dep.name)
                        .chain([&dep.short])
                        .chain(dep.aliases.iter())
                        .any(|n| has(n))
                })
            })
            .then_some(Field::Department)
    }
}

/// Which match the selection is on, and how many there are in the current
/// scope: `(k, n)` with `k` counted from 1, or 0 when the selected row is
/// not a match.
pub fn match_position(s: &AppState) -> (usize, usize) {
    let q = s.search.active().to_string();
    if q.is_empty() {
        return (0, 0);
    }
    let (hits, cur): (Vec<bool>, Option<usize>) = match scope(s) {
        Scope::PlanMeasures => {
            let fq = crate::text::fold(&q);
            let seq = plan_sequence(s);
            let nav = s.nav();
            let cur = (nav.focus >= 1)
                .then(|| {
                    seq.iter().position(|&(c, p, _)| {
                        c == nav.panes[0].selected && p == nav.panes[1].selected
                    })
                })
                .flatten();
            let hits = seq
                .iter()
                .map(|&(_, _, m)| s.board.measure_matches_folded(m, &fq))
                .collect();
            (hits, cur)
        }
        Scope::Pane(p) => (pane_matches(s, p, &q), Some(s.nav().panes[p].selected)),
    };
    let n = hits.iter().filter(|&&h| h).count();
    let k = match cur {
        Some(c) if hits.get(c) == Some(&true) => hits[..c].iter().filter(|&&h| h).count() + 1,
        _ => 0,
    };
    (k, n)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::app::action::Action;
    use crate::app::board::Board;
    use crate::app::update::update;

    fn state() -> AppState {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/board");
        let plan = crate::plan::load_dir(&dir).expect("fixture loads");
        let today = chrono::NaiveDate::from_ymd_opt(2021, 12, 20).unwrap();
        AppState::new(Board::new(&plan, today, crate::lang::Lang::Zh), None)
    }

    fn search(s: &mut AppState, q: &str) {
        update(s, Action::StartSearch);
        for c in q.chars() {
            update(s, Action::InsertChar(c));
        }
        update(s, Action::ConfirmInput);
    }

    #[test]
    fn the_position_counts_from_one_and_follows_n() {
        let mut s = state();
        assert_eq!(match_position(&s), (0, 0));
        search(&mut s, "税务");
        let (k, n) = match_position(&s);
        assert_eq!(k, 1);
        assert_eq!(n, match_count(&s));
        update(&mut s, Action::NextMatch);
        assert_eq!(match_position(&s), (2, n));
        update(&mut s, Action::PrevMatch);
        assert_eq!(match_position(&s).0, 1);
        // Off a match (the chapters pane has the focus), no position.
        update(&mut s, Action::FocusLeft);
        update(&mut s, Action::FocusLeft);
        assert_eq!(match_position(&s).0, 0);
    }

    #[test]
    fn the_field_says_where_the_selected_measure_matched() {
        let mut s = state();
        search(&mut s, "供电部");
        let m = lists::selected_measure(&s, s.view).expect("a match is selected");
        assert_eq!(matched_field(&s, m), Some(Field::Department));
        let title = s.board.measures[m].measure.title.clone();
        search(&mut s, &title);
        let m = lists::selected_measure(&s, s.view).unwrap();
        assert_eq!(matched_field(&s, m), Some(Field::Title));
        let id = s.board.measures[m].measure.id.clone();
        search(&mut s, &id);
        let m = lists::selected_measure(&s, s.view).unwrap();
        assert_eq!(matched_field(&s, m), Some(Field::Id));
    }
}
