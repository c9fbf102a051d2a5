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
