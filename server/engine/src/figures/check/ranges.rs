//! Rates and shares outside 0–100%.

use super::rates::{is_level_rate, share_label};
use super::*;

/// A rate or share outside 0–100%.
pub(super) fn ranges(cx: &Cx, out: &mut Vec<Check>) {
    for (i, f) in cx.f.figures.iter().enumerate() {
        if !f.is_percent() || f.in_quotes {
            continue;
        }
        let subj = cx.subj(i);
        if !is_level_rate(subj, cx.rates(i), cx.cat) {
            continue;
        }
        let (lo, hi) = f.interval();
        let ok = lo <= 100.0 + EPS && hi >= -EPS;
        let label = cx
            .rates(i)
            .last()
            .map_or_else(|| share_label(subj), |n| n.to_string());
        out.push(Check {
            kind: CheckKind::Range,
            target: i,
            inputs: vec![],
            computed: f.value,
            ok,
            exhaustive: false,
            label,
            replacement: None,
        });
    }
}
