//! Plan and progress exports (JSON, CSV, Markdown) for scripts, minutes and
//! circulars. Building the document is pure; only [`run`] touches files.

pub mod changes;
pub mod circular;
pub mod csv;
pub mod json;
pub mod md;
pub mod report;
pub mod scoreboard;

use std::io::Write;

use chrono::NaiveDate;

use crate::cli::{Context, ExportArgs, Format};
use crate::plan::{Chapter, Measure, Plan};
use crate::progress::{Ledger, MeasureState, Store, measure_state};

/// Which measures an export covers.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub overdue_only: bool,
    pub dept: Option<String>,
}

/// One measure with its state as of the export's date.
pub struct Item<'a> {
    pub chapter: &'a Chapter,
    pub measure: &'a Measure,
    pub state: MeasureState,
}

/// The measures selected for an export, in plan order.
pub fn items<'a>(
    plan: &'a Plan,
    ledger: &Ledger,
    today: NaiveDate,
    sel: &Selection,
) -> Vec<Item<'a>> {
    plan.measures()
        .filter(|(_, m)| {
            sel.dept
                .as_ref()
                .is_none_or(|d| m.departments().contains(&d.as_str()))
        })
        .map(|(chapter, measure)| Item {
            chapter,
            measure,
            state: measure_state(measure, ledger, today),
        })
        .filter(|i| !sel.overdue_only || i.state.overdue)
        .collect()
}

/// Reads the progress store. Unreadable department files do not stop an
/// export, but they are named on stderr so nobody mistakes the gap for "not started".
pub fn load_ledger(ctx: &Context) -> Result<Ledger, String> {
    let ledger = Store::open(&ctx.data_dir)
        .load(&ctx.plan)
        .map_err(|e| e.to_string())?;
    for p in &ledger.problems {
        eprintln!("duban: warning: {p}");
    }
    Ok(ledger)
}

pub fn render(ctx: &Context, args: &ExportArgs) -> Result<Vec<u8>, String> {
    if let Some(kind) = args.report {
        return report::render(ctx, args, kind);
    }
    let sel = Selection {
        overdue_only: args.overdue,
        dept: ctx.dept.clone(),
    };
    let ledger = load_ledger(ctx)?;
    let items = items(&ctx.plan, &ledger, ctx.today, &sel);
    Ok(match args.format {
        Format::Json => json::render(&ctx.plan, &ledger, ctx.today, &items).into_bytes(),
        Format::Csv => csv::render(&ctx.plan, &ledger, ctx.today, &items)?,
        Format::Md => md::render(&ctx.plan, &ledger, ctx.today, &items, ctx.lang).into_bytes(),
        Format::Xlsx if args.out.is_none() => {
            return Err("--format xlsx writes a workbook: give --out FILE.xlsx".into());
        }
        Format::Xlsx => crate::xlsx::cmd::export(ctx, &ledger, args.overdue)?,
    })
}

/// Writes the export to `--out` (atomically: a temp file renamed into place)
/// or to standard output.
pub fn run(ctx: &Context, args: &ExportArgs) -> Result<(), String> {
    let bytes = inert(args.format, render(ctx, args)?);
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
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let mut tmp = tempfile::NamedTempFile::new_in(dir)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            tmp.write_all(&bytes)
                .and_then(|()| tmp.as_file().sync_all())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            tmp.persist(path)
                .map_err(|e| format!("cannot write {}: {}", path.display(), e.error))?;
            Ok(())
        }
    }
}

/// Department ids → names as the plan writes them, for human-facing formats.
pub fn dept_names(plan: &Plan, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            plan.department(id)
                .map_or_else(|| id.clone(), |d| d.name.clone())
        })
        .collect()
}

/// Plan and note text is untrusted, and an export is read in a terminal as
/// often as in an editor (`duban export`, `cat report.md`). So, always, not
/// only on a tty: md and csv show controls, bidi and zero-width characters
/// as the board does (␛, <U+202E>), keeping line breaks, tabs and the CSV's
/// leading BOM; JSON keeps the data exact by writing them as \uXXXX escapes
/// (serde_json already escapes C0, not C1 or bidi).
fn inert(format: Format, bytes: Vec<u8>) -> Vec<u8> {
    let text = match (format, String::from_utf8(bytes)) {
        (Format::Md | Format::Csv | Format::Json, Ok(text)) => text,
        (_, Ok(text)) => return text.into_bytes(),
        (_, Err(e)) => return e.into_bytes(),
    };
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let keep = matches!(c, '\t' | '\n' | '\r') || (i == 0 && c == '\u{feff}');
        let shown = crate::text::sanitize(c.encode_utf8(&mut [0; 4]));
        if keep || shown.chars().eq(std::iter::once(c)) {
            out.push(c);
        } else if format == Format::Json {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push_str(&shown);
        }
    }
    out.into_bytes()
}
