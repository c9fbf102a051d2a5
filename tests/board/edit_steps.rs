//! Sub-steps (分解步骤) edited from the board end to end: keys drive
//! [`App`], the effects run through the runtime's own runner
//! (`tui::effects::apply`) against a temp data dir, and the department's
//! RON file is read back. Plus the form with steps at 80×24.

use crate::board_support;

use std::path::Path;

use board_support::{draw, keys, screen};
use duban::app::Mode;
use duban::lang::Lang;
use duban::progress::{Edit, Op, Status, Step, Store, Who};
use duban::tui::effects;
use duban::ui::App;

fn app(data: &Path, lang: Lang) -> App {
    let mut ctx = board_support::ctx(lang, Some("approval"));
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

/// The steps of approval's entry on 1.1 as the RON file on disk holds them.
fn steps_on_disk(data: &Path) -> Vec<Step> {
    let ctx = board_support::ctx(Lang::Zh, None);
    let store = Store::open(data);
    let text = std::fs::read_to_string(store.ledger_path("approval")).expect("ledger file");
    let ledger = store.load(&ctx.plan).expect("ledger loads");
    let steps = ledger
        .get("1.1", "approval")
        .map(|e| e.steps.clone())
        .unwrap_or_default();
    // What the loader read is what the file says.
    for s in &steps {
        assert!(text.contains(&s.text), "{} not in\n{text}", s.text);
    }
    steps
}

fn summary(steps: &[Step]) -> Vec<(u32, &str, Status, Option<String>)> {
    steps
        .iter()
        .map(|s| {
            (
                s.id,
                s.text.as_str(),
                s.status,
                s.date.map(|d| d.to_string()),
            )
        })
        .collect()
}

#[test]
fn steps_are_added_edited_statused_removed_and_undone_from_the_board() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Lang::Zh);
    // e, Shift-Tab to the note, Tab to the steps; add two (one dated).
    run(
        &mut a,
        "e<S-Tab><Tab>n梳理事项清单<Enter>2022年1月15日<Enter>n系统对接<Enter><Enter>",
    );
    assert_eq!(a.state.mode(), Mode::EditSteps);
    assert!(
        dir.path().read_dir().unwrap().next().is_none(),
        "nothing saved before Ctrl-S"
    );
    run(&mut a, "<C-s>");
    assert_eq!(
        summary(&steps_on_disk(dir.path())),
        [
            (
                1,
                "梳理事项清单",
                Status::NotStarted,
                Some("2022-01-15".into())
            ),
            (2, "系统对接", Status::NotStarted, None),
        ]
    );
    assert!(screen(&a).contains("已保存"), "{}", screen(&a));

    // Space twice on step 1 (→ done), edit step 2's text and give it a date.
    run(
        &mut a,
        "e<S-Tab><Tab>  j<Enter>（二期）<Tab>2022/3/1<Enter><C-s>",
    );
    assert_eq!(
        summary(&steps_on_disk(dir.path())),
        [
            (1, "梳理事项清单", Status::Done, Some("2022-01-15".into())),
            (
                2,
                "系统对接（二期）",
                Status::NotStarted,
                Some("2022-03-01".into())
            ),
        ]
    );

    // Remove step 1 and add a third in the same save: the new one is 3.
    run(&mut a, "e<S-Tab><Tab>xn组织验收<C-s>");
    assert_eq!(
        summary(&steps_on_disk(dir.path())),
        [
            (
                2,
                "系统对接（二期）",
                Status::NotStarted,
                Some("2022-03-01".into())
            ),
            (3, "组织验收", Status::NotStarted, None),
        ]
    );

    // Undo brings step 1 back and takes 3 away; redo does it again.
    run(&mut a, "u");
    let ids: Vec<u32> = steps_on_disk(dir.path()).iter().map(|s| s.id).collect();
    assert_eq!(ids, [1, 2]);
    assert_eq!(steps_on_disk(dir.path())[0].status, Status::Done);
    run(&mut a, "<C-r>");
    let ids: Vec<u32> = steps_on_disk(dir.path()).iter().map(|s| s.id).collect();
    assert_eq!(ids, [2, 3]);
}

