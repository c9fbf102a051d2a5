//! Transitions of the board state over the fixture plan (as of 2021-12-20).

use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::app::board::Board;
use crate::app::keymap::Mode;
use crate::app::search::match_count;
use crate::app::state::Notice;
use crate::lang::Lang;

fn state(me: Option<&str>) -> AppState {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/board");
    let plan = crate::plan::load_dir(&dir).expect("fixture loads");
    let today = NaiveDate::from_ymd_opt(2021, 12, 20).unwrap();
    AppState::new(Board::new(&plan, today, Lang::Zh), me.map(str::to_string))
}

fn run(s: &mut AppState, actions: &[Action]) -> Vec<Effect> {
    actions.iter().flat_map(|&a| update(s, a)).collect()
}

fn typed(s: &mut AppState, text: &str) {
    for c in text.chars() {
        update(s, Action::InsertChar(c));
    }
}

fn selected_id(s: &AppState) -> Option<String> {
    selected_measure(s, s.view).map(|m| s.board.measures[m].measure.id.clone())
}

fn ids(s: &AppState, ms: &[usize]) -> Vec<String> {
    ms.iter()
        .map(|&m| s.board.measures[m].measure.id.clone())
        .collect()
}

use Action::*;

#[test]
fn opens_on_the_plan_with_the_first_chapter_selected() {
    let s = state(None);
    assert_eq!(s.view, View::Plan);
    assert_eq!(s.nav().focus, 0);
    assert_eq!(s.nav().panes[0].selected, 0);
    assert_eq!(selected_id(&s).as_deref(), Some("1.1"));
    assert_eq!(s.mode(), Mode::Normal);
}

#[test]
fn moving_clamps_at_both_ends() {
    let mut s = state(None);
    run(&mut s, &[MoveDown; 10]);
    assert_eq!(s.nav().panes[0].selected, 2);
    run(&mut s, &[MoveUp; 10]);
    assert_eq!(s.nav().panes[0].selected, 0);
    run(&mut s, &[MoveBottom]);
    assert_eq!(s.nav().panes[0].selected, 2);
    run(&mut s, &[MoveTop]);
    assert_eq!(s.nav().panes[0].selected, 0);
}

#[test]
fn paging_moves_by_the_rows_on_screen() {
    let mut s = state(None);
    s.pane_rows = [2, 2, 2];
    run(&mut s, &[DrillIn, PageDown]);
    assert_eq!(s.nav().panes[1].selected, 2);
    run(&mut s, &[HalfPageDown]);
    assert_eq!(s.nav().panes[1].selected, 3);
    run(&mut s, &[PageUp, HalfPageUp]);
    assert_eq!(s.nav().panes[1].selected, 0);
}

#[test]
fn a_new_chapter_resets_the_measure_and_detail_scroll() {
    let mut s = state(None);
    run(&mut s, &[DrillIn, MoveDown, MoveDown, DrillIn, MoveDown]);
    assert_eq!(selected_id(&s).as_deref(), Some("1.3"));
    assert_eq!(s.nav().panes[2].offset, 1);
    run(&mut s, &[FocusLeft, FocusLeft, MoveDown]);
    assert_eq!(s.nav().panes[1], Default::default());
    assert_eq!(s.nav().panes[2], Default::default());
    assert_eq!(selected_id(&s).as_deref(), Some("2.1"));
}

#[test]
fn drill_in_and_back_walk_the_panes_and_q_quits_only_at_the_top() {
    let mut s = state(None);
    run(&mut s, &[DrillIn, DrillIn, DrillIn]);
    assert_eq!(s.nav().focus, 2);
    assert!(run(&mut s, &[Back, BackOrQuit]).is_empty());
    assert_eq!(s.nav().focus, 0);
    assert!(run(&mut s, &[Back]).is_empty());
    assert_eq!(s.notice, Some(Notice::QuitHint));
    assert_eq!(run(&mut s, &[BackOrQuit]), vec![Effect::Quit]);
}

