//! Pins the transcription of the default plan against the source text:
//! counts for the whole annex, and for chapters 1–8 the titles, repaired
//! text, departments, deadlines, recurring duties and targets.

use chrono::NaiveDate;
use duban::plan::{Cadence, Comparator, DeadlineKind, DeptKind, Measure, Plan, load_embedded};

fn plan() -> Plan {
    load_embedded().unwrap_or_else(|e| panic!("embedded plan does not load:\n{e}"))
}

fn measure<'a>(p: &'a Plan, id: &str) -> &'a Measure {
    p.measure(id)
        .unwrap_or_else(|| panic!("measure {id} missing"))
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Asserts a target by key: comparator, value and unit.
fn assert_target(m: &Measure, key: &str, cmp: Comparator, value: f64, unit: &str) {
    let t = m
        .targets
        .iter()
        .find(|t| t.key == key)
        .unwrap_or_else(|| panic!("{}: no target {key}", m.id));
    assert_eq!(
        (t.cmp, t.value, t.unit.as_str()),
        (cmp, value, unit),
        "{}: {key}",
        m.id
    );
    assert!(
        m.text.contains(&t.text),
        "{}: target text {:?} not in the measure text",
        m.id,
        t.text
    );
}

#[test]
fn annex_has_16_chapters_and_140_measures() {
    let p = plan();
    let counts: Vec<usize> = p.chapters.iter().map(|c| c.measures.len()).collect();
    assert_eq!(
        counts,
        [17, 9, 3, 9, 10, 2, 4, 4, 10, 7, 15, 12, 14, 7, 10, 7]
    );
    assert_eq!(p.measure_count(), 140);
    let numbers: Vec<u32> = p.chapters.iter().map(|c| c.number).collect();
    assert_eq!(numbers, (1..=16).collect::<Vec<_>>());
    for c in &p.chapters {
        for (i, m) in c.measures.iter().enumerate() {
            assert_eq!(m.id, format!("{}.{}", c.number, i + 1));
        }
    }
    assert_eq!(p.chapters[0].title, "开办企业");
    assert_eq!(p.chapters[11].title, "知识产权创造、保护和运用");
    assert_eq!(p.chapters[15].title, "优化外商投资服务");
}

#[test]
fn no_page_break_artifacts_remain() {
    let p = plan();
    for (_, m) in p.measures() {
        for (field, s) in [
            ("title", &m.title),
            ("text", &m.text),
            ("annotation", &m.annotation),
        ] {
            assert!(!s.contains('\n'), "{} {field} has a line break", m.id);
            assert!(!s.contains("  "), "{} {field} has doubled spaces", m.id);
            assert_eq!(
                s.trim(),
                s.as_str(),
                "{} {field} has outer whitespace",
                m.id
            );
        }
        assert!(
            !m.title.contains('。'),
            "{} title runs past the first 。",
            m.id
        );
        assert!(!m.text.is_empty(), "{} has no text", m.id);
        assert!(
            m.annotation.contains("牵头") || m.annotation.contains("责任"),
            "{} has no department annotation",
            m.id
        );
    }
}

#[test]
fn annotation_names_and_department_ids_agree() {
    let p = plan();
    for (_, m) in p.measures() {
        // Every assigned body is named in the annotation (a bare trailing 等 for "others").
        for id in m.departments() {
            let d = p.department(id).unwrap();
            let named = std::iter::once(&d.name)
                .chain(&d.aliases)
                .any(|n| m.annotation.contains(n.as_str()));
            let bare_etc = d.kind == DeptKind::CatchAll && m.annotation.contains('等');
            assert!(
                named || bare_etc,
                "{}: {id} not named in {:?}",
                m.id,
                m.annotation
            );
        }
        // And nothing the annotation names is left without an id.
        let mut names: Vec<&str> = m
            .departments()
            .into_iter()
            .flat_map(|id| {
                let d = p.department(id).unwrap();
                std::iter::once(d.name.as_str()).chain(d.aliases.iter().map(String::as_str))
            })
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
        let mut rest = m.annotation.clone();
        for label in ["牵头部门", "责任部门", "牵头单位", "责任单位"] {
            rest = rest.replace(label, "");
        }
        for n in names {
            rest = rest.replace(n, "");
        }
        rest.retain(|c| !"〔〕（）()：:；;、，,等".contains(c));
        assert!(
            rest.is_empty(),
            "{}: {rest:?} in the annotation has no department",
            m.id
        );
        if m.lead_inferred {
            assert!(
                !m.annotation.contains("牵头"),
                "{}: lead inferred but named",
                m.id
            );
            assert_eq!(m.lead.first(), m.responsible.first(), "{}", m.id);
        }
    }
}

