//! The note in the real board at 80×24 is a small text area: a pasted
//! paragraph wraps and shows to its last character, ↑ moves one screen row
//! up inside the text (not to another field), Esc after that much typing
//! asks before throwing it away, and what is saved is what was typed.

use crate::pty;

use std::process::Command;
use std::time::Duration;

use pty::{STARTUP, Spawn, board_args, plan_title};

const WAIT: Duration = Duration::from_secs(5);

#[test]
fn a_pasted_paragraph_wraps_arrows_move_inside_it_and_esc_asks() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = board_args(dir.path());
    args.extend(["--dept".to_string(), "approval".to_string()]);
    let mut p = Spawn::duban(args).spawn().expect("spawn duban");
    assert!(p.wait_screen(STARTUP, &plan_title()), "{}", p.screen());

    p.send(b"e");
    assert!(p.wait_screen(WAIT, "工作进展"), "{}", p.screen());
    // Shift-Tab to the note, then paste 100 characters ending in 完毕.
    p.send(b"\x1b[Z");
    let body: String = "优化营商环境".repeat(17).chars().take(98).collect();
    let paragraph = format!("{body}完毕");
    p.send(format!("\x1b[200~{paragraph}\x1b[201~").as_bytes());
    assert!(
        p.wait_screen(WAIT, "完毕"),
        "the paragraph's end is on screen:\n{}",
        p.screen()
    );
    let screen = p.screen();
    assert!(
        !screen
            .lines()
            .any(|l| l.contains("优化营商环境优化") && l.contains('…')),
        "no row of the note is cut off:\n{screen}"
    );
    // At 80 columns the note wraps at 35 characters: 35 + 35 + 30. ↑ goes
    // from the end (row 3, cell 60) to row 2, cell 60: after character 65.
    p.send(b"\x1b[A");
    p.send("★".as_bytes());
    assert!(p.wait_screen(WAIT, "★"), "{}", p.screen());

    // Esc asks; another key goes back to the form with the text kept.
    p.send(b"\x1b");
    assert!(p.wait_screen(WAIT, "放弃本次填写"), "{}", p.screen());
    p.send(b"\x1b[C");
    assert!(
        p.wait_screen(WAIT, "Ctrl-S 保存"),
        "back in the form:\n{}",
        p.screen()
    );
    p.send(b"\x13");
    assert!(p.wait_screen(WAIT, "工作进展："), "{}", p.screen());
    let mut status = None;
    for _ in 0..6 {
        p.send(b"q");
        status = p.wait_exit(Duration::from_millis(500));
        if status.is_some() {
            break;
        }
    }
    assert_eq!(status.expect("duban exits").code(), Some(0));

    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(board_args(dir.path()))
        .args(["export", "--format", "json"])
        .output()
        .expect("duban export");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("export json");
    let entry = doc["chapters"][0]["measures"][0]["progress"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["dept"] == "approval")
        .cloned()
        .expect("approval entry");
    let chars: Vec<char> = paragraph.chars().collect();
    let want: String = chars[..65]
        .iter()
        .chain(['★'].iter())
        .chain(chars[65..].iter())
        .collect();
    assert_eq!(entry["note"], want.as_str(), "{entry}");
}
