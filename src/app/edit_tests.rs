//! The edit state machine over the board fixture (1.1: approval leads, tax
//! and market carry; target e_rate ≥ 99%).

use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::app::board::Board;
use crate::app::keymap::Mode;
use crate::app::update;
use crate::progress::Entry;

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
    // Done is dated by the board's as-of date, not by when it was typed.
    let e = saved(update(&mut s, Action::MarkDone));
    let today = NaiveDate::from_ymd_opt(2021, 12, 20).unwrap();
    assert_eq!(e, vec![Edit::new("1.1", "tax", Op::ReportDoneOn(today))]);
}

/// A done entry's form shows its completion date; a date after the as-of
/// date is refused in the form, an earlier one is saved as SetDoneOn.
#[test]
fn the_form_of_a_done_entry_corrects_its_completion_date() {
    use crate::app::progress::LedgerProgress;
    use crate::progress::{Key, Ledger};
    let mut s = state(dept("tax"));
    let plan =
        crate::plan::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/board"))
            .unwrap();
    let today = NaiveDate::from_ymd_opt(2021, 12, 20).unwrap();
    let mut ledger = Ledger::default();
    ledger.entries.insert(
        Key::new("1.1", "tax"),
        Entry {
            status: Status::Done,
            done_on: Some(today),
            ..Entry::default()
        },
    );
    s.board.set_progress(Box::new(LedgerProgress::new(
        &plan,
        ledger,
        today,
        Lang::Zh,
    )));
    update(&mut s, Action::EditEntry);
    let form = s.edit.form.as_ref().expect("form open");
    let i = form
        .fields
        .iter()
        .position(|f| f.kind == FieldKind::DoneOn)
        .expect("a done entry shows 实际完成时间");
    assert_eq!(form.fields[i].input.text(), "2021-12-20");
    let set = |s: &mut AppState, text: &str| {
        let f = &mut s.edit.form.as_mut().unwrap().fields[i];
        f.input = crate::app::input::TextInput::new(text);
    };
    set(&mut s, "2021-12-25");
    assert!(
        update(&mut s, Action::FormSave).is_empty(),
        "a future date was saved"
    );
    let err = s.edit.form.as_ref().unwrap().fields[i].error.clone();
    assert!(err.is_some_and(|e| e.contains("不能晚于")));
    set(&mut s, "2021年12月15日");
    let e = saved(update(&mut s, Action::FormSave));
    let d = NaiveDate::from_ymd_opt(2021, 12, 15).unwrap();
    assert_eq!(e, vec![Edit::new("1.1", "tax", Op::SetDoneOn(d))]);
}

#[test]
fn an_unknown_user_is_asked_once_and_the_edit_then_runs() {
    let mut s = state(None);
    assert!(update(&mut s, Action::MarkInProgress).is_empty());
    assert_eq!(s.mode(), Mode::Identify);
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
    assert!(
        s.edit
            .message
            .as_deref()
            .is_some_and(|m| m.contains("已取消")),
        "{:?}",
        s.edit.message
    );
}

/// "Who are you" is its own list: every department and the configured
/// coordinators, no "all departments" row, filtered by short name too.
#[test]
fn the_identity_picker_offers_departments_and_coordinators() {
    use super::identify::{Candidate, candidates};
    let mut s = state(None);
    s.edit.coordinators = vec!["王主任".into()];
    let all = candidates(&s.board, &s.edit.coordinators, "");
    assert_eq!(all.len(), s.board.departments.len() + 1);
    assert_eq!(
        all[0],
        Candidate::Dept(0),
        "the first department, not 'all'"
    );
    assert_eq!(
        candidates(&s.board, &s.edit.coordinators, "发改局"),
        [Candidate::Dept(s.board.dept_ix("ndrc").unwrap())]
    );
    assert_eq!(
        candidates(&s.board, &s.edit.coordinators, "王"),
        [Candidate::Coordinator("王主任".into())]
    );
    // Picking the coordinator makes you one; the edit then asks whose entry.
    update(&mut s, Action::ConfirmDone);
    typed(&mut s, "王主任");
    update(&mut s, Action::ConfirmInput);
    assert_eq!(s.edit.who, Some(Who::Coordinator("王主任".into())));
    assert_eq!(s.mode(), Mode::EditChoose);
    // Nothing matching: Enter does nothing, the picker stays.
    let mut s = state(None);
    update(&mut s, Action::EditEntry);
    typed(&mut s, "不存在的局");
    update(&mut s, Action::ConfirmInput);
    assert_eq!(s.mode(), Mode::Identify);
    assert!(s.edit.form.is_none());
}

