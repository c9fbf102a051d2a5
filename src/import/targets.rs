//! Numeric targets ("全程电子化率达99%以上", "不超过3个工作日",
//! "8650人次以上") and recurring duties (每月, 常态化周回访, 定期).

use super::fold::Folded;
use super::numerals::{is_cn_numeral, read_number};
use crate::plan::{Cadence, Comparator, Recurring, Target};

const UNITS: &[&str] = &[
    "个工作日",
    "个百分点",
    "工作日",
    "平方米",
    "人次",
    "万元",
    "亿元",
    "小时",
    "%",
    "元",
    "日",
    "天",
    "个",
    "家",
    "名",
    "项",
    "件",
    "次",
    "户",
    "人",
    "所",
    "座",
    "批",
    "条",
];

const LE_BEFORE: &[&str] = &[
    "不超过",
    "不多于",
    "不高于",
    "压缩至",
    "压缩到",
    "压减至",
    "缩短至",
    "缩短到",
    "降至",
    "降低至",
    "降低到",
    "控制在",
];
const GE_BEFORE: &[&str] = &[
    "不少于",
    "不低于",
    "达到",
    "提高至",
    "提高到",
    "提升至",
    "提升到",
    "增至",
    "增加至",
    "增加到",
    "达",
];
const EQ_BEFORE: &[&str] = &["合并为", "合并成", "扩展至", "扩大至"];
/// Words a little before the number that make it a target: "只需一次身份验证",
/// "只由住建部门组织开展 1 次", "至少建设一家".
const CUES: &[(&str, Comparator)] = &[
    ("至少", Comparator::Ge),
    ("只需", Comparator::Le),
    ("仅需", Comparator::Le),
    ("只由", Comparator::Le),
];
const CLAUSE_END: &[char] = &[',', '。', ';', ':', '(', ')', '[', ']', '!', '?'];
const FILLERS: &[&str] = &[
    "确保",
    "实现",
    "力争",
    "组织",
    "推动",
    "进一步",
    "并",
    "且",
    "将",
];

/// A cue word at most a few characters before `i`, in the same clause.
fn cue_before(f: &Folded, i: usize) -> Option<(Comparator, usize)> {
    let mut k = i;
    while k > 0 && i - k < 12 && !CLAUSE_END.contains(&f.chars[k - 1]) {
        k -= 1;
        if let Some((w, c)) = CUES.iter().find(|(w, _)| f.at(k, w)) {
            // The cue must reach the number: "至少建设一家", not "至少…，一窗".
            let _ = w;
            return Some((*c, k));
        }
    }
    None
}

fn unit_at(f: &Folded, i: usize) -> Option<&'static str> {
    UNITS.iter().copied().find(|u| f.at(i, u))
}

fn read_decimal(f: &Folded, i: usize) -> Option<(f64, usize)> {
    let mut j = i;
    while j < f.len() && (f.chars[j].is_ascii_digit() || (f.chars[j] == '.' && j > i)) {
        j += 1;
    }
    if j == i || f.chars[j - 1] == '.' {
        return None;
    }
    let s: String = f.chars[i..j].iter().collect();
    s.parse().ok().map(|v| (v, j))
}

fn comparator_before(f: &Folded, i: usize) -> Option<(Comparator, usize)> {
    for (cmp, words) in [
        (Comparator::Le, LE_BEFORE),
        (Comparator::Ge, GE_BEFORE),
        (Comparator::Eq, EQ_BEFORE),
    ] {
        if let Some(w) = words.iter().find(|w| f.before(i, w)) {
            return Some((cmp, i - w.chars().count()));
        }
    }
    None
}

