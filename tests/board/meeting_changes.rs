//! "What moved since the last review" on the board (`c`), and the meeting's
//! name typed before a review is marked (`M` in a review). Real data dirs:
//! edits committed through `Store`, snapshots written to `reviews/`.

use crate::board_support;
use crate::meeting;

use std::path::Path;

use board_support::screen;
use duban::app::{Effect, View};
use duban::meeting::LightCfg;
use duban::meeting::snapshot::{Reviews, capture};
use duban::progress::{Op, Status, Store, Who};
use duban::ui::App;
use duban::{lang::Lang, progress::Context};
use meeting::{at, d, seed_december, seed_january, set};

const DECEMBER: &str = "2021-12-20";

fn app(data: &Path, today: &str, lang: Lang, w: u16, h: u16) -> App {
    let ctx = Context {
        plan: meeting::plan().into(),
        data_dir: data.to_path_buf(),
        today: d(today),
        dept: None,
        lang,
        coordinator: Some("王主任".into()),
        user: None,
    };
    App::new(ctx, w, h)
}

/// Presses `keys` and carries out the effects as the runtime does.
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
        Effect::StartReview(_) | Effect::MarkReview | Effect::OpenChanges => {
            duban::tui::effects::apply(app, vec![e]).expect("effect runs");
        }
        other => panic!("not a meeting effect: {other:?}"),
    }
}

/// December's state marked as a review on 2021-12-20, then January's
/// edits: approval finishes 1.1 and reports a higher e-rate, tax asks for
/// an extension, market commits to an earlier date, town starts 2.1 and
/// the coordinator records a decision on it.
fn seed_with_review(dir: &Path) {
    let (plan, store) = seed_december(dir);
    let ledger = store.load(&plan).unwrap();
    let snap = capture(
        &plan,
        &ledger,
        d(DECEMBER),
        LightCfg::default(),
        "2021年12月调度会",
        "王主任",
        at(DECEMBER),
    );
    Reviews::open(dir).save(&snap).unwrap();
    seed_january(&store, &plan);
    january_edits(&store, &plan);
}

fn january_edits(store: &Store, plan: &duban::plan::Plan) {
    set(
        store,
        plan,
        "1.1",
        "approval",
        Op::SetActual {
            key: "e_rate".into(),
            value: 99.2,
        },
        "2022-01-05",
    );
    set(
        store,
        plan,
        "1.1",
        "tax",
        Op::RequestExtension {
            reason: "需与省级系统对接".into(),
            date: d("2022-03-31"),
            progress: "接口已联调".into(),
        },
        "2022-01-06",
    );
    set(
        store,
        plan,
        "1.1",
        "market",
        Op::SetDue(Some(d("2021-12-25"))),
        "2022-01-06",
    );
    set(
        store,
        plan,
        "2.1",
        "town",
        Op::SetStatus(Status::InProgress),
        "2022-01-07",
    );
    store
        .commit(
            plan,
            &[duban::progress::Edit::new(
                "2.1",
                "town",
                Op::MeetingDecision {
                    meeting: "1月专题会".into(),
                    opinion: "月底前完成选址".into(),
                    due: None,
                },
            )],
            &Who::Coordinator("王主任".into()),
            at("2022-01-08"),
        )
        .unwrap();
}

#[test]
fn c_lists_what_moved_since_the_last_review_and_esc_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    seed_with_review(dir.path());
    let mut a = app(dir.path(), meeting::TODAY, Lang::Zh, 100, 40);
    run(&mut a, "c");
    let s = screen(&a);
    for want in [
        "自上次调度以来的变化",
        "「2021年12月调度会」第 001 次 · 2021-12-20 → 2022-01-10",
        "一、开办企业",
        "1.1 推行全程电子化",
        "新完成（原未开始）",
        "全程电子化率 97.5 → 99.2",
        "新增逾期",
        "申请延期至 2022-03-31：需与省级系统对接",
        "承诺时间 2021-12-31 → 2021-12-25",
        "二、",
        "状态 未开始 → 推进中",
        "督办意见（1月专题会）：月底前完成选址",
    ] {
        assert!(s.contains(want), "{want:?} missing:\n{s}");
    }
    // Only what moved: 1.3 and 1.2 were done before the review.
    assert!(!s.contains("1.3 "), "{s}");
    run(&mut a, "<Esc>");
    assert!(a.state.changes().is_none());
    assert!(!screen(&a).contains("自上次调度以来的变化"));
    // The palette reaches it by name too.
    run(&mut a, ":自上次调度<Enter>");
    assert!(a.state.changes().is_some(), "{}", screen(&a));
}

#[test]
fn enter_shows_the_selected_measure_in_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    seed_with_review(dir.path());
    let mut a = app(dir.path(), meeting::TODAY, Lang::Zh, 100, 40);
    // Only overdue items are listed, which hides 2.1 (not due yet): Enter
    // clears the filter to show it. The last change is 2.1's decision.
    run(&mut a, "o");
    assert!(a.state.filter.overdue);
    run(&mut a, "cG<Enter>");
    assert!(!a.state.filter.overdue);
    assert!(a.state.changes().is_none());
    assert_eq!(a.state.view, View::Plan);
    let sel = duban::app::lists::selected_measure(&a.state, View::Plan).unwrap();
    assert_eq!(a.state.board.measures[sel].measure.id, "2.1");
}

