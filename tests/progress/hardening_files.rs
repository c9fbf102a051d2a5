//! Hostile plan and progress files (RELIABILITY.md T7, T12, T14, T15):
//! malformed RON, wrong types, unknown fields, 100 MB files, deep nesting,
//! invalid UTF-8, escape sequences, bidi and zero-width characters,
//! symlinks, a world-writable data dir and one owned by another user. Each
//! case must end in a clear message (never a crash or an OOM), and no byte
//! of a file's control characters may reach the terminal.
//!
//! Big files are made at test time in temp dirs (sparse where possible).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_duban");

/// Escape sequences, C1 CSI, BEL, bidi overrides and zero-width characters.
const PAYLOAD: &str = "\u{1b}[2J\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}]0;pwned\u{7}\u{9b}6n\u{202e}\u{2066}\u{2069}\u{200b}";

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A copy of the shipped plan in a temp dir.
fn plan_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("plan");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("plan"), &dir);
    (tmp, dir)
}

fn first_chapter(dir: &Path) -> PathBuf {
    let mut v: Vec<PathBuf> = fs::read_dir(dir.join("chapters"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v.remove(0)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn duban(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("run duban")
}

fn check(dir: &Path) -> Output {
    duban(&["check", "--plan", dir.to_str().unwrap()])
}

/// No ESC, BEL or C1 control (in its UTF-8 form) in what duban printed.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| c == '\u{1b}' || c == '\u{7}' || ('\u{80}'..='\u{9f}').contains(&c))
        .collect();
    assert!(
        bad.is_empty(),
        "{what} printed raw controls {bad:?}:\n{text}"
    );
}

fn assert_refused(out: &Output, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit 1; stderr:\n{stderr}"
    );
    for n in needles {
        assert!(stderr.contains(n), "expected {n:?} in:\n{stderr}");
    }
    assert_inert("error output", &out.stderr);
}

#[test]
fn malformed_ron_is_located() {
    let (_t, dir) = plan_copy();
    let ch = first_chapter(&dir);
    edit(&ch, "measures: [", "measures: [[[ ,,");
    assert_refused(&check(&dir), &[ch.to_str().unwrap()]);
}

#[test]
fn wrong_types_and_unknown_fields_are_named() {
    let (_t, dir) = plan_copy();
    let ch = first_chapter(&dir);
    edit(&ch, "number: 1,", "number: \"one\",");
    assert_refused(&check(&dir), &[ch.to_str().unwrap()]);

    let (_t, dir) = plan_copy();
    let ch = first_chapter(&dir);
    edit(&ch, "number: 1,", "number: 1, colour: \"red\",");
    assert_refused(&check(&dir), &["colour"]);
}

/// A 100 MB plan file is refused by its size, before it is read.
#[test]
fn a_100_mb_plan_file_is_refused_by_size() {
    let (_t, dir) = plan_copy();
    let f = fs::OpenOptions::new()
        .write(true)
        .open(dir.join("departments.ron"))
        .unwrap();
    f.set_len(100 * 1024 * 1024).unwrap();
    assert_refused(&check(&dir), &["departments.ron", "larger than"]);
}

#[test]
fn deep_nesting_hits_the_recursion_limit_with_a_message() {
    let (_t, dir) = plan_copy();
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    fs::write(dir.join("departments.ron"), deep).unwrap();
    let out = check(&dir);
    assert_refused(&out, &["departments.ron"]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_lowercase();
    assert!(
        stderr.contains("recursion") || stderr.contains("nest") || stderr.contains("expected"),
        "deep nesting message: {stderr}"
    );
}

#[test]
fn invalid_utf8_is_named() {
    let (_t, dir) = plan_copy();
    let ch = first_chapter(&dir);
    let mut bytes = fs::read(&ch).unwrap();
    // GBK for 开办 where the title was.
    let at = bytes.windows(3).position(|w| w == "开".as_bytes()).unwrap();
    bytes.splice(at..at + 3, [0xbf, 0xaa, 0xb0, 0xec]);
    fs::write(&ch, bytes).unwrap();
    assert_refused(&check(&dir), &["UTF-8"]);
}

/// A plan whose chapter title, measure title and department name carry the
/// payload, and whose RON is broken right after it, so the error message
/// quotes the hostile text.
fn hostile_plan() -> (tempfile::TempDir, PathBuf) {
    let (t, dir) = plan_copy();
    let ch = first_chapter(&dir);
    edit(
        &ch,
        "title: \"开办企业\"",
        &format!("title: \"开办{PAYLOAD}企业\""),
    );
    edit(
        &ch,
        "title: \"深化企业开办“4012”品牌\"",
        &format!("title: \"深化{PAYLOAD}品牌\""),
    );
    edit(
        &dir.join("departments.ron"),
        "name: \"",
        &format!("name: \"{PAYLOAD}"),
    );
    (t, dir)
}

#[test]
fn check_and_its_errors_print_no_control_bytes() {
    let (_t, dir) = hostile_plan();
    let out = check(&dir);
    assert_inert("check stdout", &out.stdout);
    assert_inert("check stderr", &out.stderr);

    // Broken right after a payload: the parser's message may quote it.
    let ch = first_chapter(&dir);
    edit(
        &ch,
        &format!("开办{PAYLOAD}企业\""),
        &format!("开办{PAYLOAD}企业\" \u{1b}]0;x\u{7}"),
    );
    let out = check(&dir);
    assert_eq!(out.status.code(), Some(1));
    assert_inert("check stderr on a broken file", &out.stderr);
}

/// md and csv exports of hostile text: nothing that reaches a terminal may
/// carry a raw control; JSON escapes by construction.
#[test]
fn exports_carry_no_raw_controls() {
    let (_t, dir) = hostile_plan();
    let data = tempfile::tempdir().unwrap();
    let p = dir.to_str().unwrap();
    let d = data.path().to_str().unwrap();
    let set = duban(&[
        "--plan", p, "--data", d, "--dept", "market", "set", "1.1", "--note", PAYLOAD,
    ]);
    let set_err = String::from_utf8_lossy(&set.stderr).to_string();
    assert_inert("set stdout", &set.stdout);
    assert_inert("set stderr", &set.stderr);
    for format in ["md", "csv", "json"] {
        for report in [None, Some("scoreboard"), Some("circular")] {
            let mut args = vec!["--plan", p, "--data", d, "export", "--format", format];
            if let Some(r) = report {
                args.extend(["--report", r]);
            }
            let out = duban(&args);
            assert!(
                out.status.success(),
                "export {format} {report:?} failed: {}\n(set said: {set_err})",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_inert(&format!("export {format} {report:?}"), &out.stdout);
        }
    }
    // JSON keeps the note exact: the escapes are JSON's, not data loss.
    let out = duban(&["--plan", p, "--data", d, "export", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json parses");
    assert!(
        doc.to_string()
            .contains(&serde_json::to_string(PAYLOAD).unwrap()[1..20]),
        "the note survives the JSON export"
    );
    let md = duban(&["--plan", p, "--data", d, "export", "--format", "md"]);
    assert!(
        String::from_utf8_lossy(&md.stdout).contains("␛[2J"),
        "md shows the escape as ␛"
    );
}

/// A private data dir where `duban set` saved one note for market, and the
/// path of market's ledger file in it.
fn market_ledger() -> (tempfile::TempDir, PathBuf) {
    let data = tempfile::tempdir().unwrap();
    fs::set_permissions(data.path(), fs::Permissions::from_mode(0o700)).unwrap();
    let d = data.path().to_str().unwrap();
    let ok = duban(&["--data", d, "--dept", "market", "set", "1.1", "--note", "x"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let ledger = fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.to_string_lossy().contains("market") && p.extension().is_some_and(|x| x == "ron")
        })
        .expect("market's ledger file");
    (data, ledger)
}

#[test]
fn a_100_mb_ledger_is_refused_by_size() {
    let (data, ledger) = market_ledger();
    let d = data.path().to_str().unwrap();
    fs::OpenOptions::new()
        .write(true)
        .open(&ledger)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let out = duban(&["--data", d, "--dept", "market", "set", "1.1", "--note", "y"]);
    assert_refused(&out, &["过大"]);
    assert_eq!(
        fs::metadata(&ledger).unwrap().len(),
        100 * 1024 * 1024,
        "never rewritten"
    );
}

#[test]
fn malformed_and_mistyped_ledgers_are_refused_not_overwritten() {
    for bad in [
        "(entries: [ (\"1.1\", (status: Banana)) ]",
        "(entries: 5)",
        "\u{0}\u{0}\u{0}\u{0}",
        "",
    ] {
        let (data, ledger) = market_ledger();
        let d = data.path().to_str().unwrap();
        fs::write(&ledger, bad).unwrap();
        let out = duban(&["--data", d, "--dept", "market", "set", "1.1", "--note", "y"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "saved over {bad:?}");
        assert!(
            stderr.contains("market"),
            "names the file for {bad:?}: {stderr}"
        );
        assert_inert("ledger error", &out.stderr);
        assert_eq!(
            fs::read_to_string(&ledger).unwrap(),
            bad,
            "damaged file overwritten"
        );
    }
}

#[test]
fn symlinked_ledger_is_refused_and_its_target_untouched() {
    let (data, ledger) = market_ledger();
    let d = data.path().to_str().unwrap();
    let outside = tempfile::NamedTempFile::new().unwrap();
    fs::copy(&ledger, outside.path()).unwrap();
    let before = fs::read(outside.path()).unwrap();
    fs::remove_file(&ledger).unwrap();
    std::os::unix::fs::symlink(outside.path(), &ledger).unwrap();
    let out = duban(&["--data", d, "--dept", "market", "set", "1.1", "--note", "y"]);
    assert_refused(&out, &["符号链接"]);
    assert_eq!(
        fs::read(outside.path()).unwrap(),
        before,
        "link target written"
    );
}

#[test]
fn world_writable_data_dir_is_refused() {
    let data = tempfile::tempdir().unwrap();
    fs::set_permissions(data.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let d = data.path().to_str().unwrap();
    let out = duban(&["--data", d, "--dept", "market", "set", "1.1", "--note", "x"]);
    assert_refused(&out, &["其他用户可以写入"]);
    assert_eq!(
        fs::read_dir(data.path()).unwrap().count(),
        0,
        "wrote into it"
    );
}

/// A data dir owned by another user (uid 65534, nobody) is not saved into:
/// its owner could swap the files under us. Needs root to chown; skipped
/// (and said so) otherwise.
#[test]
fn data_dir_owned_by_another_user_is_refused() {
    let data = tempfile::tempdir().unwrap();
    fs::set_permissions(data.path(), fs::Permissions::from_mode(0o755)).unwrap();
    if std::os::unix::fs::chown(data.path(), Some(65534), Some(65534)).is_err() {
        eprintln!("not root: cannot chown, skipping");
        return;
    }
    let d = data.path().to_str().unwrap();
    let out = duban(&["--data", d, "--dept", "market", "set", "1.1", "--note", "x"]);
    // It names the ways to share a data dir, not a uid.
    assert_refused(&out, &["属于另一个账号", "服务账号", "duban sync"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("uid"));
    assert_eq!(
        fs::read_dir(data.path()).unwrap().count(),
        0,
        "wrote into it"
    );
}

/// A record appended to a department's history naming another place
/// (`"dept":"history/../../victim/pwned"`) must never make undo write
/// outside the data dir: records belong to the file they are in.
#[test]
fn undo_never_writes_where_a_forged_history_record_points() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let d = data.to_str().unwrap();
    let o = duban(&["--data", d, "set", "1.1", "--dept", "tax", "--note", "hi"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let log = data.join("history/tax.jsonl");
    let line = fs::read_to_string(&log).unwrap();
    let forged = line
        .trim_end()
        .replace(
            "\"dept\":\"tax\",",
            "\"dept\":\"history/../../victim/pwned\",",
        )
        .replace(
            "\"from\":\"\",\"to\":\"hi\"",
            "\"from\":\"pwned\",\"to\":\"\"",
        );
    let forged = forged.replacen(&line[8..20], "ffffffffffff", 1);
    assert!(forged.contains("victim"), "{forged}");
    fs::write(&log, format!("{line}{forged}\n")).unwrap();

    let o = duban(&["--data", d, "--dept", "tax", "undo"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !root.path().join("victim").exists(),
        "undo wrote outside the data dir"
    );
    assert!(!data.join("victim").exists() && !data.join("history/victim").exists());
    // The forged record is set aside and said so; the real save is undone.
    assert!(o.status.success(), "{err}");
    let note = fs::read_to_string(data.join("tax.ron")).unwrap();
    assert!(
        !note.contains("\"hi\""),
        "the real save was not undone: {note}"
    );
    let h = duban(&["--data", d, "history"]);
    let all = String::from_utf8_lossy(&h.stdout).to_string() + &String::from_utf8_lossy(&h.stderr);
    assert!(all.contains("另一个部门"), "{all}");
}
