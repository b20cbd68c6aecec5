//! Numbers as characters: Arabic digits (ASCII or full-width, thousands separators, decimals),
//! Chinese numeral runs, range separators, and the tail after a number (multiplier, modifiers,
//! unit).

use crate::figures::units::{self, Approx};
use crate::numerals;
use crate::text::Span;

/// A parsed Arabic number.
#[derive(Debug, Clone, Copy)]
pub(super) struct Num {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) value: f64,
    pub(super) decimals: u8,
    pub(super) int_digits: usize,
    pub(super) grouped: bool,
    pub(super) full_width: bool,
}

/// The character at byte `i` of valid UTF-8 and its length, decoded by hand (the scanner's
/// inner loop).
#[inline(always)]
pub(super) fn decode(b: &[u8], i: usize) -> (char, usize) {
    let b0 = b[i] as u32;
    let (c, n) = if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
    } else if b0 < 0xF0 {
        (
            ((b0 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F),
            3,
        )
    } else {
        (
            ((b0 & 0x07) << 18)
                | ((b[i + 1] as u32 & 0x3F) << 12)
                | ((b[i + 2] as u32 & 0x3F) << 6)
                | (b[i + 3] as u32 & 0x3F),
            4,
        )
    };
    (char::from_u32(c).unwrap_or('\u{fffd}'), n)
}

/// Ideographs (U+4000–U+9FFF) the character loop reads rather than passes over: the characters
/// a Chinese numeral starts with, 百 (百分之) and 某 (某某). Everything else in that range only
/// opens a clause ([`super::Scanner::step`]).
const SPECIAL_IDEOGRAPHS: &[char] = &[
    '零', '一', '壹', '幺', '二', '两', '贰', '三', '叁', '四', '肆', '五', '伍', '六', '陆', '七',
    '柒', '八', '捌', '九', '玖', '十', '百', '某',
];

/// One bit per code point of the Basic Multilingual Plane, set for [`SPECIAL_IDEOGRAPHS`]: word
/// `c >> 6`, bit `c & 63`. For a three-byte character those are the low bits of its lead and
/// second byte, and the low six bits of its third byte.
static SPECIAL_BITS: [u64; 1024] = {
    let mut t = [0u64; 1024];
    let mut k = 0;
    while k < SPECIAL_IDEOGRAPHS.len() {
        let c = SPECIAL_IDEOGRAPHS[k] as u32;
        t[(c >> 6) as usize] |= 1 << (c & 63);
        k += 1;
    }
    t
};

/// Is the three-byte character `b0 b1 b2` one of U+4000–U+9FFF not in [`SPECIAL_IDEOGRAPHS`]?
#[inline(always)]
fn plain_ideograph3(b0: u8, b1: u8, b2: u8) -> bool {
    let word = ((b0 as usize & 0x0F) << 6) | (b1 as usize & 0x3F);
    (0xE4..=0xE9).contains(&b0) && SPECIAL_BITS[word] & (1 << (b2 & 0x3F)) == 0
}

/// Is the character at byte `i` (a char boundary of valid UTF-8) an ideograph of U+4000–U+9FFF
/// that is not in [`SPECIAL_IDEOGRAPHS`]?
#[inline(always)]
pub(super) fn plain_ideograph(b: &[u8], i: usize) -> bool {
    matches!(b.get(i..i + 3), Some(&[b0, b1, b2]) if plain_ideograph3(b0, b1, b2))
}

/// The end of the run of [`plain_ideograph`]s from `i` (a char boundary), within `end`.
#[inline]
pub(super) fn skip_plain_ideographs(b: &[u8], i: usize, end: usize) -> usize {
    let mut rest = &b[i..end];
    while let [b0, b1, b2, tail @ ..] = rest {
        if !plain_ideograph3(*b0, *b1, *b2) {
            break;
        }
        rest = tail;
    }
    end - rest.len()
}

/// Characters searched for (closing marks, sentence ends) and the first bytes of their UTF-8
/// forms: a byte that starts none of them is passed without decoding.
pub(super) struct MarkSet {
    marks: &'static [char],
    lead: [bool; 256],
}

