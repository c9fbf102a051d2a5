//! Department annotations: where they are in a measure and what they say.
//!
//! Plans name who leads in three ways, all read here:
//! * labelled: 〔牵头单位：A；责任单位：B、C〕, in any bracket (the closing one
//!   may be of the other width), lead-only or responsible-only, with a
//!   deadline among the labels or in the lead-in (（5月底前完成，牵头单位：A）);
//! * verbs: （A、B牵头，C配合）, （A负责）, （A牵头，各有关部门分工负责）;
//! * bare: （A、B）, where a plan said once that the first one listed leads.
//!
//! Brackets inside names (各镇政府（街道办事处）) nest. A bracket group is an
//! annotation only when every part of it is read as one of these; a score
//! （0.5分）, a place （功能区） or a note stays in the text.

pub use super::convention::{CONVENTION, find_convention, remove_convention};
use super::fold::{Folded, fold};
use super::lines::{ROLE_WORDS, starts_like_role};
pub use super::names::{looks_like_body, split_etc, split_names, split_run_on, unit_like};

/// One annotation found in a text, as folded-index span and printed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub start: usize,
    pub end: usize,
    /// As printed, brackets included.
    pub printed: String,
    /// False when the closing bracket is missing (read to the end).
    pub closed: bool,
}

/// How far an ordinary bracket is looked into for its close: a note in
/// brackets is short, and an unclosed one must not make the scan quadratic.
const GROUP_SCAN: usize = 600;

