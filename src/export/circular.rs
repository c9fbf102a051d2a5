//! `duban export --report circular [--dept ID]`: the circular (通报) — the
//! overall figures and ranking, then each department's red (逾期) and yellow
//! (预警) items, and any item returned to it (退办). Each item shows its
//! status, the effective deadline with its source (`时限 2022-01-31（调度会定）`)
//! and the days late counted from that same date, the note, the latest
//! meeting decision (督办意见, its date labelled 调度会定时限: the meeting's,
//! not a promise), the review (退办 with its reason, 销号) and an extension
//! request with its decision. With `--dept` it is that department's part
//! alone (and its rank), and also lists every item something was decided
//! about: a decision, a 销号 or an extension.

use std::fmt::Write;

use serde_json::json;

use super::report::{Inputs, clean, csv_done, csv_writer, line, pct, tr};
use super::{Format, words};
use crate::lang::Lang;
use crate::meeting::lights::{Light, Signal, dept_light};
use crate::meeting::obligation;
use crate::meeting::score::{DeptScore, RULE_EN, RULE_ZH};
use crate::progress::deadline::Deadline;
use crate::progress::{Extension, MeetingDecision, Review, Status, measure_state};

/// One red or yellow item of a department.
pub struct Item {
    pub chapter: u32,
    pub measure: String,
    pub title: String,
    pub lead: bool,
    pub status: Status,
    /// The effective deadline and its source (the obligation rule).
    pub deadline: Option<Deadline>,
    /// Days past `deadline` when overdue, else 0.
    pub days_late: i64,
    pub signal: Signal,
    pub note: String,
    pub decision: Option<MeetingDecision>,
    pub review: Review,
    pub extension: Option<Extension>,
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
            let returned = e.is_some_and(|e| matches!(e.review, Review::Returned { .. }));
            // For its own circular a department also sees what was decided.
            let decided = only.is_some()
                && e.is_some_and(|e| {
                    e.decision.is_some() || e.is_confirmed() || e.extension.is_some()
                });
            if signal.light == Light::Green && !returned && !decided {
                continue;
            }
            let dl = ds.deadline;
            let days_late = match dl {
                Some(d) if ds.overdue => (inp.today() - d.date).num_days().max(0),
                _ => 0,
            };
            items.push(Item {
                chapter: c.number,
                measure: m.id.clone(),
                title: m.title.clone(),
                lead: ds.lead,
                status: ds.status,
                deadline: dl,
                days_late,
                signal,
                note: e.map(|e| e.note.clone()).unwrap_or_default(),
                decision: e.and_then(|e| e.decision.clone()),
                review: e.map(|e| e.review.clone()).unwrap_or_default(),
                extension: e.and_then(|e| {
                    obligation::own_extension(e.extension.as_ref(), e.decision.as_ref()).cloned()
                }),
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
        Format::Docx => unreachable!("docx reports are papers, built by report::render"),

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
                        "status": i.status, "deadline": i.deadline.map(|d| d.date),
                        "deadline_source": i.deadline.map(|d| d.source.key()),
                        "requested": i.deadline.and_then(|d| d.requested),
                        "days_late": i.days_late,
                        "light": i.signal.light.key(), "why": i.signal.why.text(Lang::Zh),
                        "note": i.note, "decision": i.decision,
                        "review": obligation::review_key(&i.review),
                        "return_reason": obligation::return_reason(&i.review),
                        "extension": i.extension.as_ref().map(|x| json!({
                            "date": x.date, "reason": x.reason,
                            "state": ext_key(x),
                            "rejection": match &x.decision {
                                crate::progress::Decision::Rejected { reason, .. } => Some(reason),
                                _ => None,
                            },
                        })),
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
    let _ = writeln!(out, "{}\n", line(&title, ""));
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
    let _ = writeln!(out, "{}\n", line(&lead, ""));
    if only.is_none() {
        let _ = writeln!(out, "## {}\n", tr(en, "一、部门排名", "1. Ranking"));
        let rule = if en { RULE_EN } else { RULE_ZH };
        let _ = writeln!(out, "{}\n", line(rule, ""));
        super::scoreboard::md_table(&mut out, &inp.scoreboard(), en);
        out.push('\n');
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
        let _ = writeln!(out, "{}\n", line(&head, ""));
        if s.items.is_empty() {
            let _ = writeln!(
                out,
                "{}\n",
                tr(en, "无逾期和预警事项。", "No overdue or warning items.")
            );
            continue;
        }
        for i in &s.items {
            let lang = inp.ctx.lang;
            // The light's reason says how late, counted from this same date;
            // without a date it says 无时限.
            let mut deadline = match &i.deadline {
                Some(d) => format!(
                    "{}{}{}",
                    tr(en, "时限 ", "due "),
                    obligation::deadline_text(Some(d), lang),
                    tr(en, "，", ", ")
                ),
                None => String::new(),
            };
            if let Some(r) = i.deadline.and_then(|d| d.requested) {
                let _ = write!(
                    deadline,
                    "{} {r}{}",
                    tr(en, "申请延至", "asked to move it to"),
                    tr(en, "，", ", ")
                );
            }
            let mut line = if en {
                format!(
                    "{} {} {} ({}) — {deadline}{}, status: {}",
                    i.signal.light.tag(),
                    i.measure,
                    clean(&i.title),
                    if i.lead { "lead" } else { "responsible" },
                    i.signal.why.text(Lang::En),
                    i.status.label(Lang::En)
                )
            } else {
                format!(
                    "{} {} {}（{}）— {deadline}{}，状态：{}",
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
                let _ = write!(
                    line,
                    "{}{}",
                    tr(en, "；督办意见：", "; decision: "),
                    clean(&obligation::decision_text(d, lang))
                );
            }
            if let Some(r) = obligation::review_text(&i.review, lang) {
                let _ = write!(line, "{}{}", tr(en, "；审核：", "; review: "), clean(&r));
            }
            if let Some(x) = &i.extension {
                let _ = write!(
                    line,
                    "{}{}",
                    tr(en, "；", "; "),
                    clean(&obligation::extension_text(x, lang))
                );
            }
            let _ = writeln!(out, "{}", super::report::line(&line, "- "));
        }
        out.push('\n');
    }
    out
}

fn csv(inp: &Inputs, secs: &[Section]) -> Vec<u8> {
    let lang = inp.ctx.lang;
    let mut w = csv_writer();
    let _ = w.write_record(words::header(
        lang,
        &[
            ("rank", "名次"),
            ("dept", "部门编号"),
            ("dept_name", "部门"),
            ("chapter", "章"),
            ("measure", "措施编号"),
            ("title", "措施"),
            ("role", "角色"),
            ("light", "灯号"),
            ("why", "情况"),
            ("status", "状态"),
            ("deadline", "有效时限"),
            ("note", "备注"),
            ("decision_meeting", "督办会议"),
            ("decision", "督办意见"),
            ("new_due", "调度会定时限"),
            ("deadline_source", "时限来源"),
            ("days_late", "逾期天数"),
            ("review", "审核"),
            ("return_reason", "退办理由"),
            ("extension", "延期"),
        ],
    ));
    for s in secs {
        for i in &s.items {
            let d = i.decision.as_ref();
            let _ = w.write_record([
                s.score.rank.to_string(),
                s.score.dept.clone(),
                clean(&inp.dept_name(&s.score.dept)),
                i.chapter.to_string(),
                words::measure_id(&i.measure, lang),
                clean(&i.title),
                words::role(i.lead, lang).to_string(),
                words::light(i.signal.light, lang).to_string(),
                i.signal.why.text(Lang::Zh),
                words::status(i.status, lang).to_string(),
                i.deadline.map(|d| d.date.to_string()).unwrap_or_default(),
                clean(&i.note),
                d.map(|d| clean(&d.meeting)).unwrap_or_default(),
                d.map(|d| clean(&d.opinion)).unwrap_or_default(),
                d.and_then(|d| d.due)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                words::source(i.deadline.map(|d| d.source), lang).to_string(),
                i.days_late.to_string(),
                words::review(obligation::review_key(&i.review), lang).to_string(),
                obligation::return_reason(&i.review)
                    .map(clean)
                    .unwrap_or_default(),
                i.extension
                    .as_ref()
                    .map(|x| clean(&obligation::extension_text(x, Lang::Zh)))
                    .unwrap_or_default(),
            ]);
        }
    }
    csv_done(w)
}

fn ext_key(x: &Extension) -> &'static str {
    match x.decision {
        crate::progress::Decision::Pending => "pending",
        crate::progress::Decision::Approved(_) => "approved",
        crate::progress::Decision::Rejected { .. } => "rejected",
    }
}
