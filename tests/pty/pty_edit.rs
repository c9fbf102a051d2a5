//! Editing in the real board in a pseudo-terminal: a status key and a note
//! typed (CJK) and pasted, then `duban export` shows both after quitting.

use crate::pty;

use std::process::Command;
use std::time::Duration;

use pty::{STARTUP, Spawn, board_args, plan_title};

#[test]
fn status_and_a_cjk_note_typed_in_the_board_reach_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = board_args(dir.path());
    args.extend(["--dept".to_string(), "approval".to_string()]);
    let mut p = Spawn::duban(args).spawn().expect("spawn duban");
    assert!(p.wait_screen(STARTUP, &plan_title()), "{}", p.screen());

    p.send(b"i");
    assert!(
        p.wait_screen(Duration::from_secs(5), "已保存"),
        "status not saved:\n{}",
        p.screen()
    );
    p.send(b"e");
    assert!(
        p.wait_screen(Duration::from_secs(5), "工作进展"),
        "{}",
        p.screen()
    );
    // Shift-Tab to the note, type, then paste a second line.
    p.send(b"\x1b[Z");
    p.send("进展顺利".as_bytes());
    p.send(b"\r");
    p.send("\x1b[200~下周验收\x1b[201~".as_bytes());
    p.send(b"\x13");
    assert!(
        p.wait_screen(Duration::from_secs(5), "工作进展："),
        "note not saved:\n{}",
        p.screen()
    );
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
    assert_eq!(entry["status"], "in_progress", "{entry}");
    assert_eq!(entry["note"], "进展顺利\n下周验收", "{entry}");
}
