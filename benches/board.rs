//! Board benchmark: runs programs in a pseudo-terminal at 80×24 and reports
//! first-frame time, bytes written per keystroke, keystroke latency, idle
//! output, peak RSS and whether the terminal was restored, for duban and for
//! the floor (examples/floor.rs, a minimal ratatui list of the same rows).
//!
//! Run through `benches/board.sh`, which builds the floor and the generated
//! plan first. Direct use:
//!
//!     cargo bench --bench board -- --floor PATH --plan10k DIR [--runs N]

#[path = "../tests/support/pty.rs"]
mod pty;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use pty::{Spawn, find, peak_rss_kb};

const QUIET: Duration = Duration::from_millis(50);
const KEY_TIMEOUT: Duration = Duration::from_millis(1000);
const MAX_SETTLE: Duration = Duration::from_secs(5);
const IDLE: Duration = Duration::from_millis(1000);

/// Keystrokes in groups; each key is measured on its own.
fn script(query: &str) -> Vec<(&'static str, Vec<u8>)> {
    let mut keys = Vec::new();
    keys.extend((0..50).map(|_| ("j/k", b"j".to_vec())));
    keys.extend((0..50).map(|_| ("j/k", b"k".to_vec())));
    keys.extend((0..3).map(|_| ("PgDn", b"\x1b[6~".to_vec())));
    keys.push(("search", b"/".to_vec()));
    keys.extend(
        query
            .chars()
            .map(|c| ("search", c.to_string().into_bytes())),
    );
    keys.push(("search", b"\r".to_vec()));
    keys
}

const GROUPS: [&str; 3] = ["j/k", "PgDn", "search"];

#[derive(Default, Clone)]
struct Run {
    first_frame_ms: f64,
    idle_bytes: usize,
    /// per group: (bytes per key, latency ms per key)
    groups: Vec<(Vec<f64>, Vec<f64>)>,
    no_reply: usize,
    peak_rss_kb: u64,
    restored: bool,
}

