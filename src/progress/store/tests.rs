//! The store's ordering and all-or-nothing guarantees, on real temp dirs.

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::progress::{Edit, Op, Who};

fn plan() -> Plan {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/plan");
    crate::plan::load_dir(&dir).expect("fixture plan loads")
}

fn t(min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 11, 1, 8, min, 0).unwrap()
}

fn boss() -> Who {
    Who::Coordinator("王主任".into())
}

fn note(m: &str, dept: &str, text: &str) -> Edit {
    Edit::new(m, dept, Op::SetNote(text.into()))
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path().join("data"));
    (dir, s)
}

#[test]
fn a_clock_that_goes_backwards_does_not_change_what_undo_reverts() {
    let p = plan();
    let (_t, s) = store();
    s.commit(&p, &[note("1.2", "tax", "税务")], &boss(), t(30))
        .unwrap();
    // The clock is set back 25 minutes; the next save is in another
    // department, so no stamp in its ledger is later than the clock.
    s.commit(&p, &[note("1.3", "market", "市场")], &boss(), t(5))
        .unwrap();
    let c = s.undo(&p, &boss(), t(6)).unwrap();
    assert_eq!(c.ledger.entry_or_default("1.3", "market").note, "");
    assert_eq!(c.ledger.entry_or_default("1.2", "tax").note, "税务");
    let c = s.undo(&p, &boss(), t(7)).unwrap();
    assert_eq!(c.ledger.entry_or_default("1.2", "tax").note, "");
    let h = s.history().unwrap();
    let seqs: Vec<Option<u64>> = h.txns.iter().map(|x| x.seq).collect();
    assert_eq!(seqs, [Some(1), Some(2), Some(3), Some(4)]);
}

#[test]
fn logs_written_before_seq_existed_read_in_time_order_and_come_first() {
    let p = plan();
    let (_t, s) = store();
    s.commit(&p, &[note("1.2", "tax", "一")], &boss(), t(1))
        .unwrap();
    s.commit(&p, &[note("1.2", "tax", "二")], &boss(), t(2))
        .unwrap();
    // Strip `seq` as an older duban wrote the log.
    let path = s.history_path("tax");
    let old: String = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("seq");
            format!("{v}\n")
        })
        .collect();
    assert!(!old.contains("\"seq\""));
    fs::write(&path, old).unwrap();
    // A later save in another department, stamped earlier than both.
    s.commit(&p, &[note("1.3", "market", "三")], &boss(), t(0))
        .unwrap();
    let h = s.history().unwrap();
    let seqs: Vec<Option<u64>> = h.txns.iter().map(|x| x.seq).collect();
    assert_eq!(seqs, [None, None, Some(1)]);
    let c = s.undo(&p, &boss(), t(3)).unwrap();
    assert_eq!(c.ledger.entry_or_default("1.3", "market").note, "");
    let c = s.undo(&p, &boss(), t(4)).unwrap();
    assert_eq!(c.ledger.entry_or_default("1.2", "tax").note, "一");
}

/// A two-department save, then its ledgers put back as a process killed
/// right after writing the journal would leave them: the new ledgers in
/// their temp files, the old ones in place (only `undone` of them).
fn killed_after_the_journal(s: &Store, undone: &[&str]) {
    let p = plan();
    s.commit(
        &p,
        &[note("1.2", "tax", "旧"), note("1.3", "market", "旧")],
        &boss(),
        t(1),
    )
    .unwrap();
    s.commit(
        &p,
        &[note("1.2", "tax", "新"), note("1.3", "market", "新")],
        &boss(),
        t(2),
    )
    .unwrap();
    let mut depts = Vec::new();
    for dept in ["market", "tax"] {
        let rev = s
            .parse_dept(dept, &s.ledger_path(dept))
            .unwrap()
            .unwrap()
            .rev;
        let tmp = format!(".{dept}.ron.tmp.test");
        if undone.contains(&dept) {
            fs::rename(s.ledger_path(dept), s.dir().join(&tmp)).unwrap();
            fs::copy(s.dir().join(format!("{dept}.ron.bak")), s.ledger_path(dept)).unwrap();
        }
        depts.push(serde_json::json!({"dept": dept, "rev": rev, "tmp": tmp}));
    }
    let journal = serde_json::json!({"txn": "t", "depts": depts});
    fs::write(s.dir().join("duban.journal"), journal.to_string()).unwrap();
}

