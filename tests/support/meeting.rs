//! A small plan and a data dir with a known history, shared by the meeting tests.
//!
//! As of 2022-01-10 in the fixture plan (tests/fixtures/meeting/plan):
//! * 1.3 (market, due 2021-11-30) done on 2021-11-20: on time;
//! * 1.1 (approval; tax, market; due 2021-12-31): approval done on
//!   2022-01-05 (late), tax in progress and market not started (overdue);
//! * 1.2 (tax; "others" is a catch-all; no date): tax done 2021-12-01;
//! * 2.1 (town; tax; due 2024-10-27): nobody started, not due.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use duban::plan::{Plan, load_dir};
use duban::progress::{Edit, Op, Status, Store, Who};

pub fn plan_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/meeting/plan")
}

pub fn plan() -> Plan {
    load_dir(&plan_dir()).expect("fixture plan loads")
}

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn at(day: &str) -> DateTime<Utc> {
    let d = d(day);
    Utc.from_utc_datetime(&d.and_hms_opt(9, 0, 0).unwrap())
}

pub const TODAY: &str = "2022-01-10";

pub fn coordinator() -> Who {
    Who::Coordinator("王主任".into())
}

pub fn set(store: &Store, plan: &Plan, m: &str, dept: &str, op: Op, day: &str) {
    store
        .commit(
            plan,
            &[Edit::new(m, dept, op)],
            &Who::Dept(dept.into()),
            at(day),
        )
        .unwrap_or_else(|e| panic!("{m} {dept}: {e}"));
}

/// Fills `dir` with the history described in the module docs.
pub fn seed(dir: &Path) -> (Plan, Store) {
    let (plan, store) = seed_december(dir);
    seed_january(&store, &plan);
    (plan, store)
}

/// What was saved by 2021-12-20 (approval's 1.1 is not done yet).
pub fn seed_december(dir: &Path) -> (Plan, Store) {
    let plan = plan();
    let store = Store::open(dir);
    set(
        &store,
        &plan,
        "1.3",
        "market",
        Op::SetStatus(Status::Done),
        "2021-11-20",
    );
    set(
        &store,
        &plan,
        "1.2",
        "tax",
        Op::SetStatus(Status::Done),
        "2021-12-01",
    );
    set(
        &store,
        &plan,
        "1.1",
        "tax",
        Op::SetStatus(Status::InProgress),
        "2021-12-10",
    );
    set(
        &store,
        &plan,
        "1.1",
        "tax",
        Op::SetNote("系统对接中".into()),
        "2021-12-10",
    );
    set(
        &store,
        &plan,
        "1.1",
        "approval",
        Op::SetActual {
            key: "e_rate".into(),
            value: 97.5,
        },
        "2021-12-20",
    );
    (plan, store)
}

/// Approval finishes 1.1 on 2022-01-05, after its deadline.
pub fn seed_january(store: &Store, plan: &Plan) {
    set(
        store,
        plan,
        "1.1",
        "approval",
        Op::SetStatus(Status::Done),
        "2022-01-05",
    );
}
