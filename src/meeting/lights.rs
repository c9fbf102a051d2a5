//! Traffic lights (红黄绿灯), as supervision offices use them. Pure.
//!
//! The rule (also shown in help and exports):
//!
//! * **green** (绿, 正常): done, or on track;
//! * **red** (红, 逾期): not done and the deadline has passed
//!   ([`crate::progress::derive`] decides "overdue");
//! * **yellow** (黄): not done and either due within
//!   [`LightCfg::due_soon_days`] days (临期; the deadline day counts as day 0),
//!   or behind the progress expected for the time elapsed (滞后序时进度).
//!
//! 序时进度 is judged only where both exist: a start (the latest 「自…起」
//! date of the measure before its deadline, else the plan's issue date) and
//! a measured share of the work (the department's sub-steps done ÷ all, else
//! the lowest actual ÷ target of its "≥" targets). Expected share = days
//! since start ÷ days from start to deadline.
//!
//! Every light has a colour *and* a word and a bracketed letter, so it reads
//! the same under `NO_COLOR`, on a monochrome projector and on paper.

use chrono::NaiveDate;

use crate::lang::Lang;
use crate::plan::{Comparator, DeadlineKind, Measure, Plan};
use crate::progress::{Config, DeptState, Entry, Ledger, MeasureState, Status, measure_state};

/// Days before a deadline an item turns yellow when the config says nothing.
pub const DEFAULT_DUE_SOON_DAYS: u32 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LightCfg {
    pub due_soon_days: u32,
}

impl Default for LightCfg {
    fn default() -> Self {
        LightCfg {
            due_soon_days: DEFAULT_DUE_SOON_DAYS,
        }
    }
}

impl LightCfg {
    /// From the data dir's `config.ron` (`due_soon_days: 10`).
    pub fn from_config(c: &Config) -> Self {
        LightCfg {
            due_soon_days: c.due_soon_days.unwrap_or(DEFAULT_DUE_SOON_DAYS),
        }
    }
}

/// Ordered by severity: `Green < Yellow < Red`. Serialised as `green|yellow|red`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Green,
    Yellow,
    Red,
}

impl Light {
    /// 红 / 黄 / 绿, or green / yellow / red.
    pub fn colour(self, lang: Lang) -> &'static str {
        match self {
            Light::Green => lang.pick("绿", "green"),
            Light::Yellow => lang.pick("黄", "yellow"),
            Light::Red => lang.pick("红", "red"),
        }
    }

    /// `[G]` / `[Y]` / `[R]`: plain ASCII for CSV, logs and dumb terminals.
    pub fn tag(self) -> &'static str {
        match self {
            Light::Green => "[G]",
            Light::Yellow => "[Y]",
            Light::Red => "[R]",
        }
    }

    /// 正常 / 临期 / 逾期 (yellow also covers 滞后; [`Why`] says which).
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Light::Green => lang.pick("正常", "on track"),
            Light::Yellow => lang.pick("预警", "warning"),
            Light::Red => lang.pick("逾期", "overdue"),
        }
    }

    /// "● 红" — the dot carries the colour on screen, the character survives without it.
    pub fn badge(self, lang: Lang) -> String {
        format!("● {}", self.colour(lang))
    }

    /// The JSON/CSV word: `green|yellow|red`.
    pub fn key(self) -> &'static str {
        self.colour(Lang::En)
    }
}

/// Why a light has its colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Why {
    Done,
    OnTrack,
    /// Days past the deadline (≥ 1).
    Overdue {
        days: i64,
    },
    /// Days left until the deadline (0 = due today).
    DueSoon {
        days: i64,
    },
    /// Shares of the work, 0.0–1.0: what the time elapsed calls for, what is done.
    Behind {
        expected: f64,
        actual: f64,
    },
    /// Nothing is dated and nothing is measured: no judgement possible.
    Undated,
}

impl Why {
    pub fn text(&self, lang: Lang) -> String {
        match (*self, lang) {
            (Why::Done, _) => lang.pick("已完成", "done").into(),
            (Why::OnTrack, _) => lang.pick("正常", "on track").into(),
            (Why::Overdue { days }, Lang::Zh) => format!("逾期{days}天"),
            (Why::Overdue { days }, Lang::En) => format!("{days} days overdue"),
            (Why::DueSoon { days: 0 }, _) => lang.pick("今日到期", "due today").into(),
            (Why::DueSoon { days }, Lang::Zh) => format!("临期，{days}天后到期"),
            (Why::DueSoon { days }, Lang::En) => format!("due in {days} days"),
            (Why::Behind { expected, actual }, Lang::Zh) => format!(
                "滞后序时进度（应完成{}%，实际{}%）",
                pct(expected),
                pct(actual)
            ),
            (Why::Behind { expected, actual }, Lang::En) => format!(
                "behind schedule (expected {}%, actual {}%)",
                pct(expected),
                pct(actual)
            ),
            (Why::Undated, _) => lang.pick("无时限", "no deadline").into(),
        }
    }
}

fn pct(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// A light with its reason.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signal {
    pub light: Light,
    pub why: Why,
}

impl Signal {
    fn new(light: Light, why: Why) -> Self {
        Signal { light, why }
    }

    /// "[R] 红 逾期12天" — everything a reader needs without colour; the
    /// English drops the colour word, which repeats the tag.
    pub fn label(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "{} {} {}",
                self.light.tag(),
                self.light.colour(lang),
                self.why.text(lang)
            ),
            Lang::En => format!("{} {}", self.light.tag(), self.why.text(lang)),
        }
    }
}

