//! Editing progress in the board end to end: keys drive [`App`], the
//! effects run through the same runner the terminal runtime uses
//! (`tui::effects::apply`) against a temp data dir, and the files on disk
//! are checked. Plus the form's snapshots at 80×24.

use crate::board_support;

use std::path::Path;
use std::process::Command;

use board_support::{draw, fixture_dir, keys, screen};
use duban::progress::{Entry, Ledger, Status, Store, Who};
use duban::tui::effects;
use duban::ui::App;
use duban::{lang::Lang, progress::Context};

fn app(data: &Path, dept: Option<&str>, lang: Lang) -> App {
    let mut ctx = board_support::ctx(lang, dept);
    ctx.data_dir = data.to_path_buf();
    let mut app = App::new(ctx, 80, 24);
    effects::load_progress(&mut app).expect("progress loads");
    app
}

/// Presses keys and carries out every effect as the runtime does.
fn run(app: &mut App, s: &str) {
    for k in keys(s) {
        let eff = app.handle_key(k);
        effects::apply(app, eff).expect("effects run");
    }
}

fn ledger(data: &Path) -> Ledger {
    let ctx: Context = board_support::ctx(Lang::Zh, None);
    Store::open(data).load(&ctx.plan).expect("ledger loads")
}

fn entry(data: &Path, m: &str, d: &str) -> Entry {
    ledger(data).get(m, d).cloned().expect("entry saved")
}

#[test]
fn status_key_and_form_are_saved_at_once_and_undo_redo_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Some("approval"), Lang::Zh);
    assert_eq!(a.state.edit.who, Some(Who::Dept("approval".into())));
    run(&mut a, "b");
    assert_eq!(entry(dir.path(), "1.1", "approval").status, Status::Blocked);
    assert!(screen(&a).contains("已保存"), "{}", screen(&a));

    run(
        &mut a,
        "e2022年3月31日<Tab>99.5<Tab>已办结<Enter>第二行<C-s>",
    );
    let e = entry(dir.path(), "1.1", "approval");
    assert_eq!(e.due.unwrap().to_string(), "2022-03-31");
    assert_eq!(e.actuals.get("e_rate"), Some(&99.5));
    assert_eq!(e.note, "已办结\n第二行");
    // The board shows the saved progress without a reload.
    assert_eq!(
        a.state
            .board
            .progress
            .as_ref()
            .unwrap()
            .dept("1.1", "approval")
            .unwrap()
            .note
            .as_deref(),
        Some("已办结\n第二行")
    );

    run(&mut a, "u");
    assert_eq!(entry(dir.path(), "1.1", "approval").note, "");
    assert!(screen(&a).contains("已撤销"), "{}", screen(&a));
    run(&mut a, "<C-r>");
    assert_eq!(entry(dir.path(), "1.1", "approval").note, "已办结\n第二行");

    // Undo also works from a new session: it reads the history.
    let mut b = app(dir.path(), Some("approval"), Lang::Zh);
    run(&mut b, "u");
    assert_eq!(entry(dir.path(), "1.1", "approval").note, "");
}

#[test]
fn a_bad_value_in_the_form_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Some("approval"), Lang::Zh);
    run(&mut a, "e明年<Tab>很多<C-s>");
    assert!(a.state.edit.form.is_some(), "form stays open");
    let s = screen(&a);
    assert!(s.contains("日期无法识别"), "{s}");
    assert!(s.contains("不是数字"), "{s}");
    assert!(ledger(dir.path()).get("1.1", "approval").is_none());
}

#[test]
fn an_unknown_user_picks_a_department_at_the_first_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), None, Lang::Zh);
    assert_eq!(a.state.edit.who, None);
    run(&mut a, "i税务<Enter>");
    assert_eq!(entry(dir.path(), "1.1", "tax").status, Status::InProgress);
}

#[test]
fn a_department_cannot_confirm_and_is_told_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Some("tax"), Lang::Zh);
    run(&mut a, "D");
    run(&mut a, "C");
    assert!(
        a.state.edit.pending.is_empty(),
        "a refused edit is not retried"
    );
    // Refused before anything is sent, saying who may.
    let msg = a.state.edit.message.clone().unwrap();
    assert!(msg.starts_with("只有督办人员可以销号"), "{msg}");
    let review = format!("{:?}", entry(dir.path(), "1.1", "tax").review);
    assert!(
        review.starts_with("Reported"),
        "still only reported: {review}"
    );
}

#[test]
fn a_coordinator_confirms_and_returns() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = app(dir.path(), Some("market"), Lang::Zh);
    run(&mut d, "D");
    let mut c = app(dir.path(), None, Lang::Zh);
    c.ctx.coordinator = Some("王主任".into());
    effects::load_progress(&mut c).unwrap();
    // 1.1's departments: approval, tax, market → the third.
    run(&mut c, "Cjj<Enter>");
    let e = entry(dir.path(), "1.1", "market");
    assert!(
        format!("{:?}", e.review).contains("onfirm"),
        "{:?}",
        e.review
    );
    run(&mut c, "Tjj<Enter>材料不全<C-s>");
    let e = entry(dir.path(), "1.1", "market");
    assert!(
        format!("{:?}", e.review).contains("材料不全"),
        "{:?}",
        e.review
    );
    assert_eq!(e.status, Status::InProgress);
}

