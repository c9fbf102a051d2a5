//! The header (views as tabs) and the status line (where you are, the
//! as-of date, counts, filters, search).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::draw::{fit, spans_width};
use super::strings::strings;
use super::theme::Theme;
use crate::app::lists::{self, filtered_counts};
use crate::app::state::{AppState, View};
use crate::text::width;

/// The header's spans for width `w`, and where each view's tab sits
/// (start and end column), for mouse clicks.
pub fn header(
    s: &AppState,
    w: usize,
    theme: &Theme,
) -> (Vec<Span<'static>>, Vec<(View, usize, usize)>) {
    let t = strings(s.board.lang);
    // Each tab carries its own padding, so neighbours are two cells apart
    // and the full default plan title still fits beside them at 80 columns.
    let tabs: Vec<Span<'static>> = View::ALL
        .iter()
        .enumerate()
        .map(|(i, v)| {
            Span::styled(
                format!(" {} {} ", i + 1, t.view(*v)),
                theme.tab(*v == s.view),
            )
        })
        .collect();
    let tabs_w = spans_width(&tabs);
    let title = format!(" {}", s.board.title);
    let title_w = width(&title);
    // Acting as a department, what needs it replaces the help hint and
    // comes before the plan's title: it is what the department is here for.
    let todo = acting_dept(s).map(|d| {
        let c = s.board.need_counts(d);
        let style = if c.returned + c.decision + c.overdue > 0 {
            theme.overdue()
        } else if c.due_soon > 0 {
            theme.due_soon()
        } else {
            theme.dim()
        };
        Span::styled(format!("  {} ", t.need_counts(&c)), style)
    });
    let todo_w = todo.as_ref().map_or(0, |sp| width(&sp.content));
    let hints = format!("  {} ", t.hints);
    let hints_w = width(&hints);
    let (lead, trail) = if let Some(todo) = todo.filter(|_| w >= tabs_w + todo_w) {
        let room = w - tabs_w - todo_w;
        let lead = if room >= 8 {
            let mut v = fit(vec![Span::styled(title, theme.title())], room);
            let used = spans_width(&v);
            v.push(Span::raw(" ".repeat(room - used)));
            v
        } else {
            vec![Span::raw(" ".repeat(room))]
        };
        (lead, vec![todo])
    } else if w >= title_w + 1 + tabs_w + hints_w {
        let gap = " ".repeat(w - title_w - tabs_w - hints_w);
        (
            vec![Span::styled(title, theme.title()), Span::raw(gap)],
            vec![Span::styled(hints, theme.dim())],
        )
    } else if w >= tabs_w + 8 {
        (
            fit(vec![Span::styled(title, theme.title())], w - tabs_w),
            Vec::new(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let mut x = spans_width(&lead);
    let mut places = Vec::new();
    for (v, tab) in View::ALL.iter().zip(&tabs) {
        let tw = width(&tab.content);
        places.push((*v, x, x + tw));
        x += tw;
    }
    let mut spans = lead;
    spans.extend(tabs);
    spans.extend(trail);
    (fit(spans, w), places)
}

/// The department the user acts as (`--dept`), if not a coordinator.
fn acting_dept(s: &AppState) -> Option<&str> {
    match (&s.edit.who, &s.me) {
        (Some(crate::progress::Who::Dept(d)), _) | (None, Some(d)) => Some(d),
        _ => None,
    }
    .filter(|_| s.board.progress.is_some())
    .map(String::as_str)
}

/// The plan's title on the left (which plan this is), the views as tabs on
/// the right, and the help hint when there is room for everything.
pub fn draw_header(s: &AppState, area: Rect, theme: &Theme, frame: &mut Frame) {
    let (spans, _) = header(s, area.width as usize, theme);
    frame
        .buffer_mut()
        .set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// The view whose tab is at column `x` of the header.
pub fn tab_at(s: &AppState, w: u16, x: u16) -> Option<View> {
    let (_, places) = header(s, w as usize, &Theme::new(true));
    let x = x as usize;
    places
        .into_iter()
        .find(|&(_, a, b)| x >= a && x < b && b <= w as usize)
        .map(|(v, _, _)| v)
}

/// "计划 › 一 开办企业 › 1.3 免费刻制公章"
pub fn breadcrumb(s: &AppState) -> String {
    let b = &s.board;
    let t = strings(b.lang);
    let nav = s.nav();
    let mut parts = vec![t.view(s.view).to_string()];
    let measure = |m: usize| {
        let me = &b.measures[m].measure;
        format!("{} {}", me.id, me.title)
    };
    match s.view {
        View::Plan => {
            if let Some(c) = b.chapters.get(nav.panes[0].selected) {
                parts.push(format!("{} {}", c.numeral, c.title));
            }
            if nav.focus >= 1
                && let Some(m) = lists::selected_measure(s, s.view)
            {
                parts.push(measure(m));
            }
        }
        View::Due => {
            if let Some(m) = lists::selected_measure(s, s.view) {
                parts.push(measure(m));
            }
        }
        View::Departments => {
            if let Some(d) = b.departments.get(nav.panes[0].selected) {
                parts.push(d.name.clone());
            }
            if nav.focus >= 1
                && let Some(m) = lists::selected_measure(s, s.view)
            {
                parts.push(measure(m));
            }
        }
        View::Dashboard => {
            let row = nav.panes[nav.focus].selected;
            let name = if nav.focus == 0 {
                b.chapters
                    .get(row)
                    .map(|c| format!("{} {}", c.numeral, c.title))
            } else {
                b.departments.get(row).map(|d| d.name.clone())
            };
            parts.extend(name);
        }
    }
    parts.join(" › ")
}

pub fn draw_status(s: &AppState, area: Rect, theme: &Theme, frame: &mut Frame) {
    let b = &s.board;
    let t = strings(b.lang);
    let w = area.width as usize;
    if s.search.editing {
        let n = crate::app::search::match_count(s);
        let mut spans = vec![
            Span::styled("/", theme.label()),
            Span::raw(s.search.input.clone()),
        ];
        let cursor_x = area.x as usize + 1 + width(&s.search.input);
        if !s.search.input.is_empty() {
            spans.push(Span::styled(format!("  {}", t.matches(n)), theme.dim()));
        }
        frame
            .buffer_mut()
            .set_line(area.x, area.y, &Line::from(fit(spans, w)), area.width);
        if cursor_x < area.right() as usize {
            frame.set_cursor_position(Position::new(cursor_x as u16, area.y));
        }
        return;
    }

    let mut right: Vec<Span<'static>> = Vec::new();
    let sep = || Span::styled(" │ ", Style::new());
    if !s.search.query.is_empty() {
        let n = crate::app::search::match_count(s);
        right.push(Span::styled(
            format!("/{} {}", s.search.query, t.matches(n)),
            theme.label(),
        ));
        right.push(sep());
    }
    if s.filter.is_active() {
        let mut f = Vec::new();
        if let Some(d) = &s.filter.dept {
            f.push(b.dept_short(d).to_string());
        }
        if s.filter.overdue {
            f.push(t.only_overdue.to_string());
        }
        if let Some(st) = s.filter.status {
            f.push(format!("{} {}", t.status_filter, t.status(st)));
        }
        if let Some(d) = &s.filter.needs {
            f.push(t.todo_of(b.dept_short(d)));
        }
        right.push(Span::styled(
            format!("{}: {} ({})", t.filter, f.join(" · "), t.clear_hint),
            theme.filter(),
        ));
        right.push(sep());
    }
    let c = filtered_counts(s);
    right.push(Span::raw(t.count(c.total)));
    right.push(Span::raw(" "));
    right.push(Span::styled(
        t.overdue_n(c.overdue),
        if c.overdue > 0 {
            theme.overdue()
        } else {
            Style::new()
        },
    ));
    right.push(Span::raw(" "));
    right.push(Span::styled(
        t.soon_n(c.due_soon),
        if c.due_soon > 0 {
            theme.due_soon()
        } else {
            Style::new()
        },
    ));
    right.push(sep());
    right.push(Span::raw(format!("{} {} ", t.as_of, b.today)));

    let problems = b.problems().len();
    if problems > 0 {
        // Always visible, whatever the view: progress is missing somewhere.
        right.insert(0, sep());
        right.insert(0, Span::styled(format!("⚠{problems}"), theme.overdue()));
    }
    // Beside the counts rather than instead of the breadcrumb, so moving
    // about while a save waits still shows where you are.
    if s.saves.busy() && !s.saves.quitting {
        right.insert(0, sep());
        right.insert(
            0,
            Span::styled(t.saving(s.saves.outstanding), theme.notice()),
        );
    }
    let right_w = spans_width(&right);
    let left = match (s.notice, super::edit::status_message(s)) {
        _ if s.saves.quitting => Span::styled(
            format!(" {}", t.quitting(s.saves.outstanding)),
            theme.notice(),
        ),
        (Some(n), _) => Span::styled(format!(" {}", t.notice(n)), theme.notice()),
        (None, Some((msg, bad))) => Span::styled(
            format!(" {msg}"),
            if bad { theme.overdue() } else { theme.notice() },
        ),
        (None, None) => Span::styled(format!(" {}", breadcrumb(s)), theme.title()),
    };
    let line = if right_w + 8 <= w {
        let mut v = fit(vec![left], w - right_w - 1);
        v.push(Span::raw(" "));
        v.extend(right);
        v
    } else {
        // Too narrow for both: where you are (or the notice) wins.
        fit(vec![left], w)
    };
    frame
        .buffer_mut()
        .set_line(area.x, area.y, &Line::from(fit(line, w)), area.width);
}
