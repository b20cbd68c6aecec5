//! An open document: a rope that incremental edits are applied to, its version, and the last
//! analysis computed for it. Positions arrive in the negotiated encoding (UTF-16 by default);
//! out-of-range positions are clamped, never trusted.

use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use gongwen::analysis::Analysis;
use gongwen::text::{Encoding, LineIndex};

use super::edit;
pub use super::edit::EditIssue;

/// An analysis result together with the exact text and version it was computed from.
#[derive(Debug)]
pub struct Snapshot {
    /// The client's version number of the text (for publishing and versioned edits).
    pub version: i32,
    /// The server's own revision of the text (see [`Document::revision`]).
    pub revision: u64,
    pub text: String,
    pub lines: LineIndex,
    pub analysis: Analysis,
    /// Last year's report it was compared with, or why none (None: not looked for).
    pub previous: Option<Arc<super::yoy::Link>>,
    /// The diagnostics written during the analysis, for the publication to copy (taken by it).
    pub fragment: std::sync::Mutex<Option<super::publish::Fragment>>,
}

impl Snapshot {
    /// The diagnostics written during the analysis, once (the publication takes them; a
    /// later one writes everything).
    pub fn take_fragment(&self) -> Option<super::publish::Fragment> {
        self.fragment.lock().ok()?.take()
    }
}

#[cfg(test)]
impl Snapshot {
    /// A snapshot of `text` analysed with the built-in profile (for unit tests of features).
    pub fn for_test(text: &str) -> Snapshot {
        let p = gongwen::profile::Profile::default_profile();
        let opts = gongwen::analysis::Options::new(std::slice::from_ref(&p));
        Snapshot {
            version: 1,
            revision: 1,
            text: text.to_string(),
            lines: gongwen::text::LineIndex::new(text),
            analysis: gongwen::analysis::analyze(text, &opts),
            previous: None,
            fragment: Default::default(),
        }
    }
}

#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    /// The client's version number (may repeat or go backwards with a buggy client).
    pub version: i32,
    /// The server's revision: a new, larger number for every change of the text or of the
    /// configuration, unique across documents. Analyses are matched to the text by it, never by
    /// the client's version, so every change is analysed even when the version repeats.
    pub revision: u64,
    pub markdown: bool,
    /// The latest analysis (possibly of an older revision).
    pub snapshot: Option<Arc<Snapshot>>,
    /// Every new snapshot, for requests waiting for the current revision's analysis.
    pub published: tokio::sync::watch::Sender<Option<Arc<Snapshot>>>,
    /// An analysis task is running for this document; it re-analyses until it has caught up.
    pub running: bool,
}

/// A new revision number.
pub fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Document {
    pub fn new(text: &str, version: i32, markdown: bool) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
            revision: next_revision(),
            markdown,
            snapshot: None,
            published: tokio::sync::watch::Sender::new(None),
            running: false,
        }
    }

    /// Apply one content change. Returns what had to be repaired, if anything.
    pub fn apply(
        &mut self,
        change: &TextDocumentContentChangeEvent,
        enc: Encoding,
    ) -> Option<EditIssue> {
        edit::apply(&mut self.rope, change, enc)
    }

    pub fn text(&self) -> String {
        // one allocation of the right size: `to_string` grows the string by doubling (a
        // 150 KB draft: five copies of it per edit)
        let mut s = String::with_capacity(self.rope.len_bytes());
        for chunk in self.rope.chunks() {
            s.push_str(chunk);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongwen::text::LineIndex;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn utf16_edits_around_surrogate_pairs() {
        let mut d = Document::new("甲😀乙\r\n𠀀丙", 1, false);
        // after the emoji: column 3 in UTF-16
        d.apply(&change(0, 3, 0, 4, "丁"), Encoding::Utf16);
        assert_eq!(d.text(), "甲😀丁\r\n𠀀丙");
        // delete 𠀀 on line 1
        d.apply(&change(1, 0, 1, 2, ""), Encoding::Utf16);
        assert_eq!(d.text(), "甲😀丁\r\n丙");
        // a column at the end of a CRLF line stays before the terminator
        d.apply(&change(0, 99, 0, 99, "。"), Encoding::Utf16);
        assert_eq!(d.text(), "甲😀丁。\r\n丙");
    }

    #[test]
    fn utf8_and_utf32_columns() {
        let mut d = Document::new("😀a", 1, false);
        d.apply(&change(0, 4, 0, 4, "b"), Encoding::Utf8);
        assert_eq!(d.text(), "😀ba");
        d.apply(&change(0, 1, 0, 2, ""), Encoding::Utf32);
        assert_eq!(d.text(), "😀a");
    }

    #[test]
    fn out_of_range_and_reversed_edits_are_repaired() {
        let mut d = Document::new("甲\n乙", 1, false);
        assert_eq!(
            d.apply(&change(7, 0, 9, 0, "丙"), Encoding::Utf16),
            Some(EditIssue::OutOfRange)
        );
        assert_eq!(d.text(), "甲\n乙丙");
        assert_eq!(
            d.apply(&change(0, 1, 0, 0, ""), Encoding::Utf16),
            Some(EditIssue::Reversed)
        );
        assert_eq!(d.text(), "\n乙丙");
        let full = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "新".into(),
        };
        assert_eq!(d.apply(&full, Encoding::Utf16), None);
        assert_eq!(d.text(), "新");
    }

    const PIECES: &[&str] = &[
        "法",
        "。",
        "a",
        "😀",
        "𠀀",
        "\n",
        "\r\n",
        "\r",
        "（一）",
        "×",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, failure_persistence: None, ..Default::default() })]
        /// The rope path (what the server runs) agrees with plain string arithmetic over the line
        /// index, for every encoding, across random edits including out-of-range positions.
        #[test]
        fn rope_edits_match_the_string_model(
            ops in proptest::collection::vec(
                (0u32..40, 0u32..30, 0u32..40, 0u32..30, proptest::collection::vec(0..PIECES.len(), 0..4)),
                1..50,
            ),
            enc in 0u8..3,
        ) {
            let enc = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][enc as usize];
            let base = "关于2024年度法治政府建设情况的报告\r\n一、😀主要举措\n𠀀（一）正文。\r末行";
            let mut doc = Document::new(base, 1, false);
            let mut model = base.to_string();
            for (l0, c0, l1, c1, ins) in ops {
                let text: String = ins.iter().map(|&i| PIECES[i]).collect();
                let li = LineIndex::new(&model);
                let a = li.offset(&model, l0 as usize, c0 as usize, enc);
                let b = li.offset(&model, l1 as usize, c1 as usize, enc);
                model.replace_range(a.min(b)..a.max(b), &text);
                doc.apply(&change(l0, c0, l1, c1, &text), enc);
                proptest::prop_assert_eq!(doc.text(), model.clone());
            }
        }
    }

    #[test]
    fn lone_cr_is_a_line_break() {
        let mut d = Document::new("甲\r乙", 1, false);
        d.apply(&change(1, 0, 1, 0, "丙"), Encoding::Utf16);
        assert_eq!(d.text(), "甲\r丙乙");
    }
}
