//! Fast search for fixed marks and words in the report's prose, for character-level rules
//! (`punct-width`, `unpaired-mark`, `number-form`). Each pattern is found with SIMD substring
//! search over the whole prose extent in one pass, instead of decoding every character of every
//! paragraph; the hits are then handed out to the prose units that hold them.

use memchr::memmem::Finder;

use crate::text::Span;

/// A set of fixed patterns.
pub struct Patterns {
    patterns: Vec<&'static [u8]>,
    /// One SIMD search per pattern, or per two-byte prefix that several patterns share (“ ” ‘ ’
    /// all begin E2 80), when no two occurrences of the patterns can overlap: (the search, the
    /// patterns it finds).
    searches: Vec<(Finder<'static>, Vec<usize>)>,
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
        let ps: Vec<&'static [u8]> = patterns.iter().map(|p| p.as_bytes()).collect();
        let mut searches: Vec<(Finder<'static>, Vec<usize>)> = vec![];
        let shared = |p: &[u8]| {
            p.len() > 2
                && !COMMON_PREFIXES.contains(&&p[..2])
                && ps.iter().filter(|q| q.starts_with(&p[..2])).count() > 1
        };
        let grouped = overlap_free(&ps);
        for (pi, &p) in ps.iter().enumerate() {
            if grouped && shared(p) {
                match searches.iter_mut().find(|s| s.0.needle() == &p[..2]) {
                    Some(s) => s.1.push(pi),
                    None => searches.push((Finder::new(&p[..2]), vec![pi])),
                }
            } else {
                searches.push((Finder::new(p), vec![pi]));
            }
        }
        Patterns {
            patterns: ps,
            searches,
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
        for (f, pats) in &self.searches {
            if let [pi] = pats[..] {
                out.extend(f.find_iter(hay).map(|i| (within.start + i, pi)));
                continue;
            }
            // a shared prefix: which pattern, if any, is there (none is a prefix of another)
            for i in f.find_iter(hay) {
                let rest = &hay[i..];
                if let Some(&pi) = pats.iter().find(|&&pi| rest.starts_with(self.patterns[pi])) {
                    out.push((within.start + i, pi));
                }
            }
        }
        out.sort_unstable();
        out
    }
}

/// Two-byte prefixes too common in Chinese prose to be searched for instead of the patterns
/// they begin: E3 80 (、。《》), EF BC (，：（）).
const COMMON_PREFIXES: [&[u8]; 2] = [&[0xE3, 0x80], &[0xEF, 0xBC]];

/// Can no two occurrences of the patterns in a text overlap (two of one pattern included)? No
/// pattern is empty or inside another, and no proper suffix of one is a prefix of one. Then
/// each position can be tested on its own, and finds what one search per pattern finds.
fn overlap_free(ps: &[&[u8]]) -> bool {
    ps.iter().enumerate().all(|(i, p)| {
        !p.is_empty()
            && ps.iter().enumerate().all(|(j, q)| {
                let inside = i != j && !q.is_empty() && p.windows(q.len()).any(|w| w == *q);
                let border = (1..p.len().min(q.len())).any(|l| p[p.len() - l..] == q[..l]);
                !inside && !border
            })
    })
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

/// A short list of words found leftmost-longest, the way an Aho-Corasick automaton with
/// leftmost-longest semantics finds them: at the first position where a word starts, the
/// longest word starting there (of equal words, the first), then on after it. For the
/// indicators' names (`missing-metric`), asked of hundreds of short spans per report: an
/// automaton's set-up per call and its table walk per byte outweigh reading each character's
/// code point against a bitmap of the words' first characters.
#[derive(Debug, Clone, Default)]
pub struct Words {
    words: Vec<Box<str>>,
    /// One bit per first character, by the low 12 bits of its code point (None: no words).
    bloom: Option<Box<[u64; 64]>>,
    /// (low 12 bits of the first character, word index), sorted by those bits, then longer
    /// words first, then by index.
    by_first: Vec<(u16, u32)>,
}

impl PartialEq for Words {
    fn eq(&self, other: &Self) -> bool {
        self.words == other.words
    }
}

impl Eq for Words {}

/// The low 12 bits of the code point of the character that starts at byte `i` of `t` (a char
/// boundary), and its length.
#[inline(always)]
fn char_key(t: &[u8], i: usize) -> (usize, usize) {
    let b = t[i];
    let low = |j: usize| (t[i + j] & 0x3F) as usize;
    if b < 0x80 {
        (b as usize, 1)
    } else if b < 0xE0 {
        ((((b & 0x1F) as usize) << 6) | low(1), 2)
    } else if b < 0xF0 {
        ((low(1) << 6) | low(2), 3)
    } else {
        ((low(2) << 6) | low(3), 4)
    }
}

impl Words {
    /// Empty words are never found.
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Words {
        let words: Vec<Box<str>> = words.into_iter().map(|w| w.as_ref().into()).collect();
        let mut by_first: Vec<(u16, u32)> = words
            .iter()
            .enumerate()
            .filter_map(|(wi, w)| {
                let c = w.chars().next()?;
                Some(((c as u32 & 0xFFF) as u16, wi as u32))
            })
            .collect();
        by_first.sort_by_key(|&(k, wi)| (k, std::cmp::Reverse(words[wi as usize].len()), wi));
        let bloom = (!by_first.is_empty()).then(|| {
            let mut bloom = Box::new([0u64; 64]);
            for &(k, _) in &by_first {
                bloom[k as usize >> 6] |= 1 << (k & 63);
            }
            bloom
        });
        Words {
            words,
            bloom,
            by_first,
        }
    }

    pub fn words(&self) -> &[Box<str>] {
        &self.words
    }

    /// Does `s` contain one of the words?
    pub fn is_match(&self, s: &str) -> bool {
        self.find_iter(s).next().is_some()
    }

    /// Every occurrence in `s`, leftmost-longest and not overlapping: (word index, start, end).
    pub fn find_iter<'a>(&'a self, s: &'a str) -> WordsIter<'a> {
        WordsIter {
            words: self,
            text: s.as_bytes(),
            at: 0,
        }
    }

    /// The longest word (the first of equal ones) that `rest` starts with, whose first
    /// character has the low bits `key`.
    #[cold]
    fn longest_at(&self, key: usize, rest: &[u8]) -> Option<usize> {
        let from = self.by_first.partition_point(|e| (e.0 as usize) < key);
        self.by_first[from..]
            .iter()
            .take_while(|e| e.0 as usize == key)
            .map(|e| e.1 as usize)
            .find(|&wi| rest.starts_with(self.words[wi].as_bytes()))
    }
}

/// See [`Words::find_iter`].
pub struct WordsIter<'a> {
    words: &'a Words,
    text: &'a [u8],
    at: usize,
}

impl WordsIter<'_> {
    /// The word found at byte `i`, whose first character has the low bits `key`, if any; the
    /// search goes on after it.
    #[inline(always)]
    fn found_at(&mut self, key: usize, i: usize) -> Option<(usize, usize, usize)> {
        let wi = self.words.longest_at(key, &self.text[i..])?;
        let end = i + self.words.words[wi].len();
        self.at = end;
        Some((wi, i, end))
    }
}

impl Iterator for WordsIter<'_> {
    type Item = (usize, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let t = self.text;
        let bloom = self.words.bloom.as_deref()?;
        let mut i = self.at;
        while i < t.len() {
            // a run of three-byte characters (Chinese) on the quick path: the bitmap is read
            // at the low bits of the code point, from the second and third bytes
            while let Some(&[b, c1, c2]) = t.get(i..i + 3) {
                if b & 0xF0 != 0xE0 {
                    break;
                }
                let key = (((c1 & 0x3F) as usize) << 6) | (c2 & 0x3F) as usize;
                if bloom[key >> 6] >> (key & 63) & 1 != 0 {
                    if let Some(found) = self.found_at(key, i) {
                        return Some(found);
                    }
                }
                i += 3;
            }
            if i >= t.len() {
                break;
            }
            let (key, len) = char_key(t, i);
            if bloom[key >> 6 & 63] >> (key & 63) & 1 != 0 {
                if let Some(found) = self.found_at(key, i) {
                    return Some(found);
                }
            }
            i += len;
        }
        self.at = t.len();
        None
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

    /// Leftmost-longest, the plain way: at each character, the longest word starting there
    /// (the first of equal ones).
    fn naive_longest(words: &[String], t: &str) -> Vec<(usize, usize, usize)> {
        let mut out = vec![];
        let mut i = 0;
        while i < t.len() {
            let best = (0..words.len())
                .filter(|&wi| !words[wi].is_empty() && t[i..].starts_with(words[wi].as_str()))
                .max_by_key(|&wi| (words[wi].len(), std::cmp::Reverse(wi)));
            match best {
                Some(wi) => {
                    out.push((wi, i, i + words[wi].len()));
                    i += words[wi].len();
                }
                None => i += t[i..].chars().next().map_or(1, char::len_utf8),
            }
        }
        out
    }

    #[test]
    fn words_leftmost_longest() {
        let w = Words::new([
            "行政复议",
            "复议",
            "负责人出庭",
            "出庭应诉",
            "12345",
            "",
            "复议",
        ]);
        let t = "受理行政复议案件，复议纠错；负责人出庭应诉率，12345热线";
        let found: Vec<(usize, &str)> = w.find_iter(t).map(|(wi, a, b)| (wi, &t[a..b])).collect();
        assert_eq!(
            found,
            [
                (0, "行政复议"),
                (1, "复议"),
                (2, "负责人出庭"),
                (4, "12345")
            ]
        );
        assert!(w.is_match("出庭应诉") && !w.is_match("出庭"));
        assert_eq!(Words::new(Vec::<&str>::new()).find_iter(t).count(), 0);
        assert_eq!(w.find_iter("").count(), 0);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn words_agree_with_the_automaton(
            words in proptest::collection::vec("[ab1复议行政出庭应诉é𝄞]{0,5}", 0..10),
            texts in proptest::collection::vec("[ab1复议行政出庭应诉é𝄞，. ]{0,40}", 1..6),
        ) {
            let w = Words::new(&words);
            // the automaton the indicators were found with before, empty words left out
            let kept: Vec<usize> = (0..words.len()).filter(|&i| !words[i].is_empty()).collect();
            let ws = crate::words::WordSet::new(kept.iter().map(|&i| &words[i]));
            for t in &texts {
                let got: Vec<_> = w.find_iter(t).collect();
                let want: Vec<_> = ws.find_iter(t).map(|(k, a, b)| (kept[k], a, b)).collect();
                proptest::prop_assert_eq!(&got, &want, "{:?} in {:?}", words, t);
                proptest::prop_assert_eq!(w.is_match(t), ws.is_match(t));
                proptest::prop_assert_eq!(got, naive_longest(&words, t));
            }
        }
    }

    /// Patterns the rules search for, and ones that overlap (to test the fallback).
    const POOL: [&str; 26] = [
        "十", "百", "千", "年", "～", "~", "—", "–", "-", "左右", "截止", "（", "）", "(", ")",
        "“", "”", "‘", "年年", "右左", "——", "a", "aa", "左", "1", "。",
    ];

    #[test]
    fn patterns_sharing_a_prefix_are_searched_together() {
        assert!(!overlap_free(&[b"ab".as_slice(), b"c", b"ba"]));
        assert!(!overlap_free(&[b"aa".as_slice()]));
        assert!(!overlap_free(&[b"a".as_slice(), b"a"]));
        assert!(!overlap_free(&[b"ab".as_slice(), b"b"]));
        assert!(!overlap_free(&[b"".as_slice()]));
        assert!(!overlap_free(&[b"ab".as_slice(), b"cd", b"e", b"ca"]));
        assert!(overlap_free(&[b"ab".as_slice(), b"cd", b"e"]));
        // “ ” ‘ ’ are one search; （ ） and 《 》 begin as ，and 、 do: one each
        let marks = ["“", "”", "‘", "’", "《", "》", "（", "）"];
        let p = Patterns::new(&marks);
        let sizes: Vec<usize> = p.searches.iter().map(|s| s.1.len()).collect();
        assert_eq!(sizes, [4, 1, 1, 1, 1]);
        // a set whose occurrences may overlap: one search per pattern
        assert!(Patterns::new(&["—", "——"])
            .searches
            .iter()
            .all(|s| s.1.len() == 1));
        let t = "约3千人左右，增长15～30%（2023年）\n截止目前“十”‘一’——";
        let within = Span::new(0, t.len());
        assert_eq!(p.find(t, within), by_finders(&marks, t, within));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        #[test]
        fn grouped_searches_find_what_the_finders_find(
            picks in proptest::collection::vec(0usize..POOL.len(), 1..12),
            t in "[十百千年～~—–\\-左右截止（）()“”‘’a1 。，\n\u{80}-\u{7ff}]{0,120}",
            from in 0usize..200,
            len in 0usize..300,
        ) {
            let pats: Vec<&'static str> = picks.iter().map(|&i| POOL[i]).collect();
            let p = Patterns::new(&pats);
            let start = from.min(t.len());
            let within = Span::new(start, (start + len).min(t.len()));
            proptest::prop_assert_eq!(p.find(&t, within), by_finders(&pats, &t, within));
            let long = t.repeat(5);
            let all = Span::new(0, long.len());
            proptest::prop_assert_eq!(p.find(&long, all), by_finders(&pats, &long, all));
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
