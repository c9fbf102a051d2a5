//! The real binary in a pty with hostile data (T12) and a random key
//! stream (T8): every byte written to the terminal is captured.

use crate::pty;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use pty::{STARTUP, Spawn, find};

const PAYLOAD: &str =
    "\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}]0;pwned\u{7}\u{9b}6n\u{1b}[6n\u{202e}\u{200b}";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// The shipped plan with `payload` in the first chapter's title and every
/// department name, and a note carrying it on measure 1.1.
fn setup(payload: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("plan"), &plan);
    let ch = plan.join("chapters/01-开办企业.ron");
    let text = std::fs::read_to_string(&ch).unwrap();
    std::fs::write(
        &ch,
        text.replacen(
            "title: \"开办企业\"",
            &format!("title: \"开办{payload}企业\""),
            1,
        ),
    )
    .unwrap();
    let deps = plan.join("departments.ron");
    let text = std::fs::read_to_string(&deps).unwrap();
    std::fs::write(
        &deps,
        text.replace("name: \"", &format!("name: \"{payload}")),
    )
    .unwrap();
    let data = tmp.path().join("data");
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args([
            "--plan",
            plan.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ])
        .args([
            "--dept",
            "approval",
            "set",
            "1.1",
            "--note",
            &format!("备注{payload}"),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (tmp, plan, data)
}

fn run_board(payload: &str) -> (Vec<u8>, String) {
    let (_tmp, plan, data) = setup(payload);
    let args = vec![
        "--plan".into(),
        plan.display().to_string(),
        "--data".into(),
        data.display().to_string(),
        "--today".into(),
        "2021-12-15".into(),
    ];
    let mut p = Spawn::duban(args).spawn().expect("spawn duban");
    assert!(
        p.wait_screen(STARTUP, "企业"),
        "no first frame:\n{}",
        p.screen()
    );
    // Into chapter 1's measures and 1.1's detail, where the note and the
    // department names are shown.
    for key in [&b"\r"[..], b"\r", b"\r"] {
        p.send(key);
        p.settle(Duration::from_millis(150), STARTUP);
    }
    let screen = p.screen();
    for _ in 0..8 {
        p.send(b"q");
        if p.wait_exit(Duration::from_millis(500)).is_some() {
            break;
        }
    }
    assert_eq!(
        p.wait_exit(Duration::from_secs(5)).and_then(|s| s.code()),
        Some(0)
    );
    (p.bytes(), screen)
}

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

#[test]
fn hostile_plan_and_note_reach_the_terminal_inert() {
    let (bytes, screen) = run_board(PAYLOAD);
    let (plain, _) = run_board(&"x".repeat(PAYLOAD.chars().count()));
    assert!(
        find(&bytes, b"\x1b]52", 0).is_none(),
        "OSC 52 reached the tty"
    );
    assert!(
        find(&bytes, b"\x1b]0;", 0).is_none(),
        "title OSC reached the tty"
    );
    assert!(find(&bytes, b"\x1b[6n", 0).is_none(), "DSR reached the tty");
    assert!(
        find(&bytes, "\u{9b}".as_bytes(), 0).is_none(),
        "C1 CSI reached the tty"
    );
    assert!(
        find(&bytes, "\u{202e}".as_bytes(), 0).is_none(),
        "U+202E reached the tty"
    );
    assert_eq!(
        count(&bytes, b"\x07"),
        count(&plain, b"\x07"),
        "BEL count differs from a plain run"
    );
    assert!(screen.contains('␛'), "stand-ins not shown:\n{screen}");
}

/// 2 000 random keys (with resizes) into the real board; it stays up, and
/// quits cleanly with the terminal restored.
#[test]
fn random_key_stream_in_a_pty() {
    let data = tempfile::tempdir().unwrap();
    let mut p = Spawn::duban(pty::board_args(data.path()))
        .spawn()
        .expect("spawn");
    assert!(p.wait_screen(STARTUP, &pty::plan_title()), "no first frame");
    let keys: Vec<&[u8]> = vec![
        b"j",
        b"k",
        b"h",
        b"l",
        b"\r",
        b"\t",
        b"/",
        b"n",
        b"N",
        b"g",
        b"G",
        b"1",
        b"2",
        b"3",
        b"4",
        b"?",
        b":",
        b"f",
        b"o",
        b"s",
        b"\x1b",
        b"\x7f",
        b"\x1b[A",
        b"\x1b[B",
        b"\x1b[5~",
        b"\x1b[6~",
        "营".as_bytes(),
        "商".as_bytes(),
        b"\x1b[200~\xe7\x8e\xaf\xe5\xa2\x83\x1b[201~",
    ];
    let seed0: u64 = 0x9e3779b97f4a7c15 ^ std::process::id() as u64;
    eprintln!("key stream seed {seed0:#x}");
    let mut seed = seed0;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..2000 {
        let r = next();
        if r % 50 == 0 {
            p.resize((1 + next() % 300) as u16, (1 + next() % 100) as u16);
        } else {
            p.send(keys[(r as usize >> 8) % keys.len()]);
        }
        if i % 100 == 99 {
            p.settle(Duration::from_millis(20), Duration::from_secs(5));
            assert!(
                p.wait_exit(Duration::ZERO).is_none(),
                "board exited after {i} keys"
            );
        }
    }
    p.resize(80, 24);
    let before = p.len();
    let mut status = None;
    // Esc and q apart: sent together they read as Alt-q.
    for _ in 0..10 {
        p.send(b"\x1b");
        p.settle(Duration::from_millis(100), Duration::from_secs(2));
        p.send(b"q");
        status = p.wait_exit(Duration::from_millis(1000));
        if status.is_some() {
            break;
        }
    }
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(0),
        "no clean exit after Esc/q (seed {seed0:#x}); screen:\n{}",
        p.screen()
    );
    let out = p.bytes();
    assert!(
        find(&out, b"\x1b[?1049l", before).is_some(),
        "alternate screen not left"
    );
    assert_eq!(p.modes(), p.initial, "tty modes differ from before launch");
}
