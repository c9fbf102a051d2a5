//! The entry form's sub-steps (分解步骤): the list as the form opened it,
//! what the user changed, and the ops those changes become on save.
//!
//! Nothing here touches the store: adding, editing, a status change or a
//! removal only changes the rows, and [`Steps::ops`] turns the difference
//! into [`Op`]s that go out with the form's other edits in one save. A step
//! added here has no id until the store numbers it (max + 1), so its status
//! can only be changed after the save that creates it.

use chrono::NaiveDate;

use super::super::input::TextInput;
use super::parse_date;
use crate::lang::Lang;
use crate::progress::{Op, Status, Step};

/// One row of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRow {
    /// The stored step's id; `None` for a step added in this form.
    pub id: Option<u32>,
    pub text: String,
    pub status: Status,
    pub date: Option<NaiveDate>,
    /// Marked for removal: it goes when the form is saved, and the same key
    /// again keeps it.
    pub removed: bool,
}

impl StepRow {
    fn from_step(s: &Step) -> Self {
        Self {
            id: Some(s.id),
            text: s.text.clone(),
            status: s.status,
            date: s.date,
            removed: false,
        }
    }
}

/// Typing one step's text and date.
#[derive(Debug, Clone, PartialEq)]
pub struct StepEditor {
    /// The row being changed; `None` adds a step.
    pub row: Option<usize>,
    pub text: TextInput,
    pub date: TextInput,
    /// On the date input (else the text).
    pub on_date: bool,
    pub text_error: Option<String>,
    pub date_error: Option<String>,
}

