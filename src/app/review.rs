//! The review screen (逐项过会) inside the board: the pure walk-through of
//! [`crate::meeting::review`] with what it needs to judge items (plan,
//! ledger, as-of date). Board actions become review actions here; saving,
//! loading and marking come back as [`Effect`]s for the runtime.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use super::Effect;
use super::action::Action;
use super::state::AppState;
use crate::meeting::LightCfg;
use crate::meeting::review::{Action as R, ItemView, Outcome, Review, Scope, view};
use crate::plan::Plan;
use crate::progress::Ledger;

pub struct ReviewScreen {
    /// The board's plan, shared rather than copied for each review.
    pub plan: Arc<Plan>,
    pub ledger: Ledger,
    pub cfg: LightCfg,
    pub today: NaiveDate,
    pub review: Review,
    /// The scope's name for the title ("逾期事项", "一、开办企业" …).
    pub scope_label: String,
    pub lang: crate::lang::Lang,
    /// The meeting's name being typed before a review is marked (`M`).
    pub naming: Option<String>,
    /// The current item as last computed (its id, its view), so drawing a
    /// frame does not judge the measure again.
    shown: Option<(String, ItemView)>,
}

impl ReviewScreen {
    pub fn open(
        plan: &Arc<Plan>,
        ledger: Ledger,
        cfg: LightCfg,
        today: NaiveDate,
        meeting: &str,
        scope: Scope,
        lang: crate::lang::Lang,
    ) -> Self {
        let items = crate::meeting::review::items(plan, &ledger, today, &scope);
        let scope_label = scope.label(plan, lang);
        ReviewScreen {
            lang,
            scope_label,
            review: Review::new(meeting, scope, items),
            plan: Arc::clone(plan),
            ledger,
            cfg,
            today,
            naming: None,
            shown: None,
        }
        .refreshed()
    }

    fn refreshed(mut self) -> Self {
        self.refresh();
        self
    }

    /// Computes the current item again; call after the position or the
    /// ledger changed.
    pub fn refresh(&mut self) {
        self.shown = self.review.current().and_then(|m| {
            view(&self.plan, &self.ledger, self.today, self.cfg, m).map(|v| (m.to_string(), v))
        });
    }

    /// The current item as the screen shows it: the one kept by
    /// [`Self::refresh`], or computed now if the position moved since.
    pub fn item(&self) -> Option<Cow<'_, ItemView>> {
        let m = self.review.current()?;
        match &self.shown {
            Some((id, v)) if id == m => Some(Cow::Borrowed(v)),
            _ => view(&self.plan, &self.ledger, self.today, self.cfg, m).map(Cow::Owned),
        }
    }
}

/// The meeting's name when none is given: "2022年1月调度会" for the as-of month.
pub fn default_meeting(today: NaiveDate) -> String {
    format!("{}年{}月调度会", today.year(), today.month())
}

/// What `R` reviews: the selected chapter in the plan view, the selected
/// department in the departments view, else the overdue items.
pub fn scope_for_selection(s: &AppState) -> Scope {
    use super::state::View;
    match s.view {
        View::Plan => s
            .board
            .chapters
            .get(s.navs[View::Plan.index()].panes[0].selected)
            .map_or(Scope::Overdue, |c| Scope::Chapter(c.number)),
        View::Departments => s
            .board
            .departments
            .get(s.navs[View::Departments.index()].panes[0].selected)
            .map_or(Scope::Overdue, |d| Scope::Dept(d.id.clone())),
        _ => Scope::Overdue,
    }
}

/// What `r` reviews: the overdue items, or the filtered department's open items.
pub fn scope_default(s: &AppState) -> Scope {
    match &s.filter.dept {
        Some(d) => Scope::Dept(d.clone()),
        None => Scope::Overdue,
    }
}

