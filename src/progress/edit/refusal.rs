//! Why an edit is refused, in words a clerk can act on (with the nearest
//! id when one was mistyped).

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("unknown measure {id:?}{}", hint_suffix(hint))]
    UnknownMeasure { id: String, hint: Option<String> },
    #[error("unknown department {id:?}{}", hint_suffix(hint))]
    UnknownDept { id: String, hint: Option<String> },
    #[error("measure {measure} is not assigned to department {dept:?} (its departments: {})", assigned.join(", "))]
    NotAssigned {
        measure: String,
        dept: String,
        assigned: Vec<String>,
    },
    #[error("measure {measure} has no target {key:?}{}; its targets: {}", hint_suffix(hint), if known.is_empty() { "none".to_string() } else { known.join(", ") })]
    UnknownTarget {
        measure: String,
        key: String,
        hint: Option<String>,
        known: Vec<String>,
    },
    #[error(
        "{who} may not edit department {dept:?}'s entries (only its own); coordinators may edit any"
    )]
    OtherDept { who: String, dept: String },
    #[error(
        "only a coordinator may {what}; coordinators are listed in config.ron or given with --coordinator NAME"
    )]
    CoordinatorOnly { what: &'static str },
    #[error("measure {measure} was struck off (销号) by {by}; only a coordinator can reopen it")]
    Confirmed { measure: String, by: String },
    #[error(
        "measure {measure} is not reported done for department {dept:?}, so it cannot be {what}"
    )]
    NotReported {
        measure: String,
        dept: String,
        what: &'static str,
    },
    #[error("there is no pending extension request for measure {measure}, department {dept:?}")]
    NoPendingExtension { measure: String, dept: String },
    #[error("measure {measure}, department {dept:?} has no step {id}")]
    UnknownStep {
        measure: String,
        dept: String,
        id: u32,
    },
    #[error("{0}")]
    Invalid(String),
}

fn hint_suffix(h: &Option<String>) -> String {
    h.as_ref()
        .map(|h| format!(" (did you mean {h:?}?)"))
        .unwrap_or_default()
}
