//! The board in a real pseudo-terminal: first frame, input, resize, idle,
//! quit, and the terminal handed back in the state it was found.

use crate::pty;

use std::time::Duration;

use pty::{STARTUP, Spawn, board_args, find, plan_title};

fn start(data: &std::path::Path) -> pty::Pty {
    let p = Spawn::duban(board_args(data)).spawn().expect("spawn duban");
    let title = plan_title();
    assert!(
        p.wait_screen(STARTUP, &title),
        "first frame never showed the plan title {title:?}; screen:\n{}",
        p.screen()
    );
    p
}

/// Quits with `q` and checks everything the guard promised to undo. `q`
/// backs out one level (detail → measures → chapters) before it quits, so
/// it is pressed until the board is gone.
fn quit_and_check_restored(mut p: pty::Pty) -> Vec<u8> {
    let before_quit = p.len();
    let mut status = None;
    for _ in 0..6 {
        p.send(b"q");
        status = p.wait_exit(Duration::from_millis(500));
        if status.is_some() {
            break;
        }
    }
    let status = status.expect("duban did not exit after q");
    assert_eq!(status.code(), Some(0), "exit status after q");
    let out = p.bytes();
    let leave = find(&out, b"\x1b[?1049l", before_quit).expect("alternate screen not left");
    find(&out, b"\x1b[?25h", leave).expect("cursor not shown after leaving");
    find(&out, b"\x1b[?1000l", before_quit).expect("mouse capture not turned off");
    find(&out, b"\x1b[?2004l", before_quit).expect("bracketed paste not turned off");
    assert!(p.cooked(), "tty left in raw mode: {:?}", p.local_modes());
    assert_eq!(p.modes(), p.initial, "tty modes differ from before launch");
    out
}

#[test]
fn first_frame_shows_the_plan_and_q_restores_the_terminal() {
    let data = tempfile::tempdir().unwrap();
    let p = start(data.path());
    let out = p.bytes();
    assert!(
        find(&out, b"\x1b[?1049h", 0).is_some(),
        "no alternate screen"
    );
    assert!(!p.cooked(), "board runs in raw mode");
    quit_and_check_restored(p);
}

#[test]
fn navigation_and_search_change_the_screen_and_the_board_stays_up() {
    let data = tempfile::tempdir().unwrap();
    let p = start(data.path());
    p.settle(Duration::from_millis(100), STARTUP);
    // Each step must visibly change the screen (text or attributes).
    let steps: [(&str, &[u8]); 4] = [
        ("j selects the next chapter", b"j"),
        ("Enter drills into the measures", b"\r"),
        ("/ opens the search prompt", "/营商".as_bytes()),
        ("Enter runs the search", b"\r"),
    ];
    for (what, key) in steps {
        let before = p.screen_formatted();
        let sent_at = p.len();
        p.send(key);
        assert!(
            p.wait_bytes(STARTUP, |b| b.len() > sent_at),
            "no redraw: {what}"
        );
        p.settle(Duration::from_millis(100), STARTUP);
        assert_ne!(p.screen_formatted(), before, "screen unchanged: {what}");
    }
    let screen = p.screen();
    assert!(screen.contains("营商"), "search text not shown:\n{screen}");
    assert!(!p.cooked(), "still in raw mode while running");
    // The search left the measures pane focused; q there steps back, so
    // return to the top-level pane first, where q quits.
    p.send(b"h");
    quit_and_check_restored(p);
}

#[test]
fn resize_redraws_at_the_new_width() {
    let data = tempfile::tempdir().unwrap();
    let mut p = start(data.path());
    p.settle(Duration::from_millis(100), STARTUP);
    let wide = p.screen();
    let before = p.len();
    p.resize(20, 10);
    assert!(
        p.wait_bytes(STARTUP, |b| b.len() > before),
        "no redraw after SIGWINCH"
    );
    p.settle(Duration::from_millis(100), STARTUP);
    let narrow = p.screen();
    assert_ne!(wide, narrow);
    for line in narrow.lines() {
        // Box-drawing and "…" are one cell, CJK two: measure as the board does.
        let width = duban::text::width(line);
        assert!(
            width <= 20,
            "row wider than 20 cells after resize: {line:?}"
        );
    }
    quit_and_check_restored(p);
}

