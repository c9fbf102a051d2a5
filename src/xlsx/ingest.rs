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
    /// duban's value is kept.
    pub kept: usize,
    /// Ledger sheets read, by name.
    pub sheets: Vec<String>,
}

fn show_status(s: Option<Status>) -> String {
    s.map_or("（空）".into(), |s| s.label_zh().to_string())
}

fn show_date(d: Option<NaiveDate>) -> String {
    d.map_or("（空）".into(), |d| d.to_string())
}

fn show_num(v: Option<f64>) -> String {
    v.map_or("（空）".into(), |v| v.to_string())
}

fn show_text(s: &Option<String>) -> String {
    s.as_ref().map_or("（空）".into(), |s| format!("{s:?}"))
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
    let present = |h: &str| rc.sheet.columns.contains_key(h);
    let get = |h: &str| r.cells.get(h).unwrap_or(&Data::Empty);

    if present(col::STATUS) {
        match cell::status(get(col::STATUS)) {
            Err(why) => skip(col::STATUS, why, p),
            Ok(v) => {
                let orig = x.map(|x| Some(x.status));
                match decide(&v, orig.as_ref(), &Some(rc.entry.status)) {
                    Verdict::Nothing => {}
                    Verdict::Kept => p.kept += 1,
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
                    Verdict::Kept => p.kept += 1,
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
                    Verdict::Kept => p.kept += 1,
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
            Verdict::Kept => p.kept += 1,
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
