//! Tests only: the scanner as it read before its shortcuts (a character at a time, the
//! functions as first written), to check on generated reports that the shortcuts change nothing.

use std::cell::Cell;

thread_local! {
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
}

/// Is the reference reading on (on this thread)?
pub(super) fn active() -> bool {
    ACTIVE.with(Cell::get)
}

/// Run `f` with the reference reading on.
pub(super) fn with<T>(f: impl FnOnce() -> T) -> T {
    ACTIVE.with(|a| a.set(true));
    let out = f();
    ACTIVE.with(|a| a.set(false));
    out
}

// --- the functions as first written ----------------------------------------------------------

use crate::figures::units::{self, Approx};
use crate::text::Span;

use super::lex::{char_at, match_prefix, peek, Tail};

pub(super) fn skip_one_space(s: &str, i: usize, end: usize) -> usize {
    match char_at(s, i) {
        Some(c) if i < end && (c == ' ' || c == '\u{3000}' || c == '\u{a0}') => i + c.len_utf8(),
        _ => i,
    }
}

/// Read the multiplier, modifiers and unit after a number ending at `p`: 万/亿/千, 余/多 before
/// or after the multiplier (300余万元, 0.8万余份), the unit, then 以上/左右 … after it.
pub(super) fn read_tail(s: &str, p: usize, end: usize, arabic: bool) -> Tail {
    let q = skip_one_space(s, p, end);
    let none = Tail {
        number_end: p,
        scale: 1.0,
        unit: None,
        unit_span: Span::empty(p),
        approx: Approx::Exact,
        modifier: None,
        end: p,
    };
    let Some(first) = peek(s, q, end) else {
        return none;
    };
    // nothing a figure can continue with: most numerals in running text
    if !(matches!(first, '余' | '多' | '万' | '亿' | '千') || units::starts_unit(first)) {
        return none;
    }
    const W: usize = 3; // 余 多 万 亿 千 are three bytes
    let mut at = q;
    let mut approx = Approx::Exact;
    let mut modifier = None;
    let infix = |at: &mut usize, approx: &mut Approx, modifier: &mut Option<Span>| {
        if modifier.is_none() && matches!(peek(s, *at, end), Some('余' | '多')) {
            *approx = Approx::Over;
            *modifier = Some(Span::new(*at, *at + W));
            *at += W;
        }
    };
    infix(&mut at, &mut approx, &mut modifier);
    let mut number_end = p;
    let mut scale = 1.0;
    if arabic {
        let m = match peek(s, at, end) {
            Some('万') if peek(s, at + W, end) == Some('亿') => Some((1e12, 2 * W)),
            Some('亿') => Some((1e8, W)),
            Some('万') => Some((1e4, W)),
            Some('千') => Some((1e3, W)),
            _ => None,
        };
        if let Some((f, n)) = m {
            scale = f;
            at += n;
            number_end = at;
        }
    }
    // 0.8万余份: the infix after the multiplier
    infix(&mut at, &mut approx, &mut modifier);
    let (unit, unit_span) = match units::match_unit(&s[at..end], arabic) {
        Some((u, n)) => (Some(u), Span::new(at, at + n)),
        None => (None, Span::empty(number_end)),
    };
    let mut end_at = if unit.is_some() {
        unit_span.end
    } else if scale > 1.0 {
        // 2.73万 (a bare multiplier), 2万多
        modifier.map_or(number_end, |m| m.end.max(number_end))
    } else {
        p
    };
    if (unit.is_some() || scale > 1.0)
        && matches!(peek(s, end_at, end), Some('以' | '左' | '上' | '有'))
    {
        if let Some((n, a)) = match_prefix(units::SUFFIXES, &s[end_at..end]) {
            if approx == Approx::Exact {
                approx = a;
                modifier = Some(Span::new(end_at, end_at + n));
            }
            end_at += n;
        }
    }
    if unit.is_none() && scale <= 1.0 {
        return none;
    }
    Tail {
        number_end,
        scale,
        unit,
        unit_span,
        approx,
        modifier,
        end: end_at,
    }
}

