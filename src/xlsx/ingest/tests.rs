use super::fields::{Verdict, decide};
use super::*;
use crate::progress::{Op, Status};
use crate::xlsx::read::Row;

fn plan() -> Plan {
    crate::plan::load_dir(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/progress/plan"
    )))
    .unwrap()
}

fn s(v: &str) -> Data {
    Data::String(v.into())
}

/// A ledger sheet with these headers (header row 1, data from row 2).
fn sheet(heads: &[&str], rows: Vec<Vec<Data>>) -> Sheet {
    let columns: BTreeMap<String, u32> = heads
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_string(), i as u32))
        .collect();
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| Row {
            row: i as u32 + 2,
            cells: heads
                .iter()
                .zip(r)
                .filter(|(_, d)| *d != Data::Empty)
                .map(|(h, d)| (h.to_string(), d))
                .collect(),
            formulas: BTreeMap::new(),
        })
        .collect();
    Sheet {
        name: "税务局".into(),
        columns,
        repeated: Vec::new(),
        rows,
    }
}

fn exported(m: &str, d: &str, status: Status, note: &str) -> Data {
    s(&serde_json::to_string(&Exported {
        measure: m.into(),
        dept: d.into(),
        status,
        due: None,
        actuals: BTreeMap::new(),
        note: note.into(),
        shown: BTreeMap::new(),
    })
    .unwrap())
}

const HEADS: [&str; 6] = [
    "措施编号",
    "部门编号",
    "状态",
    "承诺完成时间",
    "备注",
    "导出值",
];

#[test]
fn three_way_rule() {
    let (a, b, c) = (Some(1), Some(2), Some(3));
    // Same as duban now: nothing.
    assert!(matches!(decide(&a, Some(&b), &a), Verdict::Nothing));
    // Unchanged in the workbook, changed in duban: kept.
    assert!(matches!(decide(&a, Some(&a), &b), Verdict::Kept));
    // Changed in the workbook only: applied.
    assert!(matches!(decide(&b, Some(&a), &a), Verdict::Apply(Some(2))));
    // Changed in both, differently: conflict.
    assert!(matches!(
        decide(&c, Some(&a), &b),
        Verdict::Conflict { now: Some(2) }
    ));
    // Cleared in the workbook: applied as a clear.
    assert!(matches!(decide(&None, Some(&a), &a), Verdict::Apply(None)));
    // Without 导出值: blank is no information, a value applies.
    assert!(matches!(decide(&None, None, &a), Verdict::Nothing));
    assert!(matches!(decide(&b, None, &a), Verdict::Apply(Some(2))));
}

#[test]
fn a_workbook_without_exported_values_never_clears() {
    let p = plan();
    let mut ledger = Ledger::default();
    ledger.entries.insert(
        Key::new("1.2", "tax"),
        Entry {
            note: "保留".into(),
            due: Some("2021-12-31".parse().unwrap()),
            ..Entry::default()
        },
    );
    let sh = sheet(
        &HEADS[..5],
        vec![vec![
            s("1.2"),
            s("tax"),
            s("推进中"),
            Data::Empty,
            Data::Empty,
        ]],
    );
    let pr = propose(&p, &ledger, &[sh], None, Lang::En);
    assert!(pr.skipped.is_empty(), "{:?}", pr.skipped);
    let ops: Vec<&Op> = pr.planned.iter().map(|x| &x.edit.op).collect();
    assert_eq!(ops, [&Op::SetStatus(Status::InProgress)]);
    assert_eq!(pr.planned[0].at.to_string(), "税务局!C3");
}

#[test]
fn rows_that_cannot_be_trusted_are_skipped_whole() {
    let p = plan();
    let ledger = Ledger::default();
    let ns = Status::NotStarted;
    let sh = sheet(
        &HEADS,
        vec![
            // Key columns edited: exported as 1.2, now says 1.1.
            vec![
                s("1.1"),
                s("tax"),
                s("已完成"),
                Data::Empty,
                Data::Empty,
                exported("1.2", "tax", ns, ""),
            ],
            // Not assigned: 1.3 is market's.
            vec![
                s("1.3"),
                s("tax"),
                s("已完成"),
                Data::Empty,
                Data::Empty,
                Data::Empty,
            ],
            // Unknown department.
            vec![
                s("1.2"),
                s("nobody"),
                s("已完成"),
                Data::Empty,
                Data::Empty,
                Data::Empty,
            ],
            // Missing key.
            vec![
                Data::Empty,
                s("tax"),
                s("已完成"),
                Data::Empty,
                Data::Empty,
                Data::Empty,
            ],
            // The same pair twice.
            vec![
                s("2.1"),
                s("tax"),
                s("已完成"),
                Data::Empty,
                Data::Empty,
                Data::Empty,
            ],
            vec![
                s("2.1"),
                s("tax"),
                s("受阻"),
                Data::Empty,
                Data::Empty,
                Data::Empty,
            ],
            // Hidden column garbled.
            vec![
                s("1.2"),
                s("tax"),
                s("已完成"),
                Data::Empty,
                Data::Empty,
                s("{oops"),
            ],
            // Blank: ignored silently.
            vec![
                Data::Empty,
                Data::Empty,
                s("  "),
                Data::Empty,
                Data::Empty,
                Data::Empty,
            ],
        ],
    );
    let pr = propose(&p, &ledger, &[sh], None, Lang::En);
    assert!(pr.planned.is_empty(), "{:?}", pr.planned);
    let why: Vec<(String, &str)> = pr
        .skipped
        .iter()
        .map(|x| (x.at.to_string(), x.why.as_str()))
        .collect();
    assert_eq!(why.len(), 7, "{why:#?}");
    let has = |cell: &str, part: &str| {
        assert!(
            why.iter().any(|(c, w)| c == cell && w.contains(part)),
            "{cell} {part}: {why:#?}"
        )
    };
    has("税务局!A3", "exported as measure 1.2");
    has("税务局!A4", "not assigned to department tax");
    has("税务局!A5", "\"nobody\" is not in the plan");
    has("税务局!A6", "cannot be matched");
    has("税务局!A7", "more than one row (税务局!A7, 税务局!A8)");
    has("税务局!A8", "more than one row");
    has("税务局!A9", "导出值 was edited");
}

