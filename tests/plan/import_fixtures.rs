//! `duban import` on synthetic documents: one per annotation style, one per
//! deadline phrase family, a plan in another format, and malformed input.

use chrono::NaiveDate;
use duban::import::{self, ImportError, Imported, Options};
use duban::plan::{Comparator, DeadlineKind, Measure};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn import(name: &str, opts: &Options) -> Imported {
    import::import_text(&fixture(name), opts).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn measure<'a>(imp: &'a Imported, id: &str) -> &'a Measure {
    imp.chapters
        .iter()
        .flat_map(|c| c.measures.iter())
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("no measure {id}"))
}

/// Department names of a measure's lead or responsible ids.
fn names(imp: &Imported, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            imp.departments
                .iter()
                .find(|d| &d.id == id)
                .unwrap_or_else(|| panic!("id {id} is not in departments"))
                .name
                .clone()
        })
        .collect()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn square_bracket_annotations() {
    let imp = import("annotation_square.txt", &Options::default());
    let m = measure(&imp, "1.1");
    assert_eq!(m.title, "深化企业开办");
    assert_eq!(m.text, "推进免费寄递服务。");
    assert_eq!(names(&imp, &m.lead), ["区行政审批局", "区税务局"]);
    assert_eq!(
        names(&imp, &m.responsible),
        [
            "区市场监管局",
            "区公安分局",
            "各镇政府（街道办事处）",
            "园区管委会"
        ]
    );
    assert!(m.annotation.starts_with("〔牵头部门") && m.annotation.ends_with("园区管委会〕"));
    let m = measure(&imp, "1.2");
    assert_eq!(names(&imp, &m.lead), ["区公安分局"]);
    assert!(!m.lead_inferred);
    assert!(imp.report.unparsed_annotations.is_empty());
}

#[test]
fn full_width_paren_annotations_with_cooperating_units_and_mixed_close() {
    let imp = import("annotation_paren.txt", &Options::default());
    let m = measure(&imp, "1.1");
    assert_eq!(names(&imp, &m.lead), ["区行政审批局", "区综合执法局"]);
    assert_eq!(names(&imp, &m.responsible), ["各水气专营单位"]);
    let m = measure(&imp, "1.2");
    assert_eq!(m.text, "实行告知承诺制。");
    assert_eq!(
        names(&imp, &m.responsible),
        ["各镇政府（街道办事处）", "园区管委会"]
    );
}

#[test]
fn ascii_annotations_and_commas() {
    let imp = import("annotation_ascii.txt", &Options::default());
    let m = measure(&imp, "1.1");
    assert_eq!(m.number, "(一)");
    assert_eq!(names(&imp, &m.lead), ["区科技局", "区财政局"]);
    assert_eq!(names(&imp, &m.responsible), ["区公安分局", "区外事办"]);
    assert_eq!(m.text, "围绕新能源汽车零部件,积极组织申报项目。");
    let m = measure(&imp, "1.2");
    assert_eq!(m.number, "(二)");
    assert_eq!(m.title, "加快成果转化");
}

#[test]
fn annotations_on_their_own_lines_and_split_by_page_breaks() {
    let imp = import("annotation_own_line.txt", &Options::default());
    let m = measure(&imp, "1.1");
    assert_eq!(m.text, "完善信用管理机制。");
    assert_eq!(m.annotation, "（牵头部门：区住房城乡建设局）");
    assert_eq!(names(&imp, &m.lead), ["区住房城乡建设局"]);
    let m = measure(&imp, "1.2");
    assert_eq!(m.text, "实施闭环管理。");
    assert_eq!(
        m.annotation,
        "（牵头部门：区行政审批局；责任部门：区住房城乡建设局、区自然资源和规划分局）"
    );
    assert_eq!(
        names(&imp, &m.responsible),
        ["区住房城乡建设局", "区自然资源和规划分局"]
    );
    // Bare role lines, the list wrapped onto a second line.
    let m = measure(&imp, "1.3");
    assert_eq!(m.text, "鼓励设计单位开展全过程咨询。");
    assert_eq!(names(&imp, &m.lead), ["区住房城乡建设局"]);
    assert_eq!(
        names(&imp, &m.responsible),
        ["区行政审批局", "区自然资源和规划分局"]
    );
}

