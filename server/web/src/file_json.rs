//! One file of `gongwen-ls check --format json`, built exactly as the CLI builds it, so that the
//! page's `window.gongwen.check` and the batch checker give the same JSON for the same text.

use serde_json::{json, Value};

use gongwen::analysis::Analysis;
use gongwen::finding::Finding;
use gongwen::text::{Encoding, LineIndex};

fn finding_json(text: &str, li: &LineIndex, f: &Finding) -> Value {
    let (l0, c0) = li.position(text, f.span.start, Encoding::Utf32);
    let (l1, c1) = li.position(text, f.span.end, Encoding::Utf32);
    let fixes: Vec<Value> = f
        .fixes
        .iter()
        .map(|fx| {
            json!({
                "title": fx.title,
                "edits": fx.edits.iter().map(|e| {
                    let (a, b) = li.position(text, e.span.start, Encoding::Utf32);
                    let (c, d) = li.position(text, e.span.end, Encoding::Utf32);
                    json!({"line": a + 1, "column": b + 1, "endLine": c + 1, "endColumn": d + 1, "newText": e.text})
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut v = json!({
        "rule": f.rule,
        "severity": f.severity.as_str(),
        "message": f.message,
        "line": l0 + 1,
        "column": c0 + 1,
        "endLine": l1 + 1,
        "endColumn": c1 + 1,
        "byteOffset": f.span.start,
        "byteLength": f.span.len(),
    });
    if !f.data.is_null() {
        v["data"] = f.data.clone();
    }
    if !fixes.is_empty() {
        v["fixes"] = Value::Array(fixes);
    }
    v
}

/// The JSON of one checked file: path, encoding, whether it was recognised as a report, its year
/// and the findings (positions 1-based, columns in characters).
pub fn file_json(path: &str, text: &str, encoding: &str, an: &Analysis) -> Value {
    if !an.is_report() {
        return json!({"path": path, "encoding": encoding, "report": false, "findings": []});
    }
    let li = LineIndex::new(text);
    json!({
        "path": path,
        "encoding": encoding,
        "report": true,
        "year": an.year,
        "findings": an.findings.iter().map(|f| finding_json(text, &li, f)).collect::<Vec<_>>(),
    })
}
