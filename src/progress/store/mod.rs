//! The data dir on disk: one RON ledger per department, one history log per
//! department, a lock file, and the save protocol (DESIGN §4, RELIABILITY).
//!
//! ```text
//! <data dir>/
//!   config.ron              Config(coordinators: ["王主任"])   (optional, hand-written)
//!   <dept>.ron              the department's ledger, entries in measure order
//!   <dept>.ron.bak          the previous version, kept by every save
//!   history/<dept>.jsonl    append-only history, one JSON line per changed field
//!   duban.lock              flock'ed during a save; never renamed or deleted
//!   duban.journal           a multi-department save committed, not yet all in place
//!   recovery-<time>-<pid>.json  edits a board ended by a signal could not save
//!   .gitignore              keeps *.lock, *.bak and temp files out of git
//! ```
//!
//! A save ([`Store::commit`]): lock `duban.lock` (retrying for up to 5 s),
//! re-read each touched ledger under the lock, apply the edits to that fresh
//! state (so a concurrent save's other fields survive, and on the same field
//! the later save wins with the earlier value in the history), append the
//! history records and fsync them, write `.<dept>.ron.tmp.*` (`O_EXCL`, 0600),
//! fsync, keep the old file as `.bak` (a hard link, no copy), rename the temp
//! file over the ledger, fsync the directory. A ledger that does not parse,
//! holds git conflict markers or is a symlink is never written; the error
//! names the file and line and the caller keeps its edits.
//!
//! The steps live apart: the save in `save.rs` and `undo.rs`, the lock
//! in `lock.rs`, the history append in `append.rs`, the ledger's RON in
//! `format.rs`, the refusing reader and `.bak` handling in `files.rs`, and
//! the temp-file writer everyone shares in [`atomic`], and the commit point
//! of a save that spans departments in `journal.rs`. A data dir kept in
//! git merges through [`merge`] (the same rule, three-way) and is readied
//! for a commit and checked after a merge in `sync_prep.rs`.

mod append;
pub mod atomic;
mod config;
mod files;
mod format;
mod journal;
mod lock;
pub mod merge;
mod recovery;
mod save;
mod sync_prep;
mod undo;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use super::edit::Change;
use super::error::StoreError;
use super::history::{self, History};
use super::identity::Config;
use super::model::{Entry, Key, Ledger};
use crate::plan::Plan;
use files::{read_log_text, read_text};
use format::{DeptFile, line_of, parse_ron};

pub use atomic::{Install, write_atomic, write_output};
pub use files::MAX_FILE_BYTES;
pub use format::pretty_ron;
pub use lock::LOCK_TIMEOUT;
pub use recovery::{Recovery, Unsaved};

const LOCK_FILE: &str = "duban.lock";
const CONFIG_FILE: &str = "config.ron";
const HISTORY_DIR: &str = "history";

/// The save's timestamp, moved just past the newest stamp in the ledgers it
/// read under the lock. The clock is read before the lock is taken, so a
/// process that waited for the lock could otherwise stamp its later save
/// with an earlier time, and the history (ordered by time) would disagree
/// with the ledger about which save came last.
fn after_latest(now: DateTime<Utc>, fresh: &Ledger) -> DateTime<Utc> {
    let latest = fresh
        .entries
        .values()
        .filter_map(|e| e.updated.as_ref().map(|s| s.at))
        .max();
    match latest {
        Some(l) if l >= now => l + chrono::Duration::microseconds(1),
        _ => now,
    }
}

/// A department id usable as a file name: `[a-z0-9][a-z0-9_-]{0,63}`, and
/// not `config`. Anything else (`..`, `/`, NUL, CJK, …) is refused before it
/// becomes a path.
/// A history record is trusted only in its own department's file, and only
/// with ids that cannot name a path.
fn belongs(r: &history::Record, dept: &str) -> bool {
    r.dept == dept && valid_measure_id(&r.measure)
}

/// Measure ids as plans write them ("2.6", "A-3"): short, printable, and
/// never a path.
pub fn valid_measure_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 32
        && !id.contains("..")
        && id
            .chars()
            .all(|c| !c.is_control() && !c.is_whitespace() && c != '/' && c != '\\')
}

pub fn valid_dept_id(id: &str) -> bool {
    crate::plan::validate::file_safe_dept_id(id)
}

