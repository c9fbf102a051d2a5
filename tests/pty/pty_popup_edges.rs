//! A form opened over Chinese text, in the real binary at 80×24: its left
//! border is whole even where it falls on the right half of a character
//! underneath, and no text of the pane behind shows beside its right
//! border.

use crate::pty;

use std::time::Duration;

use pty::{STARTUP, Spawn, board_args, plan_title};

/// Rows and columns of the form's frame, read from the terminal's cells.
fn check_edges(bytes: &[u8], (cols, rows): (u16, u16), title: &str) -> Result<(), String> {
    let nz = |n| std::num::NonZeroU16::new(n).unwrap();
    let mut parser = vt100::Parser::new(nz(rows), nz(cols), 0);
    parser.process(bytes);
    let screen = parser.screen();
    let text = screen.contents();
    let lines: Vec<&str> = text.lines().collect();
    let cell = |r: u16, c: u16| {
        screen
            .cell(r, c)
            .map(|x| x.contents().to_string())
            .unwrap_or_default()
    };
    let top = lines
        .iter()
        .position(|r| r.contains(title))
        .ok_or_else(|| format!("no form titled {title}:\n{text}"))? as u16;
    let left = (0..cols)
        .find(|&c| cell(top, c) == "┌")
        .ok_or_else(|| format!("no top-left corner on row {top}:\n{text}"))?;
    let right = (left..cols)
        .find(|&c| cell(top, c) == "┐")
        .ok_or_else(|| format!("no top-right corner on row {top}:\n{text}"))?;
    let bottom = (top + 1..rows)
        .find(|&r| cell(r, left) == "└")
        .ok_or_else(|| format!("no bottom-left corner below row {top}:\n{text}"))?;
    if bottom < top + 3 {
        return Err(format!("form too short:\n{text}"));
    }
    for r in top + 1..bottom {
        if cell(r, left) != "│" {
            return Err(format!(
                "row {r} col {left} is {:?}:\n{text}",
                cell(r, left)
            ));
        }
        // Whatever is beside the form is blank or a pane's border.
        for c in [left.checked_sub(1), Some(right + 1)].into_iter().flatten() {
            let got = cell(r, c);
            if !(got.trim().is_empty() || got == "│") {
                return Err(format!(
                    "row {r} col {c} beside the form is {got:?}:\n{text}"
                ));
            }
        }
        if cell(r, right) != "│" {
            return Err(format!(
                "row {r} col {right} is {:?}:\n{text}",
                cell(r, right)
            ));
        }
    }
    Ok(())
}

fn open_and_check(size: (u16, u16), keys: &[u8], wait_for: &str, title: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = board_args(dir.path());
    args.extend(["--dept".to_string(), "tax".to_string()]);
    let mut spawn = Spawn::duban(args);
    (spawn.cols, spawn.rows) = size;
    let mut p = spawn.spawn().expect("spawn duban");
    assert!(p.wait_screen(STARTUP, &plan_title()), "{}", p.screen());
    // Into the first chapter's measures, two down: the form is centred
    // over the chapter list, whose names are Chinese.
    p.send(keys);
    assert!(
        p.wait_screen(Duration::from_secs(10), wait_for),
        "the form did not open:\n{}",
        p.screen()
    );
    p.settle(Duration::from_millis(300), Duration::from_secs(5));
    let result = check_edges(&p.bytes(), size, title);
    p.send(b"\x1b");
    p.send(b"\x03");
    let _ = p.wait_exit(Duration::from_secs(5));
    result.unwrap();
}

#[test]
fn the_entry_form_keeps_its_left_border_over_chinese_text() {
    open_and_check((80, 24), b"\rjje", "承诺完成时间", "填报 ·");
}

#[test]
fn the_extension_form_keeps_its_left_border_over_chinese_text() {
    open_and_check((80, 24), b"\rjjE", "申请延期", "申请延期 ·");
}

#[test]
fn the_form_in_the_departments_view_at_110x35_keeps_its_left_border() {
    // View 3 opens on the department (--dept), its list beside the form.
    open_and_check((110, 35), b"3\rje", "承诺完成时间", "填报 ·");
}
