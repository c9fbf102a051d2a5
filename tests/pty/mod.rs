//! Runs the real `duban` binary in a pseudo-terminal: a vt100 screen for what
//! the user would see, the raw byte stream for what was sent, termios for the
//! mode the tty was left in. Shared by the pty tests and the board benchmark.

#![allow(dead_code)] // each test crate uses a different part

use std::ffi::OsStr;
use std::fs::OpenOptions;
use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{LocalModes, Winsize, tcgetattr, tcsetwinsize};

/// Startup on a loaded 2-core machine can be slow; only hang-up is tight.
pub const STARTUP: Duration = Duration::from_secs(30);

#[derive(Default)]
pub struct Seen {
    pub bytes: Vec<u8>,
    /// When each read chunk arrived, with the byte count so far.
    pub arrivals: Vec<(Instant, usize)>,
    pub closed: bool,
}

pub struct Pty {
    master: Arc<Mutex<Option<OwnedFd>>>,
    pub child: Child,
    seen: Arc<(Mutex<Seen>, Condvar)>,
    reader: Option<JoinHandle<()>>,
    pub started: Instant,
    rows: u16,
    cols: u16,
    status: Option<ExitStatus>,
}

pub struct Spawn<'a> {
    pub program: &'a OsStr,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub cols: u16,
    pub rows: u16,
    /// Make the pty the child's controlling terminal (as a login shell's
    /// tty is). Without it a hang-up sends no SIGHUP, only EIO/POLLHUP.
    pub controlling: bool,
}

impl<'a> Spawn<'a> {
    pub fn duban(args: Vec<String>) -> Self {
        Spawn {
            program: OsStr::new(env!("CARGO_BIN_EXE_duban")),
            args,
            env: Vec::new(),
            cols: 80,
            rows: 24,
            controlling: true,
        }
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    pub fn spawn(self) -> io::Result<Pty> {
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)?;
        grantpt(&master)?;
        unlockpt(&master)?;
        let name = ptsname(&master, Vec::new())?;
        tcsetwinsize(
            &master,
            Winsize {
                ws_row: self.rows,
                ws_col: self.cols,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
        )?;
        let slave: OwnedFd = OpenOptions::new()
            .read(true)
            .write(true)
            .open(OsStr::new(
                std::str::from_utf8(name.as_bytes()).expect("pty name"),
            ))?
            .into();

        let mut cmd = Command::new(self.program);
        cmd.args(&self.args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::from(slave.try_clone()?))
            .stdout(Stdio::from(slave.try_clone()?))
            .stderr(Stdio::from(slave));
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let controlling = self.controlling;
        // SAFETY: only async-signal-safe calls (setsid, ioctl) between fork
        // and exec.
        unsafe {
            cmd.pre_exec(move || {
                rustix::process::setsid()?;
                if controlling {
                    rustix::process::ioctl_tiocsctty(io::stdin())?;
                }
                Ok(())
            });
        }
        let started = Instant::now();
        let child = cmd.spawn()?;
        drop(cmd); // our copies of the slave fd must close, or EOF never comes

        let master = Arc::new(Mutex::new(Some(master)));
        let seen = Arc::new((Mutex::new(Seen::default()), Condvar::new()));
        let reader = {
            let master = Arc::clone(&master);
            let seen = Arc::clone(&seen);
            thread::spawn(move || read_loop(&master, &seen))
        };
        Ok(Pty {
            master,
            child,
            seen,
            reader: Some(reader),
            started,
            rows: self.rows,
            cols: self.cols,
            status: None,
        })
    }
}

fn read_loop(master: &Mutex<Option<OwnedFd>>, seen: &(Mutex<Seen>, Condvar)) {
    let mut buf = [0u8; 65536];
    let tick = Timespec {
        tv_sec: 0,
        tv_nsec: 10_000_000,
    };
    loop {
        let n = {
            let guard = master.lock().unwrap();
            let Some(fd) = guard.as_ref() else { break };
            let mut fds = [PollFd::new(fd, PollFlags::IN)];
            match rustix::event::poll(&mut fds, Some(&tick)) {
                Ok(0) | Err(rustix::io::Errno::INTR) => 0,
                Ok(_) => match rustix::io::read(fd, &mut buf) {
                    Ok(0) | Err(_) => break, // EIO: every slave fd is closed
                    Ok(n) => n,
                },
                Err(_) => break,
            }
        };
        if n > 0 {
            let (lock, cv) = seen;
            let mut s = lock.lock().unwrap();
            s.bytes.extend_from_slice(&buf[..n]);
            let total = s.bytes.len();
            s.arrivals.push((Instant::now(), total));
            cv.notify_all();
        } else {
            // Let writers and `close_master` take the lock between polls.
            thread::yield_now();
        }
    }
    let (lock, cv) = seen;
    lock.lock().unwrap().closed = true;
    cv.notify_all();
}

impl Pty {
    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    pub fn send(&self, bytes: &[u8]) {
        let guard = self.master.lock().unwrap();
        let fd = guard.as_ref().expect("master still open");
        let mut rest = bytes;
        while !rest.is_empty() {
            let n = rustix::io::write(fd, rest).expect("write to pty");
            rest = &rest[n..];
        }
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.seen.0.lock().unwrap().bytes.clone()
    }

