//! The plan as it is written in `plan/*.ron`.
//!
//! Field names are the RON vocabulary a clerk edits, so they favour plain
//! words over Rust idiom. Every struct denies unknown fields: a typo in a
//! plan file must be an error with a position, never a silently ignored key.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `plan/plan.ron`: the main document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanDoc {
    /// Stable ASCII id; also names the progress data directory.
    pub id: String,
    pub title: String,
    pub issuer: String,
    pub issued: NaiveDate,
    /// The cover notice (通知) text, if any.
    #[serde(default)]
    pub notice: String,
    /// 一 工作目标, 二 工作原则, 三 重点任务, 四 组织保障 …
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Plan-level numeric targets (e.g. 进入全省前50名).
    #[serde(default)]
    pub targets: Vec<Target>,
    /// Plan-level dated milestones (e.g. 2021-11-30 11月底前实现重大突破).
    #[serde(default)]
    pub milestones: Vec<Deadline>,
    /// Standing duties of the plan (e.g. each indicator's lead reviews monthly).
    #[serde(default)]
    pub duties: Vec<Recurring>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// As written: "一".
    pub number: String,
    pub title: String,
    /// Lead paragraph(s) before the numbered items.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub items: Vec<SectionItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionItem {
    /// As written: "（一）".
    pub number: String,
    pub title: String,
    pub text: String,
}

/// What kind of body a department entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum DeptKind {
    /// A district department or agency (区税务局).
    #[default]
    Department,
    /// A group of bodies named together (各镇政府（街道办事处）, 园区管委会).
    Collective,
    /// An open-ended catch-all ("区有关部门", "…等").
    CatchAll,
    /// A company or utility outside government (东昌府供电部, 各水气专营单位).
    Enterprise,
}

/// One entry of `plan/departments.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// Stable ASCII id (`tax`, `approval`); used in progress files and on the command line.
    pub id: String,
    /// Official name as the plan writes it most often.
    pub name: String,
    /// Short label for narrow columns (税务局).
    #[serde(default)]
    pub short: String,
    /// Other spellings the text uses for the same body.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub kind: DeptKind,
}

/// `plan/chapters/NN-name.ron`: one evaluation indicator of the annex.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    /// 1-based position in the annex.
    pub number: u32,
    /// As written: "一".
    pub numeral: String,
    pub title: String,
    pub measures: Vec<Measure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// `chapter.position`, e.g. "2.6".
    pub id: String,
    /// As written, brackets included: "（六）" or "(六)".
    pub number: String,
    /// The phrase before the first 。
    pub title: String,
    /// Full text after the title, page-break artifacts repaired, annotation excluded.
    pub text: String,
    /// The department annotation exactly as printed (repaired), e.g. "〔牵头部门：…；责任部门：…〕".
    #[serde(default)]
    pub annotation: String,
    /// Lead departments (牵头部门/牵头单位), ids into departments.ron.
    pub lead: Vec<String>,
    /// True when the source names no lead and the first responsible unit leads
    /// by the convention 第一责任单位为牵头单位.
    #[serde(default)]
    pub lead_inferred: bool,
    /// Responsible departments (责任部门/责任单位), ids into departments.ron.
    #[serde(default)]
    pub responsible: Vec<String>,
    #[serde(default)]
    pub deadlines: Vec<Deadline>,
    #[serde(default)]
    pub recurring: Vec<Recurring>,
    #[serde(default)]
    pub targets: Vec<Target>,
}

