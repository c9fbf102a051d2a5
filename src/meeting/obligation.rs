//! What was decided about one department's work, in words: the effective
//! deadline with its source, the review state (报结 / 销号 / 退办 and its
//! reason), the latest meeting decision (督办意见) and an extension request
//! with its decision. One wording, read by the circular, `export --dept`,
//! the changes report and the department's xlsx ledger.
//!
//! A meeting's date is the meeting's (调度会定时限), never the department's
//! promise: it is never called 承诺.

use crate::lang::Lang;
use crate::progress::deadline::Deadline;
use crate::progress::{Decision, Extension, MeetingDecision, Review};

/// `2022-01-31（调度会定）`, or 未明确时限 when there is no date at all.
pub fn deadline_text(d: Option<&Deadline>, lang: Lang) -> String {
    match (d, lang) {
        (Some(d), Lang::Zh) => format!("{}（{}）", d.date, d.source.label(lang)),
        (Some(d), Lang::En) => format!("{} ({})", d.date, d.source.label(lang)),
        (None, _) => lang.pick("未明确时限", "no deadline").into(),
    }
}

/// The label of a meeting's new date: 调度会定时限.
pub fn decision_due_label(lang: Lang) -> &'static str {
    lang.pick("调度会定时限", "deadline set by the meeting")
}

/// `2022年1月调度会：限期完成；调度会定时限 2022-01-31`.
pub fn decision_text(d: &MeetingDecision, lang: Lang) -> String {
    let mut s = match lang {
        Lang::Zh => format!("{}：{}", d.meeting, d.opinion),
        Lang::En => format!("{}: {}", d.meeting, d.opinion),
    };
    if let Some(due) = d.due {
        s.push_str(lang.pick("；", "; "));
        s.push_str(&format!("{} {due}", decision_due_label(lang)));
    }
    s
}

/// 已报结，待审核 / 已销号 / 退办：reason; `None` when nothing was reported.
pub fn review_text(r: &Review, lang: Lang) -> Option<String> {
    match (r, lang) {
        (Review::None, _) => None,
        (Review::Reported(_), _) => Some(
            lang.pick("已报结，待审核", "reported done, awaiting review")
                .into(),
        ),
        (Review::Confirmed(s), Lang::Zh) => Some(format!("已销号（{}）", s.by)),
        (Review::Confirmed(s), Lang::En) => Some(format!("struck off (by {})", s.by)),
        (Review::Returned { stamp, reason }, Lang::Zh) => {
            Some(format!("退办（{}）：{reason}", stamp.by))
        }
        (Review::Returned { stamp, reason }, Lang::En) => {
            Some(format!("returned (by {}): {reason}", stamp.by))
        }
    }
}

/// The review state's stable key: `reported|confirmed|returned`, or empty.
pub fn review_key(r: &Review) -> &'static str {
    match r {
        Review::None => "",
        Review::Reported(_) => "reported",
        Review::Confirmed(_) => "confirmed",
        Review::Returned { .. } => "returned",
    }
}

/// The return reason (退办理由), if the entry was sent back.
pub fn return_reason(r: &Review) -> Option<&str> {
    match r {
        Review::Returned { reason, .. } => Some(reason),
        _ => None,
    }
}

/// 申请延期至 D（待审核）：reason / 已同意延期至 D / 未同意延期至 D：reason.
pub fn extension_text(x: &Extension, lang: Lang) -> String {
    let date = x.date;
    match (&x.decision, lang) {
        (Decision::Pending, Lang::Zh) => format!("申请延期至 {date}（待审核）：{}", x.reason),
        (Decision::Pending, Lang::En) => {
            format!("extension to {date} requested (pending): {}", x.reason)
        }
        (Decision::Approved(_), Lang::Zh) => format!("已同意延期至 {date}"),
        (Decision::Approved(_), Lang::En) => format!("extension to {date} approved"),
        (Decision::Rejected { reason, .. }, Lang::Zh) => {
            format!("未同意延期至 {date}：{reason}")
        }
        (Decision::Rejected { reason, .. }, Lang::En) => {
            format!("extension to {date} rejected: {reason}")
        }
    }
}

/// The extension to show: none when it is only the trace a meeting's
/// decision with a date leaves (recording one also writes an approved
/// extension to that date, stamped with the decision), which the decision
/// already says.
pub fn own_extension<'a>(
    x: Option<&'a Extension>,
    d: Option<&MeetingDecision>,
) -> Option<&'a Extension> {
    x.filter(|x| {
        !d.is_some_and(|d| {
            d.due == Some(x.date)
                && x.requested == d.stamp
                && matches!(&x.decision, Decision::Approved(s) if *s == d.stamp)
        })
    })
}

/// The review and extension in one line (the ledger's 审核 cell).
pub fn audit_text(r: &Review, x: Option<&Extension>, lang: Lang) -> String {
    let parts: Vec<String> = review_text(r, lang)
        .into_iter()
        .chain(x.map(|x| extension_text(x, lang)))
        .collect();
    parts.join(lang.pick("；", "; "))
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::progress::Stamp;
    use crate::progress::deadline::Source;

    fn stamp() -> Stamp {
        Stamp {
            by: "王主任".into(),
            at: Utc.with_ymd_and_hms(2022, 1, 10, 9, 0, 0).unwrap(),
        }
    }

    fn day(s: &str) -> NaiveDate {
        crate::date::parse(s).unwrap()
    }

    #[test]
    fn a_deadline_says_whose_date_it_is() {
        let d = Deadline {
            date: day("2022-01-31"),
            source: Source::Decision,
            requested: None,
        };
        assert_eq!(deadline_text(Some(&d), Lang::Zh), "2022-01-31（调度会定）");
        assert_eq!(deadline_text(None, Lang::Zh), "未明确时限");
    }

    #[test]
    fn a_decision_date_is_the_meetings_not_a_promise() {
        let d = MeetingDecision {
            meeting: "2022年1月调度会".into(),
            opinion: "限期完成".into(),
            due: Some(day("2022-01-31")),
            stamp: stamp(),
        };
        let t = decision_text(&d, Lang::Zh);
        assert_eq!(t, "2022年1月调度会：限期完成；调度会定时限 2022-01-31");
        assert!(!t.contains("承诺"));
    }

    #[test]
    fn review_and_extension_words() {
        let back = Review::Returned {
            stamp: stamp(),
            reason: "佐证材料不全".into(),
        };
        assert_eq!(
            review_text(&back, Lang::Zh).unwrap(),
            "退办（王主任）：佐证材料不全"
        );
        assert_eq!(return_reason(&back), Some("佐证材料不全"));
        assert_eq!(review_key(&Review::Confirmed(stamp())), "confirmed");
        assert_eq!(review_text(&Review::None, Lang::Zh), None);
        let x = Extension {
            reason: "系统改造".into(),
            date: day("2022-03-31"),
            progress: String::new(),
            requested: stamp(),
            decision: Decision::Rejected {
                stamp: stamp(),
                reason: "无正当理由".into(),
            },
        };
        let d = MeetingDecision {
            meeting: "m".into(),
            opinion: "o".into(),
            due: Some(day("2022-03-31")),
            stamp: stamp(),
        };
        let echo = Extension {
            decision: Decision::Approved(stamp()),
            ..x.clone()
        };
        assert_eq!(own_extension(Some(&echo), Some(&d)), None);
        assert_eq!(own_extension(Some(&x), Some(&d)), Some(&x));
        assert_eq!(
            audit_text(&back, Some(&x), Lang::Zh),
            "退办（王主任）：佐证材料不全；未同意延期至 2022-03-31：无正当理由"
        );
    }
}
