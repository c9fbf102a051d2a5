//! From raw lines to logical units, repairing page-break artifacts.
//!
//! Printed plans are converted to text with hard wraps and page breaks in the
//! middle of sentences, sometimes of words ("全程电\n\n子化"), and a wrapped
//! date can repeat its unit ("12月\n月底前"). A line that does not start a new
//! unit (heading, numbered item, annotation, date, …) continues the unit
//! before it unless a blank line separates them and that unit ended a sentence.

use super::fold::{Folded, fold, fold_char};
use super::numerals::{cn_value, is_cn_numeral};

/// What a line starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// `#` headings, `一、标题`, `第一章 标题`.
    Heading,
    /// A numbered item: （一） (1) 1. 1、
    Item,
    /// A bracketed department annotation on its own line.
    Annotation,
    /// A line that is only a date ("2021年10月27日").
    Date,
    /// 附件 / 附件：…
    Annex,
    /// 抄报 / 抄送 / …印发: the end matter.
    Trailer,
    /// A rule (---, ***, ———): layout, not text.
    Separator,
    /// Plain text.
    Plain,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub start: Start,
    /// The unit's text as printed, joined and repaired.
    pub text: String,
    /// 1-based line number in the source where the unit starts.
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repairs {
    /// Hard wraps joined inside a paragraph.
    pub wraps_joined: usize,
    /// Paragraphs joined across a blank line (page breaks).
    pub breaks_joined: usize,
    /// Date units doubled across a wrap ("12月\n月底前"), kept as printed.
    pub doubled: Vec<String>,
    /// Page-number lines dropped.
    pub page_numbers: usize,
}

/// The labels that open an annotation: who leads, who is responsible or
/// cooperates, when it is due, and the people named (kept out of the units).
/// Longer labels first, so 牵头考核单位 is not read as 牵头 + 考核单位.
pub const ROLE_WORDS: &[&str] = &[
    "牵头考核单位",
    "牵头考核部门",
    "牵头责任单位",
    "牵头责任部门",
    "主要责任单位",
    "主要责任部门",
    "配合责任单位",
    "牵头部门",
    "牵头单位",
    "牵头处室",
    "牵头科室",
    "牵头机构",
    "牵头领导",
    "责任部门",
    "责任单位",
    "责任处室",
    "责任科室",
    "责任主体",
    "责任领导",
    "责任人",
    "配合部门",
    "配合单位",
    "协办部门",
    "协办单位",
    "主办部门",
    "主办单位",
    "主责部门",
    "主责单位",
    "参与部门",
    "参与单位",
    "参加部门",
    "参加单位",
    "承办部门",
    "承办单位",
    "协同部门",
    "协同单位",
    "协助单位",
    "实施主体",
    "实施单位",
    "落实单位",
    "完成时限",
    "完成时间",
    "完成期限",
    "时限要求",
    "时间要求",
    "时间节点",
    "时间安排",
    "进度安排",
    "分管领导",
    "联系人",
];

/// The first two characters of every label, to recognise one cut by a wrap.
const ROLE_HEADS: &[&str] = &[
    "牵头", "主要", "配合", "责任", "协办", "主办", "主责", "参与", "参加", "承办", "协同", "协助",
    "实施", "落实", "完成", "时限", "时间", "进度", "分管", "联系",
];

/// Whether folded text (after an opening bracket) begins like an annotation.
/// Only the first two characters are required, since a wrap may cut the word.
pub fn starts_like_role(folded_after_bracket: &str) -> bool {
    let f = folded_after_bracket;
    ROLE_HEADS.iter().any(|p| f.starts_with(p))
        && (f.chars().count() < 4
            || ROLE_WORDS
                .iter()
                .any(|w| f.starts_with(w) || w.starts_with(f))
            || (f.starts_with("牵头") || f.starts_with("责任") || f.starts_with("配合"))
                && f.chars()
                    .nth(2)
                    .is_some_and(|c| c == ':' || c == '部' || c == '单'))
}

