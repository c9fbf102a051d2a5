//! `duban sync [--init URL]`: a data dir shared between sites through git.
//!
//! One sync: fetch; then, under the data dir's lock (so no save runs while
//! git rewrites files), drop the history records no save committed, commit
//! this machine's changes (the message says who changed what), and merge
//! the remote's (ledgers and history logs through `duban merge-file`, the
//! save's rule three-way; see `progress::store::merge`); release the lock;
//! push. When the remote moved in between, the push is refused and the
//! whole round is tried again, up to [`ATTEMPTS`] times. The fetch and the
//! push run without the lock: they only touch `.git`, and a slow network
//! must not keep saves waiting.
//!
//! Everything is done by the `git` program, run without a shell, never
//! prompting, with duban's identity on the commits, so a machine whose git
//! has no user configured syncs all the same.

mod driver;
mod git;
mod init;
mod message;
mod setup;

use std::path::Path;

use clap::Args;

pub use driver::{MergeFileArgs, run as merge_file};
use git::Git;

use super::{Context, out};
use crate::lang::Lang;
use crate::plan::Plan;
use crate::progress::{Store, Who};

/// Rounds of fetch, merge and push before giving up on a remote that keeps moving.
pub const ATTEMPTS: u32 = 5;

#[derive(Debug, Clone, Args)]
pub struct SyncArgs {
    /// Set up the data dir (--data) from this remote first; an empty bare repository is fine
    #[arg(long, value_name = "URL")]
    pub init: Option<String>,
}

pub fn run(ctx: &Context, a: &SyncArgs) -> Result<(), String> {
    let lang = ctx.lang;
    git::output(
        {
            let mut c = git::command(None);
            c.arg("--version");
            c
        },
        lang,
    )?;
    let who = who(ctx);
    let mut g = Git {
        dir: ctx.data_dir.clone(),
        lang,
        name: message::author(&identity_name(ctx, who.as_ref())),
        email: "duban@localhost".into(),
        env: Vec::new(),
    };
    if let Some(url) = &a.init {
        init::init(&g, url)?;
    }
    check_work_tree(&g)?;
    let _one = one_sync_at_a_time(&g)?;
    let remote = remote(&g)?;
    let branch = g
        .query(&["symbolic-ref", "--quiet", "--short", "HEAD"])?
        .ok_or_else(|| {
            lang.pick(
                "数据目录的 git 不在任何分支上（detached HEAD）：先 git checkout 一个分支",
                "the data dir's git is on no branch (detached HEAD): check out a branch first",
            )
            .to_string()
        })?;
    setup::ensure(&g)?;
    let store = Store::open(&g.dir);
    let lock_who = who.clone().unwrap_or(Who::Coordinator("duban sync".into()));
    let tracking = format!("refs/remotes/{remote}/{branch}");
    for attempt in 1..=ATTEMPTS {
        let fetched = g.run(&["fetch", "--quiet", "--no-tags", &remote])?;
        if !fetched.ok {
            // Offline: this machine's changes are still committed, so the
            // next sync that gets through carries them with their message.
            drop(commit_locked(&g, &store, ctx, &lock_who)?);
            return Err(lang.pick(
                format!("无法从远程仓库 {remote} 获取更新；本机的修改已提交在本地，能连上时再运行 duban sync\n{}", fetched.said()),
                format!("cannot fetch from the remote {remote}; this machine's changes are committed locally, run duban sync again when it can be reached\n{}", fetched.said()),
            ));
        }
        let theirs = g.query(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{tracking}^{{commit}}"),
        ])?;
        {
            let _lock = commit_locked(&g, &store, ctx, &lock_who)?;
            if let Some(theirs) = &theirs {
                merge(&mut g, &store, &ctx.plan, theirs, &remote, &branch)?;
            }
            store.private_modes().map_err(|e| e.say(lang, &ctx.plan))?;
        }
        let head = g.query(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])?;
        if head.is_none() || head == theirs {
            out::say(&lang.pick(
                format!("已同步：与 {remote}/{branch} 一致"),
                format!("in sync with {remote}/{branch}"),
            ));
            return Ok(());
        }
        match push(&g, &remote, &branch)? {
            Pushed::Done => {
                out::say(&lang.pick(
                    format!("已同步：已推送到 {remote}/{branch}"),
                    format!("synced: pushed to {remote}/{branch}"),
                ));
                return Ok(());
            }
            Pushed::Moved if attempt < ATTEMPTS => {
                out::warn(&lang.pick(
                    format!("远程仓库在此期间有了新的提交，重新获取并合并（第 {} 次，共 {ATTEMPTS} 次）", attempt + 1),
                    format!("the remote moved meanwhile; fetching and merging again (attempt {} of {ATTEMPTS})", attempt + 1),
                ));
                std::thread::sleep(std::time::Duration::from_millis(200 * u64::from(attempt)));
            }
            Pushed::Moved => {}
        }
    }
    Err(lang.pick(
        format!("推送失败：远程仓库 {remote} 一直有新的提交，试了 {ATTEMPTS} 次仍未推送成功；本机的修改已提交在本地，稍后再运行 duban sync"),
        format!("push failed: the remote {remote} kept moving; {ATTEMPTS} attempts did not get through. This machine's changes are committed locally; run duban sync again later"),
    ))
}

