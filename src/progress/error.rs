//! What can go wrong reading or saving a data dir, said so a clerk can act on it.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::edit::EditError;
use crate::lang::Lang;
use crate::plan::Plan;

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

fn file_name(p: &Path) -> String {
    p.file_name()
        .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
}

impl StoreError {
    /// The whole message in `lang`, as the CLI prints it: the file (and
    /// line and column) first, what is wrong, then `hint:` / `提示：` with
    /// what to do. Departments are named as the plan names them.
    pub fn say(&self, lang: Lang, plan: &Plan) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let (first, hint) = self.zh(plan, true);
        match hint {
            Some(h) => format!("{first}\n  提示：{h}"),
            None => first,
        }
    }

    /// The message on one line, without the hint and with a file's name
    /// rather than its path: what fits the board's status line.
    pub fn brief(&self, lang: Lang, plan: &Plan) -> String {
        if lang == Lang::En {
            return Brief(self).to_string();
        }
        self.zh(plan, false).0
    }

    /// The Chinese: the message and the hint. `full` names files by their
    /// path (the CLI) rather than their name (the board).
    fn zh(&self, plan: &Plan, full: bool) -> (String, Option<String>) {
        let show = |p: &Path| {
            if full {
                p.display().to_string()
            } else {
                file_name(p)
            }
        };
        let whose = |dept: &Option<String>| {
            dept.as_deref()
                .map(|d| format!("{}的", plan.dept_name(d)))
                .unwrap_or_default()
        };
        let restore = |file: &Path| {
            format!(
                "用文本编辑器修正这一处，或用旁边的 {}.bak 恢复上次保存的内容；修正前 duban 不会改动这个文件",
                file_name(file)
            )
        };
        match self {
            StoreError::Parse { file, line: 0, .. } => (
                format!("{}：文件名不是部门代码，已忽略", show(file)),
                Some("台账文件以部门代码命名，例如 tax.ron（部门代码见 duban departments）".into()),
            ),
            StoreError::Parse {
                file,
                dept,
                line,
                column,
                message,
                ..
            } => (
                if full {
                    // `file:line:column: ` as compilers print it, so an
                    // editor can jump there.
                    format!(
                        "{}:{line}:{column}: {}台账第{line}行第{column}列格式有误{}（文件未改动）",
                        show(file),
                        whose(dept),
                        named_in(message)
                    )
                } else {
                    format!(
                        "{}台账 {} 第{line}行第{column}列格式有误（文件未改动）",
                        whose(dept),
                        show(file)
                    )
                },
                Some(restore(file)),
            ),
            StoreError::ConflictMarkers { file, dept, line } => (
                if full {
                    format!(
                        "{}:{line}: {}台账第{line}行有未解决的合并冲突标记，文件未改动",
                        show(file),
                        whose(dept)
                    )
                } else {
                    format!(
                        "{}台账 {} 第{line}行有未解决的合并冲突标记，文件未改动",
                        whose(dept),
                        show(file)
                    )
                },
                Some("保留双方部门的记录，删除 <<<<<<< ======= >>>>>>> 标记行后再保存".into()),
            ),
            StoreError::Symlink { file, .. } => (
                format!("{} 是符号链接，duban 不跟随数据目录中的链接", show(file)),
                Some("换成普通文件".into()),
            ),
            StoreError::TooBig {
                file, size, limit, ..
            } => (
                format!(
                    "{} 过大（{size} 字节，上限 {limit} 字节），不是台账文件",
                    show(file)
                ),
                Some("请移出数据目录".into()),
            ),
            StoreError::Io {
                file,
                op,
                kind,
                message,
                ..
            } => {
                let act = if op.starts_with("read") {
                    "读取"
                } else if op.starts_with("create") {
                    "创建"
                } else if op.starts_with("remove") {
                    "删除"
                } else if op.contains("lock") {
                    "加锁"
                } else {
                    "写入"
                };
                // A special file: say which kind, as the English does.
                let special = crate::fsread::KINDS
                    .iter()
                    .find(|(en, _)| message.contains(en))
                    .map(|(_, zh)| format!("是{zh}，不是普通文件"));
                let (why, hint) = match kind {
                    io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => (
                        "没有权限（数据目录只读），未保存",
                        "修正权限，或用 --data 指定别的目录",
                    ),
                    io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
                        ("磁盘已满，未保存", "腾出空间后重试")
                    }
                    io::ErrorKind::NotFound => (
                        "找不到文件",
                        "若是误删，用旁边的 .bak 文件、备份或 git 恢复；若首次保存被中断，再保存一次",
                    ),
                    io::ErrorKind::NotADirectory => (
                        "数据目录路径中有一段是文件而不是目录",
                        "检查 --data 指定的路径",
                    ),
                    io::ErrorKind::InvalidInput => (
                        special.as_deref().unwrap_or("不是普通文件"),
                        "数据目录中只应有普通文件，请把它移出",
                    ),
                    _ => ("失败", "稍后重试；若一再失败，检查磁盘和权限"),
                };
                (
                    format!("{}：无法{act}，{why}", show(file)),
                    Some(hint.into()),
                )
            }
            StoreError::Locked {
                lock,
                holder,
                waited_ms,
            } => (
                format!(
                    "{}：数据目录被另一个 duban 占用（{holder}，已等待 {} 秒）",
                    show(lock),
                    waited_ms.div_ceil(1000)
                ),
                Some("另一个 duban 正在保存，请稍后重试；若那个进程已不在，锁会自行释放".into()),
            ),
            StoreError::InsecureDir { dir, mode } => (
                format!(
                    "{}：其他用户可以写入这个数据目录（权限 {mode:o}），duban 不在这里保存",
                    show(dir)
                ),
                Some(format!(
                    "chmod o-w {}（或用 --data 指定别的目录）；{SHARE_ZH}",
                    dir.display()
                )),
            ),
            StoreError::ForeignDir { dir, .. } => (
                format!("{}：数据目录属于另一个账号，duban 不在这里保存", show(dir)),
                Some(SHARE_ZH.into()),
            ),
            StoreError::BadDeptId { id } => (
                format!(
                    "部门代码“{id}”不能用作文件名：只能由小写字母、数字、_ 和 - 组成（至多 64 个）"
                ),
                Some("部门代码见 duban departments".into()),
            ),
            StoreError::Edit(e) => (e.say(Lang::Zh, plan), None),
            StoreError::Nothing(what, _) => (
                match *what {
                    "redo" => "没有可重做的修改".into(),
                    _ => "没有可撤销的修改".into(),
                },
                None,
            ),
            StoreError::UndoConflict {
                what, key, by, now, ..
            } => {
                let act = if *what == "redo" { "重做" } else { "撤销" };
                let _ = now;
                let by = if by == "a hand edit" {
                    "手工编辑"
                } else {
                    by
                };
                // The key is `measure@dept`.
                let (m, d) = key.split_once('@').unwrap_or((key.as_str(), ""));
                let whose = if d.is_empty() {
                    String::new()
                } else {
                    format!(" {}", plan.dept_name(d))
                };
                (
                    format!("无法{act}：措施 {m}{whose} 此后已被{by}修改"),
                    Some("请直接修改".into()),
                )
            }
        }
    }
}

