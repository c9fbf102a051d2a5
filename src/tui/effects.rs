//! Carrying out the [`Effect`]s the app asks for. This is where I/O that the
//! pure `app` layer must not do (saving progress, exporting) is plugged in.

use crate::app::progress::LedgerProgress;
use crate::app::{App, Effect};
use crate::progress::Store;

/// Loads department progress from the data dir and hands it to the board.
/// A department ledger that cannot be read is listed in the ledger's
/// problems and shows no progress; only a data dir that cannot be read at
/// all stops the board, before the terminal is taken.
pub fn load_progress(app: &mut App) -> Result<(), String> {
    let ledger = Store::open(&app.ctx.data_dir)
        .load(&app.ctx.plan)
        .map_err(|e| {
            format!(
                "cannot read progress in {}: {e}",
                app.ctx.data_dir.display()
            )
        })?;
    let progress = LedgerProgress::new(&app.ctx.plan, ledger, app.ctx.today, app.ctx.lang);
    app.set_progress(Box::new(progress));
    super::editing::identify(app);
    Ok(())
}

/// What the event loop does after a batch of effects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// Runs effects in order. The match is exhaustive on purpose: a new effect
/// fails to compile here until the runtime knows how to carry it out.
pub fn apply(app: &mut App, effects: Vec<Effect>) -> Result<Flow, String> {
    let mut flow = Flow::Continue;
    for effect in effects {
        match effect {
            Effect::Quit => flow = Flow::Quit,
            Effect::StartReview(scope) => crate::meeting::session::start(app, scope),
            Effect::SaveDecision(edits) => crate::meeting::session::save(app, &edits),
            Effect::MarkReview => crate::meeting::session::mark(app),
            Effect::OpenScoreboard => crate::meeting::session::scoreboard(app),
            Effect::OpenChanges => crate::meeting::session::changes(app),
            Effect::SaveEdits(edits) => super::editing::save(app, edits),
            Effect::Undo => super::editing::replay(app, true),
            Effect::Redo => super::editing::replay(app, false),
        }
    }
    Ok(flow)
}

/// Runs before the board exits on a signal or hang-up: whatever the app
/// still holds (a field being typed) must reach disk before the process
/// ends: edits a failed save kept are tried once more.
pub fn before_forced_exit(app: &mut App) -> Result<(), String> {
    let pending: Vec<Effect> = if app.state.edit.pending.is_empty() {
        Vec::new()
    } else {
        vec![Effect::SaveEdits(Vec::new())]
    };
    apply(app, pending).map(|_| ())
}
