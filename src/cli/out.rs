//! Every line duban prints to a terminal from the command line passes
//! here: plan text, names, notes, paths and error messages all come from
//! files someone else wrote, so control, bidi and zero-width characters are
//! shown as the board shows them (␛, <U+202E>), never sent raw.

use crate::export::{Format, inert};

/// One line (or several) on standard output.
pub fn say(s: &str) {
    stdout_line(&crate::text::sanitize_multiline(s));
}

/// Writes one line to stdout. A closed pipe (`duban history | head`) is the
/// reader's choice: duban stops quietly, as `export` does, instead of
/// panicking as `println!` would.
fn stdout_line(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{s}").and_then(|()| out.flush())
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// One line (or several) on standard error.
pub fn warn(s: &str) {
    eprintln!("{}", crate::text::sanitize_multiline(s));
}

/// A JSON value on one line, with what serde_json leaves raw (C1, bidi,
/// zero-width) written as \uXXXX escapes: exact for scripts, inert on a tty.
pub fn json_line(v: &serde_json::Value) {
    let bytes = inert(Format::Json, v.to_string().into_bytes());
    stdout_line(&String::from_utf8_lossy(&bytes));
}

#[cfg(test)]
mod tests {
    #[test]
    fn what_a_file_holds_never_reaches_the_terminal_raw() {
        let shown = crate::text::sanitize_multiline("a\u{1b}[2Jb\nc\u{9b}d\u{202e}e");
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{9b}') && !shown.contains('\u{202e}')
        );
        assert_eq!(shown.lines().count(), 2);
        let j = crate::export::inert(
            crate::export::Format::Json,
            serde_json::json!({"who": "x\u{9b}\u{202e}"})
                .to_string()
                .into_bytes(),
        );
        let j = String::from_utf8(j).unwrap();
        assert!(j.contains("\\u009b") && j.contains("\\u202e"), "{j}");
    }
}
