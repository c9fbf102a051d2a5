//! `duban ingest` through the real binary, on workbooks edited the way a
//! clerk edits them: opened, typed into, saved by another program (so
//! duban's styles and protection are gone, values and types stay).

use crate::xlsx_support;

use std::path::Path;

use calamine::Data;
use chrono::NaiveDate;
use duban::progress::{Key, Status};
use xlsx_support::*;

const COORD: [&str; 2] = ["--coordinator", "王主任"];

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn ingest(data: &Path, file: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["ingest", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    duban(data, &args)
}

/// Exports the whole ledger and returns it as grids.
fn exported(data: &Path, dir: &Path) -> Vec<(String, Grid)> {
    let file = dir.join("exported.xlsx");
    export(data, &file, &["--today", "2021-12-25"]);
    read(&file)
}

/// The clerk's copy: sheets in reverse order, the department sheet's rows
/// reversed with blank rows between them, statuses typed in Chinese, dates
/// as date cells and as text, and some cells nobody can read.
fn clerk_workbook(mut book: Vec<(String, Grid)>) -> Vec<(String, Grid)> {
    {
        let g = sheet_mut(&mut book, "行政审批局");
        set(g, "1.1", "状态", s("已完成"));
        set(g, "1.1", "承诺完成时间", date(2021, 12, 15));
        set(g, "1.1", "指标1实际值", Data::Float(99.2));
        set(g, "1.1", "指标2实际值", s("1"));
        set(g, "1.2", "状态", s("推进中"));
        set(g, "1.2", "承诺完成时间", s("2021年12月31日"));
        set(g, "1.2", "备注", s("已提交材料"));
        set(g, "1.3", "状态", s("差不多了"));
        set(g, "1.3", "备注", s("这一行的备注照常导入"));
        set(g, "1.7", "承诺完成时间", s("下个月"));
        set(g, "1.8", "指标1实际值", s("约99"));
        // A protected column typed over: the row is not trusted.
        set(g, "1.9", "措施内容", s("（九）改过的措施内容"));
        set(g, "1.9", "状态", s("已完成"));
        // A key that is not in the plan.
        set(g, "1.10", "状态", s("已完成"));
        set(g, "1.10", "措施编号", s("99.9"));
        // Rows reordered, blank rows between.
        let h = header_row(g);
        let mut body: Vec<Vec<Data>> = g.split_off(h + 1);
        body.reverse();
        for r in body {
            g.push(r);
            g.push(Vec::new());
        }
    }
    {
        let g = sheet_mut(&mut book, "税务局");
        set(g, "1.4", "状态", s("完成"));
        set(g, "1.4", "承诺完成时间", s("2022/1/15"));
    }
    book.reverse();
    book
}

#[test]
fn a_clerks_copy_imports_what_it_can_and_points_at_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(
        &data,
        &["set", "1.3", "--dept", "approval", "--note", "旧备注"],
    );
    let book = clerk_workbook(exported(&data, tmp.path()));
    let file = tmp.path().join("审批局-已填.xlsx");
    write(&file, &book);

    // Dry run: the same report, nothing saved.
    let before = snapshot(&data);
    let dry = ingest(&data, &file, &["--dry-run"]);
    assert_eq!(dry.code, 2, "{}\n{}", dry.stdout, dry.stderr);
    assert_eq!(snapshot(&data), before, "a dry run writes nothing");
    assert!(dry.stdout.contains("nothing was saved"), "{}", dry.stdout);
    assert!(
        dry.stdout.contains("dry run as a coordinator"),
        "{}",
        dry.stdout
    );

    let r = ingest(&data, &file, &COORD);
    assert_eq!(r.code, 2, "skips give exit 2\n{}\n{}", r.stdout, r.stderr);
    assert_eq!(dry.stdout.lines().filter(|l| l.contains('→')).count(), 10);
    assert_eq!(
        r.stdout
            .lines()
            .filter(|l| l.contains('→'))
            .collect::<Vec<_>>(),
        dry.stdout
            .lines()
            .filter(|l| l.contains('→'))
            .collect::<Vec<_>>()
    );
    assert!(
        r.stdout
            .contains("applied 10 change(s) in 4 row(s) as 王主任"),
        "{}",
        r.stdout
    );
    // Each change names its sheet and cell, old → new.
    assert!(
        r.stdout.lines().any(|l| l.starts_with("行政审批局!H")
            && l.contains("1.1")
            && l.contains("未开始 → 已完成")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("税务局!I") && l.contains("（空） → 2022-01-15")),
        "{}",
        r.stdout
    );
    // Each skip names its cell and why.
    let skipped: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("skipped"))
        .collect();
    assert_eq!(skipped.len(), 5, "{}", r.stderr);
    let has = |cell: &str, why: &str| {
        assert!(
            skipped.iter().any(|l| l.contains(cell) && l.contains(why)),
            "no skip at {cell} for {why:?}:\n{}",
            r.stderr
        )
    };
    has("行政审批局!H", "\"差不多了\" is not a status");
    has("行政审批局!I", "\"下个月\" is not a date");
    has("行政审批局!K", "\"约99\" is not a number");
    has("行政审批局!D", "protected column 措施内容");
    has("行政审批局!A", "measure \"99.9\" is not in the plan");

    // The store the board reads has the new values, and only those.
    let l = ledger(&data);
    let e = l.get("1.1", "approval").unwrap();
    assert_eq!(e.status, Status::Done);
    assert_eq!(e.due, Some(d("2021-12-15")));
    assert_eq!(e.actuals.get("e_rate"), Some(&99.2));
    assert_eq!(e.actuals.get("id_checks"), Some(&1.0));
    let e = l.get("1.2", "approval").unwrap();
    assert_eq!(
        (e.status, e.due, e.note.as_str()),
        (Status::InProgress, Some(d("2021-12-31")), "已提交材料")
    );
    let e = l.get("1.3", "approval").unwrap();
    assert_eq!(
        (e.status, e.note.as_str()),
        (Status::NotStarted, "这一行的备注照常导入")
    );
    assert!(l.get("1.7", "approval").is_none_or(|e| e.due.is_none()));
    assert!(
        l.get("1.8", "approval")
            .is_none_or(|e| e.actuals.is_empty())
    );
    assert!(
        l.get("1.9", "approval")
            .is_none_or(|e| e.status == Status::NotStarted)
    );
    assert!(
        l.get("1.10", "approval")
            .is_none_or(|e| e.status == Status::NotStarted)
    );
    let e = l.get("1.4", "tax").unwrap();
    assert_eq!((e.status, e.due), (Status::Done, Some(d("2022-01-15"))));
    assert_eq!(
        l.entries.keys().cloned().collect::<Vec<_>>(),
        [
            Key::new("1.1", "approval"),
            Key::new("1.2", "approval"),
            Key::new("1.3", "approval"),
            Key::new("1.4", "tax"),
        ]
    );

    // The history says where the values came from.
    let h = ok(&data, &["history", "--json"]);
    let lines: Vec<serde_json::Value> = h
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let from_file: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|v| {
            v["source"]
                .as_str()
                .is_some_and(|s| s.ends_with("审批局-已填.xlsx"))
        })
        .collect();
    assert!(from_file.len() >= 10, "{}", h.stdout);
    assert!(
        from_file
            .iter()
            .all(|v| v["who"]["coordinator"] == "王主任")
    );

    // Importing the same file again changes nothing.
    let files = snapshot(&data);
    let again = ingest(&data, &file, &COORD);
    assert_eq!(again.code, 2);
    assert!(
        again.stdout.contains("nothing to change"),
        "{}",
        again.stdout
    );
    assert_eq!(snapshot(&data), files);
}

