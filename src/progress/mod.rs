//! Department progress: the ledger (工作台账), its storage and history, and
//! the state derived from it.
//!
//! # API (stable names; the board, export and meeting features use these)
//!
//! * Model ([`model`]): [`Status`] (`not_started|in_progress|done|blocked`,
//!   [`Status::label`] 未开始/推进中/已完成/受阻, `FromStr` takes both),
//!   [`Entry`] per (measure, department) — `status`, `due` (承诺完成时间),
//!   `done_on` (实际完成时间, set while done),
//!   `actuals` by `Target.key`, `note`, `steps` ([`Step`], 细化措施),
//!   `review` ([`Review`]: reported → confirmed 销号 / returned 退办),
//!   `extension` ([`Extension`] with its [`Decision`]), `updated` ([`Stamp`]);
//!   [`Ledger`] (all entries by [`Key`], `orphans`, `problems`).
//! * Edits ([`edit`]): [`Edit`] `{measure, dept, op: Op}`, one [`Op`] per user
//!   action; [`apply`]`(&plan, &mut ledger, &edit, &who, now) ->
//!   Result<Vec<Change>, EditError>` is pure. [`Who`] is `Dept(id)` or
//!   `Coordinator(name)`; a department edits only its own entries, only a
//!   coordinator confirms, returns and decides extensions.
//! * Derived state ([`derive`]): [`measure_state`]`(&measure, &ledger, today)
//!   -> MeasureState` — the exact rule is in the [`derive`] module docs.
//! * Storage ([`store`]): [`Store::open`]`(dir)`, [`Store::load`]`(&plan)`,
//!   [`Store::commit`]`(&plan, &[Edit], &who, now) -> Commit` (locked,
//!   merged, atomic save; returns the fresh ledger), [`Store::history`],
//!   [`Store::undo`] / [`Store::redo`] (from the history, so across restarts),
//!   [`Store::config`]. [`write_atomic`]`(path, bytes, Install)` is the one
//!   temp-file-then-rename writer, shared with review snapshots and export.
//! * Identity ([`identity`]): [`Config`] (`config.ron`), [`resolve_who`].
//! * Errors: [`EditError`] (the edit is refused), [`StoreError`] (the files
//!   are; it names file, line and column and says what to do). On any error
//!   nothing is written and the caller still holds its edits.

pub mod context;
pub mod deadline;
pub mod derive;
pub mod edit;
pub mod error;
pub mod field;
pub mod history;
pub mod identity;
pub mod model;
pub mod store;

pub use context::Context;
pub use derive::{DeptState, MeasureState, measure_state};
pub use edit::{Edit, EditError, Op, Who, apply, done_on_refusal};
pub use error::StoreError;
pub use field::{Change, Field, ValueError, parse_value};
pub use history::{History, Record, Txn};
pub use identity::{Config, resolve as resolve_who};
pub use model::{
    Decision, Entry, Extension, Key, Ledger, MeetingDecision, Orphan, Review, Stamp, Status, Step,
};
pub use store::{Commit, Install, Saved, Store, write_atomic, write_output};

#[cfg(test)]
mod tests;
