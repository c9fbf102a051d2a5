//! Save-wait benchmark: how long a navigation key takes to redraw while a
//! save waits for another process's lock, and how long a status key takes
//! to come back "saved" when nothing holds the lock. Each run starts the
//! board in a pty on a fresh data dir, holds `duban.lock` (as another duban
//! saving would) for `--hold` ms, presses `i` (a save), then `j`, and times
//! `j` until the measures pane shows chapter 2; after the release, `b` until
//! "已保存". Prints median and max per program.
//!
//!     cargo bench --bench save_wait -- [--runs N] [--hold MS] [PROGRAM ...]
//!
//! The `duban` built for the bench is measured first, then each PROGRAM
//! (another commit's binary, to compare).

#[path = "../tests/support/pty.rs"]
mod pty;

use std::ffi::OsStr;
use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::time::{Duration, Instant};

use pty::{STARTUP, Spawn, board_args, plan_title};
use rustix::fs::{FlockOperation, flock};

const TIMEOUT: Duration = Duration::from_secs(10);

fn once(program: &str, title: &str, hold: Duration) -> (Duration, Duration) {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path();
    let mut args = board_args(data);
    args.extend(["--dept".to_string(), "approval".to_string()]);
    let mut spawn = Spawn::duban(args);
    spawn.program = OsStr::new(program);
    let mut p = spawn.spawn().expect("spawn");
    assert!(p.wait_screen(STARTUP, title), "{}", p.screen());
    p.settle(Duration::from_millis(100), STARTUP);

    let lock = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(data.join("duban.lock"))
        .expect("lock file");
    flock(&lock, FlockOperation::LockExclusive).expect("lock");
    let held = Instant::now();
    p.send(b"i");
    std::thread::sleep(Duration::from_millis(50));
    let start = Instant::now();
    p.send(b"j");
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(hold.saturating_sub(held.elapsed()));
        flock(&lock, FlockOperation::Unlock).expect("unlock");
    });
    assert!(p.wait_screen(TIMEOUT, "2.1"), "{}", p.screen());
    let nav = start.elapsed();
    releaser.join().expect("releaser");

    p.send(b"k");
    assert!(p.wait_screen(TIMEOUT, "1.1"), "{}", p.screen());
    let start = Instant::now();
    p.send(b"b");
    assert!(p.wait_screen(TIMEOUT, "已保存 · 1.1"), "{}", p.screen());
    let save = start.elapsed();
    p.send(b"q");
    p.wait_exit(TIMEOUT);
    (nav, save)
}

fn med_max(mut v: Vec<Duration>) -> String {
    v.sort();
    format!("{:.1} / {:.1} ms", ms(v[v.len() / 2]), ms(v[v.len() - 1]))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let mut runs = 5;
    let mut hold = Duration::from_millis(1000);
    let mut programs: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--hold" => {
                hold = Duration::from_millis(
                    args.next().and_then(|n| n.parse().ok()).expect("--hold MS"),
                )
            }
            // cargo bench passes this to every bench target
            "--bench" => {}
            other => programs.push(other.to_string()),
        }
    }
    programs.insert(0, env!("CARGO_BIN_EXE_duban").to_string());
    let title = plan_title();
    println!(
        "| program | `j` while a save waits {} ms (median / max) | unlocked save `b` → saved |",
        hold.as_millis()
    );
    println!("|---|---:|---:|");
    for prog in &programs {
        let (navs, saves): (Vec<_>, Vec<_>) =
            (0..runs.max(1)).map(|_| once(prog, &title, hold)).unzip();
        println!("| {prog} | {} | {} |", med_max(navs), med_max(saves));
    }
}
