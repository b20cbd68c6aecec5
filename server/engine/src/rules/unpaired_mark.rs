//! `unpaired-mark`: quotation marks, book-title marks and brackets that are not balanced, that
//! are closed by the wrong partner, or that cross.
//!
//! **Why.** GB/T 15834-2011 requires paired marks to come in pairs and to nest properly
//! (《〈〉》, “‘’”). Drafts stitched together from several departments' submissions lose a
//! closing ” or 》 at a cut, or close “ with 》; readers then cannot tell where a quoted name or
//! a document title ends.
//!
//! **How.** Each prose unit (title, heading line, paragraph, closing — a paragraph may span
//! lines) is scanned with a stack over “” ‘’ 《》 〈〉 （） 【】 〔〕. Half-width ( ) pair with
//! full-width （ ） (the width is `punct-width`'s business, not this rule's). Reported, each at
//! the exact mark: an opener never closed, a closer never opened, a closer of the wrong kind
//! (“…》), two marks crossing (《…“…》…”), and — as a warning — a quotation or title nested in
//! the same mark instead of ‘’ or 〈〉. A second “ where ” was meant (“…“…) is reported as such,
//! with a fix. Not counted: marks in URLs and Markdown code, apostrophes (Xi’an), list markers
//! such as “1)”, emoticons. An opener left open at the end of a line may be closed on one of the
//! next three lines (no blank line between; a title or bracket not past 。！？), since the outline
//! splits a hard-wrapped paragraph into lines; a quotation running over several paragraphs may,
//! as the standard allows, reopen each paragraph with “.
//!
//! **Example.** "认真落实“放管服改革》" → error on 》: "““”与“》”不配对".

use std::sync::LazyLock;

use serde_json::json;

use crate::finding::{Edit, Edits, Finding, Fix, Severity};
use crate::rules::{Context, Rule, RuleInfo};
use crate::text::Span;
use crate::text_search::{self, Hit, Patterns};

pub struct UnpairedMark;

static INFO: RuleInfo = RuleInfo {
    id: "unpaired-mark",
    name: "成对标点不配对",
    default_severity: Severity::Error,
    summary_zh: "引号、书名号、括号不成对、错配或嵌套不当",
    summary_en:
        "Quotation marks, title marks or brackets are unpaired, mismatched or wrongly nested.",
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Double,
    Single,
    Book,
    Angle,
    Paren,
    Lenticular,
    Tortoise,
}

impl Kind {
    fn of(c: char) -> Option<(Kind, bool)> {
        Some(match c {
            '“' => (Kind::Double, true),
            '”' => (Kind::Double, false),
            '‘' => (Kind::Single, true),
            '’' => (Kind::Single, false),
            '《' => (Kind::Book, true),
            '》' => (Kind::Book, false),
            '〈' => (Kind::Angle, true),
            '〉' => (Kind::Angle, false),
            '（' | '(' => (Kind::Paren, true),
            '）' | ')' => (Kind::Paren, false),
            '【' => (Kind::Lenticular, true),
            '】' => (Kind::Lenticular, false),
            '〔' => (Kind::Tortoise, true),
            '〕' => (Kind::Tortoise, false),
            _ => return None,
        })
    }
    fn open(self) -> char {
        match self {
            Kind::Double => '“',
            Kind::Single => '‘',
            Kind::Book => '《',
            Kind::Angle => '〈',
            Kind::Paren => '（',
            Kind::Lenticular => '【',
            Kind::Tortoise => '〔',
        }
    }
    fn close(self) -> char {
        match self {
            Kind::Double => '”',
            Kind::Single => '’',
            Kind::Book => '》',
            Kind::Angle => '〉',
            Kind::Paren => '）',
            Kind::Lenticular => '】',
            Kind::Tortoise => '〕',
        }
    }
}

