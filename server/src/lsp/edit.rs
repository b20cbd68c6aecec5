//! The edit model: LSP content changes applied to a rope. Positions arrive in the negotiated
//! encoding (UTF-16 by default); out-of-range positions are clamped and reversed ranges swapped,
//! never trusted. Kept free of the rest of the server so that the fuzz target `edits`
//! (fuzz/fuzz_targets/edits.rs) compiles this very file.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

use gongwen::text::Encoding;

/// Something odd about an edit, for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditIssue {
    /// A position past the end of the document was clamped.
    OutOfRange,
    /// The range's end came before its start; they were swapped.
    Reversed,
}

/// Apply one content change to `rope`. Returns what had to be repaired, if anything.
pub fn apply(
    rope: &mut Rope,
    change: &TextDocumentContentChangeEvent,
    enc: Encoding,
) -> Option<EditIssue> {
    let Some(range) = change.range else {
        *rope = Rope::from_str(&change.text);
        return None;
    };
    let (mut a, oa) = position_to_char(rope, range.start, enc);
    let (mut b, ob) = position_to_char(rope, range.end, enc);
    let mut issue = (oa || ob).then_some(EditIssue::OutOfRange);
    if b < a {
        std::mem::swap(&mut a, &mut b);
        issue = Some(EditIssue::Reversed);
    }
    if a < b {
        rope.remove(a..b);
    }
    if !change.text.is_empty() {
        rope.insert(a, &change.text);
    }
    issue
}

/// Convert `pos` to a char index of `rope`. A line past the end maps to the end of the text, a
/// column past the end of its line to the line's end (before its terminator), a column inside a
/// surrogate pair or UTF-8 sequence to the start of that character.
pub fn position_to_char(rope: &Rope, pos: Position, enc: Encoding) -> (usize, bool) {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return (rope.len_chars(), true);
    }
    let start = rope.line_to_char(line);
    let want = pos.character as usize;
    let mut units = 0;
    let mut idx = 0;
    for c in rope.line(line).chars() {
        if c == '\n' || c == '\r' {
            return (start + idx, units < want);
        }
        let next = units + enc.units(c);
        if next > want {
            return (start + idx, false);
        }
        units = next;
        idx += 1;
    }
    (start + idx, units < want)
}
