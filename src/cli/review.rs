//! `duban review mark|list|decide`: meetings from scripts and the shell.

use super::out;
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

const NOT_COORDINATOR: &str = "only a coordinator (督办人员) marks a review: give --coordinator NAME, or list yourself in config.ron";

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
                _ => return Err(NOT_COORDINATOR.into()),
            };
            let reviews = Reviews::open(&ctx.data_dir);
            let name = new_mark_name(&reviews.list()?, name).map_err(|e| e.to_string())?;
            let snap = capture(&ctx.plan, &ledger, ctx.today, cfg, &name, &by, Utc::now());
            let (n, path) = reviews.save(&snap)?;
            let overdue = snap.measures.iter().filter(|m| m.overdue).count();
            out::say(&format!(
                "review {n:03} {:?} as of {}: {} measures, {overdue} overdue → {}",
                snap.name,
                snap.as_of,
                snap.measures.len(),
                path.display()
            ));
            Ok(())
        }
        ReviewCommand::List => {
            let all = Reviews::open(&ctx.data_dir).list()?;
            if all.is_empty() {
                out::say("no reviews yet; mark one with: duban review mark \"2021年12月调度会\"");
            }
            for s in all {
                match s.snapshot {
                    Ok(x) => out::say(&format!(
                        "{:03}  {}  as of {}  marked {} by {}",
                        s.number,
                        crate::text::sanitize(&x.name),
                        x.as_of,
                        x.taken.format("%Y-%m-%d %H:%M"),
                        crate::text::sanitize(&x.by)
                    )),
                    Err(e) => out::say(&format!("{:03}  (unreadable: {e})", s.number)),
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
                out::say(&format!("{measure}: nothing changed"));
            }
            for ch in &c.changes {
                out::say(&format!(
                    "{} {}: {} {} → {}",
                    ch.key.measure, ch.key.dept, ch.field, ch.from, ch.to
                ));
            }
            Ok(())
        }
    }
}
