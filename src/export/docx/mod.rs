//! A [`Paper`] as a Word document laid out after GB/T 9704-2012 (党政机关
//! 公文格式): A4, text block 156 × 225 mm, 3号仿宋 body at 22 lines a page,
//! the issuing office in red 小标宋 over a red line with the 文号 above it,
//! a 2号小标宋 title, 黑体 and 楷体 headings, the signature and the date
//! (2022年1月10日) to the right, and page numbers `— 1 —` in 4号宋体, odd
//! pages on the right and even ones on the left. Annexes start on a new
//! page with 附件N in 黑体.
//!
//! Fonts are named as offices have them (方正小标宋简体, 仿宋_GB2312) and the
//! font table gives each its common substitute (宋体, 仿宋), so WPS, Word
//! and LibreOffice without the 方正 fonts still show the right family.

mod fonts;

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, FieldCharType, Footer, InstrPAGE, InstrText,
    LineSpacing, LineSpacingType, PageMargin, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, SpecialIndentType, Table, TableCell, TableLayoutType, TableRow,
    VAlignType, WidthType,
};

use super::paper::{Block, Grid, Paper};
use crate::lang::Lang;

pub use fonts::Face;

/// Sizes in half-points, as Word counts them.
const SIZE_MASTHEAD: usize = 56; // 28 pt: a one-line 发文机关标志
const SIZE_TITLE: usize = 44; // 2号
const SIZE_BODY: usize = 32; // 3号
const SIZE_PAGE_NO: usize = 28; // 4号
const SIZE_TABLE: usize = 24; // 小四

/// Lengths in twentieths of a point (twips).
const PAGE_W: u32 = 11906; // 210 mm
const PAGE_H: u32 = 16838; // 297 mm
const MARGIN_TOP: i32 = 2098; // 37 mm
const MARGIN_BOTTOM: i32 = 1984; // 35 mm
const MARGIN_LEFT: i32 = 1588; // 28 mm
const MARGIN_RIGHT: i32 = 1474; // 26 mm
const TEXT_W: usize = (PAGE_W as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize; // 156 mm
/// 22 lines in the 225 mm text block.
const LINE_BODY: i32 = 579;
/// One body character: 16 pt.
const CHAR: i32 = 320;

/// The document's bytes (a .docx zip).
pub fn render(paper: &Paper) -> Result<Vec<u8>, String> {
    let mut doc = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(851)
                .footer(1304),
        )
        .default_fonts(Face::Body.fonts())
        .default_size(SIZE_BODY)
        .footer(Footer::new().add_paragraph(page_number(AlignmentType::Right)))
        .even_footer(Footer::new().add_paragraph(page_number(AlignmentType::Left)));
    let en = paper.lang == Lang::En;
    if let Some(m) = &paper.masthead {
        doc = doc
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .line_spacing(exact(SIZE_MASTHEAD as i32 * 15))
                    .add_run(text_run(&m.issuer, Face::Title, SIZE_MASTHEAD).color("FF0000")),
            )
            .add_paragraph(blank());
        let mut number = Paragraph::new()
            .align(AlignmentType::Center)
            .line_spacing(exact(LINE_BODY))
            .add_run(text_run(&m.number, Face::Body, SIZE_BODY));
        // The red separator line (版头分隔线) sits under the 文号.
        number.property = number.property.set_borders(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                    .val(BorderType::Single)
                    .size(18)
                    .space(8)
                    .color("FF0000"),
            ),
        );
        doc = doc.add_paragraph(number).add_paragraph(blank());
    }
    doc = doc
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(exact(700))
                .add_run(text_run(&paper.title, Face::Title, SIZE_TITLE)),
        )
        .add_paragraph(blank());
    if let Some(to) = &paper.to {
        doc = doc.add_paragraph(plain(to, Face::Body));
    }
    for b in &paper.body {
        doc = block(doc, b);
    }
    if !paper.annexes.is_empty() {
        doc = doc.add_paragraph(blank());
        for (i, a) in paper.annexes.iter().enumerate() {
            // 附件：1. …, the later ones aligned under the first name.
            let label = match (en, paper.annexes.len(), i) {
                (true, 1, _) => format!("Annex: {}", a.title),
                (true, _, _) => format!("Annex {}: {}", i + 1, a.title),
                (false, 1, _) => format!("附件：{}", a.title),
                (false, _, 0) => format!("附件：{}．{}", i + 1, a.title),
                (false, _, _) => format!("{}．{}", i + 1, a.title),
            };
            let indent = if !en && paper.annexes.len() > 1 && i > 0 {
                CHAR * 5
            } else {
                CHAR * 2
            };
            doc = doc.add_paragraph(
                Paragraph::new()
                    .line_spacing(exact(LINE_BODY))
                    .indent(Some(indent), None, None, None)
                    .add_run(text_run(&label, Face::Body, SIZE_BODY)),
            );
        }
    }
    if let Some(s) = &paper.signature {
        doc = doc.add_paragraph(blank()).add_paragraph(blank());
        let date = super::paper::date(s.date, paper.lang);
        // 成文日期 four characters in from the right edge, 署名 centred over it.
        let date_w = super::report::cells(&date) as i32 * CHAR / 2;
        let name_w = super::report::cells(&s.issuer) as i32 * CHAR / 2;
        let right_name = (CHAR * 4 + (date_w - name_w) / 2).max(0);
        doc = doc
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .line_spacing(exact(LINE_BODY))
                    .indent(None, None, Some(right_name), None)
                    .add_run(text_run(&s.issuer, Face::Body, SIZE_BODY)),
            )
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .line_spacing(exact(LINE_BODY))
                    .indent(None, None, Some(CHAR * 4), None)
                    .add_run(text_run(&date, Face::Body, SIZE_BODY)),
            );
    }
    for (i, a) in paper.annexes.iter().enumerate() {
        let tag = match (en, paper.annexes.len()) {
            (true, 1) => "Annex".to_string(),
            (true, _) => format!("Annex {}", i + 1),
            (false, 1) => "附件".to_string(),
            (false, _) => format!("附件{}", i + 1),
        };
        doc = doc
            .add_paragraph(
                Paragraph::new()
                    .line_spacing(exact(LINE_BODY))
                    .add_run(Run::new().add_break(BreakType::Page))
                    .add_run(text_run(&tag, Face::Heading, SIZE_BODY)),
            )
            .add_paragraph(blank())
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .line_spacing(exact(700))
                    .add_run(text_run(&a.title, Face::Title, SIZE_TITLE)),
            )
            .add_paragraph(blank());
        for b in &a.body {
            doc = block(doc, b);
        }
    }
    let mut xml = doc.build();
    xml.font_table = fonts::table();
    xml.document = repeat_header_rows(&xml.document);
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| format!("cannot write the document: {e}"))?;
    Ok(out.into_inner())
}

