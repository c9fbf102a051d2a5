//! The field-level view of an entry: what the history records, what
//! concurrent saves merge on, and what undo puts back. A value is JSON
//! (`null` = absent), the same as in the history file.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::model::{Entry, Key, Step};

/// A field of an entry, as named in the history: `status`, `due`,
/// `done_on`, `actual.<key>`, `note`, `step.<id>`, `review`, `extension`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Status,
    Due,
    DoneOn,
    Actual(String),
    Note,
    Step(u32),
    Review,
    Extension,
    Decision,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Status => f.write_str("status"),
            Field::Due => f.write_str("due"),
            Field::DoneOn => f.write_str("done_on"),
            Field::Actual(k) => write!(f, "actual.{k}"),
            Field::Note => f.write_str("note"),
            Field::Step(id) => write!(f, "step.{id}"),
            Field::Review => f.write_str("review"),
            Field::Extension => f.write_str("extension"),
            Field::Decision => f.write_str("decision"),
        }
    }
}

impl std::str::FromStr for Field {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "status" => Field::Status,
            "due" => Field::Due,
            "done_on" => Field::DoneOn,
            "note" => Field::Note,
            "review" => Field::Review,
            "extension" => Field::Extension,
            "decision" => Field::Decision,
            _ => {
                if let Some(k) = s.strip_prefix("actual.") {
                    Field::Actual(k.to_string())
                } else if let Some(id) = s.strip_prefix("step.").and_then(|i| i.parse().ok()) {
                    Field::Step(id)
                } else {
                    return Err(format!("unknown field {s:?}"));
                }
            }
        })
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One field of one entry changed: the unit of history, merge and undo.
/// Values are JSON (`null` = absent), the same as in the history file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub key: Key,
    pub field: Field,
    pub from: Value,
    pub to: Value,
}

/// The value of one field as JSON (`null` when absent).
pub fn get_field(e: &Entry, f: &Field) -> Value {
    let v = match f {
        Field::Status => serde_json::to_value(e.status),
        Field::Due => serde_json::to_value(e.due),
        Field::DoneOn => serde_json::to_value(e.done_on),
        Field::Actual(k) => serde_json::to_value(e.actuals.get(k)),
        Field::Note => serde_json::to_value(&e.note),
        Field::Step(id) => serde_json::to_value(e.step(*id)),
        Field::Review => serde_json::to_value(&e.review),
        Field::Extension => serde_json::to_value(&e.extension),
        Field::Decision => serde_json::to_value(&e.decision),
    };
    v.expect("entry fields are plain data")
}

/// Sets one field from its JSON value (the inverse of [`get_field`]); used by undo/redo.
pub fn set_field(e: &mut Entry, f: &Field, v: Value) -> Result<(), String> {
    let bad = |err: serde_json::Error| format!("bad value for {f}: {err}");
    match f {
        Field::Status => e.status = serde_json::from_value(v).map_err(bad)?,
        Field::Due => e.due = serde_json::from_value(v).map_err(bad)?,
        Field::DoneOn => e.done_on = serde_json::from_value(v).map_err(bad)?,
        Field::Actual(k) => match serde_json::from_value::<Option<f64>>(v).map_err(bad)? {
            Some(x) => {
                e.actuals.insert(k.clone(), x);
            }
            None => {
                e.actuals.remove(k);
            }
        },
        Field::Note => e.note = serde_json::from_value(v).map_err(bad)?,
        Field::Step(id) => {
            let step: Option<Step> = serde_json::from_value(v).map_err(bad)?;
            e.steps.retain(|s| s.id != *id);
            if let Some(s) = step {
                e.steps.push(s);
                e.steps.sort_by_key(|s| s.id);
            }
        }
        Field::Review => e.review = serde_json::from_value(v).map_err(bad)?,
        Field::Extension => e.extension = serde_json::from_value(v).map_err(bad)?,
        Field::Decision => e.decision = serde_json::from_value(v).map_err(bad)?,
    }
    Ok(())
}

