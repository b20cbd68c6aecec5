//! Text primitives shared by the engine, the CLI and the LSP adapter: byte spans, a line index
//! that converts byte offsets to line/column in any position encoding, and character classes.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r` (the three terminators LSP recognises). Columns never
//! count the terminator.

use serde::Serialize;

/// A half-open byte range `[start, end)` into a UTF-8 string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    /// `offset` lies inside the span or exactly at its end.
    pub fn touches(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
}

/// A [`Span`] in 32-bit offsets, for the tables that hold millions of rows (the figures, clauses
/// and sentences of a 48 MB report): half the memory of a `Span`. The engine's texts are under
/// 4 GiB (the editor and the CLI read nothing near that); a larger offset panics where the span
/// is made, which the analysis reports as an internal error of that step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span32 {
    pub start: u32,
    pub end: u32,
}

/// An offset as 32 bits (see [`Span32`]).
#[inline]
pub fn offset32(offset: usize) -> u32 {
    if offset > u32::MAX as usize {
        over_4_gib()
    }
    offset as u32
}

/// Out of line: the scan's inner loop makes spans, and an inlined panic in each would grow it
/// past what the compiler inlines.
#[cold]
#[inline(never)]
fn over_4_gib() -> ! {
    panic!("texts are under 4 GiB")
}

impl Span32 {
    #[inline]
    pub fn new(start: usize, end: usize) -> Self {
        if start.max(end) > u32::MAX as usize {
            over_4_gib()
        }
        Span32 {
            start: start as u32,
            end: end as u32,
        }
    }
    /// The span as a [`Span`].
    pub const fn wide(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
    pub const fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.wide().contains(offset)
    }
    /// `offset` lies inside the span or exactly at its end.
    pub fn touches(&self, offset: usize) -> bool {
        self.wide().touches(offset)
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.wide().overlaps(other)
    }
    pub fn cover(self, other: Span) -> Span {
        self.wide().cover(other)
    }
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start as usize..self.end as usize]
    }
}

impl From<Span> for Span32 {
    fn from(s: Span) -> Span32 {
        Span32::new(s.start, s.end)
    }
}

impl From<Span32> for Span {
    fn from(s: Span32) -> Span {
        s.wide()
    }
}

/// How columns are counted. LSP's default is UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    /// Unicode scalar values (LSP's "utf-32"); also what the CLI prints as columns.
    Utf32,
}

impl Encoding {
    pub fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
    pub fn units_of(self, s: &str) -> usize {
        match self {
            Encoding::Utf8 => s.len(),
            Encoding::Utf16 => {
                let (chars, astral) = count_chars(s.as_bytes());
                chars + astral
            }
            Encoding::Utf32 => count_chars(s.as_bytes()).0,
        }
    }
}

/// The characters of valid UTF-8 `bytes` (the bytes that are not continuation bytes) and those
/// beyond the BMP (lead byte F0–F4: two UTF-16 units each), counted eight bytes at a time. The
/// stretches between two diagnostics of a publication are a few dozen bytes: `chars().count()`
/// reads those byte by byte.
fn count_chars(bytes: &[u8]) -> (usize, usize) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // the number of bytes whose bit 7 is set in `m` (only bit 7 of each byte may be)
    let ones = |m: u64| ((m >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
    let (mut continuation, mut astral) = (0, 0);
    let mut words = bytes.chunks_exact(8);
    for w in words.by_ref() {
        let w = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        // 10xxxxxx: bit 7 set, bit 6 (shifted onto bit 7) clear
        continuation += ones(w & !(w << 1) & HIGH);
        // 11110xxx: bits 7 to 4 set
        astral += ones(w & (w << 1) & (w << 2) & (w << 3) & HIGH);
    }
    for &b in words.remainder() {
        continuation += usize::from(b & 0xC0 == 0x80);
        astral += usize::from(b >= 0xF0);
    }
    (bytes.len() - continuation, astral)
}

/// Line starts of a string, for offset ↔ (line, column) conversion.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts. Always begins with 0.
    starts: Vec<usize>,
    /// Byte offset where each line's content ends (before its terminator).
    ends: Vec<usize>,
    len: usize,
}

