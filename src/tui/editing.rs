//! Saving what the board edits: the identity from `--dept` /
//! `--coordinator`, [`Store::commit`] for each change, undo/redo from the
//! history. A failed save keeps its edits in the app (they go out again with
//! the next save or on `w`) and says why on the status line; only an edit
//! the rules refuse is dropped, since saving it again cannot succeed.

use chrono::Utc;

use crate::app::App;
use crate::app::progress::LedgerProgress;
use crate::cli::Lang;
use crate::progress::{Change, Commit, Store, StoreError, resolve_who};

fn t(app: &App, zh: &str, en: &str) -> String {
    match app.ctx.lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// Decides who edits from the command line and `config.ron`; unknown stays
/// `None` (the first edit asks), a bad name is said on the status line.
pub fn identify(app: &mut App) {
    let store = Store::open(&app.ctx.data_dir);
    let config = match store.config() {
        Ok(c) => c,
        Err(e) => {
            app.state.edit.message = Some(e.to_string());
            Default::default()
        }
    };
    // The board's due-soon colouring follows the same window as the lights.
    app.state.board.due_soon_days =
        i64::from(crate::meeting::LightCfg::from_config(&config).due_soon_days);
    match resolve_who(
        &app.ctx.plan,
        &config,
        app.ctx.dept.as_deref(),
        app.ctx.coordinator.as_deref(),
    ) {
        Ok(w) => app.state.edit.who = w,
        Err(e) => app.state.edit.message = Some(e),
    }
}

fn refresh(app: &mut App, c: &Commit) {
    let p = LedgerProgress::new(&app.ctx.plan, c.ledger.clone(), app.ctx.today, app.ctx.lang);
    app.set_progress(Box::new(p));
}

/// Commits what is pending plus `edits`.
pub fn save(app: &mut App, edits: Vec<crate::progress::Edit>) {
    app.state.edit.pending.extend(edits);
    if app.state.edit.pending.is_empty() {
        app.state.edit.message = Some(t(app, "没有未保存的修改", "Nothing unsaved"));
        return;
    }
    let Some(who) = app.state.edit.who.clone() else {
        app.state.edit.message = Some(t(
            app,
            "不知道您是谁：以 --dept 部门 或 --coordinator 姓名 启动",
            "who you are is unknown: start with --dept ID or --coordinator NAME",
        ));
        return;
    };
    let store = Store::open(&app.ctx.data_dir);
    let pending = app.state.edit.pending.clone();
    match store.commit(&app.ctx.plan, &pending, &who, Utc::now()) {
        Ok(c) => {
            app.state.edit.pending.clear();
            refresh(app, &c);
            app.state.edit.message = Some(if c.changes.is_empty() {
                t(app, "已保存（无变化）", "saved (no change)")
            } else {
                format!("{} · {}", t(app, "已保存", "saved"), summary(&c.changes))
            });
        }
        Err(StoreError::Edit(e)) => {
            app.state.edit.pending.clear();
            app.state.edit.message = Some(format!("{}：{e}", t(app, "未保存", "not saved")));
        }
        Err(e) => {
            let n = app.state.edit.pending.len();
            app.state.edit.message = Some(match app.ctx.lang {
                Lang::Zh => format!("未保存（{n} 项修改保留在内存中，修复后按 w 重试）：{e}"),
                Lang::En => {
                    format!("not saved ({n} edits kept in memory; fix it, then w retries): {e}")
                }
            });
        }
    }
}

/// Undo (or redo) the user's last save.
pub fn replay(app: &mut App, undo: bool) {
    let Some(who) = app.state.edit.who.clone() else {
        app.state.edit.message = Some(t(
            app,
            "不知道您是谁：以 --dept 部门 或 --coordinator 姓名 启动",
            "who you are is unknown: start with --dept ID or --coordinator NAME",
        ));
        return;
    };
    let store = Store::open(&app.ctx.data_dir);
    let r = if undo {
        store.undo(&app.ctx.plan, &who, Utc::now())
    } else {
        store.redo(&app.ctx.plan, &who, Utc::now())
    };
    let what = match (undo, app.ctx.lang) {
        (true, Lang::Zh) => "已撤销",
        (true, Lang::En) => "undone",
        (false, Lang::Zh) => "已重做",
        (false, Lang::En) => "redone",
    };
    match r {
        Ok(c) => {
            refresh(app, &c);
            app.state.edit.message = Some(format!("{what} · {}", summary(&c.changes)));
        }
        Err(e) => app.state.edit.message = Some(e.to_string()),
    }
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
