//! Markdown export: readable in a terminal, printable at 80 columns, and
//! pasteable into minutes.

use std::fmt::Write;

use chrono::NaiveDate;

use super::{Item, dept_names};
use crate::cli::Lang;
use crate::plan::{DeadlineKind, Plan};

struct Words {
    as_of: &'static str,
    measures: &'static str,
    overdue: &'static str,
    lead: &'static str,
    inferred: &'static str,
    responsible: &'static str,
    deadlines: &'static str,
    targets: &'static str,
    recurring: &'static str,
    days_late: &'static str,
    from: &'static str,
    within: &'static str,
}

const ZH: Words = Words {
    as_of: "截至",
    measures: "项措施",
    overdue: "逾期",
    lead: "牵头部门",
    inferred: "（按第一责任单位）",
    responsible: "责任部门",
    deadlines: "时限",
    targets: "指标",
    recurring: "常态工作",
    days_late: "天",
    from: "起",
    within: "内",
};

const EN: Words = Words {
    as_of: "As of",
    measures: "measures",
    overdue: "overdue",
    lead: "Lead",
    inferred: " (first responsible unit)",
    responsible: "Responsible",
    deadlines: "Deadlines",
    targets: "Targets",
    recurring: "Recurring",
    days_late: "days",
    from: "from",
    within: "within",
};

pub fn render(plan: &Plan, today: NaiveDate, items: &[Item], lang: Lang) -> String {
    let w = if lang == Lang::En { &EN } else { &ZH };
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", plan.doc.title);
    let overdue = items.iter().filter(|i| i.overdue).count();
    let _ = writeln!(
        out,
        "{} {today} · {} {} · {} {overdue}\n",
        w.as_of,
        items.len(),
        w.measures,
        w.overdue
    );
    let mut chapter = None;
    for it in items {
        if chapter != Some(it.chapter.number) {
            chapter = Some(it.chapter.number);
            let _ = writeln!(out, "## {}、{}\n", it.chapter.numeral, it.chapter.title);
        }
        let m = it.measure;
        let _ = writeln!(out, "### {} {}{}\n", m.id, m.number, m.title);
        if !m.text.is_empty() {
            let _ = writeln!(out, "{}\n", m.text);
        }
        let inferred = if m.lead_inferred { w.inferred } else { "" };
        let _ = writeln!(
            out,
            "- {}：{}{inferred}",
            w.lead,
            dept_names(plan, &m.lead).join("、")
        );
        if !m.responsible.is_empty() {
            let _ = writeln!(
                out,
                "- {}：{}",
                w.responsible,
                dept_names(plan, &m.responsible).join("、")
            );
        }
        if !m.deadlines.is_empty() {
            let ds: Vec<String> = m
                .deadlines
                .iter()
                .map(|d| {
                    let kind = match d.kind {
                        DeadlineKind::By => "",
                        DeadlineKind::From => w.from,
                        DeadlineKind::Within => w.within,
                    };
                    format!("{}{kind}（{}）", d.date, d.text)
                })
                .collect();
            let late = if it.overdue {
                format!(" — {} {} {}", w.overdue, it.days_late, w.days_late)
            } else {
                String::new()
            };
            let _ = writeln!(out, "- {}：{}{late}", w.deadlines, ds.join("；"));
        }
        if !m.targets.is_empty() {
            let ts: Vec<String> = m
                .targets
                .iter()
                .map(|t| format!("{} {} {}{}", t.label, t.cmp.symbol(), t.value, t.unit))
                .collect();
            let _ = writeln!(out, "- {}：{}", w.targets, ts.join("；"));
        }
        if !m.recurring.is_empty() {
            let rs: Vec<&str> = m.recurring.iter().map(|r| r.text.as_str()).collect();
            let _ = writeln!(out, "- {}：{}", w.recurring, rs.join("；"));
        }
        out.push('\n');
    }
    out
}
