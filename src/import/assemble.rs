//! From the skeleton to the plan model: document, chapters, measures.

use chrono::{Datelike, NaiveDate};

use super::annotation::{self, Role};
use super::dates::{self, Basis, Found};
use super::departments::Resolver;
use super::fold::{Folded, fold};
use super::report::Report;
use super::structure::{Block, Item, Skeleton};
use super::targets;
use crate::plan::{Chapter, Deadline, Measure, PlanDoc, Section, SectionItem};

/// The run holding the chapters: the one with the most annotated items,
/// the last on a tie; the last run with items when nothing is annotated.
pub fn chapter_run(sk: &Skeleton) -> Option<usize> {
    let annotated = |b: &Block| {
        b.items
            .iter()
            .filter(|it| {
                !it.annotations.is_empty() || !annotation::groups(&Folded::new(&it.body)).is_empty()
            })
            .count()
    };
    let scores: Vec<(usize, usize)> = sk
        .runs
        .iter()
        .map(|r| {
            (
                r.blocks.iter().map(annotated).sum(),
                r.blocks.iter().map(|b| b.items.len()).sum(),
            )
        })
        .collect();
    let best = scores
        .iter()
        .enumerate()
        .filter(|(_, (a, _))| *a > 0)
        .max_by_key(|(i, (a, _))| (*a, *i))
        .map(|(i, _)| i);
    best.or_else(|| scores.iter().rposition(|(_, items)| *items > 0))
}

/// Splits "标题。正文" at the first 。 (the title loses its 。).
pub fn title_and_text(s: &str) -> (String, String) {
    match s.find('。') {
        Some(at) => (
            s[..at].trim().to_string(),
            s[at + '。'.len_utf8()..].trim().to_string(),
        ),
        None => (s.trim().to_string(), String::new()),
    }
}

/// Finds a measure's annotation groups and cuts the trailing ones from its
/// text. A group in the middle ("…工作。（牵头部门：区发展改革局）推动…")
/// says which part of the text the department leads, so it stays in the text;
/// its departments are read all the same.
fn strip_annotations(full: &str) -> (String, Vec<annotation::Group>) {
    let f = Folded::new(full);
    let groups = annotation::groups(&f);
    let mut cut_from = f.orig.len();
    let mut end = f.len();
    for g in groups.iter().rev() {
        if g.end != end {
            break;
        }
        cut_from = f.pos[g.start];
        end = g.start;
    }
    let rest: String = f.orig[..cut_from].iter().collect();
    (rest.trim().to_string(), groups)
}

/// A trailing bracket group that reads like an annotation but has no role word.
fn unlabelled_annotation(rest: &str) -> Option<String> {
    let t = rest.trim_end();
    let close = t
        .chars()
        .last()
        .filter(|c| matches!(c, '）' | ')' | '〕' | '】'))?;
    let open = match close {
        '〕' => '〔',
        '】' => '【',
        _ => '（',
    };
    let at = t.rfind([open, '(']).filter(|_| true)?;
    let inner = fold(&t[at..]);
    let looks = inner.contains(':')
        && ["部门", "单位", "局", "政府"]
            .iter()
            .any(|w| inner.contains(w))
        && !inner.contains('。');
    looks.then(|| t[at..].to_string())
}

/// A list of ids without repeats, in first-seen order; membership is a set
/// lookup so long lists stay linear.
#[derive(Default)]
pub struct Ordered {
    pub list: Vec<String>,
    seen: std::collections::HashSet<String>,
}

impl Ordered {
    pub fn push(&mut self, id: String) {
        if self.seen.insert(id.clone()) {
            self.list.push(id);
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.seen.contains(id)
    }
}

pub struct Ctx<'a> {
    pub basis: Basis,
    pub resolver: &'a mut Resolver,
    pub report: &'a mut Report,
}

