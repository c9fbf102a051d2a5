//! Review snapshots on disk: numbered, never overwritten, unreadable files
//! reported and left alone, found by number or name.

use crate::meeting;

use duban::meeting::LightCfg;
use duban::meeting::changes::{Kind, diff};
use duban::meeting::snapshot::{Reviews, capture};
use meeting::{TODAY, at, d, seed, seed_december, seed_january};

#[test]
fn snapshots_are_numbered_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = seed(dir.path());
    let ledger = store.load(&plan).unwrap();
    let reviews = Reviews::open(dir.path());
    let snap = |name: &str| {
        capture(
            &plan,
            &ledger,
            d(TODAY),
            LightCfg::default(),
            name,
            "王主任",
            at(TODAY),
        )
    };
    assert_eq!(reviews.save(&snap("12月")).unwrap().0, 1);
    // Another session took 002 meanwhile (or left a file there): the next
    // save goes to 003 and 002 keeps its bytes.
    let squatter = dir.path().join("reviews/002.ron");
    std::fs::write(&squatter, "not a review").unwrap();
    let (n, path) = reviews.save(&snap("1月")).unwrap();
    assert_eq!(n, 3);
    assert!(path.ends_with("003.ron"));
    assert_eq!(std::fs::read_to_string(&squatter).unwrap(), "not a review");

    let list = reviews.list().unwrap();
    let numbers: Vec<u32> = list.iter().map(|s| s.number).collect();
    assert_eq!(numbers, [1, 2, 3]);
    let err = list[1].snapshot.as_ref().unwrap_err();
    assert!(err.contains("002.ron:1:"), "{err}");
    assert_eq!(reviews.latest().unwrap().unwrap().0, 3);
    assert_eq!(reviews.find("12月").unwrap().0, 1);
    assert_eq!(reviews.find("3").unwrap().1.name, "1月");
    assert!(
        reviews
            .find("2月")
            .unwrap_err()
            .contains("duban review list")
    );
    // No temp files are left behind.
    for e in std::fs::read_dir(dir.path().join("reviews"))
        .unwrap()
        .flatten()
    {
        assert!(!e.file_name().to_string_lossy().starts_with('.'));
    }
    assert!(reviews.save(&snap("  ")).is_err(), "a review needs a name");
}

#[test]
fn a_snapshot_round_trips_and_diffs_against_the_live_state() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = seed_december(dir.path());
    let cfg = LightCfg::default();
    let before = capture(
        &plan,
        &store.load(&plan).unwrap(),
        d("2021-12-20"),
        cfg,
        "2021年12月调度会",
        "王主任",
        at("2021-12-20"),
    );
    let (n, _) = Reviews::open(dir.path()).save(&before).unwrap();
    let (_, read) = Reviews::open(dir.path()).find(&n.to_string()).unwrap();
    assert_eq!(read, before, "what was written is what is read");

    seed_january(&store, &plan);
    let now = capture(
        &plan,
        &store.load(&plan).unwrap(),
        d(TODAY),
        cfg,
        "now",
        "",
        at(TODAY),
    );
    let changes = diff(&read, &now);
    let got: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|c| (c.measure.as_str(), c.dept.as_str(), c.kind.key()))
        .collect();
    assert_eq!(
        got,
        [
            ("1.1", "approval", "newly_done"),
            ("1.1", "tax", "newly_overdue"),
            ("1.1", "market", "newly_overdue"),
        ]
    );
    assert_eq!(
        changes[0].kind,
        Kind::NewlyDone {
            from: duban::progress::Status::NotStarted
        }
    );
}
