//! The review walk-through: scopes, navigation, the decision form, and the
//! decision saved through the store with the meeting's name in the history.

use crate::meeting;

use duban::lang::Lang;
use duban::meeting::LightCfg;
use duban::meeting::review::{Action, FormField, Outcome, Review, Scope, items, view};
use duban::progress::{Field, Op, Status, measure_state};
use meeting::{TODAY, at, coordinator, d, seed};

#[test]
fn scopes_pick_the_right_items() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = seed(dir.path());
    let l = store.load(&plan).unwrap();
    let today = d(TODAY);
    assert_eq!(items(&plan, &l, today, &Scope::Overdue), ["1.1"]);
    assert_eq!(
        items(&plan, &l, today, &Scope::Chapter(1)),
        ["1.1", "1.2", "1.3"]
    );
    assert_eq!(
        items(&plan, &l, today, &Scope::Dept("tax".into())),
        ["1.1", "2.1"]
    );
    assert_eq!(Scope::parse("chapter:2").unwrap(), Scope::Chapter(2));
    assert_eq!(Scope::parse("dept:tax").unwrap(), Scope::Dept("tax".into()));
    assert!(Scope::parse("weekly").is_err());
}

#[test]
fn next_and_previous_stop_at_the_ends() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = seed(dir.path());
    let l = store.load(&plan).unwrap();
    let today = d(TODAY);
    let list = items(&plan, &l, today, &Scope::Chapter(1));
    let mut r = Review::new("2022年1月调度会", Scope::Chapter(1), list);
    let go = |r: &mut Review, a| r.update(a, &plan, &l, today);
    assert_eq!(r.position(), "1/3");
    go(&mut r, Action::Prev);
    assert_eq!(r.current(), Some("1.1"));
    go(&mut r, Action::Next);
    go(&mut r, Action::Next);
    go(&mut r, Action::Next);
    assert_eq!((r.current(), r.position().as_str()), (Some("1.3"), "3/3"));
    go(&mut r, Action::First);
    assert_eq!(r.current(), Some("1.1"));
    go(&mut r, Action::Last);
    assert_eq!(r.current(), Some("1.3"));
    assert_eq!(go(&mut r, Action::Cancel), Outcome::Close);
    let mut empty = Review::new("x", Scope::Overdue, vec![]);
    assert_eq!(empty.position(), "0/0");
    go(&mut empty, Action::Next);
    go(&mut empty, Action::Decide);
    assert!(empty.form.is_none());
}

#[test]
fn the_item_view_has_what_the_meeting_needs() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = seed(dir.path());
    let l = store.load(&plan).unwrap();
    let v = view(&plan, &l, d(TODAY), LightCfg::default(), "1.1").unwrap();
    assert_eq!(v.days_late, 10);
    assert_eq!(v.due, Some(d("2021-12-31")));
    let depts: Vec<(&str, Status, bool)> = v
        .depts
        .iter()
        .map(|x| (x.dept.as_str(), x.status, x.lead))
        .collect();
    assert_eq!(
        depts,
        [
            ("approval", Status::Done, true),
            ("tax", Status::InProgress, false),
            ("market", Status::NotStarted, false)
        ]
    );
    assert_eq!(v.depts[1].note, "系统对接中");
    assert_eq!(v.depts[1].signal.label(Lang::Zh), "[R] 红 逾期10天");
    assert_eq!(v.targets[0].actual, Some(97.5));
}

