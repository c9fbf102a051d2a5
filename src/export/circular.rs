//! `duban export --report circular [--dept ID]`: the circular (通报) — the
//! overall figures and ranking, then each department's red (逾期) and yellow
//! (预警) items with status, note and the latest meeting decision. With
//! `--dept` it is that department's part alone (and its rank).

use std::fmt::Write;

use serde_json::json;

use super::Format;
use super::report::{Inputs, WIDTH, clean, csv_done, csv_writer, pct, tr, wrap};
use crate::lang::Lang;
use crate::meeting::lights::{Light, Signal, dept_light};
use crate::meeting::score::{DeptScore, RULE_EN, RULE_ZH};
use crate::progress::{MeetingDecision, Status, measure_state};

/// One red or yellow item of a department.
pub struct Item {
    pub chapter: u32,
    pub measure: String,
    pub title: String,
    pub lead: bool,
    pub status: Status,
    pub deadline: Option<chrono::NaiveDate>,
    pub signal: Signal,
    pub note: String,
    pub decision: Option<MeetingDecision>,
}

pub struct Section {
    pub score: DeptScore,
    pub items: Vec<Item>,
}

/// Each ranked department with its red and yellow items (red first, then by
/// plan order); departments with neither are left out unless asked for.
pub fn sections(inp: &Inputs, only: Option<&str>) -> Vec<Section> {
    let plan = &inp.ctx.plan;
    let mut out = Vec::new();
    for score in inp.scoreboard() {
        if only.is_some_and(|d| d != score.dept) {
            continue;
        }
        let mut items = Vec::new();
        for (c, m) in plan.measures() {
            if !m.departments().contains(&score.dept.as_str()) {
                continue;
            }
            let st = measure_state(m, &inp.ledger, inp.today());
            let Some(ds) = st.depts.iter().find(|d| d.dept == score.dept) else {
                continue;
            };
            let e = inp.ledger.get(&m.id, &ds.dept);
            let signal = dept_light(m, ds, e, plan.doc.issued, inp.today(), inp.cfg);
            if signal.light == Light::Green {
                continue;
            }
            items.push(Item {
                chapter: c.number,
                measure: m.id.clone(),
                title: m.title.clone(),
                lead: ds.lead,
                status: ds.status,
                deadline: ds.deadline,
                signal,
                note: e.map(|e| e.note.clone()).unwrap_or_default(),
                decision: e.and_then(|e| e.decision.clone()),
            });
        }
        items.sort_by_key(|i| std::cmp::Reverse(i.signal.light));
        if items.is_empty() && only.is_none() {
            continue;
        }
        out.push(Section { score, items });
    }
    out
}

pub fn render(inp: &Inputs, format: Format, only: Option<&str>) -> Result<Vec<u8>, String> {
    let secs = sections(inp, only);
    if let Some(d) = only
        && secs.is_empty()
    {
        return Err(format!(
            "department {d:?} has no ranked items (catch-all entries are not ranked)"
        ));
    }
    Ok(match format {
        // report::render refuses xlsx before dispatching here.
        Format::Xlsx => unreachable!("xlsx reports are refused by report::render"),

        Format::Md => md(inp, &secs, only).into_bytes(),
        Format::Csv => csv(inp, &secs),
        Format::Json => {
            let doc = json!({
                "report": "circular",
                "plan": {"id": inp.ctx.plan.doc.id, "title": inp.ctx.plan.doc.title},
                "as_of": inp.today(),
                "rule": RULE_ZH,
                "departments": secs.iter().map(|s| {
                    let mut d = super::scoreboard::dept_json(&s.score);
                    d["items"] = s.items.iter().map(|i| json!({
                        "measure": i.measure, "title": i.title, "lead": i.lead,
                        "status": i.status, "deadline": i.deadline,
                        "light": i.signal.light.key(), "why": i.signal.why.text(Lang::Zh),
                        "note": i.note, "decision": i.decision,
                    })).collect::<serde_json::Value>();
                    d
                }).collect::<Vec<_>>(),
            });
            let mut s = serde_json::to_string_pretty(&doc).expect("plain data");
            s.push('\n');
            s.into_bytes()
        }
    })
}

