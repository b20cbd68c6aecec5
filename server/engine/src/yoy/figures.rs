//! Figures across years. Each figure of the year's account is one of: a **result** of the
//! report year ("全年受理行政复议案件62件"), a **change** against last year ("同比增长12%",
//! "较上年增加7件", "提高1.2个百分点"), or a figure **restated for last year** ("较上年的78件",
//! "2023年全县受理行政复议案件85件"). Results and restated figures carry an indicator key (the
//! subject reduced to what is counted, [`crate::figures::check::subject_key`]); last year's
//! results are indexed by key and unit so that this year's report can be checked against them
//! (rule `yoy-figure`).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::figures::check::{rate_names, subject_key};
use crate::figures::{Figure, Figures};
use crate::items::Items;
use crate::profile::{Profile, Role};
use crate::text::is_han;
use crate::words::WordSet;

/// What a figure says about time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A result of the report year.
    Result,
    /// A change against last year: +1 for 增长/增加/提高…, −1 for 下降/减少/降低….
    Change(i8),
    /// A figure of last year, restated.
    LastYear,
}

/// A figure of the year's account with what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// Index into `Figures::figures`.
    pub fig: usize,
    pub kind: Kind,
    /// The indicator it counts (results and restated figures), when specific enough.
    pub key: Option<String>,
}

/// Words that compare with last year, before a change.
const COMPARE: &[&str] = &[
    "同比",
    "较上年",
    "比上年",
    "较去年",
    "比去年",
    "较上一年",
    "比上一年",
    "与上年相比",
    "与去年相比",
    "与上一年相比",
    "较上年度",
    "比上年度",
];
/// Words that name last year.
const LAST_YEAR: &[&str] = &["上一年度", "上年度", "上一年", "上年", "去年"];
/// After a last-year word or year, these make the figure something other than last year's
/// result (a balance carried over, a stock at the year's end, a period since then).
const NOT_LAST_YEAR_AFTER: &[&str] = &[
    "结转", "底", "末", "以来", "起", "至", "到", "—", "-", "～", "~", "开始",
];
/// Words in a subject that make a figure something other than the year's own result.
const NOT_RESULT: &[&str] = &[
    "累计",
    "以来",
    "年均",
    "平均",
    "人均",
    "目标",
    "力争",
    "计划",
    "预计",
    "确保",
    "争取",
    "不低于",
    "控制在",
    "环比",
    "历年",
    "至今",
];
/// Direction words just before a change, with their sign.
const DIRECTION: &[(&str, i8)] = &[
    ("增长", 1),
    ("增加", 1),
    ("上升", 1),
    ("提高", 1),
    ("提升", 1),
    ("增幅", 1),
    ("增速", 1),
    ("多", 1),
    ("下降", -1),
    ("减少", -1),
    ("降低", -1),
    ("回落", -1),
    ("降幅", -1),
    ("少", -1),
];
/// Words between the direction and the number: 增长了, 增幅为, 下降约.
const LINK: &[&str] = &["了", "为", "达", "达到", "约", "近"];

static NOT_RESULT_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(NOT_RESULT));
static COMPARE_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(COMPARE));
/// The words that place a subject in time (compared with, last year, same period), longest
/// first where one contains another.
static TIME_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(COMPARE.iter().chain(LAST_YEAR).chain(&["同期"]))
        .expect("time words")
});

/// `s` without the words that place it in time.
fn without_time_words(s: &str) -> std::borrow::Cow<'_, str> {
    if !TIME_WORDS.is_match(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    let empty = vec![""; TIME_WORDS.patterns_len()];
    std::borrow::Cow::Owned(TIME_WORDS.replace_all(s, &empty))
}

/// The direction of a change written just before a figure: the subject ends with 增长, 下降
/// (possibly followed by 了, 为 …).
fn direction(subject: &str) -> Option<i8> {
    let mut s = subject.trim_end();
    for l in LINK {
        if let Some(r) = s.strip_suffix(l) {
            s = r;
            break;
        }
    }
    DIRECTION
        .iter()
        .find(|(w, _)| s.ends_with(w))
        .map(|&(_, d)| d)
}

