//! Each editable cell of a matched row against the value exported and the
//! value in the data dir now: the three-way rule of [`super`].

use calamine::Data;
use chrono::NaiveDate;

use super::{Kept, Planned, Proposal, RowCtx, Skip};
use crate::lang::Lang;
use crate::progress::{Edit, Op, Status};
use crate::xlsx::cell;
use crate::xlsx::col;
use crate::xlsx::read::Row;

fn show_status(s: Option<Status>) -> String {
    s.map_or("（空）".into(), |s| {
        s.label(crate::lang::Lang::Zh).to_string()
    })
}

fn show_date(d: Option<NaiveDate>) -> String {
    d.map_or("（空）".into(), |d| d.to_string())
}

fn show_num(v: Option<f64>) -> String {
    v.map_or("（空）".into(), |v| v.to_string())
}

fn show_text(s: &Option<String>) -> String {
    s.as_ref().map_or("（空）".into(), |s| {
        crate::text::sanitize(&format!("{s:?}"))
    })
}

/// What one editable cell asks for.
pub(super) enum Verdict<T> {
    Nothing,
    Kept,
    Apply(T),
    Conflict { now: T },
}

/// The three-way rule of the [`super`] docs; `orig` is `None` without 导出值.
pub(super) fn decide<T: PartialEq + Clone>(
    cell: &Option<T>,
    orig: Option<&Option<T>>,
    cur: &Option<T>,
) -> Verdict<Option<T>> {
    if cell == cur {
        return Verdict::Nothing;
    }
    match orig {
        None if cell.is_none() => Verdict::Nothing,
        None => Verdict::Apply(cell.clone()),
        Some(o) if cell == o => Verdict::Kept,
        Some(o) if cur != o => Verdict::Conflict { now: cur.clone() },
        Some(_) => Verdict::Apply(cell.clone()),
    }
}

