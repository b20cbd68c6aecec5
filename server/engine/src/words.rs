//! Word lists matched in one pass: an Aho-Corasick automaton built once per list (the status
//! words of the checks, the indicator synonyms of the profile). Subjects are short and there are
//! many of them; building a substring searcher per word and call would cost more than the
//! analysis itself.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// A list of words and the automaton that finds them (leftmost-longest).
#[derive(Clone, Debug, Default)]
pub struct WordSet {
    words: Vec<String>,
    ac: Option<AhoCorasick>,
    /// The words by first character, for [`WordSet::is_match`] on short texts.
    first: FirstChars,
}

impl PartialEq for WordSet {
    fn eq(&self, other: &Self) -> bool {
        self.words == other.words
    }
}

impl Eq for WordSet {}

impl WordSet {
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> WordSet {
        let words: Vec<String> = words
            .into_iter()
            .map(|w| w.as_ref().to_string())
            .filter(|w| !w.is_empty())
            .collect();
        let ac = (!words.is_empty()).then(|| {
            // a DFA without prefilter: Chinese words share their UTF-8 lead bytes, so byte
            // prefilters (Teddy) mostly report false candidates
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .prefilter(false)
                .build(&words)
                .expect("a word list always builds")
        });
        let first = FirstChars::new(&words);
        WordSet { words, ac, first }
    }

    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Does `s` contain one of the words? A short text (a figure's subject) is read by first
    /// character, as [`OverlapSet`] does: the automaton's set-up per call outweighs it.
    pub fn is_match(&self, s: &str) -> bool {
        if s.len() <= SHORT_TEXT {
            self.first.any_in(&self.words, s)
        } else {
            self.ac.as_ref().is_some_and(|ac| ac.is_match(s))
        }
    }

    /// The first (leftmost, then longest) word in `s`: (word index, start, end).
    pub fn find(&self, s: &str) -> Option<(usize, usize, usize)> {
        let m = self.ac.as_ref()?.find(s)?;
        Some((m.pattern().as_usize(), m.start(), m.end()))
    }

    /// Every non-overlapping occurrence in `s`: (word index, start, end).
    pub fn find_iter<'a>(&'a self, s: &'a str) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        self.ac
            .iter()
            .flat_map(move |ac| ac.find_iter(s))
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
    }
}

/// Every occurrence of a list's words, overlapping ones included ("出庭" inside "出庭的"), in
/// one pass. For the rate words of the profile, where the last occurrence of each kind matters,
/// and the status words of a sentence.
///
/// The texts searched are short (a figure's subject, a sentence) and many: each character is
/// tested against a bitmap of the words' first characters, and only where one starts are its
/// words compared. For such texts this costs a third of an automaton's search, whose set-up per
/// call alone outweighs a subject of ten characters.
#[derive(Clone, Debug, Default)]
pub struct OverlapSet {
    words: Vec<String>,
    first: FirstChars,
}

/// The words of a list by their first character, with a bitmap of those characters: a quick
/// "no word starts here" for most characters of a text.
#[derive(Clone, Debug, Default)]
struct FirstChars {
    /// (first character, word index), sorted.
    by_first: Vec<(char, u32)>,
    /// One bit per first character's code point modulo [`BLOOM_BITS`] (empty when there are
    /// no words).
    bloom: Vec<u64>,
}

/// Up to how many bytes [`WordSet::is_match`] reads a text by first character.
const SHORT_TEXT: usize = 64;

/// Bits of [`FirstChars`]' bitmap (4 KB).
const BLOOM_BITS: usize = 1 << 15;

impl FirstChars {
    fn new<S: AsRef<str>>(words: &[S]) -> FirstChars {
        let mut by_first: Vec<(char, u32)> = words
            .iter()
            .enumerate()
            .filter_map(|(i, w)| Some((w.as_ref().chars().next()?, u32::try_from(i).ok()?)))
            .collect();
        by_first.sort_unstable();
        let mut bloom = vec![];
        if !by_first.is_empty() {
            bloom = vec![0u64; BLOOM_BITS / 64];
            for &(c, _) in &by_first {
                let b = c as usize % BLOOM_BITS;
                bloom[b / 64] |= 1 << (b % 64);
            }
        }
        FirstChars { by_first, bloom }
    }

    /// May a word start with `c`? (No false "no".)
    #[inline]
    fn may_start(&self, c: char) -> bool {
        let b = c as usize % BLOOM_BITS;
        self.bloom
            .get(b / 64)
            .is_some_and(|w| w & (1 << (b % 64)) != 0)
    }

