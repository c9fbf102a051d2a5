//! `duban export` through the real binary: the JSON contract, the plan
//! matching its source document measure for measure, CSV and Markdown.

use std::process::Command;

use serde_json::Value;

const SOURCE: &str = include_str!("../fixtures/source/dongchangfu-2021-action-plan.txt");

fn export(args: &[&str]) -> (i32, Vec<u8>, String) {
    let data = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .arg("export")
        .args(args)
        .arg("--data")
        .arg(data.path())
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        out.stdout,
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = export(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_slice(&out).unwrap()
}

/// The source with its line and page breaks removed: a measure's text, once
/// its break artifacts are repaired, is a substring of this.
fn joined_source() -> String {
    SOURCE.lines().map(str::trim_end).collect()
}

fn measures(doc: &Value) -> Vec<&Value> {
    doc["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["measures"].as_array().unwrap())
        .collect()
}

#[test]
fn json_matches_the_source_measure_for_measure() {
    let doc = json(&["--today", "2021-10-27"]);
    let source = joined_source();
    let chapters = doc["chapters"].as_array().unwrap();
    let counts: Vec<usize> = chapters
        .iter()
        .map(|c| c["measures"].as_array().unwrap().len())
        .collect();
    assert_eq!(
        counts,
        [17, 9, 3, 9, 10, 2, 4, 4, 10, 7, 15, 12, 14, 7, 10, 7]
    );
    let all = measures(&doc);
    assert_eq!(all.len(), 140);
    for m in &all {
        let title = m["title"].as_str().unwrap();
        let text = m["text"].as_str().unwrap();
        let annotation = m["annotation"].as_str().unwrap();
        let whole = format!("{title}。{text}{annotation}");
        if m["id"] == "7.3" {
            // The source puts 7.3's lead annotation mid-text, so the text holds it
            // and `annotation` joins both bracketed parts.
            assert!(source.contains(&format!("{title}。{text}")));
            assert!(annotation.contains("区发展改革局") && annotation.contains("区地方金融监管局"));
        } else {
            assert!(
                source.contains(&whole),
                "measure {} is not verbatim in the source:\n{whole}",
                m["id"]
            );
        }
        assert!(
            !m["lead"].as_array().unwrap().is_empty(),
            "measure {} has no lead",
            m["id"]
        );
    }
}

#[test]
fn json_contract_field_names() {
    let doc = json(&["--today", "2021-12-15"]);
    assert_eq!(doc["plan"]["id"], "dongchangfu-2021");
    assert_eq!(doc["plan"]["issued"], "2021-10-27");
    assert_eq!(doc["plan"]["as_of"], "2021-12-15");
    let tax = doc["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "tax")
        .unwrap();
    assert_eq!(tax["name"], "区税务局");
    assert!(tax["aliases"].is_array());
    let ch1 = &doc["chapters"][0];
    assert_eq!(ch1["id"], 1);
    assert_eq!(ch1["title"], "开办企业");
    let m = &ch1["measures"][0];
    assert_eq!(m["id"], "1.1");
    assert_eq!(m["lead"], serde_json::json!(["approval", "tax"]));
    assert!(
        m["responsible"]
            .as_array()
            .unwrap()
            .contains(&Value::from("market"))
    );
    let t = &m["targets"][0];
    assert_eq!(
        (t["cmp"].as_str(), t["value"].as_f64(), t["unit"].as_str()),
        (Some("ge"), Some(99.0), Some("%"))
    );
    for key in ["deadlines", "progress", "state", "overdue", "text"] {
        assert!(!m[key].is_null(), "measure lacks {key}");
    }
    let p = &m["progress"][0];
    assert_eq!(p["dept"], "approval");
    assert_eq!(p["status"], "not_started");
}

#[test]
fn overdue_follows_the_as_of_date() {
    // 13.9 is due 2021-11-30 (11月底前); most dated measures are due 2021-12-31.
    let before = json(&["--today", "2021-11-30", "--overdue"]);
    assert!(measures(&before).is_empty());
    let dec = json(&["--today", "2021-12-15", "--overdue"]);
    let ids: Vec<&str> = measures(&dec)
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["13.9"]);
    assert_eq!(measures(&dec)[0]["days_late"], 15);
    let jan = json(&["--today", "2022-01-05", "--overdue"]);
    let ids: Vec<&str> = measures(&jan)
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"2.6") && ids.contains(&"13.9"), "{ids:?}");
    // A From date is a start, never a due date.
    assert!(!ids.contains(&"2.3"), "{ids:?}");
}

