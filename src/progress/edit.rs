//! User actions on the ledger and the pure function that applies them.
//!
//! [`apply`] checks the edit against the plan and the actor's rights, changes
//! one entry and returns the field-level [`Change`]s (from → to). It does no
//! I/O and reads no clock: the store calls it on the state it re-read under
//! the lock, which is what makes concurrent saves merge per field.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::model::{
    Decision, Entry, Extension, Key, Ledger, MeetingDecision, Review, Stamp, Status, Step,
};
use crate::plan::Plan;

// The field-level view moved to its own module; these names stay reachable
// here because the history, the store and the board call them `edit::…`.
pub use super::field::{Change, Field, diff, get_field, set_field};

/// Who is acting. A department edits its own entries; a coordinator (督办
/// 人员, listed in `config.ron` or given by `--coordinator`) may edit any
/// department's entries and alone may confirm, return and decide extensions.
pub mod bounds;
mod refusal;
pub use refusal::EditError;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    Dept(String),
    Coordinator(String),
}

impl Who {
    /// The department id or the coordinator's name, as written in stamps and history.
    pub fn name(&self) -> &str {
        match self {
            Who::Dept(d) | Who::Coordinator(d) => d,
        }
    }

    pub fn is_coordinator(&self) -> bool {
        matches!(self, Who::Coordinator(_))
    }

    fn stamp(&self, now: DateTime<Utc>) -> Stamp {
        Stamp {
            by: self.name().to_string(),
            at: now,
        }
    }
}

impl fmt::Display for Who {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Who::Dept(d) => write!(f, "department {d}"),
            Who::Coordinator(c) => write!(f, "coordinator {c}"),
        }
    }
}

/// One user action. Each variant is one thing a person does in the board or
/// on the command line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Setting `Done` reports the work done (报结) and awaits confirmation;
    /// leaving `Done` withdraws the report and clears `done_on`. A struck-off
    /// entry can only be reopened by a coordinator. Setting `Done` on an
    /// entry not yet done records `done_on` as the save's local date; a
    /// caller with an as-of date or the department's own date uses
    /// [`Op::ReportDoneOn`] or [`Op::SetDoneOn`].
    SetStatus(Status),
    /// Reports the work done (as `SetStatus(Done)`) finished on this date
    /// when the entry is not done yet; an entry already done keeps its
    /// `done_on`. What `duban set --status done` sends with the as-of date.
    ReportDoneOn(NaiveDate),
    /// The work was finished on this date (实际完成时间): reports it done
    /// when it is not yet, and replaces any earlier `done_on`.
    SetDoneOn(NaiveDate),
    /// The committed date (承诺完成时间); `None` clears it.
    SetDue(Option<NaiveDate>),
    /// Actual value of a target; the key must be one of the measure's `Target.key`s.
    SetActual {
        key: String,
        value: f64,
    },
    ClearActual {
        key: String,
    },
    SetNote(String),
    AddStep {
        text: String,
        date: Option<NaiveDate>,
    },
    SetStepText {
        id: u32,
        text: String,
    },
    SetStepStatus {
        id: u32,
        status: Status,
    },
    SetStepDate {
        id: u32,
        date: Option<NaiveDate>,
    },
    RemoveStep {
        id: u32,
    },
    /// Same as `SetStatus(Done)`, named for the lifecycle.
    ReportDone,
    /// Coordinator: strike off (销号) a reported entry.
    Confirm,
    /// Coordinator: return (退办) a reported or struck-off entry; it goes back to in progress.
    Return {
        reason: String,
    },
    /// 延期申请: replaces any earlier request.
    RequestExtension {
        reason: String,
        date: NaiveDate,
        progress: String,
    },
    /// Coordinator: the proposed date becomes the committed date.
    ApproveExtension,
    /// Coordinator.
    RejectExtension {
        reason: String,
    },
    /// Coordinator, in a meeting (调度会): the decision (督办意见) and, when
    /// given, a new promised date, which becomes the committed date and an
    /// approved extension (so it replaces the plan's date).
    MeetingDecision {
        meeting: String,
        opinion: String,
        due: Option<NaiveDate>,
    },
}

