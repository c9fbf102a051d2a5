//! Running the `git` program: no shell, arguments as a list, never a
//! prompt, and the commit identity given on the command line so that the
//! user's git config is neither needed nor touched.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::lang::Lang;

/// A git work tree (the data dir) and the identity its commits carry.
pub struct Git {
    pub dir: PathBuf,
    pub lang: Lang,
    /// Author and committer of the commits duban makes.
    pub name: String,
    pub email: String,
    /// Extra environment for every run (the merge driver's context).
    pub env: Vec<(String, String)>,
}

/// What a git run printed, and whether it succeeded.
pub struct Ran {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    /// Git's own words, for an error message (sanitised when printed).
    pub fn said(&self) -> String {
        let s = if self.stderr.trim().is_empty() {
            &self.stdout
        } else {
            &self.stderr
        };
        let lines: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
        let tail = &lines[lines.len().saturating_sub(6)..];
        tail.join("\n")
    }
}

/// A `git` command with duban's fixed environment: no terminal prompt (a
/// sync must fail, not wait for a password nobody types), English messages
/// (they are matched), and none of the variables that would point git at
/// another repository.
pub fn command(dir: Option<&Path>) -> Command {
    let mut c = Command::new("git");
    if let Some(d) = dir {
        c.arg("-C").arg(d);
    }
    c.env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env("GIT_MERGE_AUTOEDIT", "no")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::null());
    c
}

/// Runs a prepared command; a missing `git` is said plainly.
pub fn output(mut c: Command, lang: Lang) -> Result<Ran, String> {
    let o: Output = c.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            lang.pick(
                "找不到 git 程序：duban sync 通过 git 同步，请先安装 git（如 apt install git），并确认它在 PATH 中",
                "the git program was not found: duban sync works through git; install it (e.g. apt install git) and make sure it is on PATH",
            )
            .to_string()
        } else {
            format!("git: {e}")
        }
    })?;
    Ok(Ran {
        ok: o.status.success(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    })
}

impl Git {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = command(Some(&self.dir));
        // Signing would ask for a key or a passphrase nobody is there to give.
        c.args(["-c", "commit.gpgsign=false", "-c", "core.quotePath=false"]);
        c.args(args)
            .env("GIT_AUTHOR_NAME", &self.name)
            .env("GIT_AUTHOR_EMAIL", &self.email)
            .env("GIT_COMMITTER_NAME", &self.name)
            .env("GIT_COMMITTER_EMAIL", &self.email);
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    /// Runs git; a failure is returned as a [`Ran`] for the caller to judge.
    pub fn run(&self, args: &[&str]) -> Result<Ran, String> {
        output(self.cmd(args), self.lang)
    }

    /// Runs git and wants success; otherwise says `what` failed and why.
    pub fn must(&self, args: &[&str], what: &str) -> Result<String, String> {
        let r = self.run(args)?;
        if r.ok {
            Ok(r.stdout)
        } else {
            Err(format!("{what}\n{}", r.said()))
        }
    }

    /// The trimmed output of a query, or `None` when git says no.
    pub fn query(&self, args: &[&str]) -> Result<Option<String>, String> {
        let r = self.run(args)?;
        Ok(r.ok.then(|| r.stdout.trim().to_string()))
    }
}
