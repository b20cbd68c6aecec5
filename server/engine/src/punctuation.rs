//! Punctuation width: which half-width marks (, : ; ? ! ( )) in the report's Chinese text should
//! be full-width (GB/T 15834-2011), and the minimal edits that make them so.
//!
//! One implementation serves three users: the `punct-width` rule (one finding and one quick fix
//! per mark, from [`punct_fixes`]), the `source.fixAll.gongwen` code action and document
//! formatting (both from [`crate::ide::formatting::format_edits`], which applies
//! [`punct_fixes_by_unit`] and diffs old against new).
//!
//! What is read: only the report's prose ([`Outline::prose`]: title, addressee, headings, body
//! paragraphs, closing) — never web debris, front matter or fenced code. Inside prose, URLs,
//! Markdown code spans, link targets, autolinks and HTML tags are left alone ([`protected`]).
//!
//! When a mark counts as Chinese punctuation: its nearest non-space neighbour on either side is
//! Chinese (a Han character or other non-ASCII text; curly quotes are neutral), it does not sit
//! between two digits (1,080 and 10:30 are numbers), and not between two ASCII characters
//! (`Hello, world`, `f(x)`). A pair of half-width parentheses is converted together when its
//! content or either outside neighbour is Chinese. Marks converted earlier count as Chinese for
//! their neighbours, and the decision is repeated until nothing changes, so formatting is
//! idempotent: the result raises no further `punct-width` finding.

use std::sync::LazyLock;

use crate::outline::Outline;
use crate::text::{is_han, Span};
use crate::text_search::{self, Patterns};

static TARGETS: LazyLock<Patterns> =
    LazyLock::new(|| Patterns::new(&[",", ":", ";", "?", "!", "(", ")"]));

/// The full-width form of a half-width mark that Chinese text should not contain.
pub fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// `text` as a drafter types it with a Western keyboard layout: every mark [`full_width`]
/// knows, and 。, half-width (tests: the half-width twin of a fixture).
#[cfg(test)]
pub(crate) fn typed_half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '。' => '.',
            c => ",:;?!()"
                .chars()
                .find(|&h| full_width(h) == Some(c))
                .unwrap_or(c),
        })
        .collect()
}

/// One half-width mark to make full-width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PunctFix {
    /// The mark itself (what a diagnostic points at).
    pub mark: Span,
    /// What to replace: the mark, plus the ASCII spaces after it that a full-width mark makes
    /// redundant (`我县, 坚持` → `我县，坚持`).
    pub edit: Span,
    pub half: char,
    pub full: char,
}

/// Spans inside `text[span]` that are not prose even though they sit in a paragraph: URLs and,
/// in Markdown, code spans, link targets, autolinks and HTML tags. Sorted, non-overlapping.
pub fn protected(text: &str, span: Span, markdown: bool) -> Vec<Span> {
    let s = span.text(text);
    let b = s.as_bytes();
    let mut out = vec![];
    // Chinese prose rarely holds these ASCII bytes: one SIMD pass rules most units out
    if memchr::memchr3(b':', b'w', b'W', b).is_some()
        && (s.contains("://") || s.contains("www.") || s.contains("WWW."))
    {
        urls(s, span.start, &mut out);
    }
    if markdown && memchr::memchr3(b'`', b']', b'<', b).is_some() {
        if s.contains('`') {
            code_spans(s, span.start, &mut out);
        }
        if s.contains("](") {
            link_targets(s, span.start, &mut out);
        }
        if s.contains('<') {
            angle_tags(s, span.start, &mut out);
        }
        if s.contains("]:") {
            definitions(s, span.start, &mut out);
        }
    }
    if memchr::memchr(b'&', b).is_some() {
        entities(s, span.start, &mut out);
    }
    if out.len() > 1 {
        out.sort();
        let mut merged: Vec<Span> = Vec::with_capacity(out.len());
        for p in out {
            match merged.last_mut() {
                Some(m) if p.start <= m.end => m.end = m.end.max(p.end),
                _ => merged.push(p),
            }
        }
        out = merged;
    }
    out
}

fn url_char(b: u8) -> bool {
    (0x21..=0x7e).contains(&b) && !matches!(b, b'<' | b'>' | b'"' | b'`')
}

