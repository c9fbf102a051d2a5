//! Fuzzy ranking for the `:` palette (over action names and descriptions)
//! and the department picker (over names, short names, aliases and ids).

use std::borrow::Cow;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::board::Board;
use super::keymap::{Binding, palette_entries};
use super::state::{AppState, Overlay};
use crate::lang::Lang;

/// The open palette's or picker's rows, ranked when its query changes
/// ([`refresh`] runs after every action) rather than on every frame.
#[derive(Default)]
pub struct Ranked {
    palette: Option<(String, Lang, Vec<&'static Binding>)>,
    picker: Option<(String, Vec<Option<usize>>)>,
}

impl Ranked {
    /// Palette entries matching `query`, best first.
    pub fn palette(&self, query: &str, lang: Lang) -> Cow<'_, [&'static Binding]> {
        match &self.palette {
            Some((q, l, rows)) if q == query && *l == lang => Cow::Borrowed(rows),
            _ => Cow::Owned(palette_matches(query, lang)),
        }
    }

    /// Picker rows for `query` (see [`picker_matches`]).
    pub fn picker(&self, board: &Board, query: &str) -> Cow<'_, [Option<usize>]> {
        match &self.picker {
            Some((q, rows)) if q == query => Cow::Borrowed(rows),
            _ => Cow::Owned(picker_matches(board, query)),
        }
    }
}

/// Ranks the open palette or picker again if its query changed; forgets
/// the rows once it closes.
pub fn refresh(s: &mut AppState) {
    let r = &mut s.ranked;
    match &s.overlay {
        Overlay::Palette { input, .. } => {
            let lang = s.board.lang;
            if !matches!(&r.palette, Some((q, l, _)) if q == input && *l == lang) {
                r.palette = Some((input.clone(), lang, palette_matches(input, lang)));
            }
            r.picker = None;
        }
        Overlay::Picker { input, .. } => {
            if !matches!(&r.picker, Some((q, _)) if q == input) {
                r.picker = Some((input.clone(), picker_matches(&s.board, input)));
            }
            r.palette = None;
        }
        _ => *r = Ranked::default(),
    }
}

/// Indices of `haystacks` that match `query`, best first; all of them in
/// their own order when the query is empty.
fn rank(query: &str, haystacks: &[String]) -> Vec<usize> {
    if query.trim().is_empty() {
        return (0..haystacks.len()).collect();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize)> = haystacks
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            pattern
                .score(Utf32Str::new(h, &mut buf), &mut matcher)
                .map(|s| (s, i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

/// Palette entries matching `query`, best first.
pub fn palette_matches(query: &str, lang: Lang) -> Vec<&'static Binding> {
    let entries: Vec<&'static Binding> = palette_entries().collect();
    // The other language's description is searched too, so an English
    // action name typed while the UI is in Chinese still finds it.
    let hay: Vec<String> = entries
        .iter()
        .map(|b| format!("{} {} {}", b.action.name(), b.desc(lang), b.en))
        .collect();
    rank(query, &hay).into_iter().map(|i| entries[i]).collect()
}

/// Picker rows: `None` is "all departments" (clears the filter), offered
/// first while nothing is typed.
pub fn picker_matches(board: &Board, query: &str) -> Vec<Option<usize>> {
    let hay: Vec<String> = board
        .departments
        .iter()
        .map(|d| format!("{} {} {} {}", d.name, d.short, d.aliases.join(" "), d.id))
        .collect();
    let ranked = rank(query, &hay).into_iter().map(Some);
    if query.trim().is_empty() {
        std::iter::once(None).chain(ranked).collect()
    } else {
        ranked.collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Action;

    #[test]
    fn palette_finds_actions_by_name_and_by_chinese_description() {
        let by_name = palette_matches("overdue_filter", Lang::Zh);
        assert_eq!(by_name[0].action, Action::ToggleOverdueFilter);
        let by_zh = palette_matches("总览", Lang::Zh);
        assert_eq!(by_zh[0].action, Action::ShowDashboard);
        assert!(palette_matches("zzzzqqq", Lang::En).is_empty());
        assert_eq!(
            palette_matches("", Lang::En).len(),
            palette_entries().count()
        );
    }
}
