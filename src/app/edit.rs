//! Editing progress from the board: single-key status changes, the entry
//! form (committed date, target actuals, note, sub-steps), the coordinator's lifecycle
//! actions and undo/redo. Pure: every change leaves as an
//! [`Effect::SaveEdits`] (or `Undo`/`Redo`) that the runtime commits at
//! once; what it reports back lands in [`EditState::message`].
//!
//! Edits the runtime could not save stay in [`EditState::pending`] and go
//! out again with the next save or on `w`, so a broken file never loses them.

mod form;
pub mod steps;

use super::Effect;
use super::action::Action;
use super::lists::selected_measure;
use super::state::{AppState, Overlay};
use crate::lang::Lang;
use crate::progress::{Edit, Op, Status, Who};
pub use form::{FieldKind, Form, FormField, FormKind, form_edits, parse_date, parse_number};
use form::{entry_fields, submit, t};
use steps::Steps;

/// A coordinator choosing which department's entry an action is for.
#[derive(Debug, Clone, PartialEq)]
pub struct Choose {
    pub measure: String,
    pub depts: Vec<String>,
    pub selected: usize,
    pub action: Action,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditState {
    /// Who is editing; `None` until `--dept`/`--coordinator` or the picker says.
    pub who: Option<Who>,
    /// Edits not yet on disk (the last save failed).
    pub pending: Vec<Edit>,
    /// The last save's outcome for the status line.
    pub message: Option<String>,
    pub form: Option<Form>,
    pub choose: Option<Choose>,
    /// The department picker is open to say who you are; the action that
    /// asked runs once it is answered.
    pub identify: Option<Action>,
    /// What others saved under the open form (see [`super::reload`]).
    pub live: super::reload::Live,
}

/// The actions this module carries out from the board.
pub fn handles(a: Action) -> bool {
    matches!(
        a,
        Action::MarkNotStarted
            | Action::MarkInProgress
            | Action::MarkDone
            | Action::MarkBlocked
            | Action::EditEntry
            | Action::ConfirmDone
            | Action::ReturnEntry
            | Action::RequestExtension
            | Action::ApproveExtension
            | Action::RejectExtension
            | Action::Undo
            | Action::Redo
            | Action::RetrySave
    )
}

/// A board action on the selected measure (or undo/redo/retry).
pub fn start(s: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::Undo => return vec![Effect::Undo],
        Action::Redo => return vec![Effect::Redo],
        Action::RetrySave => return vec![Effect::SaveEdits(Vec::new())],
        _ => {}
    }
    let Some(m) = selected_measure(s, s.view) else {
        s.notice = Some(super::state::Notice::NothingToOpen);
        return Vec::new();
    };
    let measure = &s.board.measures[m].measure;
    let id = measure.id.clone();
    let depts: Vec<String> = measure
        .departments()
        .into_iter()
        .map(str::to_string)
        .collect();
    match s.edit.who.clone() {
        None => {
            s.edit.identify = Some(action);
            let selected =
                s.me.as_deref()
                    .and_then(|d| s.board.dept_ix(d))
                    .map_or(0, |i| i + 1);
            s.overlay = Overlay::Picker {
                input: String::new(),
                selected,
            };
            s.edit.message = Some(t(
                s.board.lang,
                "先选择您所在的部门",
                "First choose your department",
            ));
            Vec::new()
        }
        Some(Who::Dept(d)) => proceed(s, action, id, d),
        Some(Who::Coordinator(_)) => match depts.as_slice() {
            [] => {
                s.edit.message = Some(t(
                    s.board.lang,
                    "此措施没有责任部门",
                    "This measure has no department",
                ));
                Vec::new()
            }
            [one] => {
                let one = one.clone();
                proceed(s, action, id, one)
            }
            _ => {
                // In the departments view the selected department comes first.
                let selected = match s.view {
                    super::state::View::Departments => s
                        .board
                        .departments
                        .get(s.navs[s.view.index()].panes[0].selected)
                        .and_then(|d| depts.iter().position(|x| *x == d.id))
                        .unwrap_or(0),
                    _ => 0,
                };
                s.edit.choose = Some(Choose {
                    measure: id,
                    depts,
                    selected,
                    action,
                });
                Vec::new()
            }
        },
    }
}

