//! Scoreboard ranking, chapter progress and targets on a known history.

use crate::meeting;

use duban::lang::Lang;
use duban::meeting::LightCfg;
use duban::meeting::lights::{Light, dept_lights, light_of};
use duban::meeting::score::{self, Verdict};
use meeting::{TODAY, d, seed};

#[test]
fn departments_rank_by_on_time_rate_then_overdue_then_on_time_then_progress() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = seed(dir.path());
    let ledger = store.load(&plan).unwrap();
    let history = store.history().unwrap();
    let today = d(TODAY);
    let dd = score::done_dates(&history, today);
    let rows = score::scoreboard(&plan, &ledger, today, &dd, LightCfg::default());
    let order: Vec<(&str, usize)> = rows.iter().map(|r| (r.dept.as_str(), r.rank)).collect();
    // market and tax: 50 %, 1 overdue, 1 on time, market further along
    // (1/2 vs 1/3; tax's 1.2 has no date, so finishing it is on time);
    // approval: its one item done late (0 %, but finished something); town:
    // nothing done and nothing due (0 %, last: it did nothing).
    // "others" is a catch-all and is not ranked.
    assert_eq!(
        order,
        [("market", 1), ("tax", 2), ("approval", 3), ("town", 4)]
    );
    let tax = &rows[1];
    assert_eq!(
        (tax.total, tax.done, tax.due, tax.on_time, tax.overdue),
        (3, 1, 2, 1, 1)
    );
    assert_eq!((tax.undated, tax.late), (1, 0));
    assert_eq!(tax.rate, Some(0.5));
    assert_eq!(tax.light, Light::Red);
    let approval = &rows[2];
    assert_eq!(
        (
            approval.due,
            approval.on_time,
            approval.late,
            approval.overdue
        ),
        (1, 0, 1, 0)
    );
    assert_eq!(approval.rate, Some(0.0));
    assert_eq!(rows[3].rate, None);
    assert!(score::RULE_ZH.contains("按时完成率") && score::RULE_ZH.contains("逾期项少"));
}

#[test]
fn an_as_of_date_in_the_past_does_not_make_finished_work_late() {
    // Saved "now" (after the as-of date): counts as done on the as-of date.
    let dir = tempfile::tempdir().unwrap();
    let plan = meeting::plan();
    let store = duban::progress::Store::open(dir.path());
    meeting::set(
        &store,
        &plan,
        "1.3",
        "market",
        duban::progress::Op::SetStatus(duban::progress::Status::Done),
        "2030-01-01",
    );
    let today = d("2021-11-25");
    let dd = score::done_dates(&store.history().unwrap(), today);
    assert_eq!(dd.values().next(), Some(&today));
    let rows = score::scoreboard(
        &plan,
        &store.load(&plan).unwrap(),
        today,
        &dd,
        LightCfg::default(),
    );
    let market = rows.iter().find(|r| r.dept == "market").unwrap();
    assert_eq!((market.due, market.on_time), (1, 1));
}

#[test]
fn chapters_and_targets() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = seed(dir.path());
    let ledger = store.load(&plan).unwrap();
    let ch = score::chapters(&plan, &ledger, d(TODAY));
    // 1.2 is not done: its catch-all "others" has not reported.
    assert_eq!((ch[0].total, ch[0].done, ch[0].overdue), (3, 1, 1));
    assert_eq!((ch[1].total, ch[1].done, ch[1].overdue), (1, 0, 0));
    let t = score::targets(&plan, &ledger);
    assert_eq!(t.len(), 2);
    assert_eq!(t[0].verdict, Verdict::Short);
    assert_eq!(t[0].by.as_deref(), Some("approval"));
    assert_eq!(
        t[0].sentence(Lang::Zh),
        "全程电子化率 目标 ≥ 99%，实际 97.5% → 未达标"
    );
    assert_eq!(t[1].verdict, Verdict::NoData);
}

#[test]
fn lights_on_the_seeded_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = seed(dir.path());
    let ledger = store.load(&plan).unwrap();
    let cfg = LightCfg::default();
    let m = |id| plan.measure(id).unwrap();
    let today = d(TODAY);
    let s = light_of(&plan, m("1.1"), &ledger, today, cfg);
    assert_eq!(s.light, Light::Red);
    assert_eq!(s.label(Lang::Zh), "[R] 红 逾期10天");
    assert_eq!(
        light_of(&plan, m("1.3"), &ledger, today, cfg).light,
        Light::Green
    );
    // 1.1 as of 2021-12-27: due in 4 days.
    let soon = light_of(&plan, m("1.1"), &ledger, d("2021-12-27"), cfg);
    assert_eq!(soon.light, Light::Yellow);
    assert_eq!(soon.label(Lang::Zh), "[Y] 黄 临期，4天后到期");
    let tax = dept_lights(&plan, &ledger, "tax", today, cfg);
    assert_eq!((tax.red, tax.yellow, tax.green), (1, 0, 2));
    assert_eq!(tax.light(), Light::Red);
}
