//! Rates and shares: a …率 against the counts it is computed from, "占 X%" after a part of a
//! total.
//!
//! A rate the profile defines (`[[figures.rates]]`: 办结率 = 办结 ÷ 受理/转办, 出庭应诉率 = 出庭 ÷
//! 开庭审理/通知出庭, 纠错率 = 纠错 ÷ 审结 …) is recomputed only on the base the profile names
//! for it, stated in the rate's sentence or earlier in its paragraph (within its 一是/二是 run).
//! Every reading that uses such a base is tried before a rate is flagged (several numerators
//! added up: 优秀 + 合格 for a 合格率; several bases: 收到 and 受理). When no named base is
//! stated the rate is never flagged: it passes when another count of its sentence gives it, and
//! otherwise gets a [`RateNote`] (未写明分母). Rates the profile does not define are only
//! confirmed, never flagged.
//!
//! A share ("占 X%", "刑事案件占比 X%", "……中，N项……，占比 X%") is checked against its part
//! and every plausible total: the total it names (占清理总数的), the total of a 其中 list the
//! part belongs to, the N of "N项……中", the totals before a 其中 (also across "。其中，"). It
//! is flagged only when no plausible total gives it and the total is certain enough: named,
//! the total of the part's list, "N项……中" or the total a 其中 refers to.

use super::cx::RateMatch;
use super::sums::segment_start;
use super::vocab::*;
use super::*;

/// A rate whose profile-named base is not stated near it, and that no other count of its
/// sentence gives: an information note, never an error.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RateNote {
    /// The rate figure.
    pub rate: usize,
    /// The numerator stated beside it.
    pub numerator: usize,
    /// The rate's name (出庭应诉率).
    pub label: String,
    /// The base the profile names for it, for the message (开庭审理、通知出庭).
    pub base_words: String,
}

/// What a figure is to a rate: its numerator, its base, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Num,
    Base,
}

/// The last occurrence of `w` in `s`, found from its first character (a memrchr): cheaper than
/// `str::rfind` on the short subjects of figures, which builds a two-way searcher per call.
fn rfind_word(s: &str, w: &str) -> Option<usize> {
    let first = w.chars().next()?;
    s.rmatch_indices(first)
        .map(|(k, _)| k)
        .find(|&k| s[k..].starts_with(w))
}

/// The role of a subject for a rate, from the last numerator word and the last base word
/// found in it: the word nearest the figure decides ("受理的案件审结" is a count of 审结; "通知
/// 负责人出庭的" is a base of 出庭应诉率), a longer word wins a tie. A negated base (不予受理,
/// 未受理) is no base ([`super::cx::RateMatch`]).
fn role_of(n: Option<(usize, usize)>, b: Option<(usize, usize)>) -> Option<Role> {
    match (n, b) {
        (Some(_), None) => Some(Role::Num),
        (None, Some(_)) => Some(Role::Base),
        (Some((ne, nl)), Some((be, bl))) => {
            if ne > be || (ne == be && nl >= bl) {
                Some(Role::Num)
            } else {
                Some(Role::Base)
            }
        }
        (None, None) => None,
    }
}

/// Does figure `j` count within figure `q`: is `j` the numerator of a rate the profile defines
/// and `q` its base ("开庭审理61件" then "负责人出庭应诉61件")?
/// 共 names a total, not a base a part can be nested in.
pub(super) fn nested_in(cx: &Cx, j: usize, q: usize) -> bool {
    cx.rate_matches(j).any(|(k, a)| {
        let b = cx.rate_match(q, k);
        role_of(a.num, a.base_not_gong) == Some(Role::Num)
            && role_of(b.num, b.base_not_gong) == Some(Role::Base)
    })
}