/// Every numeric target in `text`, with keys t1, t2, … in order.
pub fn targets(text: &str) -> Vec<Target> {
    let f = Folded::new(text);
    let mut out: Vec<Target> = Vec::new();
    let mut i = 0;
    while i < f.len() {
        let prev = i.checked_sub(1).map(|k| f.chars[k]);
        let ascii =
            f.chars[i].is_ascii_digit() && !prev.is_some_and(|p| p.is_ascii_digit() || p == '.');
        // A number in words counts only after a cue ("只需一次"), since 一
        // starts many words (一窗, 一网通办).
        let words = !ascii
            && is_cn_numeral(f.chars[i])
            && !prev.is_some_and(is_cn_numeral)
            && cue_before(&f, i).is_some();
        if !ascii && !words {
            i += 1;
            continue;
        }
        let number = if ascii {
            read_decimal(&f, i)
        } else {
            read_number(&f.chars, i).map(|(v, j)| (f64::from(v), j))
        };
        let Some((value, j)) = number else {
            i += 1;
            continue;
        };
        let Some(unit) = unit_at(&f, j) else {
            i = j;
            continue;
        };
        let after = j + unit.chars().count();
        // Ranges ("8%-10%") are conditions, not targets.
        if matches!(f.get(after), Some('-' | '~' | '至')) || f.before(i, "-") {
            i = after;
            continue;
        }
        let mut cmp = None;
        let mut end = after;
        let mut label_end = i;
        if let Some(s) = ["及以上", "以上"].iter().find(|s| f.at(after, s)) {
            cmp = Some(Comparator::Ge);
            end = after + s.chars().count();
        } else if f.at(after, "以内") {
            cmp = Some(Comparator::Le);
            end = after + 2;
        } else if f.at(after, "内") && matches!(unit, "个工作日" | "工作日" | "日" | "天" | "小时")
        {
            cmp = Some(Comparator::Le);
            end = after + 1;
        }
        if let Some((c, at)) = comparator_before(&f, i) {
            label_end = at;
            if cmp.is_none() || c != Comparator::Ge {
                cmp = Some(c);
            }
        } else if f.before(i, "前") && unit == "名" {
            cmp = Some(Comparator::Le);
            label_end = i - 1;
        } else if cmp.is_none()
            && let Some((c, at)) = cue_before(&f, i)
        {
            cmp = Some(c);
            label_end = at;
            // The rest of the clause says what is counted ("一次身份验证").
            while end < f.len() && !CLAUSE_END.contains(&f.chars[end]) {
                end += 1;
            }
        }
        let Some(cmp) = cmp else {
            i = after;
            continue;
        };
        let mut start = label_end;
        while start > 0 && !CLAUSE_END.contains(&f.chars[start - 1]) {
            start -= 1;
        }
        let mut label_start = start;
        while let Some(w) = FILLERS.iter().find(|w| f.at(label_start, w)) {
            label_start += w.chars().count();
        }
        let label_start = label_start.min(label_end);
        let label = f.original(label_start, label_end);
        let label = match label.rfind('的') {
            Some(at) if label[at + '的'.len_utf8()..].chars().count() >= 2 => {
                label[at + '的'.len_utf8()..].to_string()
            }
            _ => label,
        };
        // "全程电子化率和电子营业执照认领率达99%以上": two rates, one target each.
        let labels: Vec<String> = match label.split_once('和') {
            Some((a, b)) if a.ends_with('率') && b.ends_with('率') => vec![a.into(), b.into()],
            _ => vec![label],
        };
        for label in labels {
            out.push(Target {
                key: format!("t{}", out.len() + 1),
                label,
                cmp,
                value,
                unit: unit.to_string(),
                text: f.original(start, end),
            });
        }
        i = end;
    }
    out
}

/// Recurring duties: one per clause that names a cadence.
pub fn recurring(text: &str) -> Vec<Recurring> {
    let f = Folded::new(text);
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..=f.len() {
        let at_end = i == f.len() || matches!(f.chars[i], ',' | '。' | ';' | '!' | '?');
        if !at_end {
            continue;
        }
        if i > start {
            let clause: String = f.chars[start..i].iter().collect();
            if let Some(cadence) = cadence(&clause) {
                out.push(Recurring {
                    cadence,
                    text: f.original(start, i),
                });
            }
        }
        start = i + 1;
    }
    out
}

/// "年度绩效评价" is yearly; "2020 年度" names a year.
fn yearly(clause: &str) -> bool {
    clause
        .match_indices("年度")
        .any(|(at, _)| !clause[..at].ends_with(|c: char| c.is_ascii_digit()))
}

