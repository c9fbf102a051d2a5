//! The merges on files written by real saves: a base dir, two copies edited
//! apart, then both orders of the merge.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::plan::Plan;
use crate::progress::edit::{Edit, Op, Who};
use crate::progress::model::Status;
use crate::progress::store::Store;

fn plan() -> Plan {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/plan");
    crate::plan::load_dir(&dir).expect("fixture plan loads")
}

fn t(min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 11, 1, 8, min, 0).unwrap()
}

fn tax() -> Who {
    Who::Dept("tax".into())
}

fn save(s: &Store, m: &str, op: Op, at: u32) {
    s.commit(&plan(), &[Edit::new(m, "tax", op)], &tax(), t(at))
        .expect("save");
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.join("history")).unwrap();
    for name in ["tax.ron", "history/tax.jsonl"] {
        if from.join(name).exists() {
            std::fs::copy(from.join(name), to.join(name)).unwrap();
        }
    }
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_default()
}

/// A base with 1.1 in progress, and two copies of it.
fn three() -> (tempfile::TempDir, [Store; 3]) {
    let t = tempfile::tempdir().unwrap();
    let dirs: Vec<PathBuf> = ["o", "a", "b"].iter().map(|n| t.path().join(n)).collect();
    let o = Store::open(&dirs[0]);
    save(&o, "1.1", Op::SetStatus(Status::InProgress), 0);
    copy(&dirs[0], &dirs[1]);
    copy(&dirs[0], &dirs[2]);
    (t, [o, Store::open(&dirs[1]), Store::open(&dirs[2])])
}

/// Merges `a` and `b` over `o` in both orders; both must agree. Returns
/// the merged ledger and history.
fn merged(s: &[Store; 3]) -> (String, String) {
    let [o, a, b] = s;
    let text = |s: &Store, n: &str| read(s.dir(), n);
    let (ta, tb) = (
        field_times(&text(a, "history/tax.jsonl")),
        field_times(&text(b, "history/tax.jsonl")),
    );
    let run = |x: &Store, tx: &FieldTimes, y: &Store, ty: &FieldTimes| {
        let ledger = merge_ledger(
            Path::new("tax.ron"),
            Some(&text(o, "tax.ron")),
            Side {
                text: &text(x, "tax.ron"),
                times: tx,
            },
            Side {
                text: &text(y, "tax.ron"),
                times: ty,
            },
        )
        .expect("merges");
        let log = merge_history(
            Some(&text(o, "history/tax.jsonl")),
            &text(x, "history/tax.jsonl"),
            &text(y, "history/tax.jsonl"),
        );
        (ledger, log)
    };
    let ab = run(a, &ta, b, &tb);
    let ba = run(b, &tb, a, &ta);
    assert_eq!(ab, ba, "both orders of the merge agree");
    ab
}

/// Writes the merge into `o`'s dir and loads it through the store.
fn install(
    s: &[Store; 3],
    m: &(String, String),
) -> (crate::progress::Ledger, crate::progress::History) {
    std::fs::write(s[0].dir().join("tax.ron"), &m.0).unwrap();
    std::fs::write(s[0].dir().join("history/tax.jsonl"), &m.1).unwrap();
    let store = Store::open(s[0].dir());
    (store.load(&plan()).unwrap(), store.history().unwrap())
}

#[test]
fn different_measures_both_survive() {
    let (_t, s) = three();
    save(&s[1], "1.1", Op::SetNote("甲".into()), 1);
    save(&s[2], "1.2", Op::SetStatus(Status::Done), 2);
    let m = merged(&s);
    let (l, h) = install(&s, &m);
    assert_eq!(l.get("1.1", "tax").unwrap().note, "甲");
    assert_eq!(l.get("1.1", "tax").unwrap().status, Status::InProgress);
    assert_eq!(l.get("1.2", "tax").unwrap().status, Status::Done);
    assert_eq!(h.txns.len(), 3, "every save is in the merged history");
    assert!(h.problems.is_empty(), "{:?}", h.problems);
}

