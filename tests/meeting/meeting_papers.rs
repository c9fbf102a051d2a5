//! The meeting's papers as files a secretary circulates: the 通报 and the
//! other reports as Word documents, read back from the .docx zip the way
//! Word reads it (document.xml, the footers, the font table).

use crate::meeting;

use std::io::Read;
use std::path::Path;
use std::process::Command;

fn duban(data: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .arg("--plan")
        .arg(meeting::plan_dir())
        .arg("--data")
        .arg(data)
        .args(["--today", meeting::TODAY])
        .args(args)
        .env_remove("DUBAN_COORDINATOR")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every part of a .docx by name.
fn parts(path: &Path) -> std::collections::BTreeMap<String, String> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        if f.is_file() && f.read_to_string(&mut s).is_ok() {
            out.insert(f.name().unwrap().to_string(), s);
        }
    }
    out
}

/// The text of each paragraph of document.xml (inside and outside tables), in order.
fn paragraphs(xml: &str) -> Vec<String> {
    xml.split("</w:p>")
        .map(|p| {
            let mut text = String::new();
            let mut rest = p;
            while let Some(i) = rest.find("<w:t") {
                let after = &rest[i..];
                let Some(open_end) = after.find('>') else {
                    break;
                };
                // <w:tbl>, <w:tc>, <w:tr> … are not text runs.
                let tag = &after[..open_end];
                if !(tag == "<w:t" || tag.starts_with("<w:t ")) {
                    rest = &after[open_end..];
                    continue;
                }
                let body = &after[open_end + 1..];
                let close = body.find("</w:t>").unwrap_or(body.len());
                text.push_str(&body[..close]);
                rest = &body[close..];
            }
            text
        })
        .filter(|t| !t.is_empty())
        .collect()
}

fn export_docx(data: &Path, args: &[&str]) -> std::collections::BTreeMap<String, String> {
    let out = data.join("paper.docx");
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    all.extend(["--format", "docx", "--out", out.to_str().unwrap()]);
    let (ok, _, err) = duban(data, &all);
    assert!(ok, "duban {all:?}: {err}");
    parts(&out)
}