fn urls(s: &str, base: usize, out: &mut Vec<Span>) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = if b[i..].starts_with(b"://") {
            let mut st = i;
            while st > 0 && b[st - 1].is_ascii_alphabetic() {
                st -= 1;
            }
            (st < i).then_some(st)
        } else if (b[i..].starts_with(b"www.") || b[i..].starts_with(b"WWW."))
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'/'))
        {
            Some(i)
        } else {
            None
        };
        let Some(st) = start else {
            i += 1;
            continue;
        };
        let mut end = i;
        while end < b.len() && url_char(b[end]) {
            end += 1;
        }
        // trailing sentence punctuation belongs to the text, not the URL
        loop {
            match b[st..end].last() {
                Some(b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'(') => end -= 1,
                Some(b')') => {
                    let u = &b[st..end];
                    let opens = u.iter().filter(|&&c| c == b'(').count();
                    let closes = u.iter().filter(|&&c| c == b')').count();
                    if closes > opens {
                        end -= 1;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        if end > st {
            out.push(Span::new(base + st, base + end));
        }
        i = end.max(i + 1);
    }
}

fn code_spans(s: &str, base: usize, out: &mut Vec<Span>) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let open = i;
        while i < b.len() && b[i] == b'`' {
            i += 1;
        }
        let n = i - open;
        // the closing run has exactly the same length
        let mut j = i;
        let mut close = None;
        while j < b.len() {
            if b[j] == b'`' {
                let k = j;
                while j < b.len() && b[j] == b'`' {
                    j += 1;
                }
                if j - k == n {
                    close = Some(j);
                    break;
                }
            } else {
                j += 1;
            }
        }
        if let Some(c) = close {
            out.push(Span::new(base + open, base + c));
            i = c;
        }
    }
}

fn link_targets(s: &str, base: usize, out: &mut Vec<Span>) {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(k) = s[from..].find("](") {
        let open = from + k + 1;
        let mut depth = 0usize;
        let mut end = None;
        for (j, &c) in b.iter().enumerate().skip(open) {
            match c {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(j + 1);
                        break;
                    }
                }
                b'\n' | b'\r' => break,
                _ => {}
            }
        }
        match end {
            Some(e) => {
                out.push(Span::new(base + open, base + e));
                from = e;
            }
            None => from = open + 1,
        }
    }
}

/// `[label]: url` and footnote definitions `[^1]: text` at the start of a line: the label and
/// its colon are syntax.
fn definitions(s: &str, base: usize, out: &mut Vec<Span>) {
    let mut line_start = 0;
    for line in s.split_inclusive('\n') {
        let t = line.trim_start_matches([' ', '\t']);
        let lead = line.len() - t.len();
        if t.starts_with('[') {
            if let Some(k) = t.find("]:") {
                if t[1..k].find(['[', ']']).is_none() {
                    let st = base + line_start + lead;
                    out.push(Span::new(st, st + k + 2));
                }
            }
        }
        line_start += line.len();
    }
}

/// HTML entities such as `&nbsp;` and `&#12290;`.
fn entities(s: &str, base: usize, out: &mut Vec<Span>) {
    let b = s.as_bytes();
    for (i, _) in s.match_indices('&') {
        let name = b[i + 1..]
            .iter()
            .take(10)
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
            .count();
        if name > 0 && b.get(i + 1 + name) == Some(&b';') {
            out.push(Span::new(base + i, base + i + name + 2));
        }
    }
}

