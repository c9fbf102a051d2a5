//! Edits the board could not save when it had to end, kept in a recovery
//! file in the data dir (`progress::store::recovery`), and the question at
//! the next start that applies, discards or keeps them.
//!
//! A forced exit (SIGTERM, SIGHUP, a closed terminal) with the lock held
//! elsewhere cannot wait for its queued saves: the watchdog ends the process
//! [`super::watchdog::SAVE_LIMIT`] after the exit began. So the recovery
//! file is written first, the saves get [`SAVE_WAIT`], and the file is then
//! removed or brought up to date.

use std::io::BufRead;
use std::time::{Duration, Instant};

use chrono::Utc;

use super::saver::{Job, Saver};
use crate::app::edit::{Form, FormKind, form_edits};
use crate::lang::Lang;
use crate::progress::Edit;
use crate::progress::store::Unsaved;
use crate::ui::App;

/// How long a forced exit may take to save, recovery file included: well
/// inside the watchdog's allowance for the saving phase, which would end
/// the process without a word (fsyncs on a busy disk take hundreds of ms).
pub const SAVE_WAIT: Duration = Duration::from_millis(800);

/// Runs before the board exits on a signal or hang-up: every queued save
/// may land, and edits a failed save kept are tried once more, within
/// [`SAVE_WAIT`]. What is not on disk by then — and whatever was typed in a
/// form still open — goes to a recovery file, written first thing (the
/// watchdog may end the process while a save still waits for the lock)
/// and brought up to date once the wait is over.
pub fn forced_exit(app: &mut App, saver: &Saver) -> Result<(), String> {
    let deadline = Instant::now() + SAVE_WAIT;
    let store = app.ctx.store();
    let typed = app
        .state
        .edit
        .form
        .as_ref()
        .map(open_form_edits)
        .unwrap_or_default();
    let left = |app: &App| -> Vec<Edit> {
        let mut v = app.state.edit.pending.clone();
        v.extend(saver.unlanded());
        v.extend(typed.iter().cloned());
        v
    };
    let unsaved = |app: &App, edits: Vec<Edit>| Unsaved {
        who: app.state.edit.who.clone(),
        at: Utc::now(),
        why: {
            let why = t(
                app.ctx.lang,
                "看板结束时仍有未保存的修改",
                "the board was ended with edits unsaved",
            );
            match &app.state.edit.message {
                Some(m) => format!("{why}（{m}）"),
                None => why,
            }
        },
        edits,
    };
    let first = left(app);
    let mut file = None;
    if !first.is_empty() {
        file = store
            .write_recovery(None, &unsaved(app, first.clone()))
            .ok();
    }
    if app.state.saves.busy() || !app.state.edit.pending.is_empty() {
        let who = app.state.edit.who.clone();
        saver.submit(app, Job::Flush { who });
    }
    saver.wait_until(app, Some(deadline));
    let still = left(app);
    if still.is_empty() {
        if let Some(path) = &file {
            let _ = std::fs::remove_file(path);
        }
        return Ok(());
    }
    let n = still.len();
    if let Some(path) = file.as_deref()
        && still == first
    {
        return Err(recovery_written(app.ctx.lang, n, path));
    }
    match store.write_recovery(file.as_deref(), &unsaved(app, still)) {
        Ok(path) => Err(recovery_written(app.ctx.lang, n, &path)),
        // Nowhere to keep them: name them, so they are at least on screen.
        Err(e) => unsaved_or(app, &e.say(app.ctx.lang, &app.ctx.plan)),
    }
}

/// What a form still open would save; a reason form nobody typed in
/// saves nothing.
fn open_form_edits(form: &Form) -> Vec<Edit> {
    let typed = form
        .fields
        .iter()
        .any(|f| !f.input.text().trim().is_empty());
    match form.kind {
        FormKind::Entry => form_edits(form),
        _ if typed => form_edits(form),
        _ => Vec::new(),
    }
}

fn recovery_written(lang: Lang, n: usize, path: &std::path::Path) -> String {
    let path = crate::text::sanitize(&path.display().to_string());
    match lang {
        Lang::Zh => format!(
            "{n} 项修改未能保存，已写入恢复文件 {path}；下次启动看板时会询问是否应用，也可运行 `duban recover --apply` 应用（`duban recover --discard` 放弃）"
        ),
        Lang::En => format!(
            "{n} edit(s) could not be saved and were written to the recovery file {path}; the board offers to apply them at its next start, or run `duban recover --apply` (`duban recover --discard` drops them)"
        ),
    }
}

fn unsaved_or(app: &App, why: &str) -> Result<(), String> {
    match list_unsaved(app) {
        Ok(()) => Err(match app.ctx.lang {
            Lang::Zh => format!("修改未保存，也无法写入恢复文件：{why}"),
            Lang::En => {
                format!("edits were not saved and no recovery file could be written: {why}")
            }
        }),
        Err(e) => Err(format!("{e}\n{}", no_recovery_file(app.ctx.lang, why))),
    }
}