/// How a dated phrase constrains a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum DeadlineKind {
    /// Must be done by the date ("12月底前").
    #[default]
    By,
    /// Applies from the date on ("自2022年1月1日起"); not a due date.
    From,
    /// A horizon: within a period of the plan's issue ("三年内"); the date is its end.
    Within,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    #[serde(default)]
    pub kind: DeadlineKind,
    /// Resolved calendar date.
    pub date: NaiveDate,
    /// The source phrase, verbatim ("12 月底前").
    pub text: String,
    /// What is due, if the measure has several dated items.
    #[serde(default)]
    pub what: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Cadence {
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
    /// 定期 / 常态化: regular, period unstated.
    Regular,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recurring {
    pub cadence: Cadence,
    /// The source phrase ("建立常态化周回访制度").
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Comparator {
    /// ≥ (达…以上, 不少于)
    Ge,
    /// ≤ (不超过, 压缩至, 以内)
    Le,
    /// = (exactly, e.g. "合并为1个")
    Eq,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Ge => "≥",
            Comparator::Le => "≤",
            Comparator::Eq => "=",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Stable key within the measure for progress actuals ("e_rate").
    pub key: String,
    /// What is measured ("全程电子化率").
    pub label: String,
    pub cmp: Comparator,
    pub value: f64,
    /// "%", "个工作日", "人次", "名" …
    pub unit: String,
    /// The source phrase ("全程电子化率达99%以上").
    pub text: String,
}

/// The whole plan after loading: document, departments, chapters.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub doc: PlanDoc,
    pub departments: Vec<Department>,
    pub chapters: Vec<Chapter>,
}

impl Plan {
    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }

    /// A department's name for a sentence; its id when the plan has none.
    pub fn dept_name<'a>(&'a self, id: &'a str) -> &'a str {
        match self.department(id) {
            Some(d) if !d.name.is_empty() => &d.name,
            _ => id,
        }
    }

    /// The department a person names on the command line: its id, official
    /// name, short name or one of its aliases (surrounding spaces ignored).
    /// An id wins over a name that happens to equal another's id.
    pub fn find_department(&self, named: &str) -> Option<&Department> {
        let n = named.trim();
        self.department(n).or_else(|| {
            self.departments
                .iter()
                .find(|d| d.name == n || d.short == n || d.aliases.iter().any(|a| a == n))
        })
    }

    /// The department meant by a name that matches none: the closest by
    /// edit distance among ids for ASCII input, among Chinese names, short
    /// names and aliases otherwise — `人社局` is never "close" to `tax`.
    pub fn suggest_department(&self, named: &str) -> Option<&Department> {
        let n = named.trim();
        if n.is_empty() {
            return None;
        }
        let ascii = n.is_ascii();
        let mut spellings: Vec<(&str, &Department)> = Vec::new();
        for d in &self.departments {
            if ascii {
                spellings.push((d.id.as_str(), d));
            } else {
                spellings.push((d.name.as_str(), d));
                if !d.short.is_empty() {
                    spellings.push((d.short.as_str(), d));
                }
                spellings.extend(d.aliases.iter().map(|a| (a.as_str(), d)));
            }
        }
        // A name containing the input (or inside it) is the likeliest meaning:
        // `人社` in `区人社局`, `区人力资源和社会保障局局` around a name.
        if !ascii
            && let Some((_, d)) = spellings
                .iter()
                .filter(|(s, _)| s.contains(n) || n.contains(s))
                .min_by_key(|(s, _)| s.chars().count().abs_diff(n.chars().count()))
        {
            return Some(d);
        }
        let words: Vec<&str> = spellings.iter().map(|(s, _)| *s).collect();
        let best = super::validate::nearest(n, &words)?;
        spellings.iter().find(|(s, _)| *s == best).map(|(_, d)| *d)
    }

    pub fn measures(&self) -> impl Iterator<Item = (&Chapter, &Measure)> {
        self.chapters
            .iter()
            .flat_map(|c| c.measures.iter().map(move |m| (c, m)))
    }

    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures().map(|(_, m)| m).find(|m| m.id == id)
    }

    pub fn measure_count(&self) -> usize {
        self.chapters.iter().map(|c| c.measures.len()).sum()
    }
}

impl Measure {
    /// 5.8 of the default plan, led by `tax`, due by `due` (年底前) when
    /// given: the measure unit tests of the supervision rules build on.
    #[cfg(test)]
    pub fn sample_5_8(due: Option<NaiveDate>) -> Measure {
        Measure {
            id: "5.8".into(),
            number: "（八）".into(),
            title: String::new(),
            text: String::new(),
            annotation: String::new(),
            lead: vec!["tax".into()],
            lead_inferred: false,
            responsible: Vec::new(),
            recurring: Vec::new(),
            targets: Vec::new(),
            deadlines: due
                .map(|date| Deadline {
                    date,
                    kind: DeadlineKind::By,
                    text: "年底前".into(),
                    what: String::new(),
                })
                .into_iter()
                .collect(),
        }
    }

    /// Every department assigned to this measure, leads first, without repeats.
    pub fn departments(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for d in self.lead.iter().chain(self.responsible.iter()) {
            if !out.contains(&d.as_str()) {
                out.push(d);
            }
        }
        out
    }

    /// The earliest `By`/`Within` date, which is when the measure is due.
    pub fn due(&self) -> Option<NaiveDate> {
        self.deadlines
            .iter()
            .filter(|d| d.kind != DeadlineKind::From)
            .map(|d| d.date)
            .min()
    }
}
