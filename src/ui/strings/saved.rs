//! The status line's words on a save, an undo and a refused or failed
//! save: what changed, named with the plan's department names and the
//! field labels a clerk sees in the form, never the history's raw field
//! names or JSON. Errors are said by `StoreError::brief`, the same words
//! the CLI prints in full.

use serde_json::Value;

use crate::lang::Lang;
use crate::plan::Plan;
use crate::progress::{Change, Decision, Extension, Field, MeetingDecision, Review, Status, Step};

/// Longest stretch of free text (a note, a reason) quoted in a summary.
const QUOTE: usize = 16;

/// Longest field label in a summary: a target's label can be a sentence
/// (办理正常出口退税业务的平均时间), and the values after it are what the
/// status line must show at 80 columns.
const LABEL: usize = 8;

/// `text` on one line, cut to `n` characters with `…`.
fn cut(text: &str, n: usize) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > n {
        one.chars().take(n).chain(['…']).collect()
    } else {
        one
    }
}

/// The label of a field as the form shows it.
fn field_label(lang: Lang, plan: &Plan, measure: &str, f: &Field) -> String {
    match f {
        Field::Status => lang.pick("状态", "status").into(),
        Field::Due => lang.pick("承诺完成时间", "committed date").into(),
        Field::DoneOn => lang.pick("实际完成时间", "done on").into(),
        Field::Actual(k) => plan
            .measure(measure)
            .and_then(|m| m.targets.iter().find(|t| &t.key == k))
            .map_or_else(|| k.clone(), |t| t.label.clone()),
        Field::Note => lang.pick("工作进展", "note").into(),
        Field::Step(id) => match lang {
            Lang::Zh => format!("步骤{id}"),
            Lang::En => format!("step {id}"),
        },
        Field::Review => lang.pick("审核", "review").into(),
        Field::Extension => lang.pick("延期申请", "extension").into(),
        Field::Decision => lang.pick("督办意见", "decision").into(),
    }
}

fn unit_of(plan: &Plan, measure: &str, key: &str) -> String {
    plan.measure(measure)
        .and_then(|m| m.targets.iter().find(|t| t.key == key))
        .map(|t| t.unit.clone())
        .unwrap_or_default()
}

