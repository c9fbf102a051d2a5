//! `duban export --format xlsx` through the real binary, read back with
//! calamine: every (measure, department) present, every value typed.

use crate::xlsx_support;

use std::collections::BTreeSet;
use std::io::Read;

use calamine::Data;
use chrono::NaiveDate;
use xlsx_support::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn as_date(x: &Data) -> Option<NaiveDate> {
    match x {
        Data::DateTime(t) if t.is_datetime() => Some(t.as_datetime().unwrap().date()),
        _ => None,
    }
}

fn plan() -> duban::plan::Plan {
    duban::plan::load_embedded().unwrap()
}

#[test]
fn every_row_is_present_and_typed() {
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
            "in_progress",
            "--due",
            "2021-12-20",
            "--actual",
            "e_rate=98.5",
            "--note",
            "进展顺利，材料已报送",
        ],
    );
    ok(
        &data,
        &[
            "set",
            "11.4",
            "--dept",
            "approval",
            "--status",
            "done",
            "--done-on",
            "2021-12-01",
            "--today",
            "2021-12-25",
        ],
    );
    let file = tmp.path().join("台账.xlsx");
    export(&data, &file, &["--today", "2021-12-25"]);
    let book = read(&file);
    let plan = plan();

    // Sheets: the help first, the scoreboard, one per department with measures.
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[..2], ["填表说明", "汇总"]);
    let with_measures: Vec<&duban::plan::Department> = plan
        .departments
        .iter()
        .filter(|dep| {
            plan.measures()
                .any(|(_, m)| m.departments().contains(&dep.id.as_str()))
        })
        .collect();
    assert_eq!(names.len(), with_measures.len() + 2);
    for n in &names {
        assert!(n.chars().count() <= 31 && !n.contains(['[', ']', ':', '*', '?', '/', '\\']));
    }
    assert_eq!(names.iter().collect::<BTreeSet<_>>().len(), names.len());

    // Every (measure, department) pair once, with typed cells.
    let mut pairs = BTreeSet::new();
    for (name, g) in &book[2..] {
        let h = header_row(g);
        let (cm, cd, ct, cp, cl, cs) = (
            col(g, "措施编号"),
            col(g, "部门编号"),
            col(g, "措施内容"),
            col(g, "计划时限"),
            col(g, "灯号"),
            col(g, "状态"),
        );
        for r in &g[h + 1..] {
            let (Data::String(m), Data::String(dep)) = (&r[cm], &r[cd]) else {
                panic!("{name}: key cells must be text: {:?} {:?}", r[cm], r[cd]);
            };
            let measure = plan.measure(m).unwrap();
            assert!(measure.departments().contains(&dep.as_str()));
            assert!(pairs.insert((m.clone(), dep.clone())), "{m} {dep} twice");
            assert!(matches!(&r[ct], Data::String(t) if t.contains(&measure.title)));
            match measure.due() {
                Some(due) => assert_eq!(as_date(&r[cp]), Some(due), "{name} {m}"),
                None => assert_eq!(r[cp], Data::Empty),
            }
            assert!(
                matches!(&r[cl], Data::String(w)
                    if ["逾期", "临期", "今日到期", "滞后", "正常"].iter().any(|p| w.starts_with(p))),
                "{name} {m}: {:?}",
                r[cl]
            );
            assert!(matches!(&r[cs], Data::String(_)));
        }
    }
    let expected: usize = plan.measures().map(|(_, m)| m.departments().len()).sum();
    assert_eq!(pairs.len(), expected);

    // The values set above, typed: a date is a date, a number a number.
    let g = sheet(&book, "行政审批局");
    let r = row(g, "1.1");
    assert_eq!(g[r][col(g, "状态")], s("推进中"));
    assert_eq!(
        as_date(&g[r][col(g, "承诺完成时间")]),
        Some(d("2021-12-20"))
    );
    assert_eq!(g[r][col(g, "指标1实际值")], Data::Float(98.5));
    assert_eq!(g[r][col(g, "指标2实际值")], Data::Empty);
    assert!(
        matches!(&g[r][col(g, "指标1")], Data::String(t) if t.contains("电子化率") && t.contains('≥'))
    );
    assert_eq!(g[r][col(g, "备注")], s("进展顺利，材料已报送"));
    // Committed 2021-12-20, not done, as of 12-25: overdue.
    assert_eq!(g[r][col(g, "灯号")], s("逾期5天"));
    assert_eq!(g[row(g, "1.1")][col(g, "实际完成时间")], Data::Empty);
    let r = row(g, "11.4");
    assert_eq!(g[r][col(g, "状态")], s("已完成"));
    assert_eq!(
        as_date(&g[r][col(g, "实际完成时间")]),
        Some(d("2021-12-01"))
    );
    assert_eq!(g[r][col(g, "灯号")], s("正常"));

    // The scoreboard: numbers, and the department's counts.
    let sum = sheet(&book, "汇总");
    let hr = sum
        .iter()
        .position(|r| r.first() == Some(&s("排名")))
        .unwrap();
    let head: Vec<&Data> = sum[hr].iter().collect();
    let c = |h: &str| head.iter().position(|x| **x == s(h)).unwrap();
    let ar = sum
        .iter()
        .position(|r| r.get(c("部门编号")) == Some(&s("approval")))
        .unwrap();
    let assigned = plan
        .measures()
        .filter(|(_, m)| m.departments().contains(&"approval"))
        .count();
    assert_eq!(sum[ar][c("承担措施")], Data::Float(assigned as f64));
    assert_eq!(sum[ar][c("已完成")], Data::Float(1.0));
    // Due: 1.1 (committed 12-20, overdue) and 11.4 (done on time).
    assert_eq!(sum[ar][c("已到期")], Data::Float(2.0));
    assert_eq!(sum[ar][c("按时完成")], Data::Float(1.0));
    assert_eq!(sum[ar][c("按时完成率")], Data::Float(0.5));
    assert_eq!(sum[ar][c("逾期")], Data::Float(1.0));
    assert_eq!(sum[ar][c("完成进度")], Data::Float(1.0 / assigned as f64));
    assert_eq!(sum[ar][c("灯号")], s("逾期"));
    // Ranked on what was done: approval (50 %) is the only department that
    // finished anything, so it comes first; nothing done counts 0.
    let ranks: Vec<f64> = sum[hr + 1..]
        .iter()
        .filter_map(|r| match r.get(c("排名")) {
            Some(Data::Float(x)) => Some(*x),
            _ => None,
        })
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    assert_eq!(sum[ar][c("排名")], Data::Float(1.0));
    assert_eq!(sum[hr + 2][c("按时完成率")], s("无完成或逾期项"));
    assert!(matches!(sum[ar][c("未明确时限")], Data::Float(_)));
}

