//! T4: no lost updates. Four processes save 1000 edits to the same
//! department at once, all on the same 50 entries, each process on its own
//! five targets of every entry: two library clients (two threads each, one
//! save per edit: 2 × 250 saves) and two `duban set` loops (one invocation
//! per entry with five `--actual`s: 2 × 50 invocations, 250 edits each).
//! Afterwards all 1000 values are there and the history holds every save.

use crate::progress_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chrono::Utc;
use duban::progress::{Edit, Op, Store, Who};
use progress_support::*;

const MEASURES: usize = 50;
/// Targets per measure a process owns.
const PER: usize = 5;
const CHILD_ENV: &str = "DUBAN_CONC_CHILD";

fn value(i: usize, k: usize) -> f64 {
    (i * 100 + k) as f64
}

/// The target keys process `p` writes.
fn keys(p: usize) -> std::ops::Range<usize> {
    p * PER..(p + 1) * PER
}

/// Library client `p`: two threads, each saving half of the measures.
fn lib_child(spec: &str) {
    let mut it = spec.split('|');
    let (p, plan_dir, data) = (
        it.next().unwrap().parse::<usize>().unwrap(),
        PathBuf::from(it.next().unwrap()),
        PathBuf::from(it.next().unwrap()),
    );
    let plan = load_plan(&plan_dir);
    std::thread::scope(|s| {
        for half in 0..2 {
            let (plan, data) = (&plan, &data);
            s.spawn(move || {
                let store = Store::open(data);
                let who = Who::Dept("tax".into());
                for i in 1..=MEASURES {
                    for k in keys(p).filter(|k| k % 2 == half) {
                        let e = Edit::new(
                            format!("1.{i}"),
                            "tax",
                            Op::SetActual {
                                key: format!("k{k}"),
                                value: value(i, k),
                            },
                        );
                        store.commit(plan, &[e], &who, Utc::now()).expect("save");
                    }
                }
            });
        }
    });
}

/// A scratch dir on tmpfs when there is one: this test is about lost
/// updates, not durability, and fsync on a shared disk would dominate it.
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(t) = tempfile::tempdir_in(shm)
    {
        return t;
    }
    tempfile::tempdir().unwrap()
}

#[test]
fn four_processes_1000_edits_none_lost() {
    if let Ok(spec) = std::env::var(CHILD_ENV) {
        lib_child(&spec);
        return;
    }
    let tmp = scratch();
    let plan_dir = write_wide_plan(tmp.path(), MEASURES, 4 * PER);
    let data = tmp.path().join("data");
    let plan = load_plan(&plan_dir);
    let start = Instant::now();
    let children: Vec<_> = (0..2)
        .map(|p| {
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "progress_concurrency::four_processes_1000_edits_none_lost",
                    "--exact",
                    "--test-threads=1",
                ])
                .env(
                    CHILD_ENV,
                    format!("{p}|{}|{}", plan_dir.display(), data.display()),
                )
                .spawn()
                .unwrap()
        })
        .collect();
    std::thread::scope(|s| {
        for p in 2..4 {
            let (plan_dir, data) = (&plan_dir, &data);
            s.spawn(move || {
                for i in 1..=MEASURES {
                    let m = format!("1.{i}");
                    let mut args = vec!["set".to_string(), m, "--dept".into(), "tax".into()];
                    for k in keys(p) {
                        args.push("--actual".into());
                        args.push(format!("k{k}={}", value(i, k)));
                    }
                    args.extend([
                        "--plan".into(),
                        plan_dir.display().to_string(),
                        "--data".into(),
                        data.display().to_string(),
                    ]);
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    let o = duban(&args);
                    assert!(o.status.success(), "duban set failed: {}", stderr(&o));
                }
            });
        }
    });
    for mut c in children {
        assert!(c.wait().unwrap().success(), "library client failed");
    }
    eprintln!("1000 edits by 4 processes in {:?}", start.elapsed());

    let store = Store::open(&data);
    let l = store.load(&plan).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let mut missing = Vec::new();
    for i in 1..=MEASURES {
        for p in 0..4 {
            let got = l
                .get(&format!("1.{i}"), "tax")
                .and_then(|e| e.actuals.get(&format!("k{p}")));
            if got != Some(&value(i, p)) {
                missing.push(format!("1.{i} k{p}: {got:?}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} of 1000 edits lost: {:?}",
        missing.len(),
        &missing[..missing.len().min(10)]
    );
    let h = store.history().unwrap();
    assert!(h.problems.is_empty(), "{:?}", h.problems);
    let saves = 2 * MEASURES * PER + 2 * MEASURES;
    assert_eq!(h.txns.len(), saves, "one history txn per save");
    let changes: usize = h.txns.iter().map(|t| t.changes.len()).sum();
    assert_eq!(changes, 1000, "one history record per edit");
    let text = std::fs::read_to_string(store.ledger_path("tax")).unwrap();
    assert!(
        text.contains(&format!("rev: {saves},")),
        "the ledger was saved {saves} times"
    );
}