/// A `--dept` that named no department is where the question starts.
#[test]
fn an_unresolved_dept_name_starts_the_identity_filter() {
    use super::identify::{Candidate, candidates};
    let mut s = state(None);
    s.me = Some("发改".into());
    update(&mut s, Action::EditEntry);
    let ask = s.edit.identify.as_ref().expect("asked");
    assert_eq!(ask.input, "发改");
    let ndrc = s.board.dept_ix("ndrc").unwrap();
    assert_eq!(
        candidates(&s.board, &s.edit.coordinators, &ask.input),
        [Candidate::Dept(ndrc)]
    );
}

/// A measure that is not the department's is refused before any form
/// opens, in Chinese, naming the departments; so is a coordinator's act.
#[test]
fn another_department_s_measure_is_refused_before_the_form() {
    let mut s = state(dept("ndrc"));
    // 1.1 is approval's, tax's and market's.
    assert!(update(&mut s, Action::EditEntry).is_empty());
    assert!(s.edit.form.is_none(), "no form opens");
    let m = s.edit.message.clone().unwrap();
    assert_eq!(m, "1.1 由审批局、税务局、市场监管局负责，发改局不能填报");
    assert!(!m.chars().any(|c| c.is_ascii_alphabetic()), "{m}");
    assert!(update(&mut s, Action::MarkDone).is_empty());
    let mut s = state(dept("tax"));
    assert!(update(&mut s, Action::ReturnEntry).is_empty());
    assert!(s.edit.form.is_none());
    let m = s.edit.message.clone().unwrap();
    assert!(m.contains("只有督办人员可以退办"), "{m}");
}

#[test]
fn a_value_may_carry_the_target_s_unit_and_implausible_ones_are_refused() {
    let mut s = state(dept("approval"));
    update(&mut s, Action::EditEntry);
    update(&mut s, Action::FormNextField);
    typed(&mut s, "120%");
    assert!(update(&mut s, Action::FormSave).is_empty());
    let f = s.edit.form.as_ref().unwrap();
    assert!(f.fields[1].error.as_deref().unwrap().contains("100%"));
    update(&mut s, Action::ClearInput);
    typed(&mut s, "99.5%");
    let e = saved(update(&mut s, Action::FormSave));
    assert_eq!(
        e,
        vec![Edit::new(
            "1.1",
            "approval",
            Op::SetActual {
                key: "e_rate".into(),
                value: 99.5
            }
        )]
    );
}

/// The note wraps at the form's width; ↓ moves down its rows and only
/// past the last one to the next field; PgUp goes back up.
#[test]
fn arrows_move_within_a_wrapped_note_before_leaving_it() {
    let mut s = state(dept("approval"));
    s.edit.text_width = 10;
    update(&mut s, Action::EditEntry);
    update(&mut s, Action::FormPrevField);
    let note = s.edit.form.as_ref().unwrap().focus;
    // 20 CJK characters at 10 cells: four rows of five.
    let text: String = "营商环境优化".repeat(4).chars().take(20).collect();
    typed(&mut s, &text);
    let cur = |s: &AppState| {
        let f = s.edit.form.as_ref().unwrap();
        (f.focus, f.fields[f.focus].input.cursor_wrapped(10))
    };
    assert_eq!(cur(&s), (note, (3, 10)));
    // A full row's end is the next row's start: the cursor stops before
    // the row's last character instead.
    update(&mut s, Action::CursorUp);
    assert_eq!(cur(&s), (note, (2, 8)));
    update(&mut s, Action::PageUp);
    assert_eq!(cur(&s), (note, (0, 8)));
    update(&mut s, Action::CursorUp);
    assert_ne!(cur(&s).0, note, "above the first row is the previous field");
    update(&mut s, Action::CursorDown);
    assert_eq!(cur(&s).0, note);
    update(&mut s, Action::PageDown);
    assert_eq!(cur(&s).1.0, 3);
}

