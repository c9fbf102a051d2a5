//! The header (views as tabs) and the status line (where you are, the
//! as-of date, counts, filters, search).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::draw::{fit, spans_width};
use super::strings::strings;
use super::theme::Theme;
use crate::app::lists::{self, filtered_counts};
use crate::app::state::{AppState, View};
use crate::text::width;

/// A tab of the header: one of the board's views, or the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    View(View),
    Ranking,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::View(View::Plan),
        Tab::View(View::Due),
        Tab::View(View::Departments),
        Tab::View(View::Dashboard),
        Tab::Ranking,
    ];

    /// The action switching to this tab.
    pub fn action(self) -> crate::app::Action {
        use crate::app::Action;
        match self {
            Tab::View(View::Plan) => Action::ShowPlan,
            Tab::View(View::Due) => Action::ShowDue,
            Tab::View(View::Departments) => Action::ShowDepartments,
            Tab::View(View::Dashboard) => Action::ShowDashboard,
            Tab::Ranking => Action::ShowScoreboard,
        }
    }
}

/// The tab on top: the ranking while its screen is open, else the view.
fn current_tab(s: &AppState) -> Tab {
    if s.scoreboard().is_some() {
        Tab::Ranking
    } else {
        Tab::View(s.view)
    }
}

/// The header's spans for width `w`, and where each tab sits (start and
/// end column), for mouse clicks.
///
/// Every tab and the help hint are always there from 80 columns on; what
/// gives way as the terminal narrows is, in order, the plan's title, the
/// tabs' spacing, the department's to-do reasons, then who you are.
pub fn header(
    s: &AppState,
    w: usize,
    theme: &Theme,
) -> (Vec<Span<'static>>, Vec<(Tab, usize, usize)>) {
    let t = strings(s.board.lang);
    let cur = current_tab(s);
    let tab_spans = |compact: bool| -> Vec<Span<'static>> {
        Tab::ALL
            .iter()
            .enumerate()
            .map(|(i, tab)| {
                let name = match tab {
                    Tab::View(v) => t.view(*v),
                    Tab::Ranking => t.ranking_tab(),
                };
                let text = if compact {
                    format!(" {}{}", i + 1, name)
                } else {
                    format!(" {} {} ", i + 1, name)
                };
                Span::styled(text, theme.tab(*tab == cur))
            })
            .collect()
    };
    let title = format!(" {}", s.board.title);
    let todo = acting_dept(s).map(|d| {
        let c = s.board.need_counts(d);
        let style = if c.returned + c.decision + c.overdue > 0 {
            theme.overdue()
        } else if c.due_soon > 0 {
            theme.due_soon()
        } else {
            theme.dim()
        };
        (t.need_counts(&c), t.need_short(c.items), style)
    });
    let who = identity(s);
    let hints_long = format!(" {} ", t.hints);
    let hints_short = format!(" {} ", t.hints_short());
    // Candidates from the fullest to the barest; the first that fits with
    // room for some of the title wins.
    let todo_full = todo
        .as_ref()
        .map(|(full, _, st)| (format!(" {full} "), *st));
    let todo_short = todo
        .as_ref()
        .map(|(_, short, st)| (format!(" {short} "), *st));
    // Bold in the terminal's own colour: who you are reads on any
    // background.
    let who_full = (format!(" {} ", who.0), theme.title());
    let who_short = (format!(" {} ", who.1), theme.title());
    let none = None;
    let candidates = [
        (false, &hints_long, &todo_full, &who_full, 8),
        (false, &hints_short, &todo_full, &who_full, 8),
        (false, &hints_short, &todo_full, &who_full, 0),
        (true, &hints_short, &todo_full, &who_full, 0),
        (true, &hints_short, &todo_full, &who_short, 0),
        (true, &hints_short, &todo_short, &who_short, 0),
        (true, &hints_short, &none, &who_short, 0),
    ];
    let mut chosen = None;
    for (compact, hints, todo, whom, title_room) in candidates {
        let tabs = tab_spans(compact);
        let mut trail = vec![Span::styled(whom.0.clone(), whom.1)];
        if let Some((text, st)) = todo {
            trail.push(Span::styled(text.clone(), *st));
        }
        trail.push(Span::styled(hints.clone(), theme.dim()));
        if spans_width(&tabs) + spans_width(&trail) + title_room <= w {
            chosen = Some((tabs, trail));
            break;
        }
    }
    let (tabs, trail) = chosen.unwrap_or_else(|| (tab_spans(true), Vec::new()));
    let room = w.saturating_sub(spans_width(&tabs) + spans_width(&trail));
    // Too little room for a readable title: the tabs start the line and
    // the spare cells go between them and the rest.
    let (lead, gap) = if room >= 8 {
        let mut v = fit(vec![Span::styled(title, theme.title())], room);
        let used = spans_width(&v);
        v.push(Span::raw(" ".repeat(room - used)));
        (v, Vec::new())
    } else {
        (Vec::new(), vec![Span::raw(" ".repeat(room))])
    };
    let mut x = spans_width(&lead);
    let mut places = Vec::new();
    for (tab, span) in Tab::ALL.iter().zip(&tabs) {
        let tw = width(&span.content);
        places.push((*tab, x, x + tw));
        x += tw;
    }
    let mut spans = lead;
    spans.extend(tabs);
    spans.extend(gap);
    spans.extend(trail);
    (fit(spans, w), places)
}

