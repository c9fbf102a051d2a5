//! Everything a user can ask the board to do, by name.
//!
//! The snake_case serde names are what the `:` palette shows and matches,
//! and what a user key map would name. Actions that carry input from the
//! terminal (typed characters, mouse positions) are skipped by serde: they
//! are not something a key or the palette can name.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    MoveUp,
    MoveDown,
    MoveTop,
    MoveBottom,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    FocusNext,
    FocusPrev,
    FocusLeft,
    DrillIn,
    /// Close an overlay, cancel a search, or step one pane back.
    Back,
    /// Like [`Action::Back`], but quits when there is nothing to go back from.
    BackOrQuit,
    Quit,

    ShowPlan,
    ShowDue,
    ShowDepartments,
    ShowDashboard,

    StartSearch,
    NextMatch,
    PrevMatch,
    ClearSearch,

    PickDeptFilter,
    FilterMyDept,
    /// The acting department's to-do list (待办): a filter, shown in the
    /// departments view on that department.
    ShowMyTodo,
    ToggleOverdueFilter,
    CycleStatusFilter,
    ClearFilters,

    ShowHelp,
    OpenPalette,

    /// The department ranking with its rule, chapter bars and targets.
    ShowScoreboard,
    /// Meetings: walk the overdue items (or the filtered department's) one by one.
    StartReview,
    /// Walk the selected chapter or department.
    StartReviewSelection,
    /// In a review: enter the meeting's decision on the current item.
    ReviewDecide,
    /// In the decision form: between the decision and the new date.
    ReviewSwitchField,
    /// In a review: record the state now (调度会留档).
    MarkReview,
    /// What moved since the last review snapshot.
    ShowChanges,

    /// Progress editing on the selected measure (one department's entry).
    MarkNotStarted,
    MarkInProgress,
    /// 报结: report the work done.
    MarkDone,
    MarkBlocked,
    /// The form: committed date, target actuals, note.
    EditEntry,
    /// Coordinator: 销号.
    ConfirmDone,
    /// Coordinator: 退办, with a reason.
    ReturnEntry,
    RequestExtension,
    ApproveExtension,
    RejectExtension,
    Undo,
    Redo,
    /// Save again the edits a failed save kept in memory.
    RetrySave,
    /// In a form.
    FormNextField,
    FormPrevField,
    FormSave,
    NewLine,
    CursorLeft,
    CursorRight,
    /// Up or down one screen row within a wrapped text; past its first
    /// or last row, the previous or next field.
    CursorUp,
    CursorDown,
    CursorHome,
    CursorEnd,
    DeleteForward,
    /// In the form's sub-steps (分解步骤): add one, change the selected
    /// one's text and date, cycle its status, mark it for removal.
    StepAdd,
    StepEdit,
    StepCycleStatus,
    StepRemove,

    /// Text inputs (search, palette, picker).
    ConfirmInput,
    CancelInput,
    DeleteChar,
    ClearInput,
    #[serde(skip)]
    InsertChar(char),

    /// Select row `row` of pane `pane` in the current view (mouse click).
    #[serde(skip)]
    SelectRow {
        pane: usize,
        row: usize,
    },
    /// Focus pane `pane` and scroll it by `delta` rows (mouse wheel).
    #[serde(skip)]
    ScrollPane {
        pane: usize,
        delta: i32,
    },
}

impl Action {
    /// The name used by the palette and key map files (`move_down`).
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_snake_case_and_internal_actions_have_none() {
        assert_eq!(Action::MoveDown.name(), "move_down");
        assert_eq!(Action::ToggleOverdueFilter.name(), "toggle_overdue_filter");
        assert_eq!(Action::InsertChar('x').name(), "");
    }
}
