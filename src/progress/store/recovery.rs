//! Recovery files: edits a board had to leave unsaved when it was ended
//! (SIGTERM, SIGHUP, a closed terminal) while the lock was held elsewhere,
//! and what was typed in a form still open. Each is one JSON file in the
//! data dir, `recovery-<time>-<pid>.json`, written atomically with mode
//! 0600; the next board or CLI run says so, and `duban recover` (or the
//! board's question at start) applies or discards it.

use std::fs;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::atomic::{Install, write_atomic};
use super::files::read_text;
use super::{Saved, Store};
use crate::plan::Plan;
use crate::progress::edit::{Edit, Who};
use crate::progress::error::StoreError;

const PREFIX: &str = "recovery-";
const SUFFIX: &str = ".json";

/// What a recovery file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unsaved {
    /// Who made the edits, when the board knew.
    pub who: Option<Who>,
    pub at: DateTime<Utc>,
    /// Why they were left: the signal, "terminal closed", the last error.
    pub why: String,
    pub edits: Vec<Edit>,
}

/// A recovery file found in the data dir.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    pub path: PathBuf,
    pub unsaved: Unsaved,
}

impl Store {
    /// Writes `unsaved` to `path` (a file [`Store::write_recovery`] made
    /// before, rewritten with what is still left), or to a new file.
    pub fn write_recovery(
        &self,
        path: Option<&Path>,
        unsaved: &Unsaved,
    ) -> Result<PathBuf, StoreError> {
        if !self.dir.is_dir() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&self.dir)
                .map_err(|e| StoreError::io(&self.dir, "create the data dir", &e))?;
        }
        let path = match path {
            Some(p) => p.to_path_buf(),
            None => self.dir.join(format!(
                "{PREFIX}{}-{}{SUFFIX}",
                unsaved.at.format("%Y%m%dT%H%M%S%.3f"),
                std::process::id()
            )),
        };
        let body = serde_json::to_string_pretty(unsaved).expect("edits are plain data");
        write_atomic(&path, body.as_bytes(), Install::Replace)?;
        Ok(path)
    }

    /// Every recovery file in the data dir, oldest first, and the ones
    /// that cannot be read (`file: why`), which are left alone.
    pub fn recoveries(&self) -> (Vec<Recovery>, Vec<String>) {
        let (mut found, mut problems) = (Vec::new(), Vec::new());
        let Ok(rd) = fs::read_dir(&self.dir) else {
            return (found, problems);
        };
        let mut paths: Vec<PathBuf> = rd
            .flatten()
            .filter(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.starts_with(PREFIX) && n.ends_with(SUFFIX)
            })
            .map(|e| e.path())
            .collect();
        paths.sort();
        for path in paths {
            let read = read_text(&path, None).map_err(|e| e.to_string());
            match read.and_then(|t| {
                let t = t.unwrap_or_default();
                serde_json::from_str::<Unsaved>(&t).map_err(|e| e.to_string())
            }) {
                Ok(unsaved) => found.push(Recovery { path, unsaved }),
                Err(e) => problems.push(format!("{}: {e}", path.display())),
            }
        }
        (found, problems)
    }

    /// Saves a recovery file's edits as one save, as whoever the file says
    /// made them (`who` when it does not say), then removes the file.
    /// Refused edits are refused as any save's are, and the file stays.
    pub fn apply_recovery(
        &self,
        plan: &Plan,
        r: &Recovery,
        who: &Who,
        now: DateTime<Utc>,
    ) -> Result<Saved, StoreError> {
        let who = r.unsaved.who.as_ref().unwrap_or(who);
        let source = r.path.display().to_string();
        let saved = self.save(plan, &r.unsaved.edits, who, now, Some(&source))?;
        self.discard_recovery(r)?;
        Ok(saved)
    }

    pub fn discard_recovery(&self, r: &Recovery) -> Result<(), StoreError> {
        match fs::remove_file(&r.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(StoreError::io(&r.path, "remove the recovery file", &e)),
        }
    }
}
