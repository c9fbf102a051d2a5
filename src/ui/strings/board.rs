//! The header's and status line's words for finding things: the ranking
//! tab, who you are, the short help hint, the search position and why a
//! measure matched.

use super::Strings;

impl Strings {
    /// The fifth tab, the department ranking.
    pub fn ranking_tab(&self) -> &'static str {
        if self.zh() { "排名" } else { "Ranking" }
    }

    /// The help hint when the header is tight.
    pub fn hints_short(&self) -> &'static str {
        if self.zh() {
            "?帮助 :命令"
        } else {
            "?help :cmd"
        }
    }

    /// What needs the department, as a bare count when the header is tight.
    pub fn need_short(&self, items: usize) -> String {
        if self.zh() {
            format!("待办{items} [t]")
        } else {
            format!("to do {items} [t]")
        }
    }

    /// Who the user acts as, for the header: a department's name, a
    /// coordinator's, or that nobody is chosen yet.
    pub fn acting_as(&self, dept: Option<&str>, coordinator: Option<&str>) -> String {
        match (dept, coordinator, self.zh()) {
            (_, Some(c), true) => format!("协调人 {c}"),
            (_, Some(c), false) => format!("coordinator {c}"),
            (Some(d), None, _) => d.to_string(),
            (None, None, true) => "未选择身份".into(),
            (None, None, false) => "no identity".into(),
        }
    }

    /// "3/12" with the word for matches when there is room.
    pub fn search_position(&self, k: usize, n: usize) -> String {
        if self.zh() {
            format!("第{k}/{n}项")
        } else {
            format!("{k}/{n}")
        }
    }

    /// The field a search matched in, for the status line.
    pub fn matched_in(&self, field: crate::app::search::Field) -> &'static str {
        use crate::app::search::Field;
        match (field, self.zh()) {
            (Field::Id, true) => "编号",
            (Field::Id, false) => "id",
            (Field::Title, true) => "标题",
            (Field::Title, false) => "title",
            (Field::Text, true) => "正文",
            (Field::Text, false) => "text",
            (Field::Department, true) => "部门",
            (Field::Department, false) => "department",
        }
    }
}
