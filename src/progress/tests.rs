//! Unit tests of the pure parts (apply, lifecycle, derive, identity) and of
//! the store on real temp dirs (merge, undo/redo, damaged files).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::*;
use crate::plan::Plan;

fn plan() -> Plan {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/plan");
    crate::plan::load_dir(&dir).expect("fixture plan loads")
}

fn t(min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 11, 1, 8, min, 0).unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn tax() -> Who {
    Who::Dept("tax".into())
}

fn boss() -> Who {
    Who::Coordinator("王主任".into())
}

fn ed(m: &str, dept: &str, op: Op) -> Edit {
    Edit::new(m, dept, op)
}

// ---- apply -------------------------------------------------------------

#[test]
fn apply_records_each_changed_field_and_stamps_the_entry() {
    let p = plan();
    let mut l = Ledger::default();
    let c = apply(
        &p,
        &mut l,
        &ed("1.1", "tax", Op::SetStatus(Status::InProgress)),
        &tax(),
        t(0),
    )
    .unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].field, Field::Status);
    assert_eq!(c[0].from, serde_json::json!("not_started"));
    assert_eq!(c[0].to, serde_json::json!("in_progress"));
    let c = apply(
        &p,
        &mut l,
        &ed(
            "1.1",
            "tax",
            Op::SetActual {
                key: "e_rate".into(),
                value: 97.5,
            },
        ),
        &tax(),
        t(1),
    )
    .unwrap();
    assert_eq!(c[0].field, Field::Actual("e_rate".into()));
    let e = l.get("1.1", "tax").unwrap();
    assert_eq!(e.actuals["e_rate"], 97.5);
    assert_eq!(
        e.updated,
        Some(Stamp {
            by: "tax".into(),
            at: t(1)
        })
    );
}

#[test]
fn a_no_op_edit_changes_nothing_not_even_the_stamp() {
    let p = plan();
    let mut l = Ledger::default();
    apply(
        &p,
        &mut l,
        &ed("1.2", "tax", Op::SetNote("x".into())),
        &tax(),
        t(0),
    )
    .unwrap();
    let c = apply(
        &p,
        &mut l,
        &ed("1.2", "tax", Op::SetNote("x".into())),
        &tax(),
        t(5),
    )
    .unwrap();
    assert!(c.is_empty());
    assert_eq!(
        l.get("1.2", "tax").unwrap().updated.as_ref().unwrap().at,
        t(0)
    );
}

#[test]
fn unknown_names_are_refused_with_the_nearest_match() {
    let p = plan();
    let mut l = Ledger::default();
    let e = apply(
        &p,
        &mut l,
        &ed("1.l", "tax", Op::SetNote("x".into())),
        &tax(),
        t(0),
    )
    .unwrap_err();
    assert!(
        matches!(&e, EditError::UnknownMeasure { hint: Some(h), .. } if h == "1.1"),
        "{e}"
    );
    let e = apply(
        &p,
        &mut l,
        &ed("1.1", "taxx", Op::SetNote("x".into())),
        &boss(),
        t(0),
    )
    .unwrap_err();
    assert!(
        matches!(&e, EditError::UnknownDept { hint: Some(h), .. } if h == "tax"),
        "{e}"
    );
    let e = apply(
        &p,
        &mut l,
        &ed(
            "1.1",
            "tax",
            Op::SetActual {
                key: "e_rat".into(),
                value: 1.0,
            },
        ),
        &tax(),
        t(0),
    )
    .unwrap_err();
    assert!(e.to_string().contains("did you mean \"e_rate\""), "{e}");
    let e = apply(
        &p,
        &mut l,
        &ed("1.3", "tax", Op::SetNote("x".into())),
        &tax(),
        t(0),
    )
    .unwrap_err();
    assert!(matches!(e, EditError::NotAssigned { .. }), "{e}");
    let e = apply(
        &p,
        &mut l,
        &ed(
            "1.1",
            "tax",
            Op::SetActual {
                key: "days".into(),
                value: f64::NAN,
            },
        ),
        &tax(),
        t(0),
    )
    .unwrap_err();
    assert!(matches!(e, EditError::Invalid(_)));
    assert!(l.entries.is_empty(), "refused edits leave the ledger alone");
}

#[test]
fn a_department_edits_only_its_own_entries_coordinators_any() {
    let p = plan();
    let mut l = Ledger::default();
    let e = apply(
        &p,
        &mut l,
        &ed("1.1", "approval", Op::SetNote("x".into())),
        &tax(),
        t(0),
    )
    .unwrap_err();
    assert!(matches!(e, EditError::OtherDept { .. }), "{e}");
    apply(
        &p,
        &mut l,
        &ed("1.1", "approval", Op::SetNote("x".into())),
        &boss(),
        t(0),
    )
    .unwrap();
    assert_eq!(l.get("1.1", "approval").unwrap().note, "x");
}