#[test]
fn an_idle_board_writes_nothing_and_sleeps() {
    let data = tempfile::tempdir().unwrap();
    let p = start(data.path());
    let settled = p.settle(Duration::from_millis(200), STARTUP);
    let cpu_before = p.cpu_time().expect("cpu time");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(p.len(), settled, "output without input: a timer repaint");
    // Only the liveness checks (4/s) and the watchdog tick (10/s) run.
    let cpu = p.cpu_time().expect("cpu time") - cpu_before;
    assert!(
        cpu <= Duration::from_millis(100),
        "idle board used {cpu:?} CPU"
    );
    quit_and_check_restored(p);
}

#[test]
fn no_color_sends_no_colour_escapes() {
    let data = tempfile::tempdir().unwrap();
    let p = Spawn::duban(board_args(data.path()))
        .env("NO_COLOR", "1")
        .spawn()
        .unwrap();
    assert!(p.wait_screen(STARTUP, &plan_title()));
    p.send(b"j");
    p.settle(Duration::from_millis(100), STARTUP);
    let out = quit_and_check_restored(p);
    let text = String::from_utf8_lossy(&out);
    for sgr in text.split("\x1b[").skip(1) {
        let Some(end) = sgr.find(|c: char| c.is_ascii_alphabetic()) else {
            continue;
        };
        if &sgr[end..=end] != "m" {
            continue;
        }
        for param in sgr[..end].split(';') {
            let colour = matches!(
                param.parse::<u32>(),
                Ok(30..=38 | 40..=48 | 58 | 90..=97 | 100..=107)
            );
            assert!(!colour, "colour SGR {:?} with NO_COLOR set", &sgr[..=end]);
        }
    }
}

#[test]
fn without_a_terminal_it_refuses_cleanly() {
    let data = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(board_args(data.path()))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "wrote to a non-terminal stdout");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("terminal"), "unclear error: {err}");
}

#[test]
fn ctrl_c_is_a_key_in_raw_mode_and_quits_cleanly() {
    let data = tempfile::tempdir().unwrap();
    let mut p = start(data.path());
    p.settle(Duration::from_millis(50), STARTUP);
    let before = p.len();
    // ISIG is off in raw mode: 0x03 arrives as a key, not as SIGINT (130).
    p.send(b"\x03");
    let status = p.wait_exit(STARTUP).expect("no exit after Ctrl-C");
    assert_eq!(status.code(), Some(0), "Ctrl-C exit status");
    let out = p.bytes();
    let leave = find(&out, b"\x1b[?1049l", before).expect("alternate screen not left");
    find(&out, b"\x1b[?25h", leave).expect("cursor not shown");
    assert_eq!(p.modes(), p.initial, "tty modes differ from before launch");
}

#[test]
fn progress_saved_by_duban_set_shows_on_the_board() {
    let data = tempfile::tempdir().unwrap();
    let set = std::process::Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["set", "1.1", "--dept", "approval", "--status", "blocked"])
        .args(["--note", "等待市级系统"])
        .args(board_args(data.path()))
        .output()
        .unwrap();
    assert!(set.status.success(), "duban set failed: {set:?}");

    let p = start(data.path());
    p.settle(Duration::from_millis(100), STARTUP);
    // Into chapter 1's measures, then measure 1.1's detail.
    for key in [b"\r", b"\r"] {
        p.send(key);
        p.settle(Duration::from_millis(100), STARTUP);
    }
    assert!(
        p.wait_screen(STARTUP, "受阻"),
        "the saved status is not on the board:\n{}",
        p.screen()
    );
    quit_and_check_restored(p);
}

#[test]
fn an_unreadable_data_dir_is_reported_before_the_terminal_is_taken() {
    let parent = tempfile::tempdir().unwrap();
    // A file where the data dir should be.
    let data = parent.path().join("not-a-dir");
    std::fs::write(&data, "x").unwrap();
    let mut p = Spawn::duban(board_args(&data)).spawn().unwrap();
    let status = p.wait_exit(STARTUP).expect("no exit");
    assert_eq!(status.code(), Some(1));
    let out = p.bytes();
    assert!(
        find(&out, b"\x1b[?1049h", 0).is_none(),
        "took the terminal before failing"
    );
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("无法读取进度"), "unclear message: {text}");
    assert_eq!(p.modes(), p.initial);
}
