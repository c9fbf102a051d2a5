//! The one key map: (mode, key) → action, with a description in each UI
//! language. Dispatch, the `?` help overlay and the `:` palette all read
//! [`BINDINGS`], so what help says is what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use crate::lang::Lang;

/// Which key table applies: browsing, or one of the inputs/overlays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Typing a `/` search.
    Search,
    /// The `:` command palette.
    Palette,
    /// Picking a department to filter by.
    Picker,
    Help,
    /// Walking items in a meeting (逐项过会).
    Review,
    /// Typing the meeting's decision.
    ReviewForm,
    /// The department ranking screen.
    Scoreboard,
    /// Editing a department's entry (or a reason) in a form.
    EditForm,
    /// A coordinator choosing which department's entry to edit.
    EditChoose,
    /// What moved since the last review.
    Changes,
    /// Typing the meeting's name before a review is marked.
    MarkPrompt,
    /// The edit form's sub-steps list (分解步骤) has the focus.
    EditSteps,
    /// Saying who you are before a first edit.
    Identify,
}

impl Mode {
    /// Whether an unbound character is text typed into an input (rather
    /// than an unknown command); pastes go only to these modes.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Mode::Search
                | Mode::Palette
                | Mode::Picker
                | Mode::Identify
                | Mode::ReviewForm
                | Mode::MarkPrompt
                | Mode::EditForm
        )
    }
}

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character, case included (`G` is Shift-g).
    Ch(char),
    Ctrl(char),
    K(KeyCode),
}

/// What a group of bindings is about, for the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Move,
    Panes,
    Views,
    Search,
    Filters,
    General,
    Input,
    List,
}

pub struct Binding {
    pub mode: Mode,
    pub group: Group,
    /// Keys that trigger the action; empty for palette-only actions.
    pub keys: &'static [Key],
    pub action: Action,
    pub zh: &'static str,
    pub en: &'static str,
}