#[test]
fn dept_filter_keeps_measures_the_department_carries() {
    let doc = json(&["--today", "2021-12-15", "--dept", "court"]);
    let all = measures(&doc);
    assert!(!all.is_empty());
    for m in all {
        let carries = ["lead", "responsible"]
            .iter()
            .any(|k| m[k].as_array().unwrap().contains(&Value::from("court")));
        assert!(carries, "measure {} does not involve court", m["id"]);
    }
}

#[test]
fn unknown_dept_is_a_clear_error() {
    let (code, out, err) = export(&["--format", "json", "--dept", "taxx"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("没有名为“taxx”的部门") && err.contains("编号 tax"),
        "{err}"
    );
}

#[test]
fn csv_has_bom_and_one_row_per_measure_and_department() {
    let (code, out, err) = export(&["--format", "csv", "--lang", "en", "--today", "2021-12-15"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(b"\xEF\xBB\xBF"), "no byte-order mark");
    let mut r = csv::Reader::from_reader(&out[3..]);
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[2], "measure");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let doc = json(&["--today", "2021-12-15"]);
    let expected: usize = measures(&doc)
        .iter()
        .map(|m| {
            let mut ids: Vec<&Value> = m["lead"].as_array().unwrap().iter().collect();
            for d in m["responsible"].as_array().unwrap() {
                if !ids.contains(&d) {
                    ids.push(d);
                }
            }
            ids.len()
        })
        .sum();
    assert_eq!(rows.len(), expected);
    let first = &rows[0];
    assert_eq!(
        (&first[2], &first[5], &first[7]),
        ("1.1", "lead", "区行政审批局")
    );
}

#[test]
fn markdown_lists_chapters_and_names_departments() {
    let (code, out, err) = export(&["--format", "md", "--today", "2022-01-05", "--overdue"]);
    assert_eq!(code, 0, "{err}");
    let md = String::from_utf8(out).unwrap();
    assert!(md.starts_with("# 东昌府区优化营商环境创新突破行动实施方案"));
    assert!(md.contains("## 十三、市场监管"), "{md}");
    assert!(md.contains("### 13.9"));
    assert!(
        md.contains("（时限 2021年11月30日 计划） 逾期 36 天"),
        "{md}"
    );
    assert!(md.contains("牵头部门：区发展改革局"));
}

#[test]
fn out_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    let (code, out, err) = export(&["--format", "json", "--out", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(measures(&doc).len(), 140);
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "temporary files left behind");
}

fn duban(data: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn exports_carry_saved_progress() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    for args in [
        &[
            "set",
            "1.1",
            "--dept",
            "approval",
            "--status",
            "done",
            "--done-on",
            "2021-12-18",
            "--today",
            "2021-12-25",
            "--actual",
            "e_rate=99.5",
        ][..],
        &[
            "set",
            "1.1",
            "--dept",
            "tax",
            "--status",
            "in_progress",
            "--due",
            "2021-12-20",
            "--note",
            "税务Ukey已发放",
        ][..],
        &[
            "set",
            "13.9",
            "--dept",
            "ndrc",
            "--status",
            "blocked",
            "--note",
            "平台接口未开通",
        ][..],
    ] {
        let (code, _, err) = duban(d, args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    let (code, out, err) = duban(d, &["export", "--format", "json", "--today", "2021-12-25"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let all = measures(&doc);
    let m11 = all.iter().find(|m| m["id"] == "1.1").unwrap();
    assert_eq!(m11["state"], "in_progress");
    let p = |m: &Value, dept: &str| {
        m["progress"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["dept"] == dept)
            .unwrap()
            .clone()
    };
    assert_eq!(p(m11, "approval")["status"], "done");
    assert_eq!(p(m11, "approval")["actuals"]["e_rate"], 99.5);
    assert_eq!(p(m11, "approval")["done_on"], "2021-12-18");
    let tax = p(m11, "tax");
    assert_eq!(tax["done_on"], Value::Null);
    assert_eq!(
        (tax["status"].as_str(), tax["due"].as_str()),
        (Some("in_progress"), Some("2021-12-20"))
    );
    assert_eq!(tax["note"], "税务Ukey已发放");
    // The committed date has passed: tax is overdue on a measure with no plan deadline.
    assert_eq!(tax["overdue"], true);
    assert_eq!(m11["overdue"], true);
    assert_eq!(m11["days_late"], 5);
    assert_eq!(tax["updated_by"], "tax");
    let m139 = all.iter().find(|m| m["id"] == "13.9").unwrap();
    assert_eq!(m139["state"], "blocked");

    let (code, out, err) = duban(
        d,
        &[
            "export",
            "--format",
            "csv",
            "--lang",
            "en",
            "--today",
            "2021-12-25",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let mut r = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let row = r
        .records()
        .map(Result::unwrap)
        .find(|r| &r[col("measure")] == "1.1" && &r[col("dept")] == "tax")
        .unwrap();
    assert_eq!(&row[col("status")], "in_progress");
    assert_eq!(&row[col("committed_date")], "2021-12-20");
    assert_eq!(&row[col("days_late")], "5");
    assert_eq!(&row[col("done_on")], "");
    assert_eq!(&row[col("note")], "税务Ukey已发放");
    // New columns come after the old ones, whose order stays.
    assert_eq!(col("measure_state"), 18);
    assert_eq!(&row[col("deadline")], "2021-12-20");
    assert_eq!(&row[col("deadline_source")], "committed");
    assert_eq!(&row[col("review")], "");

    let (code, out, err) = duban(
        d,
        &[
            "export",
            "--format",
            "md",
            "--today",
            "2021-12-25",
            "--overdue",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("区税务局 推进中（时限 2021年12月20日 承诺） 逾期 5 天，备注：税务Ukey已发放"),
        "{out}"
    );
    assert!(
        out.contains("区行政审批局 已完成，全程电子化率实际 99.5%"),
        "{out}"
    );
}

#[test]
fn orphaned_progress_is_exported_not_dropped() {
    let data = tempfile::tempdir().unwrap();
    let (code, _, err) = duban(
        data.path(),
        &["set", "1.1", "--dept", "tax", "--note", "保留"],
    );
    assert_eq!(code, 0, "{err}");
    // Rename the measure in the saved ledger, as if the plan had dropped it.
    let path = data.path().join("tax.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("\"1.1\"", "\"99.1\"")).unwrap();
    let (code, out, err) = duban(data.path(), &["export", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let orphans = doc["orphans"].as_array().unwrap();
    assert_eq!(orphans.len(), 1, "{orphans:?}");
    assert_eq!(
        (orphans[0]["measure"].as_str(), orphans[0]["why"].as_str()),
        (Some("99.1"), Some("unknown_measure"))
    );
    assert_eq!(orphans[0]["note"], "保留");
}

/// After a January meeting moved 5.8's date to 2022-01-31 for the two
/// responsible departments, and 区税务局 had already reported done, the
/// export as of 2022-02-20 counts their 20 days from the meeting's date,
/// names that date and its source, and never lists 区税务局 as late.
#[test]
fn lateness_is_counted_from_the_deadline_that_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap().to_string();
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_duban"))
            .args(["--data", &data])
            .args(args)
            .env_remove("DUBAN_COORDINATOR")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    };
    run(&["set", "5.8", "--dept", "tax", "--status", "done"]);
    run(&[
        "--today",
        "2022-01-10",
        "--coordinator",
        "王主任",
        "review",
        "decide",
        "5.8",
        "--meeting",
        "2022年1月调度会",
        "--opinion",
        "限期完成",
        "--due",
        "2022-01-31",
    ]);

    let md = run(&[
        "--today",
        "2022-02-20",
        "export",
        "--format",
        "md",
        "--overdue",
    ]);
    let block: String = md
        .split("### ")
        .find(|b| b.starts_with("5.8 "))
        .expect("5.8 is overdue")
        .replace("\n  ", "");
    assert!(
        block.contains("区人力资源社会保障局 未开始（时限 2022年1月31日 调度会定） 逾期 20 天"),
        "{block}"
    );
    assert!(
        block.contains("区医保局 未开始（时限 2022年1月31日 调度会定） 逾期 20 天"),
        "{block}"
    );
    assert!(
        block.contains("区税务局 已完成，审核：已报结，待审核；"),
        "{block}"
    );
    assert!(!block.contains("区税务局 已完成 逾期"), "{block}");
    assert!(
        !block.contains("承诺 2022-01-31"),
        "the meeting's date is no promise: {block}"
    );

    let doc: Value = serde_json::from_str(&run(&[
        "--today",
        "2022-02-20",
        "export",
        "--format",
        "json",
    ]))
    .unwrap();
    let m = measures(&doc)
        .into_iter()
        .find(|m| m["id"] == "5.8")
        .unwrap()
        .clone();
    assert_eq!(m["late"], serde_json::json!(["hrss", "medical_insurance"]));
    assert_eq!(m["due"], "2022-01-31");
    assert_eq!(m["days_late"], 20);
    let by_dept = |d: &str| {
        m["progress"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["dept"] == d)
            .unwrap()
            .clone()
    };
    let hrss = by_dept("hrss");
    assert_eq!(hrss["deadline"], "2022-01-31");
    assert_eq!(hrss["deadline_source"], "decision");
    assert_eq!(hrss["days_late"], 20);
    assert_eq!(hrss["decision"]["meeting"], "2022年1月调度会");
    assert_eq!(hrss["decision"]["opinion"], "限期完成");
    assert_eq!(hrss["decision"]["due"], "2022-01-31");
    let tax = by_dept("tax");
    assert_eq!(tax["deadline_source"], "plan");
    assert_eq!(tax["overdue"], false);
    assert_eq!(tax["days_late"], 0);

    // The CSV says the same per (measure, department).
    let out = run(&[
        "--today",
        "2022-02-20",
        "export",
        "--format",
        "csv",
        "--lang",
        "en",
    ]);
    let mut r = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let of = |d: &str| {
        rows.iter()
            .find(|r| &r[col("measure")] == "5.8" && &r[col("dept")] == d)
            .unwrap()
    };
    let hrss = of("hrss");
    assert_eq!(&hrss[col("deadline")], "2022-01-31");
    assert_eq!(&hrss[col("deadline_source")], "decision");
    assert_eq!(&hrss[col("days_late")], "20");
    assert_eq!(&hrss[col("decision_meeting")], "2022年1月调度会");
    assert_eq!(&hrss[col("decision_opinion")], "限期完成");
    assert_eq!(&hrss[col("decision_due")], "2022-01-31");
    assert_eq!(&of("tax")[col("review")], "reported");
}

/// A note a clerk typed as `=HYPERLINK(…)` (or `+`, `-`, `@`) is text in
/// every CSV, not a formula the spreadsheet runs.
#[test]
fn csv_cells_never_run_as_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let note = "=HYPERLINK(\"http://example.invalid\",\"点此查看\")";
    let (code, _, err) = duban(d, &["set", "1.1", "--dept", "tax", "--note", note]);
    assert_eq!(code, 0, "{err}");
    for args in [
        &["export", "--format", "csv"][..],
        &[
            "export", "--report", "circular", "--format", "csv", "--dept", "tax",
        ][..],
    ] {
        let (code, out, err) = duban(d, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let mut r = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
        let cells: Vec<String> = r
            .records()
            .flat_map(|x| x.unwrap().iter().map(String::from).collect::<Vec<_>>())
            .collect();
        assert!(
            cells.iter().all(|c| !c.starts_with(['=', '+', '@'])),
            "{args:?}: a cell would run as a formula"
        );
        if args.len() == 3 {
            assert!(
                cells.iter().any(|c| c == &format!("'{note}")),
                "{args:?}: {cells:?}"
            );
        }
    }
}
