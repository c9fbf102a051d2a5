//! `duban set`, `duban history`, `duban undo` / `redo`: the ledger from scripts.
//!
//! Every value is checked before anything is written, and all of one
//! command's edits go through a single [`Store::commit`], so a refused
//! command leaves the files as they were.

use super::out;
use chrono::{NaiveDate, Utc};
use clap::Args;

use super::{Context, GlobalArgs};
use crate::date::parse_arg as parse_date;
use crate::lang::Lang;
use crate::progress::identity::resolve_in;
use crate::progress::{Config, Edit, Field, Op, Status, Store, Who, done_on_refusal};
use crate::ui::strings::saved;

/// `duban set MEASURE --dept ID [--status S] [--due D] [--actual KEY=VALUE]... [--note TEXT]`
#[derive(Debug, Clone, Args)]
pub struct SetArgs {
    /// Measure id, e.g. 2.6
    pub measure: String,
    /// not_started | in_progress | done | blocked (also 未开始/推进中/已完成/受阻)
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// Committed date (承诺完成时间), YYYY-MM-DD; `none` clears it
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub due: Option<String>,
    /// When the work was finished (实际完成时间); reports it done. Not later
    /// than the as-of date. `--status done` without it records the as-of date.
    #[arg(long = "done-on", value_name = "YYYY-MM-DD")]
    pub done_on: Option<String>,
    /// Actual value of a target, by the target's key (repeatable)
    #[arg(long = "actual", value_name = "TARGET=VALUE")]
    pub actuals: Vec<String>,
    /// Remove a target's actual value (repeatable)
    #[arg(long = "clear-actual", value_name = "TARGET")]
    pub clear_actuals: Vec<String>,
    /// The note (replaces the previous one; "" clears it)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Add a sub-step (细化措施) (repeatable)
    #[arg(long = "add-step", value_name = "TEXT")]
    pub add_steps: Vec<String>,
    /// Coordinator: strike off (销号) a measure reported done
    #[arg(long)]
    pub confirm: bool,
    /// Coordinator: return (退办) a measure reported done, with the reason
    #[arg(long = "return", value_name = "REASON")]
    pub return_reason: Option<String>,
    /// Request an extension (延期申请) to this date; needs --reason
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub extend: Option<String>,
    /// The reason for --extend
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Progress so far, for --extend
    #[arg(long, value_name = "TEXT")]
    pub progress: Option<String>,
    /// Coordinator: approve the pending extension request
    #[arg(long)]
    pub approve_extension: bool,
    /// Coordinator: reject the pending extension request, with the reason
    #[arg(long, value_name = "REASON")]
    pub reject_extension: Option<String>,
}

/// `duban history [--dept ID] [MEASURE]`
#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// Only this measure
    pub measure: Option<String>,
    /// Print JSON lines instead of text
    #[arg(long)]
    pub json: bool,
}

fn date_arg(s: &str) -> Result<Option<NaiveDate>, String> {
    if matches!(s.trim(), "none" | "" | "-") {
        return Ok(None);
    }
    parse_date(s).map(Some)
}

