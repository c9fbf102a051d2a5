use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::app::board::Board;
use crate::app::edit::{FieldKind, Form, FormField, FormKind};
use crate::app::input::TextInput;
use crate::app::lists::{due_measures, selected_measure};
use crate::plan::Plan;
use crate::progress::{Entry, Stamp, Status, StoreError};

fn plan() -> Arc<Plan> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/board");
    Arc::new(crate::plan::load_dir(&dir).expect("fixture loads"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 12, 20).unwrap()
}

fn ctx(lang: Lang) -> Context {
    Context {
        plan: plan(),
        data_dir: PathBuf::from("/data"),
        today: today(),
        dept: None,
        lang,
        coordinator: None,
        user: None,
    }
}

fn entry(status: Status, by: &str, note: &str) -> Entry {
    Entry {
        status,
        note: note.into(),
        updated: Some(Stamp {
            by: by.into(),
            at: Utc.with_ymd_and_hms(2021, 12, 20, 9, 0, 0).unwrap(),
        }),
        ..Entry::default()
    }
}

fn ledger(entries: &[(&str, &str, Entry)]) -> Ledger {
    let mut l = Ledger::default();
    for (m, d, e) in entries {
        l.entries.insert(Key::new(*m, *d), e.clone());
    }
    l.classify(&plan());
    l
}

/// A board in `lang` showing `l`.
fn board(lang: Lang, l: Ledger) -> AppState {
    let c = ctx(lang);
    let mut s = AppState::new(Board::new(&c.plan, today(), lang), None);
    s.board
        .set_progress(Box::new(LedgerProgress::new(&c.plan, l, today(), lang)));
    s
}

fn reload(s: &mut AppState, lang: Lang, l: Result<Ledger, String>) -> bool {
    apply_reloaded(s, &ctx(lang), Reloaded { ledger: l })
}

fn shown(s: &AppState) -> &Ledger {
    s.board.progress.as_ref().unwrap().ledger().unwrap()
}

#[test]
fn another_process_saving_updates_the_board_and_says_who() {
    let before = ledger(&[("1.1", "approval", entry(Status::InProgress, "approval", ""))]);
    let mut s = board(Lang::Zh, before.clone());
    let mut after = before.clone();
    after
        .entries
        .insert(Key::new("1.2", "tax"), entry(Status::Done, "tax", ""));
    assert!(reload(&mut s, Lang::Zh, Ok(after.clone())));
    assert_eq!(s.edit.message.as_deref(), Some("区税务局 更新了 1.2"));
    assert_eq!(shown(&s), &after);

    let mut s = board(Lang::En, before);
    assert!(reload(&mut s, Lang::En, Ok(after)));
    assert_eq!(s.edit.message.as_deref(), Some("tax saved 1.2"));
}

#[test]
fn a_reload_that_finds_what_the_board_shows_changes_nothing() {
    // The board's own save: it already shows that ledger.
    let l = ledger(&[("1.1", "approval", entry(Status::Done, "approval", ""))]);
    let mut s = board(Lang::En, l.clone());
    s.edit.message = Some("saved · 1.1".into());
    assert!(!reload(&mut s, Lang::En, Ok(l)));
    assert_eq!(s.edit.message.as_deref(), Some("saved · 1.1"));
}

#[test]
fn several_changes_are_summarised_by_who_saved_them() {
    let mut s = board(Lang::En, Ledger::default());
    let after = ledger(&[
        ("1.1", "tax", entry(Status::Done, "tax", "")),
        ("1.2", "tax", entry(Status::Done, "tax", "")),
        ("1.5", "tax", entry(Status::Done, "tax", "")),
        ("1.1", "market", entry(Status::Done, "market", "")),
        ("1.3", "market", entry(Status::Done, "王主任", "")),
    ]);
    assert!(reload(&mut s, Lang::En, Ok(after)));
    assert_eq!(
        s.edit.message.as_deref(),
        Some("market saved 1.1; tax saved 1.1, 1.2 (+2 more)")
    );
}

#[test]
fn the_selection_stays_on_its_measure_when_rows_move() {
    let mut s = board(Lang::Zh, Ledger::default());
    s.view = View::Due;
    let due = due_measures(&s);
    let id = |s: &AppState, m: MeasureIx| s.board.measures[m].measure.id.clone();
    let pos_12 = due
        .iter()
        .position(|&m| id(&s, m) == "1.2")
        .expect("1.2 is due");
    let pos_15 = due
        .iter()
        .position(|&m| id(&s, m) == "1.5")
        .expect("1.5 is due");
    assert!(pos_15 < pos_12, "the test needs 1.5 listed above 1.2");
    s.navs[View::Due.index()].panes[0].selected = pos_12;
    // 1.5 is done now and leaves the due list: 1.2 moves up one row.
    let after = ledger(&[("1.5", "tax", entry(Status::Done, "tax", ""))]);
    assert!(reload(&mut s, Lang::Zh, Ok(after)));
    let m = selected_measure(&s, View::Due).expect("a selection");
    assert_eq!(id(&s, m), "1.2");
    assert_eq!(s.navs[View::Due.index()].panes[0].selected, pos_12 - 1);
}

