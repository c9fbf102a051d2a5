//! `duban merge-file %O %A %B %P`: the merge driver git runs for duban's
//! files (registered by `duban sync`; see `setup.rs`). It writes the merge
//! into `%A` and exits 0, or leaves `%A` as it was and exits 1 so git counts
//! the file as conflicted; it never writes conflict markers into a ledger or
//! a history log.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::git;
use crate::cli::out;
use crate::lang::Lang;
use crate::progress::store::merge::{self, FieldTimes, Side};
use crate::progress::store::{MAX_FILE_BYTES, valid_dept_id};

/// The commits being merged, set by `duban sync` for the driver: each
/// side's history dates its field changes. A merge git runs on its own
/// (`git pull`, `git merge`) names the other side in `GITHEAD_<commit>`,
/// and ours is `HEAD`; without either, the entries' stamps date them.
pub const OURS_ENV: &str = "DUBAN_MERGE_OURS";
pub const THEIRS_ENV: &str = "DUBAN_MERGE_THEIRS";

#[derive(Debug, Clone, Args)]
pub struct MergeFileArgs {
    /// The common ancestor's version (%O)
    pub base: PathBuf,
    /// Ours (%A); the merge is written here
    pub ours: PathBuf,
    /// Theirs (%B)
    pub theirs: PathBuf,
    /// The file's path in the work tree (%P)
    pub path: String,
}

/// Which of duban's files a work-tree path is.
#[derive(Debug, PartialEq)]
enum Kind {
    Ledger(String),
    History(String),
    Other,
}

fn kind(path: &str) -> Kind {
    if let Some(d) = path.strip_suffix(".ron")
        && valid_dept_id(d)
    {
        return Kind::Ledger(d.to_string());
    }
    if let Some(d) = path
        .strip_prefix("history/")
        .and_then(|p| p.strip_suffix(".jsonl"))
        && valid_dept_id(d)
    {
        return Kind::History(d.to_string());
    }
    Kind::Other
}

pub fn run(a: &MergeFileArgs, lang: Lang) -> ExitCode {
    match merge_file(a, lang) {
        Ok(code) => code,
        Err(e) => {
            out::warn(&format!("duban merge-file {}: {e}", a.path));
            ExitCode::FAILURE
        }
    }
}

fn read(p: &Path) -> Result<String, String> {
    let m = std::fs::metadata(p).map_err(|e| format!("{}: {e}", p.display()))?;
    if m.len() > MAX_FILE_BYTES {
        return Err(format!("{}: larger than a data file can be", p.display()));
    }
    let b = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
    String::from_utf8(b).map_err(|_| format!("{}: not UTF-8", p.display()))
}

fn merge_file(a: &MergeFileArgs, lang: Lang) -> Result<ExitCode, String> {
    let merged = match kind(&a.path) {
        Kind::Other => return text_merge(a, lang),
        Kind::Ledger(dept) => {
            let (ours, theirs) = (read(&a.ours)?, read(&a.theirs)?);
            let base = read(&a.base)?;
            let times = |var: &str| side_times(var, &dept, lang);
            let (to, tt) = (times(OURS_ENV), times(THEIRS_ENV));
            merge::merge_ledger(
                Path::new(&a.path),
                Some(&base),
                Side {
                    text: &ours,
                    times: &to,
                },
                Side {
                    text: &theirs,
                    times: &tt,
                },
            )
            .map_err(|e| e.to_string())?
        }
        Kind::History(_) => {
            let base = read(&a.base)?;
            merge::merge_history(Some(&base), &read(&a.ours)?, &read(&a.theirs)?)
        }
    };
    std::fs::write(&a.ours, merged).map_err(|e| format!("{}: {e}", a.ours.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// When one side changed each field, from its history at the commit
/// `duban sync` named; nothing (entry stamps decide) without one.
fn side_times(var: &str, dept: &str, lang: Lang) -> FieldTimes {
    let commit = std::env::var(var).ok().or_else(|| {
        if var == OURS_ENV {
            Some("HEAD".to_string())
        } else {
            git_merge_theirs()
        }
    });
    let Some(commit) = commit
        .filter(|c| c == "HEAD" || (c.len() >= 7 && c.bytes().all(|b| b.is_ascii_hexdigit())))
    else {
        return FieldTimes::new();
    };
    let mut c = git::command(None);
    c.args(["show", &format!("{commit}:history/{dept}.jsonl")]);
    match git::output(c, lang) {
        Ok(r) if r.ok => merge::field_times(&r.stdout),
        _ => FieldTimes::new(),
    }
}

/// The commit `git merge` is merging in, from the `GITHEAD_<commit>` it
/// sets for merge strategies; none when there are several (an octopus).
fn git_merge_theirs() -> Option<String> {
    let heads: Vec<String> = std::env::vars_os()
        .filter_map(|(k, _)| k.to_str()?.strip_prefix("GITHEAD_").map(str::to_string))
        .collect();
    match heads.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Files that are not ledgers or logs (`config.ron`, written by hand) get
/// git's own line merge, conflicts and all, as without the driver.
fn text_merge(a: &MergeFileArgs, lang: Lang) -> Result<ExitCode, String> {
    let mut c = git::command(None);
    c.args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(&a.ours)
        .arg(&a.base)
        .arg(&a.theirs);
    let r = git::output(c, lang)?;
    Ok(if r.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_ledgers_logs_or_other() {
        assert_eq!(kind("tax.ron"), Kind::Ledger("tax".into()));
        assert_eq!(kind("history/tax.jsonl"), Kind::History("tax".into()));
        assert_eq!(kind("config.ron"), Kind::Other);
        assert_eq!(kind("reviews/1.ron"), Kind::Other);
        assert_eq!(kind("history/../x.jsonl"), Kind::Other);
        assert_eq!(kind(".gitattributes"), Kind::Other);
    }
}
