//! Editing progress from the board: single-key status changes, the entry
//! form (committed date, target actuals, note, sub-steps), the coordinator's lifecycle
//! actions and undo/redo. Pure: every change leaves as an
//! [`Effect::SaveEdits`] (or `Undo`/`Redo`) that the runtime commits at
//! once; what it reports back lands in [`EditState::message`].
//!
//! Edits the runtime could not save stay in [`EditState::pending`] and go
//! out again with the next save or on `w`, so a broken file never loses them.
//!
//! What the rules would refuse anyway (another department's measure, a
//! coordinator's act) is refused here, before a form is filled in for
//! nothing; who is editing is asked first when the command line did not
//! say ([`identify`]).

mod form;
pub mod identify;
pub mod steps;

use super::Effect;
use super::action::Action;
use super::lists::selected_measure;
use super::state::AppState;
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
    /// The "who are you" picker is open; the action that asked runs once
    /// it is answered.
    pub identify: Option<identify::Identify>,
    /// The coordinators `config.ron` lists, offered by that picker.
    pub coordinators: Vec<String>,
    /// What others saved under the open form (see [`super::reload`]).
    pub live: super::reload::Live,
    /// Cells a form's text wraps at, kept by the layout with the terminal
    /// size (↑/↓ in a note move by these rows); 0 before the first layout.
    pub text_width: usize,
}

/// Rows PgUp/PgDn move in a note.
const NOTE_PAGE: isize = 8;

/// Characters changed in a field's text beyond which Esc asks before
/// throwing the typing away.
const LONG_EDIT: usize = 8;

impl EditState {
    /// The width texts wrap at.
    pub fn wrap_width(&self) -> usize {
        if self.text_width == 0 {
            70
        } else {
            self.text_width
        }
    }
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
            let mut ask = identify::Identify::new(action);
            // A `--dept` that named no department starts the filter, so
            // the department meant is likely the only row.
            if let Some(me) = s.me.as_deref().filter(|d| s.board.dept_ix(d).is_none()) {
                ask.input = me.to_string();
            }
            s.edit.identify = Some(ask);
            Vec::new()
        }
        Some(Who::Dept(d)) => match refusal(s, action, &id, &d, &depts) {
            Some(why) => {
                s.edit.message = Some(why);
                Vec::new()
            }
            None => proceed(s, action, id, d),
        },
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

/// Why a department may not take `action` on measure `id`, said before
/// any form opens: the measure is not its own, or only a coordinator may.
fn refusal(s: &AppState, action: Action, id: &str, dept: &str, depts: &[String]) -> Option<String> {
    let b = &s.board;
    let coordinator_only = match action {
        Action::ConfirmDone => Some(("销号", "confirm it done")),
        Action::ReturnEntry => Some(("退办", "return it")),
        Action::ApproveExtension => Some(("同意延期", "approve the extension")),
        Action::RejectExtension => Some(("不同意延期", "reject the extension")),
        _ => None,
    };
    if let Some((zh, en)) = coordinator_only {
        return Some(match b.lang {
            Lang::Zh => format!("只有督办人员可以{zh}；您以{}身份填报", b.dept_name(dept)),
            Lang::En => format!(
                "only a coordinator may {en}; you edit as {}",
                b.dept_name(dept)
            ),
        });
    }
    if depts.iter().any(|d| d == dept) {
        return None;
    }
    // Whose it is comes first and in short names: the status line is
    // narrow at 80 columns.
    let names: Vec<&str> = depts.iter().map(|d| b.dept_short(d)).collect();
    Some(match b.lang {
        Lang::Zh => format!(
            "{id} 由{}负责，{}不能填报",
            names.join("、"),
            b.dept_short(dept)
        ),
        Lang::En => format!(
            "measure {id} is not {}'s to edit (its departments: {})",
            b.dept_name(dept),
            names.join(", ")
        ),
    })
}

