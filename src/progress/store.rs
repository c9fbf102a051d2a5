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

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::edit::{self, Change, Edit, Who};
use super::error::StoreError;
use super::history::{self, History, Record};
use super::identity::Config;
use super::model::{Entry, Key, Ledger, Stamp, measure_order};
use crate::plan::Plan;

/// Data files larger than this are refused: a ledger is kilobytes.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// How long a save waits for another process's lock.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(5);

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
pub fn valid_dept_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_' || *c == b'-')
        && id != "config"
}

/// `<dept>.ron` as written: the department's entries keyed by measure id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Ledger", deny_unknown_fields)]
struct DeptFile {
    dept: String,
    /// Bumped by every save; the history's commit point.
    rev: u64,
    #[serde(default, with = "entry_map")]
    entries: Vec<(String, Entry)>,
}

mod entry_map {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serializer};

    use super::{Entry, measure_order};

    pub fn serialize<S: Serializer>(v: &[(String, Entry)], s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(v.iter().map(|(k, e)| (k, e)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, Entry)>, D::Error> {
        let m = BTreeMap::<String, Entry>::deserialize(d)?;
        let mut v: Vec<(String, Entry)> = m.into_iter().collect();
        v.sort_by(|a, b| measure_order(&a.0, &b.0));
        Ok(v)
    }
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
        }
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
        for dept in self.dept_files(&mut ledger.problems)? {
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
        let mut problems = Vec::new();
        let depts = self.dept_files(&mut Vec::new())?;
        let mut records = Vec::new();
        for dept in depts {
            let rev = match self.read_dept(&dept) {
                Ok(l) => l.map_or(0, |l| l.rev),
                Err(e) => {
                    problems.push(e.to_string());
                    continue;
                }
            };
            let path = self.history_path(&dept);
            let Some(text) = read_text(&path, Some(&dept))? else {
                continue;
            };
            let (mut r, p, _) = history::read_log(&path.display().to_string(), &text, rev);
            records.append(&mut r);
            problems.extend(p);
        }
        Ok(history::assemble(records, problems))
    }

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
        let (u, r) = hist.stacks(who.name());
        let Some(target) = (if undo { u.last() } else { r.last() }).copied() else {
            return Err(StoreError::Nothing(what, who.name().to_string()));
        };
        let mut fresh = Ledger::default();
        let mut revs = BTreeMap::new();
        for c in &target.changes {
            let dept = &c.key.dept;
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

    /// Writes the departments touched by `changes`: history first, then the
    /// ledger (the commit point). Called with the lock held.
    #[allow(clippy::too_many_arguments)]
    fn write(
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
        self.sweep_temps();
        self.ensure_gitignore();
        let mut by_dept: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
        for c in changes {
            by_dept.entry(c.key.dept.as_str()).or_default().push(c);
        }
        for (dept, cs) in by_dept {
            let rev = revs.get(dept).copied().unwrap_or(0) + 1;
            let records: Vec<Record> = cs
                .iter()
                .map(|c| Record {
                    txn: txn.clone(),
                    rev,
                    at: now,
                    who: who.clone(),
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
            let text = render_ledger(&file);
            // The history goes in only once the new ledger is safely in its
            // temp file: a dir that cannot take the ledger gets no record.
            write_atomic(
                &self.dir,
                &format!("{dept}.ron"),
                text.as_bytes(),
                true,
                || self.append_history(dept, &records),
            )?;
        }
        Ok(Some(txn))
    }

    fn append_history(&self, dept: &str, records: &[Record]) -> Result<(), StoreError> {
        let dir = self.dir.join(HISTORY_DIR);
        refuse_symlink(&dir, Some(dept))?;
        if !dir.is_dir() {
            fs::DirBuilder::new()
                .mode(0o700)
                .create(&dir)
                .or_else(|e| if dir.is_dir() { Ok(()) } else { Err(e) })
                .map_err(|e| StoreError::io(&dir, "create the history dir", &e))?;
            sync_dir(&self.dir)?;
        }
        let path = self.history_path(dept);
        refuse_symlink(&path, Some(dept))?;
        let io = |op, e: std::io::Error| StoreError::io(&path, op, &e);
        let mut f = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(|e| io("open the history", e))?;
        cut_torn_tail(&mut f).map_err(|e| io("repair the history's last line", e))?;
        let mut buf = String::new();
        for r in records {
            buf.push_str(&serde_json::to_string(r).expect("records are plain data"));
            buf.push('\n');
        }
        f.seek(SeekFrom::End(0))
            .map_err(|e| io("append to the history", e))?;
        f.write_all(buf.as_bytes())
            .map_err(|e| io("append to the history", e))?;
        f.sync_all().map_err(|e| io("fsync the history", e))?;
        Ok(())
    }

    /// Takes the data dir's lock, waiting up to [`LOCK_TIMEOUT`]. The lock is
    /// released when the guard drops (or the process dies).
    fn lock(&self, who: &Who) -> Result<File, StoreError> {
        if !self.dir.is_dir() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&self.dir)
                .map_err(|e| StoreError::io(&self.dir, "create the data dir", &e))?;
        }
        refuse_symlink(&self.dir, None)?;
        if let Ok(m) = fs::metadata(&self.dir) {
            let mode = m.permissions().mode() & 0o7777;
            // Others could swap files under us; a sticky dir (like /tmp) still is no home for a ledger.
            if mode & 0o002 != 0 {
                return Err(StoreError::InsecureDir {
                    dir: self.dir.clone(),
                    mode,
                });
            }
            // Its owner could swap the files under us, even when we are root.
            let me = rustix::process::geteuid().as_raw();
            if m.uid() != me {
                return Err(StoreError::ForeignDir {
                    dir: self.dir.clone(),
                    owner: m.uid(),
                });
            }
        }
        let path = self.lock_path();
        refuse_symlink(&path, None)?;
        let mut f = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(|e| StoreError::io(&path, "open the lock file", &e))?;
        let start = Instant::now();
        if let Err(e) = wait_for_lock(&f) {
            return Err(match e {
                fs::TryLockError::WouldBlock => {
                    let mut holder = String::new();
                    let _ = f.read_to_string(&mut holder);
                    let holder = holder.trim();
                    StoreError::Locked {
                        lock: path,
                        holder: if holder.is_empty() {
                            "another process".into()
                        } else {
                            holder.to_string()
                        },
                        waited_ms: start.elapsed().as_millis() as u64,
                    }
                }
                fs::TryLockError::Error(e) => StoreError::io(&path, "lock the data dir", &e),
            });
        }
        // Who holds it, for the "locked by" message; best effort.
        let _ = f.set_len(0).and_then(|_| {
            f.seek(SeekFrom::Start(0))?;
            writeln!(f, "{} (pid {})", who, std::process::id())
        });
        Ok(f)
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
            let _ = write_atomic(
                &self.dir,
                ".gitignore",
                b"*.lock\n*.bak\n.*.tmp.*\n",
                false,
                || Ok(()),
            );
        }
    }
}

