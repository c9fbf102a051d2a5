//! What every command and the board share once arguments are resolved:
//! the plan, where its progress lives, the as-of date, who is acting and in
//! which language.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::lang::Lang;
use crate::plan::Plan;

#[derive(Clone)]
pub struct Context {
    pub plan: Arc<Plan>,
    pub data_dir: PathBuf,
    pub today: NaiveDate,
    pub dept: Option<String>,
    pub lang: Lang,
    /// `--coordinator NAME`: who records meeting decisions in the board.
    pub coordinator: Option<String>,
}