/// What a save did, and the ledger as it is on disk right after it.
#[derive(Debug, Clone)]
pub struct Commit {
    pub ledger: Ledger,
    /// Field-level changes (empty when the edits changed nothing).
    pub changes: Vec<Change>,
    /// The history txn id, when something was written.
    pub txn: Option<String>,
}

/// What [`Store::save`] wrote, without the reloaded ledger.
#[derive(Debug)]
pub struct Saved {
    /// Field-level changes (empty when the edits changed nothing).
    pub changes: Vec<Change>,
    /// The history txn id, when something was written.
    pub txn: Option<String>,
}

/// A data dir. Opening does no I/O; the dir is created at the first save.
/// Clones share a cache of parsed ledgers keyed by each file's identity
/// (inode, size, mtime, ctime), so a reload parses only the files that changed.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    cache: Arc<Mutex<HashMap<String, (FileId, Loaded)>>>,
    /// The person saving, recorded in each history record (`--user`).
    user: Option<String>,
}

/// What identifies one version of a file without reading it. Saves replace
/// the file (new inode); hand edits in place change mtime and ctime.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileId {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl FileId {
    fn of(path: &Path) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        let m = fs::symlink_metadata(path).ok()?;
        m.file_type().is_file().then(|| FileId {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        })
    }
}

#[derive(Debug, Clone)]
struct Loaded {
    rev: u64,
    entries: Vec<(String, Entry)>,
}

impl Store {
    pub fn open(dir: impl Into<PathBuf>) -> Store {
        Store {
            dir: dir.into(),
            cache: Arc::default(),
            user: None,
        }
    }

