//! Writes a synthetic plan directory for the board benchmark: the default
//! plan's measures repeated (ids, numbers and departments rewritten) up to
//! the requested size, so rows look and measure like real ones.
//!
//!     cargo run --release --example genplan -- OUT_DIR [MEASURES] [DEPARTMENTS]
//!
//! Defaults: 10 000 measures in 100 chapters, 100 departments.

use std::path::PathBuf;

use duban::plan::{self, Chapter, Department, DeptKind, Measure};

const PER_CHAPTER: usize = 100;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(
        args.next()
            .ok_or("usage: genplan OUT_DIR [MEASURES] [DEPARTMENTS]")?,
    );
    let measures: usize = parse_or(args.next(), 10_000)?;
    let departments: usize = parse_or(args.next(), 100)?;

    let base = plan::load_embedded().map_err(|e| e.to_string())?;
    let source: Vec<&Measure> = base.measures().map(|(_, m)| m).collect();

    let depts: Vec<Department> = (0..departments)
        .map(|i| {
            let real = &base.departments[i % base.departments.len()];
            Department {
                id: format!("d{i:03}"),
                name: format!("{}{}", real.name, i / base.departments.len() + 1),
                short: real.short.clone(),
                aliases: Vec::new(),
                kind: DeptKind::Department,
            }
        })
        .collect();

    let chapter_count = measures.div_ceil(PER_CHAPTER);
    let chapters: Vec<Chapter> = (0..chapter_count)
        .map(|c| {
            let real = &base.chapters[c % base.chapters.len()];
            let n = PER_CHAPTER.min(measures - c * PER_CHAPTER);
            let measures = (0..n)
                .map(|i| {
                    let k = c * PER_CHAPTER + i;
                    let src = source[k % source.len()];
                    let dept = |j: usize| depts[(k * 7 + j * 13) % depts.len()].id.clone();
                    Measure {
                        id: format!("{}.{}", c + 1, i + 1),
                        number: format!("({})", i + 1),
                        title: src.title.clone(),
                        text: src.text.clone(),
                        annotation: String::new(),
                        lead: vec![dept(0)],
                        lead_inferred: false,
                        responsible: (1..=3).map(dept).collect(),
                        deadlines: src.deadlines.clone(),
                        recurring: src.recurring.clone(),
                        targets: src.targets.clone(),
                    }
                })
                .collect();
            Chapter {
                number: c as u32 + 1,
                numeral: (c + 1).to_string(),
                title: format!("{}（{}）", real.title, c + 1),
                measures,
            }
        })
        .collect();

    let mut doc = base.doc.clone();
    doc.id = format!("generated-{measures}");
    doc.title = format!("压力测试方案（{measures}项措施，{departments}个部门）");

    std::fs::create_dir_all(out.join("chapters")).map_err(|e| e.to_string())?;
    write(&out.join("plan.ron"), to_ron(&doc)?)?;
    write(&out.join("departments.ron"), to_ron(&depts)?)?;
    for ch in &chapters {
        write(
            &out.join("chapters").join(format!("{:03}.ron", ch.number)),
            to_ron(ch)?,
        )?;
    }
    println!(
        "{}: {} chapters, {measures} measures, {departments} departments",
        out.display(),
        chapters.len()
    );
    Ok(())
}

fn parse_or(arg: Option<String>, default: usize) -> Result<usize, String> {
    arg.map_or(Ok(default), |a| {
        a.parse().map_err(|e| format!("{a:?}: {e}"))
    })
}

fn write(path: &std::path::Path, text: String) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn to_ron<T: serde::Serialize>(value: &T) -> Result<String, String> {
    ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default()).map_err(|e| e.to_string())
}
