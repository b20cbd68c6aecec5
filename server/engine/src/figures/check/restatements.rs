//! The same indicator stated twice with values that cannot both be true.

use super::vocab::*;
use super::*;

/// The same indicator stated twice in the achievements.
pub(super) fn restatements(
    cx: &Cx,
    outline: &Outline,
    items: &Items,
    year: Option<i32>,
    not_results: &[usize],
    out: &mut Vec<Check>,
) {
    // (key, unit, figure)
    let mut seen: Vec<(String, Option<&str>, usize)> = vec![];
    // whether each sentence speaks of this year's results only
    let mut plain_sentence: Vec<Option<bool>> = vec![None; cx.f.sentences.len()];
    for (i, f) in cx.f.figures.iter().enumerate() {
        if !f.checkable() || cx.table_row(i) {
            continue;
        }
        // cheap filters first: a specific rate name, or a subject naming an indicator
        let subj = cx.subj(i);
        if f.is_percent() {
            if !subj.contains('率') {
                continue;
            }
        } else if !cx.cat.synonyms.is_match(subj) {
            continue;
        }
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
            match cx.rates(i).last() {
                Some(n) if n.chars().count() >= 4 => n.to_string(),
                _ => continue,
            }
        } else {
            let k = subject_key(subj);
            if k.chars().count() < 5 || !cx.cat.synonyms.is_match(k) {
                continue;
            }
            k.to_string()
        };
        let same = |a: &str, b: &str| {
            if f.is_percent() {
                a.ends_with(b) || b.ends_with(a)
            } else {
                a == b
            }
        };
        if let Some((_, _, j)) = seen
            .iter()
            .rev()
            .find(|(k, u, _)| *u == f.unit && same(k, &key))
        {
            let e = cx.fig(*j);
            let (alo, ahi) = e.interval();
            let (blo, bhi) = f.interval();
            let ok = alo <= bhi + EPS && blo <= ahi + EPS;
            out.push(Check {
                kind: CheckKind::Same,
                target: i,
                inputs: vec![*j],
                computed: e.value,
                ok,
                exhaustive: false,
                label: key.clone(),
                replacement: None,
            });
        }
        seen.push((key, f.unit, i));
    }
}
