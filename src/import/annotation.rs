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

use super::fold::{Folded, fold};
use super::lines::{ROLE_WORDS, starts_like_role};

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

/// The convention that the first responsible unit leads, as the default plan states it.
pub const CONVENTION: &str = "第一责任单位为牵头单位";

/// Where a text states that the first unit listed leads (第一责任单位为牵头单位,
/// 列第一位者为牵头部门，下同, 排在首位的为牵头单位，其他为配合单位): the
/// folded span, from the clause start to the end of what it says.
pub fn find_convention(f: &Folded) -> Option<(usize, usize)> {
    let n = f.len();
    let mut i = 0;
    while i + 4 < n {
        let at = (f.at(i, "为牵头") || f.at(i, "是牵头"))
            .then(|| i + 3)
            .filter(|k| f.at(*k, "单位") || f.at(*k, "部门"));
        let Some(k) = at else {
            i += 1;
            continue;
        };
        let from = i.saturating_sub(14);
        let first = (from..i).any(|j| f.at(j, "第一") || f.at(j, "首位") || f.at(j, "第1"));
        if !first {
            i += 1;
            continue;
        }
        let mut start = i;
        while start > 0
            && !matches!(
                f.chars[start - 1],
                ',' | ';' | '。' | ':' | '(' | '[' | ')' | ']'
            )
        {
            start -= 1;
        }
        let mut end = k + 2;
        loop {
            let mut j = end;
            while matches!(f.get(j), Some(',' | ';')) {
                j += 1;
            }
            if f.at(j, "下同") {
                end = j + 2;
                continue;
            }
            if f.at(j, "其他") || f.at(j, "其余") {
                let stop = (j..n.min(j + 14))
                    .find(|x| matches!(f.chars[*x], ',' | ';' | '。' | ')' | ']'));
                let clause_end = stop.unwrap_or(n.min(j + 14));
                let clause: String = f.chars[j..clause_end].iter().collect();
                if clause.contains("单位") || clause.contains("部门") {
                    end = clause_end;
                    continue;
                }
            }
            break;
        }
        return Some((start, end));
    }
    None
}

/// Removes a stated convention (with its brackets, if it has its own) from a text.
pub fn remove_convention(text: &str) -> (String, bool) {
    let f = Folded::new(text);
    let Some((mut start, mut end)) = find_convention(&f) else {
        return (text.to_string(), false);
    };
    // A separator before it goes with it ("A、B，列第一位者为牵头单位").
    while start > 0 && matches!(f.chars[start - 1], ',' | ';') {
        start -= 1;
    }
    while matches!(f.get(end), Some('。' | ',' | ';')) {
        end += 1;
    }
    if start > 0
        && matches!(f.get(start - 1), Some('(' | '['))
        && matches!(f.get(end), Some(')' | ']'))
    {
        start -= 1;
        end += 1;
    }
    let from = f.pos[start];
    let to = f.pos[end - 1];
    let out: String = f
        .orig
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < from || *i > to)
        .map(|(_, c)| c)
        .collect();
    (out, true)
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

/// Whether a (folded) name reads as a unit: a body, or a collective or
/// catch-all (各有关部门, 县直各有关单位, 市财政局等市级相关单位).
fn unit_like(name: &str) -> bool {
    let n = name.trim();
    let len = n.chars().count();
    if !(2..=40).contains(&len) || n.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let (body, _) = split_etc(n);
    looks_like_body(&body)
        || n.starts_with('各')
        || n.contains("有关")
        || n.contains("相关")
        || n.contains("成员单位")
}

fn trim_seps(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || "、，,；;：:。".contains(c))
}

