//! What goes into the workbook, decided without touching a file: which
//! sheets, which rows, each row's traffic light, the scoreboard. Pure.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{HELP_SHEET, SUMMARY_SHEET, col};
use crate::lang::Lang;
use crate::meeting::lights::dept_light;
use crate::meeting::obligation;
use crate::meeting::score::DeptScore;
use crate::meeting::{Light, LightCfg, Signal};
use crate::plan::{Chapter, Department, Measure, Plan, Target};
use crate::progress::{Entry, Ledger, Status, measure_state};

/// The 灯号 cell's text: the light's word, with the detail that matters
/// (逾期12天, 临期，3天后到期, 滞后序时进度…); green reads 正常.
pub fn light_text(sig: &Signal) -> String {
    match sig.light {
        Light::Green => "正常".into(),
        _ => sig.why.text(Lang::Zh),
    }
}

/// The editable values of a row as exported; written (as JSON) into the
/// hidden 导出值 column so that reading back can tell what the clerk changed
/// from what changed in duban meanwhile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exported {
    pub measure: String,
    pub dept: String,
    pub status: Status,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// Actuals by target key.
    #[serde(default)]
    pub actuals: std::collections::BTreeMap<String, f64>,
    #[serde(default)]
    pub note: String,
    /// The read-only cells as exported, by header, each as a short
    /// fingerprint ([`fingerprint`]): reading back reports an edit to any of
    /// them with its cell. Absent in workbooks from before it was written.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub shown: std::collections::BTreeMap<String, String>,
}

/// A read-only cell's text reduced to what an edit changes (whitespace and
/// line wrapping are not edits), hashed to 16 hex digits (FNV-1a) so the
/// hidden 导出值 cell stays small.
pub fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .bytes()
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// One row of a department sheet.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub chapter: &'a Chapter,
    pub measure: &'a Measure,
    pub dept: &'a str,
    pub lead: bool,
    pub plan_due: Option<NaiveDate>,
    pub signal: Signal,
    pub entry: Entry,
}

impl Row<'_> {
    pub fn exported(&self) -> Exported {
        Exported {
            measure: self.measure.id.clone(),
            dept: self.dept.to_string(),
            status: self.entry.status,
            due: self.entry.due,
            actuals: self.entry.actuals.clone(),
            note: self.entry.note.clone(),
            shown: self
                .read_only()
                .into_iter()
                .map(|(h, t)| (h.to_string(), fingerprint(&t)))
                .collect(),
        }
    }

    /// The read-only cells other than the keys, 措施内容 and 指标N (which
    /// follow the plan and are checked against it), as their text; dates as
    /// YYYY-MM-DD, as [`super::cell::text`] reads a date cell.
    pub fn read_only(&self) -> Vec<(&'static str, String)> {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        vec![
            (col::CHAPTER, chapter_text(self.chapter)),
            (col::ROLE, role_text(self.lead).to_string()),
            (col::PLAN_DUE, date(self.plan_due)),
            (col::LIGHT, light_text(&self.signal)),
            (col::STEPS, steps_text(&self.entry)),
            (col::DONE_ON, date(self.entry.done_on)),
            (col::DECISION, decision_text(&self.entry)),
            (col::AUDIT, audit_text(&self.entry)),
        ]
    }
}

/// The 章节 cell: 一、开办企业.
pub fn chapter_text(c: &Chapter) -> String {
    format!("{}、{}", c.numeral, c.title)
}

/// The 角色 cell.
pub fn role_text(lead: bool) -> &'static str {
    if lead { "牵头" } else { "责任" }
}

#[derive(Debug, Clone)]
pub struct DeptSheet<'a> {
    pub dept: &'a Department,
    /// A valid, unique sheet name.
    pub name: String,
    /// Pairs of target columns: the most targets any row's measure has.
    pub targets: usize,
    pub rows: Vec<Row<'a>>,
}

#[derive(Debug, Clone)]
pub struct Book<'a> {
    pub title: &'a str,
    pub today: NaiveDate,
    /// Ranked, best first (the meetings scoreboard).
    pub scores: Vec<DeptScore>,
    pub sheets: Vec<DeptSheet<'a>>,
}

