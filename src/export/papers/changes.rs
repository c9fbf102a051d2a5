//! What changed since a review, as a working paper: the tally, then one
//! table per chapter (measure, department, what moved).

use super::text;
use crate::export::paper::{Block, Grid, Paper, date};
use crate::export::report::{Inputs, clean};
use crate::lang::Lang;
use crate::meeting::changes::{self, Change, Tally};
use crate::meeting::snapshot::Snapshot;

pub fn paper(inp: &Inputs, number: u32, before: &Snapshot, list: &[Change]) -> Paper {
    let lang = inp.ctx.lang;
    let en = lang == Lang::En;
    let (from, to) = (date(before.as_of, lang), date(inp.today(), lang));
    let name = clean(&before.name);
    let title = if en {
        format!("Changes since \"{name}\"")
    } else {
        format!("自「{name}」以来的变化")
    };
    let t = Tally::of(list);
    let mut body = vec![Block::Para(if en {
        format!(
            "Review {number:03} ({from}) compared with {to}: {} changes — {}.",
            t.total(),
            t.text(lang)
        )
    } else {
        format!(
            "第{number:03}次调度（截至{from}）以来至{to}，共{}项变化：{}。",
            t.total(),
            t.text(lang)
        )
    })];
    for (ch, cs) in changes::by_chapter(list) {
        let head = inp
            .ctx
            .plan
            .chapters
            .iter()
            .find(|c| c.number == ch)
            .map_or_else(
                || format!("{ch}"),
                |c| format!("{}{}{}", c.numeral, lang.pick("、", ". "), clean(&c.title)),
            );
        body.push(Block::Heading(head));
        let mut g = Grid::new(&[
            (lang.pick("措施", "Measure"), 8),
            (lang.pick("部门", "Department"), 5),
            (lang.pick("变化", "Change"), 9),
        ]);
        for c in cs {
            let title = inp
                .ctx
                .plan
                .measure(&c.measure)
                .map_or_else(String::new, |m| clean(&m.title));
            g.row(vec![
                text(&format!("{} {title}", c.measure), lang),
                clean(&inp.dept_name(&c.dept)),
                text(&c.kind.text(lang), lang),
            ]);
        }
        body.push(Block::Table(g));
    }
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
