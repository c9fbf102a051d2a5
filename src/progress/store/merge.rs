//! Three-way merges of a department's files, for data dirs kept in git
//! (`duban merge-file`, run by git as a merge driver).
//!
//! The rule is the save's (see `save.rs`): a save re-reads the ledger under
//! the lock and applies its field changes to that fresh state, so on
//! different fields both saves survive and on the same field the later save
//! wins, with the earlier value in the history. A merge does the same with
//! the two sides' changes since the common base: every field change of
//! either side, stamped with when it was saved, is applied to the base in
//! time order. Different entries and different fields never collide; on one
//! field the later change wins and the other side's value stays in its
//! history record, which the history merge keeps.
//!
//! History logs merge as the union of both sides' records (committed ones:
//! see [`history::read_log`]), deduplicated and ordered by time, each save
//! renumbered so that no two share a revision (the revision decides which
//! records are committed, and a git merge joins two lines that each counted
//! on their own).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use chrono::{DateTime, Utc};

use super::format::{DeptFile, parse_ron, render_ledger};
use crate::progress::error::StoreError;
use crate::progress::field::{Change, Field, diff, set_field};
use crate::progress::history::{self, Record};
use crate::progress::model::{Entry, Key, Stamp, measure_order};

/// When, and by whom, one side last changed a field: `(measure, field)` →
/// stamp. Taken from that side's history; a field missing here (a hand
/// edit, or no history at hand) is dated by its entry's `updated` stamp.
pub type FieldTimes = BTreeMap<(String, Field), Stamp>;

/// The latest record per `(measure, field)` in a history log's text.
pub fn field_times(log: &str) -> FieldTimes {
    let mut out: FieldTimes = BTreeMap::new();
    for r in parse_records(log).0 {
        let k = (r.measure.clone(), r.field.clone());
        let stamp = Stamp {
            by: r.who.name().to_string(),
            at: r.at,
        };
        match out.get(&k) {
            Some(s) if (s.at, &s.by) >= (stamp.at, &stamp.by) => {}
            _ => {
                out.insert(k, stamp);
            }
        }
    }
    out
}

/// One side of a merge: the ledger text and when its fields were changed.
pub struct Side<'a> {
    pub text: &'a str,
    pub times: &'a FieldTimes,
}

/// Merges three versions of `<dept>.ron` (the base may be missing, or empty
/// when git had none). `path` names the file in errors. Any side that does
/// not parse is an error and nothing is merged.
pub fn merge_ledger(
    path: &Path,
    base: Option<&str>,
    ours: Side<'_>,
    theirs: Side<'_>,
) -> Result<String, StoreError> {
    let parse = |t: &str| parse_ron::<DeptFile>(path, None, t);
    let base = match base.filter(|t| !t.trim().is_empty()) {
        Some(t) => Some(parse(t)?),
        None => None,
    };
    let (a, b) = (parse(ours.text)?, parse(theirs.text)?);
    if a.dept != b.dept {
        return Err(StoreError::Parse {
            file: path.to_path_buf(),
            dept: None,
            line: 1,
            column: 1,
            message: format!(
                "the two sides name different departments ({:?}, {:?})",
                a.dept, b.dept
            ),
            hint: Some("a ledger is named after its department; fix the file by hand".into()),
        });
    }
    let o_rev = base.as_ref().map_or(0, |f| f.rev);
    let empty = Vec::new();
    let o_entries = base.as_ref().map_or(&empty, |f| &f.entries);
    let entries = merge_entries(
        o_entries,
        (&a.entries, ours.times),
        (&b.entries, theirs.times),
    );
    // Each side counted its own saves since the base; the merge holds both.
    let rev = (a.rev + b.rev).saturating_sub(o_rev).max(a.rev).max(b.rev);
    Ok(render_ledger(&DeptFile {
        dept: a.dept,
        rev,
        entries,
    }))
}

type Entries = [(String, Entry)];

/// The entry-by-entry, field-by-field merge (see the module docs).
pub fn merge_entries(
    base: &Entries,
    ours: (&Entries, &FieldTimes),
    theirs: (&Entries, &FieldTimes),
) -> Vec<(String, Entry)> {
    let find = |v: &Entries, m: &str| v.iter().find(|(k, _)| k == m).map(|(_, e)| e.clone());
    let mut ids: Vec<&String> = base
        .iter()
        .chain(ours.0)
        .chain(theirs.0)
        .map(|(k, _)| k)
        .collect();
    ids.sort_by(|x, y| measure_order(x, y));
    ids.dedup();
    let mut out = Vec::new();
    for m in ids {
        let o = find(base, m);
        let (a, b) = (find(ours.0, m), find(theirs.0, m));
        let merged = match (&o, a, b) {
            (_, Some(a), Some(b)) if a == b => Some(a),
            // Removed on one side (by hand) and untouched on the other stays
            // removed; removed on one side and edited on the other keeps the edit.
            (Some(o), None, Some(b)) | (Some(o), Some(b), None) if &b == o => None,
            (_, None, x) | (_, x, None) => x,
            (o, Some(a), Some(b)) => Some(merge_entry(
                m,
                o.as_ref().cloned().unwrap_or_default(),
                (&a, ours.1),
                (&b, theirs.1),
            )),
        };
        if let Some(e) = merged {
            out.push((m.clone(), e));
        }
    }
    out
}