// ---- lifecycle ---------------------------------------------------------

#[test]
fn report_confirm_return_cycle() {
    let p = plan();
    let mut l = Ledger::default();
    let e = apply(&p, &mut l, &ed("1.2", "tax", Op::Confirm), &boss(), t(0)).unwrap_err();
    assert!(matches!(e, EditError::NotReported { .. }), "{e}");
    apply(&p, &mut l, &ed("1.2", "tax", Op::ReportDone), &tax(), t(1)).unwrap();
    assert!(matches!(
        l.get("1.2", "tax").unwrap().review,
        Review::Reported(_)
    ));
    let e = apply(&p, &mut l, &ed("1.2", "tax", Op::Confirm), &tax(), t(2)).unwrap_err();
    assert!(matches!(e, EditError::CoordinatorOnly { .. }), "{e}");
    let e = apply(
        &p,
        &mut l,
        &ed(
            "1.2",
            "tax",
            Op::MeetingDecision {
                meeting: "m".into(),
                opinion: "x".into(),
                due: None,
            },
        ),
        &tax(),
        t(2),
    )
    .unwrap_err();
    assert!(matches!(e, EditError::CoordinatorOnly { .. }), "{e}");
    apply(&p, &mut l, &ed("1.2", "tax", Op::Confirm), &boss(), t(3)).unwrap();
    assert!(l.get("1.2", "tax").unwrap().is_confirmed());
    // struck off: the department can no longer change it
    let e = apply(
        &p,
        &mut l,
        &ed("1.2", "tax", Op::SetStatus(Status::InProgress)),
        &tax(),
        t(4),
    )
    .unwrap_err();
    assert!(matches!(e, EditError::Confirmed { .. }), "{e}");
    let e = apply(
        &p,
        &mut l,
        &ed("1.2", "tax", Op::Return { reason: " ".into() }),
        &boss(),
        t(5),
    )
    .unwrap_err();
    assert!(matches!(e, EditError::Invalid(_)));
    let c = apply(
        &p,
        &mut l,
        &ed(
            "1.2",
            "tax",
            Op::Return {
                reason: "材料不全".into(),
            },
        ),
        &boss(),
        t(6),
    )
    .unwrap();
    assert_eq!(c.len(), 3, "status, done_on and review change: {c:?}");
    assert_eq!(c[1].field, Field::DoneOn);
    let e = l.get("1.2", "tax").unwrap();
    assert_eq!(e.status, Status::InProgress);
    assert!(
        matches!(&e.review, Review::Returned { reason, stamp } if reason == "材料不全" && stamp.by == "王主任")
    );
    // reporting again replaces the return
    apply(
        &p,
        &mut l,
        &ed("1.2", "tax", Op::SetStatus(Status::Done)),
        &tax(),
        t(7),
    )
    .unwrap();
    assert!(matches!(
        l.get("1.2", "tax").unwrap().review,
        Review::Reported(_)
    ));
    // and leaving done withdraws the report
    apply(
        &p,
        &mut l,
        &ed("1.2", "tax", Op::SetStatus(Status::Blocked)),
        &tax(),
        t(8),
    )
    .unwrap();
    assert_eq!(l.get("1.2", "tax").unwrap().review, Review::None);
}

#[test]
fn extension_request_then_approve_moves_the_due_date() {
    let p = plan();
    let mut l = Ledger::default();
    let e = apply(
        &p,
        &mut l,
        &ed("1.1", "tax", Op::ApproveExtension),
        &boss(),
        t(0),
    )
    .unwrap_err();
    assert!(matches!(e, EditError::NoPendingExtension { .. }));
    let req = Op::RequestExtension {
        reason: "系统对接未完成".into(),
        date: d("2022-03-31"),
        progress: "完成80%".into(),
    };
    apply(&p, &mut l, &ed("1.1", "tax", req.clone()), &tax(), t(1)).unwrap();
    assert!(l.get("1.1", "tax").unwrap().pending_extension().is_some());
    let e = apply(
        &p,
        &mut l,
        &ed("1.1", "tax", Op::ApproveExtension),
        &tax(),
        t(2),
    )
    .unwrap_err();
    assert!(matches!(e, EditError::CoordinatorOnly { .. }));
    apply(
        &p,
        &mut l,
        &ed("1.1", "tax", Op::ApproveExtension),
        &boss(),
        t(3),
    )
    .unwrap();
    let e = l.get("1.1", "tax").unwrap();
    assert_eq!(e.due, Some(d("2022-03-31")));
    assert!(matches!(
        e.extension.as_ref().unwrap().decision,
        Decision::Approved(_)
    ));
    // a decided request cannot be decided again
    let e = apply(
        &p,
        &mut l,
        &ed("1.1", "tax", Op::RejectExtension { reason: "x".into() }),
        &boss(),
        t(4),
    )
    .unwrap_err();
    assert!(matches!(e, EditError::NoPendingExtension { .. }));
}

