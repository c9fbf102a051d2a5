//! The edit state machine over the board fixture (1.1: approval leads, tax
//! and market carry; target e_rate ≥ 99%).

use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::app::board::Board;
use crate::app::keymap::Mode;
use crate::app::update;

fn state(who: Option<Who>) -> AppState {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/board");
    let plan = crate::plan::load_dir(&dir).expect("fixture loads");
    let today = NaiveDate::from_ymd_opt(2021, 12, 20).unwrap();
    let mut s = AppState::new(Board::new(&plan, today, Lang::Zh), None);
    s.edit.who = who;
    s
}

fn dept(d: &str) -> Option<Who> {
    Some(Who::Dept(d.into()))
}

fn typed(s: &mut AppState, text: &str) {
    for c in text.chars() {
        update(s, Action::InsertChar(c));
    }
}

fn saved(effects: Vec<Effect>) -> Vec<Edit> {
    match effects.as_slice() {
        [Effect::SaveEdits(e)] => e.clone(),
        other => panic!("expected one save, got {other:?}"),
    }
}

#[test]
fn status_keys_save_the_own_department_entry_at_once() {
    let mut s = state(dept("tax"));
    let e = saved(update(&mut s, Action::MarkBlocked));
    assert_eq!(
        e,
        vec![Edit::new("1.1", "tax", Op::SetStatus(Status::Blocked))]
    );
    let e = saved(update(&mut s, Action::MarkDone));
    assert_eq!(e, vec![Edit::new("1.1", "tax", Op::ReportDone)]);
}

#[test]
fn an_unknown_user_is_asked_once_and_the_edit_then_runs() {
    let mut s = state(None);
    assert!(update(&mut s, Action::MarkInProgress).is_empty());
    assert_eq!(s.mode(), Mode::Picker);
    typed(&mut s, "税务");
    let e = saved(update(&mut s, Action::ConfirmInput));
    assert_eq!(
        e,
        vec![Edit::new("1.1", "tax", Op::SetStatus(Status::InProgress))]
    );
    assert_eq!(s.edit.who, dept("tax"));
    // The filter was not touched by answering "who are you".
    assert_eq!(s.filter.dept, None);
    // Cancelling the question leaves the board as it was.
    let mut s = state(None);
    update(&mut s, Action::MarkBlocked);
    assert!(update(&mut s, Action::CancelInput).is_empty());
    assert_eq!(s.mode(), Mode::Normal);
    assert_eq!(s.edit.who, None);
}

#[test]
fn a_coordinator_chooses_among_the_measures_departments() {
    let mut s = state(Some(Who::Coordinator("王主任".into())));
    assert!(update(&mut s, Action::ConfirmDone).is_empty());
    assert_eq!(s.mode(), Mode::EditChoose);
    assert_eq!(
        s.edit.choose.as_ref().unwrap().depts,
        ["approval", "tax", "market"]
    );
    update(&mut s, Action::MoveDown);
    update(&mut s, Action::MoveDown);
    let e = saved(update(&mut s, Action::ConfirmInput));
    assert_eq!(e, vec![Edit::new("1.1", "market", Op::Confirm)]);
    assert_eq!(s.mode(), Mode::Normal);
}

#[test]
fn the_form_saves_only_changed_fields_and_keeps_cjk_and_newlines() {
    let mut s = state(dept("approval"));
    update(&mut s, Action::EditEntry);
    assert_eq!(s.mode(), Mode::EditForm);
    let f = s.edit.form.as_ref().unwrap();
    assert_eq!(f.fields.len(), 3, "date, e_rate, note");
    assert!(f.fields[1].label.contains("≥99%"), "{}", f.fields[1].label);
    typed(&mut s, "2022年3月31日");
    update(&mut s, Action::FormPrevField);
    assert_eq!(s.edit.form.as_ref().unwrap().focus, 2);
    typed(&mut s, "已完成");
    update(&mut s, Action::NewLine);
    typed(&mut s, "第二行");
    let e = saved(update(&mut s, Action::FormSave));
    assert_eq!(
        e,
        vec![
            Edit::new(
                "1.1",
                "approval",
                Op::SetDue(NaiveDate::from_ymd_opt(2022, 3, 31))
            ),
            Edit::new("1.1", "approval", Op::SetNote("已完成\n第二行".into())),
        ]
    );
    assert_eq!(s.mode(), Mode::Normal);
}

