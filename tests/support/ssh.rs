//! A throw-away `sshd` on 127.0.0.1 and an `ssh -tt` client driving the real
//! duban binary on the other side, as a coordinator would on a shared server.
//!
//! Everything lives in one temp dir: host key, client key, authorized_keys,
//! sshd_config, the data dir. The client's stdin/stdout are pipes; `-tt`
//! still makes sshd give the remote command a pseudo-terminal, whose size is
//! set with `stty` before duban starts. The screen is read with a vt100
//! emulator fed with everything ssh prints.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

pub const SSHD: &str = "/usr/sbin/sshd";

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn user() -> String {
    let out = Command::new("id").arg("-un").output().expect("id -un");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

pub struct Sshd {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Child,
    /// The account ssh logs in as.
    pub login: String,
    /// Dropped after sshd is stopped: removes a throw-away account.
    _account: Option<Account>,
}

/// A Unix account made for one test (`useradd`), removed when dropped.
pub struct Account {
    pub name: String,
}

impl Account {
    /// A service account with no password (`*`, so sshd does not treat it
    /// as locked) and its home in `home`. `None` when this process cannot
    /// create accounts (not root, or no useradd).
    pub fn create(home: &Path) -> Option<Account> {
        if rustix::process::geteuid().as_raw() != 0 || !Path::new("/usr/sbin/useradd").exists() {
            return None;
        }
        let name = format!("dubansvc{}_{}", std::process::id(), next_account());
        // useradd takes /etc/passwd's lock; parallel tests may meet there.
        for _ in 0..50 {
            let st = Command::new("/usr/sbin/useradd")
                .args(["-M", "-s", "/bin/sh", "-p", "*", "-d"])
                .arg(home)
                .arg(&name)
                .stderr(Stdio::null())
                .status()
                .ok()?;
            if st.success() {
                std::fs::create_dir_all(home).unwrap();
                run(Command::new("chown").arg(format!("{name}:")).arg(home));
                return Some(Account { name });
            }
            thread::sleep(Duration::from_millis(100));
        }
        None
    }
}

fn next_account() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

impl Drop for Account {
    fn drop(&mut self) {
        for _ in 0..50 {
            let ok = Command::new("/usr/sbin/userdel")
                .args(["-f", &self.name])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ok {
                return;
            }
            thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Why the over-ssh tests cannot run here, when they cannot.
pub fn missing() -> Option<String> {
    for p in [SSHD, "/usr/bin/ssh", "/usr/bin/ssh-keygen"] {
        if !Path::new(p).exists() && which(p.rsplit('/').next().unwrap()).is_none() {
            return Some(format!(
                "{p} is missing: apt-get install -y openssh-server openssh-client (.ci/run does this)"
            ));
        }
    }
    None
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.exists())
    })
}

impl Sshd {
    /// Starts sshd on a free port and waits until it accepts connections;
    /// the client key logs in as the current user with no forced command.
    pub fn start() -> Sshd {
        let dir = tempfile::tempdir().expect("temp dir");
        Self::start_in(dir, None)
    }

    /// sshd for a service account: a throw-away Unix account when running
    /// as root (the way an operator sets one up), else the current user
    /// with the test's own `AuthorizedKeysFile`. `authorized_keys` starts
    /// empty; [`Sshd::authorize`] fills it.
    pub fn start_service() -> Sshd {
        let dir = tempfile::tempdir().expect("temp dir");
        use std::os::unix::fs::PermissionsExt;
        // sshd reads authorized_keys as the account, which must reach it.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let account = Account::create(&dir.path().join("home"));
        let sshd = Self::start_in(dir, account);
        std::fs::write(sshd.path("authorized_keys"), "").unwrap();
        std::fs::set_permissions(
            sshd.path("authorized_keys"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        sshd
    }

    /// Whether a Unix account was made for this sshd (else it is the current user).
    pub fn made_account(&self) -> bool {
        self._account.is_some()
    }

    /// `chown`s `path` (recursively) to the login account.
    pub fn give(&self, path: &Path) {
        if self._account.is_some() {
            run(Command::new("chown")
                .arg("-R")
                .arg(format!("{}:", self.login))
                .arg(path));
        }
    }

    /// A new client key pair `NAME` / `NAME.pub` in the test dir.
    pub fn keygen(&self, name: &str) -> PathBuf {
        let key = self.path(name);
        run(Command::new("ssh-keygen")
            .args([
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                &format!("{name}@office"),
                "-f",
            ])
            .arg(&key));
        key
    }

    /// Replaces authorized_keys (sshd reads it at each login).
    pub fn authorize(&self, text: &str) {
        std::fs::write(self.path("authorized_keys"), text).unwrap();
    }

    fn start_in(dir: tempfile::TempDir, account: Option<Account>) -> Sshd {
        assert!(
            Path::new(SSHD).exists(),
            "{SSHD} is missing: apt-get install -y openssh-server (.ci/run does this)"
        );
        let p = |n: &str| dir.path().join(n);
        for key in ["host_key", "client_key"] {
            run(Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(p(key)));
        }
        std::fs::copy(p("client_key.pub"), p("authorized_keys")).unwrap();
        let login = account.as_ref().map_or_else(user, |a| a.name.clone());
        // Privilege separation needs this dir; it is absent on a box that
        // never ran sshd.
        let _ = std::fs::create_dir_all("/run/sshd");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nPidFile {}\n\
             AuthorizedKeysFile {}\nPubkeyAuthentication yes\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n\
             StrictModes no\nUsePAM no\nPrintMotd no\nPrintLastLog no\nLogLevel ERROR\n\
             AllowUsers {}\n",
            p("host_key").display(),
            p("sshd.pid").display(),
            p("authorized_keys").display(),
            login
        );
        std::fs::write(p("sshd_config"), config).unwrap();
        let child = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(p("sshd_config"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(p("sshd.log")).unwrap())
            .spawn()
            .expect("start sshd");
        let mut sshd = Sshd {
            dir,
            port,
            child,
            login,
            _account: account,
        };
        let t0 = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(st)) = sshd.child.try_wait() {
                panic!("sshd exited ({st}): {}", sshd.log());
            }
            assert!(
                t0.elapsed() < Duration::from_secs(10),
                "sshd did not listen: {}",
                sshd.log()
            );
            thread::sleep(Duration::from_millis(20));
        }
        sshd
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.path("sshd.log")).unwrap_or_default()
    }

    /// ssh's arguments to log in with `key`, `extra` options first (no
    /// command yet).
    pub fn client_args(&self, key: &Path, extra: &[&str]) -> Vec<String> {
        let mut a: Vec<String> = extra.iter().map(|x| x.to_string()).collect();
        a.extend(["-i".to_string(), key.display().to_string()]);
        a.extend(["-p".to_string(), self.port.to_string()]);
        for o in [
            "BatchMode=yes",
            "IdentitiesOnly=yes",
            "StrictHostKeyChecking=no",
            "UserKnownHostsFile=/dev/null",
            "LogLevel=ERROR",
        ] {
            a.extend(["-o".to_string(), o.to_string()]);
        }
        a.push(format!("{}@127.0.0.1", self.login));
        a
    }

    fn client(&self, key: &Path, extra: &[&str]) -> Command {
        let mut c = Command::new("ssh");
        c.args(self.client_args(key, extra))
            .env("TERM", "xterm-256color");
        c
    }

    /// `ssh -T` with `key`, sending `remote` (empty: none) and `stdin`; as a
    /// script or a clerk's one-off command would.
    pub fn run_as(&self, key: &Path, remote: &str, stdin: &[u8]) -> std::process::Output {
        let mut c = self.client(key, &["-T"]);
        if !remote.is_empty() {
            // `--`: a command starting with a flag is the command, not ssh's.
            c.args(["--", remote]);
        }
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ssh");
        let mut w = child.stdin.take().unwrap();
        let input = stdin.to_vec();
        let feeder = thread::spawn(move || {
            let _ = w.write_all(&input);
        });
        let out = child.wait_with_output().expect("ssh output");
        let _ = feeder.join();
        out
    }

    /// `ssh -tt` running `remote` (a shell command line) on the server.
    pub fn connect(&self, remote: &str) -> Session {
        self.connect_as(&self.path("client_key"), Some(remote))
    }

    /// `ssh -tt` with `key`; `None` sends no command (a forced command
    /// then runs with no `SSH_ORIGINAL_COMMAND`: the board).
    pub fn connect_as(&self, key: &Path, remote: Option<&str>) -> Session {
        let mut c = self.client(key, &["-tt", "-e", "none"]);
        if let Some(r) = remote {
            c.arg(r);
        }
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ssh");
        let stdin = child.stdin.take();
        let mut out = child.stdout.take().unwrap();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let s2 = Arc::clone(&seen);
        let reader = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match out.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut s = s2.lock().unwrap();
                        s.bytes.extend_from_slice(&buf[..n]);
                        s.last = Some(Instant::now());
                    }
                }
            }
            s2.lock().unwrap().closed = true;
        });
        Session {
            child,
            stdin,
            seen,
            reader: Some(reader),
        }
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Default)]
pub struct Seen {
    pub bytes: Vec<u8>,
    pub last: Option<Instant>,
    pub closed: bool,
}

