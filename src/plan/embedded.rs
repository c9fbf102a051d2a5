//! The default plan (`plan/` at build time), compiled into the binary.

include!(concat!(env!("OUT_DIR"), "/embedded_plan.rs"));
