//! A monthly meeting from the shell: mark a review, record decisions, and
//! export the scoreboard, the circular and the changes in every format.

use crate::meeting;

use std::path::Path;
use std::process::Command;

fn duban(data: &Path, today: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .arg("--plan")
        .arg(meeting::plan_dir())
        .arg("--data")
        .arg(data)
        .args(["--today", today])
        .args(args)
        .env_remove("DUBAN_COORDINATOR")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(data: &Path, today: &str, args: &[&str]) -> String {
    let (ok, out, err) = duban(data, today, args);
    assert!(ok, "duban {args:?} failed: {err}");
    out
}

/// Markdown with list items joined back onto one line.
fn unwrapped(md: &str) -> String {
    md.replace("\n  ", "")
}

/// Markdown as Word and WPS read it: a line break inside a paragraph becomes
/// a space, so no paragraph or list item continues on a second line, and
/// tables are Markdown tables, not code blocks.
fn assert_unwrapped(md: &str) {
    assert!(!md.contains("```"), "a code block: {md}");
    let lines: Vec<&str> = md.lines().collect();
    for (i, pair) in lines.windows(2).enumerate() {
        let next = pair[1];
        let starts_block = next.is_empty() || next.starts_with(['#', '-', '|']);
        assert!(
            pair[0].is_empty() || starts_block,
            "line {} continues line {}: {:?} / {:?}",
            i + 2,
            i + 1,
            pair[0],
            next
        );
    }
}

#[test]
fn a_whole_meeting_from_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (plan, store) = meeting::seed_december(data);

    // December's meeting is marked as of 2021-12-20.
    let marked = ok(
        data,
        "2021-12-20",
        &[
            "--coordinator",
            "王主任",
            "review",
            "mark",
            "2021年12月调度会",
        ],
    );
    assert!(marked.contains("第 001 次调度"), "{marked}");
    assert!(data.join("reviews/001.ron").is_file());
    meeting::seed_january(&store, &plan);

    // In January: the tax bureau reports, the meeting decides on 1.1.
    ok(
        data,
        meeting::TODAY,
        &["set", "1.1", "--dept", "tax", "--note", "接口已联调"],
    );
    let (refused, _, err) = duban(
        data,
        meeting::TODAY,
        &[
            "review",
            "decide",
            "1.1",
            "--dept",
            "tax",
            "--meeting",
            "m",
            "--opinion",
            "o",
        ],
    );
    assert!(!refused && err.contains("coordinator"), "{err}");
    let decided = ok(
        data,
        meeting::TODAY,
        &[
            "review",
            "decide",
            "1.1",
            "--coordinator",
            "王主任",
            "--meeting",
            "2022年1月调度会",
            "--opinion",
            "1月底前完成系统对接",
            "--due",
            "2022-01-31",
            "--to",
            "market",
        ],
    );
    assert!(
        decided.contains("1.1 区市场监管局 督办意见：— → “1月底前完成系统对接”"),
        "{decided}"
    );

    // What changed since December, in Markdown.
    let md = ok(
        data,
        meeting::TODAY,
        &["export", "--report", "changes", "--format", "md"],
    );
    assert_unwrapped(&md);
    let md = unwrapped(&md);
    assert!(md.contains("自「2021年12月调度会」以来的变化"), "{md}");
    assert!(
        md.contains("新完成（原未开始）"),
        "approval finished 1.1: {md}"
    );
    assert!(md.contains("新增逾期"), "tax became overdue on 1.1: {md}");
    assert!(md.contains("新备注：接口已联调"), "{md}");
    assert!(
        md.contains("督办意见（2022年1月调度会）：1月底前完成系统对接"),
        "{md}"
    );
    assert!(md.contains("## 按章节") && md.contains("## 按部门"), "{md}");

    // The same as JSON and CSV.
    let json: serde_json::Value = serde_json::from_str(&ok(
        data,
        meeting::TODAY,
        &["export", "--report", "changes", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(json["since"]["name"], "2021年12月调度会");
    assert_eq!(json["since"]["as_of"], "2021-12-20");
    let kinds: Vec<(&str, &str, &str)> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["measure"].as_str().unwrap(),
                c["dept"].as_str().unwrap(),
                c["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("1.1", "approval", "newly_done")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("1.1", "tax", "newly_overdue")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("1.1", "market", "new_decision")),
        "{kinds:?}"
    );
    // The granted date took market off the overdue list.
    assert!(
        !kinds.contains(&("1.1", "market", "newly_overdue")),
        "{kinds:?}"
    );
    assert_eq!(json["tally"]["new_decisions"], 1);

    let csv_out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .arg("--plan")
        .arg(meeting::plan_dir())
        .arg("--data")
        .arg(data)
        .args([
            "--today",
            meeting::TODAY,
            "export",
            "--report",
            "changes",
            "--format",
            "csv",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert!(
        csv_out.stdout.starts_with(b"\xEF\xBB\xBF"),
        "CSV starts with a BOM"
    );
    let mut r = csv::Reader::from_reader(&csv_out.stdout[3..]);
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "chapter",
            "measure",
            "title",
            "dept",
            "dept_name",
            "kind",
            "detail"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), kinds.len());
    assert!(
        rows.iter()
            .any(|r| &r[4] == "区税务局" && &r[5] == "newly_overdue")
    );

    // The review list shows December's; a second mark gets 002.
    ok(
        data,
        meeting::TODAY,
        &[
            "--coordinator",
            "王主任",
            "review",
            "mark",
            "2022年1月调度会",
        ],
    );
    let list = ok(data, meeting::TODAY, &["review", "list"]);
    assert!(
        list.contains("001  2021年12月调度会  截至 2021-12-20"),
        "{list}"
    );
    assert!(
        list.contains("002  2022年1月调度会  截至 2022-01-10"),
        "{list}"
    );
    // Since the January mark nothing moved; --since picks December again.
    let none = ok(
        data,
        meeting::TODAY,
        &["export", "--report", "changes", "--format", "json"],
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&none).unwrap()["changes"],
        serde_json::json!([])
    );
    let again = ok(
        data,
        meeting::TODAY,
        &[
            "export", "--report", "changes", "--since", "1", "--format", "json",
        ],
    );
    assert!(again.contains("newly_done"));
}

#[test]
fn scoreboard_states_its_rule_and_ranks() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    let md = ok(
        dir.path(),
        meeting::TODAY,
        &["export", "--report", "scoreboard", "--format", "md"],
    );
    assert_unwrapped(&md);
    let md = unwrapped(&md);
    assert!(md.contains("排名规则"), "{md}");
    // Ranked on what was done: town, which did nothing, comes last.
    let order: Vec<usize> = [
        "区市场监管局",
        "区税务局",
        "区行政审批局",
        "各镇政府（街道办事处）",
    ]
    .iter()
    .map(|n| {
        md.find(&format!("| {n} |"))
            .unwrap_or_else(|| panic!("{n} missing:\n{md}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "ranking order: {md}");
    assert!(
        md.contains("全程电子化率 目标 ≥ 99%，实际 97.5% → 未达标"),
        "{md}"
    );
    assert!(md.contains("一、开办企业"), "{md}");
    assert!(!md.contains("区有关部门 "), "catch-alls are not ranked");

    let json: serde_json::Value = serde_json::from_str(&ok(
        dir.path(),
        meeting::TODAY,
        &["export", "--report", "scoreboard", "--format", "json"],
    ))
    .unwrap();
    assert!(json["rule"].as_str().unwrap().contains("按时完成率"));
    let depts: Vec<&str> = json["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["dept"].as_str().unwrap())
        .collect();
    assert_eq!(depts, ["market", "tax", "approval", "town"]);
    assert_eq!(json["departments"][1]["on_time_rate"], 0.5);
    assert_eq!(json["departments"][1]["light"], "red");
    assert_eq!(json["departments"][1]["undated"], 1);
    assert_eq!(json["departments"][2]["late"], 1);

    let csv = ok(
        dir.path(),
        meeting::TODAY,
        &[
            "export",
            "--report",
            "scoreboard",
            "--format",
            "csv",
            "--lang",
            "en",
        ],
    );
    assert!(csv.starts_with('\u{FEFF}'));
    assert!(
        csv.lines().nth(1).unwrap().starts_with("1,market,"),
        "{csv}"
    );
}

#[test]
fn circular_for_one_department_and_for_all() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    let all = ok(
        dir.path(),
        meeting::TODAY,
        &["export", "--report", "circular", "--format", "md"],
    );
    assert_unwrapped(&all);
    let all = unwrapped(&all);
    assert!(all.starts_with("# 关于《测试方案》推进情况的通报"), "{all}");
    assert!(
        all.contains("## 一、部门排名") && all.contains("## 二、逾期和预警事项"),
        "{all}"
    );
    assert!(all.contains("### 区税务局（第 2 名；逾期 1 项"), "{all}");
    assert!(all.contains("；未明确时限 1 项）"), "{all}");
    assert!(all.contains("[R] 1.1"), "{all}");
    assert!(all.contains("备注：系统对接中"), "{all}");
    assert!(
        !all.contains("### 各镇政府"),
        "an all-green department has no section: {all}"
    );

    let tax = ok(
        dir.path(),
        meeting::TODAY,
        &[
            "export", "--report", "circular", "--dept", "tax", "--format", "md",
        ],
    );
    assert!(tax.contains("### 区税务局"), "{tax}");
    assert!(
        !tax.contains("区市场监管局（"),
        "only the tax bureau: {tax}"
    );
    assert!(!tax.contains("## 一、部门排名"));

    let csv = ok(
        dir.path(),
        meeting::TODAY,
        &[
            "export", "--report", "circular", "--format", "csv", "--lang", "en",
        ],
    );
    assert!(csv.starts_with('\u{FEFF}'));
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].contains("decision_meeting"));
    assert!(
        lines.iter().any(|l| l.contains(",tax,区税务局,1,1.1,")),
        "{csv}"
    );

    let json: serde_json::Value = serde_json::from_str(&ok(
        dir.path(),
        meeting::TODAY,
        &[
            "export", "--report", "circular", "--dept", "market", "--format", "json",
        ],
    ))
    .unwrap();
    assert_eq!(json["departments"].as_array().unwrap().len(), 1);
    assert_eq!(json["departments"][0]["items"][0]["light"], "red");
}

#[test]
fn changes_without_a_review_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, err) = duban(
        dir.path(),
        meeting::TODAY,
        &["export", "--report", "changes", "--format", "md"],
    );
    assert!(!ok);
    assert!(err.contains("duban review mark"), "{err}");
}

#[test]
fn hostile_notes_do_not_reach_the_reader_raw() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    ok(
        dir.path(),
        meeting::TODAY,
        &[
            "set",
            "1.1",
            "--dept",
            "tax",
            "--note",
            "a\u{1b}[2Jb\u{202e}c",
        ],
    );
    let md = unwrapped(&ok(
        dir.path(),
        meeting::TODAY,
        &["export", "--report", "circular", "--format", "md"],
    ));
    assert!(!md.contains('\u{1b}') && !md.contains('\u{202e}'), "{md:?}");
    assert!(md.contains("a\u{FFFD}[2Jb\u{FFFD}c"), "{md}");
}

