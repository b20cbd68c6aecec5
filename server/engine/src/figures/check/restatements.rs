//! The same indicator stated twice with values that cannot both be true.
//!
//! An indicator is a rate named after a catalog indicator (负责人出庭应诉率), a count whose subject names a
//! catalog indicator (受理行政复议案件), or a count of cases coming in named specifically
//! enough (受理环境信访投诉: an intake verb and at least four characters of what came in). Other
//! counts are compared when their subjects end with the same specific noun phrase in the same
//! scope, in two paragraphs (see [`phrase_restatements`]).

use crate::figures::{Sentence, YearMark};
use std::borrow::Cow;

use super::vocab::*;
use super::*;

/// Verbs of cases coming in: a count after one of them, of a specific kind, is an indicator a
/// report states once (受理环境信访投诉1268件).
const INTAKE_VERBS: &[&str] = &[
    "受理", "收到", "立案", "承办", "接收", "登记", "受办", "新收", "收案",
];

/// Units of cases.
const CASE_UNITS: &[&str] = &["件", "起", "宗", "件次", "批次"];

/// Words that say nothing about what was received (相关事项, 各类案件, 群众诉求).
const GENERIC_OBJECTS: &[&str] = &[
    "相关", "有关", "各类", "各项", "其他", "事项", "案件", "问题", "工作", "申请", "诉求", "群众",
    "意见", "建议", "线索", "材料", "业务", "办件",
];

static GENERIC_WORDS: std::sync::LazyLock<crate::words::WordSet> =
    std::sync::LazyLock::new(|| crate::words::WordSet::new(GENERIC_OBJECTS));

/// Is `key` a count of cases coming in, named specifically: an intake verb followed by at least
/// four characters naming what came in, three of them more than generic words (受理环境信访投诉,
/// not 受理相关事项)?
fn intake_indicator(key: &str, unit: Option<&str>) -> bool {
    // the first occurrence of each verb, found in one pass (most subjects have none)
    let mut tried = 0u32;
    unit.is_some_and(|u| CASE_UNITS.contains(&u))
        && INTAKE_WORDS.find_all(key).any(|(v, _, end)| {
            let first = tried & (1 << v) == 0;
            tried |= 1 << v;
            first && {
                let (han, specific) = han_chars(&key[end..]);
                han >= 4 && specific >= 3
            }
        })
}

/// [`INTAKE_VERBS`], overlapping.
static INTAKE_WORDS: std::sync::LazyLock<crate::words::OverlapSet> =
    std::sync::LazyLock::new(|| crate::words::OverlapSet::new(INTAKE_VERBS));

/// How many Chinese characters of `s` are more than generic words (受理相关事项: 受理 only).
fn specific_chars(s: &str) -> usize {
    han_chars(s).1
}

/// The Chinese characters of `s`, and how many of them are more than generic words.
fn han_chars(s: &str) -> (usize, usize) {
    let han = s.chars().filter(|&c| crate::text::is_han(c)).count();
    // Chinese characters are three bytes long
    let generic: usize = GENERIC_WORDS
        .find_iter(s)
        .map(|(_, a, b)| (b - a) / 3)
        .sum();
    (han, han.saturating_sub(generic))
}

/// What a part of a 其中 list counts when its subject is only a verb: the verb and what its
/// total counts ("收到行政复议申请171件，其中，受理156件" → 受理行政复议申请). `totals[i]`: the
/// total of the first sum that holds with figure `i` among its parts.
fn inherited_key(cx: &Cx, i: usize, totals: &[Option<usize>]) -> Option<String> {
    let k = cx.key(i);
    if k.chars().count() > 2 || !INTAKE_VERBS.iter().chain(DONE).any(|v| *v == k) {
        return None;
    }
    let total = totals[i]?;
    let tk = cx.key(total);
    INTAKE_VERBS.iter().find_map(|v| {
        let at = words::find(tk, v)? + v.len();
        let object = &tk[at..];
        (object.chars().filter(|&c| crate::text::is_han(c)).count() >= 4)
            .then(|| format!("{k}{object}"))
    })
}

