//! Full analysis (outline, items, every rule) of a ~20 000-character report and of a 1 MB file.
//! Targets (docs/performance.md): median under 2 ms for 20 000 characters, under 100 ms for 1 MB.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use gongwen::analysis::{analyze, Options};
use gongwen::numerals;
use gongwen::profile::Profile;

/// A realistic report of at least `chars` characters: the complete fixture with its measures
/// item grown by further numbered sub-sections in the genre, each with consistent figures.
pub fn report(chars: usize) -> String {
    let base = include_str!("../../tests/fixtures/complete.txt");
    let split = base
        .find("二、2024年度推进法治政府建设存在的不足和原因")
        .expect("fixture layout");
    let (head, tail) = base.split_at(split);
    let mut extra = String::new();
    let mut n = 6;
    let topics = [
        "深化“放管服”改革",
        "推进行政执法规范化",
        "加强规范性文件监督管理",
        "健全重大行政决策机制",
        "提升政务公开质效",
        "强化公共法律服务",
    ];
    while head.chars().count() + extra.chars().count() + tail.chars().count() < chars {
        let t = topics[n % topics.len()];
        let total = 40 + n * 3;
        let (a, b) = (total / 2, total - total / 2);
        extra.push_str(&format!(
            "（{}）{t}。一是完善工作机制，制定配套制度{}项；二是加强督促检查，全年开展专项检查{}次，发现问题{}个并全部整改；三是强化宣传培训，组织专题培训{}场次、参训{}人次。全年共办理相关事项{total}件，其中按时办结{a}件、提前办结{b}件。\n",
            numerals::format(n as u64),
            n % 7 + 2,
            n % 5 + 3,
            n % 9 + 4,
            n % 4 + 2,
            120 + n * 10,
        ));
        n += 1;
    }
    format!("{head}{extra}{tail}")
}

fn bench(c: &mut Criterion) {
    let profile = Profile::default_profile();
    let opts = Options::new(&profile);
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
criterion_main!(benches);
