//! Editing progress from the board: single-key status changes, the entry
//! form (committed date, target actuals, note, sub-steps), the coordinator's lifecycle
//! actions and undo/redo. Pure: every change leaves as an
//! [`Effect::SaveEdits`] (or `Undo`/`Redo`) that the runtime commits at
//! once; what it reports back lands in [`EditState::message`].
//!
//! Edits the runtime could not save stay in [`EditState::pending`] and go
//! out again with the next save or on `w`, so a broken file never loses them.

pub mod steps;

use chrono::NaiveDate;

use super::Effect;
use super::action::Action;
use super::input::TextInput;
use super::lists::selected_measure;
use super::state::{AppState, Overlay};
use crate::lang::Lang;
use crate::progress::{Edit, Entry, Op, Status, Who};
use steps::Steps;

/// What one form field holds and how its text is read.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// A date; empty clears it.
    Date,
    /// The actual value of the target with this key; empty clears it.
    Number { key: String },
    /// Free text; `multiline` lets Enter start a new line.
    Text { multiline: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub label: String,
    pub kind: FieldKind,
    pub input: TextInput,
    /// The text the field opened with: unchanged fields are not saved.
    pub original: String,
    /// Why the text was refused, shown next to the field.
    pub error: Option<String>,
}

impl FormField {
    fn new(label: String, kind: FieldKind, text: &str) -> Self {
        Self {
            label,
            kind,
            input: TextInput::new(text),
            original: text.to_string(),
            error: None,
        }
    }

    pub fn multiline(&self) -> bool {
        matches!(self.kind, FieldKind::Text { multiline: true })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// 承诺完成时间, actuals, note.
    Entry,
    /// 退办: the reason.
    Return,
    /// 延期申请: reason, proposed date, progress so far.
    Extension,
    /// Rejecting an extension: the reason.
    Reject,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub kind: FormKind,
    pub measure: String,
    pub dept: String,
    pub fields: Vec<FormField>,
    /// `fields.len()` is the sub-steps list (entry forms only).
    pub focus: usize,
    /// The entry's sub-steps (分解步骤); `None` in the reason forms.
    pub steps: Option<Steps>,
}

impl Form {
    /// Focus stops: the fields, then the sub-steps list if there is one.
    fn stops(&self) -> usize {
        self.fields.len() + usize::from(self.steps.is_some())
    }

    /// The sub-steps have the focus.
    pub fn on_steps(&self) -> bool {
        self.steps.is_some() && self.focus >= self.fields.len()
    }

    /// The sub-steps list has the focus and no step is being typed, so
    /// letters are commands ([`crate::app::keymap::Mode::EditSteps`]).
    pub fn on_step_list(&self) -> bool {
        self.on_steps() && self.steps.as_ref().is_some_and(|s| s.editor.is_none())
    }
}

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

fn t(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
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
    };
    match action {
        Action::MarkNotStarted => return save(measure, dept, Op::SetStatus(Status::NotStarted)),
        Action::MarkInProgress => return save(measure, dept, Op::SetStatus(Status::InProgress)),
        Action::MarkDone => return save(measure, dept, Op::ReportDone),
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

fn entry_fields(s: &AppState, measure: &str, entry: Option<&Entry>) -> Vec<FormField> {
    let lang = s.board.lang;
    let mut fields = vec![FormField::new(
        t(lang, "承诺完成时间", "Committed date"),
        FieldKind::Date,
        &entry
            .and_then(|e| e.due)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    )];
    if let Some(m) = s.board.measures.iter().find(|m| m.measure.id == measure) {
        for tg in &m.measure.targets {
            let actual = entry
                .and_then(|e| e.actuals.get(&tg.key))
                .map(|v| fmt_number(*v))
                .unwrap_or_default();
            let label = format!(
                "{} {}{}{}",
                tg.label,
                tg.cmp.symbol(),
                fmt_number(tg.value),
                tg.unit
            );
            fields.push(FormField::new(
                label,
                FieldKind::Number {
                    key: tg.key.clone(),
                },
                &actual,
            ));
        }
    }
    fields.push(FormField::new(
        t(lang, "工作进展（备注）", "Note"),
        FieldKind::Text { multiline: true },
        entry.map_or("", |e| e.note.as_str()),
    ));
    fields
}

fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

/// Reads a date as clerks write it (every form [`crate::date::parse`] takes).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    crate::date::parse(s).ok()
}

/// A number as typed, full-width digits and thousands commas allowed.
pub fn parse_number(s: &str) -> Option<f64> {
    let norm: String = s
        .trim()
        .chars()
        .filter(|&c| c != ',' && c != '，')
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            c => c,
        })
        .collect();
    norm.parse::<f64>().ok().filter(|v| v.is_finite())
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

