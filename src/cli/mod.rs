//! Command-line interface: argument parsing and every subcommand's handler.
//! The only module that reads arguments and the environment for commands;
//! the domain below it never names it.
//!
//! The flags here are a contract (README, DESIGN §7): scripts rely on them.

pub mod departments;
pub mod export;
pub mod import;
pub mod ingest;
pub mod out;
pub mod progress;
pub mod recover;
pub mod review;
pub mod ssh;
pub mod sync;
pub mod users;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::export::{Format, report::ReportKind};
use crate::lang::Lang;
use crate::plan::{self, Plan};
pub use crate::progress::Context;

#[derive(Debug, Parser)]
#[command(
    name = "duban",
    version,
    about = "督办 — a terminal progress board for government action plans"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Plan directory (plan.ron, departments.ron, chapters/); default: the embedded plan
    #[arg(long, global = true, value_name = "DIR")]
    pub plan: Option<PathBuf>,
    /// Progress data directory; default: the platform data dir, per plan
    #[arg(long, global = true, value_name = "DIR", env = "DUBAN_DATA")]
    pub data: Option<PathBuf>,
    /// As-of date for overdue and due-soon (YYYY-MM-DD); default: today
    #[arg(long, global = true, value_name = "YYYY-MM-DD", env = "DUBAN_TODAY", value_parser = crate::date::parse_arg)]
    pub today: Option<NaiveDate>,
    /// Who you are: a department (id, name, short name or alias; `duban departments` lists them)
    #[arg(long, global = true, value_name = "ID|NAME")]
    pub dept: Option<String>,
    /// Interface language
    #[arg(long, global = true, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    /// Act as this coordinator (督办人员): may edit any department, confirm, return, decide extensions
    #[arg(long, global = true, value_name = "NAME", env = "DUBAN_COORDINATOR")]
    pub coordinator: Option<String>,
    /// The person, from config.ron's users (the service account's forced command sets it)
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the plan and print its counts; exit 1 on any error
    Check,
    /// Print the plan and its progress without a terminal
    Export(ExportArgs),
    /// Change one measure's entry in a department's ledger
    Set(Box<progress::SetArgs>),
    /// Print the change history (who, when, field, from → to)
    History(progress::HistoryArgs),
    /// Undo your latest change (also after a restart)
    Undo,
    /// Redo the change you undid last
    Redo,
    /// Make a plan directory from a plan document's text
    Import(import::ImportArgs),
    /// Meetings: mark a review (调度会留档), list reviews, record decisions
    Review(review::ReviewArgs),
    /// Apply a filled-in ledger workbook (from `export --format xlsx`); exit 2 when cells were skipped
    #[command(long_about = ingest::INGEST_HELP)]
    Ingest(ingest::IngestArgs),
    /// Apply or discard the edits a board ended by a signal could not save
    Recover(recover::RecoverArgs),
    /// Operator: map user names to departments or coordinators (config.ron) for the ssh service account
    Users(users::UsersArgs),
    /// List the departments: ids, names, short names and aliases
    Departments,
    /// Share the data dir with other sites through git: commit, fetch, merge per field, push
    Sync(sync::SyncArgs),
    /// The git merge driver `duban sync` registers (run by git, not by people)
    #[command(hide = true)]
    MergeFile(sync::MergeFileArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Only measures that are overdue as of --today
    #[arg(long)]
    pub overdue: bool,
    /// Write to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// A meeting report instead of the plan: scoreboard, circular (通报; one department with --dept) or changes since the last review
    #[arg(long, value_enum, conflicts_with = "overdue")]
    pub report: Option<ReportKind>,
    /// With --report changes: compare with this review (number or name) instead of the latest
    #[arg(long, value_name = "N|NAME", requires = "report")]
    pub since: Option<String>,
}

