//! Meeting reports for the minutes and the circular (通报), without a
//! terminal: `duban export --report scoreboard|circular|changes`.
//!
//! Building each report is pure (plan + ledger + history + snapshots →
//! data); Markdown keeps each paragraph on one line (a reader's program
//! wraps it) and its tables are Markdown tables; CSV starts with a UTF-8 BOM for Excel/WPS; JSON is
//! for scripts. Text from data files is cleaned of control, bidi and
//! zero-width characters before it is written.

use chrono::NaiveDate;
use clap::ValueEnum;
use unicode_width::UnicodeWidthChar;

use super::{Format, Request};
use crate::meeting::LightCfg;
use crate::meeting::score::{self, DeptScore};
use crate::meeting::snapshot::{Reviews, capture};
use crate::progress::Context;
use crate::progress::{Config, History, Ledger, Store};

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    /// Departments ranked, chapters with progress bars, targets against actuals
    Scoreboard,
    /// 通报: ranking plus each department's overdue and due-soon items (one department with --dept)
    Circular,
    /// What changed since the last review (or --since N|NAME)
    Changes,
}

/// What every report starts from, loaded once.
pub struct Inputs<'a> {
    pub ctx: &'a Context,
    pub ledger: Ledger,
    pub history: History,
    pub cfg: LightCfg,
    /// `config.ron` as read: the 通报's masthead comes from it.
    pub config: Config,
}

impl<'a> Inputs<'a> {
    pub fn load(ctx: &'a Context) -> Result<Self, String> {
        let store = Store::open(&ctx.data_dir);
        let ledger = store.load(&ctx.plan).map_err(|e| e.to_string())?;
        let history = store.history().map_err(|e| e.to_string())?;
        let config = store.config().map_err(|e| e.to_string())?;
        let cfg = LightCfg::from_config(&config);
        Ok(Inputs {
            ctx,
            ledger,
            history,
            cfg,
            config,
        })
    }

    pub fn today(&self) -> NaiveDate {
        self.ctx.today
    }

    pub fn scoreboard(&self) -> Vec<DeptScore> {
        let dd = score::done_dates(&self.history, self.today());
        score::scoreboard(&self.ctx.plan, &self.ledger, self.today(), &dd, self.cfg)
    }

    pub fn dept_name(&self, id: &str) -> String {
        self.ctx
            .plan
            .department(id)
            .map_or_else(|| id.to_string(), |d| d.name.clone())
    }
}

pub fn render(ctx: &Context, args: &Request, kind: ReportKind) -> Result<Vec<u8>, String> {
    if args.format == Format::Xlsx {
        return Err("reports are written as md, csv, json or docx; the workbook is `duban export --format xlsx --out FILE`".into());
    }
    if args.format == Format::Docx && !args.to_file {
        return Err("--format docx writes a Word document: give --out FILE.docx".into());
    }
    let inp = Inputs::load(ctx)?;
    for p in &inp.ledger.problems {
        eprintln!("duban: warning: {}", crate::text::sanitize(&p.to_string()));
    }
    match kind {
        ReportKind::Scoreboard if args.format == Format::Docx => {
            super::docx::render(&super::papers::scoreboard::paper(&inp))
        }
        ReportKind::Scoreboard => Ok(super::scoreboard::render(&inp, args.format)),
        ReportKind::Circular if args.format == Format::Docx => {
            super::docx::render(&super::papers::circular::paper(&inp, ctx.dept.as_deref())?)
        }
        ReportKind::Circular => super::circular::render(&inp, args.format, ctx.dept.as_deref()),
        ReportKind::Changes => {
            let reviews = Reviews::open(&ctx.data_dir);
            let (n, before) = match &args.since {
                Some(which) => reviews.find(which)?,
                None => reviews.latest()?.ok_or(
                    "no review has been marked yet; mark one with `duban review mark NAME` (or use --since)",
                )?,
            };
            let now = capture(
                &ctx.plan,
                &inp.ledger,
                ctx.today,
                inp.cfg,
                "now",
                "",
                chrono::Utc::now(),
            );
            super::changes::render(&inp, args.format, n, &before, &now, ctx.dept.as_deref())
        }
    }
}

/// Replaces characters that would act on a terminal or hide text (C0/C1
/// controls, bidi overrides and isolates, zero-width marks) with `�`, and
/// line breaks with a space.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                '\u{FFFD}'
            }
            '\u{FEFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

pub fn cells(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `s` padded with spaces to `n` display cells (never cut).
pub fn pad(s: &str, n: usize) -> String {
    let w = cells(s);
    format!("{s}{}", " ".repeat(n.saturating_sub(w)))
}

/// `s` cut to `n` cells, ending in `…` when cut.
pub fn fit(s: &str, n: usize) -> String {
    if cells(s) <= n {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > n {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// One Markdown paragraph or list item on one line, whatever its length:
/// Word, WPS and pandoc turn a line break inside a paragraph into a space,
/// which splits Chinese words (`状 态`), so nothing is wrapped here and the
/// reader's program wraps instead.
pub fn line(text: &str, first: &str) -> String {
    let one: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    format!("{first}{one}")
}

/// The Chinese or the English of a report string.
pub fn tr(en: bool, zh: &'static str, english: &'static str) -> &'static str {
    if en { english } else { zh }
}

/// A percentage as people write it: `75%`.
pub fn pct(x: f64) -> String {
    format!("{}%", (x * 100.0).round() as i64)
}

/// A CSV writer that starts with the BOM.
pub fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().from_writer(BOM.to_vec())
}

pub fn csv_done(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    w.into_inner().expect("writing to memory cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_stays_on_one_line() {
        let text = "推行企业开办全程网上办理，全程电子化率达99%以上，办理时间压缩至2个工作日以内，\
                    实现企业开办“一网通办、一窗通取”。";
        assert_eq!(line(text, "- "), format!("- {text}"));
        assert_eq!(line("两行\n备注", ""), "两行 备注");
    }

    #[test]
    fn clean_shows_what_would_act_on_a_terminal() {
        assert_eq!(clean("a\u{1b}[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(
            clean("x\u{202E}y\u{200B}z\u{9b}"),
            "x\u{FFFD}y\u{FFFD}z\u{FFFD}"
        );
        assert_eq!(clean("两行\n备注"), "两行 备注");
    }

    #[test]
    fn pad_and_fit_count_cells() {
        assert_eq!(pad("税务局", 8), "税务局  ");
        assert_eq!(fit("区行政审批服务局", 9), "区行政审…");
        assert_eq!(cells(&fit("区行政审批服务局", 9)), 9);
        assert_eq!(fit("短", 9), "短");
    }
}