mod tests {
    use super::*;
    use crate::figures::Figures;
    use proptest::prelude::*;

    /// Pieces of report text: every character the scanner reads, the number forms, units,
    /// modifiers, marks, spaces and table lines.
    const PIECES: &[&str] = &[
        "受理",
        "办结",
        "其中",
        "合计",
        "共",
        "累计",
        "维持",
        "占",
        "办结率",
        "同比增长",
        "行政复议",
        "普法",
        "12345",
        "1,080",
        "12,13",
        "1，080",
        "98.9",
        "0.8",
        "１２３",
        "１２．５",
        "２０２４",
        "46",
        "7",
        "2023",
        "2024",
        "2025",
        "1999",
        "12345678901234567890123",
        "0.000000000000000000000001",
        "一",
        "两",
        "十二",
        "一百零五",
        "三十",
        "二〇二四",
        "〇",
        "○",
        "零",
        "壹",
        "幺",
        "贰",
        "叁",
        "肆",
        "伍",
        "陆",
        "柒",
        "捌",
        "玖",
        "十",
        "百",
        "千",
        "万",
        "亿",
        "万亿",
        "余",
        "多",
        "约",
        "近",
        "超过",
        "不足",
        "不少于",
        "将近",
        "逾",
        "超",
        "以上",
        "以下",
        "左右",
        "上下",
        "有余",
        "件",
        "项",
        "人次",
        "人(次)",
        "人（次）",
        "场次",
        "%",
        "％",
        "‰",
        "个百分点",
        "百分点",
        "个工作日",
        "个月",
        "小时",
        "分钟",
        "分",
        "米",
        "平方公里",
        "平方米",
        "元",
        "年",
        "年度",
        "年代",
        "月",
        "日",
        "号",
        "份",
        "第",
        "表",
        "图",
        "百分之",
        "性",
        "式",
        "化",
        "，",
        ",",
        "、",
        "；",
        ";",
        "。",
        "！",
        "？",
        "!",
        "?",
        "：",
        "（",
        "）",
        "(",
        ")",
        "“",
        "”",
        "‘",
        "’",
        "「",
        "」",
        "『",
        "』",
        "\"",
        "《",
        "》",
        "—",
        "——",
        "–",
        "-",
        "－",
        "−",
        "~",
        "～",
        "〜",
        "至",
        "到",
        "|",
        "｜",
        "\n",
        "\r\n",
        "\r",
        " ",
        "  ",
        "\u{3000}",
        "\t",
        "\u{a0}",
        "\u{feff}",
        "\u{2003}",
        "\u{85}",
        "×",
        "××",
        "X",
        "x",
        "XX",
        "Ｘ",
        "【",
        "】",
        "〔",
        "〕",
        "［",
        "］",
        "[",
        "]",
        "$",
        "${1:",
        "}",
        "某",
        "某某",
        "□",
        "_",
        "___",
        "＿",
        "*",
        "＊",
        "**",
        "区",
        "a",
        "S",
        "v1.2",
        ".",
        "/",
        "𠀀",
        "😀",
        "㐀",
        "一是",
        "（一）",
        "一、",
        "1.",
        "特此报告。",
        "| 项目 | 件数 |\n",
        "|---|---|\n",
        "| 受理 | 46 |\n",
        "| 办结 | 45件 |\n",
        "类型  件数  成功\n",
        "婚姻家庭  30  29\n",
        "邻里纠纷\t12\t12\n",
        "合计        42     41\n",
    ];

    fn report() -> impl Strategy<Value = String> {
        proptest::collection::vec(0..PIECES.len(), 0..160).prop_map(|ix| {
            let body: String = ix.iter().map(|&i| PIECES[i]).collect();
            format!(
                "关于2024年度法治政府建设情况的报告\n某市人民政府：\n一、主要举措和成效\n{body}\n"
            )
        })
    }

    fn scan_both(text: &str, md: bool) -> (Figures, Figures) {
        let o = crate::outline::parse(text, md);
        let fast = super::super::scan(text, &o, md);
        let slow = with(|| super::super::scan(text, &o, md));
        (fast, slow)
    }

