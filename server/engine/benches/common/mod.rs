//! Benchmark inputs shared by the benches.

use gongwen::numerals;

/// A realistic report of at least `chars` characters: the complete fixture with its measures
/// item grown by further sub-sections in the genre — （六）, （七）… each with numbered items
/// 1.–10. that carry 一是/二是 runs and internally consistent figures (totals equal their parts,
/// rates match their counts), as a long county report would.
pub fn report(chars: usize) -> String {
    let base = include_str!("../../../../tests/fixtures/complete.txt");
    let split = base
        .find("二、2024年度推进法治政府建设存在的不足和原因")
        .expect("fixture layout");
    let (head, tail) = base.split_at(split);
    let topics = [
        "深化“放管服”改革",
        "推进行政执法规范化",
        "加强规范性文件监督管理",
        "健全重大行政决策机制",
        "提升政务公开质效",
        "强化公共法律服务",
        "推进基层依法治理",
        "加强法治宣传教育",
    ];
    let len = |s: &str| s.chars().count();
    let mut extra = String::new();
    // the length so far, kept as it grows (counting the whole text per item would make a 10 MB
    // input take minutes to write)
    let mut total_len = len(head) + len(tail);
    let mut section = 6u64;
    'sections: loop {
        let topic = topics[section as usize % topics.len()];
        let heading = format!("（{}）{topic}\n", numerals::format(section));
        total_len += len(&heading);
        extra.push_str(&heading);
        for item in 1..=10u64 {
            if total_len >= chars {
                break 'sections;
            }
            let n = section * 11 + item;
            let total = 40 + n * 3;
            let done = total - (n % 5);
            let rate = done as f64 * 100.0 / total as f64;
            let para = format!(
                "{item}.完善{topic}工作机制。一是健全制度，制定配套制度{}项；二是加强督促检查，全年开展专项检查{}次，发现问题{}个并全部整改；三是强化培训，组织专题培训{}场次、参训{}人次。全年受理相关事项{total}件，办结{done}件，办结率{rate:.1}%。\n",
                n % 7 + 2,
                n % 5 + 3,
                n % 9 + 4,
                n % 4 + 2,
                120 + n * 10,
            );
            total_len += len(&para);
            extra.push_str(&para);
        }
        section += 1;
    }
    format!("{head}{extra}{tail}")
}

/// The bench corpus as a drafter types it: no title line, half-width punctuation (`,` `.` `;`
/// `:` `()`), which gives thousands of `punct-width` hints and 其中, with a comma.
#[allow(dead_code)] // not every bench uses it
pub fn real_shaped(text: &str) -> String {
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
