//! What the board needs to know about progress, without knowing how it is
//! stored. [`LedgerProgress`] implements [`Progress`] over a loaded
//! [`Ledger`]; the runtime loads the ledger (I/O) and hands it over with
//! `ui::App::set_progress`. Without it every progress slot shows "—"
//! and every measure counts as not started.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::lang::Lang;
use crate::meeting::attention::{Needs, needs};
use crate::plan::Plan;
use crate::progress::DeptState;
use crate::progress::deadline::Deadline;
use crate::progress::{
    Extension, Key, Ledger, MeasureState, MeetingDecision, Review, Status, measure_state,
};

/// One department's standing on one measure, ready to show (the UI still
/// sanitises the text).
#[derive(Debug, Clone, PartialEq)]
pub struct DeptProgress {
    /// The status word in the UI language (未开始 / in progress …).
    pub status: String,
    /// The department's own status (not the measure's combined one).
    pub state: Status,
    pub done: bool,
    pub blocked: bool,
    pub overdue: bool,
    /// The department's committed date (承诺完成时间).
    pub committed: Option<NaiveDate>,
    pub note: Option<String>,
    /// The effective deadline and where it comes from (the obligation rule).
    pub deadline: Option<Deadline>,
    /// Days past `deadline` when overdue, else 0: counted from the date shown.
    pub days_late: i64,
    /// Reported, struck off (销号) or returned (退办) with its reason.
    pub review: Review,
    /// The latest meeting decision (督办意见).
    pub decision: Option<MeetingDecision>,
    /// The latest extension request, pending or decided.
    pub extension: Option<Extension>,
    /// When the department says the work was done (`done_on`).
    pub done_on: Option<NaiveDate>,
}

pub trait Progress {
    /// The measure's derived status.
    fn status(&self, measure: &str) -> Status;
    /// Share of the measure's departments that are done, `0.0..=1.0`;
    /// `None` when the measure has no departments.
    fn fraction(&self, measure: &str) -> Option<f64>;
    /// When the measure is due once committed dates and extensions count;
    /// `None` keeps the plan's date.
    fn due(&self, measure: &str) -> Option<NaiveDate>;
    /// One department's entry on one measure.
    fn dept(&self, measure: &str, dept: &str) -> Option<DeptProgress>;

    /// The stored entry, for the edit form to start from.
    fn entry(&self, _measure: &str, _dept: &str) -> Option<crate::progress::Entry> {
        None
    }

    /// The whole ledger shown, when there is one: a reload diffs against it.
    fn ledger(&self) -> Option<&Ledger> {
        None
    }

    /// What one (measure, department) needs from the department
    /// ([`crate::meeting::attention`]); nothing when progress cannot say.
    fn needs(&self, _measure: &str, _dept: &str, _due_soon_days: i64) -> Needs {
        Needs::default()
    }

    fn is_done(&self, measure: &str) -> bool {
        self.status(measure) == Status::Done
    }

