//! Each department's obligation on the board (issue 14): the detail pane
//! shows one block per department with the effective deadline and its
//! source, days late from that same date, the review, the meeting's
//! decision and the extension; the due view names the late departments,
//! never one that is done.

use crate::board_support::*;
use chrono::{DateTime, NaiveDate, Utc};
use duban::app::progress::LedgerProgress;
use duban::progress::{
    Decision, Entry, Extension, Key, Ledger, MeetingDecision, Review, Stamp, Status,
};
use duban::ui::App;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(by: &str, s: &str) -> Stamp {
    Stamp {
        by: by.into(),
        at: DateTime::parse_from_rfc3339(&format!("{s}T09:00:00Z"))
            .unwrap()
            .with_timezone(&Utc),
    }
}

fn decided(due: &str) -> MeetingDecision {
    MeetingDecision {
        meeting: "2021年12月调度会".into(),
        opinion: "限期完成".into(),
        due: Some(day(due)),
        stamp: at("王主任", "2021-12-10"),
    }
}

/// 1.1 (plan date 2021-11-30; approval, tax, market): tax reported done,
/// approval late against the meeting's date, market returned, asking for a
/// later date with an extension pending. 2.2 (plan 2021-12-15; housing,
/// others): housing done, others late against the meeting's 2021-12-18.
pub fn give_obligations(app: &mut App) {
    let mut ledger = Ledger::default();
    let mut put = |m: &str, d: &str, e: Entry| {
        ledger.entries.insert(Key::new(m, d), e);
    };
    put(
        "1.1",
        "tax",
        Entry {
            status: Status::Done,
            review: Review::Reported(at("tax", "2021-11-28")),
            ..Entry::default()
        },
    );
    put(
        "1.1",
        "approval",
        Entry {
            status: Status::InProgress,
            due: Some(day("2021-12-15")),
            decision: Some(decided("2021-12-15")),
            ..Entry::default()
        },
    );
    put(
        "1.1",
        "market",
        Entry {
            status: Status::InProgress,
            due: Some(day("2022-01-31")),
            review: Review::Returned {
                stamp: at("王主任", "2021-12-01"),
                reason: "材料不全".into(),
            },
            extension: Some(Extension {
                reason: "系统改造".into(),
                date: day("2022-01-31"),
                progress: String::new(),
                requested: at("market", "2021-12-02"),
                decision: Decision::Pending,
            }),
            ..Entry::default()
        },
    );
    put(
        "2.2",
        "housing",
        Entry {
            status: Status::Done,
            review: Review::Confirmed(at("王主任", "2021-12-12")),
            ..Entry::default()
        },
    );
    put(
        "2.2",
        "others",
        Entry {
            status: Status::InProgress,
            due: Some(day("2021-12-18")),
            decision: Some(decided("2021-12-18")),
            ..Entry::default()
        },
    );
    let p = LedgerProgress::new(&app.ctx.plan, ledger, app.ctx.today, app.ctx.lang);
    app.set_progress(Box::new(p));
}

#[test]
fn the_detail_shows_each_departments_deadline_source_review_and_decision() {
    let mut a = app(200, 50);
    give_obligations(&mut a);
    // The plan view opens on chapter one; 1.1 is its first measure.
    press(&mut a, "<Enter><Enter>");
    let s = screen(&a);
    // The header follows the late departments: market, late from the plan date.
    assert!(s.contains("逾期20天 · 2021-11-30"), "{s}");
    assert!(s.contains("税务局：已完成 · 已报结待确认"), "{s}");
    assert!(s.contains("审批局：推进中"), "{s}");
    // The meeting's date is its own (调度会定), days late counted from it.
    assert!(s.contains("时限 2021-12-15 调度会定 · 逾期5天"), "{s}");
    assert!(
        s.contains("督办意见（2021年12月调度会）：限期完成 · 调度会定时限 2021-12-15"),
        "{s}"
    );
    // A later committed date is a request; the plan's date stands.
    assert!(
        s.contains("时限 2021-11-30 计划 · 逾期20天 · 申请延至 2022-01-31"),
        "{s}"
    );
    assert!(
        s.contains("市场监管局：推进中 · 退办（王主任）：材料不全"),
        "{s}"
    );
    assert!(
        s.contains("延期申请至 2022-01-31（系统改造）· 待审批"),
        "{s}"
    );
    assert!(!s.contains("承诺 2021-12-15"), "{s}");
}

#[test]
fn the_header_and_the_department_lines_agree_on_a_meetings_date() {
    let mut a = app(200, 50);
    give_obligations(&mut a);
    // Chapter two, its second measure: 2.2.
    press(&mut a, "j<Enter>j<Enter>");
    let s = screen(&a);
    assert!(s.contains("逾期2天 · 2021-12-18"), "{s}");
    assert!(s.contains("时限 2021-12-18 调度会定 · 逾期2天"), "{s}");
    assert!(s.contains("住建局：已完成 · 已销号（王主任）"), "{s}");
    // The plan's date is shown as the plan's, and not as what is late.
    let buf = draw(&a).backend().buffer().clone();
    let y = (0..buf.area.height)
        .find(|&y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .contains("2021-12-15")
        })
        .expect("the plan date row");
    let red = (0..buf.area.width)
        .any(|x| buf[(x, y)].symbol() == "2" && buf[(x, y)].fg == ratatui::style::Color::Red);
    assert!(!red, "the plan's passed date is not what makes 2.2 late");
}

