//! Who is acting, decided from the command line and the data dir's config.
//!
//! The rule (also in the README):
//!
//! 1. `--coordinator NAME` (or `DUBAN_COORDINATOR`) acts as coordinator NAME.
//!    When `config.ron` lists coordinators, NAME must be one of them; when it
//!    lists none, any name is accepted (a single-user setup).
//! 2. Otherwise `--dept ID` acts as that department — unless ID is a name
//!    listed as a coordinator in `config.ron`, which acts as that coordinator.
//! 3. Otherwise nobody is known yet: the board asks at the first edit, and
//!    `duban set` uses its `--dept` (the department whose entry it edits).
//!
//! duban trusts the account it runs under: this decides what the history
//! records and which actions are offered, it is not an access control.

use serde::{Deserialize, Serialize};

use super::edit::Who;
use crate::plan::Plan;

/// `<data dir>/config.ron`, e.g. `Config(coordinators: ["王主任"])`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "Config", deny_unknown_fields)]
pub struct Config {
    /// Names of the people who may confirm, return and decide extensions.
    #[serde(default)]
    pub coordinators: Vec<String>,
    /// Days before a deadline an item turns yellow (临期) on the board and in
    /// exports, written as a plain number (`due_soon_days: 10`); absent means 7.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_u32::ser",
        deserialize_with = "plain_u32::de"
    )]
    pub due_soon_days: Option<u32>,
    /// The office that issues the 通报 (发文机关, its masthead and signature),
    /// e.g. `issuer: "东昌府区优化营商环境工作领导小组办公室"`; absent means the
    /// plan's issuer followed by 办公室.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "plain_str")]
    pub issuer: Option<String>,
    /// The 通报's document number (发文字号), e.g. `doc_number: "东营商办〔2022〕3号"`;
    /// absent leaves `〔YYYY〕  号` for the secretary to fill in.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "plain_str")]
    pub doc_number: Option<String>,
    /// Who the 通报 is addressed to (主送), e.g. `recipients: "各镇政府、街道办事处，区政府各部门"`;
    /// absent means the first line of the plan's own notice.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "plain_str")]
    pub recipients: Option<String>,
}

/// `Option<String>` written as a plain string, as a clerk would write it.
mod plain_str {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.as_deref().unwrap_or_default())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        String::deserialize(d).map(Some)
    }
}

/// `Option<u32>` written without `Some(…)`, as a clerk would write it.
mod plain_u32 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn ser<S: Serializer>(v: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(v.unwrap_or_default())
    }

    pub fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        u32::deserialize(d).map(Some)
    }
}

impl Config {
    pub fn is_coordinator(&self, name: &str) -> bool {
        self.coordinators.iter().any(|c| c == name)
    }
}

/// Applies the rule above; `Ok(None)` when neither flag says who you are.
pub fn resolve(
    plan: &Plan,
    config: &Config,
    dept: Option<&str>,
    coordinator: Option<&str>,
) -> Result<Option<Who>, String> {
    if let Some(name) = coordinator.map(str::trim) {
        if name.is_empty() {
            return Err("--coordinator needs a name".into());
        }
        if !config.coordinators.is_empty() && !config.is_coordinator(name) {
            return Err(format!(
                "{name:?} is not a coordinator in config.ron (listed: {})",
                config.coordinators.join(", ")
            ));
        }
        return Ok(Some(Who::Coordinator(name.to_string())));
    }
    let Some(d) = dept else {
        return Ok(None);
    };
    if config.is_coordinator(d) {
        return Ok(Some(Who::Coordinator(d.to_string())));
    }
    if plan.department(d).is_none() {
        let ids: Vec<&str> = plan.departments.iter().map(|x| x.id.as_str()).collect();
        let hint = crate::plan::validate::nearest(d, &ids)
            .map(|n| format!(" (did you mean {n:?}?)"))
            .unwrap_or_default();
        return Err(format!("unknown department {d:?}{hint}"));
    }
    Ok(Some(Who::Dept(d.to_string())))
}
