//! Byte offsets in a text turned into the 1-based line and column people read.
//!
//! Columns count characters, not bytes, so a message points at the right place in an
//! editor. Used by the readers of the small package files (lock, progress); the profile
//! keeps its own line table.

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text` (clamped to the text, rounded down to a
    /// character boundary).
    pub fn at(text: &str, offset: usize) -> Position {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Position { line, column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        for (text, offset, line, column) in [
            ("", 0, 1, 1),
            ("abc", 2, 1, 3),
            ("a\nbc", 3, 2, 2),
            ("é\nxé", 5, 2, 2),
            ("é\nxé", 6, 2, 3),
            ("é", 1, 1, 1),
            ("ab", 99, 1, 3),
        ] {
            assert_eq!(
                Position::at(text, offset),
                Position { line, column },
                "{text:?} {offset}"
            );
        }
    }
}