    #[test]
    fn the_toggle_is_scoped() {
        assert!(!active());
        assert!(with(active));
        assert!(!active());
    }

    /// `f(text, at, end)` at every char boundary of `text`, the block end at the text end and
    /// at a boundary before it, with the shortcuts on and off.
    fn at_every_boundary<T: std::fmt::Debug>(text: &str, f: impl Fn(&str, usize, usize) -> T) {
        let ends: Vec<usize> = (0..=text.len())
            .filter(|&k| text.is_char_boundary(k))
            .collect();
        for &end in [text.len(), ends[ends.len() / 2]].iter() {
            for &at in ends.iter().filter(|&&k| k <= end) {
                let fast = format!("{:?}", f(text, at, end));
                let slow = format!("{:?}", with(|| f(text, at, end)));
                assert_eq!(fast, slow, "{text:?} at {at} end {end}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]
        #[test]
        fn tails_and_spaces_read_as_the_reference_does(
            ix in proptest::collection::vec(0..PIECES.len(), 0..12),
        ) {
            let text: String = ix.iter().map(|&i| PIECES[i]).collect();
            at_every_boundary(&text, |s, at, end| {
                (
                    super::super::lex::read_tail(s, at, end, true),
                    super::super::lex::read_tail(s, at, end, false),
                    super::super::lex::skip_one_space(s, at, end),
                )
            });
        }

        #[test]
        fn shortcuts_read_as_the_reference_does(text in report(), md in any::<bool>()) {
            let (fast, slow) = scan_both(&text, md);
            prop_assert_eq!(fast, slow);
        }
    }

    /// The examples and fixtures of the repository, as written and as a drafter types them
    /// (half-width punctuation).
    #[test]
    fn the_examples_read_as_the_reference_does() {
        let texts = [
            include_str!("../../../../../examples/draft-2024.txt"),
            include_str!("../../../../../examples/report-2024.txt"),
            include_str!("../../../../../tests/fixtures/complete.txt"),
            include_str!("../../../../../tests/fixtures/conventions-draft.txt"),
            include_str!("../../../../../tests/fixtures/duties-nested.txt"),
            include_str!("../../../../../tests/fixtures/figures-wrong.txt"),
            include_str!("../../../../../tests/fixtures/halfwidth-draft.txt"),
            include_str!("../../../../../tests/fixtures/lacks-problems-and-plan.txt"),
            include_str!("../../../../../tests/fixtures/unheaded-end.txt"),
            include_str!("../../../../../tests/fixtures/xinxi-gongkai-2024.txt"),
            include_str!("../../../../../tests/fixtures/xinxi-gongkai-missing.txt"),
            include_str!("../../../../../tests/fixtures/yoy/county-2022.txt"),
            include_str!("../../../../../tests/fixtures/yoy/county-2023.txt"),
            include_str!("../../../../../tests/fixtures/yoy/county-2024.txt"),
            include_str!("../../../../../tests/fixtures/yoy/justice-2023.txt"),
            include_str!("../../../../../tests/fixtures/yoy/justice-2024.txt"),
            include_str!("../../../../../tests/fixtures/yoy/market-2023.txt"),
            include_str!("../../../../../tests/fixtures/yoy/market-2024.txt"),
            include_str!("../../../../../tests/fixtures/yoy/township-2023.txt"),
            include_str!("../../../../../tests/fixtures/yoy/township-2024.txt"),
        ];
        for text in texts {
            let half: String = text
                .chars()
                .map(|c| match c {
                    '，' => ',',
                    '。' => '.',
                    '；' => ';',
                    '：' => ':',
                    '（' => '(',
                    '）' => ')',
                    c => c,
                })
                .collect();
            for t in [text, half.as_str()] {
                for md in [false, true] {
                    let (fast, slow) = scan_both(t, md);
                    assert!(fast == slow, "{}", t.chars().take(30).collect::<String>());
                }
            }
        }
    }
}
