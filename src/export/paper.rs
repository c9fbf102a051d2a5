//! A report as an official paper (公文): what it says, in the order a
//! district office lays it out, with nothing about how it is drawn. The
//! Word writer ([`super::docx`]) turns one into a document after GB/T
//! 9704-2012; the builders in [`super::papers`] fill one from a report.
//!
//! Text here is plain and already cleaned of what would act on a terminal;
//! dates in Chinese papers are written 2022年1月10日 ([`zh_dates`]).

use chrono::NaiveDate;

use crate::lang::Lang;

/// One paper: masthead, title, addressee, body, signature, annexes.
#[derive(Debug, Clone, PartialEq)]
pub struct Paper {
    pub lang: Lang,
    /// 发文机关标志 and 发文字号, above the red line; none for a working paper.
    pub masthead: Option<Masthead>,
    pub title: String,
    /// 主送机关, ending with a full-width colon.
    pub to: Option<String>,
    pub body: Vec<Block>,
    /// 发文机关署名 and 成文日期.
    pub signature: Option<Signature>,
    /// 附件, each starting on a new page after the signature.
    pub annexes: Vec<Annex>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Masthead {
    pub issuer: String,
    pub number: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    pub issuer: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Annex {
    pub title: String,
    pub body: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A first-level heading, `一、总体进展` (黑体).
    Heading(String),
    /// A second-level heading, `（一）逾期事项` (楷体).
    Sub(String),
    /// A body paragraph, first line indented two characters.
    Para(String),
    /// A table with a header row repeated on every page.
    Table(Grid),
    /// A smaller line right under a table: its rule or its source.
    Remark(String),
}

/// A table: the header, the rows, and each column's share of the width.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Relative widths, one per column.
    pub widths: Vec<u32>,
}

impl Grid {
    pub fn new(head: &[(&str, u32)]) -> Self {
        Grid {
            head: head.iter().map(|(h, _)| (*h).to_string()).collect(),
            rows: Vec::new(),
            widths: head.iter().map(|(_, w)| *w).collect(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

impl Paper {
    /// All the text a reader sees, in order (tests and the md writer read it).
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.body
            .iter()
            .chain(self.annexes.iter().flat_map(|a| a.body.iter()))
    }
}

/// ISO dates (`2022-01-10`) inside Chinese text written the way Chinese
/// papers write them (`2022年1月10日`); English text is left as it is.
pub fn zh_dates(s: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if i + 10 <= b.len()
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && (i + 10 == b.len() || !b[i + 10].is_ascii_digit())
            && s.is_char_boundary(i + 10)
            && let Ok(d) = NaiveDate::parse_from_str(&s[i..i + 10], "%Y-%m-%d")
            && b[i + 4] == b'-'
        {
            out.push_str(&crate::date::zh_long(d));
            i += 10;
            continue;
        }
        let c = s[i..].chars().next().expect("in bounds");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// A date as the paper's language writes it.
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => crate::date::zh_long(d),
        Lang::En => crate::date::iso(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_read_as_chinese_papers_write_them() {
        assert_eq!(
            zh_dates("时限 2022-01-31（调度会定），截至 2022-01-10。", Lang::Zh),
            "时限 2022年1月31日（调度会定），截至 2022年1月10日。"
        );
        assert_eq!(zh_dates("2022-01-31", Lang::En), "2022-01-31");
        // Not a date, or part of a longer number: left alone.
        for s in ["12022-01-311", "2022-13-01", "编号 2022-1-1", "短"] {
            assert_eq!(zh_dates(s, Lang::Zh), s);
        }
    }
}
