use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::*;
use crate::app::board::Board;
use crate::app::open::{self, Basis, Read};
use crate::lang::Lang;
use crate::meeting::LightCfg;
use crate::meeting::review::{FormField, Scope};
use crate::plan::Plan;

fn plan() -> Arc<Plan> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/board");
    Arc::new(crate::plan::load_dir(&dir).expect("fixture loads"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 12, 20).unwrap()
}

fn board() -> AppState {
    AppState::new(Board::new(&plan(), today(), Lang::Zh), None)
}

/// A board with the review open on items 1.1 and 1.2, at 1.1.
fn reviewing() -> AppState {
    let mut s = board();
    let plan = plan();
    let at = Basis {
        plan: &plan,
        today: today(),
        lang: Lang::Zh,
    };
    let read = Read {
        ledger: Ledger::default(),
        cfg: LightCfg::default(),
        problem: Some("bad file".into()),
    };
    open::review(&mut s, &at, read, "M", Scope::Overdue);
    s.review_mut().unwrap().review.items = vec!["1.1".into(), "1.2".into()];
    s
}

fn form(opinion: &str) -> Form {
    Form {
        focus: FormField::Opinion,
        opinion: opinion.into(),
        date: String::new(),
        error: None,
    }
}

fn decided(measure: &str, sent: &str, result: Result<Ledger, String>) -> Decided {
    Decided {
        measure: Some(measure.into()),
        form: Some(form(sent)),
        result,
    }
}

#[test]
fn a_review_opens_with_what_could_not_be_read() {
    let s = reviewing();
    let r = s.review().unwrap();
    assert_eq!(r.review.meeting, "M");
    assert_eq!(r.review.message.as_deref(), Some("bad file"));
}

#[test]
fn a_save_hands_over_its_message_and_what_it_kept() {
    let mut s = board();
    s.edit.message = Some("before".into());
    apply_saved(
        &mut s,
        Saved {
            progress: None,
            message: None,
            kept: Vec::new(),
        },
    );
    // Saying nothing leaves the last word standing.
    assert_eq!(s.edit.message.as_deref(), Some("before"));
    apply_saved(
        &mut s,
        Saved {
            progress: None,
            message: Some("saved".into()),
            kept: Vec::new(),
        },
    );
    assert_eq!(s.edit.message.as_deref(), Some("saved"));
    assert!(s.edit.pending.is_empty());
}

#[test]
fn a_decision_saved_as_typed_closes_the_form() {
    let mut s = reviewing();
    s.review_mut().unwrap().review.form = Some(form("go"));
    apply_decided(&mut s, decided("1.1", "go", Ok(Ledger::default())));
    let r = &s.review().unwrap().review;
    assert!(r.form.is_none());
    assert!(r.decided.contains("1.1"));
}

#[test]
fn a_form_changed_meanwhile_stays_open() {
    let mut s = reviewing();
    s.review_mut().unwrap().review.form = Some(form("go on"));
    apply_decided(&mut s, decided("1.1", "go", Ok(Ledger::default())));
    let r = &s.review().unwrap().review;
    assert_eq!(r.form.as_ref().unwrap().opinion, "go on");
    assert!(r.decided.contains("1.1"));
    assert_eq!(r.message.as_deref(), Some("督办意见已保存"));
}

#[test]
fn a_failure_after_the_form_closed_opens_it_again_with_what_was_typed() {
    let mut s = reviewing();
    apply_decided(&mut s, decided("1.1", "go", Err("locked".into())));
    let f = s.review().unwrap().review.form.clone().unwrap();
    assert_eq!(f.opinion, "go");
    assert_eq!(f.error.as_deref(), Some("locked"));
}

#[test]
fn a_failure_on_another_item_is_only_said() {
    let mut s = reviewing();
    apply_decided(&mut s, decided("1.2", "go", Err("locked".into())));
    let r = &s.review().unwrap().review;
    assert!(r.form.is_none());
    assert_eq!(r.message.as_deref(), Some("督办意见未保存：locked"));
}

#[test]
fn a_failure_with_the_review_closed_goes_to_the_status_line() {
    let mut s = board();
    apply_decided(&mut s, decided("1.1", "go", Err("locked".into())));
    assert_eq!(s.edit.message.as_deref(), Some("督办意见未保存：locked"));
}

#[test]
fn a_mark_is_said_on_the_review_or_else_on_the_status_line() {
    let mut s = reviewing();
    let m = || Marked {
        ledger: Ledger::default(),
        message: "filed".into(),
    };
    apply_marked(&mut s, m());
    assert_eq!(s.review().unwrap().review.message.as_deref(), Some("filed"));
    let mut s = board();
    apply_marked(&mut s, m());
    assert_eq!(s.edit.message.as_deref(), Some("filed"));
}

