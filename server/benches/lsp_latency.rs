//! didChange → publishDiagnostics latency over stdio, on 60 000-character reports, measured
//! against the real binary with the e2e client. Targets (docs/performance.md): p95 under 30 ms on
//! the clean corpus; p95 under 10 ms of publication cost on top of analysis for a real-shaped
//! draft with thousands of findings.
//!
//! Two documents:
//! - `did_change_to_diagnostics_60k`: the bench corpus (a complete report with consistent
//!   figures, zero findings): the cost of analysis;
//! - `did_change_to_diagnostics_60k_real_shaped`: the same report written as real drafts are —
//!   no title line, half-width punctuation everywhere (`,` `.` `;` `:` `()`), 其中, with a comma —
//!   which gives thousands of findings on long lines: the cost of publishing them (positions,
//!   JSON) on top of the analysis.
//!
//! Each iteration types one character into the middle of the report and waits for the
//! diagnostics of that exact version. Besides criterion's statistics, the bench prints the
//! p50/p95/max of all iterations and the number of diagnostics published.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use gongwen_e2e::{file_uri, Lsp};
use serde_json::json;

#[path = "../engine/benches/common/mod.rs"]
mod common;

/// The bench corpus as a drafter types it: no title line, half-width punctuation.
fn real_shaped(text: &str) -> String {
    let body = text.split_once('\n').map_or(text, |(_, rest)| rest);
    body.chars()
        .map(|c| match c {
            '，' => ',',
            '。' => '.',
            '；' => ';',
            '：' => ':',
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

fn measure(c: &mut Criterion, name: &str, text: &str) {
    let mut s = Lsp::start(&["utf-16"]);
    let uri = file_uri(&format!("{name}.txt"));
    s.open(&uri, "plaintext", text);
    let first = s.diagnostics(&uri, Some(1));
    let count = first["diagnostics"].as_array().map_or(0, |a| a.len());
    let line = text.lines().count() / 2;
    let mut version = 1i64;
    let mut samples: Vec<Duration> = vec![];
    c.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                version += 1;
                let t = Instant::now();
                s.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [
                        {"range": {"start": {"line": line, "character": 2}, "end": {"line": line, "character": 2}}, "text": "法"}
                    ]}),
                );
                s.diagnostics(&uri, Some(version));
                let d = t.elapsed();
                samples.push(d);
                total += d;
            }
            total
        })
    });
    samples.sort();
    if !samples.is_empty() {
        let p = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
        println!(
            "{name}: didChange→publishDiagnostics over stdio, {} chars, {count} diagnostics, {} samples: p50 {:?}, p95 {:?}, max {:?}",
            text.chars().count(),
            samples.len(),
            p(0.5),
            p(0.95),
            samples[samples.len() - 1]
        );
    }
    s.stop();
}

fn bench(c: &mut Criterion) {
    // SAFETY: set before any thread reads the environment.
    unsafe { std::env::set_var("GONGWEN_LS_BIN", env!("CARGO_BIN_EXE_gongwen-ls")) };
    let text = common::report(60_000);
    measure(c, "did_change_to_diagnostics_60k", &text);
    measure(
        c,
        "did_change_to_diagnostics_60k_real_shaped",
        &real_shaped(&text),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
