//! `update(state, action) → effects`: every change to the board's state.
//! Pure: no terminal, no files, no clock.

use super::Effect;
use super::action::Action;
use super::lists::{self, pane_len, selected_measure};
use super::screen::Screen;
use super::search;
use super::state::{AppState, Notice, Overlay, PaneKind, View, ViewNav};

pub fn update(s: &mut AppState, action: Action) -> Vec<Effect> {
    let effects = dispatch(s, action);
    super::palette::refresh(s);
    effects
}

fn dispatch(s: &mut AppState, action: Action) -> Vec<Effect> {
    s.notice = None;
    // The last save's word stays until the next key; unsaved edits keep
    // their warning (see ui::edit::status_message).
    s.edit.message = None;
    if action == Action::Quit {
        return vec![Effect::Quit];
    }
    match s.screen {
        Screen::Review(_) => return super::review::update(s, action),
        Screen::Scoreboard(_) => return super::scoreboard::update(s, action),
        Screen::Changes(_) => return super::changes::update(s, action),
        Screen::Board => {}
    }
    if s.edit.form.is_some() || s.edit.choose.is_some() || s.edit.identify.is_some() {
        return super::edit::update(s, action);
    }
    match s.overlay {
        Overlay::Help { .. } => help(s, action),
        Overlay::Palette { .. } => return palette(s, action),
        Overlay::Picker { .. } => return picker(s, action),
        Overlay::None if s.search.editing => search::input(s, action),
        Overlay::None => return normal(s, action),
    }
    Vec::new()
}

