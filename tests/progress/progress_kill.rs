//! T1: kill -9 at random moments during saves. A child process saves state
//! after state (each with a sequence number) and acknowledges each save on
//! stdout; the parent SIGKILLs it at a random moment, then checks that the
//! ledger parses and holds exactly the last acknowledged state or the next
//! one, that the history agrees with it, and that stray temp files are few and
//! swept by the next save.

use crate::progress_support;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::Utc;
use duban::progress::{Edit, Op, Status, Store, Who};
use progress_support::*;

const TRIALS: usize = 200;
const CHILD_ENV: &str = "DUBAN_KILL_CHILD_DATA";

/// State number `k`, written as three fields that must always agree.
fn state_edits(k: u64) -> Vec<Edit> {
    let status = if k.is_multiple_of(2) {
        Status::InProgress
    } else {
        Status::Blocked
    };
    vec![
        Edit::new(
            "1.1",
            "tax",
            Op::SetNote(format!(
                "{}-{k}",
                if k.is_multiple_of(2) { "B" } else { "A" }
            )),
        ),
        Edit::new(
            "1.1",
            "tax",
            Op::SetActual {
                key: "e_rate".into(),
                value: k as f64,
            },
        ),
        Edit::new("1.1", "tax", Op::SetStatus(status)),
        // a second entry keeps the file a few records long
        Edit::new("1.2", "tax", Op::SetNote(format!("第{k}次保存").repeat(8))),
    ]
}

/// The state number the ledger holds, checking its fields agree.
fn state_of(store: &Store, plan: &duban::plan::Plan) -> u64 {
    let l = store.load(plan).expect("data dir reads");
    assert!(l.problems.is_empty(), "ledger damaged: {:?}", l.problems);
    let Some(e) = l.get("1.1", "tax") else {
        return 0;
    };
    let k = e.actuals["e_rate"] as u64;
    let mut expect = duban::progress::Ledger::default();
    for ed in state_edits(k) {
        duban::progress::apply(plan, &mut expect, &ed, &Who::Dept("tax".into()), Utc::now())
            .unwrap();
    }
    let want = expect.get("1.1", "tax").unwrap();
    assert_eq!(
        (&e.note, e.status),
        (&want.note, want.status),
        "fields of state {k} disagree"
    );
    assert_eq!(
        l.get("1.2", "tax").unwrap().note,
        expect.get("1.2", "tax").unwrap().note
    );
    k
}

fn child(data: &str) {
    let plan = load_plan(&fixture_plan_dir());
    let store = Store::open(data);
    let mut k = state_of(&store, &plan);
    let who = Who::Dept("tax".into());
    let mut out = std::io::stdout().lock();
    loop {
        k += 1;
        store
            .commit(&plan, &state_edits(k), &who, Utc::now())
            .expect("save");
        writeln!(out, "{k}").unwrap();
        out.flush().unwrap();
    }
}

fn spawn_child(data: &Path) -> (std::process::Child, mpsc::Receiver<u64>) {
    let mut c = Command::new(std::env::current_exe().unwrap())
        .args([
            "progress_kill::kill_9_during_saves",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let so = c.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(so).lines().map_while(Result::ok) {
            if let Ok(k) = line.trim().parse::<u64>()
                && tx.send(k).is_err()
            {
                break;
            }
        }
    });
    (c, rx)
}

fn temps(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp."))
        .count()
}

/// Every complete history line written since `from` parses; returns the new
/// verified length. (The log is append-only, so earlier lines stay verified.)
fn check_new_history_lines(store: &Store, from: usize) -> usize {
    // A kill can tear the last append at any byte, even inside a character
    // (the next save cuts that tail): only complete lines must be text.
    let bytes = std::fs::read(store.history_path("tax")).unwrap();
    let complete = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    assert!(complete >= from, "the history lost complete lines");
    let log = std::str::from_utf8(&bytes[..complete]).expect("complete history lines are UTF-8");
    for line in log[from.min(complete)..].lines() {
        serde_json::from_str::<duban::progress::Record>(line)
            .unwrap_or_else(|e| panic!("history line does not parse: {e}: {line}"));
    }
    complete
}

