//! `duban ingest` of workbooks built to exhaust it: each is a few kilobytes
//! that declares (or inflates to) far more than a ledger ever holds. Each is
//! made here, run through the real binary under `/usr/bin/time`, and must be
//! refused with exit 1, a message naming the limit, nothing changed, and a
//! peak resident size under 100 MB.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::guard::wait_guarded;

const GUARD: Duration = Duration::from_secs(300);

use crate::xlsx_support::snapshot;

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The most memory a refused workbook may cost.
const PEAK_KB: u64 = 100 * 1024;

/// A minimal workbook calamine opens: one sheet (`sheet`, the XML of the
/// worksheet part written by `body`) and, when given, a shared-strings part.
fn workbook(path: &Path, body: impl FnOnce(&mut dyn Write), shared: Option<&str>) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(false);
    let part = |z: &mut zip::ZipWriter<std::fs::File>, name: &str, text: &str| {
        z.start_file(name, opts).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    };
    part(
        &mut z,
        "[Content_Types].xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{}</Types>"#,
            if shared.is_some() {
                r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
            } else {
                ""
            }
        ),
    );
    part(
        &mut z,
        "_rels/.rels",
        &format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        ),
    );
    part(
        &mut z,
        "xl/workbook.xml",
        &format!(
            r#"<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="税务局" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        ),
    );
    part(
        &mut z,
        "xl/_rels/workbook.xml.rels",
        &format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>{}</Relationships>"#,
            if shared.is_some() {
                format!(
                    r#"<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>"#
                )
            } else {
                String::new()
            }
        ),
    );
    if let Some(sst) = shared {
        part(&mut z, "xl/sharedStrings.xml", sst);
    }
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    body(&mut z);
    z.finish().unwrap();
}

fn text(r: &str, t: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#)
}

/// A header row as exported (措施编号, 部门编号, 状态) then `rows`.
fn sheet(dimension: &str, rows: &str) -> impl FnOnce(&mut dyn Write) {
    let xml = format!(
        r#"<worksheet xmlns="{MAIN}">{dimension}<sheetData><row r="1">{}{}{}</row>{rows}</sheetData></worksheet>"#,
        text("A1", "措施编号"),
        text("B1", "部门编号"),
        text("C1", "状态"),
    );
    move |w: &mut dyn Write| w.write_all(xml.as_bytes()).unwrap()
}

struct Refused {
    code: Option<i32>,
    stderr: String,
    stdout_lines: usize,
    peak_kb: u64,
}

/// Runs `duban ingest` under `/usr/bin/time`, reading the peak resident
/// size it reports. The run is killed if it has not ended after a long
/// while, so a regression fails this test instead of hanging the suite.
fn ingest(data: &Path, file: &Path) -> Refused {
    let rss = file.with_extension("rss");
    let child = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&rss)
        .arg(env!("CARGO_BIN_EXE_duban"))
        .arg("--data")
        .arg(data)
        .args(["ingest", file.to_str().unwrap(), "--coordinator", "王主任"])
        .env_remove("DUBAN_COORDINATOR")
        .env_remove("DUBAN_TODAY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("/usr/bin/time runs duban (Debian package `time`)");
    let (out, hung) = wait_guarded(child, GUARD);
    assert!(!hung, "{} hung and was killed", file.display());
    let report = std::fs::read_to_string(&rss).unwrap_or_default();
    // time writes "Command exited with non-zero status 1" before the figure.
    let peak_kb = report
        .lines()
        .filter_map(|l| l.trim().parse::<u64>().ok())
        .next_back()
        .unwrap_or(u64::MAX);
    Refused {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stdout_lines: out.stdout.iter().filter(|b| **b == b'\n').count(),
        peak_kb,
    }
}

/// Refused with exit 1, a Chinese message naming a limit, nothing written.
fn assert_refused(data: &Path, file: &Path, says: &str) {
    let before = snapshot(data);
    let r = ingest(data, file);
    let name = file.file_name().unwrap().to_string_lossy();
    // duban's own exit 1; "Command exited…" is /usr/bin/time's line.
    assert_eq!(r.code, Some(1), "{name}: {}", r.stderr);
    assert!(
        r.stderr.contains(says) && r.stderr.contains("未作任何修改"),
        "{name}: {}",
        r.stderr
    );
    assert!(
        r.stdout_lines < 5,
        "{name}: {} lines printed",
        r.stdout_lines
    );
    assert!(
        r.peak_kb < PEAK_KB,
        "{name}: peak RSS {} KB (limit {PEAK_KB} KB)",
        r.peak_kb
    );
    assert_eq!(snapshot(data), before, "{name}");
}

