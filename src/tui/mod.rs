//! Terminal lifecycle and event loop.
//!
//! The loop blocks until input, a resize, a signal, a save's outcome or
//! another process's save arrives and draws only then (no timer repaint;
//! ratatui's diff writes just the changed cells; a reload that finds
//! nothing new draws nothing). It waits in its own `poll` on the tty, a
//! signal self-pipe, the save writer's wake-up socket and the data dir
//! watcher's ([`watch`]), never inside crossterm,
//! so a hung-up terminal (POLLHUP, EIO) is seen before crossterm's reader
//! could spin on it. Saves run on the writer ([`saver`]); quitting waits
//! for them.

mod colour;
pub mod editing;
pub mod effects;
mod guard;
pub mod recovery;
pub mod saver;
pub mod session;
mod signals;
mod watch;
mod watchdog;

use std::io::{self, Stdout, Write};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use rustix::event::{PollFd, PollFlags, Timespec};

use crate::app::Effect;
use crate::progress::Context;
use crate::ui;
use crate::ui::App;
use effects::Flow;
use guard::TerminalGuard;
use saver::Saver;
use signals::Signals;
use watch::Watch;
use watchdog::Phase;

/// How often an idle loop checks that its terminal still exists. This is a
/// liveness check only; nothing is drawn on this tick.
const LIVENESS_TICK: Timespec = Timespec {
    tv_sec: 0,
    tv_nsec: 250_000_000,
};

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Why the loop ended.
#[derive(Debug, PartialEq)]
enum Exit {
    Quit,
    Signal(i32),
    /// The terminal went away without a signal (read/poll/write failure).
    HangUp,
    Failed(String),
}

