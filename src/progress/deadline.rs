//! A department's effective deadline for a measure, and where it comes from.
//! One rule, read by every surface (README, "The obligation rule"):
//!
//! 1. The **authority date** is the latest authoritative act on the entry: a
//!    meeting's decision with a new date (调度会定) or an approved extension
//!    (延期), whichever was recorded last; without either, the plan's date.
//! 2. The department's **committed date** (承诺) binds when it is earlier than
//!    the authority date, or when there is no authority date at all. A
//!    committed date later than the authority date is a *request*, not a
//!    right: the authority date stands and the later date is reported as
//!    requested, until a coordinator approves an extension.
//! 3. With no date anywhere the measure is 未明确时限 for that department.
//!
//! A decision or an approved extension also writes its date into the
//! entry's `due`, so a `due` equal to that date is the authority's, not a
//! promise the department made.

use chrono::NaiveDate;

use super::model::{Decision, Entry};
use crate::lang::Lang;
use crate::plan::Measure;

/// Where an effective deadline comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// The plan's own date for the measure (计划时限).
    Plan,
    /// The department's committed date (承诺).
    Committed,
    /// An approved extension (延期).
    Extension,
    /// A meeting's decision (调度会定).
    Decision,
}

impl Source {
    /// The word shown next to the date.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Source::Plan => lang.pick("计划", "plan"),
            Source::Committed => lang.pick("承诺", "committed"),
            Source::Extension => lang.pick("延期", "extension"),
            Source::Decision => lang.pick("调度会定", "meeting decision"),
        }
    }

    /// The stable key written to JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Source::Plan => "plan",
            Source::Committed => "committed",
            Source::Extension => "extension",
            Source::Decision => "decision",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub date: NaiveDate,
    pub source: Source,
    /// A committed date later than `date`: asked for, not granted.
    pub requested: Option<NaiveDate>,
}

