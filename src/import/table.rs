//! A Word document's blocks as plan text, with measure tables written the
//! way a plan's text writes measures.
//!
//! A table is a measure table when a header row has a task column (重点任务,
//! 具体措施, 工作内容 …) and a 牵头单位, 责任单位 or 完成时限 column. Each of
//! its rows becomes a numbered item followed by its annotations on their own
//! lines (牵头单位：… / 责任单位：… / 完成时限：…), so the one text reader
//! places them; a category column (or a task column merged over several
//! rows) becomes the headings. Other tables are read row by row as text.

use super::docx::Block;
use super::fold::fold;
use super::numerals::is_cn_numeral;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Number,
    Category,
    Task,
    Lead,
    Responsible,
    Deadline,
    Other,
}

fn column(header: &str) -> Col {
    let f = fold(header);
    let has = |ws: &[&str]| ws.iter().any(|w| f.contains(w));
    if f.is_empty() || has(&["领导", "联系人", "责任人", "备注"]) {
        // People and remarks are not units.
        Col::Other
    } else if has(&["序号", "编号"]) || f == "序" {
        Col::Number
    } else if has(&["牵头", "主办", "主责"]) {
        Col::Lead
    } else if has(&["时限", "时间", "期限", "节点", "进度"]) {
        Col::Deadline
    } else if has(&[
        "责任", "配合", "参与", "参加", "协办", "承办", "协同", "单位", "部门",
    ]) {
        Col::Responsible
    } else if has(&[
        "任务", "措施", "举措", "内容", "事项", "工作", "目标", "要求", "政策", "清单",
    ]) {
        Col::Task
    } else if has(&[
        "类别", "领域", "分类", "类型", "板块", "专项", "方面", "环节",
    ]) {
        Col::Category
    } else {
        Col::Other
    }
}

/// The header row's columns, when the table lists measures.
fn header(rows: &[Vec<Vec<String>>]) -> Option<(usize, Vec<Col>)> {
    rows.iter().take(3).enumerate().find_map(|(i, row)| {
        let cols: Vec<Col> = row.iter().map(|c| column(&c.concat())).collect();
        let task = cols.contains(&Col::Task);
        let who = cols
            .iter()
            .any(|c| matches!(c, Col::Lead | Col::Responsible | Col::Deadline));
        (task && who).then_some((i, cols))
    })
}

/// Whether a cell already starts with a heading numeral ("一、").
fn numbered_heading(s: &str) -> bool {
    let f = fold(s);
    let n = f.chars().take_while(|c| is_cn_numeral(*c)).count();
    n > 0 && f.chars().nth(n) == Some('、')
}