impl Binding {
    pub fn desc(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

use Action as A;
use Group as G;
use Key::{Ch, Ctrl, K};
use Mode as M;

const fn b(
    mode: Mode,
    group: Group,
    keys: &'static [Key],
    action: Action,
    zh: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        mode,
        group,
        keys,
        action,
        zh,
        en,
    }
}

#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    // Browsing.
    b(M::Normal, G::Move, &[Ch('j'), K(KeyCode::Down)], A::MoveDown, "下移", "Move down"),
    b(M::Normal, G::Move, &[Ch('k'), K(KeyCode::Up)], A::MoveUp, "上移", "Move up"),
    b(M::Normal, G::Move, &[Ch('g'), K(KeyCode::Home)], A::MoveTop, "到顶部", "Go to top"),
    b(M::Normal, G::Move, &[Ch('G'), K(KeyCode::End)], A::MoveBottom, "到底部", "Go to bottom"),
    b(M::Normal, G::Move, &[Ctrl('d')], A::HalfPageDown, "下翻半页", "Half page down"),
    b(M::Normal, G::Move, &[Ctrl('u')], A::HalfPageUp, "上翻半页", "Half page up"),
    b(M::Normal, G::Move, &[K(KeyCode::PageDown), Ctrl('f')], A::PageDown, "下翻一页", "Page down"),
    b(M::Normal, G::Move, &[K(KeyCode::PageUp), Ctrl('b')], A::PageUp, "上翻一页", "Page up"),
    b(M::Normal, G::Panes, &[K(KeyCode::Enter), Ch('l'), K(KeyCode::Right)], A::DrillIn, "进入 / 查看详情", "Drill in / open detail"),
    b(M::Normal, G::Panes, &[Ch('h'), K(KeyCode::Left)], A::FocusLeft, "回到左侧窗格", "Focus the pane to the left"),
    b(M::Normal, G::Panes, &[K(KeyCode::Tab)], A::FocusNext, "下一个窗格", "Next pane"),
    b(M::Normal, G::Panes, &[K(KeyCode::BackTab)], A::FocusPrev, "上一个窗格", "Previous pane"),
    b(M::Normal, G::Panes, &[K(KeyCode::Esc)], A::Back, "返回上一级", "Go back one level"),
    b(M::Normal, G::Panes, &[Ch('q')], A::BackOrQuit, "返回；在最上层时退出", "Go back; quit at the top level"),
    b(M::Normal, G::Views, &[Ch('1'), K(KeyCode::F(1))], A::ShowPlan, "视图：计划（章节 → 措施 → 详情）", "View: plan (chapters → measures → detail)"),
    b(M::Normal, G::Views, &[Ch('2'), K(KeyCode::F(2))], A::ShowDue, "视图：逾期与临期", "View: overdue and due soon"),
    b(M::Normal, G::Views, &[Ch('3'), K(KeyCode::F(3))], A::ShowDepartments, "视图：部门", "View: departments"),
    b(M::Normal, G::Views, &[Ch('4'), K(KeyCode::F(4))], A::ShowDashboard, "视图：总览", "View: dashboard"),
    b(M::Normal, G::Views, &[Ch('5'), K(KeyCode::F(5))], A::ShowScoreboard, "视图：部门排名（规则、各章进度、指标完成）", "View: department ranking (rule, chapter bars, targets)"),
    // With a Chinese input method on, / ? : arrive as full-width
    // punctuation; those are bound too so search, help and the palette
    // are always one key away.
    b(M::Normal, G::Search, &[Ch('/'), Ch('／')], A::StartSearch, "搜索标题、正文和部门", "Search titles, text and departments"),
    b(M::Normal, G::Search, &[Ch('n')], A::NextMatch, "下一个匹配", "Next match"),
    b(M::Normal, G::Search, &[Ch('N')], A::PrevMatch, "上一个匹配", "Previous match"),
    b(M::Normal, G::Search, &[], A::ClearSearch, "清除搜索高亮", "Clear the search highlight"),
    b(M::Normal, G::Filters, &[Ch('f')], A::PickDeptFilter, "按部门筛选", "Filter by department"),
    b(M::Normal, G::Filters, &[Ch('m')], A::FilterMyDept, "只看本部门（--dept）", "Only my department (--dept)"),
    b(M::Normal, G::Filters, &[Ch('t')], A::ShowMyTodo, "本部门待办：退办、新的督办意见、逾期、临期（开/关）", "My to-do: returned, new decisions, overdue, due soon (on/off)"),
    b(M::Normal, G::Filters, &[Ch('o')], A::ToggleOverdueFilter, "只看逾期（开/关）", "Only overdue (on/off)"),
    b(M::Normal, G::Filters, &[Ch('s')], A::CycleStatusFilter, "按状态筛选（依次切换）", "Filter by status (cycles)"),
    b(M::Normal, G::Filters, &[Ch('x')], A::ClearFilters, "清除全部筛选", "Clear all filters"),
    b(M::Normal, G::General, &[Ch('?'), Ch('？')], A::ShowHelp, "帮助：全部按键", "Help: every key"),
    b(M::Normal, G::General, &[Ch(':'), Ch('：')], A::OpenPalette, "命令面板（输入法开启时也可用）", "Command palette (works with an input method on)"),
    b(M::Normal, G::Views, &[Ch('r')], A::StartReview, "逐项过会：逾期事项（有部门筛选时为该部门）", "Review meeting: overdue items (the filtered department's)"),
    b(M::Normal, G::Views, &[Ch('c')], A::ShowChanges, "自上次调度以来的变化", "Changes since the last review"),
    b(M::Normal, G::Views, &[Ch('R')], A::StartReviewSelection, "逐项过会：所选章节或部门", "Review meeting: the selected chapter or department"),
    b(M::Normal, G::General, &[Ctrl('c')], A::Quit, "退出", "Quit"),
    // Progress editing on the selected measure; each change is saved at once.
    b(M::Normal, G::General, &[Ch('a')], A::MarkNotStarted, "状态：未开始", "Status: not started"),
    b(M::Normal, G::General, &[Ch('i')], A::MarkInProgress, "状态：推进中", "Status: in progress"),
    b(M::Normal, G::General, &[Ch('D')], A::MarkDone, "状态：已完成（报结，完成日期记为截至日，e 中可改）", "Status: done (report it, done on the as-of date; e corrects it)"),
    b(M::Normal, G::General, &[Ch('b')], A::MarkBlocked, "状态：受阻", "Status: blocked"),
    b(M::Normal, G::General, &[Ch('e')], A::EditEntry, "填报：承诺完成时间、指标实际值、工作进展", "Edit: committed date, target actuals, note"),
    b(M::Normal, G::General, &[Ch('u')], A::Undo, "撤销上一次修改（重启后也可）", "Undo your last change (also after a restart)"),
    b(M::Normal, G::General, &[Ctrl('r')], A::Redo, "重做", "Redo"),
    b(M::Normal, G::General, &[Ch('w')], A::RetrySave, "重试保存未保存的修改", "Retry saving unsaved changes"),
    b(M::Normal, G::General, &[Ch('C')], A::ConfirmDone, "销号（督办人员）", "Confirm done (coordinator)"),
    b(M::Normal, G::General, &[Ch('T')], A::ReturnEntry, "退办（督办人员，填写原因）", "Return (coordinator, with a reason)"),
    b(M::Normal, G::General, &[Ch('E')], A::RequestExtension, "申请延期", "Request an extension"),
    b(M::Normal, G::General, &[Ch('A')], A::ApproveExtension, "同意延期（督办人员）", "Approve the extension (coordinator)"),
    b(M::Normal, G::General, &[Ch('X')], A::RejectExtension, "不同意延期（督办人员）", "Reject the extension (coordinator)"),

