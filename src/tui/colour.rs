//! `NO_COLOR` (no-color.org): any non-empty value turns colour off. The ui
//! is told through `App::no_color`; stripping the finished frame as well
//! guarantees no colour escape reaches the terminal whatever a view does.
//! Bold, reverse and underline stay: they are not colour.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

pub fn no_color_requested(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

pub fn strip(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
        cell.underline_color = Color::Reset;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Modifier, Style};
    use std::ffi::OsStr;

    #[test]
    fn empty_no_color_does_not_count() {
        assert!(!no_color_requested(None));
        assert!(!no_color_requested(Some(OsStr::new(""))));
        assert!(no_color_requested(Some(OsStr::new("1"))));
        assert!(no_color_requested(Some(OsStr::new("0"))));
    }

    #[test]
    fn strip_drops_colour_and_keeps_modifiers() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        buf.set_string(
            0,
            0,
            "督办",
            Style::new()
                .fg(Color::Red)
                .bg(Color::Blue)
                .underline_color(Color::Green)
                .add_modifier(Modifier::REVERSED | Modifier::BOLD),
        );
        strip(&mut buf);
        for cell in &buf.content {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
            assert_eq!(cell.underline_color, Color::Reset);
        }
        assert!(
            buf[(0, 0)]
                .modifier
                .contains(Modifier::REVERSED | Modifier::BOLD)
        );
        assert_eq!(buf[(0, 0)].symbol(), "督");
    }
}
