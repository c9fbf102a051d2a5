//! The plan: model, loading from RON, validation.

pub mod embedded;
pub mod load;
pub mod model;
pub mod validate;

pub use load::{PlanError, PlanErrors, load_dir, load_embedded};
pub use model::*;
