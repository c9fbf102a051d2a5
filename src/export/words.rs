//! The words of a CSV for a spreadsheet, in the interface language: in
//! Chinese, labels an office reads (章节, 推进中, 牵头, 是); in English, the
//! stable keys scripts have always read (chapter, in_progress, lead, yes).
//!
//! A measure id such as 1.10 is a number to a spreadsheet, which shows it
//! as 1.1, the same as the real 1.1. The Chinese 措施编号 is written
//! 第1.10项, which no spreadsheet reads as a number.

use crate::lang::Lang;
use crate::meeting::Light;
use crate::progress::Status;
use crate::progress::deadline::Source;

/// Column keys (English) with their Chinese headers, in column order.
pub fn header(lang: Lang, cols: &[(&'static str, &'static str)]) -> Vec<&'static str> {
    cols.iter().map(|(en, zh)| lang.pick(*zh, *en)).collect()
}

/// A measure id as the language's CSV writes it.
pub fn measure_id(id: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第{id}项"),
        Lang::En => id.to_string(),
    }
}

pub fn status(s: Status, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => s.label(lang),
        Lang::En => s.word(),
    }
}

pub fn role(lead: bool, lang: Lang) -> &'static str {
    match (lead, lang) {
        (true, Lang::Zh) => "牵头",
        (false, Lang::Zh) => "责任",
        (true, Lang::En) => "lead",
        (false, Lang::En) => "responsible",
    }
}

pub fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (b, lang) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

pub fn source(s: Option<Source>, lang: Lang) -> &'static str {
    match (s, lang) {
        (None, _) => "",
        (Some(s), Lang::Zh) => s.label(lang),
        (Some(s), Lang::En) => s.key(),
    }
}

pub fn light(l: Light, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => match l {
            Light::Red => "红灯",
            Light::Yellow => "黄灯",
            Light::Green => "绿灯",
        },
        Lang::En => l.key(),
    }
}

/// The review key (`reported|confirmed|returned`) or its Chinese word.
pub fn review(key: &'static str, lang: Lang) -> &'static str {
    match (key, lang) {
        (k, Lang::En) => k,
        ("reported", Lang::Zh) => "已报结待审核",
        ("confirmed", Lang::Zh) => "已销号",
        ("returned", Lang::Zh) => "退办",
        (_, Lang::Zh) => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_ids_cannot_be_read_as_numbers() {
        for id in ["1.1", "1.10", "16.2"] {
            let shown = measure_id(id, Lang::Zh);
            assert!(shown.parse::<f64>().is_err(), "{shown}");
            assert!(shown.contains(id));
        }
        assert_eq!(measure_id("1.10", Lang::En), "1.10");
        assert_eq!(status(Status::InProgress, Lang::Zh), "推进中");
        assert_eq!(status(Status::InProgress, Lang::En), "in_progress");
        assert_eq!(header(Lang::Zh, &[("chapter", "章节")]), ["章节"]);
    }
}
