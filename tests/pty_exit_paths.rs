//! Every way the board can be ended from outside gives the terminal back:
//! SIGTERM, SIGINT, SIGQUIT, SIGHUP and a panic, each with its exit code.

mod pty;

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
    let status = p.wait_exit(STARTUP).expect("no exit after SIGTERM");
    assert!(
        sent.elapsed() <= Duration::from_secs(2),
        "watchdog too slow"
    );
    assert_eq!(status.code(), Some(143));
    assert_restored_after(&p, before);
}