    // Typing a search.
    b(M::Search, G::Input, &[K(KeyCode::Enter)], A::ConfirmInput, "确认搜索", "Confirm the search"),
    b(M::Search, G::Input, &[K(KeyCode::Esc)], A::CancelInput, "取消搜索并回到原处", "Cancel and return to where you were"),
    b(M::Search, G::Input, &[K(KeyCode::Backspace)], A::DeleteChar, "删除一个字", "Delete a character"),
    b(M::Search, G::Input, &[Ctrl('u')], A::ClearInput, "清空输入", "Clear the input"),
    b(M::Search, G::Input, &[Ctrl('c')], A::Quit, "退出", "Quit"),

    // The palette and the department picker: a filtered list with an input.
    b(M::Palette, G::List, &[K(KeyCode::Enter)], A::ConfirmInput, "执行所选命令", "Run the selected command"),
    b(M::Palette, G::List, &[K(KeyCode::Esc)], A::CancelInput, "关闭", "Close"),
    b(M::Palette, G::List, &[K(KeyCode::Down), Ctrl('n'), Ctrl('j')], A::MoveDown, "下一项", "Next item"),
    b(M::Palette, G::List, &[K(KeyCode::Up), Ctrl('p'), Ctrl('k')], A::MoveUp, "上一项", "Previous item"),
    b(M::Palette, G::List, &[K(KeyCode::Backspace)], A::DeleteChar, "删除一个字", "Delete a character"),
    b(M::Palette, G::List, &[Ctrl('u')], A::ClearInput, "清空输入", "Clear the input"),
    b(M::Palette, G::List, &[Ctrl('c')], A::Quit, "退出", "Quit"),
    b(M::Picker, G::List, &[K(KeyCode::Enter)], A::ConfirmInput, "按所选部门筛选", "Filter by the selected department"),
    b(M::Picker, G::List, &[K(KeyCode::Esc)], A::CancelInput, "关闭", "Close"),
    b(M::Picker, G::List, &[K(KeyCode::Down), Ctrl('n'), Ctrl('j')], A::MoveDown, "下一项", "Next item"),
    b(M::Picker, G::List, &[K(KeyCode::Up), Ctrl('p'), Ctrl('k')], A::MoveUp, "上一项", "Previous item"),
    b(M::Picker, G::List, &[K(KeyCode::Backspace)], A::DeleteChar, "删除一个字", "Delete a character"),
    b(M::Picker, G::List, &[Ctrl('u')], A::ClearInput, "清空输入", "Clear the input"),
    b(M::Picker, G::List, &[Ctrl('c')], A::Quit, "退出", "Quit"),

