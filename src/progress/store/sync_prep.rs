//! What a data dir kept in git needs around a commit and a merge, done
//! under the data dir's lock by `duban sync`.
//!
//! A history log may hold records of a save that was killed before its
//! ledger was renamed into place; they are ignored because their revision
//! is above the ledger's. In git that no longer holds once two machines'
//! logs are joined, so they are dropped before a commit. After a merge, a
//! ledger's revision must cover every record of its merged history, or the
//! records above it would read as uncommitted.

use std::fs::File;

use super::files::{read_text, replace};
use super::format::{DeptFile, parse_ron, render_ledger};
use super::{HISTORY_DIR, Store, belongs};
use crate::progress::edit::Who;
use crate::progress::error::StoreError;
use crate::progress::history::{self, Record};

impl Store {
    /// The data dir's lock, for a caller that changes files outside a save
    /// (`duban sync` while git commits and merges). Released on drop.
    pub fn lock_for(&self, who: &Who) -> Result<File, StoreError> {
        self.lock(who)
    }

    /// Drops the records no ledger revision committed (and a torn last
    /// line) from every history log. Returns the departments rewritten.
    /// Call with the lock held.
    pub fn compact_histories(&self) -> Result<Vec<String>, StoreError> {
        let mut done = Vec::new();
        for dept in self.dept_files(&mut Vec::new())? {
            let rev = self.read_dept(&dept)?.map_or(0, |l| l.rev);
            let path = self.history_path(&dept);
            let Some(text) = read_text(&path, Some(&dept))? else {
                continue;
            };
            let (committed, _, _) =
                history::read_log(&path.display().to_string(), &text, rev, |r| {
                    belongs(r, &dept)
                });
            let kept = keep_committed(&text, &committed, &dept);
            if kept != text {
                replace(
                    &self.dir.join(HISTORY_DIR),
                    &format!("{dept}.jsonl"),
                    kept.as_bytes(),
                    false,
                    || Ok(()),
                )?;
                done.push(dept);
            }
        }
        Ok(done)
    }

    /// Raises each ledger's revision to the highest in its history log, so
    /// that every merged record reads as committed. Returns the departments
    /// rewritten. Call with the lock held.
    pub fn cover_history_revs(&self) -> Result<Vec<String>, StoreError> {
        let mut done = Vec::new();
        for dept in self.dept_files(&mut Vec::new())? {
            let path = self.ledger_path(&dept);
            let Some(text) = read_text(&path, Some(&dept))? else {
                continue;
            };
            let mut f: DeptFile = parse_ron(&path, Some(&dept), &text)?;
            let log = read_text(&self.history_path(&dept), Some(&dept))?.unwrap_or_default();
            let top = log
                .lines()
                .filter_map(|l| serde_json::from_str::<Record>(l).ok())
                .filter(|r| belongs(r, &dept))
                .map(|r| r.rev)
                .max()
                .unwrap_or(0);
            if top > f.rev {
                f.rev = top;
                replace(
                    &self.dir,
                    &format!("{dept}.ron"),
                    render_ledger(&f).as_bytes(),
                    true,
                    || Ok(()),
                )?;
                done.push(dept);
            }
        }
        Ok(done)
    }

    /// Takes group and other access off the files in the data dir, its
    /// `history/` and `reviews/`: git writes what it checks out by the umask
    /// (often 0644), while the store keeps its own files 0600. Links and
    /// anything but regular files are left alone.
    pub fn private_modes(&self) -> Result<(), StoreError> {
        use std::os::unix::fs::PermissionsExt;
        for dir in [
            self.dir.clone(),
            self.dir.join(HISTORY_DIR),
            self.dir.join("reviews"),
        ] {
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd.flatten() {
                let path = e.path();
                let Ok(m) = std::fs::symlink_metadata(&path) else {
                    continue;
                };
                let mode = m.permissions().mode();
                if m.file_type().is_file() && mode & 0o077 != 0 {
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode & 0o700))
                        .map_err(|e| StoreError::io(&path, "make private", &e))?;
                }
            }
        }
        Ok(())
    }
}

/// The log's lines without the records `committed` leaves out: those lines
/// are the department's records that are not, in order, the committed ones.
/// Lines that are not records are kept; a torn last line is not.
fn keep_committed(text: &str, committed: &[Record], dept: &str) -> String {
    let body = match text.rfind('\n') {
        Some(i) => &text[..=i],
        None => "",
    };
    let mut next = committed.iter().peekable();
    let mut out = String::with_capacity(body.len());
    for line in body.lines() {
        if let Ok(r) = serde_json::from_str::<Record>(line)
            && belongs(&r, dept)
        {
            if next.peek() == Some(&&r) {
                next.next();
            } else {
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::edit::{Edit, Op};
    use chrono::{TimeZone, Utc};

    #[test]
    fn an_interrupted_saves_records_are_dropped_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let plan = crate::plan::load_dir(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/plan"),
        )
        .unwrap();
        let s = Store::open(dir.path());
        let who = Who::Dept("tax".into());
        let at = Utc.with_ymd_and_hms(2021, 11, 1, 8, 0, 0).unwrap();
        s.commit(
            &plan,
            &[Edit::new("1.1", "tax", Op::SetNote("一".into()))],
            &who,
            at,
        )
        .unwrap();
        let log = s.history_path("tax");
        let good = std::fs::read_to_string(&log).unwrap();
        // A killed save's record (rev 2, no ledger at rev 2), a line that is
        // not a record, and a torn tail.
        let dangling = good
            .replace("\"rev\":1", "\"rev\":2")
            .replace("\"txn\":\"", "\"txn\":\"x")
            .replace("一", "半");
        std::fs::write(&log, format!("{good}{dangling}junk\n{{\"txn\"")).unwrap();
        let _lock = s.lock_for(&who).unwrap();
        assert_eq!(s.compact_histories().unwrap(), ["tax"]);
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            format!("{good}junk\n")
        );
        assert!(s.compact_histories().unwrap().is_empty());
        // A merged log above the ledger's revision: the ledger is raised.
        std::fs::write(&log, good.replace("\"rev\":1", "\"rev\":4")).unwrap();
        assert_eq!(s.cover_history_revs().unwrap(), ["tax"]);
        let ledger = std::fs::read_to_string(s.ledger_path("tax")).unwrap();
        assert!(ledger.contains("rev: 4,"), "{ledger}");
        drop(_lock);
        assert_eq!(s.history().unwrap().txns.len(), 1);
    }
}
