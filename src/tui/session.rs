//! The board's meeting I/O, run by the terminal runtime for the effects the
//! review screen asks for: open a review (load the ledger), save a decision
//! (through [`Store::commit`], as the coordinator), mark a review (write a
//! snapshot). Failures are shown on the review screen; they never end the
//! board.
//!
//! Saving and marking come in three steps so the writing can run on the
//! runtime's save writer: `*_job` takes what the app holds (UI thread),
//! `run_*` does the I/O (writer thread), and `decided` / `marked` hand the
//! result back to the app (UI thread), which applies it with the pure
//! functions of [`crate::app::effects`]. The screens open the same way: this
//! module reads the files, the environment and the clock, and
//! [`crate::app::open`] builds the screen from what was read.

use chrono::Utc;

use crate::app::effects::{self, Decided, Marked};
use crate::app::open::{self, Basis, Read};
use crate::app::review::default_meeting;
use crate::lang::Lang;
use crate::meeting::LightCfg;
use crate::meeting::review::{Form, Scope};
use crate::meeting::snapshot::{NameRefused, Reviews, capture, new_mark_name};
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

fn basis(ctx: &Context) -> Basis<'_> {
    Basis {
        plan: &ctx.plan,
        today: ctx.today,
        lang: ctx.lang,
    }
}

/// The ledger and lights' settings on disk, and the first thing wrong with
/// them: a screen shows what it can and says what it could not read.
/// `cfg_problem`: whether an unreadable `config.ron` is worth saying.
fn read(store: &Store, plan: &crate::plan::Plan, lang: Lang, cfg_problem: bool) -> Read {
    let (ledger, mut problem) = match store.load(plan) {
        Ok(l) => {
            let p = l.problems.first().map(|p| p.brief(lang, plan));
            (l, p)
        }
        Err(e) => (Ledger::default(), Some(e.brief(lang, plan))),
    };
    let cfg = match store.config() {
        Ok(c) => LightCfg::from_config(&c),
        Err(e) => {
            if cfg_problem {
                problem.get_or_insert(e.brief(lang, plan));
            }
            LightCfg::default()
        }
    };
    Read {
        ledger,
        cfg,
        problem,
    }
}

/// Loads the ledger and opens the review screen on `scope`.
pub fn start(app: &mut App, scope: Scope) {
    let store = app.ctx.store();
    let r = read(&store, &app.ctx.plan, app.ctx.lang, true);
    let name = meeting_name(app);
    let ctx = app.ctx.clone();
    app.land(|s| open::review(s, &basis(&ctx), r, &name, scope));
}

fn who_of(ctx: &Context, store: &Store) -> Result<Who, String> {
    coordinator(ctx, store).map_err(|e| {
        e.unwrap_or_else(|| {
            ctx.lang
                .pick(
                    "只有督办人员可以记录督办意见：以 --coordinator 姓名 启动 duban",
                    "only a coordinator records decisions: start duban with --coordinator NAME",
                )
                .into()
        })
    })
}

/// The coordinator acting, or why not: `Err(None)` when the user is a
/// department or unknown, `Err(Some(why))` when the config cannot be read.
fn coordinator(ctx: &Context, store: &Store) -> Result<Who, Option<String>> {
    let config = store
        .config()
        .map_err(|e| Some(e.brief(ctx.lang, &ctx.plan)))?;
    match resolve_who(
        &ctx.plan,
        &config,
        ctx.dept.as_deref(),
        ctx.coordinator.as_deref(),
    )
    .map_err(Some)?
    {
        Some(w @ Who::Coordinator(_)) => Ok(w),
        _ => Err(None),
    }
}

/// A decision to save, with what the review showed when it was submitted:
/// the result may come back after the user has moved on.
pub struct DecisionJob {
    pub edits: Vec<Edit>,
    pub measure: Option<String>,
    pub form: Option<Form>,
}

