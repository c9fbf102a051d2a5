//! The department scoreboard, chapter progress and targets against actuals. Pure.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::lights::{Light, LightCfg, dept_light};
use crate::lang::Lang;
use crate::plan::{Comparator, DeptKind, Plan, Target};
use crate::progress::{History, Key, Ledger, Review, Status, measure_state};

/// The ranking rule, shown above every scoreboard (screen and exports).
pub const RULE_ZH: &str = "排名规则：① 按时完成率（按期完成项 ÷ 已到期或已完成项）高者在前；\
② 逾期项少者在前；③ 完成进度（已完成项 ÷ 全部承担项）高者在前。\
无到期项的部门按时完成率记为100%。“区有关部门”等统称不参与排名。";

pub const RULE_EN: &str = "Ranking: (1) on-time completion rate (items done by their deadline ÷ \
items due or done), higher first; (2) fewer overdue items first; (3) progress (done ÷ all \
assigned items), higher first. A department with nothing due yet counts 100%. Catch-all \
entries such as \"other departments\" are not ranked.";

/// One department's line on the scoreboard.
#[derive(Debug, Clone, PartialEq)]
pub struct DeptScore {
    /// 1-based; equal scores share a rank.
    pub rank: usize,
    pub dept: String,
    pub name: String,
    pub short: String,
    /// Items (measures) assigned to the department.
    pub total: usize,
    pub done: usize,
    /// Items whose deadline is before today, or that are done.
    pub due: usize,
    /// Done items finished by their deadline.
    pub on_time: usize,
    pub overdue: usize,
    /// Items with a yellow light.
    pub warning: usize,
    /// `on_time ÷ due`; `None` when nothing is due yet (ranked as 100 %).
    pub rate: Option<f64>,
    /// `done ÷ total`.
    pub progress: f64,
    pub light: Light,
}

impl DeptScore {
    fn key(&self) -> (i64, usize, i64) {
        let rate = (self.rate.unwrap_or(1.0) * 1e6).round() as i64;
        let prog = (self.progress * 1e6).round() as i64;
        (-rate, self.overdue, -prog)
    }
}

/// The date each entry was last set to done, from the history; a date after
/// `today` (an as-of date in the past) counts as `today`.
pub fn done_dates(history: &History, today: NaiveDate) -> BTreeMap<Key, NaiveDate> {
    let mut out = BTreeMap::new();
    for t in &history.txns {
        for c in &t.changes {
            if c.field == crate::progress::Field::Status && c.to == "done" {
                out.insert(c.key.clone(), t.at.date_naive().min(today));
            }
        }
    }
    out
}

/// Ranks the departments (see [`RULE_ZH`]). `done_dates` comes from
/// [`done_dates`]; a done entry missing there falls back to its report or
/// last-change stamp, and then counts as on time.
pub fn scoreboard(
    plan: &Plan,
    ledger: &Ledger,
    today: NaiveDate,
    done_dates: &BTreeMap<Key, NaiveDate>,
    cfg: LightCfg,
) -> Vec<DeptScore> {
    let mut rows: BTreeMap<&str, DeptScore> = BTreeMap::new();
    for (_, m) in plan.measures() {
        let st = measure_state(m, ledger, today);
        for ds in &st.depts {
            let Some(dept) = plan.department(&ds.dept) else {
                continue;
            };
            if dept.kind == DeptKind::CatchAll {
                continue;
            }
            let row = rows.entry(dept.id.as_str()).or_insert_with(|| DeptScore {
                rank: 0,
                dept: dept.id.clone(),
                name: dept.name.clone(),
                short: if dept.short.is_empty() {
                    dept.name.clone()
                } else {
                    dept.short.clone()
                },
                total: 0,
                done: 0,
                due: 0,
                on_time: 0,
                overdue: 0,
                warning: 0,
                rate: None,
                progress: 0.0,
                light: Light::Green,
            });
            row.total += 1;
            let entry = ledger.get(&m.id, &ds.dept);
            let sig = dept_light(m, ds, entry, plan.doc.issued, today, cfg);
            match sig.light {
                Light::Red => row.overdue += 1,
                Light::Yellow => row.warning += 1,
                Light::Green => {}
            }
            if ds.status == Status::Done {
                row.done += 1;
                row.due += 1;
                let key = Key::new(&m.id, &ds.dept);
                let finished = done_dates.get(&key).copied().or_else(|| {
                    entry.and_then(|e| match &e.review {
                        Review::Reported(s) | Review::Confirmed(s) => {
                            Some(s.at.date_naive().min(today))
                        }
                        _ => e.updated.as_ref().map(|s| s.at.date_naive().min(today)),
                    })
                });
                let in_time = match (finished, ds.deadline) {
                    (Some(f), Some(dl)) => f <= dl,
                    _ => true,
                };
                if in_time {
                    row.on_time += 1;
                }
            } else if ds.deadline.is_some_and(|dl| dl < today) {
                row.due += 1;
            }
        }
    }
    let mut out: Vec<DeptScore> = rows
        .into_values()
        .map(|mut r| {
            r.rate = (r.due > 0).then(|| r.on_time as f64 / r.due as f64);
            r.progress = if r.total == 0 {
                0.0
            } else {
                r.done as f64 / r.total as f64
            };
            r.light = if r.overdue > 0 {
                Light::Red
            } else if r.warning > 0 {
                Light::Yellow
            } else {
                Light::Green
            };
            r
        })
        .collect();
    out.sort_by(|a, b| a.key().cmp(&b.key()).then_with(|| a.dept.cmp(&b.dept)));
    for i in 0..out.len() {
        out[i].rank = if i > 0 && out[i].key() == out[i - 1].key() {
            out[i - 1].rank
        } else {
            i + 1
        };
    }
    out
}