impl GlobalArgs {
    pub fn load_plan(&self) -> Result<Plan, plan::PlanErrors> {
        match &self.plan {
            Some(dir) => plan::load_dir(dir),
            None => plan::load_embedded(),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    pub fn data_dir(&self, plan_id: &str) -> PathBuf {
        match &self.data {
            Some(d) => d.clone(),
            None => default_data_dir(plan_id),
        }
    }

    /// The context every command works in; recovery files waiting in the
    /// data dir are mentioned on stderr.
    pub fn context(&self) -> Result<Context, String> {
        let ctx = self.context_quiet()?;
        recover::notice(&ctx);
        Ok(ctx)
    }

    /// [`GlobalArgs::context`] without the recovery notice.
    pub fn context_quiet(&self) -> Result<Context, String> {
        let plan = self.load_plan().map_err(|e| e.to_string())?;
        let data_dir = self.data_dir(&plan.doc.id);
        if let Some(user) = &self.user {
            return self.user_context(plan, data_dir, user);
        }
        // `--dept NAME` with a coordinator listed in config.ron acts as that
        // coordinator (README, "Who you are"), not as an unknown department.
        if let Some(d) = &self.dept
            && plan.find_department(d).is_none()
            && crate::progress::Store::open(&data_dir)
                .config()
                .is_ok_and(|c| c.is_coordinator(d))
        {
            return Ok(Context {
                data_dir,
                today: self.today(),
                dept: None,
                lang: self.lang,
                coordinator: self.coordinator.clone().or_else(|| Some(d.clone())),
                user: None,
                plan: plan.into(),
            });
        }
        let dept = self.dept_id(&plan)?;
        Ok(Context {
            data_dir,
            today: self.today(),
            dept,
            lang: self.lang,
            coordinator: self.coordinator.clone(),
            user: None,
            plan: plan.into(),
        })
    }

    /// `--dept` as a department id, whichever way it was named.
    fn dept_id(&self, plan: &Plan) -> Result<Option<String>, String> {
        match &self.dept {
            None => Ok(None),
            Some(d) => match plan.find_department(d) {
                Some(found) => Ok(Some(found.id.clone())),
                None => Err(crate::progress::identity::unknown_department(
                    plan, d, self.lang,
                )),
            },
        }
    }

    /// `--user NAME`: the identity is config.ron's, never the flags'.
    fn user_context(&self, plan: Plan, data_dir: PathBuf, user: &str) -> Result<Context, String> {
        let lang = self.lang;
        let config = crate::progress::Store::open(&data_dir)
            .config()
            .map_err(|e| e.say(lang, &plan))?;
        let role = config.role(user).map_err(|e| e.say(lang))?;
        if self.coordinator.is_some() {
            return Err(lang
                .pick(
                    format!("--user {user} 已确定身份，不能再用 --coordinator（或 DUBAN_COORDINATOR）"),
                    format!("--user {user} sets who you are; --coordinator (or DUBAN_COORDINATOR) cannot be given too"),
                ));
        }
        let (dept, coordinator) = match role {
            crate::progress::identity::Role::Dept(id) => {
                if self.dept.is_some() {
                    return Err(lang.pick(
                        format!("--user {user} 已确定部门，不能再用 --dept"),
                        format!("--user {user} sets the department; --dept cannot be given too"),
                    ));
                }
                if plan.department(id).is_none() {
                    return Err(lang.pick(
                        format!("config.ron 把 {user} 分给了计划中没有的部门 {id:?}；请管理员用 duban users add 改正"),
                        format!("config.ron maps {user} to {id:?}, which the plan does not know; the operator fixes it with duban users add"),
                    ));
                }
                (Some(id.clone()), None)
            }
            // A coordinator may name the department whose entry `set` changes.
            // Checked here, not left to the board: a role that does not
            // resolve would leave the board asking who you are.
            crate::progress::identity::Role::Coordinator(name) => {
                if !config.coordinators.is_empty() && !config.is_coordinator(name) {
                    return Err(lang.pick(
                        format!("config.ron 把 {user} 设为督办人员 {name}，但 coordinators 名单里没有 {name}；请管理员用 duban users add 改正"),
                        format!("config.ron makes {user} coordinator {name}, who is not in its coordinators; the operator fixes it with duban users add"),
                    ));
                }
                (self.dept_id(&plan)?, Some(name.clone()))
            }
        };
        Ok(Context {
            data_dir,
            today: self.today(),
            dept,
            lang,
            coordinator,
            user: Some(user.to_string()),
            plan: plan.into(),
        })
    }
}

/// `~/.local/share/duban/<plan-id>` on Linux, the platform equivalent elsewhere.
pub fn default_data_dir(plan_id: &str) -> PathBuf {
    directories::ProjectDirs::from("", "", "duban")
        .map(|d| d.data_dir().join(plan_id))
        .unwrap_or_else(|| Path::new(".duban").join(plan_id))
}

/// The program: the command line, and with `--user` the command an ssh
/// client sent (see [`ssh`]).
pub fn main() -> ExitCode {
    let own: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = Cli::parse_from(&own);
    let remote = std::env::var("SSH_ORIGINAL_COMMAND")
        .ok()
        .filter(|c| !c.trim().is_empty());
    match (&cli.global.user, remote) {
        (Some(_), Some(line)) => run_remote(cli, &own, &line),
        _ => run(cli),
    }
}

/// `ssh service@server WORDS…` as the forced command's user.
fn run_remote(forced: Cli, own: &[std::ffi::OsString], line: &str) -> ExitCode {
    let lang = forced.global.lang;
    let fail = |m: String| {
        out::warn(&format!("duban: {m}"));
        ExitCode::FAILURE
    };
    if forced.command.is_some() {
        return fail(lang.pick(
            "authorized_keys 的 command= 已经写了子命令，不能再经 ssh 另给命令".into(),
            "the authorized_keys command= already names a subcommand; no other command can be sent over ssh".into(),
        ));
    }
    let remote = match ssh::split(line).and_then(ssh::check) {
        Ok(r) => r,
        Err(r) => return fail(r.say(lang)),
    };
    let cli = match Cli::try_parse_from(ssh::argv(own, &remote)) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    if remote.coordinator_only {
        match cli.global.context() {
            Ok(ctx) if ctx.coordinator.is_some() => {}
            Ok(_) => {
                return fail(cli.global.lang.pick(
                    format!("只有督办人员可以运行 {}", remote.what),
                    format!("only a coordinator may run {}", remote.what),
                ));
            }
            Err(e) => return fail(e),
        }
    }
    run(cli)
}

/// Runs the parsed command line; errors are printed here, on stderr.
pub fn run(cli: Cli) -> ExitCode {
    let result = match &cli.command {
        // The board asks about recovery files itself.
        None => cli
            .global
            .context_quiet()
            .and_then(|ctx| crate::tui::run(ctx).map_err(|e| e.to_string())),
        Some(Command::Check) => return check(&cli.global),
        Some(Command::Export(args)) => cli.global.context().and_then(|ctx| export::run(&ctx, args)),
        Some(Command::Set(args)) => cli
            .global
            .context()
            .and_then(|ctx| progress::set(&ctx, &cli.global, args)),
        Some(Command::History(args)) => cli
            .global
            .context()
            .and_then(|ctx| progress::history(&ctx, args)),
        Some(Command::Ingest(args)) => return ingest::run(&cli.global, args),
        Some(Command::Sync(args)) => cli.global.context().and_then(|ctx| sync::run(&ctx, args)),
        Some(Command::MergeFile(args)) => return sync::merge_file(args, cli.global.lang),
        Some(c @ (Command::Undo | Command::Redo)) => cli
            .global
            .context()
            .and_then(|ctx| progress::undo(&ctx, &cli.global, matches!(c, Command::Redo))),
        Some(Command::Import(args)) => import::run(args, cli.global.lang),
        Some(Command::Recover(args)) => cli
            .global
            .context_quiet()
            .and_then(|ctx| recover::run(&ctx, &cli.global, args)),
        Some(Command::Review(args)) => cli
            .global
            .context()
            .and_then(|ctx| review::run(&ctx, &cli.global, args)),
        Some(Command::Users(args)) => users::run(&cli.global, args),
        Some(Command::Departments) => departments::run(&cli.global),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out::warn(&format!("duban: {e}"));
            ExitCode::FAILURE
        }
    }
}

fn check(g: &GlobalArgs) -> ExitCode {
    match g.load_plan() {
        Ok(plan) => {
            let counts: Vec<String> = plan
                .chapters
                .iter()
                .map(|c| c.measures.len().to_string())
                .collect();
            out::say(&plan.doc.title);
            let (chapters, measures, depts) = (
                plan.chapters.len(),
                plan.measure_count(),
                plan.departments.len(),
            );
            out::say(&g.lang.pick(
                format!(
                    "计划检查通过：{chapters} 章，{measures} 项措施（各章 {}），{depts} 个部门",
                    counts.join("、")
                ),
                format!(
                    "ok: {chapters} chapters, {measures} measures ({}), {depts} departments",
                    counts.join(", ")
                ),
            ));
            ExitCode::SUCCESS
        }
        Err(errors) => {
            out::warn(&format!("{errors}"));
            let n = errors.0.len();
            out::warn(
                &g.lang
                    .pick(format!("发现 {n} 个问题"), format!("{n} problem(s) found")),
            );
            ExitCode::FAILURE
        }
    }
}
