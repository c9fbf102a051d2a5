//! The append-only history: one JSON line per changed field.
//!
//! Each department has its own log, `history/<dept>.jsonl`, next to its
//! ledger file, so a data dir in git merges cleanly when different
//! departments edit. A save appends its records (fsynced) *before* it renames
//! the new ledger file into place; the ledger's `rev` is the commit point:
//!
//! * records whose `rev` is above the ledger file's `rev` belong to a save
//!   that was interrupted and are ignored;
//! * when several groups carry the same `rev` (an interrupted save followed
//!   by the one that succeeded), the last one is the committed one;
//! * a last line without its newline is a torn append: ignored when reading,
//!   cut off by the next save before it appends.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::edit::{Change, Field, Who};
use super::model::Key;

/// The longest history line read (and written): a record of one field,
/// whose texts are bounded (`edit::bounds`), is a few kilobytes.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// One line of a history log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Shared by every record of one save (across departments).
    pub txn: String,
    /// The department ledger's revision this save produced.
    pub rev: u64,
    pub at: DateTime<Utc>,
    pub who: Who,
    /// The [`Op`](super::Op) name, or `undo` / `redo`.
    pub action: String,
    /// For `undo` / `redo`: the txn undone or redone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// Where the values came from when not typed in duban, e.g. the
    /// workbook a `duban ingest` read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub measure: String,
    pub dept: String,
    pub field: Field,
    pub from: Value,
    pub to: Value,
}

impl Record {
    pub fn change(&self) -> Change {
        Change {
            key: Key::new(&self.measure, &self.dept),
            field: self.field.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }
}

/// One save: everything one person changed at once.
#[derive(Debug, Clone, PartialEq)]
pub struct Txn {
    pub id: String,
    pub at: DateTime<Utc>,
    pub who: Who,
    pub action: String,
    pub of: Option<String>,
    /// See [`Record::source`].
    pub source: Option<String>,
    pub changes: Vec<Change>,
}

/// The committed history of a data dir, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub txns: Vec<Txn>,
    /// Lines that could not be read (`file:line: why`); they are skipped.
    pub problems: Vec<String>,
}

/// Parses one log against its ledger's revision and returns its committed
/// records. `torn` is set when the last line lacks its newline. A record
/// `belongs` rejects is reported and set aside before revisions are
/// matched, so it can neither be replayed nor displace a real one.
pub fn read_log(
    name: &str,
    text: &str,
    file_rev: u64,
    belongs: impl Fn(&Record) -> bool,
) -> (Vec<Record>, Vec<String>, bool) {
    let mut problems = Vec::new();
    let (body, torn) = match text.rfind('\n') {
        Some(i) => (&text[..=i], i + 1 < text.len()),
        None => ("", !text.is_empty()),
    };
    // Groups of consecutive records of one txn, in file order.
    let mut groups: Vec<Vec<Record>> = Vec::new();
    for (n, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(r) if !belongs(&r) => problems.push(format!(
                "{name}:{}: a record for another department or with a malformed measure id; ignored",
                n + 1
            )),
            Ok(r) => match groups.last_mut() {
                Some(g) if g[0].txn == r.txn => g.push(r),
                _ => groups.push(vec![r]),
            },
            Err(e) => problems.push(format!("{name}:{}: not a history record: {e}", n + 1)),
        }
    }
    let mut by_rev: BTreeMap<u64, usize> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        if g[0].rev <= file_rev {
            by_rev.insert(g[0].rev, i);
        }
    }
    let mut keep: Vec<usize> = by_rev.into_values().collect();
    keep.sort_unstable();
    let mut out = Vec::new();
    for i in keep {
        out.append(&mut groups[i]);
    }
    (out, problems, torn)
}

/// Joins the records of all logs into txns, ordered by time then txn id.
pub fn assemble(records: Vec<Record>, problems: Vec<String>) -> History {
    let mut txns: BTreeMap<String, Txn> = BTreeMap::new();
    for r in records {
        let c = r.change();
        txns.entry(r.txn.clone())
            .or_insert_with(|| Txn {
                id: r.txn.clone(),
                at: r.at,
                who: r.who.clone(),
                action: r.action.clone(),
                of: r.of.clone(),
                source: r.source.clone(),
                changes: Vec::new(),
            })
            .changes
            .push(c);
    }
    let mut txns: Vec<Txn> = txns.into_values().collect();
    txns.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    History { txns, problems }
}

impl History {
    /// Txns of `who` that undo and redo would act on next: `(undo, redo)`,
    /// each with the next one last. An ordinary save clears the redo stack,
    /// as in any editor; the stacks are rebuilt from the log, so they survive
    /// restarts.
    pub fn stacks(&self, who: &str) -> (Vec<&Txn>, Vec<&Txn>) {
        let by_id: BTreeMap<&str, &Txn> = self.txns.iter().map(|t| (t.id.as_str(), t)).collect();
        let mut undo: Vec<&Txn> = Vec::new();
        let mut redo: Vec<&Txn> = Vec::new();
        for t in self.txns.iter().filter(|t| t.who.name() == who) {
            let target = t.of.as_deref().and_then(|id| by_id.get(id).copied());
            match (t.action.as_str(), target) {
                ("undo", Some(x)) => {
                    undo.retain(|u| u.id != x.id);
                    redo.push(x);
                }
                ("redo", Some(x)) => {
                    redo.retain(|u| u.id != x.id);
                    undo.push(x);
                }
                ("undo" | "redo", None) => {}
                _ => {
                    undo.push(t);
                    redo.clear();
                }
            }
        }
        (undo, redo)
    }

    /// Txns touching one entry, oldest first.
    pub fn for_key<'a>(&'a self, key: &'a Key) -> impl Iterator<Item = &'a Txn> {
        self.txns
            .iter()
            .filter(move |t| t.changes.iter().any(|c| &c.key == key))
    }

    /// Txns saved after `since` (e.g. the last review), oldest first.
    pub fn since(&self, since: DateTime<Utc>) -> impl Iterator<Item = &Txn> {
        self.txns.iter().filter(move |t| t.at > since)
    }
}
