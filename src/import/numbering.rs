//! Word's automatic numbering (`word/numbering.xml`): a paragraph numbered
//! by Word holds no "1." or "（一）" in its text, so the label is made here
//! from its list's level format (`%1.`, `（%1）`) and running count, as Word
//! shows it.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
}

/// The lists of a document and the count reached in each.
#[derive(Debug, Default)]
pub struct Numbering {
    /// numId → the levels of its abstract list.
    lists: HashMap<String, Vec<Level>>,
    counts: HashMap<String, [u32; 9]>,
}

fn val(e: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == local).then(|| a.value.into_owned()))
}

impl Numbering {
    /// Reads numbering.xml; what cannot be read numbers nothing.
    pub fn parse(xml: &str) -> Numbering {
        let mut reader = Reader::from_str(xml);
        let mut abstracts: HashMap<String, Vec<Level>> = HashMap::new();
        let mut nums: Vec<(String, String)> = Vec::new();
        let (mut abs, mut num): (Option<String>, Option<String>) = (None, None);
        let mut level: Option<(usize, Level)> = None;
        while let Ok(ev) = reader.read_event() {
            match ev {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "abstractNum" => abs = val(&e, "abstractNumId"),
                    "lvl" => {
                        let ilvl = val(&e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        level = Some((
                            ilvl,
                            Level {
                                start: 1,
                                ..Level::default()
                            },
                        ));
                    }
                    "start" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.start = val(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    "numFmt" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.fmt = val(&e, "val").unwrap_or_default();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.text = val(&e, "val").unwrap_or_default();
                        }
                    }
                    "num" => num = val(&e, "numId"),
                    "abstractNumId" => {
                        if let (Some(n), Some(a)) = (&num, val(&e, "val")) {
                            nums.push((n.clone(), a));
                        }
                    }
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == "lvl" => {
                    if let (Some(a), Some((ilvl, l))) = (&abs, level.take())
                        && ilvl < 9
                    {
                        let levels = abstracts.entry(a.clone()).or_default();
                        if levels.len() <= ilvl {
                            levels.resize(ilvl + 1, Level::default());
                        }
                        levels[ilvl] = l;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        let lists = nums
            .into_iter()
            .filter_map(|(n, a)| abstracts.get(&a).map(|l| (n, l.clone())))
            .collect();
        Numbering {
            lists,
            counts: HashMap::new(),
        }
    }

    /// The label of the next paragraph of list `num_id` at level `ilvl`
    /// ("3.", "（二）"); `None` for bullets and unknown lists.
    pub fn label(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let levels = self.lists.get(num_id)?;
        let lvl = levels.get(ilvl.min(8))?;
        if matches!(lvl.fmt.as_str(), "bullet" | "none") || lvl.text.is_empty() {
            return None;
        }
        let counts = self.counts.entry(num_id.to_string()).or_insert([0; 9]);
        let i = ilvl.min(8);
        counts[i] = if counts[i] == 0 {
            lvl.start
        } else {
            counts[i] + 1
        };
        for c in counts.iter_mut().skip(i + 1) {
            *c = 0;
        }
        let mut text = lvl.text.clone();
        for k in (0..=i).rev() {
            let l = levels.get(k).cloned().unwrap_or_default();
            let n = if counts[k] == 0 { l.start } else { counts[k] };
            text = text.replace(&format!("%{}", k + 1), &format_number(n, &l.fmt));
        }
        Some(text)
    }
}

fn format_number(n: u32, fmt: &str) -> String {
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "taiwaneseCounting"
        | "japaneseCounting"
        | "ideographDigital" => super::numerals::to_cn(n),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32('①' as u32 + n - 1).map_or(n.to_string(), String::from)
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_level_format_and_count() {
        let xml = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
          </w:abstractNum>
          <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
          <w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>
          <w:num w:numId="6"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;
        let mut n = Numbering::parse(xml);
        assert_eq!(n.label("5", 0).as_deref(), Some("（一）"));
        assert_eq!(n.label("5", 1).as_deref(), Some("1."));
        assert_eq!(n.label("5", 1).as_deref(), Some("2."));
        assert_eq!(n.label("5", 0).as_deref(), Some("（二）"));
        assert_eq!(n.label("5", 1).as_deref(), Some("1."));
        assert_eq!(n.label("6", 0), None);
        assert_eq!(n.label("9", 0), None);
    }
}
