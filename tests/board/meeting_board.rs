//! The review screen in the board: opened with one key, walked with one
//! key, a decision typed and saved through the store, a review marked —
//! plus snapshots at 80×24 and 120×40.

use crate::board_support;
use crate::meeting;

use std::path::Path;

use board_support::{press, screen};
use duban::app::Effect;
use duban::meeting::review::Scope;
use duban::tui::session;
use duban::ui::App;
use duban::{lang::Lang, progress::Context};

fn app(data: &Path, w: u16, h: u16, coordinator: Option<&str>) -> App {
    let ctx = Context {
        plan: meeting::plan().into(),
        data_dir: data.to_path_buf(),
        today: meeting::d(meeting::TODAY),
        dept: None,
        lang: Lang::Zh,
        coordinator: coordinator.map(str::to_string),
        user: None,
    };
    App::new(ctx, w, h)
}

/// Presses `keys` and carries out the meeting effects as the runtime does.
fn run(app: &mut App, keys: &str) {
    for k in board_support::keys(keys) {
        for e in app.handle_key(k) {
            carry_out(app, e);
        }
    }
}

/// Meeting effects go through the runtime's own runner, here and now.
fn carry_out(app: &mut App, e: Effect) {
    match e {
        Effect::StartReview(_)
        | Effect::SaveDecision(_)
        | Effect::MarkReview
        | Effect::OpenScoreboard
        | Effect::OpenChanges => {
            duban::tui::effects::apply(app, vec![e]).expect("effect runs");
        }
        Effect::Quit => panic!("unexpected quit"),
        other => panic!("not a meeting effect: {other:?}"),
    }
}

#[test]
fn r_opens_the_overdue_review_and_esc_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    let mut a = app(dir.path(), 80, 24, None);
    assert_eq!(press(&mut a, "r"), [Effect::StartReview(Scope::Overdue)]);
    session::start(&mut a, Scope::Overdue);
    let s = screen(&a);
    assert!(
        s.contains("逐项过会 · 2022年1月调度会 · 逾期事项 · 第 1/1 项"),
        "{s}"
    );
    assert!(s.contains("[R] 红 逾期10天"), "{s}");
    assert!(s.contains("备注：系统对接中"), "{s}");
    assert!(
        s.contains("指标：全程电子化率 目标 ≥ 99%，实际 97.5% → 未达标"),
        "{s}"
    );
    run(&mut a, "<Esc>");
    assert!(a.state.review().is_none());
    assert!(!screen(&a).contains("逐项过会"));
}

#[test]
fn capital_r_reviews_the_selected_chapter_and_walks_it() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    let mut a = app(dir.path(), 80, 24, None);
    assert_eq!(press(&mut a, "R"), [Effect::StartReview(Scope::Chapter(1))]);
    run(&mut a, "R");
    assert!(
        screen(&a).contains("一、开办企业 · 第 1/3 项"),
        "{}",
        screen(&a)
    );
    run(&mut a, "j");
    assert!(
        screen(&a).contains("1.2 （二）推行发票申领一次办"),
        "{}",
        screen(&a)
    );
    run(&mut a, "jj");
    assert!(screen(&a).contains("第 3/3 项"));
    run(&mut a, "k");
    assert!(screen(&a).contains("第 2/3 项"));
}

#[test]
fn a_decision_typed_in_the_board_is_saved_with_the_meeting_name() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = meeting::seed(dir.path());
    let mut a = app(dir.path(), 80, 24, Some("王主任"));
    run(&mut a, "rd抓紧对接<Tab>2022-01-31<Enter>");
    let s = screen(&a);
    assert!(s.contains("督办意见已保存"), "{s}");
    assert!(s.contains("✓ 已记录督办意见"), "{s}");
    assert!(
        s.contains("督办意见（2022年1月调度会）：抓紧对接，调度会定时限 2022-01-31"),
        "{s}"
    );
    let l = store.load(&plan).unwrap();
    for d in ["tax", "market"] {
        let e = l.get("1.1", d).unwrap();
        let dec = e.decision.as_ref().unwrap();
        assert_eq!(
            (dec.meeting.as_str(), dec.opinion.as_str()),
            ("2022年1月调度会", "抓紧对接")
        );
        assert_eq!(dec.stamp.by, "王主任");
    }
    // The department's line gives the meeting's date with its source.
    assert!(s.contains("2022-01-31 调度会定"), "{s}");
    // The item is no longer overdue once the new date is granted.
    assert!(s.contains("[G]") || s.contains("[Y]"), "{s}");
    assert!(!s.contains("[R] 红 逾期10天  1.1"), "{s}");

    // M asks for the meeting's name, prefilled; Enter marks the review.
    run(&mut a, "M<Enter>");
    assert!(
        screen(&a).contains("已留档：第 001 次调度「2022年1月调度会」"),
        "{}",
        screen(&a)
    );
    assert!(dir.path().join("reviews/001.ron").is_file());
}