#[test]
fn a_bad_date_or_number_is_refused_next_to_the_field_and_nothing_is_saved() {
    let mut s = state(dept("approval"));
    update(&mut s, Action::EditEntry);
    typed(&mut s, "明年三月");
    update(&mut s, Action::FormNextField);
    typed(&mut s, "九十九");
    assert!(update(&mut s, Action::FormSave).is_empty());
    let f = s.edit.form.as_ref().expect("form stays open");
    assert!(f.fields[0].error.as_deref().unwrap().contains("日期"));
    assert!(f.fields[1].error.is_some());
    assert_eq!(f.focus, 0, "focus goes to the first bad field");
    // Fixing both saves.
    update(&mut s, Action::ClearInput);
    typed(&mut s, "2022/1/5");
    update(&mut s, Action::FormNextField);
    update(&mut s, Action::ClearInput);
    typed(&mut s, "９９.5");
    let e = saved(update(&mut s, Action::FormSave));
    assert_eq!(
        e[1].op,
        Op::SetActual {
            key: "e_rate".into(),
            value: 99.5
        }
    );
}

#[test]
fn paste_goes_to_the_focused_field_and_esc_discards() {
    let mut s = state(dept("approval"));
    update(&mut s, Action::EditEntry);
    update(&mut s, Action::FormPrevField);
    paste(&mut s, "一\r\n二");
    assert_eq!(
        s.edit.form.as_ref().unwrap().fields[2].input.text(),
        "一\n二"
    );
    update(&mut s, Action::FormNextField);
    paste(&mut s, "2021-12-31\n");
    assert_eq!(
        s.edit.form.as_ref().unwrap().fields[0].input.text(),
        "2021-12-31 "
    );
    assert!(update(&mut s, Action::CancelInput).is_empty());
    assert!(s.edit.form.is_none());
}

#[test]
fn return_needs_a_reason() {
    let mut s = state(Some(Who::Coordinator("王主任".into())));
    update(&mut s, Action::ReturnEntry);
    update(&mut s, Action::ConfirmInput);
    assert!(update(&mut s, Action::FormSave).is_empty());
    assert!(s.edit.form.as_ref().unwrap().fields[0].error.is_some());
    typed(&mut s, "材料不全");
    let e = saved(update(&mut s, Action::FormSave));
    assert_eq!(
        e[0].op,
        Op::Return {
            reason: "材料不全".into()
        }
    );
    assert_eq!(e[0].dept, "approval");
}

#[test]
fn an_extension_request_carries_reason_date_and_progress() {
    let mut s = state(dept("tax"));
    update(&mut s, Action::RequestExtension);
    typed(&mut s, "系统改造");
    update(&mut s, Action::FormNextField);
    typed(&mut s, "2022-06-30");
    update(&mut s, Action::FormNextField);
    typed(&mut s, "完成80%");
    let e = saved(update(&mut s, Action::FormSave));
    assert_eq!(
        e[0].op,
        Op::RequestExtension {
            reason: "系统改造".into(),
            date: NaiveDate::from_ymd_opt(2022, 6, 30).unwrap(),
            progress: "完成80%".into(),
        }
    );
}

#[test]
fn dates_are_read_as_clerks_write_them() {
    let d = NaiveDate::from_ymd_opt(2021, 12, 31);
    for s in ["2021-12-31", "2021/12/31", "2021年12月31日", " 2021.12.31 "] {
        assert_eq!(parse_date(s), d, "{s}");
    }
    assert_eq!(parse_date("2021-13-01"), None);
    assert_eq!(parse_date("12月31日"), None);
    assert_eq!(parse_number("1,200"), Some(1200.0));
    assert_eq!(parse_number("NaN"), None);
    assert_eq!(parse_number("abc"), None);
}

#[test]
fn undo_redo_and_retry_go_to_the_runtime() {
    let mut s = state(None);
    assert_eq!(update(&mut s, Action::Undo), vec![Effect::Undo]);
    assert_eq!(update(&mut s, Action::Redo), vec![Effect::Redo]);
    assert_eq!(
        update(&mut s, Action::RetrySave),
        vec![Effect::SaveEdits(Vec::new())]
    );
}

#[test]
fn in_the_departments_view_a_coordinator_starts_on_the_selected_department() {
    let mut s = state(Some(Who::Coordinator("王主任".into())));
    update(&mut s, Action::ShowDepartments);
    // departments: approval, tax, … ; tax carries 1.1 (its first measure).
    update(&mut s, Action::MoveDown);
    update(&mut s, Action::MarkBlocked);
    let c = s.edit.choose.as_ref().expect("choice open");
    assert_eq!(c.depts[c.selected], "tax");
}

#[test]
fn the_save_message_lasts_until_the_next_key() {
    let mut s = state(dept("tax"));
    s.edit.message = Some("已保存".into());
    update(&mut s, Action::MoveDown);
    assert_eq!(s.edit.message, None);
}
