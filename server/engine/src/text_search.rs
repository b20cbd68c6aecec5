//! Fast search for fixed marks and words in the report's prose, for character-level rules
//! (`punct-width`, `unpaired-mark`, `number-form`). Each pattern is found with SIMD substring
//! search over the whole prose extent in one pass, instead of decoding every character of every
//! paragraph; the hits are then handed out to the prose units that hold them.

use memchr::memmem::Finder;

use crate::text::Span;

/// A set of fixed patterns.
pub struct Patterns {
    finders: Vec<Finder<'static>>,
}

/// A pattern found: its byte offset in the text and its index in the set.
pub type Hit = (usize, usize);

impl Patterns {
    pub fn new(patterns: &[&'static str]) -> Patterns {
        Patterns {
            finders: patterns.iter().map(|p| Finder::new(p.as_bytes())).collect(),
        }
    }

    /// Every occurrence of every pattern in `text[within]`, sorted by offset.
    pub fn find(&self, text: &str, within: Span) -> Vec<Hit> {
        let hay = &text.as_bytes()[within.start..within.end.min(text.len())];
        let mut out = vec![];
        for (pi, f) in self.finders.iter().enumerate() {
            out.extend(f.find_iter(hay).map(|i| (within.start + i, pi)));
        }
        out.sort_unstable();
        out
    }
}

/// From the start of the first unit to the end of the last (units sorted).
pub fn extent(units: &[Span]) -> Span {
    match (units.first(), units.iter().map(|u| u.end).max()) {
        (Some(f), Some(e)) => Span::new(f.start, e),
        _ => Span::empty(0),
    }
}

/// The hits inside each unit (units sorted and non-overlapping, hits sorted): `(unit index,
/// its hits)` for every unit that has any.
pub fn group<'h>(units: &[Span], hits: &'h [Hit]) -> Vec<(usize, &'h [Hit])> {
    let mut out = vec![];
    let mut j = 0;
    for (ui, u) in units.iter().enumerate() {
        while j < hits.len() && hits[j].0 < u.start {
            j += 1;
        }
        let from = j;
        while j < hits.len() && hits[j].0 < u.end {
            j += 1;
        }
        if j > from {
            out.push((ui, &hits[from..j]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_groups() {
        let t = "甲(乙),丙\n丁（戊）\n己";
        let pats = ["(", ")", "（", "）", ","];
        let p = Patterns::new(&pats);
        let hits = p.find(t, Span::new(0, t.len()));
        let marks: Vec<&str> = hits.iter().map(|h| pats[h.1]).collect();
        assert_eq!(marks, ["(", ")", ",", "（", "）"]);
        assert!(hits.iter().all(|h| t[h.0..].starts_with(pats[h.1])));
        let l1 = Span::new(0, t.find('\n').unwrap());
        let l2 = Span::new(l1.end + 1, t.rfind('\n').unwrap());
        let l3 = Span::new(l2.end + 1, t.len());
        let g = group(&[l1, l2, l3], &hits);
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].0, g[0].1.len()), (0, 3));
        assert_eq!((g[1].0, g[1].1.len()), (1, 2));
        assert_eq!(extent(&[l1, l3]), Span::new(0, t.len()));
    }
}
