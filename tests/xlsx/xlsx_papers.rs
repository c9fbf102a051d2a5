//! The workbook as paper: what it prints (read from the workbook's XML, as
//! a spreadsheet program reads its page setup), what it says about its
//! colours, and what `ingest` says when a read-only cell was typed over.

use crate::xlsx_support;

use std::io::Read;
use std::path::Path;

use calamine::Data;
use xlsx_support::*;

/// Every XML part of a workbook by name.
fn parts(path: &Path) -> std::collections::BTreeMap<String, String> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        if f.is_file() && f.read_to_string(&mut s).is_ok() {
            out.insert(f.name().unwrap().to_string(), s);
        }
    }
    out
}

/// (sheet name, its part) in workbook order.
fn sheets(p: &std::collections::BTreeMap<String, String>) -> Vec<(String, String)> {
    let wb = &p["xl/workbook.xml"];
    let mut out = Vec::new();
    for (i, chunk) in wb.split("<sheet ").skip(1).enumerate() {
        let name = chunk
            .split("name=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        out.push((
            name.to_string(),
            p[&format!("xl/worksheets/sheet{}.xml", i + 1)].clone(),
        ));
    }
    out
}

#[test]
fn every_sheet_prints_a4_landscape_one_page_wide_with_titles_and_page_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let file = tmp.path().join("ledger.xlsx");
    export(&data, &file, &["--today", "2022-01-10"]);
    let p = parts(&file);
    let all = sheets(&p);
    assert_eq!(all[0].0, "填表说明", "the instructions come first");
    assert_eq!(all[1].0, "汇总");
    for (name, xml) in &all {
        assert!(
            xml.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "{name}: fit to page"
        );
        let setup = xml
            .split("<pageSetup ")
            .nth(1)
            .unwrap_or_else(|| panic!("{name}: no page setup"));
        let setup = setup.split("/>").next().unwrap();
        for want in [
            "paperSize=\"9\"",
            "orientation=\"landscape\"",
            "fitToHeight=\"0\"",
        ] {
            assert!(setup.contains(want), "{name}: {want} in {setup}");
        }
        // fitToWidth defaults to 1 and is written only when it is not.
        assert!(
            !setup.contains("fitToWidth") || setup.contains("fitToWidth=\"1\""),
            "{setup}"
        );
        assert!(
            xml.contains("<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>"),
            "{name}: page numbers"
        );
    }
    // The title and header rows repeat on every page of a department sheet.
    let wb = &p["xl/workbook.xml"];
    let titles: Vec<&str> = wb
        .split("<definedName name=\"_xlnm.Print_Titles\"")
        .skip(1)
        .map(|d| d.split("</definedName>").next().unwrap())
        .collect();
    assert!(
        titles.iter().any(|t| t.ends_with("汇总!$1:$3")),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t.ends_with("税务局!$1:$2")),
        "{titles:?}"
    );
    assert_eq!(titles.len(), all.len(), "{titles:?}");
    // Narrow enough to read one page wide: the visible columns of the tax
    // ledger add up to well under the 337 characters it once had.
    let tax = &all.iter().find(|(n, _)| n == "税务局").unwrap().1;
    let cols = tax
        .split("<cols>")
        .nth(1)
        .unwrap()
        .split("</cols>")
        .next()
        .unwrap();
    let visible: f64 = cols
        .split("<col ")
        .skip(1)
        .filter(|c| !c.contains("hidden=\"1\""))
        .map(|c| {
            let attr = |k: &str| -> f64 {
                c.split(&format!("{k}=\""))
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            };
            attr("width") * (attr("max") - attr("min") + 1.0)
        })
        .sum();
    assert!(
        visible < 260.0,
        "the tax ledger is {visible} characters wide"
    );
}

#[test]
fn the_wording_matches_the_colours() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let file = tmp.path().join("ledger.xlsx");
    export(&data, &file, &["--dept", "tax"]);
    let book = read(&file);
    let all: Vec<String> = book
        .iter()
        .flat_map(|(_, g)| g.iter().flatten())
        .filter_map(|d| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(
        !all.iter().any(|s| s.contains("灰色列")),
        "read-only data cells are white, not grey"
    );
    assert!(all.iter().any(|s| s.contains("只填黄色单元格")), "{all:?}");
}