/// The effective deadline of one (measure, department), per the module rule.
pub fn deadline(m: &Measure, e: Option<&Entry>) -> Option<Deadline> {
    let decision = e
        .and_then(|e| e.decision.as_ref())
        .and_then(|d| d.due.map(|due| (due, d.stamp.at, Source::Decision)));
    let extension = e
        .and_then(|e| e.extension.as_ref())
        .and_then(|x| match &x.decision {
            Decision::Approved(s) => Some((x.date, s.at, Source::Extension)),
            _ => None,
        });
    let authority = match (decision, extension) {
        (Some(d), Some(x)) => Some(if x.1 > d.1 { x } else { d }),
        (d, x) => d.or(x),
    }
    .map(|(date, _, source)| (date, source))
    .or_else(|| m.due().map(|d| (d, Source::Plan)));
    // The authority's own date written into `due` is not a promise.
    let committed = e
        .and_then(|e| e.due)
        .filter(|c| authority.is_none_or(|(a, s)| s == Source::Plan || *c != a));
    match (authority, committed) {
        (Some((a, _)), Some(c)) if c < a => Some(Deadline {
            date: c,
            source: Source::Committed,
            requested: None,
        }),
        (Some((a, source)), c) => Some(Deadline {
            date: a,
            source,
            requested: c.filter(|c| *c > a),
        }),
        (None, Some(c)) => Some(Deadline {
            date: c,
            source: Source::Committed,
            requested: None,
        }),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::progress::model::{Extension, MeetingDecision, Stamp};

    fn day(s: &str) -> NaiveDate {
        crate::date::parse(s).unwrap()
    }

    fn at(s: &str) -> Stamp {
        Stamp {
            by: "王".into(),
            at: DateTime::parse_from_rfc3339(&format!("{s}T09:00:00Z"))
                .unwrap()
                .with_timezone(&Utc),
        }
    }

    fn measure(due: Option<&str>) -> Measure {
        Measure::sample_5_8(due.map(day))
    }

    fn decided(due: &str, on: &str) -> MeetingDecision {
        MeetingDecision {
            meeting: "2022年1月调度会".into(),
            opinion: "限期完成".into(),
            due: Some(day(due)),
            stamp: at(on),
        }
    }

    fn extension(date: &str, decision: Decision) -> Extension {
        Extension {
            reason: "系统改造".into(),
            date: day(date),
            progress: String::new(),
            requested: at("2022-01-02"),
            decision,
        }
    }

    fn of(m: &Measure, e: &Entry) -> (NaiveDate, Source, Option<NaiveDate>) {
        let d = deadline(m, Some(e)).unwrap();
        (d.date, d.source, d.requested)
    }

    #[test]
    fn the_plan_date_without_anything_else() {
        let m = measure(Some("2021-12-31"));
        assert_eq!(
            of(&m, &Entry::default()),
            (day("2021-12-31"), Source::Plan, None)
        );
        assert_eq!(deadline(&m, None).unwrap().source, Source::Plan);
    }

    #[test]
    fn an_earlier_promise_binds_a_later_one_is_only_a_request() {
        let m = measure(Some("2021-12-31"));
        let early = Entry {
            due: Some(day("2021-11-30")),
            ..Entry::default()
        };
        assert_eq!(of(&m, &early), (day("2021-11-30"), Source::Committed, None));
        let late = Entry {
            due: Some(day("2022-03-31")),
            ..Entry::default()
        };
        assert_eq!(
            of(&m, &late),
            (day("2021-12-31"), Source::Plan, Some(day("2022-03-31")))
        );
    }

    #[test]
    fn without_a_plan_date_the_promise_is_the_deadline_and_nothing_is_undated() {
        let m = measure(None);
        let e = Entry {
            due: Some(day("2022-06-30")),
            ..Entry::default()
        };
        assert_eq!(of(&m, &e), (day("2022-06-30"), Source::Committed, None));
        assert_eq!(deadline(&m, Some(&Entry::default())), None);
    }

    #[test]
    fn a_meeting_decision_moves_the_deadline_and_is_not_a_promise() {
        let m = measure(Some("2021-12-31"));
        // The decision wrote its date into `due`, as the store does.
        let e = Entry {
            due: Some(day("2022-01-31")),
            decision: Some(decided("2022-01-31", "2022-01-10")),
            ..Entry::default()
        };
        assert_eq!(of(&m, &e), (day("2022-01-31"), Source::Decision, None));
        // A decision without a date leaves the deadline where it was.
        let mut no_date = e.clone();
        no_date.decision.as_mut().unwrap().due = None;
        no_date.due = None;
        assert_eq!(of(&m, &no_date).1, Source::Plan);
    }

    #[test]
    fn an_approved_extension_counts_a_pending_or_rejected_one_does_not() {
        let m = measure(Some("2021-12-31"));
        let approved = Entry {
            due: Some(day("2022-02-28")),
            extension: Some(extension(
                "2022-02-28",
                Decision::Approved(at("2022-01-05")),
            )),
            ..Entry::default()
        };
        assert_eq!(
            of(&m, &approved),
            (day("2022-02-28"), Source::Extension, None)
        );
        let pending = Entry {
            extension: Some(extension("2022-02-28", Decision::Pending)),
            ..Entry::default()
        };
        assert_eq!(of(&m, &pending).1, Source::Plan);
        let rejected = Entry {
            extension: Some(extension(
                "2022-02-28",
                Decision::Rejected {
                    stamp: at("2022-01-05"),
                    reason: "无正当理由".into(),
                },
            )),
            ..Entry::default()
        };
        assert_eq!(of(&m, &rejected).1, Source::Plan);
    }

    #[test]
    fn the_later_of_a_decision_and_an_extension_wins() {
        let m = measure(Some("2021-12-31"));
        let mut e = Entry {
            decision: Some(decided("2022-01-31", "2022-01-10")),
            extension: Some(extension(
                "2022-02-28",
                Decision::Approved(at("2022-01-20")),
            )),
            ..Entry::default()
        };
        assert_eq!(of(&m, &e), (day("2022-02-28"), Source::Extension, None));
        e.decision = Some(decided("2022-01-31", "2022-01-25"));
        assert_eq!(of(&m, &e), (day("2022-01-31"), Source::Decision, None));
    }

    #[test]
    fn labels_and_keys() {
        assert_eq!(Source::Decision.label(Lang::Zh), "调度会定");
        assert_eq!(Source::Committed.label(Lang::En), "committed");
        assert_eq!(Source::Extension.key(), "extension");
    }
}
