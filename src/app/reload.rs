//! What the board does when other processes save (`duban set`, `duban
//! ingest`, another board): the runtime watches the data dir and reads the
//! ledger again; [`apply_reloaded`] puts what it read into the state. Pure:
//! the diff against what the board shows decides whether anything is said
//! or drawn, so a reload after the board's own save (which it already shows)
//! changes nothing and draws nothing.
//!
//! What stays: every list's selection (by measure, not by row), scroll
//! positions, and any open form with its typed text. When the entry under
//! an open edit form changed, the board remembers who changed it and says
//! so when the form is saved ([`take_note`]); the store merges that save
//! field by field under its lock.

use std::collections::BTreeSet;

use super::board::MeasureIx;
use super::lists::{dept_measures, due_measures, plan_measures};
use super::progress::LedgerProgress;
use super::state::{AppState, View};
use crate::lang::Lang;
use crate::progress::{Context, Edit, Key, Ledger};

/// What a reload read from the data dir, or why the dir could not be read.
pub struct Reloaded {
    pub ledger: Result<Ledger, String>,
}

/// The entry under the open edit form was changed by someone else while it
/// was open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Live {
    /// The form's entry and who saved the change to it.
    pub changed_under_form: Option<(Key, String)>,
}

/// The list panes that show measures, per view: (view, pane).
const MEASURE_LISTS: [(View, usize); 3] = [(View::Plan, 1), (View::Due, 0), (View::Departments, 1)];

fn list(s: &AppState, view: View) -> Vec<MeasureIx> {
    let first = s.navs[view.index()].panes[0].selected;
    match view {
        View::Plan => plan_measures(s, first),
        View::Due => due_measures(s),
        View::Departments => dept_measures(s, first)
            .into_iter()
            .map(|(m, _)| m)
            .collect(),
        View::Dashboard => Vec::new(),
    }
}

/// How `by` (a department id or a coordinator's name, as stamps write it)
/// is named on the status line: the department's name in Chinese, its id
/// in English, a coordinator as written.
fn who_label(s: &AppState, by: &str) -> String {
    match (s.board.lang, s.board.dept_ix(by)) {
        (Lang::Zh, Some(i)) => s.board.departments[i].name.clone(),
        _ => by.to_string(),
    }
}

/// Who last saved the entry at `key` in `ledger`, if it says.
fn saved_by(ledger: &Ledger, key: &Key) -> Option<String> {
    ledger
        .entries
        .get(key)
        .and_then(|e| e.updated.as_ref())
        .map(|st| st.by.clone())
}

/// The entries that differ between `old` and `new`, in key order.
fn changed_keys(old: &Ledger, new: &Ledger) -> Vec<Key> {
    let keys: BTreeSet<&Key> = old.entries.keys().chain(new.entries.keys()).collect();
    keys.into_iter()
        .filter(|k| old.entries.get(*k) != new.entries.get(*k))
        .cloned()
        .collect()
}

/// "区税务局 更新了 5.8" / "tax saved 5.8"; several changes are summarised
/// by who saved them, the first measures named and the rest counted.
pub fn summary(s: &AppState, new: &Ledger, keys: &[Key]) -> Option<String> {
    // (who, measures in order, without repeats)
    let mut by: Vec<(String, Vec<String>)> = Vec::new();
    for k in keys {
        let who = saved_by(new, k).map_or_else(
            || s.board.lang.pick("其他用户", "someone").to_string(),
            |b| who_label(s, &b),
        );
        match by.iter_mut().find(|(w, _)| *w == who) {
            Some((_, ms)) if ms.contains(&k.measure) => {}
            Some((_, ms)) => ms.push(k.measure.clone()),
            None => by.push((who, vec![k.measure.clone()])),
        }
    }
    if by.is_empty() {
        return None;
    }
    let lang = s.board.lang;
    let total: usize = by.iter().map(|(_, ms)| ms.len()).sum();
    let mut shown = 0;
    let mut parts = Vec::new();
    for (who, ms) in by.iter().take(2) {
        let named: Vec<&str> = ms.iter().take(2).map(String::as_str).collect();
        shown += named.len();
        parts.push(match lang {
            Lang::Zh => format!("{who} 更新了 {}", named.join("、")),
            Lang::En => format!("{who} saved {}", named.join(", ")),
        });
    }
    let mut out = parts.join(lang.pick("；", "; "));
    if total > shown {
        let more = total - shown;
        out.push_str(&match lang {
            Lang::Zh => format!("（另 {more} 项）"),
            Lang::En => format!(" (+{more} more)"),
        });
    }
    Some(out)
}