/// Two syncs of one data dir (cron and a person) would trip over git's own
/// locks in the fetch or the push, which run without the data dir's lock;
/// the second one is told instead. The lock lives in `.git`, out of the
/// work tree (`.git` may be a file naming it elsewhere), and is released
/// when the process ends.
fn one_sync_at_a_time(g: &Git) -> Result<std::fs::File, String> {
    let git_dir = g
        .query(&["rev-parse", "--absolute-git-dir"])?
        .ok_or_else(|| setup::not_a_work_tree(&g.dir, g.lang))?;
    let path = Path::new(&git_dir).join("duban-sync.lock");
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => Err(g.lang.pick(
            format!(
                "{} 的另一个 duban sync 正在运行；等它结束后再试",
                g.dir.display()
            ),
            format!(
                "another duban sync of {} is running; try again when it is done",
                g.dir.display()
            ),
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(format!("{}: {e}", path.display())),
    }
}

/// The identity the command acts as, when one was given.
fn who(ctx: &Context) -> Option<Who> {
    match (&ctx.coordinator, &ctx.dept) {
        (Some(c), _) => Some(Who::Coordinator(c.clone())),
        (None, Some(d)) => Some(Who::Dept(d.clone())),
        _ => None,
    }
}

fn identity_name(ctx: &Context, who: Option<&Who>) -> String {
    match who {
        Some(Who::Dept(d)) => ctx
            .plan
            .department(d)
            .map_or_else(|| d.clone(), |x| x.name.clone()),
        Some(Who::Coordinator(c)) => c.clone(),
        None => "duban".into(),
    }
}

fn check_work_tree(g: &Git) -> Result<(), String> {
    let top = g.query(&["rev-parse", "--show-toplevel"])?;
    let same = |t: &str| {
        let canon = |p: &Path| std::fs::canonicalize(p).ok();
        canon(Path::new(t)).is_some() && canon(Path::new(t)) == canon(&g.dir)
    };
    match top {
        Some(t) if same(&t) => Ok(()),
        _ => Err(setup::not_a_work_tree(&g.dir, g.lang)),
    }
}

/// `origin`, or the only remote there is.
fn remote(g: &Git) -> Result<String, String> {
    let list = g.query(&["remote"])?.unwrap_or_default();
    let names: Vec<&str> = list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if names.contains(&"origin") {
        return Ok("origin".into());
    }
    match names.as_slice() {
        [one] => Ok(one.to_string()),
        [] => Err(g.lang.pick(
            format!(
                "数据目录 {} 的 git 没有远程仓库：git -C {} remote add origin URL",
                g.dir.display(),
                g.dir.display()
            ),
            format!(
                "the data dir {}'s git has no remote: git -C {} remote add origin URL",
                g.dir.display(),
                g.dir.display()
            ),
        )),
        _ => Err(g.lang.pick(
            format!(
                "有多个远程仓库（{}），没有 origin：请把要同步的那个命名为 origin",
                names.join(", ")
            ),
            format!(
                "several remotes ({}) and none is origin: name the one to sync with origin",
                names.join(", ")
            ),
        )),
    }
}

/// Takes the data dir's lock, refuses a dir with unreadable ledgers, drops
/// the records of killed saves and commits this machine's changes. Returns
/// the lock, still held, for the merge.
fn commit_locked(
    g: &Git,
    store: &Store,
    ctx: &Context,
    who: &Who,
) -> Result<std::fs::File, String> {
    let lock = store.lock_for(who).map_err(|e| e.say(g.lang, &ctx.plan))?;
    if let Some(bad) = damaged(store, &ctx.plan, g.lang) {
        return Err(bad);
    }
    store
        .compact_histories()
        .map_err(|e| e.say(g.lang, &ctx.plan))?;
    if let Some(summary) = commit_local(g, ctx)? {
        out::say(&summary);
    }
    Ok(lock)
}

/// Commits whatever this machine changed; returns what was said about it.
fn commit_local(g: &Git, ctx: &Context) -> Result<Option<String>, String> {
    let lang = g.lang;
    g.must(&["add", "-A"], lang.pick("git add 失败", "git add failed"))?;
    let staged = g.must(
        &["diff", "--cached", "--name-only", "--no-renames"],
        lang.pick("无法列出修改的文件", "cannot list the changed files"),
    )?;
    let paths: Vec<String> = staged
        .lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .collect();
    if paths.is_empty() {
        return Ok(None);
    }
    let has_head = g
        .query(&["rev-parse", "--verify", "--quiet", "HEAD"])?
        .is_some();
    let mut records = Vec::new();
    let mut explained: Vec<String> = Vec::new();
    for p in &paths {
        let Some(dept) = p
            .strip_prefix("history/")
            .and_then(|x| x.strip_suffix(".jsonl"))
        else {
            continue;
        };
        let old = if has_head {
            g.query(&["show", &format!("HEAD:{p}")])?
                .unwrap_or_default()
        } else {
            String::new()
        };
        let new = std::fs::read_to_string(g.dir.join(p)).unwrap_or_default();
        let added = message::added(&old, &new);
        if !added.is_empty() {
            explained.push(format!("{dept}.ron"));
            explained.push(p.clone());
        }
        records.extend(added);
    }
    records.sort_by(|a, b| (a.at, &a.txn).cmp(&(b.at, &b.txn)));
    let other: Vec<String> = paths
        .iter()
        .filter(|p| !explained.contains(p))
        .cloned()
        .collect();
    let msg = message::compose(&ctx.plan, &records, &other, lang);
    // Without --dept or --coordinator, one person's changes are theirs.
    let name = match records.first() {
        Some(r) if g.name == "duban" && records.iter().all(|x| x.who == r.who) => {
            message::author(&identity_name(ctx, Some(&r.who)))
        }
        _ => g.name.clone(),
    };
    let committer = Git {
        dir: g.dir.clone(),
        lang,
        name,
        email: g.email.clone(),
        env: Vec::new(),
    };
    committer.must(
        &["commit", "--quiet", "-m", &msg],
        lang.pick("git commit 失败", "git commit failed"),
    )?;
    Ok(Some(format!(
        "{}{}",
        lang.pick("已提交：", "committed: "),
        msg.lines().next().unwrap_or_default()
    )))
}

/// Brings the remote's commits in: a fast-forward when this machine has
/// nothing of its own, otherwise a merge through duban's driver, checked
/// and committed here. Called with the lock held.
fn merge(
    g: &mut Git,
    store: &Store,
    plan: &Plan,
    theirs: &str,
    remote: &str,
    branch: &str,
) -> Result<(), String> {
    let lang = g.lang;
    let head = g.query(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])?;
    let ancestor = |a: &str, b: &str| -> Result<bool, String> {
        Ok(g.run(&["merge-base", "--is-ancestor", a, b])?.ok)
    };
    let Some(head) = head else {
        g.must(
            &["merge", "--quiet", "--ff-only", theirs],
            lang.pick(
                "无法取出远程仓库的数据",
                "cannot check out the remote's data",
            ),
        )?;
        return Ok(());
    };
    if ancestor(theirs, &head)? {
        return Ok(());
    }
    if ancestor(&head, theirs)? {
        g.must(
            &["merge", "--quiet", "--ff-only", theirs],
            lang.pick(
                "无法快进到远程仓库的提交",
                "cannot fast-forward to the remote's commits",
            ),
        )?;
        return Ok(());
    }
    g.env = vec![
        (driver::OURS_ENV.into(), head.clone()),
        (driver::THEIRS_ENV.into(), theirs.to_string()),
    ];
    let r = g.run(&[
        "merge",
        "--quiet",
        "--no-ff",
        "--no-commit",
        "--allow-unrelated-histories",
        theirs,
    ]);
    g.env.clear();
    let r = r?;
    if !r.ok {
        let conflicted = g
            .query(&["diff", "--name-only", "--diff-filter=U"])?
            .unwrap_or_default();
        let _ = g.run(&["merge", "--abort"]);
        let files = conflicted.lines().collect::<Vec<_>>().join(", ");
        return Err(lang.pick(
            format!("无法自动合并 {remote}/{branch}（{files}）：本机数据未改动，合并已取消。请在 {dir} 中运行 git merge {remote}/{branch}，手工解决这些文件的冲突并 git commit，再运行 duban sync\n{}", r.said(), dir = g.dir.display()),
            format!("cannot merge {remote}/{branch} automatically ({files}): this machine's data is unchanged and the merge was cancelled. In {dir}, run git merge {remote}/{branch}, resolve those files by hand and git commit, then run duban sync again\n{}", r.said(), dir = g.dir.display()),
        ));
    }
    store.cover_history_revs().map_err(|e| e.say(lang, plan))?;
    if let Some(bad) = damaged(store, plan, lang) {
        let _ = g.run(&["merge", "--abort"]);
        return Err(bad);
    }
    g.must(&["add", "-A"], lang.pick("git add 失败", "git add failed"))?;
    let msg = lang.pick(
        format!("duban: 合并 {remote}/{branch}（按部门、条目、字段）"),
        format!("duban: merge {remote}/{branch} (per department, entry and field)"),
    );
    g.must(
        &["commit", "--quiet", "-m", &msg],
        lang.pick("无法提交合并", "cannot commit the merge"),
    )?;
    out::say(&lang.pick(
        format!("已合并 {remote}/{branch} 的修改"),
        format!("merged the changes of {remote}/{branch}"),
    ));
    Ok(())
}

