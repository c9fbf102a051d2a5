//! duban (督办): a terminal progress board for government action plans.
//!
//! Data flows one way, and `tests/architecture.rs` keeps it so:
//!
//! - [`lang`], [`date`], [`text`]: shared vocabulary that uses nothing else,
//!   and [`fsread`], the one way a file duban is pointed at gets read;
//! - [`plan`] → [`progress`] → [`meeting`]: the domain (model, ledger and its
//!   store, lights, scores, reviews);
//! - [`export`], [`xlsx`], [`import`]: writers and readers over the domain;
//! - [`app`]: board state + action → new state + effects, and the pure
//!   functions that apply each effect's result;
//! - [`ui`]: draws the state, owns layout and mouse hit-testing;
//! - [`tui`]: the terminal, the event loop, and the jobs doing the I/O;
//! - [`cli`]: arguments and every subcommand.

pub mod app;
pub mod cli;
pub mod date;
pub mod export;
pub mod fsread;
pub mod import;
pub mod lang;
pub mod meeting;
pub mod plan;
pub mod progress;
pub mod text;
pub mod tui;
pub mod ui;
pub mod xlsx;
