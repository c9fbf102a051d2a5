//! duban (督办): a terminal progress board for government action plans.
//!
//! Data flows one way: [`plan`] (model, load, validate) → [`progress`]
//! (entries, store, history) → [`app`] (state + action → new state) → [`ui`]
//! (draws state, no I/O). [`cli`] and [`export`] sit beside them; [`tui`]
//! owns the terminal and runs the event loop.

pub mod app;
pub mod cli;
pub mod date;
pub mod export;
pub mod import;
pub mod lang;
pub mod meeting;
pub mod plan;
pub mod progress;
pub mod text;
pub mod tui;
pub mod ui;
pub mod xlsx;