/// The history agrees with the ledger: the committed txns number the saved
/// states, and the last one set the state the ledger holds.
fn check_history(store: &Store, k: u64) {
    let h = store.history().unwrap();
    assert!(h.problems.is_empty(), "{:?}", h.problems);
    assert_eq!(h.txns.len() as u64, k, "one committed txn per saved state");
    if k > 0 {
        let last = h.txns.last().unwrap();
        let rate = last
            .changes
            .iter()
            .find(|c| c.field.to_string() == "actual.e_rate")
            .expect("each save changes e_rate");
        assert_eq!(rate.to, serde_json::json!(k as f64));
    }
}

#[test]
fn kill_9_during_saves() {
    if let Ok(data) = std::env::var(CHILD_ENV) {
        println!();
        child(&data);
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let plan = load_plan(&fixture_plan_dir());
    let store = Store::open(&data);
    let mut rng = Rng::from_time();

    // Calibrate: how long does one save take here?
    let (mut c, rx) = spawn_child(&data);
    let first = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("child saves");
    let t0 = Instant::now();
    let mut last = first;
    while last < first + 20 {
        last = rx.recv_timeout(Duration::from_secs(20)).unwrap();
    }
    let save = t0.elapsed() / (last - first) as u32;
    c.kill().unwrap();
    c.wait().unwrap();
    eprintln!("one save takes {save:?}");

    let mut mid_save = 0;
    let mut max_temps = 0;
    let (mut t_spawn, mut t_check) = (Duration::ZERO, Duration::ZERO);
    let mut verified = 0;
    for trial in 0..TRIALS {
        let before = state_of(&store, &plan);
        let ts = Instant::now();
        let (mut c, rx) = spawn_child(&data);
        // Wait until the child is inside its save loop, then strike at a
        // moment uniform over 0..2× the save time.
        let acked = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("child saves");
        let delay = Duration::from_micros(rng.below(2 * save.as_micros() as u64 + 1));
        std::thread::sleep(delay);
        c.kill().unwrap();
        c.wait().unwrap();
        let mut acked_last = acked;
        while let Ok(k) = rx.recv_timeout(Duration::from_millis(200)) {
            acked_last = k;
        }
        assert!(acked > before);
        t_spawn += ts.elapsed();
        let tc = Instant::now();
        let now = state_of(&store, &plan);
        assert!(
            now == acked_last || now == acked_last + 1,
            "trial {trial}: ledger holds state {now}, last acknowledged {acked_last}"
        );
        if now == acked_last + 1 || temps(&data) > 0 {
            mid_save += 1;
        }
        max_temps = max_temps.max(temps(&data));
        assert!(
            temps(&data) <= 2,
            "trial {trial}: {} temp files",
            temps(&data)
        );
        verified = check_new_history_lines(&store, verified);
        // The full history check reads every log; every 20th trial keeps the run short.
        if (trial + 1).is_multiple_of(20) {
            check_history(&store, now);
        }
        t_check += tc.elapsed();
    }
    eprintln!("spawn..kill {t_spawn:?}, checks {t_check:?}");
    eprintln!(
        "{TRIALS} kills, {mid_save} landed mid-save (state saved but not acknowledged, or a temp file left)"
    );
    assert!(
        mid_save > 0,
        "no kill landed inside a save; the test proved nothing"
    );
    // The next save sweeps stray temp files and repairs a torn history line.
    let k = state_of(&store, &plan) + 1;
    store
        .commit(&plan, &state_edits(k), &Who::Dept("tax".into()), Utc::now())
        .unwrap();
    let left: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp."))
        .collect();
    assert!(
        left.is_empty(),
        "temp files left after a clean save: {left:?}"
    );
    check_new_history_lines(&store, 0);
    check_history(&store, k);
    assert!(
        std::fs::read_to_string(store.history_path("tax"))
            .unwrap()
            .ends_with('\n')
    );
}