fn one_line(cell: &[String], sep: &str) -> String {
    cell.iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

/// Text lines for a measure table.
fn measure_table(rows: &[Vec<Vec<String>>], at: usize, cols: &[Col], out: &mut Vec<String>) {
    let mut cols = cols.to_vec();
    // A task column whose cell is merged over rows groups the rows under it.
    let tasks: Vec<usize> = (0..cols.len()).filter(|i| cols[*i] == Col::Task).collect();
    if tasks.len() >= 2 {
        let first = tasks[0];
        let repeats = rows[at + 1..].windows(2).any(|w| {
            w[0].get(first).is_some_and(|c| !c.is_empty()) && w[0].get(first) == w[1].get(first)
        });
        if repeats {
            cols[first] = Col::Category;
        }
    }
    let mut category = String::new();
    let mut headings = 0;
    let mut counter = 0;
    for row in &rows[at + 1..] {
        let get = |kind: Col, sep: &str| -> Vec<String> {
            cols.iter()
                .enumerate()
                .filter(|(_, c)| **c == kind)
                .filter_map(|(i, _)| row.get(i))
                .map(|c| one_line(c, sep))
                .filter(|s| !s.is_empty())
                .collect()
        };
        let task = get(Col::Task, "").join("。");
        let mut cat = get(Col::Category, "").join("　");
        // A row of one cell across the table ("一、政务服务") is a heading.
        let mut filled: Vec<String> = row
            .iter()
            .map(|c| one_line(c, ""))
            .filter(|c| !c.is_empty())
            .collect();
        filled.dedup();
        if filled.len() == 1
            && row.len() > 1
            && !filled[0].chars().all(|c| c.is_ascii_digit())
            && (task.is_empty() || task == filled[0])
        {
            cat = filled.remove(0);
            if task == cat {
                counter = 0;
            }
        }
        let task = if task == cat { String::new() } else { task };
        if !cat.is_empty() && cat != category {
            category = cat.clone();
            headings += 1;
            out.push(String::new());
            if numbered_heading(&cat) {
                out.push(cat);
            } else {
                out.push(format!(
                    "{}、{cat}",
                    super::numerals::to_cn(u32::try_from(headings).unwrap_or(u32::MAX))
                ));
            }
            counter = 0;
        }
        if task.is_empty() {
            continue;
        }
        counter += 1;
        let number = get(Col::Number, "")
            .first()
            .filter(|n| n.chars().all(|c| c.is_ascii_digit()) && n.len() <= 3)
            .cloned()
            .unwrap_or_else(|| counter.to_string());
        out.push(String::new());
        out.push(format!("{number}. {task}"));
        for (kind, label, sep) in [
            (Col::Lead, "牵头单位", "、"),
            (Col::Responsible, "责任单位", "、"),
            (Col::Deadline, "完成时限", "；"),
        ] {
            let v = get(kind, sep).join(sep);
            if !v.is_empty() {
                out.push(format!("{label}：{v}"));
            }
        }
    }
    out.push(String::new());
}

/// The document's text: paragraphs one per line with a blank line between,
/// measure tables as numbered items with their annotations.
pub fn text(blocks: &[Block]) -> String {
    let mut out: Vec<String> = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraph(lines) => {
                out.extend(lines.iter().cloned());
                out.push(String::new());
            }
            Block::Table(rows) => match header(rows) {
                Some((at, cols)) => measure_table(rows, at, &cols, &mut out),
                None => {
                    for row in rows {
                        let cells: Vec<String> = row
                            .iter()
                            .map(|c| one_line(c, ""))
                            .filter(|s| !s.is_empty())
                            .collect();
                        if !cells.is_empty() {
                            out.push(cells.join(" "));
                            out.push(String::new());
                        }
                    }
                }
            },
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> Vec<String> {
        s.split('|').map(String::from).collect()
    }

    #[test]
    fn a_measure_table_becomes_items_with_annotations() {
        let rows = vec![
            vec![
                cell("序号"),
                cell("重点任务"),
                cell("牵头单位"),
                cell("责任单位"),
                cell("完成时限"),
            ],
            vec![
                cell("1"),
                cell("推行网办。全程电子化。"),
                cell("市行政审批局"),
                cell("市税务局|市公安局"),
                cell("2022年6月底前"),
            ],
            vec![cell("2"), cell(""), cell(""), cell(""), cell("")],
            vec![
                cell("3"),
                cell("压缩时间。"),
                cell("市自然资源局"),
                cell(""),
                cell("长期坚持"),
            ],
        ];
        let t = text(&[Block::Table(rows)]);
        assert_eq!(
            t,
            "\n1. 推行网办。全程电子化。\n牵头单位：市行政审批局\n责任单位：市税务局、市公安局\n完成时限：2022年6月底前\n\n3. 压缩时间。\n牵头单位：市自然资源局\n完成时限：长期坚持\n"
        );
    }

    #[test]
    fn categories_and_merged_tasks_become_headings() {
        let rows = vec![
            vec![cell("重点任务"), cell("具体措施"), cell("牵头部门")],
            vec![cell("开办企业"), cell("甲。"), cell("区税务局")],
            vec![cell("开办企业"), cell("乙。"), cell("区税务局")],
            vec![cell("获得电力"), cell("丙。"), cell("供电公司")],
        ];
        let t = text(&[Block::Table(rows)]);
        assert!(
            t.contains("\n一、开办企业\n\n1. 甲。\n牵头单位：区税务局\n\n2. 乙。"),
            "{t}"
        );
        assert!(t.contains("\n二、获得电力\n\n1. 丙。"), "{t}");
    }

    #[test]
    fn a_row_across_the_table_is_a_heading() {
        let rows = vec![
            vec![
                cell("序号"),
                cell("工作任务"),
                cell("责任单位"),
                cell("责任领导"),
            ],
            vec![
                cell("一、政务服务"),
                cell("一、政务服务"),
                cell("一、政务服务"),
                cell("一、政务服务"),
            ],
            vec![
                cell("1"),
                cell("推行网办。"),
                cell("区税务局"),
                cell("张三"),
            ],
        ];
        let t = text(&[Block::Table(rows)]);
        assert_eq!(
            t, "\n一、政务服务\n\n1. 推行网办。\n责任单位：区税务局\n",
            "{t}"
        );
    }

    #[test]
    fn other_tables_are_rows_of_text() {
        let rows = vec![vec![cell("聊政办发〔2019〕10号"), cell("")]];
        assert_eq!(text(&[Block::Table(rows)]), "聊政办发〔2019〕10号\n");
    }
}
