//! Every way the board can be ended from outside gives the terminal back:
//! SIGTERM, SIGINT, SIGQUIT, SIGHUP and a panic, each with its exit code.

use crate::pty;

use std::time::{Duration, Instant};

use pty::{STARTUP, Spawn, board_args, find, plan_title};
use rustix::process::Signal;

fn started(spawn: Spawn) -> pty::Pty {
    let p = spawn.spawn().expect("spawn duban");
    assert!(
        p.wait_screen(STARTUP, &plan_title()),
        "no first frame; screen:\n{}",
        p.screen()
    );
    p.settle(Duration::from_millis(50), STARTUP);
    p
}

fn assert_restored_after(p: &pty::Pty, from: usize) {
    let out = p.bytes();
    let leave = find(&out, b"\x1b[?1049l", from).expect("alternate screen not left");
    find(&out, b"\x1b[?25h", leave).expect("cursor not shown");
    assert!(p.cooked(), "tty left in raw mode: {:?}", p.local_modes());
    assert_eq!(p.modes(), p.initial, "tty modes differ from before launch");
}

/// Sends `sig` to a running board; returns how long it took to exit.
fn signal_case(sig: Signal, code: i32) -> Duration {
    let data = tempfile::tempdir().unwrap();
    let mut p = started(Spawn::duban(board_args(data.path())));
    let before = p.len();
    let sent = Instant::now();
    p.signal(sig);
    let status = p.wait_exit(STARTUP).expect("no exit after signal");
    let took = sent.elapsed();
    assert_eq!(status.code(), Some(code), "exit code after {sig:?}");
    assert_restored_after(&p, before);
    took
}

#[test]
fn sigterm_restores_and_exits_143() {
    signal_case(Signal::TERM, 143);
}

#[test]
fn sigint_restores_and_exits_130() {
    signal_case(Signal::INT, 130);
}

#[test]
fn sigquit_restores_and_exits_131() {
    signal_case(Signal::QUIT, 131);
}

#[test]
fn sighup_restores_and_exits_within_two_seconds() {
    let took = signal_case(Signal::HUP, 129);
    assert!(took <= Duration::from_secs(2), "SIGHUP exit took {took:?}");
}

