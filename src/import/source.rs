//! Reading the document: refuses what is not a plan's text, with a reason.

use std::path::Path;

use thiserror::Error;

/// The largest document accepted. A plan's text is a few hundred KB; a file
/// many times larger is a wrong file, and reading it would only waste memory.
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ImportError {
    #[error("{0}: cannot read: {1}")]
    Read(String, String),
    #[error(
        "{path}: {bytes} bytes is too large for a plan document (limit {limit} bytes); is it the right file?"
    )]
    TooLarge {
        path: String,
        bytes: u64,
        limit: u64,
    },
    #[error(
        "{path}: looks like binary data (NUL byte at offset {offset}); import reads the document's text: convert .docx/.pdf to .txt first"
    )]
    Binary { path: String, offset: usize },
    #[error(
        "{path}:{line}:{column}: not valid UTF-8 (byte offset {offset}); save the file as UTF-8 (not GBK)"
    )]
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
        offset: usize,
    },
    #[error(
        "no numbered measures found: expected headings (一、 / 第一章 / #) with items numbered （一） (1) 1. or 1、"
    )]
    NoMeasures,
    #[error("{0}: the text is UTF-16; save it as UTF-8")]
    Utf16(String),
    #[error("departments file: {0}")]
    Departments(String),
    #[error("{0} already holds a plan; pass --force to overwrite it")]
    OutExists(String),
    #[error("{0}: cannot write: {1}")]
    Write(String, String),
}

/// Checks bytes and decodes them as UTF-8 (a BOM is dropped).
pub fn decode(path: &str, bytes: &[u8]) -> Result<String, ImportError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ImportError::Utf16(path.into()));
    }
    if let Some(offset) = bytes.iter().position(|b| *b == 0) {
        return Err(ImportError::Binary {
            path: path.into(),
            offset,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let text = std::str::from_utf8(good).unwrap_or_default();
            let line = text.matches('\n').count() + 1;
            let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(ImportError::NotUtf8 {
                path: path.into(),
                line,
                column,
                offset: e.valid_up_to(),
            })
        }
    }
}

pub fn read(path: &Path) -> Result<String, ImportError> {
    let shown = path.display().to_string();
    // `import /dev/zero` or a FIFO is refused before it is opened, and no
    // source is read past the limit whatever size it claims.
    let bytes = crate::fsread::read_bounded(path, MAX_BYTES).map_err(|e| match e {
        crate::fsread::ReadError::TooBig { size, limit } => ImportError::TooLarge {
            path: shown.clone(),
            bytes: size,
            limit,
        },
        e => ImportError::Read(shown.clone(), e.to_string()),
    })?;
    decode(&shown, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_binary_and_reports_bad_utf8_position() {
        assert!(matches!(
            decode("f", b"ab\0cd"),
            Err(ImportError::Binary { offset: 2, .. })
        ));
        let mut gbk = "第一行\n第二".as_bytes().to_vec();
        gbk.extend([0xB5, 0xDA]);
        match decode("f", &gbk) {
            Err(ImportError::NotUtf8 { line, column, .. }) => assert_eq!((line, column), (2, 3)),
            other => panic!("{other:?}"),
        }
        assert_eq!(decode("f", b"\xEF\xBB\xBFabc").unwrap(), "abc");
        assert_eq!(
            decode("f", b"\xFF\xFEa\0"),
            Err(ImportError::Utf16("f".into()))
        );
    }
}