#[test]
fn departments_are_listed_once_with_their_spellings() {
    let p = plan();
    let mut spellings = std::collections::HashMap::new();
    for d in &p.departments {
        for n in std::iter::once(&d.name).chain(&d.aliases) {
            if let Some(other) = spellings.insert(n.clone(), d.id.clone()) {
                panic!("{n} names both {other} and {}", d.id);
            }
        }
    }
    let by = |name: &str| spellings.get(name).map(String::as_str);
    assert_eq!(by("区发展改革委"), Some("ndrc"));
    assert_eq!(by("区发展改革局"), Some("ndrc"));
    assert_eq!(by("嘉明经济开发区管委会"), Some("jiaming"));
    assert_eq!(by("各水电气热信等专营单位"), Some("utilities"));
    let kind = |id: &str| p.department(id).unwrap().kind;
    assert_eq!(kind("towns"), DeptKind::Collective);
    assert_eq!(kind("construction_group"), DeptKind::Collective);
    assert_eq!(kind("relevant_depts"), DeptKind::CatchAll);
    assert_eq!(kind("power_supply"), DeptKind::Enterprise);
    // The three differently scoped utility groups stay distinct bodies.
    for id in ["utilities", "utilities_wg", "utilities_wgh"] {
        assert_eq!(kind(id), DeptKind::Enterprise);
    }
}

#[test]
fn plan_document_main_text() {
    let p = plan();
    let d = &p.doc;
    assert_eq!(d.id, "dongchangfu-2021");
    assert_eq!(d.issuer, "东昌府区人民政府");
    assert_eq!(d.issued, date("2021-10-27"));
    let items: Vec<usize> = d.sections.iter().map(|s| s.items.len()).collect();
    assert_eq!(items, [0, 4, 4, 5]);
    assert!(
        d.sections[0]
            .text
            .contains("力争营商环境工作进入全省前 50 名")
    );
    // 二（三） and 四（二） were split across pages.
    assert!(
        d.sections[1].items[2]
            .text
            .contains("政策创新和实践探索，努力破除")
    );
    assert!(
        d.sections[3].items[1]
            .text
            .starts_with("进一步完善责任分工体系，各指标牵头部门、责任部门")
    );
    assert_eq!(d.targets[0].cmp, Comparator::Le);
    assert_eq!(d.targets[0].value, 50.0);
    assert_eq!(d.milestones[0].date, date("2021-11-30"));
    let cadences: Vec<Cadence> = d.duties.iter().map(|r| r.cadence).collect();
    assert_eq!(cadences, [Cadence::Monthly, Cadence::Regular]);
}

