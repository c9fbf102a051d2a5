//! Meetings (调度会): traffic lights, the scoreboard, review snapshots and
//! what changed since, and the review walk-through. Everything here is pure
//! except [`snapshot::Reviews`] (the `reviews/` files).
//!
//! * [`lights`]: `dept_light` / `measure_light` → [`Signal`] (a [`Light`]
//!   with its [`Why`]); the rule is in the module docs.
//! * [`score`]: [`score::scoreboard`] (rule: [`score::RULE_ZH`]),
//!   [`score::chapters`], [`score::targets`], [`score::bar`].
//! * [`snapshot`]: [`snapshot::capture`] and [`snapshot::Reviews`].
//! * [`changes`]: [`changes::diff`] of two snapshots, grouped per chapter
//!   and per department.
//! * [`obligation`]: one department's deadline, review, decision and
//!   extension in words, for every export.
//! * [`review`]: the review walk-through as a state machine.
//! * [`attention`]: what needs a department (退办, new decisions, overdue,
//!   due soon), for the department's to-do list.

pub mod attention;
pub mod changes;
pub mod lights;
pub mod obligation;
pub mod review;
pub mod score;
pub mod snapshot;

pub use lights::{Light, LightCfg, Signal, Why};
