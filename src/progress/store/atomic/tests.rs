use std::os::unix::fs::{MetadataExt, PermissionsExt};

use super::*;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn writes_a_new_file_readable_by_its_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tax.ron");
    write_atomic(&path, b"first", Install::Replace).unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"first");
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(names(dir.path()), ["tax.ron"]);
}

#[test]
fn replaces_an_existing_file_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.md");
    fs::write(&path, "old, and longer than the new content").unwrap();
    let before = fs::metadata(&path).unwrap().ino();
    write_atomic(&path, b"new", Install::Replace).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    // A rename, not a rewrite in place: a reader holding the old file keeps it whole.
    assert_ne!(fs::metadata(&path).unwrap().ino(), before);
    assert_eq!(names(dir.path()), ["report.md"]);
}

#[test]
fn new_refuses_a_taken_name_and_keeps_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("001.ron");
    write_atomic(&path, b"mine", Install::New).unwrap();
    let err = write_atomic(&path, b"theirs", Install::New).unwrap_err();
    assert_eq!(err.step, Step::Link);
    assert_eq!(err.error.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(fs::read(&path).unwrap(), b"mine");
    assert_eq!(names(dir.path()), ["001.ron"]);
}

#[test]
fn a_missing_directory_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no such dir").join("out.md");
    let err = write_atomic(&path, b"x", Install::Replace).unwrap_err();
    assert_eq!(err.step, Step::CreateTemp);
    assert_eq!(err.error.kind(), io::ErrorKind::NotFound);
    assert_eq!(err.path, path);
    let msg = err.to_string();
    assert!(
        msg.contains("out.md") && msg.contains("cannot create a temp file"),
        "{msg}"
    );
    assert!(names(dir.path()).is_empty(), "the directory is not created");
}

#[test]
fn a_directory_in_the_way_fails_the_install_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.md");
    fs::create_dir(&path).unwrap();
    fs::write(path.join("inside"), "kept").unwrap();
    let err = write_atomic(&path, b"x", Install::Replace).unwrap_err();
    assert_eq!(err.step, Step::Replace);
    assert_eq!(names(dir.path()), ["out.md"]);
    assert_eq!(fs::read_to_string(path.join("inside")).unwrap(), "kept");
}

#[test]
fn a_staged_file_that_is_never_installed_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tax.ron");
    let staged = stage(&path, b"half way").unwrap();
    assert_eq!(
        names(dir.path()).len(),
        1,
        "the temp file exists while staged"
    );
    drop(staged);
    assert!(names(dir.path()).is_empty());
}
