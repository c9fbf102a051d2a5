//! The read-only side of the board: the plan as it will be shown (every
//! string already sanitised), the as-of date, and indexes built once so
//! that filtering and drawing stay cheap at 10 000 measures.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::lang::Lang;
use crate::plan::{Deadline, Department, Measure, Plan, Recurring, Target};
use crate::progress::Context;
use crate::progress::Status;
use crate::text::{sanitize, sanitize_multiline};

use super::progress::Progress;

/// Days ahead of the as-of date that count as "due soon" (today included),
/// unless the data dir's `config.ron` says otherwise (`due_soon_days`).
pub const DUE_SOON_DAYS: i64 = crate::meeting::lights::DEFAULT_DUE_SOON_DAYS as i64;

/// Where a measure stands against the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// Due date passed and not done.
    Overdue,
    /// Due today or within [`Board::due_soon_days`] days, not done.
    DueSoon,
    /// Due later, done, or no due date.
    Calm,
}

/// How a department is named on a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Lead,
    Responsible,
}

/// A measure's position: index into [`Board::measures`].
pub type MeasureIx = usize;

pub struct MeasureEntry {
    pub chapter: usize,
    pub measure: Measure,
    /// The plan's due date ([`Measure::due`]); see [`Board::due`].
    pub due: Option<NaiveDate>,
    /// Case-folded title, text, id and department names, for `/` search.
    haystack: String,
}

pub struct ChapterEntry {
    pub number: u32,
    pub numeral: String,
    pub title: String,
    /// Range into [`Board::measures`].
    pub first: MeasureIx,
    pub len: usize,
}

pub struct Board {
    pub title: String,
    pub today: NaiveDate,
    pub lang: Lang,
    pub departments: Vec<Department>,
    pub chapters: Vec<ChapterEntry>,
    pub measures: Vec<MeasureEntry>,
    /// Per department (same order as `departments`): the measures it leads
    /// or carries, in plan order.
    pub dept_measures: Vec<Vec<(MeasureIx, Role)>>,
    dept_index: HashMap<String, usize>,
    /// The widest measure id, in cells, so id columns line up.
    pub id_width: usize,
    /// Department progress, once the progress layer provides it; set it
    /// with [`Board::set_progress`] so `derived` follows.
    pub progress: Option<Box<dyn Progress>>,
    /// Each measure's status and due date from `progress`, by position:
    /// every frame asks for them for every measure (counts, filters), and a
    /// lookup by string id per measure costs milliseconds at 10 000 measures.
    derived: Vec<(Status, Option<NaiveDate>)>,
    /// The due-soon window, the same one the traffic lights use.
    pub due_soon_days: i64,
}

fn clean_dept(d: &Department) -> Department {
    Department {
        id: sanitize(&d.id),
        name: sanitize(&d.name),
        short: sanitize(&d.short),
        aliases: d.aliases.iter().map(|a| sanitize(a)).collect(),
        kind: d.kind,
    }
}

fn clean_measure(m: &Measure) -> Measure {
    Measure {
        id: sanitize(&m.id),
        number: sanitize(&m.number),
        title: sanitize(&m.title),
        text: sanitize_multiline(&m.text),
        annotation: sanitize(&m.annotation),
        lead: m.lead.clone(),
        lead_inferred: m.lead_inferred,
        responsible: m.responsible.clone(),
        deadlines: m
            .deadlines
            .iter()
            .map(|d| Deadline {
                kind: d.kind,
                date: d.date,
                text: sanitize(&d.text),
                what: sanitize(&d.what),
            })
            .collect(),
        recurring: m
            .recurring
            .iter()
            .map(|r| Recurring {
                cadence: r.cadence,
                text: sanitize(&r.text),
            })
            .collect(),
        targets: m
            .targets
            .iter()
            .map(|t| Target {
                key: sanitize(&t.key),
                label: sanitize(&t.label),
                cmp: t.cmp,
                value: t.value,
                unit: sanitize(&t.unit),
                text: sanitize(&t.text),
            })
            .collect(),
    }
}

impl Board {
    pub fn from_context(ctx: &Context) -> Self {
        Self::new(&ctx.plan, ctx.today, ctx.lang)
    }

