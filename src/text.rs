//! Making untrusted text safe and measuring it in terminal cells.
//!
//! Plan and note text comes from files anyone can edit. Before it reaches a
//! widget, every control character, escape sequence, bidi override and
//! zero-width character is replaced by a visible, inert stand-in, so a file
//! can neither drive the terminal nor reorder or hide what is shown.
//!
//! Widths are display cells (CJK is two), measured per grapheme cluster the
//! way the renderer measures them, so truncation and padding line up.

use std::ops::Range;

pub mod breaks;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The stand-in for a character that must not reach the terminal as itself,
/// or `None` when the character is safe to show.
fn stand_in(c: char) -> Option<String> {
    let u = c as u32;
    match u {
        // C0 controls and DEL: the Unicode "control pictures" (␀…␟, ␡), one
        // cell wide, so ESC becomes ␛ and a sequence after it is plain text.
        0x00..=0x1F => char::from_u32(0x2400 + u).map(String::from),
        0x7F => Some("\u{2421}".into()),
        // C1 controls (CSI, OSC … in their 8-bit form).
        0x80..=0x9F
        // Bidi embeddings, overrides, isolates and marks.
        | 0x202A..=0x202E
        | 0x2066..=0x2069
        | 0x200E
        | 0x200F
        | 0x061C
        // Zero-width characters and word joiner, BOM.
        | 0x200B..=0x200D
        | 0x2060
        | 0xFEFF
        // Line/paragraph separators would break a row in some terminals.
        | 0x2028
        | 0x2029
        // Tag characters are invisible and can smuggle text.
        | 0xE0000..=0xE007F => Some(format!("<U+{u:04X}>")),
        _ => None,
    }
}

/// One line of untrusted text made safe to draw: newlines included, every
/// control is shown visibly (`␛`, `␊`, `<U+202E>`), never passed through.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Safe runs are copied as slices: plan text is long and almost all safe.
    let mut run = 0;
    for (i, c) in s.char_indices() {
        if let Some(v) = stand_in(c) {
            out.push_str(&s[run..i]);
            out.push_str(&v);
            run = i + c.len_utf8();
        }
    }
    out.push_str(&s[run..]);
    out
}

/// Case folding for search: lowercase, with CJK and other caseless scripts
/// passed through untouched (they dominate plan text, and looking each of
/// them up in the Unicode case tables is what made search slow).
/// Full-width Latin (Ａ) folds like ASCII.
pub fn fold_char(c: char) -> impl Iterator<Item = char> {
    let simple = if c.is_ascii() {
        Some(c.to_ascii_lowercase())
    } else if ('\u{FF21}'..='\u{FF3A}').contains(&c) {
        char::from_u32(c as u32 + 0x20)
    } else if c >= '\u{2E80}' {
        Some(c)
    } else {
        None
    };
    let full = simple
        .is_none()
        .then(|| c.to_lowercase())
        .into_iter()
        .flatten();
    simple.into_iter().chain(full)
}

/// `s` case-folded with [`fold_char`].
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Runs that fold to themselves (lowercase, digits, CJK) are copied as
    // slices; only characters that change are pushed one by one.
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let unchanged = c.is_ascii_lowercase()
            || (c.is_ascii() && !c.is_ascii_uppercase())
            || (c >= '\u{2E80}' && !('\u{FF21}'..='\u{FF3A}').contains(&c));
        if !unchanged {
            out.push_str(&s[run..i]);
            out.extend(fold_char(c));
            run = i + c.len_utf8();
        }
    }
    out.push_str(&s[run..]);
    out
}

/// Like [`sanitize`], but keeps line breaks (`\n`, `\r\n`) as breaks, for
/// paragraphs of text that are wrapped for display.
pub fn sanitize_multiline(s: &str) -> String {
    s.replace("\r\n", "\n")
        .split('\n')
        .map(sanitize)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// The longest prefix of `s` that fits in `max` cells, ending on a grapheme
/// boundary; returns its byte length and its width.
fn fit(s: &str, max: usize) -> (usize, usize) {
    let mut used = 0;
    let mut end = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = UnicodeWidthStr::width(g);
        if used + w > max {
            return (end, used);
        }
        used += w;
        end = i + g.len();
    }
    (end, used)
}

/// The longest prefix of `s` at most `max` cells wide, cut between graphemes.
pub fn take_width(s: &str, max: usize) -> &str {
    &s[..fit(s, max).0]
}

/// `s` cut to at most `max` cells, ending in `…` when anything was cut. Never
/// splits a character or grapheme, never exceeds `max`.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let (end, _) = fit(s, max - 1);
    let mut out = String::with_capacity(end + 3);
    out.push_str(&s[..end]);
    out.push('…');
    out
}

