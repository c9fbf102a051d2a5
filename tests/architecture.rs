//! Keeps duban's layering true: reads every `crate::` path in `src/`
//! (test modules aside) and fails on an edge the table below does not allow,
//! or on a cycle between top-level modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Which top-level modules each may use (non-test code). `lang`, `date` and
/// `text` sit at the bottom and use nothing of the crate.
const ALLOWED: &[(&str, &[&str])] = &[
    ("lang", &[]),
    ("date", &[]),
    ("text", &[]),
    ("plan", &["text", "date", "lang"]),
    ("progress", &["plan", "text", "date", "lang"]),
    ("meeting", &["plan", "progress", "text", "lang", "date"]),
    (
        "export",
        &[
            "plan", "progress", "meeting", "text", "lang", "date", "xlsx",
        ],
    ),
    (
        "xlsx",
        &["plan", "progress", "meeting", "text", "lang", "date"],
    ),
    ("import", &["plan", "text", "lang", "date"]),
    (
        "app",
        &["plan", "progress", "meeting", "text", "lang", "date"],
    ),
    (
        "ui",
        &["app", "plan", "progress", "meeting", "text", "lang", "date"],
    ),
    (
        "tui",
        &[
            "app", "ui", "plan", "progress", "meeting", "export", "xlsx", "import", "text", "lang",
            "date",
        ],
    ),
    (
        "cli",
        &[
            "tui", "app", "ui", "plan", "progress", "meeting", "export", "xlsx", "import", "text",
            "lang", "date",
        ],
    ),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to (`src/app/edit.rs` → `app`).
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// Source without `#[cfg(test)]` items: a test module may reach anywhere.
fn production(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            // Skip the next item: up to the matching close of its first brace,
            // or to its semicolon (`mod tests;`).
            let mut depth = 0i32;
            let mut opened = false;
            for l in lines.by_ref() {
                depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
                opened |= l.contains('{');
                if (opened && depth <= 0) || (!opened && l.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        // Comments may name modules in prose.
        let code = line.split("//").next().unwrap_or("");
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Every top-level module named after `crate::` in the text, with the
/// grouped form `use crate::{a::x, b}` read too.
fn uses(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in text.match_indices("crate::") {
        if text[..i].ends_with('$') {
            continue;
        }
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let body: String = group.chars().take_while(|&c| c != ';').collect();
            let mut depth = 0;
            let mut item = String::new();
            for c in body.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.insert(ident(item.trim()));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            found.insert(ident(item.trim()));
        } else {
            found.insert(ident(rest));
        }
    }
    found.retain(|m| !m.is_empty() && m != "self");
    found
}

/// module → the modules it uses, and for each edge one file that makes it.
fn graph() -> BTreeMap<String, BTreeMap<String, PathBuf>> {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let mut g: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for f in all {
        let Some(from) = module_of(&f) else { continue };
        let stem = f.file_stem().unwrap().to_str().unwrap();
        if stem == "tests" || stem.ends_with("_tests") {
            continue;
        }
        let text = production(&std::fs::read_to_string(&f).unwrap());
        let entry = g.entry(from.clone()).or_default();
        for to in uses(&text) {
            if to != from {
                entry.entry(to).or_insert_with(|| f.clone());
            }
        }
    }
    g
}

fn violations(g: &BTreeMap<String, BTreeMap<String, PathBuf>>) -> Vec<String> {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut bad = Vec::new();
    for (from, tos) in g {
        let Some(ok) = allowed.get(from.as_str()) else {
            bad.push(format!("module {from} is not in the layering table"));
            continue;
        };
        for (to, file) in tos {
            if !ok.contains(&to.as_str()) {
                bad.push(format!("{from} → {to} ({})", file.display()));
            }
        }
    }
    bad
}

fn cycle(g: &BTreeMap<String, BTreeMap<String, PathBuf>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeMap<String, PathBuf>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == n) {
            let mut c = stack[i..].to_vec();
            c.push(n.to_string());
            return Some(c);
        }
        if !done.insert(n.to_string()) {
            return None;
        }
        stack.push(n.to_string());
        for to in g.get(n).into_iter().flat_map(|t| t.keys()) {
            if let Some(c) = visit(to, g, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    for n in g.keys() {
        if let Some(c) = visit(n, g, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

#[test]
fn every_module_uses_only_what_its_layer_allows() {
    let g = graph();
    assert!(g.len() >= 10, "found too few modules: {:?}", g.keys());
    let bad = violations(&g);
    assert!(bad.is_empty(), "forbidden imports:\n{}", bad.join("\n"));
    assert_eq!(cycle(&g), None, "modules form a cycle");
}

#[test]
fn nothing_outside_cli_names_cli() {
    for (from, tos) in graph() {
        assert!(
            from == "cli" || !tos.contains_key("cli"),
            "{from} uses cli: {:?}",
            tos["cli"]
        );
    }
}

#[test]
fn the_checker_sees_forbidden_edges_and_cycles() {
    // The reader finds plain, grouped and nested paths and skips test code.
    let text = "use crate::plan::Plan;\nuse crate::{lang::Lang, date};\nfn f() { crate::ui::draw(); }\n\
                #[cfg(test)]\nmod tests {\n    use crate::tui::x;\n}\n// crate::cli in a comment\n";
    let got = uses(&production(text));
    let want: BTreeSet<String> = ["plan", "lang", "date", "ui"].map(String::from).into();
    assert_eq!(got, want);

    // A domain module reaching up is reported, and so is a cycle.
    let mut g = graph();
    g.entry("meeting".into())
        .or_default()
        .insert("app".into(), PathBuf::from("src/meeting/x.rs"));
    assert!(
        violations(&g)
            .iter()
            .any(|v| v.starts_with("meeting → app"))
    );
    assert!(cycle(&g).is_some());
}