pub fn run(ctx: Context) -> Result<(), String> {
    if !rustix::termios::isatty(io::stdin()) || !rustix::termios::isatty(io::stdout()) {
        return Err("the board needs a terminal on stdin and stdout; \
                    for scripts use `duban export`"
            .into());
    }
    let signals = Signals::install().map_err(|e| format!("cannot install signal handlers: {e}"))?;
    let no_color = colour::no_color_requested(std::env::var_os("NO_COLOR").as_deref());

    // Everything that can fail on the user's data happens before the
    // terminal is taken, so its message lands on a normal screen.
    let (width, height) =
        crossterm::terminal::size().map_err(|e| format!("cannot read the terminal size: {e}"))?;
    let mut app = App::new(ctx, width, height);
    app.no_color = no_color;
    app.cube = colour::cube_available(std::env::var_os("TERM").as_deref());
    effects::load_progress(&mut app)?;
    let saver = Saver::spawn(&app).map_err(|e| format!("cannot start the save writer: {e}"))?;
    let mut watch =
        Watch::start(&app.ctx.data_dir).map_err(|e| format!("cannot watch the data dir: {e}"))?;
    if let Some(why) = watch.problem.clone() {
        let (lang, polling) = (app.ctx.lang, watch.watching());
        app.land(|s| {
            s.edit
                .message
                .get_or_insert(watch::unavailable(lang, polling, &why));
        });
    }

    let guard = TerminalGuard::enter().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))
        .map_err(|e| format!("cannot set up the terminal: {e}"))?;

    let watchdog = signals.watchdog();
    let exit = event_loop(
        &mut terminal,
        &mut app,
        &signals,
        &guard,
        &saver,
        &mut watch,
    );

    let code = match &exit {
        Exit::Quit | Exit::Failed(_) => None,
        Exit::Signal(sig) => Some(signals::exit_code(*sig)),
        Exit::HangUp => Some(signals::exit_code(signal_hook::consts::SIGHUP)),
    };
    let saved = match code {
        Some(code) => {
            watchdog.enter(Phase::Saving, code);
            effects::before_forced_exit(&mut app, &saver)
        }
        // A quit has seen its saves land; a terminal failure waits for them.
        None => {
            saver.wait_all(&mut app);
            effects::unsaved(&app)
        }
    };
    // The status the process ends with if restoring stalls.
    let planned = code.unwrap_or(if matches!(exit, Exit::Failed(_)) || saved.is_err() {
        1
    } else {
        0
    });
    watchdog.enter(Phase::Restoring, planned);
    // ratatui's Terminal shows the cursor on drop and `eprintln!`s if that
    // fails, which panics on a hung-up tty. The guard does the restoring.
    std::mem::forget(terminal);
    drop(guard);
    watchdog.enter(Phase::Done, planned);
    if let Some(code) = code {
        if let Err(e) = saved {
            // stderr may be the dead tty: a failed report must not panic.
            let _ = writeln!(io::stderr(), "duban: {e}");
        }
        std::process::exit(code);
    }
    match (exit, saved) {
        (Exit::Failed(e), Err(u)) => Err(format!("{e}\n{u}")),
        (Exit::Failed(e), Ok(())) | (_, Err(e)) => Err(e),
        _ => Ok(()),
    }
}

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    signals: &Signals,
    guard: &TerminalGuard,
    saver: &Saver,
    watch: &mut Watch,
) -> Exit {
    // Creating crossterm's event source now registers its SIGWINCH handler
    // before the first resize can be missed.
    if let Err(e) = event::poll(Duration::ZERO) {
        return io_exit(e);
    }
    // The app was sized before the terminal was taken; a resize since then
    // may have come before crossterm was listening for it.
    match terminal.size() {
        Ok(size) if (size.width, size.height) != (app.width, app.height) => {
            app.resize(size.width, size.height)
        }
        Ok(_) => {}
        Err(e) => return io_exit(e),
    }
    if let Err(e) = draw(terminal, app) {
        return io_exit(e);
    }
    debug_hooks::after_first_frame();

    let tty = io::stdin();
    // A reload is on the writer; further events wait for it to land.
    let mut reloading = false;
    loop {
        if let Some(sig) = signals.pending() {
            return Exit::Signal(sig);
        }
        // The liveness tick, or sooner when a burst of saves by others is
        // due to be read.
        let tick = match watch.timeout(Instant::now()) {
            Some(t) if !reloading && t < Duration::from_millis(250) => Timespec {
                tv_sec: 0,
                tv_nsec: i64::from(t.subsec_nanos()),
            },
            _ => LIVENESS_TICK,
        };
        let (tty_events, woken, saved, changed) = {
            let wake = signals.wake_fd();
            let landed = saver.wake_fd();
            let others = watch.wake_fd();
            let mut fds = [
                PollFd::new(&tty, PollFlags::IN),
                PollFd::new(&wake, PollFlags::IN),
                PollFd::new(&landed, PollFlags::IN),
                PollFd::new(&others, PollFlags::IN),
            ];
            match rustix::event::poll(&mut fds, Some(&tick)) {
                Ok(_) => (
                    fds[0].revents(),
                    !fds[1].revents().is_empty(),
                    !fds[2].revents().is_empty(),
                    !fds[3].revents().is_empty(),
                ),
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return io_exit(e.into()),
            }
        };
        let now = Instant::now();
        if changed {
            watch.drain(now);
        } else if !watch.watching() && watch.retry() {
            // The data dir appeared (the first save made it).
            watch.mark(now);
        }
        if !reloading && watch.due(now) {
            reloading = true;
            if saver.reload(app) {
                reloading = false;
                if let Err(e) = draw(terminal, app) {
                    return io_exit(e);
                }
            }
        }
        if woken {
            signals.drain();
            if let Some(sig) = signals.pending() {
                return Exit::Signal(sig);
            }
            if let Err(e) = job_control(terminal, app, signals, guard) {
                return io_exit(e);
            }
        }
        if tty_events.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
            return Exit::HangUp;
        }
        let mut redraw = false;
        if saved {
            let c = saver.collect(app);
            if c.gone {
                return Exit::Failed("the save writer stopped".into());
            }
            if c.reloads > 0 {
                reloading = false;
            }
            redraw = c.redraw;
            if !app.state.saves.quitting {
                for n in c.due {
                    if effects::now(app, n) == Flow::Quit {
                        return Exit::Quit;
                    }
                }
            }
            if app.state.saves.quitting && !app.state.saves.busy() {
                // Edits still unsaved are named after the terminal is back.
                return Exit::Quit;
            }
        }
        if tty_events.is_empty() && !woken && !saved {
            if !signals::tty_alive() {
                return Exit::HangUp;
            }
            continue;
        }

        loop {
            match event::poll(Duration::ZERO) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return io_exit(e),
            }
            let ev = match event::read() {
                Ok(ev) => ev,
                Err(e) => return io_exit(e),
            };
            if app.state.saves.quitting {
                // Keys wait no more: the board ends once its saves land.
                if let Event::Resize(w, h) = ev {
                    app.resize(w, h);
                    redraw = true;
                }
                continue;
            }
            let Some(effects) = dispatch(app, ev, &mut redraw) else {
                continue;
            };
            let flow = effects::submit(app, saver, effects);
            if (flow == Flow::Quit || app.should_quit())
                && let Some(exit) = begin_quit(app, saver)
            {
                return exit;
            }
        }
        if redraw && let Err(e) = draw(terminal, app) {
            return io_exit(e);
        }
    }
}