/// The parts of the file calamine does not expose: protection, unlocked
/// editable cells, the status list, frozen panes, hidden key columns.
#[test]
fn sheets_are_protected_frozen_and_validated() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("tax.xlsx");
    export(
        &tmp.path().join("data"),
        &file,
        &["--dept", "tax", "--today", "2021-12-25"],
    );
    let names: Vec<String> = read(&file).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["填表说明", "汇总", "税务局"]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet3.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("<sheetProtection"), "protected");
    assert!(xml.contains("state=\"frozen\""), "frozen panes");
    assert!(xml.contains("hidden=\"1\""), "hidden key columns");
    assert!(
        xml.contains("type=\"list\"") && xml.contains("未开始,推进中,已完成,受阻"),
        "status list"
    );
    assert!(xml.contains("type=\"date\""), "date validation");
    assert!(
        xml.contains("promptTitle=\"指标实际值\""),
        "a prompt on actuals"
    );
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains("locked=\"0\""), "unlocked editable cells");
    // Actual cells are text cells (format 49, "@"), so "99.5%" is not read as 0.995.
    assert!(
        styles.contains("numFmtId=\"49\""),
        "text-formatted actual cells"
    );
}

#[test]
fn overdue_only_and_one_department() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(
        &data,
        &["set", "1.1", "--dept", "approval", "--due", "2021-12-01"],
    );
    let file = tmp.path().join("o.xlsx");
    export(
        &data,
        &file,
        &["--dept", "approval", "--overdue", "--today", "2022-01-05"],
    );
    let book = read(&file);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["填表说明", "汇总", "行政审批局"]);
    let g = sheet(&book, "行政审批局");
    let h = header_row(g);
    let ids: Vec<&Data> = g[h + 1..].iter().map(|r| &r[col(g, "措施编号")]).collect();
    // 1.1 (committed 12-01) and 11.4 (plan 12-31) are the overdue ones.
    assert_eq!(ids, [&s("1.1"), &s("11.4")]);
    for r in &g[h + 1..] {
        assert!(matches!(&r[col(g, "灯号")], Data::String(w) if w.starts_with("逾期")));
    }
}

