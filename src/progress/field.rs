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