const fn mark_set(marks: &'static [char]) -> MarkSet {
    let mut lead = [false; 256];
    let mut k = 0;
    while k < marks.len() {
        let mut buf = [0u8; 4];
        let s = marks[k].encode_utf8(&mut buf);
        lead[s.as_bytes()[0] as usize] = true;
        k += 1;
    }
    MarkSet { marks, lead }
}

/// Sentence ends, and `.`: a half-width full stop only where `is_half_width_stop` says so.
pub(super) static SENTENCE_ENDS: MarkSet = mark_set(&['。', '！', '？', '!', '?', '.']);
pub(super) static PAREN_CLOSES: MarkSet = mark_set(&['）', ')']);
pub(super) static QUOTE_CLOSES: MarkSet = mark_set(&['”']);
pub(super) static SINGLE_CLOSES: MarkSet = mark_set(&['’']);
pub(super) static CORNER_CLOSES: MarkSet = mark_set(&['」', '』']);

/// Where the first of `set` lies in `text[from..end]` (`end` if nowhere). The first bytes of
/// the marks are ASCII or lead bytes, never continuation bytes, so a byte that is one of them
/// starts a character.
pub(super) fn find_mark(text: &str, from: usize, end: usize, set: &MarkSet) -> usize {
    #[cfg(test)]
    if !fast_path() {
        return super::reference::find_mark(text, from, end, set.marks);
    }
    let b = text.as_bytes();
    let mut k = from;
    while k < end {
        if set.lead[b[k] as usize] && set.marks.contains(&decode(b, k).0) {
            return k;
        }
        k += 1;
    }
    end
}

/// Whether the scanner takes its shortcuts; tests turn them off to compare with the plain
/// reading ([`super::reference`]).
#[cfg(not(test))]
#[inline(always)]
pub(super) fn fast_path() -> bool {
    true
}

#[cfg(test)]
pub(super) fn fast_path() -> bool {
    !super::reference::active()
}

pub(super) fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

