//! Every string the board shows that is not plan text, in Chinese and
//! English. Key descriptions live with the keys, in `app::keymap`.

use crate::app::keymap::{Group, Mode};
use crate::app::state::{Notice, View};
use crate::lang::Lang;
use crate::plan::{Cadence, DeadlineKind};
use crate::progress::Status;

pub struct Strings {
    pub lang: Lang,
    pub app: &'static str,
    pub chapters: &'static str,
    pub measures: &'static str,
    pub detail: &'static str,
    pub due_list: &'static str,
    pub departments: &'static str,
    pub by_chapter: &'static str,
    pub by_dept: &'static str,
    pub lead: &'static str,
    pub responsible: &'static str,
    pub inferred: &'static str,
    pub deadlines: &'static str,
    pub targets: &'static str,
    pub recurring: &'static str,
    pub progress: &'static str,
    pub text: &'static str,
    pub annotation: &'static str,
    pub lead_tag: &'static str,
    pub resp_tag: &'static str,
    pub as_of: &'static str,
    pub filter: &'static str,
    pub only_overdue: &'static str,
    pub clear_hint: &'static str,
    pub hints: &'static str,
    pub help: &'static str,
    pub help_footer: &'static str,
    pub palette: &'static str,
    pub palette_hint: &'static str,
    pub picker: &'static str,
    pub all_depts: &'static str,
    pub none: &'static str,
    pub none_filtered: &'static str,
    pub col_total: &'static str,
    pub col_overdue: &'static str,
    pub col_soon: &'static str,
    pub col_dated: &'static str,
    pub col_progress: &'static str,
    pub col_lead: &'static str,
    pub col_resp: &'static str,
    pub list_sep: &'static str,
    pub no_progress: &'static str,
    pub committed: &'static str,
    pub status_filter: &'static str,
    /// The changes screen (自上次调度以来的变化).
    pub changes: &'static str,
    pub changes_none_marked: &'static str,
    pub changes_how_to_mark: &'static str,
    pub changes_nothing: &'static str,
    pub changes_hints: &'static str,
    /// The meeting-name prompt before a review is marked.
    pub mark_title: &'static str,
    pub mark_label: &'static str,
    pub mark_empty: &'static str,
    pub mark_hints: &'static str,
    /// The edit form's sub-steps (分解步骤).
    pub steps_title: &'static str,
    pub steps_add: &'static str,
    pub step_new: &'static str,
    pub step_changed: &'static str,
    pub step_removed: &'static str,
    pub step_text: &'static str,
    pub step_date: &'static str,
    pub steps_hint: &'static str,
    pub step_editor_hint: &'static str,
}

