//! What a data dir needs to sync through git, checked (and put right) by
//! every `duban sync`: `.gitattributes` naming the merge driver for the
//! ledgers and history logs, `.gitignore` for the files a save leaves that
//! are this machine's alone, and the driver's command in the repository's
//! own `.git/config` (never the user's global config).

use std::path::Path;

use super::git::Git;
use crate::lang::Lang;
use crate::progress::Install;
use crate::progress::write_atomic;

/// Ledgers at the top and history logs merge through `duban merge-file`;
/// `config.ron` too, where the driver falls back to git's line merge.
pub const ATTRIBUTES: &[&str] = &["/*.ron merge=duban", "/history/*.jsonl merge=duban"];

/// The lock, the `.bak` copies and the temp files of saves (`.<name>.tmp.*`,
/// `.<name>.bak.tmp.*`): per machine, never shared.
pub const IGNORED: &[&str] = &["*.lock", "*.bak", ".*.tmp.*"];

/// Adds the lines `text` lacks to the file `name` (created when missing).
/// Returns whether it changed.
fn ensure_lines(dir: &Path, name: &str, header: &str, lines: &[&str]) -> Result<bool, String> {
    let path = dir.join(name);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(format!(
            "{}: is a symbolic link; duban does not follow it",
            path.display()
        ));
    }
    let old = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let have: Vec<&str> = old.lines().map(str::trim).collect();
    let missing: Vec<&&str> = lines.iter().filter(|l| !have.contains(l)).collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut new = old.clone();
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    if !old.contains(header) {
        new.push_str(header);
        new.push('\n');
    }
    for l in missing {
        new.push_str(l);
        new.push('\n');
    }
    write_atomic(&path, new.as_bytes(), Install::Replace).map_err(|e| e.to_string())?;
    Ok(true)
}

/// Puts `.gitattributes`, `.gitignore` and the driver's config right.
pub fn ensure(git: &Git) -> Result<(), String> {
    ensure_lines(
        &git.dir,
        ".gitattributes",
        "# duban: ledgers and history logs merge per department, entry and field (duban merge-file)",
        ATTRIBUTES,
    )?;
    ensure_lines(
        &git.dir,
        ".gitignore",
        "# duban: per-machine files (lock, .bak copies, temp files)",
        IGNORED,
    )?;
    let exe = std::env::current_exe().map_err(|e| format!("duban: {e}"))?;
    let driver = format!(
        "{} merge-file %O %A %B %P",
        shell_quote(&exe.to_string_lossy())
    );
    let lang = git.lang;
    for (key, value) in [
        ("merge.duban.name", "duban: per department, entry and field"),
        ("merge.duban.driver", driver.as_str()),
    ] {
        if git.query(&["config", "--local", "--get", key])?.as_deref() != Some(value) {
            git.must(
                &["config", "--local", key, value],
                lang.pick(
                    "无法在 .git/config 中登记 duban 的合并程序",
                    "cannot register duban's merge driver in .git/config",
                ),
            )?;
        }
    }
    Ok(())
}

/// Git runs a driver's command through the shell; the path of duban is the
/// one part that is not fixed text, so it goes in single quotes.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Words for the user, in their language.
pub fn not_a_work_tree(dir: &Path, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{} 不是 git 工作树的根目录：先用 `duban sync --init URL --data {}` 从远程仓库建立数据目录（可以是空的裸仓库）",
            dir.display(),
            dir.display()
        ),
        Lang::En => format!(
            "{} is not the top of a git work tree: set it up first with `duban sync --init URL --data {}` (the remote may be an empty bare repository)",
            dir.display(),
            dir.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_added_once_and_others_kept() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join(".gitignore"), "*.lock\ntarget").unwrap();
        assert!(ensure_lines(d.path(), ".gitignore", "# h", IGNORED).unwrap());
        let t = std::fs::read_to_string(d.path().join(".gitignore")).unwrap();
        assert_eq!(t, "*.lock\ntarget\n# h\n*.bak\n.*.tmp.*\n");
        assert!(!ensure_lines(d.path(), ".gitignore", "# h", IGNORED).unwrap());
    }

    #[test]
    fn a_path_with_a_quote_stays_one_word() {
        assert_eq!(shell_quote("/opt/it's/duban"), r"'/opt/it'\''s/duban'");
    }
}