#[test]
fn extension_reject_keeps_the_due_date_and_needs_a_reason() {
    let p = plan();
    let mut l = Ledger::default();
    apply(
        &p,
        &mut l,
        &ed("1.1", "tax", Op::SetDue(Some(d("2021-12-15")))),
        &tax(),
        t(0),
    )
    .unwrap();
    let req = Op::RequestExtension {
        reason: "人手不足".into(),
        date: d("2022-06-30"),
        progress: String::new(),
    };
    apply(&p, &mut l, &ed("1.1", "tax", req), &tax(), t(1)).unwrap();
    let e = apply(
        &p,
        &mut l,
        &ed("1.1", "tax", Op::RejectExtension { reason: "".into() }),
        &boss(),
        t(2),
    )
    .unwrap_err();
    assert!(matches!(e, EditError::Invalid(_)));
    apply(
        &p,
        &mut l,
        &ed(
            "1.1",
            "tax",
            Op::RejectExtension {
                reason: "理由不充分".into(),
            },
        ),
        &boss(),
        t(3),
    )
    .unwrap();
    let e = l.get("1.1", "tax").unwrap();
    assert_eq!(e.due, Some(d("2021-12-15")));
    assert!(
        matches!(&e.extension.as_ref().unwrap().decision, Decision::Rejected { reason, .. } if reason == "理由不充分")
    );
}

#[test]
fn steps_have_stable_ids() {
    let p = plan();
    let mut l = Ledger::default();
    for s in ["梳理流程", "上线系统", "培训窗口"] {
        apply(
            &p,
            &mut l,
            &ed(
                "1.2",
                "tax",
                Op::AddStep {
                    text: s.into(),
                    date: None,
                },
            ),
            &tax(),
            t(0),
        )
        .unwrap();
    }
    apply(
        &p,
        &mut l,
        &ed("1.2", "tax", Op::RemoveStep { id: 2 }),
        &tax(),
        t(1),
    )
    .unwrap();
    apply(
        &p,
        &mut l,
        &ed(
            "1.2",
            "tax",
            Op::SetStepStatus {
                id: 3,
                status: Status::Done,
            },
        ),
        &tax(),
        t(2),
    )
    .unwrap();
    apply(
        &p,
        &mut l,
        &ed(
            "1.2",
            "tax",
            Op::AddStep {
                text: "验收".into(),
                date: Some(d("2021-12-01")),
            },
        ),
        &tax(),
        t(3),
    )
    .unwrap();
    let e = l.get("1.2", "tax").unwrap();
    let ids: Vec<u32> = e.steps.iter().map(|s| s.id).collect();
    assert_eq!(ids, [1, 3, 4]);
    assert_eq!(e.step(3).unwrap().status, Status::Done);
    let err = apply(
        &p,
        &mut l,
        &ed(
            "1.2",
            "tax",
            Op::SetStepText {
                id: 2,
                text: "x".into(),
            },
        ),
        &tax(),
        t(4),
    )
    .unwrap_err();
    assert!(matches!(err, EditError::UnknownStep { id: 2, .. }));
}

#[test]
fn set_field_inverts_every_change() {
    let p = plan();
    let mut l = Ledger::default();
    let ops = [
        Op::SetStatus(Status::Done),
        Op::SetDue(Some(d("2021-12-01"))),
        Op::SetActual {
            key: "days".into(),
            value: 1.5,
        },
        Op::SetNote("已上线".into()),
        Op::AddStep {
            text: "a".into(),
            date: None,
        },
        Op::RequestExtension {
            reason: "r".into(),
            date: d("2022-01-01"),
            progress: "p".into(),
        },
    ];
    let ops = ops.into_iter().map(|op| (op, tax())).chain([(
        Op::MeetingDecision {
            meeting: "2021年12月调度会".into(),
            opinion: "限期整改".into(),
            due: Some(d("2022-01-15")),
        },
        boss(),
    )]);
    for (op, who) in ops {
        let before = l.entry_or_default("1.1", "tax");
        let changes = apply(&p, &mut l, &ed("1.1", "tax", op), &who, t(0)).unwrap();
        assert!(!changes.is_empty());
        let mut back = l.entry_or_default("1.1", "tax");
        for c in changes.iter().rev() {
            assert_eq!(edit::get_field(&back, &c.field), c.to);
            edit::set_field(&mut back, &c.field, c.from.clone()).unwrap();
        }
        back.updated = before.updated.clone();
        assert_eq!(back, before);
    }
}

// ---- derive ------------------------------------------------------------

fn set(l: &mut Ledger, m: &str, dept: &str, s: Status) {
    apply(&plan(), l, &ed(m, dept, Op::SetStatus(s)), &boss(), t(0)).unwrap();
}

