//! Building the meeting screens from what the runtime read: the ledger,
//! the lights' settings, the history and the newest review snapshot come in
//! as plain data (the runtime does the reading, the clock and the
//! environment); what the screen shows of them is decided here.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::changes::{ChangesScreen, Group, Item, Since};
use super::review::ReviewScreen;
use super::scoreboard::ScoreboardScreen;
use super::screen::Screen;
use super::state::AppState;
use crate::lang::Lang;
use crate::meeting::LightCfg;
use crate::meeting::changes::{Tally, by_chapter, diff, name_targets};
use crate::meeting::review::Scope;
use crate::meeting::score;
use crate::meeting::snapshot::{Snapshot, capture};
use crate::plan::Plan;
use crate::progress::{History, Ledger};

/// What every meeting screen is computed from.
pub struct Basis<'a> {
    pub plan: &'a Arc<Plan>,
    pub today: NaiveDate,
    pub lang: Lang,
}

/// What a meeting screen read from disk: the ledger and lights' settings
/// (defaults where unreadable) and the first thing wrong with them.
pub struct Read {
    pub ledger: Ledger,
    pub cfg: LightCfg,
    pub problem: Option<String>,
}

/// Opens the review screen on `scope` under the meeting `name`.
pub fn review(s: &mut AppState, at: &Basis, read: Read, name: &str, scope: Scope) {
    let mut screen = ReviewScreen::open(
        at.plan,
        read.ledger,
        read.cfg,
        at.today,
        name,
        scope,
        at.lang,
    );
    screen.review.message = read.problem;
    s.screen = Screen::Review(Box::new(screen));
}

/// Opens the department ranking computed from the ledger and history.
/// Opened again over itself (after another process saved), it keeps its
/// scroll position.
pub fn scoreboard(s: &mut AppState, at: &Basis, read: Read, history: &History) {
    let plan = at.plan;
    let dd = score::done_dates(history, at.today);
    let scroll = s.scoreboard().map_or(0, |sb| sb.scroll);
    s.screen = Screen::Scoreboard(Box::new(ScoreboardScreen {
        lang: at.lang,
        as_of: at.today,
        rule: if at.lang == Lang::En {
            score::RULE_EN
        } else {
            score::RULE_ZH
        },
        rows: score::scoreboard(plan, &read.ledger, at.today, &dd, read.cfg),
        chapters: score::chapters(plan, &read.ledger, at.today),
        targets: score::targets(plan, &read.ledger),
        scroll,
        problem: read.problem,
    }));
}

/// Opens the changes screen: the newest review snapshot (`latest`, with
/// its number) against the ledger as it is at `now`.
pub fn changes(
    s: &mut AppState,
    at: &Basis,
    read: Read,
    latest: Option<(u32, Snapshot)>,
    now: DateTime<Utc>,
) {
    let plan = at.plan;
    let mut problem = read.problem;
    let (since, groups, tally) = match latest {
        None => (None, Vec::new(), Tally::default()),
        Some((number, before)) => {
            if before.plan != plan.doc.id {
                problem.get_or_insert(format!(
                    "review {number:03} was taken of plan {:?}, not {:?}",
                    before.plan, plan.doc.id
                ));
            }
            let after = capture(plan, &read.ledger, at.today, read.cfg, "now", "", now);
            let mut list = diff(&before, &after);
            name_targets(&mut list, plan);
            let groups = by_chapter(&list)
                .into_iter()
                .map(|(ch, cs)| Group {
                    label: plan
                        .chapters
                        .iter()
                        .find(|c| c.number == ch)
                        .map_or_else(|| ch.to_string(), |c| format!("{}、{}", c.numeral, c.title)),
                    items: cs
                        .into_iter()
                        .map(|c| Item {
                            measure: c.measure.clone(),
                            title: plan
                                .measure(&c.measure)
                                .map_or_else(String::new, |m| m.title.clone()),
                            dept_name: dept_name(plan, &c.dept),
                            kind: c.kind.clone(),
                        })
                        .collect(),
                })
                .collect();
            let since = Since {
                number,
                name: before.name,
                as_of: before.as_of,
                taken: before.taken,
            };
            (Some(since), groups, Tally::of(&list))
        }
    };
    s.screen = Screen::Changes(Box::new(ChangesScreen::new(
        at.lang, at.today, since, groups, tally, problem,
    )));
}

/// A department by its short name, else its full name, else its id.
fn dept_name(plan: &Plan, id: &str) -> String {
    plan.departments
        .iter()
        .find(|d| d.id == id)
        .map_or(id, |d| {
            if d.short.is_empty() {
                &d.name
            } else {
                &d.short
            }
        })
        .to_string()
}
