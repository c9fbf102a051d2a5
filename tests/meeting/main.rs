//! The meeting domain and its CLI: review items, lights and scores,
//! snapshots, `duban review`. One binary, so the library is linked once.

#[path = "../support/meeting.rs"]
mod meeting;

mod meeting_cli;
mod meeting_papers;
mod meeting_review;
mod meeting_score;
mod meeting_snapshot;
mod review_guards;