    // Review meeting (逐项过会).
    b(M::Review, G::Move, &[Ch('j'), Ch('n'), Ch(' '), K(KeyCode::Down), K(KeyCode::Right), K(KeyCode::PageDown)], A::MoveDown, "下一项", "Next item"),
    b(M::Review, G::Move, &[Ch('k'), Ch('p'), K(KeyCode::Up), K(KeyCode::Left), K(KeyCode::PageUp)], A::MoveUp, "上一项", "Previous item"),
    b(M::Review, G::Move, &[Ch('g'), K(KeyCode::Home)], A::MoveTop, "第一项", "First item"),
    b(M::Review, G::Move, &[Ch('G'), K(KeyCode::End)], A::MoveBottom, "最后一项", "Last item"),
    b(M::Review, G::General, &[Ch('d'), K(KeyCode::Enter)], A::ReviewDecide, "记录督办意见和调度会定时限（督办人员）", "Record the decision and the deadline set by the meeting (coordinator)"),
    b(M::Review, G::General, &[Ch('M')], A::MarkReview, "调度会留档（记录此刻状态；督办人员）", "Mark the review (record the state now; coordinator)"),
    b(M::Review, G::General, &[K(KeyCode::Esc), Ch('q')], A::Back, "结束过会", "End the review"),
    b(M::Review, G::General, &[Ctrl('c')], A::Quit, "退出", "Quit"),
    b(M::ReviewForm, G::Input, &[K(KeyCode::Enter)], A::ConfirmInput, "保存督办意见", "Save the decision"),
    b(M::ReviewForm, G::Input, &[K(KeyCode::Tab), K(KeyCode::BackTab)], A::ReviewSwitchField, "切换：督办意见 / 调度会定时限", "Switch: decision / deadline set by the meeting"),
    b(M::ReviewForm, G::Input, &[K(KeyCode::Esc)], A::CancelInput, "取消", "Cancel"),
    b(M::ReviewForm, G::Input, &[K(KeyCode::Backspace)], A::DeleteChar, "删除一个字", "Delete a character"),
    b(M::ReviewForm, G::Input, &[Ctrl('c')], A::Quit, "退出", "Quit"),
    b(M::MarkPrompt, G::Input, &[K(KeyCode::Enter)], A::ConfirmInput, "按此名称留档", "Mark the review under this name"),
    b(M::MarkPrompt, G::Input, &[K(KeyCode::Esc)], A::CancelInput, "取消，不留档", "Cancel, mark nothing"),
    b(M::MarkPrompt, G::Input, &[K(KeyCode::Backspace)], A::DeleteChar, "删除一个字", "Delete a character"),
    b(M::MarkPrompt, G::Input, &[Ctrl('u')], A::ClearInput, "清空名称", "Clear the name"),
    b(M::MarkPrompt, G::Input, &[Ctrl('c')], A::Quit, "退出", "Quit"),

