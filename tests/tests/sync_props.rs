//! Property test of document sync through the real server over stdio: random incremental edits
//! (CJK, non-BMP characters, CRLF, lone CR, edits that split or join line breaks, positions past
//! the end) are sent as didChange notifications; at checkpoints the server's copy of the text
//! must equal the client model's, and every published diagnostic range must be a valid position
//! in the document version it was published for. Run for each position encoding.

use gongwen_e2e::model::{self, Enc};
use gongwen_e2e::{file_uri, fixture, Lsp};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

/// Pieces edits insert: wide, narrow, surrogate pairs, every line terminator.
const PIECES: &[&str] = &[
    "法",
    "治",
    "。",
    "，",
    "a",
    "1",
    " ",
    "😀",
    "𠀀",
    "\n",
    "\r\n",
    "\r",
    "一、",
    "（二）",
    "2024年",
    "存在的不足",
    "××",
];

/// An edit described relative to the current text, resolved when applied.
#[derive(Debug, Clone)]
struct EditSpec {
    line: f64,
    col: f64,
    len_lines: u8,
    end_col: f64,
    insert: Vec<usize>,
    wild: bool,
}

fn edit_spec() -> impl Strategy<Value = EditSpec> {
    (
        0.0..1.0f64,
        0.0..1.2f64,
        prop_oneof![4 => Just(0u8), 2 => Just(1u8), 1 => 2u8..4],
        0.0..1.2f64,
        prop::collection::vec(0..PIECES.len(), 0..5),
        prop::bool::weighted(0.03),
    )
        .prop_map(|(line, col, len_lines, end_col, insert, wild)| EditSpec {
            line,
            col,
            len_lines,
            end_col,
            insert,
            wild,
        })
}

/// Turn a spec into an LSP change against `text`.
fn change(text: &str, e: &EditSpec, enc: Enc) -> Value {
    let lens = model::line_lengths(text, enc);
    let n = lens.len();
    let l0 = ((e.line * n as f64) as usize).min(n - 1);
    let c0 = (e.col * lens[l0] as f64) as usize;
    let l1 = (l0 + e.len_lines as usize).min(n - 1);
    let c1 = if l1 == l0 {
        c0 + ((e.end_col * 3.0) as usize)
    } else {
        (e.end_col * lens[l1] as f64) as usize
    };
    let text_in: String = e.insert.iter().map(|&i| PIECES[i]).collect();
    let (l0, l1) = if e.wild {
        (l0 + 1000, l1 + 2000)
    } else {
        (l0, l1)
    };
    json!({
        "range": {"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}},
        "text": text_in,
    })
}

fn check_diagnostics(text: &str, params: &Value, enc: Enc) -> Result<(), TestCaseError> {
    for d in params["diagnostics"].as_array().into_iter().flatten() {
        for end in ["start", "end"] {
            let p = &d["range"][end];
            prop_assert!(
                model::position_ok(text, p, enc),
                "{enc:?}: {end} {p} out of bounds in {text:?}"
            );
        }
        for r in d["relatedInformation"].as_array().into_iter().flatten() {
            prop_assert!(model::position_ok(
                text,
                &r["location"]["range"]["start"],
                enc
            ));
            prop_assert!(model::position_ok(
                text,
                &r["location"]["range"]["end"],
                enc
            ));
        }
    }
    Ok(())
}

fn run(enc: Enc, cases: u32, edits_per_case: usize) {
    let base = fixture("complete.txt").replace('\n', "\r\n");
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = prop::collection::vec(edit_spec(), edits_per_case);
    let total = std::cell::Cell::new(0usize);
    runner
        .run(&strategy, |specs| {
            let mut s = Lsp::start(&[enc.name()]);
            let uri = file_uri("sync.txt");
            let mut text = base.clone();
            s.open(&uri, "plaintext", &text);
            let mut version = 1;
            for (i, spec) in specs.iter().enumerate() {
                let ch = change(&text, spec, enc);
                model::apply(&mut text, &ch, enc);
                version += 1;
                s.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [ch]}),
                );
                if i % 10 == 9 {
                    prop_assert_eq!(&s.server_text(&uri), &text, "after edit {}", i);
                }
            }
            total.set(total.get() + specs.len());
            let d = s.diagnostics(&uri, Some(version));
            check_diagnostics(&text, &d, enc)?;
            prop_assert_eq!(s.server_text(&uri), text);
            s.stop();
            Ok(())
        })
        .unwrap();
    assert!(total.get() >= cases as usize * edits_per_case);
}

#[test]
fn sync_utf16() {
    run(Enc::Utf16, 25, 80);
}

#[test]
fn sync_utf8() {
    run(Enc::Utf8, 25, 80);
}

#[test]
fn sync_utf32() {
    run(Enc::Utf32, 25, 80);
}

#[test]
fn many_edits_in_one_notification() {
    // Several changes in one didChange apply in order, each against the result of the previous.
    for enc in [Enc::Utf8, Enc::Utf16, Enc::Utf32] {
        let mut runner = TestRunner::new(Config {
            cases: 10,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&prop::collection::vec(edit_spec(), 1..40), |specs| {
                let mut s = Lsp::start(&[enc.name()]);
                let uri = file_uri("batch.txt");
                let mut text = fixture("duties-nested.txt");
                s.open(&uri, "plaintext", &text);
                let mut changes = vec![];
                for spec in &specs {
                    let ch = change(&text, spec, enc);
                    model::apply(&mut text, &ch, enc);
                    changes.push(ch);
                }
                s.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes}),
                );
                let d = s.diagnostics(&uri, Some(2));
                check_diagnostics(&text, &d, enc)?;
                prop_assert_eq!(s.server_text(&uri), text);
                s.stop();
                Ok(())
            })
            .unwrap();
    }
}
