//! The service account's forced command: `duban --user NAME --data DIR` in
//! `authorized_keys`, and what the person typed after `ssh service@server`
//! arriving in `SSH_ORIGINAL_COMMAND`.
//!
//! The client's words are split as a shell would split them (quotes,
//! backslashes) but no shell ever runs: `;`, `|`, `&`, redirections, `$` and
//! backticks outside single quotes are refused rather than taken literally,
//! so nobody is surprised by what they did not do. Only the subcommands a
//! person at a desk needs are let through; the flags that choose identity or
//! files on the server are refused.

use std::ffi::OsString;

use crate::lang::Lang;

/// Subcommands reachable over ssh, and whether they need a coordinator.
/// `review` is checked word by word below.
const ALLOWED: &[(&str, bool)] = &[
    ("set", false),
    ("export", false),
    ("history", false),
    ("undo", false),
    ("redo", false),
    ("ingest", true),
];

/// Flags the client may not give: who one is and which files are used are
/// the forced command's to say. `--out` and an ingest FILE would name files
/// on the server, readable or writable by the service account.
const FORBIDDEN: &[&str] = &[
    "--dept",
    "--coordinator",
    "--data",
    "--plan",
    "--user",
    "--out",
];

/// What the client asked for, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// The words to parse after the forced command's own arguments.
    pub words: Vec<String>,
    /// Only a coordinator may run it.
    pub coordinator_only: bool,
    /// The subcommand's name (`review mark`), for messages; empty for the board.
    pub what: String,
}

/// Why a remote command is refused, in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Unclosed(char),
    Shell(String),
    NotAllowed(String),
    Flag(String),
    ServerFile,
}

impl Refusal {
    pub fn say(&self, lang: Lang) -> String {
        let s = |x: &str| crate::text::sanitize(x);
        match self {
            Refusal::Unclosed(q) => lang.pick(
                format!("命令里的引号 {q} 没有配对"),
                format!("unclosed quote {q} in the command"),
            ),
            Refusal::Shell(op) => lang.pick(
                format!("不支持 {}：这里不经过 shell 运行命令，请去掉它（要当作文字时用单引号括起来）", s(op)),
                format!("{} is not supported: commands here run without a shell; remove it (quote it with single quotes to mean the text)", s(op)),
            ),
            Refusal::NotAllowed(w) => lang.pick(
                format!("经 ssh 不能运行“{}”；可以运行：看板（不带命令）、set、export、history、undo、redo、review list，督办人员另有 review mark、review decide、ingest -", s(w)),
                format!("{:?} cannot be run over ssh; allowed: the board (no command), set, export, history, undo, redo, review list, and for coordinators review mark, review decide, ingest -", s(w)),
            ),
            Refusal::Flag(f) => lang.pick(
                format!("经 ssh 不能使用 {}：身份和数据目录由服务器上的 authorized_keys 确定", s(f)),
                format!("{} cannot be given over ssh: who you are and the data dir are set by the server's authorized_keys", s(f)),
            ),
            Refusal::ServerFile => lang.pick(
                "经 ssh 导入时工作簿从标准输入读取：ssh … ingest - < 台账.xlsx".to_string(),
                "over ssh the workbook comes on standard input: ssh … ingest - < ledger.xlsx".to_string(),
            ),
        }
    }
}

/// Splits `line` into words the way a POSIX shell would for plain words:
/// whitespace separates; '…' is literal; "…" is literal except `\"`, `\\`
/// (and `$`, `` ` `` refused); `\x` outside quotes is `x`.
pub fn split(line: &str) -> Result<Vec<String>, Refusal> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                        None => return Err(Refusal::Unclosed('\'')),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x @ ('"' | '\\' | '$' | '`')) => cur.push(x),
                            Some('\n') => {}
                            Some(x) => {
                                cur.push('\\');
                                cur.push(x);
                            }
                            None => return Err(Refusal::Unclosed('"')),
                        },
                        Some(x @ ('$' | '`')) => return Err(Refusal::Shell(x.to_string())),
                        Some(x) => cur.push(x),
                        None => return Err(Refusal::Unclosed('"')),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(x) => cur.push(x),
                    None => {}
                }
            }
            ';' | '|' | '&' | '<' | '>' | '`' | '$' | '(' | ')' => {
                let mut op = c.to_string();
                if let Some(&n) = chars.peek()
                    && matches!((c, n), ('$', '(') | ('&', '&') | ('|', '|') | ('>', '>'))
                {
                    op.push(n);
                }
                return Err(Refusal::Shell(op));
            }
            _ => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Global flags a client may put before the subcommand, with a value.
const LEADING: &[&str] = &["--lang", "--today"];

