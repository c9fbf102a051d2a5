//! The board's state, composed of small parts: navigation per view, search,
//! filters, and the overlay on top. Everything here is plain data.

use super::board::Board;
use super::keymap::Mode;
use crate::progress::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Plan,
    Due,
    Departments,
    Dashboard,
}

impl View {
    pub const ALL: [View; 4] = [View::Plan, View::Due, View::Departments, View::Dashboard];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The panes of this view, left to right.
    pub fn panes(self) -> &'static [PaneKind] {
        use PaneKind::*;
        match self {
            View::Plan => &[Chapters, Measures, Detail],
            View::Due => &[DueList, Detail],
            View::Departments => &[Depts, DeptMeasures, Detail],
            View::Dashboard => &[DashChapters, DashDepts],
        }
    }
}

/// What a pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaneKind {
    Chapters,
    Measures,
    Detail,
    DueList,
    Depts,
    DeptMeasures,
    DashChapters,
    DashDepts,
}

/// A list's selection and the first row shown. For a detail pane only
/// `offset` is used: it is the scroll position in lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListNav {
    pub selected: usize,
    pub offset: usize,
}

impl ListNav {
    /// Moves `offset` just enough that `selected` is on screen in `rows` rows.
    pub fn scroll_into_view(&mut self, rows: usize) {
        self.offset = visible_offset(self.selected, self.offset, rows);
    }
}

/// The first row to show so that `selected` is visible, moving `offset` as
/// little as possible.
pub fn visible_offset(selected: usize, offset: usize, rows: usize) -> usize {
    let rows = rows.max(1);
    if selected < offset {
        selected
    } else if selected >= offset + rows {
        selected + 1 - rows
    } else {
        offset
    }
}

/// Navigation within one view: which pane has focus, and each pane's list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ViewNav {
    pub focus: usize,
    pub panes: [ListNav; 3],
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchState {
    /// What is being typed after `/`.
    pub input: String,
    pub editing: bool,
    /// The confirmed query that `n`/`N` step through and that is highlighted.
    pub query: String,
    /// Where the search started, to return to on Esc.
    pub origin: Option<(View, ViewNav)>,
}

impl SearchState {
    /// The text to highlight: what is being typed, else the confirmed query.
    pub fn active(&self) -> &str {
        if self.editing {
            &self.input
        } else {
            &self.query
        }
    }
}

/// Filters narrow every measure list; the status line shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterState {
    /// Only measures this department leads or carries.
    pub dept: Option<String>,
    /// Only overdue measures.
    pub overdue: bool,
    /// Only measures in this derived status.
    pub status: Option<Status>,
    /// Only what needs this department (its to-do list, 待办): returned to
    /// it, a decision it has not acted on, overdue or due soon.
    pub needs: Option<String>,
}

impl FilterState {
    pub fn is_active(&self) -> bool {
        self.dept.is_some() || self.overdue || self.status.is_some() || self.needs.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help { scroll: usize },
    Palette { input: String, selected: usize },
    Picker { input: String, selected: usize },
}

/// A one-line note for the status line after an action that did nothing
/// visible (so a key never seems ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    NoMatch,
    SearchWrapped,
    NoDeptGiven,
    NothingToOpen,
    /// Esc at the top level: nothing to go back to; say how to quit.
    QuitHint,
    /// Recording a meeting's decision or marking a review is for
    /// coordinators; the user is a department (or unknown).
    CoordinatorOnly,
}

/// Saves handed to the background writer and not yet reported back, set by
/// the runtime; the status line shows them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Saves {
    pub outstanding: usize,
    /// Quit was asked for: the board ends once the saves have landed.
    pub quitting: bool,
}

impl Saves {
    pub fn queued(&mut self) {
        self.outstanding += 1;
    }

    /// One save reported back; a stray report never takes the count below 0.
    pub fn landed(&mut self) {
        self.outstanding = self.outstanding.saturating_sub(1);
    }

    pub fn busy(&self) -> bool {
        self.outstanding > 0
    }
}

