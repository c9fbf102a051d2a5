//! `duban export --report changes [--since N|NAME] [--dept ID]`: what moved
//! since a review snapshot, per chapter and per department.

use std::fmt::Write;

use serde_json::json;

use super::report::{Inputs, clean, csv_done, csv_writer, line, tr};
use super::{Format, words};
use crate::lang::Lang;
use crate::meeting::changes::{self, Change, Tally};
use crate::meeting::snapshot::Snapshot;

pub fn render(
    inp: &Inputs,
    format: Format,
    number: u32,
    before: &Snapshot,
    now: &Snapshot,
    only: Option<&str>,
) -> Result<Vec<u8>, String> {
    let all = changes::diff(before, now);
    let mut list: Vec<Change> = all
        .into_iter()
        .filter(|c| only.is_none_or(|d| c.dept == d))
        .collect();
    // Readers know a target by its label (全程电子化率), not its key.
    changes::name_targets(&mut list, &inp.ctx.plan);
    Ok(match format {
        // report::render refuses xlsx before dispatching here.
        Format::Xlsx => unreachable!("xlsx reports are refused by report::render"),
        Format::Docx => {
            return super::docx::render(&super::papers::changes::paper(inp, number, before, &list));
        }

        Format::Md => md(inp, number, before, &list).into_bytes(),
        Format::Csv => csv(inp, &list),
        Format::Json => {
            let doc = json!({
                "report": "changes",
                "plan": {"id": inp.ctx.plan.doc.id, "title": inp.ctx.plan.doc.title},
                "as_of": inp.today(),
                "since": {
                    "number": number, "name": before.name, "as_of": before.as_of,
                    "taken": before.taken, "by": before.by,
                },
                "tally": Tally::of(&list),
                "changes": list,
            });
            let mut s = serde_json::to_string_pretty(&doc).expect("plain data");
            s.push('\n');
            s.into_bytes()
        }
    })
}

fn title_of(inp: &Inputs, measure: &str) -> String {
    inp.ctx
        .plan
        .measure(measure)
        .map_or_else(String::new, |m| clean(&m.title))
}

fn md(inp: &Inputs, number: u32, before: &Snapshot, list: &[Change]) -> String {
    let en = inp.ctx.lang == Lang::En;
    let text = |c: &Change| clean(&c.kind.text(inp.ctx.lang));
    let mut out = String::new();
    let head = if en {
        format!(
            "# Changes since \"{}\" (review {number:03}, as of {} → as of {})",
            clean(&before.name),
            before.as_of,
            inp.today()
        )
    } else {
        format!(
            "# 自「{}」以来的变化（第 {number:03} 次调度，截至 {} → 截至 {}）",
            clean(&before.name),
            before.as_of,
            inp.today()
        )
    };
    let _ = writeln!(out, "{}\n", line(&head, ""));
    let t = Tally::of(list);
    let tally = t.text(inp.ctx.lang);
    let _ = writeln!(
        out,
        "{}\n",
        line(
            &if en {
                format!("{} changes: {tally}.", t.total())
            } else {
                format!("共 {} 项变化：{tally}。", t.total())
            },
            ""
        )
    );
    if list.is_empty() {
        return out;
    }
    let _ = writeln!(out, "## {}\n", tr(en, "按章节", "By chapter"));
    for (ch, cs) in changes::by_chapter(list) {
        let name = inp
            .ctx
            .plan
            .chapters
            .iter()
            .find(|c| c.number == ch)
            .map_or_else(
                || format!("第{ch}章"),
                |c| format!("{}、{}", c.numeral, clean(&c.title)),
            );
        let _ = writeln!(out, "### {name}\n");
        for c in cs {
            let line = format!(
                "{} {} — {}{}{}",
                c.measure,
                title_of(inp, &c.measure),
                clean(&inp.dept_name(&c.dept)),
                tr(en, "：", ": "),
                text(c)
            );
            let _ = writeln!(out, "{}", super::report::line(&line, "- "));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## {}\n", tr(en, "按部门", "By department"));
    for (dept, cs) in changes::by_dept(list) {
        let t = Tally::of(cs.iter().copied());
        let head = if en {
            format!(
                "### {} ({} newly done, {} newly overdue)",
                clean(&inp.dept_name(dept)),
                t.newly_done,
                t.newly_overdue
            )
        } else {
            format!(
                "### {}（新完成 {}，新增逾期 {}）",
                clean(&inp.dept_name(dept)),
                t.newly_done,
                t.newly_overdue
            )
        };
        let _ = writeln!(out, "{}\n", line(&head, ""));
        for c in cs {
            let line = format!(
                "{} {}{}{}",
                c.measure,
                title_of(inp, &c.measure),
                tr(en, "：", ": "),
                text(c)
            );
            let _ = writeln!(out, "{}", super::report::line(&line, "- "));
        }
        out.push('\n');
    }
    out
}

fn csv(inp: &Inputs, list: &[Change]) -> Vec<u8> {
    let lang = inp.ctx.lang;
    let mut w = csv_writer();
    let _ = w.write_record(words::header(
        lang,
        &[
            ("chapter", "章"),
            ("measure", "措施编号"),
            ("title", "措施"),
            ("dept", "部门编号"),
            ("dept_name", "部门"),
            ("kind", "变化"),
            ("detail", "详情"),
        ],
    ));
    for c in list {
        let _ = w.write_record([
            c.chapter.to_string(),
            words::measure_id(&c.measure, lang),
            title_of(inp, &c.measure),
            c.dept.clone(),
            clean(&inp.dept_name(&c.dept)),
            match lang {
                Lang::En => c.kind.key().to_string(),
                Lang::Zh => kind_word(c.kind.key()).to_string(),
            },
            clean(&c.kind.text(Lang::Zh)),
        ]);
    }
    csv_done(w)
}

/// The Chinese name of a kind of change.
fn kind_word(key: &str) -> &'static str {
    match key {
        "newly_done" => "新完成",
        "newly_overdue" => "新增逾期",
        "no_longer_overdue" => "不再逾期",
        "status_move" => "状态变化",
        "new_note" => "新备注",
        "new_decision" => "新督办意见",
        "returned" => "退办",
        "confirmed" => "销号",
        "date_moved" => "时间变化",
        "actual_changed" => "指标实际值变化",
        "extension" => "延期申请",
        _ => "其他",
    }
}