    /// The same data dir, its saves recording `user` as the person.
    pub fn with_user(mut self, user: Option<String>) -> Store {
        self.user = user;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn ledger_path(&self, dept: &str) -> PathBuf {
        self.dir.join(format!("{dept}.ron"))
    }

    pub fn history_path(&self, dept: &str) -> PathBuf {
        self.dir.join(HISTORY_DIR).join(format!("{dept}.jsonl"))
    }

    pub fn lock_path(&self) -> PathBuf {
        self.dir.join(LOCK_FILE)
    }

    /// `config.ron`; the default (no coordinators listed) when absent.
    pub fn config(&self) -> Result<Config, StoreError> {
        let path = self.dir.join(CONFIG_FILE);
        match read_text(&path, None)? {
            None => Ok(Config::default()),
            Some(text) => parse_ron(&path, None, &text),
        }
    }

    /// Every department ledger in the dir. A ledger that cannot be read is
    /// listed in `problems` (that department shows no progress and cannot be
    /// saved until fixed); the others load. Orphans are classified against `plan`.
    pub fn load(&self, plan: &Plan) -> Result<Ledger, StoreError> {
        self.load_with(plan, Ledger::default(), &BTreeMap::new())
    }

    /// [`Store::load`], except that the departments in `known` are taken
    /// from `ledger` (just written by this process) instead of being re-read.
    fn load_with(
        &self,
        plan: &Plan,
        mut ledger: Ledger,
        known: &BTreeMap<String, u64>,
    ) -> Result<Ledger, StoreError> {
        ledger.problems.clear();
        ledger.problems.extend(self.settle());
        let depts = self.dept_files(&mut ledger.problems)?;
        ledger.problems.extend(self.missing_ledgers(&depts));
        for dept in depts {
            if known.contains_key(&dept) {
                continue;
            }
            match self.read_dept(&dept) {
                Ok(Some(l)) => {
                    for (m, e) in l.entries {
                        ledger.entries.insert(Key::new(m, &dept), e);
                    }
                }
                Ok(None) => {}
                Err(e) => ledger.problems.push(e),
            }
        }
        ledger.classify(plan);
        Ok(ledger)
    }

    /// Department ids that have a ledger file, sorted.
    fn dept_files(&self, problems: &mut Vec<StoreError>) -> Result<Vec<String>, StoreError> {
        let rd = match fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::io(&self.dir, "read the data dir", &e)),
        };
        let mut out = Vec::new();
        for ent in rd.flatten() {
            let name = ent.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".ron") else {
                continue;
            };
            if name.starts_with('.') || name == CONFIG_FILE {
                continue;
            }
            if valid_dept_id(stem) {
                out.push(stem.to_string());
            } else {
                problems.push(StoreError::Parse {
                    file: ent.path(),
                    dept: None,
                    line: 0,
                    column: 0,
                    message: "ignored: the file name is not a department id".into(),
                    hint: Some("ledger files are named <dept id>.ron, e.g. tax.ron".into()),
                });
            }
        }
        out.sort();
        Ok(out)
    }

    /// Departments whose history records saves but whose ledger file is
    /// gone (deleted by hand, or lost with a bad copy): said, because the
    /// board would otherwise show their work as never started. Not tied to
    /// the department, so its next save is not held up by it.
    fn missing_ledgers(&self, have: &[String]) -> Vec<StoreError> {
        let Ok(rd) = fs::read_dir(self.dir.join(HISTORY_DIR)) else {
            return Vec::new();
        };
        let mut out: Vec<StoreError> = rd
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let dept = name.strip_suffix(".jsonl")?;
                let saved = e.metadata().is_ok_and(|m| m.is_file() && m.len() > 0);
                (saved && valid_dept_id(dept) && !have.iter().any(|d| d == dept))
                    .then(|| dept.to_string())
            })
            .map(|dept| {
                let file = self.ledger_path(&dept);
                let bak = self.dir.join(format!("{dept}.ron.bak"));
                StoreError::Io {
                    op: "read",
                    kind: std::io::ErrorKind::NotFound,
                    message: format!(
                        "the ledger is missing, though history/{dept}.jsonl records saves for it \
                         (台账文件缺失：历史记录显示曾保存过); its progress shows as not started"
                    ),
                    hint: Some(if bak.is_file() {
                        format!("if it was deleted, restore it: cp {} {}", bak.display(), file.display())
                    } else {
                        "if it was deleted, restore it from a backup or git; if its first save was interrupted, save again".into()
                    }),
                    file,
                }
            })
            .collect();
        out.sort_by_key(|e| e.to_string());
        out
    }

    fn read_dept(&self, dept: &str) -> Result<Option<Loaded>, StoreError> {
        let path = self.ledger_path(dept);
        let id = FileId::of(&path);
        if let Some(id) = &id
            && let Some((cached, l)) = self.cache.lock().expect("cache").get(dept)
            && cached == id
        {
            return Ok(Some(l.clone()));
        }
        let loaded = self.parse_dept(dept, &path)?;
        if let (Some(id), Some(l)) = (id, &loaded) {
            self.cache
                .lock()
                .expect("cache")
                .insert(dept.to_string(), (id, l.clone()));
        }
        Ok(loaded)
    }

    fn parse_dept(&self, dept: &str, path: &Path) -> Result<Option<Loaded>, StoreError> {
        let path = path.to_path_buf();
        let Some(text) = read_text(&path, Some(dept))? else {
            return Ok(None);
        };
        let f: DeptFile = parse_ron(&path, Some(dept), &text)?;
        if f.dept != dept {
            return Err(StoreError::Parse {
                line: line_of(&text, "dept"),
                column: 1,
                file: path,
                dept: Some(dept.into()),
                message: format!("the file says it is department {:?}", f.dept),
                hint: Some(format!(
                    "a ledger is named after its department: {}.ron",
                    f.dept
                )),
            });
        }
        Ok(Some(Loaded {
            rev: f.rev,
            entries: f.entries,
        }))
    }

    /// The committed history of every department, oldest first.
    pub fn history(&self) -> Result<History, StoreError> {
        let mut problems: Vec<history::Problem> = self
            .settle()
            .into_iter()
            .map(history::Problem::Store)
            .collect();
        let depts = self.dept_files(&mut Vec::new())?;
        let mut records = Vec::new();
        for dept in depts {
            let rev = match self.read_dept(&dept) {
                Ok(l) => l.map_or(0, |l| l.rev),
                Err(e) => {
                    problems.push(history::Problem::Store(e));
                    continue;
                }
            };
            let path = self.history_path(&dept);
            // One unreadable log costs its department's history, reported;
            // it never makes every department's history fail.
            let (text, long) = match read_log_text(&path, &dept) {
                Ok(Some(t)) => t,
                Ok(None) => continue,
                Err(e) => {
                    problems.push(history::Problem::Store(e));
                    continue;
                }
            };
            problems.extend(long.iter().map(|&line| history::Problem::Long {
                file: path.display().to_string(),
                line,
            }));
            // A record names the file it must live in: one for another
            // department (or naming a path) could make undo write elsewhere.
            let (mut r, p, _) = history::read_log(&path.display().to_string(), &text, rev, |x| {
                belongs(x, &dept)
            });
            records.append(&mut r);
            problems.extend(p);
        }
        Ok(history::assemble(records, problems))
    }
}

#[cfg(test)]
mod tests;
