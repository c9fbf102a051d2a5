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
    Extension, Install, Ledger, MeetingDecision, Review, Status, Store, Who, measure_state,
    write_atomic,
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
                        deadline: ds.deadline.map(|d| d.date),
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

/// Why a meeting's name cannot be marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameRefused {
    /// Empty, with control or invisible characters, or too long.
    Bad(String),
    /// A review is already stored under this name: a meeting is marked once,
    /// so "changes since the last review" means the same for everyone.
    Taken { number: u32, name: String },
}

impl std::fmt::Display for NameRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NameRefused::Bad(why) => f.write_str(why),
            NameRefused::Taken { number, name } => write!(
                f,
                "review {number:03} is already {name:?}; give this meeting another name (duban review list shows them)"
            ),
        }
    }
}

/// A meeting's name as it will be shown and compared: trimmed, printable,
/// short enough for a title line.
pub fn meeting_name(raw: &str) -> Result<String, NameRefused> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(NameRefused::Bad(
            "the meeting needs a name, e.g. \"2022年1月调度会\"".into(),
        ));
    }
    if name.chars().any(|c| c.is_control()) || crate::text::sanitize(name) != name {
        return Err(NameRefused::Bad(format!(
            "the meeting name {} holds control or invisible characters; type it plainly",
            crate::text::sanitize(name)
        )));
    }
    // The same bound a meeting decision's name meets (edit::bounds).
    let limit = crate::progress::edit::bounds::Text::Name.limit();
    if name.chars().count() > limit {
        return Err(NameRefused::Bad(format!(
            "the meeting name is over {limit} characters; shorten it"
        )));
    }
    Ok(name.to_string())
}

/// The name a new review may be marked under, given the reviews stored:
/// a valid name that no stored review carries yet. Pure; the CLI and the
/// board's mark job both ask here.
pub fn new_mark_name(stored: &[Stored], raw: &str) -> Result<String, NameRefused> {
    let name = meeting_name(raw)?;
    match stored
        .iter()
        .find(|s| s.snapshot.as_ref().is_ok_and(|x| x.name.trim() == name))
    {
        Some(s) => Err(NameRefused::Taken {
            number: s.number,
            name,
        }),
        None => Ok(name),
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
        self.refuse_link()?;
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
        // The data dir's lock, with the checks a save makes on who owns the
        // dir: a mark writes into it like any save.
        let data_dir = self.dir.parent().unwrap_or(Path::new("."));
        let _lock = Store::open(data_dir)
            .lock(&Who::Coordinator(snap.by.clone()))
            .map_err(|e| e.to_string())?;
        self.refuse_link()?;
        // The snapshot's own time: `meeting` reads no clock.
        self.sweep_stale_temps(std::time::SystemTime::from(snap.taken));
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

impl Reviews {
    /// `reviews/` as a link could point anywhere: it is neither read through
    /// nor written through.
    fn refuse_link(&self) -> Result<(), String> {
        match fs::symlink_metadata(&self.dir) {
            Ok(m) if m.file_type().is_symlink() => Err(format!(
                "{}: is a symbolic link; duban does not follow links in the data dir \
                 (reviews 是符号链接，duban 不跟随数据目录中的链接)\n  hint: replace the link with a directory",
                self.dir.display()
            )),
            _ => Ok(()),
        }
    }

    /// Removes temp files a mark killed before its rename left behind. Run
    /// under the lock; the age spares a temp a process without the lock
    /// (an older duban) may still be writing.
    fn sweep_stale_temps(&self, now: std::time::SystemTime) {
        let Ok(rd) = fs::read_dir(&self.dir) else {
            return;
        };
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !(name.starts_with('.') && name.contains(".tmp.")) {
                continue;
            }
            let stale = e
                .metadata()
                .ok()
                .filter(|m| m.is_file())
                .and_then(|m| m.modified().ok())
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age >= STALE_TEMP);
            if stale {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// How old a temp file in `reviews/` must be to be taken for a leftover.
pub const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(10 * 60);

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
    let bytes = crate::fsread::read_bounded(path, MAX_BYTES)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("{}: {e}", path.display()))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(number: u32, name: &str) -> Stored {
        let plan = crate::plan::load_embedded().unwrap();
        let now = DateTime::parse_from_rfc3339("2022-01-20T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let today = crate::date::parse("2022-01-20").unwrap();
        Stored {
            number,
            path: PathBuf::from(format!("reviews/{number:03}.ron")),
            snapshot: Ok(capture(
                &plan,
                &Ledger::default(),
                today,
                LightCfg::default(),
                name,
                "王主任",
                now,
            )),
        }
    }

    #[test]
    fn a_name_already_marked_is_refused_with_that_reviews_number() {
        let all = [stored(1, "2021年12月调度会"), stored(2, "2022年1月调度会")];
        assert_eq!(
            new_mark_name(&all, " 2022年1月调度会 "),
            Err(NameRefused::Taken {
                number: 2,
                name: "2022年1月调度会".into()
            })
        );
        let msg = new_mark_name(&all, "2021年12月调度会")
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("review 001 is already"), "{msg}");
        assert_eq!(
            new_mark_name(&all, "2022年2月调度会").as_deref(),
            Ok("2022年2月调度会")
        );
    }

    #[test]
    fn an_unreadable_review_does_not_block_a_name_and_bad_names_are_refused() {
        let mut broken = stored(1, "2022年1月调度会");
        broken.snapshot = Err("bad file".into());
        assert!(new_mark_name(&[broken], "2022年1月调度会").is_ok());
        assert!(matches!(new_mark_name(&[], "  "), Err(NameRefused::Bad(_))));
        assert!(matches!(
            new_mark_name(&[], "a\u{1b}[2Jb"),
            Err(NameRefused::Bad(_))
        ));
        assert!(matches!(
            new_mark_name(&[], &"会".repeat(61)),
            Err(NameRefused::Bad(_))
        ));
    }
}
