//! The edit form: its fields, how their text is read (dates, numbers),
//! and the edits a valid form makes. Checking happens on submit, so a
//! field may hold anything while it is typed.

use chrono::NaiveDate;

use super::steps::Steps;
use crate::app::Effect;
use crate::app::input::TextInput;
use crate::app::state::AppState;
use crate::lang::Lang;
use crate::progress::{Edit, Entry, Op};

/// What one form field holds and how its text is read.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// A date; empty clears it.
    Date,
    /// The actual completion date of a done entry: required, and never
    /// after the as-of date.
    DoneOn,
    /// The actual value of the target with this key, measured in `unit`
    /// (which the value may carry: `95%`); empty clears it.
    Number { key: String, unit: String },
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
    pub(super) fn new(label: String, kind: FieldKind, text: &str) -> Self {
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
    /// Esc was pressed on a long edit: the form asks before discarding.
    pub confirm_discard: bool,
}

impl Form {
    /// Focus stops: the fields, then the sub-steps list if there is one.
    pub(super) fn stops(&self) -> usize {
        self.fields.len() + usize::from(self.steps.is_some())
    }

    /// Whether throwing the form away loses real typing: a field's text
    /// changed by more than `chars` characters, or any sub-step changed.
    pub fn long_edit(&self, chars: usize) -> bool {
        let changed = |f: &FormField| {
            let (a, b) = (f.input.text(), f.original.as_str());
            let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            let (na, nb) = (a.chars().count(), b.chars().count());
            na.max(nb) - common.min(na.min(nb))
        };
        self.fields.iter().any(|f| changed(f) > chars)
            || self.steps.as_ref().is_some_and(|st| !st.ops().is_empty())
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

pub(super) fn t(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

pub(super) fn entry_fields(s: &AppState, measure: &str, entry: Option<&Entry>) -> Vec<FormField> {
    let lang = s.board.lang;
    let mut fields = vec![FormField::new(
        t(lang, "承诺完成时间", "Committed date"),
        FieldKind::Date,
        &entry
            .and_then(|e| e.due)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    )];
    // Only a done entry has a completion date to show or correct.
    if let Some(e) = entry.filter(|e| e.status == crate::progress::Status::Done) {
        fields.push(FormField::new(
            t(lang, "实际完成时间", "Done on"),
            FieldKind::DoneOn,
            &e.done_on.map(|d| d.to_string()).unwrap_or_default(),
        ));
    }
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
                    unit: tg.unit.clone(),
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

/// Validates every field; on any error nothing is saved and each bad field
/// says why. Otherwise the form closes and its edits go out.
pub(super) fn submit(s: &mut AppState, lang: Lang) -> Vec<Effect> {
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
            FieldKind::DoneOn if txt != f.original.trim() => match parse_date(txt) {
                None => {
                    f.error = Some(t(
                        lang,
                        "请填写实际完成日期，例：2021-12-31",
                        "give the date it was done (e.g. 2021-12-31)",
                    ))
                }
                Some(d) if d > s.board.today => {
                    f.error = Some(format!(
                        "{} {}",
                        t(
                            lang,
                            "完成日期不能晚于截至日",
                            "cannot be after the as-of date"
                        ),
                        s.board.today
                    ))
                }
                Some(_) => {}
            },
            FieldKind::Number { unit, .. } if !txt.is_empty() => {
                f.error = crate::progress::parse_value(txt, unit)
                    .err()
                    .map(|e| e.message(lang));
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
    // The length rule the save applies (progress::edit::bounds), checked
    // here too: an over-long text keeps the form open, nothing typed lost.
    let too_long = form_edits(form).into_iter().find_map(|e| {
        let steps = matches!(e.op, Op::AddStep { .. } | Op::SetStepText { .. });
        crate::progress::edit::bounds::check_op(&e.op)
            .err()
            .map(|why| (steps, why.to_string()))
    });
    if let Some((steps, why)) = too_long {
        let longest = (0..form.fields.len())
            .filter(|&i| matches!(form.fields[i].kind, FieldKind::Text { .. }))
            .max_by_key(|&i| form.fields[i].input.text().chars().count());
        match longest {
            Some(i) if !steps => {
                form.fields[i].error = Some(why);
                form.focus = i;
            }
            _ => {
                form.focus = form.fields.len();
                s.edit.message = Some(why);
            }
        }
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
                    FieldKind::DoneOn => Op::SetDoneOn(parse_date(txt)?),
                    FieldKind::Number { key, .. } if txt.is_empty() => {
                        Op::ClearActual { key: key.clone() }
                    }
                    FieldKind::Number { key, unit } => Op::SetActual {
                        key: key.clone(),
                        value: crate::progress::parse_value(txt, unit).ok()?,
                    },
                    FieldKind::Text { .. } => Op::SetNote(f.input.text().trim_end().to_string()),
                };
                Some(e(op))
            })
            .chain(form.steps.iter().flat_map(Steps::ops).map(e))
            .collect(),
    }
}
