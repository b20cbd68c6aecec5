//! `textDocument/publishDiagnostics`, serialised straight from the analysis.
//!
//! A report with thousands of findings is common (half-width punctuation everywhere: 4 400 hints,
//! 1.5 MB of JSON for a 60 000-character draft), so the cost of a publication must follow the
//! findings at a few hundred nanoseconds each: positions come from [`Cursor`]s (findings are
//! sorted by start), the parts every finding of a rule shares (code, documentation link, source)
//! are written once per rule and copied, and the bytes are written straight into one buffer —
//! no `Diagnostic` values, no `serde_json::Value` tree, no per-finding allocation for a plain
//! hint. The JSON is the same as `ls_types::Diagnostic` would give (tested below).

use serde::Serialize;

use super::document::Snapshot;
use gongwen::finding::{Doc, Finding, Severity};
use gongwen::text::{Cursor, Encoding, LineIndex, Measure};

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
    fn uint(&mut self, n: u32) {
        // most numbers of a publication are lines and columns, under 10 000: written as arrays
        // of a known length (no loop, no call to copy a slice of unknown length)
        let d = |k: u32| b'0' + (k % 10) as u8;
        match n {
            0..=9 => self.0.push(d(n)),
            10..=99 => self.0.extend_from_slice(&[d(n / 10), d(n)]),
            100..=999 => self.0.extend_from_slice(&[d(n / 100), d(n / 10), d(n)]),
            1000..=9999 => self
                .0
                .extend_from_slice(&[d(n / 1000), d(n / 100), d(n / 10), d(n)]),
            _ => {
                let mut digits = [0u8; 10];
                let mut i = digits.len();
                let mut n = n;
                loop {
                    i -= 1;
                    digits[i] = d(n);
                    n /= 10;
                    if n == 0 {
                        break;
                    }
                }
                self.raw(&digits[i..]);
            }
        }
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

/// The diagnostics of the rules that ran beside the figure pass, written on their thread while
/// the figure pass went on ([`gongwen::analysis::Options::beside_done`]): thousands of
/// `punct-width` hints are then copied into the publication instead of written after the
/// analysis. Each finding's JSON is kept in the order the analysis sorts the findings in.
pub struct Fragment {
    enc: Encoding,
    /// The rules whose findings these are (a rule runs on one thread or the other).
    rules: Vec<&'static str>,
    /// The JSON of each diagnostic, one after the other.
    bytes: Vec<u8>,
    /// Each diagnostic's span and where its JSON ends in `bytes`.
    entries: Vec<(u32, u32, u32)>,
}

impl std::fmt::Debug for Fragment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Fragment({} diagnostics of {:?}, {} bytes)",
            self.entries.len(),
            self.rules,
            self.bytes.len()
        )
    }
}

impl Fragment {
    /// Write the diagnostics of `findings` (one batch of rules, in rule order) for the text
    /// the analysis reads. None when one of them needs what only the finished analysis has
    /// (a place in last year's report) or the text is over 4 GB.
    pub fn new(
        text: &str,
        lines: &LineIndex,
        uri: &str,
        enc: Encoding,
        findings: &[Finding],
    ) -> Option<Fragment> {
        u32::try_from(text.len()).ok()?;
        // the analysis keeps the findings whose span lies in the text, sorted by span (stably:
        // rule order, then each rule's own order, among equal spans)
        let mut order: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.span.end <= text.len() && f.span.start <= f.span.end)
            .collect();
        if order
            .iter()
            .any(|f| f.related.iter().any(|r| r.doc != Doc::This))
        {
            return None;
        }
        order.sort_by_key(|f| (f.span.start, f.span.end));
        let mut rules: Vec<&'static str> = findings.iter().map(|f| f.rule).collect();
        rules.sort_unstable();
        rules.dedup();
        let mut w = Writer::new(text, lines, uri, enc, None);
        let mut out = Json(Vec::with_capacity(384 * order.len()));
        let mut entries = Vec::with_capacity(order.len());
        for f in order {
            w.one(&mut out, f);
            let end = u32::try_from(out.0.len()).ok()?;
            entries.push((f.span.start as u32, f.span.end as u32, end));
        }
        Some(Fragment {
            enc,
            rules,
            bytes: out.0,
            entries,
        })
    }

    /// Does it hold the diagnostics of `rule`'s findings?
    fn covers(&self, rule: &str) -> bool {
        self.rules.contains(&rule)
    }
}

/// The body of the publication of `snap`'s findings for `uri` (the version is the client's
/// version of the analysed text; None to publish without one).
///
/// The diagnostics written beforehand ([`Fragment`], taken from the snapshot) are copied. With
/// thousands of findings still to write, the second half of them is written on a second
/// thread meanwhile. The bytes are the same either way.
pub fn body(snap: &Snapshot, uri: &str, enc: Encoding, version: Option<i32>) -> Vec<u8> {
    write_body(snap, uri, enc, version).0
}