#[test]
fn without_a_coordinator_the_decision_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = meeting::seed(dir.path());
    let mut a = app(dir.path(), 80, 24, None);
    run(&mut a, "rd抓紧<Enter>");
    let s = screen(&a);
    assert!(s.contains("只有督办人员可以记录督办意见"), "{s}");
    assert!(s.contains("意见：抓紧"), "what was typed stays: {s}");
    assert!(
        store
            .load(&plan)
            .unwrap()
            .get("1.1", "tax")
            .unwrap()
            .decision
            .is_none()
    );
    // Esc closes the form, a second Esc the review.
    run(&mut a, "<Esc>");
    assert!(a.state.review().unwrap().review.form.is_none());
    run(&mut a, "<Esc>");
    assert!(a.state.review().is_none());
}

#[test]
fn the_review_reads_without_colour() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    let mut a = app(dir.path(), 80, 24, None);
    a.no_color = true;
    run(&mut a, "r");
    let term = board_support::draw(&a);
    let buf = term.backend().buffer();
    assert!(
        buf.content()
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset),
        "NO_COLOR: no foreground colour"
    );
    assert!(screen(&a).contains("[R] 红 逾期10天"));
}

#[test]
fn tiny_terminals_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    for (w, h) in [(1, 1), (10, 4), (20, 6), (40, 12)] {
        let mut a = app(dir.path(), w, h, Some("王主任"));
        run(&mut a, "rd意见<Tab>2022");
        let _ = screen(&a);
        run(&mut a, "<Esc>jk");
        let _ = screen(&a);
    }
}

#[test]
fn snapshots_at_80x24_and_120x40() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = app(dir.path(), w, h, Some("王主任"));
        run(&mut a, "r");
        insta::assert_snapshot!(format!("review_item_{w}x{h}"), screen(&a));
        run(&mut a, "d抓紧对接<Tab>2022-01-3");
        insta::assert_snapshot!(format!("review_form_{w}x{h}"), screen(&a));
    }
}

#[test]
fn five_shows_the_ranking_with_its_rule() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    let mut a = app(dir.path(), 80, 24, None);
    assert_eq!(press(&mut a, "5"), [Effect::OpenScoreboard]);
    run(&mut a, "5");
    let s = screen(&a);
    assert!(s.contains("部门排名 · 截至 2022-01-10"), "{s}");
    assert!(s.contains("排名规则"), "{s}");
    let at = |n: &str| s.find(n).unwrap_or_else(|| panic!("{n} missing:\n{s}"));
    assert!(
        at("市场监管局") < at("税务局") && at("税务局") < at("审批局"),
        "{s}"
    );
    assert!(s.contains("[R] 红"), "{s}");
    run(&mut a, "G");
    assert!(
        screen(&a).contains("全程电子化率 目标 ≥ 99%，实际 97.5% → 未达标"),
        "{}",
        screen(&a)
    );
    run(&mut a, "<Esc>");
    assert!(a.state.scoreboard().is_none());
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = app(dir.path(), w, h, None);
        run(&mut a, "5");
        insta::assert_snapshot!(format!("scoreboard_{w}x{h}"), screen(&a));
    }
    for (w, h) in [(1, 1), (10, 4)] {
        let mut a = app(dir.path(), w, h, None);
        run(&mut a, "5jjG");
        let _ = screen(&a);
    }
}

#[test]
fn english_review_and_ranking() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    let mut ctx_app = app(dir.path(), 80, 24, None);
    ctx_app.ctx.lang = Lang::En;
    ctx_app.state.board.lang = Lang::En;
    run(&mut ctx_app, "r");
    let s = screen(&ctx_app);
    assert!(
        s.contains("Review · 2022年1月调度会 · overdue items · item 1/1"),
        "{s}"
    );
    assert!(s.contains("[R] 10 days overdue"), "{s}");
    assert!(
        s.contains("target: 全程电子化率 target ≥ 99%, actual 97.5% → short"),
        "{s}"
    );
    run(&mut ctx_app, "<Esc>5");
    let s = screen(&ctx_app);
    assert!(s.contains("Department ranking · as of 2022-01-10"), "{s}");
    assert!(s.contains("Ranking: on-time rate first"), "{s}");
}