fn md(inp: &Inputs, secs: &[Section], only: Option<&str>) -> String {
    let plan = &inp.ctx.plan;
    let en = inp.ctx.lang == Lang::En;
    let mut out = String::new();
    let title = if en {
        format!("# Progress circular: {}", clean(&plan.doc.title))
    } else {
        format!("# 关于《{}》推进情况的通报", clean(&plan.doc.title))
    };
    let _ = writeln!(out, "{}\n", wrap(&title, WIDTH, "", "  "));
    let mut total = 0;
    let mut done = 0;
    let mut overdue = 0;
    for (_, m) in plan.measures() {
        let st = measure_state(m, &inp.ledger, inp.today());
        total += 1;
        done += usize::from(st.status == Status::Done);
        overdue += usize::from(st.overdue);
    }
    let share = pct(if total == 0 {
        0.0
    } else {
        done as f64 / total as f64
    });
    let lead = if en {
        format!(
            "As of {}, {done} of {total} measures are done ({share}) and {overdue} are overdue. \
             Red [R] means overdue; yellow [Y] due soon or behind the expected progress.",
            inp.today()
        )
    } else {
        format!(
            "截至 {}，全区 {total} 项措施已完成 {done} 项（{share}），逾期 {overdue} 项。\
             现将各部门推进情况通报如下。红灯 [R] 为逾期，黄灯 [Y] 为临期或滞后序时进度。",
            inp.today()
        )
    };
    let _ = writeln!(out, "{}\n", wrap(&lead, WIDTH, "", ""));
    if only.is_none() {
        let _ = writeln!(out, "## {}\n", tr(en, "一、部门排名", "1. Ranking"));
        let rule = if en { RULE_EN } else { RULE_ZH };
        let _ = writeln!(out, "{}\n", wrap(rule, WIDTH, "", ""));
        out.push_str("```\n");
        super::scoreboard::md_table(&mut out, &inp.scoreboard(), en);
        out.push_str("```\n\n");
        let _ = writeln!(
            out,
            "## {}\n",
            tr(en, "二、逾期和预警事项", "2. Overdue and warning items")
        );
    }
    if secs.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            tr(
                en,
                "各部门均无逾期和预警事项。",
                "No department has overdue or warning items."
            )
        );
    }
    for s in secs {
        let r = &s.score;
        let red = s
            .items
            .iter()
            .filter(|i| i.signal.light == Light::Red)
            .count();
        let rate = r.rate.map_or_else(|| "—".into(), pct);
        let undated = match (r.undated, en) {
            (0, _) => String::new(),
            (n, true) => format!("; {n} without a deadline"),
            (n, false) => format!("；未明确时限 {n} 项"),
        };
        let head = if en {
            format!(
                "### {} (rank {}; {red} overdue, {} warning; on time {rate}{undated})",
                clean(&r.name),
                r.rank,
                s.items.len() - red
            )
        } else {
            format!(
                "### {}（第 {} 名；逾期 {red} 项，预警 {} 项；按时完成率 {rate}{undated}）",
                clean(&r.name),
                r.rank,
                s.items.len() - red
            )
        };
        let _ = writeln!(out, "{}\n", wrap(&head, WIDTH, "", "    "));
        if s.items.is_empty() {
            let _ = writeln!(
                out,
                "{}\n",
                tr(en, "无逾期和预警事项。", "No overdue or warning items.")
            );
            continue;
        }
        for i in &s.items {
            let deadline = i.deadline.map_or_else(
                || tr(en, "无时限", "no deadline").to_string(),
                |d| d.to_string(),
            );
            let mut line = if en {
                format!(
                    "{} {} {} ({}) — due {deadline}, {}, status: {}",
                    i.signal.light.tag(),
                    i.measure,
                    clean(&i.title),
                    if i.lead { "lead" } else { "responsible" },
                    i.signal.why.text(Lang::En),
                    i.status.label(Lang::En)
                )
            } else {
                format!(
                    "{} {} {}（{}）— 时限 {deadline}，{}，状态：{}",
                    i.signal.light.tag(),
                    i.measure,
                    clean(&i.title),
                    if i.lead { "牵头" } else { "责任" },
                    i.signal.why.text(Lang::Zh),
                    i.status.label(Lang::Zh)
                )
            };
            if !i.note.trim().is_empty() {
                let _ = write!(line, "{}{}", tr(en, "；备注：", "; note: "), clean(&i.note));
            }
            if let Some(d) = &i.decision {
                let _ = if en {
                    write!(
                        line,
                        "; decision ({}): {}",
                        clean(&d.meeting),
                        clean(&d.opinion)
                    )
                } else {
                    write!(
                        line,
                        "；督办意见（{}）：{}",
                        clean(&d.meeting),
                        clean(&d.opinion)
                    )
                };
                if let Some(due) = d.due {
                    let _ = write!(line, "{} {due}", tr(en, "，新承诺日期", ", new date"));
                }
            }
            let _ = writeln!(out, "{}", wrap(&line, WIDTH, "- ", "  "));
        }
        out.push('\n');
    }
    out
}

fn csv(inp: &Inputs, secs: &[Section]) -> Vec<u8> {
    let mut w = csv_writer();
    let _ = w.write_record([
        "rank",
        "dept",
        "dept_name",
        "chapter",
        "measure",
        "title",
        "role",
        "light",
        "why",
        "status",
        "deadline",
        "note",
        "decision_meeting",
        "decision",
        "new_due",
    ]);
    for s in secs {
        for i in &s.items {
            let d = i.decision.as_ref();
            let _ = w.write_record([
                s.score.rank.to_string(),
                s.score.dept.clone(),
                clean(&inp.dept_name(&s.score.dept)),
                i.chapter.to_string(),
                i.measure.clone(),
                clean(&i.title),
                if i.lead { "lead" } else { "responsible" }.to_string(),
                i.signal.light.key().to_string(),
                i.signal.why.text(Lang::Zh),
                i.status.word().to_string(),
                i.deadline.map(|d| d.to_string()).unwrap_or_default(),
                clean(&i.note),
                d.map(|d| clean(&d.meeting)).unwrap_or_default(),
                d.map(|d| clean(&d.opinion)).unwrap_or_default(),
                d.and_then(|d| d.due)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ]);
        }
    }
    csv_done(w)
}