    // The edit form.
    b(M::EditForm, G::Input, &[Ctrl('s'), K(KeyCode::F(2))], A::FormSave, "保存", "Save"),
    b(M::EditForm, G::Input, &[K(KeyCode::Tab)], A::FormNextField, "下一栏", "Next field"),
    b(M::EditForm, G::Input, &[K(KeyCode::BackTab)], A::FormPrevField, "上一栏", "Previous field"),
    b(M::EditForm, G::Input, &[K(KeyCode::Down)], A::CursorDown, "工作进展中到下一行；最后一行或其他栏到下一栏", "Next row of the note; from its last row or another field, the next field"),
    b(M::EditForm, G::Input, &[K(KeyCode::Up)], A::CursorUp, "工作进展中到上一行；第一行或其他栏到上一栏", "Previous row of the note; from its first row or another field, the previous field"),
    b(M::EditForm, G::Input, &[K(KeyCode::PageDown)], A::PageDown, "工作进展中下翻一页", "Page down in the note"),
    b(M::EditForm, G::Input, &[K(KeyCode::PageUp)], A::PageUp, "工作进展中上翻一页", "Page up in the note"),
    b(M::EditForm, G::Input, &[K(KeyCode::Enter)], A::NewLine, "换行（工作进展）；其他栏到下一栏", "New line (note); next field elsewhere"),
    b(M::EditForm, G::Input, &[K(KeyCode::Esc)], A::CancelInput, "取消，不保存（改动较多时先确认）", "Cancel without saving (asks first after much typing)"),
    b(M::EditForm, G::Input, &[K(KeyCode::Left)], A::CursorLeft, "光标左移", "Cursor left"),
    b(M::EditForm, G::Input, &[K(KeyCode::Right)], A::CursorRight, "光标右移", "Cursor right"),
    b(M::EditForm, G::Input, &[K(KeyCode::Home), Ctrl('a')], A::CursorHome, "到行首", "Start of line"),
    b(M::EditForm, G::Input, &[K(KeyCode::End), Ctrl('e')], A::CursorEnd, "到行尾", "End of line"),
    b(M::EditForm, G::Input, &[K(KeyCode::Backspace)], A::DeleteChar, "删除前一个字", "Delete the character before"),
    b(M::EditForm, G::Input, &[K(KeyCode::Delete)], A::DeleteForward, "删除后一个字", "Delete the character after"),
    b(M::EditForm, G::Input, &[Ctrl('u')], A::ClearInput, "清空本栏", "Clear the field"),
    b(M::EditForm, G::Input, &[Ctrl('c')], A::Quit, "退出", "Quit"),
    // The edit form's sub-steps (分解步骤): a list, so letters are commands.
    b(M::EditSteps, G::List, &[Ctrl('s'), K(KeyCode::F(2))], A::FormSave, "保存整张表单", "Save the whole form"),
    b(M::EditSteps, G::List, &[Ch('j'), K(KeyCode::Down)], A::MoveDown, "下一个步骤（最后一行之后到下一栏）", "Next step (past the last, the next field)"),
    b(M::EditSteps, G::List, &[Ch('k'), K(KeyCode::Up)], A::MoveUp, "上一个步骤（第一行之前到上一栏）", "Previous step (before the first, the previous field)"),
    b(M::EditSteps, G::List, &[K(KeyCode::Tab)], A::FormNextField, "下一栏", "Next field"),
    b(M::EditSteps, G::List, &[K(KeyCode::BackTab)], A::FormPrevField, "上一栏", "Previous field"),
    b(M::EditSteps, G::List, &[Ch('n'), Ch('+')], A::StepAdd, "新增步骤（内容、可选日期）", "Add a step (text, optional date)"),
    b(M::EditSteps, G::List, &[K(KeyCode::Enter)], A::StepEdit, "修改所选步骤的内容和日期（在“新增”行上为新增）", "Edit the selected step's text and date (on the add row: add)"),
    b(M::EditSteps, G::List, &[Ch(' ')], A::StepCycleStatus, "步骤状态：未开始 → 推进中 → 已完成 → 未开始", "Step status: not started → in progress → done → not started"),
    b(M::EditSteps, G::List, &[Ch('a')], A::MarkNotStarted, "步骤状态：未开始", "Step status: not started"),
    b(M::EditSteps, G::List, &[Ch('i')], A::MarkInProgress, "步骤状态：推进中", "Step status: in progress"),
    b(M::EditSteps, G::List, &[Ch('D')], A::MarkDone, "步骤状态：已完成", "Step status: done"),
    b(M::EditSteps, G::List, &[Ch('b')], A::MarkBlocked, "步骤状态：受阻", "Step status: blocked"),
    b(M::EditSteps, G::List, &[Ch('x'), K(KeyCode::Delete)], A::StepRemove, "删除所选步骤（保存时生效；再按一次恢复）", "Remove the selected step (on save; press again to keep it)"),
    b(M::EditSteps, G::List, &[K(KeyCode::Esc)], A::CancelInput, "取消，不保存", "Cancel without saving"),
    b(M::EditSteps, G::List, &[Ctrl('c')], A::Quit, "退出", "Quit"),
    b(M::Identify, G::List, &[K(KeyCode::Enter)], A::ConfirmInput, "以所选身份填报", "Edit as the selected department or coordinator"),
    b(M::Identify, G::List, &[K(KeyCode::Esc)], A::CancelInput, "取消这次修改", "Cancel this edit"),
    b(M::Identify, G::List, &[K(KeyCode::Down), Ctrl('n'), Ctrl('j')], A::MoveDown, "下一项", "Next item"),
    b(M::Identify, G::List, &[K(KeyCode::Up), Ctrl('p'), Ctrl('k')], A::MoveUp, "上一项", "Previous item"),
    b(M::Identify, G::List, &[K(KeyCode::Backspace)], A::DeleteChar, "删除一个字", "Delete a character"),
    b(M::Identify, G::List, &[Ctrl('u')], A::ClearInput, "清空输入", "Clear the input"),
    b(M::Identify, G::List, &[Ctrl('c')], A::Quit, "退出", "Quit"),
    b(M::EditChoose, G::List, &[Ch('j'), K(KeyCode::Down)], A::MoveDown, "下一个部门", "Next department"),
    b(M::EditChoose, G::List, &[Ch('k'), K(KeyCode::Up)], A::MoveUp, "上一个部门", "Previous department"),
    b(M::EditChoose, G::List, &[K(KeyCode::Enter)], A::ConfirmInput, "修改该部门的填报", "Edit this department's entry"),
    b(M::EditChoose, G::List, &[K(KeyCode::Esc), Ch('q')], A::CancelInput, "取消", "Cancel"),
    b(M::EditChoose, G::List, &[Ctrl('c')], A::Quit, "退出", "Quit"),

