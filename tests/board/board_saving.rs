//! What the board shows and keeps while saves run in the background: the
//! status line counts outstanding saves, and a meeting decision whose save
//! comes back after the user moved on lands without losing what was typed.

use crate::board_support;
use crate::meeting;

use std::path::Path;

use board_support::screen;
use duban::app::Effect;
use duban::progress::{Edit, Store};
use duban::tui::session;
use duban::ui::App;
use duban::{lang::Lang, progress::Context};

#[test]
fn the_status_line_counts_outstanding_saves_beside_where_you_are() {
    let mut a = board_support::app(100, 24);
    assert!(!screen(&a).contains("保存中"), "{}", screen(&a));
    a.state.saves.queued();
    let s = screen(&a);
    assert!(s.contains("保存中…"), "{s}");
    assert!(!s.contains("保存中… 1"), "one save needs no count: {s}");
    assert!(s.contains("计划 ›"), "the breadcrumb stays: {s}");
    a.state.saves.queued();
    assert!(screen(&a).contains("保存中… 2"), "{}", screen(&a));
    a.state.saves.landed();
    a.state.saves.landed();
    assert!(!screen(&a).contains("保存中"), "{}", screen(&a));

    let mut e = board_support::app_en(100, 24);
    e.state.saves.queued();
    assert!(screen(&e).contains("Saving…"), "{}", screen(&e));
}

#[test]
fn quitting_with_saves_outstanding_says_the_board_waits_for_them() {
    let mut a = board_support::app(80, 24);
    a.state.saves.queued();
    a.state.saves.quitting = true;
    let s = screen(&a);
    assert!(s.contains("正在保存 1 项，完成后退出"), "{s}");
    let mut e = board_support::app_en(80, 24);
    e.state.saves.queued();
    e.state.saves.quitting = true;
    assert!(
        screen(&e).contains("Saving 1; quitting when done"),
        "{}",
        screen(&e)
    );
}

fn app(data: &Path, coordinator: Option<&str>) -> App {
    let ctx = Context {
        plan: meeting::plan().into(),
        data_dir: data.to_path_buf(),
        today: meeting::d(meeting::TODAY),
        dept: None,
        lang: Lang::Zh,
        coordinator: coordinator.map(str::to_string),
        user: None,
    };
    App::new(ctx, 80, 24)
}

/// Presses `keys`, opening the review as the runtime would, and returns
/// the decision the last Enter asked to save.
fn type_decision(a: &mut App, keys: &str) -> Vec<Edit> {
    let mut save = None;
    for k in board_support::keys(keys) {
        for e in a.handle_key(k) {
            match e {
                Effect::StartReview(scope) => session::start(a, scope),
                Effect::SaveDecision(edits) => save = Some(edits),
                other => panic!("unexpected effect {other:?}"),
            }
        }
    }
    save.expect("the decision was submitted")
}

fn press(a: &mut App, keys: &str) {
    for k in board_support::keys(keys) {
        assert_eq!(a.handle_key(k), Vec::new());
    }
}

fn review(a: &App) -> &duban::meeting::review::Review {
    &a.state.review().expect("review open").review
}

#[test]
fn a_decision_saved_after_its_form_was_closed_still_marks_its_item() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = meeting::seed(dir.path());
    let mut a = app(dir.path(), Some("王主任"));
    let edits = type_decision(&mut a, "rd抓紧对接<Enter>");
    let job = session::decision_job(&mut a, edits);
    assert!(screen(&a).contains("保存中"), "{}", screen(&a));
    press(&mut a, "<Esc>");
    assert!(review(&a).form.is_none());

    let done = session::run_decision(&a.ctx, &Store::open(dir.path()), job);
    session::decided(&mut a, done);
    assert!(review(&a).decided.contains("1.1"));
    assert_eq!(review(&a).message.as_deref(), Some("督办意见已保存"));
    assert!(review(&a).form.is_none(), "no form opened by the landing");
    let l = store.load(&plan).unwrap();
    assert!(l.get("1.1", "tax").unwrap().decision.is_some());
}

#[test]
fn a_decision_changed_while_saving_stays_open_with_the_new_text() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    let mut a = app(dir.path(), Some("王主任"));
    let edits = type_decision(&mut a, "rd抓紧<Enter>");
    let job = session::decision_job(&mut a, edits);
    press(&mut a, "对接");

    let done = session::run_decision(&a.ctx, &Store::open(dir.path()), job);
    session::decided(&mut a, done);
    let form = review(&a)
        .form
        .as_ref()
        .expect("the changed form stays open");
    assert_eq!(form.opinion, "抓紧对接");
    assert!(
        review(&a).decided.contains("1.1"),
        "the first text was saved"
    );
}

#[test]
fn a_decision_refused_after_its_form_was_closed_comes_back_with_the_text() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    // No coordinator: the store refuses the decision.
    let mut a = app(dir.path(), None);
    let edits = type_decision(&mut a, "rd抓紧<Enter>");
    let job = session::decision_job(&mut a, edits);
    press(&mut a, "<Esc>");

    let done = session::run_decision(&a.ctx, &Store::open(dir.path()), job);
    session::decided(&mut a, done);
    let form = review(&a).form.as_ref().expect("the form is back");
    assert_eq!(form.opinion, "抓紧");
    let err = form.error.as_deref().unwrap_or_default();
    assert!(err.contains("只有督办人员"), "{err}");
    assert!(!review(&a).decided.contains("1.1"));
}
