use super::*;
use crate::meeting::lights::Light;
use crate::meeting::snapshot::MeasureSnap;
use crate::progress::{MeetingDecision, Review, Stamp};
use chrono::{NaiveDate, TimeZone, Utc};

/// (measure, chapter, dept, status, overdue, note, decision)
type Row<'a> = (
    &'a str,
    u32,
    &'a str,
    Status,
    bool,
    &'a str,
    Option<&'a str>,
);

fn snap(rows: &[Row]) -> Snapshot {
    let mut measures: Vec<MeasureSnap> = Vec::new();
    for (m, ch, d, st, od, note, dec) in rows {
        let ds = DeptSnap {
            dept: d.to_string(),
            status: *st,
            overdue: *od,
            deadline: None,
            light: Light::Green,
            note: note.to_string(),
            decision: dec.map(|o| MeetingDecision {
                meeting: "11月调度会".into(),
                opinion: o.into(),
                due: None,
                stamp: Stamp {
                    by: "王主任".into(),
                    at: Utc.with_ymd_and_hms(2021, 11, 30, 9, 0, 0).unwrap(),
                },
            }),
            actuals: BTreeMap::new(),
            extension: None,
            review: Review::None,
        };
        match measures.iter_mut().find(|x| x.id == *m) {
            Some(x) => x.depts.push(ds),
            None => measures.push(MeasureSnap {
                id: m.to_string(),
                chapter: *ch,
                status: *st,
                overdue: *od,
                due: None,
                light: Light::Green,
                depts: vec![ds],
            }),
        }
    }
    Snapshot {
        name: "x".into(),
        plan: "p".into(),
        as_of: NaiveDate::from_ymd_opt(2021, 12, 1).unwrap(),
        taken: Utc.with_ymd_and_hms(2021, 12, 1, 9, 0, 0).unwrap(),
        by: "王主任".into(),
        format: 1,
        measures,
    }
}

use Status::*;

#[test]
fn nothing_changed_gives_nothing() {
    let a = snap(&[("1.1", 1, "tax", InProgress, true, "n", Some("抓紧"))]);
    assert!(diff(&a, &a.clone()).is_empty());
}

#[test]
fn each_kind_is_found() {
    let a = snap(&[
        ("1.1", 1, "tax", InProgress, false, "", None),
        ("1.1", 1, "market", NotStarted, false, "old", None),
        ("1.2", 1, "tax", NotStarted, true, "", None),
        ("2.1", 2, "town", InProgress, false, "", None),
    ]);
    let b = snap(&[
        ("1.1", 1, "tax", Done, false, "", None),
        (
            "1.1",
            1,
            "market",
            NotStarted,
            true,
            "old",
            Some("12月底前完成"),
        ),
        ("1.2", 1, "tax", InProgress, false, "已启动", None),
        ("2.1", 2, "town", Blocked, false, "", None),
    ]);
    let got: Vec<(String, String, &str)> = diff(&a, &b)
        .iter()
        .map(|c| (c.measure.clone(), c.dept.clone(), c.kind.key()))
        .collect();
    let want = [
        ("1.1", "tax", "newly_done"),
        ("1.1", "market", "newly_overdue"),
        ("1.1", "market", "new_decision"),
        ("1.2", "tax", "status_move"),
        ("1.2", "tax", "no_longer_overdue"),
        ("1.2", "tax", "new_note"),
        ("2.1", "town", "status_move"),
    ];
    let want: Vec<(String, String, &str)> = want
        .iter()
        .map(|(m, d, k)| (m.to_string(), d.to_string(), *k))
        .collect();
    assert_eq!(got, want);
    let t = Tally::of(&diff(&a, &b));
    assert_eq!(t.newly_done, 1);
    assert_eq!(t.status_moves, 2);
    assert_eq!(t.total(), 7);
}

