//! Terminal lifecycle and event loop.

use crate::cli::Context;

pub fn run(_ctx: Context) -> Result<(), String> {
    Err("the board is not built yet".into())
}