/// Blocks on the lock for up to [`LOCK_TIMEOUT`]. The wait is a blocking
/// `flock` on a helper thread rather than a polling loop: the kernel then
/// hands the lock to waiters in turn, where polling lets a busy writer starve
/// the others. A helper that gets the lock after the caller gave up releases it.
fn wait_for_lock(f: &File) -> Result<(), fs::TryLockError> {
    match f.try_lock() {
        Err(fs::TryLockError::WouldBlock) => {}
        other => return other,
    }
    let clone = f.try_clone().map_err(fs::TryLockError::Error)?;
    let abandoned = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let gave_up = abandoned.clone();
    std::thread::spawn(move || {
        let r = clone.lock();
        if r.is_ok() && (gave_up.load(Ordering::SeqCst) || tx.send(Ok(())).is_err()) {
            let _ = clone.unlock();
        } else if let Err(e) = r {
            let _ = tx.send(Err(e));
        }
    });
    match rx.recv_timeout(LOCK_TIMEOUT) {
        Ok(r) => r.map_err(fs::TryLockError::Error),
        Err(_) => {
            abandoned.store(true, Ordering::SeqCst);
            match rx.try_recv() {
                Ok(r) => r.map_err(fs::TryLockError::Error),
                Err(_) => Err(fs::TryLockError::WouldBlock),
            }
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

/// RON as duban writes the files people read and diff: struct names, four
/// spaces, one field per line, a header comment saying what the file is.
pub fn pretty_ron<T: Serialize>(value: &T, header: &str) -> String {
    let cfg = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ".to_string());
    let body = ron::ser::to_string_pretty(value, cfg).expect("data files hold plain data");
    format!("// {header}\n{body}\n")
}

fn render_ledger(f: &DeptFile) -> String {
    pretty_ron(
        f,
        &format!(
            "duban 工作台账 — department {}. Saved by duban; hand edits are kept, but keep the syntax.",
            f.dept
        ),
    )
}

fn refuse_symlink(path: &Path, dept: Option<&str>) -> Result<(), StoreError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(StoreError::Symlink {
            file: path.to_path_buf(),
            dept: dept.map(str::to_string),
        }),
        _ => Ok(()),
    }
}

/// Reads a data file as text; `None` when it does not exist. Refuses
/// symlinks, oversized files, non-UTF-8 and git conflict markers.
fn read_text(path: &Path, dept: Option<&str>) -> Result<Option<String>, StoreError> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io(path, "read", &e)),
    };
    if meta.file_type().is_symlink() {
        return Err(StoreError::Symlink {
            file: path.to_path_buf(),
            dept: dept.map(str::to_string),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(StoreError::TooBig {
            file: path.to_path_buf(),
            dept: dept.map(str::to_string),
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = fs::read(path).map_err(|e| StoreError::io(path, "read", &e))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let before = String::from_utf8_lossy(valid);
            return Err(StoreError::Parse {
                file: path.to_path_buf(),
                dept: dept.map(str::to_string),
                line: before.matches('\n').count() + 1,
                column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                message: "not valid UTF-8".into(),
                hint: Some("save the file as UTF-8, or restore it from the .bak next to it".into()),
            });
        }
    };
    let damaged = |line: usize, message: &str| StoreError::Parse {
        file: path.to_path_buf(),
        dept: dept.map(str::to_string),
        line,
        column: 1,
        message: message.into(),
        hint: Some(format!(
            "restore the last good copy: {}.bak (nothing was written over this file)",
            path.display()
        )),
    };
    if text.trim().is_empty() {
        return Err(damaged(
            1,
            "the file is empty (cut short by a crash or a full disk?)",
        ));
    }
    if let Some(i) = text.find('\0') {
        let line = text[..i].matches('\n').count() + 1;
        return Err(damaged(
            line,
            "the file holds NUL bytes (damaged by a crash?)",
        ));
    }
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("<<<<<<<") || line.starts_with(">>>>>>>") || line == "=======" {
            return Err(StoreError::ConflictMarkers {
                file: path.to_path_buf(),
                dept: dept.map(str::to_string),
                line: i + 1,
            });
        }
    }
    Ok(Some(text))
}

fn parse_ron<T: serde::de::DeserializeOwned>(
    path: &Path,
    dept: Option<&str>,
    text: &str,
) -> Result<T, StoreError> {
    ron::Options::default().from_str::<T>(text).map_err(|e| {
        let message = e.code.to_string();
        let hint = if message.contains("field") {
            "check the spelling of the field; a ledger entry holds status, due, actuals, note, steps, review, extension, decision, updated"
        } else {
            "fix the syntax by hand, or restore the last good copy from the .bak file next to it"
        };
        StoreError::Parse {
            file: path.to_path_buf(),
            dept: dept.map(str::to_string),
            line: e.span.start.line,
            column: e.span.start.col,
            message,
            hint: Some(hint.into()),
        }
    })
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(needle))
        .map_or(1, |i| i + 1)
}

