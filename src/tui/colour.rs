//! `NO_COLOR` (no-color.org): any non-empty value turns colour off. The ui
//! is told through `App::no_color`; stripping the finished frame as well
//! guarantees no colour escape reaches the terminal whatever a view does.
//! Bold, reverse and underline stay: they are not colour.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

pub fn no_color_requested(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// Whether the terminal named by `TERM` has the 256-colour cube. Nearly
/// every emulator does whatever its TERM says (PuTTY and many ssh clients
/// send plain `xterm`); the Linux console, old vt terminals and `dumb` do
/// not, and there the named colours stay.
pub fn cube_available(term: Option<&std::ffi::OsStr>) -> bool {
    let Some(t) = term.and_then(|t| t.to_str()) else {
        return false;
    };
    !(t.is_empty()
        || t == "dumb"
        || t == "linux"
        || t == "ansi"
        || t.starts_with("vt")
        || t.starts_with("cons"))
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
    fn the_cube_is_used_except_where_terminals_lack_it() {
        for t in [
            "xterm",
            "xterm-256color",
            "screen-256color",
            "tmux-256color",
            "rxvt-unicode",
        ] {
            assert!(cube_available(Some(OsStr::new(t))), "{t}");
        }
        for t in ["linux", "vt100", "vt220", "dumb", "ansi", ""] {
            assert!(!cube_available(Some(OsStr::new(t))), "{t}");
        }
        assert!(!cube_available(None));
    }

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