#[test]
fn measure_status_follows_its_departments() {
    let p = plan();
    let m = p.measure("1.1").unwrap();
    let today = d("2021-11-15");
    let mut l = Ledger::default();
    assert_eq!(measure_state(m, &l, today).status, Status::NotStarted);
    set(&mut l, "1.1", "tax", Status::Done);
    assert_eq!(
        measure_state(m, &l, today).status,
        Status::InProgress,
        "one done of three has started"
    );
    set(&mut l, "1.1", "market", Status::Blocked);
    assert_eq!(measure_state(m, &l, today).status, Status::Blocked);
    set(&mut l, "1.1", "market", Status::Done);
    set(&mut l, "1.1", "approval", Status::Done);
    let s = measure_state(m, &l, today);
    assert_eq!(s.status, Status::Done);
    assert!(!s.confirmed);
    assert_eq!(s.depts.len(), 3);
    assert!(s.depts[0].lead && s.depts[0].dept == "approval");
    assert!(s.depts.iter().all(|d| d.awaiting_confirmation));
}

#[test]
fn overdue_from_plan_date_or_committed_date() {
    let p = plan();
    let m = p.measure("1.1").unwrap(); // plan due 2021-12-31
    let mut l = Ledger::default();
    let s = measure_state(m, &l, d("2021-12-31"));
    assert!(!s.overdue, "not late on the deadline day");
    let s = measure_state(m, &l, d("2022-01-03"));
    assert!(s.overdue);
    assert_eq!(s.days_late, 3);
    assert_eq!(s.due, Some(d("2021-12-31")));
    // a committed date earlier than the plan's makes it late sooner
    apply(
        &p,
        &mut l,
        &ed("1.1", "tax", Op::SetDue(Some(d("2021-11-10")))),
        &tax(),
        t(0),
    )
    .unwrap();
    let s = measure_state(m, &l, d("2021-11-15"));
    assert!(s.overdue && s.days_late == 5, "{s:?}");
    assert!(s.depts.iter().find(|x| x.dept == "tax").unwrap().overdue);
    assert!(!s.depts.iter().find(|x| x.dept == "market").unwrap().overdue);
    // done is never overdue
    for dept in ["tax", "market", "approval"] {
        set(&mut l, "1.1", dept, Status::Done);
    }
    assert!(!measure_state(m, &l, d("2022-05-01")).overdue);
}

#[test]
fn an_approved_extension_replaces_the_plan_deadline() {
    let p = plan();
    let m = p.measure("1.3").unwrap(); // market, plan due 2021-11-30
    let mut l = Ledger::default();
    let market = Who::Dept("market".into());
    let req = Op::RequestExtension {
        reason: "r".into(),
        date: d("2022-02-28"),
        progress: String::new(),
    };
    apply(&p, &mut l, &ed("1.3", "market", req), &market, t(0)).unwrap();
    assert!(
        measure_state(m, &l, d("2021-12-10")).overdue,
        "a pending request does not move the date"
    );
    apply(
        &p,
        &mut l,
        &ed("1.3", "market", Op::ApproveExtension),
        &boss(),
        t(1),
    )
    .unwrap();
    let s = measure_state(m, &l, d("2021-12-10"));
    assert!(!s.overdue);
    assert_eq!(s.due, Some(d("2022-02-28")));
}

#[test]
fn a_from_date_is_not_a_deadline() {
    let p = plan();
    let m = p.measure("2.1").unwrap();
    let s = measure_state(m, &Ledger::default(), d("2022-06-01"));
    assert!(!s.overdue);
    assert_eq!(s.due, Some(d("2024-10-27")));
}

// ---- identity ----------------------------------------------------------

#[test]
fn identity_rule() {
    let p = plan();
    let none = Config::default();
    let cfg = Config {
        coordinators: vec!["王主任".into()],
        ..Config::default()
    };
    assert_eq!(
        resolve_who(&p, &none, Some("tax"), None).unwrap(),
        Some(tax())
    );
    assert_eq!(resolve_who(&p, &none, None, None).unwrap(), None);
    assert_eq!(
        resolve_who(&p, &none, Some("tax"), Some("李四")).unwrap(),
        Some(Who::Coordinator("李四".into()))
    );
    assert!(
        resolve_who(&p, &cfg, None, Some("李四"))
            .unwrap_err()
            .contains("not a coordinator")
    );
    assert_eq!(
        resolve_who(&p, &cfg, Some("王主任"), None).unwrap(),
        Some(boss())
    );
    assert!(
        resolve_who(&p, &cfg, Some("taz"), None)
            .unwrap_err()
            .contains("did you mean \"tax\"")
    );
}

// ---- store -------------------------------------------------------------

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path().join("data"));
    (dir, s)
}

