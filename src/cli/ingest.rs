//! `duban export --format xlsx` and `duban ingest`: the files and the store.
//!
//! `duban ingest` exits 0 when every value it read was applied (or there was
//! nothing to change), 1 on an error — the file cannot be read, the data dir
//! cannot be saved, nobody said who is importing — in which case nothing was
//! changed, and 2 when it applied what it could but skipped some cells or
//! rows (each listed on stderr with its cell), so a script or a coordinator
//! cannot mistake a partial import for a complete one.

use super::out;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::Args;

use super::{Context, GlobalArgs};
use crate::lang::Lang;
use crate::progress::{Edit, Ledger, Who, apply};
use crate::xlsx::ingest::{self, Proposal};
use crate::xlsx::read;

/// `duban ingest --help`.
pub const INGEST_HELP: &str = "Apply a filled-in ledger workbook (from `duban export --format xlsx`).

Rows are matched by 措施编号 and 部门编号, whatever the sheet or row order. A cell is applied only when \
the clerk changed it; a value also changed in duban since the export is reported as a conflict, duban's value \
kept. Every change is listed with its sheet and cell (old → new); every cell or row that cannot be \
read (unknown status, unreadable date, non-number actual, measure not in the plan, edited protected \
column) is listed on stderr and skipped, never guessed. The save is the board's locked, merged save; \
the history records the file.

Say who imports: --coordinator NAME (any department), or --dept ID (that department's rows only).

Exit status: 0 all applied (or nothing to change); 1 error, nothing changed; 2 applied, but some \
cells or rows were skipped.";

/// `duban ingest FILE.xlsx [--dry-run]`
#[derive(Debug, Clone, Args)]
pub struct IngestArgs {
    /// The filled-in workbook (.xlsx, as exported by `duban export --format xlsx`); `-` reads it from standard input (over ssh)
    pub file: PathBuf,
    /// Show what would change; save nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(g: &GlobalArgs, a: &IngestArgs) -> ExitCode {
    match g.context().and_then(|ctx| ingest_file(&ctx, g, a)) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(2),
        Err(e) => {
            out::warn(&format!("duban: {e}"));
            ExitCode::FAILURE
        }
    }
}

/// Returns how many cells or rows were skipped.
fn ingest_file(ctx: &Context, g: &GlobalArgs, a: &IngestArgs) -> Result<usize, String> {
    // Over ssh the client cannot name a file on the server: the workbook
    // comes on stdin, kept in a private temp file while it is read.
    let stdin_copy = if a.file.as_os_str() == "-" {
        Some(stdin_to_temp()?)
    } else {
        None
    };
    let path = stdin_copy.as_ref().map_or(a.file.as_path(), |t| t.path());
    let lang = ctx.lang;
    let unchanged = lang.pick("；未做任何修改", "; nothing was changed");
    let sheets = read::read(path)?;
    let store = ctx.store();
    let who = match super::progress::actor(ctx, g, &store) {
        Ok(w) => w,
        // A dry run shows everything a coordinator could apply.
        Err(_) if a.dry_run => {
            out::say(lang.pick(
                "试运行，按督办人员身份：未用 --dept 或 --coordinator 指明身份",
                "dry run as a coordinator: nobody was named with --dept or --coordinator",
            ));
            Who::Coordinator("(dry run)".into())
        }
        Err(e) => return Err(format!("{e}{unchanged}")),
    };
    let ledger = store.load(&ctx.plan).map_err(|e| e.to_string())?;
    let mut prop = ingest::propose(&ctx.plan, &ledger, &sheets, ctx.dept.as_deref(), lang);
    if prop.sheets.is_empty() {
        let (file, head) = (a.file.display(), crate::xlsx::col::MEASURE);
        return Err(match lang {
            Lang::Zh => format!("{file} 中没有台账表（表头含 {head} 的表）{unchanged}"),
            Lang::En => {
                format!("{file} has no ledger sheet (a sheet whose header has {head}){unchanged}")
            }
        });
    }
    refuse_what_apply_refuses(ctx, &ledger, &who, &mut prop);
    print(&prop, ctx);
    let edits: Vec<Edit> = prop.planned.iter().map(|p| p.edit.clone()).collect();
    let skipped = prop.skipped.len();
    if a.dry_run {
        let (n, rows) = (edits.len(), rows_changed(&prop));
        out::say(&match lang {
            Lang::Zh => {
                format!("试运行：将应用 {n} 处修改（{rows} 行），跳过 {skipped} 处；未保存")
            }
            Lang::En => format!(
                "dry run: {n} change(s) in {rows} row(s) would be applied, {skipped} skipped; nothing was saved"
            ),
        });
        return Ok(skipped);
    }
    if edits.is_empty() {
        let rows = prop.rows;
        out::say(&match lang {
            Lang::Zh => format!("没有需要修改的（读取 {rows} 行，跳过 {skipped} 处）"),
            Lang::En => format!("nothing to change ({rows} row(s) read, {skipped} skipped)"),
        });
        return Ok(skipped);
    }
    let source = match &stdin_copy {
        Some(_) => match &ctx.user {
            Some(u) => format!("(stdin, from {u})"),
            None => "(stdin)".to_string(),
        },
        None => std::fs::canonicalize(&a.file)
            .unwrap_or_else(|_| a.file.clone())
            .display()
            .to_string(),
    };
    store
        .save(&ctx.plan, &edits, &who, Utc::now(), Some(&source))
        .map_err(|e| match store.journal_pending() {
            // Committed, not yet all in place: the error's hint says so.
            true => e.to_string(),
            false => format!("{e}{unchanged}"),
        })?;
    let (n, rows, name) = (edits.len(), rows_changed(&prop), who.name());
    out::say(&match lang {
        Lang::Zh => format!(
            "已应用 {n} 处修改（{rows} 行），身份 {name}（历史记录来源：{source}）；跳过 {skipped} 处"
        ),
        Lang::En => format!(
            "applied {n} change(s) in {rows} row(s) as {name} (history: from {source}); {skipped} skipped"
        ),
    });
    Ok(skipped)
}