/// Who the user acts as: the full and the short form (a department's name
/// and short name, a coordinator's name, or that nobody is chosen).
fn identity(s: &AppState) -> (String, String) {
    let b = &s.board;
    let t = strings(b.lang);
    match (&s.edit.who, &s.me) {
        (Some(crate::progress::Who::Coordinator(c)), _) => {
            let c = crate::text::sanitize(c);
            (t.acting_as(None, Some(&c)), c)
        }
        (Some(crate::progress::Who::Dept(d)), _) | (None, Some(d)) => (
            t.acting_as(Some(b.dept_name(d)), None),
            b.dept_short(d).to_string(),
        ),
        (None, None) => {
            let none = t.acting_as(None, None);
            (none.clone(), none)
        }
    }
}

/// The department the user acts as (`--dept`), if not a coordinator.
fn acting_dept(s: &AppState) -> Option<&str> {
    match (&s.edit.who, &s.me) {
        (Some(crate::progress::Who::Dept(d)), _) | (None, Some(d)) => Some(d),
        _ => None,
    }
    .filter(|_| s.board.progress.is_some())
    .map(String::as_str)
}

/// The plan's title on the left (which plan this is), the tabs, who you
/// are, what needs your department, and the help hint.
pub fn draw_header(s: &AppState, area: Rect, theme: &Theme, frame: &mut Frame) {
    let (spans, _) = header(s, area.width as usize, theme);
    frame
        .buffer_mut()
        .set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// The tab at column `x` of the header.
pub fn tab_at(s: &AppState, w: u16, x: u16) -> Option<Tab> {
    let (_, places) = header(s, w as usize, &Theme::new(true));
    let x = x as usize;
    places
        .into_iter()
        .find(|&(_, a, b)| x >= a && x < b && b <= w as usize)
        .map(|(tab, _, _)| tab)
}

/// The active search on the status line: the query, which match the
/// selection is on of how many (`第3/12项`), and where the selected
/// measure matched (标题, 正文, 部门).
fn search_spans(s: &AppState, theme: &Theme) -> Vec<Span<'static>> {
    let t = strings(s.board.lang);
    let (k, n) = crate::app::search::match_position(s);
    let count = if k > 0 {
        t.search_position(k, n)
    } else {
        t.matches(n)
    };
    let mut text = format!("/{} {count}", s.search.query);
    if k > 0
        && let Some(m) = lists::selected_measure(s, s.view)
        && let Some(field) = crate::app::search::matched_field(s, m)
    {
        text.push_str(&format!(" · {}", t.matched_in(field)));
    }
    vec![Span::styled(text, theme.label())]
}

