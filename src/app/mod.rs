//! Board state and its transitions: `state + action → new state`, no terminal.
//!
//! The runtime (`tui`) feeds terminal events in and carries out the
//! [`Effect`]s that come back; rendering (`ui`) only reads [`App`].
//! Keys become [`Action`]s through the one table in [`keymap`]; [`update`]
//! applies them to [`AppState`].

pub mod action;
pub mod board;
pub mod changes;
pub mod edit;
pub mod input;
pub mod keymap;
pub mod lists;
pub mod palette;
pub mod progress;
pub mod review;
pub mod scoreboard;
pub mod search;
pub mod state;
pub mod update;

use crossterm::event::{KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use crate::progress::Context;

pub use action::Action;
pub use board::Board;
pub use keymap::Mode;
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

pub struct App {
    pub ctx: Context,
    pub width: u16,
    pub height: u16,
    /// Set when `NO_COLOR` is in the environment: draw with modifiers only.
    pub no_color: bool,
    pub state: AppState,
    quit: bool,
}

impl App {
    pub fn new(ctx: Context, width: u16, height: u16) -> Self {
        let board = Board::from_context(&ctx);
        let state = AppState::new(board, ctx.dept.clone());
        let mut app = Self {
            ctx,
            width,
            height,
            no_color: false,
            state,
            quit: false,
        };
        app.settle();
        app
    }

    /// Hands the board a view of department progress.
    pub fn set_progress(&mut self, progress: Box<dyn progress::Progress>) {
        self.state.board.set_progress(progress);
        update::clamp_selections(&mut self.state);
        self.settle();
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let mode = self.state.mode();
        let Some(k) = keymap::key_of(&key) else {
            return Vec::new();
        };
        let action = match keymap::lookup(mode, k) {
            Some(a) => a,
            None => match k {
                keymap::Key::Ch(c)
                    if mode.takes_text() && !key.modifiers.contains(KeyModifiers::CONTROL) =>
                {
                    Action::InsertChar(c)
                }
                _ => return Vec::new(),
            },
        };
        self.apply(action)
    }

    /// Pasted text goes into whichever input is open; ignored otherwise.
    pub fn handle_paste(&mut self, text: &str) -> Vec<Effect> {
        let mode = self.state.mode();
        if mode == Mode::EditForm {
            edit::paste(&mut self.state, text);
            return Vec::new();
        }
        // Where letters are commands (lists, review, steps), a paste must
        // not run them.
        if !mode.takes_text() {
            return Vec::new();
        }
        let mut chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
        // A query (search, palette, picker) is re-run on every character
        // typed, so feeding a paste through one key at a time is quadratic
        // (a 10 KB paste froze the board). What inserting into a query does
        // depends only on the final text, so all but the last character go
        // straight in and the query runs once.
        if let Some(input) = self.state.query_input()
            && let Some(last) = chars.pop()
        {
            input.extend(chars);
            return self.apply(Action::InsertChar(last));
        }
        // Other inputs take the paste key by key, laid out once at the end.
        let mut effects = Vec::new();
        for c in chars {
            effects.extend(update(&mut self.state, Action::InsertChar(c)));
        }
        if effects.contains(&Effect::Quit) {
            self.quit = true;
        }
        self.settle();
        effects
    }

    pub fn handle_mouse(&mut self, ev: MouseEvent) -> Vec<Effect> {
        if self.state.mode() != Mode::Normal {
            return Vec::new();
        }
        let area = ratatui::layout::Rect::new(0, 0, self.width, self.height);
        let clicked = matches!(ev.kind, MouseEventKind::Down(MouseButton::Left));
        if clicked
            && crate::ui::layout::frame(area)
                .header
                .is_some_and(|h| h.y == ev.row)
        {
            let view = crate::ui::status::tab_at(&self.state, self.width, ev.column);
            return match view {
                Some(View::Plan) => self.apply(Action::ShowPlan),
                Some(View::Due) => self.apply(Action::ShowDue),
                Some(View::Departments) => self.apply(Action::ShowDepartments),
                Some(View::Dashboard) => self.apply(Action::ShowDashboard),
                None => Vec::new(),
            };
        }
        let Some((pane, row)) = crate::ui::layout::hit(&self.state, area, ev.column, ev.row) else {
            return Vec::new();
        };
        let action = match ev.kind {
            MouseEventKind::Down(MouseButton::Left) => match row {
                Some(row) => Action::SelectRow { pane, row },
                None => Action::ScrollPane { pane, delta: 0 },
            },
            MouseEventKind::ScrollDown => Action::ScrollPane { pane, delta: 3 },
            MouseEventKind::ScrollUp => Action::ScrollPane { pane, delta: -3 },
            _ => return Vec::new(),
        };
        self.apply(action)
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        self.settle();
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Runs one action and brings scroll positions back within what the
    /// screen shows.
    pub fn apply(&mut self, action: Action) -> Vec<Effect> {
        let effects = update(&mut self.state, action);
        if effects.contains(&Effect::Quit) {
            self.quit = true;
        }
        self.settle();
        effects
    }

    /// Keeps page sizes, list offsets and scroll limits in step with the
    /// terminal size; these depend on layout, which `ui` owns.
    fn settle(&mut self) {
        let area = ratatui::layout::Rect::new(0, 0, self.width, self.height);
        crate::ui::layout::settle(&mut self.state, area);
    }
}
