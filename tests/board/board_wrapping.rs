//! Every one of the default plan's 140 details, drawn at 80×24 and at
//! 120×40 and scrolled through to its end, wraps by the 行首/行尾禁则 and
//! keeps numbers with their units.

use duban::lang::Lang;
use duban::progress::Context;
use duban::text::breaks::{bad_line, splits_quantity};
use duban::ui::App;
use duban::ui::layout;
use ratatui::layout::Rect;

use crate::board_support::{draw, press};

pub fn default_plan_app(w: u16, h: u16) -> App {
    let ctx = Context {
        plan: duban::plan::load_embedded()
            .expect("the embedded plan loads")
            .into(),
        data_dir: std::path::PathBuf::from("/nonexistent/duban-test"),
        today: chrono::NaiveDate::from_ymd_opt(2022, 1, 10).unwrap(),
        dept: None,
        lang: Lang::Zh,
        coordinator: None,
        user: None,
    };
    App::new(ctx, w, h)
}

/// The detail pane's text rows as drawn, one string per row.
fn detail_rows(app: &App) -> Vec<String> {
    let term = draw(app);
    let buf = term.backend().buffer();
    let area = Rect::new(0, 0, app.width, app.height);
    let body = layout::frame(area).body;
    let (_, pane) = layout::panes(&app.state, body)
        .into_iter()
        .find(|&(p, _)| p == 2)
        .expect("the detail pane is on screen");
    let inner = layout::inner(pane);
    (inner.y..inner.bottom())
        .map(|y| {
            let mut row = String::new();
            let mut skip = 0;
            for x in inner.x..inner.right() {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = duban::text::width(sym).saturating_sub(1);
                row.push_str(sym);
            }
            row.trim_end().to_string()
        })
        .collect()
}

/// The whole detail of the selected measure, scrolling the pane from the
/// top to where it stops.
fn whole_detail(app: &mut App) -> Vec<String> {
    press(app, "g");
    let mut lines: Vec<String> = Vec::new();
    loop {
        let offset = app.state.navs[0].panes[2].offset;
        for (i, row) in detail_rows(app).into_iter().enumerate() {
            let at = offset + i;
            if at >= lines.len() {
                lines.push(row);
            }
        }
        press(app, "<PgDn>");
        if app.state.navs[0].panes[2].offset == offset {
            return lines;
        }
    }
}

fn check(w: u16, h: u16) {
    let mut app = default_plan_app(w, h);
    let chapters = app.state.board.chapters.len();
    let mut seen = 0;
    let mut bad = Vec::new();
    for c in 0..chapters {
        if c > 0 {
            press(&mut app, "j");
        }
        press(&mut app, "<Enter>");
        let ch = &app.state.board.chapters[c];
        let (first, n) = (ch.first, ch.len);
        for m in 0..n {
            if m > 0 {
                press(&mut app, "j");
            }
            press(&mut app, "<Enter>");
            assert_eq!(app.state.nav().focus, 2, "the detail has the focus");
            let lines = whole_detail(&mut app);
            let id = app.state.board.measures[first + m].measure.id.clone();
            for (i, l) in lines.iter().enumerate() {
                if bad_line(l) {
                    bad.push(format!("{id} line {i}: 「{l}」"));
                }
                if let Some(next) = lines.get(i + 1)
                    && splits_quantity(l, next)
                {
                    bad.push(format!("{id} line {i}: 「{l}」/「{next}」"));
                }
            }
            seen += 1;
            press(&mut app, "h");
        }
        press(&mut app, "h");
    }
    assert_eq!(seen, 140, "every measure's detail was read at {w}×{h}");
    assert!(
        bad.is_empty(),
        "{} lines break the rules at {w}×{h}:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn every_detail_wraps_by_the_rules_at_80x24() {
    check(80, 24);
}

#[test]
fn every_detail_wraps_by_the_rules_at_120x40() {
    check(120, 40);
}
