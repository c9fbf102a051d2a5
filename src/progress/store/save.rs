//! The save: checked edits applied under the lock to the state on disk, the
//! history appended, then each touched ledger replaced.

use std::collections::BTreeMap;
use std::fs;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};

use super::files::replace;
use super::format::{DeptFile, render_ledger};
use super::journal::DeptWrite;
use super::{Commit, Saved, Store, after_latest, valid_dept_id};
use crate::plan::Plan;
use crate::progress::edit::{self, Change, Edit, Who};
use crate::progress::error::StoreError;
use crate::progress::history::Record;
use crate::progress::model::{Entry, Key, Ledger, measure_order};

impl Store {
    /// The locked, merged save: applies `edits` in order to the state on disk
    /// and writes the result. All edits are checked first; if any is refused
    /// nothing is written. Returns the fresh ledger.
    pub fn commit(
        &self,
        plan: &Plan,
        edits: &[Edit],
        who: &Who,
        now: DateTime<Utc>,
    ) -> Result<Commit, StoreError> {
        self.commit_from(plan, edits, who, now, None)
    }

    /// [`Store::commit`], with the history recording where the values came
    /// from (`source`, e.g. the workbook `duban ingest` read).
    pub fn commit_from(
        &self,
        plan: &Plan,
        edits: &[Edit],
        who: &Who,
        now: DateTime<Utc>,
        source: Option<&str>,
    ) -> Result<Commit, StoreError> {
        let (saved, fresh, revs) = self.save_edits(plan, edits, who, now, source)?;
        // The fresh ledger is read after the lock is released: every file is
        // replaced whole, so the read is consistent per department, and
        // holding the lock longer would only slow the other writers.
        Ok(Commit {
            ledger: self.load_with(plan, fresh, &revs)?,
            changes: saved.changes,
            txn: saved.txn,
        })
    }

    /// [`Store::commit_from`] for a caller that exits after saving (`duban
    /// set`, `duban review decide`): the same save, without reading every
    /// department back (at 100 departments most of the command's time).
    pub fn save(
        &self,
        plan: &Plan,
        edits: &[Edit],
        who: &Who,
        now: DateTime<Utc>,
        source: Option<&str>,
    ) -> Result<Saved, StoreError> {
        self.save_edits(plan, edits, who, now, source)
            .map(|(saved, _, _)| saved)
    }

    /// The save itself; also hands back the touched departments as written
    /// and their revisions, for [`Store::commit_from`]'s reload.
    fn save_edits(
        &self,
        plan: &Plan,
        edits: &[Edit],
        who: &Who,
        now: DateTime<Utc>,
        source: Option<&str>,
    ) -> Result<(Saved, Ledger, BTreeMap<String, u64>), StoreError> {
        for e in edits {
            if !valid_dept_id(&e.dept) {
                return Err(StoreError::BadDeptId { id: e.dept.clone() });
            }
            edit::check(plan, e, who)?;
        }
        let lock = self.lock(who)?;
        let mut fresh = Ledger::default();
        let mut revs = BTreeMap::new();
        for e in edits {
            if !revs.contains_key(&e.dept) {
                let l = self.read_dept(&e.dept)?;
                revs.insert(e.dept.clone(), l.as_ref().map_or(0, |l| l.rev));
                for (m, en) in l.map(|l| l.entries).unwrap_or_default() {
                    fresh.entries.insert(Key::new(m, &e.dept), en);
                }
            }
        }
        let now = after_latest(now, &fresh);
        let mut changes = Vec::new();
        for e in edits {
            changes.extend(edit::apply(plan, &mut fresh, e, who, now)?);
        }
        let action = match edits {
            [one] => one.op.name().to_string(),
            _ => "edit".to_string(),
        };
        let txn = self.write(&fresh, &revs, &changes, who, now, &action, None, source)?;
        drop(lock);
        Ok((Saved { changes, txn }, fresh, revs))
    }

    /// Writes the departments touched by `changes`: history first, then the
    /// ledger (the commit point). Called with the lock held.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn write(
        &self,
        fresh: &Ledger,
        revs: &BTreeMap<String, u64>,
        changes: &[Change],
        who: &Who,
        now: DateTime<Utc>,
        action: &str,
        of: Option<String>,
        source: Option<&str>,
    ) -> Result<Option<String>, StoreError> {
        if changes.is_empty() {
            return Ok(None);
        }
        let txn = new_txn_id(now);
        let seq = Some(self.next_seq());
        self.sweep_temps();
        self.ensure_gitignore();
        let mut by_dept: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
        for c in changes {
            by_dept.entry(c.key.dept.as_str()).or_default().push(c);
        }
        let mut writes = Vec::new();
        for (dept, cs) in by_dept {
            let rev = revs.get(dept).copied().unwrap_or(0) + 1;
            let records: Vec<Record> = cs
                .iter()
                .map(|c| Record {
                    txn: txn.clone(),
                    rev,
                    seq,
                    at: now,
                    who: who.clone(),
                    user: self.user.clone(),
                    action: action.to_string(),
                    of: of.clone(),
                    source: source.map(str::to_string),
                    measure: c.key.measure.clone(),
                    dept: dept.to_string(),
                    field: c.field.clone(),
                    from: c.from.clone(),
                    to: c.to.clone(),
                })
                .collect();
            let mut entries: Vec<(String, Entry)> = fresh
                .dept_entries(dept)
                .map(|(k, e)| (k.measure.clone(), e.clone()))
                .collect();
            entries.sort_by(|a, b| measure_order(&a.0, &b.0));
            let file = DeptFile {
                dept: dept.to_string(),
                rev,
                entries,
            };
            writes.push(DeptWrite {
                dept: dept.to_string(),
                rev,
                text: render_ledger(&file),
                records,
            });
        }
        match <[DeptWrite; 1]>::try_from(writes) {
            Ok([w]) => {
                // One ledger is replaced by one rename: no journal needed.
                // The history goes in only once the new ledger is safely in
                // its temp file: a dir that cannot take the ledger gets no record.
                replace(
                    &self.dir,
                    &format!("{}.ron", w.dept),
                    w.text.as_bytes(),
                    true,
                    || self.append_history(&w.dept, &w.records).map(|_| ()),
                )?;
            }
            Err(writes) => self.write_journaled(&txn, writes)?,
        }
        Ok(Some(txn))
    }

    /// Removes temp files left by a save that was killed (we hold the lock,
    /// so no save is in flight).
    fn sweep_temps(&self) {
        if let Ok(rd) = fs::read_dir(&self.dir) {
            for e in rd.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if n.starts_with('.') && n.contains(".tmp.") {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
    }

    fn ensure_gitignore(&self) {
        let p = self.dir.join(".gitignore");
        if fs::symlink_metadata(&p).is_err() {
            let _ = replace(
                &self.dir,
                ".gitignore",
                b"*.lock\n*.bak\n.*.tmp.*\nduban.journal\nrecovery-*.json\n",
                false,
                || Ok(()),
            );
        }
    }
}

fn new_txn_id(now: DateTime<Utc>) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{:x}-{:x}-{:x}{:x}",
        now.timestamp_millis(),
        std::process::id(),
        n,
        nanos
    )
}
