//! Writes a [`Book`] as .xlsx bytes with rust_xlsxwriter. The layout is
//! described in the [module docs](super).

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Note, ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use super::layout::{
    Book, DeptSheet, audit_text, chapter_text, decision_text, light_text, measure_text, role_text,
    steps_text, target_text,
};
use super::{HELP_SHEET, SUMMARY_SHEET, col};
use crate::lang::Lang;
use crate::meeting::Light;
use crate::meeting::score::RULE_ZH;
use crate::progress::Status;

// Widths in characters (CJK counts two), narrow enough that a ledger
// printed one page wide on A4 landscape stays readable (about 8 pt).
const TEXT_WIDTH: f64 = 34.0;
const NOTE_WIDTH: f64 = 22.0;
const STEPS_WIDTH: f64 = 18.0;
const DATE_WIDTH: f64 = 11.0;
const CHAPTER_WIDTH: f64 = 10.0;
const LIGHT_WIDTH: f64 = 10.0;
const TARGET_WIDTH: f64 = 14.0;
/// Points per wrapped line of 11pt CJK text.
const LINE_HEIGHT: f64 = 16.0;

/// The formats of one workbook, made once.
struct Styles {
    title: Format,
    head: Format,
    head_edit: Format,
    cell: Format,
    wrap: Format,
    date: Format,
    edit: Format,
    edit_wrap: Format,
    edit_date: Format,
    edit_number: Format,
    none: Format,
    number: Format,
    percent: Format,
    red_number: Format,
    light: [Format; 3],
}

impl Styles {
    fn new() -> Styles {
        let border = |f: Format| {
            f.set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF))
                .set_align(FormatAlign::Top)
        };
        let edit = border(Format::new())
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFF2CC));
        let light = |bg: u32, fg: u32| {
            border(Format::new())
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
        };
        Styles {
            title: Format::new().set_bold().set_font_size(12),
            head: border(Format::new())
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xD9D9D9)),
            head_edit: border(Format::new())
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xFFD966)),
            cell: border(Format::new()),
            wrap: border(Format::new()).set_text_wrap(),
            date: border(Format::new()).set_num_format("yyyy-mm-dd"),
            edit_wrap: edit.clone().set_text_wrap(),
            edit_date: edit.clone().set_num_format("yyyy-mm-dd"),
            // Text (Excel's built-in format 49, "@"): what a clerk types is
            // kept as typed, so "99.5%" is not turned into 0.995 nor "1/2"
            // into a date; a number duban wrote stays a number cell.
            edit_number: edit.clone().set_num_format_index(49),
            edit,
            none: border(Format::new()).set_background_color(Color::RGB(0xF2F2F2)),
            number: border(Format::new()),
            percent: border(Format::new()).set_num_format("0.0%"),
            red_number: border(Format::new())
                .set_font_color(Color::RGB(0x9C0006))
                .set_background_color(Color::RGB(0xFFC7CE)),
            light: [
                light(0xFFC7CE, 0x9C0006),
                light(0xFFEB9C, 0x9C5700),
                light(0xC6EFCE, 0x006100),
            ],
        }
    }

    fn light(&self, l: Light) -> &Format {
        match l {
            Light::Red => &self.light[0],
            Light::Yellow => &self.light[1],
            Light::Green => &self.light[2],
        }
    }
}

/// Display width with CJK counted as 2, as a column width.
fn width(s: &str) -> f64 {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0) as f64
}

/// Lines a wrapped text takes in a column of `w` width units.
fn lines(s: &str, w: f64) -> f64 {
    let usable = (w - 1.0).max(1.0);
    s.lines()
        .map(|l| (UnicodeWidthStr::width(l) as f64 / usable).ceil().max(1.0))
        .sum::<f64>()
        .max(1.0)
}

