//! `duban review mark|list|decide`: meetings from scripts and the shell.

use super::out;
use crate::lang::Lang;
use chrono::Utc;
use clap::{Args, Subcommand};

use super::{Context, GlobalArgs};
use crate::date::parse_arg as parse_date;
use crate::meeting::lights::LightCfg;
use crate::meeting::snapshot::{Reviews, capture, new_mark_name};
use crate::progress::{Edit, Op, Who};

#[derive(Debug, Clone, Args)]
pub struct ReviewArgs {
    #[command(subcommand)]
    pub command: ReviewCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ReviewCommand {
    /// Record the state as of --today under the meeting's name (调度会留档)
    Mark {
        /// The meeting, e.g. "2021年12月调度会"
        name: String,
    },
    /// List the recorded reviews
    List,
    /// Coordinator: record a meeting decision (督办意见) and the deadline it sets (调度会定时限)
    Decide {
        /// Measure id, e.g. 2.6
        measure: String,
        /// The meeting, e.g. "2021年12月调度会"
        #[arg(long)]
        meeting: String,
        /// The decision as minuted
        #[arg(long)]
        opinion: String,
        /// The deadline set by the meeting (YYYY-MM-DD), 调度会定时限; a decision, not a promise
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        due: Option<chrono::NaiveDate>,
        /// Department(s) it goes to (id or name; repeatable); default: the overdue departments, else those not done
        #[arg(long = "to", value_name = "ID|NAME")]
        to: Vec<String>,
    },
}

fn not_coordinator(lang: Lang) -> String {
    lang.pick(
        "只有督办人员可以标记调度会：用 --coordinator 姓名，或把自己列入 config.ron 的督办人员",
        "only a coordinator (督办人员) marks a review: give --coordinator NAME, or list yourself in config.ron",
    )
    .into()
}

pub fn run(ctx: &Context, g: &GlobalArgs, a: &ReviewArgs) -> Result<(), String> {
    let store = ctx.store();
    match &a.command {
        ReviewCommand::Mark { name } => {
            let ledger = store
                .load(&ctx.plan)
                .map_err(|e| e.say(ctx.lang, &ctx.plan))?;
            for p in &ledger.problems {
                out::warn(&format!(
                    "duban: {}{}",
                    ctx.lang.pick("警告：", "warning: "),
                    p.say(ctx.lang, &ctx.plan)
                ));
            }
            let cfg =
                LightCfg::from_config(&store.config().map_err(|e| e.say(ctx.lang, &ctx.plan))?);
            // A mark moves everyone's "changes since the last review", so
            // only a coordinator makes one, and each meeting once.
            let by = match super::progress::actor(ctx, g, &store) {
                Ok(Who::Coordinator(name)) => name,
                _ => return Err(not_coordinator(ctx.lang)),
            };
            let reviews = Reviews::open(&ctx.data_dir);
            let name = new_mark_name(&reviews.list()?, name).map_err(|e| e.to_string())?;
            let snap = capture(&ctx.plan, &ledger, ctx.today, cfg, &name, &by, Utc::now());
            let (n, path) = reviews.save(&snap)?;
            let overdue = snap.measures.iter().filter(|m| m.overdue).count();
            let (name, total) = (crate::text::sanitize(&snap.name), snap.measures.len());
            out::say(&ctx.lang.pick(
                format!(
                    "已留档：第 {n:03} 次调度「{name}」，截至 {}：{total} 项措施，逾期 {overdue} 项 → {}",
                    snap.as_of,
                    path.display()
                ),
                format!(
                    "review {n:03} {:?} as of {}: {total} measures, {overdue} overdue → {}",
                    snap.name,
                    snap.as_of,
                    path.display()
                ),
            ));
            Ok(())
        }
        ReviewCommand::List => {
            let all = Reviews::open(&ctx.data_dir).list()?;
            if all.is_empty() {
                out::say(ctx.lang.pick(
                    "还没有调度会留档；用 duban review mark \"2021年12月调度会\" 标记一次",
                    "no reviews yet; mark one with: duban review mark \"2021年12月调度会\"",
                ));
            }
            for s in all {
                match s.snapshot {
                    Ok(x) => {
                        let (name, by) =
                            (crate::text::sanitize(&x.name), crate::text::sanitize(&x.by));
                        let taken = x
                            .taken
                            .with_timezone(&chrono::Local)
                            .format("%Y-%m-%d %H:%M");
                        out::say(&ctx.lang.pick(
                            format!(
                                "{:03}  {name}  截至 {}  {by} 于 {taken} 留档",
                                s.number, x.as_of
                            ),
                            format!(
                                "{:03}  {name}  as of {}  marked {taken} by {by}",
                                s.number, x.as_of
                            ),
                        ))
                    }
                    Err(e) => out::say(&ctx.lang.pick(
                        format!("{:03}  （无法读取：{e}）", s.number),
                        format!("{:03}  (unreadable: {e})", s.number),
                    )),
                }
            }
            Ok(())
        }
        ReviewCommand::Decide {
            measure,
            meeting,
            opinion,
            due,
            to,
        } => {
            let who = super::progress::actor(ctx, g, &store)?;
            let ledger = store
                .load(&ctx.plan)
                .map_err(|e| e.say(ctx.lang, &ctx.plan))?;
            let depts: Vec<String> = if to.is_empty() {
                let m = ctx
                    .plan
                    .measure(measure)
                    .ok_or_else(|| format!("unknown measure {measure:?}"))?;
                crate::meeting::review::recipients(
                    m,
                    &ledger,
                    ctx.today,
                    &crate::meeting::review::Scope::Overdue,
                )
            } else {
                // Departments by id, name, short name or alias, like --dept.
                to.iter()
                    .map(|d| {
                        ctx.plan
                            .find_department(d)
                            .map(|x| x.id.clone())
                            .ok_or_else(|| {
                                crate::progress::identity::unknown_department(
                                    &ctx.plan, d, ctx.lang,
                                )
                            })
                    })
                    .collect::<Result<_, _>>()?
            };
            let edits: Vec<Edit> = depts
                .iter()
                .map(|d| {
                    Edit::new(
                        measure,
                        d,
                        Op::MeetingDecision {
                            meeting: meeting.clone(),
                            opinion: opinion.clone(),
                            due: *due,
                        },
                    )
                })
                .collect();
            let c = store
                .save(&ctx.plan, &edits, &who, Utc::now(), None)
                .map_err(|e| e.say(ctx.lang, &ctx.plan))?;
            if c.changes.is_empty() {
                out::say(&ctx.lang.pick(
                    format!("{measure}：没有变化"),
                    format!("{measure}: nothing changed"),
                ));
            }
            let saved = ctx.lang.pick("已保存", "saved");
            for ch in &c.changes {
                out::say(&format!(
                    "{saved} · {}",
                    crate::ui::strings::saved::change_line(ctx.lang, &ctx.plan, ch)
                ));
            }
            Ok(())
        }
    }
}
