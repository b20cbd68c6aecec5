//! Full analysis (outline, items, every rule) of a ~20 000-character report and of a 1 MB file.
//! Targets (docs/performance.md): median under 2 ms for 20 000 characters, under 100 ms for 1 MB.
//!
//! `GONGWEN_ANALYZE_TIMES=N` analyses the 20k report N times and exits, without criterion: run
//! it under `valgrind --tool=callgrind` with two values of N to count the instructions of one
//! analysis (the difference divided by the difference of N), a figure that does not vary with
//! the load of the machine. `GONGWEN_ANALYZE_TEXT=real60k` analyses instead the 60 000-character
//! real-shaped draft of the language-server latency bench (no title line, half-width
//! punctuation: thousands of findings). `GONGWEN_ANALYZE_PARALLEL=1` analyses as the language
//! server does, on two threads (`Options::parallel`): with callgrind's `--separate-threads=yes`,
//! the analysis thread's count is the critical path. `GONGWEN_ANALYZE_DUMP=path` also writes
//! the text analysed to `path` (to drive the language server with it under a profiler).

use criterion::{black_box, criterion_group, Criterion};
use gongwen::analysis::{analyze, Options};
use gongwen::profile::Profile;

mod common;
use common::report;

fn bench(c: &mut Criterion) {
    let profile = Profile::default_profile();
    let opts = Options::new(std::slice::from_ref(&profile));
    let r20k = report(20_000);
    assert!(analyze(&r20k, &opts).is_report());
    c.bench_function("analyze_20k_chars", |b| {
        b.iter(|| analyze(black_box(&r20k), &opts))
    });
    let mut r1m = r20k.clone();
    while r1m.len() < 1_000_000 {
        r1m.push_str(&r20k[r20k.find("（六）").unwrap_or(0)..]);
    }
    let mut g = c.benchmark_group("large");
    g.sample_size(10);
    g.bench_function("analyze_1mb", |b| {
        b.iter(|| analyze(black_box(&r1m), &opts))
    });
    g.finish();
}

criterion_group!(benches, bench);

// the bench, not the engine, reads its environment
#[allow(clippy::disallowed_methods)]
fn main() {
    if let Some(n) = std::env::var("GONGWEN_ANALYZE_TIMES")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        let profile = Profile::default_profile();
        let opts = Options {
            parallel: std::env::var_os("GONGWEN_ANALYZE_PARALLEL").is_some(),
            ..Options::new(std::slice::from_ref(&profile))
        };
        let text = match std::env::var("GONGWEN_ANALYZE_TEXT").as_deref() {
            Ok("real60k") => common::real_shaped(&report(60_000)),
            _ => report(20_000),
        };
        if let Some(path) = std::env::var_os("GONGWEN_ANALYZE_DUMP") {
            std::fs::write(path, &text).expect("the text is written");
        }
        for _ in 0..n {
            black_box(analyze(black_box(&text), &opts));
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