fn zh_date(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

pub fn render(book: &Book) -> Result<Vec<u8>, String> {
    render_inner(book).map_err(|e| format!("cannot build the workbook: {e}"))
}

fn render_inner(book: &Book) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    // The instructions come first: they are what a clerk opening the file needs.
    help(wb.add_worksheet(), &st)?;
    summary(wb.add_worksheet(), book, &st)?;
    for s in &book.sheets {
        dept_sheet(wb.add_worksheet(), s, book.today, &st)?;
    }
    wb.save_to_buffer()
}

/// Writes a text cell. Text a spreadsheet would take for a formula once the
/// cell is edited (`=1+2`, `+86…`, `@SUM`) is marked quote-prefixed, as if
/// typed with a leading `'`: it shows and reads back as the text it is.
fn put<'w>(
    ws: &'w mut Worksheet,
    r: u32,
    c: u16,
    text: impl AsRef<str>,
    f: &Format,
) -> Result<&'w mut Worksheet, XlsxError> {
    let text = text.as_ref();
    if super::cell::formula_like(text) {
        ws.write_string_with_format(r, c, text, &f.clone().set_quote_prefix())
    } else {
        ws.write_string_with_format(r, c, text, f)
    }
}

/// A4 landscape, one page wide and as many tall as it takes, the title and
/// header rows (`0..=header`) on every page, `第 N 页 共 M 页` at the foot.
fn print_setup(ws: &mut Worksheet, header: u32) -> Result<(), XlsxError> {
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.4, 0.4, 0.6, 0.7, 0.3, 0.3)
        .set_footer("&C第 &P 页 共 &N 页");
    ws.set_repeat_rows(0, header)?;
    Ok(())
}

fn protect(ws: &mut Worksheet) {
    ws.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    });
}

fn summary(ws: &mut Worksheet, book: &Book, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(SUMMARY_SHEET)?;
    let heads = [
        "排名",
        "部门",
        "部门编号",
        "承担措施",
        "已完成",
        "已到期",
        "按时完成",
        "按时完成率",
        "逾期",
        "预警",
        "完成进度",
        "灯号",
        "未明确时限",
    ];
    let last = heads.len() as u16 - 1;
    put(
        ws,
        0,
        0,
        format!("{} 督办汇总（截至{}）", book.title, zh_date(book.today)),
        &st.title,
    )?;
    ws.merge_range(1, 0, 1, last, RULE_ZH, &st.wrap)?;
    ws.set_row_height(1, 3.0 * LINE_HEIGHT)?;
    let mut widths: Vec<f64> = heads.iter().map(|h| width(h) + 2.0).collect();
    for (c, h) in heads.iter().enumerate() {
        put(ws, 2, c as u16, *h, &st.head)?;
    }
    let mut totals = [0usize; 7];
    let mut undated = 0;
    for (i, s) in book.scores.iter().enumerate() {
        let r = i as u32 + 3;
        widths[1] = widths[1].max(width(&s.name) + 2.0);
        widths[2] = widths[2].max(width(&s.dept) + 2.0);
        ws.write_number_with_format(r, 0, s.rank as f64, &st.number)?;
        put(ws, r, 1, &s.name, &st.cell)?;
        put(ws, r, 2, &s.dept, &st.cell)?;
        let counts = [s.total, s.done, s.due, s.on_time];
        for (k, n) in counts.iter().enumerate() {
            totals[k] += n;
            ws.write_number_with_format(r, 3 + k as u16, *n as f64, &st.number)?;
        }
        match s.rate {
            Some(x) => ws.write_number_with_format(r, 7, x, &st.percent)?,
            // Nothing finished and nothing overdue: ranked as 0, shown as what it is.
            None => put(ws, r, 7, "无完成或逾期项", &st.cell)?,
        };
        for (k, n) in [s.overdue, s.warning].iter().enumerate() {
            totals[4 + k] += n;
            let f = if k == 0 && *n > 0 {
                &st.red_number
            } else {
                &st.number
            };
            ws.write_number_with_format(r, 8 + k as u16, *n as f64, f)?;
        }
        ws.write_number_with_format(r, 10, s.progress, &st.percent)?;
        let word = match s.light {
            Light::Red => "逾期",
            Light::Yellow => "预警",
            Light::Green => "正常",
        };
        put(ws, r, 11, word, st.light(s.light))?;
        undated += s.undated;
        ws.write_number_with_format(r, 12, s.undated as f64, &st.number)?;
    }
    let r = book.scores.len() as u32 + 3;
    put(ws, r, 1, "合计", &st.head)?;
    for (k, n) in totals.iter().take(4).enumerate() {
        ws.write_number_with_format(r, 3 + k as u16, *n as f64, &st.head)?;
    }
    for (k, n) in totals.iter().skip(4).take(2).enumerate() {
        ws.write_number_with_format(r, 8 + k as u16, *n as f64, &st.head)?;
    }
    ws.write_number_with_format(r, 12, undated as f64, &st.head)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(3, 0)?;
    print_setup(ws, 2)?;
    protect(ws);
    Ok(())
}