/// The sentences a rate's base may be stated in, nearest first: its own, then the earlier ones
/// of its paragraph back to the start of its 一是/二是 run.
fn base_sentences(cx: &Cx, p: usize) -> Vec<usize> {
    let fp = cx.fig(p);
    let s = fp.sentence as usize;
    let block = cx.f.sentences[s].block;
    // the run marker before the rate, if any: the base must come after it
    let k = cx
        .run_marks
        .partition_point(|&m| m <= fp.span.start as usize);
    let floor = if k > 0 { cx.run_marks[k - 1] } else { 0 };
    let mut v = vec![s];
    let mut t = s;
    while t > 0 {
        t -= 1;
        let st = &cx.f.sentences[t];
        if st.block != block || st.span.end as usize <= floor || st.table_row {
            break;
        }
        v.push(t);
    }
    v
}

/// 办结率 99.2% against 办结 ÷ 受理; shares ("占 60.9%"). `figs` are the figures of the
/// sentence, `ext` the same with the figures of the previous sentence before them when the
/// sentence opens with 其中.
pub(super) fn rates(
    cx: &Cx,
    figs: &[usize],
    ext: &[usize],
    sums: &[Check],
    out: &mut Vec<Check>,
    notes: &mut Vec<RateNote>,
) {
    for &p in figs {
        let fp = cx.fig(p);
        if !fp.is_percent() || !fp.checkable() {
            continue;
        }
        let subj = cx.subj(p);
        if cx.cat.change_words.is_match(subj) {
            continue;
        }
        if cx.rates(p).is_empty() && subj.contains('占') {
            share(cx, figs, ext, sums, p, out);
            continue;
        }
        for &name in cx.rates(p) {
            match cx.cat.rate_index(name) {
                Some(k) => defined_rate(cx, figs, p, name, k, out, notes),
                None => generic_rate(cx, figs, p, name, out),
            }
        }
    }
}

/// How many figures before a rate are looked at for its count and base.
const MAX_BACK: usize = 32;

