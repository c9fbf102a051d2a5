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
use crate::plan::Plan;

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
    /// The save's place in the data dir's history: one more than the
    /// highest `seq` in any log when it was written, under the lock, so it
    /// never goes backwards when the clock does. Logs written before it
    /// existed have none; their records come first, ordered by time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    pub at: DateTime<Utc>,
    pub who: Who,
    /// The person behind `who` when duban knew one (`--user NAME` through
    /// the service account); absent in older logs and single-user setups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
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
    /// See [`Record::seq`].
    pub seq: Option<u64>,
    pub at: DateTime<Utc>,
    pub who: Who,
    /// See [`Record::user`].
    pub user: Option<String>,
    pub action: String,
    pub of: Option<String>,
    /// See [`Record::source`].
    pub source: Option<String>,
    pub changes: Vec<Change>,
}

impl Txn {
    /// Who saved it, for people: `alice（区税务局）` when a user is known,
    /// else the department's short name or the coordinator's name.
    pub fn by(&self, plan: &Plan) -> String {
        let role = match &self.who {
            Who::Dept(d) => plan
                .department(d)
                .map_or_else(|| d.clone(), |x| x.name.clone()),
            Who::Coordinator(c) => c.clone(),
        };
        match &self.user {
            Some(u) if *u != role => format!("{u}（{role}）"),
            _ => role,
        }
    }
}

/// The committed history of a data dir, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub txns: Vec<Txn>,
    /// What could not be read; it is skipped.
    pub problems: Vec<Problem>,
}

/// A part of the history that could not be read and was skipped.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A ledger or a log that could not be read at all.
    Store(super::StoreError),
    /// A record for another department, or with a malformed measure id.
    Foreign { file: String, line: usize },
    /// A line that is not a history record.
    NotRecord {
        file: String,
        line: usize,
        why: String,
    },
    /// A line longer than [`MAX_LINE_BYTES`].
    Long { file: String, line: usize },
}

