//! Keeps duban's layering true: reads every `crate::` path in `src/`
//! (test modules aside) and fails on an edge the table below does not allow,
//! or on a cycle between top-level modules. Also keeps the domain free of the
//! terminal, and `meeting` free of the environment and the clock.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Which top-level modules each may use (non-test code). `lang`, `date` and
/// `text` sit at the bottom and use nothing of the crate.
const ALLOWED: &[(&str, &[&str])] = &[
    ("lang", &[]),
    ("date", &[]),
    ("text", &[]),
    ("fsread", &[]),
    ("plan", &["fsread", "text", "date", "lang"]),
    ("progress", &["fsread", "plan", "text", "date", "lang"]),
    (
        "meeting",
        &["fsread", "plan", "progress", "text", "lang", "date"],
    ),
    (
        "export",
        &[
            "fsread", "plan", "progress", "meeting", "text", "lang", "date", "xlsx",
        ],
    ),
    (
        "xlsx",
        &[
            "fsread", "plan", "progress", "meeting", "text", "lang", "date",
        ],
    ),
    ("import", &["fsread", "plan", "text", "lang", "date"]),
    (
        "app",
        &[
            "fsread", "plan", "progress", "meeting", "text", "lang", "date",
        ],
    ),
    (
        "ui",
        &[
            "fsread", "app", "plan", "progress", "meeting", "text", "lang", "date",
        ],
    ),
    (
        "tui",
        &[
            "fsread", "app", "ui", "plan", "progress", "meeting", "export", "xlsx", "import",
            "text", "lang", "date",
        ],
    ),
    (
        "cli",
        &[
            "fsread", "tui", "app", "ui", "plan", "progress", "meeting", "export", "xlsx",
            "import", "text", "lang", "date",
        ],
    ),
];

/// The domain and the vocabulary under it: they hand data to `ui` and `tui`
/// and never draw or read the terminal themselves.
const DOMAIN: &[&str] = &[
    "fsread", "plan", "progress", "meeting", "export", "xlsx", "import", "lang", "date", "text",
];

const TERMINAL: &[&str] = &["ratatui::", "crossterm::"];

/// `meeting` is judged as of a date it is given, so the same inputs give the
/// same lights, scoreboard and changes on any machine and in any test.
const WORLD: &[&str] = &[
    "std::env",
    "env::var",
    "Utc::now",
    "Local::now",
    "SystemTime::now",
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

/// Every production file of `src/` with its top-level module and its text
/// without test code.
fn sources() -> Vec<(String, PathBuf, String)> {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let mut out = Vec::new();
    for f in all {
        let Some(module) = module_of(&f) else {
            continue;
        };
        let stem = f.file_stem().unwrap().to_str().unwrap();
        if stem == "tests" || stem.ends_with("_tests") {
            continue;
        }
        let text = production(&std::fs::read_to_string(&f).unwrap());
        out.push((module, f, text));
    }
    out
}

/// What a file of `module` names that its layer must not.
fn impurities(module: &str, text: &str) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    if DOMAIN.contains(&module) {
        words.extend(TERMINAL);
    }
    if module == "meeting" {
        words.extend(WORLD);
    }
    words.retain(|w| text.contains(w));
    words
}

#[test]
fn the_domain_draws_nothing_and_meeting_reads_no_environment_or_clock() {
    let all = sources();
    for m in DOMAIN {
        assert!(
            all.iter().any(|(module, _, _)| module == m),
            "no source found for {m}"
        );
    }
    let bad: Vec<String> = all
        .iter()
        .flat_map(|(module, file, text)| {
            impurities(module, text)
                .into_iter()
                .map(move |w| format!("{} uses {w}", file.display()))
        })
        .collect();
    assert!(bad.is_empty(), "impure domain code:\n{}", bad.join("\n"));
}

#[test]
fn the_purity_check_sees_terminal_environment_and_clock() {
    let text = "use ratatui::style::Color;\nuse std::{env, fs};\n\
                fn f() { let _ = (chrono::Utc::now(), env::var(\"X\")); }\n\
                #[cfg(test)]\nmod tests {\n    use crossterm::event;\n}\n\
                // crossterm::terminal in a comment\n";
    let code = production(text);
    assert_eq!(
        impurities("meeting", &code),
        ["ratatui::", "env::var", "Utc::now"]
    );
    assert_eq!(impurities("xlsx", &code), ["ratatui::"]);
    assert_eq!(impurities("lang", &code), ["ratatui::"]);
    assert!(impurities("ui", &code).is_empty());
    assert!(impurities("tui", &code).is_empty());
    assert_eq!(
        impurities("import", "fn f() { crossterm::terminal::size(); }"),
        ["crossterm::"]
    );
    assert_eq!(
        impurities(
            "meeting",
            "let t = chrono::Local::now();\nlet v = std::env::args();"
        ),
        ["std::env", "Local::now"]
    );
}