#[test]
fn reports_on_the_default_plan_print_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_duban"))
            .arg("--data")
            .arg(dir.path())
            .args(["--today", "2022-01-10"])
            .args(args)
            .env_remove("DUBAN_COORDINATOR")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(&[
        "--coordinator",
        "王主任",
        "review",
        "mark",
        "2021年12月调度会",
    ]);
    run(&[
        "set",
        "2.6",
        "--dept",
        "housing",
        "--status",
        "in_progress",
        "--note",
        "正在与保险公司对接工程质量潜在缺陷保险方案，已召开两次协调会，计划一月底前出台实施细则并报区政府审定",
    ]);
    run(&[
        "review",
        "decide",
        "1.1",
        "--coordinator",
        "王主任",
        "--meeting",
        "2022年1月调度会",
        "--opinion",
        "限期整改，一月底前全部办结，逾期由区政府督查室约谈主要负责同志",
    ]);
    for report in ["scoreboard", "circular", "changes"] {
        let md = run(&["export", "--report", report, "--format", "md"]);
        assert!(md.lines().count() > 10, "{report}: {md}");
        assert_unwrapped(&md);
    }
}

#[test]
fn reports_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = meeting::seed_december(dir.path());
    ok(
        dir.path(),
        "2021-12-20",
        &["--coordinator", "王主任", "review", "mark", "12"],
    );
    meeting::seed_january(&store, &plan);
    let en = |report: &str| {
        let md = ok(
            dir.path(),
            meeting::TODAY,
            &[
                "--lang", "en", "export", "--report", report, "--format", "md",
            ],
        );
        assert_unwrapped(&md);
        unwrapped(&md)
    };
    let s = en("scoreboard");
    assert!(
        s.contains("## Department ranking (as of 2022-01-10)"),
        "{s}"
    );
    assert!(s.contains("Ranking: on-time rate first"), "{s}");
    assert!(
        s.contains("全程电子化率 target ≥ 99%, actual 97.5% → short"),
        "{s}"
    );
    let c = en("circular");
    assert!(c.contains("# Progress circular: 测试方案"), "{c}");
    assert!(
        c.contains("10 days overdue") && c.contains("status: in progress"),
        "{c}"
    );
    let ch = en("changes");
    assert!(
        ch.contains("## By chapter") && ch.contains("newly done (was not started)"),
        "{ch}"
    );
}

