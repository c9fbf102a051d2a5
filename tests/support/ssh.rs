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
}

impl Sshd {
    /// Starts sshd on a free port and waits until it accepts connections.
    pub fn start() -> Sshd {
        assert!(
            Path::new(SSHD).exists(),
            "{SSHD} is missing: apt-get install -y openssh-server (.ci/run does this)"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let p = |n: &str| dir.path().join(n);
        for key in ["host_key", "client_key"] {
            run(Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(p(key)));
        }
        std::fs::copy(p("client_key.pub"), p("authorized_keys")).unwrap();
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
            user()
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
        let mut sshd = Sshd { dir, port, child };
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

    /// `ssh -tt` running `remote` (a shell command line) on the server.
    pub fn connect(&self, remote: &str) -> Session {
        let mut child = Command::new("ssh")
            .args(["-tt", "-e", "none", "-i"])
            .arg(self.path("client_key"))
            .args(["-p", &self.port.to_string()])
            .args([
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "LogLevel=ERROR",
            ])
            .arg(format!("{}@127.0.0.1", user()))
            .arg(remote)
            .env("TERM", "xterm-256color")
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