fn block(doc: Docx, b: &Block) -> Docx {
    match b {
        Block::Heading(t) => doc.add_paragraph(indented(t, Face::Heading).keep_next(true)),
        Block::Sub(t) => doc.add_paragraph(indented(t, Face::Sub).keep_next(true)),
        Block::Para(t) => doc.add_paragraph(indented(t, Face::Body)),
        Block::Remark(t) => doc.add_paragraph(
            Paragraph::new()
                .line_spacing(LineSpacing::new().before(60).after(120))
                .add_run(text_run(t, Face::Body, SIZE_TABLE)),
        ),
        Block::Table(g) => doc.add_table(table(g)),
    }
}

fn exact(twips: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(twips)
}

fn text_run(t: &str, face: Face, size: usize) -> Run {
    Run::new().fonts(face.fonts()).size(size).add_text(t)
}

fn blank() -> Paragraph {
    Paragraph::new().line_spacing(exact(LINE_BODY))
}

fn plain(t: &str, face: Face) -> Paragraph {
    Paragraph::new()
        .line_spacing(exact(LINE_BODY))
        .add_run(text_run(t, face, SIZE_BODY))
}

/// A body paragraph or heading: first line in by two characters.
fn indented(t: &str, face: Face) -> Paragraph {
    plain(t, face).indent(
        None,
        Some(SpecialIndentType::FirstLine(CHAR * 2)),
        None,
        None,
    )
}

/// `— 1 —` in 4号宋体, one character in from the outer edge.
fn page_number(side: AlignmentType) -> Paragraph {
    let run = || Run::new().fonts(Face::PageNo.fonts()).size(SIZE_PAGE_NO);
    let (left, right) = match side {
        AlignmentType::Left => (Some(SIZE_PAGE_NO as i32 * 10), None),
        _ => (None, Some(SIZE_PAGE_NO as i32 * 10)),
    };
    Paragraph::new()
        .align(side)
        .indent(left, None, right, None)
        .add_run(run().add_text("— "))
        .add_run(
            run()
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                .add_field_char(FieldCharType::Separate, false)
                .add_text("1")
                .add_field_char(FieldCharType::End, false),
        )
        .add_run(run().add_text(" —"))
}

fn table(g: &Grid) -> Table {
    let total: u32 = g.widths.iter().sum::<u32>().max(1);
    let widths: Vec<usize> = g
        .widths
        .iter()
        .map(|w| TEXT_W * *w as usize / total as usize)
        .collect();
    let cell = |t: &str, w: usize, face: Face, center: bool| {
        let mut p = Paragraph::new()
            .line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Auto)
                    .line(240),
            )
            .add_run(text_run(t, face, SIZE_TABLE));
        if center {
            p = p.align(AlignmentType::Center);
        }
        TableCell::new()
            .width(w, WidthType::Dxa)
            .vertical_align(VAlignType::Center)
            .add_paragraph(p)
    };
    let head = TableRow::new(
        g.head
            .iter()
            .zip(&widths)
            .map(|(h, w)| cell(h, *w, Face::Heading, true))
            .collect(),
    )
    .cant_split();
    let mut rows = vec![head];
    for r in &g.rows {
        rows.push(
            TableRow::new(
                r.iter()
                    .zip(&widths)
                    // Figures (ranks, counts, rates) read best centred, names and text flush left.
                    .map(|(t, w)| cell(t, *w, Face::Body, figure(t)))
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(TEXT_W, WidthType::Dxa)
        .indent(0)
}

/// A cell of figures or a word or two: 12, 75%, 0/4（0%）, —, 绿灯.
fn figure(t: &str) -> bool {
    super::report::cells(t) <= 4 || t.chars().all(|c| c.is_ascii() || "—（）%".contains(c))
}

/// Marks the first row of every table as a header row (`w:tblHeader`), so
/// Word, WPS and LibreOffice repeat it on each page a long table runs to.
fn repeat_header_rows(doc: &[u8]) -> Vec<u8> {
    let Ok(s) = std::str::from_utf8(doc) else {
        return doc.to_vec();
    };
    let mut out = String::with_capacity(s.len() + 64);
    let mut rest = s;
    while let Some(t) = rest.find("<w:tbl>") {
        let (before, after) = rest.split_at(t);
        out.push_str(before);
        match after.find("<w:cantSplit />") {
            Some(c) => {
                out.push_str(&after[..c]);
                out.push_str("<w:cantSplit /><w:tblHeader />");
                rest = &after[c + "<w:cantSplit />".len()..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.into_bytes()
}
