//! Markdown export: readable in a terminal, printable at 80 columns, and
//! pasteable into minutes.

use std::fmt::Write;

use chrono::NaiveDate;

use super::{Item, dept_names};
use crate::lang::Lang;
use crate::meeting::obligation;
use crate::plan::{DeadlineKind, Plan};
use crate::progress::deadline::Source;
use crate::progress::{Ledger, Status};

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
    state: &'static str,
    requested: &'static str,
    due_by: &'static str,
    note: &'static str,
    actual: &'static str,
    decision: &'static str,
    review: &'static str,
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
    state: "进展",
    requested: "申请延至",
    due_by: "时限",
    note: "备注",
    actual: "实际",
    decision: "督办意见",
    review: "审核",
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
    state: "Progress",
    requested: "asked to move it to",
    due_by: "due",
    note: "note",
    actual: "actual",
    decision: "decision",
    review: "review",
};

pub fn render(
    plan: &Plan,
    ledger: &Ledger,
    today: NaiveDate,
    items: &[Item],
    lang: Lang,
) -> String {
    let w = if lang == Lang::En { &EN } else { &ZH };
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", plan.doc.title);
    let overdue = items.iter().filter(|i| i.state.overdue).count();
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
            // How late is said per department, from its own effective
            // deadline, in the progress line below.
            let _ = writeln!(out, "- {}：{}", w.deadlines, ds.join("；"));
        }
        if !m.targets.is_empty() {
            let ts: Vec<String> = m
                .targets
                .iter()
                .map(|t| format!("{} {} {}{}", t.label, t.cmp.symbol(), t.value, t.unit))
                .collect();
            let _ = writeln!(out, "- {}：{}", w.targets, ts.join("；"));
        }
        let label = |s: Status| s.label(lang);
        let parts: Vec<String> = it
            .state
            .depts
            .iter()
            .map(|d| {
                let name = plan
                    .department(&d.dept)
                    .map_or(d.dept.as_str(), |x| x.name.as_str());
                let e = ledger.entry_or_default(&m.id, &d.dept);
                let mut s = format!("{name} {}", label(d.status));
                // The date that decides lateness, and whose date it is; a
                // plan date is already on the deadlines line.
                if let Some(dl) = d.deadline {
                    if dl.source != Source::Plan || d.overdue || m.deadlines.is_empty() {
                        s.push_str(&format!(
                            "（{} {} {}）",
                            w.due_by,
                            dl.date,
                            dl.source.label(lang)
                        ));
                    }
                    if let Some(r) = dl.requested {
                        s.push_str(&format!("（{} {r}）", w.requested));
                    }
                    if d.overdue {
                        let days = (today - dl.date).num_days();
                        s.push_str(&format!(" {} {days} {}", w.overdue, w.days_late));
                    }
                } else if d.overdue {
                    s.push_str(&format!(" {}", w.overdue));
                }
                for (k, v) in &e.actuals {
                    let t = m.targets.iter().find(|t| &t.key == k);
                    let what = t.map_or(k.as_str(), |t| t.label.as_str());
                    let unit = t.map_or("", |t| t.unit.as_str());
                    s.push_str(&format!("，{what}{} {v}{unit}", w.actual));
                }
                if !e.note.is_empty() {
                    s.push_str(&format!("，{}：{}", w.note, e.note));
                }
                // What was decided about it: the meeting's decision (its
                // date is the meeting's, 调度会定时限), the review, an extension.
                if let Some(dec) = &e.decision {
                    s.push_str(&format!(
                        "，{}：{}",
                        w.decision,
                        obligation::decision_text(dec, lang)
                    ));
                }
                if let Some(r) = obligation::review_text(&e.review, lang) {
                    s.push_str(&format!("，{}：{r}", w.review));
                }
                if let Some(x) =
                    obligation::own_extension(e.extension.as_ref(), e.decision.as_ref())
                {
                    s.push_str(&format!("，{}", obligation::extension_text(x, lang)));
                }
                s
            })
            .collect();
        let _ = writeln!(
            out,
            "- {}（{}）：{}",
            w.state,
            label(it.state.status),
            parts.join("；")
        );
        if !m.recurring.is_empty() {
            let rs: Vec<&str> = m.recurring.iter().map(|r| r.text.as_str()).collect();
            let _ = writeln!(out, "- {}：{}", w.recurring, rs.join("；"));
        }
        out.push('\n');
    }
    out
}
