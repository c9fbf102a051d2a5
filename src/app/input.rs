//! A small text input: the text and a cursor, edited anywhere, with the
//! cursor's screen position measured in display cells (a CJK character is
//! two). A multi-line note is a small text area: it wraps at the width it
//! is shown in ([`TextInput::rows`]), and ↑/↓ and PgUp/PgDn move by those
//! screen rows. Written here rather than taken from a crate because the
//! board's state is plain data driven by its own key map (a textarea
//! widget brings its own key handling and lives in the drawing layer),
//! and because the cursor must land cell-exact on CJK text.

use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Byte offset into `text`, always on a char boundary.
    cursor: usize,
}

impl TextInput {
    /// An input holding `text`, cursor at the end.
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_string(),
            cursor: text.len(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// Inserts pasted text at the cursor; line breaks become `\n`, or spaces
    /// when the input is one line. Other control characters are dropped.
    pub fn paste(&mut self, s: &str, multiline: bool) {
        let s = s.replace("\r\n", "\n").replace('\r', "\n");
        for c in s.chars() {
            match c {
                '\n' if multiline => self.insert('\n'),
                '\n' | '\t' => self.insert(' '),
                c if c.is_control() => {}
                c => self.insert(c),
            }
        }
    }

    pub fn left(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
        }
    }

    pub fn right(&mut self) {
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
    }

    /// To the start of the current line.
    pub fn home(&mut self) {
        self.cursor = self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1);
    }

    /// To the end of the current line.
    pub fn end(&mut self) {
        self.cursor += self.text[self.cursor..]
            .find('\n')
            .unwrap_or(self.text.len() - self.cursor);
    }

    pub fn backspace(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
            self.text.remove(self.cursor);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.text.len() {
            self.text.remove(self.cursor);
        }
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// The cursor as (line, column in display cells).
    pub fn cursor_cell(&self) -> (usize, usize) {
        let before = &self.text[..self.cursor];
        let line = before.matches('\n').count();
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[start..]
            .chars()
            .map(|c| c.width().unwrap_or(0))
            .sum();
        (line, col)
    }
}

/// One screen row of a wrapped text: bytes `start..end` of it, and whether
/// the row ends its line (so a cursor at `end` belongs to it, not to the
/// row after).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub start: usize,
    pub end: usize,
    pub last_in_line: bool,
}

/// Splits `text` into screen rows `width` cells wide: each line on its
/// own rows, a wide character that does not fit at a row's end starting
/// the next row. An empty line is one empty row.
pub fn wrap_rows(text: &str, width: usize) -> Vec<Row> {
    let width = width.max(2);
    let mut rows = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let mut start = line_start;
        let mut used = 0;
        for (i, c) in line.char_indices() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width && used > 0 {
                rows.push(Row {
                    start,
                    end: line_start + i,
                    last_in_line: false,
                });
                start = line_start + i;
                used = 0;
            }
            used += cw;
        }
        rows.push(Row {
            start,
            end: line_start + line.len(),
            last_in_line: true,
        });
        line_start += line.len() + 1;
    }
    rows
}

impl TextInput {
    /// The text's screen rows at `width` cells (see [`wrap_rows`]).
    pub fn rows(&self, width: usize) -> Vec<Row> {
        wrap_rows(&self.text, width)
    }

    /// The cursor as (screen row, cell within it) when wrapped at `width`.
    pub fn cursor_wrapped(&self, width: usize) -> (usize, usize) {
        let rows = self.rows(width);
        let r = row_of(&rows, self.cursor);
        let col = self.text[rows[r].start..self.cursor]
            .chars()
            .map(|c| c.width().unwrap_or(0))
            .sum();
        (r, col)
    }

    /// Moves the cursor `delta` screen rows (negative is up) at `width`,
    /// to the cell nearest the one it is in. False when it is already on
    /// the first (or last) row, so the caller may move to another field.
    pub fn vertical(&mut self, width: usize, delta: isize) -> bool {
        let rows = self.rows(width);
        let (r, col) = self.cursor_wrapped(width);
        let target = (r as isize + delta).clamp(0, rows.len() as isize - 1) as usize;
        if target == r {
            return false;
        }
        let row = rows[target];
        let mut at = row.start;
        let mut used = 0;
        for (i, c) in self.text[row.start..row.end].char_indices() {
            let cw = c.width().unwrap_or(0);
            if used + cw > col {
                break;
            }
            // The end of a row that wraps is the next row's start: stop
            // before its last character so the cursor stays on this row.
            if !row.last_in_line && row.start + i + c.len_utf8() == row.end {
                break;
            }
            used += cw;
            at = row.start + i + c.len_utf8();
        }
        self.cursor = at;
        true
    }
}

