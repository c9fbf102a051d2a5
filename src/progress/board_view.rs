//! The progress layer's answer to the board's [`Progress`] questions: a
//! snapshot of the ledger with every measure's derived state computed once.
//!
//! Build one after each load or save and hand it to
//! [`App::set_progress`](crate::app::App::set_progress).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Ledger, MeasureState, Status, measure_state};
use crate::app::progress::{DeptProgress, Progress};
use crate::cli::Lang;
use crate::plan::Plan;

pub struct BoardView {
    ledger: Ledger,
    states: HashMap<String, MeasureState>,
    lang: Lang,
}

impl BoardView {
    pub fn new(plan: &Plan, ledger: Ledger, today: NaiveDate, lang: Lang) -> Self {
        let states = plan
            .measures()
            .map(|(_, m)| (m.id.clone(), measure_state(m, &ledger, today)))
            .collect();
        BoardView {
            ledger,
            states,
            lang,
        }
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    pub fn state(&self, measure: &str) -> Option<&MeasureState> {
        self.states.get(measure)
    }

    fn label(&self, s: Status) -> &'static str {
        match self.lang {
            Lang::Zh => s.label_zh(),
            Lang::En => s.label_en(),
        }
    }
}

impl Progress for BoardView {
    fn is_done(&self, measure: &str) -> bool {
        self.states
            .get(measure)
            .is_some_and(|s| s.status == Status::Done)
    }

    fn fraction(&self, measure: &str) -> Option<f64> {
        let s = self.states.get(measure)?;
        let recorded = s
            .depts
            .iter()
            .any(|d| self.ledger.get(measure, &d.dept).is_some());
        if !recorded || s.depts.is_empty() {
            return None;
        }
        let done = s.depts.iter().filter(|d| d.status == Status::Done).count();
        Some(done as f64 / s.depts.len() as f64)
    }

    fn dept(&self, measure: &str, dept: &str) -> Option<DeptProgress> {
        let e = self.ledger.get(measure, dept)?;
        Some(DeptProgress {
            status: self.label(e.status).to_string(),
            done: e.status == Status::Done,
            blocked: e.status == Status::Blocked,
            committed: e.due.map(|d| d.format("%Y-%m-%d").to_string()),
            note: (!e.note.is_empty()).then(|| e.note.clone()),
        })
    }
}
