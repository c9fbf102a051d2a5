//! The dashboard: counts per chapter and per department, with a progress
//! bar once progress is known ("—" until then).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::draw::{self, cell, cell_right, fit, highlight};
use super::strings::strings;
use super::theme::Theme;
use crate::app::lists::{self, Counts};
use crate::app::state::{AppState, PaneKind};

const NUM_W: usize = 6;
const BAR_W: usize = 14;

/// "█████░░░░░ 50%" in `w` cells, or the no-progress mark.
pub fn bar(fraction: Option<f64>, w: usize, none: &str) -> String {
    let Some(f) = fraction else {
        return crate::text::pad_left(none, w);
    };
    let f = f.clamp(0.0, 1.0);
    let pct = format!(" {:>3}%", (f * 100.0).round() as u32);
    let cells = w.saturating_sub(pct.len());
    let full = (f * cells as f64).round() as usize;
    let mut out = "█".repeat(full);
    out.push_str(&"░".repeat(cells - full));
    out.push_str(&pct);
    crate::text::truncate(&out, w)
}

/// A bar as spans: the done part in `filled`, the rest grey (as the
/// ranking draws it) so 0 % looks empty, the percentage plain.
fn bar_spans(text: String, filled: Style, theme: &Theme) -> Vec<Span<'static>> {
    let pct_at = text.find(' ').unwrap_or(text.len());
    let empty_at = text[..pct_at].find('░').unwrap_or(pct_at);
    vec![
        Span::styled(text[..empty_at].to_string(), filled),
        Span::styled(text[empty_at..pct_at].to_string(), theme.dim()),
        Span::raw(text[pct_at..].to_string()),
    ]
}

fn numbers(c: &Counts, extra: Option<usize>, theme: &Theme) -> Vec<Span<'static>> {
    let mut v = vec![cell_right(&c.total.to_string(), NUM_W, Style::new())];
    if let Some(e) = extra {
        v.push(cell_right(&e.to_string(), NUM_W, Style::new()));
    }
    let late = if c.overdue > 0 {
        theme.overdue()
    } else {
        theme.dim()
    };
    let soon = if c.due_soon > 0 {
        theme.due_soon()
    } else {
        theme.dim()
    };
    v.push(cell_right(&c.overdue.to_string(), NUM_W, late));
    v.push(cell_right(&c.due_soon.to_string(), NUM_W, soon));
    v
}

#[allow(clippy::too_many_arguments)]
pub fn draw(
    s: &AppState,
    pane: usize,
    kind: PaneKind,
    area: Rect,
    focused: bool,
    theme: &Theme,
    buf: &mut Buffer,
) {
    let b = &s.board;
    let t = strings(b.lang);
    let nav = s.nav().panes[pane];
    let q = s.search.active();
    let title = if kind == PaneKind::DashChapters {
        t.by_chapter
    } else {
        t.by_dept
    };
    draw::block(buf, area, title, focused, theme);
    let inner = super::layout::inner(area);
    let rows = super::layout::rows_area(kind, area);
    let w = inner.width as usize;
    let with_bar = w >= 4 * NUM_W + BAR_W + 12;
    let num_cols = if kind == PaneKind::DashChapters { 3 } else { 4 };
    let fixed = num_cols * NUM_W + if with_bar { BAR_W + 1 } else { 0 };
    let name_w = w.saturating_sub(fixed);

    if inner.height > 0 {
        let first = if kind == PaneKind::DashChapters {
            t.chapters
        } else {
            t.departments
        };
        let mut head = vec![cell(first, name_w, theme.label())];
        if w > fixed {
            let cols: &[&str] = if kind == PaneKind::DashChapters {
                &[t.col_total, t.col_overdue, t.col_soon]
            } else {
                &[t.col_lead, t.col_resp, t.col_overdue, t.col_soon]
            };
            for c in cols {
                head.push(cell_right(c, NUM_W, theme.label()));
            }
            if with_bar {
                head.push(Span::raw(" "));
                head.push(cell_right(t.col_progress, BAR_W, theme.label()));
            }
        }
        buf.set_line(inner.x, inner.y, &Line::from(fit(head, w)), inner.width);
    }

    let row = |i: usize, w: usize| -> Line<'static> {
        let (name, mut nums, frac) = if kind == PaneKind::DashChapters {
            let ch = &b.chapters[i];
            let ms = lists::plan_measures(s, i);
            let c = lists::count(b, ms.iter().copied());
            (
                format!("{} {}", ch.numeral, ch.title),
                numbers(&c, None, theme),
                lists::progress_fraction(b, ms),
            )
        } else {
            let ms = lists::dept_measures(s, i);
            let c = lists::count(b, ms.iter().map(|&(m, _)| m));
            let leads = ms
                .iter()
                .filter(|(_, r)| *r == crate::app::board::Role::Lead)
                .count();
            let mut nums = numbers(&c, None, theme);
            // Lead, then all measures it takes part in.
            nums.insert(0, cell_right(&leads.to_string(), NUM_W, Style::new()));
            (
                b.departments[i].name.clone(),
                nums,
                lists::progress_fraction(b, ms.into_iter().map(|(m, _)| m)),
            )
        };
        let mut spans = fit(highlight(&name, q, Style::new(), theme), name_w.min(w));
        if w > fixed {
            spans.append(&mut nums);
            if with_bar {
                spans.push(Span::raw(" "));
                let style = if frac.is_some() {
                    theme.done()
                } else {
                    theme.dim()
                };
                spans.extend(bar_spans(bar(frac, BAR_W, t.no_progress), style, theme));
            }
        }
        Line::from(fit(spans, w))
    };
    let len = if kind == PaneKind::DashChapters {
        b.chapters.len()
    } else {
        b.departments.len()
    };
    draw::list(
        buf,
        rows,
        len,
        nav.selected,
        nav.offset,
        focused,
        theme,
        row,
    );
}

/// The unreadable progress files, one per row under a heading.
pub fn draw_problems(s: &AppState, area: Rect, theme: &Theme, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let t = strings(s.board.lang);
    let problems = s.board.problems();
    let w = area.width as usize;
    let head = Span::styled(
        format!(" ⚠ {}", t.problems(problems.len())),
        theme.overdue(),
    );
    buf.set_line(area.x, area.y, &Line::from(fit(vec![head], w)), area.width);
    for (i, p) in problems.iter().take(area.height as usize - 1).enumerate() {
        let text = crate::text::sanitize(p);
        let line = Line::from(fit(vec![Span::raw(format!("   {text}"))], w));
        buf.set_line(area.x, area.y + 1 + i as u16, &line, area.width);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_by_fraction_and_keeps_its_width() {
        assert_eq!(bar(Some(0.5), 14, "—"), "█████░░░░  50%");
        assert_eq!(crate::text::width(&bar(Some(1.0), 14, "—")), 14);
        assert_eq!(bar(None, 3, "—"), "  —");
        let t = Theme::new(false);
        let parts = bar_spans(bar(Some(0.0), 14, "—"), t.done(), &t);
        assert_eq!(parts[0].content, "");
        assert_eq!(parts[1].content, "░░░░░░░░░");
        assert_eq!(parts[1].style, t.dim());
        assert_eq!(parts[2].content, "   0%");
        assert!(crate::text::width(&bar(Some(0.3), 2, "—")) <= 2);
    }
}
