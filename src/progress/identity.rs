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
//! The access control is the service-account setup (README, "Deploy for a
//! district"): sshd runs `duban --user NAME` as each key's forced command,
//! and [`Config::role`] turns NAME into its one department or coordinator.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::edit::Who;
use crate::lang::Lang;
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
    /// People who reach duban through the service account, by user name:
    /// `users: {"alice": Dept("tax"), "wang": Coordinator("王主任")}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub users: BTreeMap<String, Role>,
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

/// What one user may act as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// A department id from departments.ron.
    Dept(String),
    /// A coordinator's name, also listed in `coordinators`.
    Coordinator(String),
}

impl Role {
    pub fn who(&self) -> Who {
        match self {
            Role::Dept(d) => Who::Dept(d.clone()),
            Role::Coordinator(c) => Who::Coordinator(c.clone()),
        }
    }
}

/// Longest user name accepted, in bytes.
pub const MAX_USER_NAME: usize = 64;

/// Why `name` cannot be a user name, or `None` when it can. A user name
/// ends up inside an `authorized_keys` forced command and in every history
/// record, so it is printable, short, and free of what would end the
/// quoted command or need a shell: no spaces, quotes, backslashes,
/// `$`, backticks, `;`, `|`, `&`, `<`, `>`, and it cannot look like a flag.
/// The reason comes as (Chinese, English).
pub fn user_name_refusal(name: &str) -> Option<(&'static str, &'static str)> {
    const SPECIAL: &[char] = &[
        '"', '\'', '\\', '`', '$', ';', '|', '&', '<', '>', '(', ')', '*', '?', '[', ']', '{', '}',
        '~', '#', '!', '=', ',', '/',
    ];
    if name.is_empty() {
        Some(("是空的", "empty"))
    } else if name.len() > MAX_USER_NAME {
        Some(("超过 64 字节", "longer than 64 bytes"))
    } else if name.starts_with('-') || name.starts_with('.') {
        Some(("以 - 或 . 开头", "starts with - or ."))
    } else if name.chars().any(|c| c.is_control() || c.is_whitespace())
        || crate::text::sanitize(name) != name
    {
        Some((
            "含空格、控制字符或不可见字符",
            "holds a space, a control or an invisible character",
        ))
    } else if name.chars().any(|c| SPECIAL.contains(&c)) {
        Some((
            "含引号或 shell 特殊字符",
            "holds a quote or a shell character",
        ))
    } else {
        None
    }
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

    /// The role of user `name`; the error says so when the map lacks it.
    pub fn role(&self, name: &str) -> Result<&Role, UserError> {
        self.users.get(name).ok_or_else(|| UserError::Unknown {
            name: name.to_string(),
            known: self.users.keys().cloned().collect(),
        })
    }
}

/// Why `--user NAME` cannot act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserError {
    Unknown { name: String, known: Vec<String> },
}

impl UserError {
    pub fn say(&self, lang: crate::lang::Lang) -> String {
        match self {
            UserError::Unknown { name, known } => lang.pick(
                format!(
                    "用户 {name:?} 不在 config.ron 的 users 名单中（现有：{}）；请管理员运行 duban users add",
                    if known.is_empty() { "无".to_string() } else { known.join("、") }
                ),
                format!(
                    "user {name:?} is not in config.ron's users (listed: {}); ask the operator to run duban users add",
                    if known.is_empty() { "none".to_string() } else { known.join(", ") }
                ),
            ),
        }
    }
}

/// Applies the rule above; `Ok(None)` when neither flag says who you are.
/// A department may be named by id, official name, short name or alias.
pub fn resolve(
    plan: &Plan,
    config: &Config,
    dept: Option<&str>,
    coordinator: Option<&str>,
) -> Result<Option<Who>, String> {
    resolve_in(plan, config, dept, coordinator, Lang::En)
}

