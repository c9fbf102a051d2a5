//! How well import reads the forms real plans use, measured on the fixtures
//! in tests/fixtures/import/forms: each `NAME.txt` (or `table.tsv`, a
//! measures table) has a `NAME.gold` listing, per measure, a prefix of its
//! title, its lead units and its deadlines. Each text fixture is also
//! imported as a .docx built from it, through the real binary.
//!
//! `cargo test --test plan import_measure -- --nocapture` prints the table:
//! measures found, leads exact, deadlines exact, per fixture and in all.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use duban::import::{self, Imported, Options};

fn forms() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/forms")
}

/// One expected measure.
struct Gold {
    prefix: String,
    leads: Vec<String>,
    dates: Vec<String>,
}

fn gold(name: &str) -> Vec<Gold> {
    let text = std::fs::read_to_string(forms().join(format!("{name}.gold"))).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "{name}.gold: {l}");
            let list = |s: &str, sep: char| -> Vec<String> {
                if s == "-" {
                    Vec::new()
                } else {
                    s.split(sep).map(String::from).collect()
                }
            };
            Gold {
                prefix: cols[0].into(),
                leads: list(cols[1], '、'),
                dates: list(cols[2], ','),
            }
        })
        .collect()
}

/// A .docx holding these blocks: paragraphs, and tables of cells of paragraphs.
pub enum Block {
    P(String),
    Table(Vec<Vec<(Vec<String>, bool)>>),
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn para(s: &str) -> String {
    format!(
        "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia=\"仿宋_GB2312\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        esc(s)
    )
}

pub fn docx(blocks: &[Block]) -> Vec<u8> {
    let mut body = String::new();
    for b in blocks {
        match b {
            Block::P(s) => body.push_str(&para(s)),
            Block::Table(rows) => {
                body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
                for row in rows {
                    body.push_str("<w:tr>");
                    for (cell, merged) in row {
                        body.push_str("<w:tc><w:tcPr>");
                        if *merged {
                            body.push_str("<w:vMerge/>");
                        } else {
                            body.push_str("<w:vMerge w:val=\"restart\"/>");
                        }
                        body.push_str("</w:tcPr>");
                        if cell.is_empty() {
                            body.push_str("<w:p/>");
                        }
                        for p in cell {
                            body.push_str(&para(p));
                        }
                        body.push_str("</w:tc>");
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    for (name, content) in [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string(),
        ),
        ("word/document.xml", document),
    ] {
        zip.start_file(name, opts).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

/// A text fixture as a .docx: one paragraph per line.
fn docx_of_text(text: &str) -> Vec<u8> {
    let blocks: Vec<Block> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Block::P(l.into()))
        .collect();
    docx(&blocks)
}

/// `table.tsv` as a .docx: P lines are paragraphs, T lines table rows.
fn docx_of_tsv(tsv: &str) -> Vec<u8> {
    let mut blocks = Vec::new();
    let mut rows = Vec::new();
    for l in tsv.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = l.split('\t').collect();
        match cols[0] {
            "P" => blocks.push(Block::P(cols[1].into())),
            "T" => rows.push(
                cols[1..]
                    .iter()
                    .map(|c| {
                        if *c == "^" {
                            (Vec::new(), true)
                        } else {
                            (c.split('|').map(String::from).collect(), false)
                        }
                    })
                    .collect(),
            ),
            _ => {}
        }
    }
    blocks.push(Block::Table(rows));
    docx(&blocks)
}

/// Imports a file through the real binary and reads the plan back.
fn import_file(file: &Path, out: &Path) -> Imported {
    let run = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args([
            "import",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    let check = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["check", "--plan", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&check.stderr)
    );
    let plan = duban::plan::load_dir(out).unwrap();
    Imported {
        doc: plan.doc.clone(),
        departments: plan.departments.clone(),
        chapters: plan.chapters.clone(),
        report: import::Report::default(),
    }
}

fn fold(s: &str) -> String {
    duban::import::fold::fold(s)
}

/// (gold measures, found, leads exact, deadlines exact) and what differed.
fn score(imp: &Imported, gold: &[Gold]) -> ([usize; 4], Vec<String>) {
    let measures: Vec<_> = imp.chapters.iter().flat_map(|c| &c.measures).collect();
    let name = |id: &String| {
        imp.departments
            .iter()
            .find(|d| &d.id == id)
            .map(|d| fold(&d.name))
            .unwrap_or_default()
    };
    let mut s = [gold.len(), 0, 0, 0];
    let mut misses = Vec::new();
    for g in gold {
        let Some(m) = measures
            .iter()
            .find(|m| fold(&m.title).starts_with(&fold(&g.prefix)))
        else {
            misses.push(format!("not found: {}", g.prefix));
            continue;
        };
        s[1] += 1;
        let leads: Vec<String> = m.lead.iter().map(name).collect();
        let want: Vec<String> = g.leads.iter().map(|l| fold(l)).collect();
        if leads == want {
            s[2] += 1;
        } else {
            misses.push(format!("{}: leads {leads:?}, want {want:?}", g.prefix));
        }
        let mut dates: Vec<String> = m.deadlines.iter().map(|d| d.date.to_string()).collect();
        dates.sort();
        dates.dedup();
        let mut want = g.dates.clone();
        want.sort();
        if dates == want {
            s[3] += 1;
        } else {
            misses.push(format!("{}: deadlines {dates:?}, want {want:?}", g.prefix));
        }
    }
    (s, misses)
}

#[test]
fn import_measure_prints_found_leads_and_deadlines_on_every_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows: Vec<(String, [usize; 4])> = Vec::new();
    let mut all_misses = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(forms())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    for file in &names {
        let stem = file.trim_end_matches(".txt");
        let g = gold(stem);
        let text = std::fs::read_to_string(forms().join(file)).unwrap();
        let imp = import::import_text(&text, &Options::default()).unwrap();
        let (s, m) = score(&imp, &g);
        rows.push((file.clone(), s));
        all_misses.extend(m.into_iter().map(|x| format!("{file}: {x}")));
        let path = dir.path().join(format!("{stem}.docx"));
        std::fs::write(&path, docx_of_text(&text)).unwrap();
        let imp = import_file(&path, &dir.path().join(format!("{stem}-docx")));
        let (s, m) = score(&imp, &g);
        rows.push((format!("{stem}.docx"), s));
        all_misses.extend(m.into_iter().map(|x| format!("{stem}.docx: {x}")));
    }
    let tsv = std::fs::read_to_string(forms().join("table.tsv")).unwrap();
    let path = dir.path().join("table.docx");
    std::fs::write(&path, docx_of_tsv(&tsv)).unwrap();
    let imp = import_file(&path, &dir.path().join("table-docx"));
    let (s, m) = score(&imp, &gold("table"));
    rows.push(("table.docx".into(), s));
    all_misses.extend(m.into_iter().map(|x| format!("table.docx: {x}")));

    let mut total = [0usize; 4];
    println!(
        "{:<28} {:>8} {:>7} {:>12} {:>16}",
        "fixture", "measures", "found", "leads exact", "deadlines exact"
    );
    for (name, s) in &rows {
        println!(
            "{name:<28} {:>8} {:>7} {:>12} {:>16}",
            s[0], s[1], s[2], s[3]
        );
        for k in 0..4 {
            total[k] += s[k];
        }
    }
    let pct = |n: usize| 100.0 * n as f64 / total[0] as f64;
    println!(
        "{:<28} {:>8} {:>6.1}% {:>11.1}% {:>15.1}%",
        "all",
        total[0],
        pct(total[1]),
        pct(total[2]),
        pct(total[3])
    );
    for m in &all_misses {
        println!("  {m}");
    }
    assert!(
        rows.len() >= 11,
        "every fixture and its .docx were measured"
    );
    assert!(
        all_misses.is_empty(),
        "the fixtures of each form import exactly:\n{}",
        all_misses.join("\n")
    );
}
