//! `duban check` on broken copies of a small fixture plan: every kind of
//! mistake a clerk can make is reported with file, line, column and a hint.

use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/plans/ok_min");
const CH1: &str = "chapters/01-开办企业.ron";
const CH2: &str = "chapters/02-纳税.ron";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A copy of the fixture with each (file, from, to) replacement applied once.
fn broken(edits: &[(&str, &str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("plan");
    copy_dir(Path::new(FIXTURE), &dir);
    for (file, from, to) in edits {
        let p = dir.join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "fixture {file} lacks {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }
    (tmp, dir)
}

fn check(dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .arg("check")
        .arg("--plan")
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn assert_reports(dir: &Path, file: &str, line_col: &str, message: &str, hint: &str) {
    let (code, _, stderr) = check(dir);
    assert_eq!(code, 1, "stderr: {stderr}");
    let located = format!("{}:{line_col}:", dir.join(file).display());
    assert!(
        stderr.contains(&located),
        "expected {located} in:\n{stderr}"
    );
    assert!(
        stderr.contains(message),
        "expected {message:?} in:\n{stderr}"
    );
    assert!(
        stderr.contains(hint),
        "expected hint {hint:?} in:\n{stderr}"
    );
}

#[test]
fn fixture_is_valid() {
    let (code, stdout, stderr) = check(Path::new(FIXTURE));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("计划检查通过：2 章，3 项措施（各章 2、1），3 个部门"),
        "{stdout}"
    );
}

#[test]
fn unknown_department_suggests_the_nearest() {
    let (_t, dir) = broken(&[(CH1, r#"responsible: ["tax"]"#, r#"responsible: ["taxx"]"#)]);
    assert_reports(
        &dir,
        CH1,
        "13:27",
        r#"unknown department "taxx" in responsible"#,
        r#"did you mean "tax"?"#,
    );
}

#[test]
fn duplicate_measure_id() {
    let (_t, dir) = broken(&[(CH1, r#"id: "1.2""#, r#"id: "1.1""#)]);
    assert_reports(
        &dir,
        CH1,
        "22:17",
        r#"duplicate measure id "1.1""#,
        "chapter.position",
    );
}

#[test]
fn duplicate_department_id() {
    let (_t, dir) = broken(&[("departments.ron", r#"id: "approval""#, r#"id: "tax""#)]);
    assert_reports(
        &dir,
        "departments.ron",
        "3:20",
        r#"duplicate department id "tax""#,
        "aliases",
    );
}

#[test]
fn bad_date() {
    let (_t, dir) = broken(&[(CH2, r#""2022-01-01""#, r#""2022-13-01""#)]);
    assert_reports(&dir, CH2, "13:45", "not a valid date", "YYYY-MM-DD");
}

#[test]
fn empty_lead_list() {
    let (_t, dir) = broken(&[(CH2, r#"lead: ["tax"]"#, "lead: []")]);
    assert_reports(
        &dir,
        CH2,
        "11:13",
        "measure 2.1 has an empty lead list",
        "lead_inferred",
    );
}

#[test]
fn missing_title() {
    let (_t, dir) = broken(&[(CH1, "            title: \"推进三级通办\",\n", "")]);
    assert_reports(
        &dir,
        CH1,
        "27:9",
        "missing field named `title`",
        "a measure needs id, number, title",
    );
}

#[test]
fn empty_title() {
    let (_t, dir) = broken(&[(CH1, r#"title: "推进三级通办""#, r#"title: """#)]);
    assert_reports(
        &dir,
        CH1,
        "24:13",
        "measure 1.2 has no title",
        "before the first 。",
    );
}

#[test]
fn unknown_field() {
    let (_t, dir) = broken(&[("plan.ron", "issuer:", "colour: \"red\",\n    issuer:")]);
    assert_reports(&dir, "plan.ron", "4:5", "colour", "check the spelling");
}

#[test]
fn unbalanced_brackets() {
    let (_t, dir) = broken(&[(CH2, "recurring: [Recurring", "recurring: Recurring")]);
    let (code, _, stderr) = check(&dir);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!("{}:", dir.join(CH2).display())),
        "{stderr}"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let (_t, dir) = broken(&[
        ("plan.ron", "issuer:", "colour: \"red\",\n    issuer:"),
        (CH1, r#"responsible: ["tax"]"#, r#"responsible: ["taxx"]"#),
        (CH1, r#"id: "1.2""#, r#"id: "1.1""#),
        (CH2, r#""2022-01-01""#, r#""2022-13-01""#),
    ]);
    let (code, _, stderr) = check(&dir);
    assert_eq!(code, 1);
    for needle in [
        "colour",
        "taxx",
        "duplicate measure id",
        "not a valid date",
        "发现 4 个问题",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
}

#[test]
fn invalid_utf8_is_reported_not_panicked() {
    let (_t, dir) = broken(&[]);
    let p = dir.join(CH2);
    let mut bytes = std::fs::read(&p).unwrap();
    bytes.splice(20..20, [0xff, 0xfe]);
    std::fs::write(&p, bytes).unwrap();
    assert_reports(&dir, CH2, "2:12", "not valid UTF-8", "UTF-8");
}

#[test]
fn missing_directory() {
    let (code, _, stderr) = check(Path::new("/nonexistent/duban-plan"));
    assert_eq!(code, 1);
    assert!(stderr.contains("plan.ron"), "{stderr}");
}
