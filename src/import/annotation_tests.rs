use super::*;

#[test]
fn finds_groups_of_every_bracket_style() {
    for s in [
        "内容。〔牵头部门：区税务局；责任部门：各镇政府（街道办事处）、园区管委会〕",
        "内容。（牵头部门：区税务局；责任部门：各镇政府（街道办事处）、园区管委会）",
        "内容。(牵头部门:区税务局;责任部门:各镇政府(街道办事处)、园区管委会)",
        "内容。（牵头部门：区税务局；责任部门：各镇政府（街道办事处）、园区管委会)",
    ] {
        let f = Folded::new(s);
        let g = groups(&f);
        assert_eq!(g.len(), 1, "{s}");
        assert!(g[0].closed);
        assert!(
            g[0].printed.ends_with("园区管委会〕")
                || g[0].printed.ends_with("园区管委会）")
                || g[0].printed.ends_with("园区管委会)")
        );
        let p = parse(&g[0].printed);
        assert_eq!(
            p.roles[0],
            (Role::Lead, vec!["区税务局".to_string()]),
            "{s}"
        );
        let names = &p.roles[1].1;
        assert_eq!(names.len(), 2, "{s}");
        assert_eq!(fold(&names[0]), "各镇政府(街道办事处)");
        assert_eq!(names[1], "园区管委会");
    }
}

#[test]
fn ordinary_brackets_are_not_annotations() {
    let f = Folded::new("文件（鲁建建管函〔2021〕4号）有关规定，100万元以下(含)");
    assert!(groups(&f).is_empty());
}

#[test]
fn unbalanced_group_reads_to_the_end() {
    let f = Folded::new("内容。〔牵头部门：区税务局");
    let g = groups(&f);
    assert_eq!(g.len(), 1);
    assert!(!g[0].closed);
    assert_eq!(
        parse(&g[0].printed).roles[0].1,
        vec!["区税务局".to_string()]
    );
}

#[test]
fn lists_split_on_every_separator() {
    assert_eq!(
        split_names("甲局、乙局，丙局,丁局；戊局"),
        vec!["甲局", "乙局", "丙局", "丁局", "戊局"]
    );
}

#[test]
fn catch_alls() {
    assert_eq!(
        split_etc("区市场监管局等区有关部门"),
        ("区市场监管局".into(), Some("区有关部门".into()))
    );
    assert_eq!(
        split_etc("区农业农村局等"),
        ("区农业农村局".into(), Some(String::new()))
    );
    assert_eq!(
        split_etc("各水电气热信等专营单位"),
        ("各水电气热信等专营单位".into(), None)
    );
}

#[test]
fn bare_lines_and_the_stated_convention() {
    let p = parse("責任單位：區稅務局、區人社局（第一責任單位為牽頭單位）");
    assert!(p.convention);
    assert_eq!(
        p.roles,
        vec![(
            Role::Responsible,
            vec!["區稅務局".to_string(), "區人社局".into()]
        )]
    );
    let p = parse("（牵头部门：区税务局；责任部门：园区管委会、各镇政府（街道办事处））");
    assert_eq!(
        p.roles[1].1,
        vec!["园区管委会".to_string(), "各镇政府（街道办事处）".into()]
    );
    let p = parse("(牵头部门：区税务局；责任部门：各镇政府(街道办事处))");
    assert_eq!(p.roles[1].1, vec!["各镇政府(街道办事处)".to_string()]);
}