pub(super) fn fields(rc: &RowCtx, r: &Row, p: &mut Proposal) {
    let lang = rc.lang;
    let x = rc.exported.as_ref();
    let key = &rc.key;
    let edit = |column: &str, op: Op, old: String, new: String, p: &mut Proposal| {
        // A formula's value is what the spreadsheet last computed: say so.
        let new = match (r.formulas.get(column), lang) {
            (Some(f), Lang::Zh) => format!(
                "{new}（公式 ={} 的缓存结果，即表格程序上次计算保存的值）",
                f.trim_start_matches('=')
            ),
            (Some(f), Lang::En) => format!(
                "{new} (the cached result of the formula ={}, as last computed by the spreadsheet)",
                f.trim_start_matches('=')
            ),
            (None, _) => new,
        };
        p.planned.push(Planned {
            at: rc.at(column),
            column: column.to_string(),
            edit: Edit::new(&key.measure, &key.dept, op),
            old,
            new,
        })
    };
    let skip = |column: &str, why: String, p: &mut Proposal| {
        p.skipped.push(Skip {
            at: rc.at(column),
            key: Some(key.clone()),
            why,
        })
    };
    let conflict = |column: &str, now: String, cell: String, p: &mut Proposal| {
        skip(
            column,
            match lang {
                Lang::Zh => format!(
                    "冲突：{column} 导出后在 duban 中已改（现为 {now}），表中也改了（{cell}）；两边都未覆盖，请用 `duban set` 确定或重新导出"
                ),
                Lang::En => format!(
                    "conflict: {column} changed in duban since the export (now {now}) and in the workbook ({cell}); not overwritten — settle it with `duban set` or re-export"
                ),
            },
            p,
        )
    };
    let kept = |column: &str, now: String, p: &mut Proposal| {
        p.kept.push(Kept {
            at: rc.at(column),
            key: key.clone(),
            column: column.to_string(),
            now,
        })
    };
    let present = |h: &str| rc.sheet.columns.contains_key(h);
    let get = |h: &str| r.cells.get(h).unwrap_or(&Data::Empty);

    if present(col::STATUS) {
        match cell::status(get(col::STATUS), lang) {
            Err(why) => skip(col::STATUS, why, p),
            Ok(v) => {
                let orig = x.map(|x| Some(x.status));
                match decide(&v, orig.as_ref(), &Some(rc.entry.status)) {
                    Verdict::Nothing => {}
                    Verdict::Kept => kept(col::STATUS, show_status(Some(rc.entry.status)), p),
                    Verdict::Conflict { now } => {
                        conflict(col::STATUS, show_status(now), show_status(v), p)
                    }
                    Verdict::Apply(None) => skip(
                        col::STATUS,
                        lang.pick(
                            "状态被清空；请选择 未开始 / 推进中 / 已完成 / 受阻",
                            "the status was cleared; choose 未开始 / 推进中 / 已完成 / 受阻",
                        )
                        .into(),
                        p,
                    ),
                    Verdict::Apply(Some(s)) => edit(
                        col::STATUS,
                        Op::SetStatus(s),
                        show_status(Some(rc.entry.status)),
                        show_status(Some(s)),
                        p,
                    ),
                }
            }
        }
    }
    if present(col::DUE) {
        match cell::date(get(col::DUE), lang) {
            Err(why) => skip(col::DUE, why, p),
            Ok(v) => {
                let orig = x.map(|x| x.due);
                match decide(&v, orig.as_ref(), &rc.entry.due) {
                    Verdict::Nothing => {}
                    Verdict::Kept => kept(col::DUE, show_date(rc.entry.due), p),
                    Verdict::Conflict { now } => {
                        conflict(col::DUE, show_date(now), show_date(v), p)
                    }
                    Verdict::Apply(d) => edit(
                        col::DUE,
                        Op::SetDue(d),
                        show_date(rc.entry.due),
                        show_date(d),
                        p,
                    ),
                }
            }
        }
    }
    for n in 1.. {
        let h = col::actual(n);
        if !present(&h) {
            break;
        }
        let target = rc.measure.targets.get(n - 1);
        let d = get(&h);
        let Some(t) = target else {
            if cell::text(d).is_some() {
                let (m, v) = (&rc.key.measure, cell::shown(d));
                skip(
                    &h,
                    match lang {
                        Lang::Zh => format!("措施 {m} 没有第 {n} 个指标，值 {v} 未导入"),
                        Lang::En => {
                            format!("measure {m} has no target {n}; the value {v} was not imported")
                        }
                    },
                    p,
                );
            }
            continue;
        };
        match cell::number(d, lang) {
            Err(why) => skip(
                &h,
                match lang {
                    Lang::Zh => format!("{why}（指标：{}）", t.label),
                    Lang::En => format!("{why} (target: {})", t.label),
                },
                p,
            ),
            Ok(v) => {
                let orig = x.map(|x| x.actuals.get(&t.key).copied());
                let cur = rc.entry.actuals.get(&t.key).copied();
                match decide(&v, orig.as_ref(), &cur) {
                    Verdict::Nothing => {}
                    Verdict::Kept => kept(&h, show_num(cur), p),
                    Verdict::Conflict { now } => conflict(&h, show_num(now), show_num(v), p),
                    Verdict::Apply(v) => {
                        let op = match v {
                            Some(value) => Op::SetActual {
                                key: t.key.clone(),
                                value,
                            },
                            None => Op::ClearActual { key: t.key.clone() },
                        };
                        edit(&h, op, show_num(cur), show_num(v), p)
                    }
                }
            }
        }
    }
    if present(col::NOTE) {
        let v = cell::text(get(col::NOTE));
        // Compared trimmed, as `cell::text` reads the cell.
        let norm =
            |n: &str| Some(n.replace("\r\n", "\n").trim().to_string()).filter(|n| !n.is_empty());
        let cur = norm(&rc.entry.note);
        let orig = x.map(|x| norm(&x.note));
        match decide(&v, orig.as_ref(), &cur) {
            Verdict::Nothing => {}
            Verdict::Kept => kept(col::NOTE, show_text(&cur), p),
            Verdict::Conflict { now } => conflict(col::NOTE, show_text(&now), show_text(&v), p),
            Verdict::Apply(n) => edit(
                col::NOTE,
                Op::SetNote(n.clone().unwrap_or_default()),
                show_text(&cur),
                show_text(&n),
                p,
            ),
        }
    }
}
