//! `duban set`.
