//! At 80×24 the status line shows the whole of what a save, a refusal or
//! a reload just said: after a status change, a note save and a refusal
//! the new value is on screen, and a reload that meets an unreadable file
//! says so in Chinese.

use crate::board_support;

use std::path::Path;

use board_support::{keys, screen};
use duban::lang::Lang;
use duban::progress::{Edit, Op, Status, Store, Who};
use duban::tui::effects;
use duban::tui::saver::{self, Job};
use duban::ui::App;

fn app(data: &Path, dept: &str) -> App {
    let mut ctx = board_support::ctx(Lang::Zh, Some(dept));
    ctx.data_dir = data.to_path_buf();
    let mut app = App::new(ctx, 80, 24);
    effects::load_progress(&mut app).expect("progress loads");
    app
}

fn run(app: &mut App, s: &str) {
    for k in keys(s) {
        let eff = app.handle_key(k);
        effects::apply(app, eff).expect("effects run");
    }
}

fn status_line(app: &App) -> String {
    screen(app).lines().last().unwrap_or("").trim().to_string()
}

/// The message's last part: the new value after the arrow, or the whole
/// message when it has none.
fn tail(message: &str) -> &str {
    message.rsplit(" → ").next().unwrap_or(message)
}

/// After `keys`, the message says `want` and its end is on the status line.
fn shows(app: &mut App, keys: &str, want: &str) -> String {
    run(app, keys);
    let message = app.state.edit.message.clone().unwrap_or_default();
    assert!(message.contains(want), "after {keys:?}: {message:?}");
    let line = status_line(app);
    let end = tail(&message);
    assert!(
        line.contains(end),
        "after {keys:?}: {end:?} is not on the status line {line:?}"
    );
    line
}

/// Runs of ASCII letters, but a data file's name and the keys a message
/// names.
fn english(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "._-".contains(c)))
        .filter(|t| !(t.ends_with(".ron") || t.ends_with(".jsonl")))
        .flat_map(|t| t.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|r| !r.is_empty() && !["w", "u"].contains(r))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_status_change_a_note_and_a_refusal_show_their_new_value_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), "tax");
    let line = shows(&mut a, "i", "状态：未开始 → 推进中");
    assert!(line.contains("→ 推进中"), "{line}");
    shows(&mut a, "b", "状态：推进中 → 受阻");
    let note = "已与市场监管局完成系统对接并上线试运行";
    let line = shows(
        &mut a,
        &format!("e<Tab><Tab>{note}<C-s>"),
        "工作进展：— → “已与市场监管局完成系统对接并上线…”",
    );
    assert!(
        line.contains("→ “已与市场监管局完成系统对接并上线…”"),
        "{line}"
    );
    // Another department's measure is refused before a form opens, and the
    // whole refusal shows.
    shows(&mut a, "<Enter>jjje", "税务局不能填报");
    assert!(a.state.edit.form.is_none());
}

#[test]
fn a_reload_that_meets_an_unreadable_file_says_so_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), "tax");
    // Someone else saves, then the ledger is damaged by hand.
    let ctx = board_support::ctx(Lang::Zh, None);
    let store = Store::open(dir.path());
    store
        .commit(
            &ctx.plan,
            &[Edit::new("1.1", "tax", Op::SetStatus(Status::InProgress))],
            &Who::Coordinator("王主任".into()),
            chrono::Utc::now(),
        )
        .unwrap();
    let path = store.ledger_path("tax");
    std::fs::write(&path, "Ledger(\n  entries: {\n    oops\n").unwrap();
    // What the runtime does when the data dir changes.
    let store = a.ctx.store();
    let done = saver::run(&a.ctx.clone(), &store, &mut Vec::new(), Job::Reload);
    saver::land(&mut a, done, &mut false);
    let message = a.state.edit.message.clone().unwrap_or_default();
    assert!(message.contains("区税务局的台账 tax.ron 第"), "{message}");
    assert!(message.contains("无法读取，仍显示上次的进度"), "{message}");
    let line = status_line(&a);
    assert!(
        line.contains("无法读取") && line.contains("tax.ron"),
        "{line}"
    );
    for text in [&message, &line] {
        assert!(
            english(text).is_empty(),
            "English {:?} in {text:?}",
            english(text)
        );
    }
    assert!(line.contains("⚠1"), "{line}");
    // A save into the damaged file: what is wrong shows at 80 columns.
    run(&mut a, "i");
    let line = status_line(&a);
    assert!(
        line.contains("未保存：区税务局的台账 tax.ron 第") && line.contains("格式有误"),
        "{line}"
    );
}
