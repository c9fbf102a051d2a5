//! The save writer: one thread that carries out, in the order they were
//! asked for, every effect that writes the data dir (edits, undo/redo,
//! meeting decisions, review snapshots). A save can wait up to 5 s for
//! another process's lock, and longer on a slow disk; on the writer the
//! board keeps drawing and taking keys meanwhile.
//!
//! One thread, one queue: an undo runs after the save it undoes, and edits
//! a failed save kept go out ahead of the next save's (the writer holds them
//! in `kept`, and every outcome reports them back to the app). Each outcome
//! is followed by a byte on a socket pair the event loop polls, so it wakes
//! when a result arrives and sleeps otherwise.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;
use std::time::Instant;

use super::editing;
use super::session::{self, DecisionJob, MarkJob};
use crate::app::effects::{Decided, Marked, Saved};
use crate::app::reload::{self, Reloaded};
use crate::meeting::review::Scope;
use crate::progress::Context;
use crate::progress::{Edit, Store, Who};
use crate::ui::App;

/// Work for the writer. `who` is the editor as the app knew it when the
/// effect was asked for.
pub enum Job {
    /// Commit these edits after those failed saves kept.
    Save {
        edits: Vec<Edit>,
        who: Option<Who>,
        /// Said after the save's message (the entry changed under the form).
        note: Option<String>,
    },
    /// Undo (`true`) or redo the user's last save.
    Replay {
        undo: bool,
        who: Option<Who>,
    },
    /// Before the board exits: retry what failed saves kept, if anything.
    Flush {
        who: Option<Who>,
    },
    Decision(DecisionJob),
    Mark(MarkJob),
    /// Writes nothing: comes back as soon as every job queued before it has
    /// landed, so what it opens reads the data dir after those saves.
    After(Now),
    /// Reads the ledger again after other processes saved; writes nothing.
    /// On the writer, so it sees every save queued before it and lands
    /// before any queued after it.
    Reload,
}

/// Effects that read, never write; the runtime carries them out itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Now {
    Quit,
    StartReview(Scope),
    OpenScoreboard,
    OpenChanges,
}

/// A job's outcome, for [`land`].
pub enum Done {
    Edits(Saved),
    Decision(Decided),
    Mark(Marked),
    After(Now),
    Reloaded(Reloaded),
}

/// Carries out one job. Runs on the writer thread, or on the caller's for
/// the synchronous path ([`super::effects::apply`]).
pub fn run(ctx: &Context, store: &Store, kept: &mut Vec<Edit>, job: Job) -> Done {
    match job {
        Job::Save { edits, who, note } => {
            let mut saved = editing::commit(ctx, store, kept, edits, who.as_ref());
            if let (Some(n), Some(m)) = (note, saved.message.as_mut()) {
                m.push_str(&n);
            }
            Done::Edits(saved)
        }
        Job::Replay { undo, who } => {
            Done::Edits(editing::replay(ctx, store, kept, who.as_ref(), undo))
        }
        Job::Flush { who } => Done::Edits(editing::flush(ctx, store, kept, who.as_ref())),
        Job::Decision(d) => Done::Decision(session::run_decision(ctx, store, d)),
        Job::Mark(m) => Done::Mark(session::run_mark(ctx, store, m)),
        Job::After(now) => Done::After(now),
        Job::Reload => Done::Reloaded(Reloaded {
            ledger: store
                .load(&ctx.plan)
                .map_err(|e| e.brief(ctx.lang, &ctx.plan)),
        }),
    }
}

/// Hands an outcome to the app; an [`Done::After`] comes back for the
/// runtime to carry out. `changed`: whether the board must be drawn again
/// (a reload that found nothing new leaves it as it is).
pub fn land(app: &mut App, done: Done, changed: &mut bool) -> Option<Now> {
    *changed = true;
    match done {
        Done::Reloaded(r) => {
            let ctx = app.ctx.clone();
            let mut any = false;
            app.land(|s| any = reload::apply_reloaded(s, &ctx, r));
            *changed = any;
            // The ranking is figured from the ledger and the history when it
            // opens; a meeting watching it sees another office's save too.
            if any && app.state.scoreboard().is_some() {
                return Some(Now::OpenScoreboard);
            }
        }
        Done::Edits(s) => editing::land(app, s),
        Done::Decision(d) => session::decided(app, d),
        Done::Mark(m) => session::marked(app, m),
        Done::After(now) => return Some(now),
    }
    None
}

/// What [`Saver::collect`] landed.
#[derive(Default)]
pub struct Collected {
    pub due: Vec<Now>,
    pub gone: bool,
    pub redraw: bool,
    /// Reloads that came back.
    pub reloads: usize,
}

