//! The 通报 as a paper: masthead, title, 主送, then 一、总体进展 (the figures
//! and the ranking), 二、存在问题 (the overdue items with the departments
//! concerned, the warnings, the returns), 三、下步要求, the signature, and
//! the ranking and the item list as annexes where they are long.

use super::{BODY_ROWS, masthead, ranking, recipients, signature, text};
use crate::export::circular::{Item, Section, sections};
use crate::export::paper::{Annex, Block, Grid, Paper, date};
use crate::export::report::{Inputs, clean, pct};
use crate::lang::Lang;
use crate::meeting::lights::Light;
use crate::meeting::obligation;
use crate::progress::{Status, measure_state};

pub fn paper(inp: &Inputs, only: Option<&str>) -> Result<Paper, String> {
    let secs = sections(inp, only);
    if let Some(d) = only
        && secs.is_empty()
    {
        return Err(format!(
            "department {d:?} has no ranked items (catch-all entries are not ranked)"
        ));
    }
    let plan = &inp.ctx.plan;
    let lang = inp.ctx.lang;
    let en = lang == Lang::En;
    let today = date(inp.today(), lang);
    let plan_title = clean(&plan.doc.title);
    let who = only.map(|d| clean(&inp.dept_name(d)));
    let title = match (&who, en) {
        (None, false) => format!("关于《{plan_title}》推进情况的通报"),
        (Some(n), false) => format!("关于{n}《{plan_title}》推进情况的通报"),
        (None, true) => format!("Circular on the progress of {plan_title}"),
        (Some(n), true) => format!("Circular on the progress of {plan_title}: {n}"),
    };
    let mut body = vec![Block::Para(if en {
        format!("The progress of {plan_title} as of {today} is circulated as follows.")
    } else {
        format!("为推动《{plan_title}》各项措施落地见效，现将截至{today}的推进情况通报如下。")
    })];
    let mut annexes = Vec::new();

    body.push(Block::Heading(
        lang.pick("一、总体进展", "1. Overall progress").into(),
    ));
    let (mut total, mut done, mut blocked, mut started, mut overdue) = (0, 0, 0, 0, 0);
    for (_, m) in plan.measures() {
        let st = measure_state(m, &inp.ledger, inp.today());
        total += 1;
        done += usize::from(st.status == Status::Done);
        blocked += usize::from(st.status == Status::Blocked);
        started += usize::from(st.status == Status::InProgress);
        overdue += usize::from(st.overdue);
    }
    let share = pct(if total == 0 {
        0.0
    } else {
        done as f64 / total as f64
    });
    body.push(Block::Para(if en {
        format!(
            "Of the plan's {total} measures, {done} are done ({share}), {started} in progress and \
             {blocked} blocked; {overdue} are overdue."
        )
    } else {
        format!(
            "全区{total}项措施中，已完成{done}项（{share}），推进中{started}项，受阻{blocked}项；\
             逾期{overdue}项。"
        )
    }));
    let board = inp.scoreboard();
    match only {
        None => {
            let top: Vec<String> = board
                .iter()
                .filter(|r| r.rank <= 3 && r.rate.is_some())
                .map(|r| clean(&r.name))
                .collect();
            let place = if board.len() > BODY_ROWS {
                lang.pick("各部门排名见附件1。", "The ranking is in Annex 1.")
            } else {
                lang.pick("各部门排名如下。", "The ranking follows.")
            };
            let lead = match (top.is_empty(), en) {
                (true, _) => place.to_string(),
                (false, false) => format!("按排名规则，{}位列前列。{place}", top.join("、")),
                (false, true) => format!("By the ranking rule, {} lead. {place}", top.join(", ")),
            };
            body.push(Block::Para(lead));
            if board.len() > BODY_ROWS {
                annexes.push(Annex {
                    title: lang.pick("部门排名", "Department ranking").into(),
                    body: ranking(&board, lang),
                });
            } else {
                body.extend(ranking(&board, lang));
            }
        }
        Some(_) => {
            if let Some(s) = secs.first() {
                let r = &s.score;
                let rate = r.rate.map_or_else(|| "—".into(), pct);
                body.push(Block::Para(if en {
                    format!(
                        "{} ranks {} of {}: on-time rate {rate}, {} of {} items done, {} overdue, \
                         {} warnings, {} without a deadline.",
                        clean(&r.name),
                        r.rank,
                        board.len(),
                        r.done,
                        r.total,
                        r.overdue,
                        r.warning,
                        r.undated
                    )
                } else {
                    format!(
                        "{}在{}个参与排名的部门中列第{}名：按时完成率{rate}，承担{}项、已完成{}项，\
                         逾期{}项，预警{}项，未明确时限{}项。",
                        clean(&r.name),
                        board.len(),
                        r.rank,
                        r.total,
                        r.done,
                        r.overdue,
                        r.warning,
                        r.undated
                    )
                }));
                body.extend(ranking(std::slice::from_ref(r), lang));
            }
        }
    }

    body.push(Block::Heading(
        lang.pick("二、存在问题", "2. Problems").into(),
    ));
    let red = concerned(&secs, |i| i.signal.light == Light::Red);
    let yellow = concerned(&secs, |i| i.signal.light == Light::Yellow);
    let returned = concerned(&secs, |i| {
        matches!(i.review, crate::progress::Review::Returned { .. })
    });
    let n_items = |v: &[(String, Vec<&Item>)]| v.iter().map(|(_, i)| i.len()).sum::<usize>();
    let list_annex = annexes.len() + 1;
    let long = secs.iter().map(|s| s.items.len()).sum::<usize>() > BODY_ROWS;
    let see = if long {
        if en {
            format!(" The items are listed in Annex {list_annex}.")
        } else {
            format!("具体事项见附件{list_annex}。")
        }
    } else {
        String::new()
    };
    body.push(Block::Sub(
        lang.pick("（一）逾期事项", "(1) Overdue items").into(),
    ));
    body.push(Block::Para(if red.is_empty() {
        lang.pick("无逾期事项。", "Nothing is overdue.").into()
    } else if en {
        format!(
            "{} items are overdue, in {} departments: {}.{see}",
            n_items(&red),
            red.len(),
            by_dept(&red, lang)
        )
    } else {
        format!(
            "截至{today}，{}个部门共{}项（次）工作逾期：{}。{see}",
            red.len(),
            n_items(&red),
            by_dept(&red, lang)
        )
    }));
    body.push(Block::Sub(
        lang.pick("（二）临期和滞后事项", "(2) Due soon or behind schedule")
            .into(),
    ));
    body.push(Block::Para(if yellow.is_empty() {
        lang.pick("无临期和滞后事项。", "Nothing is due soon or behind.")
            .into()
    } else if en {
        format!(
            "{} items are due soon or behind the expected progress, in {} departments: {}.",
            n_items(&yellow),
            yellow.len(),
            by_dept(&yellow, lang)
        )
    } else {
        format!(
            "{}个部门共{}项工作临期或滞后序时进度：{}。",
            yellow.len(),
            n_items(&yellow),
            by_dept(&yellow, lang)
        )
    }));
    if !returned.is_empty() {
        body.push(Block::Sub(
            lang.pick("（三）退办事项", "(3) Returned items").into(),
        ));
        body.push(Block::Para(if en {
            format!(
                "{} reported items were returned: {}.",
                n_items(&returned),
                by_dept(&returned, lang)
            )
        } else {
            format!(
                "{}项报结事项经审核退回：{}。请按退办意见补充完善后重新报结。",
                n_items(&returned),
                by_dept(&returned, lang)
            )
        }));
    }
    let grid = items_grid(inp, &secs);
    if !grid.rows.is_empty() {
        if long {
            annexes.push(Annex {
                title: lang
                    .pick("逾期和预警事项清单", "Overdue and warning items")
                    .into(),
                body: vec![Block::Table(grid)],
            });
        } else {
            body.push(Block::Para(
                lang.pick("上述事项明细如下：", "The items in detail:")
                    .into(),
            ));
            body.push(Block::Table(grid));
        }
    }

    body.push(Block::Heading(
        lang.pick("三、下步要求", "3. Next steps").into(),
    ));
    for (zh, english) in NEXT {
        body.push(Block::Para(lang.pick(*zh, *english).into()));
    }
    // A single annex is called 附件, not 附件1, as GB/T 9704 has it.
    if annexes.len() == 1 {
        for b in &mut body {
            if let Block::Para(t) = b {
                *t = t.replace("附件1", "附件").replace("Annex 1", "the annex");
            }
        }
    }
    let cfg = &inp.config;
    Ok(Paper {
        lang,
        masthead: Some(masthead(plan, cfg, super::year(inp))),
        title,
        to: Some(recipients(plan, cfg, lang)),
        body,
        signature: Some(signature(plan, cfg, inp)),
        annexes,
    })
}