/// Runs a board action on the open review.
pub fn update(s: &mut AppState, action: Action) -> Vec<Effect> {
    // Decisions and marks are a coordinator's; a department may walk the
    // items but is told so at once. (An unknown user is refused when the
    // runtime writes, which resolves who it is from config.ron.)
    let department = matches!(s.edit.who, Some(crate::progress::Who::Dept(_)));
    if matches!(action, Action::ReviewDecide | Action::MarkReview) && department {
        s.notice = Some(super::state::Notice::CoordinatorOnly);
        return Vec::new();
    }
    let Some(rs) = s.review_mut() else {
        return Vec::new();
    };
    if rs.naming.is_some() {
        return name_prompt(rs, action);
    }
    let ra = match action {
        Action::MoveDown | Action::PageDown | Action::HalfPageDown => R::Next,
        Action::MoveUp | Action::PageUp | Action::HalfPageUp => R::Prev,
        Action::MoveTop => R::First,
        Action::MoveBottom => R::Last,
        Action::ReviewDecide => R::Decide,
        Action::ReviewSwitchField => R::SwitchField,
        Action::InsertChar(c) => R::Type(c),
        Action::DeleteChar => R::Backspace,
        Action::ConfirmInput => R::Submit,
        Action::CancelInput | Action::Back | Action::BackOrQuit => R::Cancel,
        Action::MarkReview => {
            rs.naming = Some(rs.review.meeting.clone());
            rs.review.message = None;
            return Vec::new();
        }
        _ => return Vec::new(),
    };
    let outcome = rs.review.update(ra, &rs.plan, &rs.ledger, rs.today);
    rs.refresh();
    match outcome {
        Outcome::Nothing => Vec::new(),
        Outcome::Save(edits) => vec![Effect::SaveDecision(edits)],
        Outcome::Close => {
            s.close_screen();
            Vec::new()
        }
    }
}

/// A meeting's name is a line in a title; a longer paste is cut here.
const MAX_NAME: usize = 100;

/// The one-line prompt for the meeting's name: the review is marked under
/// what is confirmed, and later decisions in this review carry that name.
fn name_prompt(rs: &mut ReviewScreen, action: Action) -> Vec<Effect> {
    let Some(name) = rs.naming.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::InsertChar(c) if !c.is_control() && name.chars().count() < MAX_NAME => name.push(c),
        Action::DeleteChar => {
            name.pop();
        }
        Action::ClearInput => name.clear(),
        Action::CancelInput | Action::Back => rs.naming = None,
        Action::ConfirmInput => {
            let typed = name.trim().to_string();
            // An empty name cannot be stored; the prompt says so and stays.
            if !typed.is_empty() {
                rs.naming = None;
                rs.review.meeting = typed;
                return vec![Effect::MarkReview];
            }
        }
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::meeting::review::Scope;

    fn screen() -> ReviewScreen {
        let plan = Arc::new(crate::plan::load_embedded().unwrap());
        let today = NaiveDate::from_ymd_opt(2022, 1, 10).unwrap();
        let mut rs = ReviewScreen::open(
            &plan,
            Ledger::default(),
            LightCfg::default(),
            today,
            &default_meeting(today),
            Scope::Overdue,
            Lang::Zh,
        );
        rs.naming = Some(rs.review.meeting.clone());
        rs
    }

    #[test]
    fn the_prompt_edits_the_default_and_confirms_the_trimmed_name() {
        let mut rs = screen();
        assert_eq!(rs.naming.as_deref(), Some("2022年1月调度会"));
        name_prompt(&mut rs, Action::DeleteChar);
        for c in " 专题 ".chars() {
            name_prompt(&mut rs, Action::InsertChar(c));
        }
        name_prompt(&mut rs, Action::InsertChar('\u{1b}'));
        assert_eq!(rs.naming.as_deref(), Some("2022年1月调度 专题 "));
        assert_eq!(
            name_prompt(&mut rs, Action::ConfirmInput),
            [Effect::MarkReview]
        );
        assert_eq!(rs.naming, None);
        assert_eq!(rs.review.meeting, "2022年1月调度 专题");
    }

    #[test]
    fn a_blank_name_stays_in_the_prompt_and_esc_keeps_the_old_name() {
        let mut rs = screen();
        name_prompt(&mut rs, Action::ClearInput);
        name_prompt(&mut rs, Action::InsertChar(' '));
        assert!(name_prompt(&mut rs, Action::ConfirmInput).is_empty());
        assert!(rs.naming.is_some());
        name_prompt(&mut rs, Action::InsertChar('x'));
        name_prompt(&mut rs, Action::CancelInput);
        assert_eq!(rs.naming, None);
        assert_eq!(rs.review.meeting, "2022年1月调度会");
    }

    #[test]
    fn a_long_paste_is_cut_at_the_limit() {
        let mut rs = screen();
        name_prompt(&mut rs, Action::ClearInput);
        for _ in 0..500 {
            name_prompt(&mut rs, Action::InsertChar('会'));
        }
        assert_eq!(rs.naming.as_ref().unwrap().chars().count(), MAX_NAME);
    }
}
