//! The scoreboard as a working paper for the meeting (会议材料): the ranking
//! with its rule, progress per chapter, targets against actuals.

use super::{ranking, text};
use crate::export::paper::{Block, Grid, Paper, date};
use crate::export::report::{Inputs, clean, pct};
use crate::lang::Lang;
use crate::meeting::score::{self, num};

pub fn paper(inp: &Inputs) -> Paper {
    let lang = inp.ctx.lang;
    let en = lang == Lang::En;
    let plan = &inp.ctx.plan;
    let today = date(inp.today(), lang);
    let title = if en {
        format!("{}: ranking as of {today}", clean(&plan.doc.title))
    } else {
        format!("《{}》推进情况排名（截至{today}）", clean(&plan.doc.title))
    };
    let mut body = vec![Block::Heading(
        lang.pick("一、部门排名", "1. Department ranking").into(),
    )];
    body.extend(ranking(&inp.scoreboard(), lang));
    body.push(Block::Heading(
        lang.pick("二、各章进度", "2. Chapters").into(),
    ));
    let mut g = Grid::new(&[
        (lang.pick("章节", "Chapter"), 10),
        (lang.pick("措施", "Measures"), 2),
        (lang.pick("已完成", "Done"), 2),
        (lang.pick("推进中", "In progress"), 2),
        (lang.pick("受阻", "Blocked"), 2),
        (lang.pick("逾期", "Overdue"), 2),
        (lang.pick("完成进度", "Progress"), 3),
    ]);
    for c in score::chapters(plan, &inp.ledger, inp.today()) {
        g.row(vec![
            format!("{}{}{}", c.numeral, lang.pick("、", ". "), clean(&c.title)),
            c.total.to_string(),
            c.done.to_string(),
            c.in_progress.to_string(),
            c.blocked.to_string(),
            c.overdue.to_string(),
            pct(c.share()),
        ]);
    }
    body.push(Block::Table(g));
    body.push(Block::Heading(
        lang.pick("三、指标完成情况", "3. Targets against actuals")
            .into(),
    ));
    let targets = score::targets(plan, &inp.ledger);
    let mut g = Grid::new(&[
        (lang.pick("措施", "Measure"), 2),
        (lang.pick("指标", "Target"), 8),
        (lang.pick("目标", "Goal"), 3),
        (lang.pick("实际", "Actual"), 3),
        (lang.pick("填报部门", "Reported by"), 5),
        (lang.pick("结果", "Result"), 2),
    ]);
    for t in &targets {
        g.row(vec![
            t.measure.clone(),
            clean(&t.label),
            format!("{} {}{}", t.cmp.symbol(), num(t.value), clean(&t.unit)),
            t.actual
                .map_or_else(|| "—".into(), |a| format!("{}{}", num(a), clean(&t.unit))),
            t.by.as_ref()
                .map(|b| clean(&inp.dept_name(b)))
                .unwrap_or_default(),
            t.verdict.word(lang).to_string(),
        ]);
    }
    body.push(Block::Table(g));
    Paper {
        lang,
        masthead: None,
        title: text(&title, lang),
        to: None,
        body,
        signature: None,
        annexes: Vec::new(),
    }
}