#[test]
fn different_fields_of_one_entry_both_survive() {
    let (_t, s) = three();
    save(&s[1], "1.1", Op::SetNote("甲".into()), 1);
    save(&s[2], "1.1", Op::SetStatus(Status::Blocked), 2);
    let (l, h) = install(&s, &merged(&s));
    let e = l.get("1.1", "tax").unwrap();
    assert_eq!((e.note.as_str(), e.status), ("甲", Status::Blocked));
    assert_eq!(e.updated.as_ref().unwrap().at, t(2));
    assert_eq!(h.txns.len(), 3);
}

#[test]
fn on_one_field_the_later_change_wins_and_the_other_stays_in_history() {
    let (_t, s) = three();
    // b changes the note first, a later; a's entry was last touched before b's.
    save(&s[2], "1.1", Op::SetNote("乙".into()), 2);
    save(&s[1], "1.1", Op::SetNote("甲".into()), 3);
    save(&s[2], "1.1", Op::SetStatus(Status::Blocked), 4);
    let (l, h) = install(&s, &merged(&s));
    let e = l.get("1.1", "tax").unwrap();
    assert_eq!(e.note, "甲", "the later note wins, by the field's own time");
    assert_eq!(e.status, Status::Blocked);
    let notes: Vec<&serde_json::Value> = h
        .txns
        .iter()
        .flat_map(|t| &t.changes)
        .filter(|c| c.field == Field::Note)
        .map(|c| &c.to)
        .collect();
    assert_eq!(notes, [&serde_json::json!("乙"), &serde_json::json!("甲")]);
    // The store keeps saving on the merged files, every save counted.
    let store = Store::open(s[0].dir());
    save(&store, "1.2", Op::SetNote("之后".into()), 5);
    assert_eq!(store.history().unwrap().txns.len(), 5);
}

#[test]
fn merging_twice_changes_nothing_and_the_revision_covers_every_save() {
    let (_t, s) = three();
    save(&s[1], "1.1", Op::SetNote("甲".into()), 1);
    save(&s[2], "1.2", Op::SetNote("乙".into()), 2);
    let m = merged(&s);
    let again = merge_history(Some(&m.1), &m.1, &m.1);
    assert_eq!(again, m.1);
    assert!(m.0.contains("rev: 3,"), "{}", m.0);
    assert_eq!(max_rev(&m.1), 3);
}

#[test]
fn a_side_that_does_not_parse_is_refused_with_its_line() {
    let (_t, s) = three();
    let bad = "Ledger(\n    dept: \"tax\",\n    rev: x,\n)\n";
    let none = FieldTimes::new();
    let e = merge_ledger(
        Path::new("tax.ron"),
        Some(&read(s[0].dir(), "tax.ron")),
        Side {
            text: bad,
            times: &none,
        },
        Side {
            text: &read(s[2].dir(), "tax.ron"),
            times: &none,
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("tax.ron:3:"), "{e}");
}

#[test]
fn lines_that_are_not_records_are_kept_once() {
    let log = "not json\n";
    let m = merge_history(None, log, log);
    assert_eq!(m, "not json\n");
}

#[test]
fn a_step_added_at_each_site_keeps_both_steps() {
    let (_t, s) = three();
    let add = |text: &str| Op::AddStep {
        text: text.into(),
        date: None,
    };
    save(&s[1], "1.1", add("甲站的细化措施"), 1);
    save(&s[2], "1.1", add("乙站的细化措施"), 2);
    let (l, _) = install(&s, &merged(&s));
    let steps: Vec<(u32, &str)> = l
        .get("1.1", "tax")
        .unwrap()
        .steps
        .iter()
        .map(|x| (x.id, x.text.as_str()))
        .collect();
    assert_eq!(steps, [(1, "甲站的细化措施"), (2, "乙站的细化措施")]);
}