/// A key without the noun that ends it when that noun only says "cases": 受理行政复议申请 and
/// 受理行政复议案件 count the same thing.
fn core_key(key: &str) -> &str {
    for w in ["申请", "案件"] {
        if let Some(r) = key.strip_suffix(w) {
            if r.chars().count() >= 4 {
                return r;
            }
        }
    }
    key
}

/// What the restatement checks need to know of a sentence, found in one pass over it.
#[derive(Clone, Copy)]
struct SentenceFacts {
    /// The sentence speaks of the report year's results only: no other year, no comparison or
    /// target (同比, 上年, 力争 …).
    this_year_only: bool,
    /// Where the first word of [`NARROWING`] in it ends (`usize::MAX`: none): a figure after
    /// that point is narrowed to a campaign, a period or a part. (Read only when
    /// `this_year_only`.)
    narrowed_from: usize,
}

/// [`SentenceFacts`] of every sentence, found in one search of the text per word list.
struct Sentences {
    facts: Vec<SentenceFacts>,
}

impl Sentences {
    /// Words never cross a sentence's end (they hold no punctuation or space), so one search of
    /// the text per list, skipping from each match to its end, meets every sentence that has a
    /// word of the list: whether one of [`NOT_THIS_YEAR`] occurs in it, and where the first of
    /// [`NARROWING`] ends. The leftmost match is the one that ends first, as no word of
    /// [`NARROWING`] holds another (a test below).
    fn new(cx: &Cx, year: Option<i32>) -> Self {
        Self::of(cx.text, &cx.f.sentences, &cx.f.years, year)
    }

    fn of(text: &str, sentences: &[Sentence], years: &[YearMark], year: Option<i32>) -> Self {
        let mut facts = vec![
            SentenceFacts {
                this_year_only: true,
                narrowed_from: usize::MAX,
            };
            sentences.len()
        ];
        // the sentence holding `start..end`, looked for from sentence `*s` on (`*s` moves on:
        // the spans come in order)
        let holding = |s: &mut usize, start: usize, end: usize| {
            while *s < sentences.len() && (sentences[*s].span.end as usize) <= start {
                *s += 1;
            }
            let span = sentences.get(*s)?.span;
            (span.start as usize <= start && end <= span.end as usize).then_some(*s)
        };
        if let Some(y) = year {
            let mut s = 0;
            for m in years.iter().filter(|m| m.year != y) {
                if let Some(k) = holding(&mut s, m.span.start, m.span.start) {
                    facts[k].this_year_only = false;
                }
            }
        }
        let mut s = 0;
        for m in NOT_THIS_YEAR_WORDS.find_iter(text) {
            if let Some(k) = holding(&mut s, m.start(), m.end()) {
                facts[k].this_year_only = false;
            }
        }
        let mut s = 0;
        for m in NARROWING_WORDS.find_iter(text) {
            if let Some(k) = holding(&mut s, m.start(), m.end()) {
                let f = &mut facts[k];
                f.narrowed_from = f.narrowed_from.min(m.end());
            }
        }
        Sentences { facts }
    }

    fn get(&self, s: usize) -> SentenceFacts {
        self.facts[s]
    }
}

/// A searcher for a short list of words over a whole text: leftmost matches, which lets the
/// automaton use its SIMD prefilter (Teddy) to skip to the words' first bytes.
fn leftmost(words: &[&str]) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(words)
        .expect("a word list always builds")
}

static NOT_THIS_YEAR_WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| leftmost(NOT_THIS_YEAR));

static NARROWING_WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| leftmost(NARROWING));

/// The shortest noun phrase two statements must end with to count the same thing (持证执法人员,
/// 行政处罚案件: six characters; 执法人员 alone is too general).
const MIN_PHRASE: usize = 6;

/// Words of possession before a noun phrase: 现有持证执法人员 and 持证执法人员 count the same
/// people.
const HAVE: &[&str] = &["现有", "共有", "拥有", "有"];

