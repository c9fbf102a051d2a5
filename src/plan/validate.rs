//! Checks that need the whole plan: ids resolve, nothing is duplicated,
//! nothing required is empty. Each problem points at the offending text.

use std::collections::{HashMap, HashSet};

use super::load::{Parsed, PlanError, Source, line_col};
use super::model::{Chapter, Department, Measure, PlanDoc};

pub fn validate(p: &Parsed) -> Vec<PlanError> {
    let mut errors = Vec::new();
    if let Some((src, depts)) = &p.departments {
        check_departments(src, depts, &mut errors);
    }
    if let Some((src, doc)) = &p.doc {
        check_doc(src, doc, &mut errors);
    }
    // Without a parsed departments file every id would look unknown; skip that check.
    let known: Option<Vec<&str>> = p
        .departments
        .as_ref()
        .map(|(_, depts)| depts.iter().map(|d| d.id.as_str()).collect());
    check_chapters(&p.chapters, known.as_deref(), &mut errors);
    errors
}

fn check_departments(src: &Source, depts: &[Department], errors: &mut Vec<PlanError>) {
    let mut seen = HashSet::new();
    let mut cursor = 0;
    for d in depts {
        let at = find_after(&src.text, cursor, &format!("{:?}", d.id));
        cursor = at.map_or(cursor, |a| a + 1);
        if !seen.insert(d.id.as_str()) {
            errors.push(err(
                src,
                at,
                format!("duplicate department id {:?}", d.id),
                Some("each department is listed once; put other spellings in aliases".into()),
            ));
        }
        if !file_safe_dept_id(&d.id) {
            let why = if RESERVED_DEPT_IDS.contains(&d.id.as_str()) {
                format!(
                    "department id {:?} is reserved: the data dir uses that name for its own file",
                    d.id
                )
            } else if d.id.len() > MAX_DEPT_ID {
                format!(
                    "department id {:?} is {} bytes long, more than {MAX_DEPT_ID}",
                    d.id,
                    d.id.len()
                )
            } else {
                format!("department id {:?} is not a plain ASCII id", d.id)
            };
            errors.push(err(
                src,
                at,
                format!("{why}; its progress could never be saved (该部门编号无法作为台账文件名)"),
                Some(format!(
                    "use lowercase letters, digits, _ and - starting with a letter or digit, at most {MAX_DEPT_ID} (e.g. \"tax\"), and none of {}",
                    RESERVED_DEPT_IDS.join(", ")
                )),
            ));
        }
        if d.name.chars().count() > MAX_DEPT_NAME || d.short.chars().count() > MAX_DEPT_NAME {
            errors.push(err(
                src,
                at,
                format!(
                    "department {:?} has a name longer than {MAX_DEPT_NAME} characters (部门名称过长，上限 {MAX_DEPT_NAME} 字)",
                    d.id
                ),
                Some("a department's name is its official name, e.g. 区税务局".into()),
            ));
        }
        if d.name.trim().is_empty() {
            errors.push(err(
                src,
                at,
                format!("department {:?} has an empty name", d.id),
                None,
            ));
        }
    }
}

fn check_doc(src: &Source, doc: &PlanDoc, errors: &mut Vec<PlanError>) {
    if doc.title.trim().is_empty() {
        errors.push(err(
            src,
            find_after(&src.text, 0, "title"),
            "the plan has an empty title".into(),
            None,
        ));
    }
    if !is_ascii_id(&doc.id) {
        errors.push(err(
            src,
            find_after(&src.text, 0, "id"),
            format!("plan id {:?} is not a plain ASCII id", doc.id),
            Some("the id names the data directory; use lowercase letters, digits, - and _".into()),
        ));
    }
}

fn check_chapters(
    chapters: &[(Source, Chapter)],
    known: Option<&[&str]>,
    errors: &mut Vec<PlanError>,
) {
    let mut chapter_numbers: HashMap<u32, &str> = HashMap::new();
    let mut measure_ids: HashMap<&str, &str> = HashMap::new();
    // Looked up once per named unit: a set keeps a measure naming tens of
    // thousands of departments linear.
    let set: Option<HashSet<&str>> = known.map(|k| k.iter().copied().collect());
    let known = known.zip(set.as_ref());
    for (src, ch) in chapters {
        if let Some(first) = chapter_numbers.insert(ch.number, &src.path) {
            errors.push(err(
                src,
                find_after(&src.text, 0, "number"),
                format!("chapter number {} is also used by {first}", ch.number),
                None,
            ));
        }
        if ch.title.trim().is_empty() {
            errors.push(err(
                src,
                find_after(&src.text, 0, "title"),
                "chapter has an empty title".into(),
                None,
            ));
        }
        if ch.measures.is_empty() {
            errors.push(err(
                src,
                find_after(&src.text, 0, "measures"),
                "chapter has no measures".into(),
                None,
            ));
        }
        let mut cursor = 0;
        for m in &ch.measures {
            let start = find_measure(&src.text, cursor, &m.id);
            cursor = start.map_or(cursor, |s| s + 1);
            if let Some(first) = measure_ids.insert(&m.id, &src.path) {
                errors.push(err(
                    src,
                    start,
                    format!("duplicate measure id {:?} (first in {first})", m.id),
                    Some("measure ids are chapter.position, e.g. \"2.6\"".into()),
                ));
            }
            check_measure(src, start.unwrap_or(0), m, known, errors);
        }
    }
}

