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
        "{path}: looks like binary data (NUL byte at offset {offset}); import reads .docx or UTF-8 text"
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
    #[error(
        "{0}: a Word 97-2003 or WPS file (.doc/.wps), which duban does not read: open it in Word or WPS and save it as .docx (Word document) or as .txt (plain text, UTF-8), then import that"
    )]
    OldWord(String),
    #[error(
        "{0}: a PDF keeps no paragraphs or tables, only positioned text: open it in WPS or Word and save it as .docx, or copy its text into a UTF-8 .txt file, then import that"
    )]
    Pdf(String),
    #[error("{0}: an RTF file: open it in Word or WPS and save it as .docx or UTF-8 .txt")]
    Rtf(String),
    #[error(
        "{0}: a zip archive without word/document.xml, so not a Word document (an .xlsx, .pptx or .odt?): save the plan as .docx or UTF-8 .txt"
    )]
    NotWord(String),
    #[error("{0}: not a valid .docx: {1}; open it in Word or WPS and save it again as .docx")]
    BadDocx(String, String),
    #[error("{0}: is {1}, not a regular file; import reads a document file")]
    NotFile(String, &'static str),
}

impl ImportError {
    /// The message in the user's language (English is the `Display` form).
    pub fn localized(&self, lang: crate::lang::Lang) -> String {
        if lang.is_en() {
            return self.to_string();
        }
        match self {
            ImportError::OldWord(p) => format!(
                "{p}：这是 Word 97-2003 或 WPS 格式（.doc/.wps），duban 不能直接读取。请用 Word 或 WPS 打开，“另存为” Word 文档（.docx）或纯文本（.txt，UTF-8 编码）后再导入"
            ),
            ImportError::Pdf(p) => format!(
                "{p}：PDF 只保存排版后的文字，不保存段落和表格结构。请用 WPS 或 Word 打开后“另存为” .docx，或把文字复制到 UTF-8 编码的 .txt 文件后再导入"
            ),
            ImportError::Rtf(p) => format!(
                "{p}：这是 RTF 文件。请用 Word 或 WPS 打开，“另存为” .docx 或 UTF-8 编码的 .txt 后再导入"
            ),
            ImportError::NotWord(p) => format!(
                "{p}：是 zip 压缩包，但没有 word/document.xml，不是 Word 文档（可能是 .xlsx、.pptx 或 .odt）。请把方案另存为 .docx 或 UTF-8 编码的 .txt"
            ),
            ImportError::BadDocx(p, why) => {
                format!("{p}：不是有效的 .docx（{why}）。请用 Word 或 WPS 打开后重新“另存为” .docx")
            }
            ImportError::NotFile(p, kind) => format!(
                "{p}：是{}，不是普通文件，import 只读取文档文件",
                crate::fsread::kind_zh(kind)
            ),
            ImportError::Read(p, why) => format!("{p}：无法读取：{why}"),
            ImportError::TooLarge { path, bytes, limit } => format!(
                "{path}：{bytes} 字节，超过方案文档的上限（{limit} 字节），请确认文件是否选对"
            ),
            ImportError::NotUtf8 {
                path,
                line,
                column,
                offset,
            } => format!(
                "{path}:{line}:{column}：不是有效的 UTF-8（第 {offset} 字节）。请把文件另存为 UTF-8 编码（不是 GBK）"
            ),
            ImportError::NoMeasures => {
                "没有找到编号的措施：应有标题（一、/ 第一章 / #）和编号为（一）(1) 1. 或 1、的条目"
                    .into()
            }
            ImportError::Utf16(p) => format!("{p}：文本是 UTF-16 编码，请另存为 UTF-8"),
            ImportError::Departments(e) => format!("部门文件：{e}"),
            ImportError::OutExists(p) => format!("{p} 里已有方案；要覆盖请加 --force"),
            ImportError::Write(p, why) => format!("{p}：无法写入：{why}"),
            ImportError::Binary { path, offset } => format!(
                "{path}：看起来是二进制数据（第 {offset} 字节为 NUL）。import 读取 .docx 或 UTF-8 纯文本"
            ),
        }
    }
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

/// What a file's first bytes (and, for zip archives, its name) say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Zip,
    /// OLE2 compound file: Word 97-2003 .doc, WPS .wps, old .xls.
    Ole,
    Pdf,
    Rtf,
    Text,
}

fn kind(bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Kind::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Kind::Ole
    } else if bytes.starts_with(b"%PDF") {
        Kind::Pdf
    } else if bytes.starts_with(b"{\\rtf") {
        Kind::Rtf
    } else {
        Kind::Text
    }
}

/// The document's text from its bytes: a .docx's paragraphs and tables, or
/// UTF-8 text; other formats are refused with what to do instead.
pub fn text_of(path: &str, bytes: &[u8]) -> Result<String, ImportError> {
    let docx_named = path.to_lowercase().ends_with(".docx");
    match kind(bytes) {
        Kind::Zip => match super::docx::read(bytes) {
            Ok(blocks) => Ok(super::table::text(&blocks)),
            Err(super::docx::DocxError::NoDocument) => Err(ImportError::NotWord(path.into())),
            Err(super::docx::DocxError::TooLarge(n)) => Err(ImportError::TooLarge {
                path: format!("{path} (word/document.xml)"),
                bytes: n,
                limit: super::docx::MAX_XML_BYTES,
            }),
            Err(super::docx::DocxError::NotZip(why) | super::docx::DocxError::Xml(why)) => {
                Err(ImportError::BadDocx(path.into(), why))
            }
        },
        Kind::Ole => Err(ImportError::OldWord(path.into())),
        Kind::Pdf => Err(ImportError::Pdf(path.into())),
        Kind::Rtf => Err(ImportError::Rtf(path.into())),
        Kind::Text if docx_named => Err(ImportError::BadDocx(
            path.into(),
            "not a zip archive".into(),
        )),
        Kind::Text => decode(path, bytes),
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
        crate::fsread::ReadError::NotRegular(kind) => ImportError::NotFile(shown.clone(), kind),
        e => ImportError::Read(shown.clone(), e.to_string()),
    })?;
    text_of(&shown, &bytes)
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
