//! The engine on any text: `analyze` (as plain text and as Markdown, forced to be checked as a
//! report) and document formatting must not panic, and everything they return must be usable:
//! finding spans, fix edits and formatting edits inside the text, on character boundaries, and
//! the edits of one fix (or of formatting) never overlapping.
//!
//! libfuzzer-sys turns every panic into a crash, including one the engine would catch and report
//! as an internal error, so a rule that panics on some input is found here.

#![no_main]

use gongwen::analysis::{analyze, Options};
use gongwen::finding::{apply_edits, Edit};
use gongwen::ide::formatting::format_edits;
use gongwen::profile::builtin;
use gongwen::text::Span;
use libfuzzer_sys::fuzz_target;

fn check_span(text: &str, s: Span, what: &str) {
    assert!(
        s.start <= s.end && s.end <= text.len(),
        "{what}: span {s:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "{what}: span {s:?} splits a character"
    );
}

fn check_edits(text: &str, edits: &[Edit], what: &str) {
    let mut spans: Vec<Span> = edits.iter().map(|e| e.span).collect();
    for s in &spans {
        check_span(text, *s, what);
    }
    spans.sort_by_key(|s| (s.start, s.end));
    for w in spans.windows(2) {
        assert!(
            w[0].end <= w[1].start,
            "{what}: edits {:?} and {:?} overlap",
            w[0],
            w[1]
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for markdown in [false, true] {
        let opts = Options {
            markdown,
            force_report: true,
            // both ways of running the rules (the language server's is parallel)
            parallel: markdown,
            ..Options::new(builtin())
        };
        let a = analyze(text, &opts);
        assert!(a.internal_errors.is_empty(), "{:?}", a.internal_errors);
        let mut last = 0;
        for f in &a.findings {
            check_span(text, f.span, f.rule);
            assert!(f.span.start >= last, "findings out of order at {}", f.rule);
            last = f.span.start;
            for fix in &f.fixes {
                check_edits(text, &fix.edits, f.rule);
            }
        }
        let edits = format_edits(text, &a.outline, None);
        check_edits(text, &edits, "formatting");
        let formatted = apply_edits(text, &edits);
        // the formatted text is analysed like any other
        let b = analyze(&formatted, &opts);
        assert!(b.internal_errors.is_empty(), "{:?}", b.internal_errors);
    }
});
