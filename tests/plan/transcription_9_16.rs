//! The default plan's chapters 9–16 against the source text: titles, repaired
//! page breaks, annotations, departments, deadlines, recurring duties, targets.

use std::sync::OnceLock;

use chrono::NaiveDate;
use duban::plan::{Cadence, Comparator, DeadlineKind, Measure, Plan, Target, load_embedded};

fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| load_embedded().unwrap_or_else(|e| panic!("embedded plan: {e}")))
}

fn measure(id: &str) -> &'static Measure {
    plan()
        .measure(id)
        .unwrap_or_else(|| panic!("measure {id} missing"))
}

fn target<'a>(m: &'a Measure, key: &str) -> &'a Target {
    m.targets
        .iter()
        .find(|t| t.key == key)
        .unwrap_or_else(|| panic!("{}: no target {key}", m.id))
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn measures_9_16() -> impl Iterator<Item = &'static Measure> {
    plan()
        .chapters
        .iter()
        .filter(|c| (9..=16).contains(&c.number))
        .flat_map(|c| c.measures.iter())
}

fn assert_target(m: &Measure, key: &str, cmp: Comparator, value: f64, unit: &str) {
    let t = target(m, key);
    assert_eq!(t.cmp, cmp, "{} {key}", m.id);
    assert_eq!(t.value, value, "{} {key}", m.id);
    assert_eq!(t.unit, unit, "{} {key}", m.id);
}

#[test]
fn chapters_9_to_16_have_their_titles_and_counts() {
    let expected = [
        (9, "九", "劳动力市场监管", 10),
        (10, "十", "政府采购", 7),
        (11, "十一", "政务服务", 15),
        (12, "十二", "知识产权创造、保护和运用", 12),
        (13, "十三", "市场监管", 14),
        (14, "十四", "提升创新创业活跃度", 7),
        (15, "十五", "提升人才流动便利度", 10),
        (16, "十六", "优化外商投资服务", 7),
    ];
    for (number, numeral, title, count) in expected {
        let c = plan()
            .chapters
            .iter()
            .find(|c| c.number == number)
            .unwrap_or_else(|| panic!("chapter {number} missing"));
        assert_eq!(c.numeral, numeral);
        assert_eq!(c.title, title);
        assert_eq!(c.measures.len(), count, "chapter {number}");
        for (i, m) in c.measures.iter().enumerate() {
            assert_eq!(m.id, format!("{number}.{}", i + 1));
        }
    }
}

#[test]
fn no_line_or_page_break_survives_in_chapters_9_to_16() {
    for m in measures_9_16() {
        for (field, s) in [
            ("title", &m.title),
            ("text", &m.text),
            ("annotation", &m.annotation),
        ] {
            assert!(!s.contains('\n'), "{} {field} has a line break", m.id);
            assert!(!s.contains("  "), "{} {field} has a wrap's spaces", m.id);
            assert!(!s.trim().is_empty(), "{} {field} is empty", m.id);
        }
        assert!(!m.title.contains('。'), "{} title runs past 。", m.id);
    }
}

#[test]
fn every_dated_phrase_target_and_duty_is_quoted_from_its_measure() {
    for m in measures_9_16() {
        let body = format!("{}。{}", m.title, m.text);
        for d in &m.deadlines {
            assert!(body.contains(&d.text), "{} deadline {:?}", m.id, d.text);
            assert!(!d.what.is_empty(), "{} deadline without what", m.id);
        }
        for r in &m.recurring {
            assert!(body.contains(&r.text), "{} duty {:?}", m.id, r.text);
        }
        let mut keys: Vec<&str> = Vec::new();
        for t in &m.targets {
            assert!(body.contains(&t.text), "{} target {:?}", m.id, t.text);
            assert!(
                t.key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{} key {:?} is not snake_case ASCII",
                m.id,
                t.key
            );
            assert!(!keys.contains(&t.key.as_str()), "{} duplicate key", m.id);
            keys.push(&t.key);
        }
    }
}

