//! `duban import` on Word files and on the formats it refuses, through the
//! real binary: a .docx plan (paragraphs and a measures table) opens as a
//! plan `duban check` accepts; .doc, .wps, .pdf, an .xlsx and a FIFO get a
//! message saying what to do, in the user's language, and nothing is written.

use std::path::Path;
use std::process::{Command, Output};

use super::import_measure::{Block, docx};

fn duban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .env_remove("DUBAN_TODAY")
        .env_remove("DUBAN_DATA")
        .output()
        .expect("run duban")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn cells(row: &[&str]) -> Vec<(Vec<String>, bool)> {
    row.iter()
        .map(|c| match *c {
            "^" => (Vec::new(), true),
            c => (c.split('|').map(String::from).collect(), false),
        })
        .collect()
}

#[test]
fn a_docx_with_paragraphs_and_a_measures_table_imports_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("方案.docx");
    let doc = docx(&[
        Block::P("某区2023年优化营商环境工作要点".into()),
        Block::P("2023年2月1日".into()),
        Block::P("一、总体要求".into()),
        Block::P("坚持问题导向，持续优化营商环境。".into()),
        Block::P("二、重点任务".into()),
        Block::Table(vec![
            cells(&[
                "序号",
                "重点任务",
                "具体措施",
                "牵头单位",
                "配合单位",
                "完成时限",
            ]),
            cells(&[
                "1",
                "开办企业",
                "推行全程网办。",
                "区行政审批局",
                "区税务局|区公安分局",
                "2023年6月底前",
            ]),
            cells(&[
                "2",
                "^",
                "推行电子印章免费发放。",
                "^",
                "区市场监管局",
                "9月底",
            ]),
            cells(&[
                "3",
                "获得电力",
                "压减办电时间。",
                "供电公司",
                "区发展改革局",
                "长期坚持",
            ]),
        ]),
    ]);
    std::fs::write(&file, doc).unwrap();
    let out_dir = dir.path().join("plan");
    let out = duban(&["import", s(&file), "--out", s(&out_dir)]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(summary.contains("措施：3"), "{summary}");
    assert!(summary.contains("检查通过"), "{summary}");
    let check = duban(&["check", "--plan", s(&out_dir)]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let plan = duban::plan::load_dir(&out_dir).unwrap();
    let ms: Vec<_> = plan.chapters.iter().flat_map(|c| &c.measures).collect();
    assert_eq!(
        plan.chapters.len(),
        2,
        "the merged task column makes the headings"
    );
    assert_eq!(ms[1].title, "推行电子印章免费发放");
    let name = |id: &String| plan.department(id).unwrap().name.clone();
    // The merged lead cell leads the row below it too.
    assert_eq!(
        ms[1].lead.iter().map(name).collect::<Vec<_>>(),
        ["区行政审批局"]
    );
    assert_eq!(
        ms[0].responsible.iter().map(name).collect::<Vec<_>>(),
        ["区税务局", "区公安分局"]
    );
    assert_eq!(ms[0].deadlines[0].date.to_string(), "2023-06-30");
    assert_eq!(ms[1].deadlines[0].date.to_string(), "2023-09-30");
    assert!(ms[2].deadlines.is_empty(), "长期坚持 has no date");
}

fn refused(name: &str, bytes: &[u8], lang: &str, needles: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let out_dir = dir.path().join("out");
    let out = duban(&["--lang", lang, "import", s(&file), "--out", s(&out_dir)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{name}: {err}");
    assert!(!err.contains("panicked"), "{name}: {err}");
    for n in needles {
        assert!(err.contains(n), "{name}: {n:?} not in {err}");
    }
    assert!(!out_dir.exists(), "{name}: nothing is written");
}

#[test]
fn word_97_wps_pdf_rtf_and_other_zips_say_how_to_save_them() {
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    refused(
        "方案.doc",
        &ole,
        "zh",
        &["方案.doc", "Word 97-2003", "另存为", ".docx"],
    );
    refused(
        "方案.wps",
        &ole,
        "en",
        &["方案.wps", "save it as .docx", ".txt"],
    );
    refused(
        "方案.pdf",
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n",
        "zh",
        &["PDF", "另存为", ".docx"],
    );
    refused(
        "方案.pdf",
        b"%PDF-1.4\n",
        "en",
        &["PDF", "save it as .docx"],
    );
    refused("a.rtf", b"{\\rtf1\\ansi hello}", "en", &["RTF", ".docx"]);
    // An .xlsx is a zip too, without word/document.xml.
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"<workbook/>").unwrap();
    zip.finish().unwrap();
    refused(
        "台账.docx",
        &buf.into_inner(),
        "zh",
        &["word/document.xml", "不是 Word 文档"],
    );
    refused(
        "坏.docx",
        b"PK\x03\x04 not really",
        "en",
        &["not a valid .docx"],
    );
    refused(
        "plain.docx",
        "一、开办企业".as_bytes(),
        "en",
        &["not a zip archive"],
    );
}

#[test]
fn a_docx_with_broken_xml_is_refused_with_where() {
    let good = docx(&[Block::P("一、开办企业".into())]);
    // Cut word/document.xml's text short by rebuilding the zip by hand.
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    std::io::Write::write_all(&mut zip, b"<w:document><w:body><w:p><w:t>x</w:p>").unwrap();
    zip.finish().unwrap();
    assert!(good.starts_with(b"PK"));
    refused(
        "断.docx",
        &buf.into_inner(),
        "en",
        &["not a valid .docx", "at byte"],
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("plan.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let out = duban(&[
        "--lang",
        "en",
        "import",
        s(&fifo),
        "--out",
        s(&dir.path().join("o")),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
}

#[test]
fn paragraphs_numbered_by_word_get_their_labels() {
    // 一、 headings typed; （一） measures numbered by Word's list 3.
    let p = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let np = |t: &str| {
        format!(
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"
        )
    };
    let body = [
        p("某区优化营商环境方案"),
        p("2023年5月6日"),
        p("一、开办企业"),
        np("推行全程网办。（牵头单位：区行政审批局）"),
        np("推行电子印章。（牵头单位：区市场监管局）"),
    ]
    .concat();
    let document = format!(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let numbering = "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%1）\"/></w:lvl></w:abstractNum><w:num w:numId=\"3\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    for (name, content) in [
        ("word/document.xml", document.as_str()),
        ("word/numbering.xml", numbering),
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("numbered.docx");
    std::fs::write(&file, buf.into_inner()).unwrap();
    let out_dir = dir.path().join("plan");
    let out = duban(&["import", s(&file), "--out", s(&out_dir)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan = duban::plan::load_dir(&out_dir).unwrap();
    let ms = &plan.chapters[0].measures;
    assert_eq!(ms.len(), 2);
    assert_eq!(
        (ms[0].number.as_str(), ms[1].number.as_str()),
        ("（一）", "（二）")
    );
    assert_eq!(ms[1].title, "推行电子印章");
}