pub fn classify(line: &str) -> Start {
    // Markdown bold around a heading ("**一、开办企业**") is decoration.
    let f = fold(line.trim_matches('*'));
    if f.chars().count() >= 3
        && f.chars()
            .all(|c| matches!(c, '-' | '*' | '_' | '=' | '—' | '─' | '━'))
    {
        return Start::Separator;
    }
    if f.starts_with('#') {
        return Start::Heading;
    }
    let chars: Vec<char> = f.chars().collect();
    if f.starts_with("附件") {
        let rest: String = chars[2..].iter().collect();
        if rest.is_empty()
            || rest.starts_with(':')
            || rest
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || is_cn_numeral(c))
        {
            return Start::Annex;
        }
    }
    if ["抄报", "抄送", "主题词", "主送"]
        .iter()
        .any(|p| f.starts_with(p))
        || (f.ends_with("印发") && super::dates::date_line(&f).is_some())
    {
        return Start::Trailer;
    }
    if super::dates::date_line(&f).is_some() {
        return Start::Date;
    }
    if let Some(rest) = f.strip_prefix(['(', '['])
        && starts_like_role(rest)
    {
        return Start::Annotation;
    }
    if ROLE_WORDS
        .iter()
        .any(|w| f.strip_prefix(w).is_some_and(|r| r.starts_with(':')))
    {
        return Start::Annotation;
    }
    if heading_numeral(&chars).is_some() {
        return Start::Heading;
    }
    if item_number(&chars).is_some() {
        return Start::Item;
    }
    Start::Plain
}

/// For a folded line "一、标题" or "第一章标题": (numeral as written, value, title start).
pub fn heading_numeral(chars: &[char]) -> Option<(String, u32, usize)> {
    if chars.first() == Some(&'第') {
        let mut j = 1;
        while j < chars.len() && (is_cn_numeral(chars[j]) || chars[j].is_ascii_digit()) {
            j += 1;
        }
        if j > 1 && j < chars.len() && matches!(chars[j], '章' | '部' | '篇' | '节') {
            let value = super::numerals::read_number(chars, 1).map(|(v, _)| v)?;
            let mut k = j + 1;
            if chars.get(k) == Some(&'分') {
                k += 1;
            }
            let numeral: String = chars[..k].iter().collect();
            return Some((numeral, value, k));
        }
        return None;
    }
    let mut j = 0;
    while j < chars.len() && is_cn_numeral(chars[j]) {
        j += 1;
    }
    if j == 0 || j > 4 || chars.get(j) != Some(&'、') {
        return None;
    }
    let value = cn_value(&chars[..j])?;
    let title: String = chars[j + 1..].iter().collect();
    // A numbered heading is short and is not a sentence; an annotation after
    // it (一、开办企业（牵头单位：…）) names who leads the chapter.
    let cut = title
        .char_indices()
        .find(|(at, c)| {
            matches!(c, '(' | '[')
                && starts_like_role(
                    &title[at + c.len_utf8()..]
                        .chars()
                        .take(7)
                        .collect::<String>(),
                )
        })
        .map_or(title.len(), |(at, _)| at);
    let head = &title[..cut];
    if head.is_empty() || head.chars().count() > 40 || head.contains('。') {
        return None;
    }
    Some((chars[..j].iter().collect(), value, j + 1))
}

/// Numbering styles of items, from outer to inner as plans usually nest them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemStyle {
    /// （一） or (一)
    ParenNumeral,
    /// （1） or (1)
    ParenDigit,
    /// 1. or 1．
    DotDigit,
    /// 1、
    CommaDigit,
    /// 1） or 1)
    DigitParen,
    /// ①
    Circled,
    /// 一、 — measures under 第一章 chapters.
    CommaNumeral,
}