#[test]
fn the_due_view_names_the_late_departments_never_a_done_one() {
    let mut a = app(80, 24);
    give_obligations(&mut a);
    press(&mut a, "2");
    let s = screen(&a);
    let row = |id: &str| {
        s.lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{id} in\n{s}"))
            .to_string()
    };
    let r22 = row("2.2 推行联合验收");
    assert!(r22.contains("区有关部门"), "{r22}");
    assert!(!r22.contains("住建局"), "{r22}");
    let r11 = row("1.1 推行企业开办");
    assert!(r11.contains("审批局等2个"), "{r11}");
    assert!(!r11.contains("税务局"), "{r11}");
}

#[test]
fn a_department_filter_in_the_due_view_leaves_out_where_it_is_done() {
    let mut a = app(80, 24);
    give_obligations(&mut a);
    a.state.filter.dept = Some("housing".into());
    press(&mut a, "2");
    let s = screen(&a);
    assert!(!s.contains("2.2 推行联合验收"), "{s}");
    a.state.filter.dept = Some("others".into());
    let s = screen(&a);
    assert!(s.contains("2.2 推行联合验收"), "{s}");
}

/// The fixture app acting as `dept`, with [`give_obligations`].
fn as_dept(dept: &str, w: u16, h: u16) -> App {
    let mut a = App::new(ctx(duban::lang::Lang::Zh, Some(dept)), w, h);
    a.state.edit.who = Some(duban::progress::Who::Dept(dept.into()));
    give_obligations(&mut a);
    a
}

#[test]
fn a_department_sees_what_needs_it_in_the_header() {
    // market: 1.1 returned and overdue (plan date; its later date is only
    // asked for); 1.3 and 1.4 carry no date and nothing else.
    let a = as_dept("market", 120, 40);
    let s = screen(&a);
    let header = s.lines().next().unwrap();
    assert!(header.contains("待办1：退办1 逾期1 [t]"), "{header}");
    // approval: 1.1 decided and late; 1.2 due within the week; 2.3 lead.
    let a = as_dept("approval", 120, 40);
    let header = screen(&a).lines().next().unwrap().to_string();
    assert!(header.contains("新意见1"), "{header}");
    assert!(header.contains("逾期1"), "{header}");
    // tax reported 1.1 done: nothing of it is asked of tax.
    let a = as_dept("tax", 120, 40);
    let header = screen(&a).lines().next().unwrap().to_string();
    assert!(!header.contains("退办"), "{header}");
    assert!(!header.contains("新意见"), "{header}");
    // A coordinator sees no to-do.
    let mut c = app(120, 40);
    give_obligations(&mut c);
    assert!(!screen(&c).lines().next().unwrap().contains("待办"));
}

#[test]
fn t_lists_exactly_the_items_that_need_the_department_and_toggles_off() {
    let mut a = as_dept("market", 200, 50);
    press(&mut a, "t");
    assert_eq!(a.state.view, duban::app::View::Departments);
    assert_eq!(a.state.filter.needs.as_deref(), Some("market"));
    let s = screen(&a);
    assert!(s.contains("市场监管局待办"), "the filter chip: {s}");
    assert!(s.contains("1.1 推行企业开办"), "{s}");
    assert!(!s.contains("1.3 免费刻制公章"), "{s}");
    // The detail says why: the return's reason and the requested date.
    press(&mut a, "<Enter>");
    let s = screen(&a);
    assert!(s.contains("退办（王主任）：材料不全"), "{s}");
    press(&mut a, "<Esc>t");
    assert_eq!(a.state.filter.needs, None);
    assert!(screen(&a).contains("1.3 免费刻制公章"));
}

#[test]
fn t_without_a_department_says_how_to_give_one() {
    let mut a = app(80, 24);
    give_obligations(&mut a);
    press(&mut a, "t");
    assert_eq!(a.state.filter.needs, None);
    assert!(screen(&a).contains("--dept"), "{}", screen(&a));
}

#[test]
fn the_to_do_key_is_in_help_and_the_palette() {
    let mut a = as_dept("market", 120, 40);
    press(&mut a, ":show_my");
    assert!(screen(&a).contains("show_my_todo"), "{}", screen(&a));
    press(&mut a, "<Enter>");
    assert_eq!(a.state.filter.needs.as_deref(), Some("market"));
    let mut h = as_dept("market", 120, 60);
    press(&mut h, "?");
    assert!(screen(&h).contains("本部门待办"), "{}", screen(&h));
}

#[test]
fn a_department_line_that_wraps_keeps_its_indent() {
    let mut a = app(120, 40);
    give_obligations(&mut a);
    press(&mut a, "<Enter><Enter>");
    let s = screen(&a);
    // "督办意见（…）：限期完成 · 调度会定时限 2021-12-15" wraps in this pane:
    // its second line stays under the first, not under the department.
    let first = s
        .lines()
        .find(|l| l.contains("督办意见（"))
        .expect("decision");
    let col = |l: &str, pat: &str| duban::text::width(&l[..l.rfind(pat).unwrap()]);
    let at = col(first, "督办意见（");
    let next = s
        .lines()
        .skip_while(|l| !l.contains("督办意见（"))
        .nth(1)
        .unwrap();
    let body = next.rfind("││").map(|i| &next[i + "││".len()..]).unwrap();
    let lead = body.len() - body.trim_start().len();
    let pane = col(first, "││") + 2;
    // (The wrapped line may begin with the space before its "·".)
    assert!(
        (at..=at + 1).contains(&(pane + lead)),
        "{first}\n{next}\n{s}"
    );
}
