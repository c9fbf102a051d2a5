//! From a read workbook to the edits it asks for. Pure: the plan, the ledger
//! as it is now and the sheets in; proposed edits (each with its cell) and
//! the cells and rows that were skipped (each with why) out.
//!
//! Rules, in the order they are checked:
//!
//! * A sheet without a 措施编号 header is not a ledger sheet and is ignored
//!   (the summary, the instructions). A ledger sheet with a repeated header
//!   or without 部门编号 is refused as a whole.
//! * A row with nothing in it is ignored. A row is matched by (措施编号,
//!   部门编号); it is skipped when either is missing, when the measure is not
//!   in the plan, the department is unknown or not assigned to the measure,
//!   when the same pair appears in more than one row, or when a protected
//!   column was edited: the hidden 导出值 names another pair, 措施内容 or an
//!   指标N label no longer reads as exported.
//! * Each editable cell is compared with the value exported (from 导出值)
//!   and the value in the data dir now. Unchanged in the workbook → nothing
//!   (duban's newer value stays). Changed in the workbook and not in duban →
//!   an edit. Changed in both to different values → a conflict, skipped.
//!   Without 导出值 (a workbook made by hand) a blank cell means "no
//!   information" and a filled one is applied when it differs.
//! * A value that cannot be read (a status word not known, a date not
//!   understood, a non-number actual, an actual for a target the measure does
//!   not have, a blanked status) is skipped with its cell.

use std::collections::BTreeMap;

use calamine::Data;
use chrono::NaiveDate;

use super::cell;
use super::col;
use super::layout::{Exported, measure_text, target_text};
use super::read::{CellRef, Sheet};
use crate::lang::Lang;
use crate::plan::{Measure, Plan};
use crate::progress::{Edit, Entry, Key, Ledger, Op, Status};

/// One proposed edit, with where its value came from and old → new as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub at: CellRef,
    /// The column's header (状态, 承诺完成时间, 指标1实际值 …).
    pub column: String,
    pub edit: Edit,
    pub old: String,
    pub new: String,
}

/// A cell left as exported while duban's value changed since the export.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    pub at: CellRef,
    pub key: Key,
    pub column: String,
    /// duban's value, shown.
    pub now: String,
}

/// Something not imported, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skip {
    pub at: CellRef,
    pub key: Option<Key>,
    pub why: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Proposal {
    pub planned: Vec<Planned>,
    pub skipped: Vec<Skip>,
    /// Rows matched to an entry (whether or not they change anything).
    pub rows: usize,
    /// Rows left out because they belong to another department than `--dept`.
    pub other_dept: usize,
    /// Cells the clerk left as exported while duban's value changed since:
    /// duban's value is kept. Listed so a reviewer sees them.
    pub kept: Vec<Kept>,
    /// Ledger sheets read, by name.
    pub sheets: Vec<String>,
}

fn show_status(s: Option<Status>) -> String {
    s.map_or("（空）".into(), |s| s.label(Lang::Zh).to_string())
}

fn show_date(d: Option<NaiveDate>) -> String {
    d.map_or("（空）".into(), |d| d.to_string())
}

fn show_num(v: Option<f64>) -> String {
    v.map_or("（空）".into(), |v| v.to_string())
}

fn show_text(s: &Option<String>) -> String {
    s.as_ref().map_or("（空）".into(), |s| {
        crate::text::sanitize(&format!("{s:?}"))
    })
}

/// Text compared without any whitespace: wrapping, CR LF and stray spaces
/// are not edits.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What one editable cell asks for.
enum Verdict<T> {
    Nothing,
    Kept,
    Apply(T),
    Conflict { now: T },
}

/// The three-way rule of the module docs; `orig` is `None` without 导出值.
fn decide<T: PartialEq + Clone>(
    cell: &Option<T>,
    orig: Option<&Option<T>>,
    cur: &Option<T>,
) -> Verdict<Option<T>> {
    if cell == cur {
        return Verdict::Nothing;
    }
    match orig {
        None if cell.is_none() => Verdict::Nothing,
        None => Verdict::Apply(cell.clone()),
        Some(o) if cell == o => Verdict::Kept,
        Some(o) if cur != o => Verdict::Conflict { now: cur.clone() },
        Some(_) => Verdict::Apply(cell.clone()),
    }
}

struct RowCtx<'a> {
    sheet: &'a Sheet,
    row: u32,
    key: Key,
    measure: &'a Measure,
    entry: Entry,
    exported: Option<Exported>,
}

