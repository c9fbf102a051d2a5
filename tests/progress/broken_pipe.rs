//! `duban … | head`: the reader closing the pipe early ends duban quietly.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn a_reader_that_stops_early_ends_duban_quietly() {
    let data = tempfile::tempdir().unwrap();
    for args in [&["departments"][..], &["export", "--format", "md"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
            .args(args)
            .arg("--data")
            .arg(data.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The pipe is closed here, with most of the output still to come.
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!first.is_empty(), "{args:?}: nothing printed");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
    }
}