#[test]
fn the_circular_is_a_word_document_laid_out_as_a_tongbao() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    std::fs::write(
        dir.path().join("config.ron"),
        r#"Config(issuer: "测试区督查办公室", doc_number: "测督〔2022〕3号", recipients: "各镇政府、街道办事处，区政府各部门")"#,
    )
    .unwrap();
    let docx = export_docx(dir.path(), &["--report", "circular"]);
    let doc = &docx["word/document.xml"];
    let ps = paragraphs(doc);
    let find = |want: &str| {
        ps.iter()
            .position(|p| p == want)
            .unwrap_or_else(|| panic!("no paragraph {want:?} in {ps:#?}"))
    };
    // Masthead, 文号, title, 主送 in this order, each its own paragraph.
    let masthead = find("测试区督查办公室");
    let number = find("测督〔2022〕3号");
    let title = find("关于《测试方案》推进情况的通报");
    let to = find("各镇政府、街道办事处，区政府各部门：");
    assert!(masthead < number && number < title && title < to, "{ps:#?}");
    // The body's sections, as 公文 number them.
    let overall = find("一、总体进展");
    let problems = find("二、存在问题");
    let next = find("三、下步要求");
    assert!(to < overall && overall < problems && problems < next);
    assert!(ps.iter().any(|p| p == "（一）逾期事项"), "{ps:#?}");
    // The overdue item is named with its department, in Chinese dates.
    assert!(
        ps.iter()
            .any(|p| p.contains("截至2022年1月10日") && p.contains("区税务局1项（1.1）")),
        "{ps:#?}"
    );
    // The ranking is a real table, its rule right under it.
    let table = &doc[doc.find("<w:tbl>").expect("a table")..];
    let table = &table[..table.find("</w:tbl>").unwrap()];
    let cells = paragraphs(table);
    assert_eq!(&cells[..2], ["名次", "部门"], "{cells:?}");
    assert!(cells.iter().any(|c| c == "区市场监管局"), "{cells:?}");
    assert!(table.contains("<w:tblHeader />"), "header row repeats");
    let after = paragraphs(&doc[doc.find("</w:tbl>").unwrap()..]);
    assert!(after[0].starts_with("排名规则："), "{after:?}");
    // Signature and date, after the body.
    let sign = ps.iter().rposition(|p| p == "测试区督查办公室").unwrap();
    assert!(sign > next && ps[sign + 1] == "2022年1月10日", "{ps:#?}");
    assert!(
        !doc.contains("2022-01-10"),
        "no ISO dates in a Chinese paper"
    );
    // The red line under the 文号, A4, GB/T 9704 margins.
    assert!(doc.contains(r#"w:color="FF0000""#));
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4");
    // Page numbers — 1 — on odd and even pages.
    let footers: Vec<&String> = docx
        .iter()
        .filter(|(k, _)| k.starts_with("word/footer"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(footers.len(), 2, "odd and even footers");
    for f in footers {
        assert!(
            f.contains("PAGE") && f.contains("— ") && f.contains(" —"),
            "{f}"
        );
    }
    // The fonts offices expect, each with its stand-in.
    let fonts = &docx["word/fontTable.xml"];
    assert!(doc.contains("方正小标宋简体") && doc.contains("仿宋_GB2312") && doc.contains("黑体"));
    assert!(
        fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋" />"#),
        "{fonts}"
    );
}

#[test]
fn without_config_the_masthead_has_sensible_defaults() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    let ps = paragraphs(&export_docx(dir.path(), &["--report", "circular"])["word/document.xml"]);
    assert_eq!(ps[0], "测试区人民政府办公室", "{ps:#?}");
    assert_eq!(ps[1], "〔2022〕  号", "{ps:#?}");
    assert!(ps.iter().any(|p| p == "各有关部门："), "{ps:#?}");
}

#[test]
fn one_departments_circular_and_the_other_reports_as_documents() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = meeting::seed_december(dir.path());
    let (ok, _, err) = duban(
        dir.path(),
        &["--coordinator", "王主任", "review", "mark", "12月调度会"],
    );
    assert!(ok, "{err}");
    meeting::seed_january(&store, &plan);

    let tax = paragraphs(
        &export_docx(dir.path(), &["--report", "circular", "--dept", "tax"])["word/document.xml"],
    );
    assert!(
        tax.iter()
            .any(|p| p == "关于区税务局《测试方案》推进情况的通报"),
        "{tax:#?}"
    );
    assert!(
        !tax.iter().any(|p| p == "区市场监管局"),
        "only the tax bureau: {tax:#?}"
    );

    let board =
        paragraphs(&export_docx(dir.path(), &["--report", "scoreboard"])["word/document.xml"]);
    assert!(
        board
            .iter()
            .any(|p| p == "《测试方案》推进情况排名（截至2022年1月10日）"),
        "{board:#?}"
    );
    assert!(board.iter().any(|p| p == "三、指标完成情况"), "{board:#?}");
    assert!(
        board.iter().any(|p| p == "全程电子化率"),
        "labels, not keys: {board:#?}"
    );

    let changes =
        paragraphs(&export_docx(dir.path(), &["--report", "changes"])["word/document.xml"]);
    assert!(
        changes.iter().any(|p| p == "自「12月调度会」以来的变化"),
        "{changes:#?}"
    );
    assert!(
        changes.iter().any(|p| p.starts_with("新完成")),
        "{changes:#?}"
    );

    let overdue = export_docx(dir.path(), &["--overdue"]);
    let overdue = paragraphs(&overdue["word/document.xml"]);
    assert!(
        overdue
            .iter()
            .any(|p| p == "逾期事项清单（截至2022年1月10日）"),
        "{overdue:#?}"
    );
    assert!(
        overdue.iter().any(|p| p.starts_with("1.1 ")),
        "{overdue:#?}"
    );
    assert!(
        overdue.iter().any(|p| p.contains("逾期10天")),
        "{overdue:#?}"
    );
    let tax = export_docx(dir.path(), &["--overdue", "--dept", "tax"]);
    let tax = paragraphs(&tax["word/document.xml"]);
    assert!(
        tax.iter()
            .any(|p| p == "区税务局逾期事项清单（截至2022年1月10日）"),
        "{tax:#?}"
    );
}

#[test]
fn a_document_is_not_sent_to_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    for args in [
        &["export", "--format", "docx"][..],
        &["export", "--report", "circular", "--format", "docx"][..],
    ] {
        let (ok, out, err) = duban(dir.path(), args);
        assert!(!ok && out.is_empty(), "{args:?}");
        assert!(err.contains("--out"), "{err}");
    }
}

