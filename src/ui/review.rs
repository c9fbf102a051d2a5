//! The review screen (逐项过会): one item per screen, large and plain, for a
//! shared screen in a meeting room. Reads [`ReviewScreen`] only.
//!
//! Every light is drawn as colour *and* `[R]`/`[Y]`/`[G]` with its word, so
//! it reads the same under `NO_COLOR` and on a projector that washes colour out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::theme::Theme;
use crate::app::review::ReviewScreen;
use crate::app::state::Notice;
use crate::lang::Lang;
use crate::meeting::lights::Signal;
use crate::meeting::review::FormField;
use crate::text::{sanitize, truncate, width, wrap};

fn badge(s: &Signal, lang: Lang, theme: &Theme) -> Span<'static> {
    Span::styled(s.label(lang), theme.light(s.light))
}

/// The Chinese or the English of a UI string.
fn tr(en: bool, zh: &'static str, english: &'static str) -> &'static str {
    if en { english } else { zh }
}

/// Wrapped lines of `text` (sanitised), each prefixed with `indent`.
fn para(text: &str, cells: usize, indent: &str, style: Style) -> Vec<Line<'static>> {
    let text = sanitize(text);
    let w = cells.saturating_sub(width(indent)).max(1);
    wrap(&text, w)
        .into_iter()
        .map(|r| {
            Line::from(vec![
                Span::raw(indent.to_string()),
                Span::styled(text[r].to_string(), style),
            ])
        })
        .collect()
}

pub fn draw(rs: &ReviewScreen, notice: Option<Notice>, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    let r = &rs.review;
    let en = rs.lang == crate::lang::Lang::En;
    let buf = frame.buffer_mut();
    // Title row.
    let title = if en {
        format!(
            " Review · {} · {} · item {}",
            sanitize(&r.meeting),
            rs.scope_label,
            r.position()
        )
    } else {
        format!(
            " 逐项过会 · {} · {} · 第 {} 项",
            sanitize(&r.meeting),
            rs.scope_label,
            r.position()
        )
    };
    buf.set_line(
        area.x,
        area.y,
        &Line::styled(truncate(&title, area.width as usize), theme.title()),
        area.width,
    );
    if area.height < 3 {
        return;
    }
    // Key hints, or the last message, on the bottom row.
    let hints = if rs.naming.is_some() {
        super::strings::strings(rs.lang).mark_hints
    } else if r.form.is_some() {
        tr(
            en,
            " Enter 保存 · Tab 切换 意见/日期 · Esc 取消",
            " Enter save · Tab decision/date · Esc cancel",
        )
    } else {
        tr(
            en,
            " j/k 下一项/上一项 · d 督办意见 · M 留档 · Esc 结束",
            " j/k next/previous · d decision · M mark review · Esc end",
        )
    };
    let bottom = match (notice, &r.message) {
        (Some(n), _) => Line::styled(
            truncate(
                &format!(" {}", super::strings::strings(rs.lang).notice(n)),
                area.width as usize,
            ),
            theme.overdue(),
        ),
        (None, Some(m)) => Line::styled(
            truncate(&format!(" {}", sanitize(m)), area.width as usize),
            theme.notice(),
        ),
        (None, None) => Line::styled(truncate(hints, area.width as usize), theme.dim()),
    };
    buf.set_line(area.x, area.bottom() - 1, &bottom, area.width);

    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
    let form_h = if r.form.is_some() {
        5.min(body.height)
    } else {
        0
    };
    let item_area = Rect::new(body.x, body.y, body.width, body.height - form_h);
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(r.form.is_none()))
        .render(item_area, buf);
    let inner = super::layout::inner(item_area);
    let cells = inner.width as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    match rs.item() {
        None => lines.push(Line::styled(
            tr(en, "没有需要过会的事项。", "Nothing to review."),
            theme.done(),
        )),
        Some(v) => {
            let decided = if r.decided.contains(&v.measure) {
                tr(en, "  ✓ 已记录督办意见", "  ✓ decision recorded")
            } else {
                ""
            };
            lines.push(Line::from(vec![
                badge(&v.signal, rs.lang, theme),
                Span::raw("  "),
                Span::styled(
                    format!("{} {}{}", v.measure, v.number, sanitize(&v.title)),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::styled(decided, theme.done()),
            ]));
            let due = v.due.map_or_else(
                || tr(en, "无时限", "no deadline").to_string(),
                |d| d.to_string(),
            );
            lines.push(Line::styled(
                format!(
                    "{} · {} {due} · {}",
                    sanitize(&v.chapter),
                    tr(en, "时限", "due"),
                    v.status.label(rs.lang)
                ),
                theme.dim(),
            ));
            lines.push(Line::raw(""));
            let text_lines = para(&v.text, cells, "", Style::new());
            // Leave room for the departments on small screens.
            let room = (inner.height as usize)
                .saturating_sub(4 + 2 * v.depts.len())
                .clamp(1, 6);
            let cut = text_lines.len() > room;
            lines.extend(text_lines.into_iter().take(room));
            if cut {
                lines.push(Line::styled("…", theme.dim()));
            }
            lines.push(Line::raw(""));
            for d in &v.depts {
                let role = match (d.lead, en) {
                    (true, false) => "牵头",
                    (false, false) => "责任",
                    (true, true) => "lead",
                    (false, true) => "resp.",
                };
                let status = d.status.label(rs.lang);
                // The date with its source, as everywhere (2022-01-31 调度会定).
                let deadline = match (d.deadline, d.source) {
                    (Some(x), Some(src)) => format!("{x} {}", src.label(rs.lang)),
                    (Some(x), None) => x.to_string(),
                    (None, _) => "—".to_string(),
                };
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("{role} {} ", sanitize(&d.name)),
                        Style::new().add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(format!("{status} · {deadline} · ")),
                    badge(&d.signal, rs.lang, theme),
                ]));
                if !d.note.trim().is_empty() {
                    lines.extend(para(
                        &format!("{}{}", tr(en, "备注：", "note: "), d.note),
                        cells,
                        "    ",
                        Style::new(),
                    ));
                }
                if let Some(dec) = &d.decision {
                    let mut t = if en {
                        format!("decision ({}): {}", dec.meeting, dec.opinion)
                    } else {
                        format!("督办意见（{}）：{}", dec.meeting, dec.opinion)
                    };
                    if let Some(due) = dec.due {
                        t.push_str(&if en {
                            format!(", deadline set by the meeting {due}")
                        } else {
                            format!("，调度会定时限 {due}")
                        });
                    }
                    lines.extend(para(&t, cells, "    ", theme.label()));
                }
            }
            if !v.targets.is_empty() {
                lines.push(Line::raw(""));
                for t in &v.targets {
                    let style = match t.verdict {
                        crate::meeting::score::Verdict::Short => theme.overdue(),
                        crate::meeting::score::Verdict::Met => theme.done(),
                        crate::meeting::score::Verdict::NoData => theme.dim(),
                    };
                    lines.extend(para(
                        &format!("{}{}", tr(en, "指标：", "target: "), t.sentence(rs.lang)),
                        cells,
                        "",
                        style,
                    ));
                }
            }
        }
    }
    Paragraph::new(lines).render(inner, buf);

    if let Some(f) = &r.form
        && form_h >= 3
    {
        let fa = Rect::new(body.x, body.y + body.height - form_h, body.width, form_h);
        Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border(true))
            .title(Span::styled(
                tr(en, " 督办意见 ", " Decision "),
                theme.title(),
            ))
            .render(fa, buf);
        let fi = super::layout::inner(fa);
        let mark = |on: bool| if on { "▸ " } else { "  " };
        let mut fl = vec![
            Line::from(vec![
                Span::raw(mark(f.focus == FormField::Opinion)),
                Span::styled(tr(en, "意见：", "decision: "), theme.label()),
                Span::raw(sanitize(&f.opinion)),
            ]),
            Line::from(vec![
                Span::raw(mark(f.focus == FormField::Date)),
                Span::styled(tr(en, "调度会定时限：", "deadline set: "), theme.label()),
                Span::raw(sanitize(&f.date)),
                Span::styled(
                    if f.date.is_empty() {
                        tr(en, "YYYY-MM-DD（可不填）", "YYYY-MM-DD (optional)")
                    } else {
                        ""
                    },
                    theme.dim(),
                ),
            ]),
        ];
        if let Some(e) = &f.error {
            fl.push(Line::styled(sanitize(e), theme.overdue()));
        }
        let cursor_row = if f.focus == FormField::Opinion { 0 } else { 1 };
        let typed = if f.focus == FormField::Opinion {
            &f.opinion
        } else {
            &f.date
        };
        let label = if f.focus == FormField::Opinion {
            tr(en, "意见：", "decision: ")
        } else {
            tr(en, "调度会定时限：", "deadline set: ")
        };
        let x = fi.x as usize + 2 + width(label) + width(&sanitize(typed));
        Paragraph::new(fl).render(fi, buf);
        if x < fi.right() as usize && fi.height > cursor_row {
            frame.set_cursor_position((x as u16, fi.y + cursor_row));
        }
    }
    if let Some(name) = &rs.naming {
        draw_name_prompt(name, rs.lang, body, theme, frame);
    }
}

