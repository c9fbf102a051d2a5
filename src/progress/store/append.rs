//! Appending to a department's history log (`history/<dept>.jsonl`).

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};

use super::files::{refuse_symlink, sync_dir};
use super::{HISTORY_DIR, Store};
use crate::progress::error::StoreError;
use crate::progress::history::{MAX_LINE_BYTES, Record};

impl Store {
    pub(super) fn append_history(&self, dept: &str, records: &[Record]) -> Result<(), StoreError> {
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
        f.seek(SeekFrom::End(0))
            .map_err(|e| io("append to the history", e))?;
        f.write_all(buf.as_bytes())
            .map_err(|e| io("append to the history", e))?;
        f.sync_all().map_err(|e| io("fsync the history", e))?;
        Ok(())
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