#[test]
fn chapter_1_business_startup() {
    let p = plan();
    let m = measure(&p, "1.1");
    assert_eq!(m.number, "(一)");
    assert_eq!(m.title, "深化企业开办“4012”品牌");
    assert_eq!(m.lead, ["approval", "tax"]);
    assert_eq!(
        m.responsible,
        [
            "market",
            "police",
            "hrss",
            "finance_reg",
            "medical_insurance",
            "housing_fund",
            "bigdata",
            "towns",
            "parks"
        ]
    );
    assert!(m.annotation.starts_with("〔牵头部门：") && m.annotation.ends_with("园区管委会〕"));
    assert_target(m, "e_rate", Comparator::Ge, 99.0, "%");
    assert_target(m, "id_checks", Comparator::Le, 1.0, "次");

    assert!(measure(&p, "1.2").text.contains("帮办代办远程服务"));
    assert_eq!(measure(&p, "1.3").number, "（三）");
    let m = measure(&p, "1.7");
    assert_eq!(
        m.responsible,
        ["market", "relevant_depts", "towns", "parks"]
    );
    let m = measure(&p, "1.8");
    assert!(m.text.starts_with("全面实施市场主体商事登记全程电子化登记"));
    assert!(m.text.contains("电子营业执照认领率达 99%以上"));
    assert_target(m, "license_claim_rate", Comparator::Ge, 99.0, "%");
    let m = measure(&p, "1.9");
    assert!(m.annotation.starts_with("（牵头部门：区行政审批局；"));
    let m = measure(&p, "1.13");
    assert_eq!(m.recurring.len(), 1);
    assert_eq!(m.recurring[0].cadence, Cadence::Weekly);
    assert!(m.text.contains("真正为企业排忧解难。推进分类回访"));
    assert_target(
        measure(&p, "1.17"),
        "industries",
        Comparator::Eq,
        57.0,
        "个",
    );
    assert_eq!(measure(&p, "1.12").responsible, Vec::<String>::new());
}

#[test]
fn chapter_2_construction_permits() {
    let p = plan();
    let m = measure(&p, "2.2");
    assert_target(m, "permit_steps", Comparator::Eq, 1.0, "个");
    assert_target(m, "acceptance_steps", Comparator::Eq, 1.0, "个");

    let m = measure(&p, "2.3");
    assert!(
        m.text
            .contains("100万元以下(含)或者建筑面积在 500 平方米以下（含）")
    );
    assert_eq!(m.deadlines.len(), 1);
    assert_eq!(m.deadlines[0].kind, DeadlineKind::From);
    assert_eq!(m.deadlines[0].date, date("2022-01-01"));
    assert_eq!(m.due(), None, "a start date is not a due date");
    assert!(
        m.targets.is_empty(),
        "exemption thresholds are rules, not targets"
    );

    let m = measure(&p, "2.6");
    assert_eq!(m.title, "提升建筑质量管控水平");
    assert!(m.text.ends_with("12 月底前推行工程质量潜在缺陷保险制度。"));
    assert_eq!(m.annotation, "（牵头部门：区住房城乡建设局）");
    assert_eq!(m.lead, ["housing"]);
    assert_eq!(m.deadlines[0].text, "12 月底前");
    assert_eq!(m.due(), Some(date("2021-12-31")));
    assert_target(m, "joint_inspections", Comparator::Le, 1.0, "次");

    let m = measure(&p, "2.8");
    assert_eq!(m.number, "(八)");
    assert_eq!(m.responsible, ["construction_group"]);
}

#[test]
fn chapter_3_electricity() {
    let p = plan();
    let m = measure(&p, "3.2");
    assert_eq!(m.title, "推行园区快捷接电模式");
    assert!(
        m.text
            .starts_with("在嘉明工业园区推行电力设施与园区建设同步规划")
    );
    assert_eq!(m.lead, ["ndrc"]);
    assert_eq!(
        m.responsible,
        ["housing", "enforcement", "jiaming", "power_supply"]
    );
    let m = measure(&p, "3.1");
    assert!(m.responsible.contains(&"power_supply".to_string()));
    assert!(m.deadlines.is_empty() && m.targets.is_empty());
}