impl Op {
    /// The snake_case name recorded in the history.
    pub fn name(&self) -> &'static str {
        match self {
            Op::SetStatus(_) => "set_status",
            Op::ReportDoneOn(_) => "report_done",
            Op::SetDoneOn(_) => "set_done_on",
            Op::SetDue(_) => "set_due",
            Op::SetActual { .. } => "set_actual",
            Op::ClearActual { .. } => "clear_actual",
            Op::SetNote(_) => "set_note",
            Op::AddStep { .. } => "add_step",
            Op::SetStepText { .. } => "set_step_text",
            Op::SetStepStatus { .. } => "set_step_status",
            Op::SetStepDate { .. } => "set_step_date",
            Op::RemoveStep { .. } => "remove_step",
            Op::ReportDone => "report_done",
            Op::Confirm => "confirm",
            Op::Return { .. } => "return",
            Op::RequestExtension { .. } => "request_extension",
            Op::ApproveExtension => "approve_extension",
            Op::RejectExtension { .. } => "reject_extension",
            Op::MeetingDecision { .. } => "meeting_decision",
        }
    }

    fn coordinator_only(&self) -> bool {
        matches!(
            self,
            Op::Confirm
                | Op::Return { .. }
                | Op::ApproveExtension
                | Op::RejectExtension { .. }
                | Op::MeetingDecision { .. }
        )
    }
}

/// An action on the entry of one (measure, department).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    pub measure: String,
    pub dept: String,
    pub op: Op,
}

impl Edit {
    pub fn new(measure: impl Into<String>, dept: impl Into<String>, op: Op) -> Self {
        Edit {
            measure: measure.into(),
            dept: dept.into(),
            op,
        }
    }

    pub fn key(&self) -> Key {
        Key::new(&self.measure, &self.dept)
    }
}

/// Checks that the edit names a measure and department of the plan, that the
/// department is assigned to the measure, and that `who` may act on it.
pub fn check(plan: &Plan, edit: &Edit, who: &Who) -> Result<(), EditError> {
    let Some(m) = plan.measure(&edit.measure) else {
        let ids: Vec<&str> = plan.measures().map(|(_, m)| m.id.as_str()).collect();
        return Err(EditError::UnknownMeasure {
            id: edit.measure.clone(),
            hint: crate::plan::validate::nearest(&edit.measure, &ids).map(str::to_string),
        });
    };
    if plan.department(&edit.dept).is_none() {
        let ids: Vec<&str> = plan.departments.iter().map(|d| d.id.as_str()).collect();
        return Err(EditError::UnknownDept {
            id: edit.dept.clone(),
            hint: crate::plan::validate::nearest(&edit.dept, &ids).map(str::to_string),
        });
    }
    let assigned = m.departments();
    if !assigned.contains(&edit.dept.as_str()) {
        return Err(EditError::NotAssigned {
            measure: m.id.clone(),
            dept: edit.dept.clone(),
            assigned: assigned.iter().map(|s| s.to_string()).collect(),
        });
    }
    match who {
        Who::Dept(d) if *d != edit.dept => Err(EditError::OtherDept {
            who: who.to_string(),
            dept: edit.dept.clone(),
        }),
        Who::Dept(_) if edit.op.coordinator_only() => Err(EditError::CoordinatorOnly {
            what: match edit.op {
                Op::Confirm => "confirm (销号) a measure",
                Op::Return { .. } => "return (退办) a measure",
                Op::MeetingDecision { .. } => "record a meeting decision (督办意见)",
                _ => "decide an extension request",
            },
        }),
        _ => Ok(()),
    }
}

