//! The department scoreboard, chapter progress and targets against actuals. Pure.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::lights::{Light, LightCfg, dept_light};
use crate::lang::Lang;
use crate::plan::{Comparator, DeptKind, Plan, Target};
use crate::progress::{History, Key, Ledger, Review, Status, measure_state};

/// The ranking rule, shown above every scoreboard (screen and exports), one
/// sentence to read out at the meeting. It ranks what departments did: a
/// department with nothing done has a rate of 0 and never ranks above one
/// that finished an item on time.
pub const RULE_ZH: &str = "排名规则：先比按时完成率（按时完成项 ÷ 已完成项与逾期项，都没有的记0），高者在前，\
相同时依次比逾期项少、按时完成项多、完成进度（已完成项 ÷ 全部承担项）高；\
完成日期不晚于有效时限即为按时，未明确时限（既无计划时限也无承诺时间）的项完成即为按时、其项数单列；\
“区有关部门”等统称不参与排名。";

pub const RULE_EN: &str = "Ranking: on-time rate first (items finished on time ÷ items finished \
or overdue; 0 when there are none), higher first, then fewer overdue items, more items finished \
on time, higher progress (finished ÷ all assigned items); an item is on time when finished by \
its effective deadline, an item with neither a plan date nor a committed date (no deadline set, \
counted per department) is on time when finished, and catch-all entries such as \"other \
departments\" are not ranked.";

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
    /// Items done, or not done and past their deadline: the rate's
    /// denominator (`on_time + late` + overdue items).
    pub due: usize,
    /// Done items finished (`done_on`) by their effective deadline, or with
    /// no deadline at all.
    pub on_time: usize,
    /// Done items finished after their effective deadline.
    pub late: usize,
    pub overdue: usize,
    /// Items with a yellow light.
    pub warning: usize,
    /// Items with no effective deadline at all (未明确时限): neither a plan
    /// date nor a committed date (nor a decided one), done or not.
    pub undated: usize,
    /// `on_time ÷ due`; `None` when `due` is 0 (ranked as 0, shown as —).
    pub rate: Option<f64>,
    /// `done ÷ total`.
    pub progress: f64,
    pub light: Light,
}

impl DeptScore {
    /// The ranking key of [`RULE_ZH`], smallest first.
    fn key(&self) -> (i64, usize, i64, i64) {
        let rate = (self.rate.unwrap_or(0.0) * 1e6).round() as i64;
        let prog = (self.progress * 1e6).round() as i64;
        (-rate, self.overdue, -(self.on_time as i64), -prog)
    }
}

/// The date each entry was last set to done, from the history; a date after
/// `today` (an as-of date in the past) counts as `today`. For entries saved
/// before `done_on` existed; [`finished_on`] prefers the entry's own date.
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

/// When a done entry was finished: its `done_on`; for an entry from before
/// `done_on`, the history's date ([`done_dates`]), then its report or
/// last-change stamp. Never after `today`.
pub fn finished_on(
    key: &Key,
    entry: Option<&crate::progress::Entry>,
    today: NaiveDate,
    done_dates: &BTreeMap<Key, NaiveDate>,
) -> Option<NaiveDate> {
    entry
        .and_then(|e| e.done_on)
        .or_else(|| done_dates.get(key).copied())
        .or_else(|| {
            entry.and_then(|e| match &e.review {
                Review::Reported(s) | Review::Confirmed(s) => Some(s.at.date_naive()),
                _ => e.updated.as_ref().map(|s| s.at.date_naive()),
            })
        })
        .map(|d| d.min(today))
}

/// Ranks the departments (see [`RULE_ZH`]). `done_dates` comes from
/// [`done_dates`] and only matters for entries without `done_on`
/// ([`finished_on`]); a done entry with no completion date, or no
/// deadline, counts as on time.
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
                late: 0,
                overdue: 0,
                warning: 0,
                undated: 0,
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
            if ds.deadline.is_none() {
                row.undated += 1;
            }
            if ds.status == Status::Done {
                row.done += 1;
                row.due += 1;
                let key = Key::new(&m.id, &ds.dept);
                match (finished_on(&key, entry, today, done_dates), ds.deadline) {
                    (Some(f), Some(dl)) if f > dl.date => row.late += 1,
                    _ => row.on_time += 1,
                }
            } else if ds.deadline.is_some_and(|dl| dl.date < today) {
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
    rank(&mut out);
    out
}

