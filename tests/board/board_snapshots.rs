//! Every view and overlay drawn into a TestBackend at 80×24 and 120×40 over
//! the fixture plan (as of 2021-12-20), compared with committed snapshots.
//! Snapshots hold characters only; colours are checked in board_render.rs.

use crate::board_support;

use board_support::*;
use duban::ui::App;

/// (name, keys from the opening screen)
const SCENES: &[(&str, &str)] = &[
    ("plan_open", ""),
    ("plan_measures", "<Enter>j"),
    ("plan_detail", "<Enter>jjjj<Enter>"),
    ("plan_detail_long", "j<Enter><Enter>"),
    ("due", "2"),
    ("due_detail", "2<Enter>"),
    ("departments", "3"),
    ("dept_measures", "3jjjj<Enter>"),
    ("dashboard", "4"),
    ("help", "?"),
    ("palette", ":"),
    ("palette_typed", ":over"),
    ("picker", "f"),
    ("search_typing", "/供电部"),
    ("search_confirmed", "/供电部<Enter>n"),
    ("filtered", "fj<Enter>o"),
];

fn scene(mut app: App, keys: &str) -> App {
    press(&mut app, keys);
    app
}

fn check(size: (u16, u16), lang: &str) {
    for (name, keys) in SCENES {
        let app = if lang == "zh" {
            scene(app(size.0, size.1), keys)
        } else {
            scene(app_en(size.0, size.1), keys)
        };
        let term = draw(&app);
        let snap = format!("{name}_{lang}_{}x{}", size.0, size.1);
        insta::assert_snapshot!(snap, term.backend());
    }
}

#[test]
fn views_at_80x24_zh() {
    check((80, 24), "zh");
}

#[test]
fn views_at_120x40_zh() {
    check((120, 40), "zh");
}

#[test]
fn views_at_80x24_en() {
    check((80, 24), "en");
}

#[test]
fn views_at_200x50_zh() {
    for (name, keys) in [("plan_detail", "<Enter><Enter>"), ("dashboard", "4")] {
        let app = scene(app(200, 50), keys);
        insta::assert_snapshot!(format!("{name}_zh_200x50"), draw(&app).backend());
    }
}

#[test]
fn views_at_40x12_zh() {
    for (name, keys) in SCENES.iter().take(9) {
        let app = scene(app(40, 12), keys);
        insta::assert_snapshot!(format!("{name}_zh_40x12"), draw(&app).backend());
    }
}

#[test]
fn views_with_progress_at_80x24_zh() {
    for (name, keys) in [
        ("dashboard", "4"),
        ("detail", "<Enter>j<Enter>"),
        ("due", "2"),
        ("status_filter", "ss"),
    ] {
        let mut app = app(80, 24);
        give_progress(&mut app);
        press(&mut app, keys);
        insta::assert_snapshot!(format!("progress_{name}_zh_80x24"), draw(&app).backend());
    }
}