/// [`resolve`], its refusals in `lang`.
pub fn resolve_in(
    plan: &Plan,
    config: &Config,
    dept: Option<&str>,
    coordinator: Option<&str>,
    lang: Lang,
) -> Result<Option<Who>, String> {
    if let Some(name) = coordinator.map(str::trim) {
        if name.is_empty() {
            return Err(lang
                .pick(
                    "--coordinator 后面要写督办人员的姓名",
                    "--coordinator needs a name",
                )
                .into());
        }
        if !config.coordinators.is_empty() && !config.is_coordinator(name) {
            return Err(lang.pick(
                format!(
                    "{name:?} 不是 config.ron 中的督办人员（现有：{}）",
                    config.coordinators.join("、")
                ),
                format!(
                    "{name:?} is not a coordinator in config.ron (listed: {})",
                    config.coordinators.join(", ")
                ),
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
    match plan.find_department(d) {
        Some(found) => Ok(Some(Who::Dept(found.id.clone()))),
        None => Err(unknown_department(plan, d, lang)),
    }
}

/// "No such department", with the closest one by the way it was written
/// (a Chinese name is compared with Chinese names).
pub fn unknown_department(plan: &Plan, named: &str, lang: Lang) -> String {
    let shown = crate::text::sanitize(named);
    let hint = plan.suggest_department(named);
    match lang {
        Lang::Zh => {
            let hint = hint
                .map(|d| format!("，是不是“{}”（{}，编号 {}）？", d.name, d.short, d.id))
                .unwrap_or_else(|| "。".into());
            format!("没有名为“{shown}”的部门{hint}duban departments 列出全部部门")
        }
        Lang::En => {
            let hint = hint
                .map(|d| format!(" (did you mean {:?}, {}?)", d.id, d.name))
                .unwrap_or_default();
            format!("unknown department {shown:?}{hint}; `duban departments` lists them")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Config {
        ron::from_str(s).unwrap()
    }

    #[test]
    fn users_map_people_to_roles_and_older_files_still_read() {
        let old = parse(r#"Config(coordinators: ["王主任"], due_soon_days: 10)"#);
        assert!(old.users.is_empty());
        let c = parse(
            r#"Config(coordinators: ["王主任"], users: {"alice": Dept("tax"), "wang": Coordinator("王主任")})"#,
        );
        assert_eq!(c.role("alice").unwrap().who(), Who::Dept("tax".into()));
        assert_eq!(
            c.role("wang").unwrap().who(),
            Who::Coordinator("王主任".into())
        );
        let e = c.role("eve").unwrap_err();
        assert!(
            e.say(Lang::Zh).contains("alice、wang"),
            "{}",
            e.say(Lang::Zh)
        );
        // Written back, a config without users says nothing about them.
        let text = ron::to_string(&old).unwrap();
        assert!(!text.contains("users"), "{text}");
        let again: Config = ron::from_str(&ron::to_string(&c).unwrap()).unwrap();
        assert_eq!(again, c);
    }

    #[test]
    fn user_names_fit_an_authorized_keys_line() {
        for ok in ["alice", "li.wei", "wang_2", "张三", "a@tax", "x-y"] {
            assert_eq!(user_name_refusal(ok), None, "{ok}");
        }
        for bad in [
            "",
            "a b",
            "a\tb",
            "a\"b",
            "a'b",
            "a`b",
            "a$b",
            "a;b",
            "a|b",
            "a\\b",
            "-x",
            ".x",
            "a\u{202e}b",
            "a\u{200b}b",
            "a,b",
            "a=b",
            "a/b",
        ] {
            assert!(user_name_refusal(bad).is_some(), "{bad:?}");
        }
        assert!(user_name_refusal(&"x".repeat(MAX_USER_NAME)).is_none());
        assert!(user_name_refusal(&"x".repeat(MAX_USER_NAME + 1)).is_some());
    }

    #[test]
    fn departments_are_named_by_id_name_short_name_or_alias() {
        let plan = crate::plan::load_embedded().unwrap();
        let none = Config::default();
        for named in ["tax", "区税务局", "税务局", "税务部门", " 税务局 "] {
            assert_eq!(
                resolve(&plan, &none, Some(named), None).unwrap(),
                Some(Who::Dept("tax".into())),
                "{named}"
            );
        }
        let e = resolve_in(&plan, &none, Some("人事局"), None, Lang::Zh).unwrap_err();
        assert!(e.contains("人社局") && !e.contains("tax"), "{e}");
        let e = resolve_in(&plan, &none, Some("taz"), None, Lang::En).unwrap_err();
        assert!(e.contains("did you mean \"tax\""), "{e}");
        assert!(plan.suggest_department("").is_none());
    }
}
