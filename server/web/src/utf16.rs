//! Byte offsets of the analysed text as UTF-16 offsets, the unit of JavaScript strings (what the
//! page's textarea, `selectionStart` and `String.prototype.slice` count in).

/// Checkpoints every [`STEP`] bytes; a lookup counts at most one step of text.
pub struct Utf16Index<'a> {
    text: &'a str,
    /// (byte offset at a char boundary, UTF-16 offset there), ascending.
    marks: Vec<(usize, usize)>,
}

const STEP: usize = 256;

impl<'a> Utf16Index<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut marks = Vec::with_capacity(text.len() / STEP + 1);
        marks.push((0, 0));
        let mut units = 0;
        let mut next = STEP;
        for (i, c) in text.char_indices() {
            if i >= next {
                marks.push((i, units));
                next = i + STEP;
            }
            units += c.len_utf16();
        }
        Utf16Index { text, marks }
    }

    /// The UTF-16 offset of byte `b` (clamped to the text, rounded down to a char boundary).
    pub fn at(&self, b: usize) -> usize {
        let b = gongwen::text::floor_char_boundary(self.text, b.min(self.text.len()));
        let k = self.marks.partition_point(|&(m, _)| m <= b) - 1;
        let (m, u) = self.marks[k];
        u + self.text[m..b].chars().map(char::len_utf16).sum::<usize>()
    }

    /// The byte offset of UTF-16 offset `u` (clamped; inside a surrogate pair, the pair's start).
    pub fn byte(&self, u: usize) -> usize {
        let k = self.marks.partition_point(|&(_, mu)| mu <= u) - 1;
        let (mut b, mut at) = self.marks[k];
        for c in self.text[b..].chars() {
            let n = c.len_utf16();
            if at + n > u {
                break;
            }
            at += n;
            b += c.len_utf8();
        }
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_across_checkpoints_and_astral_chars() {
        let text = "报告𠀀a\r\n".repeat(100);
        let ix = Utf16Index::new(&text);
        let mut units = 0;
        for (b, c) in text.char_indices() {
            assert_eq!(ix.at(b), units, "byte {b}");
            assert_eq!(ix.byte(units), b);
            units += c.len_utf16();
        }
        assert_eq!(ix.at(text.len()), units);
        assert_eq!(ix.at(text.len() + 10), units);
        assert_eq!(ix.byte(units + 5), text.len());
        // inside 𠀀 (4 bytes, 2 units): the char's start
        let astral = "报告".len();
        assert_eq!(ix.at(astral + 2), ix.at(astral));
        assert_eq!(ix.byte(ix.at(astral) + 1), astral);
    }
}
