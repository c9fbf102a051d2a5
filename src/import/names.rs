//! Names of units as annotations list them: splitting a list, telling a
//! body from a catch-all, and units written without a separator.

use super::fold::fold;

/// Whether a (folded) name reads as a unit: a body, or a collective or
/// catch-all (各有关部门, 县直各有关单位, 市财政局等市级相关单位).
pub fn unit_like(name: &str) -> bool {
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