/// A rate the profile defines: its numerators (or their sum), over a base the profile names,
/// in its sentence or earlier in the paragraph; else over another count of the sentence.
fn defined_rate(
    cx: &Cx,
    figs: &[usize],
    p: usize,
    name: &str,
    k: usize,
    out: &mut Vec<Check>,
    notes: &mut Vec<RateNote>,
) {
    let def = &cx.cat.rates[k];
    let stem = name.trim_end_matches('率');
    let bases: Vec<&str> = def.bases.iter().map(String::as_str).collect();
    let stem_pending = pending(classes(stem));
    // the nearest countable figures before the rate: a count and its base are never far from
    // it, and a sentence of thousands of figures must not cost figures × rates
    // (`figs` is in text order: start right before the rate, not at the sentence's end)
    let end = figs.partition_point(|&i| i < p);
    let mut before: Vec<usize> = figs[..end]
        .iter()
        .rev()
        .copied()
        .filter(|&i| cx.countable(i))
        .take(MAX_BACK)
        .collect();
    before.reverse();
    let ok_state = |i: usize| !pending(cx.cls(i)) || stem_pending;
    // the last match of a word of the rate's own stem in a subject
    let stem_at = |i: usize, w: &str| {
        let subj = cx.subj(i);
        rfind_word(subj, w).map(|a| (a + w.len(), w.len()))
    };
    let nums = numerators(cx, &before, stem, k, &ok_state);
    let Some(&n0) = nums.first() else { return };
    // a count named by any of the rate's words (its numerators, its stem, its addends)
    let any_num = |i: usize, m: &RateMatch| m.num.max(m.addend).max(stem_at(i, stem));
    // every numerator-like count of the rate's ；-part: the addends of a combined reading
    let seg = segment_start(cx, cx.fig(p).clause as usize);
    let addends: Vec<usize> = before
        .iter()
        .copied()
        .filter(|&i| {
            cx.fig(i).clause as usize >= seg
                && cx.same_unit(i, n0)
                && {
                    let m = cx.rate_match(i, k);
                    role_of(any_num(i, &m), m.base) == Some(Role::Num)
                }
                && ok_state(i)
        })
        .collect();
    // bases named by the profile, in the sentence and earlier in the paragraph, nearest first
    // the readings: each numerator alone, all numerator-like counts of the part added up, and
    // each pair of neighbouring ones
    let mut readings: Vec<Vec<usize>> = nums.iter().map(|&n| vec![n]).collect();
    if addends.len() >= 2 {
        readings.push(addends.clone());
        for w in addends.windows(2) {
            readings.push(w.to_vec());
        }
    }
    // bases named by the profile, in the sentence and earlier in the paragraph, nearest first;
    // the earlier sentences are read only while no reading holds
    let mut named: Vec<usize> = vec![];
    for s in base_sentences(cx, p) {
        let from = named.len();
        // the sentence's figures before the rate, nearest first, at most MAX_BACK candidates
        // (figures are ordered by sentence: a range found by binary search, not a scan)
        let lo = cx.f.figures.partition_point(|f| (f.sentence as usize) < s);
        let hi = p.min(cx.f.figures.partition_point(|f| f.sentence as usize <= s));
        named.extend(
            (lo..hi.max(lo))
                .rev()
                .filter(|&i| cx.countable(i) && cx.same_unit(i, n0))
                .take(MAX_BACK)
                .filter(|&i| {
                    // a base word first: most counts name none, and need no stem search
                    let m = cx.rate_match(i, k);
                    m.base.is_some() && role_of(any_num(i, &m), m.base) == Some(Role::Base)
                }),
        );
        for r in &readings {
            for &b in &named[from..] {
                if r.contains(&b) {
                    continue;
                }
                let c = cx.rate_check(p, r, b, name, false);
                if c.ok {
                    out.push(c);
                    return;
                }
            }
        }
    }
    if !named.is_empty() {
        out.extend(nearest_reading(cx, p, name, &bases, &named, &readings, n0));
        return;
    }
    // no named base: another count of the sentence may give the rate (accepted as is)
    let others: Vec<usize> = before
        .iter()
        .copied()
        .filter(|&i| !addends.contains(&i) && !nums.contains(&i) && cx.same_unit(i, n0))
        .collect();
    for r in &readings {
        for &b in others.iter().rev() {
            let c = cx.rate_check(p, r, b, name, false);
            if c.ok {
                out.push(c);
                return;
            }
        }
    }
    if !others.is_empty() {
        notes.push(RateNote {
            rate: p,
            numerator: n0,
            label: name.to_string(),
            base_words: base_words(&def.bases),
        });
    }
}

/// The first three bases a profile names for a rate, as the note says them before "的数量":
/// without a trailing 的 ("出庭的" reads "出庭", not "出庭的的数量") and each once.
fn base_words(bases: &[String]) -> String {
    let mut words: Vec<&str> = vec![];
    for w in bases.iter().map(|w| w.trim_end_matches('的')) {
        if w.chars().count() >= 2 && !words.contains(&w) {
            words.push(w);
        }
        if words.len() == 3 {
            break;
        }
    }
    words.join("、")
}

/// No reading holds over a base the profile names: the check against the base of highest
/// priority (the profile's order, nearest first) with the reading nearest the stated rate; an
/// automatic fix only when there was one reading.
fn nearest_reading(
    cx: &Cx,
    p: usize,
    name: &str,
    bases: &[&str],
    named: &[usize],
    readings: &[Vec<usize>],
    n0: usize,
) -> Option<Check> {
    let ambiguous = readings.len() > 1;
    // none holds: the base of highest priority (the profile's order), nearest first
    let rank = |b: usize| {
        bases
            .iter()
            .position(|w| cx.subj(b).contains(w))
            .unwrap_or(usize::MAX)
    };
    let n0v = cx.fig(n0).value;
    let &b = named
        .iter()
        .filter(|&&b| b != n0 && cx.fig(b).value >= n0v)
        .min_by_key(|&&b| rank(b))?;
    // with several readings, the one nearest the stated rate, and no automatic fix
    let stated = cx.fig(p).value;
    readings
        .iter()
        .filter(|r| !r.contains(&b))
        .map(|r| cx.rate_check(p, r, b, name, !ambiguous))
        .min_by(|x, y| {
            (x.computed - stated)
                .abs()
                .total_cmp(&(y.computed - stated).abs())
        })
}