/// Ledgers that do not load (damaged by hand, or left with conflict
/// markers by a merge outside duban) are never committed or shared.
fn damaged(store: &Store, plan: &Plan, lang: Lang) -> Option<String> {
    let problems: Vec<String> = match store.load(plan) {
        Ok(l) => l.problems.iter().map(|p| p.say(lang, plan)).collect(),
        Err(e) => vec![e.say(lang, plan)],
    };
    (!problems.is_empty()).then(|| {
        lang.pick(
            format!("数据目录中有无法读取的台账，同步已停止，未提交也未推送：\n{}", problems.join("\n")),
            format!("the data dir holds ledgers that cannot be read; nothing was committed or pushed:\n{}", problems.join("\n")),
        )
    })
}

enum Pushed {
    Done,
    /// Refused because the remote moved since the fetch: fetch and merge again.
    Moved,
}

fn push(g: &Git, remote: &str, branch: &str) -> Result<Pushed, String> {
    let lang = g.lang;
    let r = g.run(&[
        "push",
        "--porcelain",
        remote,
        &format!("HEAD:refs/heads/{branch}"),
    ])?;
    if r.ok {
        let _ = g.run(&[
            "branch",
            "--quiet",
            "--set-upstream-to",
            &format!("{remote}/{branch}"),
        ]);
        return Ok(Pushed::Done);
    }
    let all = format!("{}\n{}", r.stdout, r.stderr);
    let moved = [
        "fetch first",
        "non-fast-forward",
        "cannot lock ref",
        "incorrect old value",
        "stale info",
        "failed to update ref",
    ];
    if moved.iter().any(|m| all.contains(m)) {
        return Ok(Pushed::Moved);
    }
    Err(lang.pick(
        format!("远程仓库 {remote} 拒绝了推送（本机的修改已提交在本地）：\n{}", r.said()),
        format!("the remote {remote} refused the push (this machine's changes are committed locally):\n{}", r.said()),
    ))
}