/// What the parser's message quotes (a misspelt field's name), as
/// `：无法识别“nota”`; the rest of its English stays out of the Chinese.
fn named_in(message: &str) -> String {
    let quoted = message
        .split(['"', '`'])
        .nth(1)
        .filter(|q| !q.is_empty() && q.chars().count() <= 40);
    quoted
        .map(|q| format!("：无法识别“{q}”"))
        .unwrap_or_default()
}

/// `（是不是“1.1”？）` after a mistyped id, when one is near.
fn mean(hint: &Option<String>) -> String {
    hint.as_ref()
        .map(|h| format!("（是不是“{h}”？）"))
        .unwrap_or_default()
}

/// The names of departments, joined for a sentence.
fn dept_names(lang: Lang, plan: &Plan, ids: &[String]) -> String {
    let names: Vec<&str> = ids.iter().map(|d| plan.dept_name(d)).collect();
    names.join(lang.pick("、", ", "))
}

impl EditError {
    /// Why the rules refused an edit, in `lang`, with the plan's names.
    pub fn say(&self, lang: Lang, plan: &Plan) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            EditError::UnknownMeasure { id, hint } => {
                format!("计划中没有措施 {id}{}", mean(hint))
            }
            EditError::UnknownDept { id, hint } => {
                format!(
                    "没有部门“{id}”{}（部门代码和名称见 duban departments）",
                    mean(hint)
                )
            }
            EditError::NotAssigned {
                measure,
                dept,
                assigned,
            } => format!(
                "措施 {measure} 不由{}负责（责任部门：{}）",
                plan.dept_name(dept),
                dept_names(lang, plan, assigned)
            ),
            EditError::UnknownTarget {
                measure,
                key,
                hint,
                known,
            } => {
                let known = if known.is_empty() {
                    "无".to_string()
                } else {
                    known.join("、")
                };
                format!(
                    "措施 {measure} 没有指标“{key}”{}；它的指标：{known}",
                    mean(hint)
                )
            }
            EditError::OtherDept { dept, .. } => format!(
                "只能填报本部门的台账，不能修改{}的填报（督办人员可以）",
                plan.dept_name(dept)
            ),
            EditError::CoordinatorOnly { what } => {
                let act = if what.contains("销号") {
                    "销号"
                } else if what.contains("退办") {
                    "退办"
                } else {
                    "这样做"
                };
                format!(
                    "只有督办人员可以{act}（在 config.ron 中列出，或以 --coordinator 姓名 启动）"
                )
            }
            EditError::Confirmed { measure, by } => {
                format!("措施 {measure} 已由{by}销号，只有督办人员可以重新打开")
            }
            EditError::NotReported { measure, dept, .. } => format!(
                "措施 {measure} {}尚未报结，不能销号或退办",
                plan.dept_name(dept)
            ),
            EditError::NoPendingExtension { measure, dept } => {
                format!("措施 {measure} {}没有待批的延期申请", plan.dept_name(dept))
            }
            EditError::UnknownStep { measure, id, .. } => {
                format!("措施 {measure} 没有步骤{id}（可能已被他人删除）")
            }
            EditError::Invalid(why) if why.ends_with("must not be empty") => {
                "必填内容不能为空".into()
            }
            // Refusals the rules word in both languages: `中文 (English)`.
            EditError::Invalid(why)
                if why.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) =>
            {
                why.split(" (").next().unwrap_or(why).trim().to_string()
            }
            EditError::Invalid(_) => "填报内容不符合要求（数值须为有限的数）".into(),
        }
    }
}