/// [`body`], and whether it copied the diagnostics written beforehand.
fn write_body(snap: &Snapshot, uri: &str, enc: Encoding, version: Option<i32>) -> (Vec<u8>, bool) {
    let findings = &snap.analysis.findings[..];
    let fragment = snap.take_fragment().filter(|f| f.enc == enc);
    // a hint takes about 350 bytes: one allocation, not a dozen doublings of a megabyte
    let mut out = Json(Vec::with_capacity(512 + 384 * findings.len()));
    out.head(uri, version);
    let fresh = fragment.as_ref().map_or(findings.len(), |fr| {
        findings.iter().filter(|f| !fr.covers(f.rule)).count()
    });
    let written = if fresh < SPLIT_FROM {
        diagnostics(&mut out, snap, uri, enc, findings, fragment.as_ref(), 0)
    } else {
        let (first, second) = findings.split_at(findings.len() / 2);
        // the diagnostics written beforehand that the second half starts at
        let skip = fragment
            .as_ref()
            .map_or(0, |fr| first.iter().filter(|f| fr.covers(f.rule)).count());
        let fr = fragment.as_ref();
        let (a, b) = std::thread::scope(|s| {
            let other = std::thread::Builder::new()
                .name("gongwen-publish".into())
                .spawn_scoped(s, || {
                    let mut j = Json(Vec::with_capacity(384 * second.len()));
                    let ok = diagnostics(&mut j, snap, uri, enc, second, fr, skip);
                    ok.then_some(j.0)
                })
                .ok();
            let a = diagnostics(&mut out, snap, uri, enc, first, fr, 0);
            (a, other.and_then(|h| h.join().ok()))
        });
        // the halves are never empty (from SPLIT_FROM findings on): a comma between them
        a && match b {
            Some(Some(bytes)) => {
                out.raw(b",");
                out.raw(&bytes);
                true
            }
            // the fragment did not match the second half
            Some(None) => false,
            // no second thread (or it failed): written here
            None => {
                out.raw(b",");
                diagnostics(&mut out, snap, uri, enc, second, fr, skip)
            }
        }
    };
    if !written {
        // the fragment did not match the findings (it cannot, but never publish wrong
        // positions): everything written here
        return (body_without_fragment(snap, uri, enc, version), false);
    }
    out.tail();
    (out.0, fragment.is_some())
}

/// [`body`] with every diagnostic written now.
fn body_without_fragment(
    snap: &Snapshot,
    uri: &str,
    enc: Encoding,
    version: Option<i32>,
) -> Vec<u8> {
    let findings = &snap.analysis.findings[..];
    let mut out = Json(Vec::with_capacity(512 + 384 * findings.len()));
    out.head(uri, version);
    diagnostics(&mut out, snap, uri, enc, findings, None, 0);
    out.tail();
    out.0
}

/// Write `findings` (in order, separated by commas), copying those of the rules `fragment`
/// covers from it, starting at its diagnostic `skip`. False when the fragment does not match
/// (then the output is incomplete).
fn diagnostics(
    out: &mut Json,
    snap: &Snapshot,
    uri: &str,
    enc: Encoding,
    findings: &[Finding],
    fragment: Option<&Fragment>,
    skip: usize,
) -> bool {
    let mut w = Writer::new(&snap.text, &snap.lines, uri, enc, Some(snap));
    let mut next = skip;
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            out.raw(b",");
        }
        match fragment.filter(|fr| fr.covers(f.rule)) {
            Some(fr) => {
                let Some(&(start, end, to)) = fr.entries.get(next) else {
                    return false;
                };
                if (start as usize, end as usize) != (f.span.start, f.span.end) {
                    return false;
                }
                let from = next.checked_sub(1).map_or(0, |p| fr.entries[p].2 as usize);
                out.raw(&fr.bytes[from..to as usize]);
                next += 1;
            }
            None => w.one(out, f),
        }
    }
    true
}

/// What writing diagnostics needs: the text, its positions, and (for places in last year's
/// report) the snapshot.
struct Writer<'a> {
    uri: &'a str,
    enc: Encoding,
    snap: Option<&'a Snapshot>,
    starts: Positions<'a>,
    ends: Positions<'a>,
    related: Positions<'a>,
    /// `"code":…,"codeDescription":{"href":…},"source":"gongwen"`, once per rule (a handful
    /// of rules: a list searched by the id's address, not a hash of it per diagnostic)
    described: Vec<(&'static str, Vec<u8>)>,
}

impl<'a> Writer<'a> {
    fn new(
        text: &'a str,
        lines: &'a LineIndex,
        uri: &'a str,
        enc: Encoding,
        snap: Option<&'a Snapshot>,
    ) -> Self {
        let cursor = || Positions(Cursor::new(text, lines, Measure::Units(enc)));
        Writer {
            uri,
            enc,
            snap,
            starts: cursor(),
            ends: cursor(),
            related: cursor(),
            described: vec![],
        }
    }

