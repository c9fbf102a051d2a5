//! Issue 19 item 4: one oversized text must never lock a department out.
//! Every text is bounded where it enters (here: `set`, `review decide`),
//! refused with a message naming the limit; and a history line written
//! before the bound (a `.bak` restored under an old log) costs only itself.

use std::io::Write;
use std::path::Path;

use crate::progress_support::{duban, snapshot};

fn data_args(data: &Path) -> Vec<String> {
    vec![
        "--data".into(),
        data.display().to_string(),
        "--today".into(),
        "2021-12-15".into(),
    ]
}

fn run(data: &Path, args: &[&str]) -> std::process::Output {
    let mut all = data_args(data);
    all.extend(args.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    duban(&refs)
}

fn text(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn set_and_review_decide_refuse_text_over_the_limit_and_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let at_limit = "进".repeat(2000);
    let o = run(&data, &["set", "1.1", "--dept", "tax", "--note", &at_limit]);
    assert!(o.status.success(), "{}", text(&o));
    let before = snapshot(&data);

    let over = format!("{at_limit}展");
    let o = run(&data, &["set", "1.1", "--dept", "tax", "--note", &over]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("备注过长") && text(&o).contains("上限 2000 字"),
        "{}",
        text(&o)
    );
    let step = "步".repeat(201);
    let o = run(&data, &["set", "1.1", "--dept", "tax", "--add-step", &step]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("上限 200 字"), "{}", text(&o));
    let opinion = "督".repeat(2001);
    let o = run(
        &data,
        &[
            "--coordinator",
            "王主任",
            "review",
            "decide",
            "1.1",
            "--meeting",
            "12月调度会",
            "--opinion",
            &opinion,
            "--to",
            "tax",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("督办意见过长"), "{}", text(&o));
    assert_eq!(snapshot(&data), before, "a refused text wrote nothing");
}

#[test]
fn an_oversized_history_line_is_skipped_and_reported_not_fatal() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    for (dept, measure, note) in [
        ("tax", "1.1", "税务已对接"),
        ("market", "1.1", "市场已对接"),
    ] {
        let o = run(&data, &["set", measure, "--dept", dept, "--note", note]);
        assert!(o.status.success(), "{}", text(&o));
    }
    // What an unbounded ingest once appended: one record of 33 MB, more
    // than a whole data file may be.
    let log = data.join("history/tax.jsonl");
    let mut f = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let huge = "x".repeat(33 * 1024 * 1024);
    writeln!(
        f,
        r#"{{"txn":"t-old","rev":1,"at":"2021-12-01T00:00:00Z","who":{{"dept":"tax"}},"action":"set_note","measure":"1.1","dept":"tax","field":"note","from":"","to":"{huge}"}}"#
    )
    .unwrap();
    drop(f);

    let o = run(&data, &["history"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("税务已对接") && out.contains("市场已对接"),
        "{out}"
    );
    assert!(
        text(&o).contains("tax.jsonl") && text(&o).contains("超长"),
        "{}",
        text(&o)
    );
    assert!(o.stdout.len() < 1024 * 1024);

    let xlsx = tmp.path().join("ledger.xlsx");
    let o = run(
        &data,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = run(
        &data,
        &["export", "--format", "md", "--report", "scoreboard"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&data, &["undo", "--dept", "market"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&data, &["undo", "--dept", "tax"]);
    assert!(o.status.success(), "{}", text(&o));
}
