//! Numeric targets ("全程电子化率达99%以上", "不超过3个工作日",
//! "8650人次以上") and recurring duties (每月, 常态化周回访, 定期).

use super::fold::Folded;
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
    "扩展至",
    "扩大至",
    "达",
];
const EQ_BEFORE: &[&str] = &["合并为", "合并成"];
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
        let starts_number = f.chars[i].is_ascii_digit()
            && (i == 0 || !(f.chars[i - 1].is_ascii_digit() || f.chars[i - 1] == '.'));
        if !starts_number {
            i += 1;
            continue;
        }
        let Some((value, j)) = read_decimal(&f, i) else {
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
        let mut label = f.original(label_start, label_end);
        if let Some(at) = label.rfind('的') {
            let tail = &label[at + '的'.len_utf8()..];
            if tail.chars().count() >= 2 {
                label = tail.to_string();
            }
        }
        out.push(Target {
            key: format!("t{}", out.len() + 1),
            label,
            cmp,
            value,
            unit: unit.to_string(),
            text: f.original(start, end),
        });
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

fn cadence(clause: &str) -> Option<Cadence> {
    let has = |w: &[&str]| w.iter().any(|p| clause.contains(p));
    if has(&["每周", "周回访", "周调度", "每星期"]) {
        Some(Cadence::Weekly)
    } else if has(&["每月", "按月", "月调度", "逐月"]) {
        Some(Cadence::Monthly)
    } else if has(&["每季度", "按季度", "季度调度"]) {
        Some(Cadence::Quarterly)
    } else if has(&["每年", "按年度", "逐年"]) {
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