/// The 0-based line of `offset`, line ends counted as [`LineIndex`] does (`\n`, `\r\n`, a lone
/// `\r`), without indexing the whole text: for one position in a long text.
pub fn line_at(text: &str, offset: usize) -> usize {
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| !(bytes[i] == b'\r' && text.as_bytes().get(i + 1) == Some(&b'\n')))
        .count()
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut ends = Vec::new();
        let mut i = 0;
        while let Some(k) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + k;
            ends.push(at);
            i = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(i);
        }
        ends.push(bytes.len());
        LineIndex {
            starts,
            ends,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The line containing byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// Span of line `line`'s content, without its terminator.
    pub fn line_span(&self, line: usize) -> Span {
        let line = line.min(self.starts.len() - 1);
        Span::new(self.starts[line], self.ends[line])
    }

    /// Convert a byte offset into `(line, column)` with columns in `enc` units. Offsets inside a
    /// line terminator map to the end of that line; offsets inside a character map to its start.
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let end = self.ends[line].min(offset.max(start));
        let col = match enc {
            Encoding::Utf8 => end - start,
            _ => enc.units_of(&text[start..end]),
        };
        (line, col)
    }

    /// Convert `(line, column)` into a byte offset. A line past the end maps to the end of the
    /// text; a column past the end of its line maps to the line's end; a column inside a
    /// character (half a surrogate pair, a byte inside a UTF-8 sequence) maps to its start.
    pub fn offset(&self, text: &str, line: usize, col: usize, enc: Encoding) -> usize {
        if line >= self.starts.len() {
            return self.len;
        }
        let start = self.starts[line];
        let end = self.ends[line];
        column_to_offset(&text[start..end], col, enc) + start
    }
}

/// How a [`Cursor`] counts columns: in a position encoding, or in terminal display cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Units(Encoding),
    /// Terminal cells ([`display_width`]), for aligning carets under the source line.
    Display,
}

impl Measure {
    fn of(self, s: &str) -> usize {
        match self {
            Measure::Units(Encoding::Utf8) => s.len(),
            Measure::Units(enc) => enc.units_of(s),
            Measure::Display => display_width(s),
        }
    }
}

/// Converts many byte offsets of one text into `(line, column)` without re-walking each line
/// from its start: it remembers the last position and counts only the characters between it
/// and the next one (or from the line start, whichever is shorter). Offsets that come in order,
/// as a sorted list of findings' starts does, cost O(text) in total instead of O(findings ×
/// line length). Keep one cursor per ordered stream (starts, ends, fix edits).
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    measure: Measure,
    line: usize,
    /// Byte offset of the last position (a char boundary inside `line`'s content).
    at: usize,
    /// Its column.
    col: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str, lines: &'a LineIndex, measure: Measure) -> Self {
        Cursor {
            text,
            lines,
            measure,
            line: 0,
            at: 0,
            col: 0,
        }
    }

    /// The same as [`LineIndex::position`] (or, with [`Measure::Display`], the display column).
    pub fn position(&mut self, offset: usize) -> (usize, usize) {
        let li = self.lines;
        let offset = floor_char_boundary(self.text, offset.min(li.len));
        let same_line = offset >= li.starts[self.line]
            && li
                .starts
                .get(self.line + 1)
                .is_none_or(|&next| offset < next);
        if !same_line {
            self.line = li.line_of(offset);
            self.at = li.starts[self.line];
            self.col = 0;
        }
        let start = li.starts[self.line];
        let target = li.ends[self.line].min(offset.max(start));
        if target >= self.at {
            self.col += self.measure.of(&self.text[self.at..target]);
        } else if self.at - target < target - start {
            self.col -= self.measure.of(&self.text[target..self.at]);
        } else {
            self.col = self.measure.of(&self.text[start..target]);
        }
        self.at = target;
        (self.line, self.col)
    }
}

/// Byte offset within `line` (no terminator) of column `col` counted in `enc` units, rounding
/// down inside a character and clamping to the line's end.
pub fn column_to_offset(line: &str, col: usize, enc: Encoding) -> usize {
    if enc == Encoding::Utf8 {
        return floor_char_boundary(line, col.min(line.len()));
    }
    let mut units = 0;
    for (i, c) in line.char_indices() {
        let next = units + enc.units(c);
        if next > col {
            return i;
        }
        units = next;
    }
    line.len()
}

/// The largest char boundary `<= i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary `>= i`.
pub fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The line terminator the document mostly uses (`\r\n` if its first terminator is CRLF).
pub fn line_ending(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text.as_bytes()[i] == b'\r' => "\r",
        _ => "\n",
    }
}

