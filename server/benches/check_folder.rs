//! `gongwen-ls check` over a folder of 1 000 reports of 500 bodies over two years: every report
//! is paired with its own body's report of the year before and compared with it. Two corpora:
//! the year-over-year fixtures (tests/fixtures/yoy, 1–2 thousand characters each) under 500
//! generated body names, and 20 000-character reports (the engine bench's report and the same a
//! year earlier). Target (docs/performance.md): under 3 s.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../engine/benches/common/mod.rs"]
mod common;

const FIRST: &[&str] = &[
    "云", "青", "桐", "松", "梅", "兰", "竹", "菊", "柳", "杨", "石", "金", "银", "玉", "铜", "龙",
    "凤", "鹤", "安", "平", "宁", "和", "泰", "福", "嘉",
];
const SECOND: &[&str] = &[
    "溪", "川", "江", "河", "湖", "山", "岭", "峰", "原", "林", "田", "城", "阳", "口", "桥", "湾",
    "洲", "台", "源", "泉",
];

/// 500 place names: 云溪, 云川, … (25 × 20).
fn places() -> Vec<String> {
    FIRST
        .iter()
        .flat_map(|a| SECOND.iter().map(move |b| format!("{a}{b}")))
        .collect()
}

/// Puts a place's name in a fixture.
type Rename = fn(&str, &str) -> String;

/// The fixtures as (last year, this year) templates and how to put a place's name in them.
fn templates() -> Vec<(String, String, Rename)> {
    let f = |name: &str| {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../tests/fixtures/yoy")
                .join(name),
        )
        .expect("fixture")
    };
    vec![
        (f("county-2023.txt"), f("county-2024.txt"), |t, p| {
            t.replace("云溪", p)
        }),
        (f("justice-2023.txt"), f("justice-2024.txt"), |t, p| {
            t.replace("云溪", p)
        }),
        (f("market-2023.txt"), f("market-2024.txt"), |t, p| {
            t.replace("桐江", p)
        }),
        (f("township-2023.txt"), f("township-2024.txt"), |t, p| {
            t.replace("青石", p)
        }),
    ]
}

fn write_corpus(dir: &Path, long: bool) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let places = places();
    if long {
        let this = common::report(20_000);
        let last = this
            .replace("2025", "2026")
            .replace("2024", "2023")
            .replace("2026", "2024");
        for p in &places {
            std::fs::write(dir.join(format!("{p}-2023.txt")), last.replace("清溪", p)).unwrap();
            std::fs::write(dir.join(format!("{p}-2024.txt")), this.replace("清溪", p)).unwrap();
        }
    } else {
        let t = templates();
        for (i, p) in places.iter().enumerate() {
            let (last, this, put) = &t[i % t.len()];
            std::fs::write(dir.join(format!("{p}-2023.txt")), put(last, p)).unwrap();
            std::fs::write(dir.join(format!("{p}-2024.txt")), put(this, p)).unwrap();
        }
    }
}

fn run(dir: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_gongwen-ls"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .expect("run gongwen-ls check");
    String::from_utf8(o.stdout).expect("UTF-8")
}

fn bench(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let mut g = c.benchmark_group("check_folder");
    g.sample_size(10);
    for (name, long) in [
        ("1000_reports_2_years_fixtures", false),
        ("1000_reports_2_years_20k", true),
    ] {
        let dir = root.join(name);
        write_corpus(&dir, long);
        let out = run(&dir);
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        let compared = v["summary"]["compared"].as_u64().unwrap_or(0);
        println!(
            "{name}: {} reports, {compared} compared with last year's",
            v["summary"]["reports"]
        );
        assert_eq!(
            compared, 500,
            "every 2024 report paired with its 2023 report"
        );
        g.bench_function(name, |b| b.iter(|| run(&dir)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
