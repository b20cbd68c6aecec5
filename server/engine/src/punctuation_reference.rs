//! The decision of [`super::punct_fixes_by_unit`] as first written (one allocation per unit,
//! every neighbour looked up in the candidates): the reference its faster form is tested
//! against.

use super::text_search;
use super::{
    full_width, is_blank, protected, side_of, PunctFix, Side, CONTENT_REACH, NEIGHBOUR_REACH,
};
use crate::text::{is_han, Span};

/// The marks, found one SIMD search each and sorted, as `Patterns::find` did.
fn find_targets(text: &str, within: Span) -> Vec<text_search::Hit> {
    let hay = &text.as_bytes()[within.start..within.end.min(text.len())];
    let mut out = vec![];
    for (pi, p) in [",", ":", ";", "?", "!", "(", ")"].iter().enumerate() {
        out.extend(memchr::memmem::find_iter(hay, p.as_bytes()).map(|i| (within.start + i, pi)));
    }
    out.sort_unstable();
    out
}

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
            if side_of(c) == Side::Neutral {
                quote = true;
                continue;
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
        let r = self.neighbour(i, true);
        if l == Side::Ascii && matches!(r, Side::Ascii | Side::Edge) {
            return false; // Latin text: "Hello, world", "Note:"
        }
        if l == Side::Edge && r == Side::Ascii {
            return false;
        }
        l == Side::Cjk || r == Side::Cjk
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

/// Decide the half-width marks of one unit (`cands`: their byte offsets in the unit, sorted);
/// returns the offsets to convert.
fn decide(u: &mut Unit) -> Vec<usize> {
    let n = u.cands.len();
    // pair the half-width parentheses
    let mut partner: Vec<Option<usize>> = vec![None; n];
    let mut stack = vec![];
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
    (0..n)
        .filter(|&ci| u.yes[ci])
        .map(|ci| u.cands[ci])
        .collect()
}

/// The half-width marks of one prose unit that should be full-width. `marks` are the byte
/// offsets (in the document) of the unit's half-width marks, sorted.
fn unit_fixes(text: &str, span: Span, markdown: bool, marks: &[usize], out: &mut Vec<PunctFix>) {
    let s = span.text(text);
    if marks.is_empty() || !s.chars().any(is_han) {
        return; // nothing to do, or not Chinese text at all
    }
    let protected = protected(text, span, markdown);
    let cands: Vec<usize> = marks
        .iter()
        .map(|m| m - span.start)
        .filter(|&k| !protected.iter().any(|p| p.contains(span.start + k)))
        .collect();
    if cands.is_empty() {
        return;
    }
    let mut u = Unit {
        s,
        base: span.start,
        protected,
        yes: vec![false; cands.len()],
        cands,
    };
    for k in decide(&mut u) {
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
}

/// The prose units (of `units`) that hold a half-width mark, with the marks' offsets.
fn units_with_marks(text: &str, units: &[Span]) -> Vec<(Span, Vec<usize>)> {
    let hits = find_targets(text, text_search::extent(units));
    text_search::group(units, &hits)
        .into_iter()
        .map(|(i, h)| (units[i], h.iter().map(|x| x.0).collect()))
        .collect()
}

/// The fixes of each prose unit of `units` that has any, unit by unit in document order.
pub fn punct_fixes_by_unit(
    text: &str,
    units: &[Span],
    markdown: bool,
) -> Vec<(Span, Vec<PunctFix>)> {
    let mut out = vec![];
    for (span, marks) in units_with_marks(text, units) {
        let mut fixes = vec![];
        unit_fixes(text, span, markdown, &marks, &mut fixes);
        if !fixes.is_empty() {
            out.push((span, fixes));
        }
    }
    out
}
