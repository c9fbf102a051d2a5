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

use super::cell;
use super::col;
use super::layout::{Exported, fingerprint, measure_text, target_text};
use super::read::{CellRef, Sheet};
use crate::plan::{Measure, Plan};
use crate::progress::{Edit, Entry, Key, Ledger};
use fields::fields;

mod fields;

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

/// Text compared without any whitespace: wrapping, CR LF and stray spaces
/// are not edits.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
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
            // The other read-only cells: each edit is named with its cell and
            // left out; the row's editable cells still count.
            for (h, want) in exported.iter().flat_map(|x| &x.shown) {
                if let Some(at) = s.at(r.row, h)
                    && fingerprint(&read_only_text(h, get(h))) != *want
                {
                    p.skipped.push(Skip {
                        at,
                        key: Some(key.clone()),
                        why: format!(
                            "protected column {h} is read-only and was edited ({}); the edit was not imported",
                            cell::shown(get(h))
                        ),
                    });
                }
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

/// A read-only cell's text as the export wrote it: a date cell as
/// YYYY-MM-DD, a blank as nothing.
fn read_only_text(header: &str, d: &Data) -> String {
    if (header == col::PLAN_DUE || header == col::DONE_ON)
        && let Ok(day) = cell::date(d)
    {
        return day.map(|x| x.to_string()).unwrap_or_default();
    }
    cell::text(d).unwrap_or_default()
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

#[cfg(test)]
mod tests;
