//! The rows each pane shows, derived from the plan, the filters and the
//! selections. Both navigation and drawing ask here, so what the cursor
//! moves over is exactly what is drawn.

use super::board::{Board, MeasureIx, Role, Urgency};
use super::state::{AppState, FilterState, PaneKind, View};

/// Whether a measure passes the active filters.
pub fn passes(board: &Board, filter: &FilterState, m: MeasureIx) -> bool {
    if filter.overdue && board.urgency(m) != Urgency::Overdue {
        return false;
    }
    if filter.status.is_some_and(|s| board.status(m) != s) {
        return false;
    }
    if let Some(d) = &filter.needs
        && !board.dept_needs(m, d).any()
    {
        return false;
    }
    if let Some(d) = &filter.dept {
        let mm = &board.measures[m].measure;
        if !mm.lead.contains(d) && !mm.responsible.contains(d) {
            return false;
        }
    }
    true
}

/// The measures of one chapter that pass the filters.
pub fn plan_measures(s: &AppState, chapter: usize) -> Vec<MeasureIx> {
    s.board
        .chapter_measures(chapter)
        .filter(|&m| passes(&s.board, &s.filter, m))
        .collect()
}

/// Overdue and due-soon measures that pass the filters, most urgent first.
pub fn due_measures(s: &AppState) -> Vec<MeasureIx> {
    let b = &s.board;
    let mut out: Vec<MeasureIx> = (0..b.measures.len())
        .filter(|&m| b.urgency(m) != Urgency::Calm && passes(b, &s.filter, m))
        // Under a department filter, only where that department itself is
        // late or due soon: never a department that is done.
        .filter(|&m| match (&s.filter.dept, &b.progress) {
            (Some(d), Some(_)) => b.dept_urgency(m, d) != Urgency::Calm,
            _ => true,
        })
        .collect();
    out.sort_by_key(|&m| (b.due(m), m));
    out
}

/// The measures a department leads or carries that pass the filters. The
/// department filter does not apply here: the view already is one department.
pub fn dept_measures(s: &AppState, dept: usize) -> Vec<(MeasureIx, Role)> {
    let only_overdue = FilterState {
        dept: None,
        ..s.filter.clone()
    };
    s.board
        .dept_measures
        .get(dept)
        .map(|v| {
            v.iter()
                .copied()
                .filter(|&(m, _)| passes(&s.board, &only_overdue, m))
                .collect()
        })
        .unwrap_or_default()
}

fn selected(s: &AppState, view: View, pane: usize) -> usize {
    s.navs[view.index()].panes[pane].selected
}

/// The number of rows in a list pane (0 for a detail pane).
pub fn pane_len(s: &AppState, view: View, pane: usize) -> usize {
    match view.panes().get(pane) {
        Some(PaneKind::Chapters | PaneKind::DashChapters) => s.board.chapters.len(),
        Some(PaneKind::Depts | PaneKind::DashDepts) => s.board.departments.len(),
        Some(PaneKind::Measures) => plan_measures(s, selected(s, view, 0)).len(),
        Some(PaneKind::DueList) => due_measures(s).len(),
        Some(PaneKind::DeptMeasures) => dept_measures(s, selected(s, view, 0)).len(),
        Some(PaneKind::Detail) | None => 0,
    }
}

/// The measure whose detail a view shows, if any.
pub fn selected_measure(s: &AppState, view: View) -> Option<MeasureIx> {
    match view {
        View::Plan => plan_measures(s, selected(s, view, 0))
            .get(selected(s, view, 1))
            .copied(),
        View::Due => due_measures(s).get(selected(s, view, 0)).copied(),
        View::Departments => dept_measures(s, selected(s, view, 0))
            .get(selected(s, view, 1))
            .map(|&(m, _)| m),
        View::Dashboard => None,
    }
}

/// Counts of one set of measures, for the dashboard and the status line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub dated: usize,
    pub done: usize,
}

impl Counts {
    pub fn add(&mut self, board: &Board, m: MeasureIx) {
        self.total += 1;
        match board.urgency(m) {
            Urgency::Overdue => self.overdue += 1,
            Urgency::DueSoon => self.due_soon += 1,
            Urgency::Calm => {}
        }
        if board.due(m).is_some() {
            self.dated += 1;
        }
        if board.is_done(m) {
            self.done += 1;
        }
    }
}

pub fn count<I: IntoIterator<Item = MeasureIx>>(board: &Board, ms: I) -> Counts {
    let mut c = Counts::default();
    for m in ms {
        c.add(board, m);
    }
    c
}

/// Counts over every measure that passes the filters.
pub fn filtered_counts(s: &AppState) -> Counts {
    count(
        &s.board,
        (0..s.board.measures.len()).filter(|&m| passes(&s.board, &s.filter, m)),
    )
}

/// Mean done-fraction of a set of measures, when progress is known.
pub fn progress_fraction<I: IntoIterator<Item = MeasureIx>>(board: &Board, ms: I) -> Option<f64> {
    let p = board.progress.as_ref()?;
    let mut sum = 0.0;
    let mut n = 0usize;
    for m in ms {
        sum += p.fraction(&board.measures[m].measure.id).unwrap_or(0.0);
        n += 1;
    }
    (n > 0).then(|| sum / n as f64)
}
