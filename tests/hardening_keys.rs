//! Random input against the board (RELIABILITY.md T8): sequences of 200
//! events — every key the key map knows, random characters (CJK, controls,
//! escapes), control keys, resizes from 1×1 to 300×100, pastes (one of them
//! 10 KB of CJK) and mouse events — starting at 80×24, 10×4 and 1×1. After
//! every event the board is drawn into a `TestBackend`; no event may panic,
//! every frame must draw, and every selection must stay inside its list.
//! Effects (edits, undo/redo, meeting decisions, review marks) are carried out by the
//! runtime's `effects::apply` against a temp data dir, which must still load
//! cleanly afterwards.
//!
//! The board holds real progress with hostile notes (ESC, OSC 52, bidi
//! overrides), so the detail pane renders them throughout.
//!
//! Case count: `PROPTEST_CASES` sequences per start size. CI runs all
//! 1 002 (RELIABILITY.md T8) as a step of its own, with duban at opt-level 1
//! (Cargo.toml, .ci/run), where they take about 270 s of CPU:
//!
//!     PROPTEST_CASES=334 cargo test --config 'profile.dev.package.duban.opt-level=1' --test hardening_keys
//!
//! A plain `cargo test` is unoptimised, where one sequence costs seconds, so
//! it runs 1 per start size (3 sequences, new seeds every run).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::OnceLock;

use chrono::{NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use duban::app::keymap::{BINDINGS, Key};
use duban::app::state::Overlay;
use duban::app::{Effect, View, lists, palette};
use duban::plan::Plan;
use duban::progress::{Edit, Ledger, Op, Store, Who};
use duban::tui::effects;
use duban::ui::App;
use duban::{lang::Lang, progress::Context};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[derive(Debug, Clone)]
enum Ev {
    Key(KeyEvent),
    Resize(u16, u16),
    Paste(String),
    BigPaste,
    Mouse(MouseEvent),
}

/// Text a hostile note carries; every piece must reach the screen inert.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}txt.exe\u{2066}\u{200b}注\r\n记";

/// The default plan and a ledger holding hostile notes, built once: a temp
/// data dir, real commits through `Store`, read back as `duban` reads it.
fn fixture() -> &'static (Plan, Ledger, tempfile::TempDir) {
    static F: OnceLock<(Plan, Ledger, tempfile::TempDir)> = OnceLock::new();
    F.get_or_init(|| {
        let plan = duban::plan::load_embedded().expect("default plan loads");
        let dir = scratch_dir();
        let store = Store::open(dir.path());
        let mut edits = Vec::new();
        for (_, m) in plan.measures().take(12) {
            if let Some(d) = m.lead.first() {
                edits.push(Edit::new(&m.id, d, Op::SetNote(HOSTILE.into())));
            }
        }
        assert!(!edits.is_empty(), "default plan has measures with leads");
        for e in edits {
            let who = Who::Dept(e.dept.clone());
            store
                .commit(&plan, std::slice::from_ref(&e), &who, Utc::now())
                .expect("commit a hostile note");
        }
        let ledger = store.load(&plan).expect("ledger with hostile notes loads");
        (plan, ledger, dir)
    })
}

/// A temp dir in memory where the machine has one: the sequences save
/// through the real protocol, whose fsyncs would otherwise make a
/// thousand of them wait on the disk.
fn scratch_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(d) = tempfile::Builder::new()
            .prefix("duban-keys")
            .tempdir_in(shm)
    {
        return d;
    }
    tempfile::tempdir().unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 12, 15).unwrap()
}

/// A fresh copy of the hostile data dir for one sequence: effects the
/// board asks for (meeting decisions, review marks) are carried out there
/// by the runtime's own `effects::apply`.
fn data_copy() -> tempfile::TempDir {
    let (_, _, src) = fixture();
    let dst = scratch_dir();
    std::fs::set_permissions(dst.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    copy_tree(src.path(), dst.path());
    dst
}

fn copy_tree(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_tree(&e.path(), &dest);
        } else if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn new_app(w: u16, h: u16, data: &Path) -> App {
    let (plan, _, _) = fixture();
    let ctx = Context {
        plan: plan.clone().into(),
        data_dir: data.to_path_buf(),
        today: today(),
        dept: None,
        lang: Lang::Zh,
        // A coordinator may record meeting decisions, so the review keys
        // reach the save path.
        coordinator: Some("督办科".into()),
        user: None,
    };
    let mut app = App::new(ctx, w, h);
    effects::load_progress(&mut app).expect("hostile data dir loads");
    app
}

/// Every key the key map binds, in any mode, as a terminal would send it.
fn bound_keys() -> Vec<KeyEvent> {
    let mut out: Vec<KeyEvent> = Vec::new();
    for b in BINDINGS {
        for k in b.keys {
            let ev = match *k {
                Key::Ch(c) if c.is_uppercase() => {
                    KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT)
                }
                Key::Ch(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
                Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
                Key::K(code) => KeyEvent::new(code, KeyModifiers::NONE),
            };
            if !out.contains(&ev) {
                out.push(ev);
            }
        }
    }
    out
}

fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        2 => proptest::char::range('\u{4e00}', '\u{9fa5}'),
        1 => proptest::char::range('\u{0}', '\u{1f}'),
        1 => proptest::char::range('\u{80}', '\u{9f}'),
        1 => prop::sample::select(vec![
            '\u{202e}', '\u{2066}', '\u{2069}', '\u{200b}', '\u{feff}', '①', '—', '…', '😀',
            '\u{fe0f}', '\u{301}', '，', '\u{7f}',
        ]),
        1 => any::<char>(),
    ]
}

