//! Context shared by the check families, with per-figure facts computed once.

use super::vocab::*;
use super::*;
use crate::figures::units;
use std::sync::atomic::{AtomicU64, Ordering};

/// Context shared by the checks, with per-figure facts computed once.
///
/// Read-only for the checks but for two caches filled on first use, so that it can be shared
/// by the threads that check two halves of the sentences (see [`super::run`]).
pub(super) struct Cx<'a> {
    pub(super) f: &'a Figures,
    pub(super) text: &'a str,
    pub(super) cat: &'a Catalog,
    /// Each figure can be a count in a sum or a rate.
    pub(super) countable: Vec<bool>,
    /// Each figure's unit as a small number (0: no unit, never equal to another).
    pub(super) unit: Vec<u16>,
    /// The word classes of each figure's subject.
    pub(super) class: Vec<u32>,
    /// The rate names in each percentage's subject (empty for other figures).
    /// (flat: the names of figure `i` are `rate_names[rate_at[i]..rate_at[i + 1]]`; a vector
    /// per figure was 24 bytes for each of a long report's million figures).
    rate_names: Vec<&'a str>,
    rate_at: Vec<u32>,
    /// Where the 一是/二是 run markers start, in order: a rate's base is looked for in its own
    /// run only.
    pub(super) run_marks: Vec<usize>,
    /// For each figure, computed when first asked: where its subject names each profile rate's
    /// numerator, base and addends (see [`RateMatch`]). Only the rates it names, with their
    /// index: most subjects name none, and a full row per figure was the analysis's largest
    /// table (1.2 KB per figure).
    /// (`OnceLock`: the checks of two halves of the sentences may ask from two threads.)
    rate_matches: Vec<std::sync::OnceLock<Named>>,
    /// Each figure's [`subject_key`], computed when first asked: the restatement, sum and
    /// rate checks all ask for it, some of them for every figure.
    /// Kept as the key's start and end in the text (32 bits each, in one atomic: two threads
    /// may ask; both compute the same key), `u64::MAX` until computed: 8 bytes a figure.
    keys: Vec<AtomicU64>,
    /// For each clause, the first clause of its ；-part of the sentence (see
    /// [`super::sums::segment_start`]), computed once: asked for every figure pair.
    segment_starts: Vec<u32>,
}

/// Where a subject names one profile rate's words last: (end, length) of the last numerator
/// word, base word (not negated: 不予受理), base word other than 共, addend word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct RateMatch {
    pub(super) num: Option<(usize, usize)>,
    pub(super) base: Option<(usize, usize)>,
    pub(super) base_not_gong: Option<(usize, usize)>,
    pub(super) addend: Option<(usize, usize)>,
}

/// The rates a subject names, by index.
type Named = Box<[Packed]>;

/// A rate's non-empty [`RateMatch`] as the cache keeps it: the rate's index and the four
/// (end, length) pairs in 32 bits (offsets into one subject), 52 bytes instead of 104.
#[derive(Debug, Clone, Copy)]
struct Packed {
    rate: u32,
    at: [Option<(u32, u32)>; 4],
}

impl Packed {
    /// None when an offset does not fit (a subject over 4 GB): the cache then keeps the rate
    /// out and it reads as not named, which no real subject reaches.
    fn new(rate: usize, m: &RateMatch) -> Option<Packed> {
        let p = |x: Option<(usize, usize)>| -> Option<Option<(u32, u32)>> {
            match x {
                None => Some(None),
                Some((a, b)) => Some(Some((u32::try_from(a).ok()?, u32::try_from(b).ok()?))),
            }
        };
        Some(Packed {
            rate: u32::try_from(rate).ok()?,
            at: [p(m.num)?, p(m.base)?, p(m.base_not_gong)?, p(m.addend)?],
        })
    }
    fn unpack(&self) -> (usize, RateMatch) {
        let u = |x: Option<(u32, u32)>| x.map(|(a, b)| (a as usize, b as usize));
        (
            self.rate as usize,
            RateMatch {
                num: u(self.at[0]),
                base: u(self.at[1]),
                base_not_gong: u(self.at[2]),
                addend: u(self.at[3]),
            },
        )
    }
}

/// The [`RateMatch`] of `subject` for every rate of the catalog, in one pass over it.
#[cfg(test)]
pub(super) fn rate_matches(cat: &Catalog, subject: &str) -> Box<[RateMatch]> {
    let mut v = vec![RateMatch::default(); cat.rates.len()];
    for (k, m) in named_rates(cat, subject) {
        v[k] = m;
    }
    v.into_boxed_slice()
}

