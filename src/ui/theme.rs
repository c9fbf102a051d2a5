//! Styles by role, from the 16 named ANSI colours and modifiers, so the
//! board reads the same on any terminal palette; with `NO_COLOR` every role
//! falls back to modifiers alone.
//!
//! ANSI green and cyan as text are about 2:1 on a white background. Where
//! the terminal has the 256-colour cube (all but the Linux console and old
//! vt terminals), done and labels use its mid-tones instead: 28 (#008700)
//! and 30 (#008787) are each above 4:1 on white and on black alike.
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
    /// The terminal has the 256-colour cube.
    pub cube: bool,
}

/// Green that reads on white and on black (256-colour cube entry 28).
const GREEN_MID: Color = Color::Indexed(28);
/// Teal that reads on white and on black (256-colour cube entry 30).
const TEAL_MID: Color = Color::Indexed(30);

impl Theme {
    pub fn new(no_color: bool) -> Self {
        Self {
            no_color,
            cube: false,
        }
    }

    /// [`Theme::new`] for a terminal whose 256-colour cube may be used.
    pub fn with_cube(no_color: bool, cube: bool) -> Self {
        Self { no_color, cube }
    }

    fn green(&self) -> Color {
        if self.cube { GREEN_MID } else { Color::Green }
    }

    fn teal(&self) -> Color {
        if self.cube { TEAL_MID } else { Color::Cyan }
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
        self.pick(Style::new().fg(self.green()), Style::new())
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
            (true, false) => Style::new().fg(self.teal()),
            (true, true) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => Style::new(),
        }
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn label(&self) -> Style {
        self.pick(
            Style::new().fg(self.teal()),
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

    /// Relative luminance of a cube entry (16..=231), WCAG's formula.
    fn luminance(i: u8) -> f64 {
        let steps = [0u8, 95, 135, 175, 215, 255];
        let n = i - 16;
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let (r, g, b) = (
            steps[(n / 36) as usize],
            steps[(n / 6 % 6) as usize],
            steps[(n % 6) as usize],
        );
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    #[test]
    fn with_the_cube_done_and_labels_read_on_white_and_on_black() {
        let t = Theme::with_cube(false, true);
        for st in [t.done(), t.label(), t.border(true)] {
            let Some(Color::Indexed(i)) = st.fg else {
                panic!("not a cube colour: {st:?}");
            };
            let l = luminance(i);
            let on_white = 1.05 / (l + 0.05);
            let on_black = (l + 0.05) / 0.05;
            assert!(
                on_white >= 4.0 && on_black >= 4.0,
                "{i}: {on_white:.2} / {on_black:.2}"
            );
        }
        // Without the cube the named colours stay.
        assert_eq!(Theme::new(false).done().fg, Some(Color::Green));
    }

    #[test]
    fn no_color_uses_no_colour() {
        for t in [Theme::new(true), Theme::with_cube(true, true)] {
            for st in roles(&t) {
                assert_eq!((st.fg, st.bg), (None, None), "{st:?}");
            }
        }
    }
}
