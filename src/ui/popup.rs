//! Clearing the ground under a popup (forms, pickers, the palette, help,
//! prompts), including the wide characters that straddle its edges.
//!
//! A CJK character is one buffer cell whose glyph covers the next cell as
//! well. When a popup's left edge falls on the right half of such a
//! character, ratatui's `Clear` leaves the character's cell (outside the
//! popup) alone; the terminal then still draws it two cells wide, over the
//! popup's border, and the buffer diff even skips the border cell as
//! covered. At the right edge a character cut in half leaves its right
//! half outside the popup as a stray fragment. Every popup clears through
//! [`clear`], which blanks both halves, and also the one cell beside each
//! side edge: a popup a column short of a pane's border would otherwise
//! show a column of the pane's text against its own border.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

use crate::text::width;

/// Widest glyph a cell can hold that matters here (CJK, emoji are 2).
const MAX_GLYPH: u16 = 2;

/// Clears `area` for a popup drawn over it, turns every wide glyph that
/// crosses the area's left or right edge into blank cells, and blanks the
/// cell beside each side edge unless it is a border line.
pub fn clear(buf: &mut Buffer, area: Rect) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    for y in area.top()..area.bottom() {
        // The cleared span of this row: the area, widened by the cell
        // beside each side edge unless that cell is a pane's border.
        let mut from = area.x;
        if from > buf.area.x && !is_border(buf[(from - 1, y)].symbol()) {
            from -= 1;
        }
        let mut to = area.right();
        if to < buf.area.right() && !is_border(buf[(to, y)].symbol()) {
            to += 1;
        }
        // A glyph starting left of the span and reaching into it.
        for x in from.saturating_sub(MAX_GLYPH - 1).max(buf.area.x)..from {
            if x + glyph_width(buf, x, y) > from {
                buf[(x, y)].set_symbol(" ");
            }
        }
        // A glyph inside reaching past it leaves its right half outside,
        // to be drawn as a blank.
        for x in to.saturating_sub(MAX_GLYPH - 1).max(from)..to {
            let end = x + glyph_width(buf, x, y);
            for cx in to..end.min(buf.area.right()) {
                buf[(cx, y)].set_symbol(" ");
            }
        }
        for x in (from..area.x).chain(area.right()..to) {
            buf[(x, y)].set_symbol(" ");
        }
    }
    Clear.render(area, buf);
}

/// Box-drawing characters: a pane's border next to the popup stays.
fn is_border(sym: &str) -> bool {
    sym.chars().all(|c| ('\u{2500}'..='\u{257F}').contains(&c)) && !sym.is_empty()
}

fn glyph_width(buf: &Buffer, x: u16, y: u16) -> u16 {
    width(buf[(x, y)].symbol()).min(usize::from(u16::MAX)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(buf: &Buffer, y: u16) -> String {
        let mut s = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = width(sym).saturating_sub(1);
            s.push_str(sym);
        }
        s
    }

    #[test]
    fn a_wide_glyph_across_the_left_edge_is_blanked() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "a五六七八", ratatui::style::Style::new());
        // 五 covers cells 1–2; the popup starts at 2.
        clear(&mut buf, Rect::new(2, 0, 4, 1));
        buf.set_string(2, 0, "│", ratatui::style::Style::new());
        assert_eq!(row(&buf, 0), "a │    八 ");
    }

    #[test]
    fn a_wide_glyph_across_the_right_edge_leaves_no_fragment() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "五六七八九", ratatui::style::Style::new());
        // 七 covers cells 4–5; the popup ends before 5.
        clear(&mut buf, Rect::new(1, 0, 4, 1));
        assert_eq!(buf[(5, 0)].symbol(), " ");
        assert_eq!(row(&buf, 0), "      八九");
    }

    #[test]
    fn the_cells_beside_are_blanked_but_borders_stay() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        buf.set_string(0, 0, "ab五六cd", ratatui::style::Style::new());
        clear(&mut buf, Rect::new(2, 0, 4, 1));
        assert_eq!(row(&buf, 0), "a      d");
        // A wide neighbour covering the cell beside goes as a whole.
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "a五六七八", ratatui::style::Style::new());
        clear(&mut buf, Rect::new(3, 0, 4, 1));
        assert_eq!(row(&buf, 0), "a         ");
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        buf.set_string(0, 0, "a│五六│d", ratatui::style::Style::new());
        clear(&mut buf, Rect::new(2, 0, 4, 1));
        assert_eq!(row(&buf, 0), "a│    │d");
        // At the buffer's edges nothing is read outside it.
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        buf.set_string(0, 0, "五六", ratatui::style::Style::new());
        clear(&mut buf, Rect::new(0, 0, 4, 1));
        clear(&mut buf, Rect::new(3, 0, 9, 1));
        assert_eq!(row(&buf, 0), "    ");
    }
}
