//! Plan and progress exports (JSON, CSV, Markdown), no terminal needed.

use crate::cli::{Context, ExportArgs};

pub fn run(_ctx: &Context, _args: &ExportArgs) -> Result<(), String> {
    Err("export is not built yet".into())
}
