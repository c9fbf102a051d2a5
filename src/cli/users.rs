//! `duban users add|list|remove`: the operator's map of people to roles in
//! `config.ron`, and the `authorized_keys` line that makes a person's key
//! run duban as them (README, "Deploy for a district").

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::out;
use super::{Context, GlobalArgs};
use crate::lang::Lang;
use crate::progress::identity::{Role, user_name_refusal};
use crate::progress::{Config, Who};

#[derive(Debug, Clone, Args)]
pub struct UsersArgs {
    #[command(subcommand)]
    pub command: UsersCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum UsersCommand {
    /// Map a user name to one department (--dept) or to a coordinator (--coordinator); print the authorized_keys line
    Add {
        /// The person's user name, e.g. alice (letters, digits, - _ . @; no spaces or quotes)
        name: String,
        /// The person's public key (id_ed25519.pub): printed into the authorized_keys line
        #[arg(long, value_name = "FILE.pub")]
        key: Option<PathBuf>,
        /// The duban the forced command runs; default: this program's absolute path
        #[arg(long, value_name = "PATH")]
        command: Option<PathBuf>,
    },
    /// List the users and their roles
    List,
    /// Remove a user (their key's authorized_keys line must be removed too)
    Remove { name: String },
}

/// Who holds the data dir's lock while the map changes.
fn operator() -> Who {
    Who::Coordinator("duban users".into())
}

/// What `users` needs: the plan (for department names) and the data dir.
/// The global `--dept` / `--coordinator` name the role being given, not
/// who is running the command.
pub fn run(g: &GlobalArgs, a: &UsersArgs) -> Result<(), String> {
    let lang = g.lang;
    let plan = g.load_plan().map_err(|e| e.to_string())?;
    let ctx = &Context {
        data_dir: g.data_dir(&plan.doc.id),
        today: g.today(),
        dept: None,
        lang,
        coordinator: None,
        user: None,
        plan: plan.into(),
    };
    let store = crate::progress::Store::open(&ctx.data_dir);
    match &a.command {
        UsersCommand::Add { name, key, command } => {
            if let Some((zh, en)) = user_name_refusal(name) {
                let why = lang.pick(zh, en);
                return Err(lang.pick(
                    format!("用户名 {:?} 不能用（{why}）：只用字母、数字、- _ . @ 和汉字，不含空格和引号，最长 64 字节", crate::text::sanitize(name)),
                    format!("user name {:?} cannot be used ({why}): letters, digits, - _ . @ and CJK, no spaces or quotes, at most 64 bytes", crate::text::sanitize(name)),
                ));
            }
            let role = match (&g.dept, &g.coordinator) {
                (Some(d), _) => match ctx.plan.find_department(d) {
                    Some(dep) => Role::Dept(dep.id.clone()),
                    None => {
                        return Err(crate::progress::identity::unknown_department(
                            &ctx.plan, d, lang,
                        ));
                    }
                },
                (None, Some(c))
                    if !c.trim().is_empty() && crate::text::sanitize(c.trim()) == c.trim() =>
                {
                    Role::Coordinator(c.trim().to_string())
                }
                _ => {
                    return Err(lang
                        .pick(
                            "请用 --dept 部门 或 --coordinator 姓名 说明此人的身份（二选一）",
                            "give --dept DEPT or --coordinator NAME (one of them)",
                        )
                        .into());
                }
            };
            // Read the key before anything is written: a bad key file
            // leaves config.ron as it was.
            let key_text = key.as_deref().map(|k| read_key(k, lang)).transpose()?;
            if g.dept.is_some() && g.coordinator.is_some() {
                return Err(lang
                    .pick(
                        "--dept 和 --coordinator 只能给一个",
                        "give --dept or --coordinator, not both",
                    )
                    .into());
            }
            let data = absolute(&ctx.data_dir)?;
            let program = match command {
                Some(p) => absolute(p)?,
                None => std::env::current_exe().map_err(|e| e.to_string())?,
            };
            for p in [&data, &program] {
                if !fits_forced_command(p) {
                    return Err(lang.pick(
                        format!("{}：路径里有空格、引号或控制字符，放不进 authorized_keys 的 command=\"…\"；请换一个路径", crate::text::sanitize(&p.display().to_string())),
                        format!("{}: the path holds a space, quote or control character and cannot go into authorized_keys' command=\"…\"; use another path", crate::text::sanitize(&p.display().to_string())),
                    ));
                }
            }
            let r2 = role.clone();
            store
                .update_config(&operator(), |c: &mut Config| {
                    if let Role::Coordinator(n) = &r2
                        && !c.is_coordinator(n)
                    {
                        c.coordinators.push(n.clone());
                    }
                    c.users.insert(name.clone(), r2);
                    Ok::<(), String>(())
                })
                .map_err(|e| e.say(lang, &ctx.plan))??;
            out::say(&lang.pick(
                format!(
                    "{name} → {}，已写入 {}",
                    role_label(ctx, &role, lang),
                    data.join("config.ron").display()
                ),
                format!(
                    "{name} → {}, written to {}",
                    role_label(ctx, &role, lang),
                    data.join("config.ron").display()
                ),
            ));
            let line = authorized_line(&program, name, &data, key_text.as_deref());
            match key_text {
                Some(_) => out::say(lang.pick(
                    "加到服务账号的 ~/.ssh/authorized_keys（一行）：",
                    "add to the service account's ~/.ssh/authorized_keys (one line):",
                )),
                None => out::say(lang.pick(
                    "把下面的 <public key> 换成此人的公钥，加到服务账号的 ~/.ssh/authorized_keys（一行）：",
                    "put the person's public key in place of <public key> and add to the service account's ~/.ssh/authorized_keys (one line):",
                )),
            }
            // The line is for copying: printed as is (every part was checked).
            println!("{line}");
            Ok(())
        }
        UsersCommand::List => {
            let c = store.config().map_err(|e| e.say(lang, &ctx.plan))?;
            if c.users.is_empty() {
                out::say(lang.pick(
                    "还没有用户；用 duban users add 用户名 --dept 部门 添加",
                    "no users yet; add one with duban users add NAME --dept DEPT",
                ));
            }
            for (n, r) in &c.users {
                out::say(&format!("{n}  {}", role_label(ctx, r, lang)));
            }
            Ok(())
        }
        UsersCommand::Remove { name } => {
            let removed = store
                .update_config(&operator(), |c: &mut Config| {
                    match c.users.remove(name) {
                        Some(r) => Ok(r),
                        None => Err(()),
                    }
                    .map(|_| ())
                })
                .map_err(|e| e.say(lang, &ctx.plan))?;
            match removed {
                Ok(_) => {
                    out::say(&lang.pick(
                        format!("已删除用户 {name}；请同时从服务账号的 authorized_keys 删除含 --user {name} 的那一行"),
                        format!("removed {name}; also delete the line with --user {name} from the service account's authorized_keys"),
                    ));
                    Ok(())
                }
                Err(()) => Err(lang.pick(
                    format!(
                        "config.ron 中没有用户 {:?}，没有改动",
                        crate::text::sanitize(name)
                    ),
                    format!(
                        "no user {:?} in config.ron; nothing changed",
                        crate::text::sanitize(name)
                    ),
                )),
            }
        }
    }
}

/// `区税务局（tax）` or `督办人员 王主任`.
fn role_label(ctx: &Context, r: &Role, lang: Lang) -> String {
    match r {
        Role::Dept(d) => {
            let name = ctx.plan.department(d).map_or("?", |x| x.name.as_str());
            lang.pick(format!("{name}（{d}）"), format!("{name} ({d})"))
        }
        Role::Coordinator(c) => format!("{} {c}", lang.pick("督办人员", "coordinator")),
    }
}

/// The forced-command line. `restrict` turns off forwarding and the rest;
/// `pty` gives back the terminal the board needs.
pub fn authorized_line(program: &Path, user: &str, data: &Path, key: Option<&str>) -> String {
    format!(
        "command=\"{} --user {user} --data {}\",restrict,pty {}",
        program.display(),
        data.display(),
        key.unwrap_or("<public key>")
    )
}

/// A path that can sit unquoted inside `command="…"`: sshd hands the
/// command to the account's shell, so it must be one plain word.
fn fits_forced_command(p: &Path) -> bool {
    p.to_str().is_some_and(|s| {
        s.chars().all(|c| {
            !c.is_whitespace() && !c.is_control() && !"\"'\\`$;|&<>()*?[]{}~#!".contains(c)
        })
    })
}

fn absolute(p: &Path) -> Result<PathBuf, String> {
    std::path::absolute(p).map_err(|e| format!("{}: {e}", p.display()))
}

/// The one public key in FILE.pub: `type base64 [comment]` on one line.
fn read_key(path: &Path, lang: Lang) -> Result<String, String> {
    let bad = |why: &str| {
        lang.pick(
            format!(
                "{}：不是 ssh 公钥文件（{why}）；请给 ssh-keygen 生成的 .pub 文件",
                path.display()
            ),
            format!(
                "{}: not an ssh public key ({why}); give the .pub file ssh-keygen made",
                path.display()
            ),
        )
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(&e.to_string()))?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let [line] = lines[..] else {
        return Err(bad("expected exactly one line"));
    };
    let mut parts = line.split_whitespace();
    let (Some(kind), Some(b64)) = (parts.next(), parts.next()) else {
        return Err(bad("expected TYPE KEY [COMMENT]"));
    };
    let known = kind.starts_with("ssh-") || kind.starts_with("ecdsa-") || kind.starts_with("sk-");
    if !known
        || !b64
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
    {
        return Err(bad("unknown key type or encoding"));
    }
    let comment: Vec<&str> = parts.collect();
    let comment = comment.join(" ");
    // The comment is free text the key's owner chose; keep it only when it
    // cannot disturb the line.
    let comment =
        if comment.chars().all(|c| c.is_ascii_graphic() || c == ' ') && !comment.contains('"') {
            comment
        } else {
            String::new()
        };
    Ok(format!("{kind} {b64} {comment}").trim_end().to_string())
}