#[test]
fn a_clean_copy_imports_with_exit_0_and_the_second_time_is_a_no_op() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut book = exported(&data, tmp.path());
    let g = sheet_mut(&mut book, "税务局");
    set(g, "1.4", "状态", s("推进中"));
    set(g, "1.4", "指标1实际值", Data::Empty);
    set(g, "1.4", "备注", s("  已对接银行  "));
    let file = tmp.path().join("tax.xlsx");
    write(&file, &book);
    let r = ingest(&data, &file, &["--dept", "tax"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("applied 2 change(s) in 1 row(s) as tax"),
        "{}",
        r.stdout
    );
    let e = ledger(&data).get("1.4", "tax").cloned().unwrap();
    assert_eq!(
        (e.status, e.note.as_str()),
        (Status::InProgress, "已对接银行")
    );
    // The JSON export (and the board) read the same store.
    let j = ok(&data, &["export", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    let m = doc["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["measures"].as_array().unwrap())
        .find(|m| m["id"] == "1.4")
        .unwrap();
    let p = m["progress"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["dept"] == "tax")
        .unwrap();
    assert_eq!(p["status"], "in_progress");
    assert_eq!(p["note"], "已对接银行");
    assert_eq!(p["updated_by"], "tax");
    // What the board shows for the entry, from the same store.
    let plan = duban::plan::load_embedded().unwrap();
    let board = duban::app::progress::LedgerProgress::new(
        &plan,
        ledger(&data),
        d("2021-12-25"),
        duban::lang::Lang::Zh,
    );
    use duban::app::progress::Progress;
    let shown = board.dept("1.4", "tax").unwrap();
    assert_eq!(shown.status, "推进中");
    assert_eq!(shown.note.as_deref(), Some("已对接银行"));
    let files = snapshot(&data);
    let r = ingest(&data, &file, &["--dept", "tax"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("nothing to change"), "{}", r.stdout);
    assert_eq!(snapshot(&data), files);
    // The import is one history transaction: one undo reverts all of it.
    ok(&data, &["undo", "--dept", "tax"]);
    let e = ledger(&data).get("1.4", "tax").cloned().unwrap();
    assert_eq!((e.status, e.note.as_str()), (Status::NotStarted, ""));
}

#[test]
fn a_change_made_in_duban_since_the_export_is_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut book = exported(&data, tmp.path());
    // Meanwhile, in the board: two fields change.
    ok(
        &data,
        &[
            "set",
            "1.4",
            "--dept",
            "tax",
            "--status",
            "blocked",
            "--note",
            "等待省局",
        ],
    );
    let g = sheet_mut(&mut book, "税务局");
    // The clerk changed the status too (a conflict), left the note as exported.
    set(g, "1.4", "状态", s("已完成"));
    let file = tmp.path().join("late.xlsx");
    write(&file, &book);
    let r = ingest(&data, &file, &["--dept", "tax"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("税务局!H") && r.stderr.contains("conflict"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.lines().any(|l| l.starts_with("kept 税务局!N")
            && l.contains("备注")
            && l.contains("\"等待省局\" stays")),
        "{}",
        r.stdout
    );
    let e = ledger(&data).get("1.4", "tax").cloned().unwrap();
    assert_eq!((e.status, e.note.as_str()), (Status::Blocked, "等待省局"));
}

#[test]
fn a_department_imports_only_its_own_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut book = exported(&data, tmp.path());
    set(sheet_mut(&mut book, "税务局"), "1.4", "状态", s("推进中"));
    set(
        sheet_mut(&mut book, "行政审批局"),
        "1.2",
        "状态",
        s("推进中"),
    );
    let file = tmp.path().join("both.xlsx");
    write(&file, &book);
    let r = ingest(&data, &file, &["--dept", "tax"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("of other departments left out"),
        "{}",
        r.stdout
    );
    let l = ledger(&data);
    assert_eq!(l.get("1.4", "tax").unwrap().status, Status::InProgress);
    assert!(l.get("1.2", "approval").is_none());
    // Without --dept or --coordinator nobody is named: refused, nothing written.
    let r = ingest(&data, &file, &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--coordinator"), "{}", r.stderr);
    assert!(ledger(&data).get("1.2", "approval").is_none());
}

#[test]
fn a_corrupt_or_non_xlsx_file_is_refused_and_nothing_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(
        &data,
        &["set", "1.4", "--dept", "tax", "--status", "in_progress"],
    );
    let before = snapshot(&data);

    let csv = tmp.path().join("ledger.xlsx");
    std::fs::write(&csv, "措施编号,部门编号,状态\n1.4,tax,已完成\n").unwrap();
    let good = tmp.path().join("good.xlsx");
    export(&data, &good, &["--dept", "tax"]);
    let bytes = std::fs::read(&good).unwrap();
    let cut = tmp.path().join("cut.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let mut garbled = bytes.clone();
    for b in garbled.iter_mut().skip(200).step_by(7) {
        *b ^= 0x5a;
    }
    let bad = tmp.path().join("garbled.xlsx");
    std::fs::write(&bad, &garbled).unwrap();
    let empty = tmp.path().join("empty.xlsx");
    std::fs::write(&empty, b"").unwrap();

    for f in [&csv, &cut, &bad, &empty] {
        let r = ingest(&data, f, &COORD);
        assert_eq!(r.code, 1, "{}: {}", f.display(), r.stderr);
        // The export carries its creation time, so which bytes the garbling
        // hits varies: a damaged part may also trip the size checks made
        // before reading (src/xlsx/limits.rs), which refuse it just as well.
        assert!(
            (r.stderr.contains("is not a readable Excel workbook")
                || r.stderr.contains("the file was not read"))
                && r.stderr.contains("nothing was changed"),
            "{}: {}",
            f.display(),
            r.stderr
        );
        assert!(r.stdout.is_empty());
        assert_eq!(snapshot(&data), before, "{}", f.display());
    }
    let r = ingest(&data, &tmp.path().join("missing.xlsx"), &COORD);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("cannot open"), "{}", r.stderr);
}

#[test]
fn the_exported_workbook_imported_untouched_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(
        &data,
        &[
            "set",
            "1.1",
            "--dept",
            "approval",
            "--status",
            "done",
            "--due",
            "2021-12-01",
            "--actual",
            "e_rate=99.5",
            "--note",
            "多行\n备注",
        ],
    );
    let file = tmp.path().join("all.xlsx");
    export(&data, &file, &[]);
    let before = snapshot(&data);
    let r = ingest(&data, &file, &COORD);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("nothing to change"), "{}", r.stdout);
    assert_eq!(snapshot(&data), before);
}
