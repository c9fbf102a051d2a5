//! What a workbook may claim before calamine is let at it.
//!
//! calamine sizes its cell grid from what the file declares: a 2 KB file
//! whose only cells are A1 and XFD1048576 asks for 17 billion cells, a
//! `uniqueCount` of four billion reserves that many strings, and a few
//! megabytes of compressed whitespace inflate to gigabytes. So before the
//! workbook is opened its zip directory and the XML inside are read as a
//! stream, with fixed buffers, and checked against limits a real ledger
//! never comes near: a department's sheet has a row per measure (the
//! default plan has 140) and a few dozen columns. A file beyond them is
//! refused whole, with the limit named, and nothing is changed.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// The highest row (1-based) a cell may sit in.
pub const MAX_ROW: u64 = 10_000;
/// The highest column (1-based; 100 = CV).
pub const MAX_COL: u64 = 100;
/// Cells in one part, counted as written.
pub const MAX_CELLS: u64 = 200_000;
/// Strings in the shared-strings table, declared or written.
pub const MAX_STRINGS: u64 = 200_000;
/// Entries in the zip (an exported ledger has about 20).
pub const MAX_ENTRIES: u64 = 1_000;
/// The uncompressed size of one entry, and of all of them together.
pub const MAX_ENTRY_BYTES: u64 = 16 * 1024 * 1024;
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// The longest run of text between two tags, in bytes: Excel holds at most
/// 32 767 characters in a cell, 128 KiB in UTF-8 at the most.
pub const MAX_TEXT_RUN: u64 = 256 * 1024;
/// How much more than its compressed size an entry above 1 MiB may be.
pub const MAX_RATIO: u64 = 100;
/// Sheets in the workbook.
pub const MAX_SHEETS: u64 = 300;

/// Formats duban does not read: it writes .xlsx and reads .xlsx back.
const NOT_READ: &[&str] = &["ods", "xls", "xlsb", "xla", "fods"];

/// Refuses a workbook beyond the limits, or one duban does not read, with
/// the message to show (Chinese, then English). `Ok` for a file that is not
/// a zip at all: the caller's reader says it is not a workbook. `f` is the
/// file opened from `path` (by [`crate::fsread::open_regular`]); the caller
/// hands the same descriptor to calamine, so what was checked is what is read.
pub fn check(path: &Path, f: &File) -> Result<(), String> {
    let shown = crate::text::sanitize(&path.display().to_string());
    let refuse = |zh: String, en: String| {
        Err(format!(
            "{shown}：{zh}；真实的工作台账远小于此，已拒绝读取，未作任何修改 \
             ({en}; a real ledger is far smaller, so the file was not read and nothing was changed)"
        ))
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if NOT_READ.contains(&ext.as_str()) {
        return Err(format!(
            "{shown}：duban 只读取 .xlsx 工作簿（duban export --format xlsx 导出并填写的文件），\
             请另存为 .xlsx 后再导入；未作任何修改 \
             (duban reads .xlsx workbooks only, the kind `duban export --format xlsx` writes; \
             save it as .xlsx and ingest that; nothing was changed)"
        ));
    }
    let mut f = f;
    let meta = f.metadata().map_err(|e| format!("{shown}: {e}"))?;
    let Some(entries) = directory_entries(f, meta.len()).map_err(|e| format!("{shown}: {e}"))?
    else {
        return Ok(());
    };
    if entries > MAX_ENTRIES {
        return refuse(
            format!("压缩包内有 {entries} 个文件，上限 {MAX_ENTRIES} 个"),
            format!("the zip holds {entries} entries, more than {MAX_ENTRIES}"),
        );
    }
    f.seek(SeekFrom::Start(0))
        .map_err(|e| format!("{shown}: {e}"))?;
    let Ok(mut zip) = zip::ZipArchive::new(f) else {
        return Ok(());
    };
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            return Ok(());
        };
        let name = crate::text::sanitize(&entry.name().map(|n| n.to_string()).unwrap_or_default());
        let (size, packed) = (entry.size(), entry.compressed_size());
        total = total.saturating_add(size);
        if size > MAX_ENTRY_BYTES {
            return refuse(
                format!("{name} 解压后 {size} 字节，单个文件上限 {MAX_ENTRY_BYTES} 字节"),
                format!("{name} is {size} bytes uncompressed, more than {MAX_ENTRY_BYTES}"),
            );
        }
        if total > MAX_TOTAL_BYTES {
            return refuse(
                format!("解压后共 {total} 字节以上，上限 {MAX_TOTAL_BYTES} 字节"),
                format!(
                    "the entries come to {total} bytes uncompressed, more than {MAX_TOTAL_BYTES}"
                ),
            );
        }
        if size > 1024 * 1024 && size / packed.max(1) > MAX_RATIO {
            return refuse(
                format!("{name} 压缩比超过 {MAX_RATIO} 倍（{packed} → {size} 字节）"),
                format!("{name} inflates more than {MAX_RATIO} times ({packed} → {size} bytes)"),
            );
        }
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        // What is inflated is counted, not what the header says.
        let mut scan = Scan::default();
        let mut read = 0u64;
        let mut buf = [0u8; 64 * 1024];
        let mut entry = entry;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                // A damaged entry: calamine will say so in its own words.
                Err(_) => break,
            };
            read += n as u64;
            if read > size {
                return refuse(
                    format!("{name} 解压后超过其声明的 {size} 字节"),
                    format!("{name} inflates past the {size} bytes it declares"),
                );
            }
            if let Err((zh, en)) = scan.feed(&buf[..n]) {
                return refuse(format!("{name}：{zh}"), format!("{name}: {en}"));
            }
        }
    }
    Ok(())
}