/// Words before a figure in its sentence that narrow what it counts to a campaign, a period or
/// a part (在专项整治中办理行政处罚案件12件), or make it a change or a running total: such a
/// figure is not a restatement of the year's figure.
const NARROWING: &[&str] = &[
    "专项",
    "整治",
    "行动",
    "活动中",
    "针对",
    "围绕",
    "期间",
    "其中",
    "涉及",
    "以来",
    "累计",
    "新增",
    "新招录",
    "新录用",
    "首次",
    "试点",
    "上半年",
    "下半年",
    "一季度",
    "二季度",
    "三季度",
    "四季度",
    "月份",
    "分别",
    "各自",
];

/// `prefix` without a possession word at its end (镇综合行政执法队现有 → 镇综合行政执法队).
fn without_have(prefix: &str) -> &str {
    HAVE.iter()
        .find_map(|w| prefix.strip_suffix(w))
        .unwrap_or(prefix)
}

/// Verbs of activities a report counts under each of its topics (制定配套制度3项 under 放管服,
/// 5项 under 政务公开): what follows them is compared only when it names something specific.
const ACTIVITY_VERBS: &[&str] = &[
    "制定", "出台", "修订", "修改", "印发", "开展", "组织", "举办", "召开", "建立", "完善", "健全",
    "发现", "整改", "清理", "编印", "发放", "推出", "新建", "建成", "落实", "参加",
];

/// Words that name no particular thing once an activity verb is set aside (配套制度, 专题会议,
/// 工作方案): counted under every topic of a report.
const ACTIVITY_OBJECTS: &[&str] = &[
    "配套", "制度", "措施", "机制", "文件", "方案", "办法", "规定", "细则", "活动", "会议", "专题",
    "培训", "检查", "督查", "督导", "宣传", "讲座", "场次", "人次", "次数", "项目", "任务",
];

static ACTIVITY_WORDS: std::sync::LazyLock<crate::words::WordSet> =
    std::sync::LazyLock::new(|| crate::words::WordSet::new(ACTIVITY_OBJECTS));

/// Does `phrase` count an activity of no particular object (制定配套制度, 召开专题会议,
/// 组织专题培训), which a report states once per topic, rather than a thing (持证执法人员,
/// 办理行政处罚案件)?
fn topic_activity(phrase: &str) -> bool {
    let Some(object) = ACTIVITY_VERBS.iter().find_map(|v| phrase.strip_prefix(v)) else {
        return false;
    };
    // Chinese characters are three bytes long
    let plain: usize = ACTIVITY_WORDS
        .find_iter(object)
        .map(|(_, a, b)| (b - a) / 3)
        .sum();
    specific_chars(object).saturating_sub(plain) < 4
}

/// Do counts `a` (earlier) and `b`, whose subject keys end with the same noun phrase of at least
/// [`MIN_PHRASE`] characters (four of them more than generic words: not 受理相关事项), count
/// the same thing? The words before the phrase must be the
/// same (possession words aside), or one statement names the actor (镇综合行政执法队办理 …)
/// that the other one's paragraph has already named before it (a paragraph opening
/// "镇综合行政执法队现有执法人员14名" then "办理行政处罚案件57件"). Returns the phrase the
/// two share, as the shorter key.
fn same_phrase<'k>(
    cx: &Cx,
    (a, ka): (usize, &'k str),
    (b, kb): (usize, &'k str),
    specific: &mut Map<&'k str, bool>,
) -> Option<&'k str> {
    let phrase = common_suffix(ka, kb);
    let common = phrase.len();
    // a long text repeats a few phrases many times: decide each once
    let names_one_thing = *specific.entry(phrase).or_insert_with(|| {
        phrase.chars().count() >= MIN_PHRASE
            && specific_chars(phrase) >= MIN_PHRASE - 2
            && !topic_activity(phrase)
    });
    if !names_one_thing {
        return None;
    }
    let pa = without_have(&ka[..ka.len() - common]);
    let pb = without_have(&kb[..kb.len() - common]);
    let shorter = if kb.len() <= ka.len() { kb } else { ka };
    if pa == pb {
        return Some(shorter);
    }
    // one names the actor, the other leaves it to its paragraph
    let (long, short, short_fig) = if pa.len() > pb.len() {
        (pa, pb, b)
    } else {
        (pb, pa, a)
    };
    let extra = long.strip_suffix(short)?;
    if extra.chars().count() < 2 {
        return None;
    }
    let f = cx.fig(short_fig);
    let para = cx.f.blocks[f.block as usize].span;
    let before = &cx.text[para.start as usize..f.span.start as usize];
    before.contains(extra).then_some(shorter)
}

