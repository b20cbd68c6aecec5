//! Inline enumerations inside paragraphs: 一是…二是…三是… and 第一，…第二，… runs.

use crate::numerals;
use crate::text::Span;

/// Which kind of inline enumeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum RunKind {
    /// 一是 / 二是 / 三是
    Shi,
    /// 第一， / 第二， …
    Di,
}

impl RunKind {
    /// Render the marker for number `n`, e.g. "三是" or "第三".
    pub fn render(self, n: u64) -> String {
        match self {
            RunKind::Shi => format!("{}是", numerals::format(n)),
            RunKind::Di => format!("第{}", numerals::format(n)),
        }
    }
}

/// One marker of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunMember {
    /// The marker text without delimiter: "二是", "第二".
    pub marker: Span,
    /// The numeral inside the marker: "二".
    pub numeral: Span,
    pub number: u64,
    /// Index of the paragraph holding the marker.
    pub paragraph: usize,
}

/// A run of inline markers under one heading, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub kind: RunKind,
    /// The heading whose section holds the run (None: before any heading).
    pub heading: Option<usize>,
    pub members: Vec<RunMember>,
}

fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '。' | '；' | ';' | '，' | ',' | '：' | ':' | '！' | '？' | '!' | '?' | '、' | '\n' | '\r'
    ) || crate::text::is_space(c)
}

fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Is there a run marker starting at byte `i` of `s` (which must be at a boundary)? Returns
/// (kind, numeral start, numeral end, marker end, number).
fn marker_at(s: &str, i: usize) -> Option<(RunKind, usize, usize, usize, u64)> {
    let c = s[i..].chars().next()?;
    let (kind, num_start) = if c == '第' {
        (RunKind::Di, i + c.len_utf8())
    } else if is_cn_digit(c) {
        (RunKind::Shi, i)
    } else {
        return None;
    };
    // take up to two numeral characters
    let mut num_end = num_start;
    for (k, ch) in s[num_start..].char_indices().take(2) {
        if is_cn_digit(ch) {
            num_end = num_start + k + ch.len_utf8();
        } else {
            break;
        }
    }
    if num_end == num_start {
        return None;
    }
    let after = s[num_end..].chars().next();
    let ok = match kind {
        RunKind::Shi => after == Some('是') && !s[num_end..].starts_with("是否"),
        // 第一、二季度 and 第一、第二批 list ordinals, they do not start items
        RunKind::Di => {
            matches!(after, Some('，' | ',' | '、' | '：' | ':' | '是'))
                && !(after == Some('、')
                    && s[num_end + '、'.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(|c| c == '第' || is_cn_digit(c)))
        }
    };
    if !ok {
        return None;
    }
    let number = numerals::parse(&s[num_start..num_end])?;
    let marker_end = match kind {
        RunKind::Shi => num_end + '是'.len_utf8(),
        RunKind::Di => num_end,
    };
    Some((kind, num_start, num_end, marker_end, number))
}

/// May a marker start at byte `i`: the text start, after a boundary character, or after a
/// full stop typed half-width ("……向社会公布.二是……")?
fn boundary_before(s: &str, i: usize) -> bool {
    match s[..i].chars().next_back() {
        None => true,
        Some('.') => crate::text::is_half_width_stop(s, i - 1),
        Some(c) => is_boundary(c),
    }
}

/// Find the inline markers in `text[span]`, pushing `(kind, marker, numeral, number)` in
/// document order. Only the places around 是 and 第 are examined (found with memchr), so the
/// cost is proportional to those, not to every character of the paragraph.
/// The searchers for 是 and 第, built once (a searcher costs more to build than to run over
/// a short paragraph).
static SHI: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("是".as_bytes()));
static DI: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("第".as_bytes()));

pub fn scan(text: &str, span: Span, out: &mut Vec<(RunKind, Span, Span, u64)>) {
    let s = span.text(text);
    let mut starts: Vec<usize> = vec![];
    // 一是 / 十一是: the numerals are the one or two characters before 是 (3 bytes each).
    for p in SHI.find_iter(s.as_bytes()) {
        for back in [6, 3] {
            let Some(i) = p.checked_sub(back) else {
                continue;
            };
            if s.is_char_boundary(i) && s[i..p].chars().all(is_cn_digit) && boundary_before(s, i) {
                starts.push(i);
                break;
            }
        }
    }
    for p in DI.find_iter(s.as_bytes()) {
        if boundary_before(s, p) {
            starts.push(p);
        }
    }
    starts.sort_unstable();
    for i in starts {
        if let Some((kind, num_start, num_end, marker_end, number)) = marker_at(s, i) {
            out.push((
                kind,
                Span::new(span.start + i, span.start + marker_end),
                Span::new(span.start + num_start, span.start + num_end),
                number,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straightforward scanner (every character, every boundary): the oracle for `scan`.
    fn scan_naive(s: &str) -> Vec<(RunKind, Span, Span, u64)> {
        let mut out = vec![];
        for (i, _) in s.char_indices() {
            if boundary_before(s, i) {
                if let Some((k, a, b, e, n)) = marker_at(s, i) {
                    out.push((k, Span::new(i, e), Span::new(a, b), n));
                }
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn fast_scan_equals_the_naive_scan(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["一", "二", "十", "三", "是", "否", "第", "，", "、", "。", "；", " ", "统", "批", "季度", "a", "😀", "\n", "."]),
                0..60,
            )
        ) {
            let s: String = pieces.concat();
            let mut fast = vec![];
            scan(&s, Span::new(0, s.len()), &mut fast);
            proptest::prop_assert_eq!(fast, scan_naive(&s));
        }
    }

    fn markers(s: &str) -> Vec<(RunKind, String, u64)> {
        let mut out = vec![];
        scan(s, Span::new(0, s.len()), &mut out);
        out.into_iter()
            .map(|(k, m, _, n)| (k, m.text(s).to_string(), n))
            .collect()
    }

    #[test]
    fn finds_markers_after_a_half_width_full_stop() {
        let s = "一是加强学习.二是完善制度,三是强化监督.第1.2版";
        let found: Vec<String> = markers(s).into_iter().map(|m| m.1).collect();
        assert_eq!(found, ["一是", "二是", "三是"]);
    }

    #[test]
    fn finds_shi_markers_after_punctuation() {
        let s = "一是加强学习；二是完善制度。三是强化监督，统一是非标准。";
        assert_eq!(
            markers(s),
            vec![
                (RunKind::Shi, "一是".into(), 1),
                (RunKind::Shi, "二是".into(), 2),
                (RunKind::Shi, "三是".into(), 3),
            ]
        );
    }

    #[test]
    fn finds_di_markers_but_not_ordinals() {
        let s = "第一，抓学习。第二，抓落实。履行第一责任人职责，第一次会议。";
        assert_eq!(
            markers(s),
            vec![
                (RunKind::Di, "第一".into(), 1),
                (RunKind::Di, "第二".into(), 2)
            ]
        );
    }

    #[test]
    fn ordinal_lists_are_not_markers() {
        assert!(markers("，第一、二季度完成，第三、四季度验收。").is_empty());
        assert!(markers("，第一、第二批试点已完成。").is_empty());
        assert_eq!(
            markers("第一、加强学习。第二、完善制度。"),
            vec![
                (RunKind::Di, "第一".into(), 1),
                (RunKind::Di, "第二".into(), 2)
            ]
        );
    }

    #[test]
    fn ignores_shifou() {
        assert!(markers("，一是否").is_empty());
    }
}