#[test]
fn responsible_only_catch_alls_and_missing_leads() {
    let imp = import("responsible_only.txt", &Options::default());
    let r = &imp.report;
    assert!(r.convention_stated);
    let m = measure(&imp, "1.1");
    assert!(m.lead_inferred);
    assert_eq!(names(&imp, &m.lead), ["区人力资源社会保障局"]);
    assert_eq!(r.lead_inferred, ["1.1"]);
    // "区农业农村局等": the body, then a catch-all for the others.
    let m = measure(&imp, "1.2");
    assert_eq!(
        names(&imp, &m.lead),
        [
            "区人力资源社会保障局",
            "区委组织部",
            "区农业农村局",
            "其他有关单位"
        ]
    );
    // "区市场监管局等区有关部门": the body and the catch-all as its own entry;
    // "各水电气热信等专营单位" stays one collective name.
    let m = measure(&imp, "1.3");
    assert_eq!(
        names(&imp, &m.responsible),
        ["区市场监管局", "区有关部门", "各水电气热信等专营单位"]
    );
    let catch_all = imp
        .departments
        .iter()
        .find(|d| d.name == "区有关部门")
        .unwrap();
    assert_eq!(catch_all.kind, duban::plan::DeptKind::CatchAll);
    assert_eq!(r.catch_alls.len(), 2);
    // No annotation at all: listed, and a visible placeholder keeps the plan loadable.
    assert_eq!(r.without_lead, ["1.4"]);
    assert_eq!(measure(&imp, "1.4").lead, ["unassigned"]);
}

#[test]
fn every_deadline_phrase() {
    let imp = import("deadlines.txt", &Options::default());
    let by = |id: &str| -> Vec<(DeadlineKind, NaiveDate, String)> {
        measure(&imp, id)
            .deadlines
            .iter()
            .map(|d| (d.kind, d.date, d.text.clone()))
            .collect()
    };
    use DeadlineKind::*;
    assert_eq!(by("1.1"), [(By, date(2021, 12, 31), "12月底前".into())]);
    assert_eq!(by("1.2"), [(By, date(2022, 6, 30), "2022年6月底前".into())]);
    assert_eq!(by("1.3"), [(By, date(2021, 12, 31), "年底前".into())]);
    assert!(by("1.4").is_empty());
    assert!(by("1.5").is_empty());
    assert_eq!(
        by("1.6"),
        [(From, date(2022, 1, 1), "自2022年1月1日起".into())]
    );
    assert_eq!(by("1.7"), [(Within, date(2024, 10, 27), "三年内".into())]);
    assert_eq!(by("1.8"), [(By, date(2021, 11, 30), "11月30日前".into())]);
    // "12月\n\n月底前": the unit doubled across the break is kept as printed,
    // read as 12月底前, and listed for review.
    assert_eq!(by("1.9"), [(By, date(2021, 12, 31), "12月月底前".into())]);
    assert!(measure(&imp, "1.9").text.contains("；12月月底前，组织培训"));
    assert_eq!(imp.report.repairs.doubled, ["12月⏎月底前"]);
    assert!(by("1.10").is_empty());
    // A month already past at issue is next year's, and the reviewer is told.
    assert_eq!(by("1.11"), [(By, date(2022, 6, 30), "6月底前".into())]);
    let r = &imp.report;
    assert_eq!(
        r.undated,
        [
            ("1.4".to_string(), "长期坚持".to_string()),
            ("1.5".into(), "持续推进".into())
        ]
    );
    assert_eq!(r.unresolved_deadlines.len(), 1);
    assert_eq!(r.unresolved_deadlines[0].1, "春节前");
    assert_eq!(r.assumed_dates.len(), 1);
    // The plan-level milestone and target come from the main body.
    assert_eq!(imp.doc.milestones.len(), 1);
    assert_eq!(imp.doc.milestones[0].date, date(2021, 11, 30));
    assert_eq!(imp.doc.milestones[0].text, "11 月底前");
    assert_eq!(imp.doc.targets.len(), 1);
    assert_eq!(
        (imp.doc.targets[0].cmp, imp.doc.targets[0].value),
        (Comparator::Le, 50.0)
    );
    assert_eq!(imp.doc.issuer, "东昌府区人民政府");
    assert_eq!(imp.doc.issued, date(2021, 10, 27));
}

#[test]
fn numeric_targets() {
    let imp = import("deadlines.txt", &Options::default());
    let t: Vec<(Comparator, f64, String)> = measure(&imp, "1.12")
        .targets
        .iter()
        .map(|t| (t.cmp, t.value, t.unit.clone()))
        .collect();
    use Comparator::*;
    assert_eq!(
        t,
        [
            (Le, 3.0, "个工作日".into()),
            (Ge, 99.0, "%".into()),
            (Le, 2.0, "个工作日".into()),
            (Le, 5.0, "个工作日".into()),
        ]
    );
    let t = &measure(&imp, "1.9").targets;
    assert_eq!(
        (t[0].cmp, t[0].value, t[0].unit.as_str()),
        (Ge, 8650.0, "人次")
    );
}

