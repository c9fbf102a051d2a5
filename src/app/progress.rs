//! What the board needs to know about progress, without knowing how it is
//! stored. The progress layer implements [`Progress`] over its ledger and
//! hands it to the board ([`super::App::set_progress`]); until then every
//! progress slot in the views shows "—".

/// One department's standing on one measure, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct DeptProgress {
    /// The status word in the UI language (未开始 / in progress …).
    pub status: String,
    pub done: bool,
    pub blocked: bool,
    /// The department's committed date, if any, as text.
    pub committed: Option<String>,
    pub note: Option<String>,
}

pub trait Progress {
    /// True when the measure as a whole is done (it then is never overdue).
    fn is_done(&self, measure: &str) -> bool;
    /// Share of the measure's departments that are done, `0.0..=1.0`;
    /// `None` when nothing was recorded.
    fn fraction(&self, measure: &str) -> Option<f64>;
    /// One department's entry on one measure.
    fn dept(&self, measure: &str, dept: &str) -> Option<DeptProgress>;
}