/// The rates `subject` names words of, with their non-empty [`RateMatch`], by index, in one
/// pass over it (most subjects name none: nothing is allocated for them).
#[cfg(test)]
pub(super) fn named_rates(cat: &Catalog, subject: &str) -> Vec<(usize, RateMatch)> {
    let mut v = vec![];
    named_rates_into(cat, subject, &mut v);
    v
}

/// [`named_rates`] into `v` (cleared first): a buffer kept between calls allocates nothing.
fn named_rates_into(cat: &Catalog, subject: &str, v: &mut Vec<(usize, RateMatch)>) {
    v.clear();
    // where each rate's entry is in `v` (a catalog has at most 64 rates)
    let mut slot = [u8::MAX; 64];
    for (w, a, b) in cat.rate_words.find_all(subject) {
        let [nums, bases, addends] = cat.rate_word_kinds[w];
        let m = Some((b, b - a));
        let before = &subject[..a];
        let gong = &cat.rate_words.words()[w] == "共";
        // 共 only as "in total" (共受理, 共计), not in 公共, 共同, 共享 …
        let gong_ok = !gong || {
            let prev = before.chars().next_back();
            let next = subject[b..].chars().next();
            !prev.is_some_and(|c| GONG_BEFORE.contains(&c))
                && !next.is_some_and(|c| c != '计' && GONG_AFTER.contains(&c))
        };
        let negated = before.ends_with('不') || before.ends_with("不予") || before.ends_with('未');
        // each rate whose bit is set in `mask`, by its index
        fn each(mut mask: u64, mut f: impl FnMut(usize)) {
            while mask != 0 {
                f(mask.trailing_zeros() as usize);
                mask &= mask - 1;
            }
        }
        // rate `k`'s entry, added when first met
        fn entry<'v>(
            slot: &mut [u8; 64],
            v: &'v mut Vec<(usize, RateMatch)>,
            k: usize,
        ) -> &'v mut RateMatch {
            if slot[k] == u8::MAX {
                slot[k] = v.len() as u8;
                v.push((k, RateMatch::default()));
            }
            &mut v[slot[k] as usize].1
        }
        let bump = |x: &mut Option<(usize, usize)>| *x = (*x).max(m);
        each(nums, |k| bump(&mut entry(&mut slot, v, k).num));
        if gong_ok && !negated {
            each(bases, |k| {
                let e = entry(&mut slot, v, k);
                bump(&mut e.base);
                if !gong {
                    bump(&mut e.base_not_gong);
                }
            });
        }
        each(addends, |k| bump(&mut entry(&mut slot, v, k).addend));
    }
    v.retain(|(_, m)| *m != RateMatch::default());
    v.sort_unstable_by_key(|&(k, _)| k);
}

