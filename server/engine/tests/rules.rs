//! Per-rule fixtures with snapshots.
//!
//! For every rule of the registry, `tests/rules/<rule-id>.txt` is a draft written in the genre
//! with positive cases (the rule must speak) and negative cases (text that looks alike but is
//! right: the rule must stay quiet). The year-over-year rules also read last year's report from
//! `tests/rules/<rule-id>.previous.txt`. The test renders what the rule reports on its fixture
//! (position, severity, message, the text flagged, related locations, fixes) and, when the rule
//! offers fixes, the text after applying them as a unified diff, and compares both with the
//! snapshots in `tests/snapshots/`.
//!
//! Workflow: change a rule or a fixture, run `cargo insta test -p gongwen --test rules` (or
//! `INSTA_UPDATE=always cargo test -p gongwen --test rules`), review the new snapshots with
//! `cargo insta review` (or `git diff`), commit them with the change.

// A test reads its fixtures from disk; the engine itself never does (clippy.toml).
#![allow(clippy::disallowed_methods)]

use std::fmt::Write as _;
use std::path::PathBuf;

use gongwen::analysis::{analyze_with_previous, Options};
use gongwen::finding::{Doc, Finding};
use gongwen::profile::Profile;
use gongwen::text::{Encoding, LineIndex};
use gongwen::yoy::Baseline;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

fn read(path: &std::path::Path) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.replace("\r\n", "\n"))
}

/// `line:column` (1-based, columns in characters) of a byte offset.
fn pos(text: &str, lines: &LineIndex, offset: usize) -> String {
    let (l, c) = lines.position(text, offset, Encoding::Utf32);
    format!("{}:{}", l + 1, c + 1)
}

fn render(text: &str, previous: Option<&str>, findings: &[Finding]) -> String {
    let lines = LineIndex::new(text);
    let prev_lines = previous.map(LineIndex::new);
    let mut out = String::new();
    if findings.is_empty() {
        out.push_str("(no finding)\n");
    }
    for f in findings {
        let _ = writeln!(
            out,
            "{}-{} {} {}: {}",
            pos(text, &lines, f.span.start),
            pos(text, &lines, f.span.end),
            f.severity.as_str(),
            f.rule,
            f.message
        );
        let _ = writeln!(out, "    flagged: 「{}」", f.span.text(text));
        for r in &f.related {
            let (doc, t, li) = match (r.doc, previous, prev_lines.as_ref()) {
                (Doc::Previous, Some(p), Some(pl)) => ("last year", p, pl),
                _ => ("", text, &lines),
            };
            let _ = writeln!(
                out,
                "    related {}{}: {}",
                if doc.is_empty() {
                    String::new()
                } else {
                    format!("({doc}) ")
                },
                pos(t, li, r.span.start),
                r.message
            );
        }
        for fix in &f.fixes {
            let _ = writeln!(
                out,
                "    fix{}: {}",
                if fix.preferred { " (preferred)" } else { "" },
                fix.title
            );
        }
    }
    out
}

/// The text after applying, in order of position, the first fix of each finding whose edits do
/// not overlap an edit already applied.
fn apply_fixes(text: &str, findings: &[Finding]) -> Option<String> {
    let mut edits: Vec<gongwen::finding::Edit> = vec![];
    for f in findings {
        let Some(fix) = f.fixes.iter().find(|x| x.preferred).or(f.fixes.first()) else {
            continue;
        };
        if fix.edits.iter().any(|e| {
            edits
                .iter()
                .any(|d| d.span.overlaps(e.span) || d.span.start == e.span.start)
        }) {
            continue;
        }
        edits.extend(fix.edits.iter().cloned());
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut s = text.to_string();
    for e in edits {
        s.replace_range(e.span.start..e.span.end, &e.text);
    }
    Some(s)
}

fn diff(before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(1)
        .header("fixture", "after fixes")
        .to_string()
}

#[test]
fn every_rule_has_a_fixture_and_matches_its_snapshots() {
    let profile = Profile::default_profile();
    let opts = Options {
        force_report: true,
        ..Options::new(std::slice::from_ref(&profile))
    };
    let mut missing = vec![];
    let mut silent = vec![];
    for info in gongwen::rules::registry() {
        let id = info.id;
        let Some(text) = read(&fixture_dir().join(format!("{id}.txt"))) else {
            missing.push(id);
            continue;
        };
        let previous = read(&fixture_dir().join(format!("{id}.previous.txt")));
        let base = previous.clone().map(|p| Baseline::new(p, &opts));
        let findings: Vec<Finding> = analyze_with_previous(&text, &opts, base.as_ref())
            .findings
            .into_iter()
            .filter(|f| f.rule == id)
            .collect();
        if findings.is_empty() {
            silent.push(id);
        }
        insta::assert_snapshot!(
            format!("{id}.findings"),
            render(&text, previous.as_deref(), &findings)
        );
        if let Some(after) = apply_fixes(&text, &findings) {
            insta::assert_snapshot!(format!("{id}.fixed"), diff(&text, &after));
        }
    }
    assert!(
        silent.is_empty(),
        "the fixtures of these rules have positive cases, but the rule found nothing: {silent:?}"
    );
    assert!(
        missing.is_empty(),
        "rules without a fixture in server/engine/tests/rules/: {missing:?}"
    );
}