/// Turns the flags into edits; every value is parsed before anything is
/// saved. `today` is the as-of date: reporting done without `--done-on`
/// records it, and a `--done-on` after it is refused.
pub fn edits(a: &SetArgs, dept: &str, today: NaiveDate, lang: Lang) -> Result<Vec<Edit>, String> {
    let mut ops = Vec::new();
    let status = a
        .status
        .as_deref()
        .map(|s| {
            s.parse::<Status>().map_err(|e| {
                lang.pick(
                    format!("--status “{s}”不是填报状态：可写 未开始、推进中、已完成、受阻（或 not_started、in_progress、done、blocked）"),
                    e,
                )
            })
        })
        .transpose()?;
    // A date flag's error: the domain's English, or the Chinese naming
    // the value and the forms that are read.
    let bad_date = |flag: &str, typed: &str, e: String| {
        lang.pick(
            format!("{flag}：“{typed}”不是有效日期（可写 2022-03-31、2022年3月31日、2022/3/31）"),
            format!("{flag}: {e}"),
        )
    };
    let done_on = match &a.done_on {
        Some(d) => {
            let d = parse_date(d).map_err(|e| bad_date("--done-on", d, e))?;
            if let Some(why) = done_on_refusal(d, today) {
                return Err(lang.pick(
                    format!("--done-on：实际完成时间不能晚于截至日期 {today}（{d}）；请给出 {today} 当天或之前的日期，或用 --today 指定截至日期"),
                    format!("--done-on: {why} (give a date on or before {today}, or --today)"),
                ));
            }
            Some(d)
        }
        None => None,
    };
    match (status, done_on) {
        (Some(s), Some(_)) if s != Status::Done => {
            return Err(lang.pick(
                format!("--done-on 是实际完成时间，只能与 --status 已完成 一起使用，不能与“{}”一起使用", s.label(lang)),
                format!("--done-on is the date the work was finished; it goes with --status done, not {s}"),
            ));
        }
        (_, Some(d)) => ops.push(Op::SetDoneOn(d)),
        (Some(Status::Done), None) => ops.push(Op::ReportDoneOn(today)),
        (Some(s), None) => ops.push(Op::SetStatus(s)),
        (None, None) => {}
    }
    if let Some(d) = &a.due {
        ops.push(Op::SetDue(
            date_arg(d).map_err(|e| bad_date("--due", d, e))?,
        ));
    }
    for kv in &a.actuals {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(lang.pick(
                format!("--actual “{kv}”：请写成 指标=数值，例如 --actual e_rate=99.5"),
                format!("--actual {kv:?}: write TARGET=VALUE, e.g. --actual e_rate=99.5"),
            ));
        };
        let num = v.trim().trim_end_matches('%').trim();
        let value: f64 = num
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .ok_or_else(|| {
                lang.pick(
                    format!("--actual “{kv}”：“{v}”不是数字"),
                    format!("--actual {kv:?}: {v:?} is not a number"),
                )
            })?;
        ops.push(Op::SetActual {
            key: k.trim().to_string(),
            value,
        });
    }
    for k in &a.clear_actuals {
        ops.push(Op::ClearActual {
            key: k.trim().to_string(),
        });
    }
    if let Some(n) = &a.note {
        ops.push(Op::SetNote(n.clone()));
    }
    for s in &a.add_steps {
        ops.push(Op::AddStep {
            text: s.clone(),
            date: None,
        });
    }
    if let Some(d) = &a.extend {
        let date = parse_date(d).map_err(|e| bad_date("--extend", d, e))?;
        let reason = a.reason.clone().ok_or(lang.pick(
            "--extend 需要 --reason 延期理由",
            "--extend needs --reason TEXT (延期理由)",
        ))?;
        ops.push(Op::RequestExtension {
            reason,
            date,
            progress: a.progress.clone().unwrap_or_default(),
        });
    } else if a.reason.is_some() || a.progress.is_some() {
        return Err(lang
            .pick(
                "--reason 和 --progress 要与 --extend 日期 一起使用",
                "--reason and --progress go with --extend DATE",
            )
            .into());
    }
    if a.confirm {
        ops.push(Op::Confirm);
    }
    if let Some(r) = &a.return_reason {
        ops.push(Op::Return { reason: r.clone() });
    }
    if a.approve_extension {
        ops.push(Op::ApproveExtension);
    }
    if let Some(r) = &a.reject_extension {
        ops.push(Op::RejectExtension { reason: r.clone() });
    }
    if ops.is_empty() {
        return Err(lang.pick(
            "没有要填报的内容：请给出 --status、--due、--done-on、--actual、--note 等（见 duban set --help）",
            "nothing to set: give --status, --due, --done-on, --actual, --note or another change (see duban set --help)",
        ).into());
    }
    Ok(ops
        .into_iter()
        .map(|op| Edit::new(&a.measure, dept, op))
        .collect())
}

/// Who acts for a command that edits: the coordinator when named, else the
/// department given by `--dept` — or, with `--user`, the role config.ron
/// gives that person (already in the context).
pub fn actor(ctx: &Context, _g: &GlobalArgs, store: &Store) -> Result<Who, String> {
    let config: Config = store.config().map_err(|e| e.say(ctx.lang, &ctx.plan))?;
    match resolve_in(
        &ctx.plan,
        &config,
        ctx.dept.as_deref(),
        ctx.coordinator.as_deref(),
        ctx.lang,
    )? {
        Some(w) => Ok(w),
        None => Err(ctx
            .lang
            .pick(
                "请说明身份：--dept 部门（你的部门）或 --coordinator 姓名",
                "say who you are: --dept ID (your department) or --coordinator NAME",
            )
            .into()),
    }
}

pub fn set(ctx: &Context, g: &GlobalArgs, a: &SetArgs) -> Result<(), String> {
    let dept = match (ctx.dept.as_deref(), &ctx.user) {
        (Some(d), _) => d,
        // A coordinator over ssh cannot pass --dept: the board (or
        // `review decide --to`) is where they act on a department's entry.
        (None, Some(u)) => {
            return Err(ctx.lang.pick(
                format!("{u} 是督办人员：经 ssh 不能用 --dept 指定部门，请在看板中（ssh 不带命令）销号、退办或审批延期，或用 review decide --to 部门"),
                format!("{u} is a coordinator: --dept cannot be given over ssh; confirm, return or decide extensions in the board (ssh with no command), or use review decide --to DEPT"),
            ));
        }
        (None, None) => {
            return Err(ctx
                .lang
                .pick(
                    "duban set 需要 --dept 部门：要修改的是哪个部门的台账",
                    "duban set needs --dept ID: the department whose entry to change",
                )
                .into());
        }
    };
    let edits = edits(a, dept, ctx.today, ctx.lang)?;
    let store = ctx.store();
    let who = match &ctx.coordinator {
        Some(_) => actor(ctx, g, &store)?,
        None => Who::Dept(dept.to_string()),
    };
    let c = store
        .save(&ctx.plan, &edits, &who, Utc::now(), None)
        .map_err(|e| e.say(ctx.lang, &ctx.plan))?;
    let name = ctx.plan.department(dept).map_or(dept, |d| d.name.as_str());
    if c.changes.is_empty() {
        out::say(&ctx.lang.pick(
            format!("{} {name}：没有变化", a.measure),
            format!("{} {dept}: nothing changed", a.measure),
        ));
    }
    say_changes(ctx, ctx.lang.pick("已保存", "saved"), &c.changes);
    if a.done_on.is_none()
        && c.changes
            .iter()
            .any(|ch| ch.field == Field::DoneOn && !ch.to.is_null())
    {
        out::say(&ctx.lang.pick(
            format!(
                "{} {name}：实际完成时间按截至日期记为 {}；如果更早完成，请用 --done-on 年-月-日 指定",
                a.measure, ctx.today
            ),
            format!(
                "{} {dept}: completion date (done_on) recorded as the as-of date {}; \
                 if the work was finished earlier, give --done-on YYYY-MM-DD",
                a.measure, ctx.today
            ),
        ));
    }
    Ok(())
}

