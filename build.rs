//! Embeds every file under `plan/` into the binary so `duban` runs from any
//! directory; the list is generated so a new chapter file cannot be forgotten.
use std::{env, fs, path::Path};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    // An empty list would build a binary whose default plan fails to load
    // at run time; stop the build instead.
    assert!(
        files.iter().any(|f| f == "plan.ron") && files.iter().any(|f| f == "departments.ron"),
        "no plan found under {}: duban embeds plan/plan.ron, plan/departments.ron and plan/chapters/*.ron",
        root.display()
    );
    let mut out = String::from(
        "/// (path relative to plan/, contents)\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for rel in &files {
        let abs = root.join(rel);
        println!("cargo:rerun-if-changed={}", abs.display());
        out.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded_plan.rs");
    fs::write(dest, out).unwrap();
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(root, &p, files);
        } else if p.extension().is_some_and(|x| x == "ron") {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push(rel);
        }
    }
}
