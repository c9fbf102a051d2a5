use super::*;

fn basis() -> Basis {
    Basis {
        year: Some(2021),
        issued: NaiveDate::from_ymd_opt(2021, 10, 27),
        year_given: false,
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn one(text: &str) -> Found {
    let found = scan(text, &basis());
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    found.into_iter().next().unwrap()
}

fn by(text: &str) -> (DeadlineKind, NaiveDate, String) {
    match one(text) {
        Found::Deadline {
            kind, date, text, ..
        } => (kind, date, text),
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn month_end() {
    assert_eq!(
        by("完善制度，12 月底前推行"),
        (DeadlineKind::By, d(2021, 12, 31), "12 月底前".into())
    );
    assert_eq!(
        by("2022年6月底前完成"),
        (DeadlineKind::By, d(2022, 6, 30), "2022年6月底前".into())
    );
    assert_eq!(by("十一月底前完成").1, d(2021, 11, 30));
    assert_eq!(by("2月底前").1, d(2022, 2, 28));
    assert_eq!(
        by("；12月月底前，组织"),
        (DeadlineKind::By, d(2021, 12, 31), "12月月底前".into())
    );
}

#[test]
fn year_end_and_days() {
    assert_eq!(by("年底前一类企业").1, d(2021, 12, 31));
    assert_eq!(by("2022年底前").1, d(2022, 12, 31));
    assert_eq!(by("12月15日前").1, d(2021, 12, 15));
    assert_eq!(by("力争年内完成").1, d(2021, 12, 31));
}

#[test]
fn from_and_within() {
    assert_eq!(
        by("自2022年1月1日起，可以"),
        (DeadlineKind::From, d(2022, 1, 1), "自2022年1月1日起".into())
    );
    assert_eq!(
        by("全区三年内至少建设一家"),
        (DeadlineKind::Within, d(2024, 10, 27), "三年内".into())
    );
}

#[test]
fn undated_and_unresolved() {
    assert!(matches!(one("长期坚持"), Found::Undated { .. }));
    assert!(matches!(one("持续推进改革"), Found::Undated { .. }));
    assert!(matches!(one("春节前完成"), Found::Unresolved { .. }));
    let none = Basis::default();
    assert!(matches!(
        scan("12月底前", &none)[0],
        Found::Unresolved { .. }
    ));
}

#[test]
fn what_is_due_is_the_rest_of_the_clause() {
    let found = scan(
        "完善信用管理机制，12 月底前推行工程质量潜在缺陷保险制度。下一句",
        &basis(),
    );
    match &found[0] {
        Found::Deadline { what, .. } => assert_eq!(what, "推行工程质量潜在缺陷保险制度"),
        other => panic!("{other:?}"),
    }
    match &scan("11月底前，通过平台，共享结果；其他", &basis())[0] {
        Found::Deadline { what, .. } => assert_eq!(what, "通过平台，共享结果"),
        other => panic!("{other:?}"),
    }
    match &scan("12月底前，全力配合完成互联互通，推进一体化。", &basis())[0] {
        Found::Deadline { what, .. } => assert_eq!(what, "全力配合完成互联互通"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn not_deadlines() {
    assert!(scan("完成 2020 年度企业薪酬调查", &basis()).is_empty());
    assert!(scan("自受理之日起 7 日内作出决定", &basis()).is_empty());
    assert!(scan("高新技术企业培育三年行动计划", &basis()).is_empty());
}

#[test]
fn date_lines() {
    assert_eq!(date_line("2021年10月27日"), Some(d(2021, 10, 27)));
    assert_eq!(date_line("二〇二一年十月二十七日"), Some(d(2021, 10, 27)));
    assert_eq!(date_line("2021年10月27日印发"), Some(d(2021, 10, 27)));
    assert_eq!(date_line("2021年10月27日召开会议"), None);
}

#[test]
fn quarters_and_deadline_places() {
    let b = Basis {
        year: Some(2022),
        issued: NaiveDate::from_ymd_opt(2022, 1, 10),
        year_given: false,
    };
    let dates = |t: &str, due: bool| -> Vec<NaiveDate> {
        let found = if due { scan_due(t, &b) } else { scan(t, &b) };
        found
            .into_iter()
            .filter_map(|f| match f {
                Found::Deadline { date, .. } => Some(date),
                _ => None,
            })
            .collect()
    };
    let d = |m, day| NaiveDate::from_ymd_opt(2022, m, day).unwrap();
    assert_eq!(dates("一季度末前完成", false), [d(3, 31)]);
    assert_eq!(dates("2022年第三季度前", false), [d(9, 30)]);
    assert_eq!(dates("每季度调度一次", false), []);
    assert_eq!(dates("第二季度", true), [d(6, 30)]);
    assert_eq!(dates("6月份", true), [d(6, 30)]);
    assert_eq!(dates("11月", true), [d(11, 30)]);
    assert_eq!(dates("2022年", true), [d(12, 31)]);
    assert_eq!(dates("6月份上线平台", false), [d(6, 30)]);
    assert_eq!(dates("9月底完成", false), [d(9, 30)]);
    assert_eq!(dates("10月中旬前", false), [d(10, 20)]);
    assert_eq!(dates("组织6月份的培训", false), []);
    assert_eq!(dates("到2022年底，全面推行", false), [d(12, 31)]);
    assert_eq!(dates("到6月底，全面推行", false), [d(6, 30)]);
    assert_eq!(dates("6月底的数据", false), []);
    assert!(matches!(scan_due("长期", &b)[..], [Found::Undated { .. }]));
}
