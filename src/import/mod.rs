//! `duban import FILE.txt --out DIR`: a plan directory from the text of a
//! plan document.
//!
//! The text flows one way: [`source`] (bytes to text, refusing what is not a
//! document; a .docx through [`docx`] and [`table`]) → [`lines`] (units, page breaks repaired) → [`structure`]
//! (headings, items) → [`front`] (title, issuer, date) and [`assemble`]
//! (measures with departments, deadlines, targets) → [`write`] (RON files). Everything that could not be placed
//! goes into the [`report::Report`] printed for review.

pub mod annotation;
pub mod assemble;
pub mod convention;
pub mod dates;
pub mod departments;
pub mod docx;
pub mod fold;
pub mod front;
pub mod lines;
pub mod names;
pub mod numbering;
pub mod numerals;
pub mod report;
pub mod source;
pub mod structure;
pub mod table;
pub mod targets;
pub mod write;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::plan::{Chapter, Department, PlanDoc};
pub use report::Report;
pub use source::ImportError;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Departments to match names against; unmatched names get new ids.
    pub departments: Vec<Department>,
    pub year: Option<i32>,
    pub id: String,
}

/// The imported plan, not yet written.
#[derive(Debug, Clone)]
pub struct Imported {
    pub doc: PlanDoc,
    pub departments: Vec<Department>,
    pub chapters: Vec<Chapter>,
    pub report: Report,
}

/// Imports a plan document's text.
pub fn import_text(text: &str, opts: &Options) -> Result<Imported, ImportError> {
    let (units, repairs) = lines::units(text);
    let sk = structure::build(units);
    let Some(run) = assemble::chapter_run(&sk) else {
        return Err(ImportError::NoMeasures);
    };
    let front = front::read(&sk);
    let mut report = Report {
        repairs,
        trailer_units: sk.trailer,
        ..Report::default()
    };
    let issued = match (front.issued, opts.year, front.year) {
        (Some(d), _, _) => d,
        (None, Some(y), _) => {
            report.warnings.push(format!(
                "no date line found; issued set to {y}-01-01 from --year: correct it in plan.ron"
            ));
            NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default()
        }
        (None, None, Some((y, from))) => {
            report.warnings.push(format!(
                "no date line found; issued set to {y}-01-01 from the {from}, and dates without a year are taken in {y}: correct it in plan.ron"
            ));
            NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default()
        }
        (None, None, None) => {
            report.warnings.push(
                "no date line found and no --year: issued is a placeholder (1970-01-01) and dates without a year are unresolved".into(),
            );
            NaiveDate::default()
        }
    };
    let basis = dates::Basis {
        year: opts
            .year
            .or(assemble::year_of(front.issued))
            .or(front.year.map(|(y, _)| y)),
        issued: front.issued,
        year_given: opts.year.is_some(),
    };
    let title = if front.title.is_empty() {
        report
            .warnings
            .push("no title found: set title in plan.ron".into());
        "未命名方案".to_string()
    } else {
        front.title.clone()
    };
    for u in &sk.stray_annotations {
        report.unparsed_annotations.push((
            format!("line {}", u.line),
            u.text.clone(),
            "annotation outside any numbered measure".into(),
        ));
    }
    report.convention_stated = annotation::find_convention(&fold::Folded::new(text)).is_some();
    let mut resolver = departments::Resolver::new(opts.departments.clone());
    let mut doc = PlanDoc {
        id: opts.id.clone(),
        title,
        issuer: front.issuer.clone(),
        issued,
        notice: front.notice.clone(),
        sections: Vec::new(),
        targets: Vec::new(),
        milestones: Vec::new(),
        duties: Vec::new(),
    };
    let mut ctx = assemble::Ctx {
        basis,
        resolver: &mut resolver,
        report: &mut report,
    };
    for r in sk.runs.iter().take(run) {
        ctx.sections(&r.blocks, &mut doc);
    }
    let chapters = ctx.chapters(&sk.runs[run].blocks, &mut doc);
    if sk.runs.len() > run + 1 {
        let skipped: usize = sk.runs[run + 1..].iter().map(|r| r.blocks.len()).sum();
        report.warnings.push(format!(
            "{skipped} heading(s) after the chapters have no annotated measures; not imported"
        ));
    }
    if chapters.is_empty() {
        return Err(ImportError::NoMeasures);
    }
    if report.lead_inferred.len() + report.without_lead.len() == report.measures
        && !report.without_lead.is_empty()
    {
        report
            .warnings
            .push("no department annotations were found".into());
    }
    let mut departments = resolver.departments;
    let mut chapters = chapters;
    if !report.without_lead.is_empty() {
        // `duban check` requires a lead; a visible placeholder keeps the plan
        // loadable while the review list says which measures need one.
        const UNASSIGNED: &str = "unassigned";
        if !departments.iter().any(|d| d.id == UNASSIGNED) {
            departments.push(Department {
                id: UNASSIGNED.into(),
                name: "未注明牵头部门".into(),
                short: "未注明".into(),
                aliases: Vec::new(),
                kind: crate::plan::DeptKind::CatchAll,
            });
        }
        for m in chapters.iter_mut().flat_map(|c| c.measures.iter_mut()) {
            if m.lead.is_empty() {
                m.lead.push(UNASSIGNED.into());
            }
        }
    }
    Ok(finish(
        doc,
        departments,
        chapters,
        report,
        resolver.made,
        opts,
    ))
}

