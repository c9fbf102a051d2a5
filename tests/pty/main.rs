//! The real `duban` binary in a pseudo-terminal (and over ssh): startup,
//! exit paths, hangups, escapes, saving in the background. One binary, so
//! the library is linked once for all of them.

#[path = "../support/pty.rs"]
mod pty;
#[path = "../support/ssh.rs"]
mod ssh;

mod hardening_pty;
mod pty_changes;
mod pty_edit;
mod pty_escape;
mod pty_exit_paths;
mod pty_hangup;
mod pty_lifecycle;
mod pty_live;
mod pty_note_editor;
mod pty_popup_edges;
mod pty_recovery;
mod pty_save_background;
mod ssh_meeting;
