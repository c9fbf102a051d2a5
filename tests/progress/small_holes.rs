//! Issue 19 item 12, the data dir's side: a ledger deleted by hand is
//! said, not shown silently as work never started; and a CLI error does not
//! claim edits "kept in memory" when a command keeps nothing.

use std::path::Path;

use crate::progress_support::duban;

fn run(data: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--data", data.to_str().unwrap(), "--today", "2021-12-15"];
    all.extend_from_slice(args);
    duban(&all)
}

#[test]
fn a_deleted_ledger_gives_a_warning_with_the_way_back() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    for note in ["一", "二"] {
        let o = run(&data, &["set", "1.1", "--dept", "tax", "--note", note]);
        assert!(o.status.success());
    }
    std::fs::remove_file(data.join("tax.ron")).unwrap();
    for args in [&["export", "--format", "md"][..], &["history"][..]] {
        let o = run(&data, args);
        let err = String::from_utf8_lossy(&o.stderr);
        if args[0] == "export" {
            assert!(
                err.contains("tax.ron") && err.contains("台账文件缺失"),
                "{err}"
            );
            assert!(err.contains("tax.ron.bak"), "{err}");
        }
        assert!(o.status.code().is_some());
    }
}

#[test]
fn cli_errors_do_not_speak_of_edits_kept_in_memory() {
    // sysfs refuses every mkdir, even root's: the write fails as on a
    // read-only data dir, wherever the checkout lives.
    let o = run(
        Path::new("/sys/duban-test-data"),
        &["set", "1.1", "--dept", "tax", "--note", "x"],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("in memory"), "{err}");
    assert!(err.contains("未保存"), "{err}");
}

#[test]
fn a_lock_file_grown_by_hand_is_not_read_whole_for_the_holder() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    assert!(
        run(&data, &["set", "1.1", "--dept", "tax", "--note", "一"])
            .status
            .success()
    );
    let lock = data.join("duban.lock");
    std::fs::write(&lock, "x".repeat(20 * 1024 * 1024)).unwrap();
    let held = std::fs::File::options()
        .read(true)
        .write(true)
        .open(&lock)
        .unwrap();
    held.lock().unwrap();
    let o = run(&data, &["set", "1.1", "--dept", "tax", "--note", "二"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("被另一个 duban 占用"),
        "{}",
        &err[..err.len().min(300)]
    );
    assert!(err.len() < 16 * 1024, "{} bytes of holder", err.len());
}