#[test]
fn cleared_note_is_not_news_and_done_is_not_no_longer_overdue() {
    let a = snap(&[("1.1", 1, "tax", InProgress, true, "old", None)]);
    let b = snap(&[("1.1", 1, "tax", Done, false, "", None)]);
    let kinds: Vec<&str> = diff(&a, &b).iter().map(|c| c.kind.key()).collect();
    assert_eq!(kinds, ["newly_done"]);
}

#[test]
fn a_measure_new_to_the_plan_counts_from_not_started() {
    let a = snap(&[("1.1", 1, "tax", InProgress, false, "", None)]);
    let b = snap(&[
        ("1.1", 1, "tax", InProgress, false, "", None),
        ("3.1", 3, "tax", InProgress, false, "", None),
    ]);
    let d = diff(&a, &b);
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].kind,
        Kind::StatusMove {
            from: NotStarted,
            to: InProgress
        }
    );
}

#[test]
fn grouping_by_chapter_and_department() {
    let a = snap(&[
        ("1.1", 1, "tax", NotStarted, false, "", None),
        ("2.1", 2, "tax", NotStarted, false, "", None),
        ("2.1", 2, "town", NotStarted, false, "", None),
    ]);
    let b = snap(&[
        ("1.1", 1, "tax", Done, false, "", None),
        ("2.1", 2, "tax", Done, false, "", None),
        ("2.1", 2, "town", Done, false, "", None),
    ]);
    let d = diff(&a, &b);
    let ch = by_chapter(&d);
    assert_eq!(ch[&1].len(), 1);
    assert_eq!(ch[&2].len(), 2);
    let dp = by_dept(&d);
    assert_eq!(dp["tax"].len(), 2);
    assert_eq!(dp["town"].len(), 1);
}

fn ext(state: Decision) -> Extension {
    Extension {
        reason: "需省级系统对接".into(),
        date: NaiveDate::from_ymd_opt(2022, 3, 31).unwrap(),
        progress: "已完成一半".into(),
        requested: Stamp {
            by: "tax".into(),
            at: Utc.with_ymd_and_hms(2021, 12, 10, 9, 0, 0).unwrap(),
        },
        decision: state,
    }
}

#[test]
fn dates_actuals_and_extensions_are_found() {
    let a = snap(&[("1.1", 1, "tax", InProgress, false, "", None)]);
    let mut b = a.clone();
    let d = &mut b.measures[0].depts[0];
    d.deadline = NaiveDate::from_ymd_opt(2022, 3, 31);
    d.actuals.insert("e_rate".into(), 99.5);
    d.extension = Some(ext(Decision::Pending));
    let got = diff(&a, &b);
    let kinds: Vec<&str> = got.iter().map(|c| c.kind.key()).collect();
    assert_eq!(kinds, ["date_moved", "actual_changed", "extension"]);
    assert_eq!(got[0].kind.text(Lang::Zh), "承诺时间 无 → 2022-03-31");
    assert_eq!(got[1].kind.text(Lang::En), "e_rate — → 99.5");
    assert_eq!(
        got[2].kind.text(Lang::Zh),
        "申请延期至 2022-03-31：需省级系统对接"
    );
    let t = Tally::of(&got);
    assert_eq!((t.date_moves, t.actual_changes, t.extensions), (1, 1, 1));

    // Deciding the same request is news again; an unchanged one is not.
    let mut c = b.clone();
    c.measures[0].depts[0].extension = Some(ext(Decision::Approved(Stamp {
        by: "王主任".into(),
        at: Utc.with_ymd_and_hms(2021, 12, 20, 9, 0, 0).unwrap(),
    })));
    let got = diff(&b, &c);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].kind,
        Kind::Extension {
            date: NaiveDate::from_ymd_opt(2022, 3, 31).unwrap(),
            reason: "需省级系统对接".into(),
            state: ExtState::Approved,
            rejection: None,
        }
    );
    assert!(diff(&c, &c.clone()).is_empty());
}