/// The entry count from the end-of-central-directory record; `None` when
/// the file is not a zip. A zip64 directory is refused: a ledger never
/// needs one, and its counts are 64-bit.
fn directory_entries(mut f: &File, len: u64) -> Result<Option<u64>, String> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    let tail = len.min(22 + 65_535);
    let mut buf = vec![0u8; tail as usize];
    f.seek(SeekFrom::Start(len - tail))
        .and_then(|_| f.read_exact(&mut buf))
        .map_err(|e| e.to_string())?;
    let Some(at) = buf.windows(4).rposition(|w| w == EOCD) else {
        return Ok(None);
    };
    let rec = &buf[at..];
    if rec.len() < 22 {
        return Ok(None);
    }
    let entries = u16::from_le_bytes([rec[10], rec[11]]);
    let dir_size = u32::from_le_bytes([rec[12], rec[13], rec[14], rec[15]]);
    if entries == u16::MAX || dir_size == u32::MAX {
        return Ok(Some(u64::MAX));
    }
    Ok(Some(u64::from(entries)))
}

/// A streaming look at XML tags: only the start of each tag is kept (its
/// name and the attributes that size calamine's grid), so memory stays at a
/// few kilobytes whatever the part holds.
#[derive(Default)]
struct Scan {
    in_tag: bool,
    text_run: u64,
    tag: Vec<u8>,
    rows: u64,
    cells: u64,
    strings: u64,
    sheets: u64,
}

/// The part of a tag kept: enough for its name and first attributes.
const TAG_KEEP: usize = 1024;

type Refusal = (String, String);

