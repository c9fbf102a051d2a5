//! The document's skeleton: front matter, runs of numbered headings, and
//! the numbered items under each heading.
//!
//! A plan document has a main body (一、工作目标 …) and usually an annex
//! whose headings start again at 一 (附件：配套措施). Each restart of the
//! numbering, or an annex marker, begins a new run; the run whose items carry
//! department annotations holds the chapters, the others are sections.

use super::annotation;
use super::fold::{Folded, fold};
use super::lines::{ItemStyle, Start, Unit, heading_numeral, item_number, signature_like};

#[derive(Debug, Clone, Default)]
pub struct Skeleton {
    /// Units before the first numbered heading (notice, title, date, intro).
    pub front: Vec<Unit>,
    pub runs: Vec<Run>,
    /// Units after the end matter began (抄报, 印发 …), dropped.
    pub trailer: usize,
    /// Annotation units found outside any item.
    pub stray_annotations: Vec<Unit>,
    /// Date lines after the numbered body began: the signature's date, when
    /// a plan is dated at its end.
    pub late_dates: Vec<Unit>,
}

#[derive(Debug, Clone, Default)]
pub struct Run {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Default)]
pub struct Block {
    /// As written ("一", "第一章"); empty for the implicit block of a document without headings.
    pub numeral: String,
    pub value: u32,
    pub title: String,
    pub line: usize,
    pub intro: Vec<String>,
    pub items: Vec<Item>,
    /// The numbering style of this block's measures.
    pub style: Option<ItemStyle>,
    /// Annotations printed with the heading, for its measures that name no units.
    pub annotations: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Item {
    /// As written, brackets included ("（一）", "(1)", "1、").
    pub number: String,
    pub line: usize,
    /// Text after the number, annotations still in place.
    pub body: String,
    /// Annotations printed on their own line after the item.
    pub annotations: Vec<String>,
    /// Paragraphs after a sentence end that were joined to this item.
    pub joined_paragraphs: usize,
    /// The numbering style, and the line as printed with the length of the
    /// body then: a sub-point folded into its measure is put back verbatim.
    pub style: Option<ItemStyle>,
    head: String,
    body_at_head: usize,
    /// Where the lines that read as a signature (issuers' names) began, if
    /// the item's text ends with them.
    signature_at: Option<usize>,
}

/// Splits a heading unit into (numeral, value, title); markdown `#` and bold stripped.
pub fn heading_parts(text: &str) -> (Option<(String, u32)>, String) {
    let t = text.trim_start_matches('#').trim();
    let t = t.trim_matches('*').trim();
    let chars: Vec<char> = t.chars().collect();
    let folded: Vec<char> = fold(t).chars().collect();
    if let Some((numeral, value, _)) = heading_numeral(&folded) {
        // Cut the title after the numeral's printed form (、 or 章 …).
        let printed_len = printed_prefix_len(
            &chars,
            numeral.chars().count() + usize::from(!numeral.starts_with('第')),
        );
        let title: String = chars[printed_len..].iter().collect();
        return (Some((numeral, value)), title.trim().to_string());
    }
    (None, t.to_string())
}

/// Number of printed chars covering `folded_len` non-space chars.
fn printed_prefix_len(chars: &[char], folded_len: usize) -> usize {
    let mut seen = 0;
    for (i, c) in chars.iter().enumerate() {
        if seen == folded_len {
            return i;
        }
        if super::fold::fold_char(*c).is_some() {
            seen += 1;
        }
    }
    chars.len()
}

/// Splits an item unit into (number as written, style, value, body).
pub fn item_parts(text: &str) -> Option<(String, ItemStyle, u32, String)> {
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = fold(text).chars().collect();
    let (style, value, used) = item_number(&folded)?;
    let n = printed_prefix_len(&chars, used);
    let number: String = chars[..n].iter().filter(|c| !c.is_whitespace()).collect();
    let body: String = chars[n..].iter().collect();
    Some((number, style, value, body.trim().to_string()))
}

pub fn build(units: Vec<Unit>) -> Skeleton {
    let mut sk = Skeleton::default();
    let mut new_run = true;
    let mut ended = false;
    for mut u in units {
        // Under 第一章 chapters, 一、 numbers the measures.
        if u.start == Start::Heading
            && let (Some((numeral, _)), title) = heading_parts(&u.text)
            && !numeral.starts_with('第')
            && !new_run
            && sk
                .runs
                .last()
                .and_then(|r| r.blocks.last())
                .is_some_and(|b| b.numeral.starts_with('第'))
        {
            u.start = Start::Item;
            u.text = format!("{numeral}、{title}");
        }
        if ended {
            sk.trailer += 1;
            continue;
        }
        match u.start {
            Start::Trailer => {
                ended = true;
                sk.trailer += 1;
            }
            Start::Annex => new_run = true,
            Start::Separator => {}
            Start::Heading => {
                let (numeral, title) = heading_parts(&u.text);
                match numeral {
                    Some((numeral, value)) => {
                        let restart = sk
                            .runs
                            .last()
                            .and_then(|r| r.blocks.last())
                            .is_none_or(|b| value <= b.value);
                        if new_run || restart {
                            sk.runs.push(Run::default());
                            new_run = false;
                        }
                        let run = sk.runs.last_mut().expect("pushed above");
                        let f = Folded::new(&title);
                        let groups = annotation::groups(&f);
                        let (title, annotations) = match groups.first() {
                            Some(g) => (
                                f.orig[..f.pos[g.start]]
                                    .iter()
                                    .collect::<String>()
                                    .trim()
                                    .to_string(),
                                groups.iter().map(|g| g.printed.clone()).collect(),
                            ),
                            None => (title, Vec::new()),
                        };
                        run.blocks.push(Block {
                            numeral,
                            value,
                            title,
                            line: u.line,
                            annotations,
                            ..Block::default()
                        });
                    }
                    None if sk.runs.is_empty() => sk.front.push(u),
                    None => new_run = true,
                }
            }
            Start::Item => {
                let Some((number, style, _, body)) = item_parts(&u.text) else {
                    continue;
                };
                if sk.runs.is_empty() || new_run {
                    // Items with no heading above them: an implicit block.
                    sk.runs.push(Run {
                        blocks: vec![Block {
                            line: u.line,
                            ..Block::default()
                        }],
                    });
                    new_run = false;
                }
                let block = sk
                    .runs
                    .last_mut()
                    .and_then(|r| r.blocks.last_mut())
                    .expect("a run always has a block");
                block.style.get_or_insert(style);
                block.items.push(Item {
                    number,
                    line: u.line,
                    body_at_head: body.len(),
                    body,
                    style: Some(style),
                    head: u.text,
                    ..Item::default()
                });
            }
            Start::Annotation => {
                match sk
                    .runs
                    .last_mut()
                    .filter(|_| !new_run)
                    .and_then(|r| r.blocks.last_mut())
                    .and_then(|b| b.items.last_mut())
                {
                    Some(item) => item.annotations.push(u.text),
                    None => sk.stray_annotations.push(u),
                }
            }
            Start::Date | Start::Plain => {
                if sk.runs.is_empty() {
                    sk.front.push(u);
                    continue;
                }
                if u.start == Start::Date {
                    // The issuers' names signed above the date are not the
                    // last measure's text.
                    if let Some(item) = sk
                        .runs
                        .last_mut()
                        .and_then(|r| r.blocks.last_mut())
                        .and_then(|b| b.items.last_mut())
                        && let Some(at) = item.signature_at.take()
                    {
                        item.body.truncate(at);
                    }
                    sk.late_dates.push(u);
                    continue;
                }
                if new_run {
                    // Text between runs (an annex title written as plain text).
                    continue;
                }
                let block = sk
                    .runs
                    .last_mut()
                    .and_then(|r| r.blocks.last_mut())
                    .expect("a run always has a block");
                match block.items.last_mut() {
                    // After an annotation too: still this item's text, placed before it.
                    Some(item) => {
                        if signature_like(&u.text) {
                            item.signature_at.get_or_insert(item.body.len());
                        } else {
                            item.signature_at = None;
                        }
                        item.body.push_str(&u.text);
                        item.joined_paragraphs += 1;
                    }
                    None => block.intro.push(u.text),
                }
            }
        }
    }
    for run in &mut sk.runs {
        for block in &mut run.blocks {
            fold_levels(block);
        }
    }
    sk
}

/// Whether an entry names its units itself (an annotation line after it or
/// an annotation group in its text).
pub fn names_units(it: &Item) -> bool {
    !it.annotations.is_empty() || !annotation::groups(&Folded::new(&it.body)).is_empty()
}

/// Whether an entry reads as a heading: one short sentence once its
/// annotations are set aside, not a measure's text.
fn headline(it: &Item) -> bool {
    let f = Folded::new(&it.body);
    let mut text: Vec<char> = f.chars.clone();
    for g in annotation::groups(&f).iter().rev() {
        text.drain(g.start..g.end);
    }
    let stops = text.iter().filter(|c| matches!(c, '。' | ';')).count();
    text.len() <= 30
        && stops <= 1
        && text
            .last()
            .is_none_or(|c| matches!(c, '。' | ';') || stops == 0)
}

/// Picks which numbering level of a block holds the measures and folds the
/// others into it: levels above become the headings of the measures under
/// them (their annotations go to those that name none), levels below are
/// sub-points of the measure before them.
///
/// The measure level is the one whose entries most often name their units,
/// counting for each entry what it holds down to the next entry of its level
/// or one above; on a tie the finer level, since a section that names its
/// units once for several numbered tasks still has each task a measure. A
/// block that names no units keeps its first level.
fn fold_levels(block: &mut Block) {
    let entries = std::mem::take(&mut block.items);
    if entries.is_empty() {
        return;
    }
    let mut order: Vec<ItemStyle> = Vec::new();
    for e in &entries {
        if let Some(s) = e.style
            && !order.contains(&s)
        {
            order.push(s);
        }
    }
    let rank = |e: &Item| {
        e.style
            .and_then(|s| order.iter().position(|x| *x == s))
            .unwrap_or(0)
    };
    let own: Vec<bool> = entries.iter().map(names_units).collect();
    let level = if order.len() == 1 || !own.iter().any(|b| *b) {
        0
    } else {
        // Scanned from the end, so each entry's span is known in one pass per level.
        let mut best = (0usize, 0usize, 0usize);
        let headline: Vec<bool> = entries.iter().map(headline).collect();
        for r in 0..order.len() {
            // A title-like heading above that names units names them for
            // each entry under it (（二）推进“一件事”。（牵头单位：…） over 1. 2.).
            let mut inherited = vec![false; entries.len()];
            let mut from_above = false;
            for (k, e) in entries.iter().enumerate() {
                let er = rank(e);
                if er < r {
                    from_above = own[k] && headline[k];
                }
                inherited[k] = er == r && from_above;
            }
            let (mut count, mut named, mut pending) = (0usize, 0usize, false);
            for (k, e) in entries.iter().enumerate().rev() {
                let er = rank(e);
                pending |= own[k];
                if er == r {
                    count += 1;
                    named += usize::from(pending || inherited[k]);
                    pending = false;
                } else if er < r {
                    pending = false;
                }
            }
            // named/count > best.named/best.count, or equal with more entries.
            let better = named * best.1 > best.0 * count
                || (named * best.1 == best.0 * count && count > best.1);
            if r == 0 || better {
                best = (named, count, r);
            }
        }
        best.2
    };
    let mut items: Vec<Item> = Vec::new();
    // The annotations of the heading above, for measures that name no units.
    let mut above: Vec<String> = block.annotations.clone();
    for (k, mut e) in entries.into_iter().enumerate() {
        let r = rank(&e);
        if r == level {
            if !own[k] {
                e.annotations.extend(above.iter().cloned());
            }
            items.push(e);
        } else if r < level {
            above = e.annotations.clone();
            let f = Folded::new(&e.body);
            above.extend(annotation::groups(&f).into_iter().map(|g| g.printed));
            block.intro.push(format!("{}{}", e.number, e.body));
        } else {
            let tail = e.body.get(e.body_at_head..).unwrap_or_default();
            let text = format!("{}{tail}", e.head);
            match items.last_mut() {
                Some(item) => {
                    item.body.push_str(&text);
                    item.annotations.extend(e.annotations);
                    item.joined_paragraphs += e.joined_paragraphs;
                }
                None => block.intro.push(text),
            }
        }
    }
    block.style = order.get(level).copied();
    block.items = items;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::units;

    #[test]
    fn heading_and_item_parts() {
        assert_eq!(
            heading_parts("## 一、工作目标"),
            (Some(("一".into(), 1)), "工作目标".into())
        );
        assert_eq!(
            heading_parts("第三章　获得电力"),
            (Some(("第三章".into(), 3)), "获得电力".into())
        );
        assert_eq!(
            heading_parts("# 东昌府区方案"),
            (None, "东昌府区方案".into())
        );
        let (n, s, v, b) = item_parts("(一) 深化企业开办。").unwrap();
        assert_eq!(
            (n.as_str(), s, v, b.as_str()),
            ("(一)", ItemStyle::ParenNumeral, 1, "深化企业开办。")
        );
        let (n, _, v, _) = item_parts("（十二）完善文书送达。").unwrap();
        assert_eq!((n.as_str(), v), ("（十二）", 12));
        let (n, s, _, _) = item_parts("3、推行").unwrap();
        assert_eq!((n.as_str(), s), ("3、", ItemStyle::CommaDigit));
    }

    #[test]
    fn runs_restart_at_the_annex() {
        let text = "# 方案\n\n## 一、目标\n\n（一）坚持。内容。\n\n## 二、保障\n\n附件：措施\n\n## 一、开办企业\n\n（一）甲。乙。〔牵头部门：区税务局〕\n\n（二）丙。\n\n（牵头部门：区税务局）\n\n## 二、纳税\n\n(一)丁。";
        let (u, _) = units(text);
        let sk = build(u);
        assert_eq!(sk.front.len(), 1);
        assert_eq!(sk.runs.len(), 2);
        assert_eq!(sk.runs[0].blocks.len(), 2);
        assert_eq!(sk.runs[1].blocks.len(), 2);
        assert_eq!(sk.runs[1].blocks[0].items.len(), 2);
        assert_eq!(
            sk.runs[1].blocks[0].items[1].annotations,
            vec!["（牵头部门：区税务局）"]
        );
    }
}
