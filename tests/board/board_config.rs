//! The board's due-soon window follows `due_soon_days` in the data dir's
//! config.ron, the same window the traffic lights and exports use.

use duban::app::board::Urgency;
use duban::ui::App;

fn board_as_of(today: &str, data: &std::path::Path) -> App {
    let g = duban::cli::GlobalArgs {
        plan: None,
        data: Some(data.to_path_buf()),
        today: Some(today.parse().unwrap()),
        dept: None,
        lang: duban::lang::Lang::Zh,
        coordinator: None,
        user: None,
    };
    let mut app = App::new(g.context().unwrap(), 80, 24);
    duban::tui::effects::load_progress(&mut app).unwrap();
    app
}

fn urgency_of(app: &App, id: &str) -> Urgency {
    let b = &app.state.board;
    let m = b.measures.iter().position(|m| m.measure.id == id).unwrap();
    b.urgency(m)
}

#[test]
fn due_soon_window_comes_from_config() {
    // 2.6 is due 2021-12-31 (12 月底前): 20 days after 2021-12-11.
    let data = tempfile::tempdir().unwrap();
    assert_eq!(
        urgency_of(&board_as_of("2021-12-11", data.path()), "2.6"),
        Urgency::Calm
    );
    std::fs::write(
        data.path().join("config.ron"),
        "Config(due_soon_days: 30)\n",
    )
    .unwrap();
    assert_eq!(
        urgency_of(&board_as_of("2021-12-11", data.path()), "2.6"),
        Urgency::DueSoon
    );
    assert_eq!(
        urgency_of(&board_as_of("2022-01-01", data.path()), "2.6"),
        Urgency::Overdue
    );
}