#[test]
fn chapters_9_to_16_carry_every_deadline_target_and_duty() {
    let deadlines: usize = measures_9_16().map(|m| m.deadlines.len()).sum();
    let targets: usize = measures_9_16().map(|m| m.targets.len()).sum();
    let recurring: usize = measures_9_16().map(|m| m.recurring.len()).sum();
    assert_eq!((deadlines, targets, recurring), (6, 8, 5));
}

#[test]
fn chapter_9_names_only_responsible_units_so_the_first_leads() {
    for id in (1..=10).map(|i| format!("9.{i}")) {
        let m = measure(&id);
        assert!(m.lead_inferred, "{id}");
        assert!(m.annotation.starts_with("（责任部门："), "{id}");
        assert_eq!(m.lead, vec!["hrss"], "{id}");
        assert_eq!(m.responsible.first().map(String::as_str), Some("hrss"));
    }
    let m = measure("9.1");
    assert_eq!(m.number, "（一）");
    assert_eq!(m.title, "稳定和扩大就业");
    assert!(
        m.text
            .contains("市级部门出台的有关进一步强化就业优先政策若干措施、创业扶持资金管理办法等")
    );
    // The wrap "12月 / 月底前" is joined without dropping the printed 月.
    assert!(
        m.text
            .contains("目录；12月月底前，组织“线上+线下”职业技能提升培训8650人次以上。")
    );
    assert_eq!(m.annotation, "（责任部门：区人力资源社会保障局、区财政局）");
    assert_eq!(m.responsible, vec!["hrss", "finance"]);
    assert_eq!(m.deadlines.len(), 1);
    assert_eq!(m.deadlines[0].kind, DeadlineKind::By);
    assert_eq!(m.deadlines[0].date, date("2021-12-31"));
    assert_eq!(m.deadlines[0].text, "12月月底前");
    assert_target(m, "skill_training", Comparator::Ge, 8650.0, "人次");

    assert_eq!(measure("9.3").responsible, vec!["hrss", "education"]);
    assert!(
        measure("9.6")
            .text
            .contains("推行适应生产经营特点的不定时工作制")
    );
    // "2020 年度" is the surveyed year, not a due date.
    let m = measure("9.7");
    assert!(m.text.starts_with("完成 2020 年度企业薪酬调查工作。"));
    assert!(m.deadlines.is_empty());
    let m = measure("9.10");
    assert_eq!(m.title, "优化工伤认定服务");
    assert_target(m, "decision_days", Comparator::Le, 7.0, "日");
}

#[test]
fn chapter_10_government_procurement() {
    let m = measure("10.1");
    assert_eq!(m.title, "推进“互联网+政府采购”");
    assert!(m.text.contains("实行采购单位在政府采购活动中使用电子签章"));
    assert_eq!(m.annotation, "（牵头部门：区财政局）");
    assert_eq!(m.lead, vec!["finance"]);
    assert!(!m.lead_inferred);
    assert!(m.responsible.is_empty());
    assert_eq!(m.deadlines.len(), 1);
    assert_eq!(m.deadlines[0].kind, DeadlineKind::By);
    assert_eq!(m.deadlines[0].date, date("2021-12-31"));
    assert_eq!(m.deadlines[0].text, "12月底前");
    assert!(m.deadlines[0].what.contains("互联互通"));

    let m = measure("10.2");
    assert_eq!(
        (m.lead.clone(), m.responsible.clone()),
        (vec!["finance".to_string()], vec!["transport".to_string()])
    );
    // Thresholds and deductions of the procurement rules are not progress targets.
    let m = measure("10.3");
    assert!(
        m.text
            .contains("采取预留40%以上份额或对小微企业给予8%-10%（工程项目3%-5%）的价格扣除")
    );
    assert!(m.targets.is_empty());
}