/// Esc after real typing asks; a second Esc discards, another key goes
/// back to the form with nothing lost. A small edit closes at once.
#[test]
fn esc_on_a_long_edit_asks_before_discarding() {
    let mut s = state(dept("approval"));
    update(&mut s, Action::EditEntry);
    update(&mut s, Action::FormPrevField);
    typed(&mut s, "已完成系统对接并试运行");
    update(&mut s, Action::CancelInput);
    let f = s.edit.form.as_ref().expect("still open");
    assert!(f.confirm_discard);
    update(&mut s, Action::InsertChar('n'));
    let f = s.edit.form.as_ref().expect("back to the form");
    assert!(!f.confirm_discard);
    assert_eq!(f.fields[f.focus].input.text(), "已完成系统对接并试运行");
    update(&mut s, Action::CancelInput);
    update(&mut s, Action::CancelInput);
    assert!(s.edit.form.is_none());
    assert!(s.edit.message.as_deref().unwrap().contains("已放弃"));
    // Asked, Ctrl-S still saves what was typed.
    update(&mut s, Action::EditEntry);
    update(&mut s, Action::FormPrevField);
    typed(&mut s, "已完成系统对接并试运行");
    update(&mut s, Action::CancelInput);
    let e = saved(update(&mut s, Action::FormSave));
    assert_eq!(
        e,
        vec![Edit::new(
            "1.1",
            "approval",
            Op::SetNote("已完成系统对接并试运行".into())
        )]
    );
    // A two-character edit closes at once.
    update(&mut s, Action::EditEntry);
    typed(&mut s, "20");
    update(&mut s, Action::CancelInput);
    assert!(s.edit.form.is_none());
}

