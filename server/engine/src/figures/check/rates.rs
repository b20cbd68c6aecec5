//! Rates and shares: 办结率 against its counts, "占 X%" after a part of a total.

use super::sums::segment_start;
use super::vocab::*;
use super::*;

/// 办结率 99.2% against 办结 ÷ 受理; "占 60.9%" after a part. The counts are those before the
/// rate in its ；-separated part of the sentence (or its table row).
pub(super) fn rates(cx: &Cx, figs: &[usize], sums: &[Check], out: &mut Vec<Check>) {
    for &p in figs {
        let fp = cx.fig(p);
        if !fp.is_percent() || !fp.checkable() {
            continue;
        }
        let seg = segment_start(cx, fp.clause);
        let counts: Vec<usize> = figs
            .iter()
            .copied()
            .filter(|&i| i < p && cx.countable(i) && cx.fig(i).clause >= seg)
            .collect();
        let subj = cx.subj(p);
        if cx.cat.change_words.is_match(subj) {
            continue;
        }
        if subj.starts_with('占') {
            share(cx, figs, sums, p, out);
            continue;
        }
        for &name in cx.rates(p) {
            let stem = name.trim_end_matches('率');
            let def = cx.cat.rate(name);
            let mut num_words: Vec<&str> = vec![];
            if stem.chars().count() >= 2 {
                num_words.push(stem);
            }
            match def {
                Some(d) => num_words.extend(d.numerators.iter().map(String::as_str)),
                None => {
                    // the stem's own endings: 行政复议调解结案 → 调解结案, 结案
                    let cs: Vec<(usize, char)> = stem.char_indices().collect();
                    for k in 1..cs.len().saturating_sub(1) {
                        num_words.push(&stem[cs[k].0..]);
                    }
                }
            }
            let base_words: Vec<&str> = match def {
                Some(d) if !d.bases.is_empty() => d.bases.iter().map(String::as_str).collect(),
                _ => GENERIC_BASES.to_vec(),
            };
            let nums: Vec<usize> = counts
                .iter()
                .copied()
                .filter(|&n| {
                    let s = cx.subj(n);
                    num_words.iter().any(|w| words::has(s, w))
                        && (!pending(cx.cls(n)) || pending(classes(stem)))
                })
                .collect();
            let mut best: Option<Check> = None;
            let mut strong_fail: Option<Check> = None;
            for &n in nums.iter().rev() {
                let strong: Vec<usize> = counts
                    .iter()
                    .copied()
                    .filter(|&b| {
                        b != n
                            && cx.same_unit(b, n)
                            && !nums.contains(&b)
                            && base_words.iter().any(|w| words::has(cx.subj(b), w))
                    })
                    .collect();
                let weak: Vec<usize> = counts
                    .iter()
                    .copied()
                    .filter(|&b| b != n && cx.same_unit(b, n) && !strong.contains(&b))
                    .collect();
                for &b in strong.iter().rev().chain(weak.iter().rev()) {
                    let c = cx.rate_check(p, n, b, name);
                    if c.ok {
                        best = Some(c);
                        break;
                    }
                }
                if best.is_some() {
                    break;
                }
                if strong_fail.is_none() {
                    // the base nearest before the numerator, else the nearest one
                    if let Some(&b) = strong
                        .iter()
                        .rev()
                        .find(|&&b| b < n)
                        .or_else(|| strong.last())
                    {
                        if cx.fig(b).value >= cx.fig(n).value {
                            strong_fail = Some(cx.rate_check(p, n, b, name));
                        }
                    }
                }
            }
            if let Some(c) = best.or(strong_fail) {
                out.push(c);
            }
        }
    }
}

/// 其中维持28件，占60.9%: the part over its total.
pub(super) fn share(cx: &Cx, figs: &[usize], sums: &[Check], p: usize, out: &mut Vec<Check>) {
    let Some(&n) = figs
        .iter()
        .rev()
        .find(|&&j| j < p && cx.countable(j) && cx.fig(j).clause + 1 == cx.fig(p).clause)
    else {
        return;
    };
    let subj = cx.subj(p);
    let base = sums
        .iter()
        .find(|c| c.inputs.contains(&n) && c.ok)
        .map(|c| c.target)
        .or_else(|| {
            let named: Vec<&str> = INTAKE
                .iter()
                .copied()
                .filter(|w| words::has(subj, w))
                .collect();
            figs.iter().rev().copied().find(|&b| {
                b < n
                    && cx.countable(b)
                    && cx.same_unit(b, n)
                    && cx.fig(b).value >= cx.fig(n).value
                    && if named.is_empty() {
                        total_word_in(cx.subj(b), cx.cls(b)).is_some() || intake(cx.cls(b))
                    } else {
                        named.iter().any(|w| words::has(cx.subj(b), w))
                    }
            })
        });
    if let Some(b) = base {
        out.push(cx.rate_check(p, n, b, "占比"));
    }
}

/// Is this percentage (its subject and the rate names in it) a level, a rate or share, not a
/// change?
pub(super) fn is_level_rate(subject: &str, names: &[&str], cat: &Catalog) -> bool {
    let rateish = subject.contains('率')
        || SHARE_WORDS.iter().any(|w| words::has(subject, w))
        || subject.starts_with('占');
    rateish
        && !cat.change_words.is_match(subject)
        && !names
            .iter()
            .any(|n| cat.may_exceed_100.iter().any(|m| n.ends_with(m.as_str())))
}

/// The name of a share whose subject has no …率: up to its 占比/比例/比重 ("居住小区污水零直排
/// 比例从" → "居住小区污水零直排比例"), or 占比 for "占 X%".
pub(super) fn share_label(subject: &str) -> String {
    let end = SHARE_WORDS
        .iter()
        .filter_map(|w| subject.rfind(w).map(|k| k + w.len()))
        .max();
    match end {
        Some(e) => subject_key(&subject[..e]).to_string(),
        None => "占比".to_string(),
    }
}

/// Words that make a percentage a share.
pub(super) const SHARE_WORDS: &[&str] = &["占比", "比例", "比重", "百分比", "压缩比"];