/// Marking moves everyone's "changes since the last review": a department
/// cannot do it, nor can anyone without an identity, and one meeting is
/// marked once.
#[test]
fn only_a_coordinator_marks_a_review_and_each_meeting_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    meeting::seed_december(data);
    for who in [&["--dept", "tax"][..], &[][..]] {
        let mut args = who.to_vec();
        args.extend(["review", "mark", "2021年12月调度会"]);
        let (ok, _, err) = duban(data, "2021-12-20", &args);
        assert!(!ok, "{who:?} marked a review");
        assert!(err.contains("只有督办人员可以标记调度会"), "{err}");
        assert!(!data.join("reviews/001.ron").exists());
    }
    let first = ok(
        data,
        "2021-12-20",
        &[
            "--coordinator",
            "王主任",
            "review",
            "mark",
            "2021年12月调度会",
        ],
    );
    assert!(first.contains("第 001 次调度"), "{first}");
    let (ok2, _, err) = duban(
        data,
        "2021-12-21",
        &[
            "--coordinator",
            "李科长",
            "review",
            "mark",
            " 2021年12月调度会 ",
        ],
    );
    assert!(!ok2, "the same meeting was marked twice");
    assert!(
        err.contains("review 001 is already \"2021年12月调度会\""),
        "{err}"
    );
    assert!(!data.join("reviews/002.ron").exists());
    let (ok3, _, err) = duban(
        data,
        "2021-12-21",
        &["--coordinator", "王主任", "review", "mark", "会\u{1b}[2J"],
    );
    assert!(!ok3 && err.contains("control"), "{err}");
    let list = ok(data, "2021-12-21", &["review", "list"]);
    assert!(
        list.contains("001  2021年12月调度会") && list.contains("王主任 于"),
        "{list}"
    );
}

