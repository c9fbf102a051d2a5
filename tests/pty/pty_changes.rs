//! The changes screen and the meeting-name prompt in the real binary, in a
//! pseudo-terminal: `c` shows what moved since a review marked with
//! `duban review mark`, and a review marked from the board with a typed
//! (CJK, bracketed-paste) name is stored under that name.

use crate::pty;

use std::process::Command;
use std::time::Duration;

use pty::{STARTUP, Spawn};

const PLAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/meeting/plan");

fn duban(data: &std::path::Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["--plan", PLAN, "--data"])
        .arg(data)
        .args(args)
        .output()
        .expect("duban runs");
    assert!(out.status.success(), "{args:?}: {out:?}");
}

#[test]
fn c_shows_changes_and_m_marks_under_the_typed_name() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    duban(
        d,
        &["--dept", "tax", "set", "1.1", "--status", "in_progress"],
    );
    duban(
        d,
        &[
            "--today",
            "2021-12-20",
            "--coordinator",
            "王主任",
            "review",
            "mark",
            "2021年12月调度会",
        ],
    );
    duban(d, &["--dept", "approval", "set", "1.1", "--status", "done"]);

    // Marking a review is a coordinator's.
    let args: Vec<String> = [
        "--plan",
        PLAN,
        "--today",
        "2022-01-10",
        "--coordinator",
        "王主任",
        "--data",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([d.display().to_string()])
    .collect();
    let mut p = Spawn::duban(args).spawn().unwrap();
    assert!(p.wait_screen(STARTUP, "开办企业"), "{}", p.screen());
    p.send(b"c");
    assert!(
        p.wait_screen(STARTUP, "新完成（原未开始）"),
        "{}",
        p.screen()
    );
    let s = p.screen();
    assert!(s.contains("「2021年12月调度会」第 001 次"), "{s}");
    assert!(s.contains("新增逾期"), "{s}");
    p.send(b"q");
    p.send(b"r");
    assert!(p.wait_screen(STARTUP, "逐项过会"), "{}", p.screen());
    p.send(b"M");
    assert!(
        p.wait_screen(STARTUP, "名称：2022年1月调度会"),
        "{}",
        p.screen()
    );
    // Backspace (DEL), typed CJK, then a bracketed paste.
    p.send(b"\x7f");
    p.send("（营商".as_bytes());
    p.send(b"\x1b[200~\xe4\xb8\x93\xe9\xa2\x98\xef\xbc\x89\x1b[201~");
    assert!(
        p.wait_screen(STARTUP, "名称：2022年1月调度（营商专题）"),
        "{}",
        p.screen()
    );
    p.send(b"\r");
    assert!(
        p.wait_screen(STARTUP, "已留档：第 002 次"),
        "{}",
        p.screen()
    );
    let text = std::fs::read_to_string(d.join("reviews/002.ron")).unwrap();
    assert!(
        text.contains("name: \"2022年1月调度（营商专题）\""),
        "{text}"
    );
    p.send(b"\x03");
    assert!(p.wait_exit(Duration::from_secs(5)).is_some());
}
