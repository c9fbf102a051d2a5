//! `duban export --report scoreboard`: departments ranked (rule stated),
//! chapters with progress bars, numeric targets against their actuals.

use std::fmt::Write;

use serde_json::json;

use super::report::{Inputs, clean, csv_done, csv_writer, line, pct, tr};
use super::{Format, words};
use crate::lang::Lang;
use crate::meeting::score::{self, DeptScore, RULE_EN, RULE_ZH, Verdict};

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
        Format::Csv => csv(&rows, rule, inp.ctx.lang),
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

/// The ranking as a Markdown table: one row per department, words for the
/// light (红灯), so it reads the same pasted into Word or printed.
pub fn md_table(out: &mut String, rows: &[DeptScore], en: bool) {
    let lang = if en { Lang::En } else { Lang::Zh };
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} | {} |",
        tr(en, "名次", "Rank"),
        tr(en, "部门", "Department"),
        tr(en, "灯号", "Light"),
        tr(en, "按时完成率", "On time"),
        tr(en, "逾期", "Overdue"),
        tr(en, "预警", "Warning"),
        tr(en, "未明确时限", "No deadline"),
        tr(en, "完成进度", "Progress"),
    );
    let _ = writeln!(out, "|---:|---|---|---:|---:|---:|---:|---|");
    for r in rows {
        let rate = r.rate.map_or_else(|| "—".to_string(), pct);
        let _ = writeln!(
            out,
            "| {} | {} | {}{} | {rate} | {} | {} | {} | {}/{}（{}） |",
            r.rank,
            cell(&r.name),
            r.light.colour(lang),
            tr(en, "灯", ""),
            r.overdue,
            r.warning,
            r.undated,
            r.done,
            r.total,
            pct(r.progress)
        );
    }
}

/// Text inside a Markdown table cell: a `|` would end the cell.
pub fn cell(s: &str) -> String {
    clean(s).replace('|', "｜")
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
    let _ = writeln!(out, "{}\n", line(&title, ""));
    let head = if en {
        format!("## Department ranking (as of {})", inp.today())
    } else {
        format!("## 部门排名（截至 {}）", inp.today())
    };
    let _ = writeln!(out, "{head}\n");
    let _ = writeln!(out, "{}\n", line(rule, ""));
    md_table(&mut out, rows, en);
    out.push('\n');
    let chapters_head = tr(
        en,
        "各章进度（已完成 / 全部措施）",
        "Chapters (done / all measures)",
    );
    let _ = writeln!(out, "## {chapters_head}\n");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} |",
        tr(en, "章节", "Chapter"),
        tr(en, "措施", "Measures"),
        tr(en, "已完成", "Done"),
        tr(en, "逾期", "Overdue"),
        tr(en, "完成进度", "Progress"),
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    for c in chapters {
        let _ = writeln!(
            out,
            "| {}{}{} | {} | {} | {} | {} |",
            c.numeral,
            tr(en, "、", ". "),
            cell(&c.title),
            c.total,
            c.done,
            c.overdue,
            pct(c.share())
        );
    }
    out.push('\n');
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
    let _ = writeln!(out, "{}\n", line(&summary, ""));
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
        let _ = writeln!(out, "{}", super::report::line(&line, "- "));
    }
    out
}

fn csv(rows: &[DeptScore], rule: &str, lang: Lang) -> Vec<u8> {
    let mut w = csv_writer();
    let _ = w.write_record(words::header(
        lang,
        &[
            ("rank", "名次"),
            ("dept", "部门编号"),
            ("dept_name", "部门"),
            ("light", "灯号"),
            ("on_time_rate", "按时完成率"),
            ("on_time", "按时完成"),
            ("late", "逾期完成"),
            ("due", "已到期"),
            ("overdue", "逾期"),
            ("warning", "预警"),
            ("undated", "未明确时限"),
            ("done", "已完成"),
            ("total", "承担措施"),
            ("progress", "完成进度"),
            ("rule", "排名规则"),
        ],
    ));
    for (i, r) in rows.iter().enumerate() {
        let _ = w.write_record([
            r.rank.to_string(),
            r.dept.clone(),
            clean(&r.name),
            words::light(r.light, lang).to_string(),
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
