//! Signals and terminal liveness.
//!
//! Handlers only record the signal and write a byte to a self-pipe; the event
//! loop polls that pipe beside the tty, so it wakes at once and runs the
//! normal exit path (save, restore, exit 128+signo). A watchdog thread is the
//! backstop for the case the loop cannot get there: crossterm's reader spins
//! forever on a hung-up tty (crossterm#793), so a SIGHUP or a dead tty that
//! the loop has not acted on within [`GRACE`] is ended from the watchdog.

use std::io::{self, Read};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGWINCH};

use super::guard;

/// Signals that end the board; each exits with 128 + its number.
pub const EXIT_SIGNALS: [i32; 4] = [SIGTERM, SIGINT, SIGHUP, SIGQUIT];

/// How long the loop gets to exit on its own before the watchdog steps in.
/// Together with the watchdog's tick this keeps a hang-up exit under 2 s.
pub const GRACE: Duration = Duration::from_millis(1200);
const WATCH_TICK: Duration = Duration::from_millis(100);

pub struct Signals {
    received: Arc<AtomicUsize>,
    wake: UnixStream,
}

impl Signals {
    pub fn install() -> io::Result<Self> {
        let received = Arc::new(AtomicUsize::new(0));
        let (wake, notify) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        notify.set_nonblocking(true)?;
        for sig in EXIT_SIGNALS {
            signal_hook::flag::register_usize(sig, Arc::clone(&received), sig as usize)?;
            signal_hook::low_level::pipe::register(sig, notify.try_clone()?)?;
        }
        // Only a wake-up: crossterm reads the new size through its own handler.
        signal_hook::low_level::pipe::register(SIGWINCH, notify)?;
        Ok(Self { received, wake })
    }

    /// The last exit signal received, if any.
    pub fn pending(&self) -> Option<i32> {
        signal_of(&self.received)
    }

    /// The fd that becomes readable when any handled signal arrives.
    pub fn wake_fd(&self) -> impl AsFd + '_ {
        &self.wake
    }

    pub fn drain(&self) {
        let mut buf = [0u8; 64];
        while matches!((&self.wake).read(&mut buf), Ok(n) if n > 0) {}
    }

    /// Starts the backstop thread; call [`Watchdog::disarm`] once the loop
    /// has finished its own exit.
    pub fn watchdog(&self) -> Watchdog {
        let received = Arc::clone(&self.received);
        let done = Arc::new(AtomicBool::new(false));
        let done_in_thread = Arc::clone(&done);
        let spawned = thread::Builder::new()
            .name("tty-watchdog".into())
            .spawn(move || watch(&received, &done_in_thread));
        Watchdog {
            done,
            _running: spawned.is_ok(),
        }
    }
}

pub struct Watchdog {
    done: Arc<AtomicBool>,
    _running: bool,
}

impl Watchdog {
    pub fn disarm(&self) {
        self.done.store(true, Ordering::SeqCst);
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.disarm();
    }
}

fn signal_of(received: &AtomicUsize) -> Option<i32> {
    match received.load(Ordering::SeqCst) {
        0 => None,
        n => Some(n as i32),
    }
}

fn watch(received: &AtomicUsize, done: &AtomicBool) {
    let mut trouble_since: Option<Instant> = None;
    loop {
        thread::sleep(WATCH_TICK);
        if done.load(Ordering::SeqCst) {
            return;
        }
        let signal = signal_of(received);
        if trouble_since.is_none() && (signal.is_some() || !tty_alive()) {
            trouble_since = Some(Instant::now());
        }
        if let Some(since) = trouble_since
            && since.elapsed() >= GRACE
            && !done.load(Ordering::SeqCst)
        {
            guard::restore_without_flush();
            // _exit: the main thread is stuck, so no destructors can run
            // safely alongside it anyway.
            signal_hook::low_level::exit(exit_code(signal.unwrap_or(SIGHUP)));
        }
    }
}

/// Shell convention for "ended by signal N".
pub fn exit_code(signal: i32) -> i32 {
    128 + signal
}

/// A hung-up tty fails every ioctl with EIO; a live one answers `tcgetattr`.
pub fn tty_alive() -> bool {
    rustix::termios::tcgetattr(io::stdin().as_fd()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_shell_convention() {
        assert_eq!(exit_code(SIGTERM), 143);
        assert_eq!(exit_code(SIGHUP), 129);
        assert_eq!(exit_code(SIGINT), 130);
        assert_eq!(exit_code(SIGQUIT), 131);
    }

    #[test]
    fn no_signal_reads_as_none() {
        let flag = AtomicUsize::new(0);
        assert_eq!(signal_of(&flag), None);
        flag.store(SIGTERM as usize, Ordering::SeqCst);
        assert_eq!(signal_of(&flag), Some(SIGTERM));
    }
}