/// One field's value in words; `—` when absent.
fn value_words(lang: Lang, plan: &Plan, measure: &str, f: &Field, v: &Value, q: usize) -> String {
    let quote = |t: &str| cut(t, q);
    if v.is_null() {
        return "—".into();
    }
    let parse = Value::clone;
    match f {
        Field::Status => serde_json::from_value::<Status>(parse(v))
            .map(|s| s.label(lang).to_string())
            .unwrap_or_else(|_| "—".into()),
        Field::Due | Field::DoneOn => v.as_str().map_or_else(|| "—".into(), str::to_string),
        Field::Actual(k) => match v.as_f64() {
            Some(x) => format!("{}{}", number(x), unit_of(plan, measure, k)),
            None => "—".into(),
        },
        Field::Note => match v.as_str() {
            Some("") | None => "—".into(),
            Some(s) => format!("“{}”", quote(s)),
        },
        Field::Step(_) => match serde_json::from_value::<Step>(parse(v)) {
            Ok(s) => format!("{}“{}”", s.status.label(lang), quote(&s.text)),
            Err(_) => "—".into(),
        },
        Field::Review => match serde_json::from_value::<Review>(parse(v)) {
            Ok(r) => review_words(lang, &r, q),
            Err(_) => "—".into(),
        },
        Field::Extension => match serde_json::from_value::<Extension>(parse(v)) {
            Ok(e) => extension_words(lang, &e),
            Err(_) => "—".into(),
        },
        Field::Decision => match serde_json::from_value::<MeetingDecision>(parse(v)) {
            Ok(d) => format!("“{}”", quote(&d.opinion)),
            Err(_) => "—".into(),
        },
    }
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

fn review_words(lang: Lang, r: &Review, q: usize) -> String {
    let quote = |t: &str| cut(t, q);
    match (r, lang) {
        (Review::None, _) => "—".into(),
        (Review::Reported(_), Lang::Zh) => "已报结待确认".into(),
        (Review::Reported(_), Lang::En) => "reported done".into(),
        (Review::Confirmed(s), Lang::Zh) => format!("已销号（{}）", quote(&s.by)),
        (Review::Confirmed(s), Lang::En) => format!("confirmed ({})", quote(&s.by)),
        (Review::Returned { stamp, reason }, Lang::Zh) => {
            format!("退办（{}）：{}", quote(&stamp.by), quote(reason))
        }
        (Review::Returned { stamp, reason }, Lang::En) => {
            format!("returned ({}): {}", quote(&stamp.by), quote(reason))
        }
    }
}

fn extension_words(lang: Lang, e: &Extension) -> String {
    let state = match (&e.decision, lang) {
        (Decision::Pending, Lang::Zh) => "待批",
        (Decision::Pending, Lang::En) => "pending",
        (Decision::Approved(_), Lang::Zh) => "已同意",
        (Decision::Approved(_), Lang::En) => "approved",
        (Decision::Rejected { .. }, Lang::Zh) => "不同意",
        (Decision::Rejected { .. }, Lang::En) => "rejected",
    };
    match lang {
        Lang::Zh => format!("申请延至 {}（{state}）", e.date),
        Lang::En => format!("to {} ({state})", e.date),
    }
}

/// `1.1 区税务局 状态：未开始 → 推进中（另 2 项）`: the first change in words,
/// and how many more the save made.
pub fn change_summary(lang: Lang, plan: &Plan, changes: &[Change]) -> String {
    let Some(c) = changes.first() else {
        return String::new();
    };
    let m = &c.key.measure;
    let label = cut(&field_label(lang, plan, m, &c.field), LABEL);
    let from = value_words(lang, plan, m, &c.field, &c.from, QUOTE);
    let to = value_words(lang, plan, m, &c.field, &c.to, QUOTE);
    let more = match (changes.len() - 1, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("（另 {n} 项）"),
        (n, Lang::En) => format!(" (+{n})"),
    };
    let dept = plan.dept_name(&c.key.dept);
    match lang {
        Lang::Zh => format!("{m} {dept} {label}：{from} → {to}{more}"),
        Lang::En => format!("{m} {dept} {label}: {from} → {to}{more}"),
    }
}

/// One change in words, nothing cut: `1.1 区税务局 工作进展：— → “…”`, as
/// the CLI prints a save, an undo and the history.
pub fn change_line(lang: Lang, plan: &Plan, c: &Change) -> String {
    let m = &c.key.measure;
    let label = field_label(lang, plan, m, &c.field);
    let from = value_words(lang, plan, m, &c.field, &c.from, usize::MAX);
    let to = value_words(lang, plan, m, &c.field, &c.to, usize::MAX);
    let dept = plan.dept_name(&c.key.dept);
    match lang {
        Lang::Zh => format!("{m} {dept} {label}：{from} → {to}"),
        Lang::En => format!("{m} {dept} {label}: {from} → {to}"),
    }
}

/// An edit not yet saved (a recovery file's), in words: `1.1 区税务局
/// 工作进展 → “…”`.
pub fn edit_words(lang: Lang, plan: &Plan, e: &crate::progress::Edit) -> String {
    use crate::progress::Op;
    let zh = lang == Lang::Zh;
    let label = |f: Field| field_label(lang, plan, &e.measure, &f);
    let date = |d: &Option<chrono::NaiveDate>| d.map_or_else(|| "—".into(), |d| d.to_string());
    let what = match &e.op {
        Op::SetStatus(st) => format!("{} → {}", label(Field::Status), st.label(lang)),
        Op::ReportDoneOn(d) | Op::SetDoneOn(d) => format!("{} → {d}", label(Field::DoneOn)),
        Op::SetDue(d) => format!("{} → {}", label(Field::Due), date(d)),
        Op::SetActual { key, value } => format!(
            "{} → {}{}",
            label(Field::Actual(key.clone())),
            number(*value),
            unit_of(plan, &e.measure, key)
        ),
        Op::ClearActual { key } => format!("{} → —", label(Field::Actual(key.clone()))),
        Op::SetNote(n) => format!("{} → “{n}”", label(Field::Note)),
        Op::AddStep { text, .. } => format!("{}“{text}”", lang.pick("新增步骤", "new step ")),
        Op::SetStepText { id, text } => format!("{} → “{text}”", label(Field::Step(*id))),
        Op::SetStepStatus { id, status } => {
            format!("{} → {}", label(Field::Step(*id)), status.label(lang))
        }
        Op::SetStepDate { id, date: d } => format!("{} → {}", label(Field::Step(*id)), date(d)),
        Op::RemoveStep { id } => lang.pick(format!("删除步骤{id}"), format!("remove step {id}")),
        Op::ReportDone => lang.pick("报结", "report done").into(),
        Op::Confirm => lang.pick("销号", "confirm").into(),
        Op::Return { reason } => match zh {
            true => format!("退办：{reason}"),
            false => format!("return: {reason}"),
        },
        Op::RequestExtension { date: d, .. } => {
            lang.pick(format!("申请延至 {d}"), format!("extension to {d}"))
        }
        Op::ApproveExtension => lang.pick("同意延期", "approve extension").into(),
        Op::RejectExtension { reason } => match zh {
            true => format!("不同意延期：{reason}"),
            false => format!("reject extension: {reason}"),
        },
        Op::MeetingDecision { opinion, .. } => format!("{} → “{opinion}”", label(Field::Decision)),
    };
    format!("{} {} {what}", e.measure, plan.dept_name(&e.dept))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Key;
    use serde_json::json;

    fn plan() -> Plan {
        crate::plan::load_embedded().expect("the embedded plan loads")
    }

    fn change(m: &str, d: &str, field: Field, from: Value, to: Value) -> Change {
        Change {
            key: Key::new(m, d),
            field,
            from,
            to,
        }
    }

    #[test]
    fn a_status_change_names_the_department_and_the_words() {
        let p = plan();
        let c = change(
            "1.1",
            "tax",
            Field::Status,
            json!("not_started"),
            json!("in_progress"),
        );
        let s = change_summary(Lang::Zh, &p, &[c.clone(), c]);
        assert_eq!(s, "1.1 区税务局 状态：未开始 → 推进中（另 1 项）");
    }

    #[test]
    fn a_long_target_label_is_cut_so_the_values_show() {
        let p = plan();
        let m = p
            .measures()
            .map(|(_, m)| m)
            .find(|m| m.targets.iter().any(|t| t.unit == "个工作日"))
            .expect("a target in working days");
        let t = m.targets.iter().find(|t| t.unit == "个工作日").unwrap();
        let c = change(
            &m.id,
            &m.lead[0],
            Field::Actual(t.key.clone()),
            Value::Null,
            json!(1.5),
        );
        let s = change_summary(Lang::Zh, &p, &[c]);
        assert!(s.ends_with("：— → 1.5个工作日"), "{s}");
        assert!(s.chars().count() < 40, "{s}");
    }

    #[test]
    fn a_review_change_is_words_not_json() {
        let p = plan();
        let c = change(
            "5.7",
            "tax",
            Field::Review,
            json!("none"),
            json!({"reported": {"by": "区税务局", "at": "2022-01-10T09:00:00Z"}}),
        );
        let s = change_summary(Lang::Zh, &p, &[c]);
        assert!(s.ends_with("审核：— → 已报结待确认"), "{s}");
        assert!(!s.contains('{'), "{s}");
    }

    #[test]
    fn an_unsaved_edit_is_words_not_debug() {
        let p = plan();
        let e =
            crate::progress::Edit::new("1.1", "tax", crate::progress::Op::SetNote("已对接".into()));
        assert_eq!(
            edit_words(Lang::Zh, &p, &e),
            "1.1 区税务局 工作进展 → “已对接”"
        );
    }

    #[test]
    fn a_change_line_quotes_the_whole_note() {
        let p = plan();
        let note = "已与市场监管局完成系统对接并上线试运行，群众办事更方便";
        let c = change("1.1", "tax", Field::Note, Value::Null, json!(note));
        let s = change_line(Lang::Zh, &p, &c);
        assert_eq!(s, format!("1.1 区税务局 工作进展：— → “{note}”"));
    }
}