pub(super) fn prev_char(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

/// Length of a range separator at `i` ("—", "——", "~", "至" …), if any.
pub(super) fn range_sep_len(s: &str, i: usize) -> Option<usize> {
    #[cfg(test)]
    if !fast_path() {
        return super::reference::range_sep_len(s, i);
    }
    // by bytes: - ~ (ASCII), — – (E2 80 94/93), － ～ (EF BC 8D, EF BD 9E), 〜 (E3 80 9C),
    // 至 (E8 87 B3), 到 (E5 88 B0)
    let b = s.as_bytes();
    let three = |w: [u8; 3]| b.get(i..i + 3) == Some(&w[..]);
    match *b.get(i)? {
        b'-' | b'~' => Some(1),
        0xE2 if three([0xE2, 0x80, 0x94]) => {
            Some(if b.get(i + 3..i + 6) == Some(&[0xE2, 0x80, 0x94][..]) {
                6
            } else {
                3
            })
        }
        0xE2 if three([0xE2, 0x80, 0x93]) => Some(3),
        0xEF if three([0xEF, 0xBC, 0x8D]) || three([0xEF, 0xBD, 0x9E]) => Some(3),
        0xE3 if three([0xE3, 0x80, 0x9C]) => Some(3),
        0xE8 if three([0xE8, 0x87, 0xB3]) => Some(3),
        0xE5 if three([0xE5, 0x88, 0xB0]) => Some(3),
        _ => None,
    }
}

/// Exact powers of ten: 10^k for k ≤ 22 is a double (5^22 < 2^53), equal to `10f64.powi(k)`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `10f64.powi(k)`, from the table when it holds it.
#[inline]
pub(super) fn pow10(k: u8) -> f64 {
    match POW10.get(k as usize) {
        Some(&x) => x,
        None => 10f64.powi(k as i32),
    }
}

/// A digit at byte `p` before `end`, ASCII or full-width (０-９: EF BC 90-99): (value, length).
#[inline(always)]
fn digit_at(b: &[u8], p: usize, end: usize) -> Option<(u64, usize)> {
    if p >= end {
        return None;
    }
    match b[p] {
        d @ b'0'..=b'9' => Some(((d - b'0') as u64, 1)),
        0xEF if p + 2 < end && b[p + 1] == 0xBC && matches!(b[p + 2], 0x90..=0x99) => {
            Some(((b[p + 2] - 0x90) as u64, 3))
        }
        _ => None,
    }
}

/// Is the three-byte `w` at byte `p`, before `end`? (For full-width marks.)
#[inline(always)]
fn at_bytes(b: &[u8], p: usize, end: usize, w: [u8; 3]) -> bool {
    p + 3 <= end && b[p] == w[0] && b[p + 1] == w[1] && b[p + 2] == w[2]
}

/// Parse Arabic digits at `i` (ASCII or full-width), with thousands separators and a decimal
/// part, up to `end`.
pub(super) fn parse_arabic(s: &str, i: usize, end: usize) -> Option<Num> {
    #[cfg(test)]
    if !fast_path() {
        return super::reference::parse_arabic(s, i, end);
    }
    let b = s.as_bytes();
    // the mantissa as an integer (exact up to 19 digits), then as a float beyond
    let mut mantissa: u64 = 0;
    let mut big = 0f64;
    let mut overflow = false;
    let mut push = |d: u64| {
        if !overflow {
            if let Some(m) = mantissa.checked_mul(10).and_then(|m| m.checked_add(d)) {
                mantissa = m;
                return;
            }
            big = mantissa as f64;
            overflow = true;
        }
        big = big * 10.0 + d as f64;
    };
    let mut p = i;
    let mut full_width = false;
    let mut int_digits = 0;
    while let Some((d, n)) = digit_at(b, p, end) {
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
            let sep = if p < end && b[p] == b',' {
                1
            } else if at_bytes(b, p, end, [0xEF, 0xBC, 0x8C]) {
                3 // ，
            } else {
                break;
            };
            let mut r = p + sep;
            let mut group = [0u64; 3];
            let mut count = 0;
            while let Some((d, n)) = digit_at(b, r, end) {
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
    let point = if p < end && b[p] == b'.' {
        1
    } else if at_bytes(b, p, end, [0xEF, 0xBC, 0x8E]) {
        3 // ．
    } else {
        0
    };
    if point > 0 && digit_at(b, p + point, end).is_some() {
        p += point;
        while let Some((d, n)) = digit_at(b, p, end) {
            push(d);
            decimals = decimals.saturating_add(1);
            p += n;
        }
    }
    let whole = if overflow { big } else { mantissa as f64 };
    let scale = pow10(decimals);
    Some(Num {
        start: i,
        end: p,
        value: whole / scale,
        decimals,
        int_digits,
        grouped,
        full_width,
    })
}

/// A Chinese numeral run at `i`: its end. Runs start with a digit or 十.
pub(super) fn chinese_run(s: &str, i: usize, end: usize) -> usize {
    let mut p = i;
    while p < end {
        match char_at(s, p) {
            Some(c) if numerals::is_numeral_char(c) => p += c.len_utf8(),
            _ => break,
        }
    }
    p
}

/// Characters before a Chinese numeral that make it part of a word (第一, 统一, 进一步, 万一 …).
pub(super) fn blocks_chinese(prev: Option<char>) -> bool {
    matches!(
        prev,
        Some(
            '第' | '统'
                | '进'
                | '唯'
                | '划'
                | '逐'
                | '专'
                | '单'
                | '同'
                | '万'
                | '之'
                | '初'
                | '周'
                | '某'
                | '其'
                | '任'
                | '每'
                | '星'
                | '礼'
                | '老'
        )
    )
}

#[inline]
pub(super) fn skip_one_space(s: &str, i: usize, end: usize) -> usize {
    #[cfg(test)]
    if !fast_path() {
        return super::reference::skip_one_space(s, i, end);
    }
    // a space, U+3000 or U+00A0, read as bytes (`i` is a char boundary or past the text)
    let b = s.as_bytes();
    if i >= end {
        return i;
    }
    match b[i] {
        b' ' => i + 1,
        0xC2 if b[i + 1] == 0xA0 => i + 2,
        0xE3 if b[i + 1] == 0x80 && b[i + 2] == 0x80 => i + 3,
        _ => i,
    }
}

/// The length of the character at byte `i` (a char boundary before the text end) if it is a
/// space as [`crate::text::is_space`] sees it (Unicode white space, U+3000, U+FEFF), else 0.
#[inline(always)]
pub(super) fn space_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        b'\t'..=b'\r' | b' ' => 1,
        // U+0085, U+00A0
        0xC2 => 2 * usize::from(matches!(b[i + 1], 0x85 | 0xA0)),
        // U+1680
        0xE1 => 3 * usize::from(b[i + 1] == 0x9A && b[i + 2] == 0x80),
        // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
        0xE2 => {
            3 * usize::from(matches!(
                (b[i + 1], b[i + 2]),
                (0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) | (0x81, 0x9F)
            ))
        }
        // U+3000
        0xE3 => 3 * usize::from(b[i + 1] == 0x80 && b[i + 2] == 0x80),
        // U+FEFF
        0xEF => 3 * usize::from(b[i + 1] == 0xBB && b[i + 2] == 0xBF),
        _ => 0,
    }
}

/// [`crate::text::trim_span`] by bytes: where the span starts once its leading spaces are
/// passed.
#[inline]
pub(super) fn trim_start(text: &str, span: Span) -> usize {
    let b = text.as_bytes();
    let mut s = span.start;
    // the common case: an ideograph first (lead bytes E4–E9 are never a space)
    if s < span.end && (0xE4..=0xE9).contains(&b[s]) {
        return s;
    }
    while s < span.end {
        match space_len(b, s) {
            0 => break,
            n => s += n,
        }
    }
    s
}

/// [`crate::text::trim_span`] by bytes.
#[inline]
pub(super) fn trim(text: &str, span: Span) -> Span {
    let b = text.as_bytes();
    let s = trim_start(text, span);
    let mut e = span.end;
    // the common case: an ideograph last (three bytes from a lead byte E4–E9)
    if e >= s + 3 && (0xE4..=0xE9).contains(&b[e - 3]) {
        return Span::new(s, e);
    }
    while e > s {
        // the start of the last character
        let mut k = e - 1;
        while b[k] & 0xC0 == 0x80 {
            k -= 1;
        }
        if space_len(b, k) == 0 {
            break;
        }
        e = k;
    }
    Span::new(s, e)
}

/// What follows a number: multiplier, modifiers, unit.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tail {
    /// End of the number including its multiplier.
    pub(super) number_end: usize,
    pub(super) scale: f64,
    pub(super) unit: Option<&'static str>,
    pub(super) unit_span: Span,
    pub(super) approx: Approx,
    pub(super) modifier: Option<Span>,
    pub(super) end: usize,
}

