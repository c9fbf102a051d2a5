//! Carrying out the [`Effect`]s the app asks for: the I/O that the pure
//! `app` layer must not do (saving progress and decisions, marking reviews,
//! reading what the meeting screens show).
//!
//! Effects that write go to the save writer ([`super::saver`]) in the
//! board; [`apply`] runs them here and now instead, for callers without an
//! event loop (tests, scripted runs).

use super::saver::{self, Job, Now, Saver};
use crate::app::Effect;
use crate::app::progress::LedgerProgress;
use crate::app::reload;
use crate::ui::App;

/// Loads department progress from the data dir and hands it to the board.
/// A department ledger that cannot be read is listed in the ledger's
/// problems and shows no progress; only a data dir that cannot be read at
/// all stops the board, before the terminal is taken.
pub fn load_progress(app: &mut App) -> Result<(), String> {
    load_ledger(app)?;
    super::editing::identify(app);
    if super::recovery::offer(app) {
        load_ledger(app)?;
    }
    Ok(())
}

fn load_ledger(app: &mut App) -> Result<(), String> {
    let ledger = app.ctx.store().load(&app.ctx.plan).map_err(|e| {
        let (lang, dir) = (app.ctx.lang, app.ctx.data_dir.display());
        let e = e.say(lang, &app.ctx.plan);
        match lang {
            // The store's message names the path already.
            crate::lang::Lang::Zh => format!("无法读取进度：{e}"),
            crate::lang::Lang::En => format!("cannot read progress in {dir}: {e}"),
        }
    })?;
    let progress = LedgerProgress::new(&app.ctx.plan, ledger, app.ctx.today, app.ctx.lang);
    app.set_progress(Box::new(progress));
    Ok(())
}

/// What the event loop does after a batch of effects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// Where an effect is carried out.
enum Route {
    /// On the save writer, in order with the other writes.
    Write(Job),
    /// By the runtime itself (it only reads).
    Now(Now),
    Nothing,
}

/// Sorts an effect, taking from the app what its job needs now (who is
/// editing, the review form). The match is exhaustive on purpose: a new
/// effect fails to compile here until the runtime knows how to carry it out.
fn route(app: &mut App, effect: Effect) -> Route {
    let who = || app.state.edit.who.clone();
    match effect {
        Effect::Quit => Route::Now(Now::Quit),
        Effect::StartReview(scope) => Route::Now(Now::StartReview(scope)),
        Effect::OpenScoreboard => Route::Now(Now::OpenScoreboard),
        Effect::OpenChanges => Route::Now(Now::OpenChanges),
        Effect::SaveEdits(edits) => {
            let note = reload::take_note(&mut app.state, &edits);
            Route::Write(Job::Save {
                edits,
                who: app.state.edit.who.clone(),
                note,
            })
        }
        Effect::Undo => Route::Write(Job::Replay {
            undo: true,
            who: who(),
        }),
        Effect::Redo => Route::Write(Job::Replay {
            undo: false,
            who: who(),
        }),
        Effect::SaveDecision(edits) => {
            Route::Write(Job::Decision(super::session::decision_job(app, edits)))
        }
        Effect::MarkReview => {
            super::session::mark_job(app).map_or(Route::Nothing, |j| Route::Write(Job::Mark(j)))
        }
    }
}

/// Carries out an effect that only reads.
pub fn now(app: &mut App, now: Now) -> Flow {
    match now {
        Now::Quit => return Flow::Quit,
        Now::StartReview(scope) => super::session::start(app, scope),
        Now::OpenScoreboard => super::session::scoreboard(app),
        Now::OpenChanges => super::session::changes(app),
    }
    Flow::Continue
}

/// Runs effects in order, writes included, before returning.
pub fn apply(app: &mut App, effects: Vec<Effect>) -> Result<Flow, String> {
    let mut flow = Flow::Continue;
    for effect in effects {
        match route(app, effect) {
            Route::Write(job) => {
                let store = app.ctx.store();
                let mut kept = std::mem::take(&mut app.state.edit.pending);
                let done = saver::run(&app.ctx, &store, &mut kept, job);
                app.state.edit.pending = kept;
                if let Some(n) = saver::land(app, done, &mut true)
                    && now(app, n) == Flow::Quit
                {
                    flow = Flow::Quit;
                }
            }
            Route::Now(n) => {
                if now(app, n) == Flow::Quit {
                    flow = Flow::Quit;
                }
            }
            Route::Nothing => {}
        }
    }
    reload::forget_closed(&mut app.state);
    Ok(flow)
}

/// Hands effects to the save writer and carries out the rest. A read that
/// comes while saves are outstanding waits behind them on the writer, so it
/// sees what they wrote.
pub fn submit(app: &mut App, saver: &Saver, effects: Vec<Effect>) -> Flow {
    let mut flow = Flow::Continue;
    for effect in effects {
        match route(app, effect) {
            Route::Write(job) => saver.submit(app, job),
            Route::Now(Now::Quit) => flow = Flow::Quit,
            Route::Now(n) if app.state.saves.busy() => saver.submit(app, Job::After(n)),
            Route::Now(n) => {
                if now(app, n) == Flow::Quit {
                    flow = Flow::Quit;
                }
            }
            Route::Nothing => {}
        }
    }
    reload::forget_closed(&mut app.state);
    flow
}

/// Runs before the board exits on a signal or hang-up: see
/// [`super::recovery::forced_exit`].
pub fn before_forced_exit(app: &mut App, saver: &Saver) -> Result<(), String> {
    super::recovery::forced_exit(app, saver)
}

/// An error naming the edits still not on disk, if any, so that what was
/// typed is at least on the screen after the board has gone; they are also
/// kept in a recovery file, for the next start or `duban recover`.
pub fn unsaved(app: &App) -> Result<(), String> {
    super::recovery::keep_unsaved(app)
}
