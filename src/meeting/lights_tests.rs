use super::*;
use crate::plan::{Deadline, Target};
use crate::progress::Step;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn measure(due: &str) -> Measure {
    Measure {
        id: "1.1".into(),
        number: "（一）".into(),
        title: "t".into(),
        text: String::new(),
        annotation: String::new(),
        lead: vec!["a".into()],
        lead_inferred: false,
        responsible: vec!["b".into()],
        deadlines: vec![Deadline {
            kind: DeadlineKind::By,
            date: d(due),
            text: "12月底前".into(),
            what: String::new(),
        }],
        recurring: vec![],
        targets: vec![Target {
            key: "n".into(),
            label: "培训".into(),
            cmp: Comparator::Ge,
            value: 100.0,
            unit: "人次".into(),
            text: String::new(),
        }],
    }
}

fn ds(status: Status, deadline: Option<&str>) -> DeptState {
    DeptState {
        dept: "a".into(),
        lead: true,
        status,
        deadline: deadline.map(|x| crate::progress::deadline::Deadline {
            date: d(x),
            source: crate::progress::deadline::Source::Plan,
            requested: None,
        }),
        overdue: false,
        confirmed: false,
        awaiting_confirmation: false,
        extension_pending: false,
    }
}

const ISSUED: &str = "2021-10-27";

fn at(today: &str, e: Option<&Entry>) -> Signal {
    let m = measure("2021-12-31");
    let s = ds(Status::InProgress, Some("2021-12-31"));
    dept_light(&m, &s, e, d(ISSUED), d(today), LightCfg::default())
}

#[test]
fn deadline_day_is_yellow_the_day_after_is_red() {
    assert_eq!(at("2021-12-31", None).why, Why::DueSoon { days: 0 });
    assert_eq!(at("2021-12-31", None).light, Light::Yellow);
    let late = at("2022-01-01", None);
    assert_eq!(late.light, Light::Red);
    assert_eq!(late.why, Why::Overdue { days: 1 });
    assert_eq!(late.label(Lang::Zh), "[R] 红 逾期1天");
}

#[test]
fn due_soon_window_edges() {
    // 7 days before: yellow; 8 days before: green.
    assert_eq!(at("2021-12-24", None).why, Why::DueSoon { days: 7 });
    assert_eq!(at("2021-12-23", None).light, Light::Green);
    let m = measure("2021-12-31");
    let s = ds(Status::NotStarted, Some("2021-12-31"));
    let cfg = LightCfg { due_soon_days: 10 };
    let g = dept_light(&m, &s, None, d(ISSUED), d("2021-12-21"), cfg);
    assert_eq!(g.why, Why::DueSoon { days: 10 });
    let cfg0 = LightCfg { due_soon_days: 0 };
    let g = dept_light(&m, &s, None, d(ISSUED), d("2021-12-30"), cfg0);
    assert_eq!(g.light, Light::Green);
}

#[test]
fn done_is_green_even_when_late() {
    let m = measure("2021-12-31");
    let s = ds(Status::Done, Some("2021-12-31"));
    let g = dept_light(
        &m,
        &s,
        None,
        d(ISSUED),
        d("2022-03-01"),
        LightCfg::default(),
    );
    assert_eq!(g, Signal::new(Light::Green, Why::Done));
}

#[test]
fn behind_expected_progress_is_yellow() {
    // Issued 10-27, due 12-31: 65 days. On 11-29 (33 days) 50.8 % is expected.
    let mut e = Entry::default();
    e.actuals.insert("n".into(), 50.0);
    let s = at("2021-11-29", Some(&e));
    assert_eq!(s.light, Light::Yellow);
    let Why::Behind { expected, actual } = s.why else {
        panic!("{s:?}")
    };
    assert!((expected - 33.0 / 65.0).abs() < 1e-9);
    assert_eq!(actual, 0.5);
    assert!(
        s.label(Lang::Zh)
            .contains("滞后序时进度（应完成51%，实际50%）")
    );
    // One day earlier 49.2 % is expected: 50 % is on track.
    assert_eq!(at("2021-11-28", Some(&e)).why, Why::OnTrack);
}

#[test]
fn steps_measure_progress_before_targets() {
    let mut e = Entry::default();
    e.actuals.insert("n".into(), 100.0);
    for (id, st) in [(1, Status::Done), (2, Status::NotStarted)] {
        e.steps.push(Step {
            id,
            text: "x".into(),
            status: st,
            date: None,
        });
    }
    // Targets met, but only half the steps: behind by 12-10 (44/65 expected).
    assert!(matches!(at("2021-12-10", Some(&e)).why, Why::Behind { .. }));
}

#[test]
fn without_a_measure_of_progress_there_is_no_behind() {
    let e = Entry::default();
    assert_eq!(at("2021-12-20", Some(&e)).why, Why::OnTrack);
}

#[test]
fn a_from_date_moves_the_start() {
    let mut m = measure("2021-12-31");
    m.deadlines.push(Deadline {
        kind: DeadlineKind::From,
        date: d("2021-12-01"),
        text: "自12月1日起".into(),
        what: String::new(),
    });
    assert_eq!(start_date(&m, d(ISSUED), d("2021-12-31")), d("2021-12-01"));
    let mut e = Entry::default();
    e.actuals.insert("n".into(), 10.0);
    let s = ds(Status::InProgress, Some("2021-12-31"));
    // Before the start nothing is expected yet.
    let g = dept_light(
        &m,
        &s,
        Some(&e),
        d(ISSUED),
        d("2021-11-20"),
        LightCfg::default(),
    );
    assert_eq!(g.why, Why::OnTrack);
}

#[test]
fn undated_items_are_green_and_say_so() {
    let m = measure("2021-12-31");
    let s = ds(Status::NotStarted, None);
    let g = dept_light(
        &m,
        &s,
        None,
        d(ISSUED),
        d("2030-01-01"),
        LightCfg::default(),
    );
    assert_eq!(g, Signal::new(Light::Green, Why::Undated));
}

#[test]
fn every_light_reads_without_colour() {
    let all = [Light::Green, Light::Yellow, Light::Red];
    let tags: Vec<&str> = all.iter().map(|l| l.tag()).collect();
    let words: Vec<&str> = all.iter().map(|l| l.colour(Lang::Zh)).collect();
    assert_eq!(tags, ["[G]", "[Y]", "[R]"]);
    assert_eq!(words, ["绿", "黄", "红"]);
    assert!(Light::Red > Light::Yellow && Light::Yellow > Light::Green);
    assert_eq!(
        DeptLights {
            red: 0,
            yellow: 2,
            green: 5
        }
        .light(),
        Light::Yellow
    );
    assert_eq!(
        DeptLights {
            red: 1,
            yellow: 0,
            green: 0
        }
        .light(),
        Light::Red
    );
    assert_eq!(DeptLights::default().light(), Light::Green);
}

#[test]
fn config_sets_the_window() {
    let c = Config {
        due_soon_days: Some(3),
        ..Config::default()
    };
    assert_eq!(LightCfg::from_config(&c).due_soon_days, 3);
    assert_eq!(LightCfg::from_config(&Config::default()).due_soon_days, 7);
    let parsed: Config = ron::from_str("Config(due_soon_days: 10)").unwrap();
    assert_eq!(parsed.due_soon_days, Some(10));
    let back: Config = ron::from_str(&ron::to_string(&parsed).unwrap()).unwrap();
    assert_eq!(back, parsed);
}
