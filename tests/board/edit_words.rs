//! The zh board says everything about editing in Chinese: saves (with
//! department names and field labels, review changes as words), undo and
//! redo, refusals before a form opens, a file that cannot be parsed, a
//! cancelled "who are you". Each step's status line (as drawn at 80×24,
//! and the whole message behind it) holds no English word: no run of
//! ASCII letters but the keys it names and a data file's name.

use crate::board_support;

use std::path::Path;

use board_support::{keys, screen};
use duban::lang::Lang;
use duban::progress::{Edit, Op, Store, Who};
use duban::tui::effects;
use duban::ui::App;

fn app(data: &Path, dept: Option<&str>, coordinator: Option<&str>) -> App {
    let mut ctx = board_support::ctx(Lang::Zh, dept);
    ctx.data_dir = data.to_path_buf();
    ctx.coordinator = coordinator.map(str::to_string);
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

/// Runs of ASCII letters that are not a key the message names or part of
/// a data file's name (`tax.ron`).
fn english(text: &str) -> Vec<String> {
    const KEYS: &[&str] = &["w", "u", "Esc", "Enter", "Ctrl", "S"];
    let mut out = Vec::new();
    for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || "._-".contains(c))) {
        if token.ends_with(".ron") || token.ends_with(".jsonl") {
            continue;
        }
        for run in token
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|r| !r.is_empty())
        {
            if !KEYS.contains(&run) {
                out.push(run.to_string());
            }
        }
    }
    out
}

/// The status line as drawn (the bottom row) and the message behind it.
fn said(app: &App) -> (String, String) {
    let shown = screen(app);
    let status = shown.lines().last().unwrap_or("").to_string();
    let message = app.state.edit.message.clone().unwrap_or_default();
    (status, message)
}

/// After `keys`, the status line says `want` (in the full message) and
/// nothing in English.
fn step(app: &mut App, keys: &str, want: &str) {
    run(app, keys);
    let (status, message) = said(app);
    assert!(
        message.contains(want),
        "after {keys:?}: wanted {want:?} in {message:?}"
    );
    for text in [&status, &message] {
        let en = english(text);
        assert!(en.is_empty(), "after {keys:?}: English {en:?} in {text:?}");
    }
}

#[test]
fn edits_saves_and_errors_are_said_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Some("tax"), None);
    step(&mut a, "i", "已保存 · 1.1 区税务局 状态：未开始 → 推进中");
    step(&mut a, "b", "状态：推进中 → 受阻");
    step(
        &mut a,
        "e2022年3月31日<Tab>99.5%<Tab>已与市场监管局完成系统对接<C-s>",
        "承诺完成时间：— → 2022-03-31（另 2 项）",
    );
    step(&mut a, "u", "已撤销 · 1.1 区税务局");
    step(&mut a, "<C-r>", "已重做 · 1.1 区税务局");
    step(&mut a, "e<C-s>", "没有修改");
    step(&mut a, "D", "状态：受阻 → 已完成");
    // Refused before anything is sent: a coordinator's act, another
    // department's measure (1.4: approval and ndrc).
    step(&mut a, "C", "只有督办人员可以销号");
    step(
        &mut a,
        "<Enter>jjje",
        "1.4 由审批局、发改局负责，税务局不能填报",
    );
    assert!(a.state.edit.form.is_none(), "no form opened");

    // A coordinator strikes 1.1 off: the review change is words.
    let mut c = app(dir.path(), None, Some("王主任"));
    step(&mut c, "Cj<Enter>", "审核：已报结待确认 → 已销号（王主任）");
    // The department can no longer change it, and is told by whom.
    step(&mut a, "kkki", "已由王主任销号");
    // Undoing the report the coordinator has since acted on.
    step(&mut a, "u", "撤销");
}

#[test]
fn a_file_that_cannot_be_read_and_a_cancelled_identity_are_said_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let path = store.ledger_path("tax");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let broken = "Ledger(\n  entries: {\n    oops\n";
    std::fs::write(&path, broken).unwrap();
    let mut a = app(dir.path(), Some("tax"), None);
    step(&mut a, "b", "区税务局的台账");
    let (_, message) = said(&a);
    assert!(message.contains("tax.ron 第2行第13列"), "{message}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);

    let mut u = app(dir.path(), None, None);
    step(&mut u, "i<Esc>", "已取消");
    assert_eq!(u.state.edit.who, None);
    // A conflict in undo: someone else changed the field since.
    let dir = tempfile::tempdir().unwrap();
    let mut t = app(dir.path(), Some("tax"), None);
    run(&mut t, "i");
    let ctx = board_support::ctx(Lang::Zh, None);
    Store::open(dir.path())
        .commit(
            &ctx.plan,
            &[Edit::new(
                "1.1",
                "tax",
                Op::SetStatus(duban::progress::Status::Blocked),
            )],
            &Who::Coordinator("王主任".into()),
            chrono::Utc::now(),
        )
        .unwrap();
    step(&mut t, "u", "无法撤销");
    let mut m = app(dir.path(), Some("market"), None);
    step(&mut m, "u", "没有可撤销的修改");
}

#[test]
fn english_finds_words_but_not_keys_or_file_names() {
    assert_eq!(
        english("已保存 · 1.1/tax status: a → b"),
        ["tax", "status", "a", "b"]
    );
    assert!(english("未保存：区税务局的台账 tax.ron 第3行，按 w 重试").is_empty());
}
