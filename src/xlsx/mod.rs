//! The department ledger (工作台账) as an Excel workbook, and reading the
//! filled-in copies back (`duban export --format xlsx`, `duban ingest`).
//!
//! # Workbook layout
//!
//! * **填表说明** (first sheet): how to fill the sheets in.
//! * **汇总**: the meetings scoreboard as of `--today`
//!   ([`crate::meeting::score`], its ranking rule printed above the table):
//!   per department its items, done, due, done on time, the on-time rate,
//!   overdue, warnings, progress and its light. Always every ranked
//!   department, whatever `--dept` says, so a department sees where it stands.
//! * **One sheet per department** (named by its short name), one row per
//!   measure the department leads or carries. Row 1 is a title (department,
//!   as-of date, what to fill in), row 2 the header; both are frozen, and so
//!   is the first column. Columns:
//!
//!   | header | content | editable |
//!   |---|---|---|
//!   | 措施编号 | measure id (text, e.g. `2.10`) — the row's key | no |
//!   | 部门编号 | department id — the row's key (hidden) | no |
//!   | 章节 | chapter | no |
//!   | 措施内容 | number, title and full text, wrapped | no |
//!   | 角色 | 牵头 / 责任 | no |
//!   | 计划时限 | the plan's due date (a date cell) | no |
//!   | 灯号 | the light ([`crate::meeting::lights`]) as a coloured cell and words: 逾期N天 (red), 临期… / 滞后序时进度… (yellow), 正常 (green) | no |
//!   | 状态 | 未开始 / 推进中 / 已完成 / 受阻 (drop-down list) | **yes** |
//!   | 承诺完成时间 | the committed date (a date cell) | **yes** |
//!   | 指标N / 指标N实际值 | target N as "label ≥ value unit", and its actual (a number) | **actual only** |
//!   | 备注 | note, wrapped | **yes** |
//!   | 分解步骤 | the sub-steps (细化措施), one a line: "1. text（status，date）" | no |
//!   | 督办意见 | the latest meeting decision: "meeting：opinion；调度会定时限 D" | no |
//!   | 审核 | the review (已报结，待审核 / 已销号 / 退办：reason) and an extension request with its decision (申请延期至 D（待审核） / 已同意延期至 D / 未同意延期至 D：reason) | no |
//!   | 导出值 | the editable values as exported, JSON (hidden) | no |
//!
//!   Targets get **one pair of columns per target** (as many pairs as the
//!   sheet's measure with the most targets): the label sits next to the cell
//!   to fill, the unit is in the label and in the cell's input prompt, and
//!   the cell takes a plain number. That is less error-prone than a
//!   `key=value` text cell, which a clerk would have to spell exactly. The
//!   actual cells are formatted as text, so what is typed is kept as typed:
//!   Excel would otherwise store "99.5%" as 0.995 in a target whose unit is
//!   already %, silently. Reading back accepts number cells and text that is
//!   a number ("99.5", "99.5%"), and reports anything else.
//!
//!   Editable headers are yellow, carry a note saying what to write, and
//!   their cells are unlocked; the sheet is protected (no password: it
//!   guards against slips, not people), so the other cells cannot be typed
//!   over by accident. Columns and rows can still be resized, and the
//!   header has a filter. Widths count CJK characters as two; rows are as
//!   tall as their wrapped text.
//!
//! Every sheet prints on A4 landscape, one page wide (as many pages tall as
//! it takes), its title and header rows repeated on each page and
//! `第 N 页 共 M 页` at the foot; columns are narrow and wrap so the scale
//! stays readable. Text that a spreadsheet would take for a formula once
//! edited (`=1+2`) is written quote-prefixed, so it stays text.
//!
//! # Reading back
//!
//! [`read`] finds, on every sheet, the header row (the first row holding
//! 措施编号) and reads rows by header name, so reordered rows and sheets,
//! renamed sheets and blank rows do not matter. [`ingest`] compares each
//! editable cell three ways — the value in the workbook, the value exported
//! (from 导出值) and the value in the data dir now — and proposes an edit
//! only where the clerk changed the cell; where duban's value also moved
//! since the export it reports a conflict instead of overwriting either.
//! Everything it cannot read is reported with its cell and skipped. What
//! remains goes through [`crate::progress::Store::commit_from`] — the
//! board's locked, merged save — as one history transaction whose records
//! carry the workbook's path as `source` (so one `duban undo` reverts an
//! import). Exit status: see [`cmd`].
//!
//! Sub-steps, 督办意见 and 审核 are shown for reading, not read back: steps
//! are edited in the board or with `duban set --add-step`, decisions and
//! reviews are a coordinator's acts (`duban review decide`, `set --confirm`,
//! `--return`). The hidden 导出值 also holds a fingerprint of each read-only
//! cell as exported (章节, 角色, 计划时限, 灯号, 分解步骤, 实际完成时间, 督办意见,
//! 审核), so `ingest` reports an edit to any of them with its cell and
//! skips it, whatever duban's state has become since; the row's editable
//! cells still count. Not carried back by
//! the workbook: reports and confirmations, extension requests; entries of
//! measures no longer in the plan (orphans); an English workbook.

pub mod cell;
pub mod ingest;
pub mod layout;
pub mod limits;
pub mod read;
pub mod write;

pub use layout::build;

use crate::meeting::{LightCfg, score};
use crate::progress::{Context, Ledger, Store};
use layout::Options;
pub use write::render;

/// Header texts of a department sheet. Reading matches them exactly.
pub mod col {
    pub const MEASURE: &str = "措施编号";
    pub const DEPT: &str = "部门编号";
    pub const CHAPTER: &str = "章节";
    pub const TEXT: &str = "措施内容";
    pub const ROLE: &str = "角色";
    pub const PLAN_DUE: &str = "计划时限";
    pub const LIGHT: &str = "灯号";
    pub const STATUS: &str = "状态";
    pub const DUE: &str = "承诺完成时间";
    pub const NOTE: &str = "备注";
    pub const STEPS: &str = "分解步骤";
    /// Read-only: the completion date (`done_on`); ingest ignores it.
    pub const DONE_ON: &str = "实际完成时间";
    pub const DECISION: &str = "督办意见";
    pub const AUDIT: &str = "审核";
    pub const EXPORTED: &str = "导出值";

    /// `指标1`, `指标2`, …
    pub fn target(n: usize) -> String {
        format!("指标{n}")
    }

    /// `指标1实际值`, …
    pub fn actual(n: usize) -> String {
        format!("指标{n}实际值")
    }
}

/// Name of the scoreboard sheet.
pub const SUMMARY_SHEET: &str = "汇总";
/// Name of the instructions sheet.
pub const HELP_SHEET: &str = "填表说明";

/// The workbook's bytes for `duban export --format xlsx`.
pub fn workbook(ctx: &Context, ledger: &Ledger, overdue: bool) -> Result<Vec<u8>, String> {
    let opts = Options {
        dept: ctx.dept.clone(),
        overdue_only: overdue,
    };
    let store = Store::open(&ctx.data_dir);
    let cfg = LightCfg::from_config(&store.config().map_err(|e| e.to_string())?);
    let history = store.history().map_err(|e| e.to_string())?;
    let done = score::done_dates(&history, ctx.today);
    let scores = score::scoreboard(&ctx.plan, ledger, ctx.today, &done, cfg);
    let book = layout::build(&ctx.plan, ledger, ctx.today, cfg, scores, &opts)?;
    write::render(&book)
}
