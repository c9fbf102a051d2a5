//! `duban check` refuses department ids whose progress could never be
//! saved (issue 19 item 12): the store's file-name rule, applied to the plan.

use std::path::Path;
use std::process::Command;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/plans/ok_min");

fn plan_with_dept(id: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("plan");
    std::fs::create_dir_all(dir.join("chapters")).unwrap();
    for e in std::fs::read_dir(Path::new(FIXTURE).join("chapters")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join("chapters").join(e.file_name())).unwrap();
    }
    std::fs::copy(Path::new(FIXTURE).join("plan.ron"), dir.join("plan.ron")).unwrap();
    let depts = std::fs::read_to_string(Path::new(FIXTURE).join("departments.ron")).unwrap();
    let depts = depts.replacen(
        "[\n",
        &format!("[\n    Department(id: \"{id}\", name: \"某部门\"),\n"),
        1,
    );
    std::fs::write(dir.join("departments.ron"), depts).unwrap();
    tmp
}

fn check(tmp: &tempfile::TempDir) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_duban"))
        .arg("--plan")
        .arg(tmp.path().join("plan"))
        .arg("check")
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn ids_that_cannot_name_a_ledger_are_refused() {
    let (code, err) = check(&plan_with_dept("fine_id"));
    assert_eq!(code, Some(0), "{err}");

    let (code, err) = check(&plan_with_dept("config"));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("\"config\" is reserved") && err.contains("departments.ron:"),
        "{err}"
    );

    let long = "a".repeat(80);
    let (code, err) = check(&plan_with_dept(&long));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("more than 64"), "{err}");

    let (code, err) = check(&plan_with_dept("-dash"));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("could never be saved"), "{err}");
}

#[test]
fn a_department_name_beyond_any_official_one_is_refused() {
    let tmp = plan_with_dept("fine_id");
    let p = tmp.path().join("plan/departments.ron");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text.replacen("某部门", &"某".repeat(101), 1)).unwrap();
    let (code, err) = check(&tmp);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("上限 100 字") && err.contains("\"fine_id\""),
        "{err}"
    );
}
