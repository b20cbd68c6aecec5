//! Heading markers of official documents (GB/T 9704-2012 §7.3.3): 一、 → （一） → 1. → （1）,
//! and the variants drafters actually type: (一) with half-width parentheses, 1． with a
//! full-width point, 1、 with a 顿号, full-width digits.

use crate::numerals;

/// The concrete form of a heading marker. Each form has a nominal level (1–4); the `numbering`
/// rule checks that one level keeps one form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum MarkerStyle {
    /// 一、
    CnComma,
    /// 一． or 一. (seen in pasted text; nominally level 1)
    CnDot,
    /// （一）
    CnParen,
    /// (一) with half-width parentheses
    CnParenHalf,
    /// 1.
    ArabicDot,
    /// 1．
    ArabicFullDot,
    /// 1、
    ArabicComma,
    /// （1）
    ArabicParen,
    /// (1) with half-width parentheses
    ArabicParenHalf,
    /// A Markdown heading with no number.
    Markdown,
}

impl MarkerStyle {
    /// The nominal level in the GB/T 9704 hierarchy.
    pub fn level(self) -> u8 {
        match self {
            MarkerStyle::CnComma | MarkerStyle::CnDot => 1,
            MarkerStyle::CnParen | MarkerStyle::CnParenHalf => 2,
            MarkerStyle::ArabicDot | MarkerStyle::ArabicFullDot | MarkerStyle::ArabicComma => 3,
            MarkerStyle::ArabicParen | MarkerStyle::ArabicParenHalf => 4,
            MarkerStyle::Markdown => 0,
        }
    }

    /// The canonical style of a level (what GB/T 9704 prescribes).
    pub fn canonical(level: u8) -> Option<MarkerStyle> {
        Some(match level {
            1 => MarkerStyle::CnComma,
            2 => MarkerStyle::CnParen,
            3 => MarkerStyle::ArabicDot,
            4 => MarkerStyle::ArabicParen,
            _ => return None,
        })
    }

    /// Render the marker for number `n` in this style, e.g. `（三）`.
    pub fn render(self, n: u64) -> String {
        match self {
            MarkerStyle::CnComma => format!("{}、", numerals::format(n)),
            MarkerStyle::CnDot => format!("{}．", numerals::format(n)),
            MarkerStyle::CnParen => format!("（{}）", numerals::format(n)),
            MarkerStyle::CnParenHalf => format!("({})", numerals::format(n)),
            MarkerStyle::ArabicDot => format!("{n}."),
            MarkerStyle::ArabicFullDot => format!("{n}．"),
            MarkerStyle::ArabicComma => format!("{n}、"),
            MarkerStyle::ArabicParen => format!("（{n}）"),
            MarkerStyle::ArabicParenHalf => format!("({n})"),
            MarkerStyle::Markdown => String::new(),
        }
    }

    /// A short Chinese description, e.g. "“（一）”式".
    pub fn describe(self) -> &'static str {
        match self {
            MarkerStyle::CnComma => "“一、”式",
            MarkerStyle::CnDot => "“一．”式",
            MarkerStyle::CnParen => "“（一）”式",
            MarkerStyle::CnParenHalf => "半角括号“(一)”式",
            MarkerStyle::ArabicDot => "“1.”式",
            MarkerStyle::ArabicFullDot => "全角点“1．”式",
            MarkerStyle::ArabicComma => "“1、”式",
            MarkerStyle::ArabicParen => "“（1）”式",
            MarkerStyle::ArabicParenHalf => "半角括号“(1)”式",
            MarkerStyle::Markdown => "Markdown 标题",
        }
    }
}

/// A recognised marker at the start of a line: its style, number and byte length (including the
/// delimiter and any spaces that follow it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub style: MarkerStyle,
    pub number: u64,
    /// Bytes of the marker proper (e.g. `（一）`).
    pub len: usize,
    /// The brackets are broken: one half missing (一）, （一) or of mixed widths ((一）).
    pub broken: Option<Broken>,
}

/// How the brackets of a marker are broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Broken {
    /// 一） — the opening bracket is missing.
    NoOpen,
    /// （一 — the closing bracket is missing.
    NoClose,
    /// (一） — one half-width bracket, one full-width.
    MixedWidth,
}