#[test]
fn the_changes_report_says_what_was_decided_about_each_department() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (plan, store) = meeting::seed_december(data);
    ok(
        data,
        "2021-12-20",
        &[
            "--coordinator",
            "王主任",
            "review",
            "mark",
            "2021年12月调度会",
        ],
    );
    meeting::seed_january(&store, &plan);
    fn with<'a>(rest: &[&'a str]) -> Vec<&'a str> {
        [&["--coordinator", "王主任"][..], rest].concat()
    }
    ok(
        data,
        meeting::TODAY,
        &with(&["set", "1.2", "--dept", "tax", "--return", "佐证材料不全"]),
    );
    ok(
        data,
        meeting::TODAY,
        &with(&["set", "1.3", "--dept", "market", "--confirm"]),
    );
    ok(
        data,
        meeting::TODAY,
        &with(&[
            "review",
            "decide",
            "1.1",
            "--meeting",
            "2022年1月调度会",
            "--opinion",
            "限期完成",
            "--due",
            "2022-01-31",
            "--to",
            "tax",
        ]),
    );
    let md = unwrapped(&ok(
        data,
        meeting::TODAY,
        &["export", "--report", "changes", "--format", "md"],
    ));
    assert!(md.contains("状态 已完成 → 推进中"), "{md}");
    assert!(md.contains("退办（王主任）：佐证材料不全"), "{md}");
    assert!(md.contains("已销号（王主任）"), "{md}");
    assert!(
        md.contains("督办意见（2022年1月调度会）：限期完成；调度会定 2022年1月31日"),
        "{md}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(
        data,
        meeting::TODAY,
        &["export", "--report", "changes", "--format", "json"],
    ))
    .unwrap();
    let returned = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "returned")
        .expect("a return is listed");
    assert_eq!(returned["reason"], "佐证材料不全");
    assert_eq!(json["tally"]["returns"], 1);
    assert_eq!(json["tally"]["confirmations"], 1);
}