    pub fn len(&self) -> usize {
        self.seen.0.lock().unwrap().bytes.len()
    }

    pub fn with_seen<R>(&self, f: impl FnOnce(&Seen) -> R) -> R {
        f(&self.seen.0.lock().unwrap())
    }

    /// The screen as a terminal of this size shows it after all output.
    pub fn screen(&self) -> String {
        screen_of(&self.bytes(), self.rows, self.cols)
    }

    /// Waits until `pred(bytes)` holds; false on timeout.
    pub fn wait_bytes(&self, timeout: Duration, mut pred: impl FnMut(&[u8]) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let (lock, cv) = &*self.seen;
        let mut s = lock.lock().unwrap();
        loop {
            if pred(&s.bytes) {
                return true;
            }
            let now = Instant::now();
            if now >= deadline || s.closed {
                return pred(&s.bytes);
            }
            s = cv.wait_timeout(s, deadline - now).unwrap().0;
        }
    }

    pub fn wait_screen(&self, timeout: Duration, text: &str) -> bool {
        let (rows, cols) = (self.rows, self.cols);
        self.wait_bytes(timeout, |b| screen_of(b, rows, cols).contains(text))
    }

    /// Waits until output has been quiet for `quiet`; returns the byte count.
    pub fn settle(&self, quiet: Duration, max: Duration) -> usize {
        let deadline = Instant::now() + max;
        let mut last = self.len();
        let mut since = Instant::now();
        while Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
            let now = self.len();
            if now != last {
                last = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                break;
            }
        }
        last
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        let guard = self.master.lock().unwrap();
        tcsetwinsize(
            guard.as_ref().unwrap(),
            Winsize {
                ws_row: rows,
                ws_col: cols,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
        )
        .unwrap();
        self.rows = rows;
        self.cols = cols;
    }

    /// The termios local flags of the tty (read through the master side).
    pub fn local_modes(&self) -> LocalModes {
        let guard = self.master.lock().unwrap();
        tcgetattr(guard.as_ref().unwrap().as_fd())
            .expect("tcgetattr on pty")
            .local_modes
    }

    pub fn cooked(&self) -> bool {
        self.local_modes()
            .contains(LocalModes::ICANON | LocalModes::ECHO)
    }

    /// Closes our end, as sshd does when the connection drops.
    pub fn close_master(&self) {
        self.master.lock().unwrap().take();
    }

    pub fn signal(&self, sig: rustix::process::Signal) {
        rustix::process::kill_process(rustix::process::Pid::from_raw(self.pid()).unwrap(), sig)
            .expect("kill");
    }

    /// Waits for the child to exit; None on timeout.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        if self.status.is_some() {
            return self.status;
        }
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(st) = self.child.try_wait().expect("try_wait") {
                self.status = Some(st);
                // The reader sees EIO once the child's fds are all closed.
                let (lock, cv) = &*self.seen;
                let mut s = lock.lock().unwrap();
                let until = Instant::now() + Duration::from_secs(2);
                while !s.closed && Instant::now() < until {
                    s = cv.wait_timeout(s, Duration::from_millis(50)).unwrap().0;
                }
                return self.status;
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// CPU time (user + system) the child has used so far, from /proc.
    pub fn cpu_time(&self) -> Option<Duration> {
        cpu_time_of(self.pid())
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.status.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.close_master();
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }
}

pub fn screen_of(bytes: &[u8], rows: u16, cols: u16) -> String {
    let nz = |n: u16| std::num::NonZeroU16::new(n.max(1)).unwrap();
    let mut parser = vt100::Parser::new(nz(rows), nz(cols), 0);
    parser.process(bytes);
    parser.screen().contents()
}

pub fn cpu_time_of(pid: i32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields of the whole line.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    let hz = rustix::param::clock_ticks_per_second();
    Some(Duration::from_millis(ticks * 1000 / hz))
}

pub fn peak_rss_kb(pid: i32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Finds `needle` in `hay` at or after `from`.
pub fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// A fresh data dir and the fixed as-of date the tests use.
pub fn board_args(data: &std::path::Path) -> Vec<String> {
    vec![
        "--today".into(),
        "2021-12-15".into(),
        "--data".into(),
        data.display().to_string(),
    ]
}

/// Text the board's first frame always shows: the first chapter's title
/// (the board opens on the chapters pane with the first chapter selected).
pub fn plan_title() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["export", "--format", "json"])
        .output()
        .expect("duban export");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("export json");
    doc["chapters"][0]["title"]
        .as_str()
        .expect("first chapter title")
        .to_string()
}