impl Ctx<'_> {
    fn names(&mut self, names: &[String], at: &str) -> Vec<String> {
        let mut ids = Ordered::default();
        for name in names {
            let (body, etc) = annotation::split_etc(name);
            let mut push = |id: String| ids.push(id);
            let body_id = self.resolver.resolve(&body, at);
            // "区有关部门等" is already a catch-all; "区农业农村局等" adds one.
            let body_is_catch_all = self.resolver.is_catch_all(&body_id);
            push(body_id);
            match etc {
                Some(rest) if !rest.is_empty() => {
                    self.report.catch_alls.push((at.to_string(), name.clone()));
                    push(self.resolver.resolve(&rest, at));
                }
                Some(_) => {
                    self.report.catch_alls.push((at.to_string(), name.clone()));
                    if !body_is_catch_all {
                        push(self.resolver.others(at));
                    }
                }
                None => {}
            }
        }
        ids.list
    }

    fn dates(&mut self, text: &str, at: &str, due: bool) -> Vec<Deadline> {
        let mut out = Vec::new();
        let found = if due {
            dates::scan_due(text, &self.basis)
        } else {
            dates::scan(text, &self.basis)
        };
        for found in found {
            match found {
                Found::Deadline {
                    kind,
                    date,
                    text,
                    note,
                    what,
                } => {
                    if let Some(n) = note {
                        self.report
                            .assumed_dates
                            .push((at.to_string(), text.clone(), n));
                    }
                    out.push(Deadline {
                        kind,
                        date,
                        text,
                        what,
                    });
                }
                Found::Unresolved { text, why } => {
                    self.report
                        .unresolved_deadlines
                        .push((at.to_string(), text, why))
                }
                Found::Undated { text } => {
                    let entry = (at.to_string(), text);
                    if !self.report.undated.contains(&entry) {
                        self.report.undated.push(entry);
                    }
                }
            }
        }
        self.report.deadlines += out.len();
        out
    }

    pub fn measure(&mut self, item: &Item, id: String) -> Measure {
        // Labels written on after the text, unbracketed, are its annotation.
        let (body, inline) = match annotation::inline_labels(&item.body) {
            Some(at) => {
                let chars: Vec<char> = item.body.chars().collect();
                (
                    chars[..at].iter().collect::<String>(),
                    Some(chars[at..].iter().collect::<String>()),
                )
            }
            None => (item.body.clone(), None),
        };
        let (rest, groups) = strip_annotations(&body);
        // (printed, closed, bare line)
        let mut pieces: Vec<(String, bool, bool)> = groups
            .iter()
            .map(|g| (g.printed.clone(), g.closed, false))
            .collect();
        if let Some(t) = inline {
            pieces.push((t.trim().to_string(), true, true));
        }
        for a in &item.annotations {
            let own = annotation::groups(&Folded::new(a));
            if own.is_empty() {
                pieces.push((a.trim().to_string(), true, true));
            } else {
                pieces.extend(own.into_iter().map(|g| (g.printed, g.closed, false)));
            }
        }
        let mut lead = Ordered::default();
        let mut responsible = Ordered::default();
        let mut cooperating = Ordered::default();
        let mut due: Vec<String> = Vec::new();
        let mut printed = String::new();
        for (text, closed, bare) in &pieces {
            if *bare && !printed.is_empty() {
                printed.push('\n');
            }
            printed.push_str(text);
            if !closed {
                self.report.unparsed_annotations.push((
                    id.clone(),
                    text.clone(),
                    "no closing bracket; read to the end of the measure".into(),
                ));
            }
            let parsed = annotation::parse(text);
            self.report.convention_stated |= parsed.convention;
            for l in &parsed.leftover {
                self.report.unparsed_annotations.push((
                    id.clone(),
                    l.clone(),
                    "text before the first role word".into(),
                ));
            }
            due.extend(parsed.due);
            for (role, names) in parsed.roles {
                let ids = self.names(&names, &id);
                let list = match role {
                    Role::Lead => &mut lead,
                    Role::Responsible => &mut responsible,
                    Role::Cooperating => &mut cooperating,
                };
                for i in ids {
                    list.push(i);
                }
            }
        }
        for c in cooperating.list {
            responsible.push(c);
        }
        if let Some(u) = unlabelled_annotation(&rest) {
            self.report.unparsed_annotations.push((
                id.clone(),
                u,
                "bracketed list without a role word (牵头部门/责任部门); left in the text".into(),
            ));
        }
        let mut lead_inferred = false;
        let mut responsible = responsible.list;
        let mut lead = lead.list;
        if lead.is_empty() {
            if let Some(first) = responsible.first() {
                lead.push(first.clone());
                lead_inferred = true;
                self.report.lead_inferred.push(id.clone());
            } else {
                self.report.without_lead.push(id.clone());
            }
        } else {
            // A unit that leads one sentence and is responsible for another leads.
            let leads: std::collections::HashSet<&String> = lead.iter().collect();
            responsible.retain(|r| !leads.contains(r));
        }
        let (title, text) = title_and_text(&rest);
        let mut deadlines = self.dates(&rest, &id, false);
        for t in &due {
            for d in self.dates(t, &id, true) {
                if !deadlines
                    .iter()
                    .any(|x| x.date == d.date && x.kind == d.kind)
                {
                    deadlines.push(d);
                }
            }
        }
        let targets = targets::targets(&rest);
        // One duty per cadence; the text says it more fully than the title.
        let mut recurring = targets::recurring(&text);
        for r in targets::recurring(&title) {
            if !recurring.iter().any(|x| x.cadence == r.cadence) {
                recurring.push(r);
            }
        }
        let mut seen = Vec::new();
        recurring.retain(|r| {
            let new = !seen.contains(&r.cadence);
            seen.push(r.cadence);
            new
        });
        self.report.targets += targets.len();
        self.report.recurring += recurring.len();
        self.report.paragraphs_joined += item.joined_paragraphs;
        Measure {
            id,
            number: item.number.clone(),
            title,
            text,
            annotation: printed,
            lead,
            lead_inferred,
            responsible,
            deadlines,
            recurring,
            targets,
        }
    }

    /// The chapters of the chapter run; headings there without measures
    /// (a 总体要求 preamble) go to the plan's sections instead.
    pub fn chapters(&mut self, blocks: &[Block], doc: &mut PlanDoc) -> Vec<Chapter> {
        let doc_title = doc.title.clone();
        // Where some headings' items name their units, a heading whose items
        // name none (总体要求, 指导思想 and their points) is text, not measures.
        let named = |b: &Block| b.items.iter().any(super::structure::names_units);
        let any_named = blocks.iter().any(named);
        let (with, without): (Vec<Block>, Vec<Block>) = blocks
            .iter()
            .cloned()
            .partition(|b| !b.items.is_empty() && (!any_named || named(b)));
        for b in &without {
            self.report.warnings.push(format!(
                "heading {}{} (line {}) has no numbered measures; kept as a section of plan.ron",
                b.numeral, b.title, b.line
            ));
        }
        self.sections(&without, doc);
        let mut out = Vec::new();
        for (n, b) in with.iter().enumerate() {
            let number = u32::try_from(n + 1).unwrap_or(u32::MAX);
            let title = if b.title.is_empty() {
                self.report
                    .warnings
                    .push("no chapter headings found: all measures are in one chapter".into());
                if doc_title.is_empty() {
                    "未分章".to_string()
                } else {
                    doc_title.clone()
                }
            } else {
                b.title.clone()
            };
            let measures: Vec<Measure> = b
                .items
                .iter()
                .enumerate()
                .map(|(p, it)| self.measure(it, format!("{number}.{}", p + 1)))
                .collect();
            self.report
                .chapters
                .push((b.numeral.clone(), title.clone(), measures.len()));
            self.report.measures += measures.len();
            out.push(Chapter {
                number,
                numeral: b.numeral.clone(),
                title,
                measures,
            });
        }
        out
    }

    /// Main-body sections; their dates, targets and cadences become the plan's.
    pub fn sections(&mut self, blocks: &[Block], doc: &mut PlanDoc) {
        for b in blocks {
            let text = b.intro.join("\n");
            let mut items = Vec::new();
            let mut texts = vec![text.clone()];
            for it in &b.items {
                let mut body = it.body.clone();
                for a in &it.annotations {
                    body.push_str(a);
                }
                let (title, t) = title_and_text(&body);
                texts.push(body.clone());
                items.push(SectionItem {
                    number: it.number.clone(),
                    title,
                    text: t,
                });
            }
            let at = format!("section {}", b.numeral);
            // Standing duties come from the section on how the plan is run
            // (组织保障); cadence words in 重点任务 describe tasks, which the
            // measures carry.
            let duties_here =
                !blocks.iter().any(|x| runs_the_plan(&x.title)) || runs_the_plan(&b.title);
            for t in &texts {
                doc.milestones.extend(self.dates(t, &at, false));
                doc.targets.extend(targets::targets(t));
                if duties_here {
                    doc.duties.extend(targets::recurring(t));
                }
            }
            doc.sections.push(Section {
                number: b.numeral.clone(),
                title: b.title.clone(),
                text,
                items,
            });
        }
        for (k, t) in doc.targets.iter_mut().enumerate() {
            t.key = format!("t{}", k + 1);
        }
        self.report.sections = doc.sections.len();
    }
}

