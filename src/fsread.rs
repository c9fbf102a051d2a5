//! Reading a file duban was pointed at, without ever hanging on it or
//! reading it without end.
//!
//! A plan, a ledger, a history log, a snapshot, config.ron and an import's
//! source are regular files. A FIFO blocks `open(2)` until a writer comes,
//! `/dev/zero` never ends, and a terminal device steals input: each is
//! refused before any byte is read. The file type is checked on the path,
//! then again on the opened descriptor (opened `O_NONBLOCK`, so a FIFO
//! swapped in between the two cannot block the open either), and the read
//! stops one byte past the limit whatever the size the file claims.

use std::fmt;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    NotFound,
    /// Not a regular file: the kind found, in words (`a FIFO (named pipe)`).
    NotRegular(&'static str),
    /// Larger than the limit; `size` is at least `limit + 1`.
    TooBig {
        size: u64,
        limit: u64,
    },
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("no such file"),
            ReadError::NotRegular(kind) => write!(
                f,
                "is {kind}, not a regular file; duban reads only regular files (是{}，不是普通文件)",
                kind_zh(kind)
            ),
            ReadError::TooBig { size, limit } => write!(
                f,
                "{size} bytes is more than the {limit}-byte limit (超过 {limit} 字节上限)"
            ),
            ReadError::Io(e) => e.fmt(f),
        }
    }
}

/// The kinds [`ReadError::NotRegular`] names, as its message words them,
/// and the same in Chinese.
pub const KINDS: [(&str, &str); 5] = [
    ("a FIFO (named pipe)", "命名管道"),
    ("a character device", "字符设备"),
    ("a block device", "块设备"),
    ("a socket", "套接字"),
    ("a directory", "目录"),
];

pub fn kind_zh(kind: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(en, _)| *en == kind)
        .map_or("特殊文件", |(_, zh)| zh)
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::NotFound {
            ReadError::NotFound
        } else {
            ReadError::Io(e)
        }
    }
}

/// What a file is, in words, when it is not a regular file.
pub fn not_regular(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if t.is_char_device() {
        Some("a character device")
    } else if t.is_block_device() {
        Some("a block device")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_dir() {
        Some("a directory")
    } else {
        Some("a special file")
    }
}

/// Opens a regular file for reading (following a symlink to it), refusing
/// anything else without blocking.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), ReadError> {
    let meta = std::fs::metadata(path)?;
    if let Some(kind) = not_regular(&meta) {
        return Err(ReadError::NotRegular(kind));
    }
    let f = OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)?;
    // The path may have been swapped between the check and the open.
    let meta = f.metadata()?;
    if let Some(kind) = not_regular(&meta) {
        return Err(ReadError::NotRegular(kind));
    }
    Ok((f, meta))
}

/// The bytes of a regular file of at most `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (f, meta) = open_regular(path)?;
    if meta.len() > limit {
        return Err(ReadError::TooBig {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // A file that grows while it is read (or lies about its size, as some
    // pseudo-files do) still stops here.
    f.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooBig {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// A line-oriented file (a JSON-lines log) read as [`read_bounded`] does,
/// except that a line longer than `max_line` bytes is left out without
/// being held in memory: its place is kept as an empty line (so the line
/// numbers of the others stay true) and its number is returned. `limit`
/// bounds what is kept, not the file's size, so one absurd line costs one
/// report instead of the whole file.
pub fn read_lines_capped(
    path: &Path,
    max_line: usize,
    limit: u64,
) -> Result<(Vec<u8>, Vec<usize>), ReadError> {
    use std::io::BufRead;
    let (f, _) = open_regular(path)?;
    let mut r = io::BufReader::with_capacity(64 * 1024, f);
    let mut out = Vec::new();
    let mut long = Vec::new();
    let (mut line_no, mut line_start, mut skipping) = (1usize, 0usize, false);
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        let mut rest = buf;
        while !rest.is_empty() {
            let (piece, ended) = match rest.iter().position(|b| *b == b'\n') {
                Some(i) => (&rest[..=i], true),
                None => (rest, false),
            };
            rest = &rest[piece.len()..];
            if !skipping {
                out.extend_from_slice(piece);
                let len = out.len() - line_start - usize::from(ended);
                if len > max_line {
                    out.truncate(line_start);
                    long.push(line_no);
                    skipping = true;
                }
            }
            if ended {
                if skipping {
                    out.push(b'\n');
                    skipping = false;
                }
                line_no += 1;
                line_start = out.len();
            }
            if out.len() as u64 > limit {
                return Err(ReadError::TooBig {
                    size: out.len() as u64,
                    limit,
                });
            }
        }
        r.consume(n);
    }
    Ok((out, long))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pipe.ron");
        rustix::fs::mkfifoat(rustix::fs::CWD, &p, rustix::fs::Mode::from(0o600)).unwrap();
        let e = read_bounded(&p, 100).unwrap_err();
        assert!(
            matches!(e, ReadError::NotRegular("a FIFO (named pipe)")),
            "{e}"
        );
        assert!(e.to_string().contains("命名管道"), "{e}");
    }

    #[test]
    fn a_link_to_a_device_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("zero.ron");
        std::os::unix::fs::symlink("/dev/zero", &p).unwrap();
        let e = read_bounded(&p, 100).unwrap_err();
        assert!(
            matches!(e, ReadError::NotRegular("a character device")),
            "{e}"
        );
    }

    #[test]
    fn an_overlong_line_is_left_out_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("log.jsonl");
        let big = "x".repeat(200_000);
        std::fs::write(&p, format!("a\n{big}\nb\n{big}")).unwrap();
        let (text, long) = read_lines_capped(&p, 100, 1000).unwrap();
        assert_eq!(text, b"a\n\nb\n");
        assert_eq!(long, vec![2, 4]);
        std::fs::write(&p, "abc\nde").unwrap();
        let (text, long) = read_lines_capped(&p, 3, 1000).unwrap();
        assert_eq!((text.as_slice(), long.is_empty()), (&b"abc\nde"[..], true));
        assert!(matches!(
            read_lines_capped(&p, 3, 2),
            Err(ReadError::TooBig { .. })
        ));
    }

    #[test]
    fn reads_up_to_the_limit_and_not_past_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, b"12345").unwrap();
        assert_eq!(read_bounded(&p, 5).unwrap(), b"12345");
        assert!(matches!(
            read_bounded(&p, 4),
            Err(ReadError::TooBig { size: 5, limit: 4 })
        ));
        assert!(matches!(
            read_bounded(&dir.path().join("none"), 4),
            Err(ReadError::NotFound)
        ));
        assert!(matches!(
            read_bounded(dir.path(), 4),
            Err(ReadError::NotRegular("a directory"))
        ));
    }
}