#[test]
fn a_decision_is_typed_checked_saved_and_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = seed(dir.path());
    let mut l = store.load(&plan).unwrap();
    let today = d(TODAY);
    let list = items(&plan, &l, today, &Scope::Overdue);
    let mut r = Review::new("2022年1月调度会", Scope::Overdue, list);
    r.update(Action::Decide, &plan, &l, today);
    // An empty decision is refused and the form stays.
    assert_eq!(r.update(Action::Submit, &plan, &l, today), Outcome::Nothing);
    assert!(r.form.as_ref().unwrap().error.is_some());
    for c in "1月底前".chars() {
        r.update(Action::Type(c), &plan, &l, today);
    }
    r.update(Action::Paste("完成对接\u{1b}".into()), &plan, &l, today);
    r.update(Action::SwitchField, &plan, &l, today);
    assert_eq!(r.form.as_ref().unwrap().focus, FormField::Date);
    for c in "2021-12-01".chars() {
        r.update(Action::Type(c), &plan, &l, today);
    }
    // A promised date before today is refused.
    assert_eq!(r.update(Action::Submit, &plan, &l, today), Outcome::Nothing);
    assert!(
        r.form
            .as_ref()
            .unwrap()
            .error
            .as_ref()
            .unwrap()
            .contains("早于")
    );
    for _ in 0.."2021-12-01".len() {
        r.update(Action::Backspace, &plan, &l, today);
    }
    assert_eq!(r.form.as_ref().unwrap().date, "");
    for c in "2022-01-31".chars() {
        r.update(Action::Type(c), &plan, &l, today);
    }
    let Outcome::Save(edits) = r.update(Action::Submit, &plan, &l, today) else {
        panic!("expected edits: {:?}", r.form);
    };
    // To the overdue departments only (approval is done).
    let to: Vec<&str> = edits.iter().map(|e| e.dept.as_str()).collect();
    assert_eq!(to, ["tax", "market"]);
    let Op::MeetingDecision {
        meeting,
        opinion,
        due,
    } = &edits[0].op
    else {
        panic!("{:?}", edits[0].op)
    };
    assert_eq!(meeting, "2022年1月调度会");
    assert_eq!(opinion, "1月底前完成对接", "control characters are dropped");
    assert_eq!(*due, Some(d("2022-01-31")));

    let c = store
        .commit(&plan, &edits, &coordinator(), at("2022-01-10"))
        .unwrap();
    r.saved(Ok(()));
    assert!(r.form.is_none() && r.decided.contains("1.1"));
    l = c.ledger;
    let e = l.get("1.1", "tax").unwrap();
    assert_eq!(e.decision.as_ref().unwrap().opinion, "1月底前完成对接");
    assert_eq!(e.due, Some(d("2022-01-31")));
    assert_eq!(
        e.note, "系统对接中",
        "the department's own note is untouched"
    );
    // The granted date replaces the plan's: no longer overdue.
    let st = measure_state(plan.measure("1.1").unwrap(), &l, today);
    assert!(!st.overdue);
    assert!(st.overdue != measure_state(plan.measure("1.1").unwrap(), &l, d("2022-02-01")).overdue);

    let h = store.history().unwrap();
    let t = h.txns.last().unwrap();
    assert_eq!(t.action, "edit");
    assert_eq!(t.who.name(), "王主任");
    let dec: Vec<_> = t
        .changes
        .iter()
        .filter(|c| c.field == Field::Decision)
        .collect();
    assert_eq!(dec.len(), 2);
    assert_eq!(dec[0].to["meeting"], "2022年1月调度会");
    assert_eq!(dec[0].to["stamp"]["by"], "王主任");

    // Opening the form again on the item shows this meeting's decision.
    r.update(Action::Decide, &plan, &l, today);
    assert_eq!(r.form.as_ref().unwrap().opinion, "1月底前完成对接");
    // A failed save keeps what was typed, with the error.
    r.saved(Err("locked".into()));
    assert_eq!(r.form.as_ref().unwrap().error.as_deref(), Some("locked"));
    assert_eq!(r.update(Action::Cancel, &plan, &l, today), Outcome::Nothing);
    assert!(r.form.is_none());

    // Undo takes the whole decision back.
    store.undo(&plan, &coordinator(), at("2022-01-10")).unwrap();
    let l = store.load(&plan).unwrap();
    assert!(l.get("1.1", "tax").unwrap().decision.is_none());
    assert!(measure_state(plan.measure("1.1").unwrap(), &l, today).overdue);
}

#[test]
fn departments_cannot_record_meeting_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = seed(dir.path());
    let op = Op::MeetingDecision {
        meeting: "m".into(),
        opinion: "o".into(),
        due: None,
    };
    let e = duban::progress::Edit::new("1.1", "tax", op);
    let err = store
        .commit(
            &plan,
            &[e],
            &duban::progress::Who::Dept("tax".into()),
            at(TODAY),
        )
        .unwrap_err();
    assert!(err.to_string().contains("coordinator"), "{err}");
}
