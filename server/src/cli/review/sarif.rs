//! `--format sarif`: SARIF 2.1.0 (OASIS) for code-review systems, one run of gongwen-ls with
//! every rule described and one result per finding, written file by file.
//!
//! Regions of a text file are lines and columns counted in Unicode code points
//! (`columnKind: unicodeCodePoints`), as the JSON output counts them; fixes become artifact
//! changes. A Word document has no lines: its results name the paragraph (`第12段`) in the
//! location's message and in `properties` (`paragraph`, or `table` and `row`) and carry no
//! region or fix. Files that could not be checked are tool execution notifications.

use serde_json::{json, Value};

use gongwen::finding::Severity;
use gongwen::text::Encoding;
use gongwen_docx::Place;

use super::{Checked, Layout};

pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A path as a URI reference: relative paths stay relative (to `%SRCROOT%`, the folder the
/// check ran in), absolute ones become `file:` URIs; every byte outside RFC 3986's unreserved
/// characters and `/` is percent-encoded (Chinese file names included).
pub fn uri(path: &str) -> (String, bool) {
    let p = path.replace('\\', "/");
    let absolute = p.starts_with('/') || p.as_bytes().get(1) == Some(&b':');
    let mut out = String::new();
    if absolute {
        out.push_str("file://");
        if !p.starts_with('/') {
            out.push('/');
        }
    }
    let rel = p.strip_prefix("./").unwrap_or(&p);
    for (k, b) in rel.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (absolute && k == 1 && b == b':');
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    (out, absolute)
}

fn artifact(path: &str) -> Value {
    let (u, absolute) = uri(path);
    if absolute {
        json!({ "uri": u })
    } else {
        json!({ "uri": u, "uriBaseId": "%SRCROOT%" })
    }
}

/// The log up to the opening of the results array. `root` is the folder relative paths are
/// relative to (an absolute path).
pub fn begin(root: &str) -> String {
    let rules: Vec<Value> = gongwen::rules::registry()
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "shortDescription": { "text": r.summary_zh },
                "fullDescription": { "text": r.summary_en },
                "helpUri": gongwen::rules::doc_url(r.id),
                "defaultConfiguration": { "level": level(r.default_severity) },
            })
        })
        .collect();
    let (mut root_uri, _) = uri(root);
    if !root_uri.ends_with('/') {
        root_uri.push('/');
    }
    let run = json!({
        "tool": {
            "driver": {
                "name": "gongwen-ls",
                "version": gongwen::VERSION,
                "semanticVersion": gongwen::VERSION,
                "informationUri": gongwen::DOCS_RULES_URL,
                "language": "zh-CN",
                "rules": rules,
            }
        },
        "language": "zh-CN",
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": { "%SRCROOT%": { "uri": root_uri } },
    });
    let head = json!({ "$schema": SCHEMA, "version": "2.1.0" });
    // {"$schema":…,"version":"2.1.0","runs":[{…run…,"results":[
    let head = serde_json::to_string(&head).unwrap_or_default();
    let run = serde_json::to_string(&run).unwrap_or_default();
    format!(
        "{},\"runs\":[{},\"results\":[\n",
        &head[..head.len() - 1],
        &run[..run.len() - 1]
    )
}

/// The results of one checked file, each on its own line, separated by commas (the caller puts
/// a comma between the results of two files); empty when the file has no findings.
pub fn results(c: &Checked) -> String {
    let registry = gongwen::rules::registry();
    let text = c.text;
    let pos = |offset: usize| {
        let (l, col) = c.lines.position(text, offset, Encoding::Utf32);
        (l + 1, col + 1)
    };
    let mut out = String::new();
    for f in &c.an.findings {
        let mut location = json!({ "physicalLocation": { "artifactLocation": artifact(c.path) } });
        let mut result = json!({
            "ruleId": f.rule,
            "level": level(f.severity),
            "message": { "text": f.message },
        });
        if let Some(i) = registry.iter().position(|r| r.id == f.rule) {
            result["ruleIndex"] = json!(i);
        }
        let mut props = json!({ "severity": f.severity.as_str() });
        if !f.data.is_null() {
            props["data"] = f.data.value();
        }
        match c.layout {
            Layout::Lines => {
                let (sl, sc) = pos(f.span.start);
                let (el, ec) = pos(f.span.end);
                location["physicalLocation"]["region"] = json!({
                    "startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec,
                    "snippet": { "text": f.span.text(text) },
                });
                let fixes: Vec<Value> = f
                    .fixes
                    .iter()
                    .map(|fx| {
                        let replacements: Vec<Value> = fx
                            .edits
                            .iter()
                            .map(|e| {
                                let (sl, sc) = pos(e.span.start);
                                let (el, ec) = pos(e.span.end);
                                json!({
                                    "deletedRegion": { "startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec },
                                    "insertedContent": { "text": e.text },
                                })
                            })
                            .collect();
                        json!({
                            "description": { "text": fx.title },
                            "artifactChanges": [{ "artifactLocation": artifact(c.path), "replacements": replacements }],
                        })
                    })
                    .filter(|fx| !fx["artifactChanges"][0]["replacements"].as_array().is_some_and(Vec::is_empty))
                    .collect();
                if !fixes.is_empty() {
                    result["fixes"] = Value::Array(fixes);
                }
            }
            Layout::Docx(places) => {
                let line = c.lines.line_of(f.span.start);
                let place = places.get(line).or(places.last()).copied();
                location["message"] = json!({ "text": c.layout.describe(line) });
                match place {
                    Some(Place::Paragraph(n)) => props["paragraph"] = json!(n),
                    Some(Place::Blank { after }) => props["afterParagraph"] = json!(after),
                    Some(Place::Row { table, row }) => {
                        props["table"] = json!(table);
                        props["row"] = json!(row);
                    }
                    None => {}
                }
                props["excerpt"] = json!(f.span.text(text));
            }
        }
        result["locations"] = json!([location]);
        result["properties"] = props;
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(&result).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// The rest of the log: the invocation, with a notification per file that could not be checked.
pub fn end(failures: &[(String, String)], notes: &[(String, String)]) -> String {
    let notification = |(path, message): &(String, String), lvl: &str| {
        json!({
            "level": lvl,
            "message": { "text": message },
            "locations": [{ "physicalLocation": { "artifactLocation": artifact(path) } }],
        })
    };
    let mut n: Vec<Value> = failures.iter().map(|f| notification(f, "error")).collect();
    n.extend(notes.iter().map(|f| notification(f, "note")));
    let invocation = json!({
        "executionSuccessful": failures.is_empty(),
        "toolExecutionNotifications": n,
    });
    format!(
        "],\"invocations\":[{}]}}]}}\n",
        serde_json::to_string(&invocation).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_references() {
        assert_eq!(
            uri("报告/a b.txt"),
            ("%E6%8A%A5%E5%91%8A/a%20b.txt".into(), false)
        );
        assert_eq!(uri("./x/y.md").0, "x/y.md");
        assert_eq!(
            uri("/tmp/r#1.docx"),
            ("file:///tmp/r%231.docx".into(), true)
        );
        assert_eq!(
            uri("C:\\报告\\a.txt").0,
            "file:///C:/%E6%8A%A5%E5%91%8A/a.txt"
        );
    }

    #[test]
    fn an_empty_log_is_valid_json() {
        let s = format!("{}{}", begin("/work"), end(&[], &[]));
        let v: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(v["runs"][0]["results"], json!([]));
        assert_eq!(
            v["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///work/"
        );
        assert!(
            v["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .unwrap()
                .len()
                >= 10
        );
    }
}