#[test]
fn chapter_11_government_services() {
    let m = measure("11.1");
    assert_eq!(m.lead, vec!["gov_office", "approval", "bigdata"]);
    assert!(
        measure("11.2")
            .text
            .contains("结合办理实际，在“山东省政务服务事项管理系统”中")
    );

    let m = measure("11.3");
    assert_eq!(m.title, "提升“一网通办”水平");
    assert_eq!(m.lead, vec!["gov_office", "approval"]);
    assert_eq!(m.recurring.len(), 1);
    assert_eq!(m.recurring[0].cadence, Cadence::Regular);
    assert!(m.recurring[0].text.ends_with("进行常态化核查"));
    assert_target(m, "online_rate", Comparator::Ge, 95.0, "%");
    assert_target(m, "full_online_rate", Comparator::Ge, 85.0, "%");

    let m = measure("11.4");
    assert_eq!(m.deadlines.len(), 1);
    assert_eq!(m.deadlines[0].date, date("2021-12-31"));
    assert_eq!(m.deadlines[0].text, "12月底前");
    assert!(m.deadlines[0].what.contains("“全省通办”"));

    assert!(measure("11.6").text.contains("执法检查等领域的深度应用。"));
    assert_target(measure("11.8"), "window_ratio", Comparator::Ge, 80.0, "%");

    // The annotation is split across a page and closes with a half-width bracket.
    let m = measure("11.10");
    assert_eq!(m.annotation, "（牵头部门：区行政审批局)");
    assert_eq!(m.lead, vec!["approval"]);
    let m = measure("11.11");
    assert_eq!(m.number, "(十一)");
    assert_eq!(
        m.annotation,
        "(牵头部门：区政府办公室、区行政审批局、区大数据中心)"
    );
    let m = measure("11.15");
    assert!(m.text.starts_with(
        "严格落实全面推行证明事项和涉企经营许可事项告知承诺制，加强政务服务数据归集和应用，"
    ));
    assert_eq!(m.lead, vec!["justice", "approval"]);
}

#[test]
fn chapter_12_intellectual_property() {
    let m = measure("12.2");
    assert_eq!(m.lead, vec!["market"]);
    assert_eq!(m.responsible, vec!["justice", "court"]);
    // A year inside a document's title is not a deadline.
    let m = measure("12.5");
    assert!(
        m.text
            .contains("《2021年全区知识产权行政保护工作实施方案》")
    );
    assert!(m.deadlines.is_empty());
    let m = measure("12.7");
    assert_eq!(m.title, "强化知识产权政策激励");
    assert_eq!(
        m.annotation,
        "（牵头部门：区市场监管局；责任部门：区财政局）"
    );
    assert_eq!(m.responsible, vec!["finance"]);
    assert_eq!(
        measure("12.8").responsible,
        vec!["science", "industry", "finance", "statistics"]
    );
    let m = measure("12.9");
    assert_eq!(
        m.annotation,
        "（牵头单位：区市场监管局；责任单位：区地方金融监管局）"
    );
    assert_eq!(m.responsible, vec!["finance_reg"]);
}

#[test]
fn chapter_13_market_supervision() {
    let m = measure("13.2");
    assert_eq!(m.recurring.len(), 1);
    assert_eq!(m.recurring[0].cadence, Cadence::Regular);
    let m = measure("13.4");
    assert_eq!(m.lead, vec!["justice"]);
    assert_target(m, "enforcement_systems", Comparator::Eq, 3.0, "项");
    // No separate heading: the whole first sentence is the title.
    let m = measure("13.5");
    assert_eq!(
        m.title,
        "依托市公共信用信息平台，依法依规公开公示，记入失信主体信用记录，倒逼企业守法诚信经营"
    );
    assert_eq!(m.lead, vec!["ndrc"]);
    assert_eq!(measure("13.6").annotation, "(牵头部门：区发展改革局)");

    let m = measure("13.9");
    assert_eq!(m.number, "(九)");
    assert_eq!(m.deadlines.len(), 1);
    assert_eq!(m.deadlines[0].kind, DeadlineKind::By);
    assert_eq!(m.deadlines[0].date, date("2021-11-30"));
    assert_eq!(m.deadlines[0].text, "11月底前");

    assert_eq!(
        measure("13.11").lead,
        vec!["ecology", "transport", "agriculture", "culture", "market"]
    );
    assert!(
        measure("13.13")
            .text
            .contains("涉及公共安全和人民群众生命健康的重点领域")
    );
    let m = measure("13.14");
    assert_eq!(m.lead, vec!["gov_office", "bigdata"]);
    assert_eq!(m.recurring[0].cadence, Cadence::Regular);
}