#[test]
fn saved_ledgers_read_back_and_diff_per_line() {
    let p = plan();
    let (_t, s) = store();
    s.commit(
        &p,
        &[
            ed("1.2", "tax", Op::SetNote("第二".into())),
            ed("1.1", "tax", Op::SetStatus(Status::InProgress)),
        ],
        &tax(),
        t(0),
    )
    .unwrap();
    let c = s
        .commit(
            &p,
            &[ed(
                "1.1",
                "tax",
                Op::SetActual {
                    key: "e_rate".into(),
                    value: 99.5,
                },
            )],
            &tax(),
            t(1),
        )
        .unwrap();
    let l = s.load(&p).unwrap();
    assert_eq!(c.ledger, l);
    assert_eq!(l.get("1.1", "tax").unwrap().actuals["e_rate"], 99.5);
    assert_eq!(l.get("1.2", "tax").unwrap().note, "第二");
    let text = std::fs::read_to_string(s.ledger_path("tax")).unwrap();
    assert!(
        text.find("\"1.1\"").unwrap() < text.find("\"1.2\"").unwrap(),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.trim() == "status: in_progress,"),
        "{text}"
    );
    assert!(text.lines().any(|l| l.trim() == "rev: 2,"), "{text}");
    let bak = std::fs::read_to_string(s.dir().join("tax.ron.bak")).unwrap();
    assert!(
        bak.contains("rev: 1,") && !bak.contains("99.5"),
        "the .bak is the previous version"
    );
    let h = s.history().unwrap();
    assert_eq!(h.txns.len(), 2);
    assert_eq!(h.txns[0].changes.len(), 2);
}

#[test]
fn stale_sessions_merge_per_field_and_the_later_wins_on_one_field() {
    let p = plan();
    let (_t, s) = store();
    let a = s.clone();
    let b = Store::open(s.dir());
    // both sessions loaded the same (empty) state; neither sees the other's edit
    a.commit(
        &p,
        &[ed("1.1", "tax", Op::SetNote("A 的备注".into()))],
        &tax(),
        t(1),
    )
    .unwrap();
    b.commit(
        &p,
        &[ed("1.1", "tax", Op::SetStatus(Status::Blocked))],
        &boss(),
        t(2),
    )
    .unwrap();
    let e = s.load(&p).unwrap().entry_or_default("1.1", "tax");
    assert_eq!((e.note.as_str(), e.status), ("A 的备注", Status::Blocked));
    b.commit(
        &p,
        &[ed("1.1", "tax", Op::SetNote("B 的备注".into()))],
        &boss(),
        t(3),
    )
    .unwrap();
    let e = s.load(&p).unwrap().entry_or_default("1.1", "tax");
    assert_eq!(e.note, "B 的备注");
    let h = s.history().unwrap();
    let last = h.txns.last().unwrap();
    assert_eq!(
        last.changes[0].from,
        serde_json::json!("A 的备注"),
        "the overwritten value is in the history"
    );
}

#[test]
fn a_save_that_waited_for_the_lock_is_stamped_after_the_one_it_waited_for() {
    // The clock is read before the lock: the second save to get the lock may
    // carry the earlier time. The history must still list it last.
    let p = plan();
    let (_t, s) = store();
    s.commit(
        &p,
        &[ed("1.1", "tax", Op::SetNote("先到".into()))],
        &tax(),
        t(5),
    )
    .unwrap();
    s.commit(
        &p,
        &[ed("1.1", "tax", Op::SetNote("后到".into()))],
        &boss(),
        t(4),
    )
    .unwrap();
    let e = s.load(&p).unwrap().entry_or_default("1.1", "tax");
    assert_eq!(e.note, "后到");
    assert!(e.updated.as_ref().unwrap().at > t(5));
    let h = s.history().unwrap();
    let last = h.txns.last().unwrap();
    assert_eq!(last.changes[0].to, serde_json::json!("后到"));
    assert_eq!(last.changes[0].from, serde_json::json!("先到"));
}

#[test]
fn undo_and_redo_survive_a_restart() {
    let p = plan();
    let (_t, s) = store();
    s.commit(
        &p,
        &[ed("1.2", "tax", Op::SetNote("one".into()))],
        &tax(),
        t(1),
    )
    .unwrap();
    s.commit(
        &p,
        &[
            ed("1.2", "tax", Op::SetNote("two".into())),
            ed("1.2", "tax", Op::SetStatus(Status::InProgress)),
        ],
        &tax(),
        t(2),
    )
    .unwrap();
    let s2 = Store::open(s.dir()); // a new process
    let c = s2.undo(&p, &tax(), t(3)).unwrap();
    let e = c.ledger.entry_or_default("1.2", "tax");
    assert_eq!((e.note.as_str(), e.status), ("one", Status::NotStarted));
    let c = Store::open(s.dir()).undo(&p, &tax(), t(4)).unwrap();
    assert_eq!(c.ledger.entry_or_default("1.2", "tax").note, "");
    assert!(matches!(
        s.undo(&p, &tax(), t(5)),
        Err(StoreError::Nothing("undo", _))
    ));
    let c = Store::open(s.dir()).redo(&p, &tax(), t(6)).unwrap();
    assert_eq!(c.ledger.entry_or_default("1.2", "tax").note, "one");
    // a new edit clears what could be redone
    s.commit(
        &p,
        &[ed("1.2", "tax", Op::SetDue(Some(d("2021-12-01"))))],
        &tax(),
        t(7),
    )
    .unwrap();
    assert!(matches!(
        s.redo(&p, &tax(), t(8)),
        Err(StoreError::Nothing("redo", _))
    ));
    // undo is per person: the coordinator has nothing to undo
    assert!(matches!(
        s.undo(&p, &boss(), t(9)),
        Err(StoreError::Nothing("undo", _))
    ));
}