impl Scan {
    fn feed(&mut self, bytes: &[u8]) -> Result<(), Refusal> {
        for &b in bytes {
            if self.in_tag {
                if b == b'>' {
                    self.in_tag = false;
                    let tag = std::mem::take(&mut self.tag);
                    self.tag_seen(&tag)?;
                } else if self.tag.len() < TAG_KEEP {
                    self.tag.push(b);
                }
            } else if b == b'<' {
                self.in_tag = true;
                self.tag.clear();
                self.text_run = 0;
            } else {
                self.text_run += 1;
                if self.text_run > MAX_TEXT_RUN {
                    return Err((
                        format!(
                            "一段文字超过 {MAX_TEXT_RUN} 字节（Excel 单元格最多 32767 个字符）"
                        ),
                        format!(
                            "a run of text is over {MAX_TEXT_RUN} bytes (an Excel cell holds at most 32 767 characters)"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    fn tag_seen(&mut self, tag: &[u8]) -> Result<(), Refusal> {
        let tag = String::from_utf8_lossy(tag);
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        let local = name.rsplit(':').next().unwrap_or(name);
        let attrs = &tag[name_end..];
        match local {
            "dimension" => {
                if let Some(r) = attr(attrs, "ref")? {
                    for cell in r.split(':') {
                        cell_ref(cell)?;
                    }
                }
            }
            "row" => {
                self.rows += 1;
                if let Some(r) = attr(attrs, "r")? {
                    row_number(&r)?;
                }
                if self.rows > MAX_ROW {
                    return Err((
                        format!("行数超过 {MAX_ROW} 行"),
                        format!("more than {MAX_ROW} rows"),
                    ));
                }
            }
            "c" => {
                self.cells += 1;
                if let Some(r) = attr(attrs, "r")? {
                    cell_ref(&r)?;
                }
                if self.cells > MAX_CELLS {
                    return Err((
                        format!("单元格超过 {MAX_CELLS} 个"),
                        format!("more than {MAX_CELLS} cells"),
                    ));
                }
            }
            "sst" => {
                for a in ["count", "uniqueCount"] {
                    if let Some(v) = attr(attrs, a)? {
                        let n = number(&v, a)?;
                        if n > MAX_STRINGS {
                            return Err((
                                format!("共享字符串声明 {a}={n}，上限 {MAX_STRINGS}"),
                                format!(
                                    "the shared strings declare {a}={n}, more than {MAX_STRINGS}"
                                ),
                            ));
                        }
                    }
                }
            }
            "si" => {
                self.strings += 1;
                if self.strings > MAX_STRINGS {
                    return Err((
                        format!("共享字符串超过 {MAX_STRINGS} 个"),
                        format!("more than {MAX_STRINGS} shared strings"),
                    ));
                }
            }
            "sheet" => {
                self.sheets += 1;
                if self.sheets > MAX_SHEETS {
                    return Err((
                        format!("工作表超过 {MAX_SHEETS} 张"),
                        format!("more than {MAX_SHEETS} sheets"),
                    ));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// An attribute's value; an entity in it is refused (calamine may or may
/// not decode it, and a ledger's coordinates never hold one).
fn attr(attrs: &str, want: &str) -> Result<Option<String>, Refusal> {
    let mut rest = attrs;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim();
        let key = key
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or(key);
        let after = rest[eq + 1..].trim_start();
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            return Ok(None);
        };
        let body = &after[1..];
        let Some(end) = body.find(q) else {
            return Ok(None);
        };
        let value = &body[..end];
        if key.rsplit(':').next() == Some(want) {
            if value.contains('&') {
                return Err((
                    format!("{want} 属性含有字符实体"),
                    format!("a {want} attribute holds an entity"),
                ));
            }
            return Ok(Some(value.to_string()));
        }
        rest = &body[end + 1..];
    }
    Ok(None)
}

fn number(v: &str, what: &str) -> Result<u64, Refusal> {
    v.trim().parse::<u64>().map_err(|_| {
        (
            format!("{what}=\"{}\" 不是数字", crate::text::sanitize(v)),
            format!("{what}=\"{}\" is not a number", crate::text::sanitize(v)),
        )
    })
}

fn row_number(v: &str) -> Result<u64, Refusal> {
    let n = number(v, "r")?;
    if n > MAX_ROW {
        return Err((
            format!("第 {n} 行超出上限 {MAX_ROW} 行"),
            format!("row {n} is beyond row {MAX_ROW}"),
        ));
    }
    Ok(n)
}

/// `XFD1048576` → checked column and row; `$A$1` accepted as A1.
fn cell_ref(r: &str) -> Result<(), Refusal> {
    let r = r.trim().replace('$', "");
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &r[letters.len()..];
    let mut col = 0u64;
    for c in letters.chars() {
        col = col
            .saturating_mul(26)
            .saturating_add(u64::from(c.to_ascii_uppercase() as u8 - b'A' + 1));
    }
    if col > MAX_COL {
        return Err((
            format!(
                "单元格 {} 超出上限列 CV（第 {MAX_COL} 列）",
                crate::text::sanitize(&r)
            ),
            format!(
                "cell {} is beyond column CV ({MAX_COL})",
                crate::text::sanitize(&r)
            ),
        ));
    }
    if !digits.is_empty() {
        row_number(digits)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(xml: &str) -> Result<(), Refusal> {
        let mut s = Scan::default();
        // Fed in small pieces: a tag split across reads is still seen.
        for piece in xml.as_bytes().chunks(7) {
            s.feed(piece)?;
        }
        Ok(())
    }

    #[test]
    fn declared_and_written_coordinates_are_bounded() {
        assert!(scan(r#"<worksheet><dimension ref="A1:P200"/><sheetData><row r="2"><c r="B2" t="s"><v>1</v></c></row></sheetData></worksheet>"#).is_ok());
        assert!(scan(r#"<dimension ref="A1:XFD1048576"/>"#).is_err());
        assert!(scan(r#"<row r="4294967295">"#).is_err());
        assert!(scan(r#"<row r="99999999999999999999999">"#).is_err());
        assert!(scan(r#"<x:c r="DX1048576">"#).is_err());
        assert!(scan(r#"<c r='CW1'>"#).is_err());
        assert!(scan(r#"<c r="CV10000">"#).is_ok());
        assert!(scan(r#"<c r="&#65;1">"#).is_err());
        assert!(scan(r#"<sst count="3" uniqueCount="4000000000">"#).is_err());
        let e = scan(r#"<sst xmlns="x" uniqueCount="4000000000">"#).unwrap_err();
        assert!(
            e.0.contains("uniqueCount=4000000000") && e.0.contains("上限"),
            "{e:?}"
        );
    }

    #[test]
    fn a_text_longer_than_a_cell_holds_is_refused() {
        let cell = |n: usize| format!("<si><t>{}</t></si>", "字".repeat(n));
        assert!(scan(&cell(32_767)).is_ok());
        assert!(scan(&cell(90_000)).is_err());
        assert!(scan(&" ".repeat(MAX_TEXT_RUN as usize + 1)).is_err());
    }

    #[test]
    fn counts_are_bounded_without_coordinates() {
        let rows = "<row>".repeat(MAX_ROW as usize);
        assert!(scan(&rows).is_ok());
        assert!(scan(&format!("{rows}<row/>")).is_err());
    }
}