/// Field-level difference between two versions of an entry (the stamp aside).
pub fn diff(key: &Key, old: &Entry, new: &Entry) -> Vec<Change> {
    let mut fields = vec![Field::Status, Field::Due, Field::DoneOn];
    let mut keys: Vec<&String> = old.actuals.keys().chain(new.actuals.keys()).collect();
    keys.sort();
    keys.dedup();
    fields.extend(keys.into_iter().map(|k| Field::Actual(k.clone())));
    fields.push(Field::Note);
    let mut ids: Vec<u32> = old.steps.iter().chain(&new.steps).map(|s| s.id).collect();
    ids.sort_unstable();
    ids.dedup();
    fields.extend(ids.into_iter().map(Field::Step));
    fields.extend([Field::Review, Field::Extension, Field::Decision]);
    fields
        .into_iter()
        .filter_map(|f| {
            let (from, to) = (get_field(old, &f), get_field(new, &f));
            (from != to).then(|| Change {
                key: key.clone(),
                field: f,
                from,
                to,
            })
        })
        .collect()
}

/// What kind of quantity a target's unit names, which decides what values
/// are plausible for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quantity {
    /// `%`: 0 to 100.
    Percent,
    /// Calendar or working days (天, 日, 个工作日): 0 to a year.
    Days,
    /// Things counted (个, 家, 次, 项, 名, 人次 …): whole numbers.
    Count,
    /// Anything else: not negative.
    Other,
}

fn quantity(unit: &str) -> Quantity {
    match unit.trim() {
        "%" | "％" => Quantity::Percent,
        "天" | "日" | "个工作日" | "工作日" | "个自然日" | "自然日" => {
            Quantity::Days
        }
        "个" | "家" | "次" | "项" | "名" | "人次" | "人" | "户" | "件" | "条" | "场" | "批" => {
            Quantity::Count
        }
        _ => Quantity::Other,
    }
}

/// The suffixes a value typed for `unit` may carry: the unit itself and
/// the ways clerks write the same unit (`天` for `日`, `工作日` for
/// `个工作日`, the full-width `％`).
fn unit_spellings(unit: &str) -> Vec<&str> {
    let unit = unit.trim();
    let mut v = vec![unit];
    match unit {
        "%" | "％" => v.extend(["%", "％"]),
        "天" | "日" => v.extend(["天", "日"]),
        "个工作日" | "工作日" => v.extend(["个工作日", "工作日"]),
        _ => {}
    }
    if let Some(bare) = unit.strip_prefix('个') {
        v.push(bare);
    }
    v.retain(|s| !s.is_empty());
    v
}

/// Why a typed target value was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueError {
    /// No number at the start.
    NotANumber,
    /// A number with a unit other than the target's.
    WrongUnit {
        typed: String,
        unit: String,
    },
    Negative,
    /// Above 100 in a `%` field.
    OverHundred,
    /// Eight digits that read as a date, where days are counted.
    LooksLikeADate,
    /// More days than a year has.
    TooManyDays {
        unit: String,
    },
    /// A fraction where things are counted.
    NotWhole {
        unit: String,
    },
}

impl ValueError {
    /// What to tell the clerk, in the UI language.
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang::{En, Zh};
        match (self, lang) {
            (ValueError::NotANumber, Zh) => "不是数字，例：95 或 95%".into(),
            (ValueError::NotANumber, En) => "not a number (e.g. 95 or 95%)".into(),
            (ValueError::WrongUnit { typed, unit }, Zh) => {
                format!("单位应为“{unit}”，不是“{typed}”")
            }
            (ValueError::WrongUnit { typed, unit }, En) => {
                format!("the unit is {unit:?}, not {typed:?}")
            }
            (ValueError::Negative, Zh) => "不能为负数".into(),
            (ValueError::Negative, En) => "cannot be negative".into(),
            (ValueError::OverHundred, Zh) => "百分比不能超过100%".into(),
            (ValueError::OverHundred, En) => "a percentage cannot exceed 100%".into(),
            (ValueError::LooksLikeADate, Zh) => "这像是日期，请填写天数".into(),
            (ValueError::LooksLikeADate, En) => "that looks like a date; give the days".into(),
            (ValueError::TooManyDays { unit }, Zh) => format!("超过一年（365{unit}），请核对"),
            (ValueError::TooManyDays { unit }, En) => {
                format!("more than a year (365 {unit}); check it")
            }
            (ValueError::NotWhole { unit }, Zh) => format!("应为整数（{unit}）"),
            (ValueError::NotWhole { unit }, En) => format!("must be a whole number ({unit})"),
        }
    }
}

/// Full-width digits, signs and points as ASCII, thousands commas dropped.
fn normalise(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|&c| c != ',' && c != '，' && !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '－' | '−' => '-',
            '＋' => '+',
            c => c,
        })
        .collect()
}