fn merge_entry(
    measure: &str,
    base: Entry,
    ours: (&Entry, &FieldTimes),
    theirs: (&Entry, &FieldTimes),
) -> Entry {
    let key = Key::new(measure, "");
    let epoch = Stamp {
        by: String::new(),
        at: DateTime::<Utc>::UNIX_EPOCH,
    };
    let mut changes = Vec::new();
    for (side, times) in [ours, theirs] {
        for c in diff(&key, &base, side) {
            let when = times
                .get(&(measure.to_string(), c.field.clone()))
                .or(side.updated.as_ref())
                .unwrap_or(&epoch)
                .clone();
            // The value breaks a tie, so both orders of one merge agree.
            changes.push((when.at, when.by, c.to.to_string(), c));
        }
    }
    // A side that changed a field and set it back since the base shows no
    // difference, yet setting it back may be later than the other side's
    // change, and then it wins: it is a change too, dated by that side's
    // history. (Not for steps: two sites' steps of one id are different
    // steps, renumbered below.)
    for ((side, times), (other, _)) in [(ours, theirs), (theirs, ours)] {
        let here: Vec<Field> = diff(&key, &base, side)
            .into_iter()
            .map(|c| c.field)
            .collect();
        for c in diff(&key, &base, other) {
            if matches!(c.field, Field::Step(_)) || here.contains(&c.field) {
                continue;
            }
            if let Some(when) = times.get(&(measure.to_string(), c.field.clone())) {
                let back = Change {
                    key: c.key.clone(),
                    field: c.field.clone(),
                    from: c.to.clone(),
                    to: c.from.clone(),
                };
                changes.push((when.at, when.by.clone(), back.to.to_string(), back));
            }
        }
    }
    changes.sort_by(|x, y| (x.0, &x.1, &x.2).cmp(&(y.0, &y.1, &y.2)));
    let mut top = [&base, ours.0, theirs.0]
        .iter()
        .flat_map(|e| e.steps.iter().map(|s| s.id))
        .max()
        .unwrap_or(0);
    // A save numbers a new step max + 1, so two sites adding a step each
    // give both the same id; the later one takes the next free id instead
    // of replacing the other.
    let mut added: BTreeMap<u32, String> = BTreeMap::new();
    for (_, _, to, c) in changes.iter_mut() {
        let Field::Step(id) = c.field else { continue };
        if !c.from.is_null() || c.to.is_null() {
            continue;
        }
        match added.get(&id) {
            Some(first) if first != to => {
                top += 1;
                c.field = Field::Step(top);
                c.to["id"] = serde_json::json!(top);
            }
            _ => {
                added.insert(id, to.clone());
            }
        }
    }
    let mut e = base;
    for (_, _, _, c) in changes {
        // A value one side wrote is one an entry holds; a hand edit that
        // does not fit the field keeps the earlier value.
        let _ = set_field(&mut e, &c.field, c.to);
    }
    e.updated = [&ours.0.updated, &theirs.0.updated]
        .into_iter()
        .flatten()
        .max_by(|x, y| (x.at, &x.by).cmp(&(y.at, &y.by)))
        .cloned();
    e
}

/// A log's records, and the lines that are not records (kept as they are).
fn parse_records(log: &str) -> (Vec<Record>, Vec<String>) {
    let mut other = Vec::new();
    for line in log.lines() {
        if !line.trim().is_empty() && serde_json::from_str::<Record>(line).is_err() {
            other.push(line.to_string());
        }
    }
    // Without the ledger's revision every group counts, except those an
    // interrupted save left behind and a later one superseded.
    let (records, _, _) = history::read_log("", log, u64::MAX, |_| true);
    (records, other)
}

/// Merges three versions of `history/<dept>.jsonl`: the union of the
/// records, each save once, ordered by time, renumbered from 1. Lines that
/// are not records are kept, after the records.
pub fn merge_history(base: Option<&str>, ours: &str, theirs: &str) -> String {
    let mut groups: Vec<Vec<Record>> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut other: Vec<String> = Vec::new();
    let mut other_seen: BTreeSet<String> = BTreeSet::new();
    for log in [base.unwrap_or(""), ours, theirs] {
        let (records, rest) = parse_records(log);
        let mut run: Vec<Record> = Vec::new();
        for r in records {
            if run
                .first()
                .is_some_and(|f| f.txn != r.txn || f.dept != r.dept)
            {
                push_group(&mut groups, &mut seen, std::mem::take(&mut run));
            }
            run.push(r);
        }
        push_group(&mut groups, &mut seen, run);
        for l in rest {
            if other_seen.insert(l.clone()) {
                other.push(l);
            }
        }
    }
    groups.sort_by(|x, y| (x[0].at, &x[0].txn, &x[0].dept).cmp(&(y[0].at, &y[0].txn, &y[0].dept)));
    let mut out = String::new();
    for (i, g) in groups.into_iter().enumerate() {
        for mut r in g {
            r.rev = i as u64 + 1;
            out.push_str(&serde_json::to_string(&r).expect("records are plain data"));
            out.push('\n');
        }
    }
    for l in other {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

/// Adds a save's records unless the same save is already there (possibly
/// under another revision, after an earlier merge renumbered it).
fn push_group(groups: &mut Vec<Vec<Record>>, seen: &mut HashSet<String>, g: Vec<Record>) {
    if g.is_empty() {
        return;
    }
    let id: Vec<String> = g
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.rev = 0;
            serde_json::to_string(&r).expect("records are plain data")
        })
        .collect();
    if seen.insert(id.join("\n")) {
        groups.push(g);
    }
}

/// The highest revision among a log's committed-looking records (0 when none).
pub fn max_rev(log: &str) -> u64 {
    parse_records(log)
        .0
        .iter()
        .map(|r| r.rev)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