fn ctx(dept: Option<&str>) -> crate::progress::Context {
    crate::progress::Context {
        plan: plan(),
        data_dir: std::path::PathBuf::new(),
        today: today(),
        dept: dept.map(str::to_string),
        lang: Lang::Zh,
        coordinator: None,
        user: None,
    }
}

#[test]
fn an_unreadable_config_is_said_and_the_defaults_stand() {
    let mut s = board();
    apply_config(&mut s, &ctx(None), Err("config.ron: bad".into()));
    assert_eq!(s.edit.message.as_deref(), Some("config.ron: bad"));
    assert_eq!(s.edit.who, None);
}

#[test]
fn a_department_from_the_command_line_is_who_edits() {
    let mut s = board();
    apply_config(&mut s, &ctx(Some("tax")), Ok(Default::default()));
    assert!(s.edit.who.is_some(), "{:?}", s.edit.message);
    assert_eq!(s.edit.message, None);
}

/// A department may be named as the plan names it; an unknown one and a
/// coordinator config.ron does not list are said in Chinese, and the
/// coordinators `config.ron` lists are offered by "who are you".
#[test]
fn a_department_by_its_name_edits_and_a_wrong_identity_is_said_in_chinese() {
    for name in ["区税务局", "税务局", "tax"] {
        let mut s = board();
        apply_config(&mut s, &ctx(Some(name)), Ok(Default::default()));
        assert_eq!(s.edit.who, Some(crate::progress::Who::Dept("tax".into())));
        assert_eq!(s.me.as_deref(), Some("tax"));
    }
    let mut s = board();
    apply_config(&mut s, &ctx(Some("人社局")), Ok(Default::default()));
    let m = s.edit.message.clone().unwrap();
    assert!(m.starts_with("没有部门“人社局”"), "{m}");
    let mut s = board();
    let mut c = ctx(None);
    c.coordinator = Some("李四".into());
    let config = crate::progress::Config {
        coordinators: vec!["王主任".into()],
        ..Default::default()
    };
    apply_config(&mut s, &c, Ok(config));
    let m = s.edit.message.clone().unwrap();
    assert!(m.contains("“李四”不是") && m.contains("王主任"), "{m}");
    assert_eq!(s.edit.coordinators, ["王主任"]);
}

#[test]
fn a_person_fixed_by_the_service_account_is_named_on_the_first_screen() {
    let mut s = board();
    let mut c = ctx(Some("tax"));
    c.user = Some("alice".into());
    c.lang = crate::lang::Lang::Zh;
    apply_config(&mut s, &c, Ok(Default::default()));
    assert_eq!(
        s.edit.message.as_deref(),
        Some("当前用户：alice（区税务局）")
    );
    let mut c = ctx(None);
    c.user = Some("wang".into());
    c.coordinator = Some("王主任".into());
    c.lang = crate::lang::Lang::Zh;
    apply_config(&mut s, &c, Ok(Default::default()));
    assert_eq!(
        s.edit.message.as_deref(),
        Some("当前用户：wang（督办人员 王主任）")
    );
}

#[test]
fn sending_a_decision_or_a_mark_says_so_and_keeps_what_was_shown() {
    let mut s = reviewing();
    s.review_mut().unwrap().review.form = Some(form("go"));
    let (measure, sent) = decision_sent(&mut s, "saving".into());
    assert_eq!(measure.as_deref(), Some("1.1"));
    assert_eq!(sent.unwrap().opinion, "go");
    assert_eq!(
        s.review().unwrap().review.message.as_deref(),
        Some("saving")
    );
    let (meeting, _, _) = mark_sent(&mut s, "saving".into()).unwrap();
    assert_eq!(meeting, "M");
    assert!(mark_sent(&mut board(), "saving".into()).is_none());
}

#[test]
fn one_screen_is_on_top_and_closing_it_returns_to_the_board() {
    let mut s = reviewing();
    assert_eq!(s.mode(), crate::app::Mode::Review);
    let plan = plan();
    let at = Basis {
        plan: &plan,
        today: today(),
        lang: Lang::Zh,
    };
    let read = Read {
        ledger: Ledger::default(),
        cfg: LightCfg::default(),
        problem: None,
    };
    open::changes(&mut s, &at, read, None, chrono::Utc::now());
    assert_eq!(s.mode(), crate::app::Mode::Changes);
    assert!(s.review().is_none());
    s.close_screen();
    assert_eq!(s.mode(), crate::app::Mode::Normal);
}
