//! Year over year: this year's report read beside last year's.
//!
//! A [`Baseline`] is last year's report prepared once for comparison (its text, its analysis,
//! its paragraphs with years and figures masked, an index of their character trigrams, its
//! result figures by indicator). [`compare`] matches every paragraph of this year's report with
//! the closest of last year's; the result, a [`Comparison`], is part of this year's
//! [`crate::analysis::Analysis`] and is read by the rules (`copied-text`), the code lens
//! (新增 N 段，沿用 M 段) and the hover (the difference). The other year-over-year rules
//! (`plan-followup`, `yoy-figure`, `problems-repeat`) read the baseline through the rule
//! context and the helpers here: statutory-item units ([`units`]) and indicator keys
//! ([`figures`]).
//!
//! Pure: both texts come in as strings; which file last year's report is, is the front end's
//! business (the engine only says [`crate::finding::Doc::Previous`]).

pub mod diff;
pub mod figures;
pub mod units;

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::analysis::{Analysis, Options};
use crate::figures::Figures;
use crate::outline::Outline;
use crate::profile::Profile;
use crate::text::{LineIndex, Span};
use crate::words::WordSet;

/// A paragraph is near-identical to last year's (rule `copied-text`) from this similarity of the
/// masked texts (0–1, `similar`'s ratio: twice the matching characters over both lengths).
pub const COPY_RATIO: f32 = 0.9;
/// A paragraph counts as carried over from last year (the code lens's 沿用) from this similarity.
pub const CARRY_RATIO: f32 = 0.8;
/// `copied-text` only judges paragraphs with at least this many characters left to compare once
/// years, figures and boilerplate are set aside.
pub const COPY_MIN_CHARS: usize = 60;
/// Paragraphs shorter than this (masked) are matched only when identical.
const SHORT: usize = 8;
/// Candidates for the exact comparison: at least this share of (informative) trigrams in
/// common (Dice).
const CANDIDATE_DICE: f32 = 0.45;

/// Hashes a packed trigram (already well spread over 63 bits) with one multiplication.
#[derive(Default, Clone, Copy)]
pub struct GramHasher(u64);

impl Hasher for GramHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 31)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}

type GramMap<V> = HashMap<u64, V, BuildHasherDefault<GramHasher>>;
type GramSet = HashSet<u64, BuildHasherDefault<GramHasher>>;

/// One paragraph prepared for comparison.
#[derive(Debug, Clone)]
pub struct Para {
    /// Index into `Outline::paragraphs`.
    pub index: usize,
    pub span: Span,
    /// The text with years and figures replaced by `#`, boilerplate and spaces left out and
    /// half-width punctuation made full-width.
    pub masked: String,
    /// Characters of `masked`.
    pub chars: usize,
    /// `masked` as characters, for the exact comparison.
    letters: Vec<char>,
    /// Distinct character trigrams of `masked`, sorted.
    grams: Vec<u64>,
}

/// Last year's report, prepared once for every comparison with it.
#[derive(Debug)]
pub struct Baseline {
    pub text: String,
    pub analysis: Analysis,
    pub lines: LineIndex,
    pub paragraphs: Vec<Para>,
    /// Trigram → paragraphs (indices into `paragraphs`) that have it, for the informative
    /// trigrams only.
    grams: GramMap<Vec<u32>>,
    /// Trigrams so common in last year's report (in many of its paragraphs: "，#件") that they
    /// say nothing about which paragraph is which.
    common: GramSet,
    /// For each paragraph, how many of its trigrams are informative.
    informative: Vec<u32>,
    /// Paragraphs by their masked text (the first of identical ones).
    exact: HashMap<String, u32>,
    /// Result figures by indicator key and unit ([`figures::index`]).
    pub figures: figures::Index,
}

impl Baseline {
    /// Read last year's report (`opts` as for any document: profiles, Markdown) and prepare it.
    pub fn new(text: String, opts: &Options) -> Baseline {
        let analysis = crate::analysis::read(&text, opts);
        Baseline::from_analysis(text, analysis)
    }

    /// Prepare an analysis already made of `text`.
    pub fn from_analysis(text: String, analysis: Analysis) -> Baseline {
        let paragraphs = prepare(
            &text,
            &analysis.outline,
            &analysis.figures,
            &analysis.profile,
        );
        let mut grams: GramMap<Vec<u32>> = GramMap::default();
        let mut exact = HashMap::new();
        for (k, p) in paragraphs.iter().enumerate() {
            exact.entry(p.masked.clone()).or_insert(k as u32);
            for g in &p.grams {
                grams.entry(*g).or_default().push(k as u32);
            }
        }
        // a trigram in more than a tenth of the paragraphs (and more than four) is common
        let cap = (paragraphs.len() / 10).max(4);
        let common: GramSet = grams
            .iter()
            .filter(|(_, v)| v.len() > cap)
            .map(|(g, _)| *g)
            .collect();
        grams.retain(|_, v| v.len() <= cap);
        let informative = paragraphs
            .iter()
            .map(|p| p.grams.iter().filter(|g| !common.contains(g)).count() as u32)
            .collect();
        let figures = figures::index(&text, &analysis);
        Baseline {
            lines: LineIndex::new(&text),
            text,
            analysis,
            paragraphs,
            grams,
            common,
            informative,
            exact,
            figures,
        }
    }

