//! Where things go on screen, as pure functions of state and size. Drawing
//! and mouse hit-testing share these, so a click lands on what was drawn.

use ratatui::layout::Rect;

use crate::app::state::{AppState, Overlay, PaneKind, View, visible_offset};

/// Below this width the plan and department views show two panes, not three.
pub const THREE_PANES_MIN_WIDTH: u16 = 120;
/// Below this width the due view shows only the focused pane.
pub const DUE_SPLIT_MIN_WIDTH: u16 = 110;
/// From this width the dashboard puts its two tables side by side.
pub const DASH_SIDE_MIN_WIDTH: u16 = 150;

pub struct Frame {
    pub header: Option<Rect>,
    pub body: Rect,
    pub status: Option<Rect>,
}

/// Header row on top, status line at the bottom, the body between; rows
/// are given up from the top as the terminal shrinks.
pub fn frame(area: Rect) -> Frame {
    let h = area.height;
    let header = (h >= 3).then(|| Rect::new(area.x, area.y, area.width, 1));
    let status = (h >= 1).then(|| Rect::new(area.x, area.y + h.saturating_sub(1), area.width, 1));
    let top = u16::from(header.is_some());
    let body_h = h.saturating_sub(top + u16::from(status.is_some()));
    Frame {
        header,
        body: Rect::new(area.x, area.y + top, area.width, body_h),
        status,
    }
}

/// `p` percent of `w`, without overflowing on absurd widths.
fn pct(w: u16, p: u32) -> u16 {
    (u32::from(w) * p / 100) as u16
}

fn split_h(area: Rect, widths: &[u16]) -> Vec<Rect> {
    let mut x = area.x;
    let mut out = Vec::new();
    for (i, &w) in widths.iter().enumerate() {
        let w = if i + 1 == widths.len() {
            area.right().saturating_sub(x)
        } else {
            w.min(area.right().saturating_sub(x))
        };
        out.push(Rect::new(x, area.y, w, area.height));
        x = x.saturating_add(w);
    }
    out
}

/// The panes of the current view that are on screen: (pane index, area).
pub fn panes(s: &AppState, body: Rect) -> Vec<(usize, Rect)> {
    let w = body.width;
    let focus = s.nav().focus;
    match s.view {
        View::Plan | View::Departments => {
            if w >= THREE_PANES_MIN_WIDTH {
                let left = pct(w, 22).clamp(20, 34);
                let mid = pct(w - left, 45);
                let r = split_h(body, &[left, mid, 0]);
                vec![(0, r[0]), (1, r[1]), (2, r[2])]
            } else if focus <= 1 {
                let left = pct(w, 36).clamp(1, 30).min(w);
                let r = split_h(body, &[left, 0]);
                vec![(0, r[0]), (1, r[1])]
            } else {
                let left = pct(w, 40);
                let r = split_h(body, &[left, 0]);
                vec![(1, r[0]), (2, r[1])]
            }
        }
        View::Due => {
            if w >= DUE_SPLIT_MIN_WIDTH {
                let r = split_h(body, &[w / 2, 0]);
                vec![(0, r[0]), (1, r[1])]
            } else {
                vec![(focus.min(1), body)]
            }
        }
        View::Dashboard => {
            let body = dashboard_tables(s, body);
            if w >= DASH_SIDE_MIN_WIDTH {
                let r = split_h(body, &[w / 2, 0]);
                vec![(0, r[0]), (1, r[1])]
            } else {
                // Chapters get what they need (rows + header + borders)
                // when there is room, departments the rest.
                let want = (s.board.chapters.len() as u16).saturating_add(3);
                let top = want.min(body.height / 2).max(body.height.min(3));
                let top = top.min(body.height);
                vec![
                    (0, Rect::new(body.x, body.y, w, top)),
                    (1, Rect::new(body.x, body.y + top, w, body.height - top)),
                ]
            }
        }
    }
}