impl<'a> Cx<'a> {
    /// (`parallel`: a long report's subjects are classified by two threads.)
    pub(super) fn new(
        f: &'a Figures,
        text: &'a str,
        cat: &'a Catalog,
        outline: &Outline,
        parallel: bool,
    ) -> Self {
        // each unit's number, by its name (a map: the names are short and compared for every
        // figure)
        let mut names: Map<&str, u16> = Map::default();
        let mut unit = Vec::with_capacity(f.figures.len());
        let mut countable = Vec::with_capacity(f.figures.len());
        for g in &f.figures {
            let row = f
                .sentences
                .get(g.sentence as usize)
                .is_some_and(|s| s.table_row);
            let id = match g.unit {
                // a bare number in a table row: its unit is the column's
                None if row => 1,
                None => 0,
                Some(u) => {
                    let next = names.len() as u16 + 2;
                    *names.entry(u).or_insert(next)
                }
            };
            unit.push(id);
            countable.push(g.checkable() && !g.is_percent() && units::is_count(g.unit) && id != 0);
        }
        // a single-character numeral in a list of figures of its unit ("街道工作站八个、社区
        // 工作室一百一十二个，合计一百二十个") is a part like the others
        for (i, g) in f.figures.iter().enumerate() {
            if g.weak
                && !g.in_parens
                && !g.in_quotes
                && g.range_with.is_none()
                && unit[i] != 0
                && units::is_count(g.unit)
                && f.in_sentence(g.sentence as usize)
                    .any(|j| j != i && countable[j] && unit[j] == unit[i])
            {
                countable[i] = true;
            }
        }
        let mut run_marks: Vec<usize> = outline
            .runs
            .iter()
            .flat_map(|r| r.members.iter().map(|m| m.marker.start))
            .collect();
        run_marks.sort_unstable();
        let class_of = |figs: &[Figure]| -> Vec<u32> {
            figs.iter().map(|g| classes(g.subject.text(text))).collect()
        };
        let n = f.figures.len();
        let class = if parallel && n >= super::PARALLEL_FROM {
            // two halves, on two threads
            let (a, b) = f.figures.split_at(n / 2);
            let (mut first, second) = std::thread::scope(|s| {
                let other = std::thread::Builder::new()
                    .name("gongwen-classes".into())
                    .spawn_scoped(s, || class_of(b))
                    .ok();
                let first = class_of(a);
                let second =
                    other.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
                (first, second)
            });
            first.extend(second.unwrap_or_else(|| class_of(b)));
            first
        } else {
            class_of(&f.figures)
        };
        let mut rate_names = vec![];
        let mut rate_at = Vec::with_capacity(f.figures.len() + 1);
        rate_at.push(0);
        for g in &f.figures {
            if g.is_percent() {
                rate_names.extend(vocab::rate_names(g.subject.text(text)));
            }
            // offsets fit: the figure table itself is indexed in 32 bits
            rate_at.push(rate_names.len() as u32);
        }
        let mut segment_starts: Vec<u32> = Vec::with_capacity(f.clauses.len());
        for (c, cl) in f.clauses.iter().enumerate() {
            // a clause opens a part when it follows ； or starts its sentence
            let opens =
                c == 0 || matches!(cl.sep, '；' | ';') || f.clauses[c - 1].sentence != cl.sentence;
            segment_starts.push(if opens {
                c as u32
            } else {
                segment_starts[c - 1]
            });
        }
        Cx {
            segment_starts,
            f,
            text,
            cat,
            countable,
            unit,
            class,
            rate_names,
            rate_at,
            run_marks,
            rate_matches: std::iter::repeat_with(std::sync::OnceLock::new)
                .take(f.figures.len())
                .collect(),
            keys: std::iter::repeat_with(|| AtomicU64::new(u64::MAX))
                .take(f.figures.len())
                .collect(),
        }
    }
}

impl<'a> Cx<'a> {
    /// Where figure `i`'s subject names the words of profile rate `k` (computed once per
    /// figure, for all rates).
    pub(super) fn rate_match(&self, i: usize, k: usize) -> RateMatch {
        self.packed(i)
            .iter()
            .find(|p| p.rate as usize == k)
            .map_or_else(RateMatch::default, |p| p.unpack().1)
    }