#[test]
fn tab_cycles_panes_both_ways() {
    let mut s = state(None);
    run(&mut s, &[FocusNext, FocusNext, FocusNext]);
    assert_eq!(s.nav().focus, 0);
    run(&mut s, &[FocusPrev]);
    assert_eq!(s.nav().focus, 2);
}

#[test]
fn each_view_keeps_its_own_place() {
    let mut s = state(None);
    run(&mut s, &[MoveDown, ShowDue, MoveDown, MoveDown, ShowPlan]);
    assert_eq!(s.nav().panes[0].selected, 1);
    run(&mut s, &[ShowDue]);
    assert_eq!(s.nav().panes[0].selected, 2);
    assert_eq!(selected_id(&s).as_deref(), Some("1.5"));
}

#[test]
fn due_view_lists_overdue_then_due_soon_by_date() {
    let s = state(None);
    assert_eq!(
        ids(&s, &lists::due_measures(&s)),
        ["1.1", "2.2", "1.5", "1.2", "3.1"]
    );
}

#[test]
fn overdue_filter_narrows_lists_and_keeps_the_selection() {
    let mut s = state(None);
    run(&mut s, &[ShowDue, MoveDown]);
    assert_eq!(selected_id(&s).as_deref(), Some("2.2"));
    run(&mut s, &[ToggleOverdueFilter]);
    assert!(s.filter.overdue);
    assert_eq!(ids(&s, &lists::due_measures(&s)), ["1.1", "2.2"]);
    assert_eq!(selected_id(&s).as_deref(), Some("2.2"));
    assert_eq!(ids(&s, &lists::plan_measures(&s, 0)), ["1.1"]);
    run(&mut s, &[ClearFilters]);
    assert!(!s.filter.is_active());
    assert_eq!(lists::plan_measures(&s, 0).len(), 5);
}

#[test]
fn a_filtered_out_selection_falls_back_to_the_first_row() {
    let mut s = state(None);
    run(&mut s, &[DrillIn, MoveDown, MoveDown]);
    assert_eq!(selected_id(&s).as_deref(), Some("1.3"));
    run(&mut s, &[ToggleOverdueFilter]);
    assert_eq!(selected_id(&s).as_deref(), Some("1.1"));
}

#[test]
fn department_picker_filters_by_the_chosen_department() {
    let mut s = state(None);
    run(&mut s, &[PickDeptFilter]);
    assert_eq!(s.mode(), Mode::Picker);
    typed(&mut s, "税务");
    run(&mut s, &[ConfirmInput]);
    assert_eq!(s.mode(), Mode::Normal);
    assert_eq!(s.filter.dept.as_deref(), Some("tax"));
    assert_eq!(ids(&s, &lists::plan_measures(&s, 0)), ["1.1", "1.2", "1.5"]);
    assert!(lists::plan_measures(&s, 2).is_empty());
    // The first row of an empty query clears the filter.
    run(&mut s, &[PickDeptFilter, MoveTop, ConfirmInput]);
    assert_eq!(
        s.filter.dept.as_deref(),
        Some("tax"),
        "picker opens on the current filter"
    );
    run(&mut s, &[PickDeptFilter, MoveUp, MoveUp, ConfirmInput]);
    assert_eq!(s.filter.dept, None);
}

#[test]
fn my_department_filter_needs_dept_and_toggles() {
    let mut s = state(None);
    run(&mut s, &[FilterMyDept]);
    assert_eq!(s.notice, Some(Notice::NoDeptGiven));
    assert_eq!(s.filter.dept, None);
    let mut s = state(Some("power"));
    run(&mut s, &[FilterMyDept]);
    assert_eq!(s.filter.dept.as_deref(), Some("power"));
    run(&mut s, &[FilterMyDept]);
    assert_eq!(s.filter.dept, None);
}

