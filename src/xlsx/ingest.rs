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
use crate::lang::Lang;
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
    lang: Lang,
}

impl RowCtx<'_> {
    fn at(&self, header: &str) -> CellRef {
        self.sheet.at(self.row, header).expect("header present")
    }
}

/// Reasons are worded in `lang`.
pub fn propose(
    plan: &Plan,
    ledger: &Ledger,
    sheets: &[Sheet],
    dept: Option<&str>,
    lang: Lang,
) -> Proposal {
    let zh = lang == Lang::Zh;
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
            let heads = s.repeated.join(", ");
            refuse(
                if zh {
                    format!("表头 {heads} 出现不止一次，无法确定各列，整张表跳过")
                } else {
                    format!(
                        "the header {heads} appears more than once; the sheet cannot be read unambiguously and is skipped"
                    )
                },
                &mut p,
            );
            continue;
        }
        if !s.columns.contains_key(col::DEPT) {
            refuse(
                if zh {
                    format!("此表没有 {} 列，无法对应各行，跳过", col::DEPT)
                } else {
                    format!(
                        "the sheet has no {} column, so its rows cannot be matched; skipped",
                        col::DEPT
                    )
                },
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
            let cols = missing.join(", ");
            refuse(
                if zh {
                    format!("此表没有 {cols} 列（改名或删除了？），这些列未读取")
                } else {
                    format!(
                        "the sheet has no {cols} column (renamed or deleted?); nothing was read from it there"
                    )
                },
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
                    let (a, b) = (cell::shown(m), cell::shown(d));
                    skip(
                        if zh {
                            format!(
                                "此行无法对应：{} {a} 和 {} {b} 都须以文本填写",
                                col::MEASURE,
                                col::DEPT
                            )
                        } else {
                            format!(
                                "row cannot be matched: {} {a} and {} {b} must both be filled in as text",
                                col::MEASURE,
                                col::DEPT
                            )
                        },
                        None,
                        &mut p,
                    );
                    continue;
                }
            };
            let Some(measure) = plan.measure(&m_id) else {
                skip(
                    if zh {
                        format!("措施 {m_id:?} 不在方案中，此行跳过")
                    } else {
                        format!("measure {m_id:?} is not in the plan; row skipped")
                    },
                    None,
                    &mut p,
                );
                continue;
            };
            if plan.department(&d_id).is_none() {
                skip(
                    if zh {
                        format!("部门 {d_id:?} 不在方案中，此行跳过")
                    } else {
                        format!("department {d_id:?} is not in the plan; row skipped")
                    },
                    None,
                    &mut p,
                );
                continue;
            }
            let key = Key::new(&m_id, &d_id);
            if !measure.departments().contains(&d_id.as_str()) {
                skip(
                    if zh {
                        format!("措施 {m_id} 不由部门 {d_id} 承担，此行跳过")
                    } else {
                        format!("measure {m_id} is not assigned to department {d_id}; row skipped")
                    },
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
                            if zh {
                                format!("隐藏列 {} 被修改，此行跳过", col::EXPORTED)
                            } else {
                                format!(
                                    "the hidden column {} was edited; row skipped",
                                    col::EXPORTED
                                )
                            },
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
                    if zh {
                        format!(
                            "受保护的编号列被修改：此行导出时是部门 {} 的措施 {}，此行跳过",
                            x.dept, x.measure
                        )
                    } else {
                        format!(
                            "protected key columns edited: this row was exported as measure {} of department {}; row skipped",
                            x.measure, x.dept
                        )
                    },
                    Some(key),
                    &mut p,
                );
                continue;
            }
            if let Some(why) = protected_edit(s, r, measure, lang) {
                skip(why, Some(key), &mut p);
                continue;
            }
            // The other read-only cells: each edit is named with its cell and
            // left out; the row's editable cells still count.
            for (h, want) in exported.iter().flat_map(|x| &x.shown) {
                if let Some(at) = s.at(r.row, h)
                    && fingerprint(&read_only_text(h, get(h), lang)) != *want
                {
                    p.skipped.push(Skip {
                        at,
                        key: Some(key.clone()),
                        why: if zh {
                            format!("只读列 {h} 被修改（{}），此改动未导入", cell::shown(get(h)))
                        } else {
                            format!(
                                "protected column {h} is read-only and was edited ({}); the edit was not imported",
                                cell::shown(get(h))
                            )
                        },
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
                lang,
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
                why: if zh {
                    format!(
                        "部门 {} 的措施 {} 出现在多行（{}）；请改正后重新导入，此行跳过",
                        rc.key.dept,
                        rc.key.measure,
                        list.join("、")
                    )
                } else {
                    format!(
                        "measure {} of department {} appears in more than one row ({}); fix the workbook and import again; row skipped",
                        rc.key.measure,
                        rc.key.dept,
                        list.join(", ")
                    )
                },
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
fn read_only_text(header: &str, d: &Data, lang: Lang) -> String {
    if (header == col::PLAN_DUE || header == col::DONE_ON)
        && let Ok(day) = cell::date(d, lang)
    {
        return day.map(|x| x.to_string()).unwrap_or_default();
    }
    cell::text(d).unwrap_or_default()
}

/// Why a protected column no longer reads as exported, if it does not.
fn protected_edit(s: &Sheet, r: &super::read::Row, m: &Measure, lang: Lang) -> Option<String> {
    let edited = |h: &str| {
        let at = s.at(r.row, h).expect("header present");
        Some(match lang {
            Lang::Zh => format!(
                "受保护列 {h}（{at}）被修改，或与方案中的措施 {} 不再一致，此行跳过（方案有变请重新导出）",
                m.id
            ),
            Lang::En => format!(
                "protected column {h} ({at}) was edited or no longer matches measure {} in the plan; row skipped (re-export if the plan changed)",
                m.id
            ),
        })
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
