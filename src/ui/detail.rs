//! The detail pane: one measure in full, laid out as labelled fields with
//! hanging indents, search matches highlighted. Also used to know how far
//! the pane can scroll.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::strings::{Strings, strings};
use super::theme::Theme;
use crate::app::board::{MeasureIx, Urgency};
use crate::app::state::AppState;
use crate::plan::DeadlineKind;
use crate::text::{find_all, sanitize, wrap};

/// `text` wrapped to `cells`, each line as spans with matches of `query`
/// highlighted (a match broken across lines is highlighted on both).
pub fn wrapped(
    text: &str,
    cells: usize,
    query: &str,
    base: Style,
    theme: &Theme,
) -> Vec<Vec<Span<'static>>> {
    let hits = find_all(text, query);
    wrap(text, cells)
        .into_iter()
        .map(|line| {
            let mut spans = Vec::new();
            let mut at = line.start;
            for h in &hits {
                let (s, e) = (h.start.max(line.start), h.end.min(line.end));
                if s >= e {
                    continue;
                }
                if s > at {
                    spans.push(Span::styled(text[at..s].to_string(), base));
                }
                spans.push(Span::styled(
                    text[s..e].to_string(),
                    base.patch(theme.matched()),
                ));
                at = e;
            }
            if at < line.end || spans.is_empty() {
                spans.push(Span::styled(text[at..line.end].to_string(), base));
            }
            spans
        })
        .collect()
}

/// A number as a clerk writes it: 99, 0.5, 8650.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

struct Out<'a> {
    lines: Vec<Line<'static>>,
    width: usize,
    label_w: usize,
    query: &'a str,
    theme: &'a Theme,
}

impl Out<'_> {
    /// A labelled field: the label in its column, each value wrapped with a
    /// hanging indent. When the pane is too narrow for a label column, the
    /// label gets its own line.
    fn field(&mut self, label: &str, values: Vec<(String, Style)>) {
        let stacked = self.width < self.label_w + 10;
        let indent = if stacked { 0 } else { self.label_w };
        let value_w = self.width.saturating_sub(indent).max(1);
        if stacked {
            self.lines.push(Line::from(Span::styled(
                label.to_string(),
                self.theme.label(),
            )));
        }
        let mut first = !stacked;
        for (text, style) in values {
            // A value that starts indented (a department's sub-line, a
            // step) keeps that indent on the lines it wraps onto.
            let body = text.trim_start_matches(' ');
            let hang = (text.len() - body.len()).min(value_w.saturating_sub(1));
            for mut spans in wrapped(body, value_w - hang, self.query, style, self.theme) {
                if hang > 0 {
                    spans.insert(0, Span::raw(" ".repeat(hang)));
                }
                let lead = if first {
                    first = false;
                    Span::styled(crate::text::pad(label, indent), self.theme.label())
                } else {
                    Span::raw(" ".repeat(indent))
                };
                let mut all = vec![lead];
                all.extend(spans);
                self.lines.push(Line::from(all));
            }
        }
    }

    fn para(&mut self, text: &str, style: Style) {
        for spans in wrapped(text, self.width.max(1), self.query, style, self.theme) {
            self.lines.push(Line::from(spans));
        }
    }

    fn blank(&mut self) {
        self.lines.push(Line::default());
    }
}

fn names(s: &AppState, ids: &[&str], t: &Strings) -> String {
    let v: Vec<&str> = ids.iter().map(|id| s.board.dept_name(id)).collect();
    if v.is_empty() {
        t.none.to_string()
    } else {
        v.join(t.list_sep)
    }
}

pub fn lines(s: &AppState, m: MeasureIx, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let b = &s.board;
    let t = strings(b.lang);
    let entry = &b.measures[m];
    let me = &entry.measure;
    let label_w = [
        t.lead,
        t.responsible,
        t.deadlines,
        t.targets,
        t.recurring,
        t.progress,
    ]
    .iter()
    .map(|l| crate::text::width(l))
    .max()
    .unwrap_or(0)
        + 2;
    let mut o = Out {
        lines: Vec::new(),
        width,
        label_w,
        query: s.search.active(),
        theme,
    };
    o.para(
        &format!("{} {}{}", me.id, me.number, me.title),
        theme.title(),
    );
    if let Some(days) = b.days_left(m) {
        let style = match b.urgency(m) {
            Urgency::Overdue => theme.overdue(),
            Urgency::DueSoon => theme.due_soon(),
            Urgency::Calm => theme.dim(),
        };
        let due = b.due(m).map(|d| d.to_string()).unwrap_or_default();
        let mut text = if b.is_done(m) {
            due
        } else {
            format!("{} · {due}", t.days(days))
        };
        if b.progress.is_some() {
            text = format!("{} · {text}", t.status(b.status(m)));
        }
        o.para(&text, style);
    } else if b.progress.is_some() {
        o.para(t.status(b.status(m)), theme.dim());
    }
    o.blank();

    let mut lead = names(
        s,
        &me.lead.iter().map(String::as_str).collect::<Vec<_>>(),
        t,
    );
    if me.lead_inferred {
        lead.push_str(t.inferred);
    }
    o.field(t.lead, vec![(lead, Style::new())]);
    let resp: Vec<&str> = me
        .responsible
        .iter()
        .map(String::as_str)
        .filter(|d| !me.lead.iter().any(|l| l == d))
        .collect();
    o.field(t.responsible, vec![(names(s, &resp, t), Style::new())]);

    if !me.deadlines.is_empty() {
        let v = me
            .deadlines
            .iter()
            .map(|d| {
                let mut line = format!("{} {}", d.date, t.deadline_kind(d.kind));
                if !d.what.is_empty() {
                    line.push_str(" · ");
                    line.push_str(&d.what);
                }
                line.push_str(&format!(" 「{}」", d.text));
                let late = d.kind != DeadlineKind::From && plan_date_late(s, m, d.date);
                (line, if late { theme.overdue() } else { Style::new() })
            })
            .collect();
        o.field(t.deadlines, v);
    }
    if !me.targets.is_empty() {
        let v = me
            .targets
            .iter()
            .map(|g| {
                (
                    format!(
                        "{} {} {} {} 「{}」",
                        g.label,
                        g.cmp.symbol(),
                        number(g.value),
                        g.unit,
                        g.text
                    ),
                    Style::new(),
                )
            })
            .collect();
        o.field(t.targets, v);
    }
    if !me.recurring.is_empty() {
        let v = me
            .recurring
            .iter()
            .map(|r| {
                (
                    format!("{} · {}", t.cadence(r.cadence), r.text),
                    Style::new(),
                )
            })
            .collect();
        o.field(t.recurring, v);
    }
    o.field(t.progress, progress_values(s, m, t, theme));

    o.blank();
    o.lines
        .push(Line::from(Span::styled(t.text.to_string(), theme.label())));
    o.para(&me.text, Style::new());
    if !me.annotation.is_empty() {
        o.blank();
        o.lines.push(Line::from(Span::styled(
            t.annotation.to_string(),
            theme.label(),
        )));
        o.para(&me.annotation, theme.dim());
    }
    o.lines
}