fn check_measure(
    src: &Source,
    base: usize,
    m: &Measure,
    known: Option<(&[&str], &HashSet<&str>)>,
    errors: &mut Vec<PlanError>,
) {
    if m.title.trim().is_empty() {
        errors.push(err(
            src,
            find_after(&src.text, base, "title"),
            format!("measure {} has no title", m.id),
            Some("the title is the phrase before the first 。".into()),
        ));
    }
    if m.lead.is_empty() {
        errors.push(err(src, find_after(&src.text, base, "lead"), format!("measure {} has an empty lead list", m.id), Some("name at least one 牵头部门; when the source names only 责任部门, the first one leads (set lead_inferred: true)".into())));
    }
    let Some((known, set)) = known else { return };
    for (field, ids) in [("lead", &m.lead), ("responsible", &m.responsible)] {
        let field_at = find_after(&src.text, base, &format!("{field}:")).unwrap_or(base);
        for id in ids.iter() {
            if !set.contains(id.as_str()) {
                let at = find_after(&src.text, field_at, &format!("{id:?}"));
                let hint = nearest(id, known).map(|n| {
                    format!("did you mean {n:?}? department ids are listed in departments.ron")
                });
                errors.push(err(
                    src,
                    at,
                    format!("measure {}: unknown department {id:?} in {field}", m.id),
                    hint,
                ));
            }
        }
    }
    let mut keys = HashSet::new();
    for t in &m.targets {
        if !keys.insert(t.key.as_str()) {
            errors.push(err(
                src,
                find_after(&src.text, base, &format!("{:?}", t.key)),
                format!("measure {}: duplicate target key {:?}", m.id, t.key),
                None,
            ));
        }
    }
}

fn err(src: &Source, at: Option<usize>, message: String, hint: Option<String>) -> PlanError {
    let (line, column) = at.map_or((0, 0), |o| line_col(&src.text, o));
    PlanError {
        file: src.path.clone(),
        line,
        column,
        message,
        hint,
    }
}

fn find_after(text: &str, from: usize, needle: &str) -> Option<usize> {
    text.get(from..)?.find(needle).map(|i| from + i)
}

/// Byte offset of `id: "<id>"` at or after `from`, tolerant of spacing.
fn find_measure(text: &str, from: usize, id: &str) -> Option<usize> {
    let quoted = format!("{id:?}");
    let mut pos = from;
    while let Some(at) = find_after(text, pos, &quoted) {
        let before = text[..at].trim_end();
        if before.ends_with(':') && before[..before.len() - 1].trim_end().ends_with("id") {
            return Some(at);
        }
        pos = at + quoted.len();
    }
    None
}

/// Whether a department id can name its ledger file (`<id>.ron`) and
/// history log: `[a-z0-9][a-z0-9_-]{0,63}`, and not a name the data dir
/// uses itself (`config`). The one rule: `check` applies it to the plan,
/// the store to every path it builds, so a plan that passes `check` never
/// names a department whose progress cannot be saved.
pub fn file_safe_dept_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_DEPT_ID
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_' || *c == b'-')
        && !RESERVED_DEPT_IDS.contains(&id)
}

/// The longest department name (and short name), in characters: the
/// longest official name is about 20.
pub const MAX_DEPT_NAME: usize = 100;

/// The longest department id, in bytes.
pub const MAX_DEPT_ID: usize = 64;
/// Stems the data dir uses for its own `.ron` files.
pub const RESERVED_DEPT_IDS: &[&str] = &["config"];

fn is_ascii_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// The known id closest by edit distance, if it is close enough to be a typo.
pub fn nearest<'a>(id: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (levenshtein(id, k), *k))
        .min()
        .filter(|(d, k)| *d <= (k.len().max(id.len()) / 2).max(2))
        .map(|(_, k)| k)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
