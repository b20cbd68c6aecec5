//! The same indicator stated twice with values that cannot both be true.
//!
//! An indicator is a rate named after a catalog indicator (负责人出庭应诉率), a count whose subject names a
//! catalog indicator (受理行政复议案件), or a count of cases coming in named specifically
//! enough (受理环境信访投诉: an intake verb and at least four characters of what came in).

use std::collections::HashMap;

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
    unit.is_some_and(|u| CASE_UNITS.contains(&u))
        && INTAKE_VERBS.iter().any(|v| {
            words::find(key, v).is_some_and(|k| {
                let object = &key[k + v.len()..];
                let han = object.chars().filter(|&c| crate::text::is_han(c)).count();
                // Chinese characters are three bytes long
                let generic: usize = GENERIC_WORDS
                    .find_iter(object)
                    .map(|(_, a, b)| (b - a) / 3)
                    .sum();
                han >= 4 && han.saturating_sub(generic) >= 3
            })
        })
}

/// What a part of a 其中 list counts when its subject is only a verb: the verb and what its
/// total counts ("收到行政复议申请171件，其中，受理156件" → 受理行政复议申请). `totals[i]`: the
/// total of the first sum that holds with figure `i` among its parts.
fn inherited_key(cx: &Cx, i: usize, totals: &[Option<usize>]) -> Option<String> {
    let k = subject_key(cx.subj(i));
    if k.chars().count() > 2 || !INTAKE_VERBS.iter().chain(DONE).any(|v| *v == k) {
        return None;
    }
    let total = totals[i]?;
    let tk = subject_key(cx.subj(total));
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

/// The same indicator stated twice in the achievements.
pub(super) fn restatements(
    cx: &Cx,
    outline: &Outline,
    items: &Items,
    year: Option<i32>,
    not_results: &[usize],
    out: &mut Vec<Check>,
) {
    // Earlier statements by (unit, key): counts match on their core key, rates when one name
    // ends the other — found through every suffix of each name. Maps, not a list searched
    // for each figure: a long text states thousands of indicators.
    let mut counts: HashMap<(Option<&str>, String), usize> = HashMap::new();
    let mut rate_names: HashMap<(Option<&str>, String), usize> = HashMap::new();
    let mut rate_suffixes: HashMap<(Option<&str>, String), usize> = HashMap::new();
    // computed once from the sums (which come before restatements)
    let summed = summed(cx.f.figures.len(), out);
    let mut totals: Vec<Option<usize>> = vec![None; cx.f.figures.len()];
    for c in out.iter().filter(|c| c.kind == CheckKind::Sum && c.ok) {
        for &p in &c.inputs {
            totals[p].get_or_insert(c.target);
        }
    }
    // whether each sentence speaks of this year's results only
    let mut plain_sentence: Vec<Option<bool>> = vec![None; cx.f.sentences.len()];
    for (i, f) in cx.f.figures.iter().enumerate() {
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
            match inherited_key(cx, i, &totals) {
                Some(k) => Some(k),
                None => continue,
            }
        } else {
            None
        };
        if items
            .at(f.span.start)
            .is_some_and(|item| not_results.contains(&item))
        {
            continue;
        }
        if outline.body.end <= f.span.start {
            continue;
        }
        let plain = *plain_sentence[f.sentence].get_or_insert_with(|| {
            let sentence = &cx.f.sentences[f.sentence];
            let other_year = year.is_some_and(|y| {
                let from =
                    cx.f.years
                        .partition_point(|m| m.span.start < sentence.span.start);
                cx.f.years[from..]
                    .iter()
                    .take_while(|m| m.span.start < sentence.span.end)
                    .any(|m| m.year != y)
            });
            !other_year && !NOT_THIS_YEAR_WORDS.is_match(sentence.span.text(cx.text))
        });
        if !plain {
            continue;
        }
        let key: String = if f.is_percent() {
            // a rate of a catalog indicator (出庭应诉率, 复议纠错率); 群众满意率 and 办结率 are
            // measured for many services and differ between them
            match cx.rates(i).last() {
                Some(n) if n.chars().count() >= 4 && cx.cat.synonyms.is_match(n) => n.to_string(),
                _ => continue,
            }
        } else {
            let k = inherited.unwrap_or_else(|| subject_key(subj).to_string());
            if k.chars().count() < 5
                || !(cx.cat.synonyms.is_match(&k) || intake_indicator(&k, f.unit))
            {
                continue;
            }
            k
        };
        let unit = f.unit;
        let earlier = if f.is_percent() {
            // an earlier name that ends this one, or that this one ends
            let ends_this = key
                .char_indices()
                .filter_map(|(k, _)| rate_names.get(&(unit, key[k..].to_string())))
                .max();
            let ended = rate_suffixes.get(&(unit, key.clone()));
            ends_this.max(ended).copied()
        } else {
            counts.get(&(unit, core_key(&key).to_string())).copied()
        };
        if let Some(j) = earlier {
            let e = cx.fig(j);
            let (alo, ahi) = e.interval();
            let (blo, bhi) = f.interval();
            let ok = alo <= bhi + EPS && blo <= ahi + EPS;
            // the finding goes to the later statement, unless only the later one is borne out
            // by a total that adds up (1268 = 1251 + 17): then the earlier one is suspect
            let added_up = |x: usize| summed[x];
            let (target, earlier) = if !ok && added_up(i) && !added_up(j) {
                (j, i)
            } else {
                (i, j)
            };
            out.push(Check {
                kind: CheckKind::Same,
                target,
                inputs: vec![earlier],
                computed: e.value,
                ok,
                exhaustive: false,
                label: key.clone(),
                replacement: None,
            });
        }
        if f.is_percent() {
            for (k, _) in key.char_indices() {
                rate_suffixes.insert((unit, key[k..].to_string()), i);
            }
            rate_names.insert((unit, key), i);
        } else {
            counts.insert((unit, core_key(&key).to_string()), i);
        }
    }
}
