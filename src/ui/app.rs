//! [`App`]: the board's state at a terminal size. Page sizes, list offsets
//! and scroll limits depend on layout, which `ui` owns, so the wrapper that
//! keeps them in step after every action lives here rather than in `app`.

use crossterm::event::{KeyEvent, KeyModifiers, MouseEvent};

use crate::app::{Action, AppState, Board, Effect, Mode, edit, keymap, progress, update};
use crate::progress::Context;

pub struct App {
    pub ctx: Context,
    pub width: u16,
    pub height: u16,
    /// Set when `NO_COLOR` is in the environment: draw with modifiers only.
    pub no_color: bool,
    /// The terminal has the 256-colour cube (see [`super::theme`]).
    pub cube: bool,
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
            cube: false,
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
        match super::mouse::action(&self.state, self.width, self.height, ev) {
            Some(action) => self.apply(action),
            None => Vec::new(),
        }
    }

    /// Puts the result of the runtime's I/O into the state with one of the
    /// pure functions of `app::effects` or `app::open`, then lays out again.
    pub fn land(&mut self, apply: impl FnOnce(&mut AppState)) {
        apply(&mut self.state);
        self.settle();
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
    /// terminal size.
    fn settle(&mut self) {
        let area = ratatui::layout::Rect::new(0, 0, self.width, self.height);
        super::layout::settle(&mut self.state, area);
        self.state.edit.text_width = super::edit::text_width(self.width);
    }
}