fn angle_tags(s: &str, base: usize, out: &mut Vec<Span>) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<'
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/' || *c == b'!')
        {
            if let Some(k) = b[i + 1..]
                .iter()
                .position(|&c| c == b'>' || c == b'<' || c == b'\n')
            {
                let e = i + 1 + k;
                if b[e] == b'>' {
                    out.push(Span::new(base + i, base + e + 1));
                    i = e + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
}

/// How a neighbouring character bears on a mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Chinese text (Han, CJK punctuation, full-width forms, any other non-ASCII).
    Cjk,
    /// An ASCII letter, digit or sign.
    Ascii,
    /// Curly quotes, used by Chinese and English alike.
    Neutral,
    /// Nothing: the start or end of the prose unit.
    Edge,
}

fn side_of(c: char) -> Side {
    match c {
        '“' | '”' | '‘' | '’' => Side::Neutral,
        c if c.is_ascii() => Side::Ascii,
        _ => Side::Cjk,
    }
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// How many characters a mark's neighbour is looked for (skipping spaces, quotes and other
/// marks), and how many bytes of a parenthesis' content are read.
const NEIGHBOUR_REACH: usize = 48;
const CONTENT_REACH: usize = 600;

/// One prose unit being decided: its text, the half-width marks in it (byte offsets in the
/// unit, sorted) and which of them are converted so far.
struct Unit<'a> {
    s: &'a str,
    base: usize,
    protected: Vec<Span>,
    cands: Vec<usize>,
    yes: Vec<bool>,
}

impl Unit<'_> {
    fn is_protected(&self, i: usize) -> bool {
        !self.protected.is_empty() && self.protected.iter().any(|p| p.contains(self.base + i))
    }

    /// Is byte `i` a candidate mark, and is it converted?
    fn converted(&self, i: usize) -> Option<bool> {
        self.cands.binary_search(&i).ok().map(|c| self.yes[c])
    }

    /// The nearest neighbour of the char at byte `i` in direction `dir`, looking through curly
    /// quotes and undecided candidate marks (and whitespace, if `skip_blank`); a converted mark
    /// counts as Chinese. `”,“` is judged by what the quotes enclose.
    fn neighbour_with(&self, i: usize, forward: bool, skip_blank: bool) -> Side {
        let mut j = i;
        let mut quote = false;
        if forward {
            j += self.s[i..].chars().next().map_or(0, char::len_utf8);
        }
        // context further away than this says nothing (and a line of 10 000 commas stays linear)
        for _ in 0..NEIGHBOUR_REACH {
            let (at, c) = if forward {
                match self.s[j..].chars().next() {
                    Some(c) => (j, c),
                    None => break,
                }
            } else {
                match self.s[..j].chars().next_back() {
                    Some(c) => (j - c.len_utf8(), c),
                    None => break,
                }
            };
            j = if forward { at + c.len_utf8() } else { at };
            if !c.is_ascii() {
                // not a candidate mark (those are ASCII): a quote, a space or Chinese text
                match c {
                    '“' | '”' | '‘' | '’' => {
                        quote = true;
                        continue;
                    }
                    c if is_blank(c) => {
                        if !skip_blank {
                            return Side::Edge;
                        }
                        continue;
                    }
                    _ => return Side::Cjk,
                }
            }
            if is_blank(c) {
                if !skip_blank {
                    return Side::Edge;
                }
                continue;
            }
            if !self.is_protected(at) {
                match self.converted(at) {
                    Some(true) => return Side::Cjk,
                    Some(false) => continue,
                    None => {}
                }
            }
            return side_of(c);
        }
        if quote {
            Side::Neutral
        } else {
            Side::Edge
        }
    }

    fn neighbour(&self, i: usize, forward: bool) -> Side {
        self.neighbour_with(i, forward, true)
    }

    fn sentence_mark_is_chinese(&self, i: usize) -> bool {
        let c = self.s.as_bytes()[i];
        if matches!(c, b',' | b':') {
            // 1,080 and 10:30 are numbers
            let before = self.s.as_bytes()[..i].last();
            let after = self.s.as_bytes().get(i + 1);
            if before.is_some_and(u8::is_ascii_digit) && after.is_some_and(u8::is_ascii_digit) {
                return false;
            }
        }
        let l = self.neighbour(i, false);
        if l == Side::Cjk {
            return true;
        }
        let r = self.neighbour(i, true);
        if l == Side::Ascii && matches!(r, Side::Ascii | Side::Edge) {
            return false; // Latin text: "Hello, world", "Note:"
        }
        if l == Side::Edge && r == Side::Ascii {
            return false;
        }
        r == Side::Cjk
    }

    fn content_is_chinese(&self, open: usize, close: usize) -> bool {
        let end = crate::text::floor_char_boundary(self.s, close.min(open + 1 + CONTENT_REACH));
        self.s[open + 1..end]
            .char_indices()
            .any(|(k, c)| match self.converted(open + 1 + k) {
                Some(conv) => conv,
                None => !is_blank(c) && side_of(c) == Side::Cjk,
            })
    }

    fn pair_is_chinese(&self, open: usize, close: usize) -> bool {
        let inner = self.content_is_chinese(open, close);
        // f(x), Windows(R): ASCII glued to an ASCII parenthesis group
        if !inner
            && self.s.as_bytes()[..open]
                .last()
                .is_some_and(u8::is_ascii_alphanumeric)
        {
            return false;
        }
        // Outside, only a glued neighbour counts ("government (draft) 不变" is Latin
        // typesetting), and after the group only a Han character: "Report (2024)，" stays Latin.
        let after_han = self.s[close + 1..].chars().next().is_some_and(is_han);
        inner || self.neighbour_with(open, false, false) == Side::Cjk || after_han
    }
}