#[test]
fn xlsx_needs_an_output_file() {
    let tmp = tempfile::tempdir().unwrap();
    let r = duban(tmp.path(), &["export", "--format", "xlsx"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--out"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let out = tmp.path().join("r.xlsx");
    let r = duban(
        tmp.path(),
        &[
            "export",
            "--format",
            "xlsx",
            "--report",
            "scoreboard",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("md, csv, json or docx"), "{}", r.stderr);
    assert!(!out.exists());
}

/// A department's workbook says what was decided about its work: the
/// return (退办) with its reason, the meeting's decision with the meeting's
/// date, a rejected extension; and what a clerk types there is not read back.
#[test]
fn a_departments_workbook_shows_its_returns_and_decisions() {
    use chrono::Utc;
    use duban::progress::{Edit, Op, Status, Store, Who};

    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let plan = plan();
    let store = Store::open(&data);
    let boss = Who::Coordinator("王主任".into());
    let dept = Who::Dept("approval".into());
    let commit = |m: &str, op: Op, who: &Who| {
        store
            .commit(&plan, &[Edit::new(m, "approval", op)], who, Utc::now())
            .unwrap();
    };
    commit("1.1", Op::SetStatus(Status::Done), &dept);
    commit(
        "1.1",
        Op::Return {
            reason: "佐证材料不全".into(),
        },
        &boss,
    );
    commit(
        "1.2",
        Op::MeetingDecision {
            meeting: "2022年1月调度会".into(),
            opinion: "限期完成".into(),
            due: Some(d("2022-01-31")),
        },
        &boss,
    );
    commit(
        "1.2",
        Op::RequestExtension {
            reason: "系统改造".into(),
            date: d("2022-03-31"),
            progress: String::new(),
        },
        &dept,
    );
    commit(
        "1.2",
        Op::RejectExtension {
            reason: "无正当理由".into(),
        },
        &boss,
    );
    let file = tmp.path().join("审批局.xlsx");
    export(
        &data,
        &file,
        &["--today", "2022-01-10", "--dept", "approval"],
    );
    let mut book = read(&file);
    let g = sheet(&book, "行政审批局");
    let (decision, audit) = (col(g, "督办意见"), col(g, "审核"));
    let one = row(g, "1.1");
    assert_eq!(g[one][audit], s("退办（王主任）：佐证材料不全"));
    let two = row(g, "1.2");
    assert_eq!(
        g[two][decision],
        s("2022年1月调度会：限期完成；调度会定时限 2022-01-31")
    );
    assert_eq!(g[two][audit], s("未同意延期至 2022-03-31：无正当理由"));

    // Read-only: a clerk's edit there changes nothing, and is pointed at.
    let before = ledger(&data);
    let g = sheet_mut(&mut book, "行政审批局");
    set(g, "1.1", "审核", s("已销号"));
    set(g, "1.2", "督办意见", s("不用办了"));
    let copy = tmp.path().join("改过.xlsx");
    write(&copy, &book);
    let r = duban(
        &data,
        &["ingest", copy.to_str().unwrap(), "--dept", "approval"],
    );
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    let g = sheet(&book, "行政审批局");
    for (m, h) in [("1.1", "审核"), ("1.2", "督办意见")] {
        let at = format!("行政审批局!{}{}", letters(col(g, h)), row(g, m) + 1);
        assert!(
            r.stdout.contains(&at) || r.stderr.contains(&at),
            "{at}: {}{}",
            r.stdout,
            r.stderr
        );
    }
    assert_eq!(ledger(&data).entries, before.entries);
}