/// In a department's list a row shows the department's own status, so
/// `D` shows at once even when the measure as a whole is not done.
#[test]
fn a_department_s_list_shows_its_own_status() {
    use crate::app::progress::LedgerProgress;
    use crate::app::state::View;
    use crate::progress::{Key, Ledger};
    let plan =
        crate::plan::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/board"))
            .unwrap();
    let mut s = state(dept("tax"));
    let mut ledger = Ledger::default();
    ledger.entries.insert(
        Key::new("1.1", "tax"),
        Entry {
            status: Status::Done,
            ..Entry::default()
        },
    );
    let today = s.board.today;
    s.board.set_progress(Box::new(LedgerProgress::new(
        &plan,
        ledger,
        today,
        Lang::Zh,
    )));
    let m = 0;
    assert_ne!(s.board.status(m), Status::Done, "others are not done");
    assert_ne!(s.row_status(m), Status::Done, "the plan's list: combined");
    s.view = View::Departments;
    s.navs[View::Departments.index()].panes[0].selected = s.board.dept_ix("tax").unwrap();
    assert_eq!(s.row_status(m), Status::Done);
    s.navs[View::Departments.index()].panes[0].selected = s.board.dept_ix("market").unwrap();
    assert_eq!(s.row_status(m), Status::NotStarted);
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
    // Past the note are the sub-steps, then the date again.
    update(&mut s, Action::FormNextField);
    update(&mut s, Action::FormNextField);
    paste(&mut s, "2021-12-31\n");
    assert_eq!(
        s.edit.form.as_ref().unwrap().fields[0].input.text(),
        "2021-12-31 "
    );
    // That much typing is asked about first; the second Esc discards.
    assert!(update(&mut s, Action::CancelInput).is_empty());
    assert!(s.edit.form.as_ref().is_some_and(|f| f.confirm_discard));
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

// Sub-steps (分解步骤) in the entry form.

/// Approval's entry on 1.1 holds two steps: 1 not started, 3 in progress
/// with a date (2 was removed earlier, so ids are not positions).
fn with_steps() -> AppState {
    use crate::app::progress::LedgerProgress;
    use crate::progress::{Key, Ledger, Step};
    let mut s = state(dept("approval"));
    let plan =
        crate::plan::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/board"))
            .unwrap();
    let mut ledger = Ledger::default();
    ledger.entries.insert(
        Key::new("1.1", "approval"),
        Entry {
            steps: vec![
                Step {
                    id: 1,
                    text: "梳理事项清单".into(),
                    status: Status::NotStarted,
                    date: None,
                },
                Step {
                    id: 3,
                    text: "系统对接".into(),
                    status: Status::InProgress,
                    date: NaiveDate::from_ymd_opt(2022, 1, 15),
                },
            ],
            ..Entry::default()
        },
    );
    let today = NaiveDate::from_ymd_opt(2021, 12, 20).unwrap();
    s.board.set_progress(Box::new(LedgerProgress::new(
        &plan,
        ledger,
        today,
        Lang::Zh,
    )));
    s
}

/// Opens the form and moves to the sub-steps (past date, e_rate, note).
fn to_steps(s: &mut AppState) {
    update(s, Action::EditEntry);
    update(s, Action::FormPrevField);
    update(s, Action::FormNextField);
    assert_eq!(s.mode(), Mode::EditSteps);
}

fn step_ops(effects: Vec<Effect>) -> Vec<Op> {
    saved(effects)
        .into_iter()
        .map(|e| {
            assert_eq!((e.measure.as_str(), e.dept.as_str()), ("1.1", "approval"));
            e.op
        })
        .collect()
}

#[test]
fn the_entry_form_opens_with_the_stored_steps_and_the_list_takes_letters_as_commands() {
    let mut s = with_steps();
    update(&mut s, Action::EditEntry);
    // Shift-Tab from the date is the note, as it was before steps; the
    // steps come after it.
    update(&mut s, Action::FormPrevField);
    assert_eq!(s.edit.form.as_ref().unwrap().focus, 2);
    update(&mut s, Action::FormNextField);
    assert_eq!(s.mode(), Mode::EditSteps);
    let st = s.edit.form.as_ref().unwrap().steps.as_ref().unwrap();
    let ids: Vec<_> = st.rows.iter().map(|r| r.id).collect();
    assert_eq!(ids, [Some(1), Some(3)]);
    // ↑ from the first step goes to the note, ↓ from the add row to the date.
    update(&mut s, Action::MoveUp);
    assert_eq!(s.mode(), Mode::EditForm);
    assert_eq!(s.edit.form.as_ref().unwrap().focus, 2);
    update(&mut s, Action::FormNextField);
    for _ in 0..3 {
        update(&mut s, Action::MoveDown);
    }
    assert_eq!(s.edit.form.as_ref().unwrap().focus, 0);
    // Nothing touched: nothing to save.
    assert!(update(&mut s, Action::FormSave).is_empty());
    assert_eq!(s.edit.message.as_deref(), Some("没有修改"));
}

#[test]
fn adding_a_step_saves_add_step_with_its_date_and_no_invented_id() {
    let mut s = with_steps();
    to_steps(&mut s);
    update(&mut s, Action::StepAdd);
    assert_eq!(s.mode(), Mode::EditForm, "typing the step");
    typed(&mut s, "印发实施细则");
    update(&mut s, Action::NewLine);
    typed(&mut s, "2022年2月28日");
    update(&mut s, Action::NewLine);
    assert_eq!(s.mode(), Mode::EditSteps, "back on the list");
    // A second one without a date, through Enter on the add row.
    update(&mut s, Action::StepEdit);
    typed(&mut s, "组织验收");
    let ops = step_ops(update(&mut s, Action::FormSave));
    assert_eq!(
        ops,
        [
            Op::AddStep {
                text: "印发实施细则".into(),
                date: NaiveDate::from_ymd_opt(2022, 2, 28),
            },
            Op::AddStep {
                text: "组织验收".into(),
                date: None,
            },
        ]
    );
    assert!(s.edit.form.is_none());
}

#[test]
fn a_bad_step_date_or_empty_text_is_refused_inline() {
    let mut s = with_steps();
    to_steps(&mut s);
    update(&mut s, Action::StepAdd);
    update(&mut s, Action::FormNextField);
    typed(&mut s, "下月");
    update(&mut s, Action::NewLine);
    let ed = |s: &AppState| {
        s.edit
            .form
            .as_ref()
            .unwrap()
            .steps
            .as_ref()
            .unwrap()
            .editor
            .clone()
    };
    let e = ed(&s).expect("editor stays open");
    assert!(
        e.text_error.is_some(),
        "text is needed once a date is typed"
    );
    assert!(e.date_error.as_deref().unwrap().contains("日期"));
    assert!(!e.on_date, "focus goes to the text first");
    typed(&mut s, "整改");
    // Ctrl-S with the bad date saves nothing.
    assert!(update(&mut s, Action::FormSave).is_empty());
    assert!(ed(&s).unwrap().date_error.is_some());
    update(&mut s, Action::ClearInput);
    typed(&mut s, "2022-03-01");
    let ops = step_ops(update(&mut s, Action::FormSave));
    assert_eq!(
        ops,
        [Op::AddStep {
            text: "整改".into(),
            date: NaiveDate::from_ymd_opt(2022, 3, 1),
        }]
    );
}

#[test]
fn editing_a_step_saves_only_what_changed_by_its_stored_id() {
    let mut s = with_steps();
    to_steps(&mut s);
    update(&mut s, Action::MoveDown);
    update(&mut s, Action::StepEdit);
    let e = s.edit.form.as_ref().unwrap().steps.as_ref().unwrap();
    assert_eq!(e.editor.as_ref().unwrap().date.text(), "2022-01-15");
    typed(&mut s, "（二期）");
    update(&mut s, Action::NewLine);
    update(&mut s, Action::NewLine);
    // Same text and date back on step 1 is no change.
    update(&mut s, Action::MoveUp);
    update(&mut s, Action::StepEdit);
    update(&mut s, Action::NewLine);
    update(&mut s, Action::NewLine);
    // Clearing a date is a change.
    update(&mut s, Action::MoveDown);
    update(&mut s, Action::StepEdit);
    update(&mut s, Action::FormNextField);
    update(&mut s, Action::ClearInput);
    update(&mut s, Action::NewLine);
    let ops = step_ops(update(&mut s, Action::FormSave));
    assert_eq!(
        ops,
        [
            Op::SetStepText {
                id: 3,
                text: "系统对接（二期）".into()
            },
            Op::SetStepDate { id: 3, date: None },
        ]
    );
}

#[test]
fn space_cycles_a_step_status_and_the_board_letters_set_it() {
    let mut s = with_steps();
    to_steps(&mut s);
    update(&mut s, Action::StepCycleStatus);
    update(&mut s, Action::StepCycleStatus);
    let st = |s: &AppState| s.edit.form.as_ref().unwrap().steps.as_ref().unwrap().rows[0].status;
    assert_eq!(st(&s), Status::Done);
    update(&mut s, Action::StepCycleStatus);
    assert_eq!(st(&s), Status::NotStarted, "done cycles back");
    update(&mut s, Action::MarkBlocked);
    assert_eq!(st(&s), Status::Blocked);
    update(&mut s, Action::StepCycleStatus);
    assert_eq!(st(&s), Status::InProgress, "blocked resumes");
    update(&mut s, Action::MoveDown);
    update(&mut s, Action::MarkDone);
    let ops = step_ops(update(&mut s, Action::FormSave));
    assert_eq!(
        ops,
        [
            Op::SetStepStatus {
                id: 1,
                status: Status::InProgress
            },
            Op::SetStepStatus {
                id: 3,
                status: Status::Done
            },
        ]
    );
}

#[test]
fn a_new_step_status_waits_for_the_save_that_numbers_it() {
    let mut s = with_steps();
    to_steps(&mut s);
    update(&mut s, Action::StepAdd);
    typed(&mut s, "新步骤");
    update(&mut s, Action::NewLine);
    update(&mut s, Action::NewLine);
    update(&mut s, Action::MoveUp);
    update(&mut s, Action::StepCycleStatus);
    let st = s.edit.form.as_ref().unwrap().steps.as_ref().unwrap();
    assert_eq!(st.rows[2].status, Status::NotStarted);
    assert!(st.note.as_deref().unwrap().contains("保存后"));
    let ops = step_ops(update(&mut s, Action::FormSave));
    assert!(
        ops.iter().all(|o| matches!(o, Op::AddStep { .. })),
        "{ops:?}"
    );
}

#[test]
fn removing_marks_the_step_until_save_and_the_same_key_keeps_it() {
    let mut s = with_steps();
    to_steps(&mut s);
    update(&mut s, Action::StepRemove);
    update(&mut s, Action::MoveDown);
    update(&mut s, Action::StepRemove);
    update(&mut s, Action::StepRemove);
    let st = s.edit.form.as_ref().unwrap().steps.as_ref().unwrap();
    assert_eq!(
        st.rows.iter().map(|r| r.removed).collect::<Vec<_>>(),
        [true, false]
    );
    // A removed step can be neither edited nor re-statused.
    update(&mut s, Action::MoveUp);
    update(&mut s, Action::MarkDone);
    update(&mut s, Action::StepEdit);
    assert_eq!(s.mode(), Mode::EditSteps, "no editor on a removed step");
    // A new step and a removal in one save: the add goes first, so the new
    // step cannot reuse the removed one's id.
    update(&mut s, Action::StepAdd);
    typed(&mut s, "替代步骤");
    let ops = step_ops(update(&mut s, Action::FormSave));
    assert_eq!(
        ops,
        [
            Op::AddStep {
                text: "替代步骤".into(),
                date: None
            },
            Op::RemoveStep { id: 1 },
        ]
    );
}

#[test]
fn esc_in_the_step_editor_drops_the_step_and_esc_on_the_list_closes_the_form() {
    let mut s = with_steps();
    to_steps(&mut s);
    update(&mut s, Action::StepAdd);
    typed(&mut s, "不要了");
    update(&mut s, Action::CancelInput);
    assert_eq!(s.mode(), Mode::EditSteps);
    let st = s.edit.form.as_ref().unwrap().steps.as_ref().unwrap();
    assert_eq!(st.rows.len(), 2);
    // A blank add is dropped on Enter rather than refused.
    update(&mut s, Action::StepAdd);
    update(&mut s, Action::NewLine);
    update(&mut s, Action::NewLine);
    assert_eq!(s.mode(), Mode::EditSteps);
    assert!(update(&mut s, Action::CancelInput).is_empty());
    assert!(s.edit.form.is_none());
}

#[test]
fn paste_into_a_step_is_one_line_and_plain() {
    let mut s = with_steps();
    to_steps(&mut s);
    // On the list itself a paste does nothing.
    paste(&mut s, "忽略");
    assert_eq!(s.mode(), Mode::EditSteps);
    update(&mut s, Action::StepAdd);
    paste(&mut s, "第一\r\n第二\u{1b}[2J\u{202e}");
    let st = s.edit.form.as_ref().unwrap().steps.as_ref().unwrap();
    assert_eq!(st.editor.as_ref().unwrap().text.text(), "第一 第二[2J");
    // Typed control characters do not go in either.
    update(&mut s, Action::InsertChar('\u{7}'));
    let st = s.edit.form.as_ref().unwrap().steps.as_ref().unwrap();
    assert_eq!(st.editor.as_ref().unwrap().text.text(), "第一 第二[2J");
}

#[test]
fn steps_and_fields_save_together_in_one_batch() {
    let mut s = with_steps();
    update(&mut s, Action::EditEntry);
    typed(&mut s, "2022-06-30");
    update(&mut s, Action::FormPrevField);
    update(&mut s, Action::FormNextField);
    update(&mut s, Action::MarkDone);
    let ops = step_ops(update(&mut s, Action::FormSave));
    assert_eq!(
        ops,
        [
            Op::SetDue(NaiveDate::from_ymd_opt(2022, 6, 30)),
            Op::SetStepStatus {
                id: 1,
                status: Status::Done
            },
        ]
    );
}

#[test]
fn reason_forms_have_no_steps() {
    let mut s = state(dept("tax"));
    update(&mut s, Action::RequestExtension);
    let f = s.edit.form.as_ref().unwrap();
    assert!(f.steps.is_none());
    for _ in 0..3 {
        update(&mut s, Action::FormNextField);
    }
    assert_eq!(s.edit.form.as_ref().unwrap().focus, 0, "three stops only");
}

#[test]
fn an_over_long_note_keeps_the_form_open_with_the_limit_and_nothing_lost() {
    let mut s = state(dept("approval"));
    update(&mut s, Action::EditEntry);
    let note = {
        let f = s.edit.form.as_ref().unwrap();
        f.fields
            .iter()
            .position(|f| matches!(f.kind, FieldKind::Text { .. }))
            .unwrap()
    };
    while s.edit.form.as_ref().unwrap().focus != note {
        update(&mut s, Action::FormNextField);
    }
    typed(&mut s, &"进".repeat(2001));
    assert!(update(&mut s, Action::FormSave).is_empty(), "nothing saved");
    let f = s.edit.form.as_ref().expect("form stays open");
    assert_eq!(f.focus, note);
    assert!(
        f.fields[note]
            .error
            .as_deref()
            .unwrap()
            .contains("上限 2000 字"),
        "{:?}",
        f.fields[note].error
    );
    assert_eq!(
        f.fields[note].input.text().chars().count(),
        2001,
        "the text is kept"
    );
    update(&mut s, Action::DeleteChar);
    let e = saved(update(&mut s, Action::FormSave));
    assert!(matches!(&e[0].op, Op::SetNote(n) if n.chars().count() == 2000));
}
