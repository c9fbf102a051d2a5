//! The front matter: title, issuer, date and the cover notice (通知).

use chrono::NaiveDate;

use super::annotation;
use super::dates;
use super::fold::fold;
use super::lines::Start;
use super::structure::Skeleton;

/// Title, issuer, date and notice from the front matter.
pub struct Front {
    /// The plan's year when no date line gives it: from a 文号 (〔2019〕10号)
    /// or the title (2024年…行动方案), with where it came from.
    pub year: Option<(i32, &'static str)>,
    pub title: String,
    pub issuer: String,
    pub issued: Option<NaiveDate>,
    pub notice: String,
}

fn short_line(s: &str) -> bool {
    let n = s.chars().count();
    n > 0 && n <= 40 && !s.contains(['。', '，', '；', '：', ','])
}

fn quoted_title(s: &str) -> Option<String> {
    let a = s.find('《')?;
    let b = s[a..].find('》')? + a;
    Some(s[a + '《'.len_utf8()..b].to_string()).filter(|t| !t.is_empty())
}

pub fn read(sk: &Skeleton) -> Front {
    let headings: Vec<(usize, String)> = sk
        .front
        .iter()
        .enumerate()
        .filter(|(_, u)| u.start == Start::Heading)
        .map(|(i, u)| (i, super::structure::heading_parts(&u.text).1))
        .collect();
    let mut title = headings.last().map(|(_, t)| t.clone()).unwrap_or_default();
    if title.is_empty() || title.contains("印发") {
        let quoted = sk.front.iter().find_map(|u| quoted_title(&u.text));
        title = quoted.unwrap_or_else(|| {
            if title.is_empty() {
                sk.front
                    .iter()
                    .find(|u| u.start == Start::Plain && short_line(&u.text))
                    .map(|u| u.text.clone())
                    .unwrap_or_default()
            } else {
                title
                    .split("印发")
                    .nth(1)
                    .unwrap_or(&title)
                    .trim_end_matches("的通知")
                    .to_string()
            }
        });
    }
    let date_at = sk.front.iter().position(|u| u.start == Start::Date);
    let issued = date_at
        .and_then(|i| dates::date_line(&fold(&sk.front[i].text)))
        .or_else(|| {
            sk.late_dates
                .iter()
                .find_map(|u| dates::date_line(&fold(&u.text)))
        });
    let issuer_at = date_at.and_then(|i| i.checked_sub(1)).filter(|i| {
        let u = &sk.front[*i];
        u.start == Start::Plain
            && short_line(&u.text)
            && annotation::looks_like_body(&u.text)
            && !title.contains(u.text.as_str())
    });
    let mut issuer = issuer_at
        .map(|i| sk.front[i].text.clone())
        .unwrap_or_default();
    if issuer.is_empty()
        && let Some((_, h)) = headings.first()
        && let Some(at) = h.find("关于")
    {
        issuer = h[..at].trim().to_string();
    }
    // The notice: the cover letter after its 通知 line, up to the signature;
    // then, after a blank line, the plan's own opening paragraphs.
    let plain = |from: usize, to: usize| -> Vec<String> {
        sk.front[from.min(to)..to]
            .iter()
            .filter(|u| u.start == Start::Plain)
            .map(|u| u.text.clone())
            .collect()
    };
    let notice_at = sk.front.iter().position(|u| fold(&u.text).contains("通知"));
    let title_at = sk
        .front
        .iter()
        .rposition(|u| {
            u.start == Start::Heading
                || (u.start == Start::Plain && !title.is_empty() && fold(&u.text) == fold(&title))
        })
        .filter(|t| Some(*t) != notice_at);
    let letter = match notice_at {
        Some(n) => {
            let end = issuer_at.or(date_at).or(title_at).unwrap_or(sk.front.len());
            plain(n + 1, end)
        }
        None => Vec::new(),
    };
    let opening = match title_at {
        Some(t) => plain(t + 1, sk.front.len())
            .into_iter()
            .filter(|p| !short_line(p))
            .collect(),
        None if notice_at.is_none() => plain(0, sk.front.len())
            .into_iter()
            .filter(|p| !short_line(p))
            .collect(),
        None => Vec::new(),
    };
    let notice = match (letter.is_empty(), opening.is_empty()) {
        (false, false) => format!("{}\n\n{}", letter.join("\n"), opening.join("\n")),
        _ => [letter, opening].concat().join("\n"),
    };
    let year = issued
        .map(|d| (chrono::Datelike::year(&d), "date"))
        .or_else(|| {
            sk.front
                .iter()
                .find_map(|u| doc_number_year(&fold(&u.text)))
                .map(|y| (y, "文号"))
        })
        .or_else(|| title_year(&fold(&title)).map(|y| (y, "title")));
    Front {
        year,
        title: title.split_whitespace().collect::<Vec<_>>().join(""),
        issuer,
        issued,
        notice,
    }
}

fn four_digits(c: &[char], i: usize) -> Option<i32> {
    let s: String = c.get(i..i + 4)?.iter().collect();
    let y: i32 = s.parse().ok()?;
    ((1990..=2100).contains(&y) && c[i..i + 4].iter().all(char::is_ascii_digit)).then_some(y)
}

/// The year of a document number: 聊政办发〔2019〕10号 (folded: [2019]10号).
pub fn doc_number_year(folded: &str) -> Option<i32> {
    let c: Vec<char> = folded.chars().collect();
    (0..c.len()).find_map(|i| {
        if !matches!(c[i], '[' | '(') {
            return None;
        }
        let y = four_digits(&c, i + 1)?;
        if !matches!(c.get(i + 5), Some(']' | ')')) {
            return None;
        }
        let mut j = i + 6;
        while c.get(j).is_some_and(char::is_ascii_digit) {
            j += 1;
        }
        (j > i + 6 && c.get(j) == Some(&'号')).then_some(y)
    })
}

/// The first year a title names: 2024年…, 2023-2025年….
pub fn title_year(folded: &str) -> Option<i32> {
    let c: Vec<char> = folded.chars().collect();
    (0..c.len()).find_map(|i| {
        let y = four_digits(&c, i)?;
        let prev_digit = i > 0 && c[i - 1].is_ascii_digit();
        (!prev_digit && matches!(c.get(i + 4), Some('年' | '-' | '~' | '至'))).then_some(y)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_from_document_numbers_and_titles() {
        assert_eq!(doc_number_year(&fold("聊政办发〔2019〕10号")), Some(2019));
        assert_eq!(doc_number_year(&fold("鲁政字（2022）5号")), Some(2022));
        assert_eq!(doc_number_year(&fold("〔2019〕")), None);
        assert_eq!(title_year(&fold("2024年优化营商环境行动方案")), Some(2024));
        assert_eq!(title_year(&fold("（2023—2025年）")), Some(2023));
        assert_eq!(title_year(&fold("优化营商环境10条")), None);
    }
}
