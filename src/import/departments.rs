//! Matching department names to `departments.ron` entries, and making new
//! ids for the ones it does not know.

use std::collections::{HashMap, HashSet};

use super::fold::fold;
use crate::plan::{Department, DeptKind};

/// A department made during import, for the review list.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDept {
    pub id: String,
    pub name: String,
    /// Where it was first seen ("1.3").
    pub first_seen: String,
}

/// The name given to "…等" when the departments file has no catch-all for it.
pub const OTHERS: &str = "其他有关单位";

pub struct Resolver {
    pub departments: Vec<Department>,
    index: HashMap<String, String>,
    /// Index without a leading 区, for "市场监管局" vs "区市场监管局".
    loose: HashMap<String, String>,
    pub made: Vec<NewDept>,
    next: usize,
    /// Every id in use, and the catch-alls among them: asked once per name,
    /// so a measure naming tens of thousands of units stays linear.
    ids: HashSet<String>,
    catch_alls: HashSet<String>,
    /// The catch-all a bare "等" stands for, once chosen.
    others: Option<String>,
}

/// The matching key of a name: folded (simplified, ASCII brackets, no spaces).
pub fn key(name: &str) -> String {
    fold(name)
}

fn loose_key(k: &str) -> String {
    k.strip_prefix('区').unwrap_or(k).to_string()
}

impl Resolver {
    pub fn new(known: Vec<Department>) -> Resolver {
        let mut r = Resolver {
            departments: Vec::new(),
            index: HashMap::new(),
            loose: HashMap::new(),
            made: Vec::new(),
            next: 1,
            ids: HashSet::new(),
            catch_alls: HashSet::new(),
            others: None,
        };
        for d in known {
            r.add(d);
        }
        r
    }

    fn add(&mut self, d: Department) {
        for n in std::iter::once(&d.name)
            .chain(std::iter::once(&d.short))
            .chain(d.aliases.iter())
        {
            let k = key(n);
            if k.is_empty() {
                continue;
            }
            self.index.entry(k.clone()).or_insert_with(|| d.id.clone());
            self.loose
                .entry(loose_key(&k))
                .or_insert_with(|| d.id.clone());
        }
        self.ids.insert(d.id.clone());
        if d.kind == DeptKind::CatchAll {
            self.catch_alls.insert(d.id.clone());
        }
        self.departments.push(d);
    }

    /// Whether `id` is a catch-all (区有关部门, 其他有关单位).
    pub fn is_catch_all(&self, id: &str) -> bool {
        self.catch_alls.contains(id)
    }

    /// The id of a known department by this name, if any.
    pub fn lookup(&self, name: &str) -> Option<&str> {
        let k = key(name);
        self.index
            .get(&k)
            .or_else(|| self.loose.get(&loose_key(&k)))
            .map(String::as_str)
    }

    /// The catch-all a trailing "等" stands for ("区农业农村局等": and others):
    /// an entry with the alias "等", else a catch-all named 其他…, else a new
    /// 其他有关单位 entry.
    pub fn others(&mut self, seen_at: &str) -> String {
        if let Some(id) = self.index.get("等") {
            return id.clone();
        }
        if let Some(id) = &self.others {
            return id.clone();
        }
        let existing = self
            .departments
            .iter()
            .find(|d| d.kind == DeptKind::CatchAll && key(&d.name).starts_with("其他"))
            .map(|d| d.id.clone());
        let id = existing.unwrap_or_else(|| self.resolve(OTHERS, seen_at));
        self.others = Some(id.clone());
        id
    }

    /// The id for `name`, making a new department when none matches.
    pub fn resolve(&mut self, name: &str, seen_at: &str) -> String {
        if let Some(id) = self.lookup(name) {
            return id.to_string();
        }
        let id = loop {
            let id = format!("dept_{:02}", self.next);
            self.next += 1;
            if !self.ids.contains(&id) {
                break id;
            }
        };
        let short = name
            .strip_prefix('区')
            .filter(|s| !s.is_empty())
            .unwrap_or(name);
        self.add(Department {
            id: id.clone(),
            name: name.to_string(),
            short: if short == name {
                String::new()
            } else {
                short.to_string()
            },
            aliases: Vec::new(),
            kind: guess_kind(name),
        });
        self.made.push(NewDept {
            id: id.clone(),
            name: name.to_string(),
            first_seen: seen_at.to_string(),
        });
        id
    }
}

/// A first guess at what kind of body a new name is, for the reviewer to confirm.
pub fn guess_kind(name: &str) -> DeptKind {
    let f = fold(name);
    if f.contains("有关")
        || f.contains("相关")
        || f.starts_with("其他")
        || f.ends_with('等')
        || f.contains("成员单位")
    {
        DeptKind::CatchAll
    } else if f.contains("公司") || f.contains("供电") || f.contains("专营") || f.contains("银行")
    {
        DeptKind::Enterprise
    } else if f.starts_with('各') || f.contains("管委会") {
        DeptKind::Collective
    } else {
        DeptKind::Department
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dept(id: &str, name: &str, aliases: &[&str]) -> Department {
        Department {
            id: id.into(),
            name: name.into(),
            short: String::new(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            kind: DeptKind::Department,
        }
    }

    #[test]
    fn matches_name_alias_traditional_and_width() {
        let mut r = Resolver::new(vec![
            dept("tax", "区税务局", &[]),
            dept("dev", "区发展改革局", &["区发展改革委"]),
            dept("towns", "各镇政府（街道办事处）", &[]),
        ]);
        assert_eq!(r.resolve("區稅務局", "1.1"), "tax");
        assert_eq!(r.resolve("区发展改革委", "1.1"), "dev");
        assert_eq!(r.resolve("各镇政府(街道办事处)", "1.1"), "towns");
        assert_eq!(r.resolve("税务局", "1.1"), "tax");
        assert!(r.made.is_empty());
    }

    #[test]
    fn unknown_names_get_new_ids_once() {
        let mut r = Resolver::new(vec![dept("dept_01", "区甲局", &[])]);
        let a = r.resolve("区乙局", "1.1");
        let b = r.resolve("区乙局", "2.1");
        assert_eq!(a, "dept_02");
        assert_eq!(a, b);
        assert_eq!(r.made.len(), 1);
        assert_eq!(r.made[0].first_seen, "1.1");
        assert_eq!(guess_kind("区有关部门"), DeptKind::CatchAll);
        let others = r.others("3.1");
        assert_eq!(
            r.departments.iter().find(|d| d.id == others).unwrap().name,
            OTHERS
        );
        assert_eq!(r.others("3.2"), others);
        assert_eq!(guess_kind("各水气专营单位"), DeptKind::Enterprise);
    }
}
