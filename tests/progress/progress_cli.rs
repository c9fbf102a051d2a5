//! `duban set` and the data dir through the real binary: errors exit 1 and
//! write nothing, damaged files are reported and left alone, git merges of
//! different departments' edits are clean, concurrent same-field edits keep
//! the loser in the history.

use crate::progress_support;

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use duban::progress::{Status, Store};
use progress_support::*;

fn plan_arg() -> String {
    fixture_plan_dir().display().to_string()
}

/// `duban set` against the fixture plan and `data`.
fn set(data: &Path, args: &[&str]) -> std::process::Output {
    let plan = plan_arg();
    let mut all = vec!["set"];
    all.extend_from_slice(args);
    all.extend(["--plan", &plan, "--data", data.to_str().unwrap()]);
    duban(&all)
}

fn ok(o: &std::process::Output) {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        stdout(o),
        stderr(o)
    );
}

/// Every date flag reads the forms clerks write, the same as the board.
#[test]
fn date_flags_take_every_common_form() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let store = Store::open(&data);
    let plan = load_plan(&fixture_plan_dir());
    for (typed, want) in [
        ("2022年3月1日", "2022-03-01"),
        ("2022/3/2", "2022-03-02"),
        ("2022.3.3", "2022-03-03"),
        ("２０２２－３－４", "2022-03-04"),
    ] {
        ok(&set(&data, &["1.1", "--dept", "tax", "--due", typed]));
        let due = store.load(&plan).unwrap().get("1.1", "tax").unwrap().due;
        assert_eq!(due.map(|d| d.to_string()).as_deref(), Some(want), "{typed}");
    }
    let plan_dir = plan_arg();
    let o = duban(&[
        "review",
        "decide",
        "1.1",
        "--meeting",
        "2022年2月调度会",
        "--opinion",
        "限期完成",
        "--due",
        "2022/3/31",
        "--coordinator",
        "王主任",
        "--plan",
        &plan_dir,
        "--data",
        data.to_str().unwrap(),
        "--today",
        "2022年2月20日",
    ]);
    ok(&o);
    let e = store
        .load(&plan)
        .unwrap()
        .get("1.1", "tax")
        .cloned()
        .unwrap();
    assert_eq!(
        e.decision
            .and_then(|d| d.due)
            .map(|d| d.to_string())
            .as_deref(),
        Some("2022-03-31")
    );
}

#[test]
fn set_saves_and_prints_each_change() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let o = set(
        &data,
        &[
            "1.1",
            "--dept",
            "tax",
            "--status",
            "推进中",
            "--due",
            "2021-12-20",
            "--actual",
            "e_rate=98.5",
            "--note",
            "已上线",
        ],
    );
    ok(&o);
    let out = stdout(&o);
    assert!(
        out.contains("已保存 · 1.1 区税务局 状态：未开始 → 推进中"),
        "{out}"
    );
    assert!(out.contains("全程电子化率：— → 98.5%"), "{out}");
    // global flags after the subcommand, the data dir from DUBAN_DATA
    let o = Command::new(BIN)
        .args([
            "set",
            "1.1",
            "--dept",
            "tax",
            "--status",
            "done",
            "--plan",
            &plan_arg(),
        ])
        .env("DUBAN_DATA", &data)
        .env_remove("DUBAN_COORDINATOR")
        .output()
        .unwrap();
    ok(&o);
    let plan = load_plan(&fixture_plan_dir());
    let e = Store::open(&data)
        .load(&plan)
        .unwrap()
        .entry_or_default("1.1", "tax");
    assert_eq!(e.status, Status::Done);
    assert_eq!(e.note, "已上线");
    assert_eq!(e.due, Some("2021-12-20".parse().unwrap()));
    assert_eq!(e.actuals["e_rate"], 98.5);
    let mode = std::fs::metadata(data.join("tax.ron")).unwrap().mode() & 0o777;
    assert_eq!(mode & 0o077, 0, "ledger mode {mode:o} is private");
}