#[test]
fn incremental_search_jumps_across_chapters_and_esc_returns() {
    let mut s = state(None);
    run(&mut s, &[StartSearch]);
    assert_eq!(s.mode(), Mode::Search);
    typed(&mut s, "限时联合验收");
    assert_eq!(selected_id(&s).as_deref(), Some("2.2"));
    assert_eq!(s.nav().focus, 1);
    run(&mut s, &[CancelInput]);
    assert_eq!(s.mode(), Mode::Normal);
    assert_eq!(selected_id(&s).as_deref(), Some("1.1"));
    assert_eq!(s.nav().focus, 0);
    assert!(s.search.query.is_empty());
}

#[test]
fn n_and_shift_n_step_through_matches_by_department_name() {
    let mut s = state(None);
    run(&mut s, &[StartSearch]);
    // 供电部 carries 2.3 and leads 3.1 and 3.2.
    typed(&mut s, "供电部");
    run(&mut s, &[ConfirmInput]);
    assert_eq!(s.search.query, "供电部");
    assert_eq!(selected_id(&s).as_deref(), Some("2.3"));
    assert_eq!(match_count(&s), 3);
    run(&mut s, &[NextMatch]);
    assert_eq!(selected_id(&s).as_deref(), Some("3.1"));
    run(&mut s, &[NextMatch, NextMatch]);
    assert_eq!(selected_id(&s).as_deref(), Some("2.3"));
    assert_eq!(s.notice, Some(Notice::SearchWrapped));
    run(&mut s, &[PrevMatch]);
    assert_eq!(selected_id(&s).as_deref(), Some("3.2"));
    // Esc at the top clears the highlight before anything else.
    assert_eq!(s.nav().focus, 1);
    run(&mut s, &[Back]);
    assert_eq!(s.nav().focus, 0);
    assert!(!s.search.query.is_empty());
    run(&mut s, &[Back]);
    assert!(s.search.query.is_empty());
}

#[test]
fn search_is_case_insensitive_and_reports_no_match() {
    let mut s = state(None);
    run(&mut s, &[StartSearch]);
    typed(&mut s, "BILINGUAL");
    run(&mut s, &[ConfirmInput]);
    assert_eq!(selected_id(&s).as_deref(), Some("1.4"));
    run(&mut s, &[StartSearch]);
    typed(&mut s, "不存在的词");
    run(&mut s, &[ConfirmInput]);
    assert_eq!(s.notice, Some(Notice::NoMatch));
    assert_eq!(selected_id(&s).as_deref(), Some("1.4"));
}

#[test]
fn search_in_the_department_list_matches_names_and_aliases() {
    let mut s = state(None);
    run(&mut s, &[ShowDepartments, StartSearch]);
    typed(&mut s, "发展改革委");
    run(&mut s, &[ConfirmInput]);
    assert_eq!(s.nav().panes[0].selected, 3);
}

#[test]
fn search_input_edits_with_backspace_and_clear() {
    let mut s = state(None);
    run(&mut s, &[StartSearch]);
    typed(&mut s, "abc");
    run(&mut s, &[DeleteChar]);
    assert_eq!(s.search.input, "ab");
    run(&mut s, &[ClearInput]);
    assert_eq!(s.search.input, "");
}

#[test]
fn help_scrolls_and_closes() {
    let mut s = state(None);
    run(&mut s, &[ShowHelp, MoveDown, MoveDown, MoveUp]);
    assert_eq!(s.overlay, Overlay::Help { scroll: 1 });
    assert_eq!(s.mode(), Mode::Help);
    run(&mut s, &[Back]);
    assert_eq!(s.overlay, Overlay::None);
}

#[test]
fn palette_runs_the_chosen_action() {
    let mut s = state(None);
    run(&mut s, &[OpenPalette]);
    assert_eq!(s.mode(), Mode::Palette);
    typed(&mut s, "dashboard");
    run(&mut s, &[ConfirmInput]);
    assert_eq!(s.overlay, Overlay::None);
    assert_eq!(s.view, View::Dashboard);
    run(&mut s, &[OpenPalette]);
    typed(&mut s, "quit");
    assert_eq!(run(&mut s, &[ConfirmInput]), vec![Effect::Quit]);
    run(&mut s, &[OpenPalette]);
    typed(&mut s, "qqqqzzzz");
    run(&mut s, &[ConfirmInput]);
    assert_eq!(s.notice, Some(Notice::NoMatch));
}