#[test]
fn year_from_the_command_line_when_the_document_has_no_date() {
    let none = import("no_date.txt", &Options::default());
    assert!(none.chapters[0].measures[0].deadlines.is_empty());
    assert_eq!(none.report.unresolved_deadlines.len(), 2);
    let opts = Options {
        year: Some(2023),
        ..Options::default()
    };
    let imp = import("no_date.txt", &opts);
    let dates: Vec<NaiveDate> = imp.chapters[0].measures[0]
        .deadlines
        .iter()
        .map(|d| d.date)
        .collect();
    assert_eq!(dates, [date(2023, 12, 31), date(2023, 12, 31)]);
    assert!(imp.report.unresolved_deadlines.is_empty());
}

#[test]
fn a_plan_in_another_format_imports_with_departments_and_deadlines() {
    let path = format!(
        "{}/tests/fixtures/import/other_format_departments.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    let departments = import::read_departments(std::path::Path::new(&path)).unwrap();
    let opts = Options {
        departments,
        id: "linqing".into(),
        ..Options::default()
    };
    let imp = import("other_format.txt", &opts);
    assert_eq!(imp.doc.title, "臨清市優化營商環境三年行動計劃");
    assert_eq!(imp.doc.issuer, "臨清市人民政府辦公室");
    assert_eq!(imp.doc.issued, date(2022, 3, 15));
    // 第一章 总体要求 has no measures: a section, and chapters count from 第二章.
    assert_eq!(imp.doc.sections.len(), 1);
    assert_eq!(imp.doc.targets[0].value, 30.0);
    let chapters: Vec<(u32, &str, &str, usize)> = imp
        .chapters
        .iter()
        .map(|c| {
            (
                c.number,
                c.numeral.as_str(),
                c.title.as_str(),
                c.measures.len(),
            )
        })
        .collect();
    assert_eq!(
        chapters,
        [
            (1, "第二章", "開辦企業", 3),
            (2, "第三章", "獲得電力", 2),
            (3, "第四章", "保障措施", 1)
        ]
    );
    let m = measure(&imp, "1.1");
    assert_eq!(m.number, "1、");
    assert_eq!(m.title, "推行企業開辦全程網辦");
    assert_eq!(m.lead, ["approval"]);
    assert_eq!(m.responsible, ["market", "tax", "police"]);
    assert_eq!(m.deadlines.len(), 1);
    assert_eq!(
        (m.deadlines[0].date, m.deadlines[0].text.as_str()),
        (date(2022, 6, 30), "6月底前")
    );
    assert_eq!(
        (m.targets[0].cmp, m.targets[0].value),
        (Comparator::Ge, 99.0)
    );
    let m = measure(&imp, "1.2");
    assert!(m.lead_inferred);
    assert_eq!(m.lead, ["market"]);
    assert_eq!(m.deadlines[0].date, date(2022, 12, 31));
    assert_eq!(
        (m.targets[0].cmp, m.targets[0].value),
        (Comparator::Le, 1.0)
    );
    let m = measure(&imp, "1.3");
    assert_eq!(m.responsible[0], "towns");
    assert_eq!(m.recurring[0].cadence, duban::plan::Cadence::Weekly);
    let m = measure(&imp, "2.1");
    assert_eq!(m.lead, ["dev"], "matched through an alias");
    assert_eq!(m.responsible, ["grid"]);
    let d: Vec<(DeadlineKind, NaiveDate)> = m.deadlines.iter().map(|d| (d.kind, d.date)).collect();
    assert_eq!(
        d,
        [
            (DeadlineKind::From, date(2022, 5, 1)),
            (DeadlineKind::By, date(2023, 12, 31))
        ]
    );
    let m = measure(&imp, "2.2");
    assert_eq!(m.lead, ["grid"]);
    assert_eq!(
        (m.deadlines[0].kind, m.deadlines[0].date),
        (DeadlineKind::Within, date(2025, 3, 15))
    );
    let m = measure(&imp, "3.1");
    assert_eq!(
        (m.lead.as_slice(), m.lead_inferred),
        (&["office".to_string()][..], true)
    );
    // Names the departments file lacks are made up and listed for review.
    let made: Vec<&str> = imp
        .report
        .new_departments
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(made, ["市有關部門", "市住房城鄉建設局", "市自然資源局"]);
    assert!(
        imp.report
            .new_departments
            .iter()
            .all(|d| d.id.starts_with("dept_"))
    );
    assert_eq!(imp.report.departments_matched, 8);
    assert_eq!(imp.report.trailer_units, 2);
}

#[test]
fn no_headings_and_no_items_is_a_clear_error() {
    let err = import::import_text(&fixture("no_headings.txt"), &Options::default()).unwrap_err();
    assert_eq!(err, ImportError::NoMeasures);
    assert!(err.to_string().contains("no numbered measures found"));
}

#[test]
fn items_without_headings_import_as_one_chapter() {
    let imp = import::import_text(
        "（一）甲事项。内容。（牵头部门：区税务局）\n（二）乙事项。内容。（牵头部门：区财政局）",
        &Options::default(),
    )
    .unwrap();
    assert_eq!(imp.chapters.len(), 1);
    assert_eq!(imp.chapters[0].measures.len(), 2);
    assert!(
        imp.report
            .warnings
            .iter()
            .any(|w| w.contains("no chapter headings"))
    );
}

#[test]
fn unbalanced_brackets_are_a_partial_import_with_a_report() {
    let imp = import("unbalanced.txt", &Options::default());
    assert_eq!(imp.chapters[0].measures.len(), 3);
    let r = &imp.report;
    assert_eq!(r.unparsed_annotations.len(), 2, "{r}");
    assert!(r.unparsed_annotations[0].2.contains("no closing bracket"));
    assert_eq!(measure(&imp, "1.1").lead.len(), 1);
    // An ordinary bracket left open does not swallow the annotation after it.
    assert_eq!(names(&imp, &measure(&imp, "1.2").lead), ["区公安分局"]);
    assert!(r.unparsed_annotations[1].1.contains("主管单位"));
    assert_eq!(r.without_lead, ["1.3"]);
}

#[test]
fn the_summary_lists_what_needs_review() {
    let imp = import("responsible_only.txt", &Options::default());
    let text = imp.report.to_string();
    for needle in [
        "measures without a lead: 1",
        "lead inferred (第一责任单位为牵头单位, stated in the document): 1 — 1.1",
        "unparsed annotations: 0",
        "unresolved deadlines: 0",
        "new department ids (review):",
        "dept_01 区人力资源社会保障局 (first in 1.1)",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from\n{text}");
    }
}

#[test]
fn dotted_numbers_bold_headings_sub_points_and_page_numbers() {
    let imp = import("dot_numbering.txt", &Options::default());
    assert_eq!(imp.doc.title, "某县优化营商环境工作方案");
    assert_eq!(imp.doc.issuer, "某县人民政府");
    assert_eq!(imp.doc.issued, date(2023, 2, 1));
    let shape: Vec<(&str, usize)> = imp
        .chapters
        .iter()
        .map(|c| (c.title.as_str(), c.measures.len()))
        .collect();
    assert_eq!(shape, [("开办企业", 2), ("获得电力", 1)]);
    // (1) (2) inside a measure numbered 1. are its sub-points, not measures.
    let m = measure(&imp, "1.1");
    assert_eq!(m.number, "1.");
    assert_eq!(
        m.text,
        "企业开办时间压缩至 1 个工作日以内，具体做到：（1）推行“一窗通”；（2）推行电子营业执照。"
    );
    assert_eq!(names(&imp, &m.lead), ["县行政审批服务局"]);
    // A page number between a measure and the next is dropped; a word and a
    // department name broken by page breaks are joined.
    assert_eq!(imp.report.repairs.page_numbers, 1);
    let m = measure(&imp, "1.2");
    assert_eq!(
        m.text,
        "在县政务服务中心设立帮办代办窗口，9月底前实现镇街全覆盖。"
    );
    assert_eq!(names(&imp, &m.lead), ["县行政审批服务局"]);
    assert_eq!(m.deadlines[0].date, date(2023, 9, 30));
    let m = measure(&imp, "2.1");
    assert_eq!(
        (m.deadlines[0].date, m.deadlines[0].text.as_str()),
        (date(2024, 6, 30), "2024年6月30日前")
    );
}

#[test]
fn measures_numbered_with_chinese_numerals_under_chapters() {
    let text = "某市行动方案\n\n2022年3月1日\n\n第一章 开办企业\n\n一、推行全程网办。年底前实现全覆盖。\n牵头单位：市行政审批服务局\n\n二、强化宣传\n责任单位：市市场监管局、市税务局\n\n第二章 获得电力\n\n一、简化流程。压缩时间。\n牵头单位：市发展改革局\n";
    let imp = import::import_text(text, &Options::default()).unwrap();
    let shape: Vec<(&str, &str, Vec<&str>)> = imp
        .chapters
        .iter()
        .map(|c| {
            (
                c.numeral.as_str(),
                c.title.as_str(),
                c.measures.iter().map(|m| m.number.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("第一章", "开办企业", vec!["一、", "二、"]),
            ("第二章", "获得电力", vec!["一、"])
        ]
    );
    let m = measure(&imp, "1.1");
    assert_eq!(
        (m.title.as_str(), m.text.as_str()),
        ("推行全程网办", "年底前实现全覆盖。")
    );
    assert_eq!(m.deadlines[0].date, date(2022, 12, 31));
    let m = measure(&imp, "1.2");
    assert_eq!(m.title, "强化宣传");
    assert!(m.lead_inferred);
    assert_eq!(names(&imp, &m.responsible), ["市市场监管局", "市税务局"]);
}
