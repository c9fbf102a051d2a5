//! A department's list shows the department's own status: after `D` in
//! the departments view the row says 完 at once, although the measure as a
//! whole (other departments still working) is not done; the plan's list
//! keeps the combined state.

use crate::board_support;

use board_support::{keys, screen};
use duban::lang::Lang;
use duban::progress::Status;
use duban::tui::effects;
use duban::ui::App;

fn row_of<'a>(screen: &'a str, id: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(&format!(" {id} ")))
        .unwrap_or_else(|| panic!("no row for {id}:\n{screen}"))
}

#[test]
fn done_in_the_departments_view_shows_at_once_on_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut ctx = board_support::ctx(Lang::Zh, Some("tax"));
    ctx.data_dir = dir.path().to_path_buf();
    let mut a = App::new(ctx, 100, 30);
    effects::load_progress(&mut a).unwrap();
    for k in keys("3<Tab>D") {
        let eff = a.handle_key(k);
        effects::apply(&mut a, eff).unwrap();
    }
    let s = screen(&a);
    // 1.1 is approval's, tax's and market's: only tax is done.
    let b = &a.state.board;
    let m = (0..b.measures.len())
        .find(|&m| b.measures[m].measure.id == "1.1")
        .unwrap();
    assert_ne!(b.status(m), Status::Done);
    let row = row_of(&s, "1.1");
    assert!(row.contains("完"), "{row}");
    // The plan's list shows the measure's combined state.
    for k in keys("1") {
        a.handle_key(k);
    }
    let s = screen(&a);
    let row = row_of(&s, "1.1");
    assert!(!row.contains("完"), "{row}");
}
