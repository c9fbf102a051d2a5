//! Saves run in the background: with another process holding the data
//! dir's lock, the real board keeps moving and shows that it is saving; the
//! save lands once the lock is free. Quitting, or a signal, with a save
//! outstanding waits for it, and the edit is on disk after exit.

use crate::pty;

use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::Duration;

use pty::{STARTUP, Spawn, board_args, plan_title};
use rustix::fs::{FlockOperation, flock};

/// Holds `<data>/duban.lock` as another duban process would while it saves.
/// The board's save waits up to 5 s for it; every hold here ends well before.
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

fn release(lock: File) {
    flock(&lock, FlockOperation::Unlock).expect("release the lock");
}

fn start(data: &Path) -> pty::Pty {
    let mut args = board_args(data);
    args.extend(["--dept".to_string(), "approval".to_string()]);
    let p = Spawn::duban(args).spawn().expect("spawn duban");
    assert!(p.wait_screen(STARTUP, &plan_title()), "{}", p.screen());
    p
}

/// The approval department's ledger as it is on disk now ("" when absent).
fn ledger(data: &Path) -> String {
    std::fs::read_to_string(data.join("approval.ron")).unwrap_or_default()
}

/// The status stored for `measure` in a department ledger's text.
fn status_of(ledger: &str, measure: &str) -> Option<String> {
    let at = ledger.find(&format!("\"{measure}\""))?;
    let rest = &ledger[at..];
    let s = rest.find("status:")? + "status:".len();
    let word: String = rest[s..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    Some(word)
}

#[test]
fn a_save_waiting_for_the_lock_leaves_the_board_moving_and_lands_after() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let mut p = start(data);

    let lock = hold_lock(data);
    p.send(b"i");
    assert!(
        p.wait_screen(Duration::from_secs(3), "保存中"),
        "no saving indicator while the save waits:\n{}",
        p.screen()
    );
    // The measures pane follows the chapter: chapter 2's measures appear,
    // which a frozen board could not draw.
    assert!(!p.screen().contains("2.1"), "{}", p.screen());
    p.send(b"j");
    assert!(
        p.wait_screen(Duration::from_secs(3), "2.1"),
        "navigation did not redraw while the save waited:\n{}",
        p.screen()
    );
    // A second edit queues behind the first.
    p.send(b"b");
    assert!(
        p.wait_screen(Duration::from_secs(3), "保存中… 2"),
        "the second save is not counted:\n{}",
        p.screen()
    );
    assert_eq!(
        status_of(&ledger(data), "1.1"),
        None,
        "saved under a held lock"
    );

    release(lock);
    assert!(
        p.wait_screen(Duration::from_secs(10), "已保存"),
        "the save never landed:\n{}",
        p.screen()
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while p.screen().contains("保存中") {
        assert!(
            std::time::Instant::now() < deadline,
            "the saving indicator never cleared:\n{}",
            p.screen()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let on_disk = ledger(data);
    assert_eq!(
        status_of(&on_disk, "1.1").as_deref(),
        Some("in_progress"),
        "{on_disk}"
    );
    assert_eq!(
        status_of(&on_disk, "2.1").as_deref(),
        Some("blocked"),
        "{on_disk}"
    );

    p.send(b"q");
    let status = p.wait_exit(Duration::from_secs(10)).expect("duban exits");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn quitting_with_a_save_outstanding_waits_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let mut p = start(data);

    let lock = hold_lock(data);
    p.send(b"i");
    assert!(
        p.wait_screen(Duration::from_secs(3), "保存中"),
        "{}",
        p.screen()
    );
    p.send(b"q");
    assert!(
        p.wait_screen(Duration::from_secs(3), "完成后退出"),
        "quitting does not say it is saving:\n{}",
        p.screen()
    );
    assert!(
        p.wait_exit(Duration::from_millis(500)).is_none(),
        "the board quit before its save landed"
    );
    assert!(!p.cooked(), "the terminal was handed back before the save");

    release(lock);
    let status = p
        .wait_exit(Duration::from_secs(10))
        .expect("duban exits once the save lands");
    assert_eq!(status.code(), Some(0));
    assert!(p.cooked(), "tty left in raw mode");
    let on_disk = ledger(data);
    assert_eq!(
        status_of(&on_disk, "1.1").as_deref(),
        Some("in_progress"),
        "{on_disk}"
    );
}

#[test]
fn a_signal_with_a_save_outstanding_still_gets_it_to_disk() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let mut p = start(data);

    let lock = hold_lock(data);
    p.send(b"i");
    assert!(
        p.wait_screen(Duration::from_secs(3), "保存中"),
        "{}",
        p.screen()
    );
    p.signal(rustix::process::Signal::TERM);
    // Inside the exit's 1.5 s allowance for saving.
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        p.wait_exit(Duration::ZERO).is_none(),
        "exited before saving"
    );
    release(lock);
    let status = p.wait_exit(Duration::from_secs(5)).expect("duban exits");
    assert_eq!(status.code(), Some(143));
    let on_disk = ledger(data);
    assert_eq!(
        status_of(&on_disk, "1.1").as_deref(),
        Some("in_progress"),
        "{on_disk}"
    );
}

#[test]
fn quitting_with_edits_that_cannot_be_saved_names_them_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // A ledger that does not parse: every save of this department fails.
    std::fs::write(data.join("approval.ron"), "(not a ledger").unwrap();
    let mut p = start(data);
    p.send(b"i");
    assert!(
        p.wait_screen(Duration::from_secs(5), "未保存："),
        "the failed save is not reported:\n{}",
        p.screen()
    );
    let before = p.len();
    p.send(b"q");
    let status = p.wait_exit(Duration::from_secs(10)).expect("duban exits");
    assert_eq!(status.code(), Some(1), "unsaved edits must not exit 0");
    let after = String::from_utf8_lossy(&p.bytes()[before..]).into_owned();
    assert!(after.contains("1 项修改未保存"), "{after}");
    assert!(after.contains("1.1 区行政审批局 状态 → 推进中"), "{after}");
    assert!(p.cooked(), "tty left in raw mode");
}
