//! The "changes since the last review" screen (自上次调度以来的变化): what
//! moved between the newest review snapshot and now, grouped per chapter and
//! measure. The diff is computed by [`crate::meeting::changes`] when the
//! screen opens (the runtime reads the snapshot); here it is only held,
//! walked and scrolled, and Enter shows the selected measure in the plan.

use chrono::{DateTime, NaiveDate, Utc};

use super::Effect;
use super::action::Action;
use super::state::{AppState, View, visible_offset};
use crate::meeting::changes::{Kind, Tally};

/// The snapshot compared against.
#[derive(Debug, Clone, PartialEq)]
pub struct Since {
    pub number: u32,
    pub name: String,
    pub as_of: NaiveDate,
    pub taken: DateTime<Utc>,
}

/// One change, with the names to show it by.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub measure: String,
    pub title: String,
    pub dept_name: String,
    pub kind: Kind,
}

/// The changes of one chapter, in plan order.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// "一、开办企业"
    pub label: String,
    pub items: Vec<Item>,
}

/// A line of the list: a chapter heading, a measure heading, or a change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Row<'a> {
    Chapter(&'a Group),
    Measure(&'a Item),
    /// The change and its index among all changes (what `selected` counts).
    Change(usize, &'a Item),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChangesScreen {
    pub lang: crate::lang::Lang,
    pub as_of: NaiveDate,
    /// `None`: no review has been marked yet.
    pub since: Option<Since>,
    pub groups: Vec<Group>,
    pub tally: Tally,
    /// Why the figures may be incomplete (a ledger or snapshot that could
    /// not be read).
    pub problem: Option<String>,
    /// Index of the selected change.
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
    /// Rows the list shows, kept in step with the terminal by the ui.
    pub page: usize,
}

impl ChangesScreen {
    pub fn new(
        lang: crate::lang::Lang,
        as_of: NaiveDate,
        since: Option<Since>,
        groups: Vec<Group>,
        tally: Tally,
        problem: Option<String>,
    ) -> Self {
        ChangesScreen {
            lang,
            as_of,
            since,
            groups,
            tally,
            problem,
            selected: 0,
            offset: 0,
            page: 10,
        }
    }

    pub fn len(&self) -> usize {
        self.groups.iter().map(|g| g.items.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every row in order; a measure heading comes before its first change.
    pub fn rows(&self) -> Vec<Row<'_>> {
        let mut out = Vec::new();
        let mut n = 0;
        for g in &self.groups {
            out.push(Row::Chapter(g));
            let mut last: Option<&str> = None;
            for it in &g.items {
                if last != Some(it.measure.as_str()) {
                    out.push(Row::Measure(it));
                    last = Some(&it.measure);
                }
                out.push(Row::Change(n, it));
                n += 1;
            }
        }
        out
    }

    pub fn selected_item(&self) -> Option<&Item> {
        self.groups.iter().flat_map(|g| &g.items).nth(self.selected)
    }

    /// Keeps the selection on screen, with the headings just above it
    /// when they fit.
    pub fn follow(&mut self, page: usize) {
        self.page = page.max(1);
        let rows = self.rows();
        let total = rows.len();
        let Some(at) = rows
            .iter()
            .position(|r| matches!(r, Row::Change(i, _) if *i == self.selected))
        else {
            self.offset = 0;
            return;
        };
        let mut top = at;
        while top > 0 && !matches!(rows[top - 1], Row::Change(..)) && at - (top - 1) < self.page {
            top -= 1;
        }
        let offset = visible_offset(top, self.offset, self.page);
        self.offset = visible_offset(at, offset, self.page).min(total.saturating_sub(self.page));
    }
}

pub fn update(s: &mut AppState, action: Action) -> Vec<Effect> {
    let Some(c) = s.changes_mut() else {
        return Vec::new();
    };
    let last = c.len().saturating_sub(1);
    let page = c.page.max(1);
    match action {
        Action::MoveDown => c.selected = (c.selected + 1).min(last),
        Action::MoveUp => c.selected = c.selected.saturating_sub(1),
        Action::PageDown => c.selected = (c.selected + page).min(last),
        Action::PageUp => c.selected = c.selected.saturating_sub(page),
        Action::HalfPageDown => c.selected = (c.selected + page / 2).min(last),
        Action::HalfPageUp => c.selected = c.selected.saturating_sub(page / 2),
        Action::MoveTop => c.selected = 0,
        Action::MoveBottom => c.selected = last,
        Action::DrillIn => {
            if let Some(m) = c.selected_item().map(|i| i.measure.clone()) {
                s.close_screen();
                show_measure(s, &m);
            }
            return Vec::new();
        }
        Action::Back | Action::BackOrQuit | Action::CancelInput | Action::ShowChanges => {
            s.close_screen();
            return Vec::new();
        }
        _ => return Vec::new(),
    }
    let page = c.page;
    c.follow(page);
    Vec::new()
}

/// Selects `measure` in the plan view, clearing filters that hide it.
pub fn show_measure(s: &mut AppState, measure: &str) {
    let Some(m) = s
        .board
        .measures
        .iter()
        .position(|e| e.measure.id == measure)
    else {
        return;
    };
    let chapter = s.board.measures[m].chapter;
    let find = |s: &AppState| {
        super::lists::plan_measures(s, chapter)
            .iter()
            .position(|&x| x == m)
    };
    let pos = match find(s) {
        Some(p) => p,
        None => {
            s.filter = Default::default();
            match find(s) {
                Some(p) => p,
                None => return,
            }
        }
    };
    s.view = View::Plan;
    let nav = s.nav_mut();
    super::update::set_selected(nav, 0, chapter);
    super::update::set_selected(nav, 1, pos);
    nav.panes[2] = Default::default();
    nav.focus = 1;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::progress::Status;

    fn item(m: &str, dept: &str) -> Item {
        Item {
            measure: m.into(),
            title: format!("措施{m}"),
            dept_name: dept.into(),
            kind: Kind::StatusMove {
                from: Status::NotStarted,
                to: Status::InProgress,
            },
        }
    }

    fn screen() -> ChangesScreen {
        ChangesScreen::new(
            Lang::Zh,
            NaiveDate::from_ymd_opt(2022, 1, 10).unwrap(),
            None,
            vec![
                Group {
                    label: "一、开办".into(),
                    items: vec![
                        item("1.1", "tax"),
                        item("1.1", "market"),
                        item("1.2", "tax"),
                    ],
                },
                Group {
                    label: "二、纳税".into(),
                    items: vec![item("2.1", "tax")],
                },
            ],
            Tally::default(),
            None,
        )
    }

    #[test]
    fn rows_put_headings_before_their_changes() {
        let s = screen();
        let kinds: Vec<String> = s
            .rows()
            .iter()
            .map(|r| match r {
                Row::Chapter(g) => format!("C{}", g.label),
                Row::Measure(i) => format!("M{}", i.measure),
                Row::Change(n, i) => format!("{n}:{}", i.dept_name),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "C一、开办",
                "M1.1",
                "0:tax",
                "1:market",
                "M1.2",
                "2:tax",
                "C二、纳税",
                "M2.1",
                "3:tax"
            ]
        );
        assert_eq!(s.len(), 4);
    }

    #[test]
    fn following_the_selection_shows_its_headings() {
        let mut s = screen();
        s.selected = 3;
        s.follow(3);
        // Rows 6..9: the chapter and measure headings, then change 3.
        assert_eq!(s.offset, 6);
        s.selected = 0;
        s.follow(3);
        assert_eq!(s.offset, 0);
        // A page of one row shows the change itself.
        s.selected = 2;
        s.follow(1);
        assert_eq!(s.offset, 5);
    }
}