fn roles(printed: &str) -> Vec<(Role, Vec<String>)> {
    parse(printed).roles
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_label_and_separator() {
    for s in [
        "（牵头考核单位：市税务局；参加单位：市财政局）",
        "【牵头单位：市税务局, 承办单位：市财政局】",
        "(牵头部门:市税务局;协办单位:市财政局)",
        "〔牵头单位：市税务局，配合单位：市财政局〕",
    ] {
        assert_eq!(
            roles(s),
            vec![
                (Role::Lead, strs(&["市税务局"])),
                (
                    if s.contains("承办") {
                        Role::Responsible
                    } else {
                        Role::Cooperating
                    },
                    strs(&["市财政局"])
                )
            ],
            "{s}"
        );
    }
    let p = parse("（牵头单位：市自然资源局；责任单位：市住建局，6月底完成）");
    assert_eq!(p.due, strs(&["6月底完成"]));
    let p = parse("（5月底取得明显成效并持续推进，牵头考核单位：市市场监管局）");
    assert_eq!(p.due, strs(&["5月底取得明显成效并持续推进"]));
    assert!(p.leftover.is_empty());
    let p = parse("（牵头单位：市发改委；牵头领导：张三；完成时限：2022年底）");
    assert_eq!(p.roles, vec![(Role::Lead, strs(&["市发改委"]))]);
    assert_eq!(p.due, strs(&["2022年底"]));
    assert_eq!(
        roles("（责任单位：市发展改革委（牵头）、市财政局）"),
        vec![
            (Role::Lead, strs(&["市发展改革委"])),
            (Role::Responsible, strs(&["市财政局"]))
        ]
    );
}

#[test]
fn verb_annotations() {
    assert_eq!(
        roles("（省政府办公厅、省司法厅牵头，省直有关部门配合）"),
        vec![
            (Role::Lead, strs(&["省政府办公厅", "省司法厅"])),
            (Role::Cooperating, strs(&["省直有关部门"]))
        ]
    );
    assert_eq!(
        roles("（省司法厅负责）"),
        vec![(Role::Lead, strs(&["省司法厅"]))]
    );
    assert_eq!(
        roles("（市税务局负责，市财政局配合）"),
        vec![
            (Role::Lead, strs(&["市税务局"])),
            (Role::Cooperating, strs(&["市财政局"]))
        ]
    );
    assert_eq!(
        roles("（市发展改革委牵头，各有关部门分工负责）"),
        vec![
            (Role::Lead, strs(&["市发展改革委"])),
            (Role::Responsible, strs(&["各有关部门"]))
        ]
    );
    assert_eq!(
        roles("（由市大数据局负责）"),
        vec![(Role::Lead, strs(&["市大数据局"]))]
    );
}

#[test]
fn bare_lists_and_what_is_not_an_annotation() {
    let f = Folded::new("推行网办。（县行政审批服务局、县市场监管局）");
    assert_eq!(groups(&f).len(), 1);
    for s in [
        "优化涉企检查（0.5分）。",
        "各县（市、区）人民政府(功能区)要落实。",
        "设立专班（以下简称市营商办）。",
        "建立制度（含县市场监管局）。",
        "依照《条例》（省政府令第1号）执行。",
    ] {
        assert!(groups(&Folded::new(s)).is_empty(), "{s}");
    }
    // A bare list in the middle of a sentence is text.
    assert!(groups(&Folded::new("由（县财政局）拨付资金。")).is_empty());
}

#[test]
fn conventions_in_their_wordings() {
    for s in [
        "（列第一位者为牵头部门，下同）",
        "（各项任务中排在首位的为牵头单位，其他为配合单位）",
        "第一责任单位为牵头单位",
    ] {
        let (rest, found) = remove_convention(s);
        assert!(found, "{s}");
        assert!(
            trim_seps(&rest).is_empty() || rest.trim().is_empty(),
            "{s} → {rest:?}"
        );
    }
    assert!(!remove_convention("市发展改革委为牵头单位").1);
}

#[test]
fn units_run_together_are_split() {
    assert_eq!(
        split_run_on("市行政审批局市司法局"),
        strs(&["市行政审批局", "市司法局"])
    );
    assert_eq!(
        split_run_on("区市场监管局区税务局"),
        strs(&["区市场监管局", "区税务局"])
    );
    assert_eq!(split_run_on("市市场监管局"), strs(&["市市场监管局"]));
    assert_eq!(split_run_on("聊城市税务局"), strs(&["聊城市税务局"]));
    assert_eq!(split_run_on("东昌府区税务局"), strs(&["东昌府区税务局"]));
}

#[test]
fn text_before_a_role_is_leftover() {
    let p = parse("（注：牵头部门：区税务局）");
    assert_eq!(p.leftover, vec!["注："]);
}