/// Finds the annotation groups of a text.
pub fn groups(f: &Folded) -> Vec<Group> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < f.len() {
        let c = f.chars[i];
        if matches!(c, '(' | '[') {
            let rest: String = f.chars[i + 1..f.len().min(i + 8)].iter().collect();
            if starts_like_role(&rest) {
                let (end, closed) = match matching(f, i, usize::MAX) {
                    Some(e) => (e + 1, true),
                    None => (f.len(), false),
                };
                out.push(Group {
                    start: i,
                    end,
                    printed: f.original(i, end),
                    closed,
                });
                i = end;
                continue;
            }
            if let Some(e) = matching(f, i, GROUP_SCAN) {
                let inner: String = f.chars[i + 1..e].iter().collect();
                // A bare list of names counts where a sentence ends with it.
                let ends = matches!(f.get(e + 1), None | Some('。' | ';' | '(' | '[' | '\n'));
                if labelled(&f.original(i + 1, e)).is_some()
                    || verbs(&inner).is_some()
                    || (ends && bare(&inner).is_some())
                {
                    out.push(Group {
                        start: i,
                        end: e + 1,
                        printed: f.original(i, e + 1),
                        closed: true,
                    });
                    i = e + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// Index of the bracket closing the one at `open`, looking at most `limit`
/// characters; either width and shape closes, since converted text mixes them.
fn matching(f: &Folded, open: usize, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    for k in open..f.len().min(open.saturating_add(limit)) {
        match f.chars[k] {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// Which list a label or verb fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Lead,
    Responsible,
    /// 配合/协办/参与: kept with the responsible units (the model has no third list).
    Cooperating,
}

/// What a label opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Units(Role),
    /// 完成时限 / 时限要求: a deadline.
    Due,
    /// 牵头领导 / 责任人: people, not units.
    People,
}

fn label_of(word: &str) -> Label {
    if word.contains("领导") || word.ends_with('人') {
        Label::People
    } else if word.contains("时") || word.contains("期限") || word.contains("进度") {
        Label::Due
    } else if word.starts_with("牵头")
        || word.starts_with("主办")
        || word.starts_with("主责")
        || word.starts_with("主要")
    {
        Label::Units(Role::Lead)
    } else if word.starts_with("责任")
        || word.starts_with("承办")
        || word.starts_with("实施")
        || word.starts_with("落实")
    {
        Label::Units(Role::Responsible)
    } else {
        Label::Units(Role::Cooperating)
    }
}

/// The names an annotation assigns, per role, plus what could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub roles: Vec<(Role, Vec<String>)>,
    /// Text in the annotation that belongs to no role.
    pub leftover: Vec<String>,
    /// Whether the annotation states that the first unit listed leads.
    pub convention: bool,
    /// Deadline text found inside the annotation (完成时限：…, 6月底完成).
    pub due: Vec<String>,
}

/// Whether text is a deadline rather than a name: "6月底完成", "2022年12月",
/// "长期坚持".
pub fn is_due_text(s: &str) -> bool {
    let f = fold(s);
    let digit_then = |unit: char| {
        f.char_indices().any(|(at, c)| {
            c == unit
                && f[..at]
                    .chars()
                    .last()
                    .is_some_and(|p| p.is_ascii_digit() || super::numerals::is_cn_numeral(p))
        })
    };
    digit_then('月')
        || (digit_then('年') && !f.contains("年度"))
        || f.contains("年底")
        || f.contains("季度")
        || super::dates::UNDATED.iter().any(|w| f.contains(w))
        || f.contains("长期")
}

/// The inside of a bracket group (brackets removed, when they enclose it).
fn inner_of(printed: &str) -> &str {
    let mut inner = printed.trim();
    if let Some(s) = inner.strip_prefix(['〔', '（', '(', '【', '[']) {
        inner = s;
        // Drop the closing bracket only when it closes the group (either width).
        let opens = inner.chars().filter(|c| "〔（(【[".contains(*c)).count();
        let closes = inner.chars().filter(|c| "〕）)】]".contains(*c)).count();
        if closes > opens {
            inner = inner
                .strip_suffix(['〕', '）', ')', '】', ']'])
                .unwrap_or(inner);
        }
    }
    inner.trim()
}

/// Reads an annotation (printed text, brackets included or not) in any of
/// its forms.
pub fn parse(printed: &str) -> Parsed {
    let (cleaned, convention) = remove_convention(printed);
    let inner = inner_of(&cleaned);
    let mut out = labelled(inner)
        .or_else(|| verbs(&fold(inner)).map(|_| verbs_printed(inner)))
        .or_else(|| bare(&fold(inner)).map(|_| bare_printed(inner)))
        .unwrap_or_else(|| labelled_or_leftover(inner));
    out.convention |= convention;
    out
}

/// Labelled form; `None` when the text has no label at bracket depth 0.
fn labelled(inner: &str) -> Option<Parsed> {
    let p = labelled_or_leftover(inner);
    let named = p.roles.iter().any(|(_, names)| !names.is_empty());
    (named && p.leftover.is_empty()).then_some(p)
}

fn labelled_or_leftover(inner: &str) -> Parsed {
    let f = Folded::new(inner);
    // Label positions at bracket depth 0.
    let mut marks: Vec<(usize, usize, Label)> = Vec::new();
    let mut depth = 0i32;
    let mut i = 0;
    while i < f.len() {
        match f.chars[i] {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ if depth == 0 => {
                if let Some(w) = f.any_at(i, ROLE_WORDS) {
                    let mut end = i + w.chars().count();
                    let colon = matches!(f.get(end), Some(':'));
                    let label = label_of(w);
                    // A label for a time or a person must have its colon: 时间 and
                    // 责任人 begin ordinary words too.
                    if colon || matches!(label, Label::Units(_)) {
                        if colon {
                            end += 1;
                        }
                        marks.push((i, end, label));
                        i = end;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut out = Parsed::default();
    let before = marks.first().map_or(f.len(), |m| m.0);
    let lead_in = f.original(0, before);
    if !trim_seps(&lead_in).is_empty() {
        if is_due_text(&lead_in) {
            out.due.push(trim_seps(&lead_in).to_string());
        } else {
            out.leftover.push(lead_in);
        }
    }
    for (k, (_, end, label)) in marks.iter().enumerate() {
        let stop = marks.get(k + 1).map_or(f.len(), |m| m.0);
        let text = f.original(*end, stop);
        match label {
            Label::People => {}
            Label::Due => {
                let t = trim_seps(&text);
                if !t.is_empty() {
                    out.due.push(t.to_string());
                }
            }
            Label::Units(role) => {
                let mut names = Vec::new();
                let mut leads = Vec::new();
                for n in split_names(&text) {
                    if is_due_text(&n) {
                        out.due.push(n);
                    } else if let Some(l) = lead_marked(&n) {
                        leads.push(l);
                    } else if let Some((v, unit)) =
                        cut_verb(&n).filter(|(_, u)| unit_like(&fold(u)))
                    {
                        // "责任单位：A牵头，B配合": the verb says which.
                        match v {
                            Verb::Lead => leads.push(unit),
                            _ => names.push(unit),
                        }
                    } else {
                        names.extend(split_run_on(&n));
                    }
                }
                if !leads.is_empty() {
                    out.roles.push((Role::Lead, leads));
                }
                out.roles.push((*role, names));
            }
        }
    }
    out
}

/// "市发展改革委（牵头）" in a list of units: that unit leads.
fn lead_marked(name: &str) -> Option<String> {
    let f = fold(name);
    let body = f
        .strip_suffix("(牵头)")
        .or_else(|| f.strip_suffix("[牵头]"))?;
    let printed: String = name.chars().take(name.chars().count() - 4).collect();
    (!body.is_empty()).then(|| printed.trim().to_string())
}

/// Verbs that end a clause of an unlabelled annotation, longest first.
const VERBS: &[(&str, Verb)] = &[
    ("按职责分工负责", Verb::Share),
    ("按职责分别负责", Verb::Share),
    ("按职能分工负责", Verb::Share),
    ("按职责分工落实", Verb::Share),
    ("按照职责分工负责", Verb::Share),
    ("按职责负责", Verb::Share),
    ("按职责落实", Verb::Share),
    ("分工负责", Verb::Share),
    ("分别负责", Verb::Share),
    ("共同负责", Verb::Share),
    ("牵头负责", Verb::Lead),
    ("牵头落实", Verb::Lead),
    ("牵头实施", Verb::Lead),
    ("牵头", Verb::Lead),
    ("负责落实", Verb::Charge),
    ("具体负责", Verb::Charge),
    ("负责", Verb::Charge),
    ("配合", Verb::Help),
    ("参与", Verb::Help),
    ("协助", Verb::Help),
    ("协办", Verb::Help),
    ("协同", Verb::Help),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Lead,
    /// 负责: leads when nothing in the annotation 牵头.
    Charge,
    /// 按职责分工负责: responsible.
    Share,
    Help,
}

/// A clause "A、B牵头" → (verb, names as folded).
fn verb_clause(clause: &str) -> Option<(Verb, Vec<String>)> {
    let c = clause.strip_prefix('由').unwrap_or(clause);
    let (w, v) = VERBS.iter().find(|(w, _)| c.ends_with(w))?;
    let names = &c[..c.len() - w.len()];
    let names = split_names(names);
    (!names.is_empty() && names.iter().all(|n| unit_like(n))).then_some((*v, names))
}

/// A printed clause "A、B牵头" less its verb: (verb, the printed names part).
fn cut_verb(printed: &str) -> Option<(Verb, String)> {
    let t = printed.trim();
    let f = fold(t);
    let (w, v) = VERBS.iter().find(|(w, _)| f.ends_with(w))?;
    let keep = t.chars().count().saturating_sub(w.chars().count());
    let names: String = t.chars().take(keep).collect();
    Some((*v, names.trim().trim_start_matches('由').to_string()))
}

/// Where a measure's text goes on with unbracketed labels after a sentence
/// ("…全程网办。牵头单位：A；责任单位：B。"): the char index they begin at.
pub fn inline_labels(text: &str) -> Option<usize> {
    let f = Folded::new(text);
    let mut depth = 0i32;
    for i in 0..f.len() {
        match f.chars[i] {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if depth == 0
            && i > 0
            && matches!(f.chars[i - 1], '。' | ';')
            && let Some(w) = f.any_at(i, ROLE_WORDS)
            && f.get(i + w.chars().count()) == Some(':')
            && labelled(&f.original(i, f.len())).is_some()
        {
            return Some(f.pos[i]);
        }
    }
    None
}

/// Clauses of an annotation at bracket depth 0.
fn clauses(inner: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    for c in inner.chars() {
        match c {
            '(' | '[' | '（' | '〔' | '【' => depth += 1,
            ')' | ']' | '）' | '〕' | '】' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && matches!(c, ',' | ';' | '，' | '；' | '。') {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.retain(|c| !c.trim().is_empty());
    out
}

/// The verb form, read on folded text: (role, names) per clause, due text.
/// Names per role, in the order the clauses give them.
type Roles = Vec<(Role, Vec<String>)>;

fn verbs(folded_inner: &str) -> Option<(Roles, Vec<String>)> {
    let mut found: Vec<(Verb, Vec<String>)> = Vec::new();
    let mut due = Vec::new();
    for c in clauses(folded_inner) {
        if let Some(v) = verb_clause(&c) {
            found.push(v);
        } else if is_due_text(&c) {
            due.push(c);
        } else {
            return None;
        }
    }
    if found.is_empty() {
        return None;
    }
    let led = found.iter().any(|(v, _)| *v == Verb::Lead);
    let mut charge_seen = false;
    let roles = found
        .into_iter()
        .map(|(v, names)| {
            let role = match v {
                Verb::Lead => Role::Lead,
                Verb::Charge if !led && !charge_seen => {
                    charge_seen = true;
                    Role::Lead
                }
                Verb::Charge | Verb::Share => Role::Responsible,
                Verb::Help => Role::Cooperating,
            };
            (role, names)
        })
        .collect();
    Some((roles, due))
}

/// The verb form with names as printed: the folded reading decides the
/// roles, each printed clause less its verb gives the names.
fn verbs_printed(inner: &str) -> Parsed {
    let (roles, due) = verbs(&fold(inner)).unwrap_or_default();
    let printed: Vec<String> = clauses(inner)
        .into_iter()
        .filter_map(|c| cut_verb(&c).map(|(_, names)| names))
        .collect();
    let roles = roles
        .into_iter()
        .zip(printed.iter())
        .map(|((role, _), p)| {
            let names = split_names(p)
                .iter()
                .flat_map(|n| split_run_on(n))
                .collect();
            (role, names)
        })
        .collect();
    Parsed {
        roles,
        due,
        ..Parsed::default()
    }
}

/// The bare form: every clause a list of units.
fn bare(folded_inner: &str) -> Option<Vec<String>> {
    const NOTES: &[&str] = &[
        "以下简称",
        "简称",
        "含",
        "包括",
        "不含",
        "即",
        "注",
        "详见",
        "见",
        "如",
        "例如",
        "其中",
        "试行",
        "暂行",
        "修订",
        "征求意见",
    ];
    if NOTES.iter().any(|n| folded_inner.starts_with(n))
        || folded_inner.contains(['“', '《', '"', '%', ':'])
    {
        return None;
    }
    // A deadline may close the list: （A、B，2022年9月底前完成）.
    let names: Vec<String> = split_names(folded_inner)
        .into_iter()
        .filter(|n| !is_due_text(n))
        .collect();
    (!names.is_empty() && names.iter().all(|n| unit_like(n))).then_some(names)
}

fn bare_printed(inner: &str) -> Parsed {
    let (due, names): (Vec<String>, Vec<String>) =
        split_names(inner).into_iter().partition(|n| is_due_text(n));
    Parsed {
        roles: vec![(
            Role::Responsible,
            names.iter().flat_map(|n| split_run_on(n)).collect(),
        )],
        due,
        ..Parsed::default()
    }
}

fn trim_seps(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || "、，,；;：:。".contains(c))
}

#[cfg(test)]
#[path = "annotation_tests.rs"]
mod tests;
