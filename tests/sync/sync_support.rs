//! Sites sharing one bare repository, with a git that knows no user.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::progress_support::{BIN, fixture_plan_dir, load_plan};

/// A temp HOME (no ~/.gitconfig), the bare remote, and the sites' data dirs.
pub struct World {
    pub root: tempfile::TempDir,
}

impl World {
    pub fn new() -> World {
        let w = World {
            root: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir(w.home()).unwrap();
        let o = w.git(w.root.path(), &["init", "--quiet", "--bare", "remote.git"]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        w
    }

    pub fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    pub fn remote(&self) -> PathBuf {
        self.root.path().join("remote.git")
    }

    pub fn site(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    /// The environment of a machine whose git was never configured.
    pub fn env(&self, c: &mut Command) {
        c.env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_CONFIG_GLOBAL")
            .env_remove("EMAIL");
        for v in [
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
            "GIT_DIR",
            "GIT_WORK_TREE",
            "DUBAN_DATA",
            "DUBAN_TODAY",
            "DUBAN_COORDINATOR",
        ] {
            c.env_remove(v);
        }
    }

    pub fn git(&self, dir: &Path, args: &[&str]) -> Output {
        let mut c = Command::new("git");
        c.arg("-C").arg(dir).args(args);
        self.env(&mut c);
        c.output().expect("run git")
    }

    /// `duban --plan <fixture> ARGS…` on this machine.
    pub fn duban(&self, args: &[&str]) -> Output {
        let mut c = Command::new(BIN);
        c.arg("--plan").arg(fixture_plan_dir()).args(args);
        self.env(&mut c);
        c.output().expect("run duban")
    }

    /// [`World::duban`] run from the world's root dir.
    pub fn duban_at_root(&self, args: &[&str]) -> Output {
        let mut c = Command::new(BIN);
        c.arg("--plan").arg(fixture_plan_dir()).args(args);
        c.current_dir(self.root.path());
        self.env(&mut c);
        c.output().expect("run duban")
    }

    /// `duban sync --init <remote> --data <site>`, which must succeed.
    pub fn init(&self, name: &str) -> PathBuf {
        let dir = self.site(name);
        let remote = self.remote();
        let o = self.duban(&[
            "sync",
            "--init",
            remote.to_str().unwrap(),
            "--data",
            dir.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "init {name}: {}", text(&o.stderr));
        dir
    }

    /// `duban set MEASURE ARGS… --data SITE`, which must succeed.
    pub fn set(&self, site: &Path, args: &[&str]) {
        let mut a = vec!["set"];
        a.extend_from_slice(args);
        a.extend(["--data", site.to_str().unwrap(), "--today", "2022-01-05"]);
        let o = self.duban(&a);
        assert!(o.status.success(), "set {args:?}: {}", text(&o.stderr));
    }

    pub fn sync(&self, site: &Path) -> Output {
        let o = self.duban(&["sync", "--data", site.to_str().unwrap()]);
        assert!(
            o.status.success(),
            "sync {}: {}{}",
            site.display(),
            text(&o.stdout),
            text(&o.stderr)
        );
        o
    }

    pub fn head(&self, site: &Path) -> String {
        text(&self.git(site, &["rev-parse", "HEAD"]).stdout)
            .trim()
            .to_string()
    }
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Every file git shares (not .git, not the per-machine lock and .bak files).
pub fn shared_files(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    fn walk(root: &Path, d: &Path, out: &mut BTreeMap<PathBuf, String>) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if name == ".git" || name.ends_with(".lock") || name.ends_with(".bak") {
                continue;
            }
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// No file outside .git holds a git conflict marker.
pub fn assert_no_markers(dir: &Path) {
    for (p, t) in shared_files(dir) {
        for l in t.lines() {
            assert!(
                !(l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>") || l == "======="),
                "{}: conflict marker {l:?}",
                p.display()
            );
        }
    }
}

/// The ledger and the history as duban reads them.
pub fn load(dir: &Path) -> (duban::progress::Ledger, duban::progress::History) {
    let plan = load_plan(&fixture_plan_dir());
    let s = duban::progress::Store::open(dir);
    let l = s.load(&plan).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let h = s.history().unwrap();
    assert!(h.problems.is_empty(), "{:?}", h.problems);
    (l, h)
}

/// Every value a field was ever given in the history of (measure, dept).
pub fn values(h: &duban::progress::History, m: &str, dept: &str, field: &str) -> Vec<String> {
    h.txns
        .iter()
        .flat_map(|t| &t.changes)
        .filter(|c| c.key.measure == m && c.key.dept == dept && c.field.to_string() == field)
        .map(|c| c.to.to_string())
        .collect()
}
