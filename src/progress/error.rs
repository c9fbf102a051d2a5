//! What can go wrong reading or saving a data dir, said so a clerk can act on it.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::edit::EditError;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    /// The file does not parse (or names unknown fields). Never overwritten.
    #[error("{}:{line}:{column}: {message}{}", file.display(), hint_line(hint))]
    Parse {
        file: PathBuf,
        dept: Option<String>,
        line: usize,
        column: usize,
        message: String,
        hint: Option<String>,
    },
    /// Unresolved `git merge` output. Never overwritten.
    #[error("{}:{line}: unresolved git conflict marker{}", file.display(), hint_line(&Some("resolve the conflict (keep both departments' records), remove the <<<<<<< ======= >>>>>>> lines, then save again; nothing was written".into())))]
    ConflictMarkers {
        file: PathBuf,
        dept: Option<String>,
        line: usize,
    },
    #[error("{}: is a symbolic link; duban does not follow links in the data dir{}", file.display(), hint_line(&Some("replace the link with a regular file".into())))]
    Symlink { file: PathBuf, dept: Option<String> },
    #[error("{}: {size} bytes is larger than the {limit}-byte limit for a data file{}", file.display(), hint_line(&Some("this is not a duban ledger; move it out of the data dir".into())))]
    TooBig {
        file: PathBuf,
        dept: Option<String>,
        size: u64,
        limit: u64,
    },
    #[error("{}: cannot {op}: {message}{}", file.display(), hint_line(hint))]
    Io {
        file: PathBuf,
        op: &'static str,
        kind: io::ErrorKind,
        message: String,
        hint: Option<String>,
    },
    #[error("{}: data dir is locked by {holder} (waited {waited_ms} ms){}", lock.display(), hint_line(&Some("another duban is saving; try again, or if that process is gone the lock frees itself".into())))]
    Locked {
        lock: PathBuf,
        holder: String,
        waited_ms: u64,
    },
    #[error("{}: the data dir is writable by other users (mode {mode:o}); duban will not save there{}", dir.display(), hint_line(&Some(format!("chmod o-w {} (or pass --data DIR)", dir.display()))))]
    InsecureDir { dir: PathBuf, mode: u32 },
    #[error("{}: the data dir is owned by another account; duban will not save there{}", dir.display(), hint_line(&Some(SHARE_EN.into())))]
    ForeignDir { dir: PathBuf, owner: u32 },
    #[error(
        "{id:?} cannot name a data file: department ids are lowercase ASCII letters, digits, _ and - (at most 64)"
    )]
    BadDeptId { id: String },
    #[error("{0}")]
    Edit(#[from] EditError),
    #[error("nothing to {0} for {1}")]
    Nothing(&'static str, String),
    #[error(
        "cannot {what}: {key} {field} was changed since by {by} (now {now}); change it by hand instead"
    )]
    UndoConflict {
        what: &'static str,
        key: String,
        field: String,
        by: String,
        now: String,
    },
}

/// The two ways to share a data dir, said wherever sharing one went wrong.
const SHARE_EN: &str = "to share a data dir, use one service account over ssh (its authorized_keys runs duban --user NAME for each person's key; README, \"Deploy for a district\"), or give each person a data dir of their own and sync them with duban sync";
const SHARE_ZH: &str = "多人共用台账有两种方式：一个服务账号 + ssh（服务账号的 authorized_keys 为每人的钥匙运行 duban --user 用户名，见 README“Deploy for a district”一节），或每人使用自己的数据目录，用 duban sync 同步";

fn hint_line(h: &Option<String>) -> String {
    h.as_ref()
        .map(|h| format!("\n  hint: {h}"))
        .unwrap_or_default()
}

impl StoreError {
    /// The message in `lang`. Refusals about who may use the data dir have
    /// their own Chinese; the rest is said as [`fmt::Display`] says it.
    pub fn say(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        match (self, lang) {
            (StoreError::ForeignDir { dir, .. }, Lang::Zh) => format!(
                "{}：数据目录属于另一个账号，duban 不在这里保存\n  提示：{SHARE_ZH}",
                dir.display()
            ),
            (StoreError::InsecureDir { dir, mode }, Lang::Zh) => format!(
                "{}：其他用户可以写入这个数据目录（权限 {mode:o}），duban 不在这里保存\n  提示：chmod o-w {}（或用 --data 指定别的目录）；{SHARE_ZH}",
                dir.display(),
                dir.display()
            ),
            _ => self.to_string(),
        }
    }

    /// The department whose file this is about, if it is about one.
    pub fn dept(&self) -> Option<&str> {
        match self {
            StoreError::Parse { dept, .. }
            | StoreError::ConflictMarkers { dept, .. }
            | StoreError::Symlink { dept, .. }
            | StoreError::TooBig { dept, .. } => dept.as_deref(),
            _ => None,
        }
    }

    pub(crate) fn io(file: &Path, op: &'static str, e: &io::Error) -> Self {
        let hint = match e.kind() {
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => Some(
                "the data dir is not writable and nothing was saved (数据目录不可写，未保存); fix the permissions or pass --data DIR".into(),
            ),
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => Some(
                "the disk is full and nothing was saved (磁盘已满，未保存); free some space and try again".into(),
            ),
            io::ErrorKind::NotADirectory => Some("a path component of the data dir is a file, not a directory".into()),
            _ => None,
        };
        StoreError::Io {
            file: file.to_path_buf(),
            op,
            kind: e.kind(),
            message: e.to_string(),
            hint,
        }
    }
}

/// A short label for the user: "file:line: message" without the hint.
pub struct Brief<'a>(pub &'a StoreError);

impl fmt::Display for Brief<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0.to_string();
        f.write_str(s.lines().next().unwrap_or(""))
    }
}
