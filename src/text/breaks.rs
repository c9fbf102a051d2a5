//! Where a line of Chinese (and mixed) text may break: 行首/行尾禁则 and
//! numbers kept with their units.
//!
//! Chinese breaks between any two characters, except that closing
//! punctuation never starts a line (a line that is only `。` reads as a
//! mistake), an opening bracket or quote never ends one, and a quantity —
//! `≤ 2个工作日`, `99.2%`, `2022年3月` — stays whole, because a clerk reads
//! `≤ 2` / `个工作日` as two different things. Latin words and placeholders
//! such as `<U+202E>` stay whole as well.

/// Characters a line must not start with (行首禁则).
const NO_START: &str = "、，。；：！？）」』】》〕〉…—％%,.;:!?)]}”’·～";
/// Characters a line must not end with (行尾禁则).
const NO_END: &str = "（「『【《〔〈“‘([{";
/// Comparators that belong to the number after them (`≤ 2`).
const COMPARATORS: &str = "≤≥<>＜＞≦≧＝=";
/// Units that stay with the number before them, longest first so
/// `个工作日` wins over `个`.
const UNITS: &[&str] = &[
    "个工作日",
    "个小时",
    "平方米",
    "工作日",
    "个月",
    "小时",
    "分钟",
    "万元",
    "亿元",
    "千瓦",
    "公里",
    "周岁",
    "%",
    "％",
    "‰",
    "年",
    "月",
    "日",
    "天",
    "号",
    "个",
    "家",
    "项",
    "户",
    "元",
    "次",
    "件",
    "人",
    "倍",
    "周",
    "批",
    "条",
    "所",
    "座",
    "名",
    "台",
    "套",
    "亩",
    "米",
    "吨",
    "部",
    "类",
    "种",
    "位",
    "期",
    "轮",
    "级",
    "岁",
    "分",
    "秒",
    "时",
];

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Part of a Latin word or a placeholder, which never breaks inside.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '<' | '>' | '+' | '_' | '.' | '%' | '-' | '/' | ':')
}

/// For each char boundary of `para` (byte offsets `1..len`), whether a line
/// may break there. Returned as a sorted list of the offsets where it may
/// not, which is short: most of a Chinese paragraph breaks anywhere.
pub fn no_break(para: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut glued = vec![false; chars.len()];
    // glued[i]: chars i-1 and i belong to one quantity.
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i].1) {
            i += 1;
            continue;
        }
        // The comparator before the number, with at most one space between.
        let mut k = i;
        if k > 0 && chars[k - 1].1 == ' ' && k > 1 && COMPARATORS.contains(chars[k - 2].1) {
            glued[k - 1] = true;
            glued[k] = true;
        } else if k > 0 && COMPARATORS.contains(chars[k - 1].1) {
            glued[k] = true;
        }
        // Digits, decimals and ranges, then a unit, then more of the same
        // when a number follows the unit (2022年3月1日).
        loop {
            while k + 1 < chars.len() {
                let n = chars[k + 1].1;
                let inside = is_digit(n)
                    || (matches!(n, '.' | '．' | '-' | '~' | '～' | '—' | ':' | '：')
                        && chars.get(k + 2).is_some_and(|c| is_digit(c.1)));
                if inside {
                    glued[k + 1] = true;
                    k += 1;
                } else {
                    break;
                }
            }
            let rest = &para[chars.get(k + 1).map_or(para.len(), |c| c.0)..];
            // A unit may follow after one space, as targets are written
            // (`≤ 1 次`).
            let spaced = rest.strip_prefix(' ').unwrap_or(rest);
            let Some(unit) = UNITS.iter().find(|u| spaced.starts_with(**u)) else {
                break;
            };
            let n = unit.chars().count() + usize::from(spaced.len() < rest.len());
            for g in glued.iter_mut().skip(k + 1).take(n) {
                *g = true;
            }
            k += n;
            if !chars.get(k + 1).is_some_and(|c| is_digit(c.1)) {
                break;
            }
            glued[k + 1] = true;
            k += 1;
        }
        i = k + 1;
    }
    let mut out = Vec::new();
    for i in 1..chars.len() {
        let (prev, c) = (chars[i - 1].1, chars[i].1);
        let forbidden = glued[i]
            || NO_START.contains(c)
            || NO_END.contains(prev)
            || (is_word_char(prev) && is_word_char(c))
            || (prev == '—' && c == '—');
        if forbidden {
            out.push(chars[i].0);
        }
    }
    out
}

/// True when `line` (one wrapped line, without its indent) breaks the
/// rules at either end: what a test of drawn text checks.
pub fn bad_line(line: &str) -> bool {
    let t = line.trim();
    t.chars().next().is_some_and(|c| NO_START.contains(c))
        || t.chars().next_back().is_some_and(|c| NO_END.contains(c))
}

/// True when a break between `before` and `after` (two consecutive wrapped
/// lines of one paragraph) splits a quantity from its unit or its number.
pub fn splits_quantity(before: &str, after: &str) -> bool {
    let joined = format!("{}{}", before.trim_end(), after.trim_start());
    let at = before.trim_end().len();
    no_break(&joined).binary_search(&at).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaks_ok(s: &str) -> Vec<&str> {
        let nb = no_break(s);
        s.char_indices()
            .map(|(i, _)| i)
            .filter(|i| *i > 0 && nb.binary_search(i).is_err())
            .map(|i| &s[i..])
            .collect()
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let nb = no_break("办理。其他，再（一）");
        for p in ["。", "，", "）"] {
            let at = "办理。其他，再（一）".find(p).unwrap();
            assert!(nb.contains(&at), "{p}");
        }
    }

    #[test]
    fn opening_brackets_never_end_a_line() {
        let s = "见《方案》与“通办”";
        let nb = no_break(s);
        let after_open = s.find('《').unwrap() + '《'.len_utf8();
        assert!(nb.contains(&after_open));
        let after_quote = s.find('“').unwrap() + '“'.len_utf8();
        assert!(nb.contains(&after_quote));
    }

    #[test]
    fn quantities_stay_whole() {
        for (s, whole) in [
            ("压减至≤ 2个工作日办结", "≤ 2个工作日"),
            ("达到99.2%以上", "99.2%"),
            ("自2022年3月1日起", "2022年3月1日"),
            ("不超过1.5天", "1.5天"),
            ("3-5个工作日", "3-5个工作日"),
            ("次数 ≤ 1 次 「说明」", "≤ 1 次"),
        ] {
            let start = s.find(whole).unwrap();
            let end = start + whole.len();
            let nb = no_break(s);
            for (i, _) in whole.char_indices().skip(1) {
                assert!(
                    nb.contains(&(start + i)),
                    "{s}: break inside {whole} at {i}"
                );
            }
            // The quantity may still break from its neighbours.
            assert!(!nb.contains(&end) || s[end..].starts_with('，'), "{s}");
        }
    }

    #[test]
    fn plain_chinese_breaks_anywhere() {
        assert_eq!(breaks_ok("开办企业"), ["办企业", "企业", "业"]);
    }

    #[test]
    fn a_line_is_judged_by_its_ends() {
        assert!(bad_line("。"));
        assert!(bad_line("  、税务局"));
        assert!(bad_line("推进“"));
        assert!(!bad_line("推进“通办”"));
        assert!(splits_quantity("压减至≤ 2", "个工作日"));
        assert!(splits_quantity("99.", "2%"));
        assert!(!splits_quantity("压减至", "≤ 2个工作日"));
    }
}