/// Applies one edit to the ledger. Returns the fields that changed (empty when
/// the edit changes nothing, in which case the entry's stamp is left alone).
pub fn apply(
    plan: &Plan,
    ledger: &mut Ledger,
    edit: &Edit,
    who: &Who,
    now: DateTime<Utc>,
) -> Result<Vec<Change>, EditError> {
    check(plan, edit, who)?;
    bounds::check_op(&edit.op)?;
    if let Op::SetActual { key, value } = &edit.op {
        let m = plan.measure(&edit.measure).expect("checked");
        if !m.targets.iter().any(|t| t.key == *key) {
            let known: Vec<&str> = m.targets.iter().map(|t| t.key.as_str()).collect();
            return Err(EditError::UnknownTarget {
                measure: m.id.clone(),
                key: key.clone(),
                hint: crate::plan::validate::nearest(key, &known).map(str::to_string),
                known: known.iter().map(|s| s.to_string()).collect(),
            });
        }
        if !value.is_finite() {
            return Err(EditError::Invalid(format!(
                "{value} is not a finite number"
            )));
        }
    }
    let key = edit.key();
    let old = ledger.entries.get(&key).cloned().unwrap_or_default();
    let mut new = old.clone();
    op_on_entry(&mut new, edit, who, now)?;
    if matches!(edit.op, Op::AddStep { .. }) {
        bounds::check_steps(&new)?;
    }
    let changes = diff(&key, &old, &new);
    if !changes.is_empty() {
        new.updated = Some(who.stamp(now));
        ledger.entries.insert(key.clone(), new);
        ledger.orphans.remove(&key);
    }
    Ok(changes)
}

