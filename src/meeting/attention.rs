//! What needs a department's attention (待办), one (measure, department)
//! at a time. Pure. The rule (also in the README, "What a department sees"):
//!
//! * **returned** (退办): a coordinator returned the entry, and the
//!   department has not saved that entry since;
//! * **new decision** (新的督办意见): a meeting's decision was recorded on the
//!   entry, and the department has not saved that entry since;
//! * **overdue**: not done, and its effective deadline
//!   ([`crate::progress::deadline`]) is before the as-of date;
//! * **due soon**: not done, and due today or within `due_soon_days`.
//!
//! "Saved since" means the entry's last save (`updated`) is the
//! department's own and later than the return or the decision: "since it
//! last looked" is approximated by "not yet acted on", so a return or a
//! decision stays in the list until the department changes that entry.

use chrono::NaiveDate;

use crate::progress::deadline::Deadline;
use crate::progress::{Entry, Review, Stamp, Status};

/// Why one (measure, department) needs the department; several may hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    pub returned: bool,
    pub decision: bool,
    pub overdue: bool,
    pub due_soon: bool,
}

impl Needs {
    pub fn any(&self) -> bool {
        self.returned || self.decision || self.overdue || self.due_soon
    }
}

/// How many of a department's items need it, per reason (an item late and
/// with a new decision counts in both).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NeedCounts {
    pub returned: usize,
    pub decision: usize,
    pub overdue: usize,
    pub due_soon: usize,
    /// Items with any reason: the length of the department's to-do list.
    pub items: usize,
}

impl NeedCounts {
    pub fn add(&mut self, n: Needs) {
        self.returned += usize::from(n.returned);
        self.decision += usize::from(n.decision);
        self.overdue += usize::from(n.overdue);
        self.due_soon += usize::from(n.due_soon);
        self.items += usize::from(n.any());
    }
}

/// Whether `dept` saved the entry after the act stamped `act`.
fn acted_since(e: &Entry, dept: &str, act: &Stamp) -> bool {
    e.updated
        .as_ref()
        .is_some_and(|u| u.by == dept && u.at > act.at)
}

/// What one (measure, department) needs from the department `dept`, given
/// its entry and its effective deadline
/// ([`crate::progress::deadline::deadline`]).
pub fn needs(
    dept: &str,
    e: Option<&Entry>,
    due: Option<&Deadline>,
    today: NaiveDate,
    due_soon_days: i64,
) -> Needs {
    let done = e.is_some_and(|e| e.status == Status::Done);
    let days_left = due.filter(|_| !done).map(|d| (d.date - today).num_days());
    let returned = e.is_some_and(|e| match &e.review {
        Review::Returned { stamp, .. } => !acted_since(e, dept, stamp),
        _ => false,
    });
    let decision = e.is_some_and(|e| {
        e.decision
            .as_ref()
            .is_some_and(|d| !acted_since(e, dept, &d.stamp))
    });
    Needs {
        returned,
        decision,
        overdue: days_left.is_some_and(|d| d < 0),
        due_soon: days_left.is_some_and(|d| (0..=due_soon_days).contains(&d)),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::plan::Measure;
    use crate::progress::MeetingDecision;
    use crate::progress::deadline::deadline;

    fn day(s: &str) -> NaiveDate {
        crate::date::parse(s).unwrap()
    }

    fn at(by: &str, s: &str) -> Stamp {
        Stamp {
            by: by.into(),
            at: DateTime::parse_from_rfc3339(&format!("{s}T09:00:00Z"))
                .unwrap()
                .with_timezone(&Utc),
        }
    }

    fn measure(due: &str) -> Measure {
        Measure::sample_5_8(Some(day(due)))
    }

    const TODAY: &str = "2022-02-20";

    fn of(m: &Measure, e: &Entry) -> Needs {
        let due = deadline(m, Some(e));
        needs("tax", Some(e), due.as_ref(), day(TODAY), 7)
    }

    #[test]
    fn a_return_stays_until_the_department_saves_the_entry_after_it() {
        let m = measure("2022-06-30");
        let returned = at("王主任", "2022-02-01");
        let mut e = Entry {
            status: Status::InProgress,
            review: Review::Returned {
                stamp: returned.clone(),
                reason: "材料不全".into(),
            },
            updated: Some(returned),
            ..Entry::default()
        };
        assert_eq!(
            of(&m, &e),
            Needs {
                returned: true,
                ..Needs::default()
            }
        );
        // Someone else saving later does not count as the department acting.
        e.updated = Some(at("王主任", "2022-02-05"));
        assert!(of(&m, &e).returned);
        e.updated = Some(at("tax", "2022-02-06"));
        assert!(!of(&m, &e).any());
    }

    #[test]
    fn a_decision_stays_until_the_department_saves_after_it() {
        let m = measure("2021-12-31");
        let stamp = at("王主任", "2022-01-10");
        let mut e = Entry {
            status: Status::InProgress,
            due: Some(day("2022-01-31")),
            decision: Some(MeetingDecision {
                meeting: "2022年1月调度会".into(),
                opinion: "限期完成".into(),
                due: Some(day("2022-01-31")),
                stamp: stamp.clone(),
            }),
            updated: Some(at("tax", "2022-01-05")),
            ..Entry::default()
        };
        let n = of(&m, &e);
        // Late too: from the meeting's date, 2022-01-31.
        assert!(n.decision && n.overdue && !n.due_soon, "{n:?}");
        e.updated = Some(at("tax", "2022-01-11"));
        assert!(!of(&m, &e).decision);
    }

    #[test]
    fn overdue_and_due_soon_follow_the_effective_deadline_and_done_needs_nothing() {
        let soon = measure("2022-02-25");
        let e = Entry::default();
        assert_eq!(
            needs("tax", None, deadline(&soon, None).as_ref(), day(TODAY), 7),
            Needs {
                due_soon: true,
                ..Needs::default()
            }
        );
        assert!(!needs("tax", None, deadline(&soon, None).as_ref(), day(TODAY), 3).any());
        assert!(of(&measure("2022-02-20"), &e).due_soon, "today is due soon");
        assert!(of(&measure("2022-02-19"), &e).overdue);
        let done = Entry {
            status: Status::Done,
            ..Entry::default()
        };
        assert!(!of(&measure("2022-01-01"), &done).any());
    }

    #[test]
    fn counts_add_up_per_reason_and_per_item() {
        let mut c = NeedCounts::default();
        c.add(Needs {
            decision: true,
            overdue: true,
            ..Needs::default()
        });
        c.add(Needs::default());
        c.add(Needs {
            returned: true,
            ..Needs::default()
        });
        assert_eq!(
            c,
            NeedCounts {
                returned: 1,
                decision: 1,
                overdue: 1,
                due_soon: 0,
                items: 2
            }
        );
    }
}
