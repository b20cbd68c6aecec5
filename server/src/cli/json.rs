//! JSON output (`--format json`), streamed: the envelope is written around the files, and each
//! file is serialised from typed structs ([`gongwen::report::FileReport`]) as soon as it is
//! checked, one file per line, so memory does not grow with the size of the batch.
//!
//! ```text
//! {
//!   "version": "0.1.0",
//!   "files": [
//!     {"path": …, "encoding": …, "report": true, "year": 2024, "findings": […]},
//!     …
//!   ],
//!   "errors": [{"path": …, "message": …}],
//!   "notes": [{"path": …, "message": …}],
//!   "summary": {"files": 2, "reports": 1, "error": 1, "warning": 0, "information": 0, "hint": 0}
//! }
//! ```

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use gongwen::analysis::Analysis;
use gongwen::finding::Severity;
use gongwen::report::{Counts, FileOut, FileReport, PreviousOut};
use gongwen::text::LineIndex;
use gongwen_docx::Place;

use super::review::Layout;

/// A path that could not be read, or was skipped, and why.
#[derive(Serialize)]
pub struct PathMessage {
    pub path: String,
    pub message: String,
}

impl PathMessage {
    pub fn new(p: &(PathBuf, String)) -> Self {
        PathMessage {
            path: p.0.display().to_string(),
            message: p.1.clone(),
        }
    }
}

/// The totals at the end.
#[derive(Serialize)]
pub struct Summary {
    pub files: usize,
    pub reports: usize,
    /// Reports compared with last year's report.
    pub compared: usize,
    #[serde(flatten)]
    pub counts: Counts,
}

/// Serialise one file (one line, no trailing newline). The findings of a Word document also say
/// where they are in Word's terms: `place` (第12段, 表格1第3行) and `paragraph`, or `table` and
/// `row` (`afterParagraph` for an empty paragraph).
#[allow(clippy::too_many_arguments)]
pub fn file(
    out: impl Write,
    path: &str,
    encoding: &str,
    text: &str,
    an: &Analysis,
    layout: &Layout,
    previous: Option<&PreviousOut>,
    min: Severity,
) -> serde_json::Result<()> {
    let lines = LineIndex::new(text);
    let report = FileReport::new(path, encoding, text, &lines, an).at_least(min);
    let file = FileOut::new(report, previous);
    let Layout::Docx(places) = layout else {
        return serde_json::to_writer(out, &file);
    };
    let mut v = serde_json::to_value(file)?;
    if let Some(findings) = v["findings"].as_array_mut() {
        for f in findings {
            let line = f["line"].as_u64().unwrap_or(1).saturating_sub(1) as usize;
            f["place"] = layout.describe(line).into();
            match places.get(line).or(places.last()) {
                Some(Place::Paragraph(n)) => f["paragraph"] = (*n).into(),
                Some(Place::Blank { after }) => f["afterParagraph"] = (*after).into(),
                Some(Place::Row { table, row }) => {
                    f["table"] = (*table).into();
                    f["row"] = (*row).into();
                }
                None => {}
            }
        }
    }
    serde_json::to_writer(out, &v)
}

/// Writes the envelope around the files.
pub struct Envelope {
    files: usize,
}

impl Envelope {
    pub fn begin(out: &mut impl Write) -> std::io::Result<Envelope> {
        write!(
            out,
            "{{\n  \"version\": {},\n  \"files\": [",
            serde_json::to_string(gongwen::VERSION)?
        )?;
        Ok(Envelope { files: 0 })
    }

    /// One file, as serialised by [`file`].
    pub fn file(&mut self, out: &mut impl Write, json: &[u8]) -> std::io::Result<()> {
        out.write_all(if self.files == 0 {
            b"\n    "
        } else {
            b",\n    "
        })?;
        out.write_all(json)?;
        self.files += 1;
        Ok(())
    }

    pub fn end(
        self,
        out: &mut impl Write,
        errors: &[PathMessage],
        notes: &[PathMessage],
        summary: &Summary,
    ) -> std::io::Result<()> {
        let close = if self.files == 0 { "]" } else { "\n  ]" };
        writeln!(
            out,
            "{close},\n  \"errors\": {},\n  \"notes\": {},\n  \"summary\": {}\n}}",
            serde_json::to_string(errors)?,
            serde_json::to_string(notes)?,
            serde_json::to_string(summary)?
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_is_valid_json_with_and_without_files() {
        for n in [0, 1, 3] {
            let mut out = vec![];
            let mut env = Envelope::begin(&mut out).unwrap();
            for i in 0..n {
                env.file(&mut out, format!("{{\"path\":\"{i}\"}}").as_bytes())
                    .unwrap();
            }
            let errors = [PathMessage::new(&("坏.txt".into(), "无法读取".into()))];
            let summary = Summary {
                files: n,
                reports: 0,
                compared: 0,
                counts: Counts::default(),
            };
            env.end(&mut out, &errors, &[], &summary).unwrap();
            let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(v["files"].as_array().unwrap().len(), n);
            assert_eq!(v["errors"][0]["path"], "坏.txt");
            assert_eq!(v["summary"]["files"], n);
            assert_eq!(v["summary"]["hint"], 0);
            assert_eq!(v["version"], gongwen::VERSION);
        }
    }
}
