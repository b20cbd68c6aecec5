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

/// Find the inline markers in `text[span]`, pushing `(kind, marker, numeral, number)`.
pub fn scan(text: &str, span: Span, out: &mut Vec<(RunKind, Span, Span, u64)>) {
    let s = span.text(text);
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        let at_boundary = prev.is_none_or(is_boundary);
        prev = Some(c);
        if !at_boundary {
            continue;
        }
        let (kind, num_start) = if c == '第' {
            (RunKind::Di, i + c.len_utf8())
        } else if is_cn_digit(c) {
            (RunKind::Shi, i)
        } else {
            continue;
        };
        // take up to two numeral characters
        let rest = &s[num_start..];
        let mut num_end = num_start;
        for (k, ch) in rest.char_indices().take(2) {
            if is_cn_digit(ch) {
                num_end = num_start + k + ch.len_utf8();
            } else {
                break;
            }
        }
        if num_end == num_start {
            continue;
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
            continue;
        }
        let Some(number) = numerals::parse(&s[num_start..num_end]) else {
            continue;
        };
        let marker_end = match kind {
            RunKind::Shi => num_end + '是'.len_utf8(),
            RunKind::Di => num_end,
        };
        out.push((
            kind,
            Span::new(span.start + i, span.start + marker_end),
            Span::new(span.start + num_start, span.start + num_end),
            number,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(s: &str) -> Vec<(RunKind, String, u64)> {
        let mut out = vec![];
        scan(s, Span::new(0, s.len()), &mut out);
        out.into_iter()
            .map(|(k, m, _, n)| (k, m.text(s).to_string(), n))
            .collect()
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