    /// Does one of `words` (the list this was built from) occur in `s`?
    fn any_in<S: AsRef<str>>(&self, words: &[S], s: &str) -> bool {
        s.char_indices().any(|(i, c)| {
            self.may_start(c)
                && self
                    .starting_with(c)
                    .any(|w| s[i..].starts_with(words[w].as_ref()))
        })
    }

    /// The indices of the words starting with `c`.
    fn starting_with(&self, c: char) -> impl Iterator<Item = usize> + '_ {
        let from = self.by_first.partition_point(|&(k, _)| k < c);
        self.by_first[from..]
            .iter()
            .take_while(move |&&(k, _)| k == c)
            .map(|&(_, w)| w as usize)
    }
}

impl PartialEq for OverlapSet {
    fn eq(&self, other: &Self) -> bool {
        self.words == other.words
    }
}

impl Eq for OverlapSet {}

impl OverlapSet {
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> OverlapSet {
        let words: Vec<String> = words
            .into_iter()
            .map(|w| w.as_ref().to_string())
            .filter(|w| !w.is_empty())
            .collect();
        let first = FirstChars::new(&words);
        OverlapSet { words, first }
    }

    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Every occurrence in `s`, overlapping ones included: (word index, start, end), by start
    /// (and, at one start, by the words' order in the first-character table).
    pub fn find_all<'a>(&'a self, s: &'a str) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        s.char_indices()
            .filter(move |&(_, c)| self.first.may_start(c))
            .flat_map(move |(i, c)| {
                self.first.starting_with(c).filter_map(move |w| {
                    let word = &self.words[w];
                    s[i..]
                        .starts_with(word.as_str())
                        .then_some((w, i, i + word.len()))
                })
            })
    }
}

/// Several word lists at once: which lists have a word in a text, as a bit mask, in one pass.
///
/// Found like [`OverlapSet`]'s words, by first character: the texts are figures' subjects.
#[derive(Clone, Debug)]
pub struct Classes {
    words: Vec<&'static str>,
    first: FirstChars,
    masks: Vec<u32>,
}

impl Classes {
    /// `lists[k]` sets bit `k`.
    pub fn new(lists: &[&[&'static str]]) -> Classes {
        let (words, masks) = merged(lists);
        let first = FirstChars::new(&words);
        Classes {
            words,
            first,
            masks,
        }
    }

    /// The bits of the lists that have a word in `s`. Words are matched leftmost-longest, so a
    /// word inside a longer one does not count: 未办结 is not 办结, 不予受理 is not 受理.
    pub fn of(&self, s: &str) -> u32 {
        let mut m = 0;
        let mut i = 0;
        while let Some(c) = s[i..].chars().next() {
            // the longest word starting here, and on after it; else the next character
            let longest = if self.first.may_start(c) {
                self.first
                    .starting_with(c)
                    .filter(|&w| s[i..].starts_with(self.words[w]))
                    .max_by_key(|&w| (self.words[w].len(), std::cmp::Reverse(w)))
            } else {
                None
            };
            match longest {
                Some(w) => {
                    m |= self.masks[w];
                    i += self.words[w].len();
                }
                None => i += c.len_utf8(),
            }
        }
        m
    }
}

/// The distinct words of `lists`, each with the bits of the lists that hold it (`lists[k]`
/// sets bit `k`).
fn merged<'w>(lists: &[&[&'w str]]) -> (Vec<&'w str>, Vec<u32>) {
    let mut words: Vec<&str> = vec![];
    let mut masks: Vec<u32> = vec![];
    for (k, list) in lists.iter().enumerate() {
        for w in *list {
            match words.iter().position(|x| x == w) {
                Some(i) => masks[i] |= 1 << k,
                None => {
                    words.push(w);
                    masks.push(1 << k);
                }
            }
        }
    }
    (words, masks)
}

/// Does `haystack` contain `word`? For the short subjects of figures this is cheaper than
/// `str::contains`, which builds a two-way searcher on every call.
pub fn has(haystack: &str, word: &str) -> bool {
    find(haystack, word).is_some()
}