/// The row the cursor at byte `at` is on.
fn row_of(rows: &[Row], at: usize) -> usize {
    rows.iter()
        .position(|r| at >= r.start && (at < r.end || (at == r.end && r.last_in_line)))
        .unwrap_or(rows.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_text_wraps_by_cells_and_a_wide_character_never_splits() {
        // 5 cells: two CJK characters (4 cells) fit, the third starts a row.
        let rows = wrap_rows("一二三四五", 5);
        let parts: Vec<&str> = rows.iter().map(|r| &"一二三四五"[r.start..r.end]).collect();
        assert_eq!(parts, ["一二", "三四", "五"]);
        let mixed = wrap_rows("ab一cd\n\n二", 4);
        let text = "ab一cd\n\n二";
        let parts: Vec<&str> = mixed.iter().map(|r| &text[r.start..r.end]).collect();
        assert_eq!(parts, ["ab一", "cd", "", "二"]);
    }

    #[test]
    fn up_and_down_move_by_screen_rows_keeping_the_cell() {
        let mut t = TextInput::new("一二三四五六七八");
        // 6 cells a row: 一二三 / 四五六 / 七八; the cursor is at the end.
        assert_eq!(t.cursor_wrapped(6), (2, 4));
        assert!(t.vertical(6, -1));
        assert_eq!(t.cursor_wrapped(6), (1, 4));
        t.insert('x');
        assert_eq!(t.text(), "一二三四五x六七八");
        assert!(t.vertical(6, -5), "a page up stops at the first row");
        assert_eq!(t.cursor_wrapped(6).0, 0);
        assert!(!t.vertical(6, -1), "nothing above the first row");
        assert!(t.vertical(6, 10));
        assert!(!t.vertical(6, 1), "nothing below the last row");
    }

    #[test]
    fn a_cursor_at_a_wrap_point_shows_on_the_next_row() {
        let mut t = TextInput::new("一二三四");
        t.home();
        t.right();
        t.right();
        // At byte 6, "一二" fills a 4-cell row: the cursor is on row 1, cell 0.
        assert_eq!(t.cursor_wrapped(4), (1, 0));
        // At the end of a line it stays on that line's last row.
        t.end();
        assert_eq!(t.cursor_wrapped(4), (1, 4));
    }

    #[test]
    fn cursor_moves_by_characters_and_measures_cjk_as_two_cells() {
        let mut t = TextInput::new("进度ab");
        assert_eq!(t.cursor_cell(), (0, 6));
        t.left();
        t.left();
        assert_eq!(t.cursor_cell(), (0, 4));
        t.left();
        assert_eq!(t.cursor_cell(), (0, 2));
        t.insert('中');
        assert_eq!(t.text(), "进中度ab");
        assert_eq!(t.cursor_cell(), (0, 4));
        t.home();
        assert_eq!(t.cursor_cell(), (0, 0));
        t.left();
        assert_eq!(t.cursor_cell(), (0, 0));
        t.end();
        t.right();
        assert_eq!(t.cursor_cell(), (0, 8));
    }

    #[test]
    fn backspace_and_delete_remove_whole_characters() {
        let mut t = TextInput::new("已完成");
        t.backspace();
        assert_eq!(t.text(), "已完");
        t.home();
        t.delete();
        assert_eq!(t.text(), "完");
        t.delete();
        t.delete();
        assert_eq!(t.text(), "");
        t.backspace();
        assert_eq!(t.cursor_cell(), (0, 0));
    }

    #[test]
    fn paste_goes_in_at_the_cursor_and_keeps_lines_only_when_multiline() {
        let mut t = TextInput::new("ad");
        t.left();
        t.paste("b\r\nc", true);
        assert_eq!(t.text(), "ab\ncd");
        assert_eq!(t.cursor_cell(), (1, 1));
        let mut one = TextInput::new("");
        one.paste("x\ny\u{7}z", false);
        assert_eq!(one.text(), "x yz");
    }

    #[test]
    fn home_and_end_stay_on_the_current_line() {
        let mut t = TextInput::new("第一行\n第二行");
        t.home();
        assert_eq!(t.cursor_cell(), (1, 0));
        t.left();
        assert_eq!(t.cursor_cell(), (0, 6));
        t.home();
        t.end();
        assert_eq!(t.cursor_cell(), (0, 6));
    }
}