/// The largest workbook read from stdin; an exported ledger of the whole
/// plan is well under 1 MB.
const MAX_STDIN: u64 = 64 * 1024 * 1024;

fn stdin_to_temp() -> Result<tempfile::NamedTempFile, String> {
    use std::io::Read;
    let mut tmp = tempfile::Builder::new()
        .prefix("duban-ingest-")
        .suffix(".xlsx")
        .tempfile()
        .map_err(|e| format!("cannot keep the workbook from stdin: {e}"))?;
    let n = std::io::copy(
        &mut std::io::stdin().lock().take(MAX_STDIN + 1),
        tmp.as_file_mut(),
    )
    .map_err(|e| format!("cannot read the workbook from stdin: {e}"))?;
    if n > MAX_STDIN {
        return Err(format!(
            "the workbook on stdin is larger than {MAX_STDIN} bytes; nothing was changed"
        ));
    }
    if n == 0 {
        return Err("nothing arrived on stdin: send the workbook, e.g. ssh … ingest - < ledger.xlsx; nothing was changed".into());
    }
    Ok(tmp)
}

fn rows_changed(p: &Proposal) -> usize {
    let mut keys: Vec<_> = p.planned.iter().map(|x| x.edit.key()).collect();
    keys.sort();
    keys.dedup();
    keys.len()
}

/// Moves to `skipped` the edits the ledger would refuse (a department
/// editing another's entry, reopening a struck-off entry, a file that cannot
/// be saved …), trying them in order on a copy, so one refusal does not sink
/// the rest of the workbook.
fn refuse_what_apply_refuses(ctx: &Context, ledger: &Ledger, who: &Who, prop: &mut Proposal) {
    let damaged: Vec<&str> = ledger.damaged_depts();
    let mut scratch = ledger.clone();
    let now = Utc::now();
    let planned = std::mem::take(&mut prop.planned);
    for p in planned {
        let refused = if damaged.contains(&p.edit.dept.as_str()) {
            let d = &p.edit.dept;
            Some(match ctx.lang {
                Lang::Zh => format!("部门 {d} 的台账文件无法读取，因而无法保存；请先修复"),
                Lang::En => format!(
                    "the ledger file of department {d} cannot be read, so it cannot be saved; fix it first"
                ),
            })
        } else {
            apply(&ctx.plan, &mut scratch, &p.edit, who, now)
                .err()
                .map(|e| e.to_string())
        };
        match refused {
            Some(why) => prop.skipped.push(ingest::Skip {
                at: p.at,
                key: Some(p.edit.key()),
                why,
            }),
            None => prop.planned.push(p),
        }
    }
}

fn print(p: &Proposal, ctx: &Context) {
    let dept_name = |id: &str| {
        ctx.plan
            .department(id)
            .map_or(id.to_string(), |d| d.short.clone())
    };
    for x in &p.planned {
        out::say(&format!(
            "{}\t{} {}\t{}: {} → {}",
            x.at,
            x.edit.measure,
            dept_name(&x.edit.dept),
            x.column,
            x.old,
            x.new
        ));
    }
    let mut skipped = p.skipped.clone();
    skipped.sort_by_key(|s| {
        let sheet = p.sheets.iter().position(|n| *n == s.at.sheet);
        (sheet, s.at.row, s.at.col)
    });
    for s in &skipped {
        let who = s
            .key
            .as_ref()
            .map(|k| format!("{} {}\t", k.measure, dept_name(&k.dept)))
            .unwrap_or_default();
        // Reasons quote cells from the file: shown, never sent to the terminal.
        out::warn(&format!(
            "{} {}\t{who}{}",
            ctx.lang.pick("跳过", "skipped"),
            s.at,
            crate::text::sanitize(&s.why)
        ));
    }
    for k in &p.kept {
        let (at, m, d, c, now) = (
            &k.at,
            &k.key.measure,
            dept_name(&k.key.dept),
            &k.column,
            &k.now,
        );
        out::say(&match ctx.lang {
            Lang::Zh => format!("保留 {at}\t{m} {d}\t{c}：表中未改，duban 中较新的值 {now} 保留"),
            Lang::En => format!(
                "kept {at}\t{m} {d}\t{c}: left as exported in the workbook; duban's newer value {now} stays"
            ),
        });
    }
    if p.other_dept > 0 {
        let (n, d) = (p.other_dept, ctx.dept.as_deref().unwrap_or(""));
        out::say(&match ctx.lang {
            Lang::Zh => format!("其他部门的 {n} 行未导入（--dept {d}）"),
            Lang::En => format!("{n} row(s) of other departments left out (--dept {d})"),
        });
    }
}
