//! What the page shows besides the CLI's JSON: every position in UTF-16 units (the unit of the
//! textarea), the outline with the statutory items found or missing, which findings sit on a
//! figure (explained on demand), and which one-click fixes are available.

use serde_json::{json, Value};

use gongwen::finding::Doc;
use gongwen::ide::figures::item_summary;
use gongwen::items::{Anchor, Reason};
use gongwen::punctuation::punct_fixes;

use crate::fix;
use crate::report_json::Checked;
use crate::utf16::Utf16Index;

/// Rules whose findings sit on a figure and are explained by its checks.
const FIGURE_RULES: [&str; 4] = [
    "sum-mismatch",
    "rate-mismatch",
    "percent-range",
    "conflicting-figure",
];

/// （一）…（五）.
pub fn ordinal(i: usize) -> String {
    format!("（{}）", gongwen::numerals::format(i as u64 + 1))
}

/// The page's view of an analysis. `file` is the CLI's JSON of the same text.
pub fn view(text: &str, c: &Checked, file: Value) -> Value {
    let an = &c.analysis;
    let ix = Utf16Index::new(text);
    let range = |s: gongwen::text::Span| json!([ix.at(s.start), ix.at(s.end)]);
    if !an.is_report() {
        return json!({
            "file": file,
            "report": false,
            "length": ix.at(text.len()),
        });
    }
    let marks: Vec<Value> = an
        .findings
        .iter()
        .map(|f| {
            let mut m = json!({
                "range": range(f.span),
                // in this text: a range to jump to; in last year's report: its line
                "related": f.related.iter().map(|r| match (r.doc, &c.baseline) {
                    (Doc::Previous, Some(b)) => json!({"previousLine": b.line(r.span.start), "message": r.message}),
                    (Doc::Previous, None) => json!({"message": r.message}),
                    (Doc::This, _) => json!({"range": range(r.span), "message": r.message}),
                }).collect::<Vec<_>>(),
            });
            // the arithmetic behind a figure finding is asked for when the finding is opened
            // (op `explain`): explaining every figure of a 1 MB text up front costs seconds
            if FIGURE_RULES.contains(&f.rule) && an.figures.at(f.span.start).is_some() {
                m["figure"] = json!(true);
            }
            m
        })
        .collect();
    let o = &an.outline;
    let headings: Vec<Value> = o
        .headings
        .iter()
        .enumerate()
        .map(|(h, head)| {
            // the marker and the heading's own words: a run-in heading's body is not its name
            let name = gongwen::text::Span::new(
                head.marker.start.min(head.title.start),
                head.title.end.max(head.marker.end),
            );
            json!({
                "text": name.text(text),
                "level": head.level,
                "depth": head.depth,
                "range": range(head.line),
                "item": an.items.of_heading(h),
            })
        })
        .collect();
    let missing = fix::missing_item_fixes(an);
    let profile = &an.profile;
    let items: Vec<Value> = profile
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let found = an.items.found.get(i).and_then(Option::as_ref);
            let mut v = json!({
                "id": item.id,
                "ordinal": ordinal(i),
                "name": item.name,
                "fullName": item.full_name,
                "severity": item.severity.as_str(),
                "found": found.is_some(),
            });
            if let Some(m) = found {
                v["range"] = range(m.head);
                v["how"] = json!(match &m.anchor {
                    Anchor::Heading(_) => "heading",
                    Anchor::Paragraph(_) => "paragraph",
                    Anchor::Region => "region",
                });
                v["reason"] = json!(m.reason.describe());
                v["cue"] = json!(match &m.reason {
                    Reason::HeadingCue(c) | Reason::ParagraphCue(c) => c.as_str(),
                    Reason::Position => "",
                });
                v["summary"] = json!(item_summary(an, i));
            } else {
                v["canInsert"] = json!(missing.contains_key(item.id.as_str()));
            }
            v
        })
        .collect();
    // the marks formatting would change (cheaper than computing its edits)
    let punct = punct_fixes(text, o).len();
    let numbering = an
        .findings
        .iter()
        .filter(|f| f.rule == "numbering" && !f.fixes.is_empty())
        .count();
    json!({
        "file": file,
        "report": true,
        "length": ix.at(text.len()),
        "marks": marks,
        "profile": {"id": profile.id, "name": profile.name},
        "outline": {
            "title": o.title.map(|t| json!({"text": t.text(text), "range": range(t)})),
            "headings": headings,
            "items": items,
        },
        "internalErrors": an.internal_errors,
        "previous": c.previous.as_ref().map(|p| json!({"used": c.baseline.is_some(), "note": p.note})),
        "fixable": {
            "punctuation": punct,
            "numbering": numbering,
            "missing": missing.len(),
        },
    })
}