fn finish(
    doc: PlanDoc,
    departments: Vec<Department>,
    chapters: Vec<Chapter>,
    mut report: Report,
    made: Vec<departments::NewDept>,
    opts: &Options,
) -> Imported {
    report.title = doc.title.clone();
    report.issuer = doc.issuer.clone();
    report.issued = doc.issued.to_string();
    let used: std::collections::HashSet<&str> = chapters
        .iter()
        .flat_map(|c| c.measures.iter())
        .flat_map(|m| m.lead.iter().chain(m.responsible.iter()))
        .map(String::as_str)
        .collect();
    report.departments_matched = opts
        .departments
        .iter()
        .filter(|d| used.contains(d.id.as_str()))
        .count();
    report.new_departments = made;
    Imported {
        doc,
        departments,
        chapters,
        report,
    }
}

/// A file name made of the title's characters that are safe in any file system.
fn file_stem(title: &str) -> String {
    title
        .chars()
        .filter(|c| !c.is_control() && !"/\\:*?\"<>|".contains(*c) && !c.is_whitespace())
        .take(24)
        .collect()
}

/// The chapter file names, `NN-title.ron`.
pub fn chapter_file(c: &Chapter) -> String {
    format!("{:02}-{}.ron", c.number, file_stem(&c.title))
}

/// Writes the plan directory; refuses to overwrite plan files unless `force`.
pub fn write_dir(imp: &Imported, out: &Path, force: bool) -> Result<Vec<PathBuf>, ImportError> {
    let io = |path: &Path| {
        let p = path.display().to_string();
        move |e: std::io::Error| ImportError::Write(p.clone(), e.to_string())
    };
    let chapters_dir = out.join("chapters");
    if !force && (out.join("plan.ron").exists() || chapters_dir.exists()) {
        return Err(ImportError::OutExists(out.display().to_string()));
    }
    if !out.exists() {
        // A new directory is built beside its final place and renamed in one
        // step, so a failed import leaves nothing behind.
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let staging = out.with_file_name(format!(".{name}.import-{}", std::process::id()));
        let result = write_files(imp, &staging, false).and_then(|files| {
            std::fs::rename(&staging, out).map_err(io(out))?;
            Ok(files
                .iter()
                .map(|f| out.join(f.strip_prefix(&staging).unwrap_or(f)))
                .collect())
        });
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        return result;
    }
    write_files(imp, out, force)
}

/// Writes the files into `out`, each through a temporary file and a rename.
fn write_files(imp: &Imported, out: &Path, clear_stale: bool) -> Result<Vec<PathBuf>, ImportError> {
    let io = |path: &Path| {
        let p = path.display().to_string();
        move |e: std::io::Error| ImportError::Write(p.clone(), e.to_string())
    };
    let chapters_dir = out.join("chapters");
    std::fs::create_dir_all(&chapters_dir).map_err(io(&chapters_dir))?;
    if clear_stale {
        // Stale chapters from an earlier import would be loaded with the new ones.
        if let Ok(entries) = std::fs::read_dir(&chapters_dir) {
            for e in entries.flatten() {
                if e.path().extension().is_some_and(|x| x == "ron") {
                    std::fs::remove_file(e.path()).map_err(io(&e.path()))?;
                }
            }
        }
    }
    let mut files = vec![
        (out.join("plan.ron"), write::plan_doc(&imp.doc)),
        (
            out.join("departments.ron"),
            write::departments(&imp.departments),
        ),
    ];
    for c in &imp.chapters {
        files.push((chapters_dir.join(chapter_file(c)), write::chapter(c)));
    }
    let mut written = Vec::new();
    for (path, text) in files {
        let tmp = path.with_extension("ron.tmp");
        std::fs::write(&tmp, text).map_err(io(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(io(&path))?;
        written.push(path);
    }
    Ok(written)
}

/// Reads a departments.ron to match against.
pub fn read_departments(path: &Path) -> Result<Vec<Department>, ImportError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| ImportError::Read(shown.clone(), e.to_string()))?;
    ron::Options::default()
        .from_str::<Vec<Department>>(&text)
        .map_err(|e| {
            ImportError::Departments(format!(
                "{shown}:{}:{}: {}",
                e.span.start.line, e.span.start.col, e.code
            ))
        })
}

/// A plan id from a file name: lowercase ASCII letters, digits, - and _.
pub fn id_from(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let id = id.trim_matches('-').to_string();
    if id.is_empty() {
        "imported-plan".into()
    } else {
        id
    }
}
