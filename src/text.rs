//! Making untrusted text safe and measuring it in terminal cells.
