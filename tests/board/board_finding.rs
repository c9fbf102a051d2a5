//! Finding things at 80×24: every tab (the ranking too), the help hint and
//! who you are in the header; every active filter, the search position and
//! why a measure matched on the status line; the ranking as view 5; lists
//! after a resize through tiny sizes; colours that read on white.

use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use duban::app::Effect;
use duban::lang::Lang;
use duban::ui::App;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::board_support::{app, ctx, draw, give_progress, keys, press, screen};
use crate::board_wrapping::default_plan_app;

fn header(a: &App) -> String {
    screen(a).lines().next().unwrap().to_string()
}

fn status(a: &App) -> String {
    screen(a).lines().last().unwrap().to_string()
}

/// Presses keys, carrying out the effect that opens the ranking as the
/// runtime does.
fn run(a: &mut App, k: &str) {
    for key in keys(k) {
        for e in a.handle_key(key) {
            if e == Effect::OpenScoreboard {
                duban::tui::effects::apply(a, vec![e]).expect("the ranking opens");
            }
        }
    }
}

fn has_tab(h: &str, n: usize, name: &str) -> bool {
    h.contains(&format!("{n} {name}")) || h.contains(&format!("{n}{name}"))
}

#[test]
fn the_header_shows_every_tab_the_help_hint_and_who_you_are_at_80_columns() {
    for (lang, dept, names, hint, who) in [
        (
            Lang::Zh,
            None,
            ["计划", "逾期·临期", "部门", "总览", "排名"],
            "帮助",
            "未选择身份",
        ),
        (
            Lang::Zh,
            Some("tax"),
            ["计划", "逾期·临期", "部门", "总览", "排名"],
            "帮助",
            "税务局",
        ),
        (
            Lang::En,
            None,
            ["Plan", "Due", "Departments", "Dashboard", "Ranking"],
            "help",
            "no identity",
        ),
        (
            Lang::En,
            Some("tax"),
            ["Plan", "Due", "Departments", "Dashboard", "Ranking"],
            "help",
            "税务局",
        ),
    ] {
        let mut a = App::new(ctx(lang, dept), 80, 24);
        give_progress(&mut a);
        let h = header(&a);
        for (i, name) in names.iter().enumerate() {
            assert!(
                has_tab(&h, i + 1, name),
                "tab {} {name} missing: {h}",
                i + 1
            );
        }
        assert!(
            h.contains('?') && h.contains(hint) && h.contains(':'),
            "{h}"
        );
        assert!(h.contains(who), "{who} missing: {h}");
        if dept.is_some() {
            assert!(h.contains("[t]"), "the to-do count is kept: {h}");
        }
    }
}

#[test]
fn the_default_plan_header_keeps_the_ranking_and_help_with_a_long_title() {
    let a = default_plan_app(80, 24);
    let h = header(&a);
    assert!(has_tab(&h, 5, "排名"), "{h}");
    assert!(h.contains("?帮助 :命令"), "{h}");
    assert!(h.contains("未选择身份"), "{h}");
    assert!(h.contains("东昌府区"), "the title's start still shows: {h}");
}

#[test]
fn every_active_filter_shows_at_80_columns() {
    let mut a = App::new(ctx(Lang::Zh, Some("tax")), 80, 24);
    give_progress(&mut a);
    press(&mut a, "<Enter>jf税务<Enter>os");
    let st = status(&a);
    for word in ["税务局", "仅逾期", "状态 未开始", "x 清除"] {
        assert!(st.contains(word), "{word} missing: {st}");
    }
    press(&mut a, "xt");
    let st = status(&a);
    assert!(st.contains("税务局待办"), "{st}");
    // With a search on as well, both show.
    press(&mut a, "x/通办<Enter>o");
    let st = status(&a);
    assert!(st.contains("/通办") && st.contains("仅逾期"), "{st}");
}

#[test]
fn search_says_which_match_and_where_it_matched() {
    let mut a = app(80, 24);
    press(&mut a, "/税务<Enter>");
    let st = status(&a);
    assert!(st.contains("/税务 第1/"), "{st}");
    assert!(
        st.contains("· 部门") || st.contains("· 正文") || st.contains("· 标题"),
        "{st}"
    );
    let n: usize = st
        .split("第1/")
        .nth(1)
        .and_then(|r| r.split('项').next())
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(n >= 2, "{st}");
    press(&mut a, "n");
    assert!(status(&a).contains("第2/"), "{}", status(&a));
    // While typing, the position of the match jumped to shows too.
    press(&mut a, "/税");
    let st = status(&a);
    assert!(st.contains("第2/") && st.contains('项'), "{st}");
    press(&mut a, "<Esc>");
    // A match found by a department's name says so.
    let mut a = app(80, 24);
    press(&mut a, "/供电部<Enter>");
    assert!(status(&a).contains("· 部门"), "{}", status(&a));
}

