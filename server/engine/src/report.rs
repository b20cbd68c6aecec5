//! The findings of one checked file as plain serialisable values: what `gongwen-ls check
//! --format json` prints for each file and what the web build returns, so both give the same
//! JSON. Lines and columns are 1-based, columns count Unicode scalar values (one 汉字 is one
//! column); byte offsets are into the analysed UTF-8 text.
//!
//! Positions are computed with [`Cursor`]s over one [`LineIndex`]: findings come sorted by
//! start, so converting all of them costs one pass over the text, however many share a line.

use serde::Serialize;

use crate::analysis::Analysis;
use crate::finding::{Data, Finding, Severity};
use crate::text::{Cursor, Encoding, LineIndex, Measure, Span};

/// One checked (or skipped) file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport<'a> {
    pub path: &'a str,
    /// The encoding the file was decoded from (`UTF-8`, `GB18030`, `UTF-16LE`…).
    pub encoding: &'a str,
    /// Was it checked as a report? Files that are not reports have no findings.
    pub report: bool,
    /// The year the report is about: `null` when unknown, absent for files not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<Option<i32>>,
    pub findings: Findings<'a>,
}

/// Last year's report a report was compared with (`path` null: none was used, `note` says why).
#[derive(Debug, Clone, Serialize)]
pub struct PreviousOut {
    /// Its path or name, when it was used.
    pub path: Option<String>,
    /// How it was chosen (`argument`, `setting`, `sameFolder`, `workspace`), when it was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub how: Option<&'static str>,
    /// One sentence in Chinese: what it was compared with, or why not.
    pub note: String,
}

/// One file of `check --format json`: its report and, for a report, `previous` (`null` when no
/// comparison was looked for; absent for files that are not reports).
#[derive(Debug, Clone, Serialize)]
pub struct FileOut<'a> {
    #[serde(flatten)]
    pub report: FileReport<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<Option<&'a PreviousOut>>,
}

impl<'a> FileOut<'a> {
    /// `previous` is kept for reports only.
    pub fn new(report: FileReport<'a>, previous: Option<&'a PreviousOut>) -> Self {
        let previous = report.report.then_some(previous);
        FileOut { report, previous }
    }
}

/// One finding with its positions.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingOut<'a> {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_offset: usize,
    pub byte_length: usize,
    #[serde(skip_serializing_if = "is_null")]
    pub data: &'a Data,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<FixOut<'a>>,
}

fn is_null(d: &&Data) -> bool {
    d.is_null()
}

/// A fix: a title and its edits.
#[derive(Debug, Clone, Serialize)]
pub struct FixOut<'a> {
    pub title: &'a str,
    pub edits: Vec<EditOut<'a>>,
}

/// One replacement, by 1-based line and column.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EditOut<'a> {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub new_text: &'a str,
}

/// Findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub information: usize,
    pub hint: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            c.add(f.severity, 1);
        }
        c
    }
    pub fn add(&mut self, s: Severity, n: usize) {
        match s {
            Severity::Error => self.error += n,
            Severity::Warning => self.warning += n,
            Severity::Information => self.information += n,
            Severity::Hint => self.hint += n,
        }
    }
    pub fn merge(&mut self, o: Counts) {
        self.error += o.error;
        self.warning += o.warning;
        self.information += o.information;
        self.hint += o.hint;
    }
}

/// 1-based line and column of byte offsets, in Unicode scalar values.
struct Positions<'a>(Cursor<'a>);

impl Positions<'_> {
    fn at(&mut self, offset: usize) -> (usize, usize) {
        let (l, c) = self.0.position(offset);
        (l + 1, c + 1)
    }
}

impl<'a> FileReport<'a> {
    /// The report of `text` analysed as `an`. `lines` must index `text`.
    pub fn new(
        path: &'a str,
        encoding: &'a str,
        text: &'a str,
        lines: &'a LineIndex,
        an: &'a Analysis,
    ) -> FileReport<'a> {
        let report = an.is_report();
        FileReport {
            path,
            encoding,
            report,
            year: report.then_some(an.year),
            findings: Findings {
                text,
                lines,
                findings: if report { &an.findings } else { &[] },
                min: Severity::Hint,
            },
        }
    }

    /// Only the findings of severity `min` or above.
    pub fn at_least(mut self, min: Severity) -> Self {
        self.findings.min = min;
        self
    }
}

/// The findings of a file with their positions, computed as they are serialised: a file with
/// 100 000 findings is written without a second copy of them.
#[derive(Clone)]
pub struct Findings<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    findings: &'a [Finding],
    min: Severity,
}