impl RowCtx<'_> {
    fn at(&self, header: &str) -> CellRef {
        self.sheet.at(self.row, header).expect("header present")
    }
}

pub fn propose(plan: &Plan, ledger: &Ledger, sheets: &[Sheet], dept: Option<&str>) -> Proposal {
    let mut p = Proposal::default();
    let mut seen: BTreeMap<Key, Vec<CellRef>> = BTreeMap::new();
    let mut rows: Vec<RowCtx> = Vec::new();
    for s in sheets.iter().filter(|s| s.is_ledger()) {
        p.sheets.push(s.name.clone());
        let refuse = |why: String, p: &mut Proposal| {
            p.skipped.push(Skip {
                at: s.row_ref(s.rows.first().map_or(1, |r| r.row.saturating_sub(1))),
                key: None,
                why,
            })
        };
        if !s.repeated.is_empty() {
            refuse(
                format!(
                    "the header {} appears more than once; the sheet cannot be read unambiguously and is skipped",
                    s.repeated.join(", ")
                ),
                &mut p,
            );
            continue;
        }
        if !s.columns.contains_key(col::DEPT) {
            refuse(
                format!(
                    "the sheet has no {} column, so its rows cannot be matched; skipped",
                    col::DEPT
                ),
                &mut p,
            );
            continue;
        }
        // A renamed or deleted editable column would otherwise be skipped in silence.
        let mut missing: Vec<String> = [col::STATUS, col::DUE, col::NOTE]
            .iter()
            .filter(|h| !s.columns.contains_key(**h))
            .map(|h| h.to_string())
            .collect();
        missing.extend(
            (1..)
                .take_while(|n| s.columns.contains_key(&col::target(*n)))
                .map(col::actual)
                .filter(|h| !s.columns.contains_key(h)),
        );
        if !missing.is_empty() {
            refuse(
                format!(
                    "the sheet has no {} column (renamed or deleted?); nothing was read from it there",
                    missing.join(", ")
                ),
                &mut p,
            );
        }
        for r in &s.rows {
            if r.cells.values().all(|d| cell::text(d).is_none()) {
                continue;
            }
            let at = s.row_ref(r.row);
            let skip = |why: String, key: Option<Key>, p: &mut Proposal| {
                p.skipped.push(Skip {
                    at: at.clone(),
                    key,
                    why,
                })
            };
            let get = |h: &str| r.cells.get(h).unwrap_or(&Data::Empty);
            let (m_id, d_id) = match (get(col::MEASURE), get(col::DEPT)) {
                (Data::String(m), Data::String(d))
                    if !m.trim().is_empty() && !d.trim().is_empty() =>
                {
                    (m.trim().to_string(), d.trim().to_string())
                }
                (m, d) => {
                    skip(
                        format!(
                            "row cannot be matched: {} {} and {} {} must both be filled in as text",
                            col::MEASURE,
                            cell::shown(m),
                            col::DEPT,
                            cell::shown(d)
                        ),
                        None,
                        &mut p,
                    );
                    continue;
                }
            };
            let Some(measure) = plan.measure(&m_id) else {
                skip(
                    format!("measure {m_id:?} is not in the plan; row skipped"),
                    None,
                    &mut p,
                );
                continue;
            };
            if plan.department(&d_id).is_none() {
                skip(
                    format!("department {d_id:?} is not in the plan; row skipped"),
                    None,
                    &mut p,
                );
                continue;
            }
            let key = Key::new(&m_id, &d_id);
            if !measure.departments().contains(&d_id.as_str()) {
                skip(
                    format!("measure {m_id} is not assigned to department {d_id}; row skipped"),
                    Some(key),
                    &mut p,
                );
                continue;
            }
            if dept.is_some_and(|d| d != d_id) {
                p.other_dept += 1;
                continue;
            }
            let exported = match get(col::EXPORTED) {
                Data::Empty => None,
                d => match cell::text(d).and_then(|t| serde_json::from_str::<Exported>(&t).ok()) {
                    Some(x) => Some(x),
                    None => {
                        skip(
                            format!(
                                "the hidden column {} was edited; row skipped",
                                col::EXPORTED
                            ),
                            Some(key),
                            &mut p,
                        );
                        continue;
                    }
                },
            };
            if let Some(x) = &exported
                && (x.measure != m_id || x.dept != d_id)
            {
                skip(
                    format!(
                        "protected key columns edited: this row was exported as measure {} of department {}; row skipped",
                        x.measure, x.dept
                    ),
                    Some(key),
                    &mut p,
                );
                continue;
            }
            if let Some(why) = protected_edit(s, r, measure) {
                skip(why, Some(key), &mut p);
                continue;
            }
            seen.entry(key.clone()).or_default().push(at.clone());
            rows.push(RowCtx {
                sheet: s,
                row: r.row,
                entry: ledger.entry_or_default(&m_id, &d_id),
                key,
                measure,
                exported,
            });
        }
    }
    for rc in rows {
        let places = &seen[&rc.key];
        if places.len() > 1 {
            let list: Vec<String> = places.iter().map(ToString::to_string).collect();
            p.skipped.push(Skip {
                at: rc.sheet.row_ref(rc.row),
                key: Some(rc.key.clone()),
                why: format!(
                    "measure {} of department {} appears in more than one row ({}); fix the workbook and import again; row skipped",
                    rc.key.measure,
                    rc.key.dept,
                    list.join(", ")
                ),
            });
            continue;
        }
        p.rows += 1;
        let r = rc
            .sheet
            .rows
            .iter()
            .find(|r| r.row == rc.row)
            .expect("row came from this sheet");
        fields(&rc, r, &mut p);
    }
    p
}

