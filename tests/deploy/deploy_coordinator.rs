//! The coordinator's key: decides and marks over ssh; the workbook of a
//! department without a terminal arrives on stdin.

use crate::site::{site, text};

#[test]
fn a_coordinator_decides_and_marks_over_ssh() {
    let Some(s) = site() else { return };
    let o = s.ssh(
        &s.wang,
        "review decide 5.8 --meeting '2022年1月调度会' --opinion '请于1月底前完成' --due 2022-01-31 --to 区税务局 --today 2022-01-10",
    );
    assert!(o.status.success(), "{}\n{}", text(&o.stderr), s.sshd.log());
    let o = s.ssh(&s.wang, "review mark 2022年1月调度会 --today 2022-01-10");
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("第 001 次调度"),
        "{}",
        text(&o.stdout)
    );
    let l = s.ssh(&s.alice, "review list");
    assert!(text(&l.stdout).contains("王主任 于"), "{}", text(&l.stdout));
    let h = s.ssh(&s.alice, "history 5.8");
    assert!(
        text(&h.stdout).contains("wang（王主任）"),
        "{}",
        text(&h.stdout)
    );
    // A coordinator acts on one department's entry in the board, not with
    // a --dept the client chose.
    let o = s.ssh(&s.wang, "set 5.8 --confirm");
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("wang 是督办人员"),
        "{}",
        text(&o.stderr)
    );
    // A coordinator's identity is fixed too.
    let o = s.ssh(&s.wang, "--coordinator 李四 review mark x");
    assert!(text(&o.stderr).contains("不能使用 --coordinator"));
}

#[test]
fn ingest_over_ssh_reads_the_workbook_on_stdin() {
    let Some(s) = site() else { return };
    // The workbook comes over ssh too, on stdout.
    let o = s.ssh(&s.wang, "export --format xlsx --out - --today 2022-01-10");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let bytes = o.stdout;
    assert!(
        bytes.starts_with(b"PK"),
        "not a workbook: {:?}",
        &bytes[..bytes.len().min(16)]
    );
    let before = s.files();
    let o = s
        .sshd
        .run_as(&s.wang, "ingest - --today 2022-01-10", &bytes);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("没有需要修改的"),
        "{}",
        text(&o.stdout)
    );
    let o = s.sshd.run_as(&s.wang, "ingest -", b"not a workbook");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("nothing was changed"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(s.files(), before);
}
