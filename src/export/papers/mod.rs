//! Reports as papers ([`Paper`]): the 通报 with its masthead, and the
//! scoreboard, the changes report and the measure list as working papers
//! (会议材料) without one. `duban export … --format docx` writes them with
//! [`super::docx`].

pub mod changes;
pub mod circular;
pub mod list;
pub mod scoreboard;

use chrono::Datelike;

use super::paper::{Block, Grid, Masthead, Signature, zh_dates};
use super::report::{Inputs, clean};
use crate::lang::Lang;
use crate::meeting::score::{DeptScore, RULE_EN, RULE_ZH};
use crate::plan::Plan;
use crate::progress::Config;

/// More rows than this go to an annex instead of the body.
pub const BODY_ROWS: usize = 12;

/// The issuing office: `config.ron`'s `issuer`, else the plan's issuer's
/// office (东昌府区人民政府 → 东昌府区人民政府办公室).
pub fn issuer(plan: &Plan, cfg: &Config) -> String {
    match &cfg.issuer {
        Some(i) if !i.trim().is_empty() => clean(i.trim()),
        _ if plan.doc.issuer.ends_with("办公室") => clean(&plan.doc.issuer),
        _ => format!("{}办公室", clean(&plan.doc.issuer)),
    }
}

/// The masthead of a 通报: the office and its 文号 (`〔2022〕  号` left for
/// the secretary when `config.ron` has no `doc_number`).
pub fn masthead(plan: &Plan, cfg: &Config, year: i32) -> Masthead {
    Masthead {
        issuer: issuer(plan, cfg),
        number: match &cfg.doc_number {
            Some(n) if !n.trim().is_empty() => clean(n.trim()),
            _ => format!("〔{year}〕  号"),
        },
    }
}

/// 主送: `config.ron`'s `recipients`, else whom the plan itself was sent to
/// (its notice's first line), else 各有关部门.
pub fn recipients(plan: &Plan, cfg: &Config, lang: Lang) -> String {
    if lang == Lang::En {
        return "To all departments concerned:".into();
    }
    let given = cfg
        .recipients
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let from_notice = plan
        .doc
        .notice
        .lines()
        .next()
        .map(str::trim)
        .filter(|l| l.ends_with('：') && l.chars().count() <= 80);
    let mut to = clean(given.or(from_notice).unwrap_or("各有关部门"));
    if !to.ends_with('：') {
        to = to.trim_end_matches([':', '，', '。']).to_string();
        to.push('：');
    }
    to
}

pub fn signature(plan: &Plan, cfg: &Config, inp: &Inputs) -> Signature {
    Signature {
        issuer: issuer(plan, cfg),
        date: inp.today(),
    }
}

pub fn year(inp: &Inputs) -> i32 {
    inp.today().year()
}

/// Text for a paper: cleaned, and its dates as the language writes them.
pub fn text(s: &str, lang: Lang) -> String {
    zh_dates(&clean(s), lang)
}

/// The ranking as a table, and its rule under it.
pub fn ranking(rows: &[DeptScore], lang: Lang) -> Vec<Block> {
    let en = lang == Lang::En;
    let mut g = Grid::new(&[
        (lang.pick("名次", "Rank"), 3),
        (lang.pick("部门", "Department"), 9),
        (lang.pick("灯号", "Light"), 3),
        (lang.pick("按时完成率", "On time"), 4),
        (lang.pick("逾期", "Overdue"), 3),
        (lang.pick("预警", "Warning"), 3),
        (lang.pick("未明确时限", "No deadline"), 4),
        (lang.pick("完成进度", "Progress"), 6),
    ]);
    for r in rows {
        g.row(vec![
            r.rank.to_string(),
            clean(&r.name),
            format!("{}{}", r.light.colour(lang), if en { "" } else { "灯" }),
            r.rate.map_or_else(|| "—".into(), super::report::pct),
            r.overdue.to_string(),
            r.warning.to_string(),
            r.undated.to_string(),
            format!(
                "{}/{}（{}）",
                r.done,
                r.total,
                super::report::pct(r.progress)
            ),
        ]);
    }
    let rule = if en { RULE_EN } else { RULE_ZH };
    vec![Block::Table(g), Block::Remark(rule.to_string())]
}
