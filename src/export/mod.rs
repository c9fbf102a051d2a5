//! Plan and progress exports (JSON, CSV, Markdown) for scripts, minutes and
//! circulars. Building the document is pure; only [`run`] touches files.

pub mod csv;
pub mod json;
pub mod md;

use std::io::Write;

use chrono::NaiveDate;

use crate::cli::{Context, ExportArgs, Format};
use crate::plan::{Chapter, Measure, Plan};

/// Which measures an export covers.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub overdue_only: bool,
    pub dept: Option<String>,
}

/// One measure with what the export needs to say about it as of a date.
pub struct Item<'a> {
    pub chapter: &'a Chapter,
    pub measure: &'a Measure,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    pub days_late: i64,
}

/// The measures selected for an export, in plan order.
pub fn items<'a>(plan: &'a Plan, today: NaiveDate, sel: &Selection) -> Vec<Item<'a>> {
    plan.measures()
        .filter(|(_, m)| {
            sel.dept
                .as_ref()
                .is_none_or(|d| m.departments().contains(&d.as_str()))
        })
        .map(|(chapter, measure)| {
            let due = measure.due();
            let days_late = due.map_or(0, |d| (today - d).num_days().max(0));
            Item {
                chapter,
                measure,
                due,
                overdue: days_late > 0,
                days_late,
            }
        })
        .filter(|i| !sel.overdue_only || i.overdue)
        .collect()
}

pub fn render(ctx: &Context, args: &ExportArgs) -> Result<Vec<u8>, String> {
    let sel = Selection {
        overdue_only: args.overdue,
        dept: ctx.dept.clone(),
    };
    let items = items(&ctx.plan, ctx.today, &sel);
    Ok(match args.format {
        Format::Json => json::render(&ctx.plan, ctx.today, &items).into_bytes(),
        Format::Csv => csv::render(&ctx.plan, &items)?,
        Format::Md => md::render(&ctx.plan, ctx.today, &items, ctx.lang).into_bytes(),
        Format::Xlsx if args.out.is_none() => {
            return Err("--format xlsx writes a workbook: give --out FILE.xlsx".into());
        }
        Format::Xlsx => crate::xlsx::cmd::export(ctx, args.overdue)?,
    })
}

/// Writes the export to `--out` (atomically: a temp file renamed into place)
/// or to standard output.
pub fn run(ctx: &Context, args: &ExportArgs) -> Result<(), String> {
    let bytes = render(ctx, args)?;
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
