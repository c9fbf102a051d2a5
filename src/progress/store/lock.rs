//! The data dir's lock: `duban.lock`, flock'ed for the length of a save.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use super::Store;
use super::files::refuse_symlink;
use crate::progress::edit::Who;
use crate::progress::error::StoreError;

/// How long a save waits for another process's lock.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(5);

impl Store {
    /// Takes the data dir's lock, waiting up to [`LOCK_TIMEOUT`], and
    /// finishes any journaled save a killed process left, so that what is
    /// read under it is whole. The lock is released when the guard drops
    /// (or the process dies).
    /// Everything that writes into the data dir (saves, review marks)
    /// takes it, and with it the checks on who owns the dir.
    pub fn lock(&self, who: &Who) -> Result<File, StoreError> {
        self.lock_as(who)
    }

    /// [`Store::lock`], naming the holder for the "locked by" message.
    pub(super) fn lock_as(&self, holder: impl std::fmt::Display) -> Result<File, StoreError> {
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
                    // Who holds it is one line; a lock file grown by hand
                    // is not read further.
                    let mut holder = String::new();
                    let _ = (&f).take(4096).read_to_string(&mut holder);
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
            writeln!(f, "{} (pid {})", holder, std::process::id())
        });
        self.roll_forward()?;
        Ok(f)
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