fn normal(s: &mut AppState, action: Action) -> Vec<Effect> {
    let page = s.pane_rows[s.nav().focus.min(2)].max(1) as i64;
    if super::edit::handles(action) {
        return super::edit::start(s, action);
    }
    match action {
        Action::MoveDown => move_by(s, 1),
        Action::MoveUp => move_by(s, -1),
        Action::MoveTop => move_by(s, i64::MIN / 2),
        Action::MoveBottom => move_by(s, i64::MAX / 2),
        Action::PageDown => move_by(s, page),
        Action::PageUp => move_by(s, -page),
        Action::HalfPageDown => move_by(s, (page / 2).max(1)),
        Action::HalfPageUp => move_by(s, -(page / 2).max(1)),
        Action::FocusNext => {
            let n = s.view.panes().len();
            let nav = s.nav_mut();
            nav.focus = (nav.focus + 1) % n;
        }
        Action::FocusPrev => {
            let n = s.view.panes().len();
            let nav = s.nav_mut();
            nav.focus = (nav.focus + n - 1) % n;
        }
        Action::FocusLeft => {
            let nav = s.nav_mut();
            nav.focus = nav.focus.saturating_sub(1);
        }
        Action::DrillIn => drill_in(s),
        Action::Back => back(s),
        // q steps back through panes but, unlike Esc, does not stop to
        // clear a search highlight: at the first pane it quits.
        Action::BackOrQuit => {
            let nav = s.nav_mut();
            if nav.focus == 0 {
                return vec![Effect::Quit];
            }
            nav.focus -= 1;
        }
        Action::ShowPlan => s.view = View::Plan,
        Action::ShowDue => s.view = View::Due,
        Action::ShowDepartments => s.view = View::Departments,
        Action::ShowDashboard => s.view = View::Dashboard,
        Action::StartSearch => {
            s.search.editing = true;
            s.search.input.clear();
            s.search.origin = Some((s.view, *s.nav()));
        }
        Action::NextMatch => search::step_match(s, true, false),
        Action::PrevMatch => search::step_match(s, false, false),
        Action::ClearSearch => s.search.query.clear(),
        Action::PickDeptFilter => {
            let selected = s
                .filter
                .dept
                .as_deref()
                .and_then(|d| s.board.dept_ix(d))
                .map_or(0, |i| i + 1);
            s.overlay = Overlay::Picker {
                input: String::new(),
                selected,
            };
        }
        Action::FilterMyDept => match s.me.clone() {
            Some(me) if s.filter.dept.as_deref() == Some(me.as_str()) => {
                set_filter(s, |f| f.dept = None);
            }
            Some(me) => set_filter(s, |f| f.dept = Some(me)),
            None => s.notice = Some(Notice::NoDeptGiven),
        },
        Action::ShowMyTodo => show_my_todo(s),
        Action::ToggleOverdueFilter => set_filter(s, |f| f.overdue = !f.overdue),
        Action::CycleStatusFilter => set_filter(s, |f| {
            use crate::progress::Status;
            let all = Status::ALL;
            f.status = match f.status {
                None => Some(all[0]),
                Some(cur) => all
                    .iter()
                    .position(|&x| x == cur)
                    .and_then(|i| all.get(i + 1))
                    .copied(),
            };
        }),
        Action::ClearFilters => set_filter(s, |f| *f = Default::default()),
        Action::ShowHelp => s.overlay = Overlay::Help { scroll: 0 },
        Action::OpenPalette => {
            s.overlay = Overlay::Palette {
                input: String::new(),
                selected: 0,
            }
        }
        Action::SelectRow { pane, row } => select_row(s, pane, row),
        Action::ScrollPane { pane, delta } => {
            if pane < s.view.panes().len() {
                s.nav_mut().focus = pane;
                move_by(s, i64::from(delta));
            }
        }
        Action::Quit => return vec![Effect::Quit],
        Action::ShowScoreboard => return vec![Effect::OpenScoreboard],
        Action::ShowChanges => return vec![Effect::OpenChanges],
        Action::StartReview => return vec![Effect::StartReview(super::review::scope_default(s))],
        Action::StartReviewSelection => {
            return vec![Effect::StartReview(super::review::scope_for_selection(s))];
        }
        Action::ReviewDecide | Action::ReviewSwitchField | Action::MarkReview => {}
        Action::MarkNotStarted
        | Action::MarkInProgress
        | Action::MarkDone
        | Action::MarkBlocked
        | Action::EditEntry
        | Action::ConfirmDone
        | Action::ReturnEntry
        | Action::RequestExtension
        | Action::ApproveExtension
        | Action::RejectExtension
        | Action::Undo
        | Action::Redo
        | Action::RetrySave => {}
        Action::FormNextField
        | Action::FormPrevField
        | Action::FormSave
        | Action::NewLine
        | Action::CursorLeft
        | Action::CursorRight
        | Action::CursorUp
        | Action::CursorDown
        | Action::CursorHome
        | Action::CursorEnd
        | Action::DeleteForward
        | Action::StepAdd
        | Action::StepEdit
        | Action::StepCycleStatus
        | Action::StepRemove => {}
        Action::ConfirmInput
        | Action::CancelInput
        | Action::DeleteChar
        | Action::ClearInput
        | Action::InsertChar(_) => {}
    }
    Vec::new()
}

/// Moves the focused pane's cursor (or scrolls a detail pane) by `delta`,
/// clamped; a new selection resets the panes to its right.
fn move_by(s: &mut AppState, delta: i64) {
    let view = s.view;
    let focus = s.nav().focus;
    let kind = s.focused_pane();
    if kind == PaneKind::Detail {
        // The upper bound depends on wrapped text; the App clamps it.
        let p = &mut s.nav_mut().panes[focus];
        p.offset = clamp_add(p.offset, delta, usize::MAX / 4);
        return;
    }
    let len = pane_len(s, view, focus);
    if len == 0 {
        return;
    }
    let nav = s.nav_mut();
    let old = nav.panes[focus].selected;
    let new = clamp_add(old, delta, len - 1);
    set_selected(nav, focus, new);
}

fn clamp_add(v: usize, delta: i64, max: usize) -> usize {
    let v = v as i64;
    v.saturating_add(delta).clamp(0, max as i64) as usize
}

pub(super) fn set_selected(nav: &mut ViewNav, pane: usize, row: usize) {
    if nav.panes[pane].selected != row {
        nav.panes[pane].selected = row;
        for p in nav.panes.iter_mut().skip(pane + 1) {
            *p = Default::default();
        }
    }
}