fn control_key() -> impl Strategy<Value = KeyEvent> {
    let codes = vec![
        KeyCode::Esc,
        KeyCode::Enter,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Insert,
        KeyCode::F(1),
        KeyCode::F(2),
        KeyCode::F(12),
        KeyCode::Null,
    ];
    prop_oneof![
        prop::sample::select(codes).prop_map(|c| KeyEvent::new(c, KeyModifiers::NONE)),
        proptest::char::range('a', 'z')
            .prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
        any_char().prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT)),
    ]
}

fn mouse() -> impl Strategy<Value = MouseEvent> {
    let kinds = vec![
        MouseEventKind::Down(MouseButton::Left),
        MouseEventKind::Down(MouseButton::Right),
        MouseEventKind::Up(MouseButton::Left),
        MouseEventKind::Drag(MouseButton::Left),
        MouseEventKind::ScrollDown,
        MouseEventKind::ScrollUp,
        MouseEventKind::Moved,
    ];
    (prop::sample::select(kinds), 0u16..320, 0u16..120).prop_map(|(kind, column, row)| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// Sizes to resize to: mostly tiny and ordinary ones, where layout edge
/// cases live, and now and then anything up to 300×100. A frame costs in
/// proportion to its cells, so this keeps 1 000 sequences affordable.
fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        3 => (1u16..=12, 1u16..=6),
        4 => (13u16..=120, 7u16..=40),
        1 => (1u16..=300, 1u16..=100),
    ]
}

fn event(keys: Vec<KeyEvent>) -> impl Strategy<Value = Ev> {
    // About one 10 KB paste per sequence: after it every search keystroke
    // matches a 10 KB needle, which is slow in a debug build.
    prop_oneof![
        120 => prop::sample::select(keys).prop_map(Ev::Key),
        40 => any_char().prop_map(|c| Ev::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))),
        24 => control_key().prop_map(Ev::Key),
        12 => size().prop_map(|(w, h)| Ev::Resize(w, h)),
        8 => prop::collection::vec(any_char(), 0..40)
            .prop_map(|v| Ev::Paste(v.into_iter().collect())),
        1 => Just(Ev::BigPaste),
        16 => mouse().prop_map(Ev::Mouse),
    ]
}

/// A 10 KB paste of CJK text (3 bytes a character).
fn big_paste() -> &'static str {
    static P: OnceLock<String> = OnceLock::new();
    P.get_or_init(|| "优化营商环境创新突破行动".repeat(10 * 1024 / 36 + 1))
}

/// Every list selection of every view lies inside its list, and an open
/// palette or picker selects one of its entries.
fn check_bounds(app: &App) -> Result<(), String> {
    let s = &app.state;
    for view in View::ALL {
        for (i, _) in view.panes().iter().enumerate() {
            let len = lists::pane_len(s, view, i);
            let sel = s.navs[view.index()].panes[i].selected;
            if len > 0 && sel >= len {
                return Err(format!("{view:?} pane {i}: selected {sel} of {len}"));
            }
        }
        let focus = s.navs[view.index()].focus;
        if focus >= view.panes().len() {
            return Err(format!("{view:?}: focus {focus} of {}", view.panes().len()));
        }
    }
    match &s.overlay {
        Overlay::Palette { input, selected } => {
            let n = palette::palette_matches(input, s.board.lang).len();
            if n > 0 && *selected >= n {
                return Err(format!("palette: selected {selected} of {n}"));
            }
        }
        Overlay::Picker { input, selected } => {
            let n = palette::picker_matches(&s.board, input).len();
            if n > 0 && *selected >= n {
                return Err(format!("picker: selected {selected} of {n}"));
            }
        }
        Overlay::Help { .. } | Overlay::None => {}
    }
    Ok(())
}

