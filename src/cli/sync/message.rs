//! The commit message of a sync: who changed what, read from the history
//! records this machine added since the last commit, e.g.
//! `duban: 区税务局 5.8 状态 推进中 → 已完成; 1.1 备注`.

use std::collections::BTreeSet;

use crate::lang::Lang;
use crate::plan::Plan;
use crate::progress::{Field, Record, Status, Who};

/// Subjects longer than this (in characters) end with "… 等 N 项".
const SUBJECT_CHARS: usize = 100;

/// The records of `new` that `old` does not hold (both history log texts).
pub fn added(old: &str, new: &str) -> Vec<Record> {
    let key = |r: &Record| {
        let mut r = r.clone();
        r.rev = 0;
        serde_json::to_string(&r).unwrap_or_default()
    };
    let parse = |t: &str| -> Vec<Record> {
        t.lines()
            .filter_map(|l| serde_json::from_str::<Record>(l).ok())
            .collect()
    };
    let seen: BTreeSet<String> = parse(old).iter().map(key).collect();
    parse(new)
        .into_iter()
        .filter(|r| !seen.contains(&key(r)))
        .collect()
}

fn who_label(plan: &Plan, who: &Who) -> String {
    match who {
        Who::Dept(d) => plan
            .department(d)
            .map_or_else(|| d.clone(), |x| x.name.clone()),
        Who::Coordinator(c) => c.clone(),
    }
}

/// A name git takes as an author: printable, on one line, without the
/// brackets that delimit the e-mail address.
pub fn author(name: &str) -> String {
    let s = crate::text::sanitize(name).replace(['<', '>'], "");
    if s.trim().is_empty() {
        "duban".into()
    } else {
        s.trim().to_string()
    }
}

fn field_label(f: &Field, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match f {
        Field::Status => lang.pick("状态", "status").into(),
        Field::Due => lang.pick("承诺时间", "due").into(),
        Field::DoneOn => lang.pick("完成时间", "done on").into(),
        Field::Actual(k) => format!("{} {k}", lang.pick("指标", "actual")),
        Field::Note => lang.pick("备注", "note").into(),
        Field::Step(n) => format!("{}{n}", if zh { "细化措施" } else { "step " }),
        Field::Review => lang.pick("审核", "review").into(),
        Field::Extension => lang.pick("延期申请", "extension").into(),
        Field::Decision => lang.pick("督办意见", "decision").into(),
    }
}

fn value_label(f: &Field, v: &serde_json::Value, lang: Lang) -> Option<String> {
    match f {
        Field::Status => serde_json::from_value::<Status>(v.clone())
            .ok()
            .map(|s| s.label(lang).to_string()),
        Field::Due | Field::DoneOn => Some(
            v.as_str()
                .map_or_else(|| lang.pick("无", "none").to_string(), str::to_string),
        ),
        _ => None,
    }
}

/// One item per (measure, field) a person changed: its first `from` and
/// last `to`, with the values shown for status and dates.
fn items(plan: &Plan, records: &[Record], lang: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(
        String,
        (String, Field),
        serde_json::Value,
        serde_json::Value,
    )> = Vec::new();
    for r in records {
        let who = who_label(plan, &r.who);
        let k = (r.measure.clone(), r.field.clone());
        match out.iter_mut().find(|x| x.0 == who && x.1 == k) {
            Some(x) => x.3 = r.to.clone(),
            None => out.push((who, k, r.from.clone(), r.to.clone())),
        }
    }
    // Reporting done (or reopening) moves the review along with the status;
    // the status item says it.
    let with_status: Vec<(String, String)> = out
        .iter()
        .filter(|x| x.1.1 == Field::Status && x.2 != x.3)
        .map(|x| (x.0.clone(), x.1.0.clone()))
        .collect();
    out.into_iter()
        .filter(|x| x.2 != x.3)
        .filter(|x| {
            !(x.1.1 == Field::Review && with_status.contains(&(x.0.clone(), x.1.0.clone())))
        })
        .map(|(who, (m, f), from, to)| {
            let mut s = format!("{m} {}", field_label(&f, lang));
            match (value_label(&f, &from, lang), value_label(&f, &to, lang)) {
                (Some(a), Some(b)) if f == Field::Status => s.push_str(&format!(" {a} → {b}")),
                (_, Some(b)) => s.push_str(&format!(" → {b}")),
                _ => {}
            }
            (who, s)
        })
        .collect()
}

