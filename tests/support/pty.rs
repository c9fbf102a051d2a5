//! Runs the real `duban` binary in a pseudo-terminal: a vt100 screen for what
//! the user would see, the raw byte stream for what was sent, termios for the
//! mode the tty was left in. Shared by the pty tests and the board benchmark.

#![allow(dead_code)] // each test crate uses a different part

use std::ffi::OsStr;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{
    ControlModes, InputModes, LocalModes, OutputModes, Winsize, tcgetattr, tcsetwinsize,
};

/// The mode flags `stty -g` prints, for before/after comparison.
pub type Modes = (InputModes, OutputModes, ControlModes, LocalModes);

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
    /// The test's copy of the master: writes, termios, window size.
    master: Mutex<Option<OwnedFd>>,
    /// Tells the reader to close its copy (see `close_master`).
    stop: UnixStream,
    paused: Arc<AtomicBool>,
    /// The tty's modes before the child started.
    pub initial: Modes,
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

        let initial = modes_of(&master);
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

        // The reader owns one copy of the master and waits on it without a
        // lock, so a key written by the test is never held up behind a poll.
        let reader_fd = master.try_clone()?;
        let (stop_rx, stop_tx) = UnixStream::pair()?;
        let master = Mutex::new(Some(master));
        let seen = Arc::new((Mutex::new(Seen::default()), Condvar::new()));
        let paused = Arc::new(AtomicBool::new(false));
        let reader = {
            let seen = Arc::clone(&seen);
            let paused = Arc::clone(&paused);
            thread::spawn(move || read_loop(reader_fd, stop_rx, &paused, &seen))
        };
        Ok(Pty {
            master,
            stop: stop_tx,
            paused,
            initial,
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

fn read_loop(fd: OwnedFd, stop: UnixStream, paused: &AtomicBool, seen: &(Mutex<Seen>, Condvar)) {
    let mut buf = [0u8; 65536];
    let tick = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 10_000_000,
    };
    loop {
        // While paused the master is not even polled: the terminal has
        // stopped reading, and the child's writes fill the pty and block.
        let watched = if paused.load(Ordering::SeqCst) {
            PollFlags::empty()
        } else {
            PollFlags::IN
        };
        let mut fds = [PollFd::new(&fd, watched), PollFd::new(&stop, PollFlags::IN)];
        match rustix::event::poll(&mut fds, Some(&tick)) {
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => break,
        }
        if !fds[1].revents().is_empty() {
            break;
        }
        if !fds[0]
            .revents()
            .intersects(PollFlags::IN | PollFlags::HUP | PollFlags::ERR)
        {
            continue;
        }
        let n = match rustix::io::read(&fd, &mut buf) {
            Ok(0) | Err(_) => break, // EIO: every slave fd is closed
            Ok(n) => n,
        };
        let (lock, cv) = seen;
        let mut s = lock.lock().unwrap();
        s.bytes.extend_from_slice(&buf[..n]);
        let total = s.bytes.len();
        s.arrivals.push((Instant::now(), total));
        cv.notify_all();
    }
    drop(fd);
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
    /// The screen with attributes (colour, reverse, bold) as escape codes,
    /// so a moved highlight counts as a change.
    pub fn screen_formatted(&self) -> String {
        let nz = |n: u16| std::num::NonZeroU16::new(n.max(1)).unwrap();
        let mut parser = vt100::Parser::new(nz(self.rows), nz(self.cols), 0);
        parser.process(&self.bytes());
        parser.screen().contents_formatted()
    }

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

    pub fn modes(&self) -> Modes {
        modes_of(self.master.lock().unwrap().as_ref().unwrap())
    }

    pub fn cooked(&self) -> bool {
        self.local_modes()
            .contains(LocalModes::ICANON | LocalModes::ECHO)
    }

    /// Stops (or resumes) reading the child's output, as a terminal behind a
    /// stalled network does.
    pub fn pause_reading(&self, paused: bool) {
        self.paused.store(paused, Ordering::SeqCst);
    }

    /// Closes our end, as sshd does when the connection drops: both copies
    /// of the master are closed when this returns.
    pub fn close_master(&self) {
        self.master.lock().unwrap().take();
        let _ = (&self.stop).write_all(b"x");
        let (lock, cv) = &*self.seen;
        let mut s = lock.lock().unwrap();
        while !s.closed {
            s = cv.wait(s).unwrap();
        }
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

fn modes_of(fd: &OwnedFd) -> Modes {
    let t = tcgetattr(fd).expect("tcgetattr on pty");
    (
        t.input_modes,
        t.output_modes,
        t.control_modes,
        t.local_modes,
    )
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
