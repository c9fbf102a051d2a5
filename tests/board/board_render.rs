//! What snapshots cannot see: colours of critical cells, NO_COLOR, column
//! alignment after CJK text, tiny terminals, sanitised text, the mouse.

use crate::board_support;

use board_support::*;
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use duban::app::View;
use duban::ui::App;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// Screen position of the first cell of `needle` on any row.
fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    (0..buf.area.height).find_map(|y| find_in_row(buf, y, needle).map(|x| (x, y)))
}

/// Screen column where `needle` starts on row `y` (by cells, CJK-aware).
fn find_in_row(buf: &Buffer, y: u16, needle: &str) -> Option<u16> {
    let first = needle.chars().next()?.to_string();
    (0..buf.area.width)
        .find(|&x| buf[(x, y)].symbol() == first && row_text_from(buf, x, y).starts_with(needle))
}

fn row_text_from(buf: &Buffer, x0: u16, y: u16) -> String {
    let mut s = String::new();
    let mut x = x0;
    while x < buf.area.width {
        let sym = buf[(x, y)].symbol();
        s.push_str(sym);
        x += duban::text::width(sym).max(1) as u16;
    }
    s
}

fn buffer(app: &App) -> Buffer {
    draw(app).backend().buffer().clone()
}

#[test]
fn overdue_dates_are_red_and_due_soon_black_on_yellow() {
    let mut a = app(80, 24);
    let buf = buffer(&a);
    let (x, y) = find(&buf, "2021-11-30").expect("1.1's due date is listed");
    assert_eq!(buf[(x, y)].fg, Color::Red);
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = find(&buf, "2021-12-25").unwrap();
    assert_eq!(
        (buf[(x, y)].fg, buf[(x, y)].bg),
        (Color::Black, Color::Yellow)
    );
    let (x, y) = find(&buf, "2022-06-30").unwrap();
    assert_eq!(buf[(x, y)].fg, Color::Reset);

    press(&mut a, "2");
    let buf = buffer(&a);
    let (x, y) = find(&buf, "逾期20天").expect("the due view says how late");
    assert_eq!(buf[(x, y)].fg, Color::Red);
    let (x, y) = find(&buf, "今日到期").unwrap();
    assert_eq!(
        (buf[(x, y)].fg, buf[(x, y)].bg),
        (Color::Black, Color::Yellow)
    );
}

#[test]
fn the_detail_pane_marks_a_missed_deadline_red() {
    let mut a = app(120, 40);
    press(&mut a, "<Enter><Enter>");
    let buf = buffer(&a);
    let (x, y) = find(&buf, "2021-11-30 前完成").expect("deadline line");
    assert!(x > 60, "in the detail pane");
    assert_eq!(buf[(x, y)].fg, Color::Red);
}

#[test]
fn no_color_draws_with_modifiers_only() {
    for keys in ["", "2", "3<Enter>", "4", "?", ":", "f", "/税务", "2<Enter>"] {
        let mut a = app(120, 40);
        a.no_color = true;
        press(&mut a, keys);
        let buf = buffer(&a);
        for cell in buf.content() {
            assert_eq!(cell.fg, Color::Reset, "keys {keys:?}: {cell:?}");
            assert_eq!(cell.bg, Color::Reset, "keys {keys:?}: {cell:?}");
        }
        // Still distinguishable: the cursor row is reversed.
        assert!(
            buf.content()
                .iter()
                .any(|c| c.modifier.contains(Modifier::REVERSED))
        );
    }
}

#[test]
fn columns_after_cjk_text_line_up() {
    // Plan measures: the date column starts at one x on every row.
    let a = app(80, 24);
    let buf = buffer(&a);
    let xs: Vec<u16> = (2..7)
        .filter_map(|y| find_in_row(&buf, y, "2021-").or_else(|| find_in_row(&buf, y, "2022-")))
        .collect();
    assert_eq!(xs.len(), 4, "four of five measures have a due date");
    assert!(
        xs.windows(2).all(|w| w[0] == w[1]),
        "date x per row: {xs:?}"
    );

    // Due view: ids after tags of different widths (逾期20天, 5天后到期).
    let mut a = app(80, 24);
    press(&mut a, "2");
    let buf = buffer(&a);
    let ids: Vec<u16> = ["1.1 ", "2.2 ", "1.5 ", "1.2 ", "3.1 "]
        .iter()
        .enumerate()
        .map(|(i, id)| find_in_row(&buf, 2 + i as u16, id).expect(id))
        .collect();
    assert!(
        ids.windows(2).all(|w| w[0] == w[1]),
        "id x per row: {ids:?}"
    );
    let dates: Vec<u16> = (2..7)
        .map(|y| find_in_row(&buf, y, "2021-").unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] == w[1]),
        "date x per row: {dates:?}"
    );

    // Chapter counts line up after titles of different lengths.
    let buf = buffer(&app(80, 24));
    let counts: Vec<u16> = [(2, "5"), (3, "3"), (4, "2")]
        .iter()
        .map(|&(y, n)| {
            (1..28)
                .rev()
                .find(|&x| buf[(x, y)].symbol() == n && buf[(x - 1, y)].symbol() == " ")
                .unwrap()
        })
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] == w[1]),
        "count x per row: {counts:?}"
    );
}