/// Splits a list of names on 、，,；; outside brackets.
pub fn split_names(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    for c in list.chars() {
        match c {
            '（' | '(' | '〔' | '【' | '[' => depth += 1,
            '）' | ')' | '〕' | '】' | ']' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && "、，,；;".contains(c) {
            push_name(&mut out, &cur);
            cur.clear();
        } else if !c.is_whitespace() || !cur.is_empty() {
            cur.push(c);
        }
    }
    push_name(&mut out, &cur);
    out
}

fn push_name(out: &mut Vec<String>, name: &str) {
    let n = trim_seps(name);
    if !n.is_empty() {
        out.push(n.to_string());
    }
}

/// Suffixes that end the name of a body.
const BODY_SUFFIXES: &[&str] = &[
    "局",
    "委",
    "办",
    "部",
    "中心",
    "院",
    "会",
    "政府",
    "办事处",
    "厅",
    "室",
    "所",
    "站",
    "队",
    "公司",
    "集团",
    "银行",
    "支行",
    "分行",
    "单位",
    "部门",
    "分局",
    "支队",
    "大队",
    "处",
    "科",
    "海关",
    "街道",
    "署",
    "联",
    "科协",
    "台",
    "社",
    "馆",
    "党校",
];

/// Whether a folded name looks like a body (ends with a unit suffix), used to
/// tell "区市场监管局等区有关部门" (a body, then a catch-all) from
/// "各水电气热信等专营单位" (one collective name). A trailing bracket
/// (各镇政府（街道办事处）) is looked past.
pub fn looks_like_body(name: &str) -> bool {
    let f = fold(name);
    let f = match f.strip_suffix(')') {
        Some(s) => s.rfind('(').map_or(s, |at| &s[..at]),
        None => &f,
    };
    BODY_SUFFIXES.iter().any(|s| f.ends_with(s))
}

/// Where a unit written without a separator after another one begins: after
/// a body's suffix, at 市/区/县/省/州/镇 (市行政审批局市司法局).
const RUN_ON_STARTS: &[char] = &['市', '区', '县', '省', '州'];

/// Splits names written without separators ("市行政审批局市司法局", as table
/// cells often hold them) at a body's suffix followed by a level prefix.
/// Names with brackets are left whole.
pub fn split_run_on(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() < 6 || name.contains(['（', '(', '〔', '【']) {
        return vec![name.to_string()];
    }
    let mut out = Vec::new();
    let mut start = 0;
    for k in 3..chars.len().saturating_sub(2) {
        if !RUN_ON_STARTS.contains(&chars[k]) || k - start < 3 {
            continue;
        }
        let left: String = chars[start..k].iter().collect();
        let right: String = chars[k..].iter().collect();
        // 市场监管局 begins with 市 and is one body, not 市 + 场监管局.
        if right.starts_with("市场") || right.starts_with("区域") || right.starts_with("县域")
        {
            continue;
        }
        if looks_like_body(&left) && !left.ends_with("办事处") {
            out.push(left);
            start = k;
        }
    }
    out.push(chars[start..].iter().collect());
    if out.iter().all(|n| looks_like_body(n)) {
        out
    } else {
        vec![name.to_string()]
    }
}

/// Splits "X等Y" / "X等" into the body and the catch-all after it, when X is a body.
pub fn split_etc(name: &str) -> (String, Option<String>) {
    if let Some(body) = name.strip_suffix('等')
        && looks_like_body(body)
    {
        return (body.to_string(), Some(String::new()));
    }
    if let Some(at) = name.rfind('等') {
        let (body, rest) = (&name[..at], &name[at + '等'.len_utf8()..]);
        if looks_like_body(body) && !rest.is_empty() {
            return (body.to_string(), Some(rest.to_string()));
        }
    }
    (name.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_groups_of_every_bracket_style() {
        for s in [
            "内容。〔牵头部门：区税务局；责任部门：各镇政府（街道办事处）、园区管委会〕",
            "内容。（牵头部门：区税务局；责任部门：各镇政府（街道办事处）、园区管委会）",
            "内容。(牵头部门:区税务局;责任部门:各镇政府(街道办事处)、园区管委会)",
            "内容。（牵头部门：区税务局；责任部门：各镇政府（街道办事处）、园区管委会)",
        ] {
            let f = Folded::new(s);
            let g = groups(&f);
            assert_eq!(g.len(), 1, "{s}");
            assert!(g[0].closed);
            assert!(
                g[0].printed.ends_with("园区管委会〕")
                    || g[0].printed.ends_with("园区管委会）")
                    || g[0].printed.ends_with("园区管委会)")
            );
            let p = parse(&g[0].printed);
            assert_eq!(
                p.roles[0],
                (Role::Lead, vec!["区税务局".to_string()]),
                "{s}"
            );
            let names = &p.roles[1].1;
            assert_eq!(names.len(), 2, "{s}");
            assert_eq!(fold(&names[0]), "各镇政府(街道办事处)");
            assert_eq!(names[1], "园区管委会");
        }
    }

    #[test]
    fn ordinary_brackets_are_not_annotations() {
        let f = Folded::new("文件（鲁建建管函〔2021〕4号）有关规定，100万元以下(含)");
        assert!(groups(&f).is_empty());
    }

    #[test]
    fn unbalanced_group_reads_to_the_end() {
        let f = Folded::new("内容。〔牵头部门：区税务局");
        let g = groups(&f);
        assert_eq!(g.len(), 1);
        assert!(!g[0].closed);
        assert_eq!(
            parse(&g[0].printed).roles[0].1,
            vec!["区税务局".to_string()]
        );
    }

    #[test]
    fn lists_split_on_every_separator() {
        assert_eq!(
            split_names("甲局、乙局，丙局,丁局；戊局"),
            vec!["甲局", "乙局", "丙局", "丁局", "戊局"]
        );
    }

    #[test]
    fn catch_alls() {
        assert_eq!(
            split_etc("区市场监管局等区有关部门"),
            ("区市场监管局".into(), Some("区有关部门".into()))
        );
        assert_eq!(
            split_etc("区农业农村局等"),
            ("区农业农村局".into(), Some(String::new()))
        );
        assert_eq!(
            split_etc("各水电气热信等专营单位"),
            ("各水电气热信等专营单位".into(), None)
        );
    }

    #[test]
    fn bare_lines_and_the_stated_convention() {
        let p = parse("責任單位：區稅務局、區人社局（第一責任單位為牽頭單位）");
        assert!(p.convention);
        assert_eq!(
            p.roles,
            vec![(
                Role::Responsible,
                vec!["區稅務局".to_string(), "區人社局".into()]
            )]
        );
        let p = parse("（牵头部门：区税务局；责任部门：园区管委会、各镇政府（街道办事处））");
        assert_eq!(
            p.roles[1].1,
            vec!["园区管委会".to_string(), "各镇政府（街道办事处）".into()]
        );
        let p = parse("(牵头部门：区税务局；责任部门：各镇政府(街道办事处))");
        assert_eq!(p.roles[1].1, vec!["各镇政府(街道办事处)".to_string()]);
    }

    fn roles(printed: &str) -> Vec<(Role, Vec<String>)> {
        parse(printed).roles
    }

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_label_and_separator() {
        for s in [
            "（牵头考核单位：市税务局；参加单位：市财政局）",
            "【牵头单位：市税务局, 承办单位：市财政局】",
            "(牵头部门:市税务局;协办单位:市财政局)",
            "〔牵头单位：市税务局，配合单位：市财政局〕",
        ] {
            assert_eq!(
                roles(s),
                vec![
                    (Role::Lead, strs(&["市税务局"])),
                    (
                        if s.contains("承办") {
                            Role::Responsible
                        } else {
                            Role::Cooperating
                        },
                        strs(&["市财政局"])
                    )
                ],
                "{s}"
            );
        }
        let p = parse("（牵头单位：市自然资源局；责任单位：市住建局，6月底完成）");
        assert_eq!(p.due, strs(&["6月底完成"]));
        let p = parse("（5月底取得明显成效并持续推进，牵头考核单位：市市场监管局）");
        assert_eq!(p.due, strs(&["5月底取得明显成效并持续推进"]));
        assert!(p.leftover.is_empty());
        let p = parse("（牵头单位：市发改委；牵头领导：张三；完成时限：2022年底）");
        assert_eq!(p.roles, vec![(Role::Lead, strs(&["市发改委"]))]);
        assert_eq!(p.due, strs(&["2022年底"]));
        assert_eq!(
            roles("（责任单位：市发展改革委（牵头）、市财政局）"),
            vec![
                (Role::Lead, strs(&["市发展改革委"])),
                (Role::Responsible, strs(&["市财政局"]))
            ]
        );
    }

    #[test]
    fn verb_annotations() {
        assert_eq!(
            roles("（省政府办公厅、省司法厅牵头，省直有关部门配合）"),
            vec![
                (Role::Lead, strs(&["省政府办公厅", "省司法厅"])),
                (Role::Cooperating, strs(&["省直有关部门"]))
            ]
        );
        assert_eq!(
            roles("（省司法厅负责）"),
            vec![(Role::Lead, strs(&["省司法厅"]))]
        );
        assert_eq!(
            roles("（市税务局负责，市财政局配合）"),
            vec![
                (Role::Lead, strs(&["市税务局"])),
                (Role::Cooperating, strs(&["市财政局"]))
            ]
        );
        assert_eq!(
            roles("（市发展改革委牵头，各有关部门分工负责）"),
            vec![
                (Role::Lead, strs(&["市发展改革委"])),
                (Role::Responsible, strs(&["各有关部门"]))
            ]
        );
        assert_eq!(
            roles("（由市大数据局负责）"),
            vec![(Role::Lead, strs(&["市大数据局"]))]
        );
    }

    #[test]
    fn bare_lists_and_what_is_not_an_annotation() {
        let f = Folded::new("推行网办。（县行政审批服务局、县市场监管局）");
        assert_eq!(groups(&f).len(), 1);
        for s in [
            "优化涉企检查（0.5分）。",
            "各县（市、区）人民政府(功能区)要落实。",
            "设立专班（以下简称市营商办）。",
            "建立制度（含县市场监管局）。",
            "依照《条例》（省政府令第1号）执行。",
        ] {
            assert!(groups(&Folded::new(s)).is_empty(), "{s}");
        }
        // A bare list in the middle of a sentence is text.
        assert!(groups(&Folded::new("由（县财政局）拨付资金。")).is_empty());
    }

    #[test]
    fn conventions_in_their_wordings() {
        for s in [
            "（列第一位者为牵头部门，下同）",
            "（各项任务中排在首位的为牵头单位，其他为配合单位）",
            "第一责任单位为牵头单位",
        ] {
            let (rest, found) = remove_convention(s);
            assert!(found, "{s}");
            assert!(
                trim_seps(&rest).is_empty() || rest.trim().is_empty(),
                "{s} → {rest:?}"
            );
        }
        assert!(!remove_convention("市发展改革委为牵头单位").1);
    }

    #[test]
    fn units_run_together_are_split() {
        assert_eq!(
            split_run_on("市行政审批局市司法局"),
            strs(&["市行政审批局", "市司法局"])
        );
        assert_eq!(
            split_run_on("区市场监管局区税务局"),
            strs(&["区市场监管局", "区税务局"])
        );
        assert_eq!(split_run_on("市市场监管局"), strs(&["市市场监管局"]));
        assert_eq!(split_run_on("聊城市税务局"), strs(&["聊城市税务局"]));
        assert_eq!(split_run_on("东昌府区税务局"), strs(&["东昌府区税务局"]));
    }

    #[test]
    fn text_before_a_role_is_leftover() {
        let p = parse("（注：牵头部门：区税务局）");
        assert_eq!(p.leftover, vec!["注："]);
    }
}
