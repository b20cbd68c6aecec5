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

use crate::numerals;

use super::lex::{char_at, match_prefix, peek, prev_char, Num, Tail};

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

/// `Scanner::prefix` after its floor: a modifier written before the number and a minus sign.
pub(super) fn prefix(text: &str, at: usize, floor: usize) -> (usize, Approx, Option<Span>, bool) {
    let mut start = at;
    let mut negative = false;
    if let Some(c) = prev_char(text, start) {
        if matches!(c, '-' | '－' | '−') && start - c.len_utf8() >= floor {
            let before = prev_char(text, start - c.len_utf8());
            if !before.is_some_and(|b| {
                b.is_ascii_alphanumeric() || numerals::is_arabic_digit(b) || b == '%' || b == '年'
            }) {
                negative = true;
                start -= c.len_utf8();
            }
        }
    }
    let before = &text[floor.min(start)..start];
    let before = before.trim_end_matches([' ', '\u{3000}']);
    // every modifier ends with one of these characters
    if !before.ends_with(['于', '过', '约', '近', '足', '到', '逾', '超']) {
        return (start, Approx::Exact, None, negative);
    }
    for (w, a) in units::PREFIXES {
        if before.ends_with(w) {
            let s = floor.min(start) + before.len() - w.len();
            return (s.min(start), *a, Some(Span::new(s, s + w.len())), negative);
        }
    }
    (start, Approx::Exact, None, negative)
}

/// Parse Arabic digits at `i` (ASCII or full-width), with thousands separators and a decimal
/// part, up to `end`.
pub(super) fn parse_arabic(s: &str, i: usize, end: usize) -> Option<Num> {
    let b = s.as_bytes();
    // a digit at `p`: (value, byte length)
    let digit = |p: usize| -> Option<(u64, usize)> {
        if p >= end {
            return None;
        }
        match b[p] {
            d @ b'0'..=b'9' => Some(((d - b'0') as u64, 1)),
            // full-width ０-９: EF BC 90-99
            0xEF if p + 2 < end && b[p + 1] == 0xBC => match b[p + 2] {
                d @ 0x90..=0x99 => Some(((d - 0x90) as u64, 3)),
                _ => None,
            },
            _ => None,
        }
    };
    // the mantissa as an integer (exact up to 19 digits), then as a float beyond
    let mut mantissa: u64 = 0;
    let mut big = 0f64;
    let mut overflow = false;
    let mut push = |d: u64| match mantissa.checked_mul(10).and_then(|m| m.checked_add(d)) {
        Some(m) if !overflow => mantissa = m,
        _ => {
            if !overflow {
                big = mantissa as f64;
                overflow = true;
            }
            big = big * 10.0 + d as f64;
        }
    };
    let mut p = i;
    let mut full_width = false;
    let mut int_digits = 0;
    while let Some((d, n)) = digit(p) {
        full_width |= n == 3;
        push(d);
        int_digits += 1;
        p += n;
    }
    if int_digits == 0 {
        return None;
    }
    let mut grouped = false;
    // thousands separators: 1,080 and 12,345,678 (a group of exactly three digits)
    if int_digits <= 3 {
        loop {
            let sep = if s[p..end].starts_with(',') {
                1
            } else if s[p..end].starts_with('，') {
                3
            } else {
                break;
            };
            let mut r = p + sep;
            let mut group = [0u64; 3];
            let mut count = 0;
            while let Some((d, n)) = digit(r) {
                if count < 3 {
                    group[count] = d;
                }
                count += 1;
                r += n;
            }
            if count != 3 {
                break;
            }
            for d in group {
                push(d);
            }
            int_digits += 3;
            grouped = true;
            p = r;
        }
    }
    let mut decimals = 0u8;
    let point = if s[p..end].starts_with('.') {
        1
    } else if s[p..end].starts_with('．') {
        3
    } else {
        0
    };
    if point > 0 && digit(p + point).is_some() {
        p += point;
        while let Some((d, n)) = digit(p) {
            push(d);
            decimals = decimals.saturating_add(1);
            p += n;
        }
    }
    let whole = if overflow { big } else { mantissa as f64 };
    Some(Num {
        start: i,
        end: p,
        value: whole / 10f64.powi(decimals as i32),
        decimals,
        int_digits,
        grouped,
        full_width,
    })
}

