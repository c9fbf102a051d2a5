//! A district's server in a temp dir: sshd for the service account, a data
//! dir it owns (0700), three people made with `duban users add … --key`:
//! alice (区税务局), bob (区人社局) and wang (coordinator 王主任).

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::ssh::Sshd;

pub const BIN: &str = env!("CARGO_BIN_EXE_duban");

pub struct Site {
    pub sshd: Sshd,
    pub data: PathBuf,
    /// The duban the forced commands run.
    pub program: PathBuf,
    pub alice: PathBuf,
    pub bob: PathBuf,
    pub wang: PathBuf,
}

/// duban on this machine, as the operator runs it.
pub fn duban(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("DUBAN_DATA")
        .env_remove("DUBAN_COORDINATOR")
        .env_remove("SSH_ORIGINAL_COMMAND")
        .output()
        .expect("run duban")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `None` (and says why) only when sshd or ssh is not installed.
pub fn site() -> Option<Site> {
    if let Some(why) = crate::ssh::missing() {
        eprintln!("skipping the over-ssh deploy test: {why}");
        return None;
    }
    let sshd = Sshd::start_service();
    let data = sshd.path("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    // A throw-away account may not reach the build dir: it runs its own
    // copy, which is also how an operator installs duban (/usr/local/bin).
    let program = if sshd.made_account() {
        let p = sshd.path("duban");
        std::fs::copy(BIN, &p).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        p
    } else {
        PathBuf::from(BIN)
    };
    let mut lines = String::new();
    let mut keys = Vec::new();
    for (name, role) in [
        ("alice", ["--dept", "区税务局"]),
        ("bob", ["--dept", "人社局"]),
        ("wang", ["--coordinator", "王主任"]),
    ] {
        let key = sshd.keygen(name);
        let pubkey = format!("{}.pub", key.display());
        let o = duban(&[
            "--data",
            data.to_str().unwrap(),
            "users",
            "add",
            name,
            role[0],
            role[1],
            "--key",
            &pubkey,
            "--command",
            program.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "users add {name}: {}", text(&o.stderr));
        let out = text(&o.stdout);
        let line = out
            .lines()
            .find(|l| l.starts_with("command="))
            .unwrap_or_else(|| panic!("no authorized_keys line in {out}"));
        lines.push_str(line);
        lines.push('\n');
        keys.push(key);
    }
    sshd.authorize(&lines);
    sshd.give(&data);
    let mut k = keys.into_iter();
    Some(Site {
        data,
        program,
        alice: k.next().unwrap(),
        bob: k.next().unwrap(),
        wang: k.next().unwrap(),
        sshd,
    })
}

impl Site {
    /// `ssh -T service@127.0.0.1 REMOTE` with `key`.
    pub fn ssh(&self, key: &Path, remote: &str) -> Output {
        self.sshd.run_as(key, remote, b"")
    }

    /// Every file in the data dir with its bytes (the lock file aside).
    pub fn files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut todo = vec![self.data.clone()];
        while let Some(d) = todo.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    todo.push(p);
                } else if p.file_name().is_some_and(|n| n != "duban.lock") {
                    out.insert(p.clone(), std::fs::read(&p).unwrap());
                }
            }
        }
        out
    }
}