impl StepEditor {
    pub fn focused(&mut self) -> &mut TextInput {
        if self.on_date {
            &mut self.date
        } else {
            &mut self.text
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Steps {
    /// The steps the form opened with: only what differs is saved.
    pub original: Vec<Step>,
    pub rows: Vec<StepRow>,
    /// The selected row; `rows.len()` is the "add a step" row.
    pub selected: usize,
    pub editor: Option<StepEditor>,
    /// Why the last key did nothing, shown under the list until the next key.
    pub note: Option<String>,
}

fn t(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// A character the inputs take: nothing that would draw as something else
/// (controls, bidi overrides, invisible tags), so what is typed is what the
/// cursor measures and what is saved.
pub fn plain(c: char) -> bool {
    let mut b = [0; 4];
    let s: &str = c.encode_utf8(&mut b);
    crate::text::sanitize(s) == s
}

/// The next status on Space: not started → in progress → done → not
/// started; blocked resumes as in progress.
pub fn cycle(s: Status) -> Status {
    match s {
        Status::NotStarted | Status::Blocked => Status::InProgress,
        Status::InProgress => Status::Done,
        Status::Done => Status::NotStarted,
    }
}

impl Steps {
    pub fn new(steps: &[Step]) -> Self {
        Self {
            original: steps.to_vec(),
            rows: steps.iter().map(StepRow::from_step).collect(),
            selected: 0,
            editor: None,
            note: None,
        }
    }

    fn row(&self) -> Option<&StepRow> {
        self.rows.get(self.selected)
    }

    /// Moves the selection; `false` when it would leave the list (the
    /// form then moves to the neighbouring field).
    pub fn step_selection(&mut self, down: bool) -> bool {
        match (down, self.selected) {
            (true, s) if s < self.rows.len() => self.selected += 1,
            (false, s) if s > 0 => self.selected = (s - 1).min(self.rows.len()),
            _ => return false,
        }
        true
    }

    /// Opens the editor on a new step.
    pub fn add(&mut self) {
        self.selected = self.rows.len();
        self.editor = Some(StepEditor {
            row: None,
            text: TextInput::default(),
            date: TextInput::default(),
            on_date: false,
            text_error: None,
            date_error: None,
        });
    }

    /// Opens the editor on the selected step (or a new one on the add row).
    pub fn edit(&mut self, lang: Lang) {
        let Some(r) = self.row() else {
            return self.add();
        };
        if r.removed {
            self.note = Some(removed_note(lang));
            return;
        }
        self.editor = Some(StepEditor {
            row: Some(self.selected),
            text: TextInput::new(&r.text),
            date: TextInput::new(&r.date.map(|d| d.to_string()).unwrap_or_default()),
            on_date: false,
            text_error: None,
            date_error: None,
        });
    }

    /// Sets the selected step's status (`None`: the next one in the cycle).
    pub fn set_status(&mut self, status: Option<Status>, lang: Lang) {
        let Some(r) = self.rows.get_mut(self.selected) else {
            return;
        };
        if r.removed {
            self.note = Some(removed_note(lang));
        } else if r.id.is_none() {
            self.note = Some(t(
                lang,
                "新增的步骤保存后才能改状态",
                "a new step's status can be set once it is saved",
            ));
        } else {
            r.status = status.unwrap_or_else(|| cycle(r.status));
        }
    }

    /// Marks the selected step for removal, or keeps it if it was marked.
    pub fn toggle_remove(&mut self) {
        if let Some(r) = self.rows.get_mut(self.selected) {
            r.removed = !r.removed;
        }
    }

    /// Takes what the editor holds into the list. On a bad date or empty
    /// text the editor stays open, saying why, and `false` comes back.
    pub fn confirm_editor(&mut self, lang: Lang) -> bool {
        let Some(ed) = self.editor.as_mut() else {
            return true;
        };
        let text = ed.text.text().trim().to_string();
        let date_txt = ed.date.text().trim();
        // An add left blank is dropped rather than refused.
        if ed.row.is_none() && text.is_empty() && date_txt.is_empty() {
            self.editor = None;
            return true;
        }
        let date = parse_date(date_txt);
        ed.text_error = text
            .is_empty()
            .then(|| t(lang, "请填写步骤内容", "a step needs text"));
        ed.date_error = (!date_txt.is_empty() && date.is_none()).then(|| {
            t(
                lang,
                "日期无法识别，例：2021-12-31 或 2021年12月31日",
                "not a date (e.g. 2021-12-31 or 2021/12/31)",
            )
        });
        if ed.text_error.is_some() || ed.date_error.is_some() {
            ed.on_date = ed.text_error.is_none();
            return false;
        }
        match ed.row {
            Some(i) => {
                if let Some(r) = self.rows.get_mut(i) {
                    r.text = text;
                    r.date = date;
                }
                self.selected = i;
            }
            None => {
                self.rows.push(StepRow {
                    id: None,
                    text,
                    status: Status::NotStarted,
                    date,
                    removed: false,
                });
                // On the add row again, so Enter adds the next one.
                self.selected = self.rows.len();
            }
        }
        self.editor = None;
        true
    }

    /// What saving the list does: changes to stored steps, then new steps
    /// (numbered by the store), then removals — adds before removals so a
    /// new step never takes the id of one removed in the same save.
    pub fn ops(&self) -> Vec<Op> {
        let mut changes = Vec::new();
        let mut adds = Vec::new();
        let mut removes = Vec::new();
        for r in &self.rows {
            let Some(id) = r.id else {
                if !r.removed {
                    adds.push(Op::AddStep {
                        text: r.text.clone(),
                        date: r.date,
                    });
                }
                continue;
            };
            let Some(o) = self.original.iter().find(|s| s.id == id) else {
                continue;
            };
            if r.removed {
                removes.push(Op::RemoveStep { id });
                continue;
            }
            if r.text != o.text {
                changes.push(Op::SetStepText {
                    id,
                    text: r.text.clone(),
                });
            }
            if r.date != o.date {
                changes.push(Op::SetStepDate { id, date: r.date });
            }
            if r.status != o.status {
                changes.push(Op::SetStepStatus {
                    id,
                    status: r.status,
                });
            }
        }
        changes.extend(adds);
        changes.extend(removes);
        changes
    }

    /// Whether a row differs from how the form opened it.
    pub fn changed(&self, r: &StepRow) -> bool {
        match r.id {
            None => true,
            Some(id) => self.original.iter().find(|s| s.id == id).is_none_or(|o| {
                r.removed || r.text != o.text || r.date != o.date || r.status != o.status
            }),
        }
    }
}

fn removed_note(lang: Lang) -> String {
    t(
        lang,
        "此步骤已标记删除，按 x 恢复",
        "this step is marked for removal; x keeps it",
    )
}
