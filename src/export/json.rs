//! JSON export. The field names are a contract scripts rely on (DESIGN §7):
//! `{plan, departments:[{id,name,aliases}], chapters:[{id,title,measures:[…]}]}`.

use chrono::NaiveDate;
use serde::Serialize;

use super::Item;
use crate::plan::{Cadence, Comparator, DeadlineKind, DeptKind, Plan};

#[derive(Serialize)]
struct Doc<'a> {
    plan: PlanInfo<'a>,
    departments: Vec<Dept<'a>>,
    chapters: Vec<Chapter<'a>>,
}

#[derive(Serialize)]
struct PlanInfo<'a> {
    id: &'a str,
    title: &'a str,
    issuer: &'a str,
    issued: NaiveDate,
    as_of: NaiveDate,
}

#[derive(Serialize)]
struct Dept<'a> {
    id: &'a str,
    name: &'a str,
    short: &'a str,
    aliases: &'a [String],
    kind: DeptKind,
}

#[derive(Serialize)]
struct Chapter<'a> {
    id: u32,
    numeral: &'a str,
    title: &'a str,
    measures: Vec<Measure<'a>>,
}

#[derive(Serialize)]
struct Measure<'a> {
    id: &'a str,
    number: &'a str,
    title: &'a str,
    text: &'a str,
    annotation: &'a str,
    lead: &'a [String],
    lead_inferred: bool,
    responsible: &'a [String],
    deadlines: Vec<Deadline<'a>>,
    recurring: Vec<Recurring<'a>>,
    targets: Vec<Target<'a>>,
    progress: Vec<Progress<'a>>,
    state: &'static str,
    due: Option<NaiveDate>,
    overdue: bool,
    days_late: i64,
}

#[derive(Serialize)]
struct Deadline<'a> {
    date: NaiveDate,
    text: &'a str,
    kind: &'static str,
    what: &'a str,
}

#[derive(Serialize)]
struct Recurring<'a> {
    cadence: &'static str,
    text: &'a str,
}

#[derive(Serialize)]
struct Target<'a> {
    key: &'a str,
    label: &'a str,
    cmp: &'static str,
    value: f64,
    unit: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct Progress<'a> {
    dept: &'a str,
    role: &'static str,
    status: &'static str,
}

pub fn kind_word(k: DeadlineKind) -> &'static str {
    match k {
        DeadlineKind::By => "by",
        DeadlineKind::From => "from",
        DeadlineKind::Within => "within",
    }
}

pub fn cadence_word(c: Cadence) -> &'static str {
    match c {
        Cadence::Weekly => "weekly",
        Cadence::Monthly => "monthly",
        Cadence::Quarterly => "quarterly",
        Cadence::Yearly => "yearly",
        Cadence::Regular => "regular",
    }
}

pub fn cmp_word(c: Comparator) -> &'static str {
    match c {
        Comparator::Ge => "ge",
        Comparator::Le => "le",
        Comparator::Eq => "eq",
    }
}

pub fn render(plan: &Plan, today: NaiveDate, items: &[Item]) -> String {
    let mut chapters: Vec<Chapter> = Vec::new();
    for it in items {
        let m = it.measure;
        if chapters.last().is_none_or(|c| c.id != it.chapter.number) {
            chapters.push(Chapter {
                id: it.chapter.number,
                numeral: &it.chapter.numeral,
                title: &it.chapter.title,
                measures: Vec::new(),
            });
        }
        let progress = m
            .departments()
            .into_iter()
            .map(|d| Progress {
                dept: d,
                role: if m.lead.iter().any(|l| l == d) {
                    "lead"
                } else {
                    "responsible"
                },
                status: "not_started",
            })
            .collect();
        let measure = Measure {
            id: &m.id,
            number: &m.number,
            title: &m.title,
            text: &m.text,
            annotation: &m.annotation,
            lead: &m.lead,
            lead_inferred: m.lead_inferred,
            responsible: &m.responsible,
            deadlines: m
                .deadlines
                .iter()
                .map(|d| Deadline {
                    date: d.date,
                    text: &d.text,
                    kind: kind_word(d.kind),
                    what: &d.what,
                })
                .collect(),
            recurring: m
                .recurring
                .iter()
                .map(|r| Recurring {
                    cadence: cadence_word(r.cadence),
                    text: &r.text,
                })
                .collect(),
            targets: m
                .targets
                .iter()
                .map(|t| Target {
                    key: &t.key,
                    label: &t.label,
                    cmp: cmp_word(t.cmp),
                    value: t.value,
                    unit: &t.unit,
                    text: &t.text,
                })
                .collect(),
            progress,
            state: "not_started",
            due: it.due,
            overdue: it.overdue,
            days_late: it.days_late,
        };
        if let Some(c) = chapters.last_mut() {
            c.measures.push(measure);
        }
    }
    let doc = Doc {
        plan: PlanInfo {
            id: &plan.doc.id,
            title: &plan.doc.title,
            issuer: &plan.doc.issuer,
            issued: plan.doc.issued,
            as_of: today,
        },
        departments: plan
            .departments
            .iter()
            .map(|d| Dept {
                id: &d.id,
                name: &d.name,
                short: &d.short,
                aliases: &d.aliases,
                kind: d.kind,
            })
            .collect(),
        chapters,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("export structs always serialize");
    s.push('\n');
    s
}