/// The message: a subject naming who and what, and a body with every
/// change on its own line. `other` lists the changed files no record
/// explains (hand edits, the sync setup).
pub fn compose(plan: &Plan, records: &[Record], other: &[String], lang: Lang) -> String {
    let items = items(plan, records, lang);
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for (who, s) in &items {
        match groups.iter_mut().find(|g| &g.0 == who) {
            Some(g) => g.1.push(s.clone()),
            None => groups.push((who.clone(), vec![s.clone()])),
        }
    }
    let mut parts: Vec<String> = groups
        .iter()
        .map(|(who, v)| format!("{who} {}", v.join("; ")))
        .collect();
    if !other.is_empty() {
        parts.push(format!(
            "{} {}",
            lang.pick("文件", "files"),
            other.join(", ")
        ));
    }
    let whole = parts.join(lang.pick("；", "; "));
    let mut subject = format!("duban: {whole}");
    if subject.chars().count() > SUBJECT_CHARS {
        let cut: String = subject.chars().take(SUBJECT_CHARS).collect();
        let more = lang.pick("等", "and more:");
        subject = format!(
            "{cut}… {more} {} {}",
            items.len() + other.len(),
            lang.pick("项", "changes")
        );
    }
    let mut body = String::new();
    for (who, s) in &items {
        body.push_str(&format!("{who}: {s}\n"));
    }
    for f in other {
        body.push_str(&format!("{f}\n"));
    }
    // Names come from files and flags; `git log` prints them raw.
    crate::text::sanitize_multiline(&format!("{subject}\n\n{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn rec(m: &str, f: Field, from: serde_json::Value, to: serde_json::Value) -> Record {
        Record {
            txn: "t".into(),
            rev: 1,
            seq: None,
            user: None,
            at: Utc.with_ymd_and_hms(2021, 11, 1, 8, 0, 0).unwrap(),
            who: Who::Dept("tax".into()),
            action: "set".into(),
            of: None,
            source: None,
            measure: m.into(),
            dept: "tax".into(),
            field: f,
            from,
            to,
        }
    }

    #[test]
    fn the_subject_names_the_department_and_each_change() {
        let plan = crate::plan::load_dir(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/plan"),
        )
        .unwrap();
        use serde_json::json;
        let rs = [
            rec("1.2", Field::Status, json!("in_progress"), json!("done")),
            rec(
                "1.2",
                Field::Review,
                json!("none"),
                json!({"reported": {"by": "tax", "at": "2021-11-01T08:00:00Z"}}),
            ),
            rec("1.1", Field::Note, json!(""), json!("已对接")),
        ];
        let m = compose(&plan, &rs, &[], Lang::Zh);
        assert_eq!(
            m.lines().next().unwrap(),
            "duban: 区税务局 1.2 状态 推进中 → 已完成; 1.1 备注"
        );
        assert!(m.contains("区税务局: 1.1 备注\n"), "{m}");
    }

    #[test]
    fn what_a_name_holds_reaches_git_inert() {
        assert_eq!(author("王\u{1b}[2J主任 <x@y>"), "王␛[2J主任 x@y");
        assert_eq!(author("  "), "duban");
        assert!(!author("a\nb").contains('\n'));
    }

    #[test]
    fn records_already_committed_are_not_new() {
        let a = serde_json::to_string(&rec("1.1", Field::Note, "a".into(), "b".into())).unwrap();
        let b = serde_json::to_string(&rec("1.2", Field::Note, "a".into(), "b".into())).unwrap();
        let new = added(&format!("{a}\n"), &format!("{a}\n{b}\n"));
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].measure, "1.2");
    }
}