#[test]
fn bad_input_exits_1_with_a_hint_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(&set(&data, &["1.1", "--dept", "tax", "--note", "before"]));
    let before = snapshot(&data);
    let cases: &[(&[&str], &str)] = &[
        (&["1.l", "--dept", "tax", "--note", "x"], "是不是“1.1”"),
        (
            &["1.1", "--dept", "taz", "--note", "x"],
            "是不是“区税务局”（税务局，编号 tax）",
        ),
        (
            &["1.1", "--dept", "tax", "--actual", "e_rat=1"],
            "是不是“e_rate”",
        ),
        (
            &["1.1", "--dept", "tax", "--actual", "e_rate=九十"],
            "不是数字",
        ),
        (&["1.1", "--dept", "tax", "--actual", "e_rate"], "指标=数值"),
        (
            &["1.1", "--dept", "tax", "--due", "2021-02-30"],
            "不是有效日期",
        ),
        (
            &["1.1", "--dept", "tax", "--due", "明年三月"],
            "不是有效日期",
        ),
        (
            &["1.1", "--dept", "tax", "--status", "half"],
            "不是填报状态",
        ),
        (&["1.3", "--dept", "tax", "--note", "x"], "不由区税务局负责"),
        (&["1.1", "--dept", "tax"], "没有要填报的内容"),
        (&["1.1", "--note", "x"], "需要 --dept"),
        (
            &["1.1", "--dept", "tax", "--confirm"],
            "只有督办人员可以销号",
        ),
        // a valid edit with an invalid one: nothing of the command is saved
        (
            &[
                "1.1", "--dept", "tax", "--note", "after", "--actual", "days=x",
            ],
            "不是数字",
        ),
        (
            &[
                "1.1",
                "--dept",
                "tax",
                "--note",
                "after",
                "--return",
                "不合格",
                "--coordinator",
                "王主任",
            ],
            "尚未报结",
        ),
    ];
    for (args, needle) in cases {
        let o = set(&data, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(needle),
            "{args:?}: expected {needle:?} in: {err}"
        );
        assert!(stdout(&o).is_empty(), "{args:?}");
        assert_same(&before, &snapshot(&data), &format!("{args:?}"));
    }
}

#[test]
fn damaged_ledgers_are_reported_with_position_and_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(&set(&data, &["1.2", "--dept", "tax", "--note", "good"]));
    let path = data.join("tax.ron");
    let good = std::fs::read_to_string(&path).unwrap();
    let huge = {
        // 33 MiB of a valid-looking note: over the size limit
        let mut s = good.replacen(
            "note: \"good\"",
            &format!("note: \"{}\"", "x".repeat(33 << 20)),
            1,
        );
        s.push('\n');
        s
    };
    let cases = [
        ("unparsable", good.replacen("rev:", "rev", 1), "tax.ron:"),
        (
            "conflict markers",
            format!("<<<<<<< HEAD\n{good}=======\n{good}>>>>>>> other\n"),
            "tax.ron:1: 区税务局的台账第1行有未解决的合并冲突标记",
        ),
        ("unknown field", good.replacen("note:", "nota:", 1), "nota"),
        ("huge", huge, "过大"),
    ];
    for (what, bad, needle) in cases {
        std::fs::write(&path, &bad).unwrap();
        let before = snapshot(&data);
        let o = set(&data, &["1.2", "--dept", "tax", "--note", "new"]);
        assert_eq!(o.status.code(), Some(1), "{what}");
        let err = stderr(&o);
        assert!(err.contains(needle), "{what}: {err}");
        assert!(err.contains("提示："), "{what}: no hint in {err}");
        if what != "huge" && what != "conflict markers" {
            // file:line:column
            let pos = err.split("tax.ron:").nth(1).unwrap_or("");
            let mut it = pos.split(':');
            let (l, c) = (it.next().unwrap_or(""), it.next().unwrap_or(""));
            assert!(
                l.parse::<usize>().is_ok_and(|l| l > 1) && c.parse::<usize>().is_ok(),
                "{what}: no line:column in {err}"
            );
        }
        assert_same(&before, &snapshot(&data), what);
        // other departments still save
        ok(&set(&data, &["1.3", "--dept", "market", "--note", what]));
    }
}

