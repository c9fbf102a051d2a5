//! `duban sync --init URL`: a data dir made a work tree of the shared
//! repository, before its first sync.

use std::path::Path;

use super::git::{self, Git};

/// `--init URL`: clone the remote into the data dir, or, for a data dir
/// that already holds data and no git, make it a work tree of that remote.
pub fn init(g: &Git, url: &str) -> Result<(), String> {
    let lang = g.lang;
    let dir = &g.dir;
    let empty = match std::fs::read_dir(dir) {
        Ok(mut rd) => rd.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(format!("{}: {e}", dir.display())),
    };
    // A local remote is named by its absolute path: the clone runs here, but
    // `remote add` below runs in the data dir.
    let url = match std::fs::canonicalize(url) {
        Ok(p) if Path::new(url).exists() => p.to_string_lossy().into_owned(),
        _ => url.to_string(),
    };
    let url = url.as_str();
    if empty {
        let mut c = git::command(None);
        c.args(["clone", "--quiet", "--", url]).arg(dir);
        let r = git::output(c, lang)?;
        if !r.ok {
            return Err(lang.pick(
                format!("无法从 {url} 克隆：\n{}", r.said()),
                format!("cannot clone {url}:\n{}", r.said()),
            ));
        }
    } else if dir.join(".git").exists() {
        return Err(lang.pick(
            format!(
                "{} 已经是 git 工作树：直接运行 duban sync --data {}",
                dir.display(),
                dir.display()
            ),
            format!(
                "{} is a git work tree already: run duban sync --data {}",
                dir.display(),
                dir.display()
            ),
        ));
    } else {
        g.must(
            &["init", "--quiet"],
            lang.pick("git init 失败", "git init failed"),
        )?;
        g.must(
            &["remote", "add", "origin", url],
            lang.pick("无法添加远程仓库", "cannot add the remote"),
        )?;
        g.must(
            &["fetch", "--quiet", "origin"],
            &lang.pick(format!("无法从 {url} 获取"), format!("cannot fetch {url}")),
        )?;
        if g.query(&["branch", "--remotes"])?
            .is_some_and(|b| !b.trim().is_empty())
        {
            let _ = std::fs::remove_dir_all(dir.join(".git"));
            return Err(lang.pick(
                format!("远程仓库 {url} 已有数据，而 {} 也有数据：请用一个空目录 --init，本目录保持原样", dir.display()),
                format!("the remote {url} has data and so has {}: --init into an empty directory; this one is left as it was", dir.display()),
            ));
        }
    }
    // The store makes its data dirs private; a clone gets the umask's mode.
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    Ok(())
}
