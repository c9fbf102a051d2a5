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
use crate::progress::{Commit, Edit, Store, StoreError, Who};
use crate::ui::App;
use crate::ui::strings::saved;

fn t(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// Reads `config.ron` and hands it to the board, which decides who edits
/// and the due-soon window from it.
pub fn identify(app: &mut App) {
    let (lang, plan) = (app.ctx.lang, &app.ctx.plan);
    let config = app.ctx.store().config().map_err(|e| e.brief(lang, plan));
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
                format!(
                    "{} · {}",
                    t(lang, "已保存", "saved"),
                    saved::change_summary(lang, &ctx.plan, &c.changes)
                )
            };
            said(message, progress_of(ctx, c), kept)
        }
        Err(StoreError::Edit(e)) => {
            kept.clear();
            said(
                format!(
                    "{}：{}",
                    t(lang, "未保存", "not saved"),
                    e.say(lang, &ctx.plan)
                ),
                None,
                kept,
            )
        }
        Err(e) => {
            let n = kept.len();
            let e = e.brief(lang, &ctx.plan);
            let message = match lang {
                // What is wrong before what to do: at 80 columns the end gives way.
                Lang::Zh => format!("未保存：{e}；{n} 项修改留在内存，修复后按 w 重试"),
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
            let message = format!(
                "{what} · {}",
                saved::change_summary(lang, &ctx.plan, &c.changes)
            );
            said(message, progress_of(ctx, c))
        }
        Err(e) => said(e.brief(lang, &ctx.plan), None),
    }
}

/// Hands a save's outcome to the board.
pub fn land(app: &mut App, saved: Saved) {
    app.land(|s| effects::apply_saved(s, saved));
}
