//! The board over ssh as each person: `ssh service@server` in a terminal
//! opens it, and it shows who you are.

use std::time::Duration;

use crate::pty::Spawn;
use crate::site::site;

#[test]
fn the_board_opens_over_ssh_as_each_user() {
    let Some(s) = site() else { return };
    for (key, shows) in [
        (&s.alice, "当前用户：alice（区税务局）"),
        (&s.bob, "当前用户：bob（区人力资源社会保障局）"),
        (&s.wang, "当前用户：wang（督办人员 王主任）"),
    ] {
        let args = s.sshd.client_args(key, &["-tt"]);
        let p = Spawn {
            program: std::ffi::OsStr::new("ssh"),
            args,
            env: Vec::new(),
            cols: 80,
            rows: 24,
            controlling: true,
        }
        .spawn()
        .expect("ssh in a pty");
        assert!(
            p.wait_screen(Duration::from_secs(30), shows),
            "board over ssh does not show {shows:?}:\n{}\nsshd: {}",
            p.screen(),
            s.sshd.log()
        );
        p.send(b"q");
        drop(p);
    }
}

/// `--out -` sends a workbook to stdout for ssh, but never to a terminal,
/// where its bytes would be read as escape sequences.
#[test]
fn a_workbook_is_not_written_to_a_terminal() {
    let data = tempfile::tempdir().unwrap();
    let args = [
        "--data",
        data.path().to_str().unwrap(),
        "export",
        "--format",
        "xlsx",
        "--out",
        "-",
    ];
    let mut p = Spawn::duban(args.iter().map(|a| a.to_string()).collect())
        .spawn()
        .expect("duban in a pty");
    assert!(
        p.wait_screen(Duration::from_secs(30), "会把工作簿写到终端"),
        "{}",
        p.screen()
    );
    let st = p.wait_exit(Duration::from_secs(10)).expect("exits");
    assert_eq!(st.code(), Some(1));
    assert!(
        !p.bytes().windows(2).any(|w| w == b"PK"),
        "workbook bytes reached the terminal"
    );
}
