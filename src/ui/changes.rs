//! The changes screen: the review compared against in the title, a tally,
//! then chapter → measure → department changes, one per row. Reads
//! [`ChangesScreen`] only. Newly overdue rows are red and newly done ones
//! green, and each row says what it is in words, so colour is never the
//! only sign.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use super::strings::strings;
use super::theme::Theme;
use crate::app::changes::{ChangesScreen, Row};
use crate::app::state::AppState;
use crate::lang::Lang;
use crate::meeting::changes::Kind;
use crate::text::{pad, sanitize, take_width, truncate, width, wrap};

/// Cells given to the department name in a change row.
fn dept_w(cells: usize) -> usize {
    if cells >= 60 { 12 } else { 8 }
}

fn title(c: &ChangesScreen) -> String {
    let t = strings(c.lang);
    let en = c.lang == Lang::En;
    match &c.since {
        None => format!(" {}", t.changes),
        Some(s) if en => format!(
            " {} · \"{}\" (review {:03}) · {} → {}",
            t.changes,
            sanitize(&s.name),
            s.number,
            s.as_of,
            c.as_of
        ),
        Some(s) => format!(
            " {} ·「{}」第 {:03} 次 · {} → {}",
            t.changes,
            sanitize(&s.name),
            s.number,
            s.as_of,
            c.as_of
        ),
    }
}

/// The lines above the list: the tally (or why there is no list) and any
/// problem reading the data; at most `rows`, the last ending in `…` when
/// more was cut.
fn head_lines(c: &ChangesScreen, cells: usize, rows: usize, theme: &Theme) -> Vec<Line<'static>> {
    let t = strings(c.lang);
    let en = c.lang == Lang::En;
    let mut all: Vec<(String, Style)> = Vec::new();
    let mut para = |text: &str, style: Style, max: usize| {
        let text = sanitize(text);
        let rs = wrap(&text, cells.max(1));
        let cut = rs.len() > max;
        for (k, r) in rs.into_iter().take(max).enumerate() {
            let mut l = text[r].to_string();
            if cut && k + 1 == max {
                l = format!("{}…", take_width(&l, cells.saturating_sub(1)));
            }
            all.push((l, style));
        }
    };
    if let Some(p) = &c.problem {
        para(p, theme.overdue(), 2);
    }
    match &c.since {
        None => {
            para(t.changes_none_marked, theme.label(), 2);
            para(t.changes_how_to_mark, theme.dim(), 3);
        }
        Some(_) if c.is_empty() => para(t.changes_nothing, theme.done(), 2),
        Some(s) => {
            // Only the kinds that occurred: a row of zeros hides the news.
            let parts: Vec<String> = c
                .tally
                .parts()
                .iter()
                .filter(|p| p.2 > 0)
                .map(|(zh, english, n)| format!("{} {n}", if en { english } else { zh }))
                .collect();
            let taken = s.taken.format("%Y-%m-%d %H:%M UTC");
            let tally = if en {
                format!(
                    "{} changes since the review was marked ({taken}): {}.",
                    c.tally.total(),
                    parts.join(", ")
                )
            } else {
                format!(
                    "留档（{taken}）以来共 {} 项变化：{}。",
                    c.tally.total(),
                    parts.join("，")
                )
            };
            para(&tally, theme.dim(), 3);
        }
    }
    let cut = all.len() > rows;
    all.truncate(rows);
    if cut && let Some((l, _)) = all.last_mut() {
        *l = format!("{}…", take_width(l, cells.saturating_sub(1)));
    }
    all.into_iter()
        .map(|(l, style)| Line::styled(l, style))
        .collect()
}

/// Where the head and the list go inside the screen.
pub fn areas(c: &ChangesScreen, area: Rect) -> (Rect, Rect) {
    let body = Rect::new(
        area.x,
        area.y.saturating_add(1),
        area.width,
        area.height.saturating_sub(2),
    );
    let inner = super::layout::inner(body);
    // On a short screen the list keeps at least two thirds of the rows.
    let budget = (inner.height / 3).max(1) as usize;
    let head = head_lines(c, inner.width as usize, budget, &Theme::new(true)).len() as u16;
    // One blank row between the head and the list when there is room.
    let gap = u16::from(inner.height > head + 3);
    let head = head.min(inner.height);
    let list_y = inner.y + head + gap.min(inner.height - head);
    let list = Rect::new(
        inner.x,
        list_y,
        inner.width,
        inner.bottom().saturating_sub(list_y),
    );
    (Rect::new(inner.x, inner.y, inner.width, head), list)
}

/// Keeps the list's page size and scroll in step with the terminal.
pub fn settle(s: &mut AppState, area: Rect) {
    if let Some(c) = s.changes_mut() {
        let rows = areas(c, area).1.height as usize;
        c.follow(rows);
    }
}

fn kind_style(k: &Kind, theme: &Theme) -> Style {
    match k {
        Kind::NewlyOverdue => theme.overdue(),
        Kind::NewlyDone { .. } | Kind::NoLongerOverdue => theme.done(),
        Kind::Extension { .. } | Kind::DateMoved { .. } => theme.due_soon(),
        _ => Style::new(),
    }
}

fn row_line(c: &ChangesScreen, row: Row<'_>, cells: usize, theme: &Theme) -> Line<'static> {
    match row {
        Row::Chapter(g) => Line::styled(truncate(&sanitize(&g.label), cells), theme.title()),
        Row::Measure(i) => Line::styled(
            truncate(
                &format!(" {} {}", sanitize(&i.measure), sanitize(&i.title)),
                cells,
            ),
            theme.label(),
        ),
        Row::Change(n, i) => {
            let selected = n == c.selected;
            let mark = if selected { "  ▸ " } else { "    " };
            let w = dept_w(cells);
            let dept = pad(&truncate(&sanitize(&i.dept_name), w), w);
            let text = sanitize(&i.kind.text(c.lang));
            let lead = format!("{mark}{dept} ");
            let rest = cells.saturating_sub(width(&lead));
            let mut line = Line::from(vec![
                Span::raw(truncate(&lead, cells)),
                Span::styled(truncate(&text, rest), kind_style(&i.kind, theme)),
            ]);
            if selected {
                line = line.patch_style(theme.selected(true));
            }
            line
        }
    }
}

pub fn draw(c: &ChangesScreen, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let cells = area.width as usize;
    buf.set_line(
        area.x,
        area.y,
        &Line::styled(truncate(&title(c), cells), theme.title()),
        area.width,
    );
    if area.height < 3 {
        return;
    }
    buf.set_line(
        area.x,
        area.bottom() - 1,
        &Line::styled(truncate(strings(c.lang).changes_hints, cells), theme.dim()),
        area.width,
    );
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .render(body, buf);
    let (head, list) = areas(c, area);
    let head_cells = head.width as usize;
    for (k, l) in head_lines(c, head_cells, head.height as usize, theme)
        .iter()
        .enumerate()
    {
        buf.set_line(head.x, head.y + k as u16, l, head.width);
    }
    let list_cells = list.width as usize;
    for (k, row) in c
        .rows()
        .into_iter()
        .skip(c.offset)
        .take(list.height as usize)
        .enumerate()
    {
        let line = row_line(c, row, list_cells, theme);
        buf.set_line(list.x, list.y + k as u16, &line, list.width);
    }
}
