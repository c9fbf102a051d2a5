//! Whatever text comes in, import returns a plan or an error; it never panics.

use duban::import::{Options, import_text};
use proptest::prelude::*;

/// Fragments that exercise the parser's edges: brackets of both widths,
/// role words, numbering, dates cut in the middle, wraps and blank lines.
const PIECES: &[&str] = &[
    "（",
    "）",
    "(",
    ")",
    "〔",
    "〕",
    "【",
    "】",
    "牵头部门：",
    "责任单位:",
    "配合单位",
    "牵头",
    "一、",
    "第三章",
    "# ",
    "（一）",
    "(2)",
    "3.",
    "4、",
    "①",
    "12月",
    "月底前",
    "年底前",
    "自",
    "2022年",
    "1月1日",
    "起",
    "三年内",
    "长期坚持",
    "持续推进",
    "达",
    "99%",
    "以上",
    "不超过",
    "3个工作日",
    "以内",
    "前",
    "50名",
    "等",
    "、",
    "，",
    "；",
    "。",
    "\n",
    "\n\n",
    " ",
    "　",
    "區稅務局",
    "各镇政府（街道办事处）",
    "附件",
    "抄送：",
    "2021年10月27日",
    "---",
    "第一责任单位为牵头单位",
    "9999年99月99日",
    "0月0日前",
    "十三月底前",
    "一百年内",
    "99999999999999999999%以上",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_strings_never_panic(s in any::<String>()) {
        let _ = import_text(&s, &Options::default());
    }

    #[test]
    fn plan_like_fragments_never_panic(s in pieces(), year in prop::option::of(1900i32..2200)) {
        let opts = Options { year, ..Options::default() };
        if let Ok(imp) = import_text(&s, &opts) {
            // Whatever was imported holds together: every measure has a lead
            // that names a department of the output.
            for m in imp.chapters.iter().flat_map(|c| c.measures.iter()) {
                prop_assert!(!m.lead.is_empty());
                for id in m.lead.iter().chain(m.responsible.iter()) {
                    prop_assert!(imp.departments.iter().any(|d| &d.id == id), "{id}");
                }
            }
        }
    }
}
