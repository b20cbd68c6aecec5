//! `textDocument/publishDiagnostics`, serialised straight from the analysis.
//!
//! A report with thousands of findings is common (half-width punctuation everywhere), so the cost
//! of a publication must follow the text, not findings × line length: positions come from
//! [`Cursor`]s (findings are sorted by start), and the message is serialised from borrowed,
//! typed structs into bytes in one pass — no `Diagnostic` values, no `serde_json::Value` tree.
//! The JSON is the same as `ls_types::Diagnostic` would give.

use std::collections::HashMap;

use serde::Serialize;

use super::document::Snapshot;
use gongwen::finding::{Doc, Severity};
use gongwen::text::{Cursor, Encoding, Measure};

#[derive(Serialize)]
struct Notification<'a> {
    jsonrpc: &'static str,
    method: &'static str,
    params: Params<'a>,
}

#[derive(Serialize)]
struct Params<'a> {
    uri: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
    diagnostics: Vec<Diag<'a>>,
}

#[derive(Serialize, Clone, Copy)]
struct Pos {
    line: u32,
    character: u32,
}

#[derive(Serialize, Clone, Copy)]
struct Range {
    start: Pos,
    end: Pos,
}

#[derive(Serialize)]
struct Href<'a> {
    href: &'a str,
}

/// A rule's `codeDescription` (`{"href": …}`), serialised once per rule, not per finding.
type Described = Box<serde_json::value::RawValue>;

#[derive(Serialize)]
#[serde(untagged)]
enum Location<'a> {
    /// In the document itself.
    This { uri: &'a str, range: Range },
    /// In last year's report.
    Other(tower_lsp_server::ls_types::Location),
}

#[derive(Serialize)]
struct Related<'a> {
    location: Location<'a>,
    message: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Diag<'a> {
    range: Range,
    severity: u8,
    code: &'static str,
    code_description: &'a serde_json::value::RawValue,
    source: &'static str,
    message: std::borrow::Cow<'a, str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_information: Vec<Related<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a serde_json::Value>,
}

fn severity(s: Severity) -> u8 {
    match s {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Information => 3,
        Severity::Hint => 4,
    }
}

struct Positions<'a>(Cursor<'a>);

impl Positions<'_> {
    fn at(&mut self, offset: usize) -> Pos {
        let (l, c) = self.0.position(offset);
        Pos {
            line: l as u32,
            character: c as u32,
        }
    }
}

/// The body of the publication of `snap`'s findings for `uri` (the version is the client's
/// version of the analysed text; None to publish without one).
pub fn body(snap: &Snapshot, uri: &str, enc: Encoding, version: Option<i32>) -> Vec<u8> {
    let text = snap.text.as_str();
    let cursor = || Positions(Cursor::new(text, &snap.lines, Measure::Units(enc)));
    let (mut starts, mut ends, mut related) = (cursor(), cursor(), cursor());
    let findings = &snap.analysis.findings;
    let mut urls: HashMap<&'static str, Described> = HashMap::new();
    for f in findings {
        urls.entry(f.rule).or_insert_with(|| {
            let href = gongwen::rules::doc_url(f.rule);
            serde_json::value::to_raw_value(&Href { href: &href }).expect("a string serialises")
        });
    }
    let diagnostics = findings
        .iter()
        .map(|f| Diag {
            range: Range {
                start: starts.at(f.span.start),
                end: ends.at(f.span.end),
            },
            severity: severity(f.severity),
            code: f.rule,
            code_description: &urls[f.rule],
            source: "gongwen",
            message: match super::convert::editor_note(f) {
                Some(note) => format!("{}{note}", f.message).into(),
                None => f.message.as_str().into(),
            },
            related_information: f
                .related
                .iter()
                .filter_map(|r| {
                    let location = match r.doc {
                        Doc::This => Location::This {
                            uri,
                            range: Range {
                                start: related.at(r.span.start),
                                end: related.at(r.span.end),
                            },
                        },
                        Doc::Previous => {
                            Location::Other(super::yoy::previous_location(snap, r.span, enc)?)
                        }
                    };
                    Some(Related {
                        location,
                        message: &r.message,
                    })
                })
                .collect(),
            data: (!f.data.is_null()).then_some(&f.data),
        })
        .collect();
    let n = Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params: Params {
            uri,
            version,
            diagnostics,
        },
    };
    // a hint takes about 350 bytes: one allocation, not a dozen doublings of a megabyte
    let mut out = Vec::with_capacity(512 + 384 * n.params.diagnostics.len());
    match serde_json::to_writer(&mut out, &n) {
        Ok(()) => out,
        Err(_) => vec![],
    }
}

/// An empty publication (a closed document).
pub fn clear(uri: &str) -> Vec<u8> {
    serde_json::to_vec(&Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params: Params {
            uri,
            version: None,
            diagnostics: vec![],
        },
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongwen::analysis::{analyze, Options};
    use gongwen::profile::Profile;
    use gongwen::text::LineIndex;
    use tower_lsp_server::ls_types::{PublishDiagnosticsParams, Uri};

    #[test]
    fn same_json_as_ls_types_diagnostics() {
        let text = "关于2024年法治政府建设情况的报告\n一、主要举措和成效\n😀全年办理案件12件,其中撤销2件,维持9件.\n";
        let p = Profile::default_profile();
        let analysis = analyze(text, &Options::new(std::slice::from_ref(&p)));
        assert!(analysis.findings.len() > 3);
        let snap = Snapshot {
            version: 7,
            revision: 1,
            lines: LineIndex::new(text),
            text: text.into(),
            analysis,
            previous: None,
        };
        let uri: Uri = "file:///tmp/a.txt".parse().unwrap();
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let v: serde_json::Value =
                serde_json::from_slice(&body(&snap, uri.as_str(), enc, Some(7))).unwrap();
            assert_eq!(v["method"], "textDocument/publishDiagnostics");
            let params: PublishDiagnosticsParams =
                serde_json::from_value(v["params"].clone()).unwrap();
            let expected: Vec<_> = snap
                .analysis
                .findings
                .iter()
                .map(|f| super::super::convert::diagnostic(&snap, f, enc, &uri))
                .collect();
            assert_eq!(params.diagnostics, expected, "{enc:?}");
            assert_eq!(params.version, Some(7));
        }
    }
}
