//! didChange → publishDiagnostics latency over stdio, on a 60 000-character report, measured
//! against the real binary with the e2e client. Target (docs/performance.md): p95 under 30 ms.
//!
//! Each iteration types one character into the middle of the report and waits for the
//! diagnostics of that exact version. Besides criterion's statistics, the bench prints the
//! p50/p95/max of all iterations.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use gongwen_e2e::{file_uri, Lsp};
use serde_json::json;

#[path = "../engine/benches/common/mod.rs"]
mod common;

fn bench(c: &mut Criterion) {
    // SAFETY: set before any thread reads the environment.
    unsafe { std::env::set_var("GONGWEN_LS_BIN", env!("CARGO_BIN_EXE_gongwen-ls")) };
    let text = common::report(60_000);
    let mut s = Lsp::start(&["utf-16"]);
    let uri = file_uri("latency.txt");
    s.open(&uri, "plaintext", &text);
    s.diagnostics(&uri, Some(1));
    let line = text.lines().count() / 2;
    let mut version = 1i64;
    let mut samples: Vec<Duration> = vec![];
    c.bench_function("did_change_to_diagnostics_60k", |b| {
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
            "didChange→publishDiagnostics over stdio, {} chars, {} samples: p50 {:?}, p95 {:?}, max {:?}",
            text.chars().count(),
            samples.len(),
            p(0.5),
            p(0.95),
            samples[samples.len() - 1]
        );
    }
    s.stop();
}

criterion_group!(benches, bench);
criterion_main!(benches);
