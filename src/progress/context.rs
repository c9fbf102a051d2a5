//! What every command and the board share once arguments are resolved:
//! the plan, where its progress lives, the as-of date, who is acting and in
//! which language.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use super::store::Store;
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
    /// `--user NAME`: the person, when the service account's forced command
    /// named one; the history records it and the board shows it.
    pub user: Option<String>,
}

impl Context {
    /// The data dir, its saves recording [`Context::user`].
    pub fn store(&self) -> Store {
        Store::open(&self.data_dir).with_user(self.user.clone())
    }
}
