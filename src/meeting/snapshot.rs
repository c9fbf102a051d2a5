//! Review snapshots: what a meeting saw, frozen (`reviews/NNN.ron`).
//!
//! A snapshot holds the derived state of every (measure, department) as of
//! the meeting's date — status, deadline, overdue, note, decision — so the
//! next meeting can diff against it even if the plan changed since.
//! [`capture`] is pure; [`Reviews`] reads and writes the files.
//!
//! Files are numbered `001.ron`, `002.ron`, … A new one is written with
//! [`write_atomic`] in its [`Install::New`] way: a temp file, fsynced, then
//! *linked* (not renamed) to its number, which fails instead of overwriting
//! when another session took that number first; the next number is tried then.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::lights::{Light, LightCfg, dept_light};
use crate::plan::Plan;
use crate::progress::store::atomic::Step;
use crate::progress::{
    Extension, Install, Ledger, MeetingDecision, Review, Status, measure_state, write_atomic,
};

/// Where snapshots live inside the data dir.
pub const REVIEWS_DIR: &str = "reviews";
/// Snapshot files are refused above this size (a full plan is ~100 KB).
const MAX_BYTES: u64 = 16 * 1024 * 1024;
/// What a snapshot written now records. Format 1 added target actuals and
/// extension requests, format 2 the review state (报结 / 销号 / 退办); a
/// snapshot without `format` (0) did not record them, so a diff against it
/// must not read their absence as "none then".
pub const FORMAT: u32 = 2;

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Review", deny_unknown_fields)]
pub struct Snapshot {
    /// The meeting, e.g. "2021年12月调度会".
    pub name: String,
    /// The plan id the snapshot was taken of.
    pub plan: String,
    /// The as-of date (`--today`) overdue was judged against.
    pub as_of: NaiveDate,
    /// When it was marked, and by whom.
    pub taken: DateTime<Utc>,
    pub by: String,
    /// See [`FORMAT`].
    #[serde(default, skip_serializing_if = "is_zero")]
    pub format: u32,
    pub measures: Vec<MeasureSnap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureSnap {
    pub id: String,
    pub chapter: u32,
    pub status: Status,
    pub overdue: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    pub light: Light,
    pub depts: Vec<DeptSnap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeptSnap {
    pub dept: String,
    pub status: Status,
    pub overdue: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
    pub light: Light,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<MeetingDecision>,
    /// Actual values of the measure's targets, by key (format 1 on).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub actuals: BTreeMap<String, f64>,
    /// The latest extension request with its decision (format 1 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
    /// Reported, struck off (销号) or returned (退办) with its reason
    /// (format 2 on).
    #[serde(default, skip_serializing_if = "Review::is_none")]
    pub review: Review,
}

impl Snapshot {
    pub fn measure(&self, id: &str) -> Option<&MeasureSnap> {
        self.measures.iter().find(|m| m.id == id)
    }
}

impl MeasureSnap {
    pub fn dept(&self, id: &str) -> Option<&DeptSnap> {
        self.depts.iter().find(|d| d.dept == id)
    }
}

/// The state of the whole plan as of `today`. Pure.
pub fn capture(
    plan: &Plan,
    ledger: &Ledger,
    today: NaiveDate,
    cfg: LightCfg,
    name: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Snapshot {
    let measures = plan
        .measures()
        .map(|(c, m)| {
            let st = measure_state(m, ledger, today);
            let light =
                super::lights::measure_light(m, &st, ledger, plan.doc.issued, today, cfg).light;
            let depts = st
                .depts
                .iter()
                .map(|ds| {
                    let e = ledger.get(&m.id, &ds.dept);
                    DeptSnap {
                        dept: ds.dept.clone(),
                        status: ds.status,
                        overdue: ds.overdue,
                        deadline: ds.deadline,
                        light: dept_light(m, ds, e, plan.doc.issued, today, cfg).light,
                        note: e.map(|e| e.note.clone()).unwrap_or_default(),
                        decision: e.and_then(|e| e.decision.clone()),
                        actuals: e.map(|e| e.actuals.clone()).unwrap_or_default(),
                        extension: e.and_then(|e| e.extension.clone()),
                        review: e.map(|e| e.review.clone()).unwrap_or_default(),
                    }
                })
                .collect();
            MeasureSnap {
                id: m.id.clone(),
                chapter: c.number,
                status: st.status,
                overdue: st.overdue,
                due: st.due,
                light,
                depts,
            }
        })
        .collect();
    Snapshot {
        name: name.trim().to_string(),
        plan: plan.doc.id.clone(),
        as_of: today,
        taken: now,
        by: by.to_string(),
        format: FORMAT,
        measures,
    }
}

/// A stored snapshot: its number and file.
#[derive(Debug, Clone)]
pub struct Stored {
    pub number: u32,
    pub path: PathBuf,
    pub snapshot: Result<Snapshot, String>,
}

/// The `reviews/` dir of a data dir.
#[derive(Debug, Clone)]
pub struct Reviews {
    dir: PathBuf,
}

impl Reviews {
    pub fn open(data_dir: &Path) -> Self {
        Reviews {
            dir: data_dir.join(REVIEWS_DIR),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every snapshot file, oldest (lowest number) first. One that does not
    /// parse is listed with its error, never dropped or rewritten.
    pub fn list(&self) -> Result<Vec<Stored>, String> {
        let rd = match fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(format!("cannot read {}: {e}", self.dir.display())),
        };
        let mut out: Vec<Stored> = rd
            .flatten()
            .filter_map(|ent| {
                let name = ent.file_name().to_string_lossy().into_owned();
                let number: u32 = name.strip_suffix(".ron")?.parse().ok()?;
                let path = ent.path();
                let snapshot = read(&path);
                Some(Stored {
                    number,
                    path,
                    snapshot,
                })
            })
            .collect();
        out.sort_by_key(|s| s.number);
        Ok(out)
    }

    /// The latest snapshot that parses.
    pub fn latest(&self) -> Result<Option<(u32, Snapshot)>, String> {
        Ok(self
            .list()?
            .into_iter()
            .rev()
            .find_map(|s| s.snapshot.ok().map(|x| (s.number, x))))
    }

    /// A snapshot by number or by meeting name (the latest of that name).
    pub fn find(&self, which: &str) -> Result<(u32, Snapshot), String> {
        let all = self.list()?;
        let which = which.trim();
        let hit = if let Ok(n) = which.parse::<u32>() {
            all.into_iter().find(|s| s.number == n)
        } else {
            all.into_iter()
                .rev()
                .find(|s| s.snapshot.as_ref().is_ok_and(|x| x.name == which))
        };
        match hit {
            Some(s) => s.snapshot.map(|x| (s.number, x)),
            None => Err(format!(
                "no review {which:?} in {}; `duban review list` shows them",
                self.dir.display()
            )),
        }
    }

    /// Stores a snapshot under the next free number and returns it.
    pub fn save(&self, snap: &Snapshot) -> Result<(u32, PathBuf), String> {
        if snap.name.is_empty() {
            return Err("a review needs a name, e.g. \"2021年12月调度会\"".into());
        }
        let err =
            |what: &str, e: std::io::Error| format!("cannot {what} {}: {e}", self.dir.display());
        if !self.dir.is_dir() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&self.dir)
                .map_err(|e| err("create", e))?;
        }
        let body = render(snap);
        let mut n = self.list()?.last().map_or(1, |s| s.number + 1);
        loop {
            let path = self.dir.join(format!("{n:03}.ron"));
            match write_atomic(&path, body.as_bytes(), Install::New) {
                Ok(()) => return Ok((n, path)),
                Err(e)
                    if e.step == Step::Link
                        && e.error.kind() == std::io::ErrorKind::AlreadyExists =>
                {
                    n += 1
                }
                Err(e) => {
                    let what = match e.step {
                        Step::Fsync => "fsync in",
                        Step::SyncDir => "fsync",
                        _ => "write in",
                    };
                    return Err(err(what, e.error));
                }
            }
        }
    }
}

fn render(snap: &Snapshot) -> String {
    crate::progress::store::pretty_ron(
        snap,
        &format!(
            "duban review snapshot (调度会留档): {}. Written once; later meetings compare against it.",
            snap.name
        ),
    )
}

fn read(path: &Path) -> Result<Snapshot, String> {
    let meta = fs::symlink_metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{}: not a regular file", path.display()));
    }
    if meta.len() > MAX_BYTES {
        return Err(format!(
            "{}: too large ({} bytes)",
            path.display(),
            meta.len()
        ));
    }
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    ron::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: {}",
            path.display(),
            e.span.start.line,
            e.span.start.col,
            e.code
        )
    })
}