/// The numerators of rate `k` among `before` (countable figures before it, in text order),
/// nearest first: counts named by the rate's own stem (按期办结 for 按期办结率), else by its
/// endings (合格 for 案卷合格率), else by the profile's numerator words.
fn numerators(
    cx: &Cx,
    before: &[usize],
    stem: &str,
    k: usize,
    ok_state: &dyn Fn(usize) -> bool,
) -> Vec<usize> {
    // the last match of a word of the rate's own stem in a subject
    let stem_at = |i: usize, w: &str| {
        let subj = cx.subj(i);
        rfind_word(subj, w).map(|a| (a + w.len(), w.len()))
    };
    let cs: Vec<(usize, char)> = stem.char_indices().collect();
    let mut nums: Vec<usize> = vec![];
    // a subject holding a longer ending of the stem holds its last two characters too
    let tail2 = cs.len().checked_sub(2).map(|c| &stem[cs[c].0..]);
    let stemmed: Vec<usize> = match tail2 {
        Some(w) => before
            .iter()
            .rev()
            .copied()
            .filter(|&i| rfind_word(cx.subj(i), w).is_some())
            .collect(),
        None => vec![],
    };
    for c in 0..cs.len().saturating_sub(1) {
        if stemmed.is_empty() {
            break;
        }
        let w = &stem[cs[c].0..];
        nums = stemmed
            .iter()
            .copied()
            .filter(|&i| {
                // the stem first: most subjects lack it, and their rate words need no search
                stem_at(i, w)
                    .is_some_and(|n| role_of(Some(n), cx.rate_match(i, k).base) == Some(Role::Num))
                    && ok_state(i)
            })
            .collect();
        if !nums.is_empty() {
            break;
        }
    }
    if nums.is_empty() {
        nums = before
            .iter()
            .rev()
            .copied()
            .filter(|&i| {
                let m = cx.rate_match(i, k);
                role_of(m.num, m.base) == Some(Role::Num) && ok_state(i)
            })
            .collect();
    }
    nums
}

/// A rate the profile does not define: confirmed from its own name (调解结案率 = 调解结案 ÷ …)
/// when a count of its ；-part gives it; never flagged.
fn generic_rate(cx: &Cx, figs: &[usize], p: usize, name: &str, out: &mut Vec<Check>) {
    let stem = name.trim_end_matches('率');
    let seg = segment_start(cx, cx.fig(p).clause as usize);
    // figures before the rate back to the segment's start (`figs` is in text order)
    let end = figs.partition_point(|&i| i < p);
    let mut counts: Vec<usize> = figs[..end]
        .iter()
        .rev()
        .copied()
        .take_while(|&i| cx.fig(i).clause as usize >= seg)
        .filter(|&i| cx.countable(i))
        .collect();
    counts.reverse();
    let cs: Vec<(usize, char)> = stem.char_indices().collect();
    let words: Vec<&str> = (0..cs.len().saturating_sub(1))
        .map(|k| &stem[cs[k].0..])
        .collect();
    for &n in counts.iter().rev() {
        if !words.iter().any(|w| words::has(cx.subj(n), w)) {
            continue;
        }
        for &b in counts.iter().rev() {
            if b == n || !cx.same_unit(b, n) {
                continue;
            }
            let c = cx.rate_check(p, &[n], b, name, false);
            if c.ok {
                out.push(c);
                return;
            }
        }
    }
}

