//! Saving what the board edits: the identity from `--dept` /
//! `--coordinator`, [`Store::commit`] for each change, undo/redo from the
//! history. A failed save keeps its edits (they go out again with the next
//! save or on `w`) and says why on the status line; only an edit the rules
//! refuse is dropped, since saving it again cannot succeed.
//!
//! `commit`, `flush` and `replay` do the I/O and run on the save writer
//! ([`super::saver`]); [`land`] hands their outcome to the app, which
//! applies it with [`effects::apply_saved`].

use chrono::Utc;

use crate::app::effects::{self, Saved};
use crate::app::progress::LedgerProgress;
use crate::lang::Lang;
use crate::progress::Context;
use crate::progress::{Change, Commit, Edit, Store, StoreError, Who};
use crate::ui::App;

fn t(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// Reads `config.ron` and hands it to the board, which decides who edits
/// and the due-soon window from it.
pub fn identify(app: &mut App) {
    let config = app.ctx.store().config().map_err(|e| e.to_string());
    let ctx = app.ctx.clone();
    app.land(|s| effects::apply_config(s, &ctx, config));
}

fn progress_of(ctx: &Context, c: Commit) -> Option<LedgerProgress> {
    Some(LedgerProgress::new(
        &ctx.plan, c.ledger, ctx.today, ctx.lang,
    ))
}

fn unknown_who(lang: Lang) -> String {
    t(
        lang,
        "不知道您是谁：以 --dept 部门 或 --coordinator 姓名 启动",
        "who you are is unknown: start with --dept ID or --coordinator NAME",
    )
}

/// Commits `kept` (what failed saves left) plus `edits`, in that order, and
/// leaves in `kept` whatever is still not on disk. Runs on the save writer.
pub fn commit(
    ctx: &Context,
    store: &Store,
    kept: &mut Vec<Edit>,
    edits: Vec<Edit>,
    who: Option<&Who>,
) -> Saved {
    let lang = ctx.lang;
    kept.extend(edits);
    let said = |message: String, progress, kept: &Vec<Edit>| Saved {
        progress,
        message: Some(message),
        kept: kept.clone(),
    };
    if kept.is_empty() {
        return said(t(lang, "没有未保存的修改", "Nothing unsaved"), None, kept);
    }
    let Some(who) = who else {
        return said(unknown_who(lang), None, kept);
    };
    match store.commit(&ctx.plan, kept, who, Utc::now()) {
        Ok(c) => {
            kept.clear();
            let message = if c.changes.is_empty() {
                t(lang, "已保存（无变化）", "saved (no change)")
            } else {
                format!("{} · {}", t(lang, "已保存", "saved"), summary(&c.changes))
            };
            said(message, progress_of(ctx, c), kept)
        }
        Err(StoreError::Edit(e)) => {
            kept.clear();
            said(
                format!("{}：{e}", t(lang, "未保存", "not saved")),
                None,
                kept,
            )
        }
        Err(e) => {
            let n = kept.len();
            let e = e.say(lang);
            let message = match lang {
                Lang::Zh => format!("未保存（{n} 项修改保留在内存中，修复后按 w 重试）：{e}"),
                Lang::En => {
                    format!("not saved ({n} edits kept in memory; fix it, then w retries): {e}")
                }
            };
            said(message, None, kept)
        }
    }
}

/// Before the board exits: what failed saves kept is tried once more;
/// with nothing kept this does nothing and says nothing.
pub fn flush(ctx: &Context, store: &Store, kept: &mut Vec<Edit>, who: Option<&Who>) -> Saved {
    if kept.is_empty() {
        return Saved {
            progress: None,
            message: None,
            kept: Vec::new(),
        };
    }
    commit(ctx, store, kept, Vec::new(), who)
}

/// Undo (or redo) the user's last save. Runs on the save writer.
pub fn replay(ctx: &Context, store: &Store, kept: &[Edit], who: Option<&Who>, undo: bool) -> Saved {
    let lang = ctx.lang;
    let said = |message: String, progress| Saved {
        progress,
        message: Some(message),
        kept: kept.to_vec(),
    };
    let Some(who) = who else {
        return said(unknown_who(lang), None);
    };
    let r = if undo {
        store.undo(&ctx.plan, who, Utc::now())
    } else {
        store.redo(&ctx.plan, who, Utc::now())
    };
    let what = match (undo, lang) {
        (true, Lang::Zh) => "已撤销",
        (true, Lang::En) => "undone",
        (false, Lang::Zh) => "已重做",
        (false, Lang::En) => "redone",
    };
    match r {
        Ok(c) => {
            let message = format!("{what} · {}", summary(&c.changes));
            said(message, progress_of(ctx, c))
        }
        Err(e) => said(e.to_string(), None),
    }
}

/// Hands a save's outcome to the board.
pub fn land(app: &mut App, saved: Saved) {
    app.land(|s| effects::apply_saved(s, saved));
}

/// "1.2/区发改局 status: in_progress → blocked (+2)".
fn summary(changes: &[Change]) -> String {
    let Some(c) = changes.first() else {
        return String::new();
    };
    let v = |v: &serde_json::Value| match v {
        serde_json::Value::Null => "—".to_string(),
        serde_json::Value::String(s) => s.chars().take(20).collect(),
        other => other.to_string().chars().take(20).collect(),
    };
    let more = if changes.len() > 1 {
        format!(" (+{})", changes.len() - 1)
    } else {
        String::new()
    };
    format!(
        "{}/{} {}: {} → {}{more}",
        c.key.measure,
        c.key.dept,
        c.field,
        v(&c.from),
        v(&c.to)
    )
}
