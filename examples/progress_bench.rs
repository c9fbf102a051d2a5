//! Progress store benchmark: save latency (with fsync) and load time of a
//! data dir with 100 departments and 100 000 history records.
//!
//! `cargo run --release --example progress_bench [DIR]` — DIR (default: a
//! temp dir) should be on the disk the data will live on; figures go to stdout.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use duban::app::progress::LedgerProgress;
use duban::plan::{Chapter, Department, DeptKind, Measure, Plan, PlanDoc};
use duban::progress::{Edit, Op, Store, Who};

const DEPTS: usize = 100;
const MEASURES: usize = 1000;
const RECORDS_PER_DEPT: usize = 1000;

fn plan() -> Plan {
    let departments = (0..DEPTS)
        .map(|i| Department {
            id: format!("d{i:03}"),
            name: format!("部门{i}"),
            short: String::new(),
            aliases: Vec::new(),
            kind: DeptKind::Department,
        })
        .collect();
    let chapters = (0..10)
        .map(|c| Chapter {
            number: c + 1,
            numeral: String::new(),
            title: format!("章{c}"),
            measures: (0..MEASURES / 10)
                .map(|m| {
                    let n = c as usize * (MEASURES / 10) + m;
                    Measure {
                        id: format!("{}.{}", c + 1, m + 1),
                        number: String::new(),
                        title: format!("措施{n}"),
                        text: "……".repeat(40),
                        annotation: String::new(),
                        lead: vec![format!("d{:03}", n % DEPTS)],
                        lead_inferred: false,
                        responsible: vec![
                            format!("d{:03}", (n * 7 + 1) % DEPTS),
                            format!("d{:03}", (n * 13 + 2) % DEPTS),
                        ],
                        deadlines: Vec::new(),
                        recurring: Vec::new(),
                        targets: Vec::new(),
                    }
                })
                .collect(),
        })
        .collect();
    Plan {
        doc: PlanDoc {
            id: "bench".into(),
            title: "bench".into(),
            issuer: String::new(),
            issued: NaiveDate::from_ymd_opt(2021, 10, 27).unwrap(),
            notice: String::new(),
            sections: Vec::new(),
            targets: Vec::new(),
            milestones: Vec::new(),
            duties: Vec::new(),
        },
        departments,
        chapters,
    }
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let tmp;
    let root = match std::env::args().nth(1) {
        Some(d) => std::path::PathBuf::from(d),
        None => {
            tmp = tempfile::tempdir().unwrap();
            tmp.path().to_path_buf()
        }
    };
    let data = root.join("bench-data");
    let reuse = std::env::var_os("DUBAN_BENCH_REUSE").is_some() && data.is_dir();
    if !reuse {
        let _ = std::fs::remove_dir_all(&data);
    }
    let plan = plan();
    let store = Store::open(&data);

    // Fill: every department gets ~RECORDS_PER_DEPT history records in 10 saves.
    let t = Instant::now();
    for d in plan.departments.iter().filter(|_| !reuse) {
        let who = Who::Dept(d.id.clone());
        let mine: Vec<&Measure> = plan
            .measures()
            .map(|(_, m)| m)
            .filter(|m| m.departments().contains(&d.id.as_str()))
            .collect();
        for round in 0..10 {
            let edits: Vec<Edit> = (0..RECORDS_PER_DEPT / 10)
                .map(|i| {
                    let m = mine[i % mine.len()];
                    let op = Op::SetNote(format!("第{round}轮第{i}条进展说明"));
                    Edit::new(&m.id, &d.id, op)
                })
                .collect();
            store.commit(&plan, &edits, &who, Utc::now()).unwrap();
        }
    }
    println!(
        "fill: {} departments, 10 saves each, {:?}",
        DEPTS,
        t.elapsed()
    );

    let t = Instant::now();
    let ledger = store.load(&plan).unwrap();
    let load = t.elapsed();
    let t = Instant::now();
    let hist = store.history().unwrap();
    let history = t.elapsed();
    let records: usize = hist.txns.iter().map(|t| t.changes.len()).sum();
    let t = Instant::now();
    let view = LedgerProgress::new(
        &plan,
        ledger.clone(),
        NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(),
        duban::lang::Lang::Zh,
    );
    let derive = t.elapsed();
    drop(view);
    println!(
        "load: {} entries in {load:?}; history: {records} records / {} saves in {history:?}; derive {} measures in {derive:?}",
        ledger.entries.len(),
        hist.txns.len(),
        MEASURES
    );

    // Save latency: single-field saves, as the board makes them.
    let who = Who::Dept("d000".into());
    let m = plan
        .measures()
        .map(|(_, m)| m)
        .find(|m| m.departments().contains(&"d000"))
        .unwrap();
    let mut lat = Vec::new();
    for i in 0..200 {
        let e = Edit::new(&m.id, "d000", Op::SetNote(format!("保存{i}")));
        let t = Instant::now();
        store.commit(&plan, &[e], &who, Utc::now()).unwrap();
        lat.push(t.elapsed());
    }
    println!(
        "save (lock, re-read, history append + fsync, temp + fsync, rename, dir fsync, reload): p50 {:?}, p99 {:?}, max {:?}",
        pct(&mut lat, 0.5),
        pct(&mut lat, 0.99),
        pct(&mut lat, 1.0)
    );
    let size: u64 = std::fs::read_dir(data.join("history"))
        .unwrap()
        .flatten()
        .map(|e| e.metadata().unwrap().len())
        .sum();
    println!("history on disk: {:.1} MiB", size as f64 / (1 << 20) as f64);
}
