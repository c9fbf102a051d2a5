//! What is on top: the board (with its forms and overlays) or one of the
//! meeting screens, which take the whole terminal. One value decides it, so
//! `update`, `mode` and rendering cannot disagree, and two screens cannot
//! be open at once.

use super::changes::ChangesScreen;
use super::review::ReviewScreen;
use super::scoreboard::ScoreboardScreen;
use super::state::AppState;

pub enum Screen {
    /// The lists and dashboard.
    Board,
    /// Going through items at a review meeting (逐项过会).
    Review(Box<ReviewScreen>),
    /// The department ranking.
    Scoreboard(Box<ScoreboardScreen>),
    /// What moved since the last review.
    Changes(Box<ChangesScreen>),
}

impl AppState {
    /// Back to the board from whatever screen is open.
    pub fn close_screen(&mut self) {
        self.screen = Screen::Board;
    }

    pub fn review(&self) -> Option<&ReviewScreen> {
        match &self.screen {
            Screen::Review(r) => Some(r),
            _ => None,
        }
    }

    pub fn review_mut(&mut self) -> Option<&mut ReviewScreen> {
        match &mut self.screen {
            Screen::Review(r) => Some(r),
            _ => None,
        }
    }

    pub fn scoreboard(&self) -> Option<&ScoreboardScreen> {
        match &self.screen {
            Screen::Scoreboard(sb) => Some(sb),
            _ => None,
        }
    }

    pub fn scoreboard_mut(&mut self) -> Option<&mut ScoreboardScreen> {
        match &mut self.screen {
            Screen::Scoreboard(sb) => Some(sb),
            _ => None,
        }
    }

    pub fn changes(&self) -> Option<&ChangesScreen> {
        match &self.screen {
            Screen::Changes(c) => Some(c),
            _ => None,
        }
    }

    pub fn changes_mut(&mut self) -> Option<&mut ChangesScreen> {
        match &mut self.screen {
            Screen::Changes(c) => Some(c),
            _ => None,
        }
    }
}