/// Keys while "who are you" is open. A pick remembers who you are and
/// runs the edit that asked; Esc drops that edit and says so.
fn identify_keys(s: &mut AppState, action: Action) -> Vec<Effect> {
    let Some(id) = s.edit.identify.as_mut() else {
        return Vec::new();
    };
    let rows = identify::candidates(&s.board, &s.edit.coordinators, &id.input);
    match identify::key(id, &rows, action) {
        identify::Step::Open => Vec::new(),
        identify::Step::Cancelled => {
            s.edit.identify = None;
            s.edit.message = Some(t(
                s.board.lang,
                "已取消：未选择身份，没有修改",
                "Cancelled: no one chosen, nothing changed",
            ));
            Vec::new()
        }
        identify::Step::Picked(c) => {
            let action = s.edit.identify.take().expect("open").action;
            match c {
                identify::Candidate::Dept(ix) => {
                    let d = s.board.departments[ix].id.clone();
                    s.edit.who = Some(Who::Dept(d.clone()));
                    s.me = Some(d);
                }
                identify::Candidate::Coordinator(name) => {
                    s.edit.who = Some(Who::Coordinator(name));
                }
            }
            start(s, action)
        }
    }
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
        confirm_discard: false,
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
    if s.edit.identify.is_some() {
        return identify_keys(s, action);
    }
    if s.edit.choose.is_some() {
        return choose(s, action);
    }
    let lang = s.board.lang;
    let width = s.edit.wrap_width();
    let Some(form) = s.edit.form.as_mut() else {
        return Vec::new();
    };
    if let Some(st) = form.steps.as_mut() {
        st.note = None;
    }
    // Esc on a long edit asked first: a second Esc throws it away, Ctrl-S
    // still saves, any other key goes back to the form (and does nothing
    // else, so a "no" typed as a letter does not land in the text).
    if form.confirm_discard {
        form.confirm_discard = false;
        match action {
            Action::CancelInput | Action::Back => {
                s.edit.form = None;
                s.edit.message = Some(t(lang, "已放弃修改，未保存", "Discarded, nothing saved"));
                return Vec::new();
            }
            Action::FormSave => {}
            _ => return Vec::new(),
        }
    }
    if form.on_steps() {
        return step_keys(s, action, lang);
    }
    let n = form.stops();
    let last_field = form.fields.len();
    let next = (form.focus + 1) % n;
    let prev = form.focus.checked_sub(1).unwrap_or(last_field - 1);
    let long = form.long_edit(LONG_EDIT);
    let f = &mut form.fields[form.focus];
    let multi = f.multiline();
    match action {
        Action::InsertChar(c) => f.input.insert(c),
        Action::NewLine if multi => f.input.insert('\n'),
        Action::NewLine | Action::FormNextField => form.focus = next,
        // Back from the first field is the note, as before the form had
        // sub-steps: they are reached forward from the note.
        Action::FormPrevField => form.focus = prev,
        // In a note ↑/↓ move between its rows; past its edge (or in a
        // one-line field) to the previous or next field.
        Action::CursorDown if !(multi && f.input.vertical(width, 1)) => form.focus = next,
        Action::CursorUp if !(multi && f.input.vertical(width, -1)) => form.focus = prev,
        Action::CursorDown | Action::CursorUp => {}
        Action::PageDown if multi => {
            f.input.vertical(width, NOTE_PAGE);
        }
        Action::PageUp if multi => {
            f.input.vertical(width, -NOTE_PAGE);
        }
        Action::CancelInput | Action::Back if long => {
            form.confirm_discard = true;
        }
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
            Action::FormNextField
            | Action::FormPrevField
            | Action::CursorDown
            | Action::CursorUp => ed.on_date = !ed.on_date,
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
        Action::CancelInput | Action::Back if form.long_edit(LONG_EDIT) => {
            form.confirm_discard = true;
        }
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
