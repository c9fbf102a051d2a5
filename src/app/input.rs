//! A small text input: the text and a cursor, edited anywhere, with the
//! cursor's screen position measured in display cells (a CJK character is
//! two). Written here rather than taken from a crate because the board needs
//! multi-line notes and cell-exact cursor placement for CJK, and the
//! inputs on crates.io are single-line.

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

#[cfg(test)]
mod tests {
    use super::*;

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
