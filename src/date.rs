//! One reading of dates for every input (CLI flags, the board's forms,
//! workbook cells, imports) and one writing per style, so a date a clerk
//! can type in one place is accepted in every other.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// Why a typed date was not accepted; `Display` is English, [`DateError::zh`]
/// the Chinese, so each front end says it in its user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not shaped like a date at all.
    Form(String),
    /// Shaped like one, but that day does not exist (2022-02-30).
    NoSuchDay {
        text: String,
        year: i32,
        month: u32,
        day: u32,
    },
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Form(s) => write!(
                f,
                "{s:?} is not a date; write 2022-03-01, 2022/3/1, 2022.3.1 or 2022年3月1日"
            ),
            DateError::NoSuchDay {
                text,
                year,
                month,
                day,
            } => {
                let last = last_day(*year, *month);
                match last {
                    Some(l) => write!(
                        f,
                        "{text:?}: {year}-{month:02} has no day {day} (it ends on the {})",
                        l.day()
                    ),
                    None => write!(f, "{text:?}: there is no month {month}"),
                }
            }
        }
    }
}

impl std::error::Error for DateError {}

impl DateError {
    pub fn zh(&self) -> String {
        match self {
            DateError::Form(s) => {
                format!("“{s}”不是日期；请写作 2022-03-01、2022/3/1、2022.3.1 或 2022年3月1日")
            }
            DateError::NoSuchDay {
                text,
                year,
                month,
                day,
            } => match last_day(*year, *month) {
                Some(l) => format!(
                    "“{text}”：{year}年{month}月没有{day}日（该月只有{}天）",
                    l.day()
                ),
                None => format!("“{text}”：没有{month}月"),
            },
        }
    }
}

/// Full-width digits and separators (from Chinese input methods) as ASCII.
fn halfwidth(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '－' | '—' | '–' => '-',
        '／' => '/',
        '．' | '。' => '.',
        c => c,
    }
}

/// Reads a day as people write it: `2022-03-01`, `2022-3-1`, `2022/3/1`,
/// `2022.3.1`, `2022年3月1日` (full-width digits too; spaces ignored).
pub fn parse(s: &str) -> Result<NaiveDate, DateError> {
    let form = || DateError::Form(s.trim().to_string());
    let t: String = s
        .trim()
        .chars()
        .map(halfwidth)
        .filter(|c| !c.is_whitespace())
        .collect();
    let (y, m, d) = if t.contains('年') || t.contains('月') {
        let (y, rest) = t.split_once('年').ok_or_else(form)?;
        let (m, d) = rest.split_once('月').ok_or_else(form)?;
        let d = d
            .strip_suffix('日')
            .or(d.strip_suffix('号'))
            .ok_or_else(form)?;
        (y, m, d)
    } else {
        let sep = t
            .chars()
            .find(|c| matches!(c, '-' | '/' | '.'))
            .ok_or_else(form)?;
        let parts: Vec<&str> = t.split(sep).collect();
        let [y, m, d] = parts[..] else {
            return Err(form());
        };
        (y, m, d)
    };
    let num = |p: &str, len: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let year = num(y, 4..=4).ok_or_else(form)? as i32;
    let month = num(m, 1..=2).ok_or_else(form)?;
    let day = num(d, 1..=2).ok_or_else(form)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NoSuchDay {
        text: s.trim().to_string(),
        year,
        month,
        day,
    })
}

/// For clap's `value_parser`: the English message.
pub fn parse_arg(s: &str) -> Result<NaiveDate, String> {
    parse(s).map_err(|e| e.to_string())
}

/// The last day of a month, `None` for a month that does not exist.
pub fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .filter(|_| (1..=12).contains(&month))
        .and_then(|d| d.pred_opt())
}

/// `2022-03-01`: files, JSON, CSV and English text.
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `2022年3月1日`: as Chinese papers write a date.
pub fn zh_long(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_common_form_reads_the_same_day() {
        for s in [
            "2022-03-01",
            "2022-3-1",
            "2022/3/1",
            "2022.3.1",
            "2022年3月1日",
            "２０２２年３月１日",
            " 2022年03月01日 ",
            "２０２２－０３－０１",
            "2022年3月1号",
        ] {
            assert_eq!(parse(s), Ok(d(2022, 3, 1)), "{s}");
        }
    }

    #[test]
    fn shapes_that_are_not_dates_are_refused() {
        for s in [
            "",
            "2022",
            "2022-03",
            "22-3-1",
            "2022-3-1-1",
            "2022/3-1",
            "2022年3月",
            "3月1日",
            "2022年3月1",
            "tomorrow",
            "2022-003-01",
        ] {
            assert!(matches!(parse(s), Err(DateError::Form(_))), "{s}");
        }
    }

    #[test]
    fn a_day_that_does_not_exist_is_named() {
        let e = parse("2022-02-30").unwrap_err();
        assert_eq!(
            e,
            DateError::NoSuchDay {
                text: "2022-02-30".into(),
                year: 2022,
                month: 2,
                day: 30
            }
        );
        assert!(e.to_string().contains("no day 30"), "{e}");
        assert!(e.to_string().contains("28"), "{e}");
        assert!(e.zh().contains("2月没有30日"), "{}", e.zh());
        assert!(parse("2024-02-29").is_ok());
        assert!(parse("2022-13-01").unwrap_err().zh().contains("没有13月"));
    }

    #[test]
    fn formats() {
        assert_eq!(iso(d(2022, 1, 10)), "2022-01-10");
        assert_eq!(zh_long(d(2022, 1, 10)), "2022年1月10日");
        assert_eq!(last_day(2021, 12), Some(d(2021, 12, 31)));
        assert_eq!(last_day(2024, 2), Some(d(2024, 2, 29)));
        assert_eq!(last_day(2024, 13), None);
    }
}