#[test]
fn chapter_4_water_and_gas() {
    let p = plan();
    let m = measure(&p, "4.3");
    assert!(m.text.contains("统一出件”服务模式，实现全流程网办。"));
    let m = measure(&p, "4.4");
    assert_eq!(m.responsible, ["utilities_wg"]);
    assert_target(m, "hookup_days", Comparator::Le, 3.0, "个工作日");
    assert_target(m, "external_days", Comparator::Le, 4.0, "个工作日");
    let m = measure(&p, "4.5");
    assert_eq!(
        m.annotation,
        "（牵头部门：区行政审批局、区综合执法局；责任单位：各水气专营单位）"
    );
    assert_eq!(measure(&p, "4.6").responsible, ["utilities"]);
    assert_eq!(measure(&p, "4.7").responsible, ["utilities_wgh"]);
    let m = measure(&p, "4.8");
    assert!(m.text.contains("水气热服务质量评估和通报"));
    assert_target(measure(&p, "4.9"), "steps", Comparator::Le, 1.0, "个");
}

#[test]
fn chapter_5_taxes() {
    let p = plan();
    let m = measure(&p, "5.7");
    assert_eq!(m.lead, ["tax"]);
    assert_eq!(m.responsible, ["commerce"]);
    assert_target(m, "refund_days", Comparator::Le, 2.0, "个工作日");
    assert_target(m, "paperless", Comparator::Ge, 98.0, "%");
    assert_eq!(m.deadlines[0].text, "年底前");
    assert_eq!(m.due(), Some(date("2021-12-31")));
    let m = measure(&p, "5.8");
    assert_eq!(m.due(), Some(date("2021-12-31")));
    assert!(m.targets.is_empty(), "领先全市平均水平 states no number");
    let m = measure(&p, "5.10");
    assert_eq!(m.number, "(十)");
    assert_eq!(m.recurring[0].cadence, Cadence::Regular);
    assert_eq!(
        measure(&p, "5.3").recurring[0].text,
        "定期发布税收风险提醒事项"
    );
}

#[test]
fn chapter_6_cross_border_trade() {
    let p = plan();
    let m = measure(&p, "6.1");
    assert_eq!(m.title, "统筹部门资源，解决企业难题");
    assert_eq!(m.responsible, ["tax", "trade_council"]);
    let m = measure(&p, "6.2");
    assert!(m.text.ends_with("引导跨境电商企业开展多模式运营。"));
    assert_eq!(m.lead, ["commerce"]);
}

#[test]
fn chapter_7_financial_services() {
    let p = plan();
    let m = measure(&p, "7.3");
    assert!(
        m.text
            .contains("转报工作。（牵头部门：区发展改革局）推动重点企业")
    );
    assert!(m.text.ends_with("营造企业上市氛围。"));
    assert_eq!(
        m.annotation,
        "（牵头部门：区发展改革局）（责任部门：区地方金融监管局）"
    );
    assert_eq!(m.lead, ["ndrc"]);
    assert_eq!(m.responsible, ["finance_reg"]);
    assert!(!m.lead_inferred);
    let m = measure(&p, "7.4");
    assert!(m.lead_inferred);
    assert_eq!(m.lead, ["police"]);
    assert_eq!(m.responsible, ["police"]);
}

#[test]
fn chapter_8_small_investors() {
    let p = plan();
    let m = measure(&p, "8.1");
    assert!(m.text.starts_with("协调省、市证监部门，督促辖区内上市公司"));
    assert_eq!(m.lead, ["finance_reg"]);
    assert_eq!(m.responsible, ["industry", "finance"]);
    let m = measure(&p, "8.3");
    assert_eq!(m.recurring[0].cadence, Cadence::Regular);
    assert_eq!(m.recurring[0].text, "常态化开展理性投资、防非识假宣传");
}

#[test]
fn chapters_1_to_8_dates_are_within_the_plan_horizon() {
    let p = plan();
    for (c, m) in p.measures() {
        if c.number > 8 {
            continue;
        }
        for d in &m.deadlines {
            assert!(
                m.text.contains(&d.text),
                "{}: {:?} not in the text",
                m.id,
                d.text
            );
            assert!(
                d.date > p.doc.issued && d.date <= date("2024-10-27"),
                "{}: {}",
                m.id,
                d.date
            );
        }
        for r in &m.recurring {
            assert!(
                m.text.contains(&r.text),
                "{}: {:?} not in the text",
                m.id,
                r.text
            );
        }
    }
}