fn op_on_entry(e: &mut Entry, edit: &Edit, who: &Who, now: DateTime<Utc>) -> Result<(), EditError> {
    let measure = &edit.measure;
    let dept = &edit.dept;
    let stamp = who.stamp(now);
    if let Review::Confirmed(s) = &e.review
        && !who.is_coordinator()
    {
        return Err(EditError::Confirmed {
            measure: measure.clone(),
            by: s.by.clone(),
        });
    }
    let nonempty = |s: &str, what: &str| {
        if s.trim().is_empty() {
            Err(EditError::Invalid(format!("{what} must not be empty")))
        } else {
            Ok(s.trim().to_string())
        }
    };
    let step_mut = |e: &mut Entry, id: u32| -> Result<usize, EditError> {
        e.steps
            .iter()
            .position(|s| s.id == id)
            .ok_or(EditError::UnknownStep {
                measure: measure.clone(),
                dept: dept.clone(),
                id,
            })
    };
    match &edit.op {
        Op::SetStatus(Status::Done) | Op::ReportDone => {
            let today = now.with_timezone(&chrono::Local).date_naive();
            report_done(e, stamp, Some(today));
        }
        Op::ReportDoneOn(d) => report_done(e, stamp, Some(*d)),
        Op::SetDoneOn(d) => {
            report_done(e, stamp, None);
            e.done_on = Some(*d);
        }
        Op::SetStatus(s) => {
            e.status = *s;
            e.done_on = None;
            if matches!(e.review, Review::Reported(_) | Review::Confirmed(_)) {
                e.review = Review::None;
            }
        }
        Op::SetDue(d) => e.due = *d,
        Op::SetActual { key, value } => {
            e.actuals.insert(key.clone(), *value);
        }
        Op::ClearActual { key } => {
            e.actuals.remove(key);
        }
        Op::SetNote(n) => e.note = n.clone(),
        Op::AddStep { text, date } => {
            let id = e.steps.iter().map(|s| s.id).max().unwrap_or(0) + 1;
            e.steps.push(Step {
                id,
                text: nonempty(text, "a step's text")?,
                status: Status::NotStarted,
                date: *date,
            });
        }
        Op::SetStepText { id, text } => {
            let i = step_mut(e, *id)?;
            e.steps[i].text = nonempty(text, "a step's text")?;
        }
        Op::SetStepStatus { id, status } => {
            let i = step_mut(e, *id)?;
            e.steps[i].status = *status;
        }
        Op::SetStepDate { id, date } => {
            let i = step_mut(e, *id)?;
            e.steps[i].date = *date;
        }
        Op::RemoveStep { id } => {
            let i = step_mut(e, *id)?;
            e.steps.remove(i);
        }
        Op::Confirm => {
            if e.status != Status::Done {
                return Err(EditError::NotReported {
                    measure: measure.clone(),
                    dept: dept.clone(),
                    what: "confirmed (销号)",
                });
            }
            if !e.is_confirmed() {
                e.review = Review::Confirmed(stamp);
            }
        }
        Op::Return { reason } => {
            let reason = nonempty(reason, "the reason for returning (退办理由)")?;
            if e.status != Status::Done {
                return Err(EditError::NotReported {
                    measure: measure.clone(),
                    dept: dept.clone(),
                    what: "returned (退办)",
                });
            }
            e.status = Status::InProgress;
            e.done_on = None;
            e.review = Review::Returned { stamp, reason };
        }
        Op::RequestExtension {
            reason,
            date,
            progress,
        } => {
            e.extension = Some(Extension {
                reason: nonempty(reason, "the reason for an extension (延期理由)")?,
                date: *date,
                progress: progress.trim().to_string(),
                requested: stamp,
                decision: Decision::Pending,
            });
        }
        Op::ApproveExtension | Op::RejectExtension { .. } => {
            let Some(x) = e
                .extension
                .as_mut()
                .filter(|x| x.decision == Decision::Pending)
            else {
                return Err(EditError::NoPendingExtension {
                    measure: measure.clone(),
                    dept: dept.clone(),
                });
            };
            if let Op::RejectExtension { reason } = &edit.op {
                x.decision = Decision::Rejected {
                    stamp,
                    reason: nonempty(reason, "the reason for rejecting (不予延期理由)")?,
                };
            } else {
                x.decision = Decision::Approved(stamp);
                e.due = Some(x.date);
            }
        }
        Op::MeetingDecision {
            meeting,
            opinion,
            due,
        } => {
            let meeting = nonempty(meeting, "the meeting's name")?;
            let opinion = nonempty(opinion, "the decision (督办意见)")?;
            // A date the meeting grants is an approved extension: it replaces
            // the plan's date for this department (see `derive`).
            if let Some(date) = *due {
                e.due = Some(date);
                e.extension = Some(Extension {
                    reason: format!("{meeting}：{opinion}"),
                    date,
                    progress: String::new(),
                    requested: stamp.clone(),
                    decision: Decision::Approved(stamp.clone()),
                });
            }
            e.decision = Some(MeetingDecision {
                meeting,
                opinion,
                due: *due,
                stamp,
            });
        }
    }
    Ok(())
}

/// Marks the entry done and reported (报结) unless it already is; an entry
/// that was not done gets `done_on` = `on`, one already done keeps its date
/// (or gets `on` when it had none, as entries from before `done_on` do).
fn report_done(e: &mut Entry, stamp: Stamp, on: Option<NaiveDate>) {
    let was_done = e.status == Status::Done;
    e.status = Status::Done;
    if !was_done || e.done_on.is_none() {
        e.done_on = on.or(e.done_on);
    }
    if !matches!(e.review, Review::Reported(_) | Review::Confirmed(_)) {
        e.review = Review::Reported(stamp);
    }
}

/// Why a completion date cannot be recorded as of `as_of`, if it cannot:
/// work is never finished after the date the report is made as of.
pub fn done_on_refusal(done_on: NaiveDate, as_of: NaiveDate) -> Option<String> {
    (done_on > as_of).then(|| {
        format!(
            "the completion date {done_on} is later than the as-of date {as_of}: \
             work cannot be reported finished on a day that has not come yet"
        )
    })
}