/// What to export.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub dept: Option<String>,
    pub overdue_only: bool,
}

/// The measure as one text: number, title and body (the 措施内容 cell).
pub fn measure_text(m: &Measure) -> String {
    format!("{}{}。{}", m.number, m.title, m.text)
}

/// The target as the 指标N cell shows it: "全程电子化率 ≥ 99 %".
pub fn target_text(t: &Target) -> String {
    format!("{} {} {} {}", t.label, t.cmp.symbol(), t.value, t.unit)
        .trim_end()
        .to_string()
}

/// Builds the workbook's content around a ranked scoreboard. Errors when
/// `--dept` names a department that has no measures.
pub fn build<'a>(
    plan: &'a Plan,
    ledger: &Ledger,
    today: NaiveDate,
    cfg: LightCfg,
    scores: Vec<DeptScore>,
    opts: &Options,
) -> Result<Book<'a>, String> {
    let mut per_dept: Vec<(&Department, Vec<Row<'a>>)> =
        plan.departments.iter().map(|d| (d, Vec::new())).collect();
    for (chapter, m) in plan.measures() {
        let st = measure_state(m, ledger, today);
        for ds in &st.depts {
            let Some(slot) = per_dept.iter_mut().find(|(d, _)| d.id == ds.dept) else {
                continue;
            };
            slot.1.push(Row {
                chapter,
                measure: m,
                dept: &slot.0.id,
                lead: ds.lead,
                plan_due: m.due(),
                signal: dept_light(
                    m,
                    ds,
                    ledger.get(&m.id, &ds.dept),
                    plan.doc.issued,
                    today,
                    cfg,
                ),
                entry: ledger.entry_or_default(&m.id, &ds.dept),
            });
        }
    }
    if let Some(d) = &opts.dept
        && per_dept
            .iter()
            .all(|(x, rows)| x.id != *d || rows.is_empty())
    {
        return Err(format!("department {d:?} has no measures in this plan"));
    }
    let mut taken: Vec<String> = vec![SUMMARY_SHEET.into(), HELP_SHEET.into()];
    let mut sheets = Vec::new();
    for (dept, rows) in per_dept {
        if opts.dept.as_ref().is_some_and(|d| *d != dept.id) || rows.is_empty() {
            continue;
        }
        let rows: Vec<Row> = rows
            .into_iter()
            .filter(|r| !opts.overdue_only || r.signal.light == Light::Red)
            .collect();
        if rows.is_empty() {
            continue;
        }
        for r in &rows {
            check_fits(r)?;
        }
        let base = if dept.short.trim().is_empty() {
            &dept.name
        } else {
            &dept.short
        };
        let name = sheet_name(base, &taken);
        taken.push(name.clone());
        sheets.push(DeptSheet {
            dept,
            name,
            targets: rows
                .iter()
                .map(|r| r.measure.targets.len())
                .max()
                .unwrap_or(0),
            rows,
        });
    }
    Ok(Book {
        title: &plan.doc.title,
        today,
        scores,
        sheets,
    })
}

/// Characters (UTF-16 units) an Excel cell holds.
const CELL_MAX: usize = 32_767;

/// The 分解步骤 cell: one step a line, "1. text（推进中，2022-01-15）".
/// Read-only, so a list longer than a cell holds is cut (with "…") rather
/// than refused.
pub fn steps_text(e: &Entry) -> String {
    let mut out = String::new();
    for (i, s) in e.steps.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let when = s.date.map(|d| format!("，{d}")).unwrap_or_default();
        out.push_str(&format!(
            "{}. {}（{}{when}）",
            i + 1,
            s.text.trim(),
            s.status.label(Lang::Zh)
        ));
    }
    fit(out)
}

/// The 督办意见 cell: the latest meeting decision with the meeting's date
/// (调度会定时限), or empty.
pub fn decision_text(e: &Entry) -> String {
    e.decision
        .as_ref()
        .map(|d| fit(obligation::decision_text(d, Lang::Zh)))
        .unwrap_or_default()
}