#[test]
fn chapter_14_innovation() {
    let m = measure("14.1");
    assert_eq!(m.lead, vec!["science", "finance", "tax"]);

    let m = measure("14.2");
    assert_eq!(m.deadlines.len(), 2);
    let by = &m.deadlines[0];
    assert_eq!(
        (by.kind, by.date, by.text.as_str()),
        (DeadlineKind::By, date("2021-12-31"), "年底前")
    );
    let within = &m.deadlines[1];
    assert_eq!(
        (within.kind, within.date, within.text.as_str()),
        (DeadlineKind::Within, date("2024-10-27"), "三年内")
    );
    assert_eq!(m.due(), Some(date("2021-12-31")));
    assert_eq!(m.recurring.len(), 1);
    assert_eq!(m.recurring[0].cadence, Cadence::Yearly);
    assert_target(m, "provincial_spaces", Comparator::Ge, 1.0, "家");

    // The lead list is split across a page inside 区人力资源社会保障局.
    let m = measure("14.3");
    assert_eq!(
        m.annotation,
        "（牵头部门：区科技局、区发展改革局、区工业和信息化局、区人力资源社会保障局)"
    );
    assert_eq!(m.lead, vec!["science", "ndrc", "industry", "hrss"]);
    assert_target(m, "new_platforms", Comparator::Ge, 2.0, "家");

    let m = measure("14.6");
    assert_eq!(m.lead, vec!["science", "hrss", "approval"]);
    assert_eq!(m.responsible, vec!["police", "foreign_affairs"]);
}

#[test]
fn chapter_15_talent_mobility() {
    // Only 责任部门, split across a page: the first responsible unit leads.
    let m = measure("15.1");
    assert_eq!(m.title, "健全完善人才引进服务政策体系");
    assert_eq!(
        m.annotation,
        "(责任部门:区委组织部、区人力资源社会保障局、区住房城乡建设局、区财政局)"
    );
    assert!(m.lead_inferred);
    assert_eq!(m.lead, vec!["org_dept"]);
    assert_eq!(
        m.responsible,
        vec!["org_dept", "hrss", "housing", "finance"]
    );

    // "…区农业农村局等" ends in a catch-all; the 2021 in an event's name is no date.
    let m = measure("15.4");
    assert!(!m.lead_inferred);
    assert_eq!(m.lead, vec!["hrss", "org_dept", "agriculture", "others"]);
    assert!(m.deadlines.is_empty());

    let m = measure("15.7");
    assert_eq!(m.title, "扩大高技能人才与专业技术人员职业发展贯通领域");
    assert!(m.text.starts_with("严格落实省、市《关于工程技术领域"));
    assert_eq!(m.responsible, vec!["education", "agriculture", "culture"]);
}

#[test]
fn chapter_16_foreign_investment() {
    // Reward percentages are policy, not targets.
    let m = measure("16.1");
    assert_eq!(m.lead, vec!["finance", "commerce"]);
    assert!(m.targets.is_empty());
    assert!(
        measure("16.2")
            .text
            .starts_with("参加“山东与世界 500 强连线”系列活动")
    );

    let m = measure("16.3");
    assert_eq!(m.lead, vec!["commerce", "investment_center"]);
    assert_eq!(m.recurring.len(), 1);
    assert_eq!(m.recurring[0].cadence, Cadence::Regular);
    assert!(m.recurring[0].text.contains("定期调度、通报"));

    let m = measure("16.4");
    assert_eq!(m.lead, vec!["commerce"]);
    assert_eq!(
        m.responsible,
        vec![
            "ndrc",
            "industry",
            "finance",
            "natural_resources",
            "ecology",
            "transport",
            "foreign_affairs",
            "finance_reg",
            "tax",
            "trade_council"
        ]
    );
    assert!(
        measure("16.5")
            .text
            .contains("协助符合条件的外商投资企业享受进口自用设备免征关税政策")
    );
}