/// 下步要求: what a 通报 asks of the departments, the same every month.
const NEXT: &[(&str, &str)] = &[
    (
        "（一）抓紧整改逾期事项。责任部门要逐项分析逾期原因，明确整改措施和完成时限，\
         于下次调度会前报送推进情况；确需延期的，按程序提出延期申请，经同意后调整时限。",
        "(1) Put overdue items right. Each department concerned analyses why each item is late, \
         sets out what it will do and by when, and reports before the next meeting; where more \
         time is needed it requests an extension.",
    ),
    (
        "（二）加快推进临期和滞后事项。各部门要倒排工期、压实责任，确保按期完成。",
        "(2) Speed up what is due soon or behind schedule, so that it is finished on time.",
    ),
    (
        "（三）及时更新工作台账。各部门要如实填报进展、承诺完成时间和指标实际值，\
         已完成事项及时报结销号。",
        "(3) Keep the ledger current: progress, committed dates and actual values as they are; \
         report finished items done so that they can be struck off.",
    ),
];

/// The departments with items matching `keep`, each with those items.
fn concerned(secs: &[Section], keep: impl Fn(&Item) -> bool) -> Vec<(String, Vec<&Item>)> {
    secs.iter()
        .filter_map(|s| {
            let items: Vec<&Item> = s.items.iter().filter(|i| keep(i)).collect();
            (!items.is_empty()).then(|| (clean(&s.score.name), items))
        })
        .collect()
}