#[test]
fn the_cursor_row_is_reversed_in_the_focused_pane() {
    let a = app(80, 24);
    let buf = buffer(&a);
    // Row 2 is the first list row (row 1 is the pane titles).
    let x = find_in_row(&buf, 2, "一 开办企业").unwrap();
    assert!(buf[(x, 2)].modifier.contains(Modifier::REVERSED));
    let (x, y) = find(&buf, "推行企业开办").unwrap();
    assert!(!buf[(x, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn search_matches_are_highlighted() {
    let mut a = app(120, 40);
    press(&mut a, "/网上办<Enter>");
    let buf = buffer(&a);
    let (x, y) = find(&buf, "网上办").unwrap();
    assert_eq!(buf[(x, y)].bg, Color::Cyan);
    let (x, y) = find(&buf, "推行企业开办").unwrap();
    assert_ne!(buf[(x, y)].bg, Color::Cyan);
}

#[test]
fn hostile_plan_text_is_shown_not_executed() {
    let mut a = app(120, 40);
    press(&mut a, "<Enter>jjjj<Enter>");
    let screen = screen(&a);
    for bad in ['\u{1b}', '\u{7}', '\u{202E}', '\u{200B}', '\u{202C}'] {
        assert!(!screen.contains(bad), "{bad:?} reached the screen");
    }
    assert!(screen.contains("␛[2J"));
    assert!(screen.contains("<U+202E>"));
    assert!(screen.contains("␛]0;title␇"));
}

#[test]
fn never_panics_at_tiny_sizes() {
    let scenes = [
        "",
        "<Enter>",
        "<Enter><Enter>",
        "2",
        "2<Enter>",
        "3<Enter><Enter>",
        "4",
        "4<Tab>",
        "?",
        ":",
        ":x",
        "f",
        "/税",
        "/税<Enter>n",
    ];
    for (w, h) in [
        (1, 1),
        (2, 2),
        (10, 4),
        (3, 1),
        (1, 5),
        (0, 0),
        (5, 3),
        (15, 6),
    ] {
        for keys in scenes {
            let mut a = app(w, h);
            press(&mut a, keys);
            let _ = buffer(&a);
            // Keep moving at this size too.
            press(&mut a, "jjGg<C-d><C-u><PgDn><PgUp><Tab><S-Tab>hl");
            let _ = buffer(&a);
        }
    }
}

#[test]
fn wide_terminals_show_three_panes_and_side_by_side_tables() {
    let mut a = app(200, 50);
    let s = screen(&a);
    assert!(s.contains("章节") && s.contains("措施") && s.contains("详情"));
    press(&mut a, "4");
    let buf = buffer(&a);
    let (_, y1) = find(&buf, "按章节").unwrap();
    let (_, y2) = find(&buf, "按部门").unwrap();
    assert_eq!(y1, y2, "tables side by side");
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut a = app(80, 24);
    let buf = buffer(&a);
    let (x, y) = find(&buf, "免费刻制公章").unwrap();
    let click = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    a.handle_mouse(click(MouseEventKind::Down(MouseButton::Left), x, y));
    assert_eq!(a.state.nav().focus, 1);
    assert_eq!(a.state.nav().panes[1].selected, 2);
    a.handle_mouse(click(MouseEventKind::ScrollDown, 5, 3));
    assert_eq!(a.state.nav().focus, 0);
    assert_eq!(a.state.nav().panes[0].selected, 2);
    // Clicks outside any pane do nothing.
    a.handle_mouse(click(MouseEventKind::Down(MouseButton::Left), 0, 0));
    assert_eq!(a.state.nav().panes[0].selected, 2);
}

#[test]
fn keys_quit_only_from_the_top_and_ctrl_c_always() {
    let mut a = app(80, 24);
    assert!(press(&mut a, "<Enter><Enter>qq").is_empty());
    assert!(!a.should_quit());
    assert_eq!(press(&mut a, "q"), vec![duban::app::Effect::Quit]);
    assert!(a.should_quit());
    let mut a = app(80, 24);
    press(&mut a, "/abc");
    assert_eq!(press(&mut a, "<C-c>"), vec![duban::app::Effect::Quit]);
}

#[test]
fn typed_and_pasted_text_goes_into_the_open_input() {
    let mut a = app(80, 24);
    press(&mut a, "/");
    a.handle_paste("供电\u{1b}部");
    assert_eq!(a.state.search.input, "供电部");
    // In the search input, q and j are text, not commands.
    press(&mut a, "qj");
    assert_eq!(a.state.search.input, "供电部qj");
    press(&mut a, "<Esc>");
    assert!(a.handle_paste("jjj").is_empty());
    assert_eq!(a.state.view, View::Plan);
}

/// A paste into the palette or the department picker ranks once, yet
/// leaves the board exactly where typing the same text would.
#[test]
fn pasting_into_palette_and_picker_equals_typing() {
    for (open, text) in [(":", "help"), ("f", "市场监管")] {
        let mut typed = app(80, 24);
        press(&mut typed, open);
        press(&mut typed, "<Down>");
        press(&mut typed, text);
        let mut pasted = app(80, 24);
        press(&mut pasted, open);
        press(&mut pasted, "<Down>");
        assert!(pasted.handle_paste(text).is_empty());
        assert_eq!(pasted.state.overlay, typed.state.overlay, "after {open}");
        assert_eq!(screen(&pasted), screen(&typed));
        // Enter then acts on the same entry.
        press(&mut typed, "<Enter>");
        press(&mut pasted, "<Enter>");
        assert_eq!(screen(&pasted), screen(&typed), "after {open} and Enter");
    }
}

#[test]
fn english_ui_with_lang_en() {
    let a = app_en(80, 24);
    let s = screen(&a);
    assert!(s.contains("Plan") && s.contains("Chapters") && s.contains("as of 2021-12-20"));
    assert!(!s.contains("章节"));
}

#[test]
fn status_line_shows_filters_and_where_you_are() {
    let mut a = app(120, 40);
    press(&mut a, "f税务<Enter>o<Enter>");
    let s = screen(&a);
    let status = s.lines().last().unwrap();
    assert!(status.contains("计划 › 一 开办企业 › 1.1"), "{status}");
    assert!(
        status.contains("筛选: 税务局 · 仅逾期 (x 清除)"),
        "{status}"
    );
    assert!(status.contains("共1项"), "{status}");
    press(&mut a, "x");
    let s = screen(&a);
    assert!(!s.lines().last().unwrap().contains("筛选"));
}

#[test]
fn the_default_plan_opens_with_its_title_at_80x24_and_in_full_at_120() {
    let plan = duban::plan::load_embedded().expect("default plan loads");
    let title = plan.doc.title.clone();
    let first_chapter = format!("{} {}", plan.chapters[0].numeral, plan.chapters[0].title);
    let ctx = duban::progress::Context {
        plan: plan.into(),
        data_dir: "/nonexistent/duban-test".into(),
        today: today(),
        dept: None,
        lang: duban::lang::Lang::Zh,
        coordinator: None,
        user: None,
    };
    let mut a = App::new(ctx, 120, 40);
    let s = screen(&a);
    assert!(s.lines().next().unwrap().contains(&title), "{s}");
    // At 80 columns the tabs and the help hint come first; the title
    // shows its start.
    a.resize(80, 24);
    let s = screen(&a);
    let start: String = title.chars().take(4).collect();
    assert!(s.lines().next().unwrap().contains(&start), "{s}");
    assert!(s.contains(&first_chapter));
    // Walk every view of the full plan at this size.
    for keys in [
        "Gjk<Enter>G<Enter><C-d><C-d>",
        "2<Enter>",
        "3G<Enter>G",
        "4<Tab>G<Enter>",
        "1/税务<Enter>nnN",
    ] {
        press(&mut a, keys);
        let _ = buffer(&a);
    }
}

#[test]
fn progress_fills_the_dashboard_and_the_detail_pane() {
    let mut a = app(120, 40);
    give_progress(&mut a);
    press(&mut a, "4");
    let s = screen(&a);
    // Chapter one: 1.1 fully done (1.0), others 0 → mean 20%.
    assert!(s.contains("20%"), "{s}");
    let buf = buffer(&a);
    let (x, y) = find(&buf, "█").expect("a progress bar");
    assert_eq!(buf[(x, y)].fg, Color::Green);

    let mut a = app(200, 50);
    give_progress(&mut a);
    press(&mut a, "<Enter>j<Enter>");
    let s = screen(&a);
    assert!(s.contains("税务局：推进中 · 已对接␛[31m系统"), "{s}");
    // The committed date binds (earlier than the plan's), shown with its source.
    assert!(s.contains("时限 2021-12-22 承诺"), "{s}");
    assert!(s.contains("时限 2021-12-25 计划"), "{s}");
    assert!(s.contains("审批局：未开始"), "{s}");
    assert!(!s.contains('\u{1b}'));
}

#[test]
fn a_done_measure_leaves_the_due_view() {
    let mut a = app(80, 24);
    press(&mut a, "2");
    assert!(screen(&a).contains("推行企业开办全程网上办"));
    give_progress(&mut a);
    assert!(!screen(&a).contains("推行企业开办全程网上办"));
}

#[test]
fn clicking_a_tab_switches_view() {
    let mut a = app(120, 40);
    let buf = buffer(&a);
    for (label, view) in [
        ("2 逾期", View::Due),
        ("4 总览", View::Dashboard),
        ("1 计划", View::Plan),
    ] {
        let x = find_in_row(&buf, 0, label).expect(label);
        a.handle_mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: 0,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(a.state.view, view, "{label}");
    }
}

#[test]
fn long_lists_and_text_say_where_you_are() {
    // Three rows per pane at 40×7: three chapters fit, five measures do not.
    let mut a = app(40, 7);
    let s = screen(&a);
    assert!(s.contains("(1/5)") && !s.contains("(1/3)"), "{s}");
    press(&mut a, "j<Enter><Enter>");
    let s = screen(&a);
    assert!(s.lines().nth(1).unwrap().contains("详情 · 2.1 ("), "{s}");
}

#[test]
fn unreadable_progress_files_are_reported_not_hidden() {
    use duban::app::progress::LedgerProgress;
    use duban::progress::{Ledger, StoreError};
    let mut a = app(100, 30);
    let mut ledger = Ledger::default();
    ledger.problems.push(StoreError::Parse {
        file: "data/tax.ron".into(),
        dept: Some("tax".into()),
        line: 3,
        column: 7,
        message: "expected `)`\u{1b}[2J".into(),
        hint: None,
    });
    let p = LedgerProgress::new(&a.ctx.plan, ledger, a.ctx.today, a.ctx.lang);
    a.set_progress(Box::new(p));
    let s = screen(&a);
    assert!(s.lines().last().unwrap().contains("⚠1"), "{s}");
    press(&mut a, "4");
    let s = screen(&a);
    assert!(s.contains("1 个进度文件无法读取"), "{s}");
    assert!(s.contains("data/tax.ron:3:7: expected `)`␛[2J"), "{s}");
    assert!(!s.contains('\u{1b}'));
}

#[test]
fn an_empty_plan_draws_without_panic() {
    let mut plan = duban::plan::load_dir(&fixture_dir()).unwrap();
    plan.chapters.clear();
    plan.departments.clear();
    let ctx = duban::progress::Context {
        plan: plan.into(),
        data_dir: "/nonexistent/duban-test".into(),
        today: today(),
        dept: Some("tax".into()),
        lang: duban::lang::Lang::Zh,
        coordinator: None,
        user: None,
    };
    for (w, h) in [(80, 24), (1, 1), (10, 4)] {
        let mut a = App::new(ctx_clone(&ctx), w, h);
        for keys in [
            "",
            "jGg<Enter><Enter>",
            "2<Enter>",
            "3<Enter>",
            "4<Tab><Enter>",
            "/x<Enter>nN",
            "f<Enter>",
            "mosx",
            ":<Enter>",
            "?G",
        ] {
            press(&mut a, keys);
            let _ = buffer(&a);
        }
    }
}

fn ctx_clone(c: &duban::progress::Context) -> duban::progress::Context {
    duban::progress::Context {
        plan: c.plan.clone(),
        data_dir: c.data_dir.clone(),
        today: c.today,
        dept: c.dept.clone(),
        lang: c.lang,
        coordinator: c.coordinator.clone(),
        user: c.user.clone(),
    }
}

mod random_keys {
    use super::*;
    use proptest::prelude::*;

    /// Keys a user might press, including every binding and some text.
    const KEYS: &[&str] = &[
        "j", "k", "h", "l", "g", "G", "<C-d>", "<C-u>", "<PgDn>", "<PgUp>", "<Home>", "<End>",
        "<Tab>", "<S-Tab>", "<Enter>", "<Esc>", "q", "1", "2", "3", "4", "<F2>", "/", "n", "N",
        "f", "m", "o", "s", "x", "?", ":", "<BS>", "<C-c>", "税", "a", " ", "<Down>", "<Up>",
        "<Left>", "<Right>",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        #[test]
        fn random_key_sequences_never_panic(
            picks in proptest::collection::vec(0..KEYS.len(), 1..60),
            size in prop_oneof![Just((80u16, 24u16)), Just((10, 4)), Just((1, 1))],
        ) {
            let mut a = app(size.0, size.1);
            for (i, &k) in picks.iter().enumerate() {
                if a.should_quit() {
                    break;
                }
                press(&mut a, KEYS[k]);
                if i % 8 == 0 {
                    let _ = buffer(&a);
                }
            }
            let _ = buffer(&a);
        }
    }
}