fn cadence(clause: &str) -> Option<Cadence> {
    let has = |w: &[&str]| w.iter().any(|p| clause.contains(p));
    if has(&["每周", "周回访", "周调度", "每星期"]) {
        Some(Cadence::Weekly)
    } else if has(&["每月", "按月", "月调度", "逐月"]) {
        Some(Cadence::Monthly)
    } else if has(&["每季度", "按季度", "季度调度"]) {
        Some(Cadence::Quarterly)
    } else if has(&["每年", "按年度", "逐年"]) || yearly(clause) {
        Some(Cadence::Yearly)
    } else if has(&["定期", "常态化"]) {
        Some(Cadence::Regular)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Target {
        let t = targets(text);
        assert_eq!(t.len(), 1, "{text}: {t:?}");
        t.into_iter().next().unwrap()
    }

    #[test]
    fn at_least() {
        let t = one("确保符合条件的市场主体开办全程电子化率达99%以上，扩大范围");
        assert_eq!(
            (t.cmp, t.value, t.unit.as_str()),
            (Comparator::Ge, 99.0, "%")
        );
        assert_eq!(t.label, "市场主体开办全程电子化率");
        assert_eq!(t.text, "确保符合条件的市场主体开办全程电子化率达99%以上");
        let t = one("组织职业技能提升培训8650人次以上。");
        assert_eq!(
            (t.cmp, t.value, t.unit.as_str()),
            (Comparator::Ge, 8650.0, "人次")
        );
        let t = one("认领率达 99%以上。");
        assert_eq!(t.value, 99.0);
    }

    #[test]
    fn at_most_and_equal() {
        let t = one("供水企业办理报装时间不超过3个工作日；");
        assert_eq!(
            (t.cmp, t.value, t.unit.as_str()),
            (Comparator::Le, 3.0, "个工作日")
        );
        assert_eq!(t.label, "供水企业办理报装时间");
        let t = one("平均时间压缩至2个工作日。");
        assert_eq!((t.cmp, t.value), (Comparator::Le, 2.0));
        let t = one("自受理之日起 7 日内作出决定");
        assert_eq!(
            (t.cmp, t.value, t.unit.as_str()),
            (Comparator::Le, 7.0, "日")
        );
        let t = one("合并为1个工程许可手续");
        assert_eq!(t.cmp, Comparator::Eq);
        let t = one("力争进入全省前 50 名。");
        assert_eq!(
            (t.cmp, t.value, t.unit.as_str()),
            (Comparator::Le, 50.0, "名")
        );
    }

    #[test]
    fn cues_and_numbers_in_words() {
        let t = one("办理企业开办全部事项只需一次身份验证。");
        assert_eq!(
            (t.cmp, t.value, t.unit.as_str()),
            (Comparator::Le, 1.0, "次")
        );
        assert_eq!(t.text, "办理企业开办全部事项只需一次身份验证");
        let t = one("对低风险建设工程项目只由住建部门组织开展 1 次联合监督检查，相关部门");
        assert_eq!((t.cmp, t.value), (Comparator::Le, 1.0));
        let t = one("积极推动全区三年内至少建设一家省级众创空间工作。");
        assert_eq!(
            (t.cmp, t.value, t.unit.as_str()),
            (Comparator::Ge, 1.0, "家")
        );
        assert!(targets("推行“一窗受理”，实现一网通办").is_empty());
        let t = one("将改革行业由20个扩展至57个");
        assert_eq!((t.cmp, t.value), (Comparator::Eq, 57.0));
    }

    #[test]
    fn two_rates_joined_by_and_are_two_targets() {
        let t = targets("确保新开办企业全程电子化率和电子营业执照认领率达 99%以上。");
        let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["新开办企业全程电子化率", "电子营业执照认领率"]);
        assert_eq!(t[1].key, "t2");
    }

    #[test]
    fn conditions_are_not_targets() {
        assert!(targets("200万元以下的货物和服务项目").is_empty());
        assert!(targets("给予8%-10%的价格扣除").is_empty());
        assert!(targets("按实际利用外资额的 1.5% 予以奖励").is_empty());
    }

    #[test]
    fn cadences() {
        let r = recurring("各级各部门要建立常态化周回访制度，充分发挥作用。每月调度工作推进情况。");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].cadence, Cadence::Weekly);
        assert_eq!(r[0].text, "各级各部门要建立常态化周回访制度");
        assert_eq!(r[1].cadence, Cadence::Monthly);
    }
}