/// Whether a section title is about running the plan (组织保障, 保障措施, 组织实施).
fn runs_the_plan(title: &str) -> bool {
    let f = fold(title);
    ["保障", "组织", "实施", "要求"]
        .iter()
        .any(|w| f.contains(w))
}

pub fn year_of(d: Option<NaiveDate>) -> Option<i32> {
    d.map(|d| d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_before_the_first_full_stop() {
        assert_eq!(
            title_and_text("深化改革。推进甲。推进乙。"),
            ("深化改革".into(), "推进甲。推进乙。".into())
        );
        assert_eq!(
            title_and_text("没有句号"),
            ("没有句号".into(), String::new())
        );
    }

    #[test]
    fn trailing_annotations_are_cut_and_middle_ones_kept() {
        let (rest, g) = strip_annotations(
            "甲。乙。（牵头部门：区发展改革局）丙。（责任部门：区地方金融监管局）〔配合单位：区财政局〕 ",
        );
        assert_eq!(rest, "甲。乙。（牵头部门：区发展改革局）丙。");
        assert_eq!(g.len(), 3);
    }

    #[test]
    fn unlabelled_lists_are_reported() {
        assert!(unlabelled_annotation("内容。（主管：区税务局）").is_some());
        assert!(unlabelled_annotation("内容（含）").is_none());
    }
}
