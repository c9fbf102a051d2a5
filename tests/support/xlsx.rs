//! Shared by the xlsx tests: running the real binary, reading a workbook into
//! grids with calamine and writing grids back with rust_xlsxwriter the way a
//! clerk's spreadsheet program would save an edited copy (values and types
//! kept, duban's formats, hidden columns and protection gone).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::{Format, Workbook};

pub type Grid = Vec<Vec<Data>>;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn duban(data: &Path, args: &[&str]) -> Run {
    // The tests read ingest's English wording unless they ask for a language.
    let lang: &[&str] = if args.contains(&"--lang") {
        &[]
    } else {
        &["--lang", "en"]
    };
    let out: Output = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .args(lang)
        .arg("--data")
        .arg(data)
        .env_remove("DUBAN_COORDINATOR")
        .env_remove("DUBAN_TODAY")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

pub fn ok(data: &Path, args: &[&str]) -> Run {
    let r = duban(data, args);
    assert_eq!(
        r.code, 0,
        "duban {args:?}\nstdout: {}\nstderr: {}",
        r.stdout, r.stderr
    );
    r
}

pub fn export(data: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["export", "--format", "xlsx", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    ok(data, &args);
}

/// Every sheet as a grid from A1, in workbook order.
pub fn read(path: &Path) -> Vec<(String, Grid)> {
    let mut wb = open_workbook_auto(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let mut grid: Grid = Vec::new();
        if let Some((r0, c0)) = range.start() {
            let (h, w) = range.get_size();
            let width = c0 as usize + w;
            grid.resize(r0 as usize, vec![Data::Empty; width]);
            for r in range.rows() {
                let mut row = vec![Data::Empty; c0 as usize];
                row.extend(r.iter().cloned());
                grid.push(row);
            }
            assert_eq!(grid.len(), r0 as usize + h);
        }
        out.push((name, grid));
    }
    out
}

/// Writes the grids as a plain workbook: strings, numbers, dates (as date
/// cells), booleans; nothing else.
pub fn write(path: &Path, sheets: &[(String, Grid)]) {
    write_with(path, sheets, &[]);
}

/// A cell a clerk's program may write that a grid cannot say.
pub enum Special {
    /// A formula and the result the program computed and saved with it.
    Formula(&'static str, &'static str),
    /// A number shown as a date (`-1` typed into a date cell).
    DateSerial(f64),
}

/// [`write`], with some cells (sheet, 0-based row and column) written as given.
pub fn write_with(
    path: &Path,
    sheets: &[(String, Grid)],
    special: &[(&str, usize, usize, Special)],
) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, grid) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in grid.iter().enumerate() {
            for (c, d) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match d {
                    Data::Empty => {}
                    Data::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).unwrap();
                    }
                    Data::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    Data::DateTime(x) => {
                        let t = x.as_datetime().unwrap();
                        ws.write_datetime_with_format(r, c, t, &date).unwrap();
                    }
                    other => panic!("unexpected cell {other:?}"),
                }
            }
        }
        for (_, r, c, x) in special.iter().filter(|(s, ..)| s == name) {
            let (r, c) = (*r as u32, *c as u16);
            match x {
                Special::Formula(f, result) => {
                    ws.write_formula(r, c, rust_xlsxwriter::Formula::new(*f).set_result(*result))
                        .unwrap();
                }
                Special::DateSerial(v) => {
                    ws.write_number_with_format(r, c, *v, &date).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

pub fn sheet<'a>(book: &'a [(String, Grid)], name: &str) -> &'a Grid {
    &book
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

pub fn sheet_mut<'a>(book: &'a mut [(String, Grid)], name: &str) -> &'a mut Grid {
    &mut book.iter_mut().find(|(n, _)| n == name).unwrap().1
}

/// The header row: the first row with 措施编号.
pub fn header_row(g: &Grid) -> usize {
    g.iter()
        .position(|r| r.iter().any(|d| *d == Data::String("措施编号".into())))
        .expect("a header row")
}

pub fn col(g: &Grid, header: &str) -> usize {
    let h = header_row(g);
    g[h].iter()
        .position(|d| *d == Data::String(header.into()))
        .unwrap_or_else(|| panic!("no column {header}"))
}

pub fn row(g: &Grid, measure: &str) -> usize {
    let c = col(g, "措施编号");
    g.iter()
        .position(|r| r.get(c) == Some(&Data::String(measure.into())))
        .unwrap_or_else(|| panic!("no row for measure {measure}"))
}

pub fn set(g: &mut Grid, measure: &str, header: &str, v: Data) {
    let (r, c) = (row(g, measure), col(g, header));
    if g[r].len() <= c {
        g[r].resize(c + 1, Data::Empty);
    }
    g[r][c] = v;
}

/// A 0-based column as its letters: 0 → A, 27 → AB.
pub fn letters(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

pub fn s(v: &str) -> Data {
    Data::String(v.into())
}

pub fn date(y: i32, m: u32, d: u32) -> Data {
    let serial = (chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
        - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap())
    .num_days() as f64;
    Data::DateTime(calamine::ExcelDateTime::new(
        serial,
        calamine::ExcelDateTimeType::DateTime,
        false,
    ))
}

/// Every file under the data dir with its bytes (the lock file aside, which
/// a refused save may create).
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(d: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(rd) = std::fs::read_dir(d) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.file_name().is_some_and(|n| n != "duban.lock") {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    walk(dir, &mut out);
    out
}

/// The ledger as the board reads it.
pub fn ledger(dir: &Path) -> duban::progress::Ledger {
    let plan = duban::plan::load_embedded().unwrap();
    duban::progress::Store::open(dir).load(&plan).unwrap()
}
