//! The real `duban import` binary: written plans pass `duban check`, and bad
//! input gives a clear message and a non-zero exit, never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// English messages, so the needles below read as the README's; the
/// Chinese ones (the default) are checked at the end.
fn duban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["--lang", "en"])
        .args(args)
        .env_remove("DUBAN_TODAY")
        .env_remove("DUBAN_DATA")
        .output()
        .expect("run duban")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn assert_no_panic(out: &Output) {
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_ne!(out.status.code(), Some(101), "panic exit: {err}");
}

#[test]
fn every_fixture_imports_to_a_plan_that_duban_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "annotation_square.txt",
        "annotation_paren.txt",
        "annotation_ascii.txt",
        "annotation_own_line.txt",
        "responsible_only.txt",
        "deadlines.txt",
        "other_format.txt",
        "unbalanced.txt",
        "dot_numbering.txt",
    ] {
        let out_dir = dir.path().join(name);
        let mut args: Vec<String> = vec![
            "import".into(),
            s(&fixture(name)).into(),
            "--out".into(),
            s(&out_dir).into(),
        ];
        if name == "other_format.txt" {
            args.push("--departments".into());
            args.push(s(&fixture("other_format_departments.ron")).into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = duban(&args);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let summary = text(&out.stdout);
        assert!(summary.contains("check: ok"), "{name}: {summary}");
        let check = duban(&["check", "--plan", s(&out_dir)]);
        assert!(check.status.success(), "{name}: {}", text(&check.stderr));
        assert!(text(&check.stdout).contains("ok: "), "{name}");
    }
    // New directories are built aside and renamed into place: nothing else is left.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn summary_and_files_of_the_other_format() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("plan");
    let out = duban(&[
        "import",
        s(&fixture("other_format.txt")),
        "--out",
        s(&out_dir),
        "--departments",
        s(&fixture("other_format_departments.ron")),
        "--id",
        "linqing",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = text(&out.stdout);
    for needle in [
        "chapters: 3 (3, 2, 1); measures: 6",
        "measures without a lead: 0",
        "unparsed annotations: 0",
        "unresolved deadlines: 0",
        "new department ids (review): 3",
    ] {
        assert!(summary.contains(needle), "{needle:?} in\n{summary}");
    }
    let mut files: Vec<String> = std::fs::read_dir(out_dir.join("chapters"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["01-開辦企業.ron", "02-獲得電力.ron", "03-保障措施.ron"]
    );
    let plan = std::fs::read_to_string(out_dir.join("plan.ron")).unwrap();
    assert!(
        plan.starts_with("PlanDoc(\n    id: \"linqing\",\n"),
        "{plan}"
    );
    let ch = std::fs::read_to_string(out_dir.join("chapters/02-獲得電力.ron")).unwrap();
    assert!(
        ch.contains("            deadlines: [\n                Deadline(kind: From, date: \"2022-05-01\", text: \"自2022年5月1日起\", what: "),
        "{ch}"
    );
    // Writing again into a plan directory needs --force.
    let again = duban(&[
        "import",
        s(&fixture("other_format.txt")),
        "--out",
        s(&out_dir),
    ]);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("--force"),
        "{}",
        text(&again.stderr)
    );
    let forced = duban(&[
        "import",
        s(&fixture("annotation_ascii.txt")),
        "--out",
        s(&out_dir),
        "--force",
    ]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    let check = duban(&["check", "--plan", s(&out_dir)]);
    assert!(
        text(&check.stdout).contains("1 chapters, 2 measures"),
        "stale chapters removed: {}",
        text(&check.stdout)
    );
}

#[test]
fn year_flag_resolves_dates_of_an_undated_document() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("p");
    let out = duban(&[
        "import",
        s(&fixture("no_date.txt")),
        "--out",
        s(&out_dir),
        "--year",
        "2024",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("unresolved deadlines: 0"));
    let ch = std::fs::read_to_string(out_dir.join("chapters/01-开办企业.ron")).unwrap();
    assert!(ch.contains("date: \"2024-12-31\""), "{ch}");
}

fn rejected(content: &[u8], file: &str, needle: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(file);
    std::fs::write(&input, content).unwrap();
    let out_dir = dir.path().join("out");
    let out = duban(&["import", s(&input), "--out", s(&out_dir)]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{file}");
    let err = text(&out.stderr);
    assert!(err.contains(needle), "{file}: {needle:?} not in {err}");
    assert!(
        !out_dir.join("plan.ron").exists(),
        "{file}: nothing is written"
    );
}

#[test]
fn malformed_input_is_a_clear_error() {
    rejected(
        b"\x7fELF\x02\x01\x01\0\0\0\0\x03\0>\0",
        "a.txt",
        "binary data",
    );
    let mut gbk = "一、开办企业\n（一）".as_bytes().to_vec();
    gbk.extend([0xD3, 0xC5, 0xBB, 0xAF]);
    rejected(&gbk, "gbk.txt", "gbk.txt:2:4: not valid UTF-8");
    rejected(
        &fixture_bytes("no_headings.txt"),
        "prose.txt",
        "no numbered measures found",
    );
    rejected(b"", "empty.txt", "no numbered measures found");
    let missing = duban(&["import", "/nonexistent/plan.txt", "--out", "/tmp/never"]);
    assert_no_panic(&missing);
    assert!(text(&missing.stderr).contains("cannot read"));
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

#[test]
fn a_50_mb_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("huge.txt");
    let f = std::fs::File::create(&input).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    let out = duban(&["import", s(&input), "--out", s(&dir.path().join("out"))]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("52428800 bytes is too large"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_bad_departments_file_is_reported_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let depts = dir.path().join("departments.ron");
    std::fs::write(
        &depts,
        "[\n    Department(id: \"tax\", nam: \"区税务局\"),\n]\n",
    )
    .unwrap();
    let out = duban(&[
        "import",
        s(&fixture("annotation_square.txt")),
        "--out",
        s(&dir.path().join("out")),
        "--departments",
        s(&depts),
    ]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("departments.ron:2:"), "{err}");
}

#[test]
fn errors_are_in_chinese_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("gbk.txt");
    let mut gbk = "一、开办企业\n（一）".as_bytes().to_vec();
    gbk.extend([0xD3, 0xC5, 0xBB, 0xAF]);
    std::fs::write(&input, gbk).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["import", s(&input), "--out", s(&dir.path().join("o"))])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("gbk.txt:2:4：不是有效的 UTF-8"), "{err}");
    assert!(err.contains("另存为 UTF-8"), "{err}");
}
