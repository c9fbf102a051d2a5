//! Department annotations: where they are in a measure and what they say.
//!
//! An annotation is a bracket group — 〔〕, （）, () or 【】, the closing
//! bracket may be of the other width — whose content opens with a role word
//! (牵头部门, 责任单位, …). Brackets inside it (各镇政府（街道办事处）) nest.

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

/// Finds the annotation groups of a text.
pub fn groups(f: &Folded) -> Vec<Group> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < f.len() {
        let c = f.chars[i];
        if matches!(c, '(' | '[') {
            let rest: String = f.chars[i + 1..f.len().min(i + 8)].iter().collect();
            if starts_like_role(&rest) {
                let (end, closed) = match matching(f, i) {
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
        }
        i += 1;
    }
    out
}

/// Index of the bracket closing the one at `open`; either width and shape
/// closes, since converted text often mixes them.
fn matching(f: &Folded, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for k in open..f.len() {
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

/// Which list a role word fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Lead,
    Responsible,
    /// 配合/协办/参与: kept with the responsible units (the model has no third list).
    Cooperating,
}

fn role_of(word: &str) -> Role {
    if word.starts_with("牵头") || word.starts_with("主办") || word.starts_with("主责") {
        Role::Lead
    } else if word.starts_with("责任") {
        Role::Responsible
    } else {
        Role::Cooperating
    }
}

/// The names an annotation assigns, per role, plus what could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub roles: Vec<(Role, Vec<String>)>,
    /// Text in the annotation that belongs to no role.
    pub leftover: Vec<String>,
    /// Whether the annotation states 第一责任单位为牵头单位.
    pub convention: bool,
}

/// The convention that the first responsible unit leads.
pub const CONVENTION: &str = "第一责任单位为牵头单位";

/// Removes a stated convention (with its brackets, if it has its own) from a text.
pub fn remove_convention(text: &str) -> (String, bool) {
    let f = Folded::new(text);
    let n = CONVENTION.chars().count();
    let Some(at) = (0..f.len()).find(|i| f.at(*i, CONVENTION)) else {
        return (text.to_string(), false);
    };
    let (mut start, mut end) = (at, at + n);
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

/// Reads "牵头部门：A、B；责任部门：C，D" (printed text, brackets included or not).
pub fn parse(printed: &str) -> Parsed {
    let (cleaned, convention) = remove_convention(printed);
    let mut inner = cleaned.trim();
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
    let inner = inner.trim();
    let f = Folded::new(inner);
    // Role word positions at bracket depth 0.
    let mut marks: Vec<(usize, usize, Role)> = Vec::new();
    let mut depth = 0i32;
    let mut i = 0;
    while i < f.len() {
        match f.chars[i] {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ if depth == 0 => {
                if let Some(w) = f.any_at(i, ROLE_WORDS) {
                    let mut end = i + w.chars().count();
                    if matches!(f.get(end), Some(':')) {
                        end += 1;
                    }
                    marks.push((i, end, role_of(w)));
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut out = Parsed {
        convention,
        ..Parsed::default()
    };
    let before = marks.first().map_or(f.len(), |m| m.0);
    let lead_in = f.original(0, before);
    if !trim_seps(&lead_in).is_empty() {
        out.leftover.push(lead_in);
    }
    for (k, (_, end, role)) in marks.iter().enumerate() {
        let stop = marks.get(k + 1).map_or(f.len(), |m| m.0);
        let names = split_names(&f.original(*end, stop));
        out.roles.push((*role, names));
    }
    out
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

/// Whether a folded name looks like a body (ends with a unit suffix), used to
/// tell "区市场监管局等区有关部门" (a body, then a catch-all) from
/// "各水电气热信等专营单位" (one collective name).
pub fn looks_like_body(name: &str) -> bool {
    let f = fold(name);
    [
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
        "单位",
        "部门",
        "分局",
        "支队",
        "大队",
        "处",
        "科",
    ]
    .iter()
    .any(|s| f.ends_with(s))
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

    #[test]
    fn text_before_a_role_is_leftover() {
        let p = parse("（注：牵头部门：区税务局）");
        assert_eq!(p.leftover, vec!["注："]);
    }
}
