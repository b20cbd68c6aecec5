//! `problems-repeat`: a shortcoming of last year's report restated this year with no word on what
//! was done about it.
//!
//! **Why.** A shortcoming named in last year's report and named again this year is legitimate —
//! some take years — but the report should then say what was done about it and why it persists
//! (虽经……，但仍……). The same 存在的不足 year after year, with nothing on the effort in between,
//! tells reviewers the section was filled in, not written.
//!
//! **How.** Needs last year's report. Last year's and this year's problems items are split into
//! units ([`crate::yoy::units`]; the cause analysis — a unit opening with 原因 — is left out).
//! A unit of this year's is a restatement when its Han-character bigrams overlap one of last
//! year's units by at least [`REPEAT_DICE`] (Dice coefficient), so rewording does not hide it.
//! A restatement that holds none of the profile's progress cues (`[comparison]
//! progress_cues`: 虽经, 已整改, 有所改善, 针对上年 …) gets one finding, linked to last year's
//! unit. A paragraph `copied-text` already flags is left to that rule.
//!
//! **Example.** 2023: "（一）基层执法力量薄弱。乡镇执法人员中法律专业人员比例偏低。" 2024:
//! "（一）基层执法力量依然薄弱，乡镇执法队伍中法律专业人员比例仍然偏低。" → information. Writing
//! "虽经公开招录充实了8名法律专业人员，但……" clears it.

use serde_json::json;

use crate::finding::{Finding, Severity};
use crate::profile::Role;
use crate::rules::{Context, Rule, RuleInfo};
use crate::text::{is_han, Span};
use crate::yoy::units::{label, opens_with_cause, units};

pub struct ProblemsRepeat;

static INFO: RuleInfo = RuleInfo {
    id: "problems-repeat",
    name: "上年不足原样重提",
    default_severity: Severity::Information,
    summary_zh: "重提上年度报告中的不足，却没有说明一年来采取了什么措施",
    summary_en:
        "A shortcoming of last year's report is restated without a word on what was done about it.",
};

/// A unit restates one of last year's from this overlap of Han-character bigrams (Dice).
pub const REPEAT_DICE: f32 = 0.45;
/// Units with fewer Han characters than this are not compared.
const MIN_HAN: usize = 8;

impl Rule for ProblemsRepeat {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let Some(prev) = cx.previous else {
            return;
        };
        let cues = &cx.profile.comparison.progress_cues;
        if cues.words().is_empty() {
            return;
        }
        let base = prev.baseline;
        let pa = &base.analysis;
        let problem_units = |text: &str,
                             a_items: &crate::items::Items,
                             outline,
                             profile: &crate::profile::Profile|
         -> Vec<Span> {
            profile
                .items_with(Role::Problems)
                .filter_map(|i| a_items.found[i].as_ref())
                .flat_map(|m| units(text, outline, m))
                .filter(|u| !opens_with_cause(u.text(text)))
                .collect()
        };
        let last: Vec<(Span, Vec<u64>)> =
            problem_units(&base.text, &pa.items, &pa.outline, &pa.profile)
                .into_iter()
                .map(|u| (u, bigrams(u.text(&base.text))))
                .filter(|(_, b)| b.len() + 1 >= MIN_HAN)
                .collect();
        if last.is_empty() {
            return;
        }
        for u in problem_units(cx.text, cx.items, cx.outline, cx.profile) {
            let text = u.text(cx.text);
            let mine = bigrams(text);
            if mine.len() + 1 < MIN_HAN {
                continue;
            }
            let Some((best, dice)) = last
                .iter()
                .map(|(s, b)| (*s, dice(&mine, b)))
                .max_by(|a, b| a.1.total_cmp(&b.1))
            else {
                continue;
            };
            if dice < REPEAT_DICE || cues.is_match(text) {
                continue;
            }
            let copied = prev
                .comparison
                .paragraphs
                .iter()
                .any(|m| m.copied() && m.span.overlaps(u));
            if copied {
                continue; // copied-text says more
            }
            let line = base.line(best.start);
            let mine_label = label(cx.text, u, 24);
            let was = label(&base.text, best, 24);
            out.push(
                Finding::new(
                    INFO.id,
                    INFO.default_severity,
                    head(cx.text, u),
                    format!(
                        "“{mine_label}”与上年度报告提出的不足（第 {line} 行：“{was}”）基本相同，但没有说明一年来采取了哪些整改措施、有何进展。请补充整改落实情况，或说明问题仍然存在的原因。"
                    ),
                )
                .with_data(json!({
                    "previousLine": line,
                    "similarity": (f64::from(dice) * 1000.0).round() / 1000.0,
                }))
                .with_related_previous(best, format!("上年度报告提出的不足：{was}")),
            );
        }
    }
}

