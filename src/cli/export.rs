//! `duban export`: the document from [`crate::export`], to a file or stdout.

use std::io::Write;

use super::{Context, ExportArgs};
use crate::export::{Request, inert, render};
use crate::progress::write_output;

fn request(a: &ExportArgs) -> Request {
    Request {
        format: a.format,
        overdue: a.overdue,
        report: a.report,
        since: a.since.clone(),
        to_file: a.out.is_some(),
    }
}

/// Writes the export to `--out` (atomically: a temp file renamed into place,
/// with the permissions the umask gives) or to standard output.
pub fn run(ctx: &Context, args: &ExportArgs) -> Result<(), String> {
    let bytes = inert(args.format, render(ctx, &request(args))?);
    match &args.out {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .or_else(|e| {
                    // A closed pipe (`duban export | head`) is the reader's choice, not an error.
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        Ok(())
                    } else {
                        Err(e)
                    }
                })
                .map_err(|e| format!("cannot write the export: {e}"))
        }
        Some(path) => write_output(path, &bytes)
            .map_err(|e| format!("cannot write {}: {}", path.display(), e.error)),
    }
}
