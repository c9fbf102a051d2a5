//! The progress store and its CLI: `duban set`/`status`, concurrent
//! writers, kill -9 during saves, damaged and hostile files. One binary, so
//! the library is linked once for all of them.

#[path = "../support/guard.rs"]
mod guard;
#[path = "../support/progress.rs"]
mod progress_support;
#[path = "../support/pty.rs"]
mod pty;
#[path = "../support/xlsx.rs"]
mod xlsx_support;

mod bounded_text;
mod broken_pipe;
mod cli_words;
mod hardening_files;
mod progress_cli;
mod progress_concurrency;
mod progress_journal;
mod progress_kill;
mod small_holes;
mod special_files;
