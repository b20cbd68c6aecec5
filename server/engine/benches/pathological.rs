//! Bounded cost on pathological input: each shape that was once quadratic is analysed at 1×, 2×
//! and 4× its size. With `GONGWEN_PATHOLOGICAL_DIR=DIR` the inputs are also written to DIR
//! (`NAME-4x.txt`…), with a 48 MB report (`realistic_report-18x.txt`: the 4× one four and a half
//! times over) for measuring peak memory. Target (docs/performance.md): under 1 s per MB, and time growing about
//! linearly (4× the input, well under 8× the time). Besides criterion's statistics (wall time),
//! the bench prints the scaling ratio and the seconds per MB of each shape, from the thread's
//! CPU time on Linux (the machine may be shared with other builds), and fails if a shape is
//! quadratic.
//!
//! The inputs are written here in the genre (half-width punctuation everywhere, figures in long
//! runs), not copied from published reports.

// A bench measures time and may write its inputs out; the engine itself reads no clock, no
// environment and no file.
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use std::time::{Duration, Instant};

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use gongwen::analysis::{analyze, Options};
use gongwen::profile::Profile;

mod common;

const TITLE: &str =
    "关于2024年度法治政府建设情况的报告\n一、2024年度推进法治政府建设的主要举措和成效\n";

/// Repeat pieces (with changing numbers) until `bytes` is reached; `sep` joins them.
fn grow(bytes: usize, head: &str, sep: &str, piece: impl Fn(usize) -> String) -> String {
    let mut s = String::from(head);
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&piece(i));
        s.push_str(sep);
        i += 1;
    }
    s
}

/// A whole report on one line: clauses with figures and half-width commas, no line break.
fn single_line(bytes: usize) -> String {
    grow(
        bytes,
        "关于2024年度法治政府建设情况的报告 ",
        "",
        |i| {
            let n = i % 97 + 3;
            match i % 4 {
                0 => format!(
                    "全年办理行政复议案件{n}件,其中撤销{}件,维持{}件。",
                    n / 3,
                    n - n / 3
                ),
                1 => format!("组织执法人员培训{n}场次,参训{}人次,", n * 12),
                2 => format!("(一)深化“放管服”改革,修订《实施办法》{}项,", n % 7 + 1),
                _ => format!("公开政府信息{n}条,办结率{}.{}%;", 90 + n % 9, n % 10),
            }
        },
    )
}

/// One paragraph of nothing but figures: counts, done, rates, growth.
fn figures_paragraph(bytes: usize) -> String {
    let mut s = grow(bytes, TITLE, "，", |i| {
        let a = i % 900 + 10;
        let b = a - i % 7;
        format!(
            "受理{a}件、办结{b}件、办结率{:.1}%，同比增长{}%",
            b as f64 * 100.0 / a as f64,
            i % 40 + 1
        )
    });
    s.push_str("。\n");
    s
}

/// Openers that never close: （ ( “ 《 【 each followed by a word.
fn unclosed_brackets(bytes: usize) -> String {
    let marks = ["（", "(", "“", "《", "【"];
    let mut s = grow(bytes, TITLE, "", |i| {
        format!("{}执法", marks[i % marks.len()])
    });
    s.push('\n');
    s
}

/// Nothing but headings of four levels, with a line of text now and then.
fn headings(bytes: usize) -> String {
    let cn = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    grow(
        bytes,
        "关于2024年度法治政府建设情况的报告\n",
        "\n",
        |i| match i % 4 {
            0 => format!("{}、推进依法行政", cn[i / 4 % 10]),
            1 => format!("（{}）完善制度", cn[i % 10]),
            2 => format!("{}.加强监督", i % 9 + 1),
            _ => "开展执法检查12次。".to_string(),
        },
    )
}

type Shape = (&'static str, fn(usize) -> String, usize);

fn shapes() -> Vec<Shape> {
    vec![
        ("single_line", single_line, 256 * 1024),
        ("figures_paragraph", figures_paragraph, 256 * 1024),
        ("unclosed_brackets", unclosed_brackets, 256 * 1024),
        // 4x: about 100 000 headings
        ("headings", headings, 768 * 1024),
        // 4x: a 10 MB report (about 2.5 bytes per character: 汉字 and digits)
        (
            "realistic_report",
            |b| common::report(b * 2 / 5),
            2560 * 1024,
        ),
    ]
}

/// The CPU time this thread has run, in nanoseconds (Linux: `/proc/thread-self/schedstat`), so
/// that the scaling check does not fail because other builds share the machine. None elsewhere.
fn thread_cpu() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// The fastest of three analyses: its CPU time where the system tells it, else its wall time.
fn min_time(text: &str, opts: &Options) -> Duration {
    (0..3)
        .map(|_| {
            let (t, cpu) = (Instant::now(), thread_cpu());
            black_box(analyze(text, opts));
            match (cpu, thread_cpu()) {
                (Some(a), Some(b)) => Duration::from_nanos(b.saturating_sub(a)),
                _ => t.elapsed(),
            }
        })
        .min()
        .unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let profile = Profile::default_profile();
    let opts = Options {
        force_report: true,
        ..Options::new(std::slice::from_ref(&profile))
    };
    let mut g = c.benchmark_group("pathological");
    g.sample_size(10);
    for (name, make, base) in shapes() {
        let mut times = vec![];
        for k in [1, 2, 4] {
            let text = make(base * k);
            if let Some(dir) = std::env::var_os("GONGWEN_PATHOLOGICAL_DIR") {
                // the inputs, for measuring peak memory with the CLI (docs/performance.md)
                let path = std::path::Path::new(&dir).join(format!("{name}-{k}x.txt"));
                std::fs::write(&path, &text).expect("write the input");
            }
            g.bench_with_input(BenchmarkId::new(name, text.len()), &text, |b, t| {
                b.iter(|| analyze(black_box(t), &opts))
            });
            times.push((text.len(), min_time(&text, &opts)));
        }
        if let (Some(dir), "realistic_report") =
            (std::env::var_os("GONGWEN_PATHOLOGICAL_DIR"), name)
        {
            // the largest input measured for memory (docs/performance.md): the 4× report four
            // and a half times over, about 48 MB; written only, its analysis takes seconds
            let text = make(base * 4);
            // cut after a line break (a byte index inside a 汉字 would not be a str boundary)
            let half = text.as_bytes()[..text.len() / 2]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let big = [text.as_str(); 4].concat() + &text[..half];
            let path = std::path::Path::new(&dir).join(format!("{name}-18x.txt"));
            std::fs::write(&path, big).expect("write the input");
        }
        let (n1, t1) = times[0];
        let (n4, t4) = times[2];
        let ratio = t4.as_secs_f64() / t1.as_secs_f64().max(1e-9);
        let per_mb = t4.as_secs_f64() / (n4 as f64 / 1e6);
        let clock = if thread_cpu().is_some() {
            "CPU"
        } else {
            "wall"
        };
        println!(
            "{name} ({clock}): {n1} B {t1:?}, {} B {:?}, {n4} B {t4:?}; 4x input -> {ratio:.1}x time; {per_mb:.3} s/MB",
            times[1].0, times[1].1
        );
        assert!(
            ratio < 8.0,
            "{name}: 4x the input took {ratio:.1}x the time (quadratic?)"
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
