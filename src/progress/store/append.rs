//! Appending to a department's history log (`history/<dept>.jsonl`).

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};

use super::files::{refuse_symlink, sync_dir};
use super::{HISTORY_DIR, Store};
use crate::progress::error::StoreError;
use crate::progress::history::{MAX_LINE_BYTES, Record};

/// How far back from a log's end [`last_seq`] looks for a whole record.
const TAIL: u64 = 1024 * 1024;

impl Store {
    /// The `seq` for the next save: one past the highest in any log (each
    /// log's last record holds its highest). Read under the lock, from the
    /// end of each log only, so a save stays cheap however long the
    /// history grows.
    pub(super) fn next_seq(&self) -> u64 {
        let Ok(rd) = fs::read_dir(self.dir.join(HISTORY_DIR)) else {
            return 1;
        };
        rd.flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".jsonl"))
            .filter_map(|e| last_seq(&e.path()))
            .max()
            .map_or(1, |s| s + 1)
    }

    /// Appends `records` (fsynced) and returns the log's length before
    /// them, where [`Store::cut_history`] can take them off again.
    pub(super) fn append_history(&self, dept: &str, records: &[Record]) -> Result<u64, StoreError> {
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
        let mut buf = String::new();
        for r in records {
            let line = serde_json::to_string(r).expect("records are plain data");
            // The reader sets aside a longer line: never write one.
            if line.len() > MAX_LINE_BYTES {
                return Err(StoreError::TooBig {
                    file: path,
                    dept: Some(dept.to_string()),
                    size: line.len() as u64,
                    limit: MAX_LINE_BYTES as u64,
                });
            }
            buf.push_str(&line);
            buf.push('\n');
        }
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
        let start = f
            .seek(SeekFrom::End(0))
            .map_err(|e| io("append to the history", e))?;
        let written = f
            .write_all(buf.as_bytes())
            .map_err(|e| io("append to the history", e))
            .and_then(|()| f.sync_all().map_err(|e| io("fsync the history", e)));
        if let Err(e) = written {
            // A full disk can take half the records: none of them may stay.
            let _ = f.set_len(start).and_then(|()| f.sync_all());
            return Err(e);
        }
        Ok(start)
    }

    /// Takes off what [`Store::append_history`] appended from `start` on,
    /// for a save that stopped before its commit point.
    pub(super) fn cut_history(&self, dept: &str, start: u64) {
        let path = self.history_path(dept);
        if let Ok(f) = OpenOptions::new().write(true).open(&path)
            && f.metadata().is_ok_and(|m| m.len() >= start)
        {
            let _ = f.set_len(start).and_then(|()| f.sync_all());
        }
    }
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

/// The `seq` of a log's last whole record (`None` for a log from before
/// `seq` existed). Reads back from the end in growing chunks, so a save
/// reads a few KB per log however long it is; a torn or foreign last line
/// is skipped.
fn last_seq(path: &std::path::Path) -> Option<u64> {
    let m = fs::symlink_metadata(path).ok()?;
    if !m.file_type().is_file() {
        return None;
    }
    let mut f = File::open(path).ok()?;
    let len = m.len();
    let mut chunk = 4096u64;
    loop {
        let start = len.saturating_sub(chunk);
        f.seek(SeekFrom::Start(start)).ok()?;
        let mut buf = Vec::new();
        (&mut f).take(chunk).read_to_end(&mut buf).ok()?;
        let text = String::from_utf8_lossy(&buf);
        let last = text
            .lines()
            .skip(usize::from(start > 0))
            .filter_map(|l| serde_json::from_str::<Record>(l).ok())
            .last();
        if let Some(r) = last {
            return r.seq;
        }
        if start == 0 || chunk >= TAIL {
            return None;
        }
        chunk *= 4;
    }
}
