//! The benchmark floor: the least a ratatui program can do to show the same
//! rows as the board (one line per measure: id, title, lead departments) with
//! j/k, PgUp/PgDn, g/G, `/` search and q. Idiomatic and unoptimised: what
//! `ratatui::init` and a `List` give for free.
//!
//!     cargo run --release --example floor -- [--plan DIR]

use crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, List, ListState, Paragraph};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let plan = match args.iter().position(|a| a == "--plan") {
        Some(i) => duban::plan::load_dir(args.get(i + 1).ok_or("--plan DIR")?.as_ref()),
        None => duban::plan::load_embedded(),
    }
    .map_err(|e| e.to_string())?;
    let name = |id: &String| plan.department(id).map_or(id.clone(), |d| d.name.clone());
    let rows: Vec<String> = plan
        .measures()
        .map(|(_, m)| {
            let lead: Vec<String> = m.lead.iter().map(name).collect();
            format!("{:<6} {}  {}", m.id, m.title, lead.join("、"))
        })
        .collect();

    let mut terminal = ratatui::init();
    let result = run(&mut terminal, &plan.doc.title, &rows);
    ratatui::restore();
    result.map_err(|e| e.to_string())
}

fn run(
    terminal: &mut ratatui::DefaultTerminal,
    title: &str,
    rows: &[String],
) -> std::io::Result<()> {
    let mut state = ListState::default().with_selected(Some(0));
    let mut search: Option<String> = None;
    let mut page = 1usize;
    loop {
        terminal.draw(|f| {
            let [list_area, status] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(f.area());
            page = list_area.height.saturating_sub(2).max(1) as usize;
            let list = List::new(rows.iter().map(|r| Line::raw(r.as_str())))
                .block(Block::bordered().title(title))
                .highlight_style(Style::new().add_modifier(Modifier::REVERSED));
            f.render_stateful_widget(list, list_area, &mut state);
            let line = match &search {
                Some(q) => format!("/{q}"),
                None => format!("{}/{}", state.selected().unwrap_or(0) + 1, rows.len()),
            };
            f.render_widget(Paragraph::new(line), status);
        })?;
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        let sel = state.selected().unwrap_or(0);
        let last = rows.len().saturating_sub(1);
        if let Some(q) = &mut search {
            match key.code {
                KeyCode::Enter => {
                    let hit = (sel + 1..rows.len())
                        .chain(0..=sel)
                        .find(|&i| rows[i].contains(q.as_str()));
                    if let Some(i) = hit {
                        state.select(Some(i));
                    }
                    search = None;
                }
                KeyCode::Esc => search = None,
                KeyCode::Backspace => {
                    q.pop();
                }
                KeyCode::Char(c) => q.push(c),
                _ => {}
            }
            continue;
        }
        match key.code {
            KeyCode::Char('q') => return Ok(()),
            KeyCode::Char('j') | KeyCode::Down => state.select(Some((sel + 1).min(last))),
            KeyCode::Char('k') | KeyCode::Up => state.select(Some(sel.saturating_sub(1))),
            KeyCode::PageDown => state.select(Some((sel + page).min(last))),
            KeyCode::PageUp => state.select(Some(sel.saturating_sub(page))),
            KeyCode::Char('g') | KeyCode::Home => state.select(Some(0)),
            KeyCode::Char('G') | KeyCode::End => state.select(Some(last)),
            KeyCode::Char('/') => search = Some(String::new()),
            _ => {}
        }
    }
}