/// The 审核 cell: the review (报结 / 销号 / 退办 with its reason) and an
/// extension request with its decision, or empty.
pub fn audit_text(e: &Entry) -> String {
    let x = obligation::own_extension(e.extension.as_ref(), e.decision.as_ref());
    fit(obligation::audit_text(&e.review, x, Lang::Zh))
}

/// Cuts a read-only text to what a cell holds.
fn fit(s: String) -> String {
    if s.encode_utf16().count() <= CELL_MAX {
        return s;
    }
    let mut units = 0;
    let cut: String = s
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units < CELL_MAX
        })
        .collect();
    cut + "…"
}

/// A note longer than a cell holds would be cut, and the cut copy read back
/// as the clerk's edit; refuse instead, naming the entry.
fn check_fits(r: &Row) -> Result<(), String> {
    let json = serde_json::to_string(&r.exported()).expect("plain data");
    let long = |s: &str| s.encode_utf16().count() > CELL_MAX;
    if long(&r.entry.note) || long(&json) {
        return Err(format!(
            "the note of measure {} for department {} is longer than an Excel cell holds \
             ({CELL_MAX} characters); shorten it (duban set {} --dept {} --note …) and export again",
            r.measure.id, r.dept, r.measure.id, r.dept
        ));
    }
    Ok(())
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`,
/// not starting or ending with `'`, not "History", unique ignoring case.
pub fn sheet_name(base: &str, taken: &[String]) -> String {
    let clean: String = base
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut clean = clean.trim().trim_matches('\'').to_string();
    if clean.is_empty() || clean.eq_ignore_ascii_case("history") {
        clean = format!("部门{clean}");
    }
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let free = |s: &str| !taken.iter().any(|t| t.to_lowercase() == s.to_lowercase());
    let first = cut(&clean, 31);
    if free(&first) {
        return first;
    }
    (2..)
        .map(|i| {
            let suffix = format!("({i})");
            format!("{}{suffix}", cut(&clean, 31 - suffix.chars().count()))
        })
        .find(|s| free(s))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Key;

    fn plan() -> Plan {
        crate::plan::load_dir(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/progress/plan"
        )))
        .unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn steps_read_one_a_line_with_status_and_date_and_a_huge_list_is_cut() {
        use crate::progress::Step;
        let step = |id, text: &str, status, date: Option<&str>| Step {
            id,
            text: text.into(),
            status,
            date: date.map(d),
        };
        let mut e = Entry {
            steps: vec![
                step(2, "梳理清单 ", Status::Done, Some("2021-11-30")),
                step(5, "系统对接", Status::InProgress, None),
            ],
            ..Entry::default()
        };
        assert_eq!(
            steps_text(&e),
            "1. 梳理清单（已完成，2021-11-30）\n2. 系统对接（推进中）"
        );
        assert_eq!(steps_text(&Entry::default()), "");
        e.steps = (0..3000)
            .map(|i| step(i, "很长的分解步骤内容", Status::NotStarted, None))
            .collect();
        let t = steps_text(&e);
        assert!(t.encode_utf16().count() <= CELL_MAX, "fits a cell");
        assert!(t.ends_with('…'));
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let taken = vec!["汇总".to_string(), "Tax".to_string()];
        assert_eq!(sheet_name("a/b:c[d]*?\\", &taken), "a_b_c_d____");
        assert_eq!(sheet_name("tax", &taken), "tax(2)");
        assert_eq!(sheet_name("汇总", &taken), "汇总(2)");
        assert_eq!(sheet_name("History", &taken), "部门History");
        let long = "区".repeat(40);
        assert_eq!(sheet_name(&long, &taken).chars().count(), 31);
        let t2 = vec![long.chars().take(31).collect::<String>()];
        let n = sheet_name(&long, &t2);
        assert!(n.ends_with("(2)") && n.chars().count() == 31, "{n}");
        assert_eq!(sheet_name("'引号'", &taken), "引号");
    }

    fn book<'a>(p: &'a Plan, l: &Ledger, today: &str, o: &Options) -> Result<Book<'a>, String> {
        build(p, l, d(today), LightCfg::default(), Vec::new(), o)
    }

    fn light(b: &Book, dept: &str, m: &str) -> String {
        b.sheets
            .iter()
            .flat_map(|s| &s.rows)
            .find(|r| r.dept == dept && r.measure.id == m)
            .map(|r| light_text(&r.signal))
            .unwrap()
    }

    #[test]
    fn light_cells_name_the_light_and_what_matters() {
        let p = plan();
        let mut ledger = Ledger::default();
        let all = Options::default();
        // 1.1 is due 2021-12-31 for approval, tax and market.
        assert_eq!(
            light(
                &book(&p, &ledger, "2021-12-25", &all).unwrap(),
                "tax",
                "1.1"
            ),
            "临期，6天后到期"
        );
        assert_eq!(
            light(
                &book(&p, &ledger, "2021-12-01", &all).unwrap(),
                "tax",
                "1.1"
            ),
            "正常"
        );
        assert_eq!(
            light(
                &book(&p, &ledger, "2022-01-02", &all).unwrap(),
                "tax",
                "1.1"
            ),
            "逾期2天"
        );
        ledger.entries.insert(
            Key::new("1.1", "tax"),
            Entry {
                status: Status::Done,
                ..Entry::default()
            },
        );
        let b = book(&p, &ledger, "2022-01-02", &all).unwrap();
        assert_eq!(light(&b, "tax", "1.1"), "正常");
        assert_eq!(light(&b, "market", "1.1"), "逾期2天");
    }

    #[test]
    fn one_sheet_per_department_with_rows() {
        let p = plan();
        let mut ledger = Ledger::default();
        ledger.entries.insert(
            Key::new("1.2", "tax"),
            Entry {
                status: Status::Done,
                ..Entry::default()
            },
        );
        let b = book(&p, &ledger, "2022-01-01", &Options::default()).unwrap();
        let names: Vec<&str> = b.sheets.iter().map(|s| s.name.as_str()).collect();
        assert!(
            names.contains(&"税务局") && names.contains(&"审批局"),
            "{names:?}"
        );
        let tax = b.sheets.iter().find(|s| s.dept.id == "tax").unwrap();
        let ids: Vec<&str> = tax.rows.iter().map(|r| r.measure.id.as_str()).collect();
        assert_eq!(ids, ["1.1", "1.2", "2.1"]);
        assert_eq!(tax.targets, 2);
        assert_eq!(tax.rows[1].entry.status, Status::Done);

        let only = Options {
            dept: Some("tax".into()),
            overdue_only: true,
        };
        let b = book(&p, &ledger, "2022-01-01", &only).unwrap();
        assert_eq!(b.sheets.len(), 1);
        let ids: Vec<&str> = b.sheets[0]
            .rows
            .iter()
            .map(|r| r.measure.id.as_str())
            .collect();
        assert_eq!(ids, ["1.1"]);
        let none = Options {
            dept: Some("nobody".into()),
            overdue_only: false,
        };
        assert!(book(&p, &ledger, "2022-01-01", &none).is_err());
    }

    #[test]
    fn a_note_longer_than_a_cell_is_refused_by_name() {
        let p = plan();
        let mut ledger = Ledger::default();
        ledger.entries.insert(
            Key::new("1.2", "tax"),
            Entry {
                note: "\"".repeat(20_000),
                ..Entry::default()
            },
        );
        // 20 000 quotes fit a cell, but not once escaped in 导出值.
        let e = book(&p, &ledger, "2022-01-01", &Options::default()).unwrap_err();
        assert!(e.contains("measure 1.2 for department tax"), "{e}");
        ledger
            .entries
            .get_mut(&Key::new("1.2", "tax"))
            .unwrap()
            .note = "注".repeat(16_000);
        assert!(book(&p, &ledger, "2022-01-01", &Options::default()).is_ok());
    }
}
