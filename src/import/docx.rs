//! Word (.docx) documents: the body's paragraphs and tables, in order.
//!
//! Only `word/document.xml` is read. Text comes from `w:t` runs (deleted
//! text, `w:delText`, and field codes, `w:instrText`, are not text), a
//! `w:br` or `w:cr` ends a line, a `w:tab` is a space. In a table a cell
//! continued from the one above (`w:vMerge` without `restart`) repeats its
//! text, since a merged 牵头单位 cell leads every row it spans.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::Event;

/// The largest `word/document.xml` read: a plan of a few hundred pages is a
/// few MB of XML; more is a wrong or hostile file, refused before inflating it.
pub const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph's lines (a manual line break starts a new one).
    Paragraph(Vec<String>),
    /// Rows of cells; each cell's paragraphs in order.
    Table(Vec<Vec<Vec<String>>>),
}

/// Why a .docx could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// Not a zip archive at all.
    NotZip(String),
    /// A zip without `word/document.xml` (another Office format?).
    NoDocument,
    TooLarge(u64),
    Xml(String),
}

/// Reads the blocks of a .docx held in memory.
pub fn read(bytes: &[u8]) -> Result<Vec<Block>, DocxError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError::NotZip(e.to_string()))?;
    let entry = zip
        .by_name("word/document.xml")
        .map_err(|_| DocxError::NoDocument)?;
    if entry.size() > MAX_XML_BYTES {
        return Err(DocxError::TooLarge(entry.size()));
    }
    let mut xml = String::new();
    // The declared size can lie; the read is bounded all the same.
    entry
        .take(MAX_XML_BYTES + 1)
        .read_to_string(&mut xml)
        .map_err(|e| DocxError::Xml(e.to_string()))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(DocxError::TooLarge(xml.len() as u64));
    }
    // Automatic numbering is optional; a list that cannot be read numbers nothing.
    let mut numbering_xml = String::new();
    if let Ok(entry) = zip.by_name("word/numbering.xml")
        && entry.size() <= MAX_XML_BYTES
    {
        let _ = entry.take(MAX_XML_BYTES).read_to_string(&mut numbering_xml);
    }
    let mut numbering = super::numbering::Numbering::parse(&numbering_xml);
    blocks_numbered(&xml, &mut numbering)
}

/// Where the reader is inside a table.
#[derive(Default)]
struct TableState {
    rows: Vec<Vec<Vec<String>>>,
    row: Vec<Vec<String>>,
    cell: Vec<String>,
    col: usize,
    span: usize,
    /// `Some(true)` restart, `Some(false)` continue, `None` not merged.
    merge: Option<bool>,
    /// Text of the last cell seen in each grid column.
    above: Vec<(usize, Vec<String>)>,
}

/// Parses `word/document.xml` into blocks.
pub fn blocks(xml: &str) -> Result<Vec<Block>, DocxError> {
    blocks_numbered(xml, &mut super::numbering::Numbering::default())
}

