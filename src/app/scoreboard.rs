//! The scoreboard screen (部门排名): departments ranked with the rule
//! stated, chapter bars, targets against actuals. The figures are computed
//! by [`crate::meeting::score`] when the screen opens; here they are only
//! held and scrolled.

use chrono::NaiveDate;

use super::Effect;
use super::action::Action;
use super::state::{AppState, Overlay, View};
use crate::meeting::score::{ChapterProgress, DeptScore, TargetRow};

pub struct ScoreboardScreen {
    pub lang: crate::lang::Lang,
    pub as_of: NaiveDate,
    pub rule: &'static str,
    pub rows: Vec<DeptScore>,
    pub chapters: Vec<ChapterProgress>,
    pub targets: Vec<TargetRow>,
    /// First line shown.
    pub scroll: usize,
    /// Why the figures may be incomplete (a ledger that could not be read).
    pub problem: Option<String>,
}

impl ScoreboardScreen {
    /// An upper bound on the lines drawn (wrapped lines aside), so
    /// scrolling stops near the end instead of running on unseen.
    pub fn max_scroll(&self) -> usize {
        self.rows.len() + self.chapters.len() + 2 * self.targets.len() + 12
    }
}

fn show(s: &mut AppState, view: View) {
    s.close_screen();
    s.view = view;
}

pub fn update(s: &mut AppState, action: Action) -> Vec<Effect> {
    let page = s.pane_rows[0].max(1);
    let Some(sb) = s.scoreboard_mut() else {
        return Vec::new();
    };
    let max = sb.max_scroll();
    match action {
        Action::MoveDown => sb.scroll = (sb.scroll + 1).min(max),
        Action::MoveUp => sb.scroll = sb.scroll.saturating_sub(1),
        Action::PageDown | Action::HalfPageDown => sb.scroll = (sb.scroll + page).min(max),
        Action::PageUp | Action::HalfPageUp => sb.scroll = sb.scroll.saturating_sub(page),
        Action::MoveTop => sb.scroll = 0,
        // The renderer clamps to the last screenful.
        Action::MoveBottom => sb.scroll = max,
        Action::Back | Action::BackOrQuit | Action::CancelInput => s.close_screen(),
        // The ranking is view 5: the other views' keys switch to them.
        Action::ShowPlan => show(s, View::Plan),
        Action::ShowDue => show(s, View::Due),
        Action::ShowDepartments => show(s, View::Departments),
        Action::ShowDashboard => show(s, View::Dashboard),
        // The header's hint holds here too: help and the palette open over
        // the lists the ranking was opened from.
        Action::ShowHelp => {
            s.close_screen();
            s.overlay = Overlay::Help { scroll: 0 };
        }
        Action::OpenPalette => {
            s.close_screen();
            s.overlay = Overlay::Palette {
                input: String::new(),
                selected: 0,
            };
        }
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::screen::Screen;

    fn on_ranking() -> AppState {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/board");
        let plan = crate::plan::load_dir(&dir).expect("fixture loads");
        let today = chrono::NaiveDate::from_ymd_opt(2021, 12, 20).unwrap();
        let mut s = AppState::new(
            crate::app::board::Board::new(&plan, today, crate::lang::Lang::Zh),
            None,
        );
        s.screen = Screen::Scoreboard(Box::new(ScoreboardScreen {
            lang: crate::lang::Lang::Zh,
            as_of: today,
            rule: "",
            rows: Vec::new(),
            chapters: Vec::new(),
            targets: Vec::new(),
            scroll: 0,
            problem: None,
        }));
        s
    }

    #[test]
    fn the_other_views_keys_leave_the_ranking_for_that_view() {
        for (a, v) in [
            (Action::ShowPlan, View::Plan),
            (Action::ShowDue, View::Due),
            (Action::ShowDepartments, View::Departments),
            (Action::ShowDashboard, View::Dashboard),
        ] {
            let mut s = on_ranking();
            update(&mut s, a);
            assert!(s.scoreboard().is_none(), "{a:?}");
            assert_eq!(s.view, v);
        }
        let mut s = on_ranking();
        update(&mut s, Action::ShowHelp);
        assert!(s.scoreboard().is_none() && matches!(s.overlay, Overlay::Help { .. }));
        let mut s = on_ranking();
        update(&mut s, Action::MoveDown);
        assert!(s.scoreboard().is_some(), "moving stays on the ranking");
    }
}