/// CJK ideographs (the unified blocks, extensions and compatibility ideographs), plus 〇.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Whitespace including the ideographic space U+3000 and no-break space.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}'
}

/// Trim whitespace (incl. U+3000) from both ends of `span` within `text`.
pub fn trim_span(text: &str, span: impl Into<Span>) -> Span {
    let span = span.into();
    let s = span.text(text);
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let trimmed = s.trim_matches(is_space);
    let start = span.start + lead;
    Span::new(start, start + trimmed.len())
}

/// Sentence-final marks that end a Chinese sentence.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';')
}

/// Does the character `c` at byte `i` of `s` end a sentence: a sentence-final mark
/// ([`is_sentence_end`]) or a full stop typed half-width ([`is_half_width_stop`])?
pub fn ends_sentence_at(s: &str, i: usize, c: char) -> bool {
    is_sentence_end(c) || (c == '.' && is_half_width_stop(s, i))
}

/// Is the `.` at byte `i` of `s` a full stop typed half-width ("依法全面履行政府职能.全县……",
/// "培训120人次.2023年3月……", "满意率99.3%.二是……")? It follows a Chinese character, a
/// closing mark or a percent sign, and no letter and no other `.` follows it: not a decimal
/// point (42.6万), a numbering mark (1.), a file name or an address (www.gov.cn), an ellipsis
/// (等等...).
pub fn is_half_width_stop(s: &str, i: usize) -> bool {
    let before = s[..i].chars().next_back();
    let after = s[i + 1..].chars().next();
    before.is_some_and(|c| {
        (!c.is_ascii() && c.is_alphabetic())
            || matches!(
                c,
                ')' | '）' | '”' | '’' | '》' | '"' | '」' | '』' | '】' | '%' | '％'
            )
    }) && !after.is_some_and(|c| c.is_ascii_alphabetic() || c == '.')
}

