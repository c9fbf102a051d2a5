//! The list panes: chapters, measures, the due list, departments and a
//! department's measures. Rows are built only for what is on screen, with
//! columns measured in display cells so CJK rows line up.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::draw::{self, cell, cell_right, fit, highlight};
use super::strings::strings;
use super::theme::Theme;
use crate::app::board::{MeasureIx, Role, Urgency};
use crate::app::lists;
use crate::app::state::{AppState, ListNav, PaneKind};
use crate::progress::Status;

/// Width of the date column ("2021-12-31").
const DATE_W: usize = 10;
/// Width of the due-view's urgency column ("12天后到期").
const TAG_W: usize = 10;
/// Width of the due-view's late-departments column.
const DEPTS_W: usize = 14;

pub fn urgency_style(s: &AppState, m: MeasureIx, theme: &Theme) -> Style {
    match s.board.urgency(m) {
        Urgency::Overdue => theme.overdue(),
        Urgency::DueSoon => theme.due_soon(),
        Urgency::Calm => Style::new(),
    }
}

/// `[lead columns] id title [date]` in exactly `w` cells.
fn measure_row(
    s: &AppState,
    m: MeasureIx,
    mut left: Vec<Span<'static>>,
    right: Vec<Span<'static>>,
    w: usize,
    theme: &Theme,
) -> Line<'static> {
    let b = &s.board;
    let entry = &b.measures[m];
    let q = s.search.active();
    let used = draw::spans_width(&left) + draw::spans_width(&right);
    let with_date = w >= used + b.id_width + DATE_W + 12;
    let with_id = w >= used + b.id_width + 8;
    // Once progress is known, each row leads with the measure's status.
    if b.progress.is_some() && w >= used + 12 {
        let st = s.row_status(m);
        let t = strings(b.lang);
        let style = match st {
            Status::Done => theme.done(),
            Status::Blocked => theme.overdue(),
            Status::InProgress => Style::new(),
            Status::NotStarted => theme.dim(),
        };
        left.insert(0, cell(t.status_mark(st), 3, style));
    }
    if with_id {
        left.push(cell(&entry.measure.id, b.id_width + 1, theme.dim()));
    }
    let date_w = if with_date { DATE_W + 1 } else { 0 };
    let title_w = w.saturating_sub(draw::spans_width(&left) + date_w + draw::spans_width(&right));
    left.extend(fit(
        highlight(&entry.measure.title, q, Style::new(), theme),
        title_w,
    ));
    if with_date {
        let due = b.due(m).map(|d| d.to_string()).unwrap_or_default();
        left.push(Span::raw(" "));
        left.push(cell_right(&due, DATE_W, urgency_style(s, m, theme)));
    }
    left.extend(right);
    Line::from(fit(left, w))
}

/// `name … count !late` in exactly `w` cells.
fn counted_row(
    name: Vec<Span<'static>>,
    count: usize,
    late: usize,
    w: usize,
    dim: bool,
    theme: &Theme,
) -> Line<'static> {
    let num_w = if w >= 16 { 8 } else { 0 };
    let mut spans = fit(name, w.saturating_sub(num_w));
    if dim {
        for sp in &mut spans {
            sp.style = sp.style.patch(theme.dim());
        }
    }
    if num_w > 0 {
        spans.push(cell_right(&count.to_string(), 4, Style::new()));
        let late_txt = if late > 0 {
            format!("!{late}")
        } else {
            String::new()
        };
        // Blank cells stay unstyled: a red blank under the reversed cursor
        // row would be a solid red block with nothing overdue.
        let late_style = if late > 0 {
            theme.overdue()
        } else {
            Style::new()
        };
        spans.push(cell_right(&late_txt, 4, late_style));
    }
    Line::from(spans)
}