fn draw(term: &mut Terminal<TestBackend>, app: &App) -> Result<(), String> {
    if term.size().map_err(|e| e.to_string())? != (app.width, app.height).into() {
        term.backend_mut().resize(app.width, app.height);
    }
    term.draw(|f| duban::ui::render(app, f))
        .map(|_| ())
        .map_err(|e| format!("frame did not draw: {e}"))
}

fn run_sequence(start: (u16, u16), events: &[Ev]) -> Result<(), TestCaseError> {
    let data = data_copy();
    let mut app = new_app(start.0, start.1, data.path());
    let mut term = Terminal::new(TestBackend::new(start.0, start.1)).unwrap();
    draw(&mut term, &app).map_err(TestCaseError::fail)?;
    for (n, ev) in events.iter().enumerate() {
        let effects = match ev {
            Ev::Key(k) => app.handle_key(*k),
            Ev::Resize(w, h) => {
                app.resize(*w, *h);
                Vec::new()
            }
            Ev::Paste(t) => app.handle_paste(t),
            Ev::BigPaste => app.handle_paste(big_paste()),
            Ev::Mouse(m) => app.handle_mouse(*m),
        };
        let at = |e: String| TestCaseError::fail(format!("event {n} ({ev:?}): {e}"));
        let saves = effects.iter().any(|e| {
            !matches!(
                e,
                Effect::Quit | Effect::StartReview(_) | Effect::OpenScoreboard
            )
        });
        effects::apply(&mut app, effects).map_err(at)?;
        if saves {
            check_data(data.path()).map_err(at)?;
        }
        draw(&mut term, &app).map_err(at)?;
        check_bounds(&app).map_err(at)?;
        if app.should_quit() {
            // The runtime would exit; carry on with a fresh board so the
            // rest of the sequence still exercises something.
            app = new_app(app.width, app.height, data.path());
        }
    }
    check_data(data.path()).map_err(TestCaseError::fail)
}

/// Whatever the sequence saved still loads, with no damaged department.
fn check_data(dir: &Path) -> Result<(), String> {
    let (plan, _, _) = fixture();
    let ledger = Store::open(dir)
        .load(plan)
        .map_err(|e| format!("data dir no longer loads: {e}"))?;
    if !ledger.problems.is_empty() {
        return Err(format!("damaged after the sequence: {:?}", ledger.problems));
    }
    Store::open(dir)
        .history()
        .map_err(|e| format!("history no longer loads: {e}"))?;
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

fn random_keys_at(w: u16, h: u16) {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = prop::collection::vec(event(bound_keys()), 200);
    runner
        .run(&strategy, |events| run_sequence((w, h), &events))
        .unwrap();
}

#[test]
fn random_events_at_80x24() {
    random_keys_at(80, 24);
}

#[test]
fn random_events_at_10x4() {
    random_keys_at(10, 4);
}

#[test]
fn random_events_at_1x1() {
    random_keys_at(1, 1);
}

/// The hostile note is on the board: some frame of the detail pane shows
/// its stand-ins and none carries ESC, BEL or CSI through to a cell.
#[test]
fn hostile_notes_render_as_stand_ins() {
    let (plan, ledger, _) = fixture();
    let (_, m) = plan.measures().next().unwrap();
    assert!(
        ledger.entries.values().any(|e| e.note == HOSTILE),
        "ledger keeps the note as written (sanitising is for display)"
    );
    let data = data_copy();
    let mut app = new_app(200, 60, data.path());
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    // Into the first chapter's measures, then its detail.
    let mut seen = String::new();
    for key in [KeyCode::Enter, KeyCode::Enter, KeyCode::Enter] {
        app.handle_key(KeyEvent::new(key, KeyModifiers::NONE));
        term.draw(|f| duban::ui::render(&app, f)).unwrap();
        let buf = term.backend().buffer().clone();
        for cell in buf.content() {
            let sym = cell.symbol();
            assert!(
                !sym.chars()
                    .any(|c| c.is_control() || c == '\u{202e}' || c == '\u{200b}'),
                "cell {sym:?} carries a control or invisible character"
            );
            seen.push_str(sym);
        }
    }
    assert!(
        seen.contains('␛') && seen.contains("<U+202E>"),
        "detail of {} never showed the note's stand-ins",
        m.id
    );
}

/// A 10 KB paste into the search prompt is one search, not one per
/// character: pasting then deleting one character leaves the board where
/// typing the shorter text would.
#[test]
fn a_big_paste_into_search_lands_whole() {
    let data = data_copy();
    let mut app = new_app(80, 24, data.path());
    app.handle_key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
    app.handle_paste(big_paste());
    assert_eq!(app.state.search.input, big_paste());
    app.handle_paste("\u{1b}[2J");
    assert!(app.state.search.input.ends_with("[2J"));
    assert!(
        !app.state.search.input.contains('\u{1b}'),
        "controls are dropped"
    );
}
