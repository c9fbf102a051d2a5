//! `duban export --report scoreboard`: departments ranked (rule stated),
//! chapters with progress bars, numeric targets against their actuals.

use std::fmt::Write;

use serde_json::json;

use super::Format;
use super::report::{Inputs, WIDTH, clean, csv_done, csv_writer, fit, pad, pct, tr, wrap};
use crate::lang::Lang;
use crate::meeting::score::{self, DeptScore, RULE_EN, RULE_ZH, Verdict, bar};

pub fn render(inp: &Inputs, format: Format) -> Vec<u8> {
    let rows = inp.scoreboard();
    let chapters = score::chapters(&inp.ctx.plan, &inp.ledger, inp.today());
    let targets = score::targets(&inp.ctx.plan, &inp.ledger);
    let rule = if inp.ctx.lang == Lang::En {
        RULE_EN
    } else {
        RULE_ZH
    };
    match format {
        // report::render refuses xlsx before dispatching here.
        Format::Xlsx => unreachable!("xlsx reports are refused by report::render"),
        Format::Docx => unreachable!("docx reports are papers, built by report::render"),

        Format::Md => md(inp, &rows, &chapters, &targets, rule).into_bytes(),
        Format::Csv => csv(&rows, rule),
        Format::Json => {
            let doc = json!({
                "report": "scoreboard",
                "plan": {"id": inp.ctx.plan.doc.id, "title": inp.ctx.plan.doc.title},
                "as_of": inp.today(),
                "rule": rule,
                "departments": rows.iter().map(dept_json).collect::<Vec<_>>(),
                "chapters": chapters.iter().map(|c| json!({
                    "id": c.number, "title": c.title, "total": c.total, "done": c.done,
                    "in_progress": c.in_progress, "blocked": c.blocked, "overdue": c.overdue,
                })).collect::<Vec<_>>(),
                "targets": targets.iter().map(|t| json!({
                    "measure": t.measure, "key": t.key, "label": t.label,
                    "cmp": t.cmp.symbol(), "value": t.value, "unit": t.unit,
                    "actual": t.actual, "by": t.by, "verdict": t.verdict.key(),
                })).collect::<Vec<_>>(),
            });
            let mut s = serde_json::to_string_pretty(&doc).expect("plain data");
            s.push('\n');
            s.into_bytes()
        }
    }
}

pub fn dept_json(r: &DeptScore) -> serde_json::Value {
    json!({
        "rank": r.rank, "dept": r.dept, "name": r.name, "light": r.light.key(),
        "on_time_rate": r.rate, "on_time": r.on_time, "late": r.late, "due": r.due,
        "overdue": r.overdue, "undated": r.undated, "warning": r.warning, "done": r.done, "total": r.total,
        "progress": r.progress,
    })
}

/// The ranking table, each line within 80 cells.
pub fn md_table(out: &mut String, rows: &[DeptScore], en: bool) {
    let _ = writeln!(
        out,
        "{} {} {} {} {} {} {} {}",
        pad(tr(en, "名次", "Rank"), 4),
        pad(tr(en, "部门", "Department"), 16),
        pad(tr(en, "灯", "Light"), 6),
        pad(tr(en, "按时率", "OnTime"), 7),
        pad(tr(en, "逾期", "Late"), 4),
        pad(tr(en, "预警", "Warn"), 4),
        pad(tr(en, "未明确", "NoDate"), 6),
        tr(en, "完成进度", "Progress"),
    );
    let _ = writeln!(out, "{}", "-".repeat(WIDTH - 2));
    for r in rows {
        let rate = r.rate.map_or_else(|| "—".to_string(), pct);
        let colour = if en { "" } else { r.light.colour(Lang::Zh) };
        let _ = writeln!(
            out,
            "{} {} {} {} {} {} {} {} {}/{}",
            pad(&r.rank.to_string(), 4),
            pad(&fit(&clean(&r.short), 16), 16),
            pad(&format!("{}{colour}", r.light.tag()), 6),
            pad(&rate, 7),
            pad(&r.overdue.to_string(), 4),
            pad(&r.warning.to_string(), 4),
            pad(&r.undated.to_string(), 6),
            bar(r.progress, 10),
            r.done,
            r.total
        );
    }
}