#[test]
fn scrolling_keeps_the_selection_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    seed_with_review(dir.path());
    let mut a = app(dir.path(), meeting::TODAY, Lang::Zh, 80, 12);
    run(&mut a, "c");
    let n = a.state.changes().unwrap().len();
    assert!(n >= 7, "{n} changes");
    for keys in ["G", "g", "<PgDn>", "<PgDn>", "<PgUp>", "jjjj", "k"] {
        run(&mut a, keys);
        let s = screen(&a);
        assert!(s.contains('▸'), "after {keys}: selection off screen:\n{s}");
    }
    run(&mut a, "G");
    assert_eq!(a.state.changes().unwrap().selected, n - 1);
    assert!(screen(&a).contains("月底前完成选址"));
}

#[test]
fn before_any_review_and_when_nothing_moved() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = seed_december(dir.path());
    let mut a = app(dir.path(), DECEMBER, Lang::Zh, 80, 24);
    run(&mut a, "c");
    let s = screen(&a);
    assert!(s.contains("还没有留档的调度会。"), "{s}");
    run(&mut a, "q");

    let ledger = store.load(&plan).unwrap();
    let snap = capture(
        &plan,
        &ledger,
        d(DECEMBER),
        LightCfg::default(),
        "12月",
        "王主任",
        at(DECEMBER),
    );
    Reviews::open(dir.path()).save(&snap).unwrap();
    let mut e = app(dir.path(), DECEMBER, Lang::En, 80, 24);
    run(&mut e, "c");
    let s = screen(&e);
    assert!(s.contains("Nothing changed since the last review."), "{s}");
    assert!(
        s.contains("\"12月\" (review 001) · 2021-12-20 → 2021-12-20"),
        "{s}"
    );
}

#[test]
fn snapshots_at_80x24_and_40x12_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    seed_with_review(dir.path());
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (w, h) in [(80, 24), (40, 12)] {
            let mut a = app(dir.path(), meeting::TODAY, lang, w, h);
            run(&mut a, "cj");
            insta::assert_snapshot!(format!("changes_{tag}_{w}x{h}"), screen(&a));
        }
    }
}

#[test]
fn tiny_and_odd_sizes_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    seed_with_review(dir.path());
    let mut a = app(dir.path(), meeting::TODAY, Lang::Zh, 80, 24);
    run(&mut a, "c");
    for (w, h) in [
        (1, 1),
        (2, 3),
        (3, 2),
        (5, 4),
        (12, 5),
        (20, 6),
        (0, 0),
        (300, 3),
    ] {
        a.resize(w, h);
        run(&mut a, "G<PgUp>j");
        let _ = screen(&a);
    }
}

fn review_name(dir: &Path) -> String {
    let (n, snap) = Reviews::open(dir)
        .latest()
        .unwrap()
        .expect("a review was marked");
    assert_eq!(n, 1);
    snap.name
}

#[test]
fn the_typed_name_is_the_name_the_review_is_stored_under() {
    let dir = tempfile::tempdir().unwrap();
    seed_december(dir.path());
    let mut a = app(dir.path(), DECEMBER, Lang::Zh, 80, 24);
    run(&mut a, "rM");
    let s = screen(&a);
    assert!(s.contains("调度会留档"), "{s}");
    assert!(s.contains("名称：2021年12月调度会"), "prefilled: {s}");
    // Edit the default: drop "会", type CJK, paste the rest.
    run(&mut a, "<BS>（营商");
    for e in a.handle_paste("环境专题）") {
        carry_out(&mut a, e);
    }
    assert!(
        screen(&a).contains("名称：2021年12月调度（营商环境专题）"),
        "{}",
        screen(&a)
    );
    run(&mut a, "<Enter>");
    assert_eq!(review_name(dir.path()), "2021年12月调度（营商环境专题）");
    let s = screen(&a);
    assert!(
        s.contains("已留档：第 001 次调度「2021年12月调度（营商环境专题）」"),
        "{s}"
    );
    // The file on disk says so too.
    let text = std::fs::read_to_string(dir.path().join("reviews/001.ron")).unwrap();
    assert!(
        text.contains("name: \"2021年12月调度（营商环境专题）\""),
        "{text}"
    );
}

#[test]
fn esc_cancels_and_an_empty_name_is_not_stored() {
    let dir = tempfile::tempdir().unwrap();
    seed_december(dir.path());
    let mut a = app(dir.path(), DECEMBER, Lang::Zh, 80, 24);
    run(&mut a, "rM<Esc>");
    assert!(!dir.path().join("reviews").exists());
    assert!(a.state.review().is_some(), "Esc leaves the review open");
    run(&mut a, "M<C-u>   <Enter>");
    assert!(!dir.path().join("reviews").exists());
    assert!(screen(&a).contains("请输入调度会名称"), "{}", screen(&a));
    run(&mut a, "<C-u>年终<Enter>");
    assert_eq!(review_name(dir.path()), "年终");
}
