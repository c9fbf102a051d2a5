//! CSV export: one row per (measure, department), for spreadsheets.
//!
//! Starts with a UTF-8 byte-order mark: without it Excel and WPS read the
//! file as the local code page and garble every Chinese character.
//!
//! Headers and words follow `--lang`: Chinese labels by default (章节,
//! 推进中, 第1.10项), the English keys below with `--lang en`. Columns keep
//! their order; new ones are appended. `deadline` is the
//! department's effective deadline, `deadline_source` whose date it is
//! (`plan|committed|extension|decision`), `days_late` counts from it; the
//! `decision_*` columns are the latest meeting decision (`decision_due` is
//! the meeting's date, 调度会定, not a promise); `review` is
//! `reported|confirmed|returned` (empty when nothing was reported) and
//! `return_reason` the 退办 reason.

use super::{Item, words};
use crate::lang::Lang;
use crate::meeting::obligation;
use crate::plan::Plan;
use crate::progress::Ledger;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// (key, Chinese header) of each column, in order.
const COLUMNS: [(&str, &str); 26] = [
    ("chapter", "章"),
    ("chapter_title", "章节"),
    ("measure", "措施编号"),
    ("number", "序号"),
    ("title", "措施"),
    ("role", "角色"),
    ("dept", "部门编号"),
    ("dept_name", "部门"),
    ("due", "措施时限"),
    ("deadline_text", "时限原文"),
    ("targets", "指标"),
    ("status", "状态"),
    ("committed_date", "承诺完成时间"),
    ("deadline", "有效时限"),
    ("overdue", "是否逾期"),
    ("days_late", "逾期天数"),
    ("actuals", "指标实际值"),
    ("note", "备注"),
    ("measure_state", "措施状态"),
    ("deadline_source", "时限来源"),
    ("decision_meeting", "督办会议"),
    ("decision_opinion", "督办意见"),
    ("decision_due", "调度会定时限"),
    ("review", "审核"),
    ("return_reason", "退办理由"),
    ("done_on", "实际完成时间"),
];

pub fn render(
    plan: &Plan,
    ledger: &Ledger,
    today: chrono::NaiveDate,
    items: &[Item],
    lang: Lang,
) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new().from_writer(BOM.to_vec());
    let err = |e: csv::Error| format!("cannot write CSV: {e}");
    w.write_record(words::header(lang, &COLUMNS)).map_err(err)?;
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
                .map(|(k, v)| match lang {
                    // An office knows a target by its label; scripts by its key.
                    Lang::Zh => {
                        let t = m.targets.iter().find(|t| &t.key == k);
                        format!("{}={v}", t.map_or(k.as_str(), |t| t.label.as_str()))
                    }
                    Lang::En => format!("{k}={v}"),
                })
                .collect::<Vec<_>>()
                .join("；");
            let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let source = words::source(d.deadline.map(|x| x.source), lang);
            let id = words::measure_id(&m.id, lang);
            let dec = e.decision.as_ref();
            w.write_record([
                it.chapter.number.to_string().as_str(),
                it.chapter.title.as_str(),
                id.as_str(),
                m.number.as_str(),
                m.title.as_str(),
                words::role(d.lead, lang),
                d.dept.as_str(),
                name,
                due.as_str(),
                deadline_text.as_str(),
                targets.as_str(),
                words::status(d.status, lang),
                date(e.due).as_str(),
                date(d.deadline.map(|x| x.date)).as_str(),
                words::yes_no(d.overdue, lang),
                d.deadline
                    .filter(|_| d.overdue)
                    .map_or(0, |x| (today - x.date).num_days())
                    .to_string()
                    .as_str(),
                actuals.as_str(),
                e.note.as_str(),
                words::status(it.state.status, lang),
                source,
                dec.map_or("", |x| x.meeting.as_str()),
                dec.map_or("", |x| x.opinion.as_str()),
                date(dec.and_then(|x| x.due)).as_str(),
                words::review(obligation::review_key(&e.review), lang),
                obligation::return_reason(&e.review).unwrap_or_default(),
                date(e.done_on).as_str(),
            ])
            .map_err(err)?;
        }
    }
    w.into_inner().map_err(|e| format!("cannot write CSV: {e}"))
}