/// Checks the client's words: identity and file flags refused anywhere, the
/// subcommand one of [`ALLOWED`] (or `review list|mark|decide`).
pub fn check(words: Vec<String>) -> Result<Remote, Refusal> {
    for (i, w) in words.iter().enumerate() {
        let (name, value) = match w.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (w.as_str(), words.get(i + 1).map(String::as_str)),
        };
        // `--out -` is stdout, which is the client's: the one file allowed.
        if name == "--out" && value == Some("-") {
            continue;
        }
        if FORBIDDEN.contains(&name) {
            return Err(Refusal::Flag(name.to_string()));
        }
    }
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        if LEADING.contains(&w) {
            i += 2;
        } else if LEADING.iter().any(|l| w.starts_with(&format!("{l}="))) {
            i += 1;
        } else {
            break;
        }
    }
    let Some(sub) = words.get(i) else {
        return Ok(Remote {
            words,
            coordinator_only: false,
            what: String::new(),
        });
    };
    let (what, coordinator_only) = if sub == "review" {
        match words.get(i + 1).map(String::as_str) {
            Some("list") => ("review list".to_string(), false),
            Some(x @ ("mark" | "decide")) => (format!("review {x}"), true),
            Some(x) => return Err(Refusal::NotAllowed(format!("review {x}"))),
            None => return Err(Refusal::NotAllowed("review".into())),
        }
    } else {
        match ALLOWED.iter().find(|(n, _)| n == sub) {
            Some((n, c)) => (n.to_string(), *c),
            None => return Err(Refusal::NotAllowed(sub.clone())),
        }
    };
    if what == "ingest" {
        let mut rest = words[i + 1..].iter();
        while let Some(w) = rest.next() {
            if LEADING.contains(&w.as_str()) {
                rest.next();
            } else if !w.starts_with("--") && w != "-" {
                return Err(Refusal::ServerFile);
            }
        }
    }
    Ok(Remote {
        words,
        coordinator_only,
        what,
    })
}

/// The command line to parse: the forced command's own arguments (trusted,
/// from `authorized_keys`) followed by the client's checked words.
pub fn argv(own: &[OsString], remote: &Remote) -> Vec<OsString> {
    own.iter()
        .cloned()
        .chain(remote.words.iter().map(OsString::from))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        split(s).unwrap()
    }

    #[test]
    fn splits_like_a_shell_without_one() {
        assert_eq!(
            w("set 5.8  --status done"),
            ["set", "5.8", "--status", "done"]
        );
        assert_eq!(
            w(r#"set 5.8 --note '已完成 50%' --note "a \"b\" c\\d" e\ f"#),
            [
                "set",
                "5.8",
                "--note",
                "已完成 50%",
                "--note",
                r#"a "b" c\d"#,
                "e f"
            ]
        );
        assert_eq!(
            w("review mark '$(rm -rf /); `x`'"),
            ["review", "mark", "$(rm -rf /); `x`"]
        );
        assert_eq!(w("''"), [""]);
        assert!(w("   ").is_empty());
    }

    #[test]
    fn shell_operators_and_unclosed_quotes_are_refused() {
        for bad in [
            "set 5.8; rm -rf x",
            "export | sh",
            "history && id",
            "export > /tmp/x",
            "set 5.8 --note $(id)",
            "set 5.8 --note `id`",
            "set 5.8 --note \"$HOME\"",
            "set 5.8 --note (x)",
        ] {
            assert!(matches!(split(bad), Err(Refusal::Shell(_))), "{bad}");
        }
        assert_eq!(split("set 'x"), Err(Refusal::Unclosed('\'')));
        assert_eq!(split("set \"x"), Err(Refusal::Unclosed('"')));
    }

    #[test]
    fn only_the_desk_subcommands_pass() {
        let ok = |s: &str| check(w(s)).map(|r| (r.what, r.coordinator_only));
        assert_eq!(ok(""), Ok((String::new(), false)));
        assert_eq!(ok("--lang en"), Ok((String::new(), false)));
        assert_eq!(ok("set 5.8 --status done"), Ok(("set".into(), false)));
        assert_eq!(ok("--lang en history 5.8"), Ok(("history".into(), false)));
        assert_eq!(ok("--today=2022-01-05 undo"), Ok(("undo".into(), false)));
        assert_eq!(ok("review list"), Ok(("review list".into(), false)));
        assert_eq!(
            ok("review decide 5.8 --meeting m --opinion o"),
            Ok(("review decide".into(), true))
        );
        assert_eq!(ok("ingest - --dry-run"), Ok(("ingest".into(), true)));
        assert_eq!(
            ok("ingest - --today 2022-01-10"),
            Ok(("ingest".into(), true))
        );
        assert_eq!(
            ok("export --format xlsx --out -"),
            Ok(("export".into(), false))
        );
        assert_eq!(
            ok("export --format xlsx --out=-"),
            Ok(("export".into(), false))
        );
        for bad in [
            "import x",
            "check",
            "users list",
            "review",
            "review drop",
            "sync",
            "help",
        ] {
            assert!(
                matches!(check(w(bad)), Err(Refusal::NotAllowed(_))),
                "{bad}"
            );
        }
        assert_eq!(check(w("ingest /etc/shadow")), Err(Refusal::ServerFile));
    }

    #[test]
    fn identity_and_file_flags_are_refused_anywhere() {
        for (bad, flag) in [
            ("set 5.8 --dept hrss --status done", "--dept"),
            ("--coordinator 王主任 review decide 5.8", "--coordinator"),
            ("history --data=/tmp/x", "--data"),
            ("export --plan /tmp/p", "--plan"),
            ("set 5.8 --user bob", "--user"),
            ("export --format csv --out /srv/duban/data/tax.ron", "--out"),
        ] {
            assert_eq!(check(w(bad)), Err(Refusal::Flag(flag.into())), "{bad}");
        }
    }

    #[test]
    fn refusals_speak_the_users_language() {
        let r = Refusal::Flag("--data".into());
        assert!(r.say(Lang::Zh).contains("不能使用 --data"));
        assert!(r.say(Lang::En).contains("cannot be given over ssh"));
    }
}
