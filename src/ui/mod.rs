//! Drawing the board from [`App`] state; no I/O, no clock.

use ratatui::Frame;
use ratatui::widgets::Paragraph;

use crate::app::App;

pub fn render(app: &App, frame: &mut Frame) {
    frame.render_widget(
        Paragraph::new(app.ctx.plan.doc.title.as_str()),
        frame.area(),
    );
}