#[test]
fn a_formula_typed_as_a_note_stays_text_in_the_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(&data, &["set", "1.4", "--dept", "tax", "--note", "=1+2"]);
    let file = tmp.path().join("ledger.xlsx");
    export(&data, &file, &["--dept", "tax"]);
    let p = parts(&file);
    for (name, xml) in sheets(&p) {
        assert!(!xml.contains("<f>"), "{name} holds a formula");
    }
    assert!(p["xl/sharedStrings.xml"].contains(">=1+2<"));
    assert!(
        p["xl/styles.xml"].contains("quotePrefix=\"1\""),
        "shown as text, also once edited"
    );
    // Read back unchanged: the note is what it was, nothing to import.
    let r = ok(&data, &["ingest", file.to_str().unwrap(), "--dept", "tax"]);
    assert!(!r.stdout.contains("备注"), "{}", r.stdout);
}

#[test]
fn every_edit_to_a_read_only_cell_is_reported_with_its_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(
        &data,
        &["set", "1.4", "--dept", "tax", "--add-step", "对接系统"],
    );
    let file = tmp.path().join("ledger.xlsx");
    export(&data, &file, &["--dept", "tax", "--today", "2022-01-10"]);
    let mut book = read(&file);
    let g = sheet_mut(&mut book, "税务局");
    let edits = [
        ("章节", s("改过的章节")),
        ("角色", s("配合")),
        ("计划时限", date(2030, 1, 1)),
        ("灯号", s("逾期99天")),
        ("分解步骤", s("1. 全部完成")),
        ("督办意见", s("自己写的意见")),
        ("审核", s("已销号")),
        ("实际完成时间", date(2022, 1, 1)),
    ];
    for (h, v) in &edits {
        set(g, "1.4", h, v.clone());
    }
    set(g, "1.4", "状态", s("推进中"));
    let (hrow, r) = (header_row(g), row(g, "1.4"));
    let cells: Vec<String> = edits
        .iter()
        .map(|(h, _)| format!("税务局!{}{}", letters(col(g, h)), r + 1))
        .collect();
    assert!(r > hrow);
    let edited = tmp.path().join("edited.xlsx");
    write(&edited, &book);
    let run = duban(
        &data,
        &[
            "ingest",
            edited.to_str().unwrap(),
            "--dept",
            "tax",
            "--lang",
            "zh",
        ],
    );
    assert_eq!(
        run.code, 2,
        "applied, some cells skipped:\n{}\n{}",
        run.stdout, run.stderr
    );
    let said = format!("{}{}", run.stdout, run.stderr);
    for c in &cells {
        let line = said
            .lines()
            .find(|l| l.contains(c.as_str()))
            .unwrap_or_else(|| panic!("{c} not reported:\n{said}"));
        // In the interface language: here --lang zh, the default.
        assert!(
            line.starts_with("跳过 ") && line.contains("只读列"),
            "{line}"
        );
    }
    assert!(run.stdout.contains("已应用 1 处修改"), "{}", run.stdout);
    // The row's real edit still went in.
    let l = ledger(&data);
    assert_eq!(
        l.entry_or_default("1.4", "tax").status,
        duban::progress::Status::InProgress
    );
}

#[test]
fn an_impossible_date_serial_is_refused_and_a_formulas_value_is_said_to_be_cached() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let file = tmp.path().join("ledger.xlsx");
    export(&data, &file, &["--dept", "tax"]);
    let book = read(&file);
    let g = sheet(&book, "税务局");
    let (r14, r15) = (row(g, "1.4"), row(g, "1.8"));
    let (due, note) = (col(g, "承诺完成时间"), col(g, "备注"));
    let edited = tmp.path().join("edited.xlsx");
    write_with(
        &edited,
        &book,
        &[
            ("税务局", r14, due, Special::DateSerial(-1.0)),
            (
                "税务局",
                r15,
                note,
                Special::Formula("=\"已\"&\"上线\"", "已上线"),
            ),
        ],
    );
    let run = duban(
        &data,
        &["ingest", edited.to_str().unwrap(), "--dept", "tax"],
    );
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let at = format!("税务局!{}{}", letters(due), r14 + 1);
    let refused = run
        .stderr
        .lines()
        .find(|l| l.contains(&at))
        .unwrap_or_else(|| panic!("{at}: {}", run.stderr));
    assert!(refused.contains("-1"), "{refused}");
    assert!(!run.stdout.contains("1899-12-30"), "{}", run.stdout);
    let at = format!("税务局!{}{}", letters(note), r15 + 1);
    let applied = run
        .stdout
        .lines()
        .find(|l| l.contains(&at))
        .unwrap_or_else(|| panic!("{at}: {}", run.stdout));
    assert!(
        applied.contains("已上线") && applied.contains("formula"),
        "{applied}"
    );
    let l = ledger(&data);
    assert_eq!(l.entry_or_default("1.8", "tax").note, "已上线");
    assert_eq!(l.entry_or_default("1.4", "tax").due, None);
}
