//! Sub-steps (分解步骤) in the exported workbook: a read-only column, one
//! step a line, and what a clerk types there is not read back.

use crate::xlsx_support;

use calamine::Data;
use chrono::Utc;
use duban::progress::{Edit, Op, Status, Store, Who};
use xlsx_support::*;

#[test]
fn the_workbook_shows_steps_and_ingest_leaves_them_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let plan = duban::plan::load_embedded().unwrap();
    let store = Store::open(&data);
    let e = |op| Edit::new("1.1", "approval", op);
    store
        .commit(
            &plan,
            &[
                e(Op::AddStep {
                    text: "梳理审批事项清单".into(),
                    date: "2021-11-30".parse().ok(),
                }),
                e(Op::AddStep {
                    text: "系统对接".into(),
                    date: None,
                }),
                e(Op::SetStepStatus {
                    id: 1,
                    status: Status::Done,
                }),
            ],
            &Who::Dept("approval".into()),
            Utc::now(),
        )
        .unwrap();
    let file = tmp.path().join("台账.xlsx");
    export(&data, &file, &["--today", "2021-12-25"]);
    let mut book = read(&file);
    let g = sheet(&book, "行政审批局");
    let (r, c) = (row(g, "1.1"), col(g, "分解步骤"));
    assert_eq!(
        g[r][c],
        s("1. 梳理审批事项清单（已完成，2021-11-30）\n2. 系统对接（未开始）")
    );
    // Read-only, after the note; then the read-only completion date and the
    // hidden exported values.
    assert_eq!(c, col(g, "备注") + 1);
    // Then the read-only 实际完成时间, 督办意见 and 审核, then the hidden exported values.
    assert_eq!(col(g, "实际完成时间"), c + 1);
    assert_eq!(col(g, "督办意见"), c + 2);
    assert_eq!(col(g, "审核"), c + 3);
    assert_eq!(col(g, "导出值"), c + 4);
    let other = row(g, "1.2");
    assert!(
        !matches!(g[other].get(c), Some(Data::String(t)) if !t.is_empty()),
        "1.2 has no steps: {:?}",
        g[other].get(c)
    );

    // A clerk types into the column and saves a copy: nothing to import,
    // and the cell is pointed at.
    let g = sheet_mut(&mut book, "行政审批局");
    set(g, "1.1", "分解步骤", s("1. 改过的步骤（已完成）"));
    let copy = tmp.path().join("改过.xlsx");
    write(&copy, &book);
    let r = duban(
        &data,
        &["ingest", copy.to_str().unwrap(), "--dept", "approval"],
    );
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    let g = sheet(&book, "行政审批局");
    let at = format!(
        "行政审批局!{}{}",
        letters(col(g, "分解步骤")),
        row(g, "1.1") + 1
    );
    assert!(r.stderr.contains(&at), "{at}: {}", r.stderr);
    let ledger = store.load(&plan).unwrap();
    let steps = &ledger.get("1.1", "approval").unwrap().steps;
    assert_eq!(steps[0].text, "梳理审批事项清单");
}
