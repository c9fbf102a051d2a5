//! Who may decide and mark in the board: a department walks the review but
//! is told at once that decisions and marks are a coordinator's; a meeting
//! name already marked is refused with that review's number.

use crate::board_support;
use crate::meeting;

use std::path::Path;

use board_support::screen;
use duban::app::Effect;
use duban::progress::Who;
use duban::ui::App;
use duban::{lang::Lang, progress::Context};

fn app(data: &Path, dept: Option<&str>, coordinator: Option<&str>, lang: Lang) -> App {
    let ctx = Context {
        plan: meeting::plan().into(),
        data_dir: data.to_path_buf(),
        today: meeting::d(meeting::TODAY),
        dept: dept.map(str::to_string),
        lang,
        coordinator: coordinator.map(str::to_string),
        user: None,
    };
    App::new(ctx, 80, 24)
}

fn run(app: &mut App, keys: &str) {
    for k in board_support::keys(keys) {
        for e in app.handle_key(k) {
            assert_ne!(e, Effect::Quit);
            duban::tui::effects::apply(app, vec![e]).expect("effect runs");
        }
    }
}

#[test]
fn a_department_walks_the_review_but_cannot_decide_or_mark() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    let mut a = app(dir.path(), Some("tax"), None, Lang::Zh);
    a.state.edit.who = Some(Who::Dept("tax".into()));
    run(&mut a, "r");
    assert!(a.state.review().is_some());
    run(&mut a, "d");
    let s = screen(&a);
    assert!(a.state.review().unwrap().review.form.is_none(), "{s}");
    assert!(s.contains("仅督办人员可记录督办意见、调度会留档"), "{s}");
    run(&mut a, "M");
    assert!(a.state.review().unwrap().naming.is_none());
    assert!(screen(&a).contains("--coordinator"));
    // Walking on clears the word and still works.
    run(&mut a, "k");
    assert!(!screen(&a).contains("仅督办人员"));
    assert!(!dir.path().join("reviews/001.ron").exists());

    let mut e = app(dir.path(), Some("tax"), None, Lang::En);
    e.state.edit.who = Some(Who::Dept("tax".into()));
    run(&mut e, "rd");
    assert!(
        screen(&e).contains("only a coordinator records decisions"),
        "{}",
        screen(&e)
    );
}

#[test]
fn without_an_identity_the_mark_job_refuses_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    let mut a = app(dir.path(), None, None, Lang::Zh);
    run(&mut a, "rM<Enter>");
    let s = screen(&a);
    assert!(s.contains("只有督办人员可以调度会留档"), "{s}");
    assert!(!dir.path().join("reviews/001.ron").exists());
}

#[test]
fn a_meeting_name_already_marked_is_refused_with_its_number() {
    let dir = tempfile::tempdir().unwrap();
    meeting::seed(dir.path());
    let mut a = app(dir.path(), None, Some("王主任"), Lang::Zh);
    run(&mut a, "rM<Enter>");
    assert!(screen(&a).contains("已留档：第 001 次调度「2022年1月调度会」"));
    run(&mut a, "M<Enter>");
    let s = screen(&a);
    assert!(
        s.contains("未留档：第 001 次调度已名为「2022年1月调度会」"),
        "{s}"
    );
    assert!(!dir.path().join("reviews/002.ron").exists());
    // Another name is fine.
    run(&mut a, "M<C-u>专题会<Enter>");
    assert!(screen(&a).contains("已留档：第 002 次调度「专题会」"));
}
