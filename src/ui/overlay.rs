//! Overlays drawn over the views: help (generated from the key map), the
//! command palette and the department picker.

use std::sync::OnceLock;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::draw::{self, cell, fit, highlight};
use super::layout::{help_box, inner, list_box};
use super::strings::{Strings, strings};
use super::theme::Theme;
use crate::app::keymap::{BINDINGS, Group, Mode, keys_label};
use crate::app::state::AppState;
use crate::lang::Lang;

const KEYS_W: usize = 22;

/// Help as lines: per mode, per group, "keys  description". The key map
/// is fixed at build time, so each language and colour setting is laid out
/// once and kept, not on every frame the help is open.
pub fn help_lines(lang: Lang, theme: &Theme) -> &'static [Line<'static>] {
    static CACHE: [[OnceLock<Vec<Line<'static>>>; 2]; 2] = [
        [OnceLock::new(), OnceLock::new()],
        [OnceLock::new(), OnceLock::new()],
    ];
    let by_lang = match lang {
        Lang::Zh => &CACHE[0],
        Lang::En => &CACHE[1],
    };
    by_lang[usize::from(theme.no_color)].get_or_init(|| build_help(lang, theme))
}

fn build_help(lang: Lang, theme: &Theme) -> Vec<Line<'static>> {
    let t = strings(lang);
    let mut out = Vec::new();
    let modes = [
        Mode::Normal,
        Mode::Search,
        Mode::Palette,
        Mode::Help,
        Mode::Review,
        Mode::ReviewForm,
        Mode::MarkPrompt,
        Mode::Scoreboard,
        Mode::Changes,
        Mode::EditForm,
        Mode::EditSteps,
        Mode::EditChoose,
        Mode::Identify,
    ];
    for mode in modes {
        if !out.is_empty() {
            out.push(Line::default());
        }
        let title = if mode == Mode::Palette {
            format!("{} / {}", t.mode(Mode::Palette), t.mode(Mode::Picker))
        } else {
            t.mode(mode).to_string()
        };
        out.push(Line::from(Span::styled(title, theme.title())));
        let mut group: Option<Group> = None;
        for b in BINDINGS.iter().filter(|b| b.mode == mode) {
            if mode == Mode::Normal && group != Some(b.group) {
                group = Some(b.group);
                out.push(Line::from(Span::styled(
                    format!(" {}", t.group(b.group)),
                    theme.label(),
                )));
            }
            let keys = if b.keys.is_empty() {
                format!(":{}", b.action.name())
            } else {
                keys_label(b.keys)
            };
            out.push(Line::from(vec![
                Span::raw("   "),
                cell(&keys, KEYS_W, theme.title()),
                Span::raw(b.desc(lang)),
            ]));
        }
    }
    out
}

pub fn help_line_count(lang: Lang) -> usize {
    help_lines(lang, &Theme::new(true)).len()
}

pub fn draw_help(s: &AppState, scroll: usize, theme: &Theme, frame: &mut Frame) {
    let t = strings(s.board.lang);
    let area = help_box(frame.area());
    let buf = frame.buffer_mut();
    super::popup::clear(buf, area);
    draw::block(
        buf,
        area,
        &format!("{} · {}", t.help, t.help_footer),
        true,
        theme,
    );
    let lines = help_lines(s.board.lang, theme);
    let body = inner(area);
    let scroll = scroll.min(lines.len().saturating_sub(body.height as usize));
    draw::lines(buf, body, lines, scroll);
}

/// A box with an input line on top and a list of choices below it.
fn draw_list_box(
    frame: &mut Frame,
    title: &str,
    input: &str,
    placeholder: &str,
    rows: Vec<Vec<Span<'static>>>,
    selected: usize,
    theme: &Theme,
) {
    let area = list_box(frame.area());
    let buf = frame.buffer_mut();
    super::popup::clear(buf, area);
    draw::block(buf, area, title, true, theme);
    let body = inner(area);
    if body.height == 0 || body.width == 0 {
        return;
    }
    let w = body.width as usize;
    let prompt = if input.is_empty() {
        vec![
            Span::raw("> "),
            Span::styled(placeholder.to_string(), theme.dim()),
        ]
    } else {
        vec![Span::raw("> "), Span::raw(input.to_string())]
    };
    buf.set_line(body.x, body.y, &Line::from(fit(prompt, w)), body.width);
    let list = Rect::new(body.x, body.y + 1, body.width, body.height - 1);
    draw::list(buf, list, rows.len(), selected, 0, true, theme, |i, w| {
        Line::from(fit(rows[i].clone(), w))
    });
    // The cursor sits at the end of the input so an input method's
    // composition window appears where the text goes.
    let x = body.x as usize + 2 + crate::text::width(input);
    if x < body.right() as usize {
        frame.set_cursor_position(Position::new(x as u16, body.y));
    }
}

pub fn draw_palette(s: &AppState, input: &str, selected: usize, theme: &Theme, frame: &mut Frame) {
    let lang = s.board.lang;
    let t = strings(lang);
    let rows = s
        .ranked
        .palette(input, lang)
        .iter()
        .map(|b| {
            let mut v = vec![cell(&b.action.name(), 24, theme.title())];
            v.extend(highlight(b.desc(lang), input, Style::new(), theme));
            if !b.keys.is_empty() {
                v.push(Span::styled(
                    format!("  {}", keys_label(b.keys)),
                    theme.dim(),
                ));
            }
            v
        })
        .collect();
    draw_list_box(
        frame,
        t.palette,
        input,
        t.palette_hint,
        rows,
        selected,
        theme,
    );
}

pub fn draw_picker(s: &AppState, input: &str, selected: usize, theme: &Theme, frame: &mut Frame) {
    let b = &s.board;
    let t: &Strings = strings(b.lang);
    let rows = s
        .ranked
        .picker(b, input)
        .iter()
        .map(|&row| match row {
            None => vec![Span::styled(t.all_depts.to_string(), theme.dim())],
            Some(d) => {
                let dep = &b.departments[d];
                let mut v = highlight(&dep.name, input, Style::new(), theme);
                v.push(Span::styled(
                    format!("  {} · {}", dep.id, b.dept_measures[d].len()),
                    theme.dim(),
                ));
                v
            }
        })
        .collect();
    draw_list_box(frame, t.picker, input, "", rows, selected, theme);
}