/// At start, before the terminal is taken: recovery files left by a board
/// that was ended are shown, and the user applies, discards or keeps them.
/// Without a terminal to ask on, they are only mentioned.
pub fn offer(app: &mut App) -> bool {
    let store = app.ctx.store();
    let (found, problems) = store.recoveries();
    let lang = app.ctx.lang;
    for p in problems {
        say(&format!("duban: {p}"));
    }
    if found.is_empty() || !rustix::termios::isatty(std::io::stdin()) {
        return false;
    }
    let mut applied = false;
    for r in found {
        let u = &r.unsaved;
        let mut text = match lang {
            Lang::Zh => format!(
                "恢复文件 {}：{} 项未保存的修改（{}，{}）",
                r.path.display(),
                u.edits.len(),
                u.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
                u.who.as_ref().map_or("?".into(), |w| w.name().to_string()),
            ),
            Lang::En => format!(
                "recovery file {}: {} unsaved edit(s) ({}, {})",
                r.path.display(),
                u.edits.len(),
                u.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
                u.who.as_ref().map_or("?".into(), |w| w.name().to_string()),
            ),
        };
        for e in &u.edits {
            text.push_str(&format!(
                "\n  {}",
                crate::ui::strings::saved::edit_words(lang, &app.ctx.plan, e)
            ));
        }
        say(&text);
        eprint!(
            "{}",
            match lang {
                Lang::Zh => "现在应用这些修改吗？ y 应用 / d 放弃 / 回车 暂不处理：",
                Lang::En => "Apply these edits now? y apply / d discard / Enter keep for later: ",
            }
        );
        let mut line = String::new();
        let _ = std::io::Read::take(std::io::stdin().lock(), 256).read_line(&mut line);
        let said = match line.trim() {
            "y" | "Y" | "yes" | "是" => {
                let who = u.who.clone().or_else(|| app.state.edit.who.clone());
                match who {
                    None => match lang {
                        Lang::Zh => "未应用：不知道是谁的修改，以 --dept 或 --coordinator 启动".into(),
                        Lang::En => "not applied: nobody to save them as; start with --dept or --coordinator".into(),
                    },
                    Some(w) => match store.apply_recovery(&app.ctx.plan, &r, &w, Utc::now()) {
                        Ok(s) => match lang {
                            Lang::Zh => format!("已应用：{} 项变化", s.changes.len()),
                            Lang::En => format!("applied: {} change(s)", s.changes.len()),
                        },
                        Err(e) => match lang {
                            Lang::Zh => format!("未应用（恢复文件保留）：{e}"),
                            Lang::En => format!("not applied (the recovery file stays): {e}"),
                        },
                    },
                }
            }
            "d" | "D" => match store.discard_recovery(&r) {
                Ok(()) => t(lang, "已放弃", "discarded"),
                Err(e) => e.to_string(),
            },
            _ => t(
                lang,
                "保留，稍后可运行 `duban recover`",
                "kept; `duban recover` deals with it later",
            ),
        };
        say(&said);
        applied |= matches!(line.trim(), "y" | "Y" | "yes" | "是");
    }
    applied
}

/// On stderr, as the board has not taken the terminal yet; what a file
/// said is never sent raw.
fn say(s: &str) {
    eprintln!("{}", crate::text::sanitize_multiline(s));
}

fn t(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.into(),
        Lang::En => en.into(),
    }
}

/// An error naming the edits still not on disk, if any, so that what was
/// typed is at least on the screen after the board has gone; they are also
/// kept in a recovery file, for the next start or `duban recover`.
pub fn keep_unsaved(app: &App) -> Result<(), String> {
    let Err(msg) = list_unsaved(app) else {
        return Ok(());
    };
    let pending = &app.state.edit.pending;
    let kept = app.ctx.store().write_recovery(
        None,
        &Unsaved {
            who: app.state.edit.who.clone(),
            at: Utc::now(),
            why: msg.lines().next().unwrap_or_default().to_string(),
            edits: pending.clone(),
        },
    );
    match kept {
        Ok(path) => Err(format!(
            "{msg}\n{}",
            recovery_written(app.ctx.lang, pending.len(), &path)
        )),
        Err(e) => Err(format!(
            "{msg}\n{}",
            no_recovery_file(app.ctx.lang, &e.say(app.ctx.lang, &app.ctx.plan))
        )),
    }
}

fn list_unsaved(app: &App) -> Result<(), String> {
    let pending = &app.state.edit.pending;
    if pending.is_empty() {
        return Ok(());
    }
    let lang = app.ctx.lang;
    let mut msg = match (pending.len(), lang) {
        (n, Lang::Zh) => format!("{n} 项修改未保存"),
        (1, Lang::En) => "1 edit was not saved".to_string(),
        (n, Lang::En) => format!("{n} edits were not saved"),
    };
    if let Some(m) = &app.state.edit.message {
        // The status line's own "not saved" would be said twice.
        let m = m.strip_prefix("未保存：").unwrap_or(m);
        msg.push_str(&lang.pick(format!("（{m}）"), format!(" ({m})")));
    }
    for e in pending {
        msg.push_str(&format!(
            "\n  {}",
            crate::ui::strings::saved::edit_words(lang, &app.ctx.plan, e)
        ));
    }
    Err(msg)
}

fn no_recovery_file(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("也无法写入恢复文件：{why}"),
        Lang::En => format!("no recovery file could be written: {why}"),
    }
}
