//! Reads a workbook's sheets into rows keyed by header name, with calamine.
//! No interpretation here beyond finding the header row.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use std::io::Seek;

use calamine::{Data, Reader, Xlsx};

use super::cell::col_letters;
use super::col;

/// How far down a sheet the header row is looked for.
const HEADER_SEARCH_ROWS: u32 = 10;

/// Where a value sits: sheet and cell, shown as `税务局!H3`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CellRef {
    pub sheet: String,
    /// 0-based.
    pub row: u32,
    /// 0-based.
    pub col: u32,
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = !self.sheet.is_empty()
            && self
                .sheet
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '(' || c == ')');
        // The sheet name comes from the file: controls, bidi overrides and
        // zero-width characters are shown as stand-ins, never sent.
        let name = crate::text::sanitize(&self.sheet);
        if plain {
            f.write_str(&name)?;
        } else {
            write!(f, "'{}'", name.replace('\'', "''"))?;
        }
        write!(f, "!{}{}", col_letters(self.col), self.row + 1)
    }
}

/// One data row: its cells by header text.
#[derive(Debug, Clone)]
pub struct Row {
    /// 0-based sheet row.
    pub row: u32,
    pub cells: BTreeMap<String, Data>,
    /// The formula of each cell that holds one (`=B3*2`), by header: its
    /// value above is the result the spreadsheet last computed and saved.
    pub formulas: BTreeMap<String, String>,
}

/// A sheet as read.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    /// Header text → 0-based column; empty when the sheet has no 措施编号
    /// header (the summary, the instructions, a sheet of one's own).
    pub columns: BTreeMap<String, u32>,
    /// Headers that appear more than once (ambiguous; the sheet is refused).
    pub repeated: Vec<String>,
    pub rows: Vec<Row>,
}

impl Sheet {
    pub fn is_ledger(&self) -> bool {
        self.columns.contains_key(col::MEASURE)
    }

    pub fn at(&self, row: u32, header: &str) -> Option<CellRef> {
        self.columns.get(header).map(|c| CellRef {
            sheet: self.name.clone(),
            row,
            col: *c,
        })
    }

    /// The reference of a row's first column, for messages about the row.
    pub fn row_ref(&self, row: u32) -> CellRef {
        self.at(row, col::MEASURE).unwrap_or(CellRef {
            sheet: self.name.clone(),
            row,
            col: 0,
        })
    }
}

/// Opens `path` and reads every sheet. Any failure to read the file is one
/// clear error; nothing has been looked at in the data dir yet.
pub fn read(path: &Path) -> Result<Vec<Sheet>, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot open {shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{shown} is not a file"));
    }
    let not_a_workbook = |e: &dyn fmt::Display| {
        format!(
            "{shown} is not a readable Excel workbook ({e}); give the .xlsx file exported by \
             `duban export --format xlsx` and filled in (a CSV or a damaged file cannot be read); \
             nothing was changed"
        )
    };
    // What the file declares is checked before calamine sizes anything by
    // it, on the descriptor calamine then reads (no swap in between).
    let (f, _) =
        crate::fsread::open_regular(path).map_err(|e| format!("cannot open {shown}: {e}"))?;
    super::limits::check(path, &f)?;
    let mut f = f;
    f.seek(std::io::SeekFrom::Start(0))
        .map_err(|e| format!("cannot open {shown}: {e}"))?;
    let mut wb = Xlsx::new(std::io::BufReader::new(f)).map_err(|e| not_a_workbook(&e))?;
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| not_a_workbook(&e))?;
        // Formulas only say where a value came from; a file without them reads the same.
        let formulas = wb.worksheet_formula(&name).ok();
        let mut s = sheet(name, &range);
        if let Some(f) = &formulas {
            mark_formulas(&mut s, f);
        }
        out.push(s);
    }
    Ok(out)
}

fn sheet(name: String, range: &calamine::Range<Data>) -> Sheet {
    let mut s = Sheet {
        name,
        columns: BTreeMap::new(),
        repeated: Vec::new(),
        rows: Vec::new(),
    };
    let Some((r0, c0)) = range.start() else {
        return s;
    };
    let is_measure_head = |d: &Data| matches!(d, Data::String(t) if t.trim() == col::MEASURE);
    let Some(head) = range
        .rows()
        .take(HEADER_SEARCH_ROWS as usize)
        .position(|r| r.iter().any(is_measure_head))
    else {
        return s;
    };
    for (j, d) in range.rows().nth(head).into_iter().flatten().enumerate() {
        if let Data::String(t) = d {
            let t = t.trim().to_string();
            if t.is_empty() {
                continue;
            }
            if s.columns.insert(t.clone(), c0 + j as u32).is_some() && !s.repeated.contains(&t) {
                s.repeated.push(t);
            }
        }
    }
    for (i, r) in range.rows().enumerate().skip(head + 1) {
        let mut cells = BTreeMap::new();
        for (h, c) in &s.columns {
            let j = (c - c0) as usize;
            if let Some(d) = r.get(j)
                && *d != Data::Empty
            {
                cells.insert(h.clone(), d.clone());
            }
        }
        s.rows.push(Row {
            row: r0 + i as u32,
            cells,
            formulas: BTreeMap::new(),
        });
    }
    s
}

/// Notes on each row which of its cells hold a formula.
fn mark_formulas(s: &mut Sheet, formulas: &calamine::Range<String>) {
    for r in &mut s.rows {
        for (h, c) in &s.columns {
            if let Some(f) = formulas.get_value((r.row, *c))
                && !f.trim().is_empty()
            {
                r.formulas.insert(h.clone(), f.trim().to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs_read_like_excel() {
        let r = CellRef {
            sheet: "税务局".into(),
            row: 2,
            col: 7,
        };
        assert_eq!(r.to_string(), "税务局!H3");
        let r = CellRef {
            sheet: "my sheet's".into(),
            row: 0,
            col: 27,
        };
        assert_eq!(r.to_string(), "'my sheet''s'!AB1");
        let r = CellRef {
            sheet: "\u{1b}[2J\u{202e}表".into(),
            row: 0,
            col: 0,
        };
        let shown = r.to_string();
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{202e}'),
            "{shown}"
        );
        assert!(shown.contains("<U+202E>"), "{shown}");
    }
}