fn select_row(s: &mut AppState, pane: usize, row: usize) {
    let view = s.view;
    if pane >= view.panes().len() {
        return;
    }
    s.nav_mut().focus = pane;
    let len = pane_len(s, view, pane);
    if len == 0 {
        return;
    }
    let nav = s.nav_mut();
    let target = (nav.panes[pane].offset + row).min(len - 1);
    set_selected(nav, pane, target);
}

fn drill_in(s: &mut AppState) {
    let view = s.view;
    let focus = s.nav().focus;
    match view {
        View::Dashboard => {
            let row = s.nav().panes[focus].selected;
            let (target, pane) = if focus == 0 {
                (View::Plan, 0)
            } else {
                (View::Departments, 0)
            };
            let nav = &mut s.navs[target.index()];
            set_selected(nav, pane, row);
            nav.focus = 1;
            s.view = target;
        }
        _ => {
            let n = view.panes().len();
            if focus + 1 >= n {
                return;
            }
            let next_is_detail = view.panes()[focus + 1] == PaneKind::Detail;
            let empty = if next_is_detail {
                selected_measure(s, view).is_none()
            } else {
                pane_len(s, view, focus + 1) == 0
            };
            if empty {
                s.notice = Some(Notice::NothingToOpen);
            } else {
                s.nav_mut().focus = focus + 1;
            }
        }
    }
}

/// One pane back; at the first pane, clears the search highlight.
fn back(s: &mut AppState) {
    let nav = s.nav_mut();
    if nav.focus > 0 {
        nav.focus -= 1;
    } else if !s.search.query.is_empty() {
        s.search.query.clear();
    } else {
        s.notice = Some(Notice::QuitHint);
    }
}

/// Changes the filters, keeping the selected measure selected if it is
/// still listed.
fn set_filter(s: &mut AppState, f: impl FnOnce(&mut super::state::FilterState)) {
    let keep: Vec<Option<usize>> = View::ALL.iter().map(|&v| selected_measure(s, v)).collect();
    f(&mut s.filter);
    for (i, &view) in View::ALL.iter().enumerate() {
        let Some(m) = keep[i] else { continue };
        let pos = match view {
            View::Plan => lists::plan_measures(s, s.navs[i].panes[0].selected)
                .iter()
                .position(|&x| x == m),
            View::Due => lists::due_measures(s).iter().position(|&x| x == m),
            View::Departments => lists::dept_measures(s, s.navs[i].panes[0].selected)
                .iter()
                .position(|&(x, _)| x == m),
            View::Dashboard => None,
        };
        let pane = if view == View::Due { 0 } else { 1 };
        match pos {
            Some(p) => s.navs[i].panes[pane].selected = p,
            None => {
                s.navs[i].panes[pane] = Default::default();
                s.navs[i].panes[pane + 1] = Default::default();
            }
        }
    }
    // A chapter the filters empty would show nothing; go to the first
    // chapter that still lists something.
    let plan = View::Plan.index();
    if lists::plan_measures(s, s.navs[plan].panes[0].selected).is_empty()
        && let Some(c) =
            (0..s.board.chapters.len()).find(|&c| !lists::plan_measures(s, c).is_empty())
    {
        set_selected(&mut s.navs[plan], 0, c);
    }
    clamp_selections(s);
}

/// Keeps every selection within its list after the lists changed.
pub fn clamp_selections(s: &mut AppState) {
    for view in View::ALL {
        for pane in 0..view.panes().len() {
            if view.panes()[pane] == PaneKind::Detail {
                continue;
            }
            let len = pane_len(s, view, pane);
            let p = &mut s.navs[view.index()].panes[pane];
            p.selected = p.selected.min(len.saturating_sub(1));
        }
        let nav = &mut s.navs[view.index()];
        nav.focus = nav.focus.min(view.panes().len() - 1);
    }
}