/// "计划 › 一 开办企业 › 1.3 免费刻制公章"
pub fn breadcrumb(s: &AppState) -> String {
    let b = &s.board;
    let t = strings(b.lang);
    let nav = s.nav();
    let mut parts = vec![t.view(s.view).to_string()];
    let measure = |m: usize| {
        let me = &b.measures[m].measure;
        format!("{} {}", me.id, me.title)
    };
    match s.view {
        View::Plan => {
            if let Some(c) = b.chapters.get(nav.panes[0].selected) {
                parts.push(format!("{} {}", c.numeral, c.title));
            }
            if nav.focus >= 1
                && let Some(m) = lists::selected_measure(s, s.view)
            {
                parts.push(measure(m));
            }
        }
        View::Due => {
            if let Some(m) = lists::selected_measure(s, s.view) {
                parts.push(measure(m));
            }
        }
        View::Departments => {
            if let Some(d) = b.departments.get(nav.panes[0].selected) {
                parts.push(d.name.clone());
            }
            if nav.focus >= 1
                && let Some(m) = lists::selected_measure(s, s.view)
            {
                parts.push(measure(m));
            }
        }
        View::Dashboard => {
            let row = nav.panes[nav.focus].selected;
            let name = if nav.focus == 0 {
                b.chapters
                    .get(row)
                    .map(|c| format!("{} {}", c.numeral, c.title))
            } else {
                b.departments.get(row).map(|d| d.name.clone())
            };
            parts.extend(name);
        }
    }
    parts.join(" › ")
}

pub fn draw_status(s: &AppState, area: Rect, theme: &Theme, frame: &mut Frame) {
    let b = &s.board;
    let t = strings(b.lang);
    let w = area.width as usize;
    if s.search.editing {
        let (k, n) = crate::app::search::match_position(s);
        let mut spans = vec![
            Span::styled("/", theme.label()),
            Span::raw(s.search.input.clone()),
        ];
        let cursor_x = area.x as usize + 1 + width(&s.search.input);
        if !s.search.input.is_empty() {
            let count = if k > 0 {
                t.search_position(k, n)
            } else {
                t.matches(n)
            };
            spans.push(Span::styled(format!("  {count}"), theme.dim()));
        }
        frame
            .buffer_mut()
            .set_line(area.x, area.y, &Line::from(fit(spans, w)), area.width);
        if cursor_x < area.right() as usize {
            frame.set_cursor_position(Position::new(cursor_x as u16, area.y));
        }
        return;
    }

    // What must show (saving, unreadable files, the search, every filter)
    // and what may give way (the counts, then the date), as groups of
    // spans; the breadcrumb on the left is shortened before any of them.
    let mut must: Vec<Vec<Span<'static>>> = Vec::new();
    if s.saves.busy() && !s.saves.quitting {
        // Beside the counts rather than instead of the breadcrumb, so
        // moving about while a save waits still shows where you are.
        must.push(vec![Span::styled(
            t.saving(s.saves.outstanding),
            theme.notice(),
        )]);
    }
    let problems = b.problems().len();
    if problems > 0 {
        // Always visible, whatever the view: progress is missing somewhere.
        must.push(vec![Span::styled(format!("⚠{problems}"), theme.overdue())]);
    }
    if !s.search.query.is_empty() {
        must.push(search_spans(s, theme));
    }
    if s.filter.is_active() {
        let mut f = Vec::new();
        if let Some(d) = &s.filter.dept {
            f.push(b.dept_short(d).to_string());
        }
        if s.filter.overdue {
            f.push(t.only_overdue.to_string());
        }
        if let Some(st) = s.filter.status {
            f.push(format!("{} {}", t.status_filter, t.status(st)));
        }
        if let Some(d) = &s.filter.needs {
            f.push(t.todo_of(b.dept_short(d)));
        }
        must.push(vec![Span::styled(
            format!("{}: {} ({})", t.filter, f.join(" · "), t.clear_hint),
            theme.filter(),
        )]);
    }
    let c = filtered_counts(s);
    let counts = vec![
        Span::raw(t.count(c.total)),
        Span::raw(" "),
        Span::styled(
            t.overdue_n(c.overdue),
            if c.overdue > 0 {
                theme.overdue()
            } else {
                Style::new()
            },
        ),
        Span::raw(" "),
        Span::styled(
            t.soon_n(c.due_soon),
            if c.due_soon > 0 {
                theme.due_soon()
            } else {
                Style::new()
            },
        ),
    ];
    let date = vec![Span::raw(format!("{} {} ", t.as_of, b.today))];
    let message = if s.saves.quitting || s.notice.is_some() {
        None
    } else {
        super::edit::status_message(s)
    };
    let left = match (s.notice, &message) {
        _ if s.saves.quitting => Span::styled(
            format!(" {}", t.quitting(s.saves.outstanding)),
            theme.notice(),
        ),
        (Some(n), _) => Span::styled(format!(" {}", t.notice(n)), theme.notice()),
        (None, Some((msg, bad))) => Span::styled(
            format!(" {msg}"),
            if *bad {
                theme.overdue()
            } else {
                theme.notice()
            },
        ),
        (None, None) => Span::styled(format!(" {}", breadcrumb(s)), theme.title()),
    };
    // A notice is short and is news: it keeps more room than the breadcrumb.
    let left_min = if s.notice.is_some() || s.saves.quitting {
        16
    } else {
        8
    };
    let join = |groups: &[Vec<Span<'static>>]| {
        let mut out: Vec<Span<'static>> = Vec::new();
        for g in groups {
            if !out.is_empty() {
                out.push(Span::raw(" │ "));
            }
            out.extend(g.iter().cloned());
        }
        out
    };
    // With nothing that must show, a narrow line keeps the breadcrumb
    // whole rather than the date alone.
    let options = if must.is_empty() {
        vec![vec![counts, date], Vec::new()]
    } else {
        vec![vec![counts, date.clone()], vec![date], Vec::new()]
    };
    // A save's or a refusal's message is what the clerk waits for: the
    // counts and the date step aside until all of it fits.
    let left_min = if message.is_some() {
        left_min.max(width(&left.content) + 1)
    } else {
        left_min
    };
    let mut right = Vec::new();
    for extra in options {
        let mut groups = must.clone();
        groups.extend(extra);
        right = join(&groups);
        if spans_width(&right) + left_min < w {
            break;
        }
    }
    let left = match &message {
        Some(_) => {
            let room = w.saturating_sub(spans_width(&right) + 1);
            Span::styled(keep_tail(&left.content, room), left.style)
        }
        None => left,
    };
    let right_w = spans_width(&right);
    let line = if right_w < w {
        let mut v = fit(vec![left], w - right_w - 1);
        v.push(Span::raw(" "));
        v.extend(right);
        v
    } else {
        // Narrower than what must show: the filters and search win over
        // the breadcrumb, cut at the right edge.
        right
    };
    frame
        .buffer_mut()
        .set_line(area.x, area.y, &Line::from(fit(line, w)), area.width);
}