fn open_form(s: &mut AppState, typed: &str) {
    s.edit.form = Some(Form {
        kind: FormKind::Entry,
        measure: "1.2".into(),
        dept: "tax".into(),
        fields: vec![FormField {
            label: "note".into(),
            kind: FieldKind::Text { multiline: true },
            input: TextInput::new(typed),
            original: String::new(),
            error: None,
        }],
        focus: 0,
        steps: None,
        confirm_discard: false,
    });
}

#[test]
fn an_open_form_keeps_its_text_and_its_save_says_the_entry_changed() {
    let mut s = board(Lang::En, Ledger::default());
    open_form(&mut s, "typed by me");
    let form = s.edit.form.clone();
    let after = ledger(&[("1.2", "tax", entry(Status::Blocked, "王主任", "theirs"))]);
    assert!(reload(&mut s, Lang::En, Ok(after)));
    assert_eq!(s.edit.form, form, "the form is untouched");
    let msg = s.edit.message.clone().unwrap();
    // What changed under the form first: a narrow status line cuts the end.
    assert!(
        msg.starts_with("王主任 changed the 1.2 entry you are editing"),
        "{msg}"
    );
    assert!(msg.ends_with("王主任 saved 1.2"), "{msg}");

    // Another entry's save carries no note; this one's does, once.
    assert_eq!(
        take_note(
            &mut s,
            &[Edit::new("1.1", "tax", crate::progress::Op::Confirm)]
        ),
        None
    );
    let save = [Edit::new(
        "1.2",
        "tax",
        crate::progress::Op::SetNote("typed by me".into()),
    )];
    let note = take_note(&mut s, &save).expect("a note");
    assert!(
        note.contains("王主任 changed 1.2 while you edited"),
        "{note}"
    );
    assert_eq!(take_note(&mut s, &save), None);
}

#[test]
fn the_note_is_forgotten_when_its_form_closes_unsaved() {
    let mut s = board(Lang::Zh, Ledger::default());
    open_form(&mut s, "x");
    let after = ledger(&[("1.2", "tax", entry(Status::Done, "tax", ""))]);
    assert!(reload(&mut s, Lang::Zh, Ok(after)));
    forget_closed(&mut s);
    assert!(s.edit.live.changed_under_form.is_some(), "the form is open");
    s.edit.form = None;
    forget_closed(&mut s);
    assert_eq!(s.edit.live.changed_under_form, None);
}

fn damaged(dept: &str) -> StoreError {
    StoreError::Parse {
        file: PathBuf::from(format!("/data/{dept}.ron")),
        dept: Some(dept.into()),
        line: 3,
        column: 1,
        message: "expected `)`".into(),
        hint: None,
    }
}

#[test]
fn a_damaged_file_keeps_its_last_good_entries_and_is_named() {
    let before = ledger(&[
        ("1.2", "tax", entry(Status::Done, "tax", "")),
        ("1.1", "approval", entry(Status::InProgress, "approval", "")),
    ]);
    let mut s = board(Lang::En, before);
    // tax.ron is damaged now; approval saved meanwhile.
    let mut after = ledger(&[("1.1", "approval", entry(Status::Done, "approval", ""))]);
    after.problems.push(damaged("tax"));
    assert!(reload(&mut s, Lang::En, Ok(after)));
    let l = shown(&s);
    assert_eq!(l.get("1.2", "tax").map(|e| e.status), Some(Status::Done));
    assert_eq!(
        l.get("1.1", "approval").map(|e| e.status),
        Some(Status::Done)
    );
    let msg = s.edit.message.clone().unwrap();
    assert!(msg.contains("approval saved 1.1"), "{msg}");
    assert!(msg.contains("cannot read tax.ron:3:1"), "{msg}");
    // Said once: the same problem at the next reload says nothing new.
    s.edit.message = None;
    let again = shown(&s).clone();
    assert!(!reload(&mut s, Lang::En, Ok(again)));
    assert_eq!(s.edit.message, None);
}

#[test]
fn an_unreadable_data_dir_keeps_the_last_good_ledger() {
    let before = ledger(&[("1.2", "tax", entry(Status::Done, "tax", ""))]);
    let mut s = board(Lang::Zh, before.clone());
    assert!(reload(
        &mut s,
        Lang::Zh,
        Err("/data: permission denied".into())
    ));
    assert_eq!(shown(&s), &before);
    let msg = s.edit.message.clone().unwrap();
    assert!(msg.contains("/data: permission denied"), "{msg}");
    assert!(!reload(
        &mut s,
        Lang::Zh,
        Err("/data: permission denied".into())
    ));
}

#[test]
fn a_failed_saves_warning_stays_first() {
    let mut s = board(Lang::En, Ledger::default());
    s.edit.pending = vec![Edit::new("1.1", "tax", crate::progress::Op::Confirm)];
    s.edit.message = Some("not saved (1 edits kept in memory)".into());
    let after = ledger(&[("1.2", "tax", entry(Status::Done, "tax", ""))]);
    assert!(reload(&mut s, Lang::En, Ok(after)));
    assert_eq!(
        s.edit.message.as_deref(),
        Some("not saved (1 edits kept in memory); tax saved 1.2")
    );
}