/// The partner a mark expects, in the same width for parentheses.
fn partner(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        _ => {
            let (k, open) = Kind::of(c).expect("a paired mark");
            if open {
                k.close()
            } else {
                k.open()
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    span: Span,
    ch: char,
    kind: Kind,
    open: bool,
}

#[derive(Debug, Clone, Copy)]
struct Open {
    mark: Mark,
    /// Opened inside a mark of the same kind (“…“ or 《…《).
    nested_same: bool,
    /// That mark, when `nested_same`.
    outer: Option<Span>,
}

/// Every paired mark, as searched for in the text.
const MARKS: [&str; 16] = [
    "“", "”", "‘", "’", "《", "》", "〈", "〉", "（", "）", "(", ")", "【", "】", "〔", "〕",
];

static FINDER: LazyLock<Patterns> = LazyLock::new(|| Patterns::new(&MARKS));

/// Is the closing parenthesis at byte `i` of `s` a list marker: 1) a) 一） ①） at the start or
/// after a clause mark?
fn is_list_marker(s: &str, i: usize) -> bool {
    let mut numerals = 0;
    let mut lead = None;
    for c in s[..i].chars().rev() {
        if numerals < 4 && is_list_numeral(c) {
            numerals += 1;
        } else {
            lead = Some(c);
            break;
        }
    }
    (1..=3).contains(&numerals)
        && lead.is_none_or(|b| {
            crate::text::is_space(b)
                || matches!(b, '，' | ',' | '；' | ';' | '。' | '：' | ':' | '、')
        })
}

/// The paired marks of a unit that take part in pairing, in order, from the unit's hits.
fn marks_of(text: &str, unit: Span, markdown: bool, hits: &[Hit], skip: &[Span]) -> Vec<Mark> {
    let s = unit.text(text);
    let prot = crate::punctuation::protected(text, unit, markdown);
    let mut out = vec![];
    let mut open_parens = 0i32;
    for &(at, pi) in hits {
        let here = at - unit.start;
        let len = MARKS[pi].len();
        if here + len > s.len() {
            continue;
        }
        let c = s[here..].chars().next().expect("a mark");
        let Some((kind, open)) = Kind::of(c) else {
            continue;
        };
        if prot.iter().any(|p| p.contains(at)) || skip.iter().any(|p| p.contains(at)) {
            continue;
        }
        let prev = s[..here].chars().next_back();
        let next = s[here + len..].chars().next();
        // an apostrophe in Latin text: Xi’an, don’t
        if kind == Kind::Single
            && prev.is_some_and(|p| p.is_ascii_alphanumeric())
            && next.is_some_and(|n| n.is_ascii_alphabetic())
        {
            continue;
        }
        if kind == Kind::Paren {
            if !open {
                // with no parenthesis open: emoticons :) ;-) and list markers 1) a) ①）
                let emoticon = c == ')'
                    && (prev.is_some_and(|p| matches!(p, ':' | ';'))
                        || s[..here].ends_with(":-")
                        || s[..here].ends_with(";-"));
                if open_parens <= 0 && (emoticon || is_list_marker(s, here)) {
                    continue;
                }
                open_parens -= 1;
            } else {
                open_parens += 1;
            }
        }
        out.push(Mark {
            span: Span::new(at, at + len),
            ch: c,
            kind,
            open,
        });
    }
    out
}

fn is_list_numeral(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        )
        || ('\u{2460}'..='\u{2473}').contains(&c)
}

/// The open marks, with a count per kind so that a closer with no opener of its kind does not
/// search the whole stack.
#[derive(Default)]
struct Stack {
    v: Vec<Open>,
    count: [usize; 7],
}

impl Stack {
    fn push(&mut self, o: Open) {
        self.count[o.mark.kind as usize] += 1;
        self.v.push(o);
    }
    fn pop(&mut self) -> Option<Open> {
        let o = self.v.pop()?;
        self.count[o.mark.kind as usize] -= 1;
        Some(o)
    }
    /// The innermost open mark of `kind`.
    fn rposition(&self, kind: Kind) -> Option<usize> {
        if self.count[kind as usize] == 0 {
            return None;
        }
        self.v.iter().rposition(|t| t.mark.kind == kind)
    }
}

/// What one unit leaves open for the next line.
struct Scan {
    /// Openers still open at the end of the unit, outermost first, with the number of lines
    /// each has been carried over.
    open: Vec<(Mark, usize)>,
}

fn q(c: char) -> String {
    format!("“{c}”")
}

fn unclosed(m: &Mark) -> Finding {
    Finding::new(
        INFO.id,
        INFO.default_severity,
        m.span,
        format!("{}没有对应的{}", q(m.ch), q(partner(m.ch))),
    )
    .with_data(json!({"kind": "unclosed", "mark": m.ch.to_string(), "expected": partner(m.ch).to_string()}))
}

fn unopened(m: &Mark) -> Finding {
    Finding::new(
        INFO.id,
        INFO.default_severity,
        m.span,
        format!("{}没有对应的{}", q(m.ch), q(partner(m.ch))),
    )
    .with_data(json!({"kind": "unopened", "mark": m.ch.to_string(), "expected": partner(m.ch).to_string()}))
}

fn replace_fix(title: String, span: Span, c: char, preferred: bool) -> Fix {
    Fix {
        title: title.into(),
        edits: Edits::one(Edit {
            span,
            text: c.to_string().into(),
        }),
        preferred,
    }
}

/// Look-ahead facts, computed backwards once: is there, after mark i, a closer of kind k that
/// no later opener of its kind takes (one that can close what is open now), and is the next
/// mark of i's kind a closer?
fn lookahead(marks: &[Mark]) -> (Vec<[bool; 7]>, Vec<bool>) {
    let mut closes_after = vec![[false; 7]; marks.len()];
    let mut next_is_close = vec![false; marks.len()];
    let mut pending = [0usize; 7];
    let mut next_kind: [Option<bool>; 7] = [None; 7];
    for (i, m) in marks.iter().enumerate().rev() {
        closes_after[i] = pending.map(|p| p > 0);
        next_is_close[i] = next_kind[m.kind as usize] == Some(false);
        let k = m.kind as usize;
        if !m.open {
            pending[k] += 1;
        } else {
            pending[k] = pending[k].saturating_sub(1);
        }
        next_kind[k] = Some(m.open);
    }
    (closes_after, next_is_close)
}

/// `inner` still open when `m` closes `outer`, an opener further out: the two cross.
fn crossing(inner: &Mark, outer: &Mark, m: &Mark) -> Finding {
    Finding::new(
        INFO.id,
        INFO.default_severity,
        inner.span,
        format!(
            "{}与{}交叉嵌套：{}应在{}之前闭合",
            q(inner.ch),
            q(outer.ch),
            q(inner.ch),
            q(m.ch)
        ),
    )
    .with_data(json!({"kind": "crossing", "mark": inner.ch.to_string()}))
    .with_related(m.span, format!("{}在此闭合", q(outer.ch)))
}

/// `o` closed by `m`, a closer of another kind: “…》.
fn mismatch(o: &Mark, m: &Mark) -> Finding {
    Finding::new(
        INFO.id,
        INFO.default_severity,
        m.span,
        format!(
            "{}与{}不配对：{}应以{}闭合",
            q(o.ch),
            q(m.ch),
            q(o.ch),
            q(partner(o.ch))
        ),
    )
    .with_data(json!({"kind": "mismatch", "open": o.ch.to_string(), "close": m.ch.to_string()}))
    .with_related(o.span, format!("与之不配对的{}", q(o.ch)))
    .with_fix(replace_fix(
        format!("将{}改为{}", q(m.ch), q(partner(o.ch))),
        m.span,
        partner(o.ch),
        false,
    ))
    .with_fix(replace_fix(
        format!("将{}改为{}", q(o.ch), q(partner(m.ch))),
        o.span,
        partner(m.ch),
        false,
    ))
}

/// A closer `m` typed where its opener was meant: A”B”.
fn reversed_closer(m: &Mark) -> Finding {
    let want = partner(m.ch);
    Finding::new(
        INFO.id,
        INFO.default_severity,
        m.span,
        format!(
            "此处应为{}：后面还有{}，这里的{}前面没有对应的{}",
            q(want),
            q(m.ch),
            q(m.ch),
            q(want)
        ),
    )
    .with_data(json!({"kind": "reversed", "mark": m.ch.to_string(), "expected": want.to_string()}))
    .with_fix(replace_fix(format!("改为{}", q(want)), m.span, want, true))
}

/// A second opener `next` typed where the closer of `o` was meant: “…“….
fn reversed_opener(o: &Mark, next: &Mark) -> Finding {
    let want = partner(o.ch);
    Finding::new(
        INFO.id,
        INFO.default_severity,
        next.span,
        format!("此处应为{}：前面的{}还没有闭合", q(want), q(o.ch)),
    )
    .with_data(
        json!({"kind": "reversed", "mark": next.ch.to_string(), "expected": want.to_string()}),
    )
    .with_related(o.span, format!("尚未闭合的{}", q(o.ch)))
    .with_fix(replace_fix(
        format!("改为{}", q(want)),
        next.span,
        want,
        true,
    ))
}

/// What is open at the end of a unit: pairs of a mark and a second opener of its kind nested in
/// it (“…“…) are reported as one opener meant as a closer; the other marks are returned.
fn settle(stack: &Stack, out: &mut Vec<Finding>) -> Vec<Mark> {
    let mut left: Vec<Mark> = vec![];
    let mut k = 0;
    while k < stack.v.len() {
        let o = stack.v[k];
        if let Some(next) = stack.v.get(k + 1).filter(|n| n.nested_same) {
            out.push(reversed_opener(&o.mark, &next.mark));
            k += 2;
            continue;
        }
        left.push(o.mark);
        k += 1;
    }
    left
}

/// Scan one unit. `carried` are openers left open on earlier lines (with the number of lines
/// they have been carried over) that this line may close; those it does not close are returned
/// with the line's own open marks.
fn scan_unit(
    marks: &[Mark],
    carried: Vec<(Mark, usize)>,
    out: &mut Vec<Finding>,
    nested: &mut Vec<(usize, Span)>,
) -> Scan {
    let (closes_after, next_is_close) = lookahead(marks);
    let mut stack = Stack::default();
    let mut carried = carried;
    // closers already accounted for by a crossing report
    let mut consumed = [0usize; 7];
    let mut i = 0;
    while i < marks.len() {
        let m = marks[i];
        let here = i;
        i += 1;
        if m.open {
            let outer = stack
                .v
                .last()
                .filter(|t| t.mark.kind == m.kind && matches!(m.kind, Kind::Double | Kind::Book))
                .map(|t| t.mark.span);
            stack.push(Open {
                mark: m,
                nested_same: outer.is_some(),
                outer,
            });
            continue;
        }
        // 1. the innermost open mark
        if stack.v.last().is_some_and(|t| t.mark.kind == m.kind) {
            let o = stack.pop().expect("checked");
            if let (true, Some(outer)) = (o.nested_same, o.outer) {
                nested.push((out.len(), outer));
                out.push(nested_style(&o.mark, &m));
            }
            continue;
        }
        // 2. a mark further out: whatever is open inside it crosses or was never closed
        if let Some(d) = stack.rposition(m.kind) {
            while stack.v.len() > d + 1 {
                let inner = stack.pop().expect("non-empty").mark;
                if closes_after[here][inner.kind as usize] {
                    consumed[inner.kind as usize] += 1;
                    out.push(crossing(&inner, &stack.v[d].mark, &m));
                } else {
                    out.push(unclosed(&inner));
                }
            }
            stack.pop();
            continue;
        }
        // 3. a closer whose opener ended the previous line
        if stack.v.is_empty() {
            if let Some(c) = carried.iter().rposition(|c| c.0.kind == m.kind) {
                carried.remove(c);
                continue;
            }
        }
        // 4. a closer reported with an earlier crossing
        if consumed[m.kind as usize] > 0 {
            consumed[m.kind as usize] -= 1;
            continue;
        }
        // 5. closed by the wrong partner: “…》
        if let Some(top) = stack.v.last().copied() {
            let top_closes_later = closes_after[here][top.mark.kind as usize];
            if !top_closes_later {
                stack.pop();
                out.push(mismatch(&top.mark, &m));
                continue;
            }
        }
        // 6. a closer typed where its opener was meant: A”B” (the next mark of its kind is
        // also a closer with nothing to close)
        if m.kind != Kind::Paren && next_is_close[here] {
            out.push(reversed_closer(&m));
            let want = partner(m.ch);
            let as_open = Mark {
                ch: want,
                open: true,
                ..m
            };
            stack.push(Open {
                mark: as_open,
                nested_same: false,
                outer: None,
            });
            continue;
        }
        out.push(unopened(&m));
    }
    // “…“… : the second opener was meant to close the first
    let left = settle(&stack, out);
    // what is still open goes on to the next line: older marks below the line's own
    let mut open: Vec<(Mark, usize)> = carried.into_iter().map(|(m, age)| (m, age + 1)).collect();
    open.extend(left.into_iter().map(|m| (m, 0)));
    Scan { open }
}

/// Marks drafters type for the inner title marks 〈〉: ASCII and full-width less-than and
/// greater-than signs, and single guillemets.
const ANGLE_OPEN: [char; 3] = ['<', '＜', '‹'];
const ANGLE_CLOSE: [char; 3] = ['>', '＞', '›'];

/// A title nested inside 《》 marked with <…>, ＜…＞ or ‹…›: 《关于印发<某某办法>的通知》. GB/T
/// 15834 wants 〈〉 there. A warning on the pair, with a fix writing 〈〉.
fn angle_titles(text: &str, marks: &[Mark], out: &mut Vec<Finding>) {
    let mut depth = 0usize;
    let mut open_at = 0;
    for m in marks.iter().filter(|m| m.kind == Kind::Book) {
        if m.open {
            if depth == 0 {
                open_at = m.span.end;
            }
            depth += 1;
            continue;
        }
        if depth == 0 {
            continue;
        }
        depth -= 1;
        if depth > 0 || m.span.start <= open_at {
            continue;
        }
        let inner = Span::new(open_at, m.span.start);
        let s = inner.text(text);
        let Some(a) = s.find(ANGLE_OPEN) else {
            continue;
        };
        let a_len = s[a..].chars().next().map_or(1, char::len_utf8);
        let Some(b) = s[a + a_len..].find(ANGLE_CLOSE).map(|k| a + a_len + k) else {
            continue;
        };
        let b_len = s[b..].chars().next().map_or(1, char::len_utf8);
        let title = &s[a + a_len..b];
        if !title.chars().any(crate::text::is_han) {
            continue;
        }
        let open = Span::new(inner.start + a, inner.start + a + a_len);
        let close = Span::new(inner.start + b, inner.start + b + b_len);
        let written = format!("{}…{}", open.text(text), close.text(text));
        out.push(
            Finding::new(
                INFO.id,
                Severity::Warning,
                Span::new(open.start, close.end),
                format!("书名号内再标篇名应使用“〈〉”，此处写成了“{written}”。"),
            )
            .with_data(json!({"kind": "nesting", "mark": open.text(text)}))
            .with_fix(Fix {
                title: "改为“〈〉”".into(),
                edits: Edits::from(vec![
                    Edit {
                        span: open,
                        text: "〈".into(),
                    },
                    Edit {
                        span: close,
                        text: "〉".into(),
                    },
                ]),
                preferred: true,
            }),
        );
    }
}

/// “…“…”…” or 《…《…》…》: the inner pair should be ‘’ or 〈〉.
fn nested_style(open: &Mark, close: &Mark) -> Finding {
    let (o, c, what) = match open.kind {
        Kind::Double => ('‘', '’', "引号内再用引号"),
        _ => ('〈', '〉', "书名号内再用书名号"),
    };
    Finding::new(
        INFO.id,
        Severity::Warning,
        Span::new(open.span.start, close.span.end),
        format!("{what}，内层应改用{}{}", q(o), q(c)),
    )
    .with_data(json!({"kind": "nesting", "mark": open.ch.to_string()}))
    .with_fix(Fix {
        title: format!("内层改为{}{}", q(o), q(c)).into(),
        edits: Edits::from(vec![
            Edit {
                span: open.span,
                text: o.to_string().into(),
            },
            Edit {
                span: close.span,
                text: c.to_string().into(),
            },
        ]),
        preferred: true,
    })
}

/// How many following lines an open mark may be closed on.
const MAX_HOPS: usize = 3;

/// Only whitespace with a single line break between `a` and `b`.
fn adjacent_lines(text: &str, a: Span, b: Span) -> bool {
    if b.start < a.end {
        return false;
    }
    let gap = &text[a.end..b.start];
    let breaks = gap.matches('\n').count().max(gap.matches('\r').count());
    breaks == 1 && gap.chars().all(crate::text::is_space)
}

impl Rule for UnpairedMark {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn reads_figures(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let units = cx.outline.prose();
        let hits = FINDER.find(cx.text, text_search::extent(&units));
        let groups = text_search::group(&units, &hits);
        let mut groups = groups.into_iter().peekable();
        // marks still open from earlier lines, with the number of lines carried over
        let begin = out.len();
        // nested-quotation findings: (index in `out`, the outer opener)
        let mut nested: Vec<(usize, Span)> = vec![];
        let mut carry: Vec<(Mark, usize)> = vec![];
        let mut prev: Option<Span> = None;
        // a heading marker that lost a bracket ("（三强化……") is the numbering rule's finding
        let broken: Vec<Span> = cx
            .outline
            .headings
            .iter()
            .filter(|h| h.broken.is_some())
            .map(|h| h.marker)
            .collect();
        for (ui, &unit) in units.iter().enumerate() {
            if carry.is_empty() && groups.peek().is_none_or(|g| g.0 != ui) {
                prev = Some(unit);
                continue; // no marks and nothing to close: nothing to do
            }
            let s = unit.text(cx.text);
            let marks = match groups.next_if(|g| g.0 == ui) {
                Some((_, h)) => marks_of(cx.text, unit, cx.outline.markdown, h, &broken),
                None => vec![],
            };
            // A wrapped paragraph the outline split into lines: an open mark may close on one
            // of the next few lines, never across a blank line.
            let adjacent = prev.is_some_and(|p| adjacent_lines(cx.text, p, unit));
            prev = Some(unit);
            carry.retain(|(m, age)| {
                let keep = adjacent && *age < MAX_HOPS;
                if !keep {
                    out.push(unclosed(m));
                }
                keep
            });
            if marks.is_empty() {
                for c in &mut carry {
                    c.1 += 1;
                }
                continue;
            }
            angle_titles(cx.text, &marks, out);
            let mut carried = std::mem::take(&mut carry);
            if let (Some(last), Some(first)) = (carried.last(), marks.first()) {
                // a quotation over several paragraphs reopens each one with “
                if first.open && first.ch == last.0.ch && s.trim_start().starts_with(first.ch) {
                    carried.pop();
                }
            }
            carry = scan_unit(&marks, carried, out, &mut nested).open;
            // a title or bracket does not run on past the end of a sentence; a quotation may
            // (one search per unit: where its last sentence ends)
            let last_end = s.rfind(['。', '！', '？']).map(|k| unit.start + k);
            carry.retain(|(m, _)| {
                let ends_after = last_end.is_some_and(|e| e >= m.span.end.max(unit.start));
                let keep = matches!(m.kind, Kind::Double | Kind::Single) || !ends_after;
                if !keep {
                    out.push(unclosed(m));
                }
                keep
            });
        }
        for (c, _) in carry {
            out.push(unclosed(&c));
        }
        // One unpaired mark, one finding: quotations inside an opener that was never closed
        // (or closed by the wrong mark) are not nested quotations.
        if nested.is_empty() {
            return;
        }
        let unpaired: std::collections::HashSet<usize> = out[begin..]
            .iter()
            .filter_map(|f| match f.data.str("kind").as_deref() {
                Some("unclosed") => Some(f.span.start),
                Some("mismatch") => f.related.first().map(|r| r.span.start),
                _ => None,
            })
            .collect();
        let drop: std::collections::HashSet<usize> = nested
            .iter()
            .filter(|(_, outer)| unpaired.contains(&outer.start))
            .map(|(i, _)| *i)
            .collect();
        if !drop.is_empty() {
            let mut i = 0;
            out.retain(|_| {
                let keep = !drop.contains(&i);
                i += 1;
                keep
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;
    use crate::rules::test_util::{apply, findings};

    const HEAD: &str = "关于2024年度法治政府建设情况的报告\n某市人民政府：\n";

    fn report(body: &str) -> String {
        format!("{HEAD}{body}")
    }

    fn got(text: &str) -> Vec<(String, String)> {
        findings(text, "unpaired-mark")
            .iter()
            .map(|f| (f.span.text(text).to_string(), f.message.to_string()))
            .collect()
    }

    #[test]
    fn balanced_and_nested_marks_are_clean() {
        let t = report(
            "认真落实《法治政府建设实施纲要（2021—2025年）》，推行“高效办成一件事”，“餐饮服务应用—‘灵嗅’平台”上线。\n印发《关于〈行政执法三项制度〉的通知》【试行】，善政〔2023〕1号。\n",
        );
        assert!(got(&t).is_empty(), "{:?}", got(&t));
    }

    #[test]
    fn unclosed_and_unopened_marks_are_flagged_exactly() {
        let t = report("认真落实《法治政府建设实施纲要，推进依法行政。\n开展“八五普法活动120余场次。\n全县发放资料0.8万份》。\n");
        assert_eq!(
            got(&t),
            [
                ("《".into(), "“《”没有对应的“》”".into()),
                ("“".into(), "““”没有对应的“””".into()),
                ("》".into(), "“》”没有对应的“《”".into()),
            ]
        );
        assert!(findings(&t, "unpaired-mark")
            .iter()
            .all(|f| f.severity == crate::finding::Severity::Error));
    }

    #[test]
    fn wrong_partner_is_flagged_at_the_closer_with_fixes() {
        let t = report("持续推进“放管服改革》，成效明显。\n");
        let f = findings(&t, "unpaired-mark");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&t), "》");
        assert_eq!(f[0].message, "““”与“》”不配对：““”应以“””闭合");
        assert_eq!(f[0].related[0].span.text(&t), "“");
        let fixed = apply(&t, &f[0].fixes[0]);
        assert!(fixed.contains("“放管服改革”"), "{fixed}");
        assert!(findings(&fixed, "unpaired-mark").is_empty());
    }

    #[test]
    fn crossing_marks() {
        let t = report("印发《关于“规范执法》的通知”。\n");
        let f = got(&t);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "“");
        assert!(f[0].1.contains("交叉嵌套"), "{f:?}");
    }

    #[test]
    fn mark_spanning_a_line_break_in_one_paragraph() {
        // one paragraph wrapped mid-sentence: the outline joins the lines
        let t = report(
            "一、主要举措\n全年共组织开展“谁执法谁普法”履职评议活动，覆盖县直部门和各乡镇，推动“八五\n普法”规划中期评估顺利完成。\n",
        );
        assert!(got(&t).is_empty(), "{:?}", got(&t));
        // the same in Markdown, where paragraph lines always join
        let md = "# 关于2024年度法治政府建设情况的报告\n\n推动《法治政府建设\n实施纲要》落实。\n";
        let f = crate::analysis::analyze(
            md,
            &crate::analysis::Options {
                markdown: true,
                force_report: true,
                ..crate::analysis::Options::new(crate::profile::builtin())
            },
        )
        .findings;
        assert!(f.iter().all(|f| f.rule != "unpaired-mark"), "{f:?}");
        // a short line the outline did not join still closes on the next line
        let t = report("县政府出台《关于\n推进依法行政的意见》。\n");
        assert!(got(&t).is_empty(), "{:?}", got(&t));
        // nor a few lines on, over lines without marks of their own
        let t = report("县政府出台《关于\n进一步\n推进依法行政的意见》。\n");
        assert!(got(&t).is_empty(), "{:?}", got(&t));
        // but not across a blank line
        let t = report("县政府出台《关于\n\n推进依法行政的意见》。\n");
        assert_eq!(got(&t).len(), 2);
        // nor over lines that pair their own marks (a text wrapped at a narrow width)
        let t = report("县委常委会分别审议《\n县法治人才培养(2023-2025年)》《\n国家机关“谁执法谁普法”评议\n活动实施方案(试行)》等文件。\n");
        assert!(got(&t).is_empty(), "{:?}", got(&t));
        // but a title does not run on past the end of a sentence
        let t = report("县政府出台《关于推进依法行政的意见。\n开展“八五”普法。\n");
        assert_eq!(got(&t), [("《".into(), "“《”没有对应的“》”".into())]);
    }

    #[test]
    fn doubled_opener_is_reported_as_the_missing_closer() {
        let t = report("推行“一网通办“，群众满意。\n");
        let f = findings(&t, "unpaired-mark");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.start, t.rfind('“').unwrap());
        assert!(f[0].message.starts_with("此处应为“””"), "{}", f[0].message);
        let fixed = apply(&t, &f[0].fixes[0]);
        assert!(fixed.contains("“一网通办”"));
        let t = report("推行一网通办”改革”。\n");
        let f = findings(&t, "unpaired-mark");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.starts_with("此处应为““”"));
    }

    #[test]
    fn same_mark_nesting_is_a_warning_with_a_fix() {
        let t =
            report("印发《关于印发《行政执法公示办法》的通知》，强调“要落实“三项制度”要求”。\n");
        let f = findings(&t, "unpaired-mark");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].span.text(&t), "《行政执法公示办法》");
        assert_eq!(f[0].severity, crate::finding::Severity::Warning);
        let fixed = apply(&t, &f[0].fixes[0]);
        assert!(fixed.contains("《关于印发〈行政执法公示办法〉的通知》"));
        assert_eq!(f[1].span.text(&t), "“三项制度”");
        assert!(apply(&t, &f[1].fixes[0]).contains("“要落实‘三项制度’要求”"));
    }

    #[test]
    fn mixed_width_parentheses_pair_and_half_width_count() {
        let t = report("（三)强化执法监督\n实施纲要(2021—2025年)》已印发。\n乡(镇)综合执法(试行\n");
        let f = got(&t);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].0, "》");
        assert_eq!(f[1], ("(".into(), "“(”没有对应的“)”".into()));
    }

    #[test]
    fn urls_apostrophes_list_markers_and_emoticons_are_ignored() {
        let t = report(
            "详见https://example.gov.cn/wiki/A_(b 的说明。\nXi’an、don’t 照常。\n主要措施：1)完善制度；2)强化培训；a）加强宣传。\n群众反映很满意:)。\n",
        );
        assert!(got(&t).is_empty(), "{:?}", got(&t));
    }

    #[test]
    fn quotation_over_several_paragraphs() {
        let t = report("“第一段引文，\n“第二段引文，\n“第三段引文。”\n");
        assert!(got(&t).is_empty(), "{:?}", got(&t));
    }

    #[test]
    fn headings_quoted_marks_in_title_and_headings() {
        let t =
            "关于2024年度《法治政府建设情况的报告\n某市人民政府：\n一、推进“放管服改革\n正文。\n";
        let f = got(t);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].0, "《");
        assert_eq!(f[1].0, "“");
    }

    use proptest::prelude::*;

    /// Properly nested marks over Chinese text: quotations alternate “ and ‘, titles 《 and 〈.
    fn nested(depth: u32) -> BoxedStrategy<String> {
        let leaf = prop::sample::select(vec!["依法行政", "执法", "12项", "A类", "，", "："])
            .prop_map(String::from);
        leaf.prop_recursive(depth, 24, 4, |inner| {
            (
                prop::sample::select(vec![0usize, 1, 2, 3, 4]),
                prop::collection::vec(inner, 1..4),
            )
                .prop_map(|(k, parts)| {
                    let body: String = parts.concat();
                    let (o, c, io, ic) = [
                        ("“", "”", "‘", "’"),
                        ("《", "》", "〈", "〉"),
                        ("（", "）", "（", "）"),
                        ("【", "】", "【", "】"),
                        ("(", ")", "(", ")"),
                    ][k];
                    // a nested quotation or title takes the inner form
                    let body = body.replace(o, io).replace(c, ic);
                    format!("{o}{body}{c}")
                })
        })
        .boxed()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn balanced_marks_are_never_flagged(parts in prop::collection::vec(nested(3), 1..5)) {
            let t = report(&format!("全年{}。\n", parts.concat()));
            let f = findings(&t, "unpaired-mark");
            prop_assert!(f.is_empty(), "{t}\n{f:?}");
        }

        #[test]
        fn any_mix_is_reported_at_marks_without_panicking(
            body in prop::collection::vec(prop::sample::select(vec![
                '“', '”', '‘', '’', '《', '》', '〈', '〉', '（', '）', '(', ')', '【', '】',
                '中', '文', '1', 'a', '，', '\n',
            ]), 0..40)
        ) {
            let body: String = body.into_iter().collect();
            let t = report(&format!("{body}\n"));
            for f in findings(&t, "unpaired-mark") {
                let first = f.span.text(&t).chars().next().expect("non-empty span");
                prop_assert!(Kind::of(first).is_some(), "{f:?}");
                for fix in &f.fixes {
                    let fixed = apply(&t, fix);
                    prop_assert!(fixed.len() >= t.len() - 3);
                }
            }
        }
    }

    #[test]
    fn titles_nested_in_book_marks_with_angle_signs() {
        for (inner, written) in [
            ("<某县行政执法公示办法>", "<…>"),
            ("＜某县行政执法公示办法＞", "＜…＞"),
            ("‹某县行政执法公示办法›", "‹…›"),
            ("‹某县行政执法公示办法>", "‹…>"),
        ] {
            let t = report(&format!(
                "县政府印发《关于印发{inner}的通知》，推动执法公开。\n"
            ));
            let f = findings(&t, "unpaired-mark");
            assert_eq!(f.len(), 1, "{inner}: {f:?}");
            assert_eq!(f[0].span.text(&t), inner);
            assert_eq!(f[0].severity, crate::finding::Severity::Warning);
            assert_eq!(
                f[0].message,
                format!("书名号内再标篇名应使用“〈〉”，此处写成了“{written}”。")
            );
            let fixed = apply(&t, &f[0].fixes[0]);
            assert!(
                fixed.contains("《关于印发〈某县行政执法公示办法〉的通知》"),
                "{fixed}"
            );
            assert!(findings(&fixed, "unpaired-mark").is_empty());
        }
        // comparisons outside titles, and inside a title without words, are not titles
        let t = report("出庭应诉率>95%，《关于a<b>的说明》。\n");
        assert!(
            findings(&t, "unpaired-mark").is_empty(),
            "{:?}",
            findings(&t, "unpaired-mark")
        );
    }

    #[test]
    fn one_unpaired_quote_gives_one_finding() {
        // “ closed by 》, with well-paired quotations after it: one mismatch, no nesting noise
        let t = report("推进“高效办成一件事》，上线“一网通办”“跨省通办”“秒批秒办”等服务。\n");
        let g = got(&t);
        assert_eq!(g.len(), 1, "{g:?}");
        assert_eq!(g[0].0, "》");
        // “ never closed, with quotations after it on the same paragraph
        let t = report("推进“高效办成一件事，上线“一网通办”“跨省通办”等服务。\n另起一段。\n");
        let g = got(&t);
        assert_eq!(g.len(), 1, "{g:?}");
        assert!(g[0].1.contains("没有对应"), "{g:?}");
        // a real nesting is still reported
        let t = report("他说“要落实“谁执法谁普法”责任制”。\n");
        let g = got(&t);
        assert_eq!(g.len(), 1, "{g:?}");
        assert!(g[0].1.contains("引号内再用引号"), "{g:?}");
    }
}