/// The byte offset of `word` in `haystack`.
pub fn find(haystack: &str, word: &str) -> Option<usize> {
    let first = word.chars().next()?;
    haystack
        .match_indices(first)
        .map(|(i, _)| i)
        .find(|&i| haystack[i..].starts_with(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_leftmost_longest() {
        let w = WordSet::new(["复议", "行政复议", "办结"]);
        assert!(w.is_match("受理行政复议案件"));
        assert_eq!(w.find("受理行政复议案件"), Some((1, 6, 18)));
        let all: Vec<usize> = w.find_iter("行政复议已办结，复议").map(|m| m.0).collect();
        assert_eq!(all, [1, 2, 0]);
        assert!(!WordSet::default().is_match("任何"));
        assert_eq!(WordSet::new(["a"]), WordSet::new(["a"]));
        assert_eq!(find("全年共受理其中维持", "其中"), Some(15));
        assert!(has("其中维持", "维持") && !has("其", "其中") && find("abc", "").is_none());
        let o = OverlapSet::new(["出庭", "出庭的", "开庭"]);
        let all: Vec<(usize, usize, usize)> = o.find_all("通知出庭的").collect();
        assert_eq!(all, [(0, 6, 12), (1, 6, 15)]);
        assert_eq!(o, OverlapSet::new(["出庭", "出庭的", "开庭"]));
        assert_eq!(OverlapSet::default().find_all("出庭").count(), 0);
        assert_eq!(OverlapSet::new([""]).find_all("出庭").count(), 0);
        let c = Classes::new(&[&["受理"], &["不予受理", "维持"], &["受理"]]);
        assert_eq!(c.of("不予受理"), 0b010);
        assert_eq!(c.of("受理"), 0b101);
        assert_eq!(c.of("维持"), 0b010);
        assert_eq!(c.of("其他"), 0);
    }

    /// Every (word, start, end) where a word of the list occurs, overlapping ones included:
    /// the oracle for [`OverlapSet::find_all`].
    fn occurrences_naive(words: &[&str], s: &str) -> Vec<(usize, usize, usize)> {
        let mut out = vec![];
        for (i, _) in s.char_indices() {
            for (w, word) in words.iter().enumerate() {
                if !word.is_empty() && s[i..].starts_with(word) {
                    out.push((w, i, i + word.len()));
                }
            }
        }
        out.sort_unstable();
        out
    }

    proptest::proptest! {
        #[test]
        fn classes_match_leftmost_longest(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["不", "予", "受", "理", "未", "办", "结", "维", "持", "其", "中", "a", "😀", "，"]),
                0..40,
            )
        ) {
            let lists: [&[&'static str]; 4] =
                [&["受理", "理"], &["不予受理", "维持", "予受"], &["办结", "未办结"], &["其中", "a"]];
            let c = Classes::new(&lists);
            let (words, masks) = merged(&lists);
            let ac = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&words)
                .unwrap();
            let s: String = pieces.concat();
            let oracle = ac.find_iter(&s).fold(0, |m, x| m | masks[x.pattern().as_usize()]);
            proptest::prop_assert_eq!(c.of(&s), oracle);
        }

        #[test]
        fn overlap_set_finds_every_occurrence(
            words in proptest::collection::vec(
                proptest::sample::select(vec!["出庭", "出庭的", "庭", "开庭", "受理", "理", "不予受理", "a", "ab", "😀", "年均", "下半年"]),
                0..6,
            ),
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["出", "庭", "的", "开", "受", "理", "不", "予", "a", "b", "😀", "年", "均", "下", "半", "，"]),
                0..40,
            )
        ) {
            let s: String = pieces.concat();
            let set = OverlapSet::new(words.iter());
            let mut fast: Vec<(usize, usize, usize)> = set.find_all(&s).collect();
            fast.sort_unstable();
            proptest::prop_assert_eq!(fast, occurrences_naive(&words, &s));
        }

        #[test]
        fn word_set_matches_short_and_long_texts_alike(
            words in proptest::collection::vec(
                proptest::sample::select(vec!["出庭", "出庭的", "庭", "开庭", "受理", "理", "不予受理", "a", "ab", "😀", "年均", "下半年", ""]),
                0..6,
            ),
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["出", "庭", "的", "开", "受", "理", "不", "予", "a", "b", "😀", "年", "均", "下", "半", "，"]),
                0..60,
            )
        ) {
            // texts up to SHORT_TEXT bytes are read by first character, longer ones by the
            // automaton: both answer as a naive search does
            let s: String = pieces.concat();
            let set = WordSet::new(words.iter());
            let naive = !occurrences_naive(&words, &s).is_empty();
            proptest::prop_assert_eq!(set.is_match(&s), naive);
            proptest::prop_assert_eq!(set.ac.as_ref().is_some_and(|ac| ac.is_match(&s)), naive);
        }
    }
}