    pub fn new(plan: &Plan, today: NaiveDate, lang: Lang) -> Self {
        let departments: Vec<Department> = plan.departments.iter().map(clean_dept).collect();
        let dept_index: HashMap<String, usize> = plan
            .departments
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let mut chapters = Vec::new();
        let mut measures = Vec::new();
        let mut dept_measures = vec![Vec::new(); departments.len()];
        for (ci, ch) in plan.chapters.iter().enumerate() {
            chapters.push(ChapterEntry {
                number: ch.number,
                numeral: sanitize(&ch.numeral),
                title: sanitize(&ch.title),
                first: measures.len(),
                len: ch.measures.len(),
            });
            for m in &ch.measures {
                let ix = measures.len();
                for d in &m.lead {
                    if let Some(&di) = dept_index.get(d) {
                        dept_measures[di].push((ix, Role::Lead));
                    }
                }
                for d in &m.responsible {
                    if m.lead.contains(d) {
                        continue;
                    }
                    if let Some(&di) = dept_index.get(d) {
                        dept_measures[di].push((ix, Role::Responsible));
                    }
                }
                let measure = clean_measure(m);
                let mut haystack = format!("{} {} {}", measure.id, measure.title, measure.text);
                for d in measure.departments() {
                    if let Some(&di) = dept_index.get(d) {
                        let dep = &departments[di];
                        haystack.push(' ');
                        haystack.push_str(&dep.name);
                        haystack.push(' ');
                        haystack.push_str(&dep.short);
                        for a in &dep.aliases {
                            haystack.push(' ');
                            haystack.push_str(a);
                        }
                    }
                }
                measures.push(MeasureEntry {
                    chapter: ci,
                    due: m.due(),
                    measure,
                    haystack: crate::text::fold(&haystack),
                });
            }
        }
        let id_width = measures
            .iter()
            .map(|m| crate::text::width(&m.measure.id))
            .max()
            .unwrap_or(0);
        Self {
            id_width,
            title: sanitize(&plan.doc.title),
            today,
            lang,
            departments,
            chapters,
            measures,
            dept_measures,
            dept_index,
            progress: None,
            derived: Vec::new(),
            due_soon_days: DUE_SOON_DAYS,
        }
    }

    /// Hands the board department progress and derives each measure's
    /// status and due date once.
    pub fn set_progress(&mut self, progress: Box<dyn Progress>) {
        self.derived = self
            .measures
            .iter()
            .map(|m| {
                let id = &m.measure.id;
                (progress.status(id), progress.due(id).or(m.due))
            })
            .collect();
        self.progress = Some(progress);
    }

    /// Unreadable progress files, as messages (empty without progress).
    pub fn problems(&self) -> Vec<String> {
        self.progress
            .as_ref()
            .map_or_else(Vec::new, |p| p.problems())
    }

    pub fn dept_ix(&self, id: &str) -> Option<usize> {
        self.dept_index.get(id).copied()
    }

    pub fn dept(&self, id: &str) -> Option<&Department> {
        self.dept_ix(id).map(|i| &self.departments[i])
    }