pub static ZH: Strings = Strings {
    lang: Lang::Zh,
    app: "督办",
    chapters: "章节",
    measures: "措施",
    detail: "详情",
    due_list: "逾期与临期（7日内）",
    departments: "部门",
    by_chapter: "按章节",
    by_dept: "按部门",
    lead: "牵头部门",
    responsible: "责任部门",
    inferred: "（按第一责任单位推定）",
    deadlines: "计划时限",
    targets: "目标",
    recurring: "常态工作",
    progress: "部门进度",
    text: "正文",
    annotation: "原文标注",
    lead_tag: "牵头",
    resp_tag: "责任",
    as_of: "截至",
    filter: "筛选",
    only_overdue: "仅逾期",
    clear_hint: "x 清除",
    hints: "? 帮助  : 命令",
    help: "帮助",
    help_footer: "Esc 关闭 · j/k 滚动",
    palette: "命令",
    palette_hint: "输入命令名或说明，Enter 执行",
    picker: "按部门筛选",
    all_depts: "（全部部门，清除筛选）",
    none: "（无）",
    none_filtered: "（没有符合筛选的措施）",
    col_total: "措施",
    col_overdue: "逾期",
    col_soon: "临期",
    col_dated: "有时限",
    col_progress: "进度",
    col_lead: "牵头",
    col_resp: "参与",
    list_sep: "、",
    no_progress: "—",
    committed: "承诺",
    status_filter: "状态",
    changes: "自上次调度以来的变化",
    changes_none_marked: "还没有留档的调度会。",
    changes_how_to_mark: "在逐项过会（r）中按 M 留档；此后这里列出与该次留档相比的变化。",
    changes_nothing: "自上次留档以来没有变化。",
    changes_hints: " j/k 移动 · PgDn/PgUp 翻页 · Enter 查看措施 · Esc 关闭",
    mark_title: " 调度会留档 ",
    mark_label: "名称：",
    mark_empty: "请输入调度会名称",
    mark_hints: " Enter 留档 · Esc 取消 · Ctrl-U 清空",
    steps_title: "分解步骤",
    steps_add: "＋ 新增步骤",
    step_new: "新增",
    step_changed: "已改",
    step_removed: "将删除",
    step_text: "内容",
    step_date: "日期",
    steps_hint: "n 新增 · Enter 修改 · Space 状态 · x 删除 · Ctrl-S 保存 · Esc 取消",
    step_editor_hint: "Tab 内容/日期 · Enter 下一项，再按确定 · Esc 放弃修改 · Ctrl-S 保存",
};

pub static EN: Strings = Strings {
    lang: Lang::En,
    app: "duban",
    chapters: "Chapters",
    measures: "Measures",
    detail: "Detail",
    due_list: "Overdue and due within 7 days",
    departments: "Departments",
    by_chapter: "By chapter",
    by_dept: "By department",
    lead: "Lead",
    responsible: "Responsible",
    inferred: "(first responsible unit, by convention)",
    deadlines: "Plan dates",
    targets: "Targets",
    recurring: "Recurring",
    progress: "Progress",
    text: "Text",
    annotation: "As printed",
    lead_tag: "lead",
    resp_tag: "resp",
    as_of: "as of",
    filter: "filter",
    only_overdue: "overdue only",
    clear_hint: "x clears",
    hints: "? help  : commands",
    help: "Help",
    help_footer: "Esc closes · j/k scroll",
    palette: "Commands",
    palette_hint: "type a command or description, Enter runs it",
    picker: "Filter by department",
    all_depts: "(all departments: clear the filter)",
    none: "(none)",
    none_filtered: "(no measures match the filters)",
    col_total: "Total",
    col_overdue: "Late",
    col_soon: "Soon",
    col_dated: "Dated",
    col_progress: "Progress",
    col_lead: "Lead",
    col_resp: "Part",
    list_sep: ", ",
    no_progress: "—",
    committed: "committed",
    status_filter: "status",
    changes: "Changes since the last review",
    changes_none_marked: "No review has been marked yet.",
    changes_how_to_mark: "Mark one with M in a review meeting (r); this screen then lists what moved since.",
    changes_nothing: "Nothing changed since the last review.",
    changes_hints: " j/k move · PgDn/PgUp page · Enter show measure · Esc close",
    mark_title: " Mark the review ",
    mark_label: "name: ",
    mark_empty: "type the meeting's name",
    mark_hints: " Enter mark · Esc cancel · Ctrl-U clear",
    steps_title: "Sub-steps",
    steps_add: "+ add a step",
    step_new: "new",
    step_changed: "changed",
    step_removed: "to remove",
    step_text: "Text",
    step_date: "Date",
    steps_hint: "n add · Enter edit · Space status · x remove · Ctrl-S save · Esc cancel",
    step_editor_hint: "Tab text/date · Enter next, then done · Esc discard · Ctrl-S save",
};

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