impl Problem {
    /// The warning in `lang`, with department names from `plan`.
    pub fn say(&self, lang: crate::lang::Lang, plan: &crate::plan::Plan) -> String {
        use crate::lang::Lang;
        match (self, lang) {
            (Problem::Store(e), _) => e.say(lang, plan),
            (_, Lang::En) => self.to_string(),
            (Problem::Foreign { file, line }, Lang::Zh) => {
                format!("{file}:{line}：这条记录属于另一个部门或措施编号有误，已忽略")
            }
            (Problem::NotRecord { file, line, .. }, Lang::Zh) => {
                format!("{file}:{line}：不是历史记录，已跳过")
            }
            (Problem::Long { file, line }, Lang::Zh) => {
                format!("{file}:{line}：超长的一行（超过 {MAX_LINE_BYTES} 字节），已跳过")
            }
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Store(e) => e.fmt(f),
            Problem::Foreign { file, line } => write!(
                f,
                "{file}:{line}: a record for another department or with a malformed measure id; ignored"
            ),
            Problem::NotRecord { file, line, why } => {
                write!(f, "{file}:{line}: not a history record: {why}")
            }
            Problem::Long { file, line } => write!(
                f,
                "{file}:{line}: a line longer than {MAX_LINE_BYTES} bytes; ignored"
            ),
        }
    }
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
) -> (Vec<Record>, Vec<Problem>, bool) {
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
            Ok(r) if !belongs(&r) => problems.push(Problem::Foreign {
                file: name.to_string(),
                line: n + 1,
            }),
            Ok(r) => match groups.last_mut() {
                Some(g) if g[0].txn == r.txn => g.push(r),
                _ => groups.push(vec![r]),
            },
            Err(e) => problems.push(Problem::NotRecord {
                file: name.to_string(),
                line: n + 1,
                why: e.to_string(),
            }),
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

/// Joins the records of all logs into txns, ordered by `seq`, records
/// without one first by time; ties (two clones of a data dir merged by git)
/// by time then txn id.
pub fn assemble(records: Vec<Record>, problems: Vec<Problem>) -> History {
    let mut txns: BTreeMap<String, Txn> = BTreeMap::new();
    for r in records {
        let c = r.change();
        txns.entry(r.txn.clone())
            .or_insert_with(|| Txn {
                id: r.txn.clone(),
                seq: r.seq,
                at: r.at,
                who: r.who.clone(),
                user: r.user.clone(),
                action: r.action.clone(),
                of: r.of.clone(),
                source: r.source.clone(),
                changes: Vec::new(),
            })
            .changes
            .push(c);
    }
    let mut txns: Vec<Txn> = txns.into_values().collect();
    txns.sort_by(|a, b| (a.seq, a.at, &a.id).cmp(&(b.seq, b.at, &b.id)));
    History { txns, problems }
}

impl History {
    /// Txns of `who` that undo and redo would act on next: `(undo, redo)`,
    /// each with the next one last. An ordinary save clears the redo stack,
    /// as in any editor; the stacks are rebuilt from the log, so they survive
    /// restarts.
    pub fn stacks(&self, who: &str) -> (Vec<&Txn>, Vec<&Txn>) {
        self.stacks_of(who, None)
    }

    /// [`History::stacks`] of one person: with `user`, only the txns that
    /// person saved, so two people of one department never undo each
    /// other's work.
    pub fn stacks_of(&self, who: &str, user: Option<&str>) -> (Vec<&Txn>, Vec<&Txn>) {
        let by_id: BTreeMap<&str, &Txn> = self.txns.iter().map(|t| (t.id.as_str(), t)).collect();
        let mut undo: Vec<&Txn> = Vec::new();
        let mut redo: Vec<&Txn> = Vec::new();
        let mine =
            |t: &&Txn| t.who.name() == who && user.is_none_or(|u| t.user.as_deref() == Some(u));
        for t in self.txns.iter().filter(mine) {
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

#[cfg(test)]
mod tests {

    #[test]
    fn a_skipped_line_is_told_in_the_reader_s_language() {
        let (_, problems, _) = read_log(
            "history/tax.jsonl",
            "not json\n{\"txn\":\"x\"}\n",
            1,
            |_| true,
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        let plan = crate::plan::load_embedded().unwrap();
        let zh = problems[0].say(crate::lang::Lang::Zh, &plan);
        assert!(
            zh.contains("history/tax.jsonl:1") && zh.contains("不是历史记录"),
            "{zh}"
        );
        assert!(!zh.contains("not a history record"), "{zh}");
        let en = problems[0].say(crate::lang::Lang::En, &plan);
        assert!(en.contains("not a history record"), "{en}");
        let long = Problem::Long {
            file: "history/tax.jsonl".into(),
            line: 7,
        };
        assert!(long.say(crate::lang::Lang::Zh, &plan).contains(":7：超长"));
    }

    use super::*;

    const OLD: &str = r#"{"txn":"t1","rev":1,"at":"2022-01-05T08:00:00Z","who":{"dept":"tax"},"action":"set_note","measure":"5.8","dept":"tax","field":"note","from":"","to":"x"}"#;

    #[test]
    fn records_name_the_person_and_older_logs_read_as_before() {
        let plan = crate::plan::load_embedded().unwrap();
        let (old, problems, _) = read_log("tax.jsonl", &format!("{OLD}\n"), 1, |_| true);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(old[0].user, None);
        let new = OLD.replace(r#""action""#, r#""user":"alice","action""#);
        let (recs, problems, _) = read_log("tax.jsonl", &format!("{new}\n"), 1, |_| true);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(recs[0].user.as_deref(), Some("alice"));
        let h = assemble(recs, Vec::new());
        assert_eq!(h.txns[0].by(&plan), "alice（区税务局）");
        assert_eq!(assemble(old, Vec::new()).txns[0].by(&plan), "区税务局");
        // Written back, a record without a person says nothing about one.
        let back =
            serde_json::to_string(&read_log("t", &format!("{OLD}\n"), 1, |_| true).0[0]).unwrap();
        assert!(!back.contains("user"), "{back}");
    }

    #[test]
    fn undo_is_per_person_when_the_person_is_known() {
        let rec = |txn: &str, at: &str, user: Option<&str>| Record {
            txn: txn.into(),
            rev: 1,
            seq: None,
            at: at.parse().unwrap(),
            who: Who::Dept("tax".into()),
            user: user.map(str::to_string),
            action: "set_note".into(),
            of: None,
            source: None,
            measure: "5.8".into(),
            dept: "tax".into(),
            field: Field::Note,
            from: "".into(),
            to: txn.into(),
        };
        let h = assemble(
            vec![
                rec("a1", "2022-01-05T08:00:00Z", Some("alice")),
                rec("b1", "2022-01-05T09:00:00Z", Some("bob")),
            ],
            Vec::new(),
        );
        let ids = |v: Vec<&Txn>| v.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(h.stacks_of("tax", Some("alice")).0), ["a1"]);
        assert_eq!(ids(h.stacks_of("tax", Some("bob")).0), ["b1"]);
        assert_eq!(ids(h.stacks("tax").0), ["a1", "b1"]);
    }
}
