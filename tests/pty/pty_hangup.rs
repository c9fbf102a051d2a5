//! The terminal goes away (ssh drops, the window closes): the pty master is
//! closed under a running board. It must exit within 2 s and not spin while
//! it does (crossterm#793, tig#164).

use crate::pty;

use std::time::{Duration, Instant};

use pty::{STARTUP, Spawn, board_args, plan_title};

const HANG_UP_LIMIT: Duration = Duration::from_secs(2);
/// A spinning reader burns the whole limit; an orderly exit uses a sliver.
const CPU_LIMIT: Duration = Duration::from_millis(300);

fn hang_up(controlling: bool, stalled: bool) {
    let data = tempfile::tempdir().unwrap();
    let mut spawn = Spawn::duban(board_args(data.path()));
    spawn.controlling = controlling;
    if stalled {
        spawn = spawn.env("DUBAN_TEST_STALL", "1");
    }
    let mut p = spawn.spawn().expect("spawn duban");
    assert!(p.wait_screen(STARTUP, &plan_title()), "no first frame");
    p.settle(Duration::from_millis(50), STARTUP);

    let cpu_before = p.cpu_time().expect("cpu time");
    let closed = Instant::now();
    p.close_master();
    // Sample CPU until the child is gone, so a spin shows up even if the
    // final reading is lost to the reaping.
    let mut cpu_last = cpu_before;
    let status = loop {
        if let Some(cpu) = p.cpu_time() {
            cpu_last = cpu;
        }
        if let Some(st) = p.wait_exit(Duration::from_millis(20)) {
            break Some(st);
        }
        if closed.elapsed() > HANG_UP_LIMIT + Duration::from_secs(3) {
            break None;
        }
    };
    let took = closed.elapsed();
    let status = status.unwrap_or_else(|| panic!("still running {took:?} after hang-up"));
    eprintln!("exit {took:?} after hang-up");
    let cpu = cpu_last.saturating_sub(cpu_before);
    assert!(cpu <= CPU_LIMIT, "used {cpu:?} of CPU after hang-up");
    assert_eq!(status.code(), Some(129), "hang-up exit code");
}

#[test]
fn closing_the_pty_of_a_controlling_terminal_ends_it_within_two_seconds() {
    // The kernel sends SIGHUP to the session: the signal path.
    hang_up(true, false);
}

#[test]
fn a_dead_tty_without_sighup_ends_it_within_two_seconds() {
    // No controlling terminal, so no SIGHUP: only POLLHUP/EIO tell.
    hang_up(false, false);
}

#[test]
fn a_stuck_event_loop_is_ended_by_the_watchdog_within_two_seconds() {
    if !cfg!(debug_assertions) {
        return; // the stall hook exists in debug builds only
    }
    // The loop never returns (as in crossterm#793); the watchdog notices the
    // dead tty on its own and ends the process.
    hang_up(false, true);
}

#[test]
fn a_stuck_event_loop_still_exits_on_sighup() {
    if !cfg!(debug_assertions) {
        return;
    }
    hang_up(true, true);
}
