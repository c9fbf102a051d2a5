//! A coordinator's `duban ingest` spanning departments is all or nothing:
//! killed with SIGKILL at a random moment, or stopped by a full disk, the
//! next `duban export` shows the workbook wholly applied or not at all.

use crate::progress_support::{Rng, snapshot};
use crate::xlsx_support::{Grid, Run, duban, export, read, write};

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use calamine::Data;

const RUNS: usize = 30;
const COORD: [&str; 2] = ["--coordinator", "王主任"];

/// The exported workbook with every row's 备注 set to `note`.
fn with_notes(book: &[(String, Grid)], note: &str) -> Vec<(String, Grid)> {
    let mut book = book.to_vec();
    for (_, g) in &mut book {
        let Some(h) = g
            .iter()
            .position(|r| r.contains(&Data::String("措施编号".into())))
        else {
            continue;
        };
        let find = |name: &str| g[h].iter().position(|d| *d == Data::String(name.into()));
        let (Some(id), Some(c)) = (find("措施编号"), find("备注")) else {
            continue;
        };
        for r in g.iter_mut().skip(h + 1) {
            if matches!(r.get(id), Some(Data::String(s)) if !s.is_empty()) {
                if r.len() <= c {
                    r.resize(c + 1, Data::Empty);
                }
                r[c] = Data::String(note.into());
            }
        }
    }
    book
}