/// When the measure's clock starts for 序时进度.
pub fn start_date(m: &Measure, issued: NaiveDate, deadline: NaiveDate) -> NaiveDate {
    m.deadlines
        .iter()
        .filter(|d| d.kind == DeadlineKind::From && d.date < deadline)
        .map(|d| d.date)
        .max()
        .unwrap_or(issued)
}

/// The measured share of a department's work, 0.0–1.0, when there is one.
pub fn share_done(m: &Measure, e: &Entry) -> Option<f64> {
    if !e.steps.is_empty() {
        let done = e.steps.iter().filter(|s| s.status == Status::Done).count();
        return Some(done as f64 / e.steps.len() as f64);
    }
    m.targets
        .iter()
        .filter(|t| t.cmp == Comparator::Ge && t.value > 0.0)
        .filter_map(|t| e.actuals.get(&t.key).map(|a| (a / t.value).clamp(0.0, 1.0)))
        .reduce(f64::min)
}

/// The light of one department's part of a measure.
pub fn dept_light(
    m: &Measure,
    ds: &DeptState,
    entry: Option<&Entry>,
    issued: NaiveDate,
    today: NaiveDate,
    cfg: LightCfg,
) -> Signal {
    if ds.status == Status::Done {
        return Signal::new(Light::Green, Why::Done);
    }
    let Some(deadline) = ds.deadline.map(|d| d.date) else {
        return Signal::new(Light::Green, Why::Undated);
    };
    let left = (deadline - today).num_days();
    if left < 0 {
        return Signal::new(Light::Red, Why::Overdue { days: -left });
    }
    if left <= i64::from(cfg.due_soon_days) {
        return Signal::new(Light::Yellow, Why::DueSoon { days: left });
    }
    if let Some(actual) = entry.and_then(|e| share_done(m, e)) {
        let start = start_date(m, issued, deadline);
        let span = (deadline - start).num_days();
        let gone = (today - start).num_days();
        if span > 0 && gone > 0 {
            let expected = (gone as f64 / span as f64).min(1.0);
            if actual + 1e-9 < expected {
                return Signal::new(Light::Yellow, Why::Behind { expected, actual });
            }
        }
    }
    Signal::new(Light::Green, Why::OnTrack)
}

/// The light of a measure: its most severe department (the first of equals,
/// so leads win ties); with no departments, the plan's due date alone.
pub fn measure_light(
    m: &Measure,
    state: &MeasureState,
    ledger: &Ledger,
    issued: NaiveDate,
    today: NaiveDate,
    cfg: LightCfg,
) -> Signal {
    if state.status == Status::Done {
        return Signal::new(Light::Green, Why::Done);
    }
    if state.depts.is_empty() {
        let ds = DeptState {
            dept: String::new(),
            lead: false,
            status: state.status,
            deadline: crate::progress::deadline::deadline(m, None),
            overdue: state.overdue,
            confirmed: false,
            awaiting_confirmation: false,
            extension_pending: false,
        };
        return dept_light(m, &ds, None, issued, today, cfg);
    }
    let mut worst: Option<Signal> = None;
    for ds in &state.depts {
        let s = dept_light(m, ds, ledger.get(&m.id, &ds.dept), issued, today, cfg);
        if worst.is_none_or(|w| s.light > w.light || more_urgent(&s, &w)) {
            worst = Some(s);
        }
    }
    worst.expect("at least one department")
}

/// Among two lights of one colour, the later or sooner one speaks for the measure.
fn more_urgent(a: &Signal, b: &Signal) -> bool {
    if a.light != b.light {
        return false;
    }
    match (a.why, b.why) {
        (Why::Overdue { days: x }, Why::Overdue { days: y }) => x > y,
        (Why::DueSoon { days: x }, Why::DueSoon { days: y }) => x < y,
        (Why::DueSoon { .. }, Why::Behind { .. }) => true,
        _ => false,
    }
}

/// Convenience: a measure's light straight from the ledger.
pub fn light_of(
    plan: &Plan,
    m: &Measure,
    ledger: &Ledger,
    today: NaiveDate,
    cfg: LightCfg,
) -> Signal {
    let st = measure_state(m, ledger, today);
    measure_light(m, &st, ledger, plan.doc.issued, today, cfg)
}

/// A department's lights over all its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeptLights {
    pub red: usize,
    pub yellow: usize,
    pub green: usize,
}

impl DeptLights {
    /// Red when any item is red, yellow when any is yellow, else green.
    pub fn light(&self) -> Light {
        if self.red > 0 {
            Light::Red
        } else if self.yellow > 0 {
            Light::Yellow
        } else {
            Light::Green
        }
    }
}

/// Counts the lights of every item assigned to `dept`.
pub fn dept_lights(
    plan: &Plan,
    ledger: &Ledger,
    dept: &str,
    today: NaiveDate,
    cfg: LightCfg,
) -> DeptLights {
    let mut out = DeptLights::default();
    for (_, m) in plan.measures() {
        if !m.departments().contains(&dept) {
            continue;
        }
        let st = measure_state(m, ledger, today);
        let Some(ds) = st.depts.iter().find(|d| d.dept == dept) else {
            continue;
        };
        let s = dept_light(m, ds, ledger.get(&m.id, dept), plan.doc.issued, today, cfg);
        match s.light {
            Light::Red => out.red += 1,
            Light::Yellow => out.yellow += 1,
            Light::Green => out.green += 1,
        }
    }
    out
}

#[cfg(test)]
#[path = "lights_tests.rs"]
mod tests;