    // Department ranking.
    b(M::Scoreboard, G::List, &[Ch('j'), K(KeyCode::Down)], A::MoveDown, "向下滚动", "Scroll down"),
    b(M::Scoreboard, G::List, &[Ch('k'), K(KeyCode::Up)], A::MoveUp, "向上滚动", "Scroll up"),
    b(M::Scoreboard, G::List, &[K(KeyCode::PageDown), Ctrl('d'), Ch(' ')], A::PageDown, "下翻一页", "Page down"),
    b(M::Scoreboard, G::List, &[K(KeyCode::PageUp), Ctrl('u')], A::PageUp, "上翻一页", "Page up"),
    b(M::Scoreboard, G::List, &[Ch('g'), K(KeyCode::Home)], A::MoveTop, "到顶部", "Go to top"),
    b(M::Scoreboard, G::List, &[Ch('G'), K(KeyCode::End)], A::MoveBottom, "到底部", "Go to bottom"),
    b(M::Scoreboard, G::List, &[K(KeyCode::Esc), Ch('q')], A::Back, "返回之前的视图", "Back to the view before"),
    b(M::Scoreboard, G::Views, &[Ch('1'), K(KeyCode::F(1))], A::ShowPlan, "视图：计划", "View: plan"),
    b(M::Scoreboard, G::Views, &[Ch('2'), K(KeyCode::F(2))], A::ShowDue, "视图：逾期与临期", "View: overdue and due soon"),
    b(M::Scoreboard, G::Views, &[Ch('3'), K(KeyCode::F(3))], A::ShowDepartments, "视图：部门", "View: departments"),
    b(M::Scoreboard, G::Views, &[Ch('4'), K(KeyCode::F(4))], A::ShowDashboard, "视图：总览", "View: dashboard"),
    b(M::Scoreboard, G::General, &[Ch('?'), Ch('？')], A::ShowHelp, "帮助：全部按键（回到列表上显示）", "Help: every key (shown over the lists)"),
    b(M::Scoreboard, G::General, &[Ch(':'), Ch('：')], A::OpenPalette, "命令面板（回到列表上显示）", "Command palette (shown over the lists)"),
    b(M::Scoreboard, G::List, &[Ctrl('c')], A::Quit, "退出", "Quit"),

    // What moved since the last review.
    b(M::Changes, G::List, &[Ch('j'), K(KeyCode::Down)], A::MoveDown, "下一项", "Next item"),
    b(M::Changes, G::List, &[Ch('k'), K(KeyCode::Up)], A::MoveUp, "上一项", "Previous item"),
    b(M::Changes, G::List, &[K(KeyCode::PageDown), Ctrl('d'), Ch(' ')], A::PageDown, "下翻一页", "Page down"),
    b(M::Changes, G::List, &[K(KeyCode::PageUp), Ctrl('u')], A::PageUp, "上翻一页", "Page up"),
    b(M::Changes, G::List, &[Ch('g'), K(KeyCode::Home)], A::MoveTop, "第一项", "First item"),
    b(M::Changes, G::List, &[Ch('G'), K(KeyCode::End)], A::MoveBottom, "最后一项", "Last item"),
    b(M::Changes, G::List, &[K(KeyCode::Enter), Ch('l')], A::DrillIn, "在计划中查看该措施", "Show the measure in the plan"),
    b(M::Changes, G::List, &[K(KeyCode::Esc), Ch('q'), Ch('c')], A::Back, "关闭", "Close"),
    b(M::Changes, G::List, &[Ctrl('c')], A::Quit, "退出", "Quit"),

