//! Small drawing helpers shared by the panes: bordered blocks, search
//! highlights, spans cut to a cell width, and scrolled lists.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use super::theme::Theme;
use crate::app::state::visible_offset;
use crate::text::{find_all, truncate, width};

/// A pane's border with its title; draws nothing useful below 2×2 but
/// never fails.
pub fn block(buf: &mut Buffer, area: Rect, title: &str, focused: bool, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let t = truncate(title, area.width.saturating_sub(2) as usize);
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(Span::styled(t, theme.title()))
        .render(area, buf);
}

/// `text` as spans, with every match of `query` styled as a match.
pub fn highlight(text: &str, query: &str, base: Style, theme: &Theme) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in find_all(text, query) {
        if r.start > at {
            out.push(Span::styled(text[at..r.start].to_string(), base));
        }
        out.push(Span::styled(
            text[r.clone()].to_string(),
            base.patch(theme.matched()),
        ));
        at = r.end;
    }
    if at < text.len() || out.is_empty() {
        out.push(Span::styled(text[at..].to_string(), base));
    }
    out
}

pub fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}

/// Spans cut to `max` cells, ending in `…` when cut, then padded with
/// spaces to exactly `max` so columns after them line up.
pub fn fit(spans: Vec<Span<'static>>, max: usize) -> Vec<Span<'static>> {
    let total = spans_width(&spans);
    let mut out = Vec::new();
    if total <= max {
        out = spans;
        if total < max {
            out.push(Span::raw(" ".repeat(max - total)));
        }
        return out;
    }
    if max == 0 {
        return out;
    }
    let mut left = max - 1;
    let mut last_style = Style::new();
    for s in spans {
        let w = width(&s.content);
        last_style = s.style;
        if w <= left {
            left -= w;
            out.push(s);
        } else {
            let kept = crate::text::take_width(&s.content, left).to_string();
            out.push(Span::styled(kept, s.style));
            out.push(Span::styled("…", s.style));
            let used = spans_width(&out);
            if used < max {
                out.push(Span::raw(" ".repeat(max - used)));
            }
            return out;
        }
    }
    out.push(Span::styled("…", last_style));
    out
}

/// Plain text cut and padded to `max` cells, as one span.
pub fn cell(text: &str, max: usize, style: Style) -> Span<'static> {
    Span::styled(crate::text::pad(text, max), style)
}

/// Right-aligned plain text in `max` cells.
pub fn cell_right(text: &str, max: usize, style: Style) -> Span<'static> {
    Span::styled(crate::text::pad_left(text, max), style)
}

/// Draws a scrolled list of `len` rows into `area`, building only the rows
/// on screen; the selected row is styled as the cursor.
#[allow(clippy::too_many_arguments)]
pub fn list(
    buf: &mut Buffer,
    area: Rect,
    len: usize,
    selected: usize,
    offset: usize,
    focused: bool,
    theme: &Theme,
    mut row: impl FnMut(usize, usize) -> Line<'static>,
) {
    let rows = area.height as usize;
    if rows == 0 || area.width == 0 {
        return;
    }
    let offset = visible_offset(selected, offset, rows).min(len.saturating_sub(1));
    for (y, i) in (offset..len).take(rows).enumerate() {
        let line = row(i, area.width as usize);
        let ry = area.y + y as u16;
        buf.set_line(area.x, ry, &line, area.width);
        if i == selected {
            buf.set_style(
                Rect::new(area.x, ry, area.width, 1),
                theme.selected(focused),
            );
        }
    }
}

/// Draws lines from `scroll` on, clipped to `area`.
pub fn lines(buf: &mut Buffer, area: Rect, lines: &[Line], scroll: usize) {
    for (y, line) in lines
        .iter()
        .skip(scroll)
        .take(area.height as usize)
        .enumerate()
    {
        buf.set_line(area.x, area.y + y as u16, line, area.width);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_pads_and_cuts_to_exact_width() {
        let t = Theme::new(false);
        for max in 0..20 {
            let spans = highlight("开办企业全程网上办", "企业", Style::new(), &t);
            let f = fit(spans, max);
            assert_eq!(spans_width(&f), max, "max {max}");
        }
    }

    #[test]
    fn highlight_marks_each_match() {
        let t = Theme::new(false);
        let s = highlight("税务局与税务", "税务", Style::new(), &t);
        let marked: Vec<&str> = s
            .iter()
            .filter(|s| s.style == t.matched())
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(marked, ["税务", "税务"]);
    }
}