/// The same noun phrase counted twice with different values in different paragraphs of the
/// achievements: 持证执法人员16名 in one item, 持证执法人员18名 in another; 办理行政处罚案件75件
/// in the duties item, 57件 in the enforcement item. Only counts of the report year, in
/// sentences with nothing before the figure that narrows it ([`NARROWING`]), with the same
/// unit, whose subjects end with the same noun phrase and agree on what comes before it
/// ([`same_phrase`]). Catalog indicators and intake counts are compared by [`restatements`]
/// on their whole key; this finds what they leave out.
/// `cut` is [`phrase_cut`] (computed now or before).
fn phrase_restatements(
    cx: &Cx,
    cut: impl Fn(usize) -> Option<usize>,
    summed: &[bool],
    sentences: &Sentences,
    out: &mut Vec<Check>,
) {
    // the latest statement by (unit, the last MIN_PHRASE characters of its key), and for each
    // statement the one before it with the same unit and ending (a chain, no list per key)
    let mut latest: Map<(u16, &str), usize> = Map::default();
    let mut before: Vec<usize> = vec![usize::MAX; cx.f.figures.len()];
    let mut specific = Map::default();
    for (i, f) in cx.f.figures.iter().enumerate() {
        let Some(cut) = cut(i) else {
            continue;
        };
        let key = cx.key(i);
        let facts = sentences.get(f.sentence as usize);
        if !facts.this_year_only || facts.narrowed_from <= f.span.start as usize {
            continue;
        }
        let last = latest
            .entry((cx.unit[i], &key[cut..]))
            .or_insert(usize::MAX);
        // the nearest four only: a long text may repeat one phrase thousands of times, and a
        // report restates a figure once or twice
        let some = |j: usize| (j != usize::MAX).then_some(j);
        let earlier = std::iter::successors(some(*last), |&j| some(before[j]))
            .take(4)
            .find_map(|j| {
                (cx.fig(j).block != f.block)
                    .then(|| same_phrase(cx, (j, cx.key(j)), (i, key), &mut specific))
                    .flatten()
                    .map(|p| (j, p))
            });
        before[i] = std::mem::replace(last, i);
        let Some((j, phrase)) = earlier else {
            continue;
        };
        out.push(restated(cx, j, i, summed, phrase.to_string()));
    }
}

/// Whether [`phrase_restatements`] compares figure `i` (and so reads its sentence): where the
/// last [`MIN_PHRASE`] characters of its key start, when it may be compared.
fn phrase_cut(
    cx: &Cx,
    outline: &Outline,
    items: &Items,
    not_results: &[usize],
    i: usize,
) -> Option<usize> {
    let f = cx.fig(i);
    if !cx.countable(i)
        || !f.checkable()
        || cx.table_row(i)
        || cx.cls(i) & (C_QIZHONG | C_STOP | C_REMAINDER | C_LEIJI) != 0
        || outline.body.end <= f.span.start as usize
    {
        return None;
    }
    let (cut, _) = cx.key(i).char_indices().rev().nth(MIN_PHRASE - 1)?;
    if items
        .at(f.span.start as usize)
        .is_some_and(|item| not_results.contains(&item))
    {
        return None;
    }
    Some(cut)
}

/// The check of figure `i` restating the earlier figure `j` (`label`: what both count). The
/// finding goes to the later statement, unless only the later one is borne out by a total that
/// adds up (1268 = 1251 + 17): then the earlier one is suspect.
fn restated(cx: &Cx, j: usize, i: usize, summed: &[bool], label: String) -> Check {
    let (alo, ahi) = cx.fig(j).interval();
    let (blo, bhi) = cx.fig(i).interval();
    let ok = alo <= bhi + EPS && blo <= ahi + EPS;
    let (target, other) = if !ok && summed[i] && !summed[j] {
        (j, i)
    } else {
        (i, j)
    };
    Check {
        kind: CheckKind::Same,
        target,
        inputs: vec![other],
        computed: cx.fig(other).value,
        ok,
        exhaustive: false,
        label,
        replacement: None,
    }
}

