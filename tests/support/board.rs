//! Shared set-up for the board tests: the fixture plan at a fixed as-of
//! date, key sequences written as text, and rendering into a TestBackend.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use duban::ui::App;
use duban::{lang::Lang, progress::Context};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The as-of date every board test uses: 1.1 and 2.2 are overdue, 1.5 is
/// due today, 1.2 and 3.1 are due within a week.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 12, 20).unwrap()
}

pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/board")
}

pub fn ctx(lang: Lang, dept: Option<&str>) -> Context {
    Context {
        plan: duban::plan::load_dir(&fixture_dir())
            .expect("fixture plan loads")
            .into(),
        data_dir: PathBuf::from("/nonexistent/duban-test"),
        today: today(),
        dept: dept.map(str::to_string),
        lang,
        coordinator: None,
        user: None,
    }
}

pub fn app(w: u16, h: u16) -> App {
    App::new(ctx(Lang::Zh, None), w, h)
}

pub fn app_en(w: u16, h: u16) -> App {
    App::new(ctx(Lang::En, None), w, h)
}

/// Keys as text: plain characters, or `<Enter>`, `<Esc>`, `<Tab>`,
/// `<S-Tab>`, `<Down>`, `<Up>`, `<Left>`, `<Right>`, `<PgDn>`, `<PgUp>`,
/// `<Home>`, `<End>`, `<BS>`, `<F2>`, `<C-d>`.
pub fn keys(s: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            let name = &rest[1..end];
            rest = &rest[end + 1..];
            let none = KeyModifiers::NONE;
            let ev = match name {
                "Enter" => KeyEvent::new(KeyCode::Enter, none),
                "Esc" => KeyEvent::new(KeyCode::Esc, none),
                "Tab" => KeyEvent::new(KeyCode::Tab, none),
                "S-Tab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
                "Down" => KeyEvent::new(KeyCode::Down, none),
                "Up" => KeyEvent::new(KeyCode::Up, none),
                "Left" => KeyEvent::new(KeyCode::Left, none),
                "Right" => KeyEvent::new(KeyCode::Right, none),
                "PgDn" => KeyEvent::new(KeyCode::PageDown, none),
                "PgUp" => KeyEvent::new(KeyCode::PageUp, none),
                "Home" => KeyEvent::new(KeyCode::Home, none),
                "End" => KeyEvent::new(KeyCode::End, none),
                "BS" => KeyEvent::new(KeyCode::Backspace, none),
                f if f.starts_with('F') => KeyEvent::new(KeyCode::F(f[1..].parse().unwrap()), none),
                c if c.starts_with("C-") => KeyEvent::new(
                    KeyCode::Char(c[2..].chars().next().unwrap()),
                    KeyModifiers::CONTROL,
                ),
                other => panic!("unknown key name <{other}>"),
            };
            out.push(ev);
        } else {
            rest = &rest[c.len_utf8()..];
            let mods = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            out.push(KeyEvent::new(KeyCode::Char(c), mods));
        }
    }
    out
}

/// Feeds a key sequence; returns every effect produced.
pub fn press(app: &mut App, s: &str) -> Vec<duban::app::Effect> {
    keys(s)
        .into_iter()
        .flat_map(|k| app.handle_key(k))
        .collect()
}

pub fn draw(app: &App) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    term.draw(|f| duban::ui::render(app, f)).unwrap();
    term
}

/// The screen as text, one line per row, for assertions.
pub fn screen(app: &App) -> String {
    let term = draw(app);
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = duban::text::width(sym).saturating_sub(1);
            out.push_str(sym);
        }
        out.push('\n');
    }
    out
}

/// Hands the app a ledger: 1.1 done by all three departments, 1.2 in
/// progress at tax with a committed date and a note, 2.1 blocked at
/// housing, 3.1 done at power only.
pub fn give_progress(app: &mut App) {
    use duban::app::progress::LedgerProgress;
    use duban::progress::{Entry, Key, Ledger, Status};
    let mut ledger = Ledger::default();
    let mut put = |m: &str, d: &str, status: Status, due: Option<&str>, note: &str| {
        let e = Entry {
            status,
            due: due.map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()),
            note: note.to_string(),
            ..Default::default()
        };
        ledger.entries.insert(Key::new(m, d), e);
    };
    put("1.1", "approval", Status::Done, None, "");
    put("1.1", "tax", Status::Done, None, "");
    put("1.1", "market", Status::Done, None, "");
    put(
        "1.2",
        "tax",
        Status::InProgress,
        Some("2021-12-22"),
        "已对接\u{1b}[31m系统",
    );
    put("2.1", "housing", Status::Blocked, None, "等待用地批复");
    put("3.1", "power", Status::Done, None, "");
    let lang = app.ctx.lang;
    let p = LedgerProgress::new(&app.ctx.plan, ledger, app.ctx.today, lang);
    app.set_progress(Box::new(p));
}