#[test]
fn undo_refuses_to_clobber_a_later_change_by_someone_else() {
    let p = plan();
    let (_t, s) = store();
    s.commit(
        &p,
        &[ed("1.2", "tax", Op::SetNote("mine".into()))],
        &tax(),
        t(1),
    )
    .unwrap();
    s.commit(
        &p,
        &[ed("1.2", "tax", Op::SetNote("coordinator's".into()))],
        &boss(),
        t(2),
    )
    .unwrap();
    let e = s.undo(&p, &tax(), t(3)).unwrap_err();
    assert!(
        matches!(&e, StoreError::UndoConflict { by, .. } if by == "王主任"),
        "{e}"
    );
    assert_eq!(
        s.load(&p).unwrap().entry_or_default("1.2", "tax").note,
        "coordinator's"
    );
}

#[test]
fn torn_and_uncommitted_history_is_ignored_then_repaired() {
    use std::io::Write;
    let p = plan();
    let (_t, s) = store();
    s.commit(
        &p,
        &[ed("1.2", "tax", Op::SetNote("one".into()))],
        &tax(),
        t(1),
    )
    .unwrap();
    let log = s.history_path("tax");
    let good = std::fs::read_to_string(&log).unwrap();
    // an interrupted save: a full record for rev 2 (the ledger is still at rev 1) and a torn line
    let mut f = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let ghost = good
        .replace("\"rev\":1", "\"rev\":2")
        .replace("one", "ghost")
        .replace(&good[..8], "{\"txn\":\"zz");
    f.write_all(ghost.as_bytes()).unwrap();
    f.write_all(b"{\"txn\":\"torn\",\"rev\":2,\"at").unwrap();
    drop(f);
    let h = s.history().unwrap();
    assert_eq!(h.txns.len(), 1, "{h:?}");
    assert!(h.problems.is_empty(), "{:?}", h.problems);
    s.commit(
        &p,
        &[ed("1.2", "tax", Op::SetNote("two".into()))],
        &tax(),
        t(2),
    )
    .unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.ends_with('\n'));
    for line in text.lines() {
        serde_json::from_str::<Record>(line).expect("every line is a record");
    }
    let h = s.history().unwrap();
    let notes: Vec<_> = h.txns.iter().map(|t| t.changes[0].to.clone()).collect();
    assert_eq!(
        notes,
        [serde_json::json!("one"), serde_json::json!("two")],
        "the ghost rev 2 lost to the real one"
    );
}

#[test]
fn damaged_files_are_never_written_and_name_their_line() {
    let p = plan();
    let (_t, s) = store();
    s.commit(
        &p,
        &[ed("1.2", "tax", Op::SetNote("one".into()))],
        &tax(),
        t(1),
    )
    .unwrap();
    s.commit(
        &p,
        &[ed("1.3", "market", Op::SetNote("m".into()))],
        &Who::Dept("market".into()),
        t(1),
    )
    .unwrap();
    let path = s.ledger_path("tax");
    let good = std::fs::read_to_string(&path).unwrap();
    let cases = [
        (
            good.replacen("    entries", "<<<<<<< HEAD\n    entries", 1),
            "conflict marker",
        ),
        (good.replacen("note:", "note_typo:", 1), "note_typo"),
        (good[..good.len() / 2].to_string(), ""),
        (String::new(), "empty"),
        ("\0".repeat(300), "NUL"),
    ];
    for (bad, needle) in cases {
        std::fs::write(&path, &bad).unwrap();
        let err = s
            .commit(
                &p,
                &[ed("1.2", "tax", Op::SetNote("two".into()))],
                &tax(),
                t(2),
            )
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains(&*path.to_string_lossy()) && msg.contains(needle),
            "{msg}"
        );
        assert!(
            matches!(
                err,
                StoreError::Parse { line: 1.., .. } | StoreError::ConflictMarkers { line: 1.., .. }
            ),
            "{err:?}"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            bad,
            "the damaged file is untouched"
        );
        // the rest of the data dir still loads
        let l = s.load(&p).unwrap();
        assert_eq!(l.get("1.3", "market").unwrap().note, "m");
        assert_eq!(l.damaged_depts(), ["tax"]);
    }
}