#[test]
fn markdown_keeps_each_paragraph_on_one_line_and_names_targets_by_label() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = meeting::seed_december(dir.path());
    let (ok, _, err) = duban(
        dir.path(),
        &["--coordinator", "王主任", "review", "mark", "12月调度会"],
    );
    assert!(ok, "{err}");
    meeting::seed_january(&store, &plan);
    let (ok, _, err) = duban(
        dir.path(),
        &[
            "set",
            "1.1",
            "--dept",
            "approval",
            "--actual",
            "e_rate=99.2",
        ],
    );
    assert!(ok, "{err}");
    for report in ["changes", "circular", "scoreboard"] {
        let (ok, md, err) = duban(
            dir.path(),
            &["export", "--report", report, "--format", "md"],
        );
        assert!(ok, "{err}");
        assert!(
            !md.contains("```"),
            "{report}: tables are Markdown tables: {md}"
        );
        let lines: Vec<&str> = md.lines().collect();
        for w in lines.windows(2) {
            let (a, b) = (w[0].chars().last(), w[1].chars().next());
            let cjk = |c: Option<char>| c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert!(
                !(cjk(a) && cjk(b)),
                "{report}: a paragraph broken between {w:?}"
            );
        }
        assert!(
            !md.contains("2022-01-10"),
            "{report}: dates as 年月日: {md}"
        );
    }
    let (_, md, _) = duban(
        dir.path(),
        &["export", "--report", "changes", "--format", "md"],
    );
    assert!(md.contains("全程电子化率 97.5 → 99.2"), "{md}");
    assert!(!md.contains("e_rate"), "{md}");
    assert!(
        md.lines().next().unwrap().ends_with("截至 2022年1月10日）"),
        "the title is one line: {md}"
    );
}

#[test]
fn csv_for_an_office_speaks_chinese_and_keeps_ids_and_formulas_as_text() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    let (ok, _, err) = duban(
        dir.path(),
        &["set", "1.1", "--dept", "tax", "--note", "=1+2"],
    );
    assert!(ok, "{err}");
    let read = |args: &[&str]| {
        let (ok, out, err) = duban(dir.path(), args);
        assert!(ok, "{args:?}: {err}");
        assert!(out.starts_with('\u{feff}'), "BOM");
        let mut r = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
        let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(String::from).collect())
            .collect();
        (head, rows)
    };
    let (head, rows) = read(&["export", "--format", "csv"]);
    let col = |h: &str| {
        head.iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("{h}: {head:?}"))
    };
    let tax = rows
        .iter()
        .find(|r| r[col("措施编号")] == "第1.1项" && r[col("部门编号")] == "tax")
        .expect("1.1 for tax");
    assert_eq!(tax[col("状态")], "推进中");
    assert_eq!(tax[col("角色")], "责任");
    assert_eq!(tax[col("是否逾期")], "是");
    assert_eq!(tax[col("时限来源")], "计划");
    assert_eq!(
        tax[col("备注")],
        "'=1+2",
        "a note is never run as a formula"
    );
    for r in &rows {
        assert!(
            r[col("措施编号")].parse::<f64>().is_err(),
            "{:?}",
            r[col("措施编号")]
        );
    }
    let (head, rows) = read(&["export", "--report", "circular", "--format", "csv"]);
    assert_eq!(head[..3], ["名次", "部门编号", "部门"]);
    assert!(
        rows.iter().any(|r| r.contains(&"红灯".to_string())),
        "{rows:?}"
    );
    let (head, _) = read(&["export", "--report", "scoreboard", "--format", "csv"]);
    assert!(head.contains(&"按时完成率".to_string()), "{head:?}");
    // --lang en keeps the keys scripts read.
    let (head, rows) = read(&["--lang", "en", "export", "--format", "csv"]);
    assert_eq!(head[2], "measure");
    assert!(rows.iter().any(|r| r[2] == "1.1" && r[11] == "in_progress"));
}

#[test]
fn files_written_with_out_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    for (umask, want) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        for (format, name) in [("md", "r.md"), ("docx", "r.docx"), ("xlsx", "r.xlsx")] {
            let out = dir.path().join(name);
            let _ = std::fs::remove_file(&out);
            let script = format!(
                "umask {umask} && exec \"$0\" --plan \"$1\" --data \"$2\" --today {} export --format {format} --out \"$3\"",
                meeting::TODAY
            );
            let run = Command::new("sh")
                .args(["-c", &script, env!("CARGO_BIN_EXE_duban")])
                .arg(meeting::plan_dir())
                .arg(dir.path())
                .arg(&out)
                .output()
                .unwrap();
            assert!(
                run.status.success(),
                "{}",
                String::from_utf8_lossy(&run.stderr)
            );
            let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, want, "umask {umask}, {format}: {mode:o}");
        }
    }
    // The data dir's own files stay private whatever the umask.
    let mode = std::fs::metadata(dir.path().join("tax.ron"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}