/// What the review holds now for `edits`; the form stays open meanwhile.
pub fn decision_job(app: &mut App, edits: Vec<Edit>) -> DecisionJob {
    let saving = crate::ui::strings::strings(app.ctx.lang).saving(1);
    let (measure, form) = effects::decision_sent(&mut app.state, saving);
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
            .map_err(|e| e.brief(ctx.lang, &ctx.plan))
    });
    Decided {
        measure: job.measure,
        form: job.form,
        result,
    }
}

/// Reports a decision's save to the review screen.
pub fn decided(app: &mut App, d: Decided) {
    app.land(|s| effects::apply_decided(s, d));
}

/// A review snapshot to write: the meeting, and the screen's ledger to
/// fall back on when the one on disk cannot be read. Who marks it is
/// decided when it is written: only a coordinator does.
pub struct MarkJob {
    pub meeting: String,
    pub cfg: LightCfg,
    pub fallback: Ledger,
}

/// What marking the open review needs; `None` without one.
pub fn mark_job(app: &mut App) -> Option<MarkJob> {
    let saving = crate::ui::strings::strings(app.ctx.lang).saving(1);
    let (meeting, cfg, fallback) = effects::mark_sent(&mut app.state, saving)?;
    Some(MarkJob {
        meeting,
        cfg,
        fallback,
    })
}

/// Writes the snapshot (I/O; runs on the save writer), as a coordinator
/// and under a name no stored review carries yet.
pub fn run_mark(ctx: &Context, store: &Store, job: MarkJob) -> Marked {
    let refuse = |message: String| Marked {
        ledger: job.fallback.clone(),
        message,
    };
    let by = match coordinator(ctx, store) {
        Ok(Who::Coordinator(name)) => name,
        Ok(Who::Dept(_)) | Err(None) => {
            return refuse("只有督办人员可以调度会留档：以 --coordinator 姓名 启动 duban".into());
        }
        Err(Some(e)) => return refuse(format!("留档失败：{e}")),
    };
    let reviews = Reviews::open(&ctx.data_dir);
    let name = match reviews
        .list()
        .map_err(|e| format!("留档失败：{e}"))
        .and_then(|stored| {
            new_mark_name(&stored, &job.meeting).map_err(|e| match e {
                NameRefused::Taken { number, name } => {
                    format!("未留档：第 {number:03} 次调度已名为「{name}」，请换一个名称")
                }
                NameRefused::Bad(why) => format!("未留档：{why}"),
            })
        }) {
        Ok(n) => n,
        Err(m) => return refuse(m),
    };
    // The snapshot is of the ledger on disk now, not of what the screen loaded.
    let ledger = store.load(&ctx.plan).unwrap_or(job.fallback);
    let snap = capture(
        &ctx.plan,
        &ledger,
        ctx.today,
        job.cfg,
        &name,
        &by,
        Utc::now(),
    );
    let message = match reviews.save(&snap) {
        Ok((n, _)) => format!("已留档：第 {n:03} 次调度「{}」", snap.name),
        Err(e) => format!("留档失败：{e}"),
    };
    Marked { ledger, message }
}

/// Reports a mark to the review screen (or the status line).
pub fn marked(app: &mut App, m: Marked) {
    app.land(|s| effects::apply_marked(s, m));
}

/// Computes the ranking from the ledger and history on disk and opens it.
pub fn scoreboard(app: &mut App) {
    let store = app.ctx.store();
    let r = read(&store, &app.ctx.plan, app.ctx.lang, false);
    let history = store.history().unwrap_or_default();
    let ctx = app.ctx.clone();
    app.land(|s| open::scoreboard(s, &basis(&ctx), r, &history));
}

/// Diffs the newest review snapshot against the ledger on disk now and
/// opens the changes screen with the result.
pub fn changes(app: &mut App) {
    let store = app.ctx.store();
    let mut r = read(&store, &app.ctx.plan, app.ctx.lang, false);
    let latest = Reviews::open(&app.ctx.data_dir)
        .latest()
        .unwrap_or_else(|e| {
            r.problem.get_or_insert(e);
            None
        });
    let ctx = app.ctx.clone();
    app.land(|s| open::changes(s, &basis(&ctx), r, latest, Utc::now()));
}
