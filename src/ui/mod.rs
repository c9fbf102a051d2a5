//! Drawing the board from its state; no I/O, no clock.
//!
//! [`layout`] decides where things go, and [`mouse`] reads clicks against
//! the same layout; [`App`] keeps the state's page sizes and scroll limits
//! in step with it. [`panes`] and [`dashboard`] draw the views, [`detail`]
//! one measure, [`status`] the header and status line, [`overlay`] help,
//! palette and picker over ground cleared by [`popup`], [`review`],
//! [`scoreboard`] and [`changes`] the meeting screens. Every string shown is plan text sanitised by
//! `app::board` or a UI string from [`strings`].

pub mod app;
pub mod changes;
pub mod dashboard;
pub mod detail;
pub mod draw;
pub mod edit;
pub mod layout;
pub mod mouse;
pub mod overlay;
pub mod panes;
pub mod popup;
pub mod review;
pub mod scoreboard;
pub mod status;
pub mod strings;
pub mod theme;

use ratatui::Frame;

use crate::app::Screen;
use crate::app::state::{AppState, Overlay};
pub use app::App;
use theme::Theme;

pub fn render(app: &App, frame: &mut Frame) {
    render_state(&app.state, &Theme::with_cube(app.no_color, app.cube), frame);
}

fn render_state(s: &AppState, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    match &s.screen {
        Screen::Review(r) => return review::draw(r, s.notice, theme, frame),
        Screen::Scoreboard(sb) => return scoreboard::draw(s, sb, theme, frame),
        Screen::Changes(c) => return changes::draw(c, theme, frame),
        Screen::Board => {}
    }
    let f = layout::frame(area);
    if let Some(h) = f.header {
        status::draw_header(s, h, theme, frame);
    }
    let focus = s.nav().focus;
    for (pane, r) in layout::panes(s, f.body) {
        let kind = s.view.panes()[pane];
        panes::draw(s, pane, kind, r, pane == focus, theme, frame.buffer_mut());
    }
    if s.view == crate::app::View::Dashboard {
        dashboard::draw_problems(
            s,
            layout::problem_rows(s, f.body),
            theme,
            frame.buffer_mut(),
        );
    }
    if let Some(st) = f.status {
        status::draw_status(s, st, theme, frame);
    }
    match &s.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => overlay::draw_help(s, *scroll, theme, frame),
        Overlay::Palette { input, selected } => {
            overlay::draw_palette(s, input, *selected, theme, frame)
        }
        Overlay::Picker { input, selected } => {
            overlay::draw_picker(s, input, *selected, theme, frame)
        }
    }
    edit::draw(s, theme, frame);
}
