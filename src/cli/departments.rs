//! `duban departments`: every department the plan knows, with the id, the
//! official name, the short name and the aliases `--dept` accepts.

use super::GlobalArgs;
use super::out;
use crate::text::{pad, sanitize};

pub fn run(g: &GlobalArgs) -> Result<(), String> {
    let plan = g.load_plan().map_err(|e| e.to_string())?;
    let lang = g.lang;
    let id_w = plan
        .departments
        .iter()
        .map(|d| crate::text::width(&sanitize(&d.id)))
        .max()
        .unwrap_or(2)
        .max(4);
    out::say(&format!(
        "{}  {}",
        pad(lang.pick("编号", "id"), id_w),
        lang.pick("名称（简称 · 别名）", "name (short · aliases)")
    ));
    for d in &plan.departments {
        let mut other = vec![sanitize(&d.short)];
        other.extend(d.aliases.iter().map(|a| sanitize(a)));
        other.retain(|x| !x.is_empty());
        let other = if other.is_empty() {
            String::new()
        } else {
            lang.pick(
                format!("（{}）", other.join(" · ")),
                format!(" ({})", other.join(" · ")),
            )
        };
        out::say(&format!(
            "{}  {}{other}",
            pad(&sanitize(&d.id), id_w),
            sanitize(&d.name)
        ));
    }
    out::say(&lang.pick(
        format!(
            "共 {} 个部门；--dept 接受编号、名称、简称或别名",
            plan.departments.len()
        ),
        format!(
            "{} departments; --dept takes the id, the name, the short name or an alias",
            plan.departments.len()
        ),
    ));
    Ok(())
}
