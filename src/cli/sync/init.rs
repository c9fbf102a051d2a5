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
    // A local remote is named by its absolute path, wherever git runs.
    let url = match std::fs::canonicalize(url) {
        Ok(p) if Path::new(url).exists() => p.to_string_lossy().into_owned(),
        _ => url.to_string(),
    };
    let url = url.as_str();
    if !empty && dir.join(".git").exists() {
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
    }
    // A data dir that holds data is cloned beside itself, inside it, and
    // takes over the clone's .git: a clone (unlike `git init`) is on the
    // branch the remote's HEAD names, even when the remote is empty.
    let target = if empty {
        dir.to_path_buf()
    } else {
        dir.join(".duban-init.tmp")
    };
    let _ = std::fs::remove_dir_all(dir.join(".duban-init.tmp"));
    let mut c = git::command(None);
    c.args(["clone", "--quiet"]);
    if !empty {
        c.arg("--no-checkout");
    }
    c.args(["--", url]).arg(&target);
    let r = git::output(c, lang)?;
    if !r.ok {
        return Err(lang.pick(
            format!("无法从 {url} 克隆：\n{}", r.said()),
            format!("cannot clone {url}:\n{}", r.said()),
        ));
    }
    let clone = Git {
        dir: target.clone(),
        lang,
        name: g.name.clone(),
        email: g.email.clone(),
        env: Vec::new(),
    };
    let has_history = clone
        .query(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])?
        .is_some();
    if !empty {
        if has_history {
            let _ = std::fs::remove_dir_all(&target);
            return Err(lang.pick(
                format!("远程仓库 {url} 已有数据，而 {} 也有数据：请用一个空目录 --init，本目录保持原样", dir.display()),
                format!("the remote {url} has data and so has {}: --init into an empty directory; this one is left as it was", dir.display()),
            ));
        }
        std::fs::rename(target.join(".git"), dir.join(".git"))
            .map_err(|e| format!("{}: {e}", dir.join(".git").display()))?;
        let _ = std::fs::remove_dir_all(&target);
    }
    // The store makes its data dirs private; a clone gets the umask's mode.
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    Ok(())
}