impl std::fmt::Debug for Findings<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> Findings<'a> {
    /// The findings with their positions, in order.
    pub fn iter(&self) -> impl Iterator<Item = FindingOut<'a>> + 'a {
        let (text, lines, min) = (self.text, self.lines, self.min);
        let cursor = move || Positions(Cursor::new(text, lines, Measure::Units(Encoding::Utf32)));
        // one cursor per ordered stream: starts are sorted, ends nearly so, fixes elsewhere
        let (mut starts, mut ends, mut edits) = (cursor(), cursor(), cursor());
        self.findings
            .iter()
            .filter(move |f| f.severity >= min)
            .map(move |f| {
                let (line, column) = starts.at(f.span.start);
                let (end_line, end_column) = ends.at(f.span.end);
                FindingOut {
                    rule: f.rule,
                    severity: f.severity,
                    message: &f.message,
                    line,
                    column,
                    end_line,
                    end_column,
                    byte_offset: f.span.start,
                    byte_length: f.span.len(),
                    data: &f.data,
                    fixes: f
                        .fixes
                        .iter()
                        .map(|fx| FixOut {
                            title: &fx.title,
                            edits: fx
                                .edits
                                .iter()
                                .map(|e| edit_out(&mut edits, e.span, &e.text))
                                .collect(),
                        })
                        .collect(),
                }
            })
    }
}

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

fn edit_out<'a>(p: &mut Positions, span: Span, new_text: &'a str) -> EditOut<'a> {
    let (line, column) = p.at(span.start);
    let (end_line, end_column) = p.at(span.end);
    EditOut {
        line,
        column,
        end_line,
        end_column,
        new_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, Options};
    use crate::profile::Profile;

    const LACKS: &str = "关于2024年度法治政府建设情况的报告\n\
        一、主要举措和成效\n\
        （一）全年办理行政复议案件12件,其中,撤销2件,维持10件.\n\
        二、党政主要负责人履行推进法治建设第一责任人职责情况\n\
        主要负责人专题研究法治工作4次。\n";

    #[test]
    fn json_shape_matches_the_documented_fields() {
        let p = Profile::default_profile();
        let an = analyze(LACKS, &Options::new(std::slice::from_ref(&p)));
        let li = LineIndex::new(LACKS);
        let r = FileReport::new("a.txt", "UTF-8", LACKS, &li, &an);
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["path"], "a.txt");
        assert_eq!(v["report"], true);
        assert_eq!(v["year"], 2024);
        let fs = v["findings"].as_array().unwrap();
        assert!(!fs.is_empty());
        for (f, orig) in fs.iter().zip(&an.findings) {
            let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
            for k in [
                "rule",
                "severity",
                "message",
                "line",
                "column",
                "endLine",
                "endColumn",
                "byteOffset",
                "byteLength",
            ] {
                assert!(keys.contains(&k), "{k} missing in {f}");
            }
            // positions agree with the line index
            let (l, c) = li.position(LACKS, orig.span.start, Encoding::Utf32);
            assert_eq!(
                (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()),
                (l as u64 + 1, c as u64 + 1)
            );
            let (l, c) = li.position(LACKS, orig.span.end, Encoding::Utf32);
            assert_eq!(
                (
                    f["endLine"].as_u64().unwrap(),
                    f["endColumn"].as_u64().unwrap()
                ),
                (l as u64 + 1, c as u64 + 1)
            );
            assert_eq!(f["severity"], orig.severity.as_str());
            assert_eq!(f.get("data").is_some(), !orig.data.is_null());
            assert_eq!(f.get("fixes").is_some(), !orig.fixes.is_empty());
            for (fx, ofx) in f["fixes"].as_array().into_iter().flatten().zip(&orig.fixes) {
                for (e, oe) in fx["edits"].as_array().unwrap().iter().zip(&ofx.edits) {
                    let (l, c) = li.position(LACKS, oe.span.start, Encoding::Utf32);
                    assert_eq!(e["line"].as_u64().unwrap(), l as u64 + 1);
                    assert_eq!(e["column"].as_u64().unwrap(), c as u64 + 1);
                    assert_eq!(e["newText"], oe.text.as_str());
                }
            }
        }
        let missing: Vec<&str> = fs
            .iter()
            .filter(|f| f["rule"] == "missing-section")
            .map(|f| f["data"]["section"].as_str().unwrap())
            .collect();
        assert_eq!(missing, ["problems", "plan", "other"]);
    }

    #[test]
    fn files_not_checked_have_no_year_key() {
        let p = Profile::default_profile();
        let text = "会议纪要\n今天开会。\n";
        let an = analyze(text, &Options::new(std::slice::from_ref(&p)));
        let li = LineIndex::new(text);
        let v = serde_json::to_value(FileReport::new("b.md", "UTF-8", text, &li, &an)).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"path": "b.md", "encoding": "UTF-8", "report": false, "findings": []})
        );
    }

    #[test]
    fn counts_by_severity() {
        let p = Profile::default_profile();
        let an = analyze(LACKS, &Options::new(std::slice::from_ref(&p)));
        let c = Counts::of(&an.findings);
        assert_eq!(
            c.error + c.warning + c.information + c.hint,
            an.findings.len()
        );
        assert!(c.error >= 2);
        let v = serde_json::to_value(c).unwrap();
        assert!(v.get("information").is_some() && v.get("hint").is_some());
    }
}
