//! `textDocument/publishDiagnostics`, serialised straight from the analysis.
//!
//! A report with thousands of findings is common (half-width punctuation everywhere: 4 400 hints,
//! 1.5 MB of JSON for a 60 000-character draft), so the cost of a publication must follow the
//! findings at a few hundred nanoseconds each: positions come from [`Cursor`]s (findings are
//! sorted by start), the parts every finding of a rule shares (code, documentation link, source)
//! are written once per rule and copied, and the bytes are written straight into one buffer —
//! no `Diagnostic` values, no `serde_json::Value` tree, no per-finding allocation for a plain
//! hint. The JSON is the same as `ls_types::Diagnostic` would give (tested below).

use std::collections::HashMap;

use serde::Serialize;

use super::document::Snapshot;
use gongwen::finding::{Doc, Severity};
use gongwen::text::{Cursor, Encoding, Measure};

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

/// JSON writing for the few shapes of a publication. Strings are copied as they are unless
/// they hold a character JSON escapes (quotes, backslashes, control characters), which the
/// engine's messages almost never do; those go through serde_json.
struct Json(Vec<u8>);

impl Json {
    fn raw(&mut self, s: &[u8]) {
        self.0.extend_from_slice(s);
    }
    fn uint(&mut self, mut n: u32) {
        let mut digits = [0u8; 10];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.raw(&digits[i..]);
    }
    fn int(&mut self, n: i32) {
        if n < 0 {
            self.raw(b"-");
        }
        self.uint(n.unsigned_abs());
    }
    /// The contents of a JSON string (without the quotes).
    fn chars(&mut self, s: &str) {
        // no early exit: the compiler checks 32 bytes at a time
        let plain = !s.bytes().fold(false, |any, b| {
            any | (b < 0x20) | (b == b'"') | (b == b'\\')
        });
        if plain {
            self.raw(s.as_bytes());
        } else if let Ok(quoted) = serde_json::to_vec(s) {
            self.raw(&quoted[1..quoted.len() - 1]);
        }
    }
    fn string(&mut self, s: &str) {
        self.raw(b"\"");
        self.chars(s);
        self.raw(b"\"");
    }
    fn pos(&mut self, p: Pos) {
        self.raw(b"{\"line\":");
        self.uint(p.line);
        self.raw(b",\"character\":");
        self.uint(p.character);
        self.raw(b"}");
    }
    fn range(&mut self, start: Pos, end: Pos) {
        self.raw(b"{\"start\":");
        self.pos(start);
        self.raw(b",\"end\":");
        self.pos(end);
        self.raw(b"}");
    }
    fn value<T: Serialize + ?Sized>(&mut self, v: &T) {
        if serde_json::to_writer(&mut self.0, v).is_err() {
            self.raw(b"null");
        }
    }
    /// The notification up to its first diagnostic.
    fn head(&mut self, uri: &str, version: Option<i32>) {
        self.raw(
            br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
        );
        self.string(uri);
        if let Some(v) = version {
            self.raw(br#","version":"#);
            self.int(v);
        }
        self.raw(br#","diagnostics":["#);
    }
    fn tail(&mut self) {
        self.raw(b"]}}");
    }
}

/// From how many findings a publication is written by two threads, each half of them.
const SPLIT_FROM: usize = 1000;

/// The body of the publication of `snap`'s findings for `uri` (the version is the client's
/// version of the analysed text; None to publish without one).
///
/// With thousands of findings (a draft with half-width punctuation) the second half of them is
/// written on a second thread meanwhile; the bytes are the same.
pub fn body(snap: &Snapshot, uri: &str, enc: Encoding, version: Option<i32>) -> Vec<u8> {
    let findings = &snap.analysis.findings[..];
    // a hint takes about 350 bytes: one allocation, not a dozen doublings of a megabyte
    let mut out = Json(Vec::with_capacity(512 + 384 * findings.len()));
    out.head(uri, version);
    if findings.len() < SPLIT_FROM {
        diagnostics(&mut out, snap, uri, enc, findings, false);
    } else {
        let (first, second) = findings.split_at(findings.len() / 2);
        let written = std::thread::scope(|s| {
            let other = std::thread::Builder::new()
                .name("gongwen-publish".into())
                .spawn_scoped(s, || {
                    let mut j = Json(Vec::with_capacity(384 * second.len()));
                    diagnostics(&mut j, snap, uri, enc, second, true);
                    j.0
                })
                .ok();
            diagnostics(&mut out, snap, uri, enc, first, false);
            other.and_then(|h| h.join().ok())
        });
        match written {
            Some(bytes) => out.raw(&bytes),
            // no second thread (or it failed): written here
            None => diagnostics(&mut out, snap, uri, enc, second, true),
        }
    }
    out.tail();
    out.0
}

/// Write `findings` (in order; `more`: after others, so each starts with a comma).
fn diagnostics(
    out: &mut Json,
    snap: &Snapshot,
    uri: &str,
    enc: Encoding,
    findings: &[gongwen::finding::Finding],
    more: bool,
) {
    let text = snap.text.as_str();
    let cursor = || Positions(Cursor::new(text, &snap.lines, Measure::Units(enc)));
    let (mut starts, mut ends, mut related) = (cursor(), cursor(), cursor());
    // `"code":…,"codeDescription":{"href":…},"source":"gongwen"`, once per rule
    let mut described: HashMap<&'static str, Vec<u8>> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        if more || i > 0 {
            out.raw(b",");
        }
        out.raw(br#"{"range":"#);
        out.range(starts.at(f.span.start), ends.at(f.span.end));
        out.raw(br#","severity":"#);
        out.uint(severity(f.severity).into());
        let code = described.entry(f.rule).or_insert_with(|| {
            let mut j = Json(vec![]);
            j.raw(br#","code":"#);
            j.string(f.rule);
            j.raw(br#","codeDescription":{"href":"#);
            j.string(&gongwen::rules::doc_url(f.rule));
            j.raw(br#"},"source":"gongwen""#);
            j.0
        });
        out.raw(code);
        out.raw(br#","message":""#);
        out.chars(&f.message);
        if let Some(note) = super::convert::editor_note(f) {
            out.chars(note);
        }
        out.raw(b"\"");
        let rel: Vec<Related> = f
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
            .collect();
        if !rel.is_empty() {
            out.raw(br#","relatedInformation":"#);
            out.value(&rel);
        }
        if !f.data.is_null() {
            out.raw(br#","data":"#);
            out.value(&f.data);
        }
        out.raw(b"}");
    }
}

/// An empty publication (a closed document).
pub fn clear(uri: &str) -> Vec<u8> {
    let mut out = Json(vec![]);
    out.head(uri, None);
    out.tail();
    out.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongwen::analysis::{analyze, Options};
    use gongwen::profile::Profile;
    use gongwen::text::LineIndex;
    use tower_lsp_server::ls_types::{PublishDiagnosticsParams, Uri};

    #[test]
    fn strings_that_need_escaping_are_escaped() {
        let mut j = Json(vec![]);
        j.string("引号\"和\\反斜杠\n换行\u{1}");
        j.raw(b",");
        j.int(-12);
        j.raw(b",");
        j.uint(u32::MAX);
        let v: Vec<serde_json::Value> =
            serde_json::from_slice(&[b"[", &j.0[..], b"]"].concat()).unwrap();
        assert_eq!(v[0], "引号\"和\\反斜杠\n换行\u{1}");
        assert_eq!(v[1], -12);
        assert_eq!(v[2], u32::MAX);
        let c: serde_json::Value = serde_json::from_slice(&clear("file:///a%20b.txt")).unwrap();
        assert_eq!(
            c,
            serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                "params": {"uri": "file:///a%20b.txt", "diagnostics": []}})
        );
    }

    #[test]
    fn thousands_of_findings_written_in_two_halves_are_the_same_json() {
        let mut text = String::from("关于2024年法治政府建设情况的报告\n一、主要举措和成效\n");
        for _ in 0..600 {
            text.push_str("😀全年办理案件12件,其中撤销2件,维持9件.\n");
        }
        let p = Profile::default_profile();
        let analysis = analyze(&text, &Options::new(std::slice::from_ref(&p)));
        assert!(
            analysis.findings.len() > SPLIT_FROM,
            "{}",
            analysis.findings.len()
        );
        let snap = Snapshot {
            version: 3,
            revision: 1,
            lines: LineIndex::new(&text),
            text: text.clone(),
            analysis,
            previous: None,
        };
        let uri: Uri = "file:///tmp/b.txt".parse().unwrap();
        let v: serde_json::Value =
            serde_json::from_slice(&body(&snap, uri.as_str(), Encoding::Utf16, Some(3))).unwrap();
        let params: PublishDiagnosticsParams = serde_json::from_value(v["params"].clone()).unwrap();
        let expected: Vec<_> = snap
            .analysis
            .findings
            .iter()
            .map(|f| super::super::convert::diagnostic(&snap, f, Encoding::Utf16, &uri))
            .collect();
        assert_eq!(params.diagnostics, expected);
    }

    #[test]
    fn same_json_as_ls_types_diagnostics() {
        let text = "关于2024年法治政府建设情况的报告\n一、主要举措和成效\n😀全年办理案件12件,其中撤销2件,维持9件.\n全年共办理行政复议案件12件，其中撤销2件、维持9件、驳回3件。\n";
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
            // every part is covered: related locations, data, the editor's note
            assert!(expected.iter().any(|d| d.related_information.is_some()));
            assert!(expected.iter().any(|d| d.data.is_some()));
            assert_eq!(params.diagnostics, expected, "{enc:?}");
            assert_eq!(params.version, Some(7));
        }
    }
}
