//! The edit model: LSP content changes applied to the rope as the server applies them
//! (server/src/lsp/edit.rs, compiled in here), against plain string arithmetic over the engine's
//! line index, in all three position encodings, out-of-range and reversed ranges included. Then
//! the positions a publication computes with a [`Cursor`] must equal the line index's, for the
//! findings of the edited text and for every character boundary.
//!
//! Input: text split at U+0001. The first piece is the document; each further piece is an
//! edit: its first four characters give start line, start column, end line and end column (their
//! code points modulo 256), the rest is the inserted text. A piece starting with U+0002 replaces
//! the whole document. The encoding is the document's length modulo 3.

#![no_main]

use gongwen::analysis::{analyze, Options};
use gongwen::profile::builtin;
use gongwen::text::{Cursor, Encoding, LineIndex, Measure};
use libfuzzer_sys::fuzz_target;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

#[allow(dead_code)]
#[path = "../../server/src/lsp/edit.rs"]
mod edit;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut pieces = input.split('\u{1}');
    let base = pieces.next().unwrap_or_default();
    let enc = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][base.len() % 3];
    let mut rope = Rope::from_str(base);
    let mut model = base.to_string();
    for piece in pieces {
        let change = if let Some(all) = piece.strip_prefix('\u{2}') {
            model = all.to_string();
            TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: all.to_string(),
            }
        } else {
            let mut cs = piece.chars();
            let mut n = || cs.next().map_or(0, |c| c as u32 % 256);
            let (l0, c0, l1, c1) = (n(), n(), n(), n());
            let text: String = cs.collect();
            let li = LineIndex::new(&model);
            let a = li.offset(&model, l0 as usize, c0 as usize, enc);
            let b = li.offset(&model, l1 as usize, c1 as usize, enc);
            model.replace_range(a.min(b)..a.max(b), &text);
            TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
                range_length: None,
                text,
            }
        };
        edit::apply(&mut rope, &change, enc);
        assert_eq!(
            rope.to_string(),
            model,
            "the rope and the string model differ"
        );
    }

    let text = model;
    let lines = LineIndex::new(&text);
    let a = analyze(
        &text,
        &Options {
            force_report: true,
            ..Options::new(builtin())
        },
    );
    // a publication: starts in order, ends in any order, with one cursor each
    let mut starts = Cursor::new(&text, &lines, Measure::Units(enc));
    let mut ends = Cursor::new(&text, &lines, Measure::Units(enc));
    for f in &a.findings {
        assert_eq!(
            starts.position(f.span.start),
            lines.position(&text, f.span.start, enc)
        );
        assert_eq!(
            ends.position(f.span.end),
            lines.position(&text, f.span.end, enc)
        );
    }
    // every character boundary, forwards then backwards
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut c = Cursor::new(&text, &lines, Measure::Units(enc));
    for &o in bounds.iter().chain(bounds.iter().rev()) {
        assert_eq!(c.position(o), lines.position(&text, o, enc), "offset {o}");
    }
});