fn md(
    inp: &Inputs,
    rows: &[DeptScore],
    chapters: &[score::ChapterProgress],
    targets: &[score::TargetRow],
    rule: &str,
) -> String {
    let en = inp.ctx.lang == Lang::En;
    let mut out = String::new();
    let title = format!("# {}", clean(&inp.ctx.plan.doc.title));
    let _ = writeln!(out, "{}\n", wrap(&title, WIDTH, "", "  "));
    let head = if en {
        format!("## Department ranking (as of {})", inp.today())
    } else {
        format!("## 部门排名（截至 {}）", inp.today())
    };
    let _ = writeln!(out, "{head}\n");
    let _ = writeln!(out, "{}\n", wrap(rule, WIDTH, "", ""));
    out.push_str("```\n");
    md_table(&mut out, rows, en);
    out.push_str("```\n\n");
    let chapters_head = tr(
        en,
        "各章进度（已完成 / 全部措施）",
        "Chapters (done / all measures)",
    );
    let _ = writeln!(out, "## {chapters_head}\n");
    out.push_str("```\n");
    for c in chapters {
        let _ = writeln!(
            out,
            "{} {} {:>2}/{:<2} {} {}",
            pad(&fit(&format!("{}、{}", c.numeral, clean(&c.title)), 40), 40),
            bar(c.share(), 16),
            c.done,
            c.total,
            tr(en, "逾期", "overdue"),
            c.overdue
        );
    }
    out.push_str("```\n\n");
    let _ = writeln!(
        out,
        "## {}\n",
        tr(en, "指标完成情况", "Targets against actuals")
    );
    let reported = targets
        .iter()
        .filter(|t| t.verdict != Verdict::NoData)
        .count();
    let short = targets
        .iter()
        .filter(|t| t.verdict == Verdict::Short)
        .count();
    let summary = if en {
        format!(
            "{} numeric targets, {reported} reported, {short} of them short.",
            targets.len()
        )
    } else {
        format!(
            "共 {} 项量化指标，已填报 {reported} 项，其中未达标 {short} 项。",
            targets.len()
        )
    };
    let _ = writeln!(out, "{}\n", wrap(&summary, WIDTH, "", ""));
    for t in targets {
        let by =
            t.by.as_ref()
                .map(|b| format!("（{}）", clean(&inp.dept_name(b))))
                .unwrap_or_default();
        let mark = match t.verdict {
            Verdict::Met => "[G]",
            Verdict::Short => "[R]",
            Verdict::NoData => "[ ]",
        };
        let sentence = t.sentence(inp.ctx.lang);
        let line = format!("{mark} {} {}{by}", t.measure, clean(&sentence));
        let _ = writeln!(out, "{}", wrap(&line, WIDTH, "- ", "  "));
    }
    out
}

fn csv(rows: &[DeptScore], rule: &str) -> Vec<u8> {
    let mut w = csv_writer();
    let _ = w.write_record([
        "rank",
        "dept",
        "dept_name",
        "light",
        "on_time_rate",
        "on_time",
        "late",
        "due",
        "overdue",
        "warning",
        "undated",
        "done",
        "total",
        "progress",
        "rule",
    ]);
    for (i, r) in rows.iter().enumerate() {
        let _ = w.write_record([
            r.rank.to_string(),
            r.dept.clone(),
            clean(&r.name),
            r.light.key().to_string(),
            r.rate.map(pct).unwrap_or_default(),
            r.on_time.to_string(),
            r.late.to_string(),
            r.due.to_string(),
            r.overdue.to_string(),
            r.warning.to_string(),
            r.undated.to_string(),
            r.done.to_string(),
            r.total.to_string(),
            pct(r.progress),
            if i == 0 {
                rule.to_string()
            } else {
                String::new()
            },
        ]);
    }
    csv_done(w)
}