#[test]
fn a_departments_circular_shows_its_deadline_source_return_decision_and_extension() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    meeting::seed(data);
    fn with<'a>(rest: &[&'a str]) -> Vec<&'a str> {
        [&["--coordinator", "王主任"][..], rest].concat()
    }
    ok(
        data,
        meeting::TODAY,
        &with(&["set", "1.2", "--dept", "tax", "--return", "佐证材料不全"]),
    );
    ok(
        data,
        "2021-12-20",
        &with(&[
            "review",
            "decide",
            "1.1",
            "--meeting",
            "2021年12月调度会",
            "--opinion",
            "限期完成",
            "--due",
            "2022-01-05",
            "--to",
            "tax",
        ]),
    );
    ok(
        data,
        meeting::TODAY,
        &[
            "set",
            "1.1",
            "--dept",
            "tax",
            "--extend",
            "2022-03-31",
            "--reason",
            "系统改造",
        ],
    );
    ok(
        data,
        meeting::TODAY,
        &with(&[
            "set",
            "1.1",
            "--dept",
            "tax",
            "--reject-extension",
            "无正当理由",
        ]),
    );
    let md = ok(
        data,
        meeting::TODAY,
        &[
            "export", "--report", "circular", "--dept", "tax", "--format", "md",
        ],
    );
    assert_unwrapped(&md);
    let md = unwrapped(&md);
    assert!(
        md.contains("时限 2022年1月5日（调度会定），逾期5天"),
        "days late count from the meeting's date, which is shown: {md}"
    );
    // Wrapping may break a line at any space.
    assert!(
        md.replace(' ', "")
            .contains("督办意见：2021年12月调度会：限期完成；调度会定时限2022年1月5日"),
        "{md}"
    );
    assert!(!md.contains("承诺日期"), "{md}");
    assert!(
        md.contains("未同意延期至 2022年3月31日：无正当理由"),
        "{md}"
    );
    assert!(
        md.contains("1.2") && md.contains("审核：退办（王主任）：佐证材料不全"),
        "a returned item is listed with its reason: {md}"
    );

    let json: serde_json::Value = serde_json::from_str(&ok(
        data,
        meeting::TODAY,
        &[
            "export", "--report", "circular", "--dept", "tax", "--format", "json",
        ],
    ))
    .unwrap();
    let items = json["departments"][0]["items"].as_array().unwrap();
    let one = items.iter().find(|i| i["measure"] == "1.1").unwrap();
    assert_eq!(one["deadline"], "2022-01-05");
    assert_eq!(one["deadline_source"], "decision");
    assert_eq!(one["days_late"], 5);
    assert_eq!(one["extension"]["state"], "rejected");
    let two = items.iter().find(|i| i["measure"] == "1.2").unwrap();
    assert_eq!(two["review"], "returned");
    assert_eq!(two["return_reason"], "佐证材料不全");

    // The plain export for the department says the same.
    let plain = ok(
        data,
        meeting::TODAY,
        &["export", "--format", "md", "--dept", "tax"],
    );
    assert!(
        plain.contains("（时限 2022年1月5日 调度会定） 逾期 5 天"),
        "{plain}"
    );
    assert!(
        plain.contains("督办意见：2021年12月调度会：限期完成；调度会定时限 2022年1月5日"),
        "{plain}"
    );
    assert!(
        plain.contains("审核：退办（王主任）：佐证材料不全"),
        "{plain}"
    );
    assert!(
        plain.contains("未同意延期至 2022年3月31日：无正当理由"),
        "{plain}"
    );

    let csv = ok(
        data,
        meeting::TODAY,
        &["export", "--format", "csv", "--dept", "tax", "--lang", "en"],
    );
    let mut r = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let back = r
        .records()
        .map(Result::unwrap)
        .find(|r| &r[col("measure")] == "1.2" && &r[col("dept")] == "tax")
        .unwrap();
    assert_eq!(&back[col("review")], "returned");
    assert_eq!(&back[col("return_reason")], "佐证材料不全");
}

/// `--dept NAME` with a coordinator listed in config.ron acts as that
/// coordinator, as the README says, instead of being refused as an unknown
/// department.
#[test]
fn a_listed_coordinator_may_name_themselves_with_dept() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    meeting::seed_december(data);
    std::fs::write(
        data.join("config.ron"),
        "Config(coordinators: [\"王主任\"])\n",
    )
    .unwrap();
    let out = ok(
        data,
        "2021-12-20",
        &["--dept", "王主任", "review", "mark", "2021年12月调度会"],
    );
    assert!(out.contains("第 001 次调度"), "{out}");
    let list = ok(data, "2021-12-20", &["review", "list"]);
    assert!(list.contains("王主任 于"), "{list}");
    let (ok2, _, err) = duban(data, "2021-12-20", &["--dept", "李四", "review", "list"]);
    assert!(!ok2 && err.contains("没有名为“李四”的部门"), "{err}");
}