/// Validates every field; on any error nothing is saved and each bad field
/// says why. Otherwise the form closes and its edits go out.
fn submit(s: &mut AppState, lang: Lang) -> Vec<Effect> {
    let Some(form) = s.edit.form.as_mut() else {
        return Vec::new();
    };
    let mut ok = true;
    for f in &mut form.fields {
        f.error = None;
        let txt = f.input.text().trim();
        match &f.kind {
            FieldKind::Date if !txt.is_empty() && parse_date(txt).is_none() => {
                f.error = Some(t(
                    lang,
                    "日期无法识别，例：2021-12-31 或 2021年12月31日",
                    "not a date (e.g. 2021-12-31 or 2021/12/31)",
                ));
            }
            FieldKind::Number { .. } if !txt.is_empty() && parse_number(txt).is_none() => {
                f.error = Some(t(lang, "不是数字", "not a number"));
            }
            _ => {}
        }
        ok &= f.error.is_none();
    }
    let required = |f: &FormField| f.input.text().trim().is_empty();
    match form.kind {
        FormKind::Return | FormKind::Reject if required(&form.fields[0]) => {
            form.fields[0].error = Some(t(lang, "请填写原因", "a reason is needed"));
            ok = false;
        }
        FormKind::Extension => {
            for i in [0, 1] {
                if required(&form.fields[i]) {
                    form.fields[i].error = Some(t(lang, "必填", "required"));
                    ok = false;
                }
            }
        }
        _ => {}
    }
    if !ok {
        if let Some(i) = form.fields.iter().position(|f| f.error.is_some()) {
            form.focus = i;
        }
        return Vec::new();
    }
    if let Some(st) = form.steps.as_mut()
        && !st.confirm_editor(lang)
    {
        form.focus = form.fields.len();
        return Vec::new();
    }
    let form = s.edit.form.take().expect("open");
    let edits = form_edits(&form);
    if edits.is_empty() {
        s.edit.message = Some(t(lang, "没有修改", "Nothing changed"));
        return Vec::new();
    }
    vec![Effect::SaveEdits(edits)]
}

/// The edits a valid form makes: only fields whose text changed.
pub fn form_edits(form: &Form) -> Vec<Edit> {
    let e = |op| Edit::new(form.measure.clone(), form.dept.clone(), op);
    let text = |i: usize| form.fields[i].input.text().trim().to_string();
    match form.kind {
        FormKind::Return => vec![e(Op::Return { reason: text(0) })],
        FormKind::Reject => vec![e(Op::RejectExtension { reason: text(0) })],
        FormKind::Extension => match parse_date(&text(1)) {
            Some(date) => vec![e(Op::RequestExtension {
                reason: text(0),
                date,
                progress: text(2),
            })],
            None => Vec::new(),
        },
        FormKind::Entry => form
            .fields
            .iter()
            .filter(|f| f.input.text().trim() != f.original.trim())
            .filter_map(|f| {
                let txt = f.input.text().trim();
                let op = match &f.kind {
                    FieldKind::Date => Op::SetDue(parse_date(txt)),
                    FieldKind::Number { key } if txt.is_empty() => {
                        Op::ClearActual { key: key.clone() }
                    }
                    FieldKind::Number { key } => Op::SetActual {
                        key: key.clone(),
                        value: parse_number(txt)?,
                    },
                    FieldKind::Text { .. } => Op::SetNote(f.input.text().trim_end().to_string()),
                };
                Some(e(op))
            })
            .chain(form.steps.iter().flat_map(Steps::ops).map(e))
            .collect(),
    }
}

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