    /// The [`RateMatch`]es of figure `i` that are not empty, with their rate's index, by index.
    pub(super) fn rate_matches(&self, i: usize) -> impl Iterator<Item = (usize, RateMatch)> + '_ {
        self.packed(i).iter().map(Packed::unpack)
    }

    /// Figure `i`'s packed rate matches, computed when first asked.
    fn packed(&self, i: usize) -> &[Packed] {
        thread_local! {
            static NAMED: std::cell::RefCell<Vec<(usize, RateMatch)>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        self.rate_matches[i].get_or_init(|| {
            NAMED.with_borrow_mut(|v| {
                named_rates_into(self.cat, self.subj(i), v);
                let mut packed = Vec::with_capacity(v.len());
                packed.extend(v.iter().filter_map(|(k, m)| Packed::new(*k, m)));
                packed.into_boxed_slice()
            })
        })
    }

    pub(super) fn fig(&self, i: usize) -> &Figure {
        &self.f.figures[i]
    }
    pub(super) fn subj(&self, i: usize) -> &'a str {
        self.f.figures[i].subject.text(self.text)
    }
    /// Figure `i`'s subject reduced to what it counts ([`subject_key`]), computed once.
    pub(super) fn key(&self, i: usize) -> &'a str {
        // Relaxed: the value is all there is to it, and any thread computes the same one
        let known = self.keys[i].load(Ordering::Relaxed);
        if known != u64::MAX {
            return &self.text[(known >> 32) as usize..(known & 0xffff_ffff) as usize];
        }
        let key = subject_key(self.subj(i));
        // the key is a slice of the subject, itself in the text (32-bit offsets)
        let a = key.as_ptr() as usize - self.text.as_ptr() as usize;
        let b = a + key.len();
        self.keys[i].store(((a as u64) << 32) | b as u64, Ordering::Relaxed);
        key
    }
    /// The rate names in percentage `i`'s subject.
    pub(super) fn rates(&self, i: usize) -> &[&'a str] {
        &self.rate_names[self.rate_at[i] as usize..self.rate_at[i + 1] as usize]
    }
    /// The first clause of the ；-separated part of a sentence that clause `c` is in.
    pub(super) fn segment_start(&self, c: usize) -> usize {
        self.segment_starts[c] as usize
    }
    /// The word classes of figure `i`'s subject.
    pub(super) fn cls(&self, i: usize) -> u32 {
        self.class[i]
    }
    pub(super) fn clause_text(&self, c: usize) -> &str {
        self.f.clauses[c].span.text(self.text)
    }
    pub(super) fn table_row(&self, i: usize) -> bool {
        self.f
            .sentences
            .get(self.fig(i).sentence as usize)
            .is_some_and(|s| s.table_row)
    }
    /// A figure that can be a count in a sum or a rate.
    pub(super) fn countable(&self, i: usize) -> bool {
        self.countable[i]
    }
    pub(super) fn same_unit(&self, a: usize, b: usize) -> bool {
        self.unit[a] == self.unit[b] && self.unit[a] != 0
    }
    pub(super) fn all_exact(&self, figs: &[usize]) -> bool {
        figs.iter().all(|&i| self.fig(i).approx == Approx::Exact)
    }

    pub(super) fn sum_check(
        &self,
        target: usize,
        parts: &[usize],
        exhaustive: bool,
        label: &str,
    ) -> Check {
        let t = self.fig(target);
        let (tlo, thi) = t.interval();
        let (mut lo, mut hi, mut central) = (0.0, 0.0, 0.0);
        for &p in parts {
            let (a, b) = self.fig(p).interval();
            lo += a;
            hi += b;
            central += self.fig(p).value;
        }
        let tol = EPS * (1.0 + central.abs());
        let ok = if exhaustive {
            lo <= thi + tol && hi >= tlo - tol
        } else {
            lo <= thi + tol
        };
        let replacement = (!ok && exhaustive && self.all_exact(parts) && self.all_exact(&[target]))
            .then(|| display::like(t, self.text, central, None))
            .flatten();
        Check {
            kind: CheckKind::Sum,
            target,
            inputs: parts.to_vec(),
            computed: central,
            ok,
            exhaustive,
            label: label.to_string(),
            replacement,
        }
    }

    /// A rate against its numerator (one figure, or several added up: 优秀 + 合格 for a
    /// 合格率) and its base. `fix`: offer the computed rate as a replacement when it fails.
    pub(super) fn rate_check(
        &self,
        rate: usize,
        nums: &[usize],
        base: usize,
        label: &str,
        fix: bool,
    ) -> Check {
        let r = self.fig(rate);
        let (mut nlo, mut nhi, mut nv) = (0.0, 0.0, 0.0);
        for &n in nums {
            let (a, b) = self.fig(n).interval();
            nlo += a;
            nhi += b;
            nv += self.fig(n).value;
        }
        let (blo, bhi) = self.fig(base).interval();
        let (rlo, rhi) = r.interval();
        let lo = if bhi.is_finite() && bhi > 0.0 {
            nlo.max(0.0) / bhi * 100.0
        } else {
            0.0
        };
        let hi = if blo > 0.0 {
            nhi / blo * 100.0
        } else {
            f64::INFINITY
        };
        let central = nv / self.fig(base).value * 100.0;
        let tol = 1e-7;
        let ok = lo <= rhi + tol && hi >= rlo - tol;
        let replacement = (!ok && fix && self.all_exact(nums) && self.all_exact(&[rate, base]))
            .then(|| {
                let (v, d) = rate_rounded(central, r.decimals);
                display::like(r, self.text, v, Some(d))
            })
            .flatten();
        let mut inputs = Vec::with_capacity(nums.len() + 1);
        inputs.extend_from_slice(nums);
        inputs.push(base);
        Check {
            kind: CheckKind::Rate,
            target: rate,
            inputs,
            computed: central,
            ok,
            exhaustive: false,
            label: label.to_string(),
            replacement,
        }
    }
}

/// A computed rate rounded to the decimals the stated one shows; 100% and 0% are written
/// without decimals (not 100.0%).
pub(crate) fn rate_rounded(v: f64, decimals: u8) -> (f64, u8) {
    let p = 10f64.powi(decimals as i32);
    let r = (v * p).round() / p;
    if r == 100.0 || r == 0.0 {
        (r, 0)
    } else {
        (r, decimals)
    }
}
