//! What comes back from the runtime's I/O, and the pure functions that put
//! it into the state. The runtime (`tui`) reads and writes files; these
//! decide what the board shows of the outcome, so that part of the state
//! machine is tested here like [`super::update`].

use super::progress::LedgerProgress;
use super::state::AppState;
use super::update::clamp_selections;
use crate::meeting::LightCfg;
use crate::meeting::review::Form;
use crate::progress::{Config, Context, Edit, Ledger, resolve_who};

/// Takes in `config.ron` as read (or why it could not be): the due-soon
/// window the lights use, and who edits from `--dept` / `--coordinator`.
/// Unknown stays `None` (the first edit asks); a bad name or an unreadable
/// file is said on the status line.
pub fn apply_config(s: &mut AppState, ctx: &Context, config: Result<Config, String>) {
    let config = config.unwrap_or_else(|e| {
        s.edit.message = Some(e);
        Config::default()
    });
    // The board's due-soon colouring follows the same window as the lights.
    s.board.due_soon_days = i64::from(LightCfg::from_config(&config).due_soon_days);
    s.edit.coordinators = config.coordinators.clone();
    // A department may be named as the plan names it (区税务局, 税务局, an
    // alias) as well as by its id.
    let dept = ctx.dept.as_deref().map(|d| {
        ctx.plan
            .find_department(d)
            .map_or(d, |x| x.id.as_str())
            .to_string()
    });
    match resolve_who(
        &ctx.plan,
        &config,
        dept.as_deref(),
        ctx.coordinator.as_deref(),
    ) {
        Ok(w) => {
            if let Some(crate::progress::Who::Dept(d)) = &w
                && s.me.as_deref() != Some(d.as_str())
            {
                s.me = Some(d.clone());
                if let Some(ix) = s.board.dept_ix(d) {
                    s.navs[super::state::View::Departments.index()].panes[0].selected = ix;
                }
            }
            // Through the service account the person was fixed by their
            // key; the first screen says who that is.
            if let (Some(user), Some(who)) = (&ctx.user, &w) {
                s.edit.message = Some(signed_in(ctx, user, who));
            }
            s.edit.who = w;
        }
        Err(e) => s.edit.message = Some(who_error(s, ctx, &config, e)),
    }
}

/// Why `--dept` / `--coordinator` named no one, in the UI language.
fn who_error(s: &AppState, ctx: &Context, config: &Config, en: String) -> String {
    if s.board.lang == crate::lang::Lang::En {
        return en;
    }
    if let Some(name) = ctx.coordinator.as_deref().map(str::trim) {
        return if name.is_empty() {
            "--coordinator 后需要填写姓名".into()
        } else {
            format!(
                "“{name}”不是 config.ron 中列出的督办人员（已列出：{}）；首次修改时可选择身份",
                config.coordinators.join("、")
            )
        };
    }
    let d = ctx.dept.as_deref().unwrap_or_default().trim();
    format!("没有部门“{d}”（--dept 用部门全称、简称或代码）；首次修改时可从列表中选择您的部门")
}

/// `当前用户：alice（区税务局）`.
fn signed_in(ctx: &Context, user: &str, who: &crate::progress::Who) -> String {
    use crate::progress::Who;
    let role = match who {
        Who::Dept(d) => ctx
            .plan
            .department(d)
            .map_or_else(|| d.clone(), |x| x.name.clone()),
        Who::Coordinator(c) => format!("{}{c}", ctx.lang.pick("督办人员 ", "coordinator ")),
    };
    format!(
        "{}{user}（{role}）",
        ctx.lang.pick("当前用户：", "signed in as ")
    )
}

/// What a save or undo did.
pub struct Saved {
    /// The ledger as it is on disk after the save, ready to show.
    pub progress: Option<LedgerProgress>,
    /// The status line's word on it; `None` says nothing.
    pub message: Option<String>,
    /// Edits still not on disk (a failed save keeps them).
    pub kept: Vec<Edit>,
}

