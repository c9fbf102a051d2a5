//! The board's meeting I/O, run by the terminal runtime for the effects the
//! review screen asks for: open a review (load the ledger), save a decision
//! (through [`Store::commit`], as the coordinator), mark a review (write a
//! snapshot). Failures are shown on the review screen; they never end the
//! board.
//!
//! Saving and marking come in three steps so the writing can run on the
//! runtime's save writer: `*_job` takes what the app holds (UI thread),
//! `run_*` does the I/O (writer thread), and `decided` / `marked` hand the
//! result back to the app (UI thread).

use chrono::Utc;

use crate::app::review::{ReviewScreen, default_meeting};
use crate::meeting::LightCfg;
use crate::meeting::review::{Form, Scope};
use crate::meeting::snapshot::{Reviews, capture};
use crate::progress::Context;
use crate::progress::{Edit, Ledger, Store, Who, resolve_who};
use crate::ui::App;

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

fn who_of(ctx: &Context, store: &Store) -> Result<Who, String> {
    let config = store.config().map_err(|e| e.to_string())?;
    match resolve_who(
        &ctx.plan,
        &config,
        ctx.dept.as_deref(),
        ctx.coordinator.as_deref(),
    )? {
        Some(w @ Who::Coordinator(_)) => Ok(w),
        _ => Err("只有督办人员可以记录督办意见：以 --coordinator 姓名 启动 duban".into()),
    }
}

/// A decision to save, with what the review showed when it was submitted:
/// the result may come back after the user has moved on.
pub struct DecisionJob {
    pub edits: Vec<Edit>,
    pub measure: Option<String>,
    pub form: Option<Form>,
}

/// How a decision's save went.
pub struct Decided {
    pub measure: Option<String>,
    pub form: Option<Form>,
    /// The fresh ledger, or why nothing was saved.
    pub result: Result<Ledger, String>,
}

/// What the review holds now for `edits`; the form stays open meanwhile.
pub fn decision_job(app: &mut App, edits: Vec<Edit>) -> DecisionJob {
    let saving = crate::ui::strings::strings(app.ctx.lang).saving(1);
    let screen = app.state.review.as_mut();
    let (measure, form) = screen.map_or((None, None), |s| {
        s.review.message = Some(saving);
        (
            s.review.current().map(str::to_string),
            s.review.form.clone(),
        )
    });
    DecisionJob {
        edits,
        measure,
        form,
    }
}

/// Commits a decision as the coordinator (I/O; runs on the save writer).
pub fn run_decision(ctx: &Context, store: &Store, job: DecisionJob) -> Decided {
    let result = who_of(ctx, store).and_then(|w| {
        store
            .commit(&ctx.plan, &job.edits, &w, Utc::now())
            .map(|c| c.ledger)
            .map_err(|e| e.to_string())
    });
    Decided {
        measure: job.measure,
        form: job.form,
        result,
    }
}

/// The decision typed in `a` is the one in `b` (the error shown aside).
fn same_decision(a: &Form, b: &Form) -> bool {
    a.opinion == b.opinion && a.date == b.date
}

/// Reports a decision's save to the review screen. On the item it was made
/// on, with the form as submitted, this is [`Review::saved`]; a form the
/// user changed meanwhile is left open, and a failure after the form was
/// closed opens it again with what was typed, so nothing typed is lost.
///
/// [`Review::saved`]: crate::meeting::review::Review::saved
pub fn decided(app: &mut App, d: Decided) {
    let Some(screen) = app.state.review.as_mut() else {
        if let Err(e) = d.result {
            app.state.edit.message = Some(format!("督办意见未保存：{e}"));
        }
        return;
    };
    let review = &mut screen.review;
    review.message = None;
    let here = d.measure.is_some() && review.current() == d.measure.as_deref();
    match d.result {
        Ok(ledger) => {
            screen.ledger = ledger;
            let unchanged = match (&review.form, &d.form) {
                (Some(now), Some(sent)) => same_decision(now, sent),
                _ => false,
            };
            if here && unchanged {
                review.saved(Ok(()));
            } else {
                review.decided.extend(d.measure);
                review.message = Some("督办意见已保存".into());
            }
        }
        Err(e) if here && review.form.is_some() => review.saved(Err(e)),
        Err(e) if here => {
            review.form = d.form.map(|f| Form {
                error: Some(e.clone()),
                ..f
            });
            if review.form.is_none() {
                review.message = Some(format!("督办意见未保存：{e}"));
            }
        }
        Err(e) => review.message = Some(format!("督办意见未保存：{e}")),
    }
}

