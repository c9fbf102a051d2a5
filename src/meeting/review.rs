//! The review walk-through (调度会逐项过): one item per screen, next and
//! previous with one key, and a quick form for the meeting's decision
//! (督办意见) with the deadline the meeting sets (调度会定时限). Pure:
//! `state + action → state`, and the edits to save come back as an
//! [`Outcome`] for the caller to commit.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::lights::{LightCfg, Signal, dept_light, measure_light};
use super::score::{TargetRow, measure_targets};
use crate::lang::Lang;
use crate::plan::Plan;
use crate::progress::{Edit, Ledger, MeetingDecision, Op, Status, measure_state};

/// Which items a review walks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every overdue measure as of the date (the usual monthly meeting).
    Overdue,
    /// Every measure of one chapter.
    Chapter(u32),
    /// One department's open (not done) items.
    Dept(String),
}

impl Scope {
    /// `overdue`, `chapter:N` (or just `N`), `dept:ID`.
    pub fn parse(s: &str) -> Result<Scope, String> {
        let s = s.trim();
        if s == "overdue" || s.is_empty() {
            return Ok(Scope::Overdue);
        }
        let ch = s.strip_prefix("chapter:").unwrap_or(s);
        if let Ok(n) = ch.parse::<u32>() {
            return Ok(Scope::Chapter(n));
        }
        if let Some(d) = s.strip_prefix("dept:") {
            return Ok(Scope::Dept(d.to_string()));
        }
        Err(format!(
            "{s:?} is not a review scope; use overdue, chapter:N or dept:ID"
        ))
    }

    /// A chapter or department goes by its name in the plan, which has no English.
    pub fn label(&self, plan: &Plan, lang: Lang) -> String {
        match self {
            Scope::Overdue => lang.pick("逾期事项", "overdue items").into(),
            Scope::Chapter(n) => plan.chapters.iter().find(|c| c.number == *n).map_or_else(
                || format!("第{n}章"),
                |c| format!("{}、{}", c.numeral, c.title),
            ),
            Scope::Dept(d) => plan
                .department(d)
                .map_or_else(|| d.clone(), |x| x.name.clone()),
        }
    }
}

/// The measures a review walks, in plan order.
pub fn items(plan: &Plan, ledger: &Ledger, today: NaiveDate, scope: &Scope) -> Vec<String> {
    plan.measures()
        .filter(|(c, m)| match scope {
            Scope::Overdue => measure_state(m, ledger, today).overdue,
            Scope::Chapter(n) => c.number == *n,
            Scope::Dept(d) => {
                m.departments().contains(&d.as_str())
                    && measure_state(m, ledger, today)
                        .depts
                        .iter()
                        .any(|x| x.dept == *d && x.status != Status::Done)
            }
        })
        .map(|(_, m)| m.id.clone())
        .collect()
}

/// Who a decision on `m` goes to: the reviewed department in a department
/// review; otherwise the overdue departments, else those not done, else all.
pub fn recipients(
    m: &crate::plan::Measure,
    ledger: &Ledger,
    today: NaiveDate,
    scope: &Scope,
) -> Vec<String> {
    if let Scope::Dept(d) = scope {
        return vec![d.clone()];
    }
    let st = measure_state(m, ledger, today);
    let pick = |f: &dyn Fn(&crate::progress::DeptState) -> bool| -> Vec<String> {
        st.depts
            .iter()
            .filter(|d| f(d))
            .map(|d| d.dept.clone())
            .collect()
    };
    let overdue = pick(&|d| d.overdue);
    if !overdue.is_empty() {
        return overdue;
    }
    let open = pick(&|d| d.status != Status::Done);
    if open.is_empty() {
        pick(&|_| true)
    } else {
        open
    }
}

/// One department's line on the review screen.
#[derive(Debug, Clone, PartialEq)]
pub struct DeptLine {
    pub dept: String,
    pub name: String,
    pub lead: bool,
    pub status: Status,
    pub deadline: Option<NaiveDate>,
    /// Where `deadline` comes from (计划/承诺/延期/调度会定).
    pub source: Option<crate::progress::deadline::Source>,
    pub signal: Signal,
    pub note: String,
    pub decision: Option<MeetingDecision>,
}

