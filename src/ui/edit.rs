//! The progress edit form and the coordinator's department choice, drawn
//! over the board; and the status line's word on the last save.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::draw::{self, fit};
use super::strings::strings;
use super::theme::Theme;
use crate::app::edit::identify::{self, Candidate, Identify};
use crate::app::edit::steps::{StepRow, Steps};
use crate::app::edit::{Choose, Form, FormField, FormKind};
use crate::app::state::AppState;
use crate::lang::Lang;
use crate::progress::Status;
use crate::text::sanitize;
use crate::text::{pad, width};

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
    } else if let Some(i) = &s.edit.identify {
        draw_identify(s, i, theme, frame);
    } else if let Some(c) = &s.edit.choose {
        draw_choose(s, c, theme, frame);
    }
}

/// "Who are you": the typed filter on top, departments (name, short
/// name) and the coordinators below; nothing highlighted is taken until
/// Enter.
fn draw_identify(s: &AppState, id: &Identify, theme: &Theme, frame: &mut Frame) {
    let lang = s.board.lang;
    let b = &s.board;
    let rows = identify::candidates(b, &s.edit.coordinators, &id.input);
    let h = (rows.len() + 4).clamp(6, 20) as u16;
    let area = centered(frame.area(), 60, h);
    let buf = frame.buffer_mut();
    super::popup::clear(buf, area);
    let title = tr(
        lang,
        "您是谁？（之后的修改记在此名下）",
        "Who are you? (your edits are recorded under it)",
    );
    draw::block(buf, area, title, true, theme);
    let body = super::layout::inner(area);
    if body.height < 3 || body.width < 4 {
        return;
    }
    let w = body.width as usize;
    let prompt = if id.input.is_empty() {
        vec![
            Span::raw("> "),
            Span::styled(
                if s.edit.coordinators.is_empty() {
                    tr(lang, "输入部门名称或简称筛选", "type a department's name")
                } else {
                    tr(
                        lang,
                        "输入部门名称或简称筛选；督办人员输入姓名",
                        "type a department's name, or a coordinator's",
                    )
                },
                theme.dim(),
            ),
        ]
    } else {
        vec![Span::raw("> "), Span::raw(sanitize(&id.input))]
    };
    buf.set_line(body.x, body.y, &Line::from(fit(prompt, w)), body.width);
    let list = Rect::new(body.x, body.y + 1, body.width, body.height - 2);
    let coordinator = tr(lang, "督办人员", "coordinator");
    draw::list(
        buf,
        list,
        rows.len(),
        id.selected,
        0,
        true,
        theme,
        |i, w| {
            let spans = match &rows[i] {
                Candidate::Dept(d) => {
                    let dep = &b.departments[*d];
                    let mut v = vec![Span::raw(dep.name.clone())];
                    if !dep.short.is_empty() && dep.short != dep.name {
                        v.push(Span::styled(format!("  {}", dep.short), theme.dim()));
                    }
                    v
                }
                Candidate::Coordinator(name) => vec![
                    Span::raw(sanitize(name)),
                    Span::styled(format!("  {coordinator}"), theme.dim()),
                ],
            };
            Line::from(fit(spans, w))
        },
    );
    let hint = if rows.is_empty() {
        tr(lang, "没有匹配的部门 · Esc 取消", "no match · Esc cancels")
    } else {
        tr(
            lang,
            "↑↓ 选择 · Enter 确定 · Esc 取消这次修改",
            "↑↓ choose · Enter pick · Esc cancel the edit",
        )
    };
    buf.set_line(
        body.x,
        body.bottom() - 1,
        &Line::from(fit(vec![Span::styled(hint.to_string(), theme.dim())], w)),
        body.width,
    );
    let x = body.x as usize + 2 + width(&id.input);
    if x < body.right() as usize {
        frame.set_cursor_position(Position::new(x as u16, body.y));
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

/// The form's outer width on a terminal `term_width` cells wide.
const FORM_W: u16 = 76;

/// Cells a form's text wraps at on a terminal `term_width` wide: the
/// form's inside less the two-cell indent and one cell for the cursor
/// after a full row. The layout keeps it in the state for ↑/↓.
pub fn text_width(term_width: u16) -> usize {
    (FORM_W.min(term_width) as usize)
        .saturating_sub(2 + 2 + 1)
        .max(2)
}

/// Rows a note shows at least, so it looks like a text area when empty.
const NOTE_MIN_ROWS: usize = 3;

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
    // The body's width is known before its height, which the lines decide.
    let w = FORM_W.min(frame.area().width).saturating_sub(2) as usize;
    let tw = text_width(frame.area().width);
    let mut body_lines = Body::default();
    for (i, f) in form.fields.iter().enumerate() {
        field_lines(f, i == form.focus, theme, w, tw, &mut body_lines);
    }
    if let Some(st) = &form.steps {
        step_lines(lang, st, form.on_steps(), theme, w, &mut body_lines);
    }
    let Body {
        lines,
        cursor,
        anchor,
    } = body_lines;
    let needed = lines.len() + 3;
    let area = centered(frame.area(), FORM_W, needed.min(u16::MAX as usize) as u16);
    let buf = frame.buffer_mut();
    super::popup::clear(buf, area);
    draw::block(buf, area, &title, true, theme);
    let body = super::layout::inner(area);
    if body.height < 2 || body.width < 4 {
        return;
    }
    // The footer keeps the last row; fields fill the rest from the top.
    let rows = body.height as usize - 1;
    // Keep the cursor (or the selected step) on screen.
    let skip = match cursor.map(|(r, _)| r).or(anchor) {
        Some(r) if r >= rows => r + 1 - rows,
        _ => 0,
    };
    for (i, l) in lines.iter().skip(skip).take(rows).enumerate() {
        buf.set_line(body.x, body.y + i as u16, l, body.width);
    }
    let t = strings(lang);
    let hint = if form.confirm_discard {
        tr(
            lang,
            "放弃本次填写？再按 Esc 放弃 · Ctrl-S 保存 · 其他键继续填写",
            "Discard what you typed? Esc discards · Ctrl-S saves · other keys go back",
        )
    } else if form.on_step_list() {
        t.steps_hint
    } else if form.on_steps() {
        t.step_editor_hint
    } else {
        tr(
            lang,
            "Tab 切换栏 · ↑↓ 上下行 · Enter 换行 · Ctrl-S 保存 · Esc 取消",
            "Tab field · ↑↓ rows · Enter new line · Ctrl-S save · Esc cancel",
        )
    };
    buf.set_line(
        body.x,
        body.bottom() - 1,
        &Line::from(fit(
            vec![Span::styled(
                hint.to_string(),
                if form.confirm_discard {
                    theme.notice()
                } else {
                    theme.dim()
                },
            )],
            w,
        )),
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

/// The form's body as lines, with where the terminal cursor goes (line,
/// cell) and which line must stay in view when there is no cursor.
#[derive(Default)]
struct Body {
    lines: Vec<Line<'static>>,
    cursor: Option<(usize, usize)>,
    anchor: Option<usize>,
}

fn field_lines(f: &FormField, focused: bool, theme: &Theme, w: usize, tw: usize, out: &mut Body) {
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
    out.lines.push(Line::from(fit(label, w)));
    let start = out.lines.len();
    let style = theme.selected(focused);
    let text = f.input.text();
    if f.multiline() {
        // A note wraps into rows `tw` cells wide, the rows ↑/↓ move by.
        let rows = f.input.rows(tw);
        let shown = rows.len().max(NOTE_MIN_ROWS);
        for r in 0..shown {
            let l = rows.get(r).map_or("", |row| &text[row.start..row.end]);
            out.lines.push(Line::from(fit(
                vec![Span::styled(format!("  {}", sanitize(l)), style)],
                w,
            )));
        }
        if focused {
            let (crow, ccol) = f.input.cursor_wrapped(tw);
            out.cursor = Some((start + crow, 2 + ccol));
        }
        return;
    }
    // A one-line field shows the cursor's line (typed text has no line
    // breaks, but nothing here relies on that), scrolled sideways so the
    // cursor stays in view.
    let (crow, ccol) = f.input.cursor_cell();
    let line = text.split('\n').nth(crow).unwrap_or("");
    let (l, shift) = if focused {
        scrolled(line, ccol, w.saturating_sub(3))
    } else {
        (line, 0)
    };
    if focused {
        out.cursor = Some((start, 2 + ccol.saturating_sub(shift)));
    }
    out.lines.push(Line::from(fit(
        vec![Span::styled(format!("  {}", sanitize(l)), style)],
        w,
    )));
}

/// The sub-steps: a title, one line per step (status, date, text, what
/// the save will do to it), the add row, and the step editor in place of
/// the row it edits.
fn step_lines(lang: Lang, st: &Steps, focused: bool, theme: &Theme, w: usize, out: &mut Body) {
    let t = strings(lang);
    let on_list = focused && st.editor.is_none();
    let mut title = vec![Span::styled(
        t.steps_title.to_string(),
        if focused {
            theme.title()
        } else {
            theme.label()
        },
    )];
    if let Some(n) = &st.note {
        title.push(Span::raw("  "));
        title.push(Span::styled(format!("⚠ {}", sanitize(n)), theme.notice()));
    }
    out.lines.push(Line::from(fit(title, w)));
    let status_w = Status::ALL
        .iter()
        .map(|x| width(status_word(lang, *x)))
        .max()
        .unwrap_or(0);
    let editing = st.editor.as_ref().map(|e| e.row);
    for (i, r) in st.rows.iter().enumerate() {
        if focused && editing == Some(Some(i)) {
            editor_lines(lang, st, theme, w, out);
            continue;
        }
        let selected = on_list && i == st.selected;
        if selected {
            out.anchor = Some(out.lines.len());
        }
        out.lines
            .push(step_row(lang, st, r, status_w, selected, theme, w));
    }
    if focused && editing == Some(None) {
        editor_lines(lang, st, theme, w, out);
    } else {
        let selected = on_list && st.selected >= st.rows.len();
        if selected {
            out.anchor = Some(out.lines.len());
        }
        let style = if selected {
            theme.selected(true)
        } else {
            theme.dim()
        };
        out.lines.push(Line::from(fit(
            vec![Span::styled(format!("  {}", t.steps_add), style)],
            w,
        )));
    }
}

fn status_word(lang: Lang, s: Status) -> &'static str {
    s.label(lang)
}

fn step_row(
    lang: Lang,
    st: &Steps,
    r: &StepRow,
    status_w: usize,
    selected: bool,
    theme: &Theme,
    w: usize,
) -> Line<'static> {
    let t = strings(lang);
    let base = if selected {
        theme.selected(true)
    } else {
        Style::new()
    };
    let status_style = match r.status {
        _ if selected => base,
        Status::Done => theme.done(),
        Status::Blocked => theme.overdue(),
        _ => base,
    };
    let date = r.date.map(|d| d.to_string()).unwrap_or_default();
    let text_style = if r.removed {
        base.add_modifier(Modifier::CROSSED_OUT)
    } else {
        base
    };
    let mut spans = vec![
        Span::styled(if selected { "▸ " } else { "  " }, base),
        Span::styled(pad(status_word(lang, r.status), status_w), status_style),
        Span::styled(format!(" {} ", pad(&date, 10)), base),
        Span::styled(sanitize(&r.text), text_style),
    ];
    let tag = if r.removed {
        Some(t.step_removed)
    } else if r.id.is_none() {
        Some(t.step_new)
    } else if st.changed(r) {
        Some(t.step_changed)
    } else {
        None
    };
    if let Some(tag) = tag {
        spans.push(Span::styled(format!(" · {tag}"), theme.notice()));
    }
    // The selected row is highlighted across the whole width.
    let mut spans = fit(spans, w);
    if selected
        && let Some(last) = spans.last_mut()
        && last.content.trim().is_empty()
    {
        last.style = base;
    }
    Line::from(spans)
}

/// The step being typed: its text and date inputs, each with its error.
fn editor_lines(lang: Lang, st: &Steps, theme: &Theme, w: usize, out: &mut Body) {
    let Some(ed) = &st.editor else {
        return;
    };
    let t = strings(lang);
    let lw = width(t.step_text).max(width(t.step_date));
    let inputs = [
        (t.step_text, &ed.text, !ed.on_date, &ed.text_error),
        (t.step_date, &ed.date, ed.on_date, &ed.date_error),
    ];
    for (label, input, focused, error) in inputs {
        let prefix = format!("    {} ", pad(label, lw));
        let pw = width(&prefix);
        let (_, ccol) = input.cursor_cell();
        let (shown, shift) = if focused {
            scrolled(input.text(), ccol, w.saturating_sub(pw + 1))
        } else {
            (input.text(), 0)
        };
        if focused {
            out.cursor = Some((out.lines.len(), (pw + ccol).saturating_sub(shift)));
        }
        out.lines.push(Line::from(fit(
            vec![
                Span::styled(
                    prefix,
                    if focused {
                        theme.title()
                    } else {
                        theme.label()
                    },
                ),
                Span::styled(shown.to_string(), theme.selected(focused)),
            ],
            w,
        )));
        if let Some(e) = error {
            out.lines.push(Line::from(fit(
                vec![Span::styled(
                    format!("{}✗ {}", " ".repeat(pw), sanitize(e)),
                    theme.overdue(),
                )],
                w,
            )));
        }
    }
}

/// `line` with enough leading characters dropped that cell `col` falls
/// within `avail` cells; returns the rest and the cells dropped.
fn scrolled(line: &str, col: usize, avail: usize) -> (&str, usize) {
    let mut shift = 0;
    let mut rest = line;
    while col.saturating_sub(shift) >= avail.max(1) {
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
    super::popup::clear(buf, area);
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
        // A cell inside a wide character (text and cursor out of step)
        // scrolls past it rather than failing.
        assert_eq!(scrolled("一二三", 3, 1), ("三", 4));
    }
}
