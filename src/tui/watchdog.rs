//! The backstop thread. crossterm's reader spins forever on a hung-up tty
//! (crossterm#793) and a write to a stalled terminal can block, so the main
//! thread may never reach its exit path. The watchdog gives each phase of
//! the exit a deadline and, past it, restores what it can and `_exit`s.

use std::sync::Arc;
use std::sync::atomic::{AtomicI32, AtomicU8, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use signal_hook::consts::SIGHUP;

use super::guard;
use super::signals::{exit_code, signal_of, tty_alive};

/// Where the main thread is in its life; each phase has its own deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Phase {
    /// The event loop runs; it must notice a signal or dead tty in [`GRACE`].
    Running = 0,
    /// Saving what the app still holds before a forced exit.
    Saving = 1,
    /// Handing the terminal back.
    Restoring = 2,
    Done = 3,
}

/// Loop running, trouble seen: the loop wakes on a signal at once and on a
/// dead tty within 250 ms; past this it is stuck. With the tick and the
/// restore limit below, a hang-up ends in under 2 s.
pub const GRACE: Duration = Duration::from_millis(1000);
/// Saving on a forced exit: storage must finish (or give up) within this.
pub const SAVE_LIMIT: Duration = Duration::from_millis(1500);
/// Restoring writes a few bytes; longer means the terminal is not reading.
pub const RESTORE_LIMIT: Duration = Duration::from_millis(500);
const TICK: Duration = Duration::from_millis(100);
/// How long the emergency restore may block before we exit without it.
const EMERGENCY_WRITE: Duration = Duration::from_millis(300);

struct Shared {
    phase: AtomicU8,
    /// Exit code the main thread meant to use (for a stall while restoring).
    code: AtomicI32,
}

pub struct Watchdog {
    shared: Arc<Shared>,
}

impl Watchdog {
    pub fn spawn(received: Arc<AtomicUsize>) -> Self {
        let shared = Arc::new(Shared {
            phase: AtomicU8::new(Phase::Running as u8),
            code: AtomicI32::new(exit_code(SIGHUP)),
        });
        let in_thread = Arc::clone(&shared);
        // Without the thread the board still works; it only loses the backstop.
        let _ = thread::Builder::new()
            .name("tty-watchdog".into())
            .spawn(move || watch(&received, &in_thread));
        Watchdog { shared }
    }

    /// Moves to the next phase; `code` is the exit status meant for it.
    pub fn enter(&self, phase: Phase, code: i32) {
        self.shared.code.store(code, Ordering::SeqCst);
        self.shared.phase.store(phase as u8, Ordering::SeqCst);
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.shared.phase.store(Phase::Done as u8, Ordering::SeqCst);
    }
}

fn phase_of(n: u8) -> Phase {
    match n {
        0 => Phase::Running,
        1 => Phase::Saving,
        2 => Phase::Restoring,
        _ => Phase::Done,
    }
}

/// Whether the main thread has overrun its phase: `trouble` is how long ago
/// a signal or dead tty was first seen, `in_phase` how long the phase has run.
pub fn overdue(phase: Phase, trouble: Option<Duration>, in_phase: Duration) -> bool {
    match phase {
        Phase::Running => trouble.is_some_and(|t| t >= GRACE),
        Phase::Saving => in_phase >= SAVE_LIMIT,
        Phase::Restoring => in_phase >= RESTORE_LIMIT,
        Phase::Done => false,
    }
}

fn watch(received: &AtomicUsize, shared: &Shared) {
    let mut trouble_since: Option<Instant> = None;
    let mut phase = Phase::Running;
    let mut phase_since = Instant::now();
    loop {
        thread::sleep(TICK);
        let now = phase_of(shared.phase.load(Ordering::SeqCst));
        if now == Phase::Done {
            return;
        }
        if now != phase {
            phase = now;
            phase_since = Instant::now();
        }
        let signal = signal_of(received);
        if trouble_since.is_none() && (signal.is_some() || !tty_alive()) {
            trouble_since = Some(Instant::now());
        }
        let trouble = trouble_since.map(|t| t.elapsed());
        if overdue(phase, trouble, phase_since.elapsed()) {
            let code = match (phase, signal) {
                (Phase::Running, Some(sig)) => exit_code(sig),
                (Phase::Running, None) => exit_code(SIGHUP),
                _ => shared.code.load(Ordering::SeqCst),
            };
            emergency_exit(code);
        }
    }
}

/// Restores from a helper thread so a blocked write cannot keep the process
/// alive, then `_exit`s: the main thread is stuck, so no destructor can run
/// safely beside it anyway.
fn emergency_exit(code: i32) -> ! {
    let (done_tx, done_rx) = mpsc::channel();
    let _ = thread::Builder::new().spawn(move || {
        guard::restore_without_flush();
        let _ = done_tx.send(());
    });
    let _ = done_rx.recv_timeout(EMERGENCY_WRITE);
    signal_hook::low_level::exit(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn a_running_loop_is_left_alone_until_trouble_outlasts_the_grace() {
        assert!(!overdue(Phase::Running, None, MS(60_000)));
        assert!(!overdue(Phase::Running, Some(MS(900)), MS(60_000)));
        assert!(overdue(Phase::Running, Some(GRACE), MS(0)));
    }

    #[test]
    fn saving_and_restoring_have_their_own_limits() {
        assert!(!overdue(Phase::Saving, Some(MS(5000)), MS(1000)));
        assert!(overdue(Phase::Saving, None, SAVE_LIMIT));
        assert!(!overdue(Phase::Restoring, Some(MS(5000)), MS(400)));
        assert!(overdue(Phase::Restoring, None, RESTORE_LIMIT));
        assert!(!overdue(Phase::Done, Some(MS(60_000)), MS(60_000)));
    }

    #[test]
    fn the_worst_case_hang_up_ends_within_two_seconds() {
        // Trouble is noticed up to one tick late, acted on one tick late,
        // then the emergency write may block for its whole allowance.
        let worst = TICK + GRACE + TICK + EMERGENCY_WRITE;
        assert!(worst <= Duration::from_secs(2), "{worst:?}");
    }

    #[test]
    fn a_forced_exit_saves_well_inside_the_saving_allowance() {
        // Past SAVE_LIMIT the watchdog exits without saying where the
        // unsaved edits went; the exit's own wait must end first.
        assert!(super::super::recovery::SAVE_WAIT * 3 / 2 <= SAVE_LIMIT);
    }

    #[test]
    fn phases_round_trip_through_their_numbers() {
        for p in [Phase::Running, Phase::Saving, Phase::Restoring, Phase::Done] {
            assert_eq!(phase_of(p as u8), p);
        }
    }
}
