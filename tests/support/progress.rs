//! Shared by the progress integration tests: fixture plans, the binary, file snapshots.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_duban");

/// The small hand-written plan (4 measures, 4 departments).
pub fn fixture_plan_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/plan")
}

pub fn load_plan(dir: &Path) -> duban::plan::Plan {
    duban::plan::load_dir(dir).expect("plan loads")
}

/// Writes a plan with `n` measures, all led by `tax` (and `approval` as
/// responsible), each with `targets` targets `k0`, `k1`, ….
pub fn write_wide_plan(dir: &Path, n: usize, targets: usize) -> PathBuf {
    let plan = dir.join("wide-plan");
    std::fs::create_dir_all(plan.join("chapters")).unwrap();
    std::fs::write(
        plan.join("plan.ron"),
        "PlanDoc(id: \"wide\", title: \"宽方案\", issuer: \"测试\", issued: \"2021-10-27\")\n",
    )
    .unwrap();
    std::fs::write(
        plan.join("departments.ron"),
        "[Department(id: \"tax\", name: \"区税务局\"), Department(id: \"approval\", name: \"区行政审批局\")]\n",
    )
    .unwrap();
    let mut s = String::from("Chapter(number: 1, numeral: \"一\", title: \"宽\", measures: [\n");
    for i in 1..=n {
        s.push_str(&format!(
            "Measure(id: \"1.{i}\", number: \"（{i}）\", title: \"措施{i}\", text: \"t\", lead: [\"tax\"], responsible: [\"approval\"], targets: ["
        ));
        for k in 0..targets {
            s.push_str(&format!(
                "Target(key: \"k{k}\", label: \"指标{k}\", cmp: Ge, value: 1.0, unit: \"个\", text: \"x\"),"
            ));
        }
        s.push_str("]),\n");
    }
    s.push_str("])\n");
    std::fs::write(plan.join("chapters/01-wide.ron"), s).unwrap();
    plan
}

/// Runs `duban` with the given args; the environment's DUBAN_* do not leak in.
pub fn duban(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("DUBAN_DATA")
        .env_remove("DUBAN_TODAY")
        .env_remove("DUBAN_COORDINATOR")
        .output()
        .expect("run duban")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every regular file under `dir` with its bytes (lock file excluded: its
/// content is only the last holder's name).
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(d: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(rd) = std::fs::read_dir(d) else { return };
        for e in rd.flatten() {
            let p = e.path();
            let ft = std::fs::symlink_metadata(&p).unwrap().file_type();
            if ft.is_dir() {
                walk(&p, out);
            } else if p.file_name().is_some_and(|n| n != "duban.lock") {
                out.insert(p.clone(), std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    walk(dir, &mut out);
    out
}

/// A small xorshift generator: reproducible from the printed seed, no crate needed.
pub struct Rng(pub u64);

impl Rng {
    pub fn from_time() -> Self {
        let seed = std::env::var("DUBAN_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("seed {seed} (set DUBAN_TEST_SEED to repeat)");
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Asserts two snapshots are equal, naming the files that differ.
pub fn assert_same(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
    what: &str,
) {
    let changed: Vec<_> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(changed.is_empty(), "{what}: files changed: {changed:?}");
}