/// A review snapshot to write: the meeting, who marks it, and the screen's
/// ledger to fall back on when the one on disk cannot be read.
pub struct MarkJob {
    pub meeting: String,
    pub by: String,
    pub cfg: LightCfg,
    pub fallback: Ledger,
}

pub struct Marked {
    pub ledger: Ledger,
    pub message: String,
}

/// What marking the open review needs; `None` without one.
pub fn mark_job(app: &mut App) -> Option<MarkJob> {
    let by = app
        .ctx
        .coordinator
        .clone()
        .or_else(|| app.ctx.dept.clone())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".into());
    let saving = crate::ui::strings::strings(app.ctx.lang).saving(1);
    let screen = app.state.review.as_mut()?;
    screen.review.message = Some(saving);
    Some(MarkJob {
        meeting: screen.review.meeting.clone(),
        by,
        cfg: screen.cfg,
        fallback: screen.ledger.clone(),
    })
}

/// Writes the snapshot (I/O; runs on the save writer).
pub fn run_mark(ctx: &Context, store: &Store, job: MarkJob) -> Marked {
    // The snapshot is of the ledger on disk now, not of what the screen loaded.
    let ledger = store.load(&ctx.plan).unwrap_or(job.fallback);
    let snap = capture(
        &ctx.plan,
        &ledger,
        ctx.today,
        job.cfg,
        &job.meeting,
        &job.by,
        Utc::now(),
    );
    let message = match Reviews::open(&ctx.data_dir).save(&snap) {
        Ok((n, _)) => format!("已留档：第 {n:03} 次调度「{}」", snap.name),
        Err(e) => format!("留档失败：{e}"),
    };
    Marked { ledger, message }
}

pub fn marked(app: &mut App, m: Marked) {
    match app.state.review.as_mut() {
        Some(s) => {
            s.ledger = m.ledger;
            s.review.message = Some(m.message);
        }
        None => app.state.edit.message = Some(m.message),
    }
}

/// The ledger on disk for a meeting screen, and the first thing wrong with
/// it: a screen shows what it can and says what it could not read.
fn ledger_or_problem(store: &Store, plan: &crate::plan::Plan) -> (Ledger, Option<String>) {
    match store.load(plan) {
        Ok(l) => {
            let problem = l.problems.first().map(|p| p.to_string());
            (l, problem)
        }
        Err(e) => (Ledger::default(), Some(e.to_string())),
    }
}

/// Computes the ranking from the ledger and history on disk and opens it.
pub fn scoreboard(app: &mut App) {
    use crate::meeting::score;
    let store = Store::open(&app.ctx.data_dir);
    let plan = &app.ctx.plan;
    let today = app.ctx.today;
    let (ledger, problem) = ledger_or_problem(&store, plan);
    let history = store.history().unwrap_or_default();
    let cfg = store
        .config()
        .map(|c| LightCfg::from_config(&c))
        .unwrap_or_default();
    let dd = score::done_dates(&history, today);
    app.state.scoreboard = Some(crate::app::scoreboard::ScoreboardScreen {
        lang: app.ctx.lang,
        as_of: today,
        rule: if app.ctx.lang == crate::lang::Lang::En {
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
    use crate::app::changes::{ChangesScreen, Group, Item, Since};
    use crate::meeting::changes::{Tally, by_chapter, diff, name_targets};
    let store = Store::open(&app.ctx.data_dir);
    let plan = &app.ctx.plan;
    let today = app.ctx.today;
    let (ledger, mut problem) = ledger_or_problem(&store, plan);
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
