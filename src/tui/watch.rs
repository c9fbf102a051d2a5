//! Watching the data dir for what other processes save. The platform's
//! file notification (inotify on Linux, FSEvents on macOS, through the
//! `notify` crate) waits in the kernel, so watching costs nothing while
//! nobody saves; each relevant event writes a byte to a socket pair the
//! event loop polls, as the save writer's outcomes do. Bursts (a save
//! appends history, writes a temp file, links the backup, renames) are
//! debounced into one reload: [`QUIET`] after the last event, at most
//! [`MAX_WAIT`] after the first.
//!
//! Events that only read (the board's own reload opens every ledger) and
//! the lock file are ignored, or a reload would wake the next one.
//!
//! A data dir that does not exist yet (it is made at the first save) is
//! looked for again on the loop's liveness tick, one `stat` each time.
//! Should the platform's notification be unavailable (inotify's watch
//! limit reached), notify's polling watcher stats the files every
//! [`POLL_FALLBACK`] instead, and the status line says so.

use std::io::{self, Read, Write};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{PollWatcher, RecursiveMode, Watcher};

use crate::lang::Lang;

/// Quiet time after the last event before the reload.
pub const QUIET: Duration = Duration::from_millis(80);
/// Longest a reload waits behind a stream of events.
pub const MAX_WAIT: Duration = Duration::from_millis(400);
/// How often the fallback polling watcher looks at the files.
pub const POLL_FALLBACK: Duration = Duration::from_secs(1);

pub struct Watch {
    dir: PathBuf,
    watcher: Option<Box<dyn Watcher + Send>>,
    wake: UnixStream,
    notify: UnixStream,
    /// When the first and the last event of the current burst came.
    burst: Option<(Instant, Instant)>,
    /// Why the platform's notification is not used (watching is off, or
    /// polls).
    pub problem: Option<String>,
}

/// The status line's word when the platform's notification is not used:
/// `polling` when the fallback watcher runs.
pub fn unavailable(lang: Lang, polling: bool, why: &str) -> String {
    match (lang, polling) {
        (Lang::Zh, true) => format!("文件通知不可用，每秒检查一次其他用户的保存：{why}"),
        (Lang::En, true) => {
            format!("file notification unavailable; others' saves are checked every second: {why}")
        }
        (Lang::Zh, false) => format!("无法监视数据目录，其他用户的保存需重启后可见：{why}"),
        (Lang::En, false) => {
            format!("cannot watch the data dir; others' saves show after a restart: {why}")
        }
    }
}

/// Whether an event may mean a ledger or history file changed.
fn relevant(ev: &notify::Event) -> bool {
    let writes = match ev.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    };
    writes
        && ev.paths.iter().any(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_none_or(|n| !n.ends_with(".lock"))
        })
}

impl Watch {
    /// Starts watching `dir` if it exists; never fails (the board works
    /// without live updates, and says why).
    pub fn start(dir: &Path) -> io::Result<Watch> {
        let (wake, notify) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        notify.set_nonblocking(true)?;
        let mut w = Watch {
            dir: dir.to_path_buf(),
            watcher: None,
            wake,
            notify,
            burst: None,
            problem: None,
        };
        w.retry();
        Ok(w)
    }

    pub fn watching(&self) -> bool {
        self.watcher.is_some()
    }

