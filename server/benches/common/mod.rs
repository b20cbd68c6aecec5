//! Benchmark inputs shared by the benches.

use gongwen::numerals;

/// A realistic report of at least `chars` characters: the complete fixture with its measures
/// item grown by further numbered sub-sections in the genre, each with consistent figures.
pub fn report(chars: usize) -> String {
    let base = include_str!("../../../tests/fixtures/complete.txt");
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