pub struct AppState {
    pub board: Board,
    pub view: View,
    pub navs: [ViewNav; 4],
    pub search: SearchState,
    pub filter: FilterState,
    pub overlay: Overlay,
    /// Who the user is (`--dept`), if known.
    pub me: Option<String>,
    pub notice: Option<Notice>,
    /// Rows each pane of the current view shows, kept in step with the
    /// terminal size so paging moves by what is on screen.
    pub pane_rows: [usize; 3],
    /// The board, or the meeting screen on top of it.
    pub screen: super::screen::Screen,
    /// The open palette's or picker's rows.
    pub ranked: super::palette::Ranked,
    /// Progress editing: who, the open form, unsaved edits.
    pub edit: super::edit::EditState,
    pub saves: Saves,
}

impl AppState {
    pub fn new(board: Board, me: Option<String>) -> Self {
        let mut navs = [ViewNav::default(); 4];
        if let Some(ix) = me.as_deref().and_then(|d| board.dept_ix(d)) {
            navs[View::Departments.index()].panes[0].selected = ix;
        }
        Self {
            board,
            view: View::Plan,
            navs,
            search: SearchState::default(),
            filter: FilterState::default(),
            overlay: Overlay::None,
            me,
            notice: None,
            pane_rows: [10; 3],
            screen: super::screen::Screen::Board,
            ranked: Default::default(),
            edit: Default::default(),
            saves: Saves::default(),
        }
    }

    pub fn mode(&self) -> Mode {
        use super::screen::Screen;
        match &self.screen {
            Screen::Review(r) if r.naming.is_some() => return Mode::MarkPrompt,
            Screen::Review(r) if r.review.form.is_some() => return Mode::ReviewForm,
            Screen::Review(_) => return Mode::Review,
            Screen::Scoreboard(_) => return Mode::Scoreboard,
            Screen::Changes(_) => return Mode::Changes,
            Screen::Board => {}
        }
        if let Some(f) = &self.edit.form {
            return if f.on_step_list() {
                Mode::EditSteps
            } else {
                Mode::EditForm
            };
        }
        if self.edit.identify.is_some() {
            return Mode::Identify;
        }
        if self.edit.choose.is_some() {
            return Mode::EditChoose;
        }
        match self.overlay {
            Overlay::Help { .. } => Mode::Help,
            Overlay::Palette { .. } => Mode::Palette,
            Overlay::Picker { .. } => Mode::Picker,
            Overlay::None if self.search.editing => Mode::Search,
            Overlay::None => Mode::Normal,
        }
    }

    /// The open query input (search, palette or picker), if the board is
    /// in one of those modes.
    pub fn query_input(&mut self) -> Option<&mut String> {
        match self.mode() {
            Mode::Search => Some(&mut self.search.input),
            Mode::Identify => self.edit.identify.as_mut().map(|i| &mut i.input),
            Mode::Palette | Mode::Picker => match &mut self.overlay {
                Overlay::Palette { input, .. } | Overlay::Picker { input, .. } => Some(input),
                _ => None,
            },
            _ => None,
        }
    }

    /// The department whose list is shown, if the list is one
    /// department's: the departments view's selected department, else
    /// the to-do or department filter.
    pub fn list_dept(&self) -> Option<&str> {
        if self.view == View::Departments {
            let ix = self.navs[View::Departments.index()].panes[0].selected;
            if let Some(d) = self.board.departments.get(ix) {
                return Some(&d.id);
            }
        }
        self.filter.needs.as_deref().or(self.filter.dept.as_deref())
    }

    /// The status a measure's row shows: in a department's list the
    /// department's own (so `D` shows at once), else the measure's.
    pub fn row_status(&self, m: super::board::MeasureIx) -> Status {
        self.list_dept()
            .and_then(|d| self.board.dept_status(m, d))
            .unwrap_or_else(|| self.board.status(m))
    }

    pub fn nav(&self) -> &ViewNav {
        &self.navs[self.view.index()]
    }

    pub fn nav_mut(&mut self) -> &mut ViewNav {
        &mut self.navs[self.view.index()]
    }

    pub fn focused_pane(&self) -> PaneKind {
        let panes = self.view.panes();
        panes[self.nav().focus.min(panes.len() - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::Saves;

    #[test]
    fn saves_count_up_and_down_and_never_below_zero() {
        let mut s = Saves::default();
        assert!(!s.busy());
        s.queued();
        s.queued();
        assert_eq!(s.outstanding, 2);
        s.landed();
        assert!(s.busy());
        s.landed();
        s.landed();
        assert_eq!(s.outstanding, 0);
        assert!(!s.busy());
    }
}