/// Where a share's subject names its part and its total: "废止件数占清理总数的" → ("废止",
/// "清理"); "刑事案件占比" → ("刑事案件", ""); "占" → ("", "").
fn share_names(subject: &str) -> (&str, &str) {
    let subject = subject_key(subject);
    let Some(k) = subject.rfind('占') else {
        return ("", "");
    };
    let mut part = strip_lead(&subject[..k]);
    part = part.trim_start_matches(|c: char| !crate::text::is_han(c));
    for w in ["件数", "数量", "数", "的"] {
        part = part.strip_suffix(w).unwrap_or(part);
    }
    let mut total = &subject[k + '占'.len_utf8()..];
    for w in [
        "比",
        "的比例",
        "的比重",
        "的",
        "比例",
        "比重",
        "总数",
        "总量",
        "总额",
        "全部",
    ] {
        total = total.strip_suffix(w).unwrap_or(total);
    }
    for w in ["全部", "全年", "所有"] {
        total = total.strip_prefix(w).unwrap_or(total);
    }
    for w in ["总数", "总量", "的"] {
        total = total.strip_suffix(w).unwrap_or(total);
    }
    (part, total)
}

/// The 其中 a part falls under, if any: the last 其中 before it in its ；-part of the sentence,
/// or the 其中 the sentence opens with (which governs the whole sentence: "其中，行政处罚类46件，
/// 占38.3%；行政强制类18件，占15%"). Returns where the 其中 is.
fn qizhong_before(cx: &Cx, n: usize) -> Option<usize> {
    let fnn = cx.fig(n);
    let sentence = cx.f.sentences[fnn.sentence as usize].span.wide();
    let seg = cx.f.clauses[segment_start(cx, fnn.clause as usize)]
        .span
        .start as usize;
    let in_part = &cx.text[seg.min(fnn.span.start as usize)..fnn.span.start as usize];
    if let Some(k) = in_part.rfind("其中") {
        return Some(seg + k);
    }
    let head =
        cx.text[sentence.start..fnn.span.start as usize].trim_start_matches(crate::text::is_space);
    head.starts_with("其中")
        .then(|| sentence.start + (fnn.span.start as usize - sentence.start - head.len()))
}