/// For a folded line starting with an item number: (style, value, chars used).
pub fn item_number(chars: &[char]) -> Option<(ItemStyle, u32, usize)> {
    let first = *chars.first()?;
    if first == '(' {
        let close = chars.iter().take(6).position(|c| *c == ')')?;
        let inner = &chars[1..close];
        if inner.is_empty() {
            return None;
        }
        if inner.iter().all(|c| is_cn_numeral(*c)) {
            return Some((ItemStyle::ParenNumeral, cn_value(inner)?, close + 1));
        }
        if inner.len() <= 2 && inner.iter().all(|c| c.is_ascii_digit()) {
            let v: u32 = inner.iter().collect::<String>().parse().ok()?;
            return Some((ItemStyle::ParenDigit, v, close + 1));
        }
        return None;
    }
    if is_cn_numeral(first) {
        let n = chars
            .iter()
            .take(5)
            .take_while(|c| is_cn_numeral(**c))
            .count();
        if chars.get(n) == Some(&'、') {
            return Some((ItemStyle::CommaNumeral, cn_value(&chars[..n])?, n + 1));
        }
        return None;
    }
    if ('①'..='⑳').contains(&first) {
        return Some((ItemStyle::Circled, first as u32 - '①' as u32 + 1, 1));
    }
    let mut j = 0;
    while j < chars.len() && chars[j].is_ascii_digit() {
        j += 1;
    }
    if j == 0 || j > 2 {
        return None;
    }
    let style = match chars.get(j) {
        Some('.') => ItemStyle::DotDigit,
        Some('、') => ItemStyle::CommaDigit,
        Some(')') => ItemStyle::DigitParen,
        _ => return None,
    };
    // "1.5%" is a number, not an item.
    if chars.get(j + 1).is_none_or(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: u32 = chars[..j].iter().collect::<String>().parse().ok()?;
    Some((style, v, j + 1))
}

/// Whether a unit's text ends a sentence, so a blank line after it is a real
/// paragraph break rather than a page break.
///
/// Reads backwards from the end only as far as it must: called on every
/// joined line, it must not look at the whole of a long unit each time.
pub fn ends_sentence(text: &str) -> bool {
    let mut rev = text.chars().rev().filter_map(fold_char);
    let last = rev
        .by_ref()
        .find(|c| !matches!(c, '”' | '’' | '」' | '』' | '"' | '\''));
    match last {
        None => true,
        Some('。' | '!' | '?' | ';' | ':' | '…') => true,
        Some(')' | ']') => {
            // Find the bracket this one closes; the annotation test needs the
            // few characters right after it.
            let mut depth = 1usize;
            let mut after: Vec<char> = Vec::new();
            for c in rev.take(4000) {
                match c {
                    ')' | ']' => depth += 1,
                    '(' | '[' => {
                        depth -= 1;
                        if depth == 0 {
                            let rest: String = after.iter().rev().take(8).collect();
                            return starts_like_role(&rest);
                        }
                    }
                    _ => {}
                }
                after.push(c);
            }
            false
        }
        Some(_) => false,
    }
}

/// A short plain line with no punctuation standing alone (a title, a
/// signature): a blank line after it is a paragraph break.
fn title_like(u: &Unit) -> bool {
    u.start == Start::Plain
        && u.text.chars().nth(40).is_none()
        && !u
            .text
            .contains(['。', '，', '；', '：', '、', ',', ';', ':'])
}

/// A short line that is only a body's name (an issuer signing the plan):
/// after a blank line it starts a paragraph, never continues a sentence.
pub fn signature_like(text: &str) -> bool {
    text.chars().count() <= 30
        && !text.contains(['。', '，', '；', '：', ',', ';', ':', '（', '(', '）', ')'])
        && super::annotation::looks_like_body(text)
}

fn is_page_number(line: &str) -> bool {
    let f = fold(line);
    let core = f.trim_matches(|c: char| c == '-' || c == '—' || c == '第' || c == '页');
    !core.is_empty() && core.len() <= 3 && core.chars().all(|c| c.is_ascii_digit()) && f.len() <= 12
}

fn trim_line(line: &str) -> &str {
    let t = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}');
    // A whole line in markdown bold ("**标题**") is a title or heading; the stars are decoration.
    match t.strip_prefix("**").and_then(|r| r.strip_suffix("**")) {
        Some(inner) if !inner.is_empty() && !inner.contains("**") => inner.trim(),
        _ => t,
    }
}

/// Joins `next` onto `cur`. A date unit doubled across the wrap
/// ("12月\n月底前") is kept as printed — it may be the document's own typo —
/// and listed for review; the deadline reader accepts it.
fn join(cur: &mut String, next: &str, repairs: &mut Repairs) {
    let last = cur.chars().last();
    let first = next.chars().next();
    if let (Some(a), Some(b)) = (last, first) {
        let before = cur.chars().rev().nth(1);
        let numeral_before = before.is_some_and(|c| {
            c.is_ascii_digit()
                || is_cn_numeral(c)
                || fold_char(c).is_some_and(|f| f.is_ascii_digit())
        });
        if a == b && matches!(a, '年' | '月' | '日') && numeral_before {
            let tail: String = {
                let mut t: Vec<char> = cur.chars().rev().take(3).collect();
                t.reverse();
                t.into_iter().collect()
            };
            let head: String = next.chars().take(3).collect();
            repairs.doubled.push(format!("{tail}⏎{head}"));
        }
        if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
            cur.push(' ');
        }
    }
    cur.push_str(next);
}