    // Help overlay.
    b(M::Help, G::List, &[Ch('j'), K(KeyCode::Down)], A::MoveDown, "向下滚动", "Scroll down"),
    b(M::Help, G::List, &[Ch('k'), K(KeyCode::Up)], A::MoveUp, "向上滚动", "Scroll up"),
    b(M::Help, G::List, &[K(KeyCode::PageDown), Ctrl('d'), Ch(' ')], A::PageDown, "下翻一页", "Page down"),
    b(M::Help, G::List, &[K(KeyCode::PageUp), Ctrl('u')], A::PageUp, "上翻一页", "Page up"),
    b(M::Help, G::List, &[Ch('g'), K(KeyCode::Home)], A::MoveTop, "到顶部", "Go to top"),
    b(M::Help, G::List, &[Ch('G'), K(KeyCode::End)], A::MoveBottom, "到底部", "Go to bottom"),
    b(M::Help, G::List, &[K(KeyCode::Esc), Ch('q'), Ch('?'), Ch('？')], A::Back, "关闭帮助", "Close help"),
    b(M::Help, G::List, &[Ctrl('c')], A::Quit, "退出", "Quit"),
];

/// The key as the table spells it, or `None` for releases and keys the
/// table cannot name (Alt chords).
pub fn key_of(ev: &KeyEvent) -> Option<Key> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let mods = ev.modifiers;
    if mods.intersects(KeyModifiers::ALT | KeyModifiers::SUPER | KeyModifiers::META) {
        return None;
    }
    Some(match ev.code {
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Ch(c),
        code => K(code),
    })
}

/// The action bound to `key` in `mode`.
pub fn lookup(mode: Mode, key: Key) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| b.mode == mode && b.keys.contains(&key))
        .map(|b| b.action)
}

/// Bindings the palette offers: every named browsing action but the palette.
pub fn palette_entries() -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(|b| b.mode == Mode::Normal && b.action != Action::OpenPalette)
}

/// How help shows a key.
pub fn key_label(k: Key) -> String {
    match k {
        Ch(' ') => "Space".into(),
        Ch(c) => c.to_string(),
        Ctrl(c) => format!("Ctrl-{c}"),
        K(code) => match code {
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other}"),
        },
    }
}

pub fn keys_label(keys: &[Key]) -> String {
    keys.iter()
        .map(|k| key_label(*k))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        let mut seen = HashSet::new();
        for b in BINDINGS {
            for k in b.keys {
                assert!(
                    seen.insert((b.mode as u8, format!("{k:?}"))),
                    "{k:?} bound twice in {:?}",
                    b.mode
                );
            }
        }
    }

    #[test]
    fn every_named_action_has_descriptions_in_both_languages() {
        for b in BINDINGS {
            assert!(!b.zh.is_empty() && !b.en.is_empty(), "{:?}", b.action);
            assert!(!b.action.name().is_empty(), "{:?}", b.action);
        }
    }

    #[test]
    fn shift_and_ctrl_are_read_as_the_table_spells_them() {
        let g = ev(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            lookup(Mode::Normal, key_of(&g).unwrap()),
            Some(A::MoveBottom)
        );
        let d = ev(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(
            lookup(Mode::Normal, key_of(&d).unwrap()),
            Some(A::HalfPageDown)
        );
        let bt = ev(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            lookup(Mode::Normal, key_of(&bt).unwrap()),
            Some(A::FocusPrev)
        );
        let alt = ev(KeyCode::Char('j'), KeyModifiers::ALT);
        assert_eq!(key_of(&alt), None);
    }

    #[test]
    fn full_width_punctuation_from_an_input_method_works() {
        assert_eq!(lookup(Mode::Normal, Ch('：')), Some(A::OpenPalette));
        assert_eq!(lookup(Mode::Normal, Ch('？')), Some(A::ShowHelp));
        assert_eq!(lookup(Mode::Normal, Ch('／')), Some(A::StartSearch));
    }

    #[test]
    fn the_same_key_means_different_things_per_mode() {
        assert_eq!(lookup(Mode::Normal, Ch('q')), Some(A::BackOrQuit));
        assert_eq!(lookup(Mode::Help, Ch('q')), Some(A::Back));
        assert_eq!(lookup(Mode::Search, Ch('q')), None);
    }

    #[test]
    fn palette_reaches_every_browsing_action() {
        let names: HashSet<String> = palette_entries().map(|b| b.action.name()).collect();
        for n in ["show_due", "toggle_overdue_filter", "clear_search", "quit"] {
            assert!(names.contains(n), "{n}");
        }
        assert!(!names.contains("open_palette"));
    }
}
