//! The units a statutory item is written in: its sub-headings ((一)…, 1.…), else its 一是/二是
//! items, else its paragraphs, else the sentences of its one paragraph. Last year's 下一年度安排
//! and 存在的不足 are compared with this year's report unit by unit.

use crate::items::{Anchor, ItemMatch};
use crate::outline::{marker, Outline, ParagraphKind};
use crate::text::{ends_sentence_at, is_han, trim_span, Span};

/// Units with fewer Han characters than this say nothing to compare (a bare 一是).
const MIN_HAN: usize = 6;

/// The units of an item, in order.
pub fn units(text: &str, outline: &Outline, m: &ItemMatch) -> Vec<Span> {
    let body_start = match m.anchor {
        Anchor::Heading(h) => outline.headings[h].line.end,
        _ => m.region.start,
    };
    let body = Span::new(body_start.min(m.region.end), m.region.end);
    let raw = match sub_headings(outline, m, body) {
        Some(v) => split_causes(text, outline, v),
        None => run_items(outline, body)
            .unwrap_or_else(|| paragraphs_or_sentences(text, outline, m, body)),
    };
    raw.into_iter()
        .map(|s| trim_span(text, s))
        .filter(|s| s.text(text).chars().filter(|&c| is_han(c)).count() >= MIN_HAN)
        .collect()
}

/// Does this text open with an analysis of causes (究其原因, 产生问题的原因, 主要原因是)?
pub fn opens_with_cause(s: &str) -> bool {
    let start: String = s.chars().filter(|&c| is_han(c)).take(10).collect();
    start.contains("原因")
}

/// A sub-heading's section runs to the next heading, so the last one holds the cause analysis
/// written after it ("究其原因，……"): such paragraphs become units of their own.
fn split_causes(text: &str, outline: &Outline, units: Vec<Span>) -> Vec<Span> {
    let mut out = vec![];
    for u in units {
        let mut start = u.start;
        for p in outline.paragraphs.iter().filter(|p| {
            p.kind == ParagraphKind::Body && u.contains(p.span.start) && p.span.start > u.start
        }) {
            if opens_with_cause(p.span.text(text)) {
                out.push(Span::new(start, p.span.start));
                start = p.span.start;
            }
        }
        out.push(Span::new(start, u.end));
    }
    out
}

/// The sections of the outermost headings inside the item's body.
fn sub_headings(outline: &Outline, m: &ItemMatch, body: Span) -> Option<Vec<Span>> {
    let inside: Vec<usize> = (0..outline.headings.len())
        .filter(|&h| body.contains(outline.headings[h].line.start))
        .filter(|&h| match m.anchor {
            Anchor::Heading(a) => h != a,
            _ => true,
        })
        .collect();
    let depth = inside.iter().map(|&h| outline.headings[h].depth).min()?;
    let v: Vec<Span> = inside
        .iter()
        .filter(|&&h| outline.headings[h].depth == depth)
        .map(|&h| {
            let s = outline.headings[h].section;
            Span::new(s.start, s.end.min(body.end))
        })
        .collect();
    (v.len() >= 2).then_some(v)
}

/// 一是…二是… items inside the body: from each marker to the next, the last to the end of its
/// paragraph.
fn run_items(outline: &Outline, body: Span) -> Option<Vec<Span>> {
    let run = outline
        .runs
        .iter()
        .map(|r| {
            r.members
                .iter()
                .filter(|m| body.contains(m.marker.start))
                .collect::<Vec<_>>()
        })
        .max_by_key(Vec::len)?;
    if run.len() < 2 {
        return None;
    }
    let v = run
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let para_end = outline.paragraphs[m.paragraph].span.end;
            let end = match run.get(k + 1) {
                Some(n) if n.paragraph == m.paragraph => n.marker.start,
                _ => para_end,
            };
            Span::new(m.marker.start, end.min(body.end).max(m.marker.start))
        })
        .collect();
    Some(v)
}

/// The body's paragraphs, or the sentences of its only paragraph.
fn paragraphs_or_sentences(text: &str, outline: &Outline, m: &ItemMatch, body: Span) -> Vec<Span> {
    let paras: Vec<Span> = outline
        .paragraphs
        .iter()
        .map(|p| p.span)
        .filter(|p| body.contains(p.start) || (p.start < body.start && body.start < p.end))
        .map(|p| Span::new(p.start.max(body.start), p.end.min(body.end)))
        .collect();
    if paras.len() >= 2 {
        return paras;
    }
    let one = paras.first().copied().unwrap_or(match m.anchor {
        Anchor::Paragraph(_) => m.region,
        _ => body,
    });
    sentences(text, one)
}

/// The sentences of `span` (ending at 。！？； or a half-width full stop).
pub fn sentences(text: &str, span: Span) -> Vec<Span> {
    let s = span.text(text);
    let mut v = vec![];
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if ends_sentence_at(s, i, c) {
            let end = i + c.len_utf8();
            v.push(Span::new(span.start + start, span.start + end));
            start = end;
        }
    }
    if start < s.len() {
        v.push(Span::new(span.start + start, span.end));
    }
    v
}

/// How a unit is named in messages: its first sentence without the marker, at most `max`
/// characters ("推进智慧司法所建设…").
pub fn label(text: &str, unit: Span, max: usize) -> String {
    let s = unit.text(text).trim();
    let s = match marker::parse(s) {
        Some(mk) => &s[mk.len..],
        None => s,
    };
    // an inline marker (一是) and its punctuation
    let s = s
        .strip_prefix(|c: char| "一二三四五六七八九十".contains(c))
        .and_then(|r| r.strip_prefix('是'))
        .unwrap_or(s);
    let s = s.trim_start_matches(['，', '、', '：', ',', ':', ' ']);
    let first = s
        .char_indices()
        .find(|&(i, c)| ends_sentence_at(s, i, c))
        .map_or(s, |(i, _)| &s[..i]);
    let n = first.chars().count();
    if n > max {
        let cut: String = first.chars().take(max).collect();
        format!("{cut}…")
    } else {
        first.to_string()
    }
}

/// `region` minus the `holes`, as sorted spans.
pub fn subtract(region: Span, holes: &[Span]) -> Vec<Span> {
    let mut holes: Vec<Span> = holes
        .iter()
        .copied()
        .filter(|h| h.overlaps(region))
        .collect();
    holes.sort();
    let mut out = vec![];
    let mut at = region.start;
    for h in holes {
        if h.start > at {
            out.push(Span::new(at, h.start.min(region.end)));
        }
        at = at.max(h.end);
    }
    if at < region.end {
        out.push(Span::new(at, region.end));
    }
    out
}
