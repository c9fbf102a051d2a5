//! The sentence a plan writes once so that its annotations need not say
//! who leads: the first unit listed does (第一责任单位为牵头单位, 列第一位者为
//! 牵头部门，下同).

use super::fold::Folded;

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