/// `s` truncated to `cells` and padded with spaces to exactly `cells` wide.
pub fn pad(s: &str, cells: usize) -> String {
    let t = truncate(s, cells);
    let w = width(&t);
    let mut out = t;
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// Like [`pad`] but right-aligned.
pub fn pad_left(s: &str, cells: usize) -> String {
    let t = truncate(s, cells);
    let w = width(&t);
    let mut out: String = std::iter::repeat_n(' ', cells.saturating_sub(w)).collect();
    out.push_str(&t);
    out
}

/// Splits text into display lines of at most `cells` wide, returned as byte
/// ranges into `s` so callers can style parts (search matches) per line.
/// Breaks at `\n`; otherwise between any two graphemes (Chinese has no
/// spaces) where [`breaks`] allows it: not before closing punctuation,
/// not after an opening bracket, not inside a quantity or a Latin word.
/// A line that has no allowed break is cut where it is full.
pub fn wrap(s: &str, cells: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let cells = cells.max(1);
    let mut para_start = 0;
    for para in s.split('\n') {
        let mut start = para_start;
        let end_of_para = para_start + para.len();
        if para.is_empty() {
            lines.push(start..start);
        }
        let no_break = breaks::no_break(para);
        let allowed = |at: usize| no_break.binary_search(&(at - para_start)).is_err();
        while start < end_of_para {
            let rest = &s[start..end_of_para];
            let (mut cut, _) = fit(rest, cells);
            if cut == 0 {
                // A grapheme wider than the line: take it anyway so we move on.
                cut = rest.graphemes(true).next().map_or(rest.len(), str::len);
            } else if cut < rest.len() && !allowed(start + cut) {
                // Step back to the last place the line may end; the
                // characters after it go down with what they belong to.
                let back = rest[..cut]
                    .grapheme_indices(true)
                    .map(|(i, _)| i)
                    .rev()
                    .find(|&i| i > 0 && allowed(start + i));
                if let Some(b) = back {
                    cut = b;
                }
            }
            lines.push(start..start + cut);
            start += cut;
        }
        para_start = end_of_para + 1;
    }
    lines
}

/// Byte ranges of every case-insensitive occurrence of `needle` in `hay`.
pub fn find_all(hay: &str, needle: &str) -> Vec<Range<usize>> {
    let needle: Vec<char> = needle.chars().flat_map(fold_char).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    // Lowercase char by char, remembering where each came from, so ranges
    // map back to the original even when lowercasing changes lengths.
    let mut low: Vec<(char, usize)> = Vec::with_capacity(hay.len());
    for (i, c) in hay.char_indices() {
        for l in fold_char(c) {
            low.push((l, i));
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i + needle.len() <= low.len() {
        if low[i..i + needle.len()]
            .iter()
            .zip(&needle)
            .all(|((a, _), b)| a == b)
        {
            let start = low[i].1;
            let last = low[i + needle.len() - 1].1;
            let end = last + hay[last..].chars().next().map_or(0, char::len_utf8);
            if out.last().is_none_or(|r: &Range<usize>| r.end <= start) {
                out.push(start..end);
            }
            i += needle.len();
        } else {
            i += 1;
        }
    }
    out
}

/// True when `hay` contains `needle`, ignoring case.
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    !find_all(hay, needle).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escape_sequences_become_visible_and_inert() {
        let s = sanitize("a\u{1b}[31mred\u{7}\u{9b}2J");
        assert_eq!(s, "a␛[31mred␇<U+009B>2J");
        assert!(!s.chars().any(|c| c.is_control()));
    }

    #[test]
    fn bidi_and_zero_width_are_shown_by_code_point() {
        let s = sanitize("x\u{202E}y\u{2066}z\u{200B}\u{FEFF}\u{200E}\u{061C}\u{2060}");
        assert_eq!(
            s,
            "x<U+202E>y<U+2066>z<U+200B><U+FEFF><U+200E><U+061C><U+2060>"
        );
    }

    #[test]
    fn plain_chinese_is_untouched() {
        assert_eq!(sanitize("优化营商环境（一）"), "优化营商环境（一）");
    }

    #[test]
    fn multiline_keeps_breaks_but_not_carriage_returns() {
        assert_eq!(sanitize_multiline("a\r\nb\rc\n\u{1b}"), "a\nb␍c\n␛");
        assert_eq!(sanitize("a\nb"), "a␊b");
    }

    #[test]
    fn folding_ignores_case_in_ascii_full_width_and_greek() {
        assert_eq!(fold("ABC 税务 ＡＢ Ω"), "abc 税务 ａｂ ω");
    }

    #[test]
    fn cjk_is_two_cells() {
        assert_eq!(width("开办企业"), 8);
        assert_eq!(width("a开"), 3);
    }

    #[test]
    fn truncate_adds_ellipsis_at_a_cell_boundary() {
        assert_eq!(truncate("开办企业", 8), "开办企业");
        assert_eq!(truncate("开办企业", 7), "开办企…");
        assert_eq!(truncate("开办企业", 6), "开办…");
        assert_eq!(truncate("开办企业", 1), "…");
        assert_eq!(truncate("开办企业", 0), "");
        assert_eq!(truncate("abc", 2), "a…");
    }

    #[test]
    fn pad_reaches_exact_width() {
        assert_eq!(pad("开办", 6), "开办  ");
        assert_eq!(width(&pad("开办企业", 5)), 5);
        assert_eq!(pad_left("7", 3), "  7");
    }

    #[test]
    fn wrap_breaks_cjk_by_cells_and_latin_at_spaces() {
        let s = "开办企业全程电子化";
        let lines: Vec<&str> = wrap(s, 6).into_iter().map(|r| &s[r]).collect();
        assert_eq!(lines, ["开办企", "业全程", "电子化"]);
        let s = "hello world again";
        let lines: Vec<&str> = wrap(s, 8).into_iter().map(|r| &s[r]).collect();
        assert_eq!(lines, ["hello ", "world ", "again"]);
        let s = "a\n\nb";
        assert_eq!(wrap(s, 5).len(), 3);
    }

    #[test]
    fn wrap_keeps_latin_words_and_placeholders_whole_inside_cjk() {
        let s = sanitize("免费提供税务Ukey，标题\u{202E}反转");
        let lines: Vec<&str> = wrap(&s, 14).into_iter().map(|r| &s[r]).collect();
        assert_eq!(lines, ["免费提供税务", "Ukey，标题", "<U+202E>反转"]);
        // A word longer than the line is still cut, so wrapping moves on.
        let s = "abcdefghij";
        assert_eq!(wrap(s, 4).len(), 3);
    }

    #[test]
    fn wrap_keeps_punctuation_and_quantities_by_the_rules() {
        let lines = |s: &str, w| -> Vec<String> {
            wrap(s, w).into_iter().map(|r| s[r].to_string()).collect()
        };
        // 。 never starts a line: the character before it goes down too.
        assert_eq!(lines("开办企业。", 8), ["开办企", "业。"]);
        // “ never ends one.
        assert_eq!(lines("推进“三级通办”", 6), ["推进", "“三级", "通办”"]);
        // A quantity stays whole.
        assert_eq!(
            lines("压减至≤ 2个工作日办结", 12),
            ["压减至", "≤ 2个工作日", "办结"]
        );
        assert_eq!(lines("达到99.2%以上", 8), ["达到", "99.2%以", "上"]);
        // With no allowed break in reach, the line is cut where it is full.
        assert_eq!(lines("。。。。", 4), ["。。", "。。"]);
    }

    #[test]
    fn find_all_is_case_insensitive_and_maps_back() {
        let hay = "Tax 税务 TAX";
        let r = find_all(hay, "tax");
        assert_eq!(r.len(), 2);
        assert_eq!(&hay[r[1].clone()], "TAX");
        assert_eq!(&hay[find_all(hay, "税务")[0].clone()], "税务");
        assert!(find_all(hay, "").is_empty());
    }

    proptest! {
        #[test]
        fn truncate_never_exceeds_width_nor_splits_a_char(s in "\\PC{0,40}", max in 0usize..30) {
            let t = truncate(&s, max);
            prop_assert!(width(&t) <= max);
            let body = t.strip_suffix('…').unwrap_or(&t);
            // What is kept is a prefix of the input ending on a grapheme boundary.
            prop_assert!(s.starts_with(body));
            let boundaries: Vec<usize> = s.grapheme_indices(true).map(|(i, _)| i).chain([s.len()]).collect();
            prop_assert!(boundaries.contains(&body.len()));
            if width(&s) <= max { prop_assert_eq!(&t, &s); }
        }

        #[test]
        fn fold_is_fold_char_over_every_char(s in "\\PC{0,30}") {
            let slow: String = s.chars().flat_map(fold_char).collect();
            prop_assert_eq!(fold(&s), slow);
        }

        #[test]
        fn pad_is_always_exact(s in "[a-z开办企业\u{0301}]{0,20}", max in 0usize..30) {
            prop_assert_eq!(width(&pad(&s, max)), max);
        }

        #[test]
        fn wrap_lines_fit_and_cover_the_text(s in "[a-z 开办企业\n]{0,60}", cells in 2usize..20) {
            let lines = wrap(&s, cells);
            let mut joined = String::new();
            for r in &lines {
                prop_assert!(width(&s[r.clone()]) <= cells);
                joined.push_str(&s[r.clone()]);
            }
            prop_assert_eq!(joined, s.replace('\n', ""));
        }

        #[test]
        fn sanitized_text_holds_no_controls(s in "\\PC{0,20}|[\u{0}-\u{9f}\u{202a}-\u{202e}\u{2066}-\u{2069}]{0,20}") {
            let t = sanitize(&s);
            prop_assert!(!t.chars().any(|c| c.is_control() || stand_in(c).is_some()));
        }
    }
}
