//! Mouse events to actions: a click or wheel turn is read against the same
//! layout the board was drawn with, so it lands on what the user sees.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::app::{Action, AppState, Mode};

/// The action a mouse event at a `w`×`h` screen stands for, if any. Only
/// the lists take the mouse; forms and overlays ignore it.
pub fn action(s: &AppState, w: u16, h: u16, ev: MouseEvent) -> Option<Action> {
    let on_ranking = s.mode() == Mode::Scoreboard;
    if s.mode() != Mode::Normal && !on_ranking {
        return None;
    }
    let area = Rect::new(0, 0, w, h);
    let clicked = matches!(ev.kind, MouseEventKind::Down(MouseButton::Left));
    if clicked
        && super::layout::frame(area)
            .header
            .is_some_and(|hd| hd.y == ev.row)
    {
        return super::status::tab_at(s, w, ev.column).map(|tab| tab.action());
    }
    if on_ranking {
        // The ranking scrolls with the wheel; its rows take no clicks.
        return match ev.kind {
            MouseEventKind::ScrollDown => Some(Action::MoveDown),
            MouseEventKind::ScrollUp => Some(Action::MoveUp),
            _ => None,
        };
    }
    let (pane, row) = super::layout::hit(s, area, ev.column, ev.row)?;
    Some(match ev.kind {
        MouseEventKind::Down(MouseButton::Left) => match row {
            Some(row) => Action::SelectRow { pane, row },
            None => Action::ScrollPane { pane, delta: 0 },
        },
        MouseEventKind::ScrollDown => Action::ScrollPane { pane, delta: 3 },
        MouseEventKind::ScrollUp => Action::ScrollPane { pane, delta: -3 },
        _ => return None,
    })
}
