//! What `duban sync` says when it cannot sync, and that it then changes
//! nothing that matters.

use crate::sync_support::{World, text};

fn fails(o: &std::process::Output) -> String {
    assert!(
        !o.status.success(),
        "expected a failure: {}",
        text(&o.stdout)
    );
    let e = text(&o.stderr);
    assert!(
        !e.contains('\u{1b}'),
        "no raw escape reaches the terminal: {e:?}"
    );
    e
}

#[test]
fn a_plain_dir_is_not_a_work_tree() {
    let w = World::new();
    let d = w.site("plain");
    std::fs::create_dir(&d).unwrap();
    let e = fails(&w.duban(&["sync", "--data", d.to_str().unwrap()]));
    assert!(
        e.contains("不是 git 工作树") && e.contains("duban sync --init"),
        "{e}"
    );
}

#[test]
fn a_work_tree_without_a_remote_is_told_how_to_add_one() {
    let w = World::new();
    let d = w.site("lonely");
    assert!(
        w.git(w.root.path(), &["init", "--quiet", "lonely"])
            .status
            .success()
    );
    let e = fails(&w.duban(&["sync", "--data", d.to_str().unwrap()]));
    assert!(
        e.contains("没有远程仓库") && e.contains("remote add origin"),
        "{e}"
    );
}

#[test]
fn without_git_the_message_says_to_install_it() {
    let w = World::new();
    let d = w.site("nogit");
    let empty = w.root.path().join("empty-path");
    std::fs::create_dir(&empty).unwrap();
    let mut c = std::process::Command::new(crate::progress_support::BIN);
    c.args(["sync", "--data", d.to_str().unwrap()])
        .env("PATH", &empty);
    w.env(&mut c);
    let e = fails(&c.output().unwrap());
    assert!(e.contains("找不到 git 程序"), "{e}");
}

#[test]
fn what_git_says_is_shown_sanitised() {
    let w = World::new();
    let d = w.site("x");
    let url = w.root.path().join("no\u{1b}[2Jsuch.git");
    let e = fails(&w.duban(&[
        "sync",
        "--init",
        url.to_str().unwrap(),
        "--data",
        d.to_str().unwrap(),
    ]));
    assert!(e.contains("无法从") && e.contains("克隆"), "{e}");
    assert!(
        e.contains('␛') || e.contains("\\x1b") || e.contains("\\033"),
        "{e}"
    );
}

#[test]
fn a_damaged_ledger_is_neither_committed_nor_pushed() {
    let w = World::new();
    let a = w.init("a");
    w.set(&a, &["1.2", "--dept", "tax", "--note", "好"]);
    w.sync(&a);
    let before = text(&w.git(&w.remote(), &["rev-parse", "HEAD"]).stdout);
    let ledger = a.join("tax.ron");
    let t = std::fs::read_to_string(&ledger).unwrap();
    std::fs::write(
        &ledger,
        format!("<<<<<<< ours\n{t}=======\n>>>>>>> theirs\n"),
    )
    .unwrap();
    let e = fails(&w.duban(&["sync", "--data", a.to_str().unwrap()]));
    assert!(e.contains("tax.ron") && e.contains("未提交也未推送"), "{e}");
    let after = text(&w.git(&w.remote(), &["rev-parse", "HEAD"]).stdout);
    assert_eq!(before, after, "the remote did not move");
    let status = w.git(&a, &["status", "--porcelain"]);
    assert!(
        text(&status.stdout).contains("tax.ron"),
        "the damage stays uncommitted"
    );
}

#[test]
fn init_refuses_a_dir_that_is_a_work_tree_already() {
    let w = World::new();
    let a = w.init("a");
    let e = fails(&w.duban(&[
        "sync",
        "--init",
        w.remote().to_str().unwrap(),
        "--data",
        a.to_str().unwrap(),
    ]));
    assert!(e.contains("已经是 git 工作树"), "{e}");
}