/// Why a protected column no longer reads as exported, if it does not.
fn protected_edit(s: &Sheet, r: &super::read::Row, m: &Measure) -> Option<String> {
    let edited = |h: &str| {
        Some(format!(
            "protected column {h} ({}) was edited or no longer matches measure {} in the plan; row skipped (re-export if the plan changed)",
            s.at(r.row, h).expect("header present"),
            m.id
        ))
    };
    let text_of = |h: &str| r.cells.get(h).and_then(cell::text).map(|t| squash(&t));
    if s.columns.contains_key(col::TEXT) && text_of(col::TEXT) != Some(squash(&measure_text(m))) {
        return edited(col::TEXT);
    }
    for n in 1.. {
        let h = col::target(n);
        if !s.columns.contains_key(&h) {
            break;
        }
        let want = m.targets.get(n - 1).map(|t| squash(&target_text(t)));
        if text_of(&h) != want {
            return edited(&h);
        }
    }
    None
}

fn fields(rc: &RowCtx, r: &super::read::Row, p: &mut Proposal) {
    let x = rc.exported.as_ref();
    let key = &rc.key;
    let edit = |column: &str, op: Op, old: String, new: String, p: &mut Proposal| {
        p.planned.push(Planned {
            at: rc.at(column),
            column: column.to_string(),
            edit: Edit::new(&key.measure, &key.dept, op),
            old,
            new,
        })
    };
    let skip = |column: &str, why: String, p: &mut Proposal| {
        p.skipped.push(Skip {
            at: rc.at(column),
            key: Some(key.clone()),
            why,
        })
    };
    let conflict = |column: &str, now: String, cell: String, p: &mut Proposal| {
        skip(
            column,
            format!(
                "conflict: {column} changed in duban since the export (now {now}) and in the workbook ({cell}); not overwritten — settle it with `duban set` or re-export"
            ),
            p,
        )
    };
    let kept = |column: &str, now: String, p: &mut Proposal| {
        p.kept.push(Kept {
            at: rc.at(column),
            key: key.clone(),
            column: column.to_string(),
            now,
        })
    };
    let present = |h: &str| rc.sheet.columns.contains_key(h);
    let get = |h: &str| r.cells.get(h).unwrap_or(&Data::Empty);

    if present(col::STATUS) {
        match cell::status(get(col::STATUS)) {
            Err(why) => skip(col::STATUS, why, p),
            Ok(v) => {
                let orig = x.map(|x| Some(x.status));
                match decide(&v, orig.as_ref(), &Some(rc.entry.status)) {
                    Verdict::Nothing => {}
                    Verdict::Kept => kept(col::STATUS, show_status(Some(rc.entry.status)), p),
                    Verdict::Conflict { now } => {
                        conflict(col::STATUS, show_status(now), show_status(v), p)
                    }
                    Verdict::Apply(None) => skip(
                        col::STATUS,
                        "the status was cleared; choose 未开始 / 推进中 / 已完成 / 受阻".into(),
                        p,
                    ),
                    Verdict::Apply(Some(s)) => edit(
                        col::STATUS,
                        Op::SetStatus(s),
                        show_status(Some(rc.entry.status)),
                        show_status(Some(s)),
                        p,
                    ),
                }
            }
        }
    }
    if present(col::DUE) {
        match cell::date(get(col::DUE)) {
            Err(why) => skip(col::DUE, why, p),
            Ok(v) => {
                let orig = x.map(|x| x.due);
                match decide(&v, orig.as_ref(), &rc.entry.due) {
                    Verdict::Nothing => {}
                    Verdict::Kept => kept(col::DUE, show_date(rc.entry.due), p),
                    Verdict::Conflict { now } => {
                        conflict(col::DUE, show_date(now), show_date(v), p)
                    }
                    Verdict::Apply(d) => edit(
                        col::DUE,
                        Op::SetDue(d),
                        show_date(rc.entry.due),
                        show_date(d),
                        p,
                    ),
                }
            }
        }
    }
    for n in 1.. {
        let h = col::actual(n);
        if !present(&h) {
            break;
        }
        let target = rc.measure.targets.get(n - 1);
        let d = get(&h);
        let Some(t) = target else {
            if cell::text(d).is_some() {
                skip(
                    &h,
                    format!(
                        "measure {} has no target {n}; the value {} was not imported",
                        rc.key.measure,
                        cell::shown(d)
                    ),
                    p,
                );
            }
            continue;
        };
        match cell::number(d) {
            Err(why) => skip(&h, format!("{why} (target: {})", t.label), p),
            Ok(v) => {
                let orig = x.map(|x| x.actuals.get(&t.key).copied());
                let cur = rc.entry.actuals.get(&t.key).copied();
                match decide(&v, orig.as_ref(), &cur) {
                    Verdict::Nothing => {}
                    Verdict::Kept => kept(&h, show_num(cur), p),
                    Verdict::Conflict { now } => conflict(&h, show_num(now), show_num(v), p),
                    Verdict::Apply(v) => {
                        let op = match v {
                            Some(value) => Op::SetActual {
                                key: t.key.clone(),
                                value,
                            },
                            None => Op::ClearActual { key: t.key.clone() },
                        };
                        edit(&h, op, show_num(cur), show_num(v), p)
                    }
                }
            }
        }
    }
    if present(col::NOTE) {
        let v = cell::text(get(col::NOTE));
        // Compared trimmed, as `cell::text` reads the cell.
        let norm =
            |n: &str| Some(n.replace("\r\n", "\n").trim().to_string()).filter(|n| !n.is_empty());
        let cur = norm(&rc.entry.note);
        let orig = x.map(|x| norm(&x.note));
        match decide(&v, orig.as_ref(), &cur) {
            Verdict::Nothing => {}
            Verdict::Kept => kept(col::NOTE, show_text(&cur), p),
            Verdict::Conflict { now } => conflict(col::NOTE, show_text(&now), show_text(&v), p),
            Verdict::Apply(n) => edit(
                col::NOTE,
                Op::SetNote(n.clone().unwrap_or_default()),
                show_text(&cur),
                show_text(&n),
                p,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::read::Row;

    fn plan() -> Plan {
        crate::plan::load_dir(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/progress/plan"
        )))
        .unwrap()
    }

    fn s(v: &str) -> Data {
        Data::String(v.into())
    }

    /// A ledger sheet with these headers (header row 1, data from row 2).
    fn sheet(heads: &[&str], rows: Vec<Vec<Data>>) -> Sheet {
        let columns: BTreeMap<String, u32> = heads
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_string(), i as u32))
            .collect();
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| Row {
                row: i as u32 + 2,
                cells: heads
                    .iter()
                    .zip(r)
                    .filter(|(_, d)| *d != Data::Empty)
                    .map(|(h, d)| (h.to_string(), d))
                    .collect(),
            })
            .collect();
        Sheet {
            name: "税务局".into(),
            columns,
            repeated: Vec::new(),
            rows,
        }
    }

    fn exported(m: &str, d: &str, status: Status, note: &str) -> Data {
        s(&serde_json::to_string(&Exported {
            measure: m.into(),
            dept: d.into(),
            status,
            due: None,
            actuals: BTreeMap::new(),
            note: note.into(),
        })
        .unwrap())
    }

    const HEADS: [&str; 6] = [
        "措施编号",
        "部门编号",
        "状态",
        "承诺完成时间",
        "备注",
        "导出值",
    ];

    #[test]
    fn three_way_rule() {
        let (a, b, c) = (Some(1), Some(2), Some(3));
        // Same as duban now: nothing.
        assert!(matches!(decide(&a, Some(&b), &a), Verdict::Nothing));
        // Unchanged in the workbook, changed in duban: kept.
        assert!(matches!(decide(&a, Some(&a), &b), Verdict::Kept));
        // Changed in the workbook only: applied.
        assert!(matches!(decide(&b, Some(&a), &a), Verdict::Apply(Some(2))));
        // Changed in both, differently: conflict.
        assert!(matches!(
            decide(&c, Some(&a), &b),
            Verdict::Conflict { now: Some(2) }
        ));
        // Cleared in the workbook: applied as a clear.
        assert!(matches!(decide(&None, Some(&a), &a), Verdict::Apply(None)));
        // Without 导出值: blank is no information, a value applies.
        assert!(matches!(decide(&None, None, &a), Verdict::Nothing));
        assert!(matches!(decide(&b, None, &a), Verdict::Apply(Some(2))));
    }

    #[test]
    fn a_workbook_without_exported_values_never_clears() {
        let p = plan();
        let mut ledger = Ledger::default();
        ledger.entries.insert(
            Key::new("1.2", "tax"),
            Entry {
                note: "保留".into(),
                due: Some("2021-12-31".parse().unwrap()),
                ..Entry::default()
            },
        );
        let sh = sheet(
            &HEADS[..5],
            vec![vec![
                s("1.2"),
                s("tax"),
                s("推进中"),
                Data::Empty,
                Data::Empty,
            ]],
        );
        let pr = propose(&p, &ledger, &[sh], None);
        assert!(pr.skipped.is_empty(), "{:?}", pr.skipped);
        let ops: Vec<&Op> = pr.planned.iter().map(|x| &x.edit.op).collect();
        assert_eq!(ops, [&Op::SetStatus(Status::InProgress)]);
        assert_eq!(pr.planned[0].at.to_string(), "税务局!C3");
    }

    #[test]
    fn rows_that_cannot_be_trusted_are_skipped_whole() {
        let p = plan();
        let ledger = Ledger::default();
        let ns = Status::NotStarted;
        let sh = sheet(
            &HEADS,
            vec![
                // Key columns edited: exported as 1.2, now says 1.1.
                vec![
                    s("1.1"),
                    s("tax"),
                    s("已完成"),
                    Data::Empty,
                    Data::Empty,
                    exported("1.2", "tax", ns, ""),
                ],
                // Not assigned: 1.3 is market's.
                vec![
                    s("1.3"),
                    s("tax"),
                    s("已完成"),
                    Data::Empty,
                    Data::Empty,
                    Data::Empty,
                ],
                // Unknown department.
                vec![
                    s("1.2"),
                    s("nobody"),
                    s("已完成"),
                    Data::Empty,
                    Data::Empty,
                    Data::Empty,
                ],
                // Missing key.
                vec![
                    Data::Empty,
                    s("tax"),
                    s("已完成"),
                    Data::Empty,
                    Data::Empty,
                    Data::Empty,
                ],
                // The same pair twice.
                vec![
                    s("2.1"),
                    s("tax"),
                    s("已完成"),
                    Data::Empty,
                    Data::Empty,
                    Data::Empty,
                ],
                vec![
                    s("2.1"),
                    s("tax"),
                    s("受阻"),
                    Data::Empty,
                    Data::Empty,
                    Data::Empty,
                ],
                // Hidden column garbled.
                vec![
                    s("1.2"),
                    s("tax"),
                    s("已完成"),
                    Data::Empty,
                    Data::Empty,
                    s("{oops"),
                ],
                // Blank: ignored silently.
                vec![
                    Data::Empty,
                    Data::Empty,
                    s("  "),
                    Data::Empty,
                    Data::Empty,
                    Data::Empty,
                ],
            ],
        );
        let pr = propose(&p, &ledger, &[sh], None);
        assert!(pr.planned.is_empty(), "{:?}", pr.planned);
        let why: Vec<(String, &str)> = pr
            .skipped
            .iter()
            .map(|x| (x.at.to_string(), x.why.as_str()))
            .collect();
        assert_eq!(why.len(), 7, "{why:#?}");
        let has = |cell: &str, part: &str| {
            assert!(
                why.iter().any(|(c, w)| c == cell && w.contains(part)),
                "{cell} {part}: {why:#?}"
            )
        };
        has("税务局!A3", "exported as measure 1.2");
        has("税务局!A4", "not assigned to department tax");
        has("税务局!A5", "\"nobody\" is not in the plan");
        has("税务局!A6", "cannot be matched");
        has("税务局!A7", "more than one row (税务局!A7, 税务局!A8)");
        has("税务局!A8", "more than one row");
        has("税务局!A9", "导出值 was edited");
    }

    #[test]
    fn cells_are_judged_one_by_one() {
        let p = plan();
        let mut ledger = Ledger::default();
        ledger.entries.insert(
            Key::new("1.2", "tax"),
            Entry {
                note: "省局已回复".into(),
                ..Entry::default()
            },
        );
        let mut heads = HEADS.to_vec();
        heads.extend(["指标1实际值", "指标2实际值"]);
        let sh = sheet(
            &heads,
            vec![
                // Status cleared: refused; the note, unchanged since the
                // export while duban's changed, is kept; an actual for a
                // target 1.2 does not have is refused.
                vec![
                    s("1.2"),
                    s("tax"),
                    Data::Empty,
                    s("2022年1月5日"),
                    Data::Empty,
                    exported("1.2", "tax", Status::NotStarted, ""),
                    Data::Float(5.0),
                ],
                // 1.1 has two targets: the first number applies, the second is text.
                vec![
                    s("1.1"),
                    s("tax"),
                    s("推进中"),
                    Data::Empty,
                    s("备注"),
                    exported("1.1", "tax", Status::NotStarted, ""),
                    s("99.5%"),
                    s("两天"),
                ],
            ],
        );
        let pr = propose(&p, &ledger, &[sh], Some("tax"));
        let planned: Vec<(String, &Op)> = pr
            .planned
            .iter()
            .map(|x| (x.at.to_string(), &x.edit.op))
            .collect();
        assert_eq!(
            planned,
            [
                (
                    "税务局!D3".into(),
                    &Op::SetDue(Some("2022-01-05".parse().unwrap()))
                ),
                ("税务局!C4".into(), &Op::SetStatus(Status::InProgress)),
                (
                    "税务局!G4".into(),
                    &Op::SetActual {
                        key: "e_rate".into(),
                        value: 99.5
                    }
                ),
                ("税务局!E4".into(), &Op::SetNote("备注".into())),
            ]
        );
        let skipped: Vec<(String, &str)> = pr
            .skipped
            .iter()
            .map(|x| (x.at.to_string(), x.why.as_str()))
            .collect();
        assert_eq!(skipped.len(), 3, "{skipped:#?}");
        assert!(skipped[0].0 == "税务局!C3" && skipped[0].1.contains("status was cleared"));
        assert!(skipped[1].0 == "税务局!G3" && skipped[1].1.contains("has no target 1"));
        assert!(skipped[2].0 == "税务局!H4" && skipped[2].1.contains("\"两天\" is not a number"));
        assert_eq!(pr.kept.len(), 1);
        assert_eq!(pr.kept[0].at.to_string(), "税务局!E3");
        assert_eq!(pr.kept[0].now, "\"省局已回复\"");
        assert_eq!(pr.rows, 2);
    }

    #[test]
    fn sheets_that_cannot_be_read_unambiguously_are_refused() {
        let p = plan();
        let mut twice = sheet(&HEADS, vec![vec![s("1.2"), s("tax"), s("已完成")]]);
        twice.repeated.push("状态".into());
        let no_dept = sheet(&["措施编号", "状态"], vec![vec![s("1.2"), s("已完成")]]);
        let other = Sheet {
            name: "汇总".into(),
            columns: BTreeMap::new(),
            repeated: Vec::new(),
            rows: Vec::new(),
        };
        let pr = propose(&p, &Ledger::default(), &[twice, no_dept, other], None);
        assert!(pr.planned.is_empty());
        assert_eq!(pr.sheets, ["税务局", "税务局"]);
        assert_eq!(pr.skipped.len(), 2);
        assert!(pr.skipped[0].why.contains("状态 appears more than once"));
        assert!(pr.skipped[1].why.contains("no 部门编号 column"));
    }

    #[test]
    fn other_departments_rows_are_left_out_with_dept() {
        let p = plan();
        let sh = sheet(
            &HEADS[..3],
            vec![
                vec![s("1.1"), s("market"), s("已完成")],
                vec![s("1.1"), s("tax"), s("已完成")],
            ],
        );
        let pr = propose(&p, &Ledger::default(), &[sh], Some("tax"));
        assert_eq!(pr.other_dept, 1);
        assert_eq!(pr.skipped.len(), 1);
        assert!(
            pr.skipped[0].why.contains("no 承诺完成时间, 备注 column"),
            "{:?}",
            pr.skipped
        );
        assert_eq!(pr.planned.len(), 1);
        assert_eq!(pr.planned[0].edit.dept, "tax");
    }
}
