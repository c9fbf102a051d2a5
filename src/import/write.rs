//! Writes the plan model as RON laid out like the hand-written `plan/`
//! files: struct names, one field per line, id lists and small structs
//! (deadlines, targets, duties) on one line each.

use std::fmt::Write as _;

use crate::plan::{
    Cadence, Chapter, Comparator, Deadline, Department, Measure, PlanDoc, Recurring, Section,
    SectionItem, Target,
};

/// A RON string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

/// A struct being written at some indent.
struct S<'a> {
    out: &'a mut String,
    ind: usize,
}

impl<'a> S<'a> {
    fn open(out: &'a mut String, ind: usize, name: &str) -> S<'a> {
        out.push_str(name);
        out.push_str("(\n");
        S { out, ind: ind + 1 }
    }

    fn pad(&mut self) {
        for _ in 0..self.ind {
            self.out.push_str("    ");
        }
    }

    fn raw(&mut self, key: &str, value: &str) {
        self.pad();
        let _ = writeln!(self.out, "{key}: {value},");
    }

    fn str(&mut self, key: &str, value: &str) {
        self.raw(key, &quote(value));
    }

    fn ids(&mut self, key: &str, ids: &[String]) {
        let list: Vec<String> = ids.iter().map(|s| quote(s)).collect();
        self.raw(key, &format!("[{}]", list.join(", ")));
    }

    /// A list of structs, one per line indented under the key; `[]` when empty.
    fn list<T>(&mut self, key: &str, items: &[T], name: &str, each: impl Fn(&mut S, &T)) {
        if items.is_empty() {
            self.raw(key, "[]");
            return;
        }
        self.pad();
        let _ = writeln!(self.out, "{key}: [");
        for it in items {
            for _ in 0..=self.ind {
                self.out.push_str("    ");
            }
            let mut s = S::open(self.out, self.ind + 1, name);
            each(&mut s, it);
            s.close();
            self.out.push_str(",\n");
        }
        self.pad();
        self.out.push_str("],\n");
    }

    /// A list of small structs, each on one line: `Name(a: 1, b: "x")`.
    fn inline_list<T>(&mut self, key: &str, items: &[T], each: impl Fn(&T) -> String) {
        if items.is_empty() {
            self.raw(key, "[]");
            return;
        }
        self.pad();
        let _ = writeln!(self.out, "{key}: [");
        for it in items {
            for _ in 0..=self.ind {
                self.out.push_str("    ");
            }
            self.out.push_str(&each(it));
            self.out.push_str(",\n");
        }
        self.pad();
        self.out.push_str("],\n");
    }

    fn close(self) {
        for _ in 0..self.ind - 1 {
            self.out.push_str("    ");
        }
        self.out.push(')');
    }
}

fn deadline(d: &Deadline) -> String {
    format!(
        "Deadline(kind: {:?}, date: {}, text: {}, what: {})",
        d.kind,
        quote(&d.date.format("%Y-%m-%d").to_string()),
        quote(&d.text),
        quote(&d.what)
    )
}

fn recurring(r: &Recurring) -> String {
    format!(
        "Recurring(cadence: {}, text: {})",
        cadence(r.cadence),
        quote(&r.text)
    )
}

fn cadence(c: Cadence) -> &'static str {
    match c {
        Cadence::Weekly => "Weekly",
        Cadence::Monthly => "Monthly",
        Cadence::Quarterly => "Quarterly",
        Cadence::Yearly => "Yearly",
        Cadence::Regular => "Regular",
    }
}

fn target(t: &Target) -> String {
    let cmp = match t.cmp {
        Comparator::Ge => "Ge",
        Comparator::Le => "Le",
        Comparator::Eq => "Eq",
    };
    format!(
        "Target(key: {}, label: {}, cmp: {cmp}, value: {}, unit: {}, text: {})",
        quote(&t.key),
        quote(&t.label),
        number(t.value),
        quote(&t.unit),
        quote(&t.text)
    )
}