/// `text` cut to `room` columns so that what it ends with stays: for a
/// change, the new value after the last ` → `; what comes before it (the
/// measure, the department, the label, the old value) gives way first.
/// Text without an arrow is cut at its end, as anything else.
pub fn keep_tail(text: &str, room: usize) -> String {
    if width(text) <= room {
        return text.to_string();
    }
    let Some(at) = text.rfind(" → ") else {
        return cut_end(text, room);
    };
    let (head, tail) = text.split_at(at);
    let tail_w = width(tail);
    if tail_w + 1 >= room {
        // Not even the new value fits whole: it is what shows, from its start.
        return cut_end(tail.trim_start(), room);
    }
    let head = crate::text::take_width(head, room - tail_w - 1);
    format!("{head}…{tail}")
}

fn cut_end(text: &str, room: usize) -> String {
    if width(text) <= room {
        return text.to_string();
    }
    if room == 0 {
        return String::new();
    }
    format!("{}…", crate::text::take_width(text, room - 1))
}

#[cfg(test)]
mod tail_tests {
    use super::*;

    #[test]
    fn the_new_value_stays_when_the_message_is_cut() {
        let m = " 已保存 · 1.1 区税务局 状态：未开始 → 推进中";
        let s = keep_tail(m, 30);
        assert!(s.ends_with(" → 推进中"), "{s}");
        assert!(width(&s) <= 30, "{s}");
        assert!(s.starts_with(" 已保存"), "{s}");
        assert_eq!(keep_tail(m, 80), m);
    }

    #[test]
    fn a_message_without_an_arrow_is_cut_at_its_end() {
        let s = keep_tail("未保存：措施 1.5 不由区税务局负责", 12);
        assert_eq!(s, "未保存：措…");
        assert!(width(&s) <= 12);
    }

    #[test]
    fn a_new_value_wider_than_the_room_shows_from_its_start() {
        let s = keep_tail("已保存 · 工作进展：— → “已与市场监管局完成系统对接”", 10);
        assert!(s.starts_with("→ “"), "{s}");
        assert!(width(&s) <= 10, "{s}");
    }
}