#[test]
fn a_symlinked_ledger_is_refused_and_its_target_untouched() {
    let p = plan();
    let (tmp, s) = store();
    s.commit(
        &p,
        &[ed("1.3", "market", Op::SetNote("m".into()))],
        &Who::Dept("market".into()),
        t(1),
    )
    .unwrap();
    let outside = tmp.path().join("outside.ron");
    std::fs::write(&outside, "precious").unwrap();
    std::os::unix::fs::symlink(&outside, s.ledger_path("tax")).unwrap();
    let e = s
        .commit(
            &p,
            &[ed("1.2", "tax", Op::SetNote("x".into()))],
            &tax(),
            t(2),
        )
        .unwrap_err();
    assert!(matches!(e, StoreError::Symlink { .. }), "{e}");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious");
    assert!(
        std::fs::symlink_metadata(s.ledger_path("tax"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn orphans_are_kept_and_reported() {
    let p = plan();
    let (_t, s) = store();
    s.commit(
        &p,
        &[ed("1.2", "tax", Op::SetNote("keep me".into()))],
        &tax(),
        t(1),
    )
    .unwrap();
    let mut smaller = p.clone();
    smaller.chapters[0].measures.retain(|m| m.id != "1.2");
    smaller.departments.retain(|d| d.id != "market");
    let l = s.load(&smaller).unwrap();
    assert_eq!(l.get("1.2", "tax").unwrap().note, "keep me");
    assert_eq!(
        l.orphans.get(&Key::new("1.2", "tax")),
        Some(&Orphan::UnknownMeasure)
    );
    // saving another entry of the department keeps the orphan in the file
    s.commit(
        &smaller,
        &[ed("1.1", "tax", Op::SetNote("x".into()))],
        &tax(),
        t(2),
    )
    .unwrap();
    assert_eq!(
        s.load(&p).unwrap().get("1.2", "tax").unwrap().note,
        "keep me"
    );
}

#[test]
fn dept_ids_that_are_not_plain_names_never_become_paths() {
    for bad in [
        "",
        "..",
        "../x",
        "a/b",
        "a\\b",
        "a\0b",
        ".hidden",
        "-x",
        "CON",
        "税务",
        "config",
        &"a".repeat(65),
    ] {
        assert!(!store::valid_dept_id(bad), "{bad:?}");
    }
    for good in ["tax", "dev_reform", "town-1", "0a"] {
        assert!(store::valid_dept_id(good));
    }
}

proptest::proptest! {
    #[test]
    fn any_accepted_dept_id_names_a_direct_child(id in "\\PC{0,80}") {
        if store::valid_dept_id(&id) {
            let s = Store::open("/data");
            let p = s.ledger_path(&id);
            proptest::prop_assert_eq!(p.parent(), Some(std::path::Path::new("/data")));
            proptest::prop_assert_eq!(p.file_name().unwrap().to_str().unwrap(), format!("{id}.ron"));
        }
    }
}

#[test]
fn config_lists_coordinators_and_rejects_unknown_fields() {
    let (_t, s) = store();
    assert_eq!(s.config().unwrap(), Config::default());
    std::fs::create_dir_all(s.dir()).unwrap();
    std::fs::write(
        s.dir().join("config.ron"),
        "Config(coordinators: [\"王主任\"])\n",
    )
    .unwrap();
    assert!(s.config().unwrap().is_coordinator("王主任"));
    std::fs::write(
        s.dir().join("config.ron"),
        "Config(\n  coordinator: [\"王主任\"])\n",
    )
    .unwrap();
    let e = s.config().unwrap_err();
    assert!(matches!(e, StoreError::Parse { line: 2, .. }), "{e:?}");
}

#[test]
fn a_save_killed_between_its_renames_leaves_no_stray_link_behind() {
    let p = plan();
    let (_t, s) = store();
    s.commit(
        &p,
        &[ed("1.2", "tax", Op::SetNote("one".into()))],
        &tax(),
        t(1),
    )
    .unwrap();
    // what a kill between "old → .bak" and "temp → ledger" leaves: two names, one inode
    let bak = s.dir().join("tax.ron.bak");
    let _ = std::fs::remove_file(&bak);
    std::fs::hard_link(s.ledger_path("tax"), &bak).unwrap();
    s.commit(
        &p,
        &[ed("1.2", "tax", Op::SetNote("two".into()))],
        &tax(),
        t(2),
    )
    .unwrap();
    let stray: Vec<_> = std::fs::read_dir(s.dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp."))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    assert!(std::fs::read_to_string(&bak).unwrap().contains("\"one\""));
}

#[test]
fn a_data_dir_writable_by_others_or_a_linked_history_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let p = plan();
    let (tmp, s) = store();
    s.commit(
        &p,
        &[ed("1.2", "tax", Op::SetNote("one".into()))],
        &tax(),
        t(1),
    )
    .unwrap();
    std::fs::set_permissions(s.dir(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let e = s
        .commit(
            &p,
            &[ed("1.2", "tax", Op::SetNote("two".into()))],
            &tax(),
            t(2),
        )
        .unwrap_err();
    assert!(
        matches!(e, StoreError::InsecureDir { mode: 0o777, .. }),
        "{e}"
    );
    std::fs::set_permissions(s.dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::remove_dir_all(s.dir().join("history")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, s.dir().join("history")).unwrap();
    let e = s
        .commit(
            &p,
            &[ed("1.2", "tax", Op::SetNote("two".into()))],
            &tax(),
            t(2),
        )
        .unwrap_err();
    assert!(matches!(e, StoreError::Symlink { .. }), "{e}");
    assert_eq!(
        std::fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "nothing written through the link"
    );
    assert_eq!(
        s.load(&p).unwrap().entry_or_default("1.2", "tax").note,
        "one"
    );
}

// ---- done_on -----------------------------------------------------------

#[test]
fn done_on_is_kept_while_done_and_cleared_on_leaving_done() {
    let p = plan();
    let mut l = Ledger::default();
    let get = |l: &Ledger| l.get("1.2", "tax").unwrap().done_on;
    let c = apply(
        &p,
        &mut l,
        &ed("1.2", "tax", Op::ReportDoneOn(d("2021-11-05"))),
        &tax(),
        t(0),
    )
    .unwrap();
    assert_eq!(get(&l), Some(d("2021-11-05")));
    assert!(
        c.iter()
            .any(|c| c.field == Field::DoneOn && c.to == "2021-11-05")
    );
    assert_eq!(l.get("1.2", "tax").unwrap().status, Status::Done);
    // Reporting done again (any as-of date) keeps the department's date.
    let c = apply(
        &p,
        &mut l,
        &ed("1.2", "tax", Op::ReportDoneOn(d("2021-11-20"))),
        &tax(),
        t(1),
    )
    .unwrap();
    assert!(c.is_empty(), "{c:?}");
    apply(&p, &mut l, &ed("1.2", "tax", Op::ReportDone), &tax(), t(2)).unwrap();
    assert_eq!(get(&l), Some(d("2021-11-05")));
    // Correcting it replaces it.
    let c = apply(
        &p,
        &mut l,
        &ed("1.2", "tax", Op::SetDoneOn(d("2021-11-03"))),
        &tax(),
        t(3),
    )
    .unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!(get(&l), Some(d("2021-11-03")));
    // Undo puts the old value back through the field view.
    let mut e = l.get("1.2", "tax").unwrap().clone();
    crate::progress::field::set_field(&mut e, &Field::DoneOn, c[0].from.clone()).unwrap();
    assert_eq!(e.done_on, Some(d("2021-11-05")));
    assert_eq!(
        Field::DoneOn.to_string().parse::<Field>().unwrap(),
        Field::DoneOn
    );
    apply(
        &p,
        &mut l,
        &ed("1.2", "tax", Op::SetStatus(Status::InProgress)),
        &tax(),
        t(4),
    )
    .unwrap();
    assert_eq!(get(&l), None);
    // A board's done key on an entry not done records the save's date.
    apply(&p, &mut l, &ed("1.2", "tax", Op::ReportDone), &tax(), t(5)).unwrap();
    assert!(get(&l).is_some());
    // SetDoneOn on an entry not done reports it done.
    apply(
        &p,
        &mut l,
        &ed("1.1", "tax", Op::SetDoneOn(d("2021-10-30"))),
        &tax(),
        t(6),
    )
    .unwrap();
    let e = l.get("1.1", "tax").unwrap();
    assert_eq!((e.status, e.done_on), (Status::Done, Some(d("2021-10-30"))));
    assert!(matches!(e.review, Review::Reported(_)));
}

#[test]
fn done_on_after_the_as_of_date_is_refused() {
    assert!(crate::progress::done_on_refusal(d("2022-01-05"), d("2022-01-05")).is_none());
    let why = crate::progress::done_on_refusal(d("2022-01-06"), d("2022-01-05")).unwrap();
    assert!(
        why.contains("later than the as-of date 2022-01-05"),
        "{why}"
    );
}

#[test]
fn entries_without_done_on_read_and_write_as_before() {
    let old = "Entry(status: done, note: \"x\")";
    let e: Entry = ron::from_str(old).unwrap();
    assert_eq!(e.done_on, None);
    let text = ron::to_string(&e).unwrap();
    assert!(!text.contains("done_on"), "{text}");
    let with = Entry {
        done_on: Some(d("2022-01-05")),
        ..e
    };
    let back: Entry = ron::from_str(&ron::to_string(&with).unwrap()).unwrap();
    assert_eq!(back.done_on, Some(d("2022-01-05")));
}
