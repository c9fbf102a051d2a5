//! Fills a data dir for the scale benchmark: `RECORDS` history records
//! (default 100 000) spread over the plan's departments, written through
//! `Store::commit` in batches, so the files are exactly what duban writes.
//!
//!     cargo run --release --example scale_data -- DATA_DIR [PLAN_DIR] [RECORDS]
//!
//! Without PLAN_DIR the default plan is used.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::Utc;
use duban::progress::{Edit, Op, Store, Who};

const BATCH: usize = 100;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(
        args.next()
            .ok_or("usage: scale_data DATA_DIR [PLAN_DIR] [RECORDS]")?,
    );
    let plan = match args.next().filter(|a| a != "-") {
        Some(dir) => duban::plan::load_dir(&PathBuf::from(dir)).map_err(|e| e.to_string())?,
        None => duban::plan::load_embedded().map_err(|e| e.to_string())?,
    };
    let records: usize = args
        .next()
        .map_or(Ok(100_000), |s| s.parse().map_err(|e| format!("{e}")))?;

    // Each department's measures, to edit only what it carries.
    let mut carried: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (_, m) in plan.measures() {
        for d in m.lead.iter().chain(&m.responsible) {
            carried.entry(d.clone()).or_default().push(m.id.clone());
        }
    }
    let depts: Vec<(String, Vec<String>)> = carried.into_iter().collect();
    let store = Store::open(&data);
    let mut written = 0;
    let mut round = 0;
    while written < records {
        for (dept, measures) in &depts {
            if written >= records {
                break;
            }
            let n = BATCH.min(records - written);
            let edits: Vec<Edit> = (0..n)
                .map(|i| {
                    let m = &measures[(round * BATCH + i) % measures.len()];
                    Edit::new(
                        m,
                        dept,
                        Op::SetNote(format!("第{round}轮第{i}条进展说明：已完成阶段任务")),
                    )
                })
                .collect();
            let c = store
                .commit(&plan, &edits, &Who::Dept(dept.clone()), Utc::now())
                .map_err(|e| e.to_string())?;
            written += c.changes.len().max(1);
        }
        round += 1;
    }
    println!("{written} history records in {}", data.display());
    Ok(())
}
