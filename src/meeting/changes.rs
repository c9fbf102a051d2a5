//! What changed since the last review: a pure diff of two snapshots.
//!
//! Compared per (measure, department): a department that became done is
//! *newly done*; one that became overdue is *newly overdue*; any other status
//! change is a *status move*; a note that differs and is not empty is a *new
//! note*; a decision that differs is a *new decision*. One pair can give
//! several changes (e.g. a status move and a new note). A measure the earlier
//! snapshot did not have counts as moved from not started. A committed date
//! that differs is a *date move*; from snapshot format 1 on, a target actual
//! that differs is an *actual change* and an extension request that is new
//! or newly decided is an *extension* (older snapshots did not record them,
//! so nothing is said about those against them). From format 2 on, an entry
//! newly struck off is a *confirmation* (销号) and one newly sent back a
//! *return* (退办) with its reason; against an older snapshot a return is
//! still told when a department that was done is returned now. A new
//! decision carries its opinion and the meeting's date (调度会定), a
//! rejected extension its reason.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::snapshot::{DeptSnap, Snapshot};
use crate::lang::Lang;
use crate::plan::Plan;
use crate::progress::{Decision, Extension, Review, Status};

/// Where an extension request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtState {
    Pending,
    Approved,
    Rejected,
}

impl ExtState {
    fn of(x: &Extension) -> Self {
        match x.decision {
            Decision::Pending => ExtState::Pending,
            Decision::Approved(_) => ExtState::Approved,
            Decision::Rejected { .. } => ExtState::Rejected,
        }
    }
}

fn date(d: Option<NaiveDate>, lang: Lang) -> String {
    d.map_or_else(|| lang.pick("无", "none").into(), |d| d.to_string())
}

