//! The plan and what reads or writes it: loading errors, the transcription
//! of the action plan, `duban export`, `duban import`. One binary, so the
//! library is linked once for all of them.

mod export_cli;
mod import_cli;
mod import_docx;
mod import_fixtures;
mod import_measure;
mod import_proptest;
mod import_roundtrip;
mod plan_errors;
mod plan_ids;
mod transcription_1_8;
mod transcription_9_16;