/// Is the sentence before `at` comparing with last year (同比, 较上年, 比{Y−1}年)?
fn compares(text: &str, f: &Figures, fig: &Figure, year: Option<i32>) -> bool {
    let sentence = f.sentences[fig.sentence as usize].span.wide();
    let before = &text[sentence.start..fig.span.start as usize];
    if COMPARE_WORDS.is_match(before) {
        return true;
    }
    let Some(y) = year else {
        return false;
    };
    let from = f.years.partition_point(|m| m.span.start < sentence.start);
    f.years[from..]
        .iter()
        .take_while(|m| m.span.end <= fig.span.start as usize)
        .any(|m| {
            m.year == y - 1
                && text[..m.span.start]
                    .chars()
                    .next_back()
                    .is_some_and(|c| matches!(c, '较' | '比' | '与'))
        })
}

/// What the clause before a figure says of last year.
#[derive(PartialEq)]
enum LastYearWords {
    None,
    /// "较上年的", "2023年受理": the figure is last year's.
    Restated,
    /// "上年结转", "2023年底", "2023年以来": about last year, but not its result.
    Other,
}

/// Does the clause before the figure name last year ("较上年的", "2023年受理")?
fn names_last_year(text: &str, f: &Figures, fig: &Figure, year: Option<i32>) -> LastYearWords {
    let clause = f.clauses[fig.clause as usize].span.wide();
    let before = &text[clause.start..fig.span.start as usize];
    let followed_ok = |rest: &str| !NOT_LAST_YEAR_AFTER.iter().any(|w| rest.starts_with(w));
    let mut seen = false;
    for w in LAST_YEAR {
        if let Some(i) = crate::words::find(before, w) {
            if followed_ok(&before[i + w.len()..]) {
                return LastYearWords::Restated;
            }
            seen = true;
        }
    }
    if let Some(y) = year {
        let from = f.years.partition_point(|m| m.span.start < clause.start);
        for m in f.years[from..]
            .iter()
            .take_while(|m| m.span.end <= fig.span.start as usize)
            .filter(|m| m.year == y - 1)
        {
            if followed_ok(&text[m.span.end..fig.span.start as usize]) {
                return LastYearWords::Restated;
            }
            seen = true;
        }
    }
    if seen {
        LastYearWords::Other
    } else {
        LastYearWords::None
    }
}

/// A subject without the words that place it in time: "较上年的" → "", "2023年全县受理行政复议
/// 案件" → "受理行政复议案件".
fn key_of(subject: &str, percent: bool) -> Option<String> {
    let s = without_time_words(subject);
    let s = s.trim_start_matches(['较', '比', '与', '的']);
    if percent {
        let names = rate_names(s);
        let name = names.last()?;
        return (name.chars().count() >= 4).then(|| name.to_string());
    }
    let k = subject_key(s);
    let k = k.trim_end_matches('的');
    (k.chars().filter(|&c| is_han(c)).count() >= 4).then(|| k.to_string())
}

/// The key of a restated figure whose own subject is too short ("2023年受理85件"): the key of
/// the nearest result before it in the sentence with the same unit, when that key contains what
/// the figure's own subject says.
fn inherited(text: &str, f: &Figures, out: &[Stated], fig: usize) -> Option<String> {
    let me = &f.figures[fig];
    let own: String = without_time_words(me.subject.text(text))
        .chars()
        .filter(|&c| is_han(c) && c != '年' && c != '的')
        .collect();
    out.iter()
        .rev()
        .take_while(|s| f.figures[s.fig].sentence == me.sentence)
        .find(|s| s.kind == Kind::Result && f.figures[s.fig].unit == me.unit)
        .and_then(|s| s.key.clone().or_else(|| result_key(text, f, s.fig)))
        .filter(|k| own.chars().count() <= 3 && (own.is_empty() || k.contains(&own)))
}

