//! Reading and replacing data files, with the refusals that keep a damaged
//! or foreign file from being read as a ledger or written over.

use std::fs::{self, File};
use std::path::Path;

use super::atomic::{Install, WriteError, stage};
use crate::fsread;
use crate::progress::error::StoreError;
use crate::progress::history::MAX_LINE_BYTES;

/// Data files larger than this are refused: a ledger is kilobytes.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

pub(super) fn refuse_symlink(path: &Path, dept: Option<&str>) -> Result<(), StoreError> {
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
pub(super) fn read_text(path: &Path, dept: Option<&str>) -> Result<Option<String>, StoreError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(StoreError::Symlink {
                file: path.to_path_buf(),
                dept: dept.map(str::to_string),
            });
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io(path, "read", &e)),
    }
    let bytes = match fsread::read_bounded(path, MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(e) => return refused(path, dept, e).map(|()| None),
    };
    text_of(path, dept, bytes).map(Some)
}

/// A history log: [`read_text`]'s refusals, except that a line longer than
/// [`MAX_LINE_BYTES`] (a `.bak` restored under a log written before texts
/// were bounded, or a hand edit) is set aside and reported, instead of
/// making the whole log, and with it every department's history, unreadable.
pub(super) fn read_log_text(
    path: &Path,
    dept: &str,
) -> Result<Option<(String, Vec<usize>)>, StoreError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(StoreError::Symlink {
                file: path.to_path_buf(),
                dept: Some(dept.to_string()),
            });
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io(path, "read", &e)),
    }
    let (bytes, long) = match fsread::read_lines_capped(path, MAX_LINE_BYTES, MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(e) => return refused(path, Some(dept), e).map(|()| None),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) && !long.is_empty() {
        return Ok(Some((String::new(), long)));
    }
    text_of(path, Some(dept), bytes).map(|t| Some((t, long)))
}

/// What [`fsread`] refused, as a store error; `Ok` for a file gone since.
fn refused(path: &Path, dept: Option<&str>, e: fsread::ReadError) -> Result<(), StoreError> {
    Err(match e {
        fsread::ReadError::NotFound => return Ok(()),
        fsread::ReadError::TooBig { size, limit } => StoreError::TooBig {
            file: path.to_path_buf(),
            dept: dept.map(str::to_string),
            size,
            limit,
        },
        fsread::ReadError::NotRegular(_) => StoreError::Io {
            file: path.to_path_buf(),
            op: "read",
            kind: std::io::ErrorKind::InvalidInput,
            message: e.to_string(),
            hint: Some(
                "a data file is a regular file: move this one out of the data dir (数据目录中只应有普通文件)"
                    .into(),
            ),
        },
        fsread::ReadError::Io(e) => StoreError::io(path, "read", &e),
    })
}

/// The checks every data file's text passes: UTF-8, not empty, no NUL, no
/// git conflict markers.
fn text_of(path: &Path, dept: Option<&str>, bytes: Vec<u8>) -> Result<String, StoreError> {
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
    Ok(text)
}

pub(super) fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| StoreError::io(dir, "fsync the directory", &e))
}

/// Replaces `dir/name` with `bytes` through [`atomic`](super::atomic), so
/// that readers and crashes see the old or the new file, never a mix. With
/// `keep_bak`, the old file becomes `name.bak`. `before_install` runs once
/// the new content is safely in the temp file and before it replaces the
/// old one; if it fails, nothing is replaced.
pub(super) fn replace(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    keep_bak: bool,
    before_install: impl FnOnce() -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let target = dir.join(name);
    refuse_symlink(&target, None)?;
    // Never write what the reader would refuse: the department would be
    // locked out of its own ledger.
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(StoreError::TooBig {
            file: target,
            dept: None,
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    let staged = stage(&target, bytes)?;
    before_install()?;
    if keep_bak {
        keep_bak_of(dir, name)?;
    }
    Ok(staged.install(Install::Replace)?)
}

/// Makes `dir/name.bak` the file now at `dir/name` (a hard link, or a copy
/// where links are not possible), if there is one.
pub(super) fn keep_bak_of(dir: &Path, name: &str) -> Result<(), StoreError> {
    let target = dir.join(name);
    if !target.exists() {
        return Ok(());
    }
    let io = |op, e: std::io::Error| StoreError::io(&target, op, &e);
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
    Ok(())
}

/// The store words a failed write like every other file error: the path,
/// what could not be done, and a hint for the clerk.
impl From<WriteError> for StoreError {
    fn from(e: WriteError) -> Self {
        StoreError::io(&e.path, e.step.verb(), &e.error)
    }
}
