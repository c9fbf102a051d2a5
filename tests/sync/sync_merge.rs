//! Two sites edit apart, then sync in either order: both end with the same
//! files, every edit present (on one field, the earlier value in the
//! history), no conflict markers.

use std::path::Path;

use crate::sync_support::{World, assert_no_markers, load, shared_files, text, values};
use duban::progress::Status;

/// Two clones of an empty bare repository, both made by `sync --init`.
fn two() -> (World, std::path::PathBuf, std::path::PathBuf) {
    let w = World::new();
    let a = w.init("a");
    let b = w.init("b");
    (w, a, b)
}

/// Syncs `first` then `second` then `first` again; afterwards both sites
/// must hold the same files and commit.
fn converge(w: &World, first: &Path, second: &Path) {
    w.sync(first);
    w.sync(second);
    w.sync(first);
    assert_eq!(w.head(first), w.head(second), "both sites on one commit");
    assert_eq!(
        shared_files(first),
        shared_files(second),
        "both sites hold the same files"
    );
    assert_no_markers(first);
    assert_no_markers(second);
}

/// Runs `edit` on fresh sites and converges in both orders; `check` sees
/// the merged site and the number of saves made.
fn both_orders(edit: impl Fn(&World, &Path, &Path) -> usize, check: impl Fn(&Path)) {
    for a_first in [true, false] {
        let (w, a, b) = two();
        let saves = edit(&w, &a, &b);
        if a_first {
            converge(&w, &a, &b);
        } else {
            converge(&w, &b, &a);
        }
        let (_, h) = load(&a);
        assert_eq!(
            h.txns.len(),
            saves,
            "every save is in the history (a first: {a_first})"
        );
        check(&a);
    }
}

#[test]
fn different_departments_merge_cleanly() {
    both_orders(
        |w, a, b| {
            w.set(a, &["1.2", "--dept", "tax", "--status", "done"]);
            w.set(b, &["1.3", "--dept", "market", "--note", "印章免费已落实"]);
            2
        },
        |a| {
            let (l, _) = load(a);
            assert_eq!(l.get("1.2", "tax").unwrap().status, Status::Done);
            assert_eq!(l.get("1.3", "market").unwrap().note, "印章免费已落实");
        },
    );
}

#[test]
fn one_department_on_different_measures_keeps_both() {
    both_orders(
        |w, a, b| {
            w.set(a, &["1.2", "--dept", "tax", "--note", "发票一次办"]);
            w.set(b, &["1.1", "--dept", "tax", "--status", "in_progress"]);
            w.set(b, &["2.1", "--dept", "tax", "--due", "2022-06-30"]);
            3
        },
        |a| {
            let (l, _) = load(a);
            assert_eq!(l.get("1.2", "tax").unwrap().note, "发票一次办");
            assert_eq!(l.get("1.1", "tax").unwrap().status, Status::InProgress);
            assert_eq!(
                l.get("2.1", "tax").unwrap().due,
                Some("2022-06-30".parse().unwrap())
            );
        },
    );
}

#[test]
fn one_entry_on_different_fields_keeps_both() {
    both_orders(
        |w, a, b| {
            w.set(a, &["1.1", "--dept", "tax", "--note", "已对接"]);
            w.set(b, &["1.1", "--dept", "tax", "--status", "blocked"]);
            w.set(b, &["1.1", "--dept", "tax", "--actual", "e_rate=98.5"]);
            3
        },
        |a| {
            let (l, _) = load(a);
            let e = l.get("1.1", "tax").unwrap();
            assert_eq!(e.note, "已对接");
            assert_eq!(e.status, Status::Blocked);
            assert_eq!(e.actuals["e_rate"], 98.5);
        },
    );
}

