//! CSV export: one row per (measure, department), for spreadsheets.
//!
//! Starts with a UTF-8 byte-order mark: without it Excel and WPS read the
//! file as the local code page and garble every Chinese character.
//!
//! Columns keep their order; new ones are appended. `deadline` is the
//! department's effective deadline, `deadline_source` whose date it is
//! (`plan|committed|extension|decision`), `days_late` counts from it; the
//! `decision_*` columns are the latest meeting decision (`decision_due` is
//! the meeting's date, 调度会定, not a promise); `review` is
//! `reported|confirmed|returned` (empty when nothing was reported) and
//! `return_reason` the 退办 reason.

use super::Item;
use crate::meeting::obligation;
use crate::plan::Plan;
use crate::progress::Ledger;

const BOM: &[u8] = b"\xEF\xBB\xBF";

const HEADER: [&str; 26] = [
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
    "committed_date",
    "deadline",
    "overdue",
    "days_late",
    "actuals",
    "note",
    "measure_state",
    "deadline_source",
    "decision_meeting",
    "decision_opinion",
    "decision_due",
    "review",
    "return_reason",
    "done_on",
];

pub fn render(
    plan: &Plan,
    ledger: &Ledger,
    today: chrono::NaiveDate,
    items: &[Item],
) -> Result<Vec<u8>, String> {
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
        let due = it.state.due.map(|d| d.to_string()).unwrap_or_default();
        for d in &it.state.depts {
            let e = ledger.entry_or_default(&m.id, &d.dept);
            let name = plan
                .department(&d.dept)
                .map_or(d.dept.as_str(), |x| x.name.as_str());
            let actuals = e
                .actuals
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("；");
            let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let source = d.deadline.map_or("", |x| x.source.key());
            let dec = e.decision.as_ref();
            w.write_record([
                it.chapter.number.to_string().as_str(),
                it.chapter.title.as_str(),
                m.id.as_str(),
                m.number.as_str(),
                m.title.as_str(),
                if d.lead { "lead" } else { "responsible" },
                d.dept.as_str(),
                name,
                due.as_str(),
                deadline_text.as_str(),
                targets.as_str(),
                d.status.word(),
                date(e.due).as_str(),
                date(d.deadline.map(|x| x.date)).as_str(),
                if d.overdue { "yes" } else { "no" },
                d.deadline
                    .filter(|_| d.overdue)
                    .map_or(0, |x| (today - x.date).num_days())
                    .to_string()
                    .as_str(),
                actuals.as_str(),
                e.note.as_str(),
                it.state.status.word(),
                source,
                dec.map_or("", |x| x.meeting.as_str()),
                dec.map_or("", |x| x.opinion.as_str()),
                date(dec.and_then(|x| x.due)).as_str(),
                obligation::review_key(&e.review),
                obligation::return_reason(&e.review).unwrap_or_default(),
                date(e.done_on).as_str(),
            ])
            .map_err(err)?;
        }
    }
    w.into_inner().map_err(|e| format!("cannot write CSV: {e}"))
}