#[test]
fn an_existing_data_dir_becomes_the_first_site() {
    let w = World::new();
    // The shared repository's default branch is not git's default.
    let r = w.git(&w.remote(), &["symbolic-ref", "HEAD", "refs/heads/trunk"]);
    assert!(r.status.success());
    let d = w.site("old");
    w.set(&d, &["1.2", "--dept", "tax", "--status", "in_progress"]);
    w.set(&d, &["1.2", "--dept", "tax", "--note", "早有的数据"]);
    assert!(d.join("tax.ron.bak").exists() && d.join("duban.lock").exists());
    // The remote as a path relative to where the command runs.
    let o = w.duban_at_root(&["sync", "--init", "remote.git", "--data", "old"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let b = w.init("b");
    let branch = |d: &std::path::Path| text(&w.git(d, &["symbolic-ref", "--short", "HEAD"]).stdout);
    assert_eq!(
        branch(&d).trim(),
        "trunk",
        "the first site is on the remote's branch"
    );
    assert_eq!(branch(&b).trim(), "trunk");
    assert!(!d.join(".duban-init.tmp").exists());
    let (l, h) = crate::sync_support::load(&b);
    assert_eq!(l.get("1.2", "tax").unwrap().note, "早有的数据");
    assert_eq!(h.txns.len(), 2);
    let ignored = std::fs::read_to_string(b.join(".gitignore")).unwrap();
    assert!(
        ignored.contains("*.lock") && ignored.contains("*.bak"),
        "{ignored}"
    );
    let tracked = text(&w.git(&d, &["ls-files"]).stdout);
    assert!(
        tracked.contains("tax.ron") && !tracked.contains("duban.lock") && !tracked.contains(".bak"),
        "per-machine files stay out of git: {tracked}"
    );
}

#[test]
fn a_push_the_remote_refuses_is_said_and_the_commit_kept() {
    let w = World::new();
    let a = w.init("a");
    let hook = w.remote().join("hooks/pre-receive");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'frozen for the audit' >&2\nexit 1\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    w.set(&a, &["1.2", "--dept", "tax", "--note", "留在本地"]);
    let e = fails(&w.duban(&["sync", "--data", a.to_str().unwrap()]));
    assert!(
        e.contains("拒绝了推送") && e.contains("frozen for the audit"),
        "{e}"
    );
    assert!(!e.contains("重新获取"), "a refusal is not retried: {e}");
    let log = text(&w.git(&a, &["log", "-1", "--format=%s"]).stdout);
    assert!(log.contains("1.2 备注"), "the commit stays local: {log}");
}

#[test]
fn a_second_sync_of_one_dir_is_told_to_wait() {
    let w = World::new();
    let a = w.init("a");
    let held = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(a.join(".git/duban-sync.lock"))
        .unwrap();
    held.lock().unwrap();
    let e = fails(&w.duban(&["sync", "--data", a.to_str().unwrap()]));
    assert!(e.contains("另一个 duban sync 正在运行"), "{e}");
    drop(held);
    w.sync(&a);
}

#[test]
fn a_hand_written_file_git_cannot_merge_cancels_the_merge_and_keeps_this_sites_data() {
    let w = World::new();
    let a = w.init("a");
    let b = w.init("b");
    std::fs::write(a.join("config.ron"), "Config(coordinators: [\"王主任\"])\n").unwrap();
    std::fs::write(b.join("config.ron"), "Config(coordinators: [\"李科长\"])\n").unwrap();
    w.set(&b, &["1.2", "--dept", "tax", "--note", "乙站"]);
    w.sync(&a);
    let e = fails(&w.duban(&["sync", "--data", b.to_str().unwrap()]));
    assert!(
        e.contains("无法自动合并") && e.contains("config.ron"),
        "{e}"
    );
    crate::sync_support::assert_no_markers(&b);
    assert_eq!(
        std::fs::read_to_string(b.join("config.ron")).unwrap(),
        "Config(coordinators: [\"李科长\"])\n"
    );
    let (l, _) = crate::sync_support::load(&b);
    assert_eq!(l.get("1.2", "tax").unwrap().note, "乙站");
    let st = text(&w.git(&b, &["status", "--porcelain"]).stdout);
    assert!(st.trim().is_empty(), "no merge left half done: {st}");
}

#[test]
fn an_existing_data_dir_is_not_joined_to_a_remote_that_has_data() {
    let w = World::new();
    let a = w.init("a");
    w.set(&a, &["1.2", "--dept", "tax", "--note", "远程的"]);
    w.sync(&a);
    let d = w.site("old");
    w.set(&d, &["1.2", "--dept", "tax", "--note", "本地的"]);
    let before = crate::progress_support::snapshot(&d);
    let e = fails(&w.duban(&[
        "sync",
        "--init",
        w.remote().to_str().unwrap(),
        "--data",
        d.to_str().unwrap(),
    ]));
    assert!(e.contains("已有数据") && e.contains("空目录"), "{e}");
    crate::progress_support::assert_same(
        &before,
        &crate::progress_support::snapshot(&d),
        "refused --init",
    );
    assert!(!d.join(".git").exists());
}

#[test]
fn offline_the_changes_are_committed_and_go_out_with_the_next_sync() {
    let w = World::new();
    let a = w.init("a");
    let b = w.init("b");
    let away = w.root.path().join("remote-away.git");
    std::fs::rename(w.remote(), &away).unwrap();
    w.set(&a, &["1.2", "--dept", "tax", "--note", "离线时的修改"]);
    let e = fails(&w.duban(&["sync", "--data", a.to_str().unwrap()]));
    assert!(
        e.contains("无法从远程仓库 origin 获取更新") && e.contains("已提交在本地"),
        "{e}"
    );
    let log = text(&w.git(&a, &["log", "-1", "--format=%s"]).stdout);
    assert!(log.contains("区税务局 1.2 备注"), "{log}");
    std::fs::rename(&away, w.remote()).unwrap();
    w.sync(&a);
    w.sync(&b);
    let (l, _) = crate::sync_support::load(&b);
    assert_eq!(l.get("1.2", "tax").unwrap().note, "离线时的修改");
}
