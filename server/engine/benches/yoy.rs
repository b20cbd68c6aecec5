//! Year over year: what comparing with last year's report adds to an analysis. This year's report
//! is the ~20 000-character bench report; last year's is the same report a year earlier with its
//! figures changed and a third of its numbered items rewritten — the hardest case for the
//! comparison, where most paragraphs have a close match to confirm. Target
//! (docs/performance.md): the comparison adds under 3 ms to the analysis.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use gongwen::analysis::{analyze, analyze_with_previous, Options};
use gongwen::profile::Profile;
use gongwen::yoy::Baseline;

mod common;
use common::report;

/// The report a year earlier: years one less, every figure changed, every third line of the
/// grown measures section rewritten.
fn a_year_earlier(this: &str) -> String {
    let shifted = this
        .replace("2025", "2026")
        .replace("2024", "2023")
        .replace("2026", "2024");
    let mut out = String::with_capacity(shifted.len());
    for (i, line) in shifted.lines().enumerate() {
        let mut l = String::with_capacity(line.len());
        let mut digits = String::new();
        let flush = |digits: &mut String, l: &mut String| {
            if !digits.is_empty() {
                // a different figure of the same width (years were shifted above and keep theirs)
                let changed: String = if digits.len() == 4 && digits.starts_with("20") {
                    digits.clone()
                } else {
                    digits
                        .chars()
                        .map(|c| char::from(b'0' + (c as u8 - b'0' + 3) % 10))
                        .collect()
                };
                l.push_str(&changed);
                digits.clear();
            }
        };
        for c in line.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else {
                flush(&mut digits, &mut l);
                l.push(c);
            }
        }
        flush(&mut digits, &mut l);
        if i % 3 == 0 && l.contains("一是") {
            l = l
                .replace("健全制度", "梳理工作流程")
                .replace("加强督促检查", "开展跟踪问效")
                .replace("强化培训", "组织业务轮训")
                .replace("完善", "优化");
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let profile = Profile::default_profile();
    let opts = Options::new(std::slice::from_ref(&profile));
    let this = report(20_000);
    let last = a_year_earlier(&this);
    let base = Baseline::new(last.clone(), &opts);
    let compared = analyze_with_previous(&this, &opts, Some(&base));
    let cmp = compared.comparison.as_ref().expect("compared");
    let carried = cmp.paragraphs.iter().filter(|m| m.carried()).count();
    println!(
        "this year {} chars, last year {} chars; {} paragraphs, {carried} carried over, {} year-over-year findings",
        this.chars().count(),
        last.chars().count(),
        cmp.paragraphs.len(),
        compared
            .findings
            .iter()
            .filter(|f| matches!(f.rule, "copied-text" | "plan-followup" | "yoy-figure" | "problems-repeat"))
            .count()
    );
    let mut g = c.benchmark_group("yoy");
    g.bench_function("analyze_20k_alone", |b| {
        b.iter(|| analyze(black_box(&this), &opts))
    });
    g.bench_function("analyze_20k_with_previous_20k", |b| {
        b.iter(|| analyze_with_previous(black_box(&this), &opts, Some(&base)))
    });
    // once per version of last year's file (the editor and the batch cache it)
    g.bench_function("prepare_previous_20k", |b| {
        b.iter(|| Baseline::new(black_box(last.clone()), &opts))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