struct Case {
    label: String,
    /// Keys sent after the first frame and before measuring (not measured).
    setup: &'static [u8],
    program: PathBuf,
    args: Vec<String>,
    rows: usize,
    ready: String,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench") {
        // `cargo test --all-targets` runs bench targets too; measuring is
        // for `cargo bench` only.
        eprintln!("board benchmark: skipped (run benches/board.sh)");
        return;
    }
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let duban = PathBuf::from(env!("CARGO_BIN_EXE_duban"));
    let floor = opt("--floor").map_or_else(
        || duban.parent().unwrap().join("examples/floor"),
        PathBuf::from,
    );
    let plan10k =
        PathBuf::from(opt("--plan10k").expect("--plan10k DIR (benches/board.sh makes one)"));
    let runs: usize = opt("--runs").map_or(3, |r| r.parse().expect("--runs N"));
    let query = opt("--query").unwrap_or_else(|| "营商环境".into());
    let data = tempfile::tempdir().expect("temp data dir");

    let (default_title, default_chapter) = titles_of(&duban, None);
    let (big_title, big_chapter) = titles_of(&duban, Some(&plan10k));
    let board = |extra: &[&str]| {
        let mut a: Vec<String> = ["--today", "2021-12-15", "--data"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        a.push(data.path().display().to_string());
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let big = plan10k.display().to_string();
    let cases = [
        Case {
            setup: b"",
            label: "duban".into(),
            program: duban.clone(),
            args: board(&[]),
            rows: 140,
            ready: default_chapter.clone(),
        },
        Case {
            setup: b"\r",
            label: "duban, measures pane".into(),
            program: duban.clone(),
            args: board(&[]),
            rows: 140,
            ready: default_chapter,
        },
        Case {
            setup: b"",
            label: "floor".into(),
            program: floor.clone(),
            args: vec![],
            rows: 140,
            ready: default_title,
        },
        Case {
            setup: b"",
            label: "duban".into(),
            program: duban.clone(),
            args: board(&["--plan", &big]),
            rows: 10_000,
            ready: big_chapter.clone(),
        },
        Case {
            setup: b"\r",
            label: "duban, measures pane".into(),
            program: duban.clone(),
            args: board(&["--plan", &big]),
            rows: 10_000,
            ready: big_chapter,
        },
        Case {
            setup: b"",
            label: "floor".into(),
            program: floor,
            args: vec!["--plan".into(), big],
            rows: 10_000,
            ready: big_title,
        },
    ];

    let keys = script(&query);
    let mut results = Vec::new();
    for case in &cases {
        let mut all = Vec::new();
        for _ in 0..runs {
            all.push(measure(case, &keys));
        }
        eprintln!("measured {} ({} rows), {runs} runs", case.label, case.rows);
        results.push(summarise(&all));
    }
    print_table(&cases, &results, runs, &query);
}

/// (plan title, first chapter title): the floor shows the first, the
/// board's first frame the second.
fn titles_of(duban: &Path, plan: Option<&Path>) -> (String, String) {
    let mut cmd = Command::new(duban);
    cmd.args(["export", "--format", "json"]);
    if let Some(p) = plan {
        cmd.arg("--plan").arg(p);
    }
    let out = cmd.output().expect("duban export");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("export json");
    let text = |v: &serde_json::Value| v.as_str().expect("title").to_string();
    (
        text(&doc["plan"]["title"]),
        text(&doc["chapters"][0]["title"]),
    )
}

fn measure(case: &Case, keys: &[(&'static str, Vec<u8>)]) -> Run {
    let mut spawn = Spawn::duban(case.args.clone());
    spawn.program = OsStr::new(&case.program);
    let mut p = spawn.spawn().expect("spawn");
    assert!(
        p.wait_screen(Duration::from_secs(60), &case.ready),
        "{}: first frame never showed {:?}",
        case.label,
        case.ready
    );
    p.settle(QUIET, MAX_SETTLE);
    let first_frame_ms = p.with_seen(|s| {
        s.arrivals
            .last()
            .map_or(0.0, |(t, _)| ms(t.duration_since(p.started)))
    });
    if !case.setup.is_empty() {
        p.send(case.setup);
        p.settle(QUIET, MAX_SETTLE);
    }

    let before_idle = p.len();
    std::thread::sleep(IDLE);
    let idle_bytes = p.len() - before_idle;

    let mut run = Run {
        first_frame_ms,
        idle_bytes,
        groups: vec![(Vec::new(), Vec::new()); GROUPS.len()],
        ..Run::default()
    };
    for (group, key) in keys {
        let g = GROUPS.iter().position(|x| x == group).unwrap();
        let before = p.len();
        let sent = Instant::now();
        p.send(key);
        if !p.wait_bytes(KEY_TIMEOUT, |b| b.len() > before) {
            run.no_reply += 1;
            run.groups[g].0.push(0.0);
            continue;
        }
        let first_byte = p.with_seen(|s| {
            s.arrivals
                .iter()
                .find(|(_, total)| *total > before)
                .map(|(t, _)| *t)
                .unwrap()
        });
        let after = p.settle(QUIET, MAX_SETTLE);
        run.groups[g].0.push((after - before) as f64);
        run.groups[g]
            .1
            .push(ms(first_byte.saturating_duration_since(sent)));
    }
    run.peak_rss_kb = peak_rss_kb(p.pid()).unwrap_or(0);

    // duban's `q` backs out one pane at a time before it quits.
    let before_quit = p.len();
    let mut status = None;
    for _ in 0..6 {
        p.send(b"q");
        status = p.wait_exit(Duration::from_secs(2));
        if status.is_some() {
            break;
        }
    }
    let out = p.bytes();
    let left = find(&out, b"\x1b[?1049l", before_quit);
    run.restored = status.is_some_and(|s| s.success())
        && left.is_some_and(|at| find(&out, b"\x1b[?25h", at).is_some())
        && p.cooked();
    run
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NAN, f64::max)
}

/// Across runs: medians of per-run medians, the max of maxima, restored in all.
struct Summary {
    first_frame_ms: f64,
    idle_bytes: f64,
    bytes: Vec<f64>,
    /// Mean bytes per key: medians hide the cost of the keys that moved
    /// when most presses hit the end of a short list.
    bytes_mean: Vec<f64>,
    latency_median: f64,
    latency_max: f64,
    no_reply: usize,
    peak_rss_mb: f64,
    restored: bool,
}

fn summarise(runs: &[Run]) -> Summary {
    let per = |f: &dyn Fn(&Run) -> f64| median(&runs.iter().map(f).collect::<Vec<_>>());
    let all_latencies =
        |r: &Run| -> Vec<f64> { r.groups.iter().flat_map(|g| g.1.clone()).collect() };
    Summary {
        first_frame_ms: per(&|r| r.first_frame_ms),
        idle_bytes: per(&|r| r.idle_bytes as f64),
        bytes: (0..GROUPS.len())
            .map(|g| per(&|r| median(&r.groups[g].0)))
            .collect(),
        bytes_mean: (0..GROUPS.len())
            .map(|g| per(&|r| mean(&r.groups[g].0)))
            .collect(),
        latency_median: per(&|r| median(&all_latencies(r))),
        latency_max: runs
            .iter()
            .map(|r| max(&all_latencies(r)))
            .fold(f64::NAN, f64::max),
        no_reply: runs.iter().map(|r| r.no_reply).max().unwrap_or(0),
        peak_rss_mb: per(&|r| r.peak_rss_kb as f64) / 1024.0,
        restored: runs.iter().all(|r| r.restored),
    }
}

fn print_table(cases: &[Case], results: &[Summary], runs: usize, query: &str) {
    println!(
        "80×24, {runs} runs per row (medians; latency max is the max over all runs); \
         search = `/` + \"{query}\" + Enter, per key; bytes/key as median (mean)\n"
    );
    println!(
        "| program | rows | first frame ms | idle bytes | bytes/key j/k | bytes/key PgDn | bytes/key search | latency median ms | latency max ms | no reply | peak RSS MB | restored |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (c, r) in cases.iter().zip(results) {
        println!(
            "| {} | {} | {:.1} | {:.0} | {:.0} ({:.0}) | {:.0} ({:.0}) | {:.0} ({:.0}) | {:.2} | {:.2} | {} | {:.1} | {} |",
            c.label,
            c.rows,
            r.first_frame_ms,
            r.idle_bytes,
            r.bytes[0],
            r.bytes_mean[0],
            r.bytes[1],
            r.bytes_mean[1],
            r.bytes[2],
            r.bytes_mean[2],
            r.latency_median,
            r.latency_max,
            r.no_reply,
            r.peak_rss_mb,
            if r.restored { "yes" } else { "NO" }
        );
    }
    println!();
    println!(
        "| duban ÷ floor | first frame | bytes/key j/k | PgDn | search | latency median | peak RSS |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for pair in [(0, 2), (1, 2), (3, 5), (4, 5)] {
        let (d, f) = (&results[pair.0], &results[pair.1]);
        let ratio = |a: f64, b: f64| {
            if b > 0.0 {
                format!("{:.2}", a / b)
            } else {
                "–".into()
            }
        };
        println!(
            "| {}, {} rows | {} | {} | {} | {} | {} | {} |",
            cases[pair.0].label,
            cases[pair.0].rows,
            ratio(d.first_frame_ms, f.first_frame_ms),
            ratio(d.bytes[0], f.bytes[0]),
            ratio(d.bytes[1], f.bytes[1]),
            ratio(d.bytes[2], f.bytes[2]),
            ratio(d.latency_median, f.latency_median),
            ratio(d.peak_rss_mb, f.peak_rss_mb),
        );
    }
}
