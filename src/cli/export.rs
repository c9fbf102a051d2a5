//! `duban export`: the document from [`crate::export`], to a file or stdout.

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::{Context, ExportArgs};
use crate::export::{Format, Request, inert, render};
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
/// with the permissions the umask gives) or to standard output. `--out -` is standard output for any format,
/// the workbook and the Word file included (`ssh duban@server export --format xlsx --out - > 台账.xlsx`, where the
/// client cannot name a file on the server) — but never their
/// bytes to a terminal, which would read them as escape sequences.
pub fn run(ctx: &Context, args: &ExportArgs) -> Result<(), String> {
    let to_stdout = args.out.as_deref() == Some(Path::new("-"));
    let refusal = match args.format {
        Format::Xlsx => Some((
            "--out - 会把工作簿写到终端：请重定向到文件，例如 --out - > 台账.xlsx",
            "--out - would write the workbook to the terminal: redirect it, e.g. --out - > ledger.xlsx",
        )),
        Format::Docx => Some((
            "--out - 会把 Word 文件写到终端：请重定向到文件，例如 --out - > 通报.docx",
            "--out - would write the Word file to the terminal: redirect it, e.g. --out - > circular.docx",
        )),
        _ => None,
    };
    if let Some((zh, en)) = refusal
        && to_stdout
        && std::io::stdout().is_terminal()
    {
        return Err(ctx.lang.pick(zh, en).into());
    }
    let bytes = inert(args.format, render(ctx, &request(args))?);
    match &args.out {
        _ if to_stdout => write_stdout(&bytes),
        None => write_stdout(&bytes),
        Some(path) => write_output(path, &bytes)
            .map_err(|e| format!("cannot write {}: {}", path.display(), e.error)),
    }
}

fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
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