#[test]
fn on_the_same_field_the_later_edit_wins_and_the_other_is_in_the_history() {
    both_orders(
        |w, a, b| {
            w.set(a, &["1.1", "--dept", "tax", "--note", "甲站的备注"]);
            // b edits the note later, then touches nothing else: b's note is
            // the later one whichever site syncs first.
            std::thread::sleep(std::time::Duration::from_millis(20));
            w.set(b, &["1.1", "--dept", "tax", "--note", "乙站的备注"]);
            // a then changes another field, after b's note: the note's own
            // time decides, not the entry's last change.
            std::thread::sleep(std::time::Duration::from_millis(20));
            w.set(a, &["1.1", "--dept", "tax", "--status", "in_progress"]);
            3
        },
        |a| {
            let (l, h) = load(a);
            let e = l.get("1.1", "tax").unwrap();
            assert_eq!(e.note, "乙站的备注");
            assert_eq!(e.status, Status::InProgress);
            let notes = values(&h, "1.1", "tax", "note");
            assert_eq!(
                notes,
                ["\"甲站的备注\"", "\"乙站的备注\""],
                "the loser stays in the history"
            );
        },
    );
}

#[test]
fn a_site_keeps_saving_and_undoing_after_merges() {
    let (w, a, b) = two();
    w.set(&a, &["1.2", "--dept", "tax", "--note", "一"]);
    w.set(&b, &["1.2", "--dept", "tax", "--status", "in_progress"]);
    converge(&w, &a, &b);
    w.set(&b, &["1.2", "--dept", "tax", "--note", "二"]);
    let o = w.duban(&["undo", "--dept", "tax", "--data", b.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    w.set(&a, &["1.1", "--dept", "market", "--note", "三"]);
    converge(&w, &b, &a);
    let (l, h) = load(&a);
    assert_eq!(
        l.get("1.2", "tax").unwrap().note,
        "一",
        "the undo travelled"
    );
    assert_eq!(l.get("1.1", "market").unwrap().note, "三");
    assert_eq!(h.txns.len(), 5);
}

#[test]
fn commits_carry_the_duban_identity_and_say_who_changed_what() {
    let (w, a, _b) = two();
    w.set(&a, &["1.2", "--dept", "tax", "--status", "done"]);
    w.set(&a, &["1.1", "--dept", "tax", "--note", "已对接"]);
    let o = w.sync(&a);
    assert!(text(&o.stdout).contains("已同步"), "{}", text(&o.stdout));
    let log = w.git(&a, &["log", "-1", "--format=%an|%cn|%s"]);
    assert_eq!(
        text(&log.stdout).trim(),
        "区税务局|区税务局|duban: 区税务局 1.2 状态 未开始 → 已完成; 1.2 完成时间 → 2022-01-05; 1.1 备注"
    );
    assert!(
        !w.home().join(".gitconfig").exists() && !w.home().join(".config/git").exists(),
        "the user's git config is not written"
    );
    let user = w.git(&a, &["config", "user.name"]);
    assert!(
        !user.status.success(),
        "no git user was configured anywhere"
    );
}

#[test]
fn a_push_refused_because_the_remote_moved_is_retried() {
    let (w, a, b) = two();
    // While a pushes, b slips a commit into the remote: a's hook runs after
    // git read the remote's refs and before a's update reaches it.
    let mark = w.root.path().join("raced");
    let hook = a.join(".git/hooks/pre-push");
    let q = |p: &Path| format!("'{}'", p.display());
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nif [ ! -e {m} ]; then\n  : > {m}\n  {bin} --plan {plan} --data {b} set 1.3 --dept market --note 抢先 >/dev/null 2>&1\n  {bin} --plan {plan} --data {b} sync >/dev/null 2>&1 || exit 1\nfi\nexit 0\n",
            m = q(&mark),
            bin = q(Path::new(crate::progress_support::BIN)),
            plan = q(&crate::progress_support::fixture_plan_dir()),
            b = q(&b),
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    w.set(&a, &["1.2", "--dept", "tax", "--note", "后到"]);
    let o = w.sync(&a);
    assert!(mark.exists(), "the race happened");
    assert!(
        text(&o.stderr).contains("远程仓库在此期间有了新的提交"),
        "{}",
        text(&o.stderr)
    );
    w.sync(&b);
    assert_eq!(w.head(&a), w.head(&b));
    assert_eq!(shared_files(&a), shared_files(&b));
    let (l, _) = load(&b);
    assert_eq!(l.get("1.3", "market").unwrap().note, "抢先");
    assert_eq!(l.get("1.2", "tax").unwrap().note, "后到");
}

#[test]
fn a_plain_git_pull_merges_through_the_driver_too() {
    let (w, a, b) = two();
    w.set(&a, &["1.1", "--dept", "tax", "--note", "甲"]);
    std::thread::sleep(std::time::Duration::from_millis(20));
    w.set(&b, &["1.1", "--dept", "tax", "--note", "乙"]);
    std::thread::sleep(std::time::Duration::from_millis(20));
    w.set(&a, &["1.1", "--dept", "tax", "--status", "blocked"]);
    w.sync(&a);
    let id = [
        "-c",
        "user.name=办公室",
        "-c",
        "user.email=office@example.org",
    ];
    let run = |args: &[&str]| {
        let mut v = id.to_vec();
        v.extend_from_slice(args);
        let o = w.git(&b, &v);
        assert!(
            o.status.success(),
            "git {args:?}: {}{}",
            text(&o.stdout),
            text(&o.stderr)
        );
    };
    run(&["add", "-A"]);
    run(&["commit", "--quiet", "-m", "by hand"]);
    run(&[
        "pull",
        "--quiet",
        "--no-rebase",
        "--no-edit",
        "origin",
        "master",
    ]);
    assert_no_markers(&b);
    let (l, h) = load(&b);
    let e = l.get("1.1", "tax").unwrap();
    // b's note is the later note, though a (the side pulled in) touched
    // the entry last: git names the commit it merges, and the driver reads
    // that side's history for when each field changed.
    assert_eq!((e.note.as_str(), e.status), ("乙", Status::Blocked));
    assert_eq!(h.txns.len(), 3);
}

#[test]
fn saves_running_during_syncs_are_all_kept() {
    let (w, a, b) = two();
    let w = std::sync::Arc::new(w);
    let saver = {
        let (w, a) = (w.clone(), a.clone());
        std::thread::spawn(move || {
            for i in 0..20 {
                w.set(&a, &["1.2", "--dept", "tax", "--note", &format!("第{i}次")]);
                w.set(
                    &a,
                    &["1.3", "--dept", "market", "--note", &format!("市场{i}")],
                );
            }
        })
    };
    // Meanwhile both sites sync, again and again.
    let mut syncs = 0;
    loop {
        w.sync(&a);
        w.set(
            &b,
            &["2.1", "--dept", "tax", "--note", &format!("乙{syncs}")],
        );
        w.sync(&b);
        syncs += 1;
        if saver.is_finished() {
            break;
        }
    }
    eprintln!("{syncs} rounds of syncs ran beside the saves");
    saver.join().expect("every save succeeded");
    converge(&w, &a, &b);
    let (l, h) = load(&b);
    assert_eq!(l.get("1.2", "tax").unwrap().note, "第19次");
    assert_eq!(
        l.get("2.1", "tax").unwrap().note,
        format!("乙{}", syncs - 1)
    );
    assert_eq!(l.get("1.3", "market").unwrap().note, "市场19");
    assert_eq!(
        values(&h, "1.2", "tax", "note").len(),
        20,
        "every save of a is in the history"
    );
    assert_eq!(values(&h, "1.3", "market", "note").len(), 20);
    assert_eq!(values(&h, "2.1", "tax", "note").len(), syncs);
}

#[test]
fn three_sites_editing_and_syncing_at_random_agree_and_the_latest_change_wins() {
    use crate::progress_support::Rng;
    let mut rng = Rng::from_time();
    let w = World::new();
    let sites: Vec<std::path::PathBuf> = ["a", "b", "c"].iter().map(|n| w.init(n)).collect();
    let pairs = [
        ("1.1", "approval"),
        ("1.1", "tax"),
        ("1.1", "market"),
        ("1.2", "tax"),
        ("2.1", "tax"),
    ];
    let mut saves = 0;
    for round in 0..3 {
        for (i, s) in sites.iter().enumerate() {
            for k in 0..2 {
                let (m, d) = pairs[rng.below(pairs.len() as u64) as usize];
                let v = format!("{round}-{i}-{k}");
                let status = ["in_progress", "blocked", "not_started"][rng.below(3) as usize];
                let due = format!("2022-0{}-1{}", 1 + rng.below(9), rng.below(10));
                let field: [&str; 2] = match rng.below(3) {
                    0 => ["--note", &v],
                    1 => ["--status", status],
                    _ => ["--due", &due],
                };
                // A status already held is no change, and no save.
                let before = load(s).1.txns.len();
                w.set(s, &[m, "--dept", d, field[0], field[1]]);
                saves += load(s).1.txns.len() - before;
            }
        }
        for _ in 0..2 {
            let s = &sites[rng.below(3) as usize];
            w.sync(s);
        }
    }
    for s in sites.iter().chain(&sites[..2]) {
        w.sync(s);
    }
    for s in &sites[1..] {
        assert_eq!(w.head(&sites[0]), w.head(s));
        assert_eq!(shared_files(&sites[0]), shared_files(s));
        assert_no_markers(s);
    }
    let (l, h) = load(&sites[0]);
    assert_eq!(h.txns.len(), saves, "every save is in the merged history");
    for (m, d) in pairs {
        let e = l.entry_or_default(m, d);
        for f in ["note", "status", "due"] {
            let field: duban::progress::Field = f.parse().unwrap();
            let latest = h
                .txns
                .iter()
                .flat_map(|t| t.changes.iter().map(move |c| (t.at, c)))
                .filter(|(_, c)| c.key.measure == m && c.key.dept == d && c.field == field)
                .max_by_key(|(at, _)| *at)
                .map(|(_, c)| c.to.clone());
            if let Some(v) = latest {
                assert_eq!(
                    duban::progress::field::get_field(&e, &field),
                    v,
                    "{m}@{d} {f}: the latest change is the value"
                );
            }
        }
    }
}

#[test]
fn a_step_added_at_each_site_keeps_both() {
    both_orders(
        |w, a, b| {
            w.set(a, &["1.2", "--dept", "tax", "--add-step", "梳理申领流程"]);
            w.set(b, &["1.2", "--dept", "tax", "--add-step", "培训窗口人员"]);
            2
        },
        |a| {
            let (l, _) = load(a);
            let mut texts: Vec<String> = l
                .get("1.2", "tax")
                .unwrap()
                .steps
                .iter()
                .map(|s| s.text.clone())
                .collect();
            texts.sort();
            assert_eq!(texts, ["培训窗口人员", "梳理申领流程"]);
        },
    );
}

/// git checks files out by the umask (0644 under the usual 022); after a
/// sync the data dir's files are private again, as the store writes them.
#[test]
fn files_git_checked_out_are_private_after_a_sync() {
    use std::os::unix::fs::PermissionsExt;
    let (w, a, b) = two();
    w.set(&a, &["1.2", "--dept", "tax", "--note", "甲地"]);
    w.set(&a, &["1.3", "--dept", "market", "--note", "甲地"]);
    w.sync(&a);
    w.set(&b, &["1.3", "--dept", "market", "--status", "in_progress"]);
    w.sync(&b);
    let mut seen = 0;
    for dir in [b.clone(), b.join("history")] {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let m = std::fs::symlink_metadata(e.path()).unwrap();
            let name = e.file_name().to_string_lossy().to_string();
            if !m.file_type().is_file() || !(name.ends_with(".ron") || name.ends_with(".jsonl")) {
                continue;
            }
            seen += 1;
            let mode = m.permissions().mode() & 0o777;
            assert_eq!(mode & 0o077, 0, "{} is {mode:o}", e.path().display());
        }
    }
    // tax.ron and its log came to b only through git; market's merged.
    assert!(seen >= 4, "{seen} files");
}

/// A field one site changed and then set back while the other site changed
/// it in between: the later change, the setting back, wins, though a
/// three-way merge alone sees that site as unchanged.
#[test]
fn a_change_set_back_later_still_wins_over_an_earlier_one() {
    let (w, a, b) = two();
    w.set(&a, &["1.2", "--dept", "tax", "--note", "甲"]);
    w.sync(&a);
    w.sync(&b);
    w.set(&a, &["1.2", "--dept", "tax", "--status", "in_progress"]);
    w.set(&b, &["1.2", "--dept", "tax", "--status", "blocked"]);
    w.set(&a, &["1.2", "--dept", "tax", "--status", "not_started"]);
    converge(&w, &a, &b);
    let (l, _) = load(&b);
    assert_eq!(l.get("1.2", "tax").unwrap().status, Status::NotStarted);
}