/// Splits text into units, joining wrapped lines and page breaks.
pub fn units(text: &str) -> (Vec<Unit>, Repairs) {
    let mut out: Vec<Unit> = Vec::new();
    let mut repairs = Repairs::default();
    let mut blank = false;
    for (n, raw) in text.lines().enumerate() {
        let line = trim_line(raw);
        if line.is_empty() {
            blank = true;
            continue;
        }
        if is_page_number(line) {
            repairs.page_numbers += 1;
            continue;
        }
        let start = classify(line);
        if start == Start::Plain
            && let Some(cur) = out.last_mut()
            && matches!(
                cur.start,
                Start::Plain | Start::Item | Start::Annotation | Start::Trailer
            )
            && (!blank
                || !(ends_sentence(&cur.text)
                    || title_like(cur)
                    || (cur.text.ends_with(['）', ')', '〕', '】']) && signature_like(line))))
        {
            if blank {
                repairs.breaks_joined += 1;
            } else {
                repairs.wraps_joined += 1;
            }
            join(&mut cur.text, line, &mut repairs);
        } else {
            out.push(Unit {
                start,
                text: line.to_string(),
                line: n + 1,
            });
        }
        blank = false;
    }
    (out, repairs)
}

/// The folded view of a unit's text, for callers that match on it.
pub fn folded(text: &str) -> Folded {
    Folded::new(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(s: &str) -> Start {
        classify(s)
    }

    #[test]
    fn classifies_line_starts() {
        assert_eq!(starts("## 一、工作目标"), Start::Heading);
        assert_eq!(starts("一、开办企业"), Start::Heading);
        assert_eq!(starts("第三章　获得电力"), Start::Heading);
        assert_eq!(starts("（一）深化企业开办。"), Start::Item);
        assert_eq!(starts("(七)探索实行"), Start::Item);
        assert_eq!(starts("3、推行"), Start::Item);
        assert_eq!(starts("1.5%的"), Start::Plain);
        assert_eq!(starts("（含）或者"), Start::Plain);
        assert_eq!(starts("(牵头部门：区住房城乡建设局)"), Start::Annotation);
        assert_eq!(starts("（牵头部"), Start::Annotation);
        assert_eq!(starts("〔責任單位：區稅務局〕"), Start::Annotation);
        assert_eq!(starts("牽頭單位：區行政審批局"), Start::Annotation);
        assert_eq!(starts("责任单位包括"), Start::Plain);
        assert_eq!(starts("2021年10月27日"), Start::Date);
        assert_eq!(starts("2021年10月27日印发"), Start::Trailer);
        assert_eq!(starts("附件：配套措施"), Start::Annex);
        assert_eq!(starts("附件材料很多"), Start::Plain);
        assert_eq!(starts("---"), Start::Separator);
        assert_eq!(starts("**一、开办企业**"), Start::Heading);
        assert_eq!(starts("———"), Start::Separator);
        assert_eq!(starts("一、推行网办。全程电子化"), Start::Item);
    }

    #[test]
    fn joins_page_breaks_and_wraps() {
        let (u, r) = units("（一）全程电\n\n子化登记。\n\n（二）下一项。");
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].text, "（一）全程电子化登记。");
        assert_eq!(r.breaks_joined, 1);
        let (u, r) =
            units("（一）办法等。落实目录；12月  \n月底前，组织培训。（责\n任部门：区财政局）");
        assert_eq!(u.len(), 1);
        assert_eq!(
            u[0].text,
            "（一）办法等。落实目录；12月月底前，组织培训。（责任部门：区财政局）"
        );
        assert_eq!(r.doubled.len(), 1);
        assert_eq!(r.wraps_joined, 2);
    }

    #[test]
    fn a_sentence_end_before_a_blank_line_is_a_paragraph() {
        let (u, _) = units("第一段。\n\n第二段。");
        assert_eq!(u.len(), 2);
        let (u, _) = units("（一）事项。〔牵头部门：区税务局〕\n\n说明文字。");
        assert_eq!(u.len(), 2);
    }

    #[test]
    fn short_standalone_lines_stay_apart() {
        let (u, _) = units("某区行动方案\n\n东昌府区人民政府\n\n2021年10月27日");
        assert_eq!(u.len(), 3);
    }

    #[test]
    fn page_numbers_are_dropped() {
        let (u, r) = units("（一）全程电\n\n- 3 -\n\n子化。");
        assert_eq!(u.len(), 1);
        assert_eq!(r.page_numbers, 1);
    }
}