impl Strings {
    fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// One character for a status in narrow list rows (two cells in
    /// Chinese, one in English), never an ambiguous-width symbol.
    pub fn status_mark(&self, s: Status) -> &'static str {
        match (s, self.zh()) {
            (Status::NotStarted, true) => "未",
            (Status::InProgress, true) => "进",
            (Status::Done, true) => "完",
            (Status::Blocked, true) => "阻",
            (Status::NotStarted, false) => "-",
            (Status::InProgress, false) => ">",
            (Status::Done, false) => "+",
            (Status::Blocked, false) => "!",
        }
    }

    pub fn status(&self, s: Status) -> &'static str {
        s.label(self.lang)
    }

    pub fn view(&self, v: View) -> &'static str {
        match (v, self.zh()) {
            (View::Plan, true) => "计划",
            (View::Plan, false) => "Plan",
            (View::Due, true) => "逾期·临期",
            (View::Due, false) => "Due",
            (View::Departments, true) => "部门",
            (View::Departments, false) => "Departments",
            (View::Dashboard, true) => "总览",
            (View::Dashboard, false) => "Dashboard",
        }
    }

    /// Saves handed to the writer and not back yet: "保存中…", "保存中… 3".
    pub fn saving(&self, n: usize) -> String {
        let word = if self.zh() {
            "保存中…"
        } else {
            "Saving…"
        };
        if n > 1 {
            format!("{word} {n}")
        } else {
            word.to_string()
        }
    }

    /// Quit was asked for while saves are outstanding.
    pub fn quitting(&self, n: usize) -> String {
        if self.zh() {
            format!("正在保存 {n} 项，完成后退出…")
        } else {
            format!("Saving {n}; quitting when done…")
        }
    }

    /// "逾期20天" / "今日到期" / "3天后到期" for days left (negative = late).
    pub fn days(&self, days: i64) -> String {
        match (days, self.zh()) {
            (d, true) if d < 0 => format!("逾期{}天", -d),
            (d, false) if d < 0 => format!("{}d late", -d),
            (0, true) => "今日到期".into(),
            (0, false) => "due today".into(),
            (d, true) => format!("{d}天后到期"),
            (d, false) => format!("due in {d}d"),
        }
    }

    pub fn deadline_kind(&self, k: DeadlineKind) -> &'static str {
        match (k, self.zh()) {
            (DeadlineKind::By, true) => "前完成",
            (DeadlineKind::By, false) => "by",
            (DeadlineKind::From, true) => "起施行",
            (DeadlineKind::From, false) => "from",
            (DeadlineKind::Within, true) => "期限截止",
            (DeadlineKind::Within, false) => "horizon ends",
        }
    }

    pub fn cadence(&self, c: Cadence) -> &'static str {
        match (c, self.zh()) {
            (Cadence::Weekly, true) => "每周",
            (Cadence::Weekly, false) => "weekly",
            (Cadence::Monthly, true) => "每月",
            (Cadence::Monthly, false) => "monthly",
            (Cadence::Quarterly, true) => "每季度",
            (Cadence::Quarterly, false) => "quarterly",
            (Cadence::Yearly, true) => "每年",
            (Cadence::Yearly, false) => "yearly",
            (Cadence::Regular, true) => "定期",
            (Cadence::Regular, false) => "regularly",
        }
    }

    pub fn problems(&self, n: usize) -> String {
        if self.zh() {
            format!("{n} 个进度文件无法读取，相关部门的进度未显示；修好文件后重新打开")
        } else {
            format!(
                "{n} progress file(s) could not be read; those departments show no progress until fixed"
            )
        }
    }

    pub fn count(&self, n: usize) -> String {
        if self.zh() {
            format!("共{n}项")
        } else {
            format!("{n} measures")
        }
    }

    pub fn overdue_n(&self, n: usize) -> String {
        if self.zh() {
            format!("逾期{n}")
        } else {
            format!("{n} late")
        }
    }

    pub fn soon_n(&self, n: usize) -> String {
        if self.zh() {
            format!("临期{n}")
        } else {
            format!("{n} due soon")
        }
    }

    pub fn matches(&self, n: usize) -> String {
        if self.zh() {
            format!("{n}个匹配")
        } else {
            format!("{n} matches")
        }
    }

    pub fn notice(&self, n: Notice) -> &'static str {
        match (n, self.zh()) {
            (Notice::NoMatch, true) => "无匹配",
            (Notice::NoMatch, false) => "no match",
            (Notice::SearchWrapped, true) => "已回到开头继续搜索",
            (Notice::SearchWrapped, false) => "search wrapped around",
            (Notice::NoDeptGiven, true) => "未指定本部门：启动时加 --dept 部门代码",
            (Notice::NoDeptGiven, false) => "no department given: start with --dept ID",
            (Notice::NothingToOpen, true) => "没有可打开的内容",
            (Notice::NothingToOpen, false) => "nothing to open",
            (Notice::QuitHint, true) => "已在最上层；按 q 退出",
            (Notice::QuitHint, false) => "at the top level; q quits",
            (Notice::CoordinatorOnly, true) => {
                "仅督办人员可记录督办意见、调度会留档：启动时加 --coordinator 姓名"
            }
            (Notice::CoordinatorOnly, false) => {
                "only a coordinator records decisions and marks reviews: start with --coordinator NAME"
            }
        }
    }

    pub fn mode(&self, m: Mode) -> &'static str {
        match (m, self.zh()) {
            (Mode::Normal, true) => "浏览",
            (Mode::Normal, false) => "Browsing",
            (Mode::Search, true) => "输入搜索时",
            (Mode::Search, false) => "While typing a search",
            (Mode::Palette, true) => "命令面板",
            (Mode::Palette, false) => "Command palette",
            (Mode::Picker, true) => "部门选择",
            (Mode::Picker, false) => "Department picker",
            (Mode::Help, true) => "帮助窗口",
            (Mode::Help, false) => "This help",
            (Mode::Review, true) => "逐项过会",
            (Mode::Review, false) => "Review meeting",
            (Mode::ReviewForm, true) => "填写督办意见时",
            (Mode::ReviewForm, false) => "While entering a decision",
            (Mode::Scoreboard, true) => "部门排名",
            (Mode::Scoreboard, false) => "Department ranking",
            (Mode::EditForm, true) => "填报表单",
            (Mode::EditForm, false) => "Edit form",
            (Mode::EditSteps, true) => "填报表单：分解步骤",
            (Mode::EditSteps, false) => "Edit form: sub-steps",
            (Mode::EditChoose, true) => "选择要修改的部门",
            (Mode::EditChoose, false) => "Choosing a department to edit",
            (Mode::Identify, true) => "选择您的身份（首次修改时）",
            (Mode::Identify, false) => "Saying who you are (first edit)",
            (Mode::Changes, true) => "自上次调度以来的变化",
            (Mode::Changes, false) => "Changes since the last review",
            (Mode::MarkPrompt, true) => "填写调度会名称时",
            (Mode::MarkPrompt, false) => "While naming the meeting",
        }
    }

    pub fn group(&self, g: Group) -> &'static str {
        match (g, self.zh()) {
            (Group::Move, true) => "移动",
            (Group::Move, false) => "Move",
            (Group::Panes, true) => "窗格",
            (Group::Panes, false) => "Panes",
            (Group::Views, true) => "视图",
            (Group::Views, false) => "Views",
            (Group::Search, true) => "搜索",
            (Group::Search, false) => "Search",
            (Group::Filters, true) => "筛选",
            (Group::Filters, false) => "Filters",
            (Group::General, true) => "通用",
            (Group::General, false) => "General",
            (Group::Input, true) => "输入",
            (Group::Input, false) => "Input",
            (Group::List, true) => "列表",
            (Group::List, false) => "List",
        }
    }
}

mod board;
mod obligation;
// The status line's words on saves and save errors.
pub mod saved;

#[cfg(test)]
#[path = "strings_tests.rs"]
mod tests;