/// Cuts a last line that lacks its newline (a torn append).
fn cut_torn_tail(f: &mut File) -> std::io::Result<()> {
    let len = f.metadata()?.len();
    if len == 0 {
        return Ok(());
    }
    let mut last = [0u8; 1];
    f.seek(SeekFrom::Start(len - 1))?;
    f.read_exact(&mut last)?;
    if last[0] == b'\n' {
        return Ok(());
    }
    let mut end = len;
    let mut keep = 0;
    let mut buf = vec![0u8; 64 * 1024];
    while end > 0 {
        let start = end.saturating_sub(buf.len() as u64);
        let n = (end - start) as usize;
        f.seek(SeekFrom::Start(start))?;
        f.read_exact(&mut buf[..n])?;
        if let Some(i) = buf[..n].iter().rposition(|b| *b == b'\n') {
            keep = start + i as u64 + 1;
            break;
        }
        end = start;
    }
    f.set_len(keep)?;
    f.sync_all()
}

fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| StoreError::io(dir, "fsync the directory", &e))
}

/// Replaces `dir/name` with `bytes` so that readers and crashes see the old
/// or the new file, never a mix: temp file (`O_EXCL`, 0600), fsync, rename,
/// fsync of the directory. With `keep_bak`, the old file becomes `name.bak`.
/// `before_install` runs once the new content is safely in the temp file and
/// before it replaces the old one; if it fails, nothing is replaced.
pub(crate) fn write_atomic(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    keep_bak: bool,
    before_install: impl FnOnce() -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let target = dir.join(name);
    refuse_symlink(&target, None)?;
    let tmp = dir.join(format!(
        ".{name}.tmp.{}.{}",
        std::process::id(),
        new_txn_id(Utc::now())
    ));
    let io = |op, e: std::io::Error| StoreError::io(&target, op, &e);
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(|e| io("create a temp file", e))?;
        f.write_all(bytes).map_err(|e| io("write", e))?;
        f.sync_all().map_err(|e| io("fsync", e))?;
        drop(f);
        before_install()?;
        if keep_bak && target.exists() {
            let bak = dir.join(format!("{name}.bak"));
            refuse_symlink(&bak, None)?;
            let bak_tmp = dir.join(format!(".{name}.bak.tmp.{}", std::process::id()));
            let _ = fs::remove_file(&bak_tmp);
            if fs::hard_link(&target, &bak_tmp).is_err() {
                fs::copy(&target, &bak_tmp).map_err(|e| io("keep a .bak copy", e))?;
            }
            fs::rename(&bak_tmp, &bak).map_err(|e| io("keep a .bak copy", e))?;
            // When the .bak already is the same inode (a save killed between
            // its two renames), rename(2) does nothing and leaves the link.
            let _ = fs::remove_file(&bak_tmp);
        }
        fs::rename(&tmp, &target).map_err(|e| io("replace", e))?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
