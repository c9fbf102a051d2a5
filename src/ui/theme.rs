//! Styles by role. Only the 16 named ANSI colours and modifiers are used,
//! so the board reads the same on any terminal palette; with `NO_COLOR`
//! every role falls back to modifiers alone.
//!
//! Terminals open on a white background as often as on a black one, so no
//! role puts yellow, the one colour unreadable on white (about 1.5:1), as
//! text: due soon is black on yellow, which reads on both, and notices are
//! bold in the terminal's own foreground.

use ratatui::style::{Color, Modifier, Style};

use crate::meeting::Light;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub no_color: bool,
}

impl Theme {
    pub fn new(no_color: bool) -> Self {
        Self { no_color }
    }

    fn pick(&self, color: Style, plain: Style) -> Style {
        if self.no_color { plain } else { color }
    }

    pub fn overdue(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn due_soon(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Yellow),
            Style::new().add_modifier(Modifier::ITALIC),
        )
    }

    pub fn done(&self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }

    /// A traffic light in its own colour; under `NO_COLOR` its tag and word
    /// still carry it.
    pub fn light(&self, l: Light) -> Style {
        match l {
            Light::Red => self.overdue(),
            Light::Yellow => self.due_soon(),
            Light::Green => self.done(),
        }
    }

    /// The cursor row: reversed in the focused pane, underlined elsewhere so
    /// the other panes still show where they are.
    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.no_color) {
            (true, false) => Style::new().fg(Color::Cyan),
            (true, true) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => Style::new(),
        }
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn label(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    /// A search match inside text: black on cyan, apart from due soon's
    /// black on yellow.
    pub fn matched(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Cyan),
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
        )
    }

    pub fn tab(&self, active: bool) -> Style {
        if active {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new()
        }
    }

    pub fn notice(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn filter(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every role's style, for checks that hold across all of them.
    fn roles(t: &Theme) -> Vec<Style> {
        let mut v = vec![
            t.overdue(),
            t.due_soon(),
            t.done(),
            t.border(true),
            t.border(false),
            t.title(),
            t.label(),
            t.dim(),
            t.matched(),
            t.tab(true),
            t.tab(false),
            t.notice(),
            t.filter(),
        ];
        v.extend([Light::Red, Light::Yellow, Light::Green].map(|l| t.light(l)));
        v
    }

    #[test]
    fn no_text_is_yellow_without_a_dark_ground() {
        for st in roles(&Theme::new(false)) {
            if st.fg == Some(Color::Yellow) || st.fg == Some(Color::LightYellow) {
                assert!(
                    matches!(st.bg, Some(Color::Black)),
                    "yellow text on the terminal's own background: {st:?}"
                );
            }
        }
    }

    #[test]
    fn no_color_uses_no_colour() {
        for st in roles(&Theme::new(true)) {
            assert_eq!((st.fg, st.bg), (None, None), "{st:?}");
        }
    }
}
