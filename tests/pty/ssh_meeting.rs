//! Over ssh, for real: a throw-away sshd on 127.0.0.1, `ssh -tt` into the
//! board, the overdue view read off the screen, then the connection drops.
//! duban must exit within 2 s with nothing saved lost, and a j/k keystroke
//! must cost only the changed cells on a slow link.

use crate::ssh;

use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use ssh::{Sshd, alive, procs_with};

const TODAY: &str = "2022-01-10";
const STARTUP: Duration = Duration::from_secs(30);
const HANG_UP_LIMIT: Duration = Duration::from_secs(2);
/// A moved selection repaints two rows and the status line: a few hundred
/// bytes. A full 80×24 CJK repaint is several kilobytes.
const KEY_BYTES_LIMIT: usize = 1500;

fn duban() -> &'static str {
    env!("CARGO_BIN_EXE_duban")
}

/// The status line shows the as-of date once the board is up.
fn title() -> String {
    format!("截至 {TODAY}")
}

fn set_before(data: &Path) {
    let out = Command::new(duban())
        .args([
            "set",
            "1.1",
            "--dept",
            "approval",
            "--status",
            "in_progress",
        ])
        .args(["--note", "会前已更新", "--today", TODAY, "--data"])
        .arg(data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn board_command(data: &Path) -> String {
    format!(
        "{} --today {TODAY} --data {} --coordinator 王主任",
        duban(),
        data.display()
    )
}

#[test]
fn a_dropped_ssh_connection_ends_the_board_within_two_seconds_and_loses_nothing() {
    let sshd = Sshd::start();
    let data = sshd.path("data");
    set_before(&data);
    let remote = format!("stty rows 24 cols 80; exec {}", board_command(&data));
    let mut s = sshd.connect(&remote);
    assert!(
        s.wait_for(&title(), STARTUP),
        "no board over ssh; screen:\n{}\nsshd log:\n{}",
        s.screen(),
        sshd.log()
    );
    s.settle(Duration::from_millis(300), Duration::from_secs(5));

    // The overdue view, read off the screen.
    s.send(b"2");
    assert!(
        s.wait_for("逾期与临期", Duration::from_secs(10)),
        "no overdue view:\n{}",
        s.screen()
    );
    s.settle(Duration::from_millis(300), Duration::from_secs(5));
    let screen = s.screen();
    // At least one item is listed with its days late ("逾期20天").
    let late = screen.match_indices("逾期").any(|(i, _)| {
        screen[i + "逾期".len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    });
    assert!(late, "no overdue item on screen:\n{screen}");

    // One keystroke costs only what changed.
    let full_before = s.len();
    let mut per_key = Vec::new();
    for key in [b"j", b"j", b"k"] {
        let before = s.len();
        s.send(key);
        per_key.push(s.response(before, Duration::from_secs(5)));
    }
    eprintln!(
        "bytes over ssh: {full_before} for the first frame and the overdue view, per j/k keystroke {per_key:?}"
    );
    for n in &per_key {
        assert!(*n > 0, "a keystroke drew nothing: {per_key:?}");
        assert!(
            *n <= KEY_BYTES_LIMIT,
            "a keystroke wrote {n} bytes: {per_key:?}"
        );
    }
    let full = s.len();
    assert!(
        per_key.iter().all(|n| n * 3 < full),
        "keystrokes cost close to a full repaint ({full} bytes so far): {per_key:?}"
    );

    // The meeting reviews the overdue items and records a decision.
    s.send(b"r");
    assert!(
        s.wait_for("逐项过会 · 2022年1月调度会", Duration::from_secs(10)),
        "no review screen:\n{}",
        s.screen()
    );
    s.send("d".as_bytes());
    assert!(
        s.wait_for("意见：", Duration::from_secs(10)),
        "{}",
        s.screen()
    );
    s.send("会上议定限期整改".as_bytes());
    s.send(b"\t2022-01-31\r");
    assert!(
        s.wait_for("督办意见已保存", Duration::from_secs(10)),
        "decision not saved:\n{}\n{:?}",
        s.screen(),
        procs_with(&data.display().to_string())
            .iter()
            .map(|(p, _)| std::fs::read_to_string(format!("/proc/{p}/cmdline")).unwrap_or_default())
            .collect::<Vec<_>>()
    );
    // A second decision is being typed when the line drops; it was never
    // confirmed, so it must not appear.
    s.send(b"j");
    s.send("d未确认".as_bytes());
    s.settle(Duration::from_millis(300), Duration::from_secs(5));

    // The server side: exactly one duban for this data dir.
    let needle = data.display().to_string();
    let pids = procs_with(&needle);
    assert_eq!(pids.len(), 1, "duban processes for {needle}: {pids:?}");
    let pid = pids[0].0;

    // The connection drops.
    let dropped = Instant::now();
    s.kill();
    while alive(pid) && dropped.elapsed() < HANG_UP_LIMIT + Duration::from_secs(3) {
        thread::sleep(Duration::from_millis(10));
    }
    let took = dropped.elapsed();
    assert!(
        !alive(pid),
        "duban (pid {pid}) still running {took:?} after the drop"
    );
    eprintln!("duban exited {took:?} after the ssh client was killed");

    // Nothing saved is lost, and nothing is left half-done.
    let plan = duban::plan::load_embedded().unwrap();
    let store = duban::progress::Store::open(&data);
    let ledger = store.load(&plan).unwrap();
    assert!(ledger.problems.is_empty(), "{:?}", ledger.problems);
    let e = ledger
        .get("1.1", "approval")
        .expect("the entry saved before");
    assert_eq!(e.status, duban::progress::Status::InProgress);
    assert_eq!(e.note, "会前已更新");
    let decided: Vec<_> = ledger
        .entries
        .iter()
        .filter_map(|(k, e)| e.decision.as_ref().map(|d| (k, d)))
        .collect();
    assert!(
        !decided.is_empty(),
        "the decision made in the session is lost"
    );
    for (k, d) in &decided {
        assert_eq!(d.meeting, "2022年1月调度会", "{k}");
        assert_eq!(d.opinion, "会上议定限期整改", "{k}");
        assert_eq!(d.stamp.by, "王主任");
        assert_eq!(
            d.due,
            Some(TODAY.parse::<chrono::NaiveDate>().unwrap() + chrono::Days::new(21))
        );
    }
    let h = store.history().unwrap();
    assert!(h.txns.iter().any(|t| {
        t.who.name() == "王主任"
            && t.changes
                .iter()
                .any(|c| c.field == duban::progress::Field::Decision)
    }));
    for f in std::fs::read_dir(&data).unwrap().flatten() {
        let name = f.file_name().to_string_lossy().into_owned();
        assert!(!name.contains(".tmp."), "temp file left behind: {name}");
    }
    let lock = std::fs::File::open(store.lock_path()).unwrap();
    lock.try_lock().expect("the data dir lock is free");
    assert!(procs_with(&needle).iter().all(|(p, _)| !alive(*p)));
}

#[test]
fn quitting_over_ssh_gives_the_server_side_terminal_back() {
    let sshd = Sshd::start();
    let data = sshd.path("data");
    let before = sshd.path("stty.before");
    let after = sshd.path("stty.after");
    let remote = format!(
        "stty rows 24 cols 80; stty -g > {}; {}; echo duban-exit=$?; stty -g > {}",
        before.display(),
        board_command(&data),
        after.display()
    );
    let mut s = sshd.connect(&remote);
    assert!(
        s.wait_for(&title(), STARTUP),
        "no board over ssh; screen:\n{}\nsshd log:\n{}",
        s.screen(),
        sshd.log()
    );
    s.send(b"q");
    assert!(
        s.wait_closed(Duration::from_secs(10)),
        "the session did not end:\n{}",
        s.screen()
    );
    let out = String::from_utf8_lossy(&s.bytes()).into_owned();
    assert!(out.contains("duban-exit=0"), "{out:?}");
    assert!(out.contains("\x1b[?1049l"), "alternate screen not left");
    assert!(out.contains("\x1b[?25h"), "cursor not shown again");
    let b = std::fs::read_to_string(&before).unwrap();
    let a = std::fs::read_to_string(&after).unwrap();
    assert!(!b.trim().is_empty());
    assert_eq!(a, b, "stty -g differs after duban exited");
}
