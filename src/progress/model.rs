//! The department ledger (工作台账) as data: one [`Entry`] per (measure, department).
//!
//! Field names are the RON vocabulary of `<dept>.ron`, read and diffed by
//! people, so they are plain words. Every struct denies unknown fields: a
//! typo in a data file must be an error with a position, never a value that
//! silently disappears at the next save.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// Where a (measure, department) pair stands. The serde and CLI words are
/// `not_started | in_progress | done | blocked` (DESIGN §7).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    NotStarted,
    InProgress,
    Done,
    Blocked,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Done,
        Status::Blocked,
    ];

    /// The word used in files, JSON and on the command line.
    pub fn word(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Blocked => "blocked",
        }
    }

    /// 未开始 / 推进中 / 已完成 / 受阻
    /// The word shown to people: 未开始/推进中/已完成/受阻, or the English.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::NotStarted => lang.pick("未开始", "not started"),
            Status::InProgress => lang.pick("推进中", "in progress"),
            Status::Done => lang.pick("已完成", "done"),
            Status::Blocked => lang.pick("受阻", "blocked"),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// Accepts the English words (with `-`, `_` or a space), and the Chinese
/// labels plus the synonyms people type by hand (完成, 进行中, 阻塞 …).
impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_lowercase().replace(['-', ' '], "_");
        let st = match t.as_str() {
            "not_started" | "notstarted" | "todo" | "未开始" | "未启动" => Status::NotStarted,
            "in_progress" | "inprogress" | "started" | "doing" | "推进中" | "进行中"
            | "正在推进" | "已启动" => Status::InProgress,
            "done" | "finished" | "complete" | "completed" | "已完成" | "完成" | "已办结" => {
                Status::Done
            }
            "blocked" | "stuck" | "受阻" | "阻塞" | "滞后受阻" => Status::Blocked,
            _ => {
                return Err(format!(
                    "{s:?} is not a status; use not_started, in_progress, done or blocked (未开始/推进中/已完成/受阻)"
                ));
            }
        };
        Ok(st)
    }
}

/// The most sub-steps one entry holds: a department breaks its work into
/// a handful; the bound keeps a ledger under the readers' size limit (see
/// `progress::edit::bounds`).
pub const MAX_STEPS: usize = 30;

/// A sub-step (细化措施) a department breaks its work into.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable within the entry (max + 1 on add), so concurrent edits address
    /// the same step even when another session added one meanwhile.
    pub id: u32,
    pub text: String,
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

/// A signed, timed act (留痕): who did it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stamp {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// Where a department's "done" stands with the coordinators.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    /// Nothing reported (or the report was withdrawn).
    #[default]
    None,
    /// The department reported the work done (报结), awaiting a coordinator.
    Reported(Stamp),
    /// A coordinator struck it off (销号).
    Confirmed(Stamp),
    /// A coordinator sent it back (退办); the entry is in progress again.
    Returned { stamp: Stamp, reason: String },
}

impl Review {
    pub fn is_none(&self) -> bool {
        matches!(self, Review::None)
    }
}

/// A request to move the committed date (延期申请).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    pub reason: String,
    /// The date the department proposes.
    pub date: NaiveDate,
    /// Progress so far, in the department's words.
    pub progress: String,
    pub requested: Stamp,
    #[serde(default)]
    pub decision: Decision,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    #[default]
    Pending,
    /// Approved: `date` became the entry's `due`.
    Approved(Stamp),
    Rejected {
        stamp: Stamp,
        reason: String,
    },
}

/// A meeting's decision on an entry (督办意见), recorded by a coordinator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingDecision {
    /// The meeting, e.g. "2021年12月调度会".
    pub meeting: String,
    /// The decision as minuted (督办意见).
    pub opinion: String,
    /// The new promised date set with it, if any (it also became `due`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    pub stamp: Stamp,
}

/// One department's progress on one measure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    #[serde(default)]
    pub status: Status,
    /// The department's committed date (承诺完成时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// When the work was actually finished (实际完成时间), given by the
    /// department when it reports done; set only while `status` is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
    /// Actual values of the measure's numeric targets, by `Target.key`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub actuals: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// 细化措施, in id order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    #[serde(default, skip_serializing_if = "Review::is_none")]
    pub review: Review,
    /// The latest extension request, with its decision once made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
    /// The latest meeting decision (督办意见); earlier ones are in the history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<MeetingDecision>,
    /// Who saved the last change, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Stamp>,
}

