//! The department ranking screen: the rule first, then the table, the
//! chapter bars and the targets against their actuals. Reads
//! [`ScoreboardScreen`] only. Lights are colour plus `[R]`/`[Y]`/`[G]` and a
//! word, so the ranking reads the same without colour.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::theme::Theme;
use crate::app::scoreboard::ScoreboardScreen;
use crate::app::state::AppState;
use crate::meeting::score::{Verdict, bar};
use crate::text::{pad, pad_left, sanitize, truncate, wrap};

fn pct(x: f64) -> String {
    format!("{}%", (x * 100.0).round() as i64)
}

/// Every line of the screen, for the given inner width.
fn tr(en: bool, zh: &'static str, english: &'static str) -> &'static str {
    if en { english } else { zh }
}

pub fn lines(sb: &ScoreboardScreen, cells: usize, theme: &Theme) -> Vec<Line<'static>> {
    let en = sb.lang == crate::lang::Lang::En;
    let mut out: Vec<Line<'static>> = Vec::new();
    for r in wrap(sb.rule, cells) {
        out.push(Line::styled(sb.rule[r].to_string(), theme.dim()));
    }
    if let Some(p) = &sb.problem {
        out.push(Line::styled(truncate(&sanitize(p), cells), theme.overdue()));
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        format!(
            "{} {} {} {} {} {} {}",
            pad(tr(en, "名次", "Rank"), 4),
            pad(tr(en, "部门", "Department"), 14),
            pad(tr(en, "灯", "Light"), 7),
            pad(tr(en, "按时率", "OnTime"), 6),
            pad(tr(en, "逾期", "Late"), 4),
            pad(tr(en, "预警", "Warn"), 4),
            tr(en, "完成进度", "Progress")
        ),
        theme.label(),
    ));
    for r in &sb.rows {
        let rate = r.rate.map_or_else(|| "—".to_string(), pct);
        out.push(Line::from(vec![
            Span::raw(format!(
                "{} {} ",
                pad_left(&r.rank.to_string(), 4),
                pad(&truncate(&sanitize(&r.short), 14), 14)
            )),
            Span::styled(
                pad(&format!("{} {}", r.light.tag(), r.light.colour(sb.lang)), 7),
                theme.light(r.light),
            ),
            Span::raw(format!(
                " {} {} {} {} {}/{}",
                pad_left(&rate, 6),
                pad_left(&r.overdue.to_string(), 4),
                pad_left(&r.warning.to_string(), 4),
                bar(r.progress, 10),
                r.done,
                r.total
            )),
        ]));
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        tr(
            en,
            "各章进度（已完成 / 全部措施）",
            "Chapters (done / all measures)",
        ),
        theme.label(),
    ));
    for c in &sb.chapters {
        let late = if c.overdue > 0 {
            Span::styled(
                format!("  {} {}", tr(en, "逾期", "overdue"), c.overdue),
                theme.overdue(),
            )
        } else {
            Span::raw("")
        };
        out.push(Line::from(vec![
            Span::raw(format!(
                "{} {} {:>2}/{:<2}",
                pad(
                    &truncate(&format!("{} {}", c.numeral, sanitize(&c.title)), 28),
                    28
                ),
                bar(c.share(), 12),
                c.done,
                c.total
            )),
            late,
        ]));
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        tr(en, "指标完成情况", "Targets against actuals"),
        theme.label(),
    ));
    for t in &sb.targets {
        let style = match t.verdict {
            Verdict::Short => theme.overdue(),
            Verdict::Met => theme.done(),
            Verdict::NoData => theme.dim(),
        };
        let sentence = t.sentence(sb.lang);
        let text = sanitize(&format!("{} {sentence}", t.measure));
        for r in wrap(&text, cells) {
            out.push(Line::styled(text[r].to_string(), style));
        }
    }
    out
}

/// View 5: the board's header with the ranking's tab on top, the ranking
/// in a box titled with its date, and its keys on the bottom line.
pub fn draw(s: &AppState, sb: &ScoreboardScreen, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    let en = sb.lang == crate::lang::Lang::En;
    let title = if en {
        format!("Department ranking · as of {}", sb.as_of)
    } else {
        format!("部门排名 · 截至 {}", sb.as_of)
    };
    let f = super::layout::frame(area);
    if let Some(h) = f.header {
        super::status::draw_header(s, h, theme, frame);
    }
    let buf = frame.buffer_mut();
    if let Some(st) = f.status {
        buf.set_line(
            st.x,
            st.y,
            &Line::styled(
                truncate(
                    tr(
                        en,
                        " j/k 滚动 · PgDn/PgUp 翻页 · 1–4 其他视图 · Esc 返回",
                        " j/k scroll · PgDn/PgUp page · 1–4 other views · Esc back",
                    ),
                    st.width as usize,
                ),
                theme.dim(),
            ),
            st.width,
        );
    }
    let body = f.body;
    if body.height == 0 {
        return;
    }
    super::draw::block(buf, body, &title, true, theme);
    let inner = super::layout::inner(body);
    let all = lines(sb, inner.width as usize, theme);
    let max = all.len().saturating_sub(inner.height as usize);
    let from = sb.scroll.min(max);
    Paragraph::new(all.into_iter().skip(from).collect::<Vec<_>>()).render(inner, buf);
}
