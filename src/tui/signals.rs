//! Signals and terminal liveness.
//!
//! Handlers only record the signal and write a byte to a self-pipe; the event
//! loop polls that pipe beside the tty, so it wakes at once and runs the
//! normal exit path (save, restore, exit 128+signo). The [`Watchdog`] is the
//! backstop for when the loop cannot get there.

use std::io::{self, Read};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};

use super::watchdog::Watchdog;

/// Signals that end the board; each exits with 128 + its number.
pub const EXIT_SIGNALS: [i32; 4] = [SIGTERM, SIGINT, SIGHUP, SIGQUIT];

pub struct Signals {
    received: Arc<AtomicUsize>,
    /// SIGTSTP: the user's job control asks the board to step aside.
    suspend: Arc<AtomicBool>,
    /// SIGCONT: running again after a stop.
    resumed: Arc<AtomicBool>,
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
        let suspend = Arc::new(AtomicBool::new(false));
        let resumed = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(SIGTSTP, Arc::clone(&suspend))?;
        signal_hook::flag::register(SIGCONT, Arc::clone(&resumed))?;
        signal_hook::low_level::pipe::register(SIGTSTP, notify.try_clone()?)?;
        signal_hook::low_level::pipe::register(SIGCONT, notify.try_clone()?)?;
        // Only a wake-up: crossterm reads the new size through its own handler.
        signal_hook::low_level::pipe::register(SIGWINCH, notify)?;
        Ok(Self {
            received,
            suspend,
            resumed,
            wake,
        })
    }

    /// A SIGTSTP arrived since the last call.
    pub fn take_suspend(&self) -> bool {
        self.suspend.swap(false, Ordering::SeqCst)
    }

    /// A SIGCONT arrived since the last call.
    pub fn take_resumed(&self) -> bool {
        self.resumed.swap(false, Ordering::SeqCst)
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

    pub fn watchdog(&self) -> Watchdog {
        Watchdog::spawn(Arc::clone(&self.received))
    }
}

pub(super) fn signal_of(received: &AtomicUsize) -> Option<i32> {
    match received.load(Ordering::SeqCst) {
        0 => None,
        n => Some(n as i32),
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
