//! JSON export. The field names are a contract scripts rely on (DESIGN §7):
//! `{plan, departments:[{id,name,aliases}], chapters:[{id,title,measures:[…]}]}`.

use chrono::NaiveDate;
use serde::Serialize;

use super::Item;
use crate::plan::{Cadence, Comparator, DeadlineKind, DeptKind, Plan};
use crate::progress::{Decision, Entry, Ledger, Orphan, Review, Stamp, Step};

#[derive(Serialize)]
struct Doc<'a> {
    plan: PlanInfo<'a>,
    departments: Vec<Dept<'a>>,
    chapters: Vec<Chapter<'a>>,
    /// Progress kept for measures or departments the plan no longer has.
    orphans: Vec<OrphanEntry<'a>>,
}

#[derive(Serialize)]
struct OrphanEntry<'a> {
    measure: &'a str,
    dept: &'a str,
    why: &'static str,
    status: &'static str,
    note: &'a str,
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
    /// Every department done and struck off (销号) by a coordinator.
    confirmed: bool,
    due: Option<NaiveDate>,
    overdue: bool,
    days_late: i64,
    /// Ids of the departments that are overdue; `due` and `days_late` follow them.
    late: Vec<&'a str>,
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
    /// The department's committed date (承诺完成时间).
    due: Option<NaiveDate>,
    /// The effective deadline, the date that decides overdue (README, the obligation rule).
    deadline: Option<NaiveDate>,
    /// Whose date `deadline` is: plan | committed | extension | decision.
    deadline_source: Option<&'static str>,
    /// A committed date later than `deadline`: asked for, not granted.
    requested: Option<NaiveDate>,
    overdue: bool,
    /// Days past `deadline` while overdue, else 0.
    days_late: i64,
    /// When the work was finished (实际完成时间), while done.
    done_on: Option<NaiveDate>,
    /// The latest meeting decision (督办意见) on this entry.
    decision: Option<DecisionOut<'a>>,
    confirmed: bool,
    note: &'a str,
    actuals: std::collections::BTreeMap<&'a str, f64>,
    steps: Vec<StepOut<'a>>,
    review: Option<ReviewOut<'a>>,
    extension: Option<ExtensionOut<'a>>,
    updated_by: Option<&'a str>,
    updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Serialize)]
struct DecisionOut<'a> {
    meeting: &'a str,
    opinion: &'a str,
    due: Option<NaiveDate>,
    by: &'a str,
    at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize)]
struct StepOut<'a> {
    id: u32,
    text: &'a str,
    status: &'static str,
    date: Option<NaiveDate>,
}

#[derive(Serialize)]
struct ReviewOut<'a> {
    /// reported | confirmed | returned
    state: &'static str,
    by: &'a str,
    at: chrono::DateTime<chrono::Utc>,
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct ExtensionOut<'a> {
    reason: &'a str,
    date: NaiveDate,
    progress: &'a str,
    requested_by: &'a str,
    requested_at: chrono::DateTime<chrono::Utc>,
    /// pending | approved | rejected
    decision: &'static str,
    decided_by: Option<&'a str>,
    decision_reason: Option<&'a str>,
}

fn review_out(r: &Review) -> Option<ReviewOut<'_>> {
    let (state, stamp, reason): (_, &Stamp, _) = match r {
        Review::None => return None,
        Review::Reported(s) => ("reported", s, None),
        Review::Confirmed(s) => ("confirmed", s, None),
        Review::Returned { stamp, reason } => ("returned", stamp, Some(reason.as_str())),
    };
    Some(ReviewOut {
        state,
        by: &stamp.by,
        at: stamp.at,
        reason,
    })
}

fn extension_out(e: &Entry) -> Option<ExtensionOut<'_>> {
    let x = e.extension.as_ref()?;
    let (decision, decided_by, decision_reason) = match &x.decision {
        Decision::Pending => ("pending", None, None),
        Decision::Approved(s) => ("approved", Some(s.by.as_str()), None),
        Decision::Rejected { stamp, reason } => {
            ("rejected", Some(stamp.by.as_str()), Some(reason.as_str()))
        }
    };
    Some(ExtensionOut {
        reason: &x.reason,
        date: x.date,
        progress: &x.progress,
        requested_by: &x.requested.by,
        requested_at: x.requested.at,
        decision,
        decided_by,
        decision_reason,
    })
}

fn steps_out(steps: &[Step]) -> Vec<StepOut<'_>> {
    steps
        .iter()
        .map(|s| StepOut {
            id: s.id,
            text: &s.text,
            status: s.status.word(),
            date: s.date,
        })
        .collect()
}

fn orphan_word(o: &Orphan) -> &'static str {
    match o {
        Orphan::UnknownMeasure => "unknown_measure",
        Orphan::UnknownDept => "unknown_dept",
        Orphan::NotAssigned => "not_assigned",
    }
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

pub fn render(plan: &Plan, ledger: &Ledger, today: NaiveDate, items: &[Item]) -> String {
    let none = Entry::default();
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
        let progress = it
            .state
            .depts
            .iter()
            .map(|d| {
                let e = ledger.get(&m.id, &d.dept).unwrap_or(&none);
                let dl = d.deadline;
                Progress {
                    dept: &d.dept,
                    role: if d.lead { "lead" } else { "responsible" },
                    status: d.status.word(),
                    due: e.due,
                    deadline: dl.map(|x| x.date),
                    deadline_source: dl.map(|x| x.source.key()),
                    requested: dl.and_then(|x| x.requested),
                    overdue: d.overdue,
                    days_late: match (d.overdue, dl) {
                        (true, Some(x)) => (today - x.date).num_days().max(0),
                        _ => 0,
                    },
                    done_on: e.done_on,
                    decision: e.decision.as_ref().map(|x| DecisionOut {
                        meeting: &x.meeting,
                        opinion: &x.opinion,
                        due: x.due,
                        by: &x.stamp.by,
                        at: x.stamp.at,
                    }),
                    confirmed: d.confirmed,
                    note: &e.note,
                    actuals: e.actuals.iter().map(|(k, v)| (k.as_str(), *v)).collect(),
                    steps: steps_out(&e.steps),
                    review: review_out(&e.review),
                    extension: extension_out(e),
                    updated_by: e.updated.as_ref().map(|s| s.by.as_str()),
                    updated_at: e.updated.as_ref().map(|s| s.at),
                }
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
            state: it.state.status.word(),
            confirmed: it.state.confirmed,
            due: it.state.due,
            overdue: it.state.overdue,
            days_late: it.state.days_late,
            late: it
                .state
                .depts
                .iter()
                .filter(|d| d.overdue)
                .map(|d| d.dept.as_str())
                .collect(),
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
        orphans: ledger
            .orphans
            .iter()
            .map(|(k, why)| {
                let e = ledger.entries.get(k).unwrap_or(&none);
                OrphanEntry {
                    measure: &k.measure,
                    dept: &k.dept,
                    why: orphan_word(why),
                    status: e.status.word(),
                    note: &e.note,
                }
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("export structs always serialize");
    s.push('\n');
    s
}
