//! The operator's side: `duban users`, config.ron written safely, and
//! departments named the way people name them.

use crate::site::{duban, text};

fn data() -> (tempfile::TempDir, String) {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("data").to_str().unwrap().to_string();
    (t, d)
}

#[test]
fn users_add_list_remove_keep_config_ron_and_print_the_forced_command() {
    let (t, d) = data();
    let key = t.path().join("alice.pub");
    std::fs::write(
        &key,
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJgpEQK2GBbwXGB7otJFh9X8zXV0r9z8 alice@office\n",
    )
    .unwrap();
    std::fs::create_dir(&d).unwrap();
    std::fs::write(
        format!("{d}/config.ron"),
        "Config(coordinators: [\"王主任\"], due_soon_days: 10)\n",
    )
    .unwrap();
    let o = duban(&[
        "--data",
        &d,
        "users",
        "add",
        "alice",
        "--dept",
        "税务局",
        "--key",
        key.to_str().unwrap(),
        "--command",
        "/usr/local/bin/duban",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let line = format!(
        "command=\"/usr/local/bin/duban --user alice --data {d}\",restrict,pty ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJgpEQK2GBbwXGB7otJFh9X8zXV0r9z8 alice@office"
    );
    assert!(
        text(&o.stdout).lines().any(|l| l == line),
        "{}",
        text(&o.stdout)
    );
    let o = duban(&[
        "--data",
        &d,
        "users",
        "add",
        "li",
        "--coordinator",
        "李科长",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let cfg = std::fs::read_to_string(format!("{d}/config.ron")).unwrap();
    // What was there stays; a coordinator user is listed as a coordinator.
    for want in [
        "due_soon_days: 10",
        "\"王主任\"",
        "\"李科长\"",
        "\"alice\": Dept(\"tax\")",
        "\"li\": Coordinator(\"李科长\")",
    ] {
        assert!(cfg.contains(want), "{want:?} not in {cfg}");
    }
    let l = text(&duban(&["--data", &d, "users", "list"]).stdout);
    assert!(
        l.contains("alice  区税务局（tax）") && l.contains("li  督办人员 李科长"),
        "{l}"
    );
    let o = duban(&["--data", &d, "users", "remove", "alice"]);
    assert!(o.status.success() && text(&o.stdout).contains("authorized_keys"));
    let o = duban(&["--data", &d, "users", "remove", "alice"]);
    assert!(!o.status.success() && text(&o.stderr).contains("没有用户"));
    let l = text(&duban(&["--data", &d, "users", "list"]).stdout);
    assert!(!l.contains("alice") && l.contains("li"), "{l}");
}

#[test]
fn a_config_ron_that_does_not_parse_is_never_overwritten() {
    let (_t, d) = data();
    std::fs::create_dir(&d).unwrap();
    let broken = "Config(coordinators: [\"王主任\"\n";
    std::fs::write(format!("{d}/config.ron"), broken).unwrap();
    let o = duban(&["--data", &d, "users", "add", "alice", "--dept", "tax"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("config.ron:"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(format!("{d}/config.ron")).unwrap(),
        broken
    );
}

#[test]
fn user_names_and_keys_that_would_break_the_line_are_refused() {
    let (t, d) = data();
    for bad in [
        "a b",
        "a\"b",
        "a'b",
        ".x",
        "a;b",
        "a$b",
        "a\u{202e}b",
        &"x".repeat(65),
        "",
    ] {
        let o = duban(&["--data", &d, "users", "add", bad, "--dept", "tax"]);
        assert_eq!(o.status.code(), Some(1), "{bad:?} accepted");
        assert!(text(&o.stderr).contains("用户名"), "{}", text(&o.stderr));
    }
    let key = t.path().join("bad.pub");
    std::fs::write(&key, "ssh-ed25519 AAAA\"$(id)\n").unwrap();
    let o = duban(&[
        "--data",
        &d,
        "users",
        "add",
        "bob",
        "--dept",
        "hrss",
        "--key",
        key.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("不是 ssh 公钥文件"),
        "{}",
        text(&o.stderr)
    );
    let o = duban(&["--data", &d, "users", "add", "bob", "--dept", "人事局"]);
    assert!(text(&o.stderr).contains("人社局"), "{}", text(&o.stderr));
    assert!(
        !std::path::Path::new(&d).join("config.ron").exists(),
        "a refused add wrote config.ron"
    );
}

#[test]
fn dept_takes_names_short_names_and_aliases() {
    let (_t, d) = data();
    for (named, id) in [
        ("区税务局", "tax"),
        ("人社局", "hrss"),
        ("税务部门", "tax"),
        ("hrss", "hrss"),
    ] {
        let o = duban(&[
            "--data",
            &d,
            "--today",
            "2022-01-10",
            "set",
            "5.8",
            "--dept",
            named,
            "--status",
            "in_progress",
            "--note",
            named,
        ]);
        assert!(o.status.success(), "{named}: {}", text(&o.stderr));
        // The edit landed in that department's own ledger.
        let ledger = std::fs::read_to_string(std::path::Path::new(&d).join(format!("{id}.ron")))
            .unwrap_or_default();
        assert!(
            ledger.contains(&format!("note: \"{named}\"")),
            "{named}: {id}.ron holds {ledger}"
        );
    }
    let o = duban(&[
        "--data",
        &d,
        "set",
        "5.8",
        "--dept",
        "人事局",
        "--status",
        "done",
    ]);
    let err = text(&o.stderr);
    assert!(
        !o.status.success() && err.contains("人社局") && !err.contains("tax"),
        "{err}"
    );
    let o = duban(&[
        "--data", &d, "--lang", "en", "set", "5.8", "--dept", "taxx", "--status", "done",
    ]);
    assert!(
        text(&o.stderr).contains("did you mean \"tax\""),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn departments_lists_ids_names_and_short_names() {
    let o = duban(&["departments"]);
    assert!(o.status.success());
    let out = text(&o.stdout);
    assert!(
        out.lines()
            .any(|l| l.starts_with("tax ") && l.contains("区税务局（税务局 · 税务部门）")),
        "{out}"
    );
    assert!(out.contains("共 46 个部门"), "{out}");
    let en = text(&duban(&["--lang", "en", "departments"]).stdout);
    assert!(en.contains("46 departments"), "{en}");
}

#[test]
fn with_user_the_identity_is_the_maps_and_a_broken_entry_is_refused() {
    let (_t, d) = data();
    std::fs::create_dir(&d).unwrap();
    std::fs::write(
        format!("{d}/config.ron"),
        r#"Config(coordinators: ["李四"], users: {"alice": Dept("tax"), "x": Dept("nosuch"), "wang": Coordinator("王主任")})"#,
    )
    .unwrap();
    let before = std::fs::read_dir(&d).unwrap().count();
    for (args, says) in [
        (
            vec![
                "--user", "alice", "--dept", "hrss", "set", "5.8", "--note", "x",
            ],
            "不能再用 --dept",
        ),
        (
            vec![
                "--user",
                "alice",
                "--coordinator",
                "李四",
                "set",
                "5.8",
                "--note",
                "x",
            ],
            "不能再用 --coordinator",
        ),
        (
            vec!["--user", "x", "set", "5.8", "--note", "x"],
            "计划中没有的部门",
        ),
        (
            vec!["--user", "wang", "history"],
            "coordinators 名单里没有 王主任",
        ),
        (
            vec!["--user", "nobody", "history"],
            "不在 config.ron 的 users 名单中",
        ),
    ] {
        let mut a = vec!["--data", d.as_str()];
        a.extend(args.iter().copied());
        let o = duban(&a);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            text(&o.stderr).contains(says),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
    assert_eq!(
        std::fs::read_dir(&d).unwrap().count(),
        before,
        "a refusal wrote a file"
    );
    let o = duban(&[
        "--data", &d, "--user", "alice", "set", "5.8", "--note", "本人",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("5.8 区税务局"),
        "{}",
        text(&o.stdout)
    );
}
