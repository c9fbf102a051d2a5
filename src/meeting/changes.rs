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
//! so nothing is said about those against them).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::snapshot::{DeptSnap, Snapshot};
use crate::lang::Lang;
use crate::plan::Plan;
use crate::progress::{Decision, Extension, Status};

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

fn date_zh(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "无".into(), |d| d.to_string())
}

fn date_en(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "none".into(), |d| d.to_string())
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
            Kind::DateMoved { .. } => "date_moved",
            Kind::ActualChanged { .. } => "actual_changed",
            Kind::Extension { .. } => "extension",
        }
    }

    pub fn text_zh(&self) -> String {
        match self {
            Kind::NewlyDone { from } => format!("新完成（原{}）", from.label(Lang::Zh)),
            Kind::NewlyOverdue => "新增逾期".into(),
            Kind::NoLongerOverdue => "不再逾期".into(),
            Kind::StatusMove { from, to } => {
                format!("状态 {} → {}", from.label(Lang::Zh), to.label(Lang::Zh))
            }
            Kind::NewNote { note } => format!("新备注：{note}"),
            Kind::NewDecision { meeting, opinion } => format!("督办意见（{meeting}）：{opinion}"),
            Kind::DateMoved { from, to } => {
                format!("承诺时间 {} → {}", date_zh(*from), date_zh(*to))
            }
            Kind::ActualChanged {
                label, from, to, ..
            } => format!("{label} {} → {}", value(*from), value(*to)),
            Kind::Extension {
                date,
                reason,
                state,
            } => {
                let st = match state {
                    ExtState::Pending => "申请延期",
                    ExtState::Approved => "已同意延期",
                    ExtState::Rejected => "未同意延期",
                };
                format!("{st}至 {date}：{reason}")
            }
        }
    }

    pub fn text_en(&self) -> String {
        match self {
            Kind::NewlyDone { from } => format!("newly done (was {})", from.label(Lang::En)),
            Kind::NewlyOverdue => "newly overdue".into(),
            Kind::NoLongerOverdue => "no longer overdue".into(),
            Kind::StatusMove { from, to } => {
                format!("status {} → {}", from.label(Lang::En), to.label(Lang::En))
            }
            Kind::NewNote { note } => format!("new note: {note}"),
            Kind::NewDecision { meeting, opinion } => {
                format!("decision ({meeting}): {opinion}")
            }
            Kind::DateMoved { from, to } => {
                format!("committed date {} → {}", date_en(*from), date_en(*to))
            }
            Kind::ActualChanged {
                label, from, to, ..
            } => format!("{label} {} → {}", value(*from), value(*to)),
            Kind::Extension {
                date,
                reason,
                state,
            } => {
                let st = match state {
                    ExtState::Pending => "extension requested",
                    ExtState::Approved => "extension approved",
                    ExtState::Rejected => "extension rejected",
                };
                format!("{st} to {date}: {reason}")
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
            for kind in dept_changes(old, d, before.format >= 1) {
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

/// `detail`: the earlier snapshot recorded actuals and extensions.
fn dept_changes(old: Option<&DeptSnap>, new: &DeptSnap, detail: bool) -> Vec<Kind> {
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
        });
    }
    if !detail {
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
    if let Some(x) = &new.extension
        && old.and_then(|o| o.extension.as_ref()) != Some(x)
    {
        out.push(Kind::Extension {
            date: x.date,
            reason: x.reason.clone(),
            state: ExtState::of(x),
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
            + self.date_moves
            + self.actual_changes
            + self.extensions
    }

    /// Each count with its Chinese and English name, in headline order.
    pub fn parts(&self) -> [(&'static str, &'static str, usize); 9] {
        [
            ("新完成", "newly done", self.newly_done),
            ("新增逾期", "newly overdue", self.newly_overdue),
            ("不再逾期", "no longer overdue", self.no_longer_overdue),
            ("状态变化", "status moves", self.status_moves),
            ("时间变更", "date moves", self.date_moves),
            ("指标更新", "actuals", self.actual_changes),
            ("延期", "extensions", self.extensions),
            ("督办意见", "decisions", self.new_decisions),
            ("新备注", "new notes", self.new_notes),
        ]
    }

    pub fn text_zh(&self) -> String {
        format!(
            "新完成 {}，新增逾期 {}，不再逾期 {}，状态变化 {}，新备注 {}，督办意见 {}，时间变更 {}，指标更新 {}，延期 {}",
            self.newly_done,
            self.newly_overdue,
            self.no_longer_overdue,
            self.status_moves,
            self.new_notes,
            self.new_decisions,
            self.date_moves,
            self.actual_changes,
            self.extensions
        )
    }

    pub fn text_en(&self) -> String {
        format!(
            "newly done {}, newly overdue {}, no longer overdue {}, status moves {}, new notes {}, decisions {}, date moves {}, actuals {}, extensions {}",
            self.newly_done,
            self.newly_overdue,
            self.no_longer_overdue,
            self.status_moves,
            self.new_notes,
            self.new_decisions,
            self.date_moves,
            self.actual_changes,
            self.extensions
        )
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
mod tests {
    use super::*;
    use crate::meeting::lights::Light;
    use crate::meeting::snapshot::MeasureSnap;
    use crate::progress::{MeetingDecision, Stamp};
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
        assert_eq!(got[0].kind.text_zh(), "承诺时间 无 → 2022-03-31");
        assert_eq!(got[1].kind.text_en(), "e_rate — → 99.5");
        assert_eq!(
            got[2].kind.text_zh(),
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
                state: ExtState::Approved
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
}