/// One block per department when progress is known, else a placeholder:
/// its status and review, then its obligation (effective deadline with its
/// source, days late from that same date), the meeting's decision, the
/// extension, and its sub-steps.
fn progress_values(s: &AppState, m: MeasureIx, t: &Strings, theme: &Theme) -> Vec<(String, Style)> {
    let b = &s.board;
    let me = &b.measures[m].measure;
    let Some(p) = &b.progress else {
        return vec![(t.no_progress.to_string(), theme.dim())];
    };
    me.departments()
        .into_iter()
        .flat_map(|d| {
            let name = b.dept_short(d);
            let entry = p.entry(&me.id, d);
            let mut block = Vec::new();
            match p.dept(&me.id, d) {
                Some(e) => {
                    let mut line = format!("{name}：{}", sanitize(&e.status));
                    if let Some(d) = e.done_on.filter(|_| e.done) {
                        line.push_str(&format!("（{d}）"));
                    }
                    if let Some(r) = t.review_state(&e.review) {
                        line.push_str(&format!(" · {}", sanitize(&r)));
                    }
                    // Actual values of the targets, as entered in the form.
                    if let Some(entry) = &entry {
                        for tg in &me.targets {
                            if let Some(v) = entry.actuals.get(&tg.key) {
                                line.push_str(&format!(
                                    " · {} {v}{}",
                                    sanitize(&tg.label),
                                    sanitize(&tg.unit)
                                ));
                            }
                        }
                    }
                    if let Some(n) = &e.note {
                        // A note's lines run on in this one-line summary.
                        let n = n.replace('\n', " / ");
                        line.push_str(&format!(" · {}", sanitize(&n)));
                    }
                    let style = if e.done {
                        theme.done()
                    } else if e.blocked || e.overdue {
                        theme.overdue()
                    } else {
                        Style::new()
                    };
                    block.push((line, style));
                    let due_style = if e.overdue {
                        theme.overdue()
                    } else {
                        theme.dim()
                    };
                    block.push((
                        format!("  {}", t.obligation(e.deadline.as_ref(), e.days_late)),
                        due_style,
                    ));
                    if let Some(dec) = &e.decision {
                        block.push((format!("  {}", sanitize(&t.decision(dec))), theme.label()));
                    }
                    if let Some(x) = &e.extension {
                        block.push((format!("  {}", sanitize(&t.extension(x))), theme.dim()));
                    }
                }
                None => block.push((format!("{name}：{}", t.no_progress), theme.dim())),
            }
            let steps = entry.map(|e| e.steps).unwrap_or_default();
            block.into_iter().chain(
                steps
                    .into_iter()
                    .map(|st| step_line(&st, b.today, t, theme)),
            )
        })
        .collect()
}

/// Whether one of the plan's dates is what makes a department late now:
/// with progress known, a late department whose effective deadline is that
/// plan date; without it, the date has passed undone.
fn plan_date_late(s: &AppState, m: MeasureIx, date: chrono::NaiveDate) -> bool {
    let b = &s.board;
    let me = &b.measures[m].measure;
    match &b.progress {
        None => date < b.today && !b.is_done(m),
        Some(p) => me.departments().into_iter().any(|d| {
            p.dept(&me.id, d).is_some_and(|e| {
                e.overdue
                    && e.deadline.is_some_and(|x| {
                        x.source == crate::progress::deadline::Source::Plan && x.date == date
                    })
            })
        }),
    }
}

/// One sub-step (分解步骤) under its department's line: number, text,
/// status and date, marked late when its date has passed undone.
fn step_line(
    st: &crate::progress::Step,
    today: chrono::NaiveDate,
    t: &Strings,
    theme: &Theme,
) -> (String, Style) {
    let mut line = format!(
        "  {}. {} · {}",
        st.id,
        sanitize(&st.text),
        t.status(st.status)
    );
    if let Some(d) = st.date {
        line.push_str(&format!(" · {d}"));
    }
    let done = st.status == crate::progress::Status::Done;
    let style = if done {
        theme.done()
    } else if st.status == crate::progress::Status::Blocked || st.date.is_some_and(|d| d < today) {
        theme.overdue()
    } else {
        theme.dim()
    };
    (line, style)
}
