//! The progress edit form and the coordinator's department choice, drawn
//! over the board; and the status line's word on the last save.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::draw::{self, fit};
use super::theme::Theme;
use crate::app::edit::{Choose, Form, FormKind};
use crate::app::state::AppState;
use crate::cli::Lang;
use crate::text::sanitize;

fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// What the status line says about saving, and whether it is a warning
/// (edits are waiting in memory).
pub fn status_message(s: &AppState) -> Option<(String, bool)> {
    let n = s.edit.pending.len();
    match (&s.edit.message, n) {
        (Some(m), 0) => Some((sanitize(m), false)),
        (Some(m), _) => Some((sanitize(m), true)),
        (None, 0) => None,
        (None, n) => Some((
            match s.board.lang {
                Lang::Zh => format!("⚠ {n} 项修改未保存，按 w 重试"),
                Lang::En => format!("⚠ {n} unsaved edits; w retries"),
            },
            true,
        )),
    }
}

pub fn draw(s: &AppState, theme: &Theme, frame: &mut Frame) {
    if let Some(f) = &s.edit.form {
        draw_form(s, f, theme, frame);
    } else if let Some(c) = &s.edit.choose {
        draw_choose(s, c, theme, frame);
    }
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Rows a field's input takes: a note gets room for its lines (at least 3).
fn input_rows(f: &crate::app::edit::FormField) -> usize {
    if f.multiline() {
        f.input.text().lines().count().max(1).max(3) + usize::from(f.input.text().ends_with('\n'))
    } else {
        1
    }
}

fn draw_form(s: &AppState, form: &Form, theme: &Theme, frame: &mut Frame) {
    let lang = s.board.lang;
    let title = match form.kind {
        FormKind::Entry => tr(lang, "填报", "Edit"),
        FormKind::Return => tr(lang, "退办", "Return"),
        FormKind::Extension => tr(lang, "申请延期", "Request an extension"),
        FormKind::Reject => tr(lang, "不同意延期", "Reject the extension"),
    };
    let title = format!(
        "{title} · {} · {}",
        sanitize(&form.measure),
        s.board.dept_short(&form.dept)
    );
    let needed: usize = form.fields.iter().map(|f| 1 + input_rows(f)).sum::<usize>() + 3;
    let area = centered(frame.area(), 76, needed.min(u16::MAX as usize) as u16);
    let buf = frame.buffer_mut();
    Clear.render(area, buf);
    draw::block(buf, area, &title, true, theme);
    let body = super::layout::inner(area);
    if body.height < 2 || body.width < 4 {
        return;
    }
    let w = body.width as usize;
    // The footer keeps the last row; fields fill the rest from the top.
    let rows = body.height as usize - 1;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cursor = None;
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let mut label = vec![Span::styled(
            sanitize(&f.label),
            if focused {
                theme.title()
            } else {
                theme.label()
            },
        )];
        if let Some(e) = &f.error {
            label.push(Span::raw("  "));
            label.push(Span::styled(format!("✗ {e}"), theme.overdue()));
        }
        lines.push(Line::from(fit(label, w)));
        let start = lines.len();
        let text = f.input.text();
        let mut shown: Vec<&str> = text.split('\n').collect();
        while shown.len() < input_rows(f) {
            shown.push("");
        }
        let (crow, ccol) = f.input.cursor_cell();
        for (r, l) in shown.into_iter().enumerate() {
            let style = theme.selected(focused);
            // The cursor's line scrolls sideways so the cursor stays in view.
            let (l, shift) = if focused && r == crow {
                scrolled(l, ccol, w.saturating_sub(3))
            } else {
                (l, 0)
            };
            if focused && r == crow {
                cursor = Some((start + r, 2 + ccol - shift));
            }
            lines.push(Line::from(fit(
                vec![Span::styled(format!("  {l}"), style)],
                w,
            )));
        }
    }
    // Keep the focused field's cursor row on screen.
    let skip = match cursor {
        Some((r, _)) if r >= rows => r + 1 - rows,
        _ => 0,
    };
    for (i, l) in lines.iter().skip(skip).take(rows).enumerate() {
        buf.set_line(body.x, body.y + i as u16, l, body.width);
    }
    let hint = tr(
        lang,
        "Tab/↑↓ 切换栏 · Enter 换行 · Ctrl-S 保存 · Esc 取消",
        "Tab/↑↓ field · Enter new line · Ctrl-S save · Esc cancel",
    );
    buf.set_line(
        body.x,
        body.bottom() - 1,
        &Line::from(fit(vec![Span::styled(hint.to_string(), theme.dim())], w)),
        body.width,
    );
    if let Some((r, c)) = cursor {
        let r = r - skip;
        if r < rows {
            let x = (body.x as usize + c.min(w.saturating_sub(1))) as u16;
            frame.set_cursor_position(Position::new(x, body.y + r as u16));
        }
    }
}

/// `line` with enough leading characters dropped that cell `col` falls
/// within `avail` cells; returns the rest and the cells dropped.
fn scrolled(line: &str, col: usize, avail: usize) -> (&str, usize) {
    let mut shift = 0;
    let mut rest = line;
    while col - shift >= avail.max(1) {
        let Some(c) = rest.chars().next() else { break };
        shift += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        rest = &rest[c.len_utf8()..];
    }
    (rest, shift)
}

fn draw_choose(s: &AppState, c: &Choose, theme: &Theme, frame: &mut Frame) {
    let lang = s.board.lang;
    let h = (c.depts.len() + 2).min(u16::MAX as usize) as u16;
    let area = centered(frame.area(), 48, h);
    let buf = frame.buffer_mut();
    Clear.render(area, buf);
    let title = format!(
        "{} · {}",
        tr(lang, "修改哪个部门的填报", "Whose entry"),
        sanitize(&c.measure)
    );
    draw::block(buf, area, &title, true, theme);
    let body = super::layout::inner(area);
    draw::list(
        buf,
        body,
        c.depts.len(),
        c.selected,
        0,
        true,
        theme,
        |i, w| {
            Line::from(fit(
                vec![Span::raw(s.board.dept_name(&c.depts[i]).to_string())],
                w,
            ))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::scrolled;

    #[test]
    fn a_long_line_scrolls_so_the_cursor_stays_in_view() {
        assert_eq!(scrolled("abc", 3, 10), ("abc", 0));
        assert_eq!(scrolled("abcdef", 6, 4), ("def", 3));
        // CJK drops two cells at a time.
        assert_eq!(scrolled("一二三四", 8, 5), ("三四", 4));
    }
}