pub fn history(ctx: &Context, a: &HistoryArgs) -> Result<(), String> {
    let store = Store::open(&ctx.data_dir);
    let h = store.history().map_err(|e| e.say(ctx.lang, &ctx.plan))?;
    for p in &h.problems {
        out::warn(&format!(
            "duban: {}{}",
            ctx.lang.pick("警告：", "warning: "),
            p.say(ctx.lang, &ctx.plan)
        ));
    }
    for t in &h.txns {
        for c in &t.changes {
            if a.measure.as_ref().is_some_and(|m| *m != c.key.measure)
                || ctx.dept.as_ref().is_some_and(|d| *d != c.key.dept)
            {
                continue;
            }
            if a.json {
                let line = serde_json::json!({
                    "txn": t.id, "at": t.at, "who": t.who, "user": t.user, "action": t.action, "of": t.of,
                    "source": t.source,
                    "measure": c.key.measure, "dept": c.key.dept, "field": c.field,
                    "from": c.from, "to": c.to,
                });
                out::json_line(&line);
            } else {
                let from = match (&t.source, ctx.lang) {
                    (Some(s), Lang::Zh) => format!("，来自 {s}"),
                    (Some(s), Lang::En) => format!(", from {s}"),
                    (None, _) => String::new(),
                };
                // Local time, as a clerk reads a clock.
                let at = t.at.with_timezone(&chrono::Local);
                let at = match ctx.lang {
                    Lang::Zh => at.format("%Y年%-m月%-d日 %H:%M:%S"),
                    Lang::En => at.format("%Y-%m-%d %H:%M:%S"),
                };
                let (by, change) = (t.by(&ctx.plan), saved::change_line(ctx.lang, &ctx.plan, c));
                let action = action_words(ctx.lang, &t.action);
                let line = match ctx.lang {
                    Lang::Zh => format!("{at} {by} {change}（{action}{from}）"),
                    Lang::En => format!("{at} {by} {change} ({action}{from})"),
                };
                out::say(&line);
            }
        }
    }
    Ok(())
}

pub fn undo(ctx: &Context, g: &GlobalArgs, redo: bool) -> Result<(), String> {
    let store = ctx.store();
    let who = actor(ctx, g, &store)?;
    let c = if redo {
        store.redo(&ctx.plan, &who, Utc::now())
    } else {
        store.undo(&ctx.plan, &who, Utc::now())
    }
    .map_err(|e| e.say(ctx.lang, &ctx.plan))?;
    let what = match (redo, ctx.lang) {
        (false, Lang::Zh) => "已撤销",
        (false, Lang::En) => "undone",
        (true, Lang::Zh) => "已重做",
        (true, Lang::En) => "redone",
    };
    say_changes(ctx, what, &c.changes);
    Ok(())
}

/// Each change a save made, in words: `已保存 · 1.1 区税务局 状态：未开始 →
/// 推进中`. Notes are user data: `say` shows them inert.
fn say_changes(ctx: &Context, what: &str, changes: &[crate::progress::Change]) {
    for ch in changes {
        out::say(&format!(
            "{what} · {}",
            saved::change_line(ctx.lang, &ctx.plan, ch)
        ));
    }
}

/// A history record's action in words.
fn action_words(lang: Lang, action: &str) -> String {
    let zh = match action {
        "undo" => "撤销",
        "redo" => "重做",
        "report_done" => "报结",
        "confirm" => "销号",
        "return" => "退办",
        "request_extension" => "申请延期",
        "approve_extension" => "同意延期",
        "reject_extension" => "不同意延期",
        "meeting_decision" => "督办意见",
        a if a.contains("step") => "填报步骤",
        a if a.starts_with("set_") || a.starts_with("clear_") || a == "edit" => "填报",
        _ => "修改",
    };
    lang.pick(zh.to_string(), action.to_string())
}