    /// The name to show for a department id; the id itself if unknown.
    pub fn dept_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.dept(id).map_or(id, |d| d.name.as_str())
    }

    /// The short name for narrow columns, falling back to the full name.
    pub fn dept_short<'a>(&'a self, id: &'a str) -> &'a str {
        match self.dept(id) {
            Some(d) if !d.short.is_empty() => &d.short,
            Some(d) => &d.name,
            None => id,
        }
    }

    pub fn chapter_measures(&self, chapter: usize) -> std::ops::Range<MeasureIx> {
        self.chapters
            .get(chapter)
            .map_or(0..0, |c| c.first..c.first + c.len)
    }

    pub fn is_done(&self, m: MeasureIx) -> bool {
        self.progress
            .as_ref()
            .is_some_and(|p| p.is_done(&self.measures[m].measure.id))
    }

    /// The measure's derived status; not started while progress is unknown.
    pub fn status(&self, m: MeasureIx) -> Status {
        self.derived.get(m).map_or(Status::NotStarted, |d| d.0)
    }

    /// One department's own status on a measure (what `a` `i` `D` `b` set
    /// for it); `None` when it is not assigned or progress is unknown.
    pub fn dept_status(&self, m: MeasureIx, dept: &str) -> Option<Status> {
        let p = self.progress.as_ref()?;
        p.dept(&self.measures[m].measure.id, dept).map(|e| e.state)
    }

    /// When the measure is due: the plan's date, or the date progress
    /// derives from committed dates and extensions.
    pub fn due(&self, m: MeasureIx) -> Option<NaiveDate> {
        self.derived.get(m).map_or(self.measures[m].due, |d| d.1)
    }

    pub fn urgency(&self, m: MeasureIx) -> Urgency {
        let Some(due) = self.due(m) else {
            return Urgency::Calm;
        };
        if self.is_done(m) {
            return Urgency::Calm;
        }
        let days = (due - self.today).num_days();
        if days < 0 {
            Urgency::Overdue
        } else if days <= self.due_soon_days {
            Urgency::DueSoon
        } else {
            Urgency::Calm
        }
    }

    /// Where one department stands on a measure against the as-of date,
    /// by its own effective deadline; `Calm` when it is done, has no
    /// deadline, or progress is unknown.
    pub fn dept_urgency(&self, m: MeasureIx, dept: &str) -> Urgency {
        let Some(p) = &self.progress else {
            return Urgency::Calm;
        };
        let Some(e) = p.dept(&self.measures[m].measure.id, dept) else {
            return Urgency::Calm;
        };
        match e.deadline {
            _ if e.done => Urgency::Calm,
            None => Urgency::Calm,
            Some(_) if e.overdue => Urgency::Overdue,
            Some(d) if (d.date - self.today).num_days() <= self.due_soon_days => Urgency::DueSoon,
            Some(_) => Urgency::Calm,
        }
    }

    /// The departments that make the measure overdue (or due soon): those
    /// whose own urgency is the measure's, never one that is done. Without
    /// progress, the lead departments.
    pub fn urgent_depts(&self, m: MeasureIx) -> Vec<&str> {
        let me = &self.measures[m].measure;
        if self.progress.is_none() {
            return me.lead.iter().map(String::as_str).collect();
        }
        let want = self.urgency(m);
        if want == Urgency::Calm {
            return Vec::new();
        }
        me.departments()
            .into_iter()
            .filter(|d| self.dept_urgency(m, d) == want)
            .collect()
    }

    /// What the measure needs from `dept` (退办, a new decision, overdue,
    /// due soon); nothing when the department is not assigned to it.
    pub fn dept_needs(&self, m: MeasureIx, dept: &str) -> crate::meeting::attention::Needs {
        let me = &self.measures[m].measure;
        match &self.progress {
            Some(p) if me.departments().contains(&dept) => {
                p.needs(&me.id, dept, self.due_soon_days)
            }
            _ => Default::default(),
        }
    }

    /// How many of `dept`'s items need it, per reason.
    pub fn need_counts(&self, dept: &str) -> crate::meeting::attention::NeedCounts {
        let mut c = crate::meeting::attention::NeedCounts::default();
        if let Some(ms) = self.dept_ix(dept).and_then(|i| self.dept_measures.get(i)) {
            for &(m, _) in ms {
                c.add(self.dept_needs(m, dept));
            }
        }
        c
    }

    /// Days from the as-of date to the due date (negative when overdue).
    pub fn days_left(&self, m: MeasureIx) -> Option<i64> {
        self.due(m).map(|d| (d - self.today).num_days())
    }

    /// Whether the measure's title, text, id or department names contain
    /// `query` (case-insensitive).
    pub fn measure_matches(&self, m: MeasureIx, query: &str) -> bool {
        self.measure_matches_folded(m, &crate::text::fold(query))
    }

    /// Like [`Board::measure_matches`] with the query already folded
    /// ([`crate::text::fold`]), for loops over many measures.
    pub fn measure_matches_folded(&self, m: MeasureIx, folded: &str) -> bool {
        !folded.is_empty() && self.measures[m].haystack.contains(folded)
    }

    pub fn dept_matches(&self, d: usize, query: &str) -> bool {
        let dep = &self.departments[d];
        std::iter::once(&dep.name)
            .chain([&dep.short, &dep.id])
            .chain(dep.aliases.iter())
            .any(|s| crate::text::contains_ci(s, query))
    }
}
