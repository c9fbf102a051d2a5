//! Escape injection end to end (T12): a plan whose chapter and measure
//! titles and text carry terminal escapes, bidi and zero-width controls is
//! shown in a real pty; none of those bytes may reach the terminal.

use crate::pty;

use std::path::Path;
use std::time::Duration;

use pty::{STARTUP, Spawn, board_args, find};

/// Each payload is a known attack: clear screen, OSC 52 clipboard write,
/// OSC 8 hyperlink, a title change, C1 CSI, BEL, carriage return, bidi
/// override and isolates (Trojan Source), zero-width space.
const PAYLOAD: &str = "\u{1b}[2J\u{1b}]52;c;SGFja2Vk\u{7}\u{1b}]8;;http://x.example/\u{1b}\\link\u{1b}]8;;\u{1b}\\\u{1b}]0;pwned\u{7}\u{9b}31m\r\u{7}\u{202e}txt.exe\u{2066}\u{2069}\u{200b}";

/// Byte strings that only a payload could have produced.
const FORBIDDEN: &[(&str, &[u8])] = &[
    ("OSC 52 clipboard", b"\x1b]52"),
    ("OSC 8 hyperlink", b"\x1b]8;"),
    ("OSC 0 title", b"\x1b]0;"),
    ("BEL", b"\x07"),
    // A lone 0x9B byte is legal inside UTF-8 (a continuation byte of many
    // CJK characters), so C1 is checked as the character U+009B.
    ("C1 CSI", "\u{9b}".as_bytes()),
    ("U+202E RLO", "\u{202e}".as_bytes()),
    ("U+2066 LRI", "\u{2066}".as_bytes()),
    ("U+2069 PDI", "\u{2069}".as_bytes()),
    ("U+200B ZWSP", "\u{200b}".as_bytes()),
    ("clear screen", b"\x1b[2J"),
];

fn hostile_plan(dir: &Path) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
    std::fs::create_dir_all(dir.join("chapters")).unwrap();
    for name in ["plan.ron", "departments.ron"] {
        std::fs::copy(src.join(name), dir.join(name)).unwrap();
    }
    // RON strings take any character; escape only what RON itself needs.
    let ron = PAYLOAD.replace('\\', "\\\\");
    for entry in std::fs::read_dir(src.join("chapters")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("01-")
        {
            text = text
                .replacen(
                    "title: \"开办企业\"",
                    &format!("title: \"开办企业{ron}\""),
                    1,
                )
                .replacen(
                    "title: \"深化企业开办“4012”品牌\"",
                    &format!("title: \"深化{ron}品牌\""),
                    1,
                )
                .replacen("text: \"积极推进", &format!("text: \"{ron}积极推进"), 1);
        }
        std::fs::write(dir.join("chapters").join(path.file_name().unwrap()), text).unwrap();
    }
}

#[test]
fn escapes_in_plan_text_never_reach_the_terminal() {
    let plan = tempfile::tempdir().unwrap();
    hostile_plan(plan.path());
    let data = tempfile::tempdir().unwrap();
    let mut args = board_args(data.path());
    args.extend(["--plan".into(), plan.path().display().to_string()]);
    let mut p = Spawn::duban(args).spawn().unwrap();
    assert!(
        p.wait_screen(STARTUP, "开办企业"),
        "no first frame; screen:\n{}",
        p.screen()
    );
    p.settle(Duration::from_millis(100), STARTUP);
    // Into the measures and the detail with the hostile text.
    for key in [&b"\r"[..], b"\r"] {
        p.send(key);
        p.settle(Duration::from_millis(100), STARTUP);
    }
    let screen = p.screen();
    assert!(
        screen.contains("深化"),
        "hostile measure not on screen:\n{screen}"
    );
    let before_quit = p.len();
    for _ in 0..6 {
        p.send(b"q");
        if p.wait_exit(Duration::from_millis(500)).is_some() {
            break;
        }
    }
    let out = p.bytes();
    let shown = &out[..before_quit];
    for (what, bytes) in FORBIDDEN {
        assert!(
            find(shown, bytes, 0).is_none(),
            "{what} from plan text reached the terminal"
        );
    }
    // Shown, not executed: ESC as its control picture, bidi and zero-width
    // characters as <U+XXXX> markers (any one of them: wrapping may split
    // a marker across rows).
    for visible in ["␛", "<U+"] {
        assert!(
            screen.contains(visible),
            "{visible} not shown for the hostile text:\n{screen}"
        );
    }
}