/// How many entries hold each note, read through `duban export --format json`.
fn notes(data: &Path) -> BTreeMap<String, usize> {
    let r = duban(data, &["export", "--format", "json"]);
    assert_eq!(r.code, 0, "export: {}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("export is JSON");
    fn walk(v: &serde_json::Value, out: &mut BTreeMap<String, usize>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    match (k.as_str(), x) {
                        ("note", serde_json::Value::String(s)) if !s.is_empty() => {
                            *out.entry(s.clone()).or_default() += 1
                        }
                        _ => walk(x, out),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    walk(&v, &mut out);
    out
}

fn ingest(data: &Path, file: &Path) -> Run {
    duban(
        data,
        &["ingest", file.to_str().unwrap(), COORD[0], COORD[1]],
    )
}

/// A copy of the data dir's workbook as exported now, with every row's
/// 备注 set to `note`: each run changes every entry it lists.
fn workbook(data: &Path, dir: &Path, note: &str) -> std::path::PathBuf {
    let exported = dir.join("exported.xlsx");
    export(data, &exported, &[]);
    let file = dir.join(format!("{note}.xlsx"));
    write(&file, &with_notes(&read(&exported), note));
    file
}

/// After a first complete ingest: the number of entries (across
/// departments) each workbook changes, and how long an ingest takes.
fn seeded(data: &Path, dir: &Path) -> (usize, Duration) {
    let first = workbook(data, dir, "r0");
    let start = Instant::now();
    let r = ingest(data, &first);
    let took = start.elapsed();
    assert_eq!(r.code, 0, "first ingest: {}", r.stderr);
    let n = notes(data);
    assert_eq!(n.len(), 1, "{n:?}");
    let entries = n["r0"];
    let depts = std::fs::read_dir(data)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".ron"))
        .count();
    assert!(
        depts > 10,
        "the workbook should span many departments, got {depts}"
    );
    (entries, took)
}

#[test]
fn a_multi_department_ingest_killed_at_any_moment_is_wholly_applied_or_not() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let (entries, took) = seeded(&data, tmp.path());
    let mut rng = Rng::from_time();
    let mut state = "r0".to_string();
    let (mut applied, mut not) = (0, 0);
    for k in 1..=RUNS {
        let note = format!("r{k}");
        let file = workbook(&data, tmp.path(), &note);
        let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
            .args([
                "ingest",
                file.to_str().unwrap(),
                COORD[0],
                COORD[1],
                "--data",
            ])
            .arg(&data)
            .env_remove("DUBAN_COORDINATOR")
            .env_remove("DUBAN_TODAY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Up to 1.5 times a whole ingest, so some runs finish.
        let delay = rng.below(took.as_micros() as u64 * 3 / 2);
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let _ = child.wait();
        let n = notes(&data);
        assert_eq!(
            n.len(),
            1,
            "run {k} killed after {delay} µs is partly applied: {n:?}"
        );
        let (now, count) = n.into_iter().next().unwrap();
        assert_eq!(
            count, entries,
            "run {k}: {now} in {count} of {entries} entries"
        );
        assert!(now == note || now == state, "run {k}: unexpected {now}");
        if now == note {
            applied += 1;
        } else {
            not += 1;
        }
        state = now;
        assert!(
            !data.join("duban.journal").exists(),
            "run {k}: the journal outlived the next open"
        );
    }
    eprintln!("{applied} runs applied, {not} not (a whole ingest took {took:?})");
    assert!(applied > 0 && not > 0, "the kills all fell on one side");
}

/// A tmpfs mounted for one test and unmounted after it.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Fills the file system under `dir` up, then frees `free` bytes.
fn fill_but(dir: &Path, free: u64) {
    use std::io::Write;
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    let chunk = vec![0x55u8; 4096];
    while f.write_all(&chunk).is_ok() {}
    let _ = f.sync_all();
    let len = f.metadata().unwrap().len();
    f.set_len(len.saturating_sub(free)).unwrap();
}

#[test]
fn a_full_disk_mid_ingest_changes_nothing_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(fs) = Tmpfs::mount(&tmp.path().join("small"), "6m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let data = fs.0.join("data");
    let (entries, _) = seeded(&data, tmp.path());
    let mut state = "r0".to_string();
    let mut refused = 0;
    for (k, free) in [4u64, 16, 32, 64, 128, 256, 512, 2048]
        .into_iter()
        .enumerate()
    {
        let note = format!("full{k}");
        let file = workbook(&data, tmp.path(), &note);
        let _ = std::fs::remove_file(fs.0.join("filler"));
        fill_but(&fs.0, free * 1024);
        let before = snapshot(&data);
        let r = ingest(&data, &file);
        let _ = std::fs::remove_file(fs.0.join("filler"));
        let n = notes(&data);
        assert_eq!(
            n.len(),
            1,
            "{free} KiB free: partly applied: {n:?}\n{}",
            r.stderr
        );
        let (now, count) = n.into_iter().next().unwrap();
        assert_eq!(count, entries);
        if r.code == 0 {
            assert_eq!(now, note, "{free} KiB free: said applied: {}", r.stdout);
        } else {
            refused += 1;
            assert_eq!(r.code, 1, "{}", r.stderr);
            assert_eq!(now, state, "{free} KiB free: refused but changed");
            // Not a record, not a temp file left: nothing was changed.
            let after = snapshot(&data);
            let changed: Vec<_> = after
                .iter()
                .filter(|(p, b)| before.get(*p) != Some(*b))
                .map(|(p, _)| p)
                .filter(|p| !p.ends_with(".gitignore"))
                .collect();
            assert!(
                changed.is_empty(),
                "{free} KiB free: refused, yet {changed:?} changed"
            );
            assert!(r.stderr.contains("nothing was changed"), "{}", r.stderr);
        }
        state = now;
    }
    assert!(refused > 0, "the disk never filled up");
}

#[test]
fn a_save_that_fails_after_its_journal_says_so_and_the_next_run_finishes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let (entries, _) = seeded(&data, tmp.path());
    // The last department a save puts in place cannot get its .bak: a
    // directory sits where the file goes, so its rename fails.
    let last = std::fs::read_dir(&data)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron") && !n.starts_with('.'))
        .max()
        .unwrap();
    let bak = data.join(format!("{last}.bak"));
    let _ = std::fs::remove_file(&bak);
    std::fs::create_dir(&bak).unwrap();
    std::fs::write(bak.join("keep"), "x").unwrap();

    let file = workbook(&data, tmp.path(), "r1");
    let r = ingest(&data, &file);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("nothing was changed"), "{}", r.stderr);
    assert!(r.stderr.contains("duban.journal"), "{}", r.stderr);
    assert!(data.join("duban.journal").exists());

    std::fs::remove_dir_all(&bak).unwrap();
    let n = notes(&data);
    assert_eq!(n.get("r1"), Some(&entries), "{n:?}");
    assert!(!data.join("duban.journal").exists());
}
