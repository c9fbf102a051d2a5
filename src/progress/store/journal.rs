//! Saves that span departments, all or nothing.
//!
//! One ledger is replaced by one rename, which a crash cannot split. A save
//! touching several (a coordinator's `ingest`, an undo of it, a meeting's
//! decisions) needs a commit point of its own, `duban.journal`:
//!
//! 1. every new ledger is written to its temp file and fsynced — a full disk
//!    fails here, before anything a reader sees has changed;
//! 2. every history log gets its records (above its ledger's `rev`, so
//!    readers ignore them until the ledger is in place);
//! 3. `duban.journal`, naming each department's new `rev` and temp file, is
//!    written atomically: the commit point;
//! 4. the temp files are renamed over the ledgers, then the journal goes.
//!
//! A failure before 3 takes the records off again and removes the temp
//! files: nothing was changed. A process killed after 3 leaves the journal,
//! and whoever takes the lock next (any duban process, before it reads or
//! writes) finishes step 4 from it. Readers that find a journal take the
//! lock first, so they see the save wholly or not at all.

use std::fs;

use serde::{Deserialize, Serialize};

use super::atomic::{Install, Staged, stage, write_atomic};
use super::files::{keep_bak_of, refuse_symlink, sync_dir};
use super::{Store, valid_dept_id};
use crate::progress::error::StoreError;
use crate::progress::history::Record;

pub(super) const JOURNAL_FILE: &str = "duban.journal";

/// One department's part of a save: its new ledger and history records.
pub(super) struct DeptWrite {
    pub(super) dept: String,
    pub(super) rev: u64,
    pub(super) text: String,
    pub(super) records: Vec<Record>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    txn: String,
    depts: Vec<Pending>,
}

/// A ledger still to be put in place: `tmp` (a name in the data dir) holds
/// the content of revision `rev`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pending {
    dept: String,
    rev: u64,
    tmp: String,
}

impl Store {
    /// Writes several departments as the module docs describe. Called with
    /// the lock held.
    pub(super) fn write_journaled(
        &self,
        txn: &str,
        writes: Vec<DeptWrite>,
    ) -> Result<(), StoreError> {
        let mut staged: Vec<Staged> = Vec::new();
        for w in &writes {
            let target = self.ledger_path(&w.dept);
            refuse_symlink(&target, Some(&w.dept))?;
            staged.push(stage(&target, w.text.as_bytes())?);
        }
        let mut appended: Vec<(&str, u64)> = Vec::new();
        let undo_appends = |appended: &[(&str, u64)]| {
            for (dept, start) in appended {
                self.cut_history(dept, *start);
            }
        };
        for w in &writes {
            match self.append_history(&w.dept, &w.records) {
                Ok(start) => appended.push((&w.dept, start)),
                Err(e) => {
                    undo_appends(&appended);
                    return Err(e);
                }
            }
        }
        let journal = Journal {
            txn: txn.to_string(),
            depts: writes
                .iter()
                .zip(&staged)
                .map(|(w, s)| Pending {
                    dept: w.dept.clone(),
                    rev: w.rev,
                    tmp: s
                        .tmp_path()
                        .and_then(|p| p.file_name())
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                })
                .collect(),
        };
        let path = self.journal_path();
        let body = serde_json::to_string(&journal).expect("a journal is plain data");
        if let Err(e) = write_atomic(&path, body.as_bytes(), Install::Replace) {
            // Renamed but not fsynced counts as not written: take it back,
            // so "nothing was changed" stays true.
            let _ = fs::remove_file(&path);
            undo_appends(&appended);
            return Err(e.into());
        }
        // Committed: the temp files now belong to the journal, and putting
        // them in place is the same work a later process would do. A
        // failure from here leaves the journal for the next one, and says so.
        staged.into_iter().for_each(Staged::leave);
        self.roll_forward().map_err(unfinished)
    }

    pub(super) fn journal_path(&self) -> std::path::PathBuf {
        self.dir.join(JOURNAL_FILE)
    }

    /// Whether a multi-department save was committed but not yet put in
    /// place (the process writing it was killed, or its disk failed).
    pub fn journal_pending(&self) -> bool {
        fs::symlink_metadata(self.journal_path()).is_ok()
    }

    /// Finishes a journaled save a killed process left. Called with the
    /// lock held, before anything is read for a save.
    pub(super) fn roll_forward(&self) -> Result<(), StoreError> {
        let path = self.journal_path();
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(StoreError::io(&path, "read the journal", &e)),
        };
        // Written atomically by duban, so never torn; anything else in its
        // place is no save of ours, and nothing in it can be trusted.
        let Ok(journal) = serde_json::from_str::<Journal>(&text) else {
            return self.forget_journal();
        };
        for p in &journal.depts {
            let name = format!("{}.ron", p.dept);
            let ours = valid_dept_id(&p.dept)
                && p.tmp.starts_with(&format!(".{name}.tmp."))
                && !p.tmp.contains('/');
            if !ours {
                continue;
            }
            let target = self.ledger_path(&p.dept);
            let tmp = self.dir.join(&p.tmp);
            let todo = match self.parse_dept(&p.dept, &target) {
                Ok(Some(l)) => l.rev < p.rev,
                Ok(None) => true,
                // A file that cannot be read is never written over.
                Err(_) => false,
            };
            if !todo || fs::symlink_metadata(&tmp).is_err() {
                continue;
            }
            refuse_symlink(&target, Some(&p.dept))?;
            keep_bak_of(&self.dir, &name)?;
            fs::rename(&tmp, &target)
                .map_err(|e| StoreError::io(&target, "finish the journaled save", &e))?;
        }
        sync_dir(&self.dir)?;
        self.forget_journal()
    }

    fn forget_journal(&self) -> Result<(), StoreError> {
        let path = self.journal_path();
        match fs::remove_file(&path) {
            Ok(()) => sync_dir(&self.dir),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(StoreError::io(&path, "remove the finished journal", &e)),
        }
    }

    /// For readers: a journal on disk means a save is half in place, so
    /// wait for the lock (whoever takes it finishes the save) before
    /// reading. A reader that cannot lock (a read-only dir) reads as is and
    /// is told why the departments may disagree.
    pub(super) fn settle(&self) -> Option<StoreError> {
        if !self.journal_pending() {
            return None;
        }
        self.lock_as("a reader finishing a journaled save").err()
    }
}

/// A failure after the commit point: the message must not say nothing
/// changed, because the next duban run completes the save.
fn unfinished(e: StoreError) -> StoreError {
    match e {
        StoreError::Io {
            file,
            op,
            kind,
            message,
            ..
        } => StoreError::Io {
            file,
            op,
            kind,
            message,
            hint: Some(format!(
                "the save is committed in {JOURNAL_FILE}: the next duban run in this data dir puts the rest in place"
            )),
        },
        other => other,
    }
}