/// Where to point at a unit: its first sentence.
fn head(text: &str, u: Span) -> Span {
    let s = u.text(text);
    match s.find(['。', '；', ';']) {
        Some(i) => Span::new(u.start, u.start + i + '。'.len_utf8().min(s.len() - i)),
        None => u,
    }
}

/// Distinct bigrams of the Han characters of `s`, sorted.
fn bigrams(s: &str) -> Vec<u64> {
    let cs: Vec<u64> = s.chars().filter(|&c| is_han(c)).map(|c| c as u64).collect();
    let mut v: Vec<u64> = cs.windows(2).map(|w| (w[0] << 21) | w[1]).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Dice coefficient of two sorted sets.
fn dice(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * n as f32 / (a.len() + b.len()) as f32
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::findings_with_previous;

    const PREV: &str = "关于2023年度法治政府建设情况的报告\n一、2023年度推进法治政府建设的主要举措和成效\n全年办理行政复议案件58件。\n二、2023年度推进法治政府建设存在的不足和原因\n（一）基层执法力量薄弱。乡镇执法人员中法律专业人员比例偏低，办案质量不够稳定。\n（二）普法宣传针对性不强。面向新就业形态劳动者的普法活动偏少。\n究其原因，主要是编制紧张、宣传方式单一。\n三、2024年推进法治政府建设的主要安排\n（一）充实基层执法力量。\n特此报告。\n";

    fn this(problems: &str) -> String {
        format!("关于2024年度法治政府建设情况的报告\n一、2024年度推进法治政府建设的主要举措和成效\n全年办理行政复议案件62件。\n二、2024年度推进法治政府建设存在的不足和原因\n{problems}\n究其原因，主要是人才引进渠道较窄。\n三、2025年推进法治政府建设的主要安排\n（一）优化执法队伍结构。\n特此报告。\n")
    }

    #[test]
    fn a_restated_shortcoming_without_progress_is_flagged() {
        let t = this("（一）基层执法力量依然薄弱，乡镇执法队伍中法律专业人员比例仍然偏低。\n（二）行政复议规范化水平有待提高，部分案件审理期限较长。");
        let f = findings_with_previous(&t, PREV, "problems-repeat");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(
            f[0].span.text(&t).starts_with("（一）基层执法力量依然薄弱"),
            "{}",
            f[0].span.text(&t)
        );
        assert!(f[0].message.contains("第 5 行"), "{}", f[0].message);
        assert!(f[0].related[0]
            .span
            .text(PREV)
            .starts_with("（一）基层执法力量薄弱"));
    }

    #[test]
    fn a_restatement_that_says_what_was_done_is_not_flagged() {
        let t = this("（一）基层执法力量依然薄弱。虽经公开招录充实8名法律专业人员，但乡镇执法队伍中法律专业人员比例仍然偏低。\n（二）行政复议规范化水平有待提高，部分案件审理期限较长。");
        assert!(findings_with_previous(&t, PREV, "problems-repeat").is_empty());
        // new shortcomings only
        let t = this("（一）行政复议规范化水平有待提高，部分案件审理期限较长。\n（二）数字化执法监督平台应用不充分，数据共享不够。");
        assert!(findings_with_previous(&t, PREV, "problems-repeat").is_empty());
    }
}