#[test]
fn a_panic_restores_first_then_prints_its_message() {
    if !cfg!(debug_assertions) {
        // The panic hook is a debug-build-only test hook.
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let mut p = Spawn::duban(board_args(data.path()))
        .env("DUBAN_TEST_PANIC", "1")
        .env("RUST_BACKTRACE", "0")
        .spawn()
        .unwrap();
    let status = p.wait_exit(STARTUP).expect("no exit after panic");
    assert_eq!(status.code(), Some(101), "panic exit code");
    let out = p.bytes();
    let entered = find(&out, b"\x1b[?1049h", 0).expect("never entered the board");
    let leave = find(&out, b"\x1b[?1049l", entered).expect("alternate screen not left");
    find(&out, b"\x1b[?25h", leave).expect("cursor not shown");
    let msg =
        find(&out, b"deliberate panic after the first frame", 0).expect("panic message missing");
    assert!(
        msg > leave,
        "panic message written before the terminal was restored"
    );
    assert!(p.cooked(), "tty left in raw mode");
    assert_eq!(p.modes(), p.initial, "tty modes differ from before launch");
}

#[test]
fn a_stuck_loop_on_sigterm_is_restored_by_the_watchdog() {
    if !cfg!(debug_assertions) {
        return; // the stall hook exists in debug builds only
    }
    let data = tempfile::tempdir().unwrap();
    let mut p = started(Spawn::duban(board_args(data.path())).env("DUBAN_TEST_STALL", "1"));
    let before = p.len();
    let sent = Instant::now();
    p.signal(Signal::TERM);
    // Stalled in debug hooks, only the watchdog can end it: an exit at all
    // is the property; how soon is measured in benches/, not asserted here.
    let status = p.wait_exit(STARTUP).expect("no exit after SIGTERM");
    eprintln!("stalled board: exit {:?} after SIGTERM", sent.elapsed());
    assert_eq!(status.code(), Some(143));
    assert_restored_after(&p, before);
}

#[test]
fn a_terminal_that_stops_reading_still_exits_on_sigterm() {
    let data = tempfile::tempdir().unwrap();
    let mut p = started(Spawn::duban(board_args(data.path())));
    p.pause_reading(true);
    // Every resize is a full redraw; enough of them fill the pty and the
    // board blocks in write(2), where no signal check can run.
    let blocked = Instant::now();
    let mut stalled = false;
    for i in 0..4000 {
        let (cols, rows) = if i % 2 == 0 { (60, 20) } else { (80, 24) };
        p.resize(cols, rows);
        std::thread::sleep(Duration::from_millis(1));
        if i % 50 == 49 && blocked_in_write(p.pid()) {
            stalled = true;
            break;
        }
        if blocked.elapsed() > STARTUP {
            break;
        }
    }
    assert!(stalled, "could not get the board blocked on output");
    let sent = Instant::now();
    p.signal(Signal::TERM);
    let status = p
        .wait_exit(Duration::from_secs(10))
        .expect("no exit after SIGTERM");
    let took = sent.elapsed();
    p.pause_reading(false);
    eprintln!("stalled terminal: exit {took:?} after SIGTERM");
    assert_eq!(status.code(), Some(143));
    assert!(p.cooked(), "tty left in raw mode");
    assert_eq!(p.modes(), p.initial, "tty modes differ from before launch");
}

/// The main thread is asleep in a tty write (`/proc/PID/wchan`).
fn blocked_in_write(pid: i32) -> bool {
    let wchan = std::fs::read_to_string(format!("/proc/{pid}/wchan")).unwrap_or_default();
    wchan.contains("tty_write") || wchan.contains("wait_woken")
}

#[test]
fn sigtstp_hands_the_terminal_back_and_sigcont_takes_it_again() {
    let data = tempfile::tempdir().unwrap();
    let mut p = started(Spawn::duban(board_args(data.path())));
    let before = p.len();
    p.signal(Signal::TSTP);
    assert!(
        wait_state(p.pid(), 'T', STARTUP),
        "the board did not stop on SIGTSTP"
    );
    // The restore was written before the process stopped, but the harness
    // reads the pty on its own thread: wait for the bytes to arrive.
    p.wait_bytes(STARTUP, |b| {
        find(b, b"\x1b[?1049l", before).is_some_and(|l| find(b, b"\x1b[?25h", l).is_some())
    });
    assert_restored_after(&p, before);

    let stopped_at = p.len();
    p.signal(Signal::CONT);
    let title = plan_title();
    assert!(
        p.wait_bytes(STARTUP, |b| find(b, b"\x1b[?1049h", stopped_at).is_some()),
        "alternate screen not re-entered after SIGCONT"
    );
    let resumed_at = find(&p.bytes(), b"\x1b[?1049h", stopped_at).unwrap();
    assert!(
        p.wait_bytes(STARTUP, |b| pty::screen_of(&b[resumed_at..], 24, 80)
            .contains(&title)),
        "board not redrawn after SIGCONT: {:?}",
        String::from_utf8_lossy(&p.bytes()[stopped_at..])
    );
    assert!(!p.cooked(), "raw mode not taken again after SIGCONT");

    let before_quit = p.len();
    p.send(b"q");
    let status = p.wait_exit(STARTUP).expect("no exit after q");
    assert_eq!(status.code(), Some(0));
    assert_restored_after(&p, before_quit);
}

/// Waits until /proc/PID/stat shows the given state letter.
fn wait_state(pid: i32, state: char, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if let Some(i) = stat.rfind(')')
            && stat[i + 1..].trim_start().starts_with(state)
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}