    /// The year last year's report is about.
    pub fn year(&self) -> Option<i32> {
        self.analysis.year
    }

    /// The 1-based line of a byte offset of last year's text (for messages).
    pub fn line(&self, offset: usize) -> usize {
        self.lines.line_of(offset) + 1
    }

    /// Can this year's analysis be compared with this baseline? Both must be reports of the
    /// same kind.
    pub fn comparable(&self, this: &Analysis) -> bool {
        self.analysis.is_report() && this.is_report() && self.analysis.profile.id == this.profile.id
    }
}

/// A paragraph of this year's report and the closest paragraph of last year's.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphMatch {
    /// Index into this year's `Outline::paragraphs`.
    pub paragraph: usize,
    pub span: Span,
    /// Characters compared (masked, boilerplate left out).
    pub chars: usize,
    /// The closest paragraph of last year's report, if one came within [`CARRY_RATIO`].
    pub best: Option<Closest>,
}

/// The closest paragraph of last year's report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Closest {
    /// Index into [`Baseline::paragraphs`].
    pub para: usize,
    /// Its span in last year's text.
    pub span: Span,
    /// Similarity of the masked texts, 0–1.
    pub ratio: f32,
}

impl ParagraphMatch {
    /// Near-identical to a paragraph of last year's and long enough to say so (`copied-text`).
    pub fn copied(&self) -> bool {
        self.chars >= COPY_MIN_CHARS && self.best.is_some_and(|b| b.ratio >= COPY_RATIO)
    }

    /// Largely carried over from last year's report (the code lens's 沿用).
    pub fn carried(&self) -> bool {
        self.best.is_some_and(|b| b.ratio >= CARRY_RATIO)
    }
}

/// This year's report compared with last year's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Comparison {
    /// The year of last year's report.
    pub previous_year: Option<i32>,
    /// Every body paragraph of this year's report, in order.
    pub paragraphs: Vec<ParagraphMatch>,
}

impl Comparison {
    /// The paragraph matches inside `region`: (new, carried over).
    pub fn counts_in(
        &self,
        region: Span,
        keep: impl Fn(&ParagraphMatch) -> bool,
    ) -> (usize, usize) {
        let mut new = 0;
        let mut carried = 0;
        for m in self
            .paragraphs
            .iter()
            .filter(|m| region.contains(m.span.start) && keep(m))
        {
            if m.carried() {
                carried += 1;
            } else {
                new += 1;
            }
        }
        (new, carried)
    }

    /// The paragraph match at byte `offset`.
    pub fn at(&self, offset: usize) -> Option<&ParagraphMatch> {
        self.paragraphs.iter().find(|m| m.span.touches(offset))
    }
}

/// Match each paragraph of this year's report with the closest of last year's.
pub fn compare(
    text: &str,
    outline: &Outline,
    figures: &Figures,
    profile: &Profile,
    base: &Baseline,
) -> Comparison {
    let mine = prepare(text, outline, figures, profile);
    let mut shared = vec![0u16; base.paragraphs.len()];
    let mut touched: Vec<u32> = vec![];
    let paragraphs = mine
        .into_iter()
        .map(|p| {
            let best = closest(&p, base, &mut shared, &mut touched);
            ParagraphMatch {
                paragraph: p.index,
                span: p.span,
                chars: p.chars,
                best,
            }
        })
        .collect();
    Comparison {
        previous_year: base.year(),
        paragraphs,
    }
}