/// 其中维持28件，占60.9%: the part over its total.
pub(super) fn share(
    cx: &Cx,
    figs: &[usize],
    ext: &[usize],
    sums: &[Check],
    p: usize,
    out: &mut Vec<Check>,
) {
    let subj = cx.subj(p);
    let (part_name, total_name) = share_names(subj);
    let sentence = cx.fig(p).sentence;
    // the part: the count the share names, else the nearest count before it with no other
    // percentage between
    let before: Vec<usize> = ext
        .iter()
        .copied()
        .filter(|&j| j < p && cx.countable(j))
        .collect();
    let n = if part_name.chars().count() >= 2 {
        before.iter().rev().copied().find(|&j| {
            let k = cx.key(j);
            k.chars().count() >= 2 && (k.contains(part_name) || part_name.contains(k))
        })
    } else {
        let last_pct = figs
            .iter()
            .copied()
            .filter(|&j| j < p && cx.fig(j).is_percent())
            .max();
        before
            .iter()
            .rev()
            .copied()
            .find(|&j| cx.fig(j).sentence == sentence)
            .filter(|&j| last_pct.is_none_or(|q| j > q))
    };
    let Some(n) = n else { return };
    let nv = cx.fig(n).value;
    let total_of = |b: usize| b != n && b < n && cx.same_unit(b, n) && cx.fig(b).value >= nv;
    // the plausible totals, most certain first; each tier says whether it is certain enough
    // to flag on
    let mut tiers: Vec<(Vec<usize>, bool)> = vec![];
    if total_name.chars().count() >= 2 {
        let named: Vec<usize> = before
            .iter()
            .rev()
            .copied()
            .filter(|&b| total_of(b) && cx.subj(b).contains(total_name))
            .collect();
        tiers.push((named, true));
    }
    // the total of a list the part is in (a 其中 with the part alone says no more than the
    // 其中 itself, below)
    let in_sum: Vec<usize> = sums
        .iter()
        .filter(|c| c.kind == CheckKind::Sum && c.ok && c.inputs.contains(&n))
        .filter(|c| c.inputs.len() >= 2 || c.exhaustive)
        .map(|c| c.target)
        .filter(|&b| cx.same_unit(b, n))
        .collect();
    tiers.push((in_sum, true));
    // 2418项行政执法事项中，2331项……
    let zhong: Vec<usize> = before
        .iter()
        .rev()
        .copied()
        .filter(|&b| total_of(b) && cx.fig(b).tail.text(cx.text).ends_with('中'))
        .collect();
    tiers.push((zhong, true));
    // the totals a 其中 refers to: at a sentence start, the last count of the sentence before;
    // otherwise the first count of the sentence (what the sentence is about)
    if let Some(q) = qizhong_before(cx, n) {
        let sentence_start = cx.f.sentences[sentence as usize].span.start as usize;
        let opens = cx.text[sentence_start..q]
            .trim_matches(|c: char| crate::text::is_space(c) || matches!(c, '，' | ','))
            .is_empty();
        let mut t: Vec<usize> = before
            .iter()
            .copied()
            .filter(|&b| total_of(b) && cx.fig(b).span.end as usize <= q)
            .collect();
        if opens {
            t.reverse();
        }
        tiers.push((t, true));
    }
    // anything else before the part: confirms, never flags
    let rest: Vec<usize> = before
        .iter()
        .rev()
        .copied()
        .filter(|&b| total_of(b) && cx.fig(b).sentence == sentence)
        .collect();
    tiers.push((rest, false));
    for (cands, _) in &tiers {
        for &b in cands {
            let c = cx.rate_check(p, &[n], b, "占比", false);
            if c.ok {
                out.push(c);
                return;
            }
        }
    }
    if let Some((cands, _)) = tiers.iter().find(|(c, sure)| *sure && !c.is_empty()) {
        let unique = cands.len() == 1;
        out.push(cx.rate_check(p, &[n], cands[0], "占比", unique));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The role of `subject` for the profile's rate named `name`.
    fn role(name: &str, subject: &str) -> Option<Role> {
        let p = crate::profile::Profile::default_profile();
        let k = p.figures.rate_index(name).expect("a profile rate");
        let m = super::super::cx::rate_matches(&p.figures, subject)[k];
        role_of(m.num, m.base)
    }

    #[test]
    fn the_word_nearest_the_figure_decides_the_role() {
        assert_eq!(role("结案率", "受理的案件审结"), Some(Role::Num));
        assert_eq!(role("结案率", "全年受理行政复议案件"), Some(Role::Base));
        assert_eq!(role("办结率", "不予受理"), None);
        assert_eq!(role("办结率", "全年共计"), Some(Role::Base));
        assert_eq!(role("办结率", "公共法律服务"), None);
        assert_eq!(
            role("出庭应诉率", "其中法院通知行政机关负责人出庭的"),
            Some(Role::Base)
        );
        assert_eq!(role("出庭应诉率", "法院开庭审理"), Some(Role::Base));
        assert_eq!(
            role("出庭应诉率", "行政机关负责人出庭应诉"),
            Some(Role::Num)
        );
        assert_eq!(role("出庭应诉率", "一审行政诉讼案件"), None);
        assert_eq!(role("纠错率", "审结案件中直接纠错"), Some(Role::Num));
        assert_eq!(role("调解成功率", "调解矛盾纠纷"), Some(Role::Base));
        assert_eq!(role("调解成功率", "调解成功"), Some(Role::Num));
    }

    #[test]
    fn shares_name_their_part_and_total() {
        assert_eq!(share_names("废止件数占清理总数的"), ("废止", "清理"));
        assert_eq!(share_names("刑事案件占比"), ("刑事案件", ""));
        assert_eq!(share_names("其中女性干部占比达"), ("女性干部", ""));
        assert_eq!(share_names("占"), ("", ""));
        assert_eq!(share_names("占受理总数的"), ("", "受理"));
    }
}