/// The runtime's handle on the writer thread. The count of jobs not yet
/// landed lives in the app (`state.saves`), where the status line reads it.
pub struct Saver {
    jobs: Sender<Job>,
    done: Receiver<Done>,
    wake: UnixStream,
    /// The edits of each job sent and not yet landed, in order (empty for
    /// jobs that carry none): what a forced exit must not lose.
    inflight: RefCell<VecDeque<Vec<Edit>>>,
}

impl Saver {
    /// Starts the writer with the edits the app still holds unsaved.
    pub fn spawn(app: &App) -> io::Result<Saver> {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (done_tx, done) = mpsc::channel::<Done>();
        let (wake, notify) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        // A full socket buffer already means "wake up"; the writer never
        // waits on the event loop.
        notify.set_nonblocking(true)?;
        let ctx = app.ctx.clone();
        let mut kept = app.state.edit.pending.clone();
        thread::Builder::new()
            .name("duban-saver".into())
            .spawn(move || {
                let store = ctx.store();
                for job in job_rx {
                    let out = run(&ctx, &store, &mut kept, job);
                    if done_tx.send(out).is_err() {
                        return;
                    }
                    let _ = (&notify).write(&[1]);
                }
            })?;
        Ok(Saver {
            jobs,
            done,
            wake,
            inflight: RefCell::default(),
        })
    }

    /// Queues a job and counts it as outstanding. Should the writer be gone
    /// (it panicked), the job runs here instead: late is better than lost.
    pub fn submit(&self, app: &mut App, job: Job) {
        let edits = match &job {
            Job::Save { edits, .. } => edits.clone(),
            Job::Decision(d) => d.edits.clone(),
            _ => Vec::new(),
        };
        match self.jobs.send(job) {
            Ok(()) => {
                self.inflight.borrow_mut().push_back(edits);
                app.state.saves.queued()
            }
            Err(mpsc::SendError(job)) => {
                let store = app.ctx.store();
                let mut kept = std::mem::take(&mut app.state.edit.pending);
                let done = run(&app.ctx, &store, &mut kept, job);
                app.state.edit.pending = kept;
                if let Some(now) = land(app, done, &mut true) {
                    // Nothing is outstanding on a dead writer.
                    let _ = super::effects::now(app, now);
                }
            }
        }
    }

    /// Queues a reload. It is not a save: the status line does not count
    /// it. Should the writer be gone, it runs here.
    pub fn reload(&self, app: &mut App) -> bool {
        match self.jobs.send(Job::Reload) {
            Ok(()) => false,
            Err(mpsc::SendError(job)) => {
                let store = app.ctx.store();
                let done = run(&app.ctx, &store, &mut Vec::new(), job);
                let mut changed = false;
                land(app, done, &mut changed);
                changed
            }
        }
    }