#[test]
fn a_snapshot_that_did_not_record_actuals_is_not_read_as_none() {
    let mut a = snap(&[("1.1", 1, "tax", InProgress, false, "", None)]);
    a.format = 0;
    let mut b = a.clone();
    b.format = 1;
    b.measures[0].depts[0].actuals.insert("e_rate".into(), 99.5);
    b.measures[0].depts[0].extension = Some(ext(Decision::Pending));
    assert!(diff(&a, &b).is_empty());
}

fn coordinator(day: u32) -> Stamp {
    Stamp {
        by: "王主任".into(),
        at: Utc.with_ymd_and_hms(2022, 1, day, 9, 0, 0).unwrap(),
    }
}

#[test]
fn a_return_shows_its_reason_and_a_confirmation_is_listed() {
    let mut a = snap(&[
        ("1.1", 1, "tax", Done, false, "", None),
        ("1.2", 1, "tax", Done, false, "", None),
    ]);
    a.format = 2;
    a.measures[0].depts[0].review = Review::Reported(coordinator(3));
    a.measures[1].depts[0].review = Review::Reported(coordinator(3));
    let mut b = a.clone();
    b.measures[0].depts[0].status = InProgress;
    b.measures[0].depts[0].review = Review::Returned {
        stamp: coordinator(5),
        reason: "佐证材料不全".into(),
    };
    b.measures[1].depts[0].review = Review::Confirmed(coordinator(5));
    let got = diff(&a, &b);
    let texts: Vec<String> = got.iter().map(|c| c.kind.text(Lang::Zh)).collect();
    assert_eq!(
        texts,
        [
            "状态 已完成 → 推进中",
            "退办（王主任）：佐证材料不全",
            "已销号（王主任）"
        ]
    );
    let t = Tally::of(&got);
    assert_eq!((t.returns, t.confirmations, t.total()), (1, 1, 3));
    assert!(t.text(Lang::Zh).contains("退办 1，销号 1"));
    // An unchanged review is not news again.
    assert!(diff(&b, &b.clone()).is_empty());
}

#[test]
fn a_return_is_told_even_against_a_snapshot_without_reviews() {
    let mut a = snap(&[("1.1", 1, "tax", Done, false, "", None)]);
    a.format = 1;
    let mut b = a.clone();
    b.format = 2;
    b.measures[0].depts[0].status = InProgress;
    b.measures[0].depts[0].review = Review::Returned {
        stamp: coordinator(5),
        reason: "数据未更新".into(),
    };
    let kinds: Vec<&str> = diff(&a, &b).iter().map(|c| c.kind.key()).collect();
    assert_eq!(kinds, ["status_move", "returned"]);
}

#[test]
fn a_decision_shows_its_opinion_and_the_meetings_date() {
    let a = snap(&[("1.1", 1, "tax", InProgress, false, "", None)]);
    let mut b = snap(&[("1.1", 1, "tax", InProgress, false, "", Some("限期完成"))]);
    b.measures[0].depts[0].decision.as_mut().unwrap().due = NaiveDate::from_ymd_opt(2022, 1, 31);
    let got = diff(&a, &b);
    assert_eq!(
        got[0].kind.text(Lang::Zh),
        "督办意见（11月调度会）：限期完成；调度会定 2022-01-31"
    );
    assert!(!got[0].kind.text(Lang::Zh).contains("承诺"));
    let json = serde_json::to_value(&got[0]).unwrap();
    assert_eq!(json["due"], "2022-01-31");
    assert_eq!(json["opinion"], "限期完成");
}

#[test]
fn a_rejected_extension_gives_its_reason() {
    let mut a = snap(&[("1.1", 1, "tax", InProgress, false, "", None)]);
    a.measures[0].depts[0].extension = Some(ext(Decision::Pending));
    let mut b = a.clone();
    b.measures[0].depts[0].extension = Some(ext(Decision::Rejected {
        stamp: coordinator(6),
        reason: "无正当理由".into(),
    }));
    let got = diff(&a, &b);
    assert_eq!(
        got[0].kind.text(Lang::Zh),
        "未同意延期至 2022-03-31：需省级系统对接；不同意理由：无正当理由"
    );
}