#[test]
fn two_sessions_keep_different_fields_and_the_later_same_field_wins() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Some("approval"), Lang::Zh);
    let mut b = app(dir.path(), Some("approval"), Lang::Zh);
    run(&mut a, "b");
    run(&mut b, "e<S-Tab>乙方备注<C-s>");
    let e = entry(dir.path(), "1.1", "approval");
    assert_eq!(e.status, Status::Blocked, "a's status kept");
    assert_eq!(e.note, "乙方备注", "b's note kept");

    run(&mut a, "e<S-Tab><C-u>甲的说法<C-s>");
    run(&mut b, "e<S-Tab><C-u>乙的说法<C-s>");
    assert_eq!(entry(dir.path(), "1.1", "approval").note, "乙的说法");
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .arg("--plan")
        .arg(fixture_dir())
        .arg("--data")
        .arg(dir.path())
        .arg("history")
        .output()
        .expect("duban history");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("甲的说法"), "{text}");
}

#[test]
fn an_unparsable_ledger_shows_the_error_keeps_the_edit_and_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let path = store.ledger_path("approval");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let broken = "Ledger(\n  entries: {\n<<<<<<< HEAD\n  oops\n";
    std::fs::write(&path, broken).unwrap();
    let mut a = app(dir.path(), Some("approval"), Lang::Zh);
    run(&mut a, "b");
    assert_eq!(a.state.edit.pending.len(), 1, "the edit stays in memory");
    let s = screen(&a);
    assert!(s.contains("未保存"), "{s}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        broken,
        "file untouched"
    );
    // The next save carries it along; once the file is fixed both land.
    std::fs::remove_file(&path).unwrap();
    run(&mut a, "e<S-Tab>修好了<C-s>");
    assert!(a.state.edit.pending.is_empty());
    let e = entry(dir.path(), "1.1", "approval");
    assert_eq!((e.status, e.note.as_str()), (Status::Blocked, "修好了"));
}

#[test]
fn form_snapshots_at_80x24() {
    for (lang, name, typed) in [
        (
            Lang::Zh,
            "edit_form_zh_80x24",
            "e2021/13/1<Tab>98<Tab>已完成系统对接<Enter>下周验收<C-s>",
        ),
        (Lang::En, "edit_form_en_80x24", "e<Tab>98"),
    ] {
        let mut ctx = board_support::ctx(lang, Some("approval"));
        ctx.data_dir = "/nonexistent/duban-test".into();
        let mut a = App::new(ctx, 80, 24);
        a.state.edit.who = Some(Who::Dept("approval".into()));
        for k in keys(typed) {
            assert!(a.handle_key(k).is_empty(), "nothing is saved in {name}");
        }
        insta::assert_snapshot!(name, draw(&a).backend());
    }
}

#[test]
fn the_picker_asks_who_you_are_before_a_first_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), None, Lang::Zh);
    run(&mut a, "b");
    let s = screen(&a);
    assert!(s.contains("您是谁"), "{s}");
    run(&mut a, "<Esc>");
    assert!(!screen(&a).contains("您是谁"));
    assert!(ledger(dir.path()).entries.is_empty(), "nothing saved");
}

#[test]
fn the_detail_shows_what_the_form_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Some("approval"), Lang::Zh);
    a.resize(120, 40);
    run(
        &mut a,
        "e<Tab>99.5<Tab>第一行<Enter>第二行<C-s><Enter><Enter>",
    );
    let s = screen(&a);
    assert!(s.contains("全程电子化率 99.5%"), "{s}");
    assert!(s.contains("一行 / 第二行"), "{s}");
}

#[test]
fn a_department_requests_an_extension_and_a_coordinator_approves_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = app(dir.path(), Some("tax"), Lang::Zh);
    // 1.2: approval leads, tax carries.
    run(
        &mut d,
        "<Enter>jE系统改造<Tab>2022年6月30日<Tab>已完成八成<C-s>",
    );
    let ext = format!("{:?}", entry(dir.path(), "1.2", "tax").extension);
    assert!(
        ext.contains("系统改造") && ext.contains("2022-06-30"),
        "{ext}"
    );
    let mut c = app(dir.path(), None, Lang::Zh);
    c.ctx.coordinator = Some("王主任".into());
    effects::load_progress(&mut c).unwrap();
    run(&mut c, "<Enter>jAj<Enter>");
    let e = entry(dir.path(), "1.2", "tax");
    assert!(
        format!("{:?}", e.extension).contains("pprov"),
        "{:?}",
        e.extension
    );
    assert_eq!(e.due.unwrap().to_string(), "2022-06-30");
}