/// Figures that may restate an indicator, with the key they are compared on, and the
/// [`phrase_cut`]s of the figures looked at (when asked for).
type Candidate<'a> = (Vec<(usize, Cow<'a, str>)>, Vec<u32>);

/// No [`phrase_cut`]: the figure is not compared by [`phrase_restatements`].
const NO_CUT: u32 = u32::MAX;

/// What tells the figures that may restate an indicator (see [`restatements`]).
struct Candidates<'c, 'a> {
    cx: &'c Cx<'a>,
    outline: &'c Outline,
    items: &'c Items,
    not_results: &'c [usize],
    /// The total each figure is a part of (the sums found before).
    totals: &'c [Option<usize>],
}

impl<'a> Candidates<'_, 'a> {
    /// The figures of `figures` (indices, in order) that state a catalog indicator of the
    /// year's results, with the key they are compared on.
    ///
    /// The sentence of each figure found is still to be asked whether it speaks of this
    /// year's results only ([`Sentences`]). With `ahead`, the [`phrase_cut`] of each figure is
    /// returned too (for a second thread to compute half of them meanwhile).
    fn within(&self, figures: std::ops::Range<usize>, ahead: bool) -> Candidate<'a> {
        let cx = self.cx;
        let mut found = vec![];
        let cuts = if ahead {
            figures
                .clone()
                .map(|i| {
                    phrase_cut(cx, self.outline, self.items, self.not_results, i)
                        .map_or(NO_CUT, |c| c as u32)
                })
                .collect()
        } else {
            vec![]
        };
        for i in figures {
            let f = &cx.f.figures[i];
            if !f.checkable() || cx.table_row(i) {
                continue;
            }
            // cheap filters first: a specific rate name, or a subject naming an indicator (or a
            // part of a 其中 list whose total names one)
            let subj = cx.subj(i);
            let inherited = if f.is_percent() {
                if !subj.contains('率') {
                    continue;
                }
                None
            } else if !cx.cat.synonyms.is_match(subj) && !intake_indicator(subj, f.unit) {
                match inherited_key(cx, i, self.totals) {
                    Some(k) => Some(k),
                    None => continue,
                }
            } else {
                None
            };
            if self
                .items
                .at(f.span.start as usize)
                .is_some_and(|item| self.not_results.contains(&item))
            {
                continue;
            }
            if self.outline.body.end <= f.span.start as usize {
                continue;
            }
            let key: Cow<'a, str> = if f.is_percent() {
                // a rate of a catalog indicator (出庭应诉率, 复议纠错率); 群众满意率 and 办结率
                // are measured for many services and differ between them
                match cx.rates(i).last() {
                    Some(&n) if n.chars().count() >= 4 && cx.cat.synonyms.is_match(n) => n.into(),
                    _ => continue,
                }
            } else {
                let k: Cow<'a, str> = inherited.map_or_else(|| cx.key(i).into(), Cow::Owned);
                if k.chars().count() < 5
                    || !(cx.cat.synonyms.is_match(&k) || intake_indicator(&k, f.unit))
                {
                    continue;
                }
                k
            };
            found.push((i, key));
        }
        (found, cuts)
    }
}

