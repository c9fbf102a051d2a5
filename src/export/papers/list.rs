//! The measure list (`duban export --format docx`, with `--overdue` the
//! overdue list) as a working paper: one row per department owing a measure.

use chrono::NaiveDate;

use super::text;
use crate::export::Item;
use crate::export::paper::{Block, Grid, Paper, date};
use crate::export::report::clean;
use crate::lang::Lang;
use crate::meeting::obligation;
use crate::plan::Plan;
use crate::progress::Ledger;

pub fn paper(
    plan: &Plan,
    ledger: &Ledger,
    today: NaiveDate,
    items: &[Item],
    lang: Lang,
    overdue_only: bool,
    dept: Option<&str>,
) -> Paper {
    let en = lang == Lang::En;
    let day = date(today, lang);
    // With --dept the paper is that department's: its name leads the title.
    let who = dept
        .and_then(|d| plan.department(d))
        .map(|d| clean(&d.name))
        .unwrap_or_default();
    let title = match (overdue_only, en) {
        (true, false) => format!("{who}逾期事项清单（截至{day}）"),
        (false, false) => format!("{who}《{}》推进情况（截至{day}）", clean(&plan.doc.title)),
        (true, true) if !who.is_empty() => format!("{who}: overdue items as of {day}"),
        (true, true) => format!("Overdue items as of {day}"),
        (false, true) => format!("{}: progress as of {day}", clean(&plan.doc.title)),
    };
    let mut g = Grid::new(&[
        (lang.pick("序号", "No."), 2),
        (lang.pick("措施", "Measure"), 9),
        (lang.pick("部门", "Department"), 5),
        (lang.pick("时限", "Deadline"), 5),
        (lang.pick("状态", "Status"), 3),
        (lang.pick("备注", "Note"), 7),
    ]);
    let mut n = 0;
    for it in items {
        let m = it.measure;
        for d in &it.state.depts {
            if overdue_only && !d.overdue {
                continue;
            }
            n += 1;
            let e = ledger.entry_or_default(&m.id, &d.dept);
            let mut deadline = obligation::deadline_text(d.deadline.as_ref(), lang);
            if d.overdue
                && let Some(dl) = d.deadline
            {
                let days = (today - dl.date).num_days();
                deadline.push_str(&match lang {
                    Lang::Zh => format!("，逾期{days}天"),
                    Lang::En => format!(", {days} days late"),
                });
            }
            let role = if d.lead {
                lang.pick("（牵头）", " (lead)")
            } else {
                ""
            };
            let name = plan
                .department(&d.dept)
                .map_or(d.dept.as_str(), |x| x.name.as_str());
            g.row(vec![
                n.to_string(),
                text(&format!("{} {}", m.id, m.title), lang),
                format!("{}{role}", clean(name)),
                text(&deadline, lang),
                d.status.label(lang).to_string(),
                text(&e.note, lang),
            ]);
        }
    }
    let mut body = vec![Block::Para(match lang {
        Lang::Zh => format!("共{n}项（按部门计）。"),
        Lang::En => format!("{n} items (per department)."),
    })];
    body.push(Block::Table(g));
    Paper {
        lang,
        masthead: None,
        title,
        to: None,
        body,
        signature: None,
        annexes: Vec::new(),
    }
}
