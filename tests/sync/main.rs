//! `duban sync`: data dirs shared through a real bare git repository, each
//! clone made by `duban sync --init` and edited through the real `duban
//! set`, with a git that has no user configured (HOME is a temp dir and the
//! system config is off).

#[path = "../support/progress.rs"]
mod progress_support;

mod sync_errors;
mod sync_merge;
mod sync_support;