/// The indicator key of a result figure (None when its subject is not specific enough).
pub fn result_key(text: &str, f: &Figures, fig: usize) -> Option<String> {
    let g = &f.figures[fig];
    key_of(g.subject.text(text), g.is_percent())
}

/// Classify the figures of a report's account of the year (every item but the plan and other
/// remarks; no table rows, names in quotes or single-character numerals). Restated figures get
/// their key; results only with `result_keys` (else [`result_key`] gives it when needed).
pub fn classify(
    text: &str,
    f: &Figures,
    items: &Items,
    profile: &Profile,
    year: Option<i32>,
    result_keys: bool,
) -> Vec<Stated> {
    let mut out: Vec<Stated> = vec![];
    for (i, fig) in f.figures.iter().enumerate() {
        if fig.in_quotes || fig.weak || fig.range_with.is_some() {
            continue;
        }
        if f.sentences
            .get(fig.sentence as usize)
            .is_none_or(|s| s.table_row)
        {
            continue;
        }
        let role = items
            .at(fig.span.start as usize)
            .map(|k| profile.items[k].role);
        if matches!(role, Some(Role::Plan | Role::Other)) {
            continue;
        }
        let subject = fig.subject.text(text);
        if let Some(d) = direction(subject) {
            if compares(text, f, fig, year) {
                out.push(Stated {
                    fig: i,
                    kind: Kind::Change(d),
                    key: None,
                });
            }
            continue;
        }
        let last = names_last_year(text, f, fig, year);
        if last == LastYearWords::Other {
            continue;
        }
        if last == LastYearWords::Restated {
            let key = key_of(subject, fig.is_percent()).or_else(|| inherited(text, f, &out, i));
            out.push(Stated {
                fig: i,
                kind: Kind::LastYear,
                key,
            });
            continue;
        }
        if NOT_RESULT_WORDS.is_match(subject) || fig.in_parens {
            continue;
        }
        // a year other than the report year in the clause makes it another year's figure
        let clause = f.clauses[fig.clause as usize].span.wide();
        let from = f.years.partition_point(|m| m.span.start < clause.start);
        if f.years[from..]
            .iter()
            .take_while(|m| m.span.end <= fig.span.start as usize)
            .any(|m| Some(m.year) != year)
        {
            continue;
        }
        out.push(Stated {
            fig: i,
            kind: Kind::Result,
            key: result_keys
                .then(|| key_of(subject, fig.is_percent()))
                .flatten(),
        });
    }
    out
}

/// Last year's results by indicator key and unit.
#[derive(Debug, Default)]
pub struct Index {
    by_key: HashMap<String, Vec<(Option<&'static str>, usize)>>,
}

impl Index {
    /// Last year's result for `key` in `unit`: the first statement, when every statement of it
    /// agrees (a key stated with different values is ambiguous and gives nothing).
    pub fn get(&self, figures: &Figures, key: &str, unit: Option<&'static str>) -> Option<usize> {
        let v: Vec<usize> = self
            .by_key
            .get(key)?
            .iter()
            .filter(|(u, _)| *u == unit)
            .map(|&(_, f)| f)
            .collect();
        let first = *v.first()?;
        let (lo, hi) = figures.figures[first].interval();
        v.iter()
            .all(|&j| {
                let (a, b) = figures.figures[j].interval();
                a <= hi + 1e-9 && lo <= b + 1e-9
            })
            .then_some(first)
    }
}

/// Index the results of a report (last year's) by key and unit.
pub fn index(text: &str, a: &Analysis) -> Index {
    let mut by_key: HashMap<String, Vec<(Option<&'static str>, usize)>> = HashMap::new();
    if !a.is_report() {
        return Index { by_key };
    }
    for s in classify(text, &a.figures, &a.items, &a.profile, a.year, true) {
        if let (Kind::Result, Some(k)) = (s.kind, s.key) {
            by_key
                .entry(k)
                .or_default()
                .push((a.figures.figures[s.fig].unit, s.fig));
        }
    }
    Index { by_key }
}
