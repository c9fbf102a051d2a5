//! FIFOs, devices and links to them where duban expects a regular file
//! (issue 19, item 10): in the data dir, in a plan dir, as an import's
//! source. Each must end promptly with a message naming the file; none may
//! block on the open or read without end. A run is killed after a long
//! while, so a regression fails here instead of hanging the suite (that
//! deadline is a guard, not a measure of speed).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::guard::wait_guarded;

use crate::pty::{STARTUP, Spawn, board_args, plan_title};

const GUARD: Duration = Duration::from_secs(120);

struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Ran {
    let child = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .env_remove("DUBAN_DATA")
        .env_remove("DUBAN_TODAY")
        .env_remove("DUBAN_COORDINATOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (out, hung) = wait_guarded(child, GUARD);
    assert!(!hung, "duban {args:?} hung and was killed");
    Ran {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn mkfifo(p: &Path) {
    rustix::fs::mkfifoat(rustix::fs::CWD, p, rustix::fs::Mode::from(0o600)).unwrap();
}

/// A data dir with tax's note saved and a FIFO where police's ledger goes.
fn data_with_fifo() -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data").display().to_string();
    let r = run(&[
        "--data",
        &data,
        "set",
        "1.1",
        "--dept",
        "tax",
        "--note",
        "已对接",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    mkfifo(&Path::new(&data).join("police.ron"));
    (tmp, data)
}

#[test]
fn a_fifo_ledger_lets_export_and_history_finish_with_a_message() {
    let (_tmp, data) = data_with_fifo();
    for args in [
        vec!["--data", &data, "export", "--format", "md"],
        vec!["--data", &data, "history"],
        vec!["--data", &data, "export", "--format", "json"],
    ] {
        let r = run(&args);
        assert!(r.code.is_some(), "{args:?} killed by a signal");
        assert!(
            r.stderr.contains("police.ron") && r.stderr.contains("命名管道"),
            "{args:?}: {}",
            r.stderr
        );
        // The other departments are read as usual.
        assert!(r.stdout.contains("已对接"), "{args:?}: {}", r.stdout);
    }
    let r = run(&["--data", &data, "undo", "--dept", "tax"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

#[test]
fn the_board_starts_beside_a_fifo_ledger_and_quits_on_q() {
    let (_tmp, data) = data_with_fifo();
    let mut p = Spawn::duban(board_args(Path::new(&data)))
        .spawn()
        .expect("spawn duban");
    let title = plan_title();
    assert!(
        p.wait_screen(STARTUP, &title),
        "the board never drew beside a FIFO; screen:\n{}",
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
    assert_eq!(status.expect("no exit after q").code(), Some(0));
}

fn plan_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/plan");
    std::fs::create_dir_all(plan.join("chapters")).unwrap();
    for name in ["plan.ron", "departments.ron"] {
        std::fs::copy(from.join(name), plan.join(name)).unwrap();
    }
    for e in std::fs::read_dir(from.join("chapters")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), plan.join("chapters").join(e.file_name())).unwrap();
    }
    (tmp, plan)
}

#[test]
fn check_refuses_a_fifo_and_a_link_to_a_device_in_the_plan() {
    let (_tmp, plan) = plan_copy();
    let dir = plan.display().to_string();
    assert_eq!(run(&["--plan", &dir, "check"]).code, Some(0));

    mkfifo(&plan.join("chapters/09-pipe.ron"));
    let r = run(&["--plan", &dir, "check"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("09-pipe.ron") && r.stderr.contains("FIFO"),
        "{}",
        r.stderr
    );
    std::fs::remove_file(plan.join("chapters/09-pipe.ron")).unwrap();

    std::os::unix::fs::symlink("/dev/zero", plan.join("chapters/09-zero.ron")).unwrap();
    let r = run(&["--plan", &dir, "check"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("09-zero.ron") && r.stderr.contains("character device"),
        "{}",
        r.stderr
    );
    std::fs::remove_file(plan.join("chapters/09-zero.ron")).unwrap();

    std::fs::remove_file(plan.join("departments.ron")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", plan.join("departments.ron")).unwrap();
    let r = run(&["--plan", &dir, "check"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("departments.ron"), "{}", r.stderr);
}

#[test]
fn import_refuses_dev_zero_and_a_fifo() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out").display().to_string();
    let r = run(&["import", "/dev/zero", "--out", &out]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("字符设备"), "{}", r.stderr);
    let pipe = tmp.path().join("plan.txt");
    mkfifo(&pipe);
    let r = run(&["import", pipe.to_str().unwrap(), "--out", &out]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("命名管道"), "{}", r.stderr);
    assert!(!Path::new(&out).exists());
}

#[test]
fn a_fifo_for_config_or_a_history_log_is_refused_not_waited_on() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let d = data.display().to_string();
    let r = run(&["--data", &d, "set", "1.1", "--dept", "tax", "--note", "一"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let log = data.join("history/tax.jsonl");
    std::fs::remove_file(&log).unwrap();
    mkfifo(&log);
    let r = run(&["--data", &d, "history"]);
    assert!(r.code.is_some());
    assert!(
        r.stderr.contains("tax.jsonl") && r.stderr.contains("命名管道"),
        "{}",
        r.stderr
    );
    std::fs::remove_file(&log).unwrap();

    // A coordinator's rights are looked up in config.ron.
    mkfifo(&data.join("config.ron"));
    let r = run(&[
        "--data",
        &d,
        "--coordinator",
        "王主任",
        "set",
        "1.1",
        "--dept",
        "tax",
        "--note",
        "二",
    ]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("config.ron") && r.stderr.contains("不是普通文件"),
        "{}",
        r.stderr
    );
}
