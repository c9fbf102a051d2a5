//! A measure's overall state, derived from its departments' entries. Pure.
//!
//! The rule (also in the README):
//!
//! * Each department assigned to the measure (its leads and responsible
//!   departments) has a status: its entry's, or *not started* without one.
//! * The measure is **done** when every assigned department is done (a
//!   struck-off, 销号, entry counts as done; so does a reported one awaiting
//!   confirmation); else **blocked** when any department is blocked; else
//!   **in progress** when any department has started (in progress or done);
//!   else **not started**. A measure with no departments is not started.
//! * A department's **deadline** is its effective deadline
//!   ([`super::deadline`]): the latest meeting decision or approved
//!   extension, else the plan's date ([`Measure::due`]), with an earlier
//!   committed date (承诺) binding and a later one only a request.
//! * A department is **overdue** when it is not done and its deadline is
//!   before `today` (on the deadline day itself it is not yet late). The
//!   measure is overdue when it is not done and any department is overdue, or,
//!   with no departments, when the plan's due date has passed.
//! * The measure's `due` is the earliest deadline among departments not yet
//!   done (the plan's due date when there are none); `days_late` counts days
//!   from it to `today` when overdue, else 0.

use chrono::NaiveDate;

use super::deadline::Deadline;
use super::model::{Entry, Ledger, Status};
use crate::plan::Measure;

/// One department's part of a measure.
#[derive(Debug, Clone, PartialEq)]
pub struct DeptState {
    pub dept: String,
    /// True for the measure's lead departments (牵头部门).
    pub lead: bool,
    pub status: Status,
    /// The effective deadline with its source ([`super::deadline`]),
    /// derived once here for every surface that shows it.
    pub deadline: Option<Deadline>,
    pub overdue: bool,
    /// Struck off (销号) by a coordinator.
    pub confirmed: bool,
    /// Reported done, waiting for a coordinator.
    pub awaiting_confirmation: bool,
    pub extension_pending: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeasureState {
    pub status: Status,
    pub overdue: bool,
    pub due: Option<NaiveDate>,
    /// Days past `due` when overdue, else 0.
    pub days_late: i64,
    /// Every department done and each one struck off.
    pub confirmed: bool,
    /// In the measure's order: leads first.
    pub depts: Vec<DeptState>,
}

pub fn measure_state(m: &Measure, ledger: &Ledger, today: NaiveDate) -> MeasureState {
    let depts: Vec<DeptState> = m
        .departments()
        .into_iter()
        .map(|d| {
            let e = ledger.get(&m.id, d);
            let status = e.map_or(Status::NotStarted, |e| e.status);
            let deadline = super::deadline::deadline(m, e);
            DeptState {
                dept: d.to_string(),
                lead: m.lead.iter().any(|l| l == d),
                status,
                deadline,
                overdue: status != Status::Done && deadline.is_some_and(|x| x.date < today),
                confirmed: e.is_some_and(Entry::is_confirmed),
                awaiting_confirmation: e.is_some_and(|e| {
                    e.status == Status::Done && matches!(e.review, super::Review::Reported(_))
                }),
                extension_pending: e.is_some_and(|e| e.pending_extension().is_some()),
            }
        })
        .collect();
    let any = |s: Status| depts.iter().any(|d| d.status == s);
    let status = if depts.is_empty() {
        Status::NotStarted
    } else if depts.iter().all(|d| d.status == Status::Done) {
        Status::Done
    } else if any(Status::Blocked) {
        Status::Blocked
    } else if any(Status::InProgress) || any(Status::Done) {
        Status::InProgress
    } else {
        Status::NotStarted
    };
    let done = status == Status::Done;
    let open_deadline = depts
        .iter()
        .filter(|d| d.status != Status::Done)
        .filter_map(|d| d.deadline.map(|x| x.date))
        .min();
    let due = if depts.is_empty() {
        m.due()
    } else {
        open_deadline.or_else(|| {
            depts
                .iter()
                .filter_map(|d| d.deadline.map(|x| x.date))
                .min()
        })
    };
    let overdue = !done
        && if depts.is_empty() {
            m.due().is_some_and(|d| d < today)
        } else {
            depts.iter().any(|d| d.overdue)
        };
    let days_late = match (overdue, due) {
        (true, Some(d)) => (today - d).num_days().max(0),
        _ => 0,
    };
    MeasureState {
        status,
        overdue,
        due,
        days_late,
        confirmed: done && depts.iter().all(|d| d.confirmed),
        depts,
    }
}
