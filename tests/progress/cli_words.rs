//! The CLI in its default language says everything in Chinese: `check`,
//! `set`, `history`, `undo`, a refused `set` and a ledger that does not
//! parse, through the real binary. What it prints holds no English word:
//! no run of ASCII letters but the program's name, flags, file names and
//! paths, which a clerk types or looks for as they are.

use crate::progress_support;

use std::path::Path;

use progress_support::*;

/// Words that are not English to translate: the program and the commands
/// a message tells you to type.
const KEPT: &[&str] = &[
    "duban",
    "check",
    "set",
    "history",
    "undo",
    "redo",
    "review",
    "recover",
    "users",
    "sync",
    "departments",
    "chmod",
    "git",
    "ssh",
];

/// Runs of ASCII letters that are neither a flag (`--dept`), a measure id,
/// a path or a file name (`tax.ron`, `/tmp/x/tax.ron.bak`), nor in [`KEPT`].
fn english(text: &str, data: &Path) -> Vec<String> {
    let text = text.replace(&data.display().to_string(), "");
    let mut out = Vec::new();
    for token in text.split(|c: char| !c.is_ascii_graphic()) {
        let token = token.trim_matches(|c: char| ":;,()\"'".contains(c));
        // A measure id as typed (`1.l`) is the user's, not a word.
        if token.starts_with("--")
            || token.starts_with(|c: char| c.is_ascii_digit())
            || token.starts_with('/')
            || token.ends_with(".ron")
            || token.ends_with(".bak")
            || token.ends_with(".jsonl")
        {
            continue;
        }
        for run in token
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|r| !r.is_empty())
        {
            if !KEPT.contains(&run) {
                out.push(run.to_string());
            }
        }
    }
    out
}

/// `duban` with the data dir, in the default language; its whole output.
fn said(data: &Path, args: &[&str]) -> (bool, String) {
    let mut all = vec!["--data", data.to_str().unwrap(), "--today", "2021-12-15"];
    all.extend_from_slice(args);
    let o = duban(&all);
    let text = format!("{}{}", stdout(&o), stderr(&o));
    (o.status.success(), text)
}

fn chinese(data: &Path, args: &[&str], ok: bool, want: &str) -> String {
    let (success, text) = said(data, args);
    assert_eq!(success, ok, "{args:?}: {text}");
    assert!(text.contains(want), "{args:?}: wanted {want:?} in {text}");
    let en = english(&text, data);
    assert!(en.is_empty(), "{args:?}: English {en:?} in {text}");
    text
}

#[test]
fn check_set_history_undo_and_refusals_print_no_english() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    chinese(&data, &["check"], true, "计划检查通过：16 章，140 项措施");
    chinese(
        &data,
        &["set", "1.1", "--dept", "tax", "--status", "in_progress"],
        true,
        "已保存 · 1.1 区税务局 状态：未开始 → 推进中",
    );
    chinese(
        &data,
        &[
            "set",
            "1.1",
            "--dept",
            "区税务局",
            "--note",
            "已与市场监管局对接",
        ],
        true,
        "工作进展：— → “已与市场监管局对接”",
    );
    let h = chinese(
        &data,
        &["history"],
        true,
        "1.1 区税务局 状态：未开始 → 推进中（填报）",
    );
    assert!(!h.contains('{') && !h.contains("UTC"), "{h}");
    chinese(
        &data,
        &["undo", "--dept", "tax"],
        true,
        "已撤销 · 1.1 区税务局 工作进展：“已与市场监管局对接” → —",
    );
    chinese(
        &data,
        &["set", "1.5", "--dept", "tax", "--status", "done"],
        false,
        "措施 1.5 不由区税务局负责",
    );
    chinese(
        &data,
        &["set", "1.1", "--dept", "tax"],
        false,
        "没有要填报的内容",
    );
    chinese(
        &data,
        &["set", "1.1", "--dept", "tax", "--due", "明年"],
        false,
        "不是有效日期",
    );
    chinese(
        &data,
        &["set", "1.l", "--dept", "tax", "--note", "x"],
        false,
        "是不是“1.1”",
    );

    let ledger = data.join("tax.ron");
    let good = std::fs::read_to_string(&ledger).unwrap();
    let broken = good.replacen("status:", "status", 1);
    std::fs::write(&ledger, &broken).unwrap();
    let text = chinese(
        &data,
        &["set", "1.1", "--dept", "tax", "--status", "done"],
        false,
        "区税务局的台账第",
    );
    // file:line:column first, and what to do.
    assert!(text.contains("tax.ron:"), "{text}");
    assert!(text.contains("提示："), "{text}");
    assert_eq!(std::fs::read_to_string(&ledger).unwrap(), broken);
}

#[test]
fn english_is_found_but_flags_paths_and_file_names_are_not() {
    let d = Path::new("/tmp/d");
    assert_eq!(english("duban: saved 1.1 tax", d), ["saved", "tax"]);
    assert!(
        english(
            "/tmp/d/tax.ron:3:7: 格式有误，见 tax.ron.bak；用 --dept 区税务局",
            d
        )
        .is_empty()
    );
}