/// Sorts by [`RULE_ZH`] (then by id, for a stable print) and numbers the
/// ranks; equal keys share a rank.
fn rank(out: &mut [DeptScore]) {
    out.sort_by(|a, b| a.key().cmp(&b.key()).then_with(|| a.dept.cmp(&b.dept)));
    for i in 0..out.len() {
        out[i].rank = if i > 0 && out[i].key() == out[i - 1].key() {
            out[i - 1].rank
        } else {
            i + 1
        };
    }
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
    use crate::progress::Entry;

    /// tests/fixtures/meeting/plan: 1.1 (approval; tax, market; due
    /// 2021-12-31), 1.2 (tax; the catch-all "others"; no date), 1.3 (market;
    /// due 2021-11-30), 2.1 (town; tax; due 2024-10-27).
    fn plan() -> Plan {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/meeting/plan");
        crate::plan::load_dir(&dir).expect("fixture plan loads")
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn done(on: &str) -> Entry {
        Entry {
            status: Status::Done,
            done_on: Some(d(on)),
            ..Entry::default()
        }
    }

    fn board(entries: &[(&str, &str, Entry)], today: &str) -> Vec<DeptScore> {
        let mut l = Ledger::default();
        for (m, dept, e) in entries {
            l.entries.insert(Key::new(*m, *dept), e.clone());
        }
        scoreboard(&plan(), &l, d(today), &BTreeMap::new(), LightCfg::default())
    }

    fn order(rows: &[DeptScore]) -> Vec<(&str, usize)> {
        rows.iter().map(|r| (r.dept.as_str(), r.rank)).collect()
    }

    fn row<'a>(rows: &'a [DeptScore], dept: &str) -> &'a DeptScore {
        rows.iter().find(|r| r.dept == dept).unwrap()
    }

    #[test]
    fn nothing_done_never_ranks_above_an_on_time_completion() {
        // Nothing is due yet anywhere: the one department that finished
        // something ranks first, everyone who did nothing shares the next rank.
        let rows = board(&[("1.3", "market", done("2021-11-20"))], "2021-11-01");
        assert_eq!(
            order(&rows),
            [("market", 1), ("approval", 2), ("tax", 2), ("town", 2)]
        );
        assert_eq!(row(&rows, "market").rate, Some(1.0));
        assert_eq!(row(&rows, "town").rate, None);
        // Even with an item overdue, finishing one on time beats doing nothing
        // with nothing due.
        let rows = board(&[("1.3", "market", done("2021-11-20"))], "2022-01-10");
        let m = row(&rows, "market");
        assert_eq!((m.on_time, m.overdue, m.rate), (1, 1, Some(0.5)));
        assert_eq!(m.rank, 1);
        assert!(rows.iter().filter(|r| r.done == 0).all(|r| r.rank > m.rank));
    }

    #[test]
    fn late_completions_rank_below_on_time_ones_and_above_nothing() {
        let rows = board(
            &[
                ("1.3", "market", done("2021-12-05")),
                ("1.1", "approval", done("2021-12-08")),
            ],
            "2021-12-10",
        );
        assert_eq!(
            order(&rows),
            [("approval", 1), ("market", 2), ("tax", 3), ("town", 3)]
        );
        let m = row(&rows, "market");
        assert_eq!((m.due, m.on_time, m.late, m.rate), (1, 0, 1, Some(0.0)));
    }

    #[test]
    fn the_completion_date_decides_not_the_typing_date() {
        // Typed on 2021-12-05 (after the 2021-11-30 deadline), finished on
        // 2021-11-25: on time.
        let mut e = done("2021-11-25");
        e.updated = Some(crate::progress::Stamp {
            by: "market".into(),
            at: d("2021-12-05").and_hms_opt(9, 0, 0).unwrap().and_utc(),
        });
        let rows = board(&[("1.3", "market", e.clone())], "2021-12-10");
        assert_eq!(row(&rows, "market").on_time, 1);
        // An entry from before `done_on`: the history's date decides.
        e.done_on = None;
        let mut l = Ledger::default();
        let key = Key::new("1.3", "market");
        l.entries.insert(key.clone(), e);
        let dd = BTreeMap::from([(key, d("2021-12-05"))]);
        let rows = scoreboard(&plan(), &l, d("2021-12-10"), &dd, LightCfg::default());
        assert_eq!(row(&rows, "market").late, 1);
        // A date after the as-of date counts as the as-of date.
        let rows = board(&[("1.3", "market", done("2021-11-29"))], "2021-11-28");
        assert_eq!(row(&rows, "market").on_time, 1);
    }

    #[test]
    fn undated_items_are_counted_apart_and_finishing_one_is_on_time() {
        // 1.2 has no plan date and tax committed none: 未明确时限.
        let rows = board(&[], "2021-12-10");
        assert_eq!(row(&rows, "tax").undated, 1);
        assert_eq!(row(&rows, "market").undated, 0);
        assert!(rows.iter().all(|r| r.dept != "others"), "catch-all");
        // A committed date makes it dated.
        let dated = Entry {
            due: Some(d("2021-12-20")),
            ..Entry::default()
        };
        let rows = board(&[("1.2", "tax", dated)], "2021-12-10");
        assert_eq!(row(&rows, "tax").undated, 0);
        let rows = board(&[("1.2", "tax", done("2021-12-01"))], "2021-12-10");
        let t = row(&rows, "tax");
        assert_eq!((t.undated, t.on_time, t.due, t.rank), (1, 1, 1, 1));
    }

    #[test]
    fn ties_share_a_rank_and_later_keys_break_them() {
        // Same rate (100 %), no overdue, one on time each: progress decides
        // (market 1 of 2 items, tax 1 of 3).
        let rows = board(
            &[
                ("1.3", "market", done("2021-11-20")),
                ("1.2", "tax", done("2021-11-20")),
            ],
            "2021-12-01",
        );
        assert_eq!(
            order(&rows),
            [("market", 1), ("tax", 2), ("approval", 3), ("town", 3)]
        );
        // More items finished on time rank first at the same rate.
        let rows = board(
            &[
                ("1.3", "market", done("2021-11-20")),
                ("1.1", "market", done("2021-11-20")),
                ("1.1", "approval", done("2021-11-20")),
            ],
            "2021-12-01",
        );
        assert_eq!(order(&rows)[..2], [("market", 1), ("approval", 2)]);
    }

    #[test]
    fn the_rule_is_one_sentence() {
        assert_eq!(RULE_ZH.matches('。').count(), 1);
        assert!(RULE_ZH.ends_with('。'));
        assert!(RULE_ZH.contains("未明确时限"));
        assert_eq!(RULE_EN.matches(". ").count(), 0);
        assert!(RULE_EN.ends_with('.'));
    }

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