/// A chapter's measures by derived state, for the dashboard's bars.
#[derive(Debug, Clone, PartialEq)]
pub struct ChapterProgress {
    pub number: u32,
    pub numeral: String,
    pub title: String,
    pub total: usize,
    pub done: usize,
    pub in_progress: usize,
    pub blocked: usize,
    pub overdue: usize,
}

impl ChapterProgress {
    pub fn share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.done as f64 / self.total as f64
        }
    }
}

pub fn chapters(plan: &Plan, ledger: &Ledger, today: NaiveDate) -> Vec<ChapterProgress> {
    plan.chapters
        .iter()
        .map(|c| {
            let mut p = ChapterProgress {
                number: c.number,
                numeral: c.numeral.clone(),
                title: c.title.clone(),
                total: c.measures.len(),
                done: 0,
                in_progress: 0,
                blocked: 0,
                overdue: 0,
            };
            for m in &c.measures {
                let st = measure_state(m, ledger, today);
                match st.status {
                    Status::Done => p.done += 1,
                    Status::InProgress => p.in_progress += 1,
                    Status::Blocked => p.blocked += 1,
                    Status::NotStarted => {}
                }
                if st.overdue {
                    p.overdue += 1;
                }
            }
            p
        })
        .collect()
}

/// A text bar `cells` wide: `█` for the share done, `░` for the rest, so it
/// prints and reads without colour.
pub fn bar(share: f64, cells: usize) -> String {
    let full = ((share.clamp(0.0, 1.0) * cells as f64).round() as usize).min(cells);
    format!("{}{}", "█".repeat(full), "░".repeat(cells - full))
}

/// Whether an actual meets its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Met,
    Short,
    NoData,
}

impl Verdict {
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Met => lang.pick("达标", "met"),
            Verdict::Short => lang.pick("未达标", "short"),
            Verdict::NoData => lang.pick("未填报", "no data"),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Short => "short",
            Verdict::NoData => "no_data",
        }
    }
}

pub fn verdict(t: &Target, actual: Option<f64>) -> Verdict {
    match actual {
        None => Verdict::NoData,
        Some(a) => {
            let ok = match t.cmp {
                Comparator::Ge => a >= t.value,
                Comparator::Le => a <= t.value,
                Comparator::Eq => (a - t.value).abs() < 1e-9,
            };
            if ok { Verdict::Met } else { Verdict::Short }
        }
    }
}

/// A number as people write it: `99`, `97.5`, `0.25`.
pub fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// One numeric target of a measure with the actual reported for it.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    pub chapter: u32,
    pub measure: String,
    pub key: String,
    pub label: String,
    pub cmp: Comparator,
    pub value: f64,
    pub unit: String,
    /// The lead department's actual, else the first department that reported one.
    pub actual: Option<f64>,
    pub by: Option<String>,
    pub verdict: Verdict,
}

