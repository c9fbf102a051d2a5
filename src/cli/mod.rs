//! Command-line interface: argument parsing and every subcommand's handler.
//! The only module that reads arguments and the environment for commands;
//! the domain below it never names it.
//!
//! The flags here are a contract (README, DESIGN §7): scripts rely on them.

pub mod export;
pub mod import;
pub mod ingest;
pub mod out;
pub mod progress;
pub mod review;

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
    /// Who you are: a department id from departments.ron
    #[arg(long, global = true, value_name = "ID")]
    pub dept: Option<String>,
    /// Interface language
    #[arg(long, global = true, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    /// Act as this coordinator (督办人员): may edit any department, confirm, return, decide extensions
    #[arg(long, global = true, value_name = "NAME", env = "DUBAN_COORDINATOR")]
    pub coordinator: Option<String>,
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

    pub fn context(&self) -> Result<Context, String> {
        let plan = self.load_plan().map_err(|e| e.to_string())?;
        let data_dir = self.data_dir(&plan.doc.id);
        // `--dept NAME` with a coordinator listed in config.ron acts as that
        // coordinator (README, "Who you are"), not as an unknown department.
        if let Some(d) = &self.dept
            && plan.department(d).is_none()
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
                plan: plan.into(),
            });
        }
        if let Some(d) = &self.dept
            && plan.department(d).is_none()
        {
            let known: Vec<&str> = plan.departments.iter().map(|d| d.id.as_str()).collect();
            let hint = plan::validate::nearest(d, &known)
                .map(|n| format!(" (did you mean {n:?}?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown department {d:?}{hint}; `duban export --format md` lists them"
            ));
        }
        Ok(Context {
            data_dir,
            today: self.today(),
            dept: self.dept.clone(),
            lang: self.lang,
            coordinator: self.coordinator.clone(),
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

/// Runs the parsed command line; errors are printed here, on stderr.
pub fn run(cli: Cli) -> ExitCode {
    let result = match &cli.command {
        None => cli
            .global
            .context()
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
        Some(c @ (Command::Undo | Command::Redo)) => cli
            .global
            .context()
            .and_then(|ctx| progress::undo(&ctx, &cli.global, matches!(c, Command::Redo))),
        Some(Command::Import(args)) => import::run(args, cli.global.lang),
        Some(Command::Review(args)) => cli
            .global
            .context()
            .and_then(|ctx| review::run(&ctx, &cli.global, args)),
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
            out::say(&format!(
                "ok: {} chapters, {} measures ({}), {} departments",
                plan.chapters.len(),
                plan.measure_count(),
                counts.join(", "),
                plan.departments.len()
            ));
            ExitCode::SUCCESS
        }
        Err(errors) => {
            out::warn(&format!("{errors}"));
            out::warn(&format!("{} problem(s) found", errors.0.len()));
            ExitCode::FAILURE
        }
    }
}