fn measure(s: &mut S, m: &Measure) {
    s.str("id", &m.id);
    s.str("number", &m.number);
    s.str("title", &m.title);
    s.str("text", &m.text);
    s.str("annotation", &m.annotation);
    s.ids("lead", &m.lead);
    if m.lead_inferred {
        s.raw("lead_inferred", "true");
    }
    s.ids("responsible", &m.responsible);
    s.inline_list("deadlines", &m.deadlines, deadline);
    s.inline_list("recurring", &m.recurring, recurring);
    s.inline_list("targets", &m.targets, target);
}

pub fn chapter(c: &Chapter) -> String {
    let mut out = String::new();
    let mut s = S::open(&mut out, 0, "Chapter");
    s.raw("number", &c.number.to_string());
    s.str("numeral", &c.numeral);
    s.str("title", &c.title);
    s.list("measures", &c.measures, "Measure", measure);
    s.close();
    out.push('\n');
    out
}

fn section_item(s: &mut S, it: &SectionItem) {
    s.str("number", &it.number);
    s.str("title", &it.title);
    s.str("text", &it.text);
}

fn section(s: &mut S, sec: &Section) {
    s.str("number", &sec.number);
    s.str("title", &sec.title);
    s.str("text", &sec.text);
    s.list("items", &sec.items, "SectionItem", section_item);
}

pub fn plan_doc(d: &PlanDoc) -> String {
    let mut out = String::new();
    let mut s = S::open(&mut out, 0, "PlanDoc");
    s.str("id", &d.id);
    s.str("title", &d.title);
    s.str("issuer", &d.issuer);
    s.str("issued", &d.issued.format("%Y-%m-%d").to_string());
    s.str("notice", &d.notice);
    s.list("sections", &d.sections, "Section", section);
    s.inline_list("targets", &d.targets, target);
    s.inline_list("milestones", &d.milestones, deadline);
    s.inline_list("duties", &d.duties, recurring);
    s.close();
    out.push('\n');
    out
}

pub fn departments(ds: &[Department]) -> String {
    let mut out = String::from(
        "// Every body the plan names, once. `id` is what progress files and --dept use;\n\
         // `aliases` are the other spellings the text uses for the same body.\n[\n",
    );
    for d in ds {
        out.push_str("    ");
        let mut s = S::open(&mut out, 1, "Department");
        s.str("id", &d.id);
        s.str("name", &d.name);
        s.str("short", &d.short);
        s.ids("aliases", &d.aliases);
        s.raw("kind", &format!("{:?}", d.kind));
        s.close();
        out.push_str(",\n");
    }
    out.push_str("]\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{DeadlineKind, DeptKind};
    use chrono::NaiveDate;

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(quote("〔牵头部门〕"), "\"〔牵头部门〕\"");
    }

    #[test]
    fn written_files_read_back_equal() {
        let m = Measure {
            id: "1.1".into(),
            number: "（一）".into(),
            title: "标题".into(),
            text: "正文\"引号\"。".into(),
            annotation: "〔牵头部门：区税务局〕".into(),
            lead: vec!["tax".into()],
            lead_inferred: true,
            responsible: vec!["tax".into(), "towns".into()],
            deadlines: vec![Deadline {
                kind: DeadlineKind::Within,
                date: NaiveDate::from_ymd_opt(2024, 10, 27).unwrap(),
                text: "三年内".into(),
                what: String::new(),
            }],
            recurring: vec![Recurring {
                cadence: Cadence::Monthly,
                text: "每月调度".into(),
            }],
            targets: vec![Target {
                key: "t1".into(),
                label: "率".into(),
                cmp: Comparator::Ge,
                value: 99.0,
                unit: "%".into(),
                text: "率达99%以上".into(),
            }],
        };
        let c = Chapter {
            number: 1,
            numeral: "一".into(),
            title: "开办企业".into(),
            measures: vec![m],
        };
        let text = chapter(&c);
        let back: Chapter = ron::from_str(&text).unwrap();
        assert_eq!(back, c);
        assert!(
            text.contains("\n        Measure(\n            id: \"1.1\",\n"),
            "{text}"
        );
        let ds = vec![Department {
            id: "towns".into(),
            name: "各镇政府（街道办事处）".into(),
            short: String::new(),
            aliases: vec!["各镇（街道）".into()],
            kind: DeptKind::Collective,
        }];
        let back: Vec<Department> = ron::from_str(&departments(&ds)).unwrap();
        assert_eq!(back, ds);
    }
}