#[test]
fn a_bad_step_date_is_said_in_the_form_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Lang::Zh);
    run(&mut a, "e<S-Tab><Tab>n整改<Tab>下个月<C-s>");
    assert!(a.state.edit.form.is_some(), "form stays open");
    let s = screen(&a);
    assert!(s.contains("日期无法识别"), "{s}");
    assert!(steps_on_disk_or_none(dir.path()).is_empty());
    // Fixing the date saves the step.
    run(&mut a, "<C-u>2022-02-01<C-s>");
    assert_eq!(
        summary(&steps_on_disk(dir.path())),
        [(1, "整改", Status::NotStarted, Some("2022-02-01".into()))]
    );
}

fn steps_on_disk_or_none(data: &Path) -> Vec<Step> {
    let ctx = board_support::ctx(Lang::Zh, None);
    Store::open(data)
        .load(&ctx.plan)
        .expect("ledger loads")
        .get("1.1", "approval")
        .map(|e| e.steps.clone())
        .unwrap_or_default()
}

#[test]
fn a_step_removed_by_another_session_fails_the_save_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = board_support::ctx(Lang::Zh, None);
    let store = Store::open(dir.path());
    let who = Who::Dept("approval".into());
    let add = |t: &str| {
        Edit::new(
            "1.1",
            "approval",
            Op::AddStep {
                text: t.into(),
                date: None,
            },
        )
    };
    store
        .commit(&ctx.plan, &[add("甲"), add("乙")], &who, chrono::Utc::now())
        .unwrap();
    let mut a = app(dir.path(), Lang::Zh);
    run(&mut a, "e<S-Tab><Tab>");
    // Meanwhile another session removes step 1.
    store
        .commit(
            &ctx.plan,
            &[Edit::new("1.1", "approval", Op::RemoveStep { id: 1 })],
            &who,
            chrono::Utc::now(),
        )
        .unwrap();
    run(&mut a, "D<C-s>");
    let msg = a.state.edit.message.clone().unwrap_or_default();
    assert!(msg.starts_with("未保存"), "{msg}");
    assert_eq!(
        summary(&steps_on_disk(dir.path())),
        [(2, "乙", Status::NotStarted, None)]
    );
}

#[test]
fn the_form_with_steps_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = board_support::ctx(Lang::Zh, None);
    let store = Store::open(dir.path());
    let who = Who::Dept("approval".into());
    let e = |op| Edit::new("1.1", "approval", op);
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    store
        .commit(
            &ctx.plan,
            &[
                e(Op::AddStep {
                    text: "梳理审批事项清单，明确电子化路径".into(),
                    date: d("2021-11-30"),
                }),
                e(Op::AddStep {
                    text: "与省政务服务平台完成系统对接".into(),
                    date: d("2022-01-15"),
                }),
                e(Op::AddStep {
                    text: "旧流程下线".into(),
                    date: None,
                }),
                e(Op::SetStepStatus {
                    id: 1,
                    status: Status::Done,
                }),
                e(Op::SetStepStatus {
                    id: 2,
                    status: Status::InProgress,
                }),
            ],
            &who,
            chrono::Utc::now(),
        )
        .unwrap();
    for (lang, name, typed) in [
        // Step 2 blocked (changed), step 3 marked for removal and
        // selected, a new one added.
        (
            Lang::Zh,
            "edit_steps_zh_80x24",
            "e<S-Tab><Tab>jbjxn组织验收<Tab>2022年3月31日<Enter>kk",
        ),
        // The step editor open on step 2 in English.
        (
            Lang::En,
            "edit_steps_en_80x24",
            "e<S-Tab><Tab>j<Enter><Tab>",
        ),
    ] {
        let mut a = app(dir.path(), lang);
        for k in keys(typed) {
            assert!(a.handle_key(k).is_empty(), "nothing is saved in {name}");
        }
        insta::assert_snapshot!(name, draw(&a).backend());
    }
}

