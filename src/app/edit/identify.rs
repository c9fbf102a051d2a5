//! "Which department are you?" before a first edit: its own picker, not
//! the department filter's. It lists every department and the
//! coordinators `config.ron` names, filtered by what is typed (the name,
//! short name, an alias or the id); nothing is chosen for you, Enter takes
//! the highlighted row and Esc cancels the edit, saying so.

use crate::app::action::Action;
use crate::app::board::Board;
use crate::text::contains_ci;

/// One answer to "who are you".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Candidate {
    /// Index into [`Board::departments`].
    Dept(usize),
    /// A coordinator by name, as `config.ron` lists them.
    Coordinator(String),
}

/// The open picker: what is typed, the highlighted row, and the edit that
/// asked, which runs once it is answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Identify {
    pub action: Action,
    pub input: String,
    pub selected: usize,
}

impl Identify {
    pub fn new(action: Action) -> Self {
        Self {
            action,
            input: String::new(),
            selected: 0,
        }
    }
}

/// The rows for `query`: departments (in the plan's order) whose name,
/// short name, alias or id contains it, then the coordinators whose name
/// does. Everything while nothing is typed.
pub fn candidates(board: &Board, coordinators: &[String], query: &str) -> Vec<Candidate> {
    let q = query.trim();
    let depts = (0..board.departments.len())
        .filter(|&d| q.is_empty() || board.dept_matches(d, q))
        .map(Candidate::Dept);
    let coords = coordinators
        .iter()
        .filter(|c| q.is_empty() || contains_ci(c, q))
        .map(|c| Candidate::Coordinator(c.clone()));
    depts.chain(coords).collect()
}

/// What a key does to the picker.
pub enum Step {
    /// Still open.
    Open,
    /// The highlighted row was taken.
    Picked(Candidate),
    /// Esc: the edit is not made.
    Cancelled,
}

/// Applies a key to the picker over `rows` (the candidates for its input
/// before the key).
pub fn key(id: &mut Identify, rows: &[Candidate], action: Action) -> Step {
    let n = rows.len();
    match action {
        Action::InsertChar(c) => {
            id.input.push(c);
            id.selected = 0;
        }
        Action::DeleteChar => {
            id.input.pop();
            id.selected = 0;
        }
        Action::ClearInput => {
            id.input.clear();
            id.selected = 0;
        }
        Action::MoveDown if n > 0 => id.selected = (id.selected + 1) % n,
        Action::MoveUp if n > 0 => id.selected = (id.selected + n - 1) % n,
        Action::ConfirmInput => {
            if let Some(c) = rows.get(id.selected) {
                return Step::Picked(c.clone());
            }
        }
        Action::CancelInput | Action::Back => return Step::Cancelled,
        _ => {}
    }
    Step::Open
}