/// The first of `marks` in `text[from..end]`, read a character at a time.
pub(super) fn find_mark(text: &str, from: usize, end: usize, marks: &[char]) -> usize {
    text[from..end]
        .char_indices()
        .find(|&(_, c)| marks.contains(&c))
        .map_or(end, |(k, _)| from + k)
}

/// Length of a range separator at `i` ("—", "——", "~", "至" …), if any.
pub(super) fn range_sep_len(s: &str, i: usize) -> Option<usize> {
    let c = char_at(s, i)?;
    if !is_range_sep(c) {
        return None;
    }
    let mut n = c.len_utf8();
    if c == '—' && char_at(s, i + n) == Some('—') {
        n += '—'.len_utf8();
    }
    Some(n)
}

fn is_range_sep(c: char) -> bool {
    matches!(c, '—' | '–' | '-' | '－' | '~' | '～' | '〜' | '至' | '到')
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

    /// Every space the text module knows, and characters that share their first bytes.
    const SPACES: &[&str] = &[
        " ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{85}", "\u{a0}", "\u{1680}", "\u{2000}",
        "\u{2005}", "\u{200a}", "\u{200b}", "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}",
        "\u{3000}", "\u{3001}", "\u{feff}", "\u{fefe}", "\u{a9}", "\u{1681}", "\u{2010}", "受",
        "1", "😀", "-", "－", "−", "约", "超过", "不足",
    ];

    #[test]
    fn powers_of_ten_are_exact() {
        for k in 0..=30i32 {
            let table = super::super::lex::pow10(k as u8);
            assert_eq!(table.to_bits(), 10f64.powi(k).to_bits(), "{k}");
        }
    }

    #[test]
    fn space_len_agrees_with_is_space_for_every_char() {
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            let n = super::super::lex::space_len(s.as_bytes(), 0);
            let want = if crate::text::is_space(c) { s.len() } else { 0 };
            assert_eq!(n, want, "{c:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]
        #[test]
        fn trims_and_prefixes_read_as_the_reference_does(
            ix in proptest::collection::vec(0..SPACES.len() + PIECES.len(), 0..12),
        ) {
            let text: String = ix
                .iter()
                .map(|&i| if i < SPACES.len() { SPACES[i] } else { PIECES[i - SPACES.len()] })
                .collect();
            // trims: every span between char boundaries
            let ends: Vec<usize> = (0..=text.len()).filter(|&k| text.is_char_boundary(k)).collect();
            for &a in &ends {
                for &e in ends.iter().filter(|&&e| e >= a) {
                    let span = Span::new(a, e);
                    let want = crate::text::trim_span(&text, span);
                    prop_assert_eq!(super::super::lex::trim(&text, span), want);
                    prop_assert_eq!(super::super::lex::trim_start(&text, span), want.start);
                }
            }
            // prefixes: every number start and floor
            for &at in &ends {
                for &floor in &ends {
                    let fast = super::super::Scanner::prefix_at(&text, at, floor);
                    prop_assert_eq!(fast, prefix(&text, at, floor));
                }
            }
        }

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
                    super::super::lex::parse_arabic(s, at, end),
                    super::super::lex::range_sep_len(s, at),
                    [
                        &super::super::lex::SENTENCE_ENDS,
                        &super::super::lex::PAREN_CLOSES,
                        &super::super::lex::QUOTE_CLOSES,
                        &super::super::lex::SINGLE_CLOSES,
                        &super::super::lex::CORNER_CLOSES,
                    ]
                    .map(|m| super::super::lex::find_mark(s, at, end, m)),
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
            let half = crate::punctuation::typed_half_width(text);
            for t in [text, half.as_str()] {
                for md in [false, true] {
                    let (fast, slow) = scan_both(t, md);
                    assert!(fast == slow, "{}", t.chars().take(30).collect::<String>());
                }
            }
        }
    }
}