/// Everything the review screen shows for one measure.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemView {
    pub chapter: String,
    pub measure: String,
    pub number: String,
    pub title: String,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub days_late: i64,
    pub status: Status,
    pub signal: Signal,
    pub depts: Vec<DeptLine>,
    pub targets: Vec<TargetRow>,
}

pub fn view(
    plan: &Plan,
    ledger: &Ledger,
    today: NaiveDate,
    cfg: LightCfg,
    measure: &str,
) -> Option<ItemView> {
    let (c, m) = plan.measures().find(|(_, m)| m.id == measure)?;
    let st = measure_state(m, ledger, today);
    let depts = st
        .depts
        .iter()
        .map(|ds| {
            let e = ledger.get(&m.id, &ds.dept);
            DeptLine {
                dept: ds.dept.clone(),
                name: plan
                    .department(&ds.dept)
                    .map_or_else(|| ds.dept.clone(), |d| d.name.clone()),
                lead: ds.lead,
                status: ds.status,
                deadline: ds.deadline.map(|d| d.date),
                source: ds.deadline.map(|d| d.source),
                signal: dept_light(m, ds, e, plan.doc.issued, today, cfg),
                note: e.map(|e| e.note.clone()).unwrap_or_default(),
                decision: e.and_then(|e| e.decision.clone()),
            }
        })
        .collect();
    Some(ItemView {
        chapter: format!("{}、{}", c.numeral, c.title),
        measure: m.id.clone(),
        number: m.number.clone(),
        title: m.title.clone(),
        text: m.text.clone(),
        due: st.due,
        days_late: st.days_late,
        status: st.status,
        signal: measure_light(m, &st, ledger, plan.doc.issued, today, cfg),
        depts,
        targets: measure_targets(c.number, m, ledger),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Opinion,
    Date,
}

/// The decision being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub focus: FormField,
    pub opinion: String,
    /// YYYY-MM-DD, or empty to keep the dates as they are.
    pub date: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Next,
    Prev,
    First,
    Last,
    /// Open the decision form on the current item.
    Decide,
    Type(char),
    /// Pasted or IME-committed text.
    Paste(String),
    Backspace,
    /// Switch between the opinion and the date.
    SwitchField,
    Submit,
    /// Close the form, or leave the review when no form is open.
    Cancel,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Nothing,
    /// Save these edits (one per department of the item), then call
    /// [`Review::saved`] with the result.
    Save(Vec<Edit>),
    /// The review is over.
    Close,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub meeting: String,
    pub scope: Scope,
    pub items: Vec<String>,
    pub pos: usize,
    pub form: Option<Form>,
    /// Items whose decision was saved in this review.
    pub decided: BTreeSet<String>,
    /// A one-line message for the status bar (saved, refused …).
    pub message: Option<String>,
}

impl Review {
    pub fn new(meeting: &str, scope: Scope, items: Vec<String>) -> Self {
        Review {
            meeting: meeting.trim().to_string(),
            scope,
            items,
            pos: 0,
            form: None,
            decided: BTreeSet::new(),
            message: None,
        }
    }

    pub fn current(&self) -> Option<&str> {
        self.items.get(self.pos).map(String::as_str)
    }

    /// "3/12"
    pub fn position(&self) -> String {
        if self.items.is_empty() {
            "0/0".into()
        } else {
            format!("{}/{}", self.pos + 1, self.items.len())
        }
    }

    pub fn update(
        &mut self,
        action: Action,
        plan: &Plan,
        ledger: &Ledger,
        today: NaiveDate,
    ) -> Outcome {
        if self.form.is_some() && action == Action::Submit {
            match self.edits(plan, ledger, today) {
                Ok(edits) => return Outcome::Save(edits),
                Err(e) => {
                    if let Some(f) = self.form.as_mut() {
                        f.error = Some(e);
                    }
                    return Outcome::Nothing;
                }
            }
        }
        if let Some(form) = self.form.as_mut() {
            let field = match form.focus {
                FormField::Opinion => &mut form.opinion,
                FormField::Date => &mut form.date,
            };
            match action {
                Action::Type(c) if !c.is_control() => field.push(c),
                Action::Paste(s) => field.extend(s.chars().filter(|c| !c.is_control())),
                Action::Backspace => {
                    field.pop();
                }
                Action::SwitchField => {
                    form.focus = match form.focus {
                        FormField::Opinion => FormField::Date,
                        FormField::Date => FormField::Opinion,
                    };
                }
                Action::Cancel => self.form = None,
                _ => {}
            }
            return Outcome::Nothing;
        }
        self.message = None;
        let last = self.items.len().saturating_sub(1);
        match action {
            Action::Next => self.pos = (self.pos + 1).min(last),
            Action::Prev => self.pos = self.pos.saturating_sub(1),
            Action::First => self.pos = 0,
            Action::Last => self.pos = last,
            Action::Decide if self.current().is_some() => {
                let existing = self
                    .current()
                    .and_then(|m| self.own_decision(ledger, m))
                    .unwrap_or_default();
                self.form = Some(Form {
                    focus: FormField::Opinion,
                    opinion: existing,
                    date: String::new(),
                    error: None,
                });
            }
            Action::Cancel => return Outcome::Close,
            _ => {}
        }
        Outcome::Nothing
    }

    /// This meeting's decision already recorded on the item, to edit it again.
    fn own_decision(&self, ledger: &Ledger, measure: &str) -> Option<String> {
        ledger
            .entries
            .iter()
            .filter(|(k, _)| k.measure == measure)
            .filter_map(|(_, e)| e.decision.as_ref())
            .find(|d| d.meeting == self.meeting)
            .map(|d| d.opinion.clone())
    }

    /// The departments a decision on the current item goes to (see [`recipients`]).
    pub fn recipients(&self, plan: &Plan, ledger: &Ledger, today: NaiveDate) -> Vec<String> {
        match self.current().and_then(|id| plan.measure(id)) {
            Some(m) => recipients(m, ledger, today, &self.scope),
            None => Vec::new(),
        }
    }

    fn edits(&self, plan: &Plan, ledger: &Ledger, today: NaiveDate) -> Result<Vec<Edit>, String> {
        let form = self.form.as_ref().ok_or("no decision is being entered")?;
        let measure = self.current().ok_or("nothing to decide on")?;
        let opinion = form.opinion.trim();
        if opinion.is_empty() {
            return Err("请填写督办意见 (the decision is empty)".into());
        }
        if self.meeting.is_empty() {
            return Err("the review has no meeting name".into());
        }
        let date = form.date.trim();
        let due = if date.is_empty() {
            None
        } else {
            let d = crate::date::parse(date).map_err(|e| e.zh())?;
            if d < today {
                return Err(format!(
                    "调度会定时限 {d} 早于今天 {today} (the deadline set by the meeting is before today)"
                ));
            }
            Some(d)
        };
        let to = self.recipients(plan, ledger, today);
        if to.is_empty() {
            return Err("this measure names no department".into());
        }
        Ok(to
            .into_iter()
            .map(|dept| {
                Edit::new(
                    measure,
                    dept,
                    Op::MeetingDecision {
                        meeting: self.meeting.clone(),
                        opinion: opinion.to_string(),
                        due,
                    },
                )
            })
            .collect())
    }

    /// The caller reports how the save went: the form closes on success and
    /// stays open with the error on failure (nothing typed is lost).
    pub fn saved(&mut self, result: Result<(), String>) {
        match result {
            Ok(()) => {
                if let Some(m) = self.current() {
                    self.decided.insert(m.to_string());
                }
                self.form = None;
                self.message = Some("督办意见已保存".into());
            }
            Err(e) => {
                if let Some(f) = self.form.as_mut() {
                    f.error = Some(e);
                }
            }
        }
    }
}