#[test]
fn dashboard_rows_open_the_chapter_or_department() {
    let mut s = state(None);
    run(&mut s, &[ShowDashboard, MoveDown, DrillIn]);
    assert_eq!(s.view, View::Plan);
    assert_eq!(s.nav().panes[0].selected, 1);
    assert_eq!(s.nav().focus, 1);
    run(&mut s, &[ShowDashboard, FocusNext, MoveDown, DrillIn]);
    assert_eq!(s.view, View::Departments);
    assert_eq!(s.nav().panes[0].selected, 1);
    assert_eq!(selected_id(&s).as_deref(), Some("1.1"));
}

#[test]
fn departments_view_starts_on_my_department() {
    let s = state(Some("housing"));
    let nav = s.navs[View::Departments.index()];
    assert_eq!(nav.panes[0].selected, 4);
    let ms = lists::dept_measures(&s, 4);
    let roles: Vec<(String, crate::app::board::Role)> = ms
        .iter()
        .map(|&(m, r)| (s.board.measures[m].measure.id.clone(), r))
        .collect();
    use crate::app::board::Role::*;
    assert_eq!(
        roles,
        [
            ("2.1".into(), Lead),
            ("2.2".into(), Lead),
            ("3.1".into(), Responsible)
        ]
    );
}

#[test]
fn mouse_selection_focuses_and_clamps() {
    let mut s = state(None);
    run(&mut s, &[SelectRow { pane: 1, row: 3 }]);
    assert_eq!(s.nav().focus, 1);
    assert_eq!(selected_id(&s).as_deref(), Some("1.4"));
    run(&mut s, &[SelectRow { pane: 1, row: 99 }]);
    assert_eq!(selected_id(&s).as_deref(), Some("1.5"));
    run(&mut s, &[ScrollPane { pane: 0, delta: 3 }]);
    assert_eq!(s.nav().focus, 0);
    assert_eq!(s.nav().panes[0].selected, 2);
    run(&mut s, &[SelectRow { pane: 7, row: 0 }]);
    assert_eq!(s.nav().focus, 0);
}

#[test]
fn drill_into_an_empty_list_says_so() {
    let mut s = state(None);
    run(&mut s, &[ToggleOverdueFilter, MoveBottom, DrillIn]);
    assert_eq!(s.nav().focus, 0);
    assert_eq!(s.notice, Some(Notice::NothingToOpen));
}

#[test]
fn q_quits_from_the_first_pane_even_with_a_search_highlight() {
    let mut s = state(None);
    run(&mut s, &[StartSearch]);
    typed(&mut s, "供电部");
    run(&mut s, &[ConfirmInput]);
    assert_eq!(s.nav().focus, 1);
    assert!(run(&mut s, &[BackOrQuit]).is_empty());
    assert_eq!(run(&mut s, &[BackOrQuit]), vec![Effect::Quit]);
}

mod with_progress {
    use super::*;
    use crate::app::progress::LedgerProgress;
    use crate::progress::{Entry, Key, Ledger, Status};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The fixture board with these (measure, dept, status, committed) entries.
    fn state_with(entries: &[(&str, &str, Status, Option<&str>)]) -> AppState {
        let mut s = state(None);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/board");
        let plan = crate::plan::load_dir(&dir).unwrap();
        let mut ledger = Ledger::default();
        for &(m, dept, status, due) in entries {
            let e = Entry {
                status,
                due: due.map(d),
                ..Default::default()
            };
            ledger.entries.insert(Key::new(m, dept), e);
        }
        s.board.set_progress(Box::new(LedgerProgress::new(
            &plan,
            ledger,
            s.board.today,
            Lang::Zh,
        )));
        s
    }