/// Column indexes of a department sheet.
struct Cols {
    targets: usize,
}

impl Cols {
    const MEASURE: u16 = 0;
    const DEPT: u16 = 1;
    const CHAPTER: u16 = 2;
    const TEXT: u16 = 3;
    const ROLE: u16 = 4;
    const PLAN_DUE: u16 = 5;
    const LIGHT: u16 = 6;
    const STATUS: u16 = 7;
    const DUE: u16 = 8;

    fn target(&self, i: usize) -> u16 {
        9 + 2 * i as u16
    }
    fn actual(&self, i: usize) -> u16 {
        10 + 2 * i as u16
    }
    fn note(&self) -> u16 {
        9 + 2 * self.targets as u16
    }
    fn steps(&self) -> u16 {
        self.note() + 1
    }
    fn done_on(&self) -> u16 {
        self.steps() + 1
    }
    fn decision(&self) -> u16 {
        self.steps() + 2
    }
    fn audit(&self) -> u16 {
        self.steps() + 3
    }
    fn exported(&self) -> u16 {
        self.steps() + 4
    }

    /// (header, editable) in column order.
    fn headers(&self) -> Vec<(String, bool)> {
        let mut h: Vec<(String, bool)> = [
            (col::MEASURE, false),
            (col::DEPT, false),
            (col::CHAPTER, false),
            (col::TEXT, false),
            (col::ROLE, false),
            (col::PLAN_DUE, false),
            (col::LIGHT, false),
            (col::STATUS, true),
            (col::DUE, true),
        ]
        .iter()
        .map(|(s, e)| (s.to_string(), *e))
        .collect();
        for n in 1..=self.targets {
            h.push((col::target(n), false));
            h.push((col::actual(n), true));
        }
        h.push((col::NOTE.into(), true));
        h.push((col::STEPS.into(), false));
        h.push((col::DONE_ON.into(), false));
        h.push((col::DECISION.into(), false));
        h.push((col::AUDIT.into(), false));
        h.push((col::EXPORTED.into(), false));
        h
    }
}

fn header_note(h: &str) -> Option<&'static str> {
    Some(match h {
        col::MEASURE => "措施编号和隐藏的部门编号用来把填好的表导回 duban，请勿修改。",
        col::STATUS => "可填写：从下拉列表选择 未开始 / 推进中 / 已完成 / 受阻。",
        col::DUE => "可填写：本部门承诺完成的日期，如 2021-12-31 或 2021年12月31日。",
        col::NOTE => "可填写：进展、问题、需要协调的事项。",
        col::STEPS => "只读：本部门的分解步骤（状态、日期），在 duban 中修改，此处填写无效。",
        col::DONE_ON => {
            "只读：报已完成时填报的实际完成日期，在 duban 中填写（duban set --done-on），此处填写无效。"
        }
        col::DECISION => {
            "只读：调度会的最新督办意见和调度会定时限（会议定的时限，不是本部门的承诺），此处填写无效。"
        }
        col::AUDIT => {
            "只读：审核情况（已报结待审核、已销号、退办及理由）和延期申请的审批结果，此处填写无效。"
        }
        _ if h.ends_with("实际值") => {
            "可填写：左边指标的实际值，只填数字（单位见指标列），如 99.5，不要写 99.5%。"
        }
        _ => return None,
    })
}