/// Root ignores directory permissions, so as root the binary runs as
/// `nobody` (uid 65534) over a dir owned by nobody with mode 0555. The
/// checkout may sit where nobody cannot enter (a clone under `mktemp -d` or
/// /root), so nobody runs a copy of the binary and of the plan from the
/// temp dir.
/// The binary and the fixture plan copied under `dir` (world-readable).
fn reachable_copies(dir: &Path) -> (PathBuf, String) {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("duban");
    std::fs::copy(BIN, &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let plan = dir.join("plan");
    copy_tree(&fixture_plan_dir(), &plan);
    (bin, plan.display().to_string())
}

fn copy_tree(from: &Path, to: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(to).unwrap();
    std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o755)).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
}

#[test]
fn read_only_data_dir_gives_a_clear_message_and_loses_nothing() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = tmp.path().join("data");
    ok(&set(&data, &["1.2", "--dept", "tax", "--note", "kept"]));
    let root = std::fs::metadata(tmp.path()).unwrap().uid() == 0;
    let nobody = 65534;
    let chown_all = |dir: &Path| {
        for p in snapshot(dir).keys().map(|p| p.to_path_buf()).chain([
            dir.join("history"),
            dir.to_path_buf(),
            dir.join("duban.lock"),
        ]) {
            std::os::unix::fs::chown(&p, Some(nobody), Some(nobody)).unwrap();
        }
    };
    for p in snapshot(&data).keys() {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    std::fs::set_permissions(data.join("history"), std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::set_permissions(
        data.join("duban.lock"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    if root {
        chown_all(&data);
    }
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(&data);
    let (bin, plan) = if root {
        reachable_copies(tmp.path())
    } else {
        (PathBuf::from(BIN), plan_arg())
    };
    let mut cmd = Command::new(bin);
    cmd.args([
        "set",
        "1.2",
        "--dept",
        "tax",
        "--note",
        "new",
        "--plan",
        &plan,
        "--data",
        data.to_str().unwrap(),
    ])
    .env_remove("DUBAN_COORDINATOR");
    if root {
        cmd.uid(nobody).gid(nobody);
    }
    let o = cmd.output().unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("没有权限") && err.contains("数据目录只读"),
        "{err}"
    );
    assert!(err.contains("未保存"), "{err}");
    assert_same(&before, &snapshot(&data), "read-only dir");
    let planv = load_plan(&fixture_plan_dir());
    assert_eq!(
        Store::open(&data)
            .load(&planv)
            .unwrap()
            .entry_or_default("1.2", "tax")
            .note,
        "kept"
    );
}

#[test]
fn a_held_lock_gives_locked_by_after_the_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(&set(&data, &["1.2", "--dept", "tax", "--note", "one"]));
    let ino = std::fs::metadata(data.join("duban.lock")).unwrap().ino();
    ok(&set(&data, &["1.2", "--dept", "tax", "--note", "two"]));
    assert_eq!(
        std::fs::metadata(data.join("duban.lock")).unwrap().ino(),
        ino,
        "the lock file is never replaced"
    );
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(data.join("duban.lock"))
        .unwrap();
    f.lock().unwrap();
    std::fs::write(data.join("duban.lock"), "coordinator 王主任 (pid 1)\n").unwrap();
    let before = snapshot(&data);
    let t = std::time::Instant::now();
    let o = set(&data, &["1.2", "--dept", "tax", "--note", "three"]);
    let waited = t.elapsed();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("被另一个 duban 占用（coordinator 王主任 (pid 1)"),
        "{err}"
    );
    // It gave up only after waiting out the lock timeout (how long past it
    // is the scheduler's business, not the test's).
    assert!(waited.as_secs_f64() > 4.5, "waited {waited:?}");
    assert_same(&before, &snapshot(&data), "locked");
    drop(f);
    ok(&set(&data, &["1.2", "--dept", "tax", "--note", "three"]));
}