/// Chinese numerals allowed in heading markers: digits and 十 (up to 九十九).
fn is_marker_cn(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Recognise a heading marker at the start of `s`.
pub fn parse(s: &str) -> Option<Marker> {
    let mut chars = s.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    if first == '（' || first == '(' {
        chars.next();
        let body_start = first.len_utf8();
        let mut end = None;
        for (i, c) in chars.by_ref() {
            if c == '）' || c == ')' {
                end = Some((i, c));
                break;
            }
            if i - body_start > 9 {
                return None;
            }
        }
        let (close, close_c) = end?;
        let inner = &s[body_start..close];
        let half = first == '(' && close_c == ')';
        let broken = ((first == '(') != (close_c == ')')).then_some(Broken::MixedWidth);
        let len = close + close_c.len_utf8();
        if !inner.is_empty() && inner.chars().all(is_marker_cn) {
            let n = numerals::parse(inner)?;
            let style = if half {
                MarkerStyle::CnParenHalf
            } else {
                MarkerStyle::CnParen
            };
            return Some(Marker {
                style,
                number: n,
                len,
                broken,
            });
        }
        if !inner.is_empty()
            && inner.chars().count() <= 2
            && inner.chars().all(|c| numerals::arabic_digit(c).is_some())
        {
            let n = inner.chars().fold(0u64, |a, c| {
                a * 10 + u64::from(numerals::arabic_digit(c).unwrap_or(0))
            });
            let style = if half {
                MarkerStyle::ArabicParenHalf
            } else {
                MarkerStyle::ArabicParen
            };
            return Some(Marker {
                style,
                number: n,
                len,
                broken,
            });
        }
        return None;
    }
    if is_marker_cn(first) {
        let mut end = 0;
        let mut count = 0;
        for (i, c) in s.char_indices() {
            if is_marker_cn(c) && count < 3 {
                count += 1;
                end = i + c.len_utf8();
            } else {
                break;
            }
        }
        let delim = s[end..].chars().next()?;
        let style = match delim {
            '、' => MarkerStyle::CnComma,
            '．' | '.' => MarkerStyle::CnDot,
            _ => return None,
        };
        let n = numerals::parse(&s[..end])?;
        return Some(Marker {
            style,
            number: n,
            len: end + delim.len_utf8(),
            broken: None,
        });
    }
    if numerals::arabic_digit(first).is_some() {
        let mut end = 0;
        let mut n = 0;
        let mut count = 0;
        for (i, c) in s.char_indices() {
            match numerals::arabic_digit(c) {
                Some(d) if count < 2 => {
                    n = n * 10 + u64::from(d);
                    count += 1;
                    end = i + c.len_utf8();
                }
                Some(_) => return None, // three digits or more: a figure, not a marker
                None => break,
            }
        }
        let mut rest = s[end..].chars();
        let delim = rest.next()?;
        let style = match delim {
            '.' => MarkerStyle::ArabicDot,
            '．' => MarkerStyle::ArabicFullDot,
            '、' => MarkerStyle::ArabicComma,
            _ => return None,
        };
        // 1.5万 is a figure, not "1." followed by text
        if rest
            .next()
            .is_some_and(|c| numerals::arabic_digit(c).is_some())
        {
            return None;
        }
        return Some(Marker {
            style,
            number: n,
            len: end + delim.len_utf8(),
            broken: None,
        });
    }
    None
}

/// Characters that continue a numeral into a word after an opening bracket: （一般…）,
/// （三年行动）, （十分…）. Such a line is not a heading that lost its closing bracket.
const NUMERAL_WORDS: &str = "般次体些批年月日季期级类项个件种条名位人份分成倍方届轮审同致定律直切流线把手带路号元万千百亿余多是等并道起区县市镇乡村家户场部本";

/// A second-level marker with a broken bracket at the start of `s`: "五）强化……" or
/// "三)推进……" (the opening bracket lost), "（三强化……" (the closing one lost). Only Chinese
/// numerals: "1)" and "1）" are list markers some drafters use on purpose. Whether the line is
/// a heading depends on its neighbours, which the outline checks (see [`crate::outline::parse`]).
pub fn parse_broken(s: &str) -> Option<Marker> {
    let first = s.chars().next()?;
    let (open_len, broken) = match first {
        '（' | '(' => (first.len_utf8(), Broken::NoClose),
        c if is_marker_cn(c) => (0, Broken::NoOpen),
        _ => return None,
    };
    let mut end = open_len;
    for c in s[open_len..].chars().take(3) {
        if is_marker_cn(c) {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    if end == open_len {
        return None;
    }
    let n = numerals::parse(&s[open_len..end])?;
    let next = s[end..].chars().next()?;
    let len = match broken {
        Broken::NoOpen => {
            if !matches!(next, '）' | ')') {
                return None;
            }
            end + next.len_utf8()
        }
        _ => {
            if !crate::text::is_han(next)
                || is_marker_cn(next)
                || NUMERAL_WORDS.contains(next)
                || s.contains(['）', ')'])
            {
                return None;
            }
            end
        }
    };
    // a heading has words after its marker
    if s[len..].trim().chars().count() < 2 {
        return None;
    }
    Some(Marker {
        style: MarkerStyle::CnParen,
        number: n,
        len,
        broken: Some(broken),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<(MarkerStyle, u64, &str)> {
        parse(s).map(|m| (m.style, m.number, &s[..m.len]))
    }

    #[test]
    fn recognises_the_four_levels_and_variants() {
        use MarkerStyle::*;
        assert_eq!(p("一、总体情况"), Some((CnComma, 1, "一、")));
        assert_eq!(p("十二、其他"), Some((CnComma, 12, "十二、")));
        assert_eq!(p("（三）加强执法"), Some((CnParen, 3, "（三）")));
        assert_eq!(p("(三)加强执法"), Some((CnParenHalf, 3, "(三)")));
        assert_eq!(p("（三)加强执法"), Some((CnParen, 3, "（三)")));
        assert_eq!(p("2.强化监督"), Some((ArabicDot, 2, "2.")));
        assert_eq!(p("2．强化监督"), Some((ArabicFullDot, 2, "2．")));
        assert_eq!(p("12、强化监督"), Some((ArabicComma, 12, "12、")));
        assert_eq!(p("１．全角数字"), Some((ArabicFullDot, 1, "１．")));
        assert_eq!(p("（4）细项"), Some((ArabicParen, 4, "（4）")));
        assert_eq!(p("(4)细项"), Some((ArabicParenHalf, 4, "(4)")));
    }

    #[test]
    fn rejects_figures_and_prose() {
        for s in [
            "2023年，我县",
            "1.5万人次参加",
            "12345热线",
            "一是加强",
            "十分重视",
            "（以下简称《纲要》）",
            "(试行)",
            "一体化平台",
            "",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn renders_each_style() {
        assert_eq!(MarkerStyle::CnComma.render(3), "三、");
        assert_eq!(MarkerStyle::CnParen.render(11), "（十一）");
        assert_eq!(MarkerStyle::ArabicDot.render(2), "2.");
        assert_eq!(MarkerStyle::ArabicParen.render(2), "（2）");
    }
}
