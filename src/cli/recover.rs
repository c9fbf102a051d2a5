//! `duban recover`: the recovery files a board left when it was ended with
//! edits it could not save (see `progress::store::recovery`). Without a flag
//! it lists them; `--apply` saves their edits, `--discard` removes them.
//! Every other command mentions them once, on stderr ([`notice`]).

use chrono::Utc;
use clap::Args;

use super::{Context, GlobalArgs, out};
use crate::lang::Lang;
use crate::progress::Store;
use crate::progress::store::Recovery;

/// `duban recover [--apply | --discard]`
#[derive(Debug, Clone, Args)]
pub struct RecoverArgs {
    /// Save the edits of every recovery file, then remove the files
    #[arg(long, conflicts_with = "discard")]
    pub apply: bool,
    /// Remove every recovery file without saving its edits
    #[arg(long)]
    pub discard: bool,
}

fn t(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

fn describe(lang: Lang, plan: &crate::plan::Plan, r: &Recovery) -> String {
    let u = &r.unsaved;
    let who = u.who.as_ref().map_or("?".into(), |w| w.name().to_string());
    let mut s = match lang {
        Lang::Zh => format!(
            "{}：{} 项未保存的修改（{}，{}）",
            r.path.display(),
            u.edits.len(),
            u.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
            who
        ),
        Lang::En => format!(
            "{}: {} unsaved edit(s) ({}, {})",
            r.path.display(),
            u.edits.len(),
            u.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
            who
        ),
    };
    for e in &u.edits {
        s.push_str(&format!(
            "\n  {}",
            crate::ui::strings::saved::edit_words(lang, plan, e)
        ));
    }
    s
}

/// One line on stderr when recovery files wait in the data dir.
pub fn notice(ctx: &Context) {
    let (found, _) = Store::open(&ctx.data_dir).recoveries();
    if found.is_empty() {
        return;
    }
    let n: usize = found.iter().map(|r| r.unsaved.edits.len()).sum();
    out::warn(&match ctx.lang {
        Lang::Zh => format!(
            "duban: 数据目录中有 {} 个恢复文件（{n} 项未保存的修改）；`duban recover` 查看，`duban recover --apply` 应用，`duban recover --discard` 放弃",
            found.len()
        ),
        Lang::En => format!(
            "duban: {} recovery file(s) with {n} unsaved edit(s) in the data dir; `duban recover` lists them, `--apply` saves them, `--discard` drops them",
            found.len()
        ),
    });
}

pub fn run(ctx: &Context, g: &GlobalArgs, a: &RecoverArgs) -> Result<(), String> {
    let lang = ctx.lang;
    let store = ctx.store();
    let (found, problems) = store.recoveries();
    for p in &problems {
        out::warn(&format!("duban: {p}"));
    }
    if found.is_empty() {
        out::say(&t(lang, "没有恢复文件", "no recovery files"));
        return Ok(());
    }
    let mut failed = 0;
    for r in &found {
        out::say(&describe(lang, &ctx.plan, r));
        if a.discard {
            store
                .discard_recovery(r)
                .map_err(|e| e.say(lang, &ctx.plan))?;
            out::say(&t(lang, "  已放弃", "  discarded"));
        } else if a.apply {
            let who = match &r.unsaved.who {
                Some(w) => w.clone(),
                None => super::progress::actor(ctx, g, &store)?,
            };
            match store.apply_recovery(&ctx.plan, r, &who, Utc::now()) {
                Ok(s) => out::say(&match lang {
                    Lang::Zh => format!("  已应用：{} 项变化", s.changes.len()),
                    Lang::En => format!("  applied: {} change(s)", s.changes.len()),
                }),
                Err(e) => {
                    failed += 1;
                    let e = e.say(lang, &ctx.plan);
                    out::warn(&match lang {
                        Lang::Zh => format!("  未应用（恢复文件保留）：{e}"),
                        Lang::En => format!("  not applied (the recovery file stays): {e}"),
                    });
                }
            }
        }
    }
    if !a.apply && !a.discard {
        out::say(&t(
            lang,
            "`duban recover --apply` 应用，`duban recover --discard` 放弃",
            "`duban recover --apply` saves them, `duban recover --discard` drops them",
        ));
    }
    match failed {
        0 => Ok(()),
        n => Err(match lang {
            Lang::Zh => format!("{n} 个恢复文件未能应用"),
            Lang::En => format!("{n} recovery file(s) could not be applied"),
        }),
    }
}