impl TargetRow {
    /// "全程电子化率 目标 ≥ 99%，实际 97.5% → 未达标"
    pub fn sentence(&self, lang: Lang) -> String {
        let actual = self
            .actual
            .map_or_else(|| "—".to_string(), |a| format!("{}{}", num(a), self.unit));
        let (label, symbol, value, unit) =
            (&self.label, self.cmp.symbol(), num(self.value), &self.unit);
        let verdict = self.verdict.word(lang);
        match lang {
            Lang::Zh => format!("{label} 目标 {symbol} {value}{unit}，实际 {actual} → {verdict}"),
            Lang::En => {
                format!("{label} target {symbol} {value}{unit}, actual {actual} → {verdict}")
            }
        }
    }
}

/// Targets of one measure against the actuals its departments reported.
pub fn measure_targets(chapter: u32, m: &crate::plan::Measure, ledger: &Ledger) -> Vec<TargetRow> {
    m.targets
        .iter()
        .map(|t| {
            let found = m.departments().into_iter().find_map(|d| {
                ledger
                    .get(&m.id, d)
                    .and_then(|e| e.actuals.get(&t.key))
                    .map(|a| (*a, d.to_string()))
            });
            let actual = found.as_ref().map(|f| f.0);
            TargetRow {
                chapter,
                measure: m.id.clone(),
                key: t.key.clone(),
                label: t.label.clone(),
                cmp: t.cmp,
                value: t.value,
                unit: t.unit.clone(),
                actual,
                by: found.map(|f| f.1),
                verdict: verdict(t, actual),
            }
        })
        .collect()
}

/// Every numeric target of the plan, in plan order.
pub fn targets(plan: &Plan, ledger: &Ledger) -> Vec<TargetRow> {
    plan.measures()
        .flat_map(|(c, m)| measure_targets(c.number, m, ledger))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Comparator;

    fn t(cmp: Comparator, value: f64) -> Target {
        Target {
            key: "k".into(),
            label: "全程电子化率".into(),
            cmp,
            value,
            unit: "%".into(),
            text: String::new(),
        }
    }

    #[test]
    fn verdicts_follow_the_comparator() {
        assert_eq!(
            verdict(&t(Comparator::Ge, 99.0), Some(97.5)),
            Verdict::Short
        );
        assert_eq!(verdict(&t(Comparator::Ge, 99.0), Some(99.0)), Verdict::Met);
        assert_eq!(verdict(&t(Comparator::Le, 2.0), Some(2.0)), Verdict::Met);
        assert_eq!(verdict(&t(Comparator::Le, 2.0), Some(2.5)), Verdict::Short);
        assert_eq!(verdict(&t(Comparator::Eq, 1.0), Some(1.0)), Verdict::Met);
        assert_eq!(verdict(&t(Comparator::Eq, 1.0), None), Verdict::NoData);
    }

    #[test]
    fn target_sentence_reads_like_the_circular() {
        let r = TargetRow {
            chapter: 1,
            measure: "1.2".into(),
            key: "k".into(),
            label: "全程电子化率".into(),
            cmp: Comparator::Ge,
            value: 99.0,
            unit: "%".into(),
            actual: Some(97.5),
            by: Some("approval".into()),
            verdict: Verdict::Short,
        };
        assert_eq!(
            r.sentence(Lang::Zh),
            "全程电子化率 目标 ≥ 99%，实际 97.5% → 未达标"
        );
        assert_eq!(
            r.sentence(Lang::En),
            "全程电子化率 target ≥ 99%, actual 97.5% → short"
        );
    }

    #[test]
    fn bars_and_numbers() {
        assert_eq!(bar(0.0, 4), "░░░░");
        assert_eq!(bar(0.5, 4), "██░░");
        assert_eq!(bar(1.0, 4), "████");
        assert_eq!(bar(7.0, 3), "███");
        assert_eq!(num(99.0), "99");
        assert_eq!(num(97.5), "97.5");
        assert_eq!(num(1.0 / 3.0), "0.3333");
    }
}