pub(super) fn match_prefix(table: &[(&'static str, Approx)], s: &str) -> Option<(usize, Approx)> {
    table
        .iter()
        .find(|(w, _)| s.starts_with(w))
        .map(|(w, a)| (w.len(), *a))
}

/// The character at byte `at` if it lies before `end`.
#[inline(always)]
pub(super) fn peek(s: &str, at: usize, end: usize) -> Option<char> {
    (at < end).then(|| decode(s.as_bytes(), at).0)
}

/// Is the three-byte character `w` at byte `at` (a char boundary), before `end`?
#[inline(always)]
pub(super) fn at3(b: &[u8], at: usize, end: usize, w: &str) -> bool {
    let w = w.as_bytes();
    at + 3 <= end && b[at] == w[0] && b[at + 1] == w[1] && b[at + 2] == w[2]
}

/// A modifier after the unit (以上, 左右 …) at `*at`: read it, and take its meaning if the figure
/// has none yet.
#[inline(always)]
fn suffix(s: &str, at: &mut usize, end: usize, approx: &mut Approx, modifier: &mut Option<Span>) {
    if matches!(peek(s, *at, end), Some('以' | '左' | '上' | '有')) {
        if let Some((n, a)) = match_prefix(units::SUFFIXES, &s[*at..end]) {
            if *approx == Approx::Exact {
                *approx = a;
                *modifier = Some(Span::new(*at, *at + n));
            }
            *at += n;
        }
    }
}

/// Read the multiplier, modifiers and unit after a number ending at `p`: 万/亿/千, 余/多 before
/// or after the multiplier (300余万元, 0.8万余份), the unit, then 以上/左右 … after it.
pub(super) fn read_tail(s: &str, p: usize, end: usize, arabic: bool) -> Tail {
    #[cfg(test)]
    if !fast_path() {
        return super::reference::read_tail(s, p, end, arabic);
    }
    let b = s.as_bytes();
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
    if q >= end {
        return none;
    }
    // nothing a figure can continue with: most numerals in running text
    let first = decode(b, q).0;
    if !(matches!(first, '余' | '多' | '万' | '亿' | '千') || units::starts_unit(first)) {
        return none;
    }
    if !matches!(first, '余' | '多' | '万' | '亿' | '千') {
        // the common case: the unit right after the number
        let Some((u, n)) = units::match_unit_bytes(&b[q..end], arabic) else {
            return none;
        };
        let mut approx = Approx::Exact;
        let mut modifier = None;
        let mut end_at = q + n;
        suffix(s, &mut end_at, end, &mut approx, &mut modifier);
        return Tail {
            number_end: p,
            scale: 1.0,
            unit: Some(u),
            unit_span: Span::new(q, q + n),
            approx,
            modifier,
            end: end_at,
        };
    }
    const W: usize = 3; // 余 多 万 亿 千 are three bytes
    let over = |at: usize| at3(b, at, end, "余") || at3(b, at, end, "多");
    let mut at = q;
    let mut approx = Approx::Exact;
    let mut modifier = None;
    if over(at) {
        approx = Approx::Over;
        modifier = Some(Span::new(at, at + W));
        at += W;
    }
    let mut number_end = p;
    let mut scale = 1.0;
    if arabic {
        let m = if at3(b, at, end, "万") {
            if at3(b, at + W, end, "亿") {
                Some((1e12, 2 * W))
            } else {
                Some((1e4, W))
            }
        } else if at3(b, at, end, "亿") {
            Some((1e8, W))
        } else if at3(b, at, end, "千") {
            Some((1e3, W))
        } else {
            None
        };
        if let Some((f, n)) = m {
            scale = f;
            at += n;
            number_end = at;
        }
    }
    // 0.8万余份: the infix after the multiplier
    if modifier.is_none() && over(at) {
        approx = Approx::Over;
        modifier = Some(Span::new(at, at + W));
        at += W;
    }
    let (unit, unit_span) = match units::match_unit_bytes(&b[at..end], arabic) {
        Some((u, n)) => (Some(u), Span::new(at, at + n)),
        None => (None, Span::empty(number_end)),
    };
    if unit.is_none() && scale <= 1.0 {
        return none;
    }
    let mut end_at = if unit.is_some() {
        unit_span.end
    } else {
        // 2.73万 (a bare multiplier), 2万多
        modifier.map_or(number_end, |m| m.end.max(number_end))
    };
    suffix(s, &mut end_at, end, &mut approx, &mut modifier);
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

/// A month or day number: 1–2 Arabic digits or a short Chinese numeral.
pub(super) fn read_small(s: &str, at: usize, end: usize) -> Option<(u32, usize)> {
    if at >= end {
        return None;
    }
    if let Some(n) = parse_arabic(s, at, end) {
        return Some((small_value(&n)?, n.end));
    }
    let run_end = chinese_run(s, at, end);
    let run = &s[at..run_end];
    if run.is_empty() || run.len() > 9 {
        return None;
    }
    let v = numerals::parse(run)?;
    Some((u32::try_from(v).ok()?, run_end))
}

pub(super) fn small_value(n: &Num) -> Option<u32> {
    (n.int_digits <= 2 && n.decimals == 0 && !n.grouped).then_some(n.value as u32)
}