#[test]
fn a_workbook_built_like_the_hostile_ones_is_read() {
    // Guards the generator: the hostile files below are real workbooks, so
    // their refusal is the limits' doing, not calamine failing to open them.
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let f = tmp.path().join("plain.xlsx");
    let row = format!(
        r#"<row r="2">{}{}</row>"#,
        text("A2", "1.1"),
        text("B2", "tax")
    );
    workbook(&f, sheet(r#"<dimension ref="A1:C2"/>"#, &row), None);
    let r = ingest(&data, &f);
    assert_ne!(r.code, Some(1), "{}", r.stderr);
    assert!(!r.stderr.contains("拒绝读取"), "{}", r.stderr);
    assert!(r.peak_kb < PEAK_KB, "{}", r.peak_kb);
}

#[test]
fn cells_far_out_and_huge_declared_counts_are_refused_before_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let at = |name: &str| tmp.path().join(name);

    workbook(
        &at("a1-xfd.xlsx"),
        sheet(
            r#"<dimension ref="A1:XFD1048576"/>"#,
            &format!(r#"<row r="1048576">{}</row>"#, text("XFD1048576", "x")),
        ),
        None,
    );
    assert_refused(&data, &at("a1-xfd.xlsx"), "上限");

    workbook(
        &at("row-max.xlsx"),
        sheet(
            "",
            &format!(r#"<row r="4294967295">{}</row>"#, text("A4294967295", "x")),
        ),
        None,
    );
    assert_refused(&data, &at("row-max.xlsx"), "上限");

    workbook(
        &at("dx.xlsx"),
        sheet(
            "",
            &format!(r#"<row r="1048576">{}</row>"#, text("DX1048576", "x")),
        ),
        None,
    );
    assert_refused(&data, &at("dx.xlsx"), "上限");

    workbook(
        &at("unique.xlsx"),
        sheet("", r#"<row r="2"><c r="A2" t="s"><v>0</v></c></row>"#),
        Some(&format!(
            r#"<sst xmlns="{MAIN}" count="1" uniqueCount="4000000000"><si><t>1.1</t></si></sst>"#
        )),
    );
    assert_refused(&data, &at("unique.xlsx"), "uniqueCount=4000000000");
}

/// `n` CJK characters that do not compress to nothing (a note is prose, not
/// one character repeated).
fn varied_text(n: usize) -> String {
    let mut x: u32 = 12345;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            char::from_u32(0x4e00 + (x >> 16) % 0x5000).unwrap()
        })
        .collect()
}

#[test]
fn inflating_parts_and_a_million_rows_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let at = |name: &str| tmp.path().join(name);

    // 160 MB of whitespace inside the sheet, about 160 KB compressed.
    workbook(
        &at("whitespace.xlsx"),
        |w: &mut dyn Write| {
            w.write_all(format!(r#"<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#).as_bytes())
                .unwrap();
            let spaces = vec![b' '; 1024 * 1024];
            for _ in 0..160 {
                w.write_all(&spaces).unwrap();
            }
            w.write_all(b"</t></is></c></row></sheetData></worksheet>")
                .unwrap();
        },
        None,
    );
    assert!(std::fs::metadata(at("whitespace.xlsx")).unwrap().len() < 4 * 1024 * 1024);
    assert_refused(&data, &at("whitespace.xlsx"), "上限");

    // Issue 19 item 4's workbook had a 36 MB 备注 cell (refused like the
    // whitespace above); this one is 2 MB, within the part's limit and far
    // beyond what a cell holds.
    let note = format!(
        r#"<row r="2">{}{}<c r="D2" t="inlineStr"><is><t>{}</t></is></c></row>"#,
        text("A2", "1.1"),
        text("B2", "tax"),
        varied_text(700_000)
    );
    workbook(&at("note.xlsx"), sheet("", &note), None);
    assert!(std::fs::metadata(at("note.xlsx")).unwrap().len() < 4 * 1024 * 1024);
    assert_refused(&data, &at("note.xlsx"), "32767");

    let mut rows = String::new();
    for n in 2..=1_000_001u32 {
        rows.push_str(&format!(r#"<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>"#));
    }
    workbook(&at("million.xlsx"), sheet("", &rows), None);
    assert_refused(&data, &at("million.xlsx"), "上限");
}

#[test]
fn an_ods_is_refused_for_ingest() {
    // duban never writes .ods; one repeating a row a million times was the
    // costliest file of all.
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let f = tmp.path().join("ledger.ods");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&f).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", stored).unwrap();
    z.write_all(
        br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
    )
    .unwrap();
    z.start_file("content.xml", stored).unwrap();
    z.write_all(
        br#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="t"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
    )
    .unwrap();
    z.finish().unwrap();
    assert_refused(&data, &f, ".xlsx");
}

#[test]
fn an_oversized_note_cell_is_skipped_with_its_cell_and_the_limit() {
    use crate::xlsx_support::{duban, export, read, s, set, sheet_mut, write};
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = tmp.path().join("ledger.xlsx");
    export(&data, &out, &["--today", "2021-12-15"]);
    let mut book = read(&out);
    set(
        sheet_mut(&mut book, "税务局"),
        "1.1",
        "备注",
        s(&"长".repeat(5000)),
    );
    set(
        sheet_mut(&mut book, "税务局"),
        "1.2",
        "备注",
        s("正常的备注"),
    );
    let filled = tmp.path().join("filled.xlsx");
    write(&filled, &book);
    let r = duban(
        &data,
        &[
            "ingest",
            filled.to_str().unwrap(),
            "--coordinator",
            "王主任",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("税务局!")
            && r.stderr.contains("备注过长")
            && r.stderr.contains("上限 2000 字"),
        "{}",
        r.stderr
    );
    let ledger = crate::xlsx_support::ledger(&data);
    let key = |m: &str| duban::progress::Key::new(m, "tax");
    assert_eq!(ledger.entries[&key("1.2")].note, "正常的备注");
    assert!(!ledger.entries.contains_key(&key("1.1")));
}