/// Takes in a reload: the fresh ledger (keeping, for a department whose
/// file cannot be read now, the last good entries the board had), the same
/// selections by measure, the open form untouched, and a word on what
/// changed and who saved it. Returns whether anything visible changed.
pub fn apply_reloaded(s: &mut AppState, ctx: &Context, r: Reloaded) -> bool {
    let lang = s.board.lang;
    let old = s
        .board
        .progress
        .as_ref()
        .and_then(|p| p.ledger())
        .cloned()
        .unwrap_or_default();
    let mut new = match r.ledger {
        Ok(l) => l,
        Err(e) => {
            let msg = match lang {
                Lang::Zh => format!("无法重新读取数据目录，仍显示上次读到的进度：{e}"),
                Lang::En => {
                    format!("cannot read the data dir again; showing the last good copy: {e}")
                }
            };
            if s.edit.message.as_deref() == Some(msg.as_str()) {
                return false;
            }
            s.edit.message = Some(msg);
            return true;
        }
    };

    // A department whose file cannot be read now keeps what it showed.
    let mut unreadable = Vec::new();
    let was_bad: Vec<String> = old.problems.iter().map(|p| p.to_string()).collect();
    for p in &new.problems {
        let newly = !was_bad.contains(&p.to_string());
        if let Some(d) = p.dept() {
            let kept: Vec<(Key, _)> = old
                .dept_entries(d)
                .map(|(k, e)| (k.clone(), e.clone()))
                .collect();
            for (k, e) in kept {
                new.entries.insert(k, e);
            }
        }
        if newly {
            // The file's name within the data dir is what the line has room for.
            let dir = format!("{}/", ctx.data_dir.display());
            unreadable.push(p.brief(lang, &ctx.plan).replace(&dir, ""));
        }
    }
    if !new.problems.is_empty() {
        new.classify(&ctx.plan);
    }

    let keys = changed_keys(&old, &new);
    let problems_changed = was_bad
        != new
            .problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>();
    if keys.is_empty() && !problems_changed {
        return false;
    }

    // The selected measure of every list, to find again after the lists
    // follow the new progress (a filter may drop or move it).
    let before: Vec<Option<MeasureIx>> = MEASURE_LISTS
        .iter()
        .map(|&(v, p)| list(s, v).get(s.navs[v.index()].panes[p].selected).copied())
        .collect();

    // The form's entry changed under it: its text stays as typed.
    if let Some(f) = &s.edit.form {
        let key = Key::new(&f.measure, &f.dept);
        if keys.contains(&key) {
            let who = saved_by(&new, &key).unwrap_or_default();
            s.edit.live.changed_under_form = Some((key, who));
        }
    }
    if let Some(r) = s.review_mut() {
        r.ledger = new.clone();
        r.refresh();
    }

    // What changed under the open form comes first: the line may be cut.
    let mut said = Vec::new();
    if let Some((k, who)) = &s.edit.live.changed_under_form
        && keys.contains(k)
    {
        let who = who_label(s, who);
        said.push(match lang {
            Lang::Zh => format!(
                "您正在编辑的 {} 刚被 {who} 修改，保存时按字段合并",
                k.measure
            ),
            Lang::En => format!(
                "{who} changed the {} entry you are editing; saving merges field by field",
                k.measure
            ),
        });
    }
    said.extend(summary(s, &new, &keys));
    for u in unreadable {
        said.push(match lang {
            // What happened first: the line may be cut at 80 columns.
            Lang::Zh => format!("无法读取，仍显示上次的进度：{u}"),
            Lang::En => format!("cannot read {u} (showing the last good copy)"),
        });
    }

    let progress = LedgerProgress::new(&ctx.plan, new, ctx.today, ctx.lang);
    s.board.set_progress(Box::new(progress));
    super::update::clamp_selections(s);
    for (&(v, p), was) in MEASURE_LISTS.iter().zip(before) {
        let Some(m) = was else { continue };
        if let Some(at) = list(s, v).iter().position(|&x| x == m) {
            let nav = &mut s.navs[v.index()].panes[p];
            // The row keeps its place on screen when it moves.
            let shift = at as isize - nav.selected as isize;
            nav.offset = nav.offset.saturating_add_signed(shift);
            nav.selected = at;
        }
    }
    if !said.is_empty() {
        let msg = said.join(lang.pick("；", "; "));
        if let Some(r) = s.review_mut()
            && r.review.message.is_none()
        {
            r.review.message = Some(msg.clone());
        }
        // A failed save's warning stays first while its edits wait.
        s.edit.message = Some(match s.edit.message.take() {
            Some(old) if !s.edit.pending.is_empty() => {
                format!("{old}{}{msg}", lang.pick("；", "; "))
            }
            _ => msg,
        });
    }
    true
}

/// A save of `edits` going out: if the entry under the form was changed
/// by someone else while the form was open, the word to add to the save's
/// message (and the note is used up).
pub fn take_note(s: &mut AppState, edits: &[Edit]) -> Option<String> {
    let (key, _) = s.edit.live.changed_under_form.as_ref()?;
    if !edits.iter().any(|e| e.key() == *key) {
        return None;
    }
    let (key, who) = s.edit.live.changed_under_form.take()?;
    let who = who_label(s, &who);
    Some(match s.board.lang {
        Lang::Zh => format!(
            "（编辑期间 {who} 也修改了 {}，已按字段合并，同一字段以您的为准）",
            key.measure
        ),
        Lang::En => format!(
            " ({who} changed {} while you edited; merged field by field, yours wins on the same field)",
            key.measure
        ),
    })
}

/// Forgets the note once its form is closed without saving.
pub fn forget_closed(s: &mut AppState) {
    let open = s.edit.form.as_ref().map(|f| Key::new(&f.measure, &f.dept));
    if s.edit
        .live
        .changed_under_form
        .as_ref()
        .is_some_and(|(k, _)| open.as_ref() != Some(k))
    {
        s.edit.live.changed_under_form = None;
    }
}

#[cfg(test)]
#[path = "reload_tests.rs"]
mod tests;
