//! Undo and redo, read from the history so they work across restarts.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{Commit, Store, after_latest};
use crate::plan::Plan;
use crate::progress::edit::{self, Change, Who};
use crate::progress::error::StoreError;
use crate::progress::model::{Key, Ledger, Stamp};

impl Store {
    /// Reverts `who`'s latest save that is not undone yet, across restarts.
    /// Refused when another save changed one of its fields since.
    pub fn undo(&self, plan: &Plan, who: &Who, now: DateTime<Utc>) -> Result<Commit, StoreError> {
        self.replay(plan, who, now, true)
    }

    /// Re-applies `who`'s latest undone save (until they save something new).
    pub fn redo(&self, plan: &Plan, who: &Who, now: DateTime<Utc>) -> Result<Commit, StoreError> {
        self.replay(plan, who, now, false)
    }

    fn replay(
        &self,
        plan: &Plan,
        who: &Who,
        now: DateTime<Utc>,
        undo: bool,
    ) -> Result<Commit, StoreError> {
        let what = if undo { "undo" } else { "redo" };
        // The history is read before taking the lock: with 100 000 records
        // that takes about a second, too long to hold up other savers. A
        // save that slips in meanwhile is caught below, where every field
        // must still hold the value the history says.
        let hist = self.history()?;
        let lock = self.lock(who)?;
        let (u, r) = hist.stacks_of(who.name(), self.user.as_deref());
        let Some(target) = (if undo { u.last() } else { r.last() }).copied() else {
            return Err(StoreError::Nothing(what, who.name().to_string()));
        };
        let mut fresh = Ledger::default();
        let mut revs = BTreeMap::new();
        for c in &target.changes {
            let dept = &c.key.dept;
            // History is read as untrusted: ids become paths below.
            if !super::valid_dept_id(dept) {
                return Err(StoreError::BadDeptId { id: dept.clone() });
            }
            if !revs.contains_key(dept) {
                let l = self.read_dept(dept)?;
                revs.insert(dept.clone(), l.as_ref().map_or(0, |l| l.rev));
                for (m, en) in l.map(|l| l.entries).unwrap_or_default() {
                    fresh.entries.insert(Key::new(m, dept), en);
                }
            }
        }
        let now = after_latest(now, &fresh);
        let mut changes = Vec::new();
        let ordered: Vec<&Change> = if undo {
            target.changes.iter().rev().collect()
        } else {
            target.changes.iter().collect()
        };
        for c in ordered {
            let (expect, set) = if undo {
                (&c.to, &c.from)
            } else {
                (&c.from, &c.to)
            };
            let entry = fresh.entries.entry(c.key.clone()).or_default();
            let now_val = edit::get_field(entry, &c.field);
            if &now_val != expect {
                let by = hist
                    .txns
                    .iter()
                    .rev()
                    .find(|t| {
                        t.changes
                            .iter()
                            .any(|x| x.key == c.key && x.field == c.field)
                    })
                    .map_or_else(|| "a hand edit".to_string(), |t| t.who.name().to_string());
                return Err(StoreError::UndoConflict {
                    what,
                    key: c.key.to_string(),
                    field: c.field.to_string(),
                    by,
                    now: now_val.to_string(),
                });
            }
            edit::set_field(entry, &c.field, set.clone()).map_err(edit::EditError::Invalid)?;
            entry.updated = Some(Stamp {
                by: who.name().to_string(),
                at: now,
            });
            changes.push(Change {
                key: c.key.clone(),
                field: c.field.clone(),
                from: expect.clone(),
                to: set.clone(),
            });
        }
        let txn = self.write(
            &fresh,
            &revs,
            &changes,
            who,
            now,
            what,
            Some(target.id.clone()),
            None,
        )?;
        drop(lock);
        Ok(Commit {
            ledger: self.load_with(plan, fresh, &revs)?,
            changes,
            txn,
        })
    }
}