#[test]
fn same_field_from_two_processes_later_wins_and_the_other_is_in_history() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let plan = plan_arg();
    let spawn = |note: &str, field: &str| {
        Command::new(BIN)
            .args([
                "set",
                "1.1",
                "--dept",
                "tax",
                field,
                note,
                "--plan",
                &plan,
                "--data",
                data.to_str().unwrap(),
            ])
            .env_remove("DUBAN_COORDINATOR")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    for round in 0..5 {
        let (a, b) = (format!("A{round}"), format!("B{round}"));
        let mut pa = spawn(&a, "--note");
        let mut pb = spawn(&b, "--note");
        let mut pc = spawn(&format!("2021-12-{:02}", 10 + round), "--due");
        assert!(
            pa.wait().unwrap().success()
                && pb.wait().unwrap().success()
                && pc.wait().unwrap().success()
        );
        let p = load_plan(&fixture_plan_dir());
        let store = Store::open(&data);
        let e = store.load(&p).unwrap().entry_or_default("1.1", "tax");
        assert_eq!(
            e.due,
            Some(format!("2021-12-{:02}", 10 + round).parse().unwrap()),
            "the other field is kept"
        );
        let h = store.history().unwrap();
        let notes: Vec<_> = h
            .txns
            .iter()
            .flat_map(|t| &t.changes)
            .filter(|c| c.field.to_string() == "note")
            .collect();
        let last = notes.last().unwrap();
        assert_eq!(
            last.to,
            serde_json::json!(e.note),
            "the ledger holds the later save"
        );
        let loser = if e.note == a { &b } else { &a };
        assert_eq!(
            last.from,
            serde_json::json!(loser),
            "the overwritten value is in the history"
        );
    }
}

#[test]
fn coordinators_confirm_return_and_decide_extensions() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(&set(&data, &["1.2", "--dept", "tax", "--status", "done"]));
    std::fs::write(
        data.join("config.ron"),
        "Config(coordinators: [\"王主任\"])\n",
    )
    .unwrap();
    let o = set(
        &data,
        &["1.2", "--dept", "tax", "--confirm", "--coordinator", "李四"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("不是 config.ron 中的督办人员"),
        "{}",
        stderr(&o)
    );
    ok(&set(
        &data,
        &[
            "1.2",
            "--dept",
            "tax",
            "--return",
            "佐证材料不全",
            "--coordinator",
            "王主任",
        ],
    ));
    ok(&set(
        &data,
        &[
            "1.2",
            "--dept",
            "tax",
            "--extend",
            "2022-03-31",
            "--reason",
            "等待省级系统",
            "--progress",
            "80%",
        ],
    ));
    let o = set(&data, &["1.2", "--dept", "tax", "--approve-extension"]);
    assert_eq!(o.status.code(), Some(1));
    ok(&set(
        &data,
        &[
            "1.2",
            "--dept",
            "tax",
            "--approve-extension",
            "--coordinator",
            "王主任",
        ],
    ));
    let p = load_plan(&fixture_plan_dir());
    let e = Store::open(&data)
        .load(&p)
        .unwrap()
        .entry_or_default("1.2", "tax");
    assert_eq!(e.status, Status::InProgress);
    assert_eq!(e.due, Some("2022-03-31".parse().unwrap()));
    let o = duban(&[
        "history",
        "--plan",
        &plan_arg(),
        "--data",
        data.to_str().unwrap(),
    ]);
    ok(&o);
    let h = stdout(&o);
    assert!(
        h.contains("王主任 1.2 区税务局 审核：")
            && h.contains("佐证材料不全")
            && h.contains("（同意延期）"),
        "{h}"
    );
    // undo is per person and survives the process
    let o = duban(&[
        "undo",
        "--coordinator",
        "王主任",
        "--plan",
        &plan_arg(),
        "--data",
        data.to_str().unwrap(),
    ]);
    ok(&o);
    let e = Store::open(&data)
        .load(&p)
        .unwrap()
        .entry_or_default("1.2", "tax");
    assert_eq!(e.due, None, "the approval is undone");
    assert!(e.pending_extension().is_some());
}

fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}{}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

#[test]
fn two_copies_edited_by_different_departments_merge_in_git_without_conflict() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    // a shared starting point: both departments already have ledgers
    ok(&set(&a, &["1.1", "--dept", "tax", "--note", "起点"]));
    ok(&set(&a, &["1.3", "--dept", "market", "--note", "起点"]));
    git(&a, &["init", "-q", "-b", "main"]);
    git(&a, &["add", "-A"]);
    git(&a, &["commit", "-qm", "start"]);
    let b = tmp.path().join("b");
    git(
        tmp.path(),
        &["clone", "-q", a.to_str().unwrap(), b.to_str().unwrap()],
    );
    // machine A: tax works; machine B: market and approval work
    ok(&set(
        &a,
        &[
            "1.1",
            "--dept",
            "tax",
            "--status",
            "done",
            "--actual",
            "e_rate=99.2",
        ],
    ));
    ok(&set(&a, &["1.2", "--dept", "tax", "--note", "A 机"]));
    ok(&set(
        &b,
        &[
            "1.3", "--dept", "market", "--status", "blocked", "--note", "B 机",
        ],
    ));
    ok(&set(
        &b,
        &["1.1", "--dept", "approval", "--due", "2021-12-01"],
    ));
    for d in [&a, &b] {
        git(d, &["add", "-A"]);
        git(d, &["commit", "-qm", "work"]);
    }
    let status = git(&a, &["status", "--porcelain", "--ignored"]);
    assert!(
        !status.contains("tax.ron\n") && status.contains("tax.ron.bak"),
        "bak is ignored: {status}"
    );
    git(
        &a,
        &[
            "pull",
            "-q",
            "--no-rebase",
            "--no-edit",
            b.to_str().unwrap(),
            "main",
        ],
    );
    let p = load_plan(&fixture_plan_dir());
    let store = Store::open(&a);
    let l = store.load(&p).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let tax = l.entry_or_default("1.1", "tax");
    assert_eq!(
        (tax.status, tax.actuals["e_rate"], tax.note.as_str()),
        (Status::Done, 99.2, "起点")
    );
    assert_eq!(l.entry_or_default("1.2", "tax").note, "A 机");
    let market = l.entry_or_default("1.3", "market");
    assert_eq!(
        (market.status, market.note.as_str()),
        (Status::Blocked, "B 机")
    );
    assert_eq!(
        l.entry_or_default("1.1", "approval").due,
        Some("2021-12-01".parse().unwrap())
    );
    let h = store.history().unwrap();
    assert!(h.problems.is_empty(), "{:?}", h.problems);
    assert_eq!(
        h.txns.len(),
        6,
        "every save from both machines is in the history"
    );
    // and the merged dir keeps working
    ok(&set(
        &a,
        &["1.3", "--dept", "market", "--status", "in_progress"],
    ));
}