fn dept_sheet(
    ws: &mut Worksheet,
    s: &DeptSheet,
    today: NaiveDate,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(&s.name)?;
    let c = Cols { targets: s.targets };
    let heads = c.headers();
    let last_col = c.exported();
    ws.merge_range(
        0,
        0,
        0,
        c.audit(),
        &format!(
            "{} 工作台账（截至{}）　只填黄色单元格：状态、承诺完成时间、指标实际值、备注；其他单元格只读，改了也不会导入",
            s.dept.name,
            zh_date(today)
        ),
        &st.title,
    )?;
    ws.set_row_height(0, 22)?;
    // Headers wrap onto two lines, so they do not widen their columns.
    let mut widths: Vec<f64> = heads
        .iter()
        .map(|(h, _)| (width(h) + 2.0).min(9.0))
        .collect();
    ws.set_row_height(1, 2.0 * LINE_HEIGHT + 2.0)?;
    for (i, (h, editable)) in heads.iter().enumerate() {
        let f = if *editable { &st.head_edit } else { &st.head };
        put(ws, 1, i as u16, h, f)?;
        if let Some(n) = header_note(h) {
            ws.insert_note(1, i as u16, &Note::new(n).add_author_prefix(false))?;
        }
    }
    let mut longest = [0.0f64; 3];
    for (i, row) in s.rows.iter().enumerate() {
        let r = i as u32 + 2;
        let m = row.measure;
        let chapter = chapter_text(row.chapter);
        let text = measure_text(m);
        let role = role_text(row.lead);
        put(ws, r, Cols::MEASURE, &m.id, &st.cell)?;
        put(ws, r, Cols::DEPT, row.dept, &st.cell)?;
        put(ws, r, Cols::CHAPTER, &chapter, &st.wrap)?;
        put(ws, r, Cols::TEXT, &text, &st.wrap)?;
        put(ws, r, Cols::ROLE, role, &st.cell)?;
        match row.plan_due {
            Some(d) => ws.write_datetime_with_format(r, Cols::PLAN_DUE, d, &st.date)?,
            None => ws.write_blank(r, Cols::PLAN_DUE, &st.cell)?,
        };
        let light = light_text(&row.signal);
        widths[Cols::LIGHT as usize] =
            widths[Cols::LIGHT as usize].max(width(&light).min(LIGHT_WIDTH) + 2.0);
        put(ws, r, Cols::LIGHT, &light, st.light(row.signal.light))?;
        put(
            ws,
            r,
            Cols::STATUS,
            row.entry.status.label(Lang::Zh),
            &st.edit,
        )?;
        match row.entry.due {
            Some(d) => ws.write_datetime_with_format(r, Cols::DUE, d, &st.edit_date)?,
            None => ws.write_blank(r, Cols::DUE, &st.edit_date)?,
        };
        for i in 0..s.targets {
            match m.targets.get(i) {
                Some(t) => {
                    let label = target_text(t);
                    widths[c.target(i) as usize] =
                        widths[c.target(i) as usize].max(width(&label).min(TARGET_WIDTH) + 2.0);
                    put(ws, r, c.target(i), &label, &st.wrap)?;
                    match row.entry.actuals.get(&t.key) {
                        Some(v) => {
                            ws.write_number_with_format(r, c.actual(i), *v, &st.edit_number)?
                        }
                        None => ws.write_blank(r, c.actual(i), &st.edit_number)?,
                    };
                    let msg: String =
                        format!("{}：只填数字，单位 {}（如 99.5，不写 %）", label, t.unit)
                            .chars()
                            .take(250)
                            .collect();
                    // Only a prompt: a number rule would refuse what a
                    // text cell holds; reading back checks the number.
                    let v = DataValidation::new()
                        .allow_any_value()
                        .set_input_title("指标实际值")?
                        .set_input_message(msg)?;
                    ws.add_data_validation(r, c.actual(i), r, c.actual(i), &v)?;
                }
                None => {
                    ws.write_blank(r, c.target(i), &st.none)?;
                    ws.write_blank(r, c.actual(i), &st.none)?;
                }
            }
        }
        put(ws, r, c.note(), &row.entry.note, &st.edit_wrap)?;
        let steps = steps_text(&row.entry);
        put(ws, r, c.steps(), &steps, &st.wrap)?;
        match row.entry.done_on {
            Some(d) => ws.write_datetime_with_format(r, c.done_on(), d, &st.date)?,
            None => ws.write_blank(r, c.done_on(), &st.cell)?,
        };
        let decision = decision_text(&row.entry);
        put(ws, r, c.decision(), &decision, &st.wrap)?;
        let audit = audit_text(&row.entry);
        for (k, t) in [&steps, &decision, &audit].iter().enumerate() {
            longest[k] = longest[k].max(width(t));
        }
        put(ws, r, c.audit(), &audit, &st.wrap)?;
        let exported = serde_json::to_string(&row.exported()).expect("plain data");
        put(ws, r, c.exported(), &exported, &st.cell)?;
        widths[Cols::CHAPTER as usize] =
            widths[Cols::CHAPTER as usize].max(width(&chapter).min(CHAPTER_WIDTH) + 2.0);
        let height = lines(&text, TEXT_WIDTH)
            .max(lines(&row.entry.note, NOTE_WIDTH))
            .max(lines(&steps, STEPS_WIDTH))
            .max(lines(&decision, STEPS_WIDTH))
            .max(lines(&audit, STEPS_WIDTH))
            .max(lines(&chapter, widths[Cols::CHAPTER as usize]))
            .max(lines(&light, widths[Cols::LIGHT as usize]))
            .max(
                (0..s.targets)
                    .filter_map(|i| {
                        m.targets
                            .get(i)
                            .map(|t| lines(&target_text(t), TARGET_WIDTH + 2.0))
                    })
                    .fold(1.0, f64::max),
            );
        ws.set_row_height(r, (height * LINE_HEIGHT).min(409.0))?;
    }
    widths[Cols::TEXT as usize] = TEXT_WIDTH;
    widths[Cols::PLAN_DUE as usize] = widths[Cols::PLAN_DUE as usize].max(DATE_WIDTH);
    widths[Cols::DUE as usize] = widths[Cols::DUE as usize].max(DATE_WIDTH);
    widths[c.note() as usize] = NOTE_WIDTH;
    // The read-only text columns are as wide as a line needs and no wider
    // than STEPS_WIDTH: on a sheet where nothing was decided they shrink to
    // their header, which is what a printed ledger can spare.
    let fit = |i: usize, w: f64| w.max((longest[i] + 2.0).min(STEPS_WIDTH));
    widths[c.steps() as usize] = fit(0, widths[c.steps() as usize]);
    widths[c.done_on() as usize] = widths[c.done_on() as usize].max(DATE_WIDTH);
    widths[c.decision() as usize] = fit(1, widths[c.decision() as usize]);
    widths[c.audit() as usize] = fit(2, widths[c.audit() as usize]);
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    ws.set_column_hidden(Cols::DEPT)?;
    ws.set_column_hidden(c.exported())?;
    if !s.rows.is_empty() {
        let last = s.rows.len() as u32 + 1;
        let words: Vec<&str> = Status::ALL.iter().map(|s| s.label(Lang::Zh)).collect();
        let status = DataValidation::new()
            .allow_list_strings(&words)?
            .set_input_title("状态")?
            .set_input_message("从下拉列表选择：未开始 / 推进中 / 已完成 / 受阻")?;
        ws.add_data_validation(2, Cols::STATUS, last, Cols::STATUS, &status)?;
        let lo = NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid");
        let hi = NaiveDate::from_ymd_opt(2100, 12, 31).expect("valid");
        let due = DataValidation::new()
            .allow_date(DataValidationRule::Between(lo, hi))
            .set_input_title("承诺完成时间")?
            .set_input_message("填日期，如 2021-12-31")?
            .set_error_message("请填日期，如 2021-12-31 或 2021年12月31日。")?
            .set_error_style(DataValidationErrorStyle::Warning);
        ws.add_data_validation(2, Cols::DUE, last, Cols::DUE, &due)?;
        ws.autofilter(1, 0, last, last_col)?;
    }
    ws.set_freeze_panes(2, 1)?;
    print_setup(ws, 1)?;
    protect(ws);
    Ok(())
}

