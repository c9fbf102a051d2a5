//! Numbers as plan documents write them: 十二, 二〇二一, 12, １２.

fn digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | 'O' | '0' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return c.to_digit(10).filter(|_| c.is_ascii_digit()),
    })
}

pub fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
    )
}

/// The value of a Chinese numeral ("十二", "二十七", "一百零五") or digit
/// string written in Chinese ("二〇二一"). `None` when it is not one.
pub fn cn_value(s: &[char]) -> Option<u32> {
    if s.is_empty() || s.len() > 8 || !s.iter().all(|c| is_cn_numeral(*c)) {
        return None;
    }
    if s.len() >= 2 && !s.iter().any(|c| matches!(c, '十' | '百')) {
        // 二〇二一: digit by digit.
        return s
            .iter()
            .try_fold(0u32, |acc, c| Some(acc * 10 + digit(*c)?));
    }
    let mut total = 0u32;
    let mut current = 0u32;
    for c in s {
        match c {
            '百' => {
                total += current.max(1) * 100;
                current = 0;
            }
            '十' => {
                total += current.max(1) * 10;
                current = 0;
            }
            '零' | '〇' => {}
            _ => current = digit(*c)?,
        }
    }
    Some(total + current)
}

/// Reads a number (ASCII digits or a Chinese numeral) starting at `i`;
/// returns its value and the index after it.
pub fn read_number(chars: &[char], i: usize) -> Option<(u32, usize)> {
    let mut j = i;
    while j < chars.len() && chars[j].is_ascii_digit() {
        j += 1;
    }
    if j > i {
        if j - i > 6 {
            return None;
        }
        let s: String = chars[i..j].iter().collect();
        return s.parse().ok().map(|v| (v, j));
    }
    while j < chars.len() && is_cn_numeral(chars[j]) && j - i < 8 {
        j += 1;
    }
    cn_value(&chars[i..j]).map(|v| (v, j))
}

/// A number in Chinese numerals, as headings write it: 一 … 九十九 (larger as digits).
pub fn to_cn(n: u32) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let n = n as usize;
    match n {
        0 => "〇".into(),
        1..=9 => D[n].into(),
        10..=19 => format!("十{}", D[n % 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<u32> {
        cn_value(&s.chars().collect::<Vec<_>>())
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(v("一"), Some(1));
        assert_eq!(v("十"), Some(10));
        assert_eq!(v("十二"), Some(12));
        assert_eq!(v("二十七"), Some(27));
        assert_eq!(v("一百零五"), Some(105));
        assert_eq!(v("二〇二一"), Some(2021));
        assert_eq!(v("甲"), None);
        for n in [1, 10, 12, 20, 27, 99] {
            assert_eq!(v(&to_cn(n)), Some(n), "{n}");
        }
    }

    #[test]
    fn reads_digits_or_numerals() {
        let c: Vec<char> = "12月".chars().collect();
        assert_eq!(read_number(&c, 0), Some((12, 2)));
        let c: Vec<char> = "三年内".chars().collect();
        assert_eq!(read_number(&c, 0), Some((3, 1)));
    }
}