/// Quit at once when nothing is left to save; otherwise queue one more try
/// of what failed saves kept and wait (showing it) until the writer is done.
fn begin_quit(app: &mut App, saver: &Saver) -> Option<Exit> {
    if !app.state.saves.busy() && app.state.edit.pending.is_empty() {
        return Some(Exit::Quit);
    }
    if !app.state.saves.quitting {
        app.state.saves.quitting = true;
        let who = app.state.edit.who.clone();
        saver.submit(app, saver::Job::Flush { who });
    }
    None
}

/// SIGTSTP: step aside until continued. SIGCONT after a stop the board did
/// not ask for: take the terminal again. Either way the screen was lost, so
/// the next frame is drawn in full at the current size.
fn job_control(
    terminal: &mut Term,
    app: &mut App,
    signals: &Signals,
    guard: &TerminalGuard,
) -> io::Result<()> {
    if signals.take_suspend() {
        guard.suspend()?;
        // The SIGCONT that woke us is this suspension's own.
        signals.take_resumed();
    } else if signals.take_resumed() {
        guard.reapply()?;
    } else {
        return Ok(());
    }
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    // Not `Terminal::clear`: it asks the terminal for the cursor position
    // (ESC[6n) and fails if no answer comes within 2 s (slow ssh).
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    draw(terminal, app)
}

/// Hands one terminal event to the app. `None`: the event means nothing to
/// the board and needs no redraw.
fn dispatch(app: &mut App, ev: Event, redraw: &mut bool) -> Option<Vec<Effect>> {
    let effects = match ev {
        Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
        // Bare motion would redraw on every cell the pointer crosses.
        Event::Mouse(m) if m.kind != MouseEventKind::Moved => app.handle_mouse(m),
        Event::Paste(text) => app.handle_paste(&text),
        Event::Resize(w, h) => {
            if (w, h) == (app.width, app.height) {
                return None;
            }
            app.resize(w, h);
            Vec::new()
        }
        _ => return None,
    };
    *redraw = true;
    Some(effects)
}

fn draw(terminal: &mut Term, app: &App) -> io::Result<()> {
    terminal.draw(|frame| {
        ui::render(app, frame);
        if app.no_color {
            colour::strip(frame.buffer_mut());
        }
    })?;
    Ok(())
}

/// A write or read error on the tty is how a dropped connection shows up
/// when no SIGHUP arrives; anything else is a real failure to report.
fn io_exit(e: io::Error) -> Exit {
    if !signals::tty_alive() || e.raw_os_error() == Some(rustix::io::Errno::IO.raw_os_error()) {
        Exit::HangUp
    } else {
        Exit::Failed(format!("terminal error: {e}"))
    }
}

/// Hooks that let the pty tests reach exit paths a user cannot trigger on
/// demand. Compiled into debug builds only; release builds ignore the vars.
mod debug_hooks {
    /// `DUBAN_TEST_PANIC=1`: panic right after the first frame, to prove the
    /// terminal is restored and the message printed after it.
    pub fn after_first_frame() {
        #[cfg(debug_assertions)]
        if std::env::var_os("DUBAN_TEST_PANIC").is_some_and(|v| v == "1") {
            panic!("DUBAN_TEST_PANIC: deliberate panic after the first frame");
        }
        // `DUBAN_TEST_STALL=1`: the loop never comes back, as when crossterm's
        // reader spins on a dead tty; only the watchdog can end the process.
        #[cfg(debug_assertions)]
        if std::env::var_os("DUBAN_TEST_STALL").is_some_and(|v| v == "1") {
            loop {
                std::thread::park();
            }
        }
    }
}