/// Reads a target's actual value as typed for a target measured in
/// `unit`: a number, optionally followed by that unit (`95%`, `1.5天`,
/// `3个工作日`), and refused when it cannot be a value of that quantity
/// (a negative count, over 100 %, a date where days are counted).
pub fn parse_value(text: &str, unit: &str) -> Result<f64, ValueError> {
    let norm = normalise(text);
    let end = norm
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+'))))
        .map_or(norm.len(), |(i, _)| i);
    let (num, suffix) = norm.split_at(end);
    let value: f64 = num
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or(ValueError::NotANumber)?;
    let unit = unit.trim();
    if !suffix.is_empty() && !unit_spellings(unit).contains(&suffix) {
        // A number followed by letters or words that are no unit at all.
        return Err(if unit.is_empty() {
            ValueError::NotANumber
        } else {
            ValueError::WrongUnit {
                typed: suffix.to_string(),
                unit: unit.to_string(),
            }
        });
    }
    if value < 0.0 {
        return Err(ValueError::Negative);
    }
    match quantity(unit) {
        Quantity::Percent if value > 100.0 => Err(ValueError::OverHundred),
        Quantity::Days
            if num.len() == 8 && chrono::NaiveDate::parse_from_str(num, "%Y%m%d").is_ok() =>
        {
            Err(ValueError::LooksLikeADate)
        }
        Quantity::Days if value > 365.0 => Err(ValueError::TooManyDays {
            unit: unit.to_string(),
        }),
        Quantity::Count if value.fract() != 0.0 => Err(ValueError::NotWhole {
            unit: unit.to_string(),
        }),
        _ => Ok(value),
    }
}

#[cfg(test)]
mod value_tests {
    use super::{ValueError, parse_value};

    #[test]
    fn the_target_s_unit_may_follow_the_number() {
        assert_eq!(parse_value("95%", "%"), Ok(95.0));
        assert_eq!(parse_value("９５．５％", "%"), Ok(95.5));
        assert_eq!(parse_value("1.5天", "日"), Ok(1.5));
        assert_eq!(parse_value("1.5天", "天"), Ok(1.5));
        assert_eq!(parse_value("3个工作日", "个工作日"), Ok(3.0));
        assert_eq!(parse_value("3 工作日", "个工作日"), Ok(3.0));
        assert_eq!(parse_value("1,200 家", "家"), Ok(1200.0));
        assert_eq!(parse_value("12", "人次"), Ok(12.0));
    }

    #[test]
    fn another_unit_or_no_number_is_refused() {
        assert_eq!(
            parse_value("3天", "个工作日"),
            Err(ValueError::WrongUnit {
                typed: "天".into(),
                unit: "个工作日".into()
            })
        );
        assert_eq!(parse_value("很多", "%"), Err(ValueError::NotANumber));
        assert_eq!(parse_value("NaN", "%"), Err(ValueError::NotANumber));
        assert_eq!(parse_value("", "%"), Err(ValueError::NotANumber));
        assert_eq!(parse_value("1.2.3", "%"), Err(ValueError::NotANumber));
    }

    #[test]
    fn implausible_values_are_refused() {
        assert_eq!(
            parse_value("20220301", "个工作日"),
            Err(ValueError::LooksLikeADate)
        );
        assert!(matches!(
            parse_value("400", "个工作日"),
            Err(ValueError::TooManyDays { .. })
        ));
        assert_eq!(parse_value("-3", "家"), Err(ValueError::Negative));
        assert_eq!(parse_value("－1", "%"), Err(ValueError::Negative));
        assert_eq!(parse_value("100.5%", "%"), Err(ValueError::OverHundred));
        assert_eq!(parse_value("100%", "%"), Ok(100.0));
        assert!(matches!(
            parse_value("1.5", "家"),
            Err(ValueError::NotWhole { .. })
        ));
    }

    #[test]
    fn every_refusal_is_said_in_chinese() {
        use crate::lang::Lang;
        for e in [
            ValueError::NotANumber,
            ValueError::Negative,
            ValueError::OverHundred,
            ValueError::LooksLikeADate,
        ] {
            let m = e.message(Lang::Zh);
            assert!(!m.chars().any(|c| c.is_ascii_alphabetic()), "{m}");
        }
    }
}