/// Display width in a terminal: wide (2) for CJK and full-width forms, 1 otherwise.
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The span of the first non-blank line at or after `pos`, else the last one before it.
pub fn line_near(text: &str, pos: usize) -> Span {
    let li = LineIndex::new(text);
    let start_line = li.line_of(pos);
    for l in start_line..li.line_count() {
        let s = trim_span(text, li.line_span(l));
        if !s.is_empty() && s.end >= pos {
            return s;
        }
    }
    for l in (0..start_line).rev() {
        let s = trim_span(text, li.line_span(l));
        if !s.is_empty() {
            return s;
        }
    }
    Span::empty(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_full_stops() {
        // (text, is its last '.' a full stop?)
        for (s, stop) in [
            ("依法全面履行政府职能.全县", true),
            ("培训600人次.2023年2月", true),
            ("满意率99.3%.二是推进", true),
            ("满意率99.3％.二是推进", true),
            ("落实“三项制度”.", true),
            ("落实\"放管服\".二是", true),
            ("(一)完善制度.", true),
            ("42.6万件", false),
            ("1.完善工作机制", false),
            ("访问www.gov.cn查询", false),
            ("推进5G.网络", false),
            ("等等...", false),
            ("平台.gov", false),
        ] {
            let i = s.rfind('.').expect(s);
            assert_eq!(is_half_width_stop(s, i), stop, "{s}");
            assert_eq!(ends_sentence_at(s, i, '.'), stop, "{s}");
        }
        // and the full-width marks, whatever follows them
        assert!(ends_sentence_at("完成。a", 6, '。'));
        assert!(ends_sentence_at("完成；", 6, '；'));
        assert!(!ends_sentence_at("完成，", 6, '，'));
    }

    proptest::proptest! {
        #[test]
        fn units_of_counts_as_the_characters_do(s in "(\\PC|[\u{10000}-\u{10FFFF}]|\\r\\n)*") {
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let by_char: usize = s.chars().map(|c| enc.units(c)).sum();
                proptest::prop_assert_eq!(enc.units_of(&s), by_char);
            }
        }
    }

    #[test]
    fn line_at_counts_line_ends_as_the_index_does() {
        let text = "一\n二\r\n三\r四\n\n五";
        let li = LineIndex::new(text);
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) {
                assert_eq!(line_at(text, offset), li.line_of(offset), "{offset}");
            }
        }
    }

    #[test]
    fn line_near_skips_blank_lines() {
        let t = "甲\n\n\n乙\n";
        assert_eq!(line_near(t, 4).text(t), "乙");
        assert_eq!(line_near(t, t.len()).text(t), "乙");
        assert_eq!(line_near("", 0), Span::empty(0));
    }

    #[test]
    fn line_index_handles_all_terminators() {
        let t = "a\r\nb\rc\nd";
        let li = LineIndex::new(t);
        assert_eq!(li.line_count(), 4);
        assert_eq!(li.line_span(0).text(t), "a");
        assert_eq!(li.line_span(1).text(t), "b");
        assert_eq!(li.line_span(2).text(t), "c");
        assert_eq!(li.line_span(3).text(t), "d");
        // inside CRLF maps to end of line 0
        assert_eq!(li.position(t, 2, Encoding::Utf16), (0, 1));
        assert_eq!(li.offset(t, 3, 0, Encoding::Utf16), 7);
        assert_eq!(li.offset(t, 9, 0, Encoding::Utf16), t.len());
    }

    #[test]
    fn columns_in_each_encoding_with_non_bmp() {
        let t = "甲😀乙\n𠀀x";
        let li = LineIndex::new(t);
        let yi = t.find('乙').unwrap();
        assert_eq!(li.position(t, yi, Encoding::Utf8), (0, 7));
        assert_eq!(li.position(t, yi, Encoding::Utf16), (0, 3));
        assert_eq!(li.position(t, yi, Encoding::Utf32), (0, 2));
        let x = t.find('x').unwrap();
        assert_eq!(li.position(t, x, Encoding::Utf16), (1, 2));
        assert_eq!(li.offset(t, 1, 2, Encoding::Utf16), x);
        // half a surrogate pair rounds down to the character start
        assert_eq!(li.offset(t, 0, 2, Encoding::Utf16), 3);
        // a column past the end clamps to the line end
        assert_eq!(li.offset(t, 0, 99, Encoding::Utf16), t.find('\n').unwrap());
        // a byte inside a UTF-8 sequence rounds down
        assert_eq!(li.offset(t, 0, 1, Encoding::Utf8), 0);
    }

    #[test]
    fn roundtrip_every_char_boundary() {
        let t = "一、概述\r\n（一）😀测试\r𠀀\n\nabc";
        let li = LineIndex::new(t);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (i, _) in t.char_indices() {
                if matches!(t.as_bytes()[i], b'\r' | b'\n') {
                    continue;
                }
                let (l, c) = li.position(t, i, enc);
                assert_eq!(li.offset(t, l, c, enc), i, "{enc:?} at {i}");
            }
        }
    }

    #[test]
    fn cursor_agrees_with_line_index_in_any_order() {
        let t = "一、概述\r\n（一）😀测试a\r𠀀\n\nabc甲乙丙";
        let li = LineIndex::new(t);
        let mut offsets: Vec<usize> = (0..=t.len() + 2).collect();
        // forwards, backwards, and jumping about
        let forward = offsets.clone();
        offsets.reverse();
        let backward = offsets.clone();
        let jumps: Vec<usize> = (0..200).map(|i| (i * 7919) % (t.len() + 3)).collect();
        for order in [forward, backward, jumps] {
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let mut c = Cursor::new(t, &li, Measure::Units(enc));
                for &o in &order {
                    assert_eq!(c.position(o), li.position(t, o, enc), "{enc:?} at {o}");
                }
            }
            let mut c = Cursor::new(t, &li, Measure::Display);
            for &o in &order {
                let (l, col) = li.position(t, o, Encoding::Utf8);
                let start = li.line_span(l).start;
                assert_eq!(c.position(o), (l, display_width(&t[start..start + col])));
            }
        }
    }

    #[test]
    fn helpers() {
        assert_eq!(line_ending("a\r\nb"), "\r\n");
        assert_eq!(line_ending("a\nb"), "\n");
        assert_eq!(line_ending("ab"), "\n");
        assert!(is_han('法') && is_han('〇') && is_han('𠀀') && !is_han('a'));
        let t = "\u{3000} 正文 ";
        assert_eq!(trim_span(t, Span::new(0, t.len())).text(t), "正文");
        assert_eq!(display_width("a中"), 3);
        assert_eq!(floor_char_boundary("中", 2), 0);
        assert_eq!(ceil_char_boundary("中", 1), 3);
    }
}
