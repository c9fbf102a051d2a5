//! `duban review mark` writes into the data dir like a save, so it meets
//! the same guards (issue 19 item 12): the data dir's ownership and mode
//! checks, no link followed at `reviews/`, and temp files left by a killed
//! mark swept under the lock.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

fn duban(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duban"))
        .arg("--data")
        .arg(data)
        .args(["--today", "2021-12-15", "--coordinator", "王主任"])
        .args(args)
        .env_remove("DUBAN_DATA")
        .env_remove("DUBAN_TODAY")
        .env_remove("DUBAN_COORDINATOR")
        .output()
        .unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn seeded() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let o = duban(&data, &["set", "1.1", "--dept", "tax", "--note", "已对接"]);
    assert!(o.status.success(), "{}", err(&o));
    (tmp, data)
}

#[test]
fn mark_refuses_a_data_dir_others_can_write_as_set_does() {
    let (_tmp, data) = seeded();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o777)).unwrap();
    let set = duban(&data, &["set", "1.1", "--dept", "tax", "--note", "再次"]);
    assert_eq!(set.status.code(), Some(1));
    let mark = duban(&data, &["review", "mark", "12月调度会"]);
    assert_eq!(mark.status.code(), Some(1), "{}", err(&mark));
    assert!(
        err(&mark).contains("writable by other users"),
        "{}",
        err(&mark)
    );
    assert!(!data.join("reviews").exists());
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    let mark = duban(&data, &["review", "mark", "12月调度会"]);
    assert!(mark.status.success(), "{}", err(&mark));
}

#[test]
fn a_reviews_link_is_neither_read_nor_written_through() {
    let (tmp, data) = seeded();
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, data.join("reviews")).unwrap();
    let mark = duban(&data, &["review", "mark", "12月调度会"]);
    assert_eq!(mark.status.code(), Some(1), "{}", err(&mark));
    assert!(err(&mark).contains("symbolic link"), "{}", err(&mark));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    let list = duban(&data, &["review", "list"]);
    assert_eq!(list.status.code(), Some(1), "{}", err(&list));
    assert!(err(&list).contains("symbolic link"), "{}", err(&list));
}

#[test]
fn temp_files_of_a_killed_mark_are_swept_by_the_next() {
    let (_tmp, data) = seeded();
    let reviews = data.join("reviews");
    std::fs::create_dir(&reviews).unwrap();
    let old = reviews.join(".001.ron.tmp.4242.1a2b");
    let fresh = reviews.join(".001.ron.tmp.4343.3c4d");
    for p in [&old, &fresh] {
        std::fs::write(p, "Snapshot(").unwrap();
    }
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    let mark = duban(&data, &["review", "mark", "12月调度会"]);
    assert!(mark.status.success(), "{}", err(&mark));
    assert!(!old.exists(), "a leftover an hour old is swept");
    assert!(fresh.exists(), "one that may still be in use is left");
    assert!(reviews.join("001.ron").is_file());
}
