//! Dates and deadline phrases: "12月底前", "2022年6月底前", "年底前",
//! "自2022年1月1日起", "三年内", and the undated "长期坚持" / "持续推进".

use chrono::{Datelike, Months, NaiveDate};

use super::fold::{Folded, fold};
use super::numerals::read_number;
use crate::plan::DeadlineKind;

/// A whole line that is a date ("2021年10月27日", "二〇二一年十月二十七日"),
/// optionally followed by 印发/发布.
pub fn date_line(folded: &str) -> Option<NaiveDate> {
    let chars: Vec<char> = folded.chars().collect();
    let (y, j) = read_number(&chars, 0)?;
    if chars.get(j) != Some(&'年') {
        return None;
    }
    let (m, j) = read_number(&chars, j + 1)?;
    if chars.get(j) != Some(&'月') {
        return None;
    }
    let (d, j) = read_number(&chars, j + 1)?;
    if chars.get(j) != Some(&'日') {
        return None;
    }
    let rest: String = chars[j + 1..].iter().collect();
    if !(rest.is_empty() || rest == "印发" || rest == "发布") {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// What the dates in a text are resolved against.
#[derive(Debug, Clone, Copy, Default)]
pub struct Basis {
    /// The year a phrase without one belongs to (--year, else the document's).
    pub year: Option<i32>,
    /// The document's date: horizons ("三年内") count from it, and a month
    /// already past at issue is taken as next year's unless --year was given.
    pub issued: Option<NaiveDate>,
    /// Whether `year` was given on the command line (then it is never rolled).
    pub year_given: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    Deadline {
        kind: DeadlineKind,
        date: NaiveDate,
        text: String,
        /// Set when the year was assumed (rolled to the next year).
        note: Option<String>,
        /// What is due: the words after the phrase, to the end of the clause.
        what: String,
    },
    /// A deadline-like phrase that could not be given a date.
    Unresolved { text: String, why: String },
    /// "长期坚持", "持续推进": ongoing, deliberately without a date.
    Undated { text: String },
}

/// Phrases that set no date on purpose; recorded, not dated.
pub const UNDATED: &[&str] = &[
    "长期坚持",
    "持续推进",
    "按进度推进",
    "持续开展",
    "常态化推进",
    "长期推进",
    "逐步推进",
    "持续实施",
];

/// Words right after "X月底" that make it a deadline without 前 ("9月底完成").
const DONE_BY: &[&str] = &[
    "完成", "建成", "实现", "上线", "出台", "到位", "落地", "印发", "取得", "全面",
];

/// A calendar expression at `i`: optional 年, then optional 月 and 日.
struct DateExpr {
    year: Option<i32>,
    /// "今年" = 0, "明年" = 1 relative to the basis year.
    rel_year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    end: usize,
}

fn date_expr(f: &Folded, i: usize) -> Option<DateExpr> {
    let c = &f.chars;
    let mut e = DateExpr {
        year: None,
        rel_year: None,
        month: None,
        day: None,
        end: i,
    };
    let mut j = i;
    if f.at(j, "今年") || f.at(j, "本年") {
        e.rel_year = Some(0);
        j += 1;
    } else if f.at(j, "明年") {
        e.rel_year = Some(1);
        j += 1;
    } else if let Some((y, k)) = read_number(c, j)
        && c.get(k) == Some(&'年')
        && (1900..=2200).contains(&y)
    {
        e.year = i32::try_from(y).ok();
        j = k;
    }
    if e.year.is_some() || e.rel_year.is_some() {
        // j is at 年
        e.end = j + 1;
        j += 1;
    }
    if let Some((m, k)) = read_number(c, j)
        && c.get(k) == Some(&'月')
    {
        e.month = Some(m);
        // "12月月底前": a unit doubled across a line break.
        let k = if c.get(k + 1) == Some(&'月') && matches!(c.get(k + 2), Some('底' | '末')) {
            k + 1
        } else {
            k
        };
        e.end = k + 1;
        j = k + 1;
        if let Some((d, k)) = read_number(c, j)
            && matches!(c.get(k), Some('日') | Some('号'))
        {
            e.day = Some(d);
            e.end = k + 1;
        }
    }
    (e.year.is_some() || e.rel_year.is_some() || e.month.is_some()).then_some(e)
}

/// A quarter at `i` (一季度, 第三季度, 4季度) that reads as a deadline:
/// followed by 末/底 or 前, or anywhere in a deadline's place. Returns the
/// quarter and the index after the phrase.
fn quarter(f: &Folded, i: usize, due: bool) -> Option<(u32, usize)> {
    let j = if f.get(i) == Some('第') { i + 1 } else { i };
    let q = match f.get(j)? {
        '一' | '1' => 1,
        '二' | '2' => 2,
        '三' | '3' => 3,
        '四' | '4' => 4,
        _ => return None,
    };
    if !f.at(j + 1, "季度") {
        return None;
    }
    let mut end = j + 3;
    let closing = f.any_at(end, &["末", "底"]).is_some();
    if closing {
        end += 1;
    }
    let before = before_suffix(f, end);
    end += before.unwrap_or(0);
    (closing || before.is_some() || due).then_some((q, end))
}

/// Length of a "before" suffix (前, 之前, 以前) at `i`.
fn before_suffix(f: &Folded, i: usize) -> Option<usize> {
    f.any_at(i, &["之前", "以前", "前"])
        .map(|s| s.chars().count())
}

fn resolve_year(e: &DateExpr, basis: &Basis) -> Result<(i32, bool), String> {
    if let Some(y) = e.year {
        return Ok((y, false));
    }
    let base = basis
        .year
        .ok_or("the document has no date line; pass --year")?;
    Ok((base + e.rel_year.unwrap_or(0), e.rel_year.is_none()))
}

/// Rolls a date without a year that falls before the document's date into
/// the next year ("6月底前" in a plan issued in October means next June).
fn roll(date: NaiveDate, rollable: bool, basis: &Basis) -> (NaiveDate, Option<String>) {
    match basis.issued {
        Some(issued) if rollable && !basis.year_given && date < issued => {
            let next = date.with_year(date.year() + 1).unwrap_or(date);
            (
                next,
                Some(format!(
                    "before the document's date {issued}; taken as {next}"
                )),
            )
        }
        _ => (date, None),
    }
}

/// Every deadline phrase in `text`, in order.
pub fn scan(text: &str, basis: &Basis) -> Vec<Found> {
    scan_in(text, basis, false)
}

/// Every deadline in a text that is a deadline by its place (a 完成时限
/// line or column, a date inside an annotation): there a bare month
/// ("6月份", "11月", "2022年12月") or year ("2023年") is the deadline, and
/// "长期" or "持续" says there is none.
pub fn scan_due(text: &str, basis: &Basis) -> Vec<Found> {
    let mut out = scan_in(text, basis, true);
    if out.is_empty() {
        let f = fold(text);
        if ["长期", "持续", "常态", "按进度"]
            .iter()
            .any(|w| f.contains(w))
        {
            out.push(Found::Undated {
                text: text.trim().to_string(),
            });
        }
    }
    out
}

fn scan_in(text: &str, basis: &Basis, due: bool) -> Vec<Found> {
    let f = Folded::new(text);
    let mut out = Vec::new();
    let mut i = 0;
    let n = f.len();
    while i < n {
        // 自…起: a start date.
        if f.get(i) == Some('自')
            && let Some(e) = date_expr(&f, i + 1)
            && let Some(end) = ["起", "开始"]
                .iter()
                .find(|s| f.at(e.end, s))
                .map(|s| e.end + s.chars().count())
        {
            out.push(found(&f, i, end, &e, basis, DeadlineKind::From));
            i = end;
            continue;
        }
        // N年内 / N个月内: a horizon from the document's date.
        if let Some((v, k)) = read_number(&f.chars, i)
            && !f.before(i, "自")
            && (i == 0 || !f.chars[i - 1].is_ascii_digit())
            && let Some((unit, end)) = if f.at(k, "年内") {
                Some(("年", k + 2))
            } else if f.at(k, "个月内") {
                Some(("月", k + 3))
            } else {
                None
            }
        {
            let text = f.original(i, end);
            let months = if unit == "年" { v * 12 } else { v };
            let found = match basis.issued {
                Some(issued) if v > 0 && v <= 50 => issued
                    .checked_add_months(Months::new(months))
                    .map(|date| Found::Deadline {
                        kind: DeadlineKind::Within,
                        date,
                        text: text.clone(),
                        note: None,
                        what: what_after(&f, end),
                    }),
                _ => None,
            };
            out.push(found.unwrap_or(Found::Unresolved {
                text,
                why: "a horizon needs the document's date".into(),
            }));
            i = end;
            continue;
        }
        if let Some(e) = date_expr(&f, i) {
            let j = e.end;
            // 年底前 / 2021年底前 / 12月底前 / 12月31日前
            let mut e = e;
            // "到2021年底，…" / "到6月底，…": a deadline though no 前 follows.
            let by = i > 0 && matches!(f.chars[i - 1], '到' | '至' | '于');
            let (end, which) = if e.month.is_none() && f.any_at(j, &["底", "末"]).is_some() {
                match before_suffix(&f, j + 1) {
                    Some(s) => (Some(j + 1 + s), "year_end"),
                    None if due || by || f.any_at(j + 1, DONE_BY).is_some() => {
                        (Some(j + 1), "year_end")
                    }
                    None => (None, ""),
                }
            } else if e.month.is_none()
                && let Some((q, end)) = quarter(&f, j, due)
            {
                e.month = Some(q * 3);
                (Some(end), "month_end")
            } else if e.month.is_none() && (f.at(j, "上半年") || f.at(j, "下半年")) {
                if f.at(j, "上半年") {
                    e.month = Some(6);
                    e.day = Some(30);
                } else {
                    e.month = Some(12);
                    e.day = Some(31);
                }
                let s = before_suffix(&f, j + 3).unwrap_or(0);
                (Some(j + 3 + s), "day")
            } else if e.month.is_none() && e.year.is_some() && due && !f.at(j, "度") {
                (Some(j), "year_end")
            } else if e.month.is_some() && e.day.is_none() && f.any_at(j, &["底", "末"]).is_some()
            {
                match before_suffix(&f, j + 1) {
                    Some(s) => (Some(j + 1 + s), "month_end"),
                    None if due || by || f.any_at(j + 1, DONE_BY).is_some() => {
                        (Some(j + 1), "month_end")
                    }
                    None => (None, ""),
                }
            } else if e.month.is_some()
                && e.day.is_none()
                && let Some(w) = f.any_at(j, &["上旬", "中旬", "下旬"])
            {
                match before_suffix(&f, j + 2) {
                    Some(s) if w != "下旬" => {
                        e.day = Some(if w == "上旬" { 10 } else { 20 });
                        (Some(j + 2 + s), "day")
                    }
                    Some(s) => (Some(j + 2 + s), "month_end"),
                    None if due && w != "下旬" => {
                        e.day = Some(if w == "上旬" { 10 } else { 20 });
                        (Some(j + 2), "day")
                    }
                    None if due => (Some(j + 2), "month_end"),
                    None => (None, ""),
                }
            } else if e.month.is_some()
                && e.day.is_none()
                && f.at(j, "份")
                && (before_suffix(&f, j + 1).is_some() || f.any_at(j + 1, DONE_BY).is_some())
            {
                // "6月份前", "6月份上线".
                (
                    Some(j + 1 + before_suffix(&f, j + 1).unwrap_or(0)),
                    "month_end",
                )
            } else if e.month.is_some() && e.day.is_none() && due {
                // "6月份", "11月", "2022年12月" where a deadline belongs.
                let k = if f.at(j, "份") { j + 1 } else { j };
                let s = before_suffix(&f, k).unwrap_or(0);
                (Some(k + s), "month_end")
            } else if e.day.is_some() {
                match before_suffix(&f, j) {
                    Some(s) => (Some(j + s), "day"),
                    None if due => (Some(j), "day"),
                    None => (None, ""),
                }
            } else {
                (None, "")
            };
            if let Some(end) = end {
                let text = f.original(i, end);
                let res = match which {
                    "year_end" => resolve(
                        &DateExpr {
                            month: Some(12),
                            day: Some(31),
                            ..e
                        },
                        basis,
                        false,
                    ),
                    "month_end" => resolve(&e, basis, true),
                    _ => resolve(&e, basis, true),
                };
                out.push(match res {
                    Ok((date, note)) => Found::Deadline {
                        kind: DeadlineKind::By,
                        date,
                        text,
                        note,
                        what: what_after(&f, end),
                    },
                    Err(why) => Found::Unresolved { text, why },
                });
                i = end;
                continue;
            }
            if e.year.is_some() || e.rel_year.is_some() || e.month.is_some() {
                // A bare date ("2021年度", "10月") is not a deadline; move past it.
                i = e.end.max(i + 1);
                continue;
            }
        }
        // 年底前 / 年内 with no year written.
        if f.at(i, "年底前")
            || f.at(i, "年末前")
            || (f.at(i, "年内") && (i == 0 || !super::numerals::is_cn_numeral(f.chars[i - 1])))
        {
            let len = if f.at(i, "年内") { 2 } else { 3 };
            let text = f.original(i, i + len);
            let e = DateExpr {
                year: None,
                rel_year: Some(0),
                month: Some(12),
                day: Some(31),
                end: i + len,
            };
            out.push(match resolve(&e, basis, false) {
                Ok((date, note)) => Found::Deadline {
                    kind: DeadlineKind::By,
                    date,
                    text,
                    note,
                    what: what_after(&f, i + len),
                },
                Err(why) => Found::Unresolved { text, why },
            });
            i += len;
            continue;
        }
        if (i == 0 || !f.chars[i - 1].is_ascii_digit())
            && let Some((q, end)) = quarter(&f, i, due)
        {
            let e = DateExpr {
                year: None,
                rel_year: Some(0),
                month: Some(q * 3),
                day: None,
                end,
            };
            out.push(found(&f, i, end, &e, basis, DeadlineKind::By));
            i = end;
            continue;
        }
        if f.at(i, "上半年") {
            let e = DateExpr {
                year: None,
                rel_year: Some(0),
                month: Some(6),
                day: Some(30),
                end: i + 3,
            };
            let text = f.original(i, i + 3);
            out.push(match resolve(&e, basis, false) {
                Ok((date, note)) => Found::Deadline {
                    kind: DeadlineKind::By,
                    date,
                    text,
                    note,
                    what: what_after(&f, i + 3),
                },
                Err(why) => Found::Unresolved { text, why },
            });
            i += 3;
            continue;
        }
        if let Some(p) = f.any_at(i, UNDATED) {
            let len = p.chars().count();
            out.push(Found::Undated {
                text: f.original(i, i + len),
            });
            i += len;
            continue;
        }
        // Something dated we do not understand: "春节前", "11月中旬前".
        if f.get(i) == Some('前')
            && i > 0
            && ["旬", "节", "季度", "季", "月初", "底", "末"]
                .iter()
                .any(|p| f.before(i, p))
        {
            let start = (0..i)
                .rev()
                .take(8)
                .take_while(|k| !matches!(f.chars[*k], ',' | '。' | ';' | ':' | '、' | '(' | ')'))
                .last()
                .unwrap_or(i);
            out.push(Found::Unresolved {
                text: f.original(start, i + 1),
                why: "not a phrase duban knows how to date".into(),
            });
        }
        i += 1;
    }
    out
}

/// Words that open an introductory phrase ("根据省科技厅要求，…",
/// "通过山东省政务服务平台，…"): the comma after it does not end what is due.
const INTRODUCTORY: &[&str] = &[
    "根据", "通过", "按照", "依托", "依据", "结合", "围绕", "对照", "针对", "在", "经", "由",
];

/// What is due after a deadline phrase: its first clause, read past the
/// comma of an introductory phrase. "12月底前，完成对接，推进一体化。" →
/// "完成对接"; "11月底前，通过平台，共享结果。" → "通过平台，共享结果".
/// The deadline the text from `i` to `end` states (`e` read from it), or
/// why it could not be resolved.
fn found(
    f: &Folded,
    i: usize,
    end: usize,
    e: &DateExpr,
    basis: &Basis,
    kind: DeadlineKind,
) -> Found {
    let text = f.original(i, end);
    match resolve(e, basis, false) {
        Ok((date, note)) => Found::Deadline {
            kind,
            date,
            text,
            note,
            what: what_after(f, end),
        },
        Err(why) => Found::Unresolved { text, why },
    }
}

fn what_after(f: &Folded, end: usize) -> String {
    let mut start = end;
    while matches!(f.get(start), Some(',' | '、' | ':')) {
        start += 1;
    }
    let mut stop = start;
    let mut clause = start;
    while stop < f.len() && !matches!(f.chars[stop], '。' | ';' | '!' | '?') {
        if f.chars[stop] == ',' {
            if f.any_at(clause, INTRODUCTORY).is_none() {
                break;
            }
            clause = stop + 1;
        }
        stop += 1;
    }
    f.original(start, stop).trim().to_string()
}

fn resolve(
    e: &DateExpr,
    basis: &Basis,
    rollable: bool,
) -> Result<(NaiveDate, Option<String>), String> {
    let (y, no_year_written) = resolve_year(e, basis)?;
    let m = e.month.ok_or("no month")?;
    let date = match e.day {
        Some(d) => NaiveDate::from_ymd_opt(y, m, d),
        None => crate::date::last_day(y, m),
    }
    .ok_or_else(|| format!("{y}-{m}-{} is not a date", e.day.unwrap_or(0)))?;
    Ok(roll(date, rollable && no_year_written, basis))
}

/// Whether a folded line holds a date anywhere (used to find the issue date).
pub fn first_date_line(lines: &[&str]) -> Option<NaiveDate> {
    lines.iter().find_map(|l| date_line(&fold(l)))
}

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