fn value(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| v.to_string())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kind {
    NewlyDone {
        from: Status,
    },
    NewlyOverdue,
    /// No longer overdue without being done (a new date was promised).
    NoLongerOverdue,
    StatusMove {
        from: Status,
        to: Status,
    },
    NewNote {
        note: String,
    },
    NewDecision {
        meeting: String,
        opinion: String,
        /// The meeting's new date (调度会定), if it set one.
        #[serde(skip_serializing_if = "Option::is_none")]
        due: Option<NaiveDate>,
    },
    /// A coordinator sent the work back (退办).
    Returned {
        reason: String,
        by: String,
    },
    /// A coordinator struck the work off (销号).
    Confirmed {
        by: String,
    },
    /// The committed date (or the plan's deadline) moved.
    DateMoved {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
    /// A target's actual value changed. `label` is the key until
    /// [`name_targets`] puts the plan's label there.
    ActualChanged {
        target: String,
        label: String,
        from: Option<f64>,
        to: Option<f64>,
    },
    /// An extension request that is new, or was decided since.
    Extension {
        date: NaiveDate,
        reason: String,
        state: ExtState,
        /// Why a coordinator rejected it.
        #[serde(skip_serializing_if = "Option::is_none")]
        rejection: Option<String>,
    },
}

impl Kind {
    pub fn key(&self) -> &'static str {
        match self {
            Kind::NewlyDone { .. } => "newly_done",
            Kind::NewlyOverdue => "newly_overdue",
            Kind::NoLongerOverdue => "no_longer_overdue",
            Kind::StatusMove { .. } => "status_move",
            Kind::NewNote { .. } => "new_note",
            Kind::NewDecision { .. } => "new_decision",
            Kind::Returned { .. } => "returned",
            Kind::Confirmed { .. } => "confirmed",
            Kind::DateMoved { .. } => "date_moved",
            Kind::ActualChanged { .. } => "actual_changed",
            Kind::Extension { .. } => "extension",
        }
    }

    pub fn text(&self, lang: Lang) -> String {
        let status = |s: &Status| s.label(lang);
        match (self, lang) {
            (Kind::NewlyDone { from }, Lang::Zh) => format!("新完成（原{}）", status(from)),
            (Kind::NewlyDone { from }, Lang::En) => format!("newly done (was {})", status(from)),
            (Kind::NewlyOverdue, _) => lang.pick("新增逾期", "newly overdue").into(),
            (Kind::NoLongerOverdue, _) => lang.pick("不再逾期", "no longer overdue").into(),
            (Kind::StatusMove { from, to }, _) => format!(
                "{} {} → {}",
                lang.pick("状态", "status"),
                status(from),
                status(to)
            ),
            (Kind::NewNote { note }, Lang::Zh) => format!("新备注：{note}"),
            (Kind::NewNote { note }, Lang::En) => format!("new note: {note}"),
            (
                Kind::NewDecision {
                    meeting,
                    opinion,
                    due,
                },
                _,
            ) => {
                let mut s = match lang {
                    Lang::Zh => format!("督办意见（{meeting}）：{opinion}"),
                    Lang::En => format!("decision ({meeting}): {opinion}"),
                };
                if let Some(due) = due {
                    let src = crate::progress::deadline::Source::Decision.label(lang);
                    s.push_str(&match lang {
                        Lang::Zh => format!("；{src} {due}"),
                        Lang::En => format!("; {src}: due {due}"),
                    });
                }
                s
            }
            (Kind::Returned { reason, by }, Lang::Zh) => format!("退办（{by}）：{reason}"),
            (Kind::Returned { reason, by }, Lang::En) => {
                format!("returned (by {by}): {reason}")
            }
            (Kind::Confirmed { by }, Lang::Zh) => format!("已销号（{by}）"),
            (Kind::Confirmed { by }, Lang::En) => format!("struck off (by {by})"),
            (Kind::DateMoved { from, to }, _) => format!(
                "{} {} → {}",
                lang.pick("承诺时间", "committed date"),
                date(*from, lang),
                date(*to, lang)
            ),
            (
                Kind::ActualChanged {
                    label, from, to, ..
                },
                _,
            ) => format!("{label} {} → {}", value(*from), value(*to)),
            (
                Kind::Extension {
                    date,
                    reason,
                    state,
                    rejection,
                },
                _,
            ) => {
                let st = match state {
                    ExtState::Pending => lang.pick("申请延期", "extension requested"),
                    ExtState::Approved => lang.pick("已同意延期", "extension approved"),
                    ExtState::Rejected => lang.pick("未同意延期", "extension rejected"),
                };
                let mut s = match lang {
                    Lang::Zh => format!("{st}至 {date}：{reason}"),
                    Lang::En => format!("{st} to {date}: {reason}"),
                };
                if let Some(why) = rejection {
                    s.push_str(&match lang {
                        Lang::Zh => format!("；不同意理由：{why}"),
                        Lang::En => format!("; rejected because: {why}"),
                    });
                }
                s
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub chapter: u32,
    pub measure: String,
    pub dept: String,
    #[serde(flatten)]
    pub kind: Kind,
}

/// Changes from `before` to `after`, in plan order (then department order).
pub fn diff(before: &Snapshot, after: &Snapshot) -> Vec<Change> {
    let mut out = Vec::new();
    for m in &after.measures {
        let old_m = before.measure(&m.id);
        for d in &m.depts {
            let old = old_m.and_then(|om| om.dept(&d.dept));
            for kind in dept_changes(old, d, before.format) {
                out.push(Change {
                    chapter: m.chapter,
                    measure: m.id.clone(),
                    dept: d.dept.clone(),
                    kind,
                });
            }
        }
    }
    out
}

/// `format`: what the earlier snapshot recorded (see
/// [`super::snapshot::FORMAT`]).
fn dept_changes(old: Option<&DeptSnap>, new: &DeptSnap, format: u32) -> Vec<Kind> {
    let from = old.map_or(Status::NotStarted, |o| o.status);
    let was_overdue = old.is_some_and(|o| o.overdue);
    let mut out = Vec::new();
    if new.status != from {
        out.push(if new.status == Status::Done {
            Kind::NewlyDone { from }
        } else {
            Kind::StatusMove {
                from,
                to: new.status,
            }
        });
    }
    if let Some(o) = old
        && o.deadline != new.deadline
    {
        out.push(Kind::DateMoved {
            from: o.deadline,
            to: new.deadline,
        });
    }
    if new.overdue && !was_overdue {
        out.push(Kind::NewlyOverdue);
    } else if was_overdue && !new.overdue && new.status != Status::Done {
        out.push(Kind::NoLongerOverdue);
    }
    let old_note = old.map_or("", |o| o.note.as_str());
    if new.note != old_note && !new.note.trim().is_empty() {
        out.push(Kind::NewNote {
            note: new.note.clone(),
        });
    }
    if let Some(dec) = &new.decision
        && old.and_then(|o| o.decision.as_ref()) != Some(dec)
    {
        out.push(Kind::NewDecision {
            meeting: dec.meeting.clone(),
            opinion: dec.opinion.clone(),
            due: dec.due,
        });
    }
    let old_review = old.map(|o| &o.review);
    let review_moved = if format >= 2 {
        old_review != Some(&new.review)
    } else {
        // Without the earlier review state, a return is still plain: the
        // department was done then and is returned now.
        from == Status::Done && matches!(new.review, Review::Returned { .. })
    };
    if review_moved {
        match &new.review {
            Review::Returned { stamp, reason } => out.push(Kind::Returned {
                reason: reason.clone(),
                by: stamp.by.clone(),
            }),
            Review::Confirmed(stamp) => out.push(Kind::Confirmed {
                by: stamp.by.clone(),
            }),
            Review::None | Review::Reported(_) => {}
        }
    }
    if format < 1 {
        return out;
    }
    let empty = BTreeMap::new();
    let old_actuals = old.map_or(&empty, |o| &o.actuals);
    let keys: BTreeSet<&String> = old_actuals.keys().chain(new.actuals.keys()).collect();
    for k in keys {
        let (from, to) = (old_actuals.get(k).copied(), new.actuals.get(k).copied());
        if from != to {
            out.push(Kind::ActualChanged {
                target: k.clone(),
                label: k.clone(),
                from,
                to,
            });
        }
    }
    if let Some(x) = super::obligation::own_extension(new.extension.as_ref(), new.decision.as_ref())
        && old.and_then(|o| o.extension.as_ref()) != Some(x)
    {
        out.push(Kind::Extension {
            date: x.date,
            reason: x.reason.clone(),
            state: ExtState::of(x),
            rejection: match &x.decision {
                Decision::Rejected { reason, .. } => Some(reason.clone()),
                _ => None,
            },
        });
    }
    out
}

/// Puts each target's label from the plan in place of its key.
pub fn name_targets(changes: &mut [Change], plan: &Plan) {
    for c in changes {
        if let Kind::ActualChanged { target, label, .. } = &mut c.kind
            && let Some(t) = plan
                .measure(&c.measure)
                .and_then(|m| m.targets.iter().find(|t| &t.key == target))
        {
            *label = t.label.clone();
        }
    }
}

/// Counts of each kind, for headlines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub newly_done: usize,
    pub newly_overdue: usize,
    pub no_longer_overdue: usize,
    pub status_moves: usize,
    pub new_notes: usize,
    pub new_decisions: usize,
    pub returns: usize,
    pub confirmations: usize,
    pub date_moves: usize,
    pub actual_changes: usize,
    pub extensions: usize,
}

impl Tally {
    pub fn of<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Tally {
        let mut t = Tally::default();
        for c in changes {
            match c.kind {
                Kind::NewlyDone { .. } => t.newly_done += 1,
                Kind::NewlyOverdue => t.newly_overdue += 1,
                Kind::NoLongerOverdue => t.no_longer_overdue += 1,
                Kind::StatusMove { .. } => t.status_moves += 1,
                Kind::NewNote { .. } => t.new_notes += 1,
                Kind::NewDecision { .. } => t.new_decisions += 1,
                Kind::Returned { .. } => t.returns += 1,
                Kind::Confirmed { .. } => t.confirmations += 1,
                Kind::DateMoved { .. } => t.date_moves += 1,
                Kind::ActualChanged { .. } => t.actual_changes += 1,
                Kind::Extension { .. } => t.extensions += 1,
            }
        }
        t
    }

    pub fn total(&self) -> usize {
        self.newly_done
            + self.newly_overdue
            + self.no_longer_overdue
            + self.status_moves
            + self.new_notes
            + self.new_decisions
            + self.returns
            + self.confirmations
            + self.date_moves
            + self.actual_changes
            + self.extensions
    }

    /// Each count with its Chinese and English name, in headline order.
    pub fn parts(&self) -> [(&'static str, &'static str, usize); 11] {
        [
            ("新完成", "newly done", self.newly_done),
            ("新增逾期", "newly overdue", self.newly_overdue),
            ("不再逾期", "no longer overdue", self.no_longer_overdue),
            ("状态变化", "status moves", self.status_moves),
            ("时间变更", "date moves", self.date_moves),
            ("指标更新", "actuals", self.actual_changes),
            ("延期", "extensions", self.extensions),
            ("督办意见", "decisions", self.new_decisions),
            ("退办", "returns", self.returns),
            ("销号", "struck off", self.confirmations),
            ("新备注", "new notes", self.new_notes),
        ]
    }

    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "新完成 {}，新增逾期 {}，不再逾期 {}，状态变化 {}，新备注 {}，督办意见 {}，退办 {}，销号 {}，时间变更 {}，指标更新 {}，延期 {}",
                self.newly_done,
                self.newly_overdue,
                self.no_longer_overdue,
                self.status_moves,
                self.new_notes,
                self.new_decisions,
                self.returns,
                self.confirmations,
                self.date_moves,
                self.actual_changes,
                self.extensions
            ),
            Lang::En => format!(
                "newly done {}, newly overdue {}, no longer overdue {}, status moves {}, new notes {}, decisions {}, returns {}, struck off {}, date moves {}, actuals {}, extensions {}",
                self.newly_done,
                self.newly_overdue,
                self.no_longer_overdue,
                self.status_moves,
                self.new_notes,
                self.new_decisions,
                self.returns,
                self.confirmations,
                self.date_moves,
                self.actual_changes,
                self.extensions
            ),
        }
    }
}

/// Changes grouped by chapter number, chapters in order.
pub fn by_chapter(changes: &[Change]) -> BTreeMap<u32, Vec<&Change>> {
    let mut out: BTreeMap<u32, Vec<&Change>> = BTreeMap::new();
    for c in changes {
        out.entry(c.chapter).or_default().push(c);
    }
    out
}

/// Changes grouped by department id.
pub fn by_dept(changes: &[Change]) -> BTreeMap<&str, Vec<&Change>> {
    let mut out: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for c in changes {
        out.entry(c.dept.as_str()).or_default().push(c);
    }
    out
}

#[cfg(test)]
#[path = "changes_tests.rs"]
mod tests;