    /// Progress files that could not be read, each said so a clerk can fix
    /// it (file, line, what to do). Their departments show no progress.
    fn problems(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Progress read from a ledger, with every measure's state derived once
/// (the rule lives in `progress::derive`).
pub struct LedgerProgress {
    ledger: Ledger,
    states: HashMap<String, MeasureState>,
    today: NaiveDate,
    lang: Lang,
}

impl LedgerProgress {
    pub fn new(plan: &Plan, ledger: Ledger, today: NaiveDate, lang: Lang) -> Self {
        let states = plan
            .measures()
            .map(|(_, m)| (m.id.clone(), measure_state(m, &ledger, today)))
            .collect();
        Self {
            ledger,
            states,
            today,
            lang,
        }
    }

    /// One department's derived part of a measure (its effective deadline
    /// included).
    fn dept_state(&self, measure: &str, dept: &str) -> Option<&DeptState> {
        self.states
            .get(measure)?
            .depts
            .iter()
            .find(|d| d.dept == dept)
    }

    fn label(&self, s: Status) -> String {
        s.label(self.lang).to_string()
    }
}

impl Progress for LedgerProgress {
    fn status(&self, measure: &str) -> Status {
        self.states
            .get(measure)
            .map_or(Status::NotStarted, |s| s.status)
    }

    fn fraction(&self, measure: &str) -> Option<f64> {
        let s = self.states.get(measure)?;
        let n = s.depts.len();
        let done = s.depts.iter().filter(|d| d.status == Status::Done).count();
        (n > 0).then(|| done as f64 / n as f64)
    }

    fn due(&self, measure: &str) -> Option<NaiveDate> {
        self.states.get(measure).and_then(|s| s.due)
    }

    fn entry(&self, measure: &str, dept: &str) -> Option<crate::progress::Entry> {
        self.ledger.get(measure, dept).cloned()
    }

    fn ledger(&self) -> Option<&Ledger> {
        Some(&self.ledger)
    }

    fn needs(&self, measure: &str, dept: &str, due_soon_days: i64) -> Needs {
        let key = Key::new(measure, dept);
        needs(
            dept,
            self.ledger.entries.get(&key),
            self.dept_state(measure, dept)
                .and_then(|d| d.deadline.as_ref()),
            self.today,
            due_soon_days,
        )
    }

    fn problems(&self) -> Vec<String> {
        self.ledger.problems.iter().map(|p| p.to_string()).collect()
    }

    fn dept(&self, measure: &str, dept: &str) -> Option<DeptProgress> {
        let st = self.dept_state(measure, dept)?;
        let entry = self.ledger.get(measure, dept);
        let deadline = st.deadline;
        let days_late = match (st.overdue, deadline) {
            (true, Some(d)) => (self.today - d.date).num_days().max(0),
            _ => 0,
        };
        Some(DeptProgress {
            status: self.label(st.status),
            state: st.status,
            done: st.status == Status::Done,
            blocked: st.status == Status::Blocked,
            overdue: st.overdue,
            committed: entry.and_then(|e| e.due),
            note: entry.map(|e| e.note.clone()).filter(|n| !n.is_empty()),
            deadline,
            days_late,
            review: entry.map(|e| e.review.clone()).unwrap_or_default(),
            decision: entry.and_then(|e| e.decision.clone()),
            // A meeting's decision with a date also writes an approved
            // extension; the decision line already says it.
            extension: entry.and_then(|e| {
                crate::meeting::obligation::own_extension(e.extension.as_ref(), e.decision.as_ref())
                    .cloned()
            }),
            done_on: entry.and_then(|e| e.done_on),
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::progress::{Decision, Entry, MeetingDecision, Stamp};

    /// A decision with a date leaves an approved extension behind; the
    /// detail shows the decision once, and a done entry its own date.
    #[test]
    fn the_detail_shows_a_decision_once_and_when_work_was_done() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/board");
        let plan = crate::plan::load_dir(&dir).unwrap();
        let day = |s: &str| crate::date::parse(s).unwrap();
        let stamp = Stamp {
            by: "王主任".into(),
            at: DateTime::parse_from_rfc3339("2022-01-10T09:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        };
        let mut ledger = Ledger::default();
        ledger.entries.insert(
            Key::new("1.1", "tax"),
            Entry {
                due: Some(day("2022-01-31")),
                decision: Some(MeetingDecision {
                    meeting: "2022年1月调度会".into(),
                    opinion: "限期完成".into(),
                    due: Some(day("2022-01-31")),
                    stamp: stamp.clone(),
                }),
                extension: Some(Extension {
                    reason: "2022年1月调度会：限期完成".into(),
                    date: day("2022-01-31"),
                    progress: String::new(),
                    requested: stamp.clone(),
                    decision: Decision::Approved(stamp),
                }),
                ..Entry::default()
            },
        );
        ledger.entries.insert(
            Key::new("1.1", "market"),
            Entry {
                status: Status::Done,
                done_on: Some(day("2021-12-28")),
                ..Entry::default()
            },
        );
        let p = LedgerProgress::new(&plan, ledger, day("2022-02-20"), Lang::Zh);
        let tax = p.dept("1.1", "tax").unwrap();
        assert!(tax.decision.is_some());
        assert_eq!(
            tax.extension, None,
            "the decision's trace is not a second extension"
        );
        assert_eq!(
            tax.deadline.map(|d| d.source),
            Some(crate::progress::deadline::Source::Decision)
        );
        assert_eq!(tax.days_late, 20);
        let market = p.dept("1.1", "market").unwrap();
        assert_eq!(market.done_on, Some(day("2021-12-28")));
    }
}