    /// Readable when an outcome has arrived.
    pub fn wake_fd(&self) -> impl AsFd + '_ {
        &self.wake
    }

    /// Lands every outcome that has arrived. Returns the deferred effects
    /// now due, whether the writer has gone away (it panicked: its socket
    /// then reads as closed, and polling it would spin), and whether the
    /// board must be drawn again.
    pub fn collect(&self, app: &mut App) -> Collected {
        let mut buf = [0u8; 64];
        while matches!((&self.wake).read(&mut buf), Ok(n) if n > 0) {}
        let mut out = Collected::default();
        loop {
            match self.done.try_recv() {
                Ok(done) => {
                    if matches!(done, Done::Reloaded(_)) {
                        out.reloads += 1;
                    } else {
                        self.landed(app);
                    }
                    let mut changed = false;
                    out.due.extend(land(app, done, &mut changed));
                    out.redraw |= changed;
                }
                Err(TryRecvError::Empty) => return out,
                Err(TryRecvError::Disconnected) => {
                    out.gone = true;
                    return out;
                }
            }
        }
    }

    /// One job (not a reload) has landed.
    fn landed(&self, app: &mut App) {
        self.inflight.borrow_mut().pop_front();
        app.state.saves.landed();
    }

    /// The edits of jobs sent and not landed yet, in the order sent.
    pub fn unlanded(&self) -> Vec<Edit> {
        self.inflight.borrow().iter().flatten().cloned().collect()
    }

    /// Blocks until every outstanding job has landed (exit paths, where
    /// nothing is drawn any more). Deferred effects are dropped: the board
    /// is ending.
    pub fn wait_all(&self, app: &mut App) {
        self.wait_until(app, None);
    }

    /// [`Saver::wait_all`], giving up at `deadline`; whether all landed.
    pub fn wait_until(&self, app: &mut App, deadline: Option<Instant>) -> bool {
        while app.state.saves.busy() {
            let done = match deadline {
                None => self.done.recv().ok(),
                Some(d) => self
                    .done
                    .recv_timeout(d.saturating_duration_since(Instant::now()))
                    .ok(),
            };
            let Some(done) = done else {
                return false;
            };
            if !matches!(done, Done::Reloaded(_)) {
                self.landed(app);
            }
            land(app, done, &mut false);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::progress::{Op, Status};

    fn app(dir: &std::path::Path) -> App {
        let plan = crate::plan::load_embedded().expect("embedded plan");
        let ctx = Context {
            plan: plan.into(),
            data_dir: dir.to_path_buf(),
            today: chrono::NaiveDate::from_ymd_opt(2021, 9, 1).unwrap(),
            dept: Some("approval".into()),
            lang: Lang::En,
            coordinator: None,
            user: None,
        };
        let mut app = App::new(ctx, 80, 24);
        super::super::effects::load_progress(&mut app).unwrap();
        app
    }

    fn status_edit(app: &App, status: Status) -> Edit {
        let m = app.ctx.plan.chapters[0].measures[0].id.clone();
        Edit::new(m, "approval", Op::SetStatus(status))
    }

    fn wait(saver: &Saver, app: &mut App) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while app.state.saves.busy() {
            assert!(std::time::Instant::now() < deadline, "saves never landed");
            let c = saver.collect(app);
            assert!(!c.gone, "the writer went away");
            thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    #[test]
    fn jobs_run_in_order_and_land_with_the_fresh_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path());
        let saver = Saver::spawn(&app).unwrap();
        let who = app.state.edit.who.clone();
        let edits =
            [Status::InProgress, Status::Blocked, Status::Done].map(|s| status_edit(&app, s));
        for e in edits {
            saver.submit(
                &mut app,
                Job::Save {
                    edits: vec![e],
                    who: who.clone(),
                    note: None,
                },
            );
        }
        // The undo is queued behind the saves: it undoes the last one.
        saver.submit(&mut app, Job::Replay { undo: true, who });
        assert_eq!(app.state.saves.outstanding, 4);
        wait(&saver, &mut app);
        let m = &app.ctx.plan.chapters[0].measures[0].id;
        let p = app.state.board.progress.as_ref().unwrap();
        assert_eq!(p.status(m), Status::Blocked);
        assert!(app.state.edit.pending.is_empty());
        let msg = app.state.edit.message.clone().unwrap();
        assert!(msg.starts_with("undone"), "{msg}");
    }

    #[test]
    fn a_reload_after_the_boards_own_save_finds_nothing_new() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path());
        let saver = Saver::spawn(&app).unwrap();
        let who = app.state.edit.who.clone();
        let m = app.ctx.plan.chapters[0].measures[0].clone();
        let mut edits = vec![
            status_edit(&app, Status::Blocked),
            Edit::new(
                m.id.clone(),
                "approval",
                Op::SetNote("进展 ½ \"quoted\"\n第二行".into()),
            ),
            Edit::new(
                m.id.clone(),
                "approval",
                Op::SetDue(chrono::NaiveDate::from_ymd_opt(2022, 3, 31)),
            ),
            Edit::new(
                m.id.clone(),
                "approval",
                Op::AddStep {
                    text: "步骤".into(),
                    date: None,
                },
            ),
        ];
        if let Some(t) = m.targets.first() {
            edits.push(Edit::new(
                m.id.clone(),
                "approval",
                Op::SetActual {
                    key: t.key.clone(),
                    value: 0.1 + 0.2,
                },
            ));
        }
        saver.submit(
            &mut app,
            Job::Save {
                edits,
                who,
                note: None,
            },
        );
        wait(&saver, &mut app);
        let before = app.state.edit.message.clone();
        assert!(
            before.as_deref().is_some_and(|m| m.starts_with("saved")),
            "{before:?}"
        );
        assert!(app.state.edit.pending.is_empty());
        assert!(!saver.reload(&mut app));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let c = saver.collect(&mut app);
            if c.reloads > 0 {
                assert!(
                    !c.redraw,
                    "the reload found a change: {:?}",
                    app.state.edit.message
                );
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the reload never landed"
            );
            thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(!app.state.saves.busy(), "a reload is not a save");
        assert_eq!(app.state.edit.message, before);
    }

    #[test]
    fn an_after_job_comes_back_once_the_saves_before_it_landed() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path());
        let saver = Saver::spawn(&app).unwrap();
        let who = app.state.edit.who.clone();
        let e = status_edit(&app, Status::InProgress);
        saver.submit(
            &mut app,
            Job::Save {
                edits: vec![e],
                who,
                note: None,
            },
        );
        saver.submit(&mut app, Job::After(Now::OpenScoreboard));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let mut due = Vec::new();
        while app.state.saves.busy() {
            assert!(std::time::Instant::now() < deadline);
            due.extend(saver.collect(&mut app).due);
            if due.is_empty() {
                // The save lands first or together with the marker, never after.
                assert!(app.state.saves.outstanding >= 1);
            }
            thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(due, vec![Now::OpenScoreboard]);
        assert!(app.state.edit.message.unwrap().starts_with("saved"));
    }
}
