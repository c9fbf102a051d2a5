//! Reading one cell's value the way a clerk may have typed it. Pure.
//!
//! Each reader returns `Ok(None)` for a blank cell, `Ok(Some(v))` for a value
//! it understands and `Err(why)` for anything else — never a guess.

use calamine::Data;
use chrono::NaiveDate;

use crate::lang::Lang;
use crate::progress::Status;

/// Full-width digits and date punctuation (typed with a Chinese input
/// method) as their ASCII forms; everything else unchanged.
fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            '／' => '/',
            '．' => '.',
            '＋' => '+',
            '　' => ' ',
            _ => c,
        })
        .collect()
}

/// The cell as text: strings trimmed (CR LF as LF), numbers as written,
/// dates as YYYY-MM-DD; `None` when blank.
pub fn text(d: &Data) -> Option<String> {
    let s = match d {
        Data::Empty => return None,
        Data::String(s) => s.replace("\r\n", "\n"),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(x) => match x.as_datetime() {
            Some(t) if x.is_datetime() => t.date().to_string(),
            _ => x.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    };
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Whether a spreadsheet would run `s` as a formula: it starts with `=`,
/// `+`, `-`, `@`, a tab or a CR and is not a plain number (`-3` is a
/// number, `=HYPERLINK(…)` and `+1+1` are not). Every CSV and workbook
/// duban writes neutralises such text (OWASP's CSV-injection advice).
pub fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.trim().parse::<f64>().is_err()
}

/// A short, safe rendering of what the cell holds, for messages.
pub fn shown(d: &Data) -> String {
    match text(d) {
        None => "（空）".to_string(),
        Some(t) => {
            let cut: String = t.chars().take(40).collect();
            let more = if cut.len() < t.len() { "…" } else { "" };
            crate::text::sanitize(&format!("{cut:?}{more}"))
        }
    }
}

pub fn status(d: &Data, lang: Lang) -> Result<Option<Status>, String> {
    let bad = || match lang {
        Lang::Zh => format!(
            "{} 不是状态；请填 未开始 / 推进中 / 已完成 / 受阻",
            shown(d)
        ),
        Lang::En => format!(
            "{} is not a status; use 未开始 / 推进中 / 已完成 / 受阻",
            shown(d)
        ),
    };
    match d {
        Data::Empty => Ok(None),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => halfwidth(s)
            .trim()
            .parse::<Status>()
            .map(Some)
            .map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// A date written as text, in any form [`crate::date::parse`] takes.
pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
    crate::date::parse(s).ok()
}

pub fn date(d: &Data, lang: Lang) -> Result<Option<NaiveDate>, String> {
    let bad = || match lang {
        Lang::Zh => format!(
            "{} 不是日期；请写 2021-12-31 或 2021年12月31日，或把单元格设为日期格式",
            shown(d)
        ),
        Lang::En => format!(
            "{} is not a date; write 2021-12-31 or 2021年12月31日, or format the cell as a date",
            shown(d)
        ),
    };
    match d {
        Data::Empty => Ok(None),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        // Serial 1 is 1900-01-01 and 2958465 is 9999-12-31; anything else (a
        // -1 typed into a date cell) is no calendar day, though a reader
        // would turn it into 1899-12-30.
        Data::DateTime(x) if x.is_datetime() && !(1.0..2_958_466.0).contains(&x.as_f64()) => {
            Err(match lang {
                Lang::Zh => format!(
                    "{} 不是日期：单元格里是设为日期格式的数字 {}，不对应任何一天；请写 2021-12-31 或 2021年12月31日",
                    shown(d),
                    x.as_f64()
                ),
                Lang::En => format!(
                    "{} is not a date: the cell holds the number {} formatted as a date, which is \
                     no calendar day; write 2021-12-31 or 2021年12月31日",
                    shown(d),
                    x.as_f64()
                ),
            })
        }
        Data::DateTime(x) if x.is_datetime() => {
            x.as_datetime().map(|t| Some(t.date())).ok_or_else(bad)
        }
        Data::DateTimeIso(s) | Data::String(s) => {
            let head = s.trim().split(['T', ' ']).next().unwrap_or("");
            let whole = parse_date_text(s);
            // "2021-12-31T00:00:00" from ODS, or a date typed with a midnight time.
            let with_time = (s.trim().len() > head.len())
                .then(|| parse_date_text(head))
                .flatten()
                .filter(|_| {
                    let rest = s.trim()[head.len()..].trim_start_matches(['T', ' ']);
                    rest.is_empty() || rest.trim_start_matches(['0', ':', '.']).is_empty()
                });
            whole.or(with_time).map(Some).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

/// A number; text holding a number is accepted ("99.5", "99.5%": the unit
/// is the target's, as with `duban set --actual`).
pub fn number(d: &Data, lang: Lang) -> Result<Option<f64>, String> {
    let bad = || match lang {
        Lang::Zh => format!("{} 不是数字；只填数字，如 99.5", shown(d)),
        Lang::En => format!("{} is not a number; write digits only, e.g. 99.5", shown(d)),
    };
    let v = match d {
        Data::Empty => return Ok(None),
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        Data::String(s) => {
            let t = halfwidth(s);
            let t = t.trim();
            if t.is_empty() {
                return Ok(None);
            }
            let t = t.strip_suffix('%').unwrap_or(t).trim().replace(',', "");
            t.parse::<f64>().map_err(|_| bad())?
        }
        _ => return Err(bad()),
    };
    if v.is_finite() {
        Ok(Some(v))
    } else {
        Err(bad())
    }
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub fn col_letters(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn str_(s: &str) -> Data {
        Data::String(s.into())
    }

    #[test]
    fn dates_typed_as_text() {
        for s in [
            "2021-12-31",
            "2021/12/31",
            "2021.12.31",
            "2021年12月31日",
            " 2021年12月31日 ",
            "２０２１年１２月３１日",
            "2021-12-31 00:00:00",
            "2021-12-31T00:00:00",
        ] {
            assert_eq!(
                date(&str_(s), Lang::En).unwrap(),
                Some(d("2021-12-31")),
                "{s}"
            );
        }
        assert_eq!(
            date(&str_("2022年1月5日"), Lang::En).unwrap(),
            Some(d("2022-01-05"))
        );
        assert_eq!(
            date(&str_("2022-1-5"), Lang::En).unwrap(),
            Some(d("2022-01-05"))
        );
        for s in [
            "12月底前",
            "2021-13-01",
            "2021-02-30",
            "21-12-31",
            "2021年12-31",
            "2021-12-31 15:00",
            "明年",
        ] {
            assert!(date(&str_(s), Lang::En).is_err(), "{s}");
        }
        assert_eq!(date(&Data::Empty, Lang::En).unwrap(), None);
        assert_eq!(date(&str_("  "), Lang::En).unwrap(), None);
    }

    #[test]
    fn dates_as_excel_serials() {
        // 44561 = 2021-12-31 in the 1900 system.
        let x = ExcelDateTime::new(44561.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            date(&Data::DateTime(x), Lang::En).unwrap(),
            Some(d("2021-12-31"))
        );
        let x = ExcelDateTime::new(44561.75, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            date(&Data::DateTime(x), Lang::En).unwrap(),
            Some(d("2021-12-31"))
        );
        // A bare number is not taken for a date.
        assert!(date(&Data::Float(44561.0), Lang::En).is_err());
        let dur = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert!(date(&Data::DateTime(dur), Lang::En).is_err());
        // -1, 0 and serials past 9999-12-31 are no day, not 1899-12-30.
        for serial in [-1.0, 0.0, 0.5, 2_958_466.0, 1e12] {
            let x = ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false);
            let err = date(&Data::DateTime(x), Lang::En).unwrap_err();
            assert!(err.contains("no calendar day"), "{serial}: {err}");
        }
        let first = ExcelDateTime::new(1.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            date(&Data::DateTime(first), Lang::En).unwrap(),
            Some(d("1900-01-01"))
        );
    }

    #[test]
    fn statuses_typed_by_hand() {
        assert_eq!(
            status(&str_("已完成"), Lang::En).unwrap(),
            Some(Status::Done)
        );
        assert_eq!(
            status(&str_(" 推进中 "), Lang::En).unwrap(),
            Some(Status::InProgress)
        );
        assert_eq!(status(&str_("完成"), Lang::En).unwrap(), Some(Status::Done));
        assert_eq!(status(&str_("done"), Lang::En).unwrap(), Some(Status::Done));
        assert_eq!(status(&Data::Empty, Lang::En).unwrap(), None);
        let e = status(&str_("差不多了"), Lang::En).unwrap_err();
        assert!(e.contains("差不多了") && e.contains("未开始"), "{e}");
        assert!(status(&Data::Float(1.0), Lang::En).is_err());
    }

    #[test]
    fn numbers_and_non_numbers() {
        assert_eq!(number(&Data::Float(99.5), Lang::En).unwrap(), Some(99.5));
        assert_eq!(number(&Data::Int(3), Lang::En).unwrap(), Some(3.0));
        assert_eq!(number(&str_(" 99.5 "), Lang::En).unwrap(), Some(99.5));
        assert_eq!(number(&str_("99.5%"), Lang::En).unwrap(), Some(99.5));
        assert_eq!(number(&str_("８６５０"), Lang::En).unwrap(), Some(8650.0));
        assert_eq!(number(&str_("8,650"), Lang::En).unwrap(), Some(8650.0));
        assert_eq!(number(&Data::Empty, Lang::En).unwrap(), None);
        for bad in [str_("约99"), str_("NaN"), str_("inf"), Data::Bool(true)] {
            assert!(number(&bad, Lang::En).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn column_letters() {
        assert_eq!(col_letters(0), "A");
        assert_eq!(col_letters(25), "Z");
        assert_eq!(col_letters(26), "AA");
        assert_eq!(col_letters(27), "AB");
        assert_eq!(col_letters(701), "ZZ");
        assert_eq!(col_letters(702), "AAA");
    }

    #[test]
    fn text_is_trimmed_and_shown_safely() {
        assert_eq!(text(&str_(" a\r\nb ")), Some("a\nb".to_string()));
        assert_eq!(text(&str_("   ")), None);
        assert_eq!(text(&Data::Float(2.5)), Some("2.5".to_string()));
        assert_eq!(shown(&str_("\u{1b}[2J")), "\"\\u{1b}[2J\"");
        assert!(!shown(&str_("a\u{202e}b")).contains('\u{202e}'));
    }
}