#[test]
fn the_next_reader_finishes_a_save_killed_after_its_journal() {
    for undone in [&["market", "tax"][..], &["tax"][..]] {
        let p = plan();
        let (_t, s) = store();
        killed_after_the_journal(&s, undone);
        let fresh = Store::open(s.dir());
        let l = fresh.load(&p).unwrap();
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        assert_eq!(l.entry_or_default("1.2", "tax").note, "新", "{undone:?}");
        assert_eq!(l.entry_or_default("1.3", "market").note, "新", "{undone:?}");
        assert!(!fresh.journal_pending());
        assert!(!s.dir().join(".tax.ron.tmp.test").exists());
        // The history has the save once, and undo reverts both departments.
        let h = fresh.history().unwrap();
        assert_eq!(h.txns.len(), 2, "{:?}", h.txns);
        let c = fresh.undo(&p, &boss(), t(3)).unwrap();
        assert_eq!(c.ledger.entry_or_default("1.2", "tax").note, "旧");
        assert_eq!(c.ledger.entry_or_default("1.3", "market").note, "旧");
    }
}

#[test]
fn a_journal_that_is_not_ours_is_dropped_and_names_no_path() {
    let p = plan();
    let (_t, s) = store();
    s.commit(&p, &[note("1.2", "tax", "一")], &boss(), t(1))
        .unwrap();
    let outside = s.dir().parent().unwrap().join("victim.ron");
    let journal = serde_json::json!({"txn": "t", "depts": [
        {"dept": "../victim", "rev": 9, "tmp": ".tax.ron.tmp.x"},
        {"dept": "tax", "rev": 9, "tmp": "../../victim"},
    ]});
    fs::write(s.dir().join("duban.journal"), journal.to_string()).unwrap();
    let l = Store::open(s.dir()).load(&p).unwrap();
    assert_eq!(l.entry_or_default("1.2", "tax").note, "一");
    assert!(!outside.exists());
    assert!(!s.journal_pending());
}

#[test]
fn recovery_files_apply_once_and_unreadable_ones_stay() {
    let p = plan();
    let (_t, s) = store();
    let unsaved = Unsaved {
        who: Some(boss()),
        at: t(1),
        why: "test".into(),
        edits: vec![note("1.2", "tax", "恢复"), note("1.3", "market", "恢复")],
    };
    let path = s.write_recovery(None, &unsaved).unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    fs::write(s.dir().join("recovery-bad.json"), "{not json").unwrap();
    let (found, problems) = s.recoveries();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].unsaved, unsaved);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let saved = s.apply_recovery(&p, &found[0], &boss(), t(2)).unwrap();
    assert_eq!(saved.changes.len(), 2);
    assert!(!path.exists());
    assert!(s.dir().join("recovery-bad.json").exists());
    let l = s.load(&p).unwrap();
    assert_eq!(l.entry_or_default("1.3", "market").note, "恢复");
}

#[test]
fn a_recovery_the_rules_refuse_stays_on_disk() {
    let p = plan();
    let (_t, s) = store();
    // A department may not edit another's entry.
    let unsaved = Unsaved {
        who: Some(Who::Dept("tax".into())),
        at: t(1),
        why: "test".into(),
        edits: vec![note("1.3", "market", "越权")],
    };
    let path = s.write_recovery(None, &unsaved).unwrap();
    let (found, _) = s.recoveries();
    assert!(s.apply_recovery(&p, &found[0], &boss(), t(2)).is_err());
    assert!(path.exists());
}

#[test]
fn seq_is_found_behind_a_record_longer_than_the_first_read() {
    let p = plan();
    let (_t, s) = store();
    // 2 000 characters (the bound) of 3 bytes each: past the first 4 KiB read.
    let long = "长".repeat(2_000);
    s.commit(&p, &[note("1.2", "tax", &long)], &boss(), t(1))
        .unwrap();
    // A torn append after it must not hide it either.
    let mut f = fs::OpenOptions::new()
        .append(true)
        .open(s.history_path("tax"))
        .unwrap();
    std::io::Write::write_all(&mut f, b"{\"txn\":\"torn").unwrap();
    s.commit(&p, &[note("1.2", "tax", "短")], &boss(), t(0))
        .unwrap();
    let seqs: Vec<Option<u64>> = s.history().unwrap().txns.iter().map(|x| x.seq).collect();
    assert_eq!(seqs, [Some(1), Some(2)]);
}
