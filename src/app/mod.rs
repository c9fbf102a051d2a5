//! Board state and its transitions: `state + action → new state`, no terminal.
//!
//! The runtime (`tui`) feeds terminal events in and carries out the
//! [`Effect`]s that come back; `ui` draws [`AppState`] and keeps its
//! layout-derived numbers (page sizes, scroll limits) in step.
//! Keys become [`Action`]s through the one table in [`keymap`]; [`update`]
//! applies them to [`AppState`].

pub mod action;
pub mod board;
pub mod changes;
pub mod edit;
pub mod effects;
pub mod input;
pub mod keymap;
pub mod lists;
pub mod open;
pub mod palette;
pub mod progress;
pub mod reload;
pub mod review;
pub mod scoreboard;
pub mod screen;
pub mod search;
pub mod state;
pub mod update;

pub use action::Action;
pub use board::Board;
pub use keymap::Mode;
pub use screen::Screen;
pub use state::{AppState, View};
pub use update::update;

/// Work the runtime must do on the app's behalf (I/O lives outside `app`).
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Quit,
    /// Load the ledger and open the review screen on these items.
    StartReview(crate::meeting::review::Scope),
    /// Save a meeting decision (one edit per department) and report back
    /// to the review screen.
    SaveDecision(Vec<crate::progress::Edit>),
    /// Record a review snapshot under the open review's meeting name.
    MarkReview,
    /// Compute the department ranking and open its screen.
    OpenScoreboard,
    /// Diff the newest review snapshot against now and open the changes screen.
    OpenChanges,
    /// Commit these edits, after any a failed save kept, and hand the board
    /// the fresh ledger (empty: retry what is pending).
    SaveEdits(Vec<crate::progress::Edit>),
    /// Undo / redo the user's last save (from the history).
    Undo,
    Redo,
}