/// Unmounts on drop, so a failing assertion does not leave a mount behind.
struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A full disk: a 256 KiB tmpfs filled to the last block. Needs the right to
/// mount (root in the CI container); elsewhere it says so and checks nothing.
#[test]
fn full_disk_gives_a_clear_message_and_a_retry_succeeds_once_there_is_room() {
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs"])
        .arg(&mnt)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (not root?)");
        return;
    }
    let _guard = Mount(mnt.clone());
    let data = mnt.join("data");
    ok(&set(&data, &["1.2", "--dept", "tax", "--note", "small"]));
    // fill the file system
    {
        use std::io::Write;
        let mut f = std::fs::File::create(mnt.join("filler")).unwrap();
        let block = vec![b'x'; 4096];
        while f.write_all(&block).and_then(|_| f.sync_all()).is_ok() {}
    }
    let before = snapshot(&data);
    // The longest note there is (2 000 characters): a full disk has no
    // room for it, an emptied one has.
    let big = "进展".repeat(1_000);
    let o = set(&data, &["1.2", "--dept", "tax", "--note", &big]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("磁盘已满，未保存"), "{err}");
    assert_same(&before, &snapshot(&data), "full disk");
    std::fs::remove_file(mnt.join("filler")).unwrap();
    ok(&set(&data, &["1.2", "--dept", "tax", "--note", &big]));
    let p = load_plan(&fixture_plan_dir());
    assert_eq!(
        Store::open(&data)
            .load(&p)
            .unwrap()
            .entry_or_default("1.2", "tax")
            .note,
        big
    );
}

/// The completion date is the department's, never the typing time: given
/// with `--done-on` in any common form, else the as-of date (and the output
/// says so); a date after the as-of date is refused and nothing is written;
/// leaving done clears it; undo puts it back.
#[test]
fn done_on_is_given_when_reporting_done() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let store = Store::open(&data);
    let plan = load_plan(&fixture_plan_dir());
    let done_on = |m: &str| store.load(&plan).unwrap().get(m, "tax").unwrap().done_on;

    let o = set(
        &data,
        &[
            "1.1",
            "--dept",
            "tax",
            "--status",
            "done",
            "--today",
            "2022-02-20",
        ],
    );
    ok(&o);
    assert!(
        stdout(&o).contains("按截至日期记为 2022-02-20"),
        "{}",
        stdout(&o)
    );
    assert_eq!(done_on("1.1").unwrap().to_string(), "2022-02-20");

    let o = set(
        &data,
        &[
            "1.1",
            "--dept",
            "tax",
            "--done-on",
            "2022年1月5日",
            "--today",
            "2022-02-20",
        ],
    );
    ok(&o);
    assert!(!stdout(&o).contains("按截至日期"), "{}", stdout(&o));
    assert_eq!(done_on("1.1").unwrap().to_string(), "2022-01-05");

    // Setting done again keeps the date the department gave.
    ok(&set(
        &data,
        &[
            "1.1",
            "--dept",
            "tax",
            "--status",
            "done",
            "--today",
            "2022-02-21",
        ],
    ));
    assert_eq!(done_on("1.1").unwrap().to_string(), "2022-01-05");

    let before = std::fs::read(data.join("tax.ron")).unwrap();
    let o = set(
        &data,
        &[
            "1.1",
            "--dept",
            "tax",
            "--status",
            "done",
            "--done-on",
            "2022-03-01",
            "--today",
            "2022-02-20",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("不能晚于截至日期 2022-02-20"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(data.join("tax.ron")).unwrap(), before);

    let o = set(
        &data,
        &[
            "1.1",
            "--dept",
            "tax",
            "--status",
            "in_progress",
            "--done-on",
            "2022-01-05",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("只能与 --status 已完成 一起使用"),
        "{}",
        stderr(&o)
    );

    ok(&set(
        &data,
        &["1.1", "--dept", "tax", "--status", "in_progress"],
    ));
    assert_eq!(done_on("1.1"), None);
    let plan_dir = plan_arg();
    let d = data.to_str().unwrap();
    ok(&duban(&[
        "undo", "--dept", "tax", "--plan", &plan_dir, "--data", d,
    ]));
    assert_eq!(done_on("1.1").unwrap().to_string(), "2022-01-05");
    let s = store.load(&plan).unwrap();
    assert_eq!(s.get("1.1", "tax").unwrap().status, Status::Done);
    let o = duban(&["history", "1.1", "--plan", &plan_dir, "--data", d]);
    assert!(stdout(&o).contains("实际完成时间："), "{}", stdout(&o));
}
