//! Signals never drop edits silently: with another process holding the
//! data dir's lock, a board ended by SIGTERM or SIGHUP writes what it could
//! not save — queued edits and a note typed in a form still open — to a
//! recovery file; the CLI then names `duban recover`, and the next board
//! start offers to apply it.

use crate::pty;

use std::fs::{File, OpenOptions};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use pty::{STARTUP, Spawn, board_args, plan_title};
use rustix::fs::{FlockOperation, flock};
use rustix::process::Signal;

/// Holds `<data>/duban.lock` as another duban process would while it saves.
fn hold_lock(data: &Path) -> File {
    let f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(data.join("duban.lock"))
        .expect("open the lock file");
    flock(&f, FlockOperation::LockExclusive).expect("take the lock");
    f
}

fn board(data: &Path) -> pty::Pty {
    board_with(data, true)
}

/// `controlling`: whether the pty is the board's controlling terminal (so
/// closing it sends SIGHUP) or only its stdin and stdout.
fn board_with(data: &Path, controlling: bool) -> pty::Pty {
    let mut args = board_args(data);
    args.extend(["--dept".to_string(), "approval".to_string()]);
    let mut spawn = Spawn::duban(args);
    spawn.controlling = controlling;
    spawn.spawn().expect("spawn duban")
}

/// How the board is ended.
enum End {
    Signal(Signal),
    /// The terminal closed under a board it is not the controlling tty of.
    Closed,
}

fn recovery_files(data: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(data)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("recovery-") && n.ends_with(".json")
        })
        .collect();
    v.sort();
    v
}

/// Measure 1.1 of the approval department as `duban export` shows it.
fn entry(data: &Path) -> (serde_json::Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(board_args(data))
        .args(["export", "--format", "json"])
        .output()
        .expect("duban export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("export json");
    let e = doc["chapters"][0]["measures"][0]["progress"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["dept"] == "approval")
        .cloned()
        .unwrap_or_default();
    (e, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Queues a status change behind the held lock, types a note in the open
/// form, ends the board with `sig` and returns what it printed at the end.
fn end_with_edits_queued(data: &Path, end: End, code: i32) -> String {
    let mut p = board_with(data, !matches!(end, End::Closed));
    assert!(p.wait_screen(STARTUP, &plan_title()), "{}", p.screen());
    let lock = hold_lock(data);
    p.send(b"i");
    assert!(
        p.wait_screen(Duration::from_secs(3), "保存中"),
        "{}",
        p.screen()
    );
    p.send(b"e");
    assert!(
        p.wait_screen(Duration::from_secs(5), "工作进展"),
        "{}",
        p.screen()
    );
    p.send(b"\x1b[Z");
    p.send("锁被占用时写的备注".as_bytes());
    assert!(
        p.wait_screen(Duration::from_secs(5), "锁被占用时写的备注"),
        "{}",
        p.screen()
    );
    let before = p.len();
    let sent = std::time::Instant::now();
    match end {
        End::Signal(sig) => p.signal(sig),
        End::Closed => p.close_master(),
    }
    let status = p.wait_exit(Duration::from_secs(10)).expect("duban exits");
    eprintln!("exit {:?} after the end", sent.elapsed());
    assert_eq!(status.code(), Some(code));
    drop(lock);
    String::from_utf8_lossy(&p.bytes()[before..]).into_owned()
}

#[test]
fn sigterm_with_edits_queued_keeps_them_and_the_next_start_applies_them() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let said = end_with_edits_queued(data, End::Signal(Signal::TERM), 143);
    assert!(said.contains("恢复文件"), "the exit says nothing:\n{said}");

    let files = recovery_files(data);
    assert_eq!(files.len(), 1, "{files:?}");
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "recovery file mode {mode:o}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("\"set_status\": \"in_progress\""), "{text}");
    assert!(text.contains("锁被占用时写的备注"), "{text}");

    // Nothing reached the ledger; the CLI points at `duban recover`.
    let (e, warned) = entry(data);
    assert_ne!(e["status"], "in_progress", "{e}");
    assert!(warned.contains("duban recover"), "{warned}");

    // The next board start asks; `y` applies them.
    let mut p = board(data);
    assert!(
        p.wait_bytes(STARTUP, |b| String::from_utf8_lossy(b)
            .contains("现在应用这些修改吗")),
        "no question at start:\n{}",
        String::from_utf8_lossy(&p.bytes())
    );
    p.send(b"y\r");
    assert!(p.wait_screen(STARTUP, &plan_title()), "{}", p.screen());
    assert!(recovery_files(data).is_empty(), "the applied file stays");
    let mut status = None;
    for _ in 0..6 {
        p.send(b"q");
        status = p.wait_exit(Duration::from_millis(500));
        if status.is_some() {
            break;
        }
    }
    assert_eq!(status.expect("duban exits").code(), Some(0));
    let (e, warned) = entry(data);
    assert_eq!(e["status"], "in_progress", "{e}");
    assert_eq!(e["note"], "锁被占用时写的备注", "{e}");
    assert!(!warned.contains("duban recover"), "{warned}");
}

#[test]
fn sighup_with_edits_queued_keeps_them_for_duban_recover() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    end_with_edits_queued(data, End::Signal(Signal::HUP), 129);
    assert_eq!(recovery_files(data).len(), 1);
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(board_args(data))
        .args(["recover", "--apply"])
        .output()
        .expect("duban recover");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(recovery_files(data).is_empty());
    let (e, _) = entry(data);
    assert_eq!(e["status"], "in_progress", "{e}");
    assert_eq!(e["note"], "锁被占用时写的备注", "{e}");
}

#[test]
fn a_closed_terminal_with_edits_queued_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    end_with_edits_queued(data, End::Closed, 129);
    let files = recovery_files(data);
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("\"set_status\": \"in_progress\""), "{text}");
    assert!(text.contains("锁被占用时写的备注"), "{text}");
}

#[test]
fn quitting_with_edits_that_cannot_be_saved_keeps_them_for_duban_recover() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // A ledger that does not parse: every save of this department fails.
    std::fs::write(data.join("approval.ron"), "(not a ledger").unwrap();
    let mut p = board(data);
    assert!(p.wait_screen(STARTUP, &plan_title()), "{}", p.screen());
    p.send(b"i");
    assert!(
        p.wait_screen(Duration::from_secs(10), "未保存："),
        "{}",
        p.screen()
    );
    let before = p.len();
    p.send(b"q");
    let status = p.wait_exit(Duration::from_secs(10)).expect("duban exits");
    assert_eq!(status.code(), Some(1));
    let said = String::from_utf8_lossy(&p.bytes()[before..]).into_owned();
    assert!(
        said.contains("1 项修改未保存") && said.contains("恢复文件"),
        "{said}"
    );
    assert_eq!(recovery_files(data).len(), 1);

    // Once the ledger is repaired, `duban recover --apply` saves the edit.
    std::fs::remove_file(data.join("approval.ron")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(board_args(data))
        .args(["recover", "--apply"])
        .output()
        .expect("duban recover");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(recovery_files(data).is_empty());
    let (e, _) = entry(data);
    assert_eq!(e["status"], "in_progress", "{e}");
}