impl Entry {
    /// Done counts a confirmed (销号) entry too.
    pub fn is_done(&self) -> bool {
        self.status == Status::Done
    }

    pub fn is_confirmed(&self) -> bool {
        matches!(self.review, Review::Confirmed(_))
    }

    /// A pending extension request, if any.
    pub fn pending_extension(&self) -> Option<&Extension> {
        self.extension
            .as_ref()
            .filter(|x| x.decision == Decision::Pending)
    }

    pub fn step(&self, id: u32) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }
}

/// Ledger key: which measure, which department.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub measure: String,
    pub dept: String,
}

impl Key {
    pub fn new(measure: impl Into<String>, dept: impl Into<String>) -> Self {
        Key {
            measure: measure.into(),
            dept: dept.into(),
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.measure, self.dept)
    }
}

/// Why an entry no longer fits the plan. Orphans are kept and shown, never dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Orphan {
    /// The plan has no measure with this id.
    UnknownMeasure,
    /// The plan has no department with this id.
    UnknownDept,
    /// Both exist, but the measure no longer assigns the department.
    NotAssigned,
}

/// Every entry of a data dir, as of one read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    pub entries: BTreeMap<Key, Entry>,
    /// Entries the current plan does not account for (computed at load).
    pub orphans: BTreeMap<Key, Orphan>,
    /// Department files that could not be read: those departments show no
    /// progress and cannot be saved until the file is fixed.
    pub problems: Vec<super::StoreError>,
}

impl Ledger {
    pub fn get(&self, measure: &str, dept: &str) -> Option<&Entry> {
        self.entries.get(&Key::new(measure, dept))
    }

    /// The entry, or the default (not started) when none was saved yet.
    pub fn entry_or_default(&self, measure: &str, dept: &str) -> Entry {
        self.get(measure, dept).cloned().unwrap_or_default()
    }

    /// Entries of one department, in measure order.
    pub fn dept_entries<'a>(&'a self, dept: &'a str) -> impl Iterator<Item = (&'a Key, &'a Entry)> {
        self.entries.iter().filter(move |(k, _)| k.dept == dept)
    }

    /// The department files that currently cannot be read, by department id.
    pub fn damaged_depts(&self) -> Vec<&str> {
        self.problems.iter().filter_map(|p| p.dept()).collect()
    }

    /// Recomputes `orphans` against a plan.
    pub fn classify(&mut self, plan: &crate::plan::Plan) {
        self.orphans.clear();
        let measures: std::collections::HashMap<&str, &crate::plan::Measure> =
            plan.measures().map(|(_, m)| (m.id.as_str(), m)).collect();
        let depts: std::collections::HashSet<&str> =
            plan.departments.iter().map(|d| d.id.as_str()).collect();
        for k in self.entries.keys() {
            let m = measures.get(k.measure.as_str());
            let d = depts.get(k.dept.as_str());
            let why = match (m, d) {
                (None, _) => Some(Orphan::UnknownMeasure),
                (_, None) => Some(Orphan::UnknownDept),
                (Some(m), Some(_)) if !m.departments().contains(&k.dept.as_str()) => {
                    Some(Orphan::NotAssigned)
                }
                _ => None,
            };
            if let Some(why) = why {
                self.orphans.insert(k.clone(), why);
            }
        }
    }
}

/// Natural order of measure ids: "2.10" after "2.9".
pub fn measure_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn parts(s: &str) -> Vec<(u64, &str)> {
        s.split('.')
            .map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p))
            .collect()
    }
    parts(a).cmp(&parts(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_parses_words_and_chinese() {
        for s in Status::ALL {
            assert_eq!(s.word().parse::<Status>().unwrap(), s);
            assert_eq!(s.label(Lang::Zh).parse::<Status>().unwrap(), s);
        }
        assert_eq!("In Progress".parse::<Status>().unwrap(), Status::InProgress);
        assert_eq!("完成".parse::<Status>().unwrap(), Status::Done);
        assert!("finito".parse::<Status>().is_err());
    }

    #[test]
    fn status_serde_words_match_cli_words() {
        for s in Status::ALL {
            assert_eq!(ron::to_string(&s).unwrap(), s.word());
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.word())
            );
        }
    }

    #[test]
    fn measure_ids_sort_naturally() {
        let mut v = vec!["2.10", "10.1", "2.9", "1.1"];
        v.sort_by(|a, b| measure_order(a, b));
        assert_eq!(v, ["1.1", "2.9", "2.10", "10.1"]);
    }
}
