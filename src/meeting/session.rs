//! The board's meeting I/O, run by the terminal runtime for the effects the
//! review screen asks for: open a review (load the ledger), save a decision
//! (through [`Store::commit`], as the coordinator), mark a review (write a
//! snapshot). Failures are shown on the review screen; they never end the
//! board.

use chrono::Utc;

use super::LightCfg;
use super::review::Scope;
use super::snapshot::{Reviews, capture};
use crate::app::App;
use crate::app::review::{ReviewScreen, default_meeting};
use crate::progress::{Edit, Ledger, Store, Who, resolve_who};

/// The meeting's name: `DUBAN_MEETING` when set, else "YYYY年M月调度会".
fn meeting_name(app: &App) -> String {
    std::env::var("DUBAN_MEETING")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| default_meeting(app.ctx.today))
}

pub fn start(app: &mut App, scope: Scope) {
    let store = Store::open(&app.ctx.data_dir);
    let (ledger, mut problem) = match store.load(&app.ctx.plan) {
        Ok(l) => {
            let p = l.problems.first().map(|p| p.to_string());
            (l, p)
        }
        Err(e) => (Ledger::default(), Some(e.to_string())),
    };
    let cfg = match store.config() {
        Ok(c) => LightCfg::from_config(&c),
        Err(e) => {
            problem.get_or_insert(e.to_string());
            LightCfg::default()
        }
    };
    let name = meeting_name(app);
    let mut screen = ReviewScreen::open(
        &app.ctx.plan,
        ledger,
        cfg,
        app.ctx.today,
        &name,
        scope,
        app.ctx.lang,
    );
    screen.review.message = problem;
    app.state.review = Some(screen);
}

fn who(app: &App, store: &Store) -> Result<Who, String> {
    let config = store.config().map_err(|e| e.to_string())?;
    match resolve_who(
        &app.ctx.plan,
        &config,
        app.ctx.dept.as_deref(),
        app.ctx.coordinator.as_deref(),
    )? {
        Some(w @ Who::Coordinator(_)) => Ok(w),
        _ => Err("只有督办人员可以记录督办意见：以 --coordinator 姓名 启动 duban".into()),
    }
}

pub fn save(app: &mut App, edits: &[Edit]) {
    let store = Store::open(&app.ctx.data_dir);
    let result = who(app, &store).and_then(|w| {
        store
            .commit(&app.ctx.plan, edits, &w, Utc::now())
            .map_err(|e| e.to_string())
    });
    let Some(screen) = app.state.review.as_mut() else {
        return;
    };
    match result {
        Ok(c) => {
            screen.ledger = c.ledger;
            screen.review.saved(Ok(()));
        }
        Err(e) => screen.review.saved(Err(e)),
    }
}

pub fn mark(app: &mut App) {
    let Some(screen) = app.state.review.as_ref() else {
        return;
    };
    let by = app
        .ctx
        .coordinator
        .clone()
        .or_else(|| app.ctx.dept.clone())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".into());
    // The snapshot is of the ledger on disk now, not of what the screen loaded.
    let store = Store::open(&app.ctx.data_dir);
    let ledger = store
        .load(&app.ctx.plan)
        .unwrap_or_else(|_| screen.ledger.clone());
    let snap = capture(
        &app.ctx.plan,
        &ledger,
        app.ctx.today,
        screen.cfg,
        &screen.review.meeting,
        &by,
        Utc::now(),
    );
    let msg = match Reviews::open(&app.ctx.data_dir).save(&snap) {
        Ok((n, _)) => format!("已留档：第 {n:03} 次调度「{}」", snap.name),
        Err(e) => format!("留档失败：{e}"),
    };
    if let Some(s) = app.state.review.as_mut() {
        s.ledger = ledger;
        s.review.message = Some(msg);
    }
}

/// Computes the ranking from the ledger and history on disk and opens it.
pub fn scoreboard(app: &mut App) {
    use super::score;
    let store = Store::open(&app.ctx.data_dir);
    let plan = &app.ctx.plan;
    let today = app.ctx.today;
    let mut problem = None;
    let ledger = store.load(plan).unwrap_or_else(|e| {
        problem = Some(e.to_string());
        Ledger::default()
    });
    if let Some(p) = ledger.problems.first() {
        problem.get_or_insert(p.to_string());
    }
    let history = store.history().unwrap_or_default();
    let cfg = store
        .config()
        .map(|c| LightCfg::from_config(&c))
        .unwrap_or_default();
    let dd = score::done_dates(&history, today);
    app.state.scoreboard = Some(crate::app::scoreboard::ScoreboardScreen {
        lang: app.ctx.lang,
        as_of: today,
        rule: if app.ctx.lang == crate::cli::Lang::En {
            score::RULE_EN
        } else {
            score::RULE_ZH
        },
        rows: score::scoreboard(plan, &ledger, today, &dd, cfg),
        chapters: score::chapters(plan, &ledger, today),
        targets: score::targets(plan, &ledger),
        scroll: 0,
        problem,
    });
}

/// Diffs the newest review snapshot against the ledger on disk now and
/// opens the changes screen with the result.
pub fn changes(app: &mut App) {
    use super::changes::{Tally, by_chapter, diff, name_targets};
    use crate::app::changes::{ChangesScreen, Group, Item, Since};
    let store = Store::open(&app.ctx.data_dir);
    let plan = &app.ctx.plan;
    let today = app.ctx.today;
    let mut problem = None;
    let ledger = store.load(plan).unwrap_or_else(|e| {
        problem = Some(e.to_string());
        Ledger::default()
    });
    if let Some(p) = ledger.problems.first() {
        problem.get_or_insert(p.to_string());
    }
    let cfg = store
        .config()
        .map(|c| LightCfg::from_config(&c))
        .unwrap_or_default();
    let latest = Reviews::open(&app.ctx.data_dir)
        .latest()
        .unwrap_or_else(|e| {
            problem.get_or_insert(e);
            None
        });
    let (since, groups, tally) = match latest {
        None => (None, Vec::new(), Tally::default()),
        Some((number, before)) => {
            if before.plan != plan.doc.id {
                problem.get_or_insert(format!(
                    "review {number:03} was taken of plan {:?}, not {:?}",
                    before.plan, plan.doc.id
                ));
            }
            let now = capture(plan, &ledger, today, cfg, "now", "", Utc::now());
            let mut list = diff(&before, &now);
            name_targets(&mut list, plan);
            let dept_name = |id: &str| {
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
            };
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
                            dept_name: dept_name(&c.dept),
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
    app.state.changes = Some(ChangesScreen::new(
        app.ctx.lang,
        today,
        since,
        groups,
        tally,
        problem,
    ));
}