fn help(s: &mut AppState, action: Action) {
    let Overlay::Help { scroll } = &mut s.overlay else {
        return;
    };
    let page = s.pane_rows[0].max(1);
    // The upper bound depends on the help text's height; the App clamps it.
    *scroll = match action {
        Action::MoveDown => scroll.saturating_add(1),
        Action::MoveUp => scroll.saturating_sub(1),
        Action::PageDown | Action::HalfPageDown => scroll.saturating_add(page),
        Action::PageUp | Action::HalfPageUp => scroll.saturating_sub(page),
        Action::MoveTop => 0,
        Action::MoveBottom => usize::MAX / 4,
        Action::Back | Action::BackOrQuit | Action::ShowHelp | Action::CancelInput => {
            s.overlay = Overlay::None;
            return;
        }
        _ => *scroll,
    };
}

/// Typing into the palette or picker query; returns true if handled. Runs
/// before any ranking, so a keystroke ranks the entries once (for the
/// frame), not once more for itself.
fn edit_query(input: &mut String, selected: &mut usize, action: Action) -> bool {
    match action {
        Action::InsertChar(c) => input.push(c),
        Action::DeleteChar => {
            input.pop();
        }
        Action::ClearInput => input.clear(),
        _ => return false,
    }
    *selected = 0;
    true
}

/// Moving within the palette or picker's ranked entries; returns true if
/// handled.
fn move_in_list(selected: &mut usize, len: usize, action: Action) -> bool {
    match action {
        Action::MoveDown => *selected = (*selected + 1).min(len.saturating_sub(1)),
        Action::MoveUp => *selected = selected.saturating_sub(1),
        _ => return false,
    }
    true
}

fn palette(s: &mut AppState, action: Action) -> Vec<Effect> {
    let lang = s.board.lang;
    let Overlay::Palette { input, selected } = &mut s.overlay else {
        return Vec::new();
    };
    if edit_query(input, selected, action) {
        return Vec::new();
    }
    let matches = s.ranked.palette(input, lang).into_owned();
    if move_in_list(selected, matches.len(), action) {
        return Vec::new();
    }
    match action {
        Action::ConfirmInput => {
            let chosen = matches.get(*selected).map(|b| b.action);
            s.overlay = Overlay::None;
            match chosen {
                Some(a) => update(s, a),
                None => {
                    s.notice = Some(Notice::NoMatch);
                    Vec::new()
                }
            }
        }
        Action::CancelInput | Action::Back => {
            s.overlay = Overlay::None;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn picker(s: &mut AppState, action: Action) -> Vec<Effect> {
    let Overlay::Picker { input, selected } = &mut s.overlay else {
        return Vec::new();
    };
    if edit_query(input, selected, action) {
        return Vec::new();
    }
    let rows = s.ranked.picker(&s.board, input).into_owned();
    if move_in_list(selected, rows.len(), action) {
        return Vec::new();
    }
    match action {
        Action::ConfirmInput => {
            let chosen = rows.get(*selected).copied();
            s.overlay = Overlay::None;
            match chosen {
                Some(row) => {
                    let id = row.map(|d| s.board.departments[d].id.clone());
                    set_filter(s, |f| f.dept = id);
                }
                None => s.notice = Some(Notice::NoMatch),
            }
        }
        Action::CancelInput | Action::Back => s.overlay = Overlay::None,
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;

/// The acting department's to-do list: on, it filters every list to what
/// needs the department and shows that department's list in the
/// departments view; pressed again, it is off.
fn show_my_todo(s: &mut AppState) {
    let me = match (&s.edit.who, &s.me) {
        (Some(crate::progress::Who::Dept(d)), _) => Some(d.clone()),
        (Some(crate::progress::Who::Coordinator(_)), _) => None,
        (None, me) => me.clone(),
    };
    let Some(me) = me else {
        s.notice = Some(Notice::NoDeptGiven);
        return;
    };
    if s.filter.needs.as_deref() == Some(me.as_str()) {
        set_filter(s, |f| f.needs = None);
        return;
    }
    set_filter(s, |f| {
        f.needs = Some(me.clone());
        f.dept = None;
    });
    if let Some(ix) = s.board.dept_ix(&me) {
        s.view = View::Departments;
        let nav = s.nav_mut();
        nav.panes[0].selected = ix;
        nav.panes[1] = Default::default();
        nav.focus = 1;
        clamp_selections(s);
    }
}
