//! Fast search for fixed marks and words in the report's prose, for character-level rules
//! (`punct-width`, `unpaired-mark`, `number-form`). Each pattern is found with SIMD substring
//! search over the whole prose extent in one pass, instead of decoding every character of every
//! paragraph; the hits are then handed out to the prose units that hold them.

use memchr::memmem::Finder;

use crate::text::Span;

/// A set of fixed patterns.
pub struct Patterns {
    finders: Vec<Finder<'static>>,
    /// When the patterns are distinct single ASCII bytes (`,` `:` `;` …): for each byte value,
    /// its pattern index + 1 (0: not a pattern). Chinese prose is mostly non-ASCII, so one pass
    /// that looks only at the ASCII bytes beats one SIMD search per pattern and the sort.
    bytes: Option<Box<[u8; 128]>>,
}

/// A pattern found: its byte offset in the text and its index in the set.
pub type Hit = (usize, usize);

impl Patterns {
    pub fn new(patterns: &[&'static str]) -> Patterns {
        let mut bytes = Box::new([0u8; 128]);
        let mut single = patterns.len() < 255;
        for (pi, p) in patterns.iter().enumerate() {
            match p.as_bytes() {
                &[b] if b.is_ascii() && bytes[b as usize] == 0 => bytes[b as usize] = pi as u8 + 1,
                _ => single = false,
            }
        }
        Patterns {
            finders: patterns.iter().map(|p| Finder::new(p.as_bytes())).collect(),
            bytes: single.then_some(bytes),
        }
    }

    /// Every occurrence of every pattern in `text[within]`, sorted by offset.
    pub fn find(&self, text: &str, within: Span) -> Vec<Hit> {
        let hay = &text.as_bytes()[within.start..within.end.min(text.len())];
        let mut out = vec![];
        if let Some(table) = &self.bytes {
            find_ascii(table, hay, within.start, &mut out);
            return out;
        }
        for (pi, f) in self.finders.iter().enumerate() {
            out.extend(f.find_iter(hay).map(|i| (within.start + i, pi)));
        }
        out.sort_unstable();
        out
    }
}

/// The bytes of `hay` that `table` holds, in order, as hits at `base` + their offset: eight
/// bytes at a time, looking only at the ASCII ones.
fn find_ascii(table: &[u8; 128], hay: &[u8], base: usize, out: &mut Vec<Hit>) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = hay.chunks_exact(8);
    let mut at = base;
    for c in chunks.by_ref() {
        let w = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        // a high bit clear: an ASCII byte
        let mut ascii = !w & HIGH;
        while ascii != 0 {
            let k = ascii.trailing_zeros() as usize / 8;
            let p = table[c[k] as usize];
            if p != 0 {
                out.push((at + k, p as usize - 1));
            }
            ascii &= ascii - 1;
        }
        at += 8;
    }
    for (k, &b) in chunks.remainder().iter().enumerate() {
        if b.is_ascii() && table[b as usize] != 0 {
            out.push((at + k, table[b as usize] as usize - 1));
        }
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

    /// The search as it was before the byte table: one SIMD search per pattern, then a sort.
    fn by_finders(pats: &[&'static str], text: &str, within: Span) -> Vec<Hit> {
        let hay = &text.as_bytes()[within.start..within.end];
        let mut out = vec![];
        for (pi, p) in pats.iter().enumerate() {
            out.extend(
                memchr::memmem::find_iter(hay, p.as_bytes()).map(|i| (within.start + i, pi)),
            );
        }
        out.sort_unstable();
        out
    }

    #[test]
    fn ascii_marks_use_the_byte_table() {
        assert!(Patterns::new(&[",", ":", "(", ")"]).bytes.is_some());
        // a repeated, non-ASCII or longer pattern: the general search
        assert!(Patterns::new(&[",", ","]).bytes.is_none());
        assert!(Patterns::new(&[",", "，"]).bytes.is_none());
        assert!(Patterns::new(&[",", "ab"]).bytes.is_none());
        assert!(Patterns::new(&[]).bytes.is_some());
    }

    proptest::proptest! {
        #[test]
        fn byte_table_finds_what_the_finders_find(
            t in "[,:;?!()a1 。，年（）\\n\u{80}-\u{7ff}]{0,80}",
            from in 0usize..80,
            len in 0usize..80,
        ) {
            let pats = [",", ":", ";", "?", "!", "(", ")"];
            let p = Patterns::new(&pats);
            proptest::prop_assert!(p.bytes.is_some());
            // any byte range, even one that cuts a character
            let start = from.min(t.len());
            let within = Span::new(start, (start + len).min(t.len()));
            proptest::prop_assert_eq!(p.find(&t, within), by_finders(&pats, &t, within));
        }
    }
}