/// The meeting-name prompt over the bottom of the item, with the cursor
/// after the name.
fn draw_name_prompt(
    name: &str,
    lang: crate::lang::Lang,
    body: Rect,
    theme: &Theme,
    frame: &mut Frame,
) {
    let t = super::strings::strings(lang);
    let h = 3.min(body.height);
    if h < 3 || body.width < 4 {
        return;
    }
    let pa = Rect::new(body.x, body.y + body.height - h, body.width, h);
    let buf = frame.buffer_mut();
    super::popup::clear(buf, pa);
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(t.mark_title, theme.title()))
        .render(pa, buf);
    let pi = super::layout::inner(pa);
    let cells = pi.width as usize;
    let shown = sanitize(name);
    // A long name shows its end, where the typing is.
    let room = cells.saturating_sub(width(t.mark_label) + 1);
    let mut start = shown.len();
    let mut used = 0;
    for (i, ch) in shown.char_indices().rev() {
        used += width(&shown[i..i + ch.len_utf8()]);
        if used > room {
            break;
        }
        start = i;
    }
    let tail = &shown[start..];
    let mut spans = vec![
        Span::styled(t.mark_label, theme.label()),
        Span::raw(tail.to_string()),
    ];
    if name.trim().is_empty() {
        spans.push(Span::styled(t.mark_empty, theme.dim()));
    }
    let line = Line::from(spans);
    buf.set_line(pi.x, pi.y, &line, pi.width);
    let x = pi.x as usize + width(t.mark_label) + width(tail);
    if x < pi.right() as usize {
        frame.set_cursor_position((x as u16, pi.y));
    }
}