/// The closest paragraph of the baseline to `p`, if it comes within [`CARRY_RATIO`]:
/// candidates by shared informative trigrams, then the exact similarity of the best few.
fn closest(
    p: &Para,
    base: &Baseline,
    shared: &mut [u16],
    touched: &mut Vec<u32>,
) -> Option<Closest> {
    if p.chars == 0 {
        return None;
    }
    if let Some(&k) = base.exact.get(&p.masked) {
        let q = &base.paragraphs[k as usize];
        return Some(Closest {
            para: k as usize,
            span: q.span,
            ratio: 1.0,
        });
    }
    if p.chars < SHORT {
        return None; // short paragraphs are matched only when identical
    }
    touched.clear();
    let mut mine = 0u32;
    for g in &p.grams {
        if base.common.contains(g) {
            continue;
        }
        mine += 1;
        if let Some(list) = base.grams.get(g) {
            for &k in list {
                if shared[k as usize] == 0 {
                    touched.push(k);
                }
                shared[k as usize] = shared[k as usize].saturating_add(1);
            }
        }
    }
    let mut cands: Vec<(f32, u32)> = touched
        .iter()
        .map(|&k| {
            let theirs = base.informative[k as usize];
            let dice = 2.0 * f32::from(shared[k as usize]) / (mine + theirs).max(1) as f32;
            shared[k as usize] = 0;
            (dice, k)
        })
        .filter(|(d, _)| *d >= CANDIDATE_DICE)
        .collect();
    cands.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut best: Option<Closest> = None;
    for &(_, k) in cands.iter().take(3) {
        let q = &base.paragraphs[k as usize];
        // the similarity cannot exceed what the lengths allow
        let bound = 2.0 * p.chars.min(q.chars) as f32 / (p.chars + q.chars) as f32;
        if bound < CARRY_RATIO || best.is_some_and(|b| b.ratio >= bound) {
            continue;
        }
        let r = ratio_chars(&p.letters, &q.letters);
        if r >= CARRY_RATIO && best.is_none_or(|b| r > b.ratio) {
            best = Some(Closest {
                para: k as usize,
                span: q.span,
                ratio: r,
            });
            if r >= COPY_RATIO {
                break;
            }
        }
    }
    best
}

/// Similarity of two texts by characters (0–1): twice the characters the difference keeps
/// over both lengths (`similar`'s ratio).
pub fn ratio(a: &str, b: &str) -> f32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    ratio_chars(&a, &b)
}

fn ratio_chars(a: &[char], b: &[char]) -> f32 {
    let total = a.len() + b.len();
    if a == b || total == 0 {
        return 1.0;
    }
    let kept: usize = similar::capture_diff_slices(similar::Algorithm::Myers, a, b)
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    2.0 * kept as f32 / total as f32
}

/// Every body paragraph of a report, masked for comparison.
fn prepare(text: &str, outline: &Outline, figures: &Figures, profile: &Profile) -> Vec<Para> {
    outline
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let masked = mask(text, p.span, figures, &profile.comparison.boilerplate);
            let letters: Vec<char> = masked.chars().collect();
            let grams = trigrams(&letters);
            Para {
                index: i,
                span: p.span,
                chars: letters.len(),
                masked,
                letters,
                grams,
            }
        })
        .collect()
}

/// `text[span]` made comparable across years: every figure's number and every year becomes `#`
/// (as does any other run of digits), boilerplate phrases and spaces are left out, half-width
/// punctuation becomes full-width.
pub fn mask(text: &str, span: Span, figures: &Figures, boilerplate: &WordSet) -> String {
    // ranges to drop (boilerplate) and to replace by `#` (numbers, years), sorted
    let mut drop: Vec<Span> = boilerplate
        .find_iter(span.text(text))
        .map(|(_, a, b)| Span::new(span.start + a, span.start + b))
        .collect();
    drop.sort();
    let mut hash: Vec<Span> = figures
        .within(span)
        .map(|i| figures.figures[i].number.wide())
        .collect();
    let from = figures.years.partition_point(|y| y.span.start < span.start);
    hash.extend(
        figures.years[from..]
            .iter()
            .take_while(|y| y.span.end <= span.end)
            .map(|y| y.digits),
    );
    hash.sort();
    let mut out = String::with_capacity(span.len());
    let (mut di, mut hi) = (0, 0);
    let mut i = span.start;
    let mut in_digits = false;
    while i < span.end {
        while di < drop.len() && drop[di].end <= i {
            di += 1;
        }
        if di < drop.len() && drop[di].start <= i {
            i = drop[di].end;
            in_digits = false;
            continue;
        }
        while hi < hash.len() && hash[hi].end <= i {
            hi += 1;
        }
        if hi < hash.len() && hash[hi].start <= i {
            if !out.ends_with('#') {
                out.push('#');
            }
            i = hash[hi].end.max(i + 1);
            while !text.is_char_boundary(i) {
                i += 1;
            }
            in_digits = false;
            continue;
        }
        let c = text[i..].chars().next().expect("inside the text");
        i += c.len_utf8();
        if crate::text::is_space(c) {
            continue;
        }
        if crate::numerals::is_arabic_digit(c) || (in_digits && matches!(c, '.' | '．' | ',')) {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
            continue;
        }
        in_digits = false;
        out.push(full_width(c));
    }
    out
}

/// The full-width form of a half-width punctuation mark.
pub(crate) fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '?' => '？',
        '!' => '！',
        c => c,
    }
}

/// Distinct character trigrams, packed (21 bits per character), sorted.
fn trigrams(cs: &[char]) -> Vec<u64> {
    let mut v: Vec<u64> = cs
        .windows(3)
        .map(|w| ((w[0] as u64) << 42) | ((w[1] as u64) << 21) | w[2] as u64)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests;
