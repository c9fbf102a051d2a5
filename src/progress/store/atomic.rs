//! The one way duban puts a file in place that readers must never see half
//! written — ledgers, review snapshots, `duban export --out`: the bytes go to
//! a temp file next to the target (`O_EXCL`, mode 0600; 0666 less the umask
//! for [`write_output`]'s reports), are fsynced, the
//! temp file takes the target's name, and the directory is fsynced so the
//! new name survives a crash. Whoever reads the target meanwhile sees the
//! old file or the new one, and a failure at any step leaves no temp file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How the finished temp file takes the target's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Install {
    /// `rename(2)` over whatever is there (or nothing).
    Replace,
    /// `link(2)`, which fails with [`io::ErrorKind::AlreadyExists`] instead
    /// of overwriting: for names claimed once, like a numbered snapshot that
    /// another process may take first.
    New,
}

/// The step of [`write_atomic`] that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    CreateTemp,
    Write,
    Fsync,
    Replace,
    Link,
    SyncDir,
}

impl Step {
    /// What the step does, worded for "cannot …" (the store's messages use it).
    pub fn verb(self) -> &'static str {
        match self {
            Step::CreateTemp => "create a temp file",
            Step::Write => "write",
            Step::Fsync => "fsync",
            Step::Replace => "replace",
            Step::Link => "create",
            Step::SyncDir => "fsync the directory",
        }
    }
}

/// Which step failed, on which path (the target, or its directory for
/// [`Step::SyncDir`]), and why. Each caller words it for its own users.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot {}: {error}", path.display(), step.verb())]
pub struct WriteError {
    pub step: Step,
    pub path: PathBuf,
    #[source]
    pub error: io::Error,
}

/// Writes `bytes` to `path` as described in the module docs. The file ends
/// up with mode 0600: duban's files hold a department's progress, not
/// something for every local user. A missing directory is not created; the
/// error then is [`Step::CreateTemp`] with [`io::ErrorKind::NotFound`].
pub fn write_atomic(path: &Path, bytes: &[u8], how: Install) -> Result<(), WriteError> {
    stage(path, bytes)?.install(how)
}

/// [`write_atomic`] for a file the user asked for (`duban export --out`):
/// the same temp file, fsync and rename, but created with mode 0666 less
/// the umask, like any other program's output, so colleagues on a shared
/// folder can open the report.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    stage_mode(path, bytes, 0o666)?.install(Install::Replace)
}

/// New content, written and fsynced under a temp name next to its target.
/// Dropped without being installed, it removes the temp file, so a caller
/// that stops between the two steps (the store, when the history append
/// fails) leaves nothing behind.
pub(crate) struct Staged {
    target: PathBuf,
    /// `None` once renamed into place.
    tmp: Option<PathBuf>,
}

/// The first half of [`write_atomic`]: the temp file, written and fsynced.
pub(crate) fn stage(target: &Path, bytes: &[u8]) -> Result<Staged, WriteError> {
    stage_mode(target, bytes, 0o600)
}

/// [`stage`] with the temp file created with `mode` (less the umask).
fn stage_mode(target: &Path, bytes: &[u8], mode: u32) -> Result<Staged, WriteError> {
    let fail = |step, error| WriteError {
        step,
        path: target.to_path_buf(),
        error,
    };
    let name = target
        .file_name()
        .ok_or_else(|| {
            fail(
                Step::CreateTemp,
                io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"),
            )
        })?
        .to_string_lossy();
    let tmp = dir_of(target).join(temp_name(&name));
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(&tmp)
        .map_err(|e| fail(Step::CreateTemp, e))?;
    // From here on the temp file exists, and dropping `staged` removes it.
    let staged = Staged {
        target: target.to_path_buf(),
        tmp: Some(tmp),
    };
    f.write_all(bytes).map_err(|e| fail(Step::Write, e))?;
    f.sync_all().map_err(|e| fail(Step::Fsync, e))?;
    Ok(staged)
}

impl Staged {
    /// Where the content waits until it is installed.
    pub(crate) fn tmp_path(&self) -> Option<&Path> {
        self.tmp.as_deref()
    }

    /// Gives up the temp file without removing it: someone else (the
    /// store's journal) now answers for it.
    pub(crate) fn leave(mut self) {
        self.tmp = None;
    }

    /// The second half of [`write_atomic`]: the temp file takes the target's
    /// name, and the directory is fsynced.
    pub(crate) fn install(mut self, how: Install) -> Result<(), WriteError> {
        let fail = |step, path: &Path, error| WriteError {
            step,
            path: path.to_path_buf(),
            error,
        };
        let tmp = self.tmp.clone().expect("a staged file is installed once");
        match how {
            Install::Replace => {
                fs::rename(&tmp, &self.target).map_err(|e| fail(Step::Replace, &self.target, e))?;
                self.tmp = None;
            }
            // The temp name is dropped with `self`; the target keeps the inode.
            Install::New => {
                fs::hard_link(&tmp, &self.target).map_err(|e| fail(Step::Link, &self.target, e))?
            }
        }
        let dir = dir_of(&self.target);
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| fail(Step::SyncDir, dir, e))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(tmp) = &self.tmp {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// The directory a relative bare name (`out.md`) lives in is `.`.
fn dir_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// `.<name>.tmp.<pid>.<n><nanos>`: hidden, unique across processes and
/// threads, and matched by the store's sweep and `.gitignore` (`.*.tmp.*`).
fn temp_name(name: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(".{name}.tmp.{}.{n:x}{nanos:x}", std::process::id())
}

#[cfg(test)]
mod tests;