/// `区税务局2项（1.1、5.8）；…`.
fn by_dept(v: &[(String, Vec<&Item>)], lang: Lang) -> String {
    v.iter()
        .map(|(d, items)| {
            let ids: Vec<&str> = items.iter().map(|i| i.measure.as_str()).collect();
            match lang {
                Lang::Zh => format!("{d}{}项（{}）", items.len(), ids.join("、")),
                Lang::En => format!("{d} {} ({})", items.len(), ids.join(", ")),
            }
        })
        .collect::<Vec<_>>()
        .join(lang.pick("；", "; "))
}

/// Every red and yellow (and returned) item, one row each.
fn items_grid(inp: &Inputs, secs: &[Section]) -> Grid {
    let lang = inp.ctx.lang;
    let mut g = Grid::new(&[
        (lang.pick("序号", "No."), 2),
        (lang.pick("责任部门", "Department"), 5),
        (lang.pick("措施", "Measure"), 9),
        (lang.pick("时限", "Deadline"), 6),
        (lang.pick("情况", "Light"), 5),
        (
            lang.pick("进展、督办意见和审核", "Progress, decisions, review"),
            9,
        ),
    ]);
    let mut n = 0;
    for s in secs {
        for i in &s.items {
            n += 1;
            let mut said = vec![format!(
                "{}{}",
                lang.pick("状态：", "status: "),
                i.status.label(lang)
            )];
            if !i.note.trim().is_empty() {
                said.push(format!("{}{}", lang.pick("备注：", "note: "), i.note));
            }
            if let Some(d) = &i.decision {
                said.push(format!(
                    "{}{}",
                    lang.pick("督办意见：", "decision: "),
                    obligation::decision_text(d, lang)
                ));
            }
            if let Some(r) = obligation::review_text(&i.review, lang) {
                said.push(r);
            }
            if let Some(x) = &i.extension {
                said.push(obligation::extension_text(x, lang));
            }
            let mut deadline = obligation::deadline_text(i.deadline.as_ref(), lang);
            if let Some(r) = i.deadline.and_then(|d| d.requested) {
                deadline.push_str(&format!("{}{r}", lang.pick("，申请延至", ", asked for ")));
            }
            g.row(vec![
                n.to_string(),
                clean(&inp.dept_name(&s.score.dept)),
                text(&format!("{} {}", i.measure, i.title), lang),
                text(&deadline, lang),
                format!("{}{}", i.signal.light.colour(lang), lang.pick("灯 ", " – "))
                    + &i.signal.why.text(lang),
                text(&said.join(lang.pick("；", "; ")), lang),
            ]);
        }
    }
    g
}