    #[test]
    fn a_done_measure_is_no_longer_overdue() {
        let done = Status::Done;
        let s = state_with(&[
            ("1.1", "approval", done, None),
            ("1.1", "tax", done, None),
            ("1.1", "market", done, None),
        ]);
        assert_eq!(s.board.status(0), Status::Done);
        assert_eq!(
            ids(&s, &lists::due_measures(&s)),
            ["2.2", "1.5", "1.2", "3.1"]
        );
    }

    #[test]
    fn a_committed_date_earlier_than_the_plan_makes_a_measure_due_sooner() {
        // 2.1 is due 2021-12-31 by the plan; housing promised 2021-12-10.
        let s = state_with(&[("2.1", "housing", Status::InProgress, Some("2021-12-10"))]);
        assert_eq!(
            ids(&s, &lists::due_measures(&s)),
            ["1.1", "2.1", "2.2", "1.5", "1.2", "3.1"]
        );
    }

    #[test]
    fn the_status_filter_cycles_through_every_status_and_off() {
        let mut s = state_with(&[
            ("1.1", "approval", Status::Done, None),
            ("1.1", "tax", Status::Done, None),
            ("1.1", "market", Status::Done, None),
            ("1.2", "tax", Status::InProgress, None),
            ("1.3", "market", Status::Blocked, None),
        ]);
        let mut seen = Vec::new();
        for _ in 0..5 {
            run(&mut s, &[CycleStatusFilter]);
            seen.push((s.filter.status, ids(&s, &lists::plan_measures(&s, 0))));
        }
        assert_eq!(
            seen,
            [
                (
                    Some(Status::NotStarted),
                    vec!["1.4".to_string(), "1.5".into()]
                ),
                (Some(Status::InProgress), vec!["1.2".into()]),
                (Some(Status::Done), vec!["1.1".into()]),
                (Some(Status::Blocked), vec!["1.3".into()]),
                (
                    None,
                    ["1.1", "1.2", "1.3", "1.4", "1.5"]
                        .map(String::from)
                        .to_vec()
                ),
            ]
        );
    }

    #[test]
    fn department_progress_is_reported_per_department() {
        let s = state_with(&[("1.2", "tax", Status::InProgress, Some("2021-12-22"))]);
        let p = s.board.progress.as_ref().unwrap();
        let tax = p.dept("1.2", "tax").unwrap();
        assert_eq!(tax.status, "推进中");
        assert_eq!(tax.committed, Some(d("2021-12-22")));
        assert_eq!(p.fraction("1.2"), Some(0.0));
        assert_eq!(p.dept("1.2", "approval").unwrap().status, "未开始");
        assert!(p.dept("1.2", "power").is_none());
    }
}

#[test]
fn a_filter_that_empties_the_chapter_moves_to_one_with_measures() {
    let mut s = state(None);
    // Chapter three (获得电力) has no overdue measure; chapter one has 1.1.
    run(&mut s, &[MoveBottom, ToggleOverdueFilter]);
    assert_eq!(s.nav().panes[0].selected, 0);
    assert_eq!(selected_id(&s).as_deref(), Some("1.1"));
    // A filter nothing passes leaves the place alone.
    run(
        &mut s,
        &[
            ClearFilters,
            MoveBottom,
            CycleStatusFilter,
            CycleStatusFilter,
        ],
    );
    assert_eq!(s.nav().panes[0].selected, 2);
}

#[test]
fn the_palette_is_ranked_when_its_query_changes_and_forgotten_on_close() {
    let mut s = state(None);
    run(&mut s, &[OpenPalette]);
    typed(&mut s, "总览");
    let lang = s.board.lang;
    assert!(matches!(
        s.ranked.palette("总览", lang),
        std::borrow::Cow::Borrowed(_)
    ));
    assert_eq!(
        s.ranked.palette("总览", lang)[0].action,
        Action::ShowDashboard
    );
    run(&mut s, &[CancelInput]);
    assert!(matches!(
        s.ranked.palette("总览", lang),
        std::borrow::Cow::Owned(_)
    ));
}