/// Parses `word/document.xml`, labelling paragraphs Word numbers itself.
pub fn blocks_numbered(
    xml: &str,
    numbering: &mut super::numbering::Numbering,
) -> Result<Vec<Block>, DocxError> {
    let mut reader = Reader::from_str(xml);
    // The paragraph's list (numId) and level (ilvl), when Word numbers it.
    let mut num: Option<String> = None;
    let mut ilvl = 0usize;
    let mut out = Vec::new();
    // Nested tables are flattened into their enclosing cell's text.
    let mut tables: Vec<TableState> = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut in_text = false;
    let mut in_para = false;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| DocxError::Xml(format!("at byte {}: {e}", reader.buffer_position())))?;
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    // An empty paragraph (`<w:p/>`) has no text and no end tag.
                    "p" if !empty => {
                        in_para = true;
                        para.clear();
                        line.clear();
                        num = None;
                        ilvl = 0;
                    }
                    "numId" if in_para => num = attr(&e, "val"),
                    "ilvl" if in_para => {
                        ilvl = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    }
                    "t" if !empty => in_text = true,
                    "tab" if in_para => line.push(' '),
                    "br" | "cr" if in_para => para.push(std::mem::take(&mut line)),
                    "tbl" => tables.push(TableState::default()),
                    "tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.row.clear();
                            t.col = 0;
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.cell.clear();
                            t.span = 1;
                            t.merge = None;
                        }
                    }
                    "gridSpan" => {
                        if let Some(t) = tables.last_mut() {
                            t.span = attr(&e, "val")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1)
                                .clamp(1, 64);
                        }
                    }
                    "vMerge" => {
                        if let Some(t) = tables.last_mut() {
                            t.merge = Some(attr(&e, "val").is_some_and(|v| v == "restart"));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text => line.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    line.push(c);
                } else {
                    line.push_str(match r.xml10_content().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    in_para = false;
                    para.push(std::mem::take(&mut line));
                    if let Some(id) = num.take().filter(|id| id != "0")
                        && para.iter().any(|l| !l.trim().is_empty())
                        && let Some(label) = numbering.label(&id, ilvl)
                    {
                        para[0].insert_str(0, &label);
                    }
                    let lines: Vec<String> = std::mem::take(&mut para);
                    match tables.last_mut() {
                        Some(t) => t.cell.extend(lines),
                        None => out.push(Block::Paragraph(lines)),
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        let col = t.col;
                        let mut cell = std::mem::take(&mut t.cell);
                        cell.retain(|l| !l.trim().is_empty());
                        if t.merge == Some(false)
                            && let Some((_, above)) = t.above.iter().find(|(c, _)| *c == col)
                        {
                            cell = above.clone();
                        }
                        t.above.retain(|(c, _)| *c != col);
                        t.above.push((col, cell.clone()));
                        // A cell spanning columns stands in each of them, so
                        // rows line up with the header's columns.
                        for _ in 1..t.span {
                            t.row.push(cell.clone());
                        }
                        t.row.push(cell);
                        t.col += t.span;
                    }
                }
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        let row = std::mem::take(&mut t.row);
                        t.rows.push(row);
                    }
                }
                "tbl" => {
                    if let Some(t) = tables.pop() {
                        match tables.last_mut() {
                            Some(outer) => {
                                outer.cell.extend(t.rows.into_iter().flatten().flatten())
                            }
                            None => out.push(Block::Table(t.rows)),
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// An attribute's value by local name (`w:val` → "val").
fn attr(e: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        // The values read here (restart, a span) hold no escapes.
        (a.key.local_name().as_ref() == local).then(|| a.value.into_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
    }

    #[test]
    fn paragraphs_runs_breaks_and_entities() {
        let x = doc(
            "<w:p><w:r><w:t>一、</w:t></w:r><w:r><w:t xml:space=\"preserve\">开办 &amp; 企业</w:t></w:r></w:p>\
             <w:p><w:r><w:t>甲</w:t><w:br/><w:t>乙</w:t><w:delText>删</w:delText><w:instrText>PAGE</w:instrText></w:r></w:p>",
        );
        assert_eq!(
            blocks(&x).unwrap(),
            vec![
                Block::Paragraph(vec!["一、开办 & 企业".into()]),
                Block::Paragraph(vec!["甲".into(), "乙".into()]),
            ]
        );
    }

    #[test]
    fn merged_cells_repeat_the_cell_above() {
        let cell = |t: &str, merge: &str| {
            format!("<w:tc><w:tcPr>{merge}</w:tcPr><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>")
        };
        let x = doc(&format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("任务一", ""),
            cell("区税务局", "<w:vMerge w:val=\"restart\"/>"),
            cell("任务二", ""),
            cell("", "<w:vMerge/>"),
        ));
        let b = blocks(&x).unwrap();
        let Block::Table(rows) = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(
            rows[1],
            vec![vec!["任务二".to_string()], vec!["区税务局".into()]]
        );
    }

    #[test]
    fn a_cell_spanning_columns_stands_in_each() {
        let x = doc(
            "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"3\"/></w:tcPr><w:p><w:r><w:t>一、政务服务</w:t></w:r></w:p></w:tc></w:tr>\
             <w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>区税务局</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        );
        let b = blocks(&x).unwrap();
        let Block::Table(rows) = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(rows[0].len(), 3);
        assert_eq!(rows[0][2], vec!["一、政务服务".to_string()]);
        assert_eq!(rows[1][1], Vec::<String>::new());
    }

    #[test]
    fn not_a_zip_and_no_document() {
        assert!(matches!(read(b"PK\x03\x04junk"), Err(DocxError::NotZip(_))));
        assert!(matches!(read(b"plain"), Err(DocxError::NotZip(_))));
    }
}