/// The department picker answered "who are you": remember it and run the
/// action that asked. `None` (cancelled or "all") leaves you unknown.
pub fn identified(s: &mut AppState, dept: Option<String>) -> Vec<Effect> {
    let Some(action) = s.edit.identify.take() else {
        return Vec::new();
    };
    let Some(d) = dept else {
        s.edit.message = None;
        return Vec::new();
    };
    s.edit.who = Some(Who::Dept(d.clone()));
    s.me = Some(d);
    s.edit.message = None;
    start(s, action)
}

fn save(measure: String, dept: String, op: Op) -> Vec<Effect> {
    vec![Effect::SaveEdits(vec![Edit::new(measure, dept, op)])]
}

fn proceed(s: &mut AppState, action: Action, measure: String, dept: String) -> Vec<Effect> {
    let lang = s.board.lang;
    let field = |zh: &str, en: &str, kind: FieldKind| FormField::new(t(lang, zh, en), kind, "");
    let text = |multiline| FieldKind::Text { multiline };
    let form = |kind, fields| Form {
        kind,
        measure: measure.clone(),
        dept: dept.clone(),
        fields,
        focus: 0,
        steps: None,
    };
    match action {
        Action::MarkNotStarted => return save(measure, dept, Op::SetStatus(Status::NotStarted)),
        Action::MarkInProgress => return save(measure, dept, Op::SetStatus(Status::InProgress)),
        // Done as of the board's date (--today), which the key's help says;
        // the `e` form corrects it.
        Action::MarkDone => return save(measure, dept, Op::ReportDoneOn(s.board.today)),
        Action::MarkBlocked => return save(measure, dept, Op::SetStatus(Status::Blocked)),
        Action::ConfirmDone => return save(measure, dept, Op::Confirm),
        Action::ApproveExtension => return save(measure, dept, Op::ApproveExtension),
        Action::EditEntry => {
            let entry = s
                .board
                .progress
                .as_ref()
                .and_then(|p| p.entry(&measure, &dept));
            let fields = entry_fields(s, &measure, entry.as_ref());
            let mut f = form(FormKind::Entry, fields);
            f.steps = Some(Steps::new(entry.as_ref().map_or(&[][..], |e| &e.steps)));
            s.edit.form = Some(f);
        }
        Action::ReturnEntry => {
            s.edit.form = Some(form(
                FormKind::Return,
                vec![field("退办原因", "Reason for returning", text(false))],
            ));
        }
        Action::RejectExtension => {
            s.edit.form = Some(form(
                FormKind::Reject,
                vec![field(
                    "不同意延期的原因",
                    "Reason for rejecting",
                    text(false),
                )],
            ));
        }
        Action::RequestExtension => {
            s.edit.form = Some(form(
                FormKind::Extension,
                vec![
                    field("延期原因", "Reason", text(false)),
                    field("申请完成时间", "Proposed date", FieldKind::Date),
                    field("目前进展", "Progress so far", text(true)),
                ],
            ));
        }
        _ => {}
    }
    Vec::new()
}

/// Keys while the form or the department choice is open.
pub fn update(s: &mut AppState, action: Action) -> Vec<Effect> {
    if s.edit.choose.is_some() {
        return choose(s, action);
    }
    let lang = s.board.lang;
    let Some(form) = s.edit.form.as_mut() else {
        return Vec::new();
    };
    if let Some(st) = form.steps.as_mut() {
        st.note = None;
    }
    if form.on_steps() {
        return step_keys(s, action, lang);
    }
    let n = form.stops();
    let last_field = form.fields.len();
    let f = &mut form.fields[form.focus];
    match action {
        Action::InsertChar(c) => f.input.insert(c),
        Action::NewLine if f.multiline() => f.input.insert('\n'),
        Action::NewLine | Action::FormNextField => form.focus = (form.focus + 1) % n,
        // Back from the first field is the note, as before the form had
        // sub-steps: they are reached forward from the note.
        Action::FormPrevField => form.focus = form.focus.checked_sub(1).unwrap_or(last_field - 1),
        Action::DeleteChar => f.input.backspace(),
        Action::DeleteForward => f.input.delete(),
        Action::ClearInput => f.input.clear(),
        Action::CursorLeft => f.input.left(),
        Action::CursorRight => f.input.right(),
        Action::CursorHome => f.input.home(),
        Action::CursorEnd => f.input.end(),
        Action::CancelInput | Action::Back => s.edit.form = None,
        Action::FormSave => return submit(s, lang),
        _ => {}
    }
    Vec::new()
}

