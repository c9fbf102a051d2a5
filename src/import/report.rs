//! What an import did, for the person who reviews it.

use std::fmt;

use super::departments::NewDept;
use super::lines::Repairs;

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

fn list<T>(
    f: &mut fmt::Formatter<'_>,
    title: &str,
    items: &[T],
    show: impl Fn(&T) -> String,
) -> fmt::Result {
    writeln!(f, "{title}: {}", items.len())?;
    for it in items {
        writeln!(f, "  {}", show(it))?;
    }
    Ok(())
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "plan: {} ({}, {})", self.title, self.issuer, self.issued)?;
        let counts: Vec<String> = self.chapters.iter().map(|c| c.2.to_string()).collect();
        writeln!(
            f,
            "chapters: {} ({}); measures: {}; sections: {}",
            self.chapters.len(),
            counts.join(", "),
            self.measures,
            self.sections
        )?;
        writeln!(
            f,
            "deadlines: {}; targets: {}; recurring duties: {}",
            self.deadlines, self.targets, self.recurring
        )?;
        list(f, "measures without a lead", &self.without_lead, |s| {
            s.clone()
        })?;
        writeln!(
            f,
            "lead inferred (第一责任单位为牵头单位{}): {}{}",
            if self.convention_stated {
                ", stated in the document"
            } else {
                ""
            },
            self.lead_inferred.len(),
            if self.lead_inferred.is_empty() {
                String::new()
            } else {
                format!(" — {}", self.lead_inferred.join(", "))
            }
        )?;
        list(
            f,
            "unparsed annotations",
            &self.unparsed_annotations,
            |(w, t, why)| format!("{w}: {t} — {why}"),
        )?;
        list(
            f,
            "unresolved deadlines",
            &self.unresolved_deadlines,
            |(w, t, why)| format!("{w}: {t} — {why}"),
        )?;
        list(
            f,
            "undated phrases (no deadline made)",
            &self.undated,
            |(w, t)| format!("{w}: {t}"),
        )?;
        list(
            f,
            "dates resolved on an assumption",
            &self.assumed_dates,
            |(w, t, n)| format!("{w}: {t} — {n}"),
        )?;
        list(f, "catch-alls (等)", &self.catch_alls, |(w, t)| {
            format!("{w}: {t}")
        })?;
        writeln!(f, "departments matched: {}", self.departments_matched)?;
        list(
            f,
            "new department ids (review)",
            &self.new_departments,
            |d| format!("{} {} (first in {})", d.id, d.name, d.first_seen),
        )?;
        let r = &self.repairs;
        writeln!(
            f,
            "repairs: {} wrapped lines joined, {} page breaks joined, {} paragraphs joined to the item before, {} page numbers dropped; {} date unit(s) doubled across a wrap, kept as printed{}",
            r.wraps_joined,
            r.breaks_joined,
            self.paragraphs_joined,
            r.page_numbers,
            r.doubled.len(),
            if r.doubled.is_empty() {
                String::new()
            } else {
                format!(" ({})", r.doubled.join("; "))
            }
        )?;
        if self.trailer_units > 0 {
            writeln!(f, "end matter skipped: {} paragraph(s)", self.trailer_units)?;
        }
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        Ok(())
    }
}
