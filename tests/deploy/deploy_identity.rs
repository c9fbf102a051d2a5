//! A department's person over ssh: edits only their own entry, cannot choose
//! who they are or which files are used, and the history names them.

use crate::site::{site, text};

#[test]
fn alice_sets_5_8_over_ssh_and_the_history_names_her() {
    let Some(s) = site() else { return };
    let o = s.ssh(
        &s.alice,
        "set 5.8 --status done --done-on 2022-01-05 --today 2022-02-01",
    );
    assert!(
        o.status.success(),
        "stderr: {}\nsshd: {}",
        text(&o.stderr),
        s.sshd.log()
    );
    assert!(
        text(&o.stdout).contains("5.8 区税务局"),
        "{}",
        text(&o.stdout)
    );
    let ledger = std::fs::read_to_string(s.data.join("tax.ron")).unwrap();
    assert!(ledger.contains("2022-01-05"), "{ledger}");
    if s.sshd.made_account() {
        // Saved by the service account, not by whoever runs the test.
        use std::os::unix::fs::MetadataExt;
        let owner = std::fs::metadata(s.data.join("tax.ron")).unwrap().uid();
        assert_ne!(owner, 0, "tax.ron was written as root");
    } else {
        eprintln!("not root: sshd logs in as the current user instead of a service account");
    }
    let log = std::fs::read_to_string(s.data.join("history/tax.jsonl")).unwrap();
    assert!(log.contains(r#""user":"alice""#), "{log}");
    let h = s.ssh(&s.alice, "history 5.8");
    assert!(h.status.success(), "{}", text(&h.stderr));
    assert!(
        text(&h.stdout).contains("alice（区税务局）"),
        "{}",
        text(&h.stdout)
    );
    // The coordinator, who sees every department's history, sees her name.
    let h = s.ssh(&s.wang, "history 5.8 --json");
    assert!(
        text(&h.stdout).contains(r#""user":"alice""#),
        "{}",
        text(&h.stdout)
    );
}

#[test]
fn alice_cannot_edit_for_others_or_choose_who_she_is() {
    let Some(s) = site() else { return };
    let before = s.files();
    for (remote, says) in [
        // hrss's entry of a measure both departments carry.
        ("set 5.8 --dept hrss --status done", "不能使用 --dept"),
        ("set 5.8 --dept=人社局 --status done", "不能使用 --dept"),
        (
            "--coordinator 王主任 set 5.8 --status done",
            "不能使用 --coordinator",
        ),
        ("set 5.8 --status done --data /tmp", "不能使用 --data"),
        ("set 5.8 --status done --plan /tmp", "不能使用 --plan"),
        ("set 5.8 --status done --user wang", "不能使用 --user"),
        // A measure tax does not carry.
        ("set 1.5 --status done", "1.5"),
        ("review decide 5.8 --meeting m --opinion o", "只有督办人员"),
        ("review mark 2022年1月调度会", "只有督办人员"),
        ("ingest -", "只有督办人员"),
        ("ingest /etc/passwd", "标准输入"),
        ("export --format csv --out /tmp/x.csv", "不能使用 --out"),
        ("users remove alice", "不能运行“users”"),
        ("import /etc/passwd", "不能运行“import”"),
        ("set 5.8 --status done; id", "不支持 ;"),
        ("history $(id)", "不支持 $("),
        ("history `id`", "不支持 `"),
        ("set 5.8 --note 'unclosed", "引号"),
    ] {
        let o = s.ssh(&s.alice, remote);
        let err = text(&o.stderr);
        assert!(
            !o.status.success(),
            "{remote:?} was accepted: {}",
            text(&o.stdout)
        );
        assert!(err.contains(says), "{remote:?}: expected {says:?} in {err}");
    }
    assert_eq!(s.files(), before, "a refused command changed the data dir");
    assert!(!std::path::Path::new("/tmp/x.csv").exists() || before.is_empty());
}

#[test]
fn a_key_whose_user_is_not_in_the_map_is_refused() {
    let Some(s) = site() else { return };
    let eve = s.sshd.keygen("eve");
    let pubkey = std::fs::read_to_string(format!("{}.pub", eve.display())).unwrap();
    // The operator added the key but not the user: duban refuses, it does
    // not fall back to anyone.
    let line = format!(
        "command=\"{} --user eve --data {}\",restrict,pty {}",
        s.program.display(),
        s.data.display(),
        pubkey.trim()
    );
    let keys = std::fs::read_to_string(s.sshd.path("authorized_keys")).unwrap();
    s.sshd.authorize(&format!("{keys}{line}\n"));
    let before = s.files();
    let o = s.ssh(&eve, "set 5.8 --status done");
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("用户 \"eve\" 不在 config.ron 的 users 名单中"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(s.files(), before);
}

/// Two people saving at the same moment through the one account: both
/// saves land, each under its person, and undo takes back only one's own.
#[test]
fn two_people_saving_at_once_over_ssh_both_land() {
    let Some(s) = site() else { return };
    std::thread::scope(|sc| {
        let a = sc.spawn(|| s.ssh(&s.alice, "set 5.8 --note '税务局：已完成系统对接'"));
        let b = sc.spawn(|| s.ssh(&s.bob, "set 5.8 --note '人社局：培训两期'"));
        for o in [a.join().unwrap(), b.join().unwrap()] {
            assert!(o.status.success(), "{}", text(&o.stderr));
        }
    });
    let tax = std::fs::read_to_string(s.data.join("tax.ron")).unwrap();
    let hrss = std::fs::read_to_string(s.data.join("hrss.ron")).unwrap();
    assert!(tax.contains("已完成系统对接") && hrss.contains("培训两期"));
    let h = text(&s.ssh(&s.wang, "history 5.8").stdout);
    assert!(
        h.contains("alice（区税务局）") && h.contains("bob（区人力资源社会保障局）"),
        "{h}"
    );
    let u = s.ssh(&s.alice, "undo");
    assert!(u.status.success(), "{}", text(&u.stderr));
    let tax = std::fs::read_to_string(s.data.join("tax.ron")).unwrap();
    let hrss = std::fs::read_to_string(s.data.join("hrss.ron")).unwrap();
    assert!(!tax.contains("已完成系统对接") && hrss.contains("培训两期"));
}