fn help(ws: &mut Worksheet, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(HELP_SHEET)?;
    let lines = [
        "填表说明",
        "1. 每个部门一张表，每行是本部门牵头或承担的一项措施。",
        "2. 只填黄色列：状态（下拉选择 未开始/推进中/已完成/受阻）、承诺完成时间（日期，如 2021-12-31 或 2021年12月31日）、指标实际值（只填数字，单位见左边的指标列）、备注。",
        "3. 其他单元格（白色，表头为灰色：措施编号、章节、措施内容、角色、计划时限、灯号、指标、分解步骤、实际完成时间、督办意见、审核）只读，请勿修改；表已保护（无密码），防止误改。改了也不会导入：导入时会逐格列出这些改动并跳过。分解步骤请在 duban 中修改；督办意见（含调度会定时限）和审核（销号、退办理由、延期审批）由督办人员在 duban 中记录。",
        "4. 可以调整列宽、行高，可以筛选；不要增删列，不要改表头。",
        "5. 灯号：逾期 = 已过时限未完成；临期 = 7日内到期；正常 = 其他。灯号和汇总表由 duban 计算，填写无效。",
        "6. 填好后交回督办人员，用 duban ingest 导入：每处改动会列出单元格位置，读不懂的单元格会指出并跳过，不会猜测。",
    ];
    const HELP_WIDTH: f64 = 100.0;
    ws.set_column_width(0, HELP_WIDTH)?;
    print_setup(ws, 0)?;
    for (i, l) in lines.iter().enumerate() {
        let f = if i == 0 { &st.title } else { &st.wrap };
        put(ws, i as u32, 0, *l, f)?;
        ws.set_row_height(i as u32, self::lines(l, HELP_WIDTH) * LINE_HEIGHT)?;
    }
    protect(ws);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_cjk_as_two() {
        assert_eq!(width("区税务局"), 8.0);
        assert_eq!(width("1.10"), 4.0);
        assert_eq!(width("全程电子化率 ≥ 99 %"), 19.0);
        // The widest line of a multi-line cell.
        assert_eq!(width("甲\n乙丙丁"), 6.0);
    }

    #[test]
    fn wrapped_lines_fill_the_column() {
        // 30 CJK characters = 60 units in a 31-unit column (30 usable): 2 lines.
        assert_eq!(lines(&"字".repeat(30), 31.0), 2.0);
        assert_eq!(lines(&"字".repeat(31), 31.0), 3.0);
        assert_eq!(lines("", 31.0), 1.0);
        // Each paragraph starts a line.
        assert_eq!(lines("一\n二\n三", 31.0), 3.0);
    }

    #[test]
    fn dates_read_the_chinese_way() {
        let d = NaiveDate::from_ymd_opt(2021, 1, 5).unwrap();
        assert_eq!(zh_date(d), "2021年1月5日");
    }
}
