//! The terminal guard: raw mode, alternate screen, hidden cursor, mouse and
//! bracketed paste on entry, all of it undone on every way out.
//!
//! `restore` is idempotent and callable from any thread, the panic hook and
//! the hang-up watchdog included, because more than one exit path can fire
//! at once (a SIGHUP arriving while the loop is already quitting).

use std::io::{self, Write};
use std::os::fd::AsFd;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::Command;
use crossterm::cursor::{Hide, Show};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

/// True while the terminal is (or may be, mid-entry) in the board's modes.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Owns the terminal modes; dropping it restores them (covers `?` returns).
pub struct TerminalGuard {
    _private: (),
}

impl TerminalGuard {
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        let guard = TerminalGuard { _private: () };
        activate()?;
        Ok(guard)
    }

    /// Job control (SIGTSTP): hands the terminal back, stops the process,
    /// and once continued takes the terminal again. The caller redraws.
    pub fn suspend(&self) -> io::Result<()> {
        restore();
        signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
        activate()
    }

    /// After a stop the board did not ask for (SIGSTOP, then SIGCONT) the
    /// shell may have reset the tty: apply the modes again from scratch.
    pub fn reapply(&self) -> io::Result<()> {
        restore();
        activate()
    }
}

fn activate() -> io::Result<()> {
    // Marked active before the first mode change, so a failure half-way
    // through entry still undoes whatever was switched on.
    ACTIVE.store(true, Ordering::SeqCst);
    enable_raw_mode()?;
    write_raw(&ansi(&[
        &EnterAlternateScreen,
        &Hide,
        &EnableBracketedPaste,
        &EnableMouseCapture,
    ]))
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves every mode the guard entered: mouse and paste off, main screen,
/// cursor shown (ratatui's own restore leaves it hidden), cooked mode.
/// Only the first call does anything; errors are ignored because on a dead
/// terminal there is nobody left to tell.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    // A frame still sitting in std's stdout buffer must land before we leave
    // the alternate screen, not after it on the user's shell.
    let _ = io::stdout().flush();
    leave();
}

/// Restore from a thread that must not wait on std's stdout lock (the main
/// thread may be stuck inside a write to a dead terminal).
pub fn restore_without_flush() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    leave();
}

/// Cooked mode first: `tcsetattr(TCSANOW)` cannot block, the writes can (a
/// terminal that stopped reading), and cooked mode matters most to the shell.
fn leave() {
    let _ = disable_raw_mode();
    let _ = write_raw(&leave_sequence());
}

fn leave_sequence() -> String {
    ansi(&[
        &DisableMouseCapture,
        &DisableBracketedPaste,
        &LeaveAlternateScreen,
        &Show,
    ])
}

fn ansi(commands: &[&dyn AnsiCommand]) -> String {
    let mut s = String::new();
    for c in commands {
        c.append(&mut s);
    }
    s
}

/// Object-safe view of crossterm's `Command::write_ansi`.
trait AnsiCommand {
    fn append(&self, out: &mut String);
}

impl<C: Command> AnsiCommand for C {
    fn append(&self, out: &mut String) {
        let _ = self.write_ansi(out);
    }
}

/// Writes straight to fd 1, bypassing std's buffer and its lock.
fn write_raw(s: &str) -> io::Result<()> {
    let stdout = io::stdout();
    let fd = stdout.as_fd();
    let mut bytes = s.as_bytes();
    while !bytes.is_empty() {
        match rustix::io::write(fd, bytes) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Restores before the default hook prints, so the message lands on the
/// normal screen in cooked mode instead of vanishing with the alternate one.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leave_sequence_undoes_every_mode_entered() {
        let s = leave_sequence();
        for mode in [
            "?1000l", "?1002l", "?1003l", "?1006l", "?2004l", "?1049l", "?25h",
        ] {
            assert!(s.contains(mode), "{mode} missing from {s:?}");
        }
        // The cursor is shown last so that it appears on the main screen.
        assert!(s.ends_with("\x1b[?25h"));
    }
}