    /// Write the diagnostic of `f`.
    fn one(&mut self, out: &mut Json, f: &Finding) {
        let uri = self.uri;
        out.raw(br#"{"range":"#);
        out.range(self.starts.at(f.span.start), self.ends.at(f.span.end));
        out.raw(br#","severity":"#);
        out.uint(severity(f.severity).into());
        // rule ids are constants: the same address, almost always
        let known = (self.described.iter())
            .position(|(r, _)| std::ptr::eq(*r, f.rule))
            .or_else(|| self.described.iter().position(|(r, _)| *r == f.rule));
        let k = known.unwrap_or_else(|| {
            let mut j = Json(vec![]);
            j.raw(br#","code":"#);
            j.string(f.rule);
            j.raw(br#","codeDescription":{"href":"#);
            j.string(&gongwen::rules::doc_url(f.rule));
            j.raw(br#"},"source":"gongwen""#);
            self.described.push((f.rule, j.0));
            self.described.len() - 1
        });
        out.raw(&self.described[k].1);
        out.raw(br#","message":""#);
        out.chars(&f.message);
        if let Some(note) = super::convert::editor_note(f) {
            out.chars(note);
        }
        out.raw(b"\"");
        let (related, snap, enc) = (&mut self.related, self.snap, self.enc);
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
                        Location::Other(super::yoy::previous_location(snap?, r.span, enc)?)
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
    fn numbers_are_written_as_decimals() {
        let mut values = vec![0, 7, 9, 10, 42, 99, 100, 512, 999, 1000, 4096, 9999, 10_000];
        values.extend([65_535, 99_999, 100_000, 1_234_567, u32::MAX - 1, u32::MAX]);
        values.extend((0..2000).map(|k| k * 7));
        for n in values {
            let mut j = Json(vec![]);
            j.uint(n);
            assert_eq!(j.0, n.to_string().into_bytes(), "{n}");
        }
    }

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
            fragment: Default::default(),
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

    /// A draft with thousands of `punct-width` hints and figure findings among them.
    fn draft() -> String {
        let mut text = String::from("一、主要举措和成效\n");
        for i in 0..1200 {
            text.push_str("😀全年办理案件12件,其中撤销2件,维持9件.");
            text.push_str(&format!("撤销1件、维持2件，合计{}件。\n", 4 + i % 2));
        }
        text.push_str("二、存在的不足和原因\n（一）存在问题\n原因是力量不足。\n");
        text
    }

    #[test]
    fn diagnostics_written_beside_the_figure_pass_are_copied_unchanged() {
        let text = draft();
        let profiles = vec![Profile::default_profile()];
        let cfg = gongwen::config::Config::default();
        let uri = "file:///tmp/%E8%8D%89%E7%A8%BF.txt";
        // `text` analysed as the server does (checked whatever it looks like); with `publish`,
        // the diagnostics of the rules beside the figure pass are written meanwhile
        let analysed = |text: String, publish: Option<Encoding>| {
            super::super::compute(
                text,
                3,
                1,
                false,
                Some((true, &cfg)),
                &profiles,
                None,
                publish.map(|enc| (uri, enc)),
            )
        };
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let snap = analysed(text.clone(), Some(enc));
            let written = snap
                .fragment
                .lock()
                .unwrap()
                .as_ref()
                .map(|f| f.entries.len());
            let findings = &snap.analysis.findings;
            let figure_rules = findings.iter().filter(|f| f.rule == "sum-mismatch").count();
            // most of the findings were written beside, a few remain
            assert!(written.is_some_and(|n| n > 1000), "{written:?}");
            // enough left to write for two threads
            assert!(figure_rules > SPLIT_FROM, "{figure_rules}");
            // the fragment matches the findings: every one of its diagnostics is copied
            let fr = snap.take_fragment().unwrap();
            let mut out = Json(vec![]);
            assert!(diagnostics(
                &mut out,
                &snap,
                uri,
                enc,
                findings,
                Some(&fr),
                0
            ));
            let mut direct = Json(vec![]);
            assert!(diagnostics(&mut direct, &snap, uri, enc, findings, None, 0));
            assert_eq!(out.0, direct.0);
            *snap.fragment.lock().unwrap() = Some(fr);
            let (copied, used) = write_body(&snap, uri, enc, Some(3));
            assert!(used, "{enc:?}");
            assert!(snap.fragment.lock().unwrap().is_none(), "taken");
            let fresh = body(&snap, uri, enc, Some(3));
            assert_eq!(copied, body_without_fragment(&snap, uri, enc, Some(3)));
            assert_eq!(copied, fresh, "{enc:?}");
            // under the split into two threads too, and with few findings left to write
            let v: serde_json::Value = serde_json::from_slice(&copied).unwrap();
            assert_eq!(
                v["params"]["diagnostics"].as_array().unwrap().len(),
                findings.len()
            );
        }
        // a fragment for another text (it cannot happen) is not used: the same bytes as without
        let other = analysed(text.replacen("全年", "今年全年", 1), Some(Encoding::Utf16));
        let snap = analysed(text.clone(), None);
        assert!(snap.fragment.lock().unwrap().is_none());
        *snap.fragment.lock().unwrap() = other.take_fragment();
        let (bytes, used) = write_body(&snap, uri, Encoding::Utf16, Some(3));
        assert!(!used);
        assert_eq!(
            bytes,
            body_without_fragment(&snap, uri, Encoding::Utf16, Some(3))
        );
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
            fragment: Default::default(),
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
