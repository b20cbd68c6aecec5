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

/// Does a text hold any of a set of byte strings? The question asked of every heading title
/// (does it name a statutory item), where a pasted draft's run-in headings make the titles
/// nearly the whole text and few hold a cue.
///
/// A 4-gram index read at a stride. Every string is at least `min` ≥ 4 bytes long, so it has
/// `stride = min - 3` consecutive offsets (its window) whose 4-byte grams lie inside it; of the
/// grams at every `stride`th byte of the text, the first at or after an occurrence's start plus
/// the window's offset is one of them. The window grams of every string are indexed by hash,
/// and a gram found is checked against the strings it may belong to. Chinese cues (6 bytes and
/// more) read one gram in three bytes.
#[derive(Debug, Clone)]
pub struct AnyOf {
    strings: Vec<Box<[u8]>>,
    /// The bytes between two looked-up grams.
    stride: usize,
    /// Entries of hash bucket `b`: `entries[starts[b]..starts[b + 1]]`.
    starts: Box<[u32; (1 << BUCKET_BITS) + 1]>,
    /// (gram, string index, offset of the gram in the string).
    entries: Vec<(u32, u32, u32)>,
}

const GRAM: usize = 4;
const BUCKET_BITS: u32 = 12;

fn gram_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

fn bucket(gram: u32) -> usize {
    (gram.wrapping_mul(0x9E37_79B1) >> (32 - BUCKET_BITS)) as usize
}

impl AnyOf {
    /// None when there are no strings or one is shorter than four bytes.
    pub fn new<S: AsRef<[u8]>>(strings: impl IntoIterator<Item = S>) -> Option<AnyOf> {
        let strings: Vec<Box<[u8]>> = strings.into_iter().map(|s| s.as_ref().into()).collect();
        let min = strings.iter().map(|s| s.len()).min()?;
        if min < GRAM || strings.len() > u32::MAX as usize {
            return None;
        }
        let stride = min - GRAM + 1;
        // Each string's window: where its grams are shared with the fewest strings so far (the
        // twelve cues that begin with 工作 do not all wait on the same grams).
        let mut order: Vec<usize> = (0..strings.len()).collect();
        order.sort_by_key(|&si| (strings[si].len(), si));
        let mut seen: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
        let mut entries: Vec<(u32, u32, u32)> = vec![];
        for si in order {
            let s = &strings[si];
            let best = (0..=s.len() - min)
                .min_by_key(|&k| {
                    (k..k + stride)
                        .map(|o| seen.get(&gram_at(s, o)).copied().unwrap_or(0))
                        .sum::<u32>()
                })
                .unwrap_or(0);
            for o in best..best + stride {
                let g = gram_at(s, o);
                *seen.entry(g).or_default() += 1;
                entries.push((g, si as u32, o as u32));
            }
        }
        entries.sort_by_key(|e| (bucket(e.0), e.1, e.2));
        let mut starts = Box::new([0u32; (1 << BUCKET_BITS) + 1]);
        for e in &entries {
            starts[bucket(e.0) + 1] += 1;
        }
        for b in 0..1 << BUCKET_BITS {
            starts[b + 1] += starts[b];
        }
        Some(AnyOf {
            strings,
            stride,
            starts,
            entries,
        })
    }

    /// Does `text` hold any of the strings?
    pub fn in_text(&self, text: &str) -> bool {
        let t = text.as_bytes();
        if t.len() < GRAM {
            return false;
        }
        let last = t.len() - GRAM;
        let mut i = 0;
        while i <= last {
            let g = gram_at(t, i);
            let b = bucket(g);
            let (from, to) = (self.starts[b], self.starts[b + 1]);
            if from != to && self.starts_near(t, i, g, from as usize..to as usize) {
                return true;
            }
            i += self.stride;
        }
        false
    }

    /// Does one of the strings whose gram at some offset is `g` (of `entries[bucket]`) start
    /// that far before byte `i` of `t`? Out of the loop: most grams of a text find none.
    #[cold]
    #[inline(never)]
    fn starts_near(&self, t: &[u8], i: usize, g: u32, bucket: std::ops::Range<usize>) -> bool {
        self.entries[bucket].iter().any(|&(eg, si, off)| {
            let off = off as usize;
            eg == g && i >= off && t[i - off..].starts_with(&self.strings[si as usize])
        })
    }
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

    /// Does some string occur in `t` (the plain way)?
    fn naive_any(strings: &[String], t: &str) -> bool {
        strings.iter().any(|s| t.contains(s.as_str()))
    }

    #[test]
    fn any_of_reads_grams_at_a_stride() {
        assert!(AnyOf::new(Vec::<&str>::new()).is_none());
        assert!(AnyOf::new(["abcd", "abc"]).is_none());
        let a = AnyOf::new(["存在的不足", "下一步", "Plan"]).unwrap();
        assert_eq!(a.stride, 1);
        assert!(a.in_text("三、存在的不足和原因"));
        assert!(a.in_text("下一步"));
        assert!(a.in_text("x Plan"));
        assert!(!a.in_text("存在不足"));
        assert!(!a.in_text("下一"));
        assert!(!a.in_text(""));
        let b = AnyOf::new(["下一年度", "明年", "工作情况", "工作安排"]).unwrap();
        assert_eq!(b.stride, 3);
        assert!(b.in_text("四、明年工作") && b.in_text("（三）工作安排") && b.in_text("工作情况"));
        assert!(!b.in_text("四、今年工作") && !b.in_text("完善工作机制"));
        // the two 工作 cues wait on different grams
        let grams = |si: u32| -> Vec<u32> {
            b.entries
                .iter()
                .filter(|e| e.1 == si)
                .map(|e| e.0)
                .collect()
        };
        assert!(grams(2).iter().all(|g| !grams(3).contains(g)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn any_of_agrees_with_a_plain_search(
            strings in proptest::collection::vec("[ab年度下一步,]{2,7}", 1..12),
            texts in proptest::collection::vec("[ab年度下一步,. ]{0,40}", 1..8),
        ) {
            let strings: Vec<String> = strings.into_iter().filter(|s| s.len() >= 4).collect();
            let Some(a) = AnyOf::new(&strings) else {
                proptest::prop_assert!(strings.is_empty());
                return Ok(());
            };
            for t in &texts {
                proptest::prop_assert_eq!(a.in_text(t), naive_any(&strings, t), "{:?} in {:?}", strings, t);
                // the strings themselves, inside other text
                for s in &strings {
                    let inside = format!("{t}{s}{t}");
                    proptest::prop_assert!(a.in_text(&inside));
                }
            }
        }
    }
}