/// Keys while the sub-steps have the focus: the list, or the step editor.
fn step_keys(s: &mut AppState, action: Action, lang: Lang) -> Vec<Effect> {
    let Some(form) = s.edit.form.as_mut() else {
        return Vec::new();
    };
    let n = form.stops();
    let Some(st) = form.steps.as_mut() else {
        return Vec::new();
    };
    if let Some(ed) = st.editor.as_mut() {
        match action {
            Action::InsertChar(c) if steps::plain(c) => ed.focused().insert(c),
            Action::NewLine if !ed.on_date => ed.on_date = true,
            Action::NewLine => {
                st.confirm_editor(lang);
            }
            Action::FormNextField | Action::FormPrevField => ed.on_date = !ed.on_date,
            Action::DeleteChar => ed.focused().backspace(),
            Action::DeleteForward => ed.focused().delete(),
            Action::ClearInput => ed.focused().clear(),
            Action::CursorLeft => ed.focused().left(),
            Action::CursorRight => ed.focused().right(),
            Action::CursorHome => ed.focused().home(),
            Action::CursorEnd => ed.focused().end(),
            // Esc leaves the step, not the form.
            Action::CancelInput | Action::Back => st.editor = None,
            Action::FormSave if st.confirm_editor(lang) => return submit(s, lang),
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::MoveDown if !st.step_selection(true) => form.focus = 0,
        Action::MoveUp if !st.step_selection(false) => form.focus = n - 2,
        Action::FormNextField => form.focus = 0,
        Action::FormPrevField => form.focus = n - 2,
        Action::StepAdd => st.add(),
        Action::StepEdit => st.edit(lang),
        Action::StepCycleStatus => st.set_status(None, lang),
        Action::MarkNotStarted => st.set_status(Some(Status::NotStarted), lang),
        Action::MarkInProgress => st.set_status(Some(Status::InProgress), lang),
        Action::MarkDone => st.set_status(Some(Status::Done), lang),
        Action::MarkBlocked => st.set_status(Some(Status::Blocked), lang),
        Action::StepRemove => st.toggle_remove(),
        Action::CancelInput | Action::Back => s.edit.form = None,
        Action::FormSave => return submit(s, lang),
        _ => {}
    }
    Vec::new()
}

/// Pasted text goes into the focused field (or step input); the steps
/// list itself takes none.
pub fn paste(s: &mut AppState, text: &str) {
    let Some(form) = s.edit.form.as_mut() else {
        return;
    };
    if form.on_steps() {
        if let Some(ed) = form.steps.as_mut().and_then(|st| st.editor.as_mut()) {
            let clean: String = text
                .replace("\r\n", "\n")
                .chars()
                .map(|c| {
                    if matches!(c, '\n' | '\r' | '\t') {
                        ' '
                    } else {
                        c
                    }
                })
                .filter(|&c| steps::plain(c))
                .collect();
            ed.focused().paste(&clean, false);
        }
        return;
    }
    let f = &mut form.fields[form.focus];
    let multi = f.multiline();
    f.input.paste(text, multi);
}

fn choose(s: &mut AppState, action: Action) -> Vec<Effect> {
    let Some(c) = s.edit.choose.as_mut() else {
        return Vec::new();
    };
    let n = c.depts.len().max(1);
    match action {
        Action::MoveDown => c.selected = (c.selected + 1) % n,
        Action::MoveUp => c.selected = (c.selected + n - 1) % n,
        Action::ConfirmInput => {
            let c = s.edit.choose.take().expect("open");
            if let Some(d) = c.depts.get(c.selected) {
                return proceed(s, c.action, c.measure, d.clone());
            }
        }
        Action::CancelInput | Action::Back => s.edit.choose = None,
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