    /// Tries to start the watcher; true when it just started on a dir that
    /// appeared since, which may already hold saves (a reload is due).
    pub fn retry(&mut self) -> bool {
        if self.watcher.is_some() || !self.dir.is_dir() {
            return false;
        }
        let handler = |tx: UnixStream| {
            move |res: notify::Result<notify::Event>| {
                // An error from the backend (queue overflow) may hide a change.
                if res.as_ref().map_or(true, relevant) {
                    // A full socket already means "wake up".
                    let _ = (&tx).write(&[1]);
                }
            }
        };
        let (native, polling) = match (self.notify.try_clone(), self.notify.try_clone()) {
            (Ok(a), Ok(b)) => (handler(a), handler(b)),
            (Err(e), _) | (_, Err(e)) => {
                self.problem = Some(e.to_string());
                return false;
            }
        };
        let dir = self.dir.clone();
        let watch = move |mut w: Box<dyn Watcher + Send>| {
            w.watch(&dir, RecursiveMode::Recursive).map(|()| w)
        };
        let started = notify::recommended_watcher(native)
            .map(|w| Box::new(w) as Box<dyn Watcher + Send>)
            .and_then(&watch);
        match started {
            Ok(w) => {
                self.watcher = Some(w);
                self.problem = None;
                true
            }
            Err(e) => {
                let cfg = notify::Config::default().with_poll_interval(POLL_FALLBACK);
                let polled = PollWatcher::new(polling, cfg)
                    .map(|w| Box::new(w) as Box<dyn Watcher + Send>)
                    .and_then(&watch);
                self.problem = Some(e.to_string());
                match polled {
                    Ok(w) => {
                        self.watcher = Some(w);
                        true
                    }
                    Err(_) => false,
                }
            }
        }
    }

    /// Readable when an event came.
    pub fn wake_fd(&self) -> impl AsFd + '_ {
        &self.wake
    }

    /// Takes the events that came (the fd was readable).
    pub fn drain(&mut self, now: Instant) {
        let mut buf = [0u8; 256];
        let mut any = false;
        while matches!((&self.wake).read(&mut buf), Ok(n) if n > 0) {
            any = true;
        }
        if any {
            self.mark(now);
        }
    }

    /// Counts an event at `now` into the current burst.
    pub fn mark(&mut self, now: Instant) {
        self.burst = Some(match self.burst {
            Some((first, _)) => (first, now),
            None => (now, now),
        });
    }

    /// How long until the burst's reload is due; `None` without a burst.
    pub fn timeout(&self, now: Instant) -> Option<Duration> {
        let (first, last) = self.burst?;
        let due = (last + QUIET).min(first + MAX_WAIT);
        Some(due.saturating_duration_since(now))
    }

    /// Whether the reload is due now; ends the burst if so.
    pub fn due(&mut self, now: Instant) -> bool {
        if self.timeout(now).is_some_and(|t| t.is_zero()) {
            self.burst = None;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_due_after_the_quiet_time_or_the_longest_wait() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Watch::start(dir.path()).unwrap();
        let t0 = Instant::now();
        assert_eq!(w.timeout(t0), None);
        assert!(!w.due(t0));
        w.mark(t0);
        assert!(!w.due(t0 + QUIET / 2));
        assert!(w.due(t0 + QUIET));
        assert!(!w.due(t0 + QUIET), "the burst ended");
        // Events every 50 ms: due at the longest wait all the same.
        let mut t = t0;
        w.mark(t);
        while t < t0 + MAX_WAIT {
            assert!(!w.due(t), "{:?}", t - t0);
            t += Duration::from_millis(50);
            w.mark(t);
        }
        assert!(w.due(t));
    }

    #[test]
    fn a_file_written_in_the_dir_wakes_the_fd_and_a_read_does_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("tax.ron"), "x").unwrap();
        let mut w = Watch::start(dir.path()).unwrap();
        assert!(w.watching());
        let readable = |w: &Watch, ms: i64| {
            let fd = w.wake_fd();
            let mut fds = [rustix::event::PollFd::new(
                &fd,
                rustix::event::PollFlags::IN,
            )];
            let t = rustix::event::Timespec {
                tv_sec: ms / 1000,
                tv_nsec: (ms % 1000) * 1_000_000,
            };
            rustix::event::poll(&mut fds, Some(&t)).unwrap() > 0
        };
        let _ = std::fs::read(dir.path().join("tax.ron")).unwrap();
        assert!(!readable(&w, 300), "a read woke the board");
        std::fs::write(dir.path().join("tax.ron"), "y").unwrap();
        assert!(readable(&w, 5000), "a write did not wake the board");
        w.drain(Instant::now());
        assert!(w.timeout(Instant::now()).is_some());
    }

    #[test]
    fn a_dir_made_later_is_watched_on_retry() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("later");
        let mut w = Watch::start(&data).unwrap();
        assert!(!w.watching());
        assert!(!w.retry());
        std::fs::create_dir(&data).unwrap();
        assert!(w.retry());
        assert!(w.watching());
    }
}
