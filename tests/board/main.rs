//! The board in memory: `App` driven by keys and mouse, drawn into a
//! `TestBackend` (render, snapshots, editing, saving, the meeting screens).
//! One binary, so the library is linked once for all of them.

#[path = "../support/board.rs"]
mod board_support;
#[path = "../support/meeting.rs"]
mod meeting;

mod authority_board;
mod board_config;
mod board_finding;
mod board_render;
mod board_saving;
mod board_snapshots;
mod board_wrapping;
mod edit_board;
mod edit_dept_list;
mod edit_steps;
mod edit_words;
mod meeting_board;
mod meeting_changes;
mod obligation_board;
mod status_fit;
