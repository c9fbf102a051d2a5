//! Reading plan files (from a directory or the embedded copy) into a [`Plan`].
//!
//! Every file is parsed even when an earlier one failed, and validation runs
//! on whatever parsed, so one run reports all problems at once.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::model::{Chapter, Department, Plan, PlanDoc};
use super::validate;

/// One problem in a plan file, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    /// Path as the user should see it (`plan/chapters/01-开办企业.ron`).
    pub file: String,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )?;
        } else {
            write!(f, "{}: {}", self.file, self.message)?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// All problems found in one load, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanErrors(pub Vec<PlanError>);

impl fmt::Display for PlanErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PlanErrors {}

/// A plan file's display path and its text.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: String,
}

/// Parsed files, kept with their sources so validation can point into them.
pub struct Parsed {
    pub doc: Option<(Source, PlanDoc)>,
    pub departments: Option<(Source, Vec<Department>)>,
    pub chapters: Vec<(Source, Chapter)>,
}

/// The default plan compiled into the binary.
pub fn load_embedded() -> Result<Plan, PlanErrors> {
    let files = super::embedded::FILES
        .iter()
        .map(|(p, t)| Source {
            path: format!("plan/{p}"),
            text: (*t).to_string(),
        })
        .collect();
    load_sources(files)
}

/// A plan directory laid out like `plan/`: `plan.ron`, `departments.ron`, `chapters/*.ron`.
pub fn load_dir(dir: &Path) -> Result<Plan, PlanErrors> {
    let mut errors = Vec::new();
    let mut files = Vec::new();
    for name in ["plan.ron", "departments.ron"] {
        read_into(&dir.join(name), &mut files, &mut errors);
    }
    let chapters_dir = dir.join("chapters");
    match std::fs::read_dir(&chapters_dir) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect();
            paths.sort();
            for p in paths {
                read_into(&p, &mut files, &mut errors);
            }
        }
        Err(e) => errors.push(whole_file(
            &chapters_dir.display().to_string(),
            format!("cannot read the chapters directory: {e}"),
            Some(
                "a plan directory holds plan.ron, departments.ron and chapters/NN-name.ron".into(),
            ),
        )),
    }
    match load_sources(files) {
        Ok(plan) if errors.is_empty() => Ok(plan),
        Ok(_) => Err(PlanErrors(errors)),
        Err(PlanErrors(more)) => {
            errors.extend(more);
            Err(PlanErrors(errors))
        }
    }
}

/// The largest plan file accepted; anything bigger is a mistake, not a plan.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

fn read_into(path: &Path, files: &mut Vec<Source>, errors: &mut Vec<PlanError>) {
    let shown = path.display().to_string();
    // A FIFO or a link to a device among the plan's files is refused
    // before it is opened: it would hang `check` or read without end.
    match crate::fsread::read_bounded(path, MAX_FILE_BYTES) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => files.push(Source { path: shown, text }),
            Err(e) => {
                let (line, column) = line_col(
                    &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
                    usize::MAX,
                );
                errors.push(PlanError {
                    file: shown,
                    line,
                    column,
                    message: "file is not valid UTF-8".into(),
                    hint: Some("save the file as UTF-8 (not GBK)".into()),
                });
            }
        },
        Err(crate::fsread::ReadError::TooBig { .. }) => errors.push(whole_file(
            &shown,
            "file is larger than 64 MiB".into(),
            None,
        )),
        Err(e @ crate::fsread::ReadError::NotRegular(_)) => errors.push(whole_file(
            &shown,
            format!("cannot read: {e}"),
            Some("a plan directory holds regular .ron files only".into()),
        )),
        Err(e) => errors.push(whole_file(&shown, format!("cannot read: {e}"), None)),
    }
}

fn whole_file(file: &str, message: String, hint: Option<String>) -> PlanError {
    PlanError {
        file: file.to_string(),
        line: 0,
        column: 0,
        message,
        hint,
    }
}

/// Parses and validates a set of plan files. The file named `plan.ron` is the
/// document, `departments.ron` the departments, every other file a chapter.
pub fn load_sources(files: Vec<Source>) -> Result<Plan, PlanErrors> {
    let mut errors = Vec::new();
    let mut doc = None;
    let mut departments = None;
    let mut chapters = Vec::new();
    let mut seen_doc = false;
    let mut seen_depts = false;
    for src in files {
        let base = src.path.rsplit('/').next().unwrap_or(&src.path).to_string();
        match base.as_str() {
            "plan.ron" => {
                seen_doc = true;
                if let Some(v) = parse::<PlanDoc>(&src, &mut errors) {
                    doc = Some((src, v));
                }
            }
            "departments.ron" => {
                seen_depts = true;
                if let Some(v) = parse::<Vec<Department>>(&src, &mut errors) {
                    departments = Some((src, v));
                }
            }
            _ => {
                if let Some(v) = parse::<Chapter>(&src, &mut errors) {
                    chapters.push((src, v));
                }
            }
        }
    }
    for (seen, name) in [(seen_doc, "plan.ron"), (seen_depts, "departments.ron")] {
        if !seen {
            errors.push(whole_file(
                name,
                "missing".into(),
                Some("every plan directory needs plan.ron and departments.ron".into()),
            ));
        }
    }
    let parsed = Parsed {
        doc,
        departments,
        chapters,
    };
    errors.extend(validate::validate(&parsed));
    let (Some(doc), Some(departments)) = (parsed.doc, parsed.departments) else {
        return Err(PlanErrors(errors));
    };
    if !errors.is_empty() {
        return Err(PlanErrors(errors));
    }
    let mut chapters: Vec<Chapter> = parsed.chapters.into_iter().map(|(_, c)| c).collect();
    chapters.sort_by_key(|c| c.number);
    Ok(Plan {
        doc: doc.1,
        departments: departments.1,
        chapters,
    })
}

fn parse<T: DeserializeOwned>(src: &Source, errors: &mut Vec<PlanError>) -> Option<T> {
    match ron::Options::default().from_str::<T>(&src.text) {
        Ok(v) => Some(v),
        Err(e) => {
            let (message, hint) = describe(e.code.to_string());
            errors.push(PlanError {
                file: src.path.clone(),
                line: e.span.start.line,
                column: e.span.start.col,
                message,
                hint,
            });
            None
        }
    }
}

/// chrono's parse errors, which reach us as bare custom messages.
const DATE_ERRORS: [&str; 6] = [
    "input is out of range",
    "no possible date and time matching input",
    "input is not enough for unique date and time",
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
];

/// Turns a RON/serde message into one a clerk can act on.
fn describe(message: String) -> (String, Option<String>) {
    if DATE_ERRORS.contains(&message.as_str()) {
        return (
            format!("not a valid date ({message})"),
            Some("dates are written \"YYYY-MM-DD\", e.g. \"2021-12-31\"".into()),
        );
    }
    let m = message.to_lowercase();
    let hint = if m.contains("unexpected field") || m.contains("unknown field") {
        Some("check the spelling; README.md (Plan format) lists the fields a plan file may hold")
    } else if m.contains("missing") {
        Some("a measure needs id, number, title, text and lead; see README.md (Plan format)")
    } else if m.contains("unexpected end") || m.contains("expected closing") {
        Some("check that brackets and quotes are balanced")
    } else {
        None
    };
    (message, hint.map(str::to_string))
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
