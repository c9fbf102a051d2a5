//! Deploying duban for a district: one service account over ssh, each
//! person's key forced to `duban --user NAME`, config.ron's users, and the
//! departments named by name. Real sshd, real ssh, real binary.

#[path = "../support/pty.rs"]
mod pty;
#[path = "../support/ssh.rs"]
mod ssh;

mod site;

mod deploy_board;
mod deploy_coordinator;
mod deploy_identity;
mod deploy_users;
