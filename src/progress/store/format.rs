//! The ledger file's RON: what `<dept>.ron` holds, how it is rendered for
//! people to read and diff, and how parse errors name a line.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::progress::error::StoreError;
use crate::progress::model::{Entry, measure_order};

/// `<dept>.ron` as written: the department's entries keyed by measure id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Ledger", deny_unknown_fields)]
pub(super) struct DeptFile {
    pub(super) dept: String,
    /// Bumped by every save; the history's commit point.
    pub(super) rev: u64,
    #[serde(default, with = "entry_map")]
    pub(super) entries: Vec<(String, Entry)>,
}

mod entry_map {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serializer};

    use super::{Entry, measure_order};

    pub fn serialize<S: Serializer>(v: &[(String, Entry)], s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(v.iter().map(|(k, e)| (k, e)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, Entry)>, D::Error> {
        let m = BTreeMap::<String, Entry>::deserialize(d)?;
        let mut v: Vec<(String, Entry)> = m.into_iter().collect();
        v.sort_by(|a, b| measure_order(&a.0, &b.0));
        Ok(v)
    }
}

/// RON as duban writes the files people read and diff: struct names, four
/// spaces, one field per line, a header comment saying what the file is.
pub fn pretty_ron<T: Serialize>(value: &T, header: &str) -> String {
    let cfg = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ".to_string());
    let body = ron::ser::to_string_pretty(value, cfg).expect("data files hold plain data");
    format!("// {header}\n{body}\n")
}

pub(super) fn render_ledger(f: &DeptFile) -> String {
    pretty_ron(
        f,
        &format!(
            "duban 工作台账 — department {}. Saved by duban; hand edits are kept, but keep the syntax.",
            f.dept
        ),
    )
}

pub(super) fn parse_ron<T: serde::de::DeserializeOwned>(
    path: &Path,
    dept: Option<&str>,
    text: &str,
) -> Result<T, StoreError> {
    ron::Options::default().from_str::<T>(text).map_err(|e| {
        let message = e.code.to_string();
        let hint = if message.contains("field") {
            "check the spelling of the field; a ledger entry holds status, due, actuals, note, steps, review, extension, decision, updated"
        } else {
            "fix the syntax by hand, or restore the last good copy from the .bak file next to it"
        };
        StoreError::Parse {
            file: path.to_path_buf(),
            dept: dept.map(str::to_string),
            line: e.span.start.line,
            column: e.span.start.col,
            message,
            hint: Some(hint.into()),
        }
    })
}

pub(super) fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(needle))
        .map_or(1, |i| i + 1)
}
