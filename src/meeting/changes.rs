//! What changed since the last review: a pure diff of two snapshots.
//!
//! Compared per (measure, department): a department that became done is
//! *newly done*; one that became overdue is *newly overdue*; any other status
//! change is a *status move*; a note that differs and is not empty is a *new
//! note*; a decision that differs is a *new decision*. One pair can give
//! several changes (e.g. a status move and a new note). A measure the earlier
//! snapshot did not have counts as moved from not started.

use std::collections::BTreeMap;

use serde::Serialize;

use super::snapshot::{DeptSnap, Snapshot};
use crate::progress::Status;

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
        }
    }

    pub fn text_zh(&self) -> String {
        match self {
            Kind::NewlyDone { from } => format!("新完成（原{}）", from.label_zh()),
            Kind::NewlyOverdue => "新增逾期".into(),
            Kind::NoLongerOverdue => "不再逾期".into(),
            Kind::StatusMove { from, to } => {
                format!("状态 {} → {}", from.label_zh(), to.label_zh())
            }
            Kind::NewNote { note } => format!("新备注：{note}"),
            Kind::NewDecision { meeting, opinion } => format!("督办意见（{meeting}）：{opinion}"),
        }
    }

    pub fn text_en(&self) -> String {
        match self {
            Kind::NewlyDone { from } => format!("newly done (was {})", from.label_en()),
            Kind::NewlyOverdue => "newly overdue".into(),
            Kind::NoLongerOverdue => "no longer overdue".into(),
            Kind::StatusMove { from, to } => {
                format!("status {} → {}", from.label_en(), to.label_en())
            }
            Kind::NewNote { note } => format!("new note: {note}"),
            Kind::NewDecision { meeting, opinion } => {
                format!("decision ({meeting}): {opinion}")
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
            for kind in dept_changes(old, d) {
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

fn dept_changes(old: Option<&DeptSnap>, new: &DeptSnap) -> Vec<Kind> {
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
    out
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
    }

    pub fn text_zh(&self) -> String {
        format!(
            "新完成 {}，新增逾期 {}，不再逾期 {}，状态变化 {}，新备注 {}，督办意见 {}",
            self.newly_done,
            self.newly_overdue,
            self.no_longer_overdue,
            self.status_moves,
            self.new_notes,
            self.new_decisions
        )
    }

    pub fn text_en(&self) -> String {
        format!(
            "newly done {}, newly overdue {}, no longer overdue {}, status moves {}, new notes {}, decisions {}",
            self.newly_done,
            self.newly_overdue,
            self.no_longer_overdue,
            self.status_moves,
            self.new_notes,
            self.new_decisions
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
}