#[test]
fn the_ranking_is_view_5_and_1_to_4_leave_it() {
    let mut a = app(80, 24);
    run(&mut a, "5");
    assert!(a.state.scoreboard().is_some());
    let term = draw(&a);
    let buf = term.backend().buffer();
    let h = header(&a);
    assert!(has_tab(&h, 5, "排名"), "{h}");
    // The rule reads the same in every terminal: no circled numerals.
    let whole = screen(&a);
    assert!(!whole.contains(['①', '②', '③']), "{whole}");
    let x = h
        .find("5 排名")
        .map(|b| {
            h[..b]
                .chars()
                .map(|c| duban::text::width(&c.to_string()))
                .sum::<usize>()
        })
        .expect("tab");
    assert!(
        buf[(x as u16 + 2, 0)].modifier.contains(Modifier::REVERSED),
        "the ranking's tab is the current one"
    );
    for (k, view) in [
        ("2", duban::app::View::Due),
        ("3", duban::app::View::Departments),
        ("4", duban::app::View::Dashboard),
        ("1", duban::app::View::Plan),
    ] {
        run(&mut a, "5");
        assert!(a.state.scoreboard().is_some());
        run(&mut a, k);
        assert!(a.state.scoreboard().is_none(), "{k} leaves the ranking");
        assert_eq!(a.state.view, view);
    }
    // The tab takes a click.
    let x = h
        .find("5 排名")
        .map(|b| {
            h[..b]
                .chars()
                .map(|c| duban::text::width(&c.to_string()))
                .sum::<usize>()
        })
        .unwrap();
    let effects = a.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x as u16 + 1,
        row: 0,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(effects, [Effect::OpenScoreboard]);
}

#[test]
fn a_resize_through_tiny_sizes_leaves_no_empty_rows_below_the_chapters() {
    let mut a = default_plan_app(80, 24);
    press(&mut a, "G");
    for (w, h) in [(80, 5), (80, 3), (20, 4), (1, 1), (80, 24)] {
        a.resize(w, h);
        let _ = screen(&a);
    }
    let s = screen(&a);
    assert!(
        s.contains("一 开办企业"),
        "the list starts at the top again:\n{s}"
    );
    assert!(s.contains("十六 优化外商投资"), "{s}");
    assert_eq!(a.state.navs[0].panes[0].offset, 0);
}

fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let first = needle.chars().next()?.to_string();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            if buf[(x, y)].symbol() == first {
                let mut row = String::new();
                let mut cx = x;
                while cx < buf.area.width && row.chars().count() < needle.chars().count() {
                    let sym = buf[(cx, y)].symbol();
                    row.push_str(sym);
                    cx += duban::text::width(sym).max(1) as u16;
                }
                if row == needle {
                    return Some((x, y));
                }
            }
        }
    }
    None
}

#[test]
fn due_soon_reads_on_white_and_a_blank_late_column_is_not_red() {
    let a = app(80, 24);
    let term = draw(&a);
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "2021-12-25").expect("a date due soon");
    let c = &buf[(x, y)];
    assert_ne!(c.fg, Color::Yellow, "yellow text is unreadable on white");
    assert_eq!((c.fg, c.bg), (Color::Black, Color::Yellow));
    // The selected chapter row (reversed) with nothing overdue in a
    // chapter: its `!n` cells are not red, so no red block shows.
    let mut a = default_plan_app(80, 24);
    press(&mut a, "jj");
    let term = draw(&a);
    let buf = term.backend().buffer();
    // The chapter list's row (the measures pane's title names it too).
    let y = (2..24)
        .find(|&y| buf[(1, y)].symbol() == "三" && buf[(4, y)].symbol() == "获")
        .expect("chapter 3, nothing overdue");
    let x0 = 1;
    let row: Vec<&str> = (0..80).map(|x| buf[(x, y)].symbol()).collect();
    let pane_right = (x0..80)
        .find(|&x| buf[(x, y)].symbol() == "│")
        .unwrap_or_else(|| panic!("no border after {x0},{y}: {row:?}"));
    for x in pane_right - 4..pane_right {
        let c = &buf[(x, y)];
        if c.symbol().trim().is_empty() {
            assert_ne!(
                c.fg,
                Color::Red,
                "a red blank at {x} would show as a red block"
            );
        }
    }
}