/// Buffers reused from one prose unit to the next (a pasted draft has hundreds of units with
/// marks).
#[derive(Default)]
struct Scratch {
    cands: Vec<usize>,
    yes: Vec<bool>,
    partner: Vec<Option<usize>>,
    stack: Vec<usize>,
}

/// Decide the half-width marks of one unit (`u.cands`: their byte offsets in the unit, sorted):
/// marks `u.yes` those to convert.
fn decide(u: &mut Unit, partner: &mut Vec<Option<usize>>, stack: &mut Vec<usize>) {
    let n = u.cands.len();
    // pair the half-width parentheses
    partner.clear();
    partner.resize(n, None);
    stack.clear();
    for ci in 0..n {
        match u.s.as_bytes()[u.cands[ci]] {
            b'(' => stack.push(ci),
            b')' => {
                if let Some(o) = stack.pop() {
                    partner[o] = Some(ci);
                    partner[ci] = Some(o);
                }
            }
            _ => {}
        }
    }
    // Converting a mark can make its neighbour Chinese context: repeat until stable.
    for _ in 0..16 {
        let mut changed = false;
        for (ci, &pair) in partner.iter().enumerate() {
            if u.yes[ci] {
                continue;
            }
            let k = u.cands[ci];
            let yes = match (u.s.as_bytes()[k], pair) {
                (b'(', Some(close)) => u.pair_is_chinese(k, u.cands[close]),
                (b')', Some(open)) => u.pair_is_chinese(u.cands[open], k),
                (b'(' | b')', None) => {
                    u.neighbour(k, false) == Side::Cjk || u.neighbour(k, true) == Side::Cjk
                }
                _ => u.sentence_mark_is_chinese(k),
            };
            if yes {
                u.yes[ci] = true;
                if let Some(p) = pair {
                    u.yes[p] = true;
                }
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// The half-width marks of one prose unit that should be full-width. `marks` are the unit's
/// half-width marks (hits of [`TARGETS`], offsets in the document), sorted.
fn unit_fixes(
    text: &str,
    span: Span,
    markdown: bool,
    marks: &[text_search::Hit],
    scratch: &mut Scratch,
    out: &mut Vec<PunctFix>,
) {
    let s = span.text(text);
    if marks.is_empty() || !s.chars().any(is_han) {
        return; // nothing to do, or not Chinese text at all
    }
    let protected = protected(text, span, markdown);
    let mut cands = std::mem::take(&mut scratch.cands);
    cands.clear();
    cands.extend(
        marks
            .iter()
            .map(|m| m.0)
            .filter(|&m| !protected.iter().any(|p| p.contains(m)))
            .map(|m| m - span.start),
    );
    if cands.is_empty() {
        scratch.cands = cands;
        return;
    }
    let mut yes = std::mem::take(&mut scratch.yes);
    yes.clear();
    yes.resize(cands.len(), false);
    let mut u = Unit {
        s,
        base: span.start,
        protected,
        yes,
        cands,
    };
    decide(&mut u, &mut scratch.partner, &mut scratch.stack);
    for (&k, _) in u.cands.iter().zip(&u.yes).filter(|(_, &y)| y) {
        let half = s.as_bytes()[k] as char;
        let full = full_width(half).expect("target mark");
        let off = span.start + k;
        let mark = Span::new(off, off + 1);
        let mut end = k + 1;
        if !matches!(half, '(' | ')') {
            // spaces typed after a half-width mark are redundant after a full-width one, unless
            // Latin text follows
            let after = &s[k + 1..];
            let rest = after.trim_start_matches([' ', '\t']);
            if rest.len() < after.len() && rest.chars().next().is_none_or(|c| !c.is_ascii()) {
                end = s.len() - rest.len();
            }
        }
        out.push(PunctFix {
            mark,
            edit: Span::new(off, span.start + end),
            half,
            full,
        });
    }
    scratch.cands = u.cands;
    scratch.yes = u.yes;
}

/// Every half-width mark of the report's prose that should be full-width, in document order.
pub fn punct_fixes(text: &str, outline: &Outline) -> Vec<PunctFix> {
    let units = outline.prose();
    let hits = TARGETS.find(text, text_search::extent(&units));
    let mut out = Vec::with_capacity(hits.len());
    let mut scratch = Scratch::default();
    for (i, marks) in text_search::group(&units, &hits) {
        unit_fixes(
            text,
            units[i],
            outline.markdown,
            marks,
            &mut scratch,
            &mut out,
        );
    }
    out
}

/// The fixes of each prose unit of `units` that has any, unit by unit in document order.
pub fn punct_fixes_by_unit(
    text: &str,
    units: &[Span],
    markdown: bool,
) -> Vec<(Span, Vec<PunctFix>)> {
    let hits = TARGETS.find(text, text_search::extent(units));
    let mut out = vec![];
    let mut scratch = Scratch::default();
    for (i, marks) in text_search::group(units, &hits) {
        let mut fixes = vec![];
        unit_fixes(text, units[i], markdown, marks, &mut scratch, &mut fixes);
        if !fixes.is_empty() {
            out.push((units[i], fixes));
        }
    }
    out
}

#[cfg(test)]
#[path = "punctuation_reference.rs"]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_spans() {
        let s = "见 http://a.cn/x?q=(1),下 www.b.cn.";
        let p = protected(s, Span::new(0, s.len()), false);
        let got: Vec<&str> = p.iter().map(|x| x.text(s)).collect();
        assert_eq!(got, ["http://a.cn/x?q=(1)", "www.b.cn"]);
    }

    /// Each line of `t` that has any text, as a prose unit.
    fn lines(t: &str) -> Vec<Span> {
        let mut out = vec![];
        let mut at = 0;
        for l in t.split_inclusive('\n') {
            let body = l.trim_end_matches(['\n', '\r']);
            if !body.is_empty() {
                out.push(Span::new(at, at + body.len()));
            }
            at += l.len();
        }
        out
    }

    fn same_as_reference(t: &str, markdown: bool) {
        let units = lines(t);
        assert_eq!(
            punct_fixes_by_unit(t, &units, markdown),
            reference::punct_fixes_by_unit(t, &units, markdown),
            "{t:?}"
        );
    }

    #[test]
    fn fixtures_decide_as_the_reference() {
        for t in [
            include_str!("../../../tests/fixtures/complete.txt"),
            include_str!("../../../tests/fixtures/halfwidth-draft.txt"),
            include_str!("../../../tests/fixtures/conventions-draft.txt"),
        ] {
            // and as a drafter types it: half-width everywhere
            let half = typed_half_width(t);
            for markdown in [false, true] {
                same_as_reference(t, markdown);
                same_as_reference(&half, markdown);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn decides_as_the_reference(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "年", "我县", ",", ",", ":", ";", "?", "!", "(", ")", "(", ")", " ", "  ",
                    "\t", "\u{3000}", "\n", "\n\n", "“", "”", "‘", "’", "，", "（", "）", "a",
                    "Law", "f", "x", "1", "10", "3.5", "%", "http://a.cn/x?q=", "www.b.cn",
                    "`", "](", "[", "]:", "<b>", "&nbsp;", "&", ".", "-", "é",
                    ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
                    "                                                    ",
                    "((((((((", "))))))))",
                ]),
                0..80,
            ),
            markdown: bool,
        ) {
            same_as_reference(&parts.concat(), markdown);
        }
    }
}