#[test]
fn cells_are_judged_one_by_one() {
    let p = plan();
    let mut ledger = Ledger::default();
    ledger.entries.insert(
        Key::new("1.2", "tax"),
        Entry {
            note: "省局已回复".into(),
            ..Entry::default()
        },
    );
    let mut heads = HEADS.to_vec();
    heads.extend(["指标1实际值", "指标2实际值"]);
    let sh = sheet(
        &heads,
        vec![
            // Status cleared: refused; the note, unchanged since the
            // export while duban's changed, is kept; an actual for a
            // target 1.2 does not have is refused.
            vec![
                s("1.2"),
                s("tax"),
                Data::Empty,
                s("2022年1月5日"),
                Data::Empty,
                exported("1.2", "tax", Status::NotStarted, ""),
                Data::Float(5.0),
            ],
            // 1.1 has two targets: the first number applies, the second is text.
            vec![
                s("1.1"),
                s("tax"),
                s("推进中"),
                Data::Empty,
                s("备注"),
                exported("1.1", "tax", Status::NotStarted, ""),
                s("99.5%"),
                s("两天"),
            ],
        ],
    );
    let pr = propose(&p, &ledger, &[sh], Some("tax"), Lang::En);
    let planned: Vec<(String, &Op)> = pr
        .planned
        .iter()
        .map(|x| (x.at.to_string(), &x.edit.op))
        .collect();
    assert_eq!(
        planned,
        [
            (
                "税务局!D3".into(),
                &Op::SetDue(Some("2022-01-05".parse().unwrap()))
            ),
            ("税务局!C4".into(), &Op::SetStatus(Status::InProgress)),
            (
                "税务局!G4".into(),
                &Op::SetActual {
                    key: "e_rate".into(),
                    value: 99.5
                }
            ),
            ("税务局!E4".into(), &Op::SetNote("备注".into())),
        ]
    );
    let skipped: Vec<(String, &str)> = pr
        .skipped
        .iter()
        .map(|x| (x.at.to_string(), x.why.as_str()))
        .collect();
    assert_eq!(skipped.len(), 3, "{skipped:#?}");
    assert!(skipped[0].0 == "税务局!C3" && skipped[0].1.contains("status was cleared"));
    assert!(skipped[1].0 == "税务局!G3" && skipped[1].1.contains("has no target 1"));
    assert!(skipped[2].0 == "税务局!H4" && skipped[2].1.contains("\"两天\" is not a number"));
    assert_eq!(pr.kept.len(), 1);
    assert_eq!(pr.kept[0].at.to_string(), "税务局!E3");
    assert_eq!(pr.kept[0].now, "\"省局已回复\"");
    assert_eq!(pr.rows, 2);
}

#[test]
fn sheets_that_cannot_be_read_unambiguously_are_refused() {
    let p = plan();
    let mut twice = sheet(&HEADS, vec![vec![s("1.2"), s("tax"), s("已完成")]]);
    twice.repeated.push("状态".into());
    let no_dept = sheet(&["措施编号", "状态"], vec![vec![s("1.2"), s("已完成")]]);
    let other = Sheet {
        name: "汇总".into(),
        columns: BTreeMap::new(),
        repeated: Vec::new(),
        rows: Vec::new(),
    };
    let pr = propose(
        &p,
        &Ledger::default(),
        &[twice, no_dept, other],
        None,
        Lang::En,
    );
    assert!(pr.planned.is_empty());
    assert_eq!(pr.sheets, ["税务局", "税务局"]);
    assert_eq!(pr.skipped.len(), 2);
    assert!(pr.skipped[0].why.contains("状态 appears more than once"));
    assert!(pr.skipped[1].why.contains("no 部门编号 column"));
}

#[test]
fn other_departments_rows_are_left_out_with_dept() {
    let p = plan();
    let sh = sheet(
        &HEADS[..3],
        vec![
            vec![s("1.1"), s("market"), s("已完成")],
            vec![s("1.1"), s("tax"), s("已完成")],
        ],
    );
    let pr = propose(&p, &Ledger::default(), &[sh], Some("tax"), Lang::En);
    assert_eq!(pr.other_dept, 1);
    assert_eq!(pr.skipped.len(), 1);
    assert!(
        pr.skipped[0].why.contains("no 承诺完成时间, 备注 column"),
        "{:?}",
        pr.skipped
    );
    assert_eq!(pr.planned.len(), 1);
    assert_eq!(pr.planned[0].edit.dept, "tax");
}
