//! Spreadsheets: `duban xlsx` export, ingest of filled-in sheets, steps.
//! One binary, so the library is linked once for all of them.

#[path = "../support/guard.rs"]
mod guard;
#[path = "../support/xlsx.rs"]
mod xlsx_support;

mod xlsx_export;
mod xlsx_hostile;
mod xlsx_ingest;
mod xlsx_papers;
mod xlsx_steps;
