use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::meeting::attention::NeedCounts;
use crate::progress::deadline::Deadline;
use crate::progress::deadline::Source;
use crate::progress::{Decision, Extension, MeetingDecision, Review, Stamp};

fn day(s: &str) -> NaiveDate {
    crate::date::parse(s).unwrap()
}

fn by(name: &str) -> Stamp {
    Stamp {
        by: name.into(),
        at: DateTime::parse_from_rfc3339("2022-01-10T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
    }
}

#[test]
fn the_obligation_line_names_its_source_and_counts_late_days_from_it() {
    let d = Deadline {
        date: day("2022-01-31"),
        source: Source::Decision,
        requested: None,
    };
    assert_eq!(
        ZH.obligation(Some(&d), 20),
        "时限 2022-01-31 调度会定 · 逾期20天"
    );
    assert_eq!(
        EN.obligation(Some(&d), 0),
        "due 2022-01-31 (meeting decision)"
    );
    let asked = Deadline {
        date: day("2021-12-31"),
        source: Source::Plan,
        requested: Some(day("2022-03-31")),
    };
    assert_eq!(
        ZH.obligation(Some(&asked), 0),
        "时限 2021-12-31 计划 · 申请延至 2022-03-31"
    );
    assert_eq!(ZH.obligation(None, 0), "未明确时限");
}

#[test]
fn review_decision_and_extension_words() {
    assert_eq!(ZH.review_state(&Review::None), None);
    assert_eq!(
        ZH.review_state(&Review::Reported(by("tax"))).as_deref(),
        Some("已报结待确认")
    );
    assert_eq!(
        ZH.review_state(&Review::Confirmed(by("王主任"))).as_deref(),
        Some("已销号（王主任）")
    );
    assert_eq!(
        ZH.review_state(&Review::Returned {
            stamp: by("王主任"),
            reason: "材料不全".into()
        })
        .as_deref(),
        Some("退办（王主任）：材料不全")
    );
    let dec = MeetingDecision {
        meeting: "2022年1月调度会".into(),
        opinion: "限期完成".into(),
        due: Some(day("2022-01-31")),
        stamp: by("王主任"),
    };
    assert_eq!(
        ZH.decision(&dec),
        "督办意见（2022年1月调度会）：限期完成 · 调度会定时限 2022-01-31"
    );
    assert!(!ZH.decision(&dec).contains("承诺"));
    let x = Extension {
        reason: "系统改造".into(),
        date: day("2022-02-28"),
        progress: String::new(),
        requested: by("tax"),
        decision: Decision::Rejected {
            stamp: by("王主任"),
            reason: "无正当理由".into(),
        },
    };
    assert_eq!(
        ZH.extension(&x),
        "延期申请至 2022-02-28（系统改造）· 未同意（王主任）：无正当理由"
    );
}

#[test]
fn to_do_counts_show_the_reasons_that_hold() {
    let none = NeedCounts::default();
    assert_eq!(ZH.need_counts(&none), "待办0 [t]");
    let c = NeedCounts {
        returned: 1,
        decision: 0,
        overdue: 2,
        due_soon: 0,
        items: 2,
    };
    assert_eq!(ZH.need_counts(&c), "待办2：退办1 逾期2 [t]");
    assert_eq!(EN.need_counts(&c), "to do 2: returned 1, late 2 [t]");
}

#[test]
fn names_that_do_not_fit_become_the_first_and_a_count() {
    assert_eq!(ZH.names_within(&["审批局"], 14), "审批局");
    assert_eq!(ZH.names_within(&["审批局", "税务局"], 14), "审批局、税务局");
    assert_eq!(
        ZH.names_within(&["审批局", "市场监管局"], 14),
        "审批局等2个"
    );
    assert_eq!(EN.names_within(&["approval", "market"], 10), "approval +1");
    assert_eq!(ZH.names_within(&[], 14), "");
}