/// Hands a save's outcome to the board: the fresh ledger, the word on the
/// status line, and the edits still waiting.
pub fn apply_saved(s: &mut AppState, saved: Saved) {
    if let Some(p) = saved.progress {
        s.board.set_progress(Box::new(p));
        clamp_selections(s);
    }
    s.edit.pending = saved.kept;
    if let Some(m) = saved.message {
        s.edit.message = Some(m);
    }
}

/// How a decision's save went, with what the review showed when it was
/// submitted: the result may come back after the user has moved on.
pub struct Decided {
    pub measure: Option<String>,
    pub form: Option<Form>,
    /// The fresh ledger, or why nothing was saved.
    pub result: Result<Ledger, String>,
}

/// A decision goes to be saved: the review says `saving` meanwhile (the
/// form stays open), and what it shows now (the item, the form as
/// submitted) comes back, to be matched against the result.
pub fn decision_sent(s: &mut AppState, saving: String) -> (Option<String>, Option<Form>) {
    let Some(r) = s.review_mut() else {
        return (None, None);
    };
    r.review.message = Some(saving);
    (
        r.review.current().map(str::to_string),
        r.review.form.clone(),
    )
}

/// A mark goes to be written: the review says `saving` meanwhile, and the
/// meeting's name, the lights' settings and the screen's ledger come back;
/// `None` without an open review.
pub fn mark_sent(s: &mut AppState, saving: String) -> Option<(String, LightCfg, Ledger)> {
    let r = s.review_mut()?;
    r.review.message = Some(saving);
    Some((r.review.meeting.clone(), r.cfg, r.ledger.clone()))
}

/// The decision typed in `a` is the one in `b` (the error shown aside).
fn same_decision(a: &Form, b: &Form) -> bool {
    a.opinion == b.opinion && a.date == b.date
}

/// Reports a decision's save to the review screen. On the item it was made
/// on, with the form as submitted, this is [`Review::saved`]; a form the
/// user changed meanwhile is left open, and a failure after the form was
/// closed opens it again with what was typed, so nothing typed is lost.
///
/// [`Review::saved`]: crate::meeting::review::Review::saved
pub fn apply_decided(s: &mut AppState, d: Decided) {
    let Some(screen) = s.review_mut() else {
        if let Err(e) = d.result {
            s.edit.message = Some(format!("督办意见未保存：{e}"));
        }
        return;
    };
    let review = &mut screen.review;
    review.message = None;
    let here = d.measure.is_some() && review.current() == d.measure.as_deref();
    match d.result {
        Ok(ledger) => {
            screen.ledger = ledger;
            let unchanged = match (&review.form, &d.form) {
                (Some(now), Some(sent)) => same_decision(now, sent),
                _ => false,
            };
            if here && unchanged {
                review.saved(Ok(()));
            } else {
                review.decided.extend(d.measure);
                review.message = Some("督办意见已保存".into());
            }
            screen.refresh();
        }
        Err(e) if here && review.form.is_some() => review.saved(Err(e)),
        Err(e) if here => {
            review.form = d.form.map(|f| Form {
                error: Some(e.clone()),
                ..f
            });
            if review.form.is_none() {
                review.message = Some(format!("督办意见未保存：{e}"));
            }
        }
        Err(e) => review.message = Some(format!("督办意见未保存：{e}")),
    }
}

/// What marking a review wrote: the ledger the snapshot was taken of and
/// the word on it.
pub struct Marked {
    pub ledger: Ledger,
    pub message: String,
}

/// Shows a mark's outcome on the review screen, or on the status line when
/// the review was closed meanwhile.
pub fn apply_marked(s: &mut AppState, m: Marked) {
    match s.review_mut() {
        Some(r) => {
            r.ledger = m.ledger;
            r.review.message = Some(m.message);
            r.refresh();
        }
        None => s.edit.message = Some(m.message),
    }
}

#[cfg(test)]
#[path = "effects_tests.rs"]
mod tests;
