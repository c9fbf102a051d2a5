//! What an import did, for the person who reviews it.

use std::fmt;

use super::departments::NewDept;
use super::lines::Repairs;
use crate::lang::Lang;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub title: String,
    pub issuer: String,
    pub issued: String,
    /// (numeral, title, measure count) per chapter.
    pub chapters: Vec<(String, String, usize)>,
    pub measures: usize,
    pub sections: usize,
    /// Measures whose source names no department at all.
    pub without_lead: Vec<String>,
    /// Measures whose lead is the first responsible unit (第一责任单位为牵头单位).
    pub lead_inferred: Vec<String>,
    /// Whether the document states 第一责任单位为牵头单位 (the lead is inferred either way).
    pub convention_stated: bool,
    /// (where, text, why) for annotations that could not be read fully.
    pub unparsed_annotations: Vec<(String, String, String)>,
    /// (where, phrase, why) for deadline phrases without a date.
    pub unresolved_deadlines: Vec<(String, String, String)>,
    /// (where, phrase) for deliberately undated phrases (长期坚持, 持续推进).
    pub undated: Vec<(String, String)>,
    /// (where, phrase, note) for dates resolved on an assumption.
    pub assumed_dates: Vec<(String, String, String)>,
    /// (where, name) for "等" catch-alls after a named body.
    pub catch_alls: Vec<(String, String)>,
    pub deadlines: usize,
    pub targets: usize,
    pub recurring: usize,
    pub departments_matched: usize,
    pub new_departments: Vec<NewDept>,
    pub repairs: Repairs,
    pub paragraphs_joined: usize,
    pub trailer_units: usize,
    pub warnings: Vec<String>,
}

/// The report in `lang`; reasons carried in from the reader stay as they
/// were written.
pub struct Shown<'a>(pub &'a Report, pub Lang);

impl Report {
    pub fn shown(&self, lang: Lang) -> Shown<'_> {
        Shown(self, lang)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Shown(self, Lang::En).fmt(f)
    }
}

fn list<T>(
    f: &mut fmt::Formatter<'_>,
    lang: Lang,
    title: &str,
    items: &[T],
    show: impl Fn(&T) -> String,
) -> fmt::Result {
    writeln!(f, "{title}{}{}", lang.pick("：", ": "), items.len())?;
    for it in items {
        writeln!(f, "  {}", show(it))?;
    }
    Ok(())
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (r, lang) = (self.0, self.1);
        let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
        let sep = t("，", ", ");
        let colon = t("：", ": ");
        writeln!(
            f,
            "{}{colon}{} ({}, {})",
            t("方案", "plan"),
            r.title,
            r.issuer,
            r.issued
        )?;
        let counts: Vec<String> = r.chapters.iter().map(|c| c.2.to_string()).collect();
        writeln!(
            f,
            "{}{colon}{} ({}); {}{colon}{}; {}{colon}{}",
            t("章", "chapters"),
            r.chapters.len(),
            counts.join(", "),
            t("措施", "measures"),
            r.measures,
            t("节", "sections"),
            r.sections
        )?;
        writeln!(
            f,
            "{}{colon}{}; {}{colon}{}; {}{colon}{}",
            t("时限", "deadlines"),
            r.deadlines,
            t("指标", "targets"),
            r.targets,
            t("常态化任务", "recurring duties"),
            r.recurring
        )?;
        list(
            f,
            lang,
            t("没有牵头单位的措施", "measures without a lead"),
            &r.without_lead,
            |s| s.clone(),
        )?;
        writeln!(
            f,
            "{} (第一责任单位为牵头单位{}){colon}{}{}",
            t("推定牵头", "lead inferred"),
            if r.convention_stated {
                t("，文件中已说明", ", stated in the document")
            } else {
                ""
            },
            r.lead_inferred.len(),
            if r.lead_inferred.is_empty() {
                String::new()
            } else {
                format!(" — {}", r.lead_inferred.join(sep))
            }
        )?;
        list(
            f,
            lang,
            t("未能解析的括注", "unparsed annotations"),
            &r.unparsed_annotations,
            |(w, x, why)| format!("{w}: {x} — {why}"),
        )?;
        list(
            f,
            lang,
            t("未能确定的时限", "unresolved deadlines"),
            &r.unresolved_deadlines,
            |(w, x, why)| format!("{w}: {x} — {why}"),
        )?;
        list(
            f,
            lang,
            t(
                "不设时限的表述（未生成时限）",
                "undated phrases (no deadline made)",
            ),
            &r.undated,
            |(w, x)| format!("{w}: {x}"),
        )?;
        list(
            f,
            lang,
            t("按推定解读的日期", "dates resolved on an assumption"),
            &r.assumed_dates,
            |(w, x, n)| format!("{w}: {x} — {n}"),
        )?;
        list(
            f,
            lang,
            t("“等”字概括", "catch-alls (等)"),
            &r.catch_alls,
            |(w, x)| format!("{w}: {x}"),
        )?;
        writeln!(
            f,
            "{}{colon}{}",
            t("已对应的部门", "departments matched"),
            r.departments_matched
        )?;
        list(
            f,
            lang,
            t("新部门编号（请核对）", "new department ids (review)"),
            &r.new_departments,
            |d| match lang {
                Lang::Zh => format!("{} {}（首见于 {}）", d.id, d.name, d.first_seen),
                Lang::En => format!("{} {} (first in {})", d.id, d.name, d.first_seen),
            },
        )?;
        let rp = &r.repairs;
        let doubled = if rp.doubled.is_empty() {
            String::new()
        } else {
            format!(" ({})", rp.doubled.join("; "))
        };
        match lang {
            Lang::Zh => writeln!(
                f,
                "修复：接续折行 {} 处，接续分页 {} 处，并入上一项的段落 {} 段，删去页码 {} 个；折行处重复的日期单位 {} 处，按原文保留{doubled}",
                rp.wraps_joined,
                rp.breaks_joined,
                r.paragraphs_joined,
                rp.page_numbers,
                rp.doubled.len(),
            )?,
            Lang::En => writeln!(
                f,
                "repairs: {} wrapped lines joined, {} page breaks joined, {} paragraphs joined to the item before, {} page numbers dropped; {} date unit(s) doubled across a wrap, kept as printed{doubled}",
                rp.wraps_joined,
                rp.breaks_joined,
                r.paragraphs_joined,
                rp.page_numbers,
                rp.doubled.len(),
            )?,
        }
        if r.trailer_units > 0 {
            let n = r.trailer_units;
            match lang {
                Lang::Zh => writeln!(f, "跳过文末内容：{n} 段")?,
                Lang::En => writeln!(f, "end matter skipped: {n} paragraph(s)")?,
            }
        }
        for w in &r.warnings {
            writeln!(f, "{}{colon}{w}", t("注意", "warning"))?;
        }
        Ok(())
    }
}