/// Rows at the bottom of the dashboard that list unreadable progress
/// files (at most a third of the body), so a damaged ledger is noticed.
pub fn problem_rows(s: &AppState, body: Rect) -> Rect {
    let n = s.board.problems().len() as u16;
    let h = if n == 0 {
        0
    } else {
        (n + 1).min(body.height / 3)
    };
    Rect::new(body.x, body.bottom() - h, body.width, h)
}

fn dashboard_tables(s: &AppState, body: Rect) -> Rect {
    let p = problem_rows(s, body);
    Rect::new(body.x, body.y, body.width, body.height - p.height)
}

/// A pane's area inside its border.
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

/// The rows area of a list pane (tables keep a header row above it).
pub fn rows_area(kind: PaneKind, pane: Rect) -> Rect {
    let i = inner(pane);
    match kind {
        PaneKind::DashChapters | PaneKind::DashDepts => Rect::new(
            i.x,
            i.y.saturating_add(1).min(i.bottom()),
            i.width,
            i.height.saturating_sub(1),
        ),
        _ => i,
    }
}

/// Which pane (and list row, for lists) is at screen cell (`x`, `y`).
pub fn hit(s: &AppState, area: Rect, x: u16, y: u16) -> Option<(usize, Option<usize>)> {
    let f = frame(area);
    for (pane, r) in panes(s, f.body) {
        if x < r.x || x >= r.right() || y < r.y || y >= r.bottom() {
            continue;
        }
        let kind = s.view.panes()[pane];
        let rows = rows_area(kind, r);
        let row = (kind != PaneKind::Detail && y >= rows.y && y < rows.bottom())
            .then(|| (y - rows.y) as usize);
        return Some((pane, row));
    }
    None
}

/// The help overlay covers the body, leaving header and status line.
pub fn help_box(area: Rect) -> Rect {
    frame(area).body
}

/// The palette and picker drop down from the top of the body, full width,
/// so nothing of the panes below shows through beside them.
pub fn list_box(area: Rect) -> Rect {
    let body = frame(area).body;
    Rect::new(body.x, body.y, body.width, body.height.min(18))
}

/// Brings page sizes, list offsets and scroll limits in line with `area`.
pub fn settle(s: &mut AppState, area: Rect) {
    let f = frame(area);
    let shown = panes(s, f.body);
    let view = s.view;
    for &(pane, r) in &shown {
        let kind = view.panes()[pane];
        let rows = rows_area(kind, r).height as usize;
        s.pane_rows[pane] = rows.max(1);
        if kind == PaneKind::Detail {
            let width = inner(r).width as usize;
            let total = crate::app::lists::selected_measure(s, view).map_or(0, |m| {
                super::detail::lines(s, m, width, &super::theme::Theme::new(true)).len()
            });
            let p = &mut s.navs[view.index()].panes[pane];
            p.offset = p.offset.min(total.saturating_sub(rows));
        } else {
            // A list scrolled at a tiny size and then given room again
            // shows from where it fills the pane, not with empty rows below.
            let len = crate::app::lists::pane_len(s, view, pane);
            let p = &mut s.navs[view.index()].panes[pane];
            p.scroll_into_view(rows);
            p.offset = p.offset.min(len.saturating_sub(rows));
        }
    }
    // Panes off screen keep a valid offset for when they come back.
    for pane in 0..view.panes().len() {
        if shown.iter().all(|&(p, _)| p != pane) && view.panes()[pane] != PaneKind::Detail {
            let rows = s.pane_rows[pane];
            let p = &mut s.navs[view.index()].panes[pane];
            p.offset = visible_offset(p.selected, p.offset, rows);
        }
    }
    if let Overlay::Help { scroll } = &mut s.overlay {
        let b = help_box(area);
        let rows = inner(b).height as usize;
        let total = super::overlay::help_line_count(s.board.lang);
        *scroll = (*scroll).min(total.saturating_sub(rows));
        s.pane_rows[0] = rows.max(1);
    }
    super::changes::settle(s, area);
}