#[test]
fn the_form_with_steps_draws_at_any_size_and_keeps_the_cursor_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Lang::Zh);
    // Many steps, one hostile, and the editor open on a long CJK text.
    let mut typed = String::from("e<S-Tab><Tab>");
    for i in 0..12 {
        typed.push_str(&format!("n第{i}步<Enter><Enter>"));
    }
    run(&mut a, &typed);
    a.state
        .edit
        .form
        .as_mut()
        .unwrap()
        .steps
        .as_mut()
        .unwrap()
        .rows[11]
        .text = "\u{1b}[2J\u{202e}恶意".into();
    run(&mut a, &format!("n{}", "很长的步骤内容".repeat(20)));
    let pos = draw(&a).get_cursor_position().unwrap();
    let s = screen(&a);
    let row = s
        .lines()
        .position(|l| l.contains("很长的步骤"))
        .unwrap_or_else(|| panic!("the editor's row is on screen\n{s}"));
    assert_eq!(pos.y as usize, row, "cursor on the editor's row\n{s}");
    assert!(
        (60..78).contains(&pos.x),
        "cursor at the end of the text: {pos:?}"
    );
    assert!(
        s.contains("␛[2J<U+202E>恶意"),
        "hostile text drawn inert\n{s}"
    );
    for (w, h) in [(1, 1), (10, 4), (20, 6), (40, 12), (200, 50)] {
        a.resize(w, h);
        draw(&a);
        run(&mut a, "<Esc>");
        draw(&a);
        run(&mut a, "k");
        draw(&a);
        run(&mut a, "<Enter>");
    }
}

/// Every key the form's two key tables bind, plus CJK, controls and Space,
/// in a fixed pseudo-random order (with a step typed and saved now and
/// then), the effects carried out and the board drawn at 80×24, 10×4 and
/// 1×1 after each: no panic, and the data dir still loads with every saved
/// step numbered uniquely.
#[test]
fn random_keys_on_the_steps_never_panic_and_leave_loadable_data() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use duban::app::keymap::{BINDINGS, Key};
    let mut pool: Vec<KeyEvent> = BINDINGS
        .iter()
        .filter(|b| matches!(b.mode, Mode::EditSteps | Mode::EditForm))
        .flat_map(|b| b.keys.iter())
        .filter(|k| !matches!(k, Key::Ctrl('c')))
        .map(|k| match *k {
            Key::Ch(c) if c.is_uppercase() => KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT),
            Key::Ch(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Key::K(code) => KeyEvent::new(code, KeyModifiers::NONE),
        })
        .collect();
    for c in ['步', '骤', 'z', '2', '-', '\u{1b}', '\u{202e}', ' '] {
        pool.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Lang::Zh);
    let mut seed: u64 = 0x05ee_d0f5_7e95;
    let sizes = [(80, 24), (10, 4), (1, 1)];
    for i in 0..600 {
        if a.state.edit.form.is_none() {
            a.resize(80, 24);
            run(&mut a, "e<S-Tab><Tab>");
        }
        // Random keys alone rarely get a step typed and saved.
        if i % 25 == 0 && a.state.mode() == Mode::EditSteps {
            run(&mut a, &format!("n第{i}步<Enter><Enter><C-s>"));
        }
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let k = pool[(seed >> 33) as usize % pool.len()];
        let eff = a.handle_key(k);
        effects::apply(&mut a, eff).expect("effects run");
        let (w, h) = sizes[i % sizes.len()];
        a.resize(w, h);
        draw(&a);
    }
    let steps = steps_on_disk_or_none(dir.path());
    assert!(!steps.is_empty(), "the sequence saved steps");
    let mut ids: Vec<u32> = steps.iter().map(|s| s.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), steps.len(), "unique ids: {steps:?}");
}

/// The detail pane lists each department's steps under its line, with
/// status and date, so what the form saved is seen while browsing.
#[test]
fn the_detail_pane_lists_the_steps() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = board_support::ctx(Lang::Zh, None);
    let store = Store::open(dir.path());
    let who = Who::Dept("approval".into());
    let add = |t: &str, date| {
        Edit::new(
            "1.1",
            "approval",
            Op::AddStep {
                text: t.into(),
                date,
            },
        )
    };
    let edits = [
        add("梳理事项清单", chrono::NaiveDate::from_ymd_opt(2021, 6, 30)),
        add("系统对接", None),
        Edit::new(
            "1.1",
            "approval",
            Op::SetStepStatus {
                id: 2,
                status: Status::Done,
            },
        ),
    ];
    store
        .commit(&ctx.plan, &edits, &who, chrono::Utc::now())
        .unwrap();
    let mut a = app(dir.path(), Lang::Zh);
    a.resize(120, 40);
    run(&mut a, "<Enter><Enter>");
    let s = screen(&a);
    assert!(
        s.contains("1. 梳理事项清单 · 未开始 · 2021-06-30"),
        "first step with its date:\n{s}"
    );
    assert!(s.contains("2. 系统对接 · 已完成"), "second step done:\n{s}");
}
