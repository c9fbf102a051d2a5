//! Board state and its transitions: `state + action → new state`, no terminal.
//!
//! The runtime (`tui`) feeds terminal events in and carries out the
//! [`Effect`]s that come back; rendering (`ui`) only reads [`App`].

use crossterm::event::{KeyEvent, MouseEvent};

use crate::cli::Context;

/// Work the runtime must do on the app's behalf (I/O lives outside `app`).
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Quit,
}

pub struct App {
    pub ctx: Context,
    pub width: u16,
    pub height: u16,
    /// `NO_COLOR` is set: draw with modifiers (bold, reverse) only.
    pub no_color: bool,
    quit: bool,
}

impl App {
    pub fn new(ctx: Context, width: u16, height: u16) -> Self {
        Self {
            ctx,
            width,
            height,
            no_color: false,
            quit: false,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.code == crossterm::event::KeyCode::Char('q') {
            self.quit = true;
            return vec![Effect::Quit];
        }
        Vec::new()
    }

    pub fn handle_mouse(&mut self, _ev: MouseEvent) -> Vec<Effect> {
        Vec::new()
    }

    /// Text pasted in one piece (bracketed paste), not a key sequence.
    pub fn handle_paste(&mut self, _text: &str) -> Vec<Effect> {
        Vec::new()
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }
}