#[cfg(test)]
mod words_tests {
    use super::*;

    fn plan() -> Plan {
        crate::plan::load_embedded().expect("the embedded plan loads")
    }

    fn parse_error() -> StoreError {
        StoreError::Parse {
            file: PathBuf::from("/data/tax.ron"),
            dept: Some("tax".into()),
            line: 3,
            column: 7,
            message: "expected `,`".into(),
            hint: Some("fix the syntax by hand".into()),
        }
    }

    #[test]
    fn a_parse_error_in_chinese_keeps_file_line_column_and_a_hint() {
        let s = parse_error().say(Lang::Zh, &plan());
        assert!(s.starts_with("/data/tax.ron:3:7: "), "{s}");
        assert!(s.contains("区税务局的台账"), "{s}");
        assert!(s.contains("\n  提示："), "{s}");
        assert!(!s.contains("expected") && !s.contains("hint"), "{s}");
        let b = parse_error().brief(Lang::Zh, &plan());
        assert_eq!(b, "区税务局的台账 tax.ron 第3行第7列格式有误（文件未改动）");
    }

    #[test]
    fn english_keeps_the_store_wording() {
        let e = parse_error();
        assert_eq!(e.say(Lang::En, &plan()), e.to_string());
        assert_eq!(
            e.brief(Lang::En, &plan()),
            "/data/tax.ron:3:7: expected `,`"
        );
    }

    #[test]
    fn who_may_use_the_dir_is_said_in_chinese_with_the_ways_to_share() {
        let e = StoreError::ForeignDir {
            dir: PathBuf::from("/srv/d"),
            owner: 1001,
        };
        let s = e.say(Lang::Zh, &plan());
        assert!(
            s.contains("属于另一个账号") && s.contains("duban sync"),
            "{s}"
        );
    }

    #[test]
    fn a_refusal_names_the_departments_in_chinese() {
        let e = EditError::NotAssigned {
            measure: "1.5".into(),
            dept: "tax".into(),
            assigned: vec!["approval".into()],
        };
        let s = StoreError::Edit(e).say(Lang::Zh, &plan());
        assert!(s.contains("区税务局"), "{s}");
        assert!(!s.contains("tax"), "{s}");
    }
}
