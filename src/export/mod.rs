//! Plan and progress exports (JSON, CSV, Markdown) for scripts, minutes and
//! circulars. Building the document is pure; `cli::export` writes it out.

pub mod changes;
pub mod circular;
pub mod csv;
pub mod docx;
pub mod json;
pub mod md;
pub mod paper;
pub mod papers;
pub mod report;
pub mod scoreboard;
pub mod words;

use chrono::NaiveDate;

use crate::plan::{Chapter, Measure, Plan};
use crate::progress::Context;
use crate::progress::{Ledger, MeasureState, Store, measure_state};

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Md,
    /// A real .xlsx workbook of department ledgers; needs --out FILE
    Xlsx,
    /// A Word document laid out as an official paper (公文); needs --out FILE
    Docx,
}

/// One export as asked for (`duban export` flags).
#[derive(Debug, Clone)]
pub struct Request {
    pub format: Format,
    pub overdue: bool,
    pub report: Option<report::ReportKind>,
    /// With a changes report: the review (number or name) to compare with.
    pub since: Option<String>,
    /// Whether the bytes go to a file (a workbook cannot go to a terminal).
    pub to_file: bool,
}

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
        eprintln!("duban: warning: {}", crate::text::sanitize(&p.to_string()));
    }
    Ok(ledger)
}

pub fn render(ctx: &Context, args: &Request) -> Result<Vec<u8>, String> {
    let bytes = render_raw(ctx, args)?;
    Ok(match args.format {
        Format::Csv => defuse_csv(&bytes)?,
        // Chinese minutes write 2022年1月10日, not 2022-01-10.
        Format::Md => paper::zh_dates(&String::from_utf8_lossy(&bytes), ctx.lang).into_bytes(),
        _ => bytes,
    })
}

/// A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`,
/// `@`, or a leading tab or CR) is written with a leading apostrophe, so it
/// shows as the text it is. Numbers, negative ones too, are left as they are.
pub fn defuse_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if crate::xlsx::cell::formula_like(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Every cell of a CSV document through [`defuse_cell`], BOM kept.
fn defuse_csv(bytes: &[u8]) -> Result<Vec<u8>, String> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let (bom, body) = match bytes.strip_prefix(BOM) {
        Some(rest) => (BOM, rest),
        None => (&b""[..], bytes),
    };
    let err = |e: ::csv::Error| format!("cannot write CSV: {e}");
    let mut r = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(bom.to_vec());
    for rec in r.records() {
        let rec = rec.map_err(err)?;
        w.write_record(rec.iter().map(|c| defuse_cell(c).into_owned()))
            .map_err(err)?;
    }
    w.into_inner().map_err(|e| format!("cannot write CSV: {e}"))
}

fn render_raw(ctx: &Context, args: &Request) -> Result<Vec<u8>, String> {
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
        Format::Csv => csv::render(&ctx.plan, &ledger, ctx.today, &items, ctx.lang)?,
        Format::Md => md::render(&ctx.plan, &ledger, ctx.today, &items, ctx.lang).into_bytes(),
        Format::Xlsx if !args.to_file => {
            return Err("--format xlsx writes a workbook: give --out FILE.xlsx".into());
        }
        Format::Xlsx => crate::xlsx::workbook(ctx, &ledger, args.overdue)?,
        Format::Docx if !args.to_file => {
            return Err("--format docx writes a Word document: give --out FILE.docx".into());
        }
        Format::Docx => docx::render(&papers::list::paper(
            &ctx.plan,
            &ledger,
            ctx.today,
            &items,
            ctx.lang,
            args.overdue,
            ctx.dept.as_deref(),
        ))?,
    })
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
pub fn inert(format: Format, bytes: Vec<u8>) -> Vec<u8> {
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

#[cfg(test)]
mod defuse_tests {
    use super::*;

    #[test]
    fn formulas_are_shown_as_text_numbers_stay_numbers() {
        assert_eq!(
            defuse_cell("=HYPERLINK(\"http://x\",\"点此\")"),
            "'=HYPERLINK(\"http://x\",\"点此\")"
        );
        for c in ["+1+1", "-A1", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(defuse_cell(c).starts_with('\''), "{c:?}");
        }
        for c in ["-3", "+2.5", "已上线", "1.10", "", "e_rate=99.5"] {
            assert_eq!(defuse_cell(c), c);
        }
        let doc = "\u{feff}a,b\n=1+1,\"x,y\"\n".as_bytes();
        let out = String::from_utf8(defuse_csv(doc).unwrap()).unwrap();
        assert_eq!(out, "\u{feff}a,b\n'=1+1,\"x,y\"\n");
    }
}
