//! The typefaces of a 公文 and what stands in for each where it is missing.
//!
//! A run names one font per script; the fallback lives in the font table
//! (`w:altName`), which Word and WPS consult when the named font is not
//! installed. LibreOffice maps the family (`roman`, `modern`) instead, so
//! each entry also says which kind of face it is.

use docx_rs::RunFonts;

/// A role in the document, not a font: the font follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// The masthead and titles: 方正小标宋简体, else 宋体.
    Title,
    /// Body text: 仿宋_GB2312, else 仿宋.
    Body,
    /// 一、 headings, table headers and 附件: 黑体.
    Heading,
    /// （一） headings: 楷体_GB2312, else 楷体.
    Sub,
    /// Page numbers: 宋体.
    PageNo,
}

impl Face {
    /// The East Asian font this role asks for.
    pub fn name(self) -> &'static str {
        match self {
            Face::Title => "方正小标宋简体",
            Face::Body => "仿宋_GB2312",
            Face::Heading => "黑体",
            Face::Sub => "楷体_GB2312",
            Face::PageNo => "宋体",
        }
    }

    /// Latin letters and digits: Times New Roman, as GB/T 9704 offices set them.
    pub fn fonts(self) -> RunFonts {
        RunFonts::new()
            .east_asia(self.name())
            .ascii("Times New Roman")
            .hi_ansi("Times New Roman")
            .cs("Times New Roman")
    }
}

/// (font, its stand-in, family, pitch, panose) for the font table.
const TABLE: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Times New Roman",
        "",
        "roman",
        "variable",
        "02020603050405020304",
    ),
    (
        "方正小标宋简体",
        "宋体",
        "roman",
        "fixed",
        "02000000000000000000",
    ),
    (
        "仿宋_GB2312",
        "仿宋",
        "modern",
        "fixed",
        "02010609030101010101",
    ),
    (
        "仿宋",
        "FangSong",
        "modern",
        "fixed",
        "02010609060101010101",
    ),
    ("黑体", "SimHei", "modern", "fixed", "02010609060101010101"),
    (
        "楷体_GB2312",
        "楷体",
        "modern",
        "fixed",
        "02010609030101010101",
    ),
    ("楷体", "KaiTi", "modern", "fixed", "02010609060101010101"),
    ("宋体", "SimSun", "auto", "variable", "02010600030101010101"),
];

/// `word/fontTable.xml` naming every face used with its stand-in.
pub fn table() -> Vec<u8> {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    );
    for (name, alt, family, pitch, panose) in TABLE {
        x.push_str(&format!(r#"<w:font w:name="{name}">"#));
        if !alt.is_empty() {
            x.push_str(&format!(r#"<w:altName w:val="{alt}" />"#));
        }
        let charset = if name.is_ascii() { "00" } else { "86" };
        x.push_str(&format!(
            r#"<w:panose1 w:val="{panose}" /><w:charset w:val="{charset}" /><w:family w:val="{family}" /><w:pitch w:val="{pitch}" /></w:font>"#
        ));
    }
    x.push_str("</w:fonts>");
    x.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_is_in_the_table_with_a_stand_in() {
        let t = String::from_utf8(table()).unwrap();
        for f in [
            Face::Title,
            Face::Body,
            Face::Heading,
            Face::Sub,
            Face::PageNo,
        ] {
            let at = t
                .find(&format!(r#"w:name="{}""#, f.name()))
                .unwrap_or_else(|| panic!("{} missing", f.name()));
            let entry = &t[at..at + t[at..].find("</w:font>").unwrap()];
            assert!(entry.contains("w:altName"), "{entry}");
        }
    }
}