/// A list's title, with the cursor's position when the list is longer
/// than the pane, so a long list never looks complete when it is not.
fn titled(title: &str, selected: usize, len: usize, rows: u16) -> String {
    if len > rows as usize {
        format!("{title} ({}/{len})", selected + 1)
    } else {
        title.to_string()
    }
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
    let inner = super::layout::inner(area);
    let pane_ctx = ListPane {
        s,
        area,
        inner,
        nav,
        focused,
        theme,
    };
    match kind {
        PaneKind::Chapters => {
            let title = titled(t.chapters, nav.selected, b.chapters.len(), inner.height);
            draw::block(buf, area, &title, focused, theme);
            draw::list(
                buf,
                inner,
                b.chapters.len(),
                nav.selected,
                nav.offset,
                focused,
                theme,
                |i, w| {
                    let ch = &b.chapters[i];
                    let ms = lists::plan_measures(s, i);
                    let late = ms
                        .iter()
                        .filter(|&&m| b.urgency(m) == Urgency::Overdue)
                        .count();
                    let name = highlight(
                        &format!("{} {}", ch.numeral, ch.title),
                        q,
                        Style::new(),
                        theme,
                    );
                    counted_row(name, ms.len(), late, w, ms.is_empty(), theme)
                },
            );
        }
        PaneKind::Depts => {
            let title = titled(
                t.departments,
                nav.selected,
                b.departments.len(),
                inner.height,
            );
            draw::block(buf, area, &title, focused, theme);
            draw::list(
                buf,
                inner,
                b.departments.len(),
                nav.selected,
                nav.offset,
                focused,
                theme,
                |i, w| {
                    let ms = lists::dept_measures(s, i);
                    let late = ms
                        .iter()
                        .filter(|&&(m, _)| b.urgency(m) == Urgency::Overdue)
                        .count();
                    let name = highlight(&b.departments[i].name, q, Style::new(), theme);
                    counted_row(name, ms.len(), late, w, ms.is_empty(), theme)
                },
            );
        }
        PaneKind::Measures => {
            let ch = s.nav().panes[0].selected;
            let title = b.chapters.get(ch).map_or_else(
                || t.measures.to_string(),
                |c| format!("{} · {} {}", t.measures, c.numeral, c.title),
            );
            let ms = lists::plan_measures(s, ch);
            pane_ctx.measure_list(buf, &title, ms.len(), |i, w| {
                measure_row(s, ms[i], Vec::new(), Vec::new(), w, theme)
            });
        }
        PaneKind::DueList => {
            let ms = lists::due_measures(s);
            let title = format!("{} · {}", t.due_list, ms.len());
            pane_ctx.measure_list(buf, &title, ms.len(), |i, w| {
                let m = ms[i];
                let tag = b.days_left(m).map(|d| t.days(d)).unwrap_or_default();
                let left = if w >= 30 {
                    vec![
                        cell(&tag, TAG_W, urgency_style(s, m, theme)),
                        Span::raw(" "),
                    ]
                } else {
                    Vec::new()
                };
                // The departments that are late (or due soon), never one
                // that is done.
                let right = if w >= 70 {
                    let names: Vec<&str> = b
                        .urgent_depts(m)
                        .into_iter()
                        .map(|d| b.dept_short(d))
                        .collect();
                    let names = t.names_within(&names, DEPTS_W);
                    vec![
                        Span::raw(" "),
                        cell(&names, DEPTS_W, urgency_style(s, m, theme)),
                    ]
                } else {
                    Vec::new()
                };
                measure_row(s, m, left, right, w, theme)
            });
        }
        PaneKind::DeptMeasures => {
            let d = s.nav().panes[0].selected;
            let title = b.departments.get(d).map_or_else(
                || t.measures.to_string(),
                |dep| format!("{} · {}", t.measures, dep.name),
            );
            let ms = lists::dept_measures(s, d);
            pane_ctx.measure_list(buf, &title, ms.len(), |i, w| {
                let (m, role) = ms[i];
                let (tag, style) = match role {
                    Role::Lead => (t.lead_tag, theme.title()),
                    Role::Responsible => (t.resp_tag, theme.dim()),
                };
                let left = if w >= 24 {
                    vec![cell(tag, crate::text::width(t.lead_tag).max(4) + 1, style)]
                } else {
                    Vec::new()
                };
                measure_row(s, m, left, Vec::new(), w, theme)
            });
        }
        PaneKind::Detail => {
            let Some(m) = lists::selected_measure(s, s.view) else {
                draw::block(buf, area, t.detail, focused, theme);
                return;
            };
            let lines = super::detail::lines(s, m, inner.width as usize, theme);
            let rows = inner.height as usize;
            let scroll = nav.offset.min(lines.len().saturating_sub(rows));
            let mut title = format!("{} · {}", t.detail, b.measures[m].measure.id);
            // Say how much is left when the text runs past the pane.
            if lines.len() > rows {
                let shown = (scroll + rows).min(lines.len());
                title.push_str(&format!(" ({shown}/{})", lines.len()));
            }
            draw::block(buf, area, &title, focused, theme);
            draw::lines(buf, inner, &lines, scroll);
        }
        PaneKind::DashChapters | PaneKind::DashDepts => {
            super::dashboard::draw(s, pane, kind, area, focused, theme, buf);
        }
    }
}

/// Where a list pane draws and how it stands, for the panes that share a shape.
struct ListPane<'a> {
    s: &'a AppState,
    area: Rect,
    inner: Rect,
    nav: ListNav,
    focused: bool,
    theme: &'a Theme,
}

impl ListPane<'_> {
    /// A titled list of measures: the block, the empty placeholder, the rows.
    fn measure_list(
        &self,
        buf: &mut Buffer,
        title: &str,
        len: usize,
        row: impl FnMut(usize, usize) -> Line<'static>,
    ) {
        let title = titled(title, self.nav.selected, len, self.inner.height);
        draw::block(buf, self.area, &title, self.focused, self.theme);
        if len == 0 {
            empty(self.s, self.inner, buf, self.theme);
        }
        draw::list(
            buf,
            self.inner,
            len,
            self.nav.selected,
            self.nav.offset,
            self.focused,
            self.theme,
            row,
        );
    }
}

/// The placeholder for an empty list: "(none)" or, under filters, why.
fn empty(s: &AppState, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let t = strings(s.board.lang);
    let msg = if s.filter.is_active() {
        t.none_filtered
    } else {
        t.none
    };
    if area.height > 0 {
        buf.set_line(
            area.x,
            area.y,
            &Line::from(Span::styled(
                crate::text::truncate(msg, area.width as usize),
                theme.dim(),
            )),
            area.width,
        );
    }
}