pub struct Session {
    pub child: Child,
    stdin: Option<ChildStdin>,
    seen: Arc<Mutex<Seen>>,
    reader: Option<thread::JoinHandle<()>>,
}

impl Session {
    pub fn send(&mut self, bytes: &[u8]) {
        let w = self.stdin.as_mut().expect("stdin open");
        w.write_all(bytes)
            .and_then(|()| w.flush())
            .expect("send to ssh");
    }

    pub fn len(&self) -> usize {
        self.seen.lock().unwrap().bytes.len()
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.seen.lock().unwrap().bytes.clone()
    }

    /// The screen as a 24×80 terminal shows it.
    pub fn screen(&self) -> String {
        let n = |x: u16| std::num::NonZeroU16::new(x).expect("non-zero");
        let mut p = vt100::Parser::new(n(24), n(80), 0);
        p.process(&self.bytes());
        p.screen().contents()
    }

    /// Waits until the screen contains `needle`.
    pub fn wait_for(&self, needle: &str, limit: Duration) -> bool {
        let t0 = Instant::now();
        while t0.elapsed() < limit {
            if self.screen().contains(needle) {
                return true;
            }
            thread::sleep(Duration::from_millis(30));
        }
        false
    }

    /// Waits for output beyond `seen` bytes (up to `limit`), then for it to
    /// settle; returns how many bytes arrived.
    pub fn response(&self, seen: usize, limit: Duration) -> usize {
        let t0 = Instant::now();
        while self.len() == seen && t0.elapsed() < limit {
            thread::sleep(Duration::from_millis(5));
        }
        self.settle(Duration::from_millis(300), limit);
        self.len() - seen
    }

