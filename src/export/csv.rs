//! CSV export: one row per (measure, department), for spreadsheets.
//!
//! Starts with a UTF-8 byte-order mark: without it Excel and WPS read the
//! file as the local code page and garble every Chinese character.

use super::Item;
use crate::plan::Plan;

const BOM: &[u8] = b"\xEF\xBB\xBF";

const HEADER: [&str; 14] = [
    "chapter",
    "chapter_title",
    "measure",
    "number",
    "title",
    "role",
    "dept",
    "dept_name",
    "due",
    "deadline_text",
    "targets",
    "status",
    "overdue",
    "days_late",
];

pub fn render(plan: &Plan, items: &[Item]) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new().from_writer(BOM.to_vec());
    let err = |e: csv::Error| format!("cannot write CSV: {e}");
    w.write_record(HEADER).map_err(err)?;
    for it in items {
        let m = it.measure;
        let deadline_text = m
            .deadlines
            .iter()
            .map(|d| d.text.as_str())
            .collect::<Vec<_>>()
            .join("；");
        let targets = m
            .targets
            .iter()
            .map(|t| format!("{} {} {}{}", t.label, t.cmp.symbol(), t.value, t.unit))
            .collect::<Vec<_>>()
            .join("；");
        for d in m.departments() {
            let role = if m.lead.iter().any(|l| l == d) {
                "lead"
            } else {
                "responsible"
            };
            let name = plan.department(d).map_or(d, |x| x.name.as_str());
            w.write_record([
                it.chapter.number.to_string().as_str(),
                it.chapter.title.as_str(),
                m.id.as_str(),
                m.number.as_str(),
                m.title.as_str(),
                role,
                d,
                name,
                it.due.map(|d| d.to_string()).unwrap_or_default().as_str(),
                deadline_text.as_str(),
                targets.as_str(),
                "not_started",
                if it.overdue { "yes" } else { "no" },
                it.days_late.to_string().as_str(),
            ])
            .map_err(err)?;
        }
    }
    w.into_inner().map_err(|e| format!("cannot write CSV: {e}"))
}