/// The same indicator stated twice in the achievements. With `parallel`, the figures that
/// may restate one (the filters, keys and sentence searches below) are found by two threads,
/// each for half of the figures; what is compared, in order, stays the same.
pub(super) fn restatements(
    cx: &Cx,
    outline: &Outline,
    items: &Items,
    year: Option<i32>,
    not_results: &[usize],
    out: &mut Vec<Check>,
    parallel: bool,
) {
    // Earlier statements by (unit, key): counts match on their core key, rates when one name
    // ends the other — found through every suffix of each name. Maps, not a list searched
    // for each figure: a long text states thousands of indicators.
    let mut counts: Map<(Option<&str>, Cow<str>), usize> = Map::default();
    let mut rate_names: Map<(Option<&str>, &str), usize> = Map::default();
    let mut rate_suffixes: Map<(Option<&str>, &str), usize> = Map::default();
    // computed once from the sums (which come before restatements)
    let summed = summed(cx.f.figures.len(), out);
    let mut totals: Vec<Option<usize>> = vec![None; cx.f.figures.len()];
    for c in out.iter().filter(|c| c.kind == CheckKind::Sum && c.ok) {
        for &p in &c.inputs {
            totals[p].get_or_insert(c.target);
        }
    }
    let find = Candidates {
        cx,
        outline,
        items,
        not_results,
        totals: &totals,
    };
    // whether each sentence speaks of this year's results only
    let n = cx.f.figures.len();
    // whether each sentence speaks of this year's results only: with two threads, searched by
    // the second one beside its share of the figures (it takes fewer of them for that)
    let (candidates, sentences, cuts) =
        match (parallel && n >= super::PARALLEL_FROM).then_some(n * 3 / 5) {
            Some(mid) => {
                let ((mut first, mut cuts), second) = std::thread::scope(|s| {
                    let other = std::thread::Builder::new()
                        .name("gongwen-restated".into())
                        .spawn_scoped(s, || (Sentences::new(cx, year), find.within(mid..n, true)))
                        .ok();
                    let first = find.within(0..mid, true);
                    // a panic there is the figure pass's: passed on to its catch
                    let second =
                        other.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
                    (first, second)
                });
                let (sentences, (found, more)) =
                    second.unwrap_or_else(|| (Sentences::new(cx, year), find.within(mid..n, true)));
                first.extend(found);
                cuts.extend(more);
                (first, sentences, Some(cuts))
            }
            None => (find.within(0..n, false).0, Sentences::new(cx, year), None),
        };
    // last: the sentences' facts
    let candidates = candidates
        .into_iter()
        .filter(|(i, _)| sentences.get(cx.fig(*i).sentence as usize).this_year_only);
    for (i, key) in candidates {
        let unit = cx.f.figures[i].unit;
        match key {
            Cow::Borrowed(name) if cx.f.figures[i].is_percent() => {
                // an earlier name that ends this one, or that this one ends
                let ends_this = name
                    .char_indices()
                    .filter_map(|(k, _)| rate_names.get(&(unit, &name[k..])))
                    .max();
                let ended = rate_suffixes.get(&(unit, name));
                if let Some(&j) = ends_this.max(ended) {
                    out.push(restated(cx, j, i, &summed, name.to_string()));
                }
                for (k, _) in name.char_indices() {
                    rate_suffixes.insert((unit, &name[k..]), i);
                }
                rate_names.insert((unit, name), i);
            }
            key => {
                let core = match &key {
                    Cow::Borrowed(k) => Cow::Borrowed(core_key(k)),
                    Cow::Owned(k) => Cow::Owned(core_key(k).to_string()),
                };
                if let Some(&j) = counts.get(&(unit, Cow::Borrowed(core.as_ref()))) {
                    out.push(restated(cx, j, i, &summed, key.into_owned()));
                }
                counts.insert((unit, core), i);
            }
        }
    }
    let cut = |i: usize| match &cuts {
        Some(cuts) => (cuts[i] != NO_CUT).then_some(cuts[i] as usize),
        None => phrase_cut(cx, outline, items, not_results, i),
    };
    phrase_restatements(cx, cut, &summed, &sentences, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_narrowing_word_holds_another() {
        // the leftmost match of the list is then the one that ends first (Sentences::of)
        for a in NARROWING {
            for b in NARROWING {
                assert!(a == b || !a.contains(b), "{a} holds {b}");
            }
        }
    }

    /// Each sentence searched on its own for every occurrence of the two lists' words,
    /// overlapping ones included: the oracle for [`Sentences::of`]. (this year only, where the
    /// first narrowing word ends when this year only.)
    fn facts_one_by_one(
        text: &str,
        sentences: &[Sentence],
        years: &[YearMark],
        year: Option<i32>,
    ) -> Vec<(bool, Option<usize>)> {
        let occurs = |words: &[&str], s: &str| -> Vec<usize> {
            let mut ends = vec![];
            for (i, _) in s.char_indices() {
                ends.extend(
                    words
                        .iter()
                        .filter(|w| s[i..].starts_with(**w))
                        .map(|w| i + w.len()),
                );
            }
            ends
        };
        sentences
            .iter()
            .map(|st| {
                let (a, b) = (st.span.start as usize, st.span.end as usize);
                let other_year = year.is_some_and(|y| {
                    years
                        .iter()
                        .any(|m| a <= m.span.start && m.span.start < b && m.year != y)
                });
                let t = &text[a..b];
                let this_year_only = !other_year && occurs(NOT_THIS_YEAR, t).is_empty();
                let narrowed = occurs(NARROWING, t).into_iter().min().map(|e| a + e);
                (this_year_only, narrowed.filter(|_| this_year_only))
            })
            .collect()
    }

    fn facts_at_once(
        text: &str,
        sentences: &[Sentence],
        years: &[YearMark],
        year: Option<i32>,
    ) -> Vec<(bool, Option<usize>)> {
        Sentences::of(text, sentences, years, year)
            .facts
            .iter()
            .map(|f| {
                let narrowed = (f.narrowed_from != usize::MAX).then_some(f.narrowed_from);
                (f.this_year_only, narrowed.filter(|_| f.this_year_only))
            })
            .collect()
    }

    #[test]
    fn sentence_facts_of_the_corpus_are_those_of_each_sentence_alone() {
        for (name, text, markdown) in crate::analysis::tests::corpus() {
            let o = crate::outline::parse(text, markdown);
            let f = crate::figures::extract(text, &o, markdown);
            for year in [None, Some(2023), Some(2024), Some(2025)] {
                assert_eq!(
                    facts_at_once(text, &f.sentences, &f.years, year),
                    facts_one_by_one(text, &f.sentences, &f.years, year),
                    "{name} {year:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn sentence_facts_are_those_of_each_sentence_alone(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "同比", "上年", "较同期", "年均", "不低于", "专项", "整治", "活动中", "其中",
                    "上半年", "下半年", "新招录", "新增", "分别", "以来", "2023年", "2024年",
                    "二〇二三年", "上", "半", "年", "其", "中", "新", "招", "录", "活", "动", "同",
                    "比", "受理", "案件", "12件", "。", "，", "；", "！", "\n", "（一）", "1.", "|",
                    " ", "\t", "“", "”", "《", "》",
                ]),
                0..80,
            ),
            year in proptest::option::of(2023i32..2026),
        ) {
            let text = format!("关于2024年度法治政府建设情况的报告\n{}\n", pieces.concat());
            let o = crate::outline::parse(&text, false);
            let f = crate::figures::extract(&text, &o, false);
            proptest::prop_assert_eq!(
                facts_at_once(&text, &f.sentences, &f.years, year),
                facts_one_by_one(&text, &f.sentences, &f.years, year)
            );
        }
    }

    #[test]
    fn sentence_word_lists_are_disjoint() {
        // a word is a comparison or a narrowing, never both: each list is searched on its own
        // (Sentences::of), and a word in both would mark its sentence both ways
        for w in NARROWING {
            assert!(!NOT_THIS_YEAR.contains(w), "{w}");
        }
    }

    #[test]
    fn common_suffix_stops_at_a_character_boundary() {
        // 中 (E4 B8 AD) and 席 (E5 B8 AD) share their last two bytes only
        assert_eq!(
            common_suffix("乡镇人民调解委员会", "村人民调解委员会"),
            "人民调解委员会"
        );
        assert_eq!(common_suffix("中", "席"), "");
        assert_eq!(common_suffix("集中", "列席"), "");
        assert_eq!(common_suffix("a调", "b调"), "调");
        assert_eq!(common_suffix("", "调"), "");
    }
}