    /// Waits until no output arrived for `quiet`, up to `limit`.
    pub fn settle(&self, quiet: Duration, limit: Duration) {
        let t0 = Instant::now();
        loop {
            let last = self.seen.lock().unwrap().last;
            if last.is_some_and(|l| l.elapsed() >= quiet) || t0.elapsed() > limit {
                return;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for ssh to end on its own (the remote command exited).
    pub fn wait_closed(&mut self, limit: Duration) -> bool {
        let t0 = Instant::now();
        while t0.elapsed() < limit {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// The connection drops: the client dies without a goodbye.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.stdin = None;
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.kill();
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }
}

/// Processes whose command line contains `needle`, with their state letter
/// (R, S, Z …).
pub fn procs_with(needle: &str) -> Vec<(i32, char)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Ok(cmd) = std::fs::read(e.path().join("cmdline")) else {
            continue;
        };
        let cmd = String::from_utf8_lossy(&cmd).into_owned();
        let argv0 = cmd.split('\0').next().unwrap_or("");
        if argv0.ends_with("/duban") && cmd.contains(needle) {
            out.push((pid, state(pid).unwrap_or('?')));
        }
    }
    out
}

/// The state letter from `/proc/PID/stat`; `None` once the pid is gone.
pub fn state(pid: i32) -> Option<char> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = s.rsplit_once(')')?.1;
    after.trim_start().chars().next()
}

/// Alive = present and not a zombie waiting to be reaped.
pub fn alive(pid: i32) -> bool {
    state(pid).is_some_and(|c| c != 'Z' && c != 'X')
}
