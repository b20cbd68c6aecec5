//! `percent-range`: a rate or share below 0% or above 100%.
//!
//! **Why.** A 办结率 of 103% or an 占比 of 120% cannot be: a typo, or a growth figure written
//! as a rate. Either way a reviewer stops there.
//!
//! **How.** Every percentage whose subject names a level — a …率, 占比, 比例, 比重, or "占 X%" —
//! must lie within 0–100% (for 98%以上, the lower bound). Changes are not levels: a subject with
//! 增长, 提高, 下降, 同比 … (the profile's `figures.change_words`) is skipped, and so are rates the
//! profile allows above 100% (`figures.may_exceed_100`: 完成率, 增长率 …).
//!
//! **Example.** "行政机关负责人出庭应诉率105%" → error; "审查各类合同883件，同比增长132.4%" → fine.

use serde_json::json;

use crate::figures::CheckKind;
use crate::finding::{Finding, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub struct PercentRange;

static INFO: RuleInfo = RuleInfo {
    id: "percent-range",
    name: "比率超出范围",
    default_severity: Severity::Error,
    summary_zh: "比率、占比超出 0～100%",
    summary_en: "A rate or share is outside 0–100%.",
};

impl Rule for PercentRange {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        for c in &cx.figures.checks {
            if c.kind != CheckKind::Range || c.ok {
                continue;
            }
            let t = &cx.figures.figures[c.target];
            let hint = if t.value > 100.0 {
                "；若是增长幅度，应写明“同比增长”“提高”等"
            } else {
                ""
            };
            let message = format!(
                "“{}”为 {}，比率应在 0%～100% 之间{hint}。",
                c.label,
                c.result(cx.figures, cx.text)
            );
            out.push(
                Finding::new(INFO.id, INFO.default_severity, t.span, message)
                    .with_data(json!({ "stated": t.value, "rate": c.label })),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::findings;

    fn ranges(body: &str) -> (String, Vec<crate::finding::Finding>) {
        let text = format!("关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n{body}\n");
        let f = findings(&text, "percent-range");
        (text, f)
    }

    #[test]
    fn rates_above_100_or_below_0_are_errors() {
        let (text, f) =
            ranges("行政机关负责人出庭应诉率105%，复议纠错率-3%，案卷合格率百分之一百二十。");
        let spans: Vec<&str> = f.iter().map(|f| f.span.text(&text)).collect();
        assert_eq!(spans, ["105%", "-3%", "百分之一百二十"], "{f:?}");
        assert_eq!(
            f[0].message,
            "“行政机关负责人出庭应诉率”为 105%，比率应在 0%～100% 之间；若是增长幅度，应写明“同比增长”“提高”等。"
        );
        let (_, g) = ranges("其中维持28件，占比120%。");
        assert_eq!(g.len(), 1, "{g:?}");
    }

    #[test]
    fn changes_targets_and_plain_levels_are_fine() {
        for body in [
            "审查各类合同883件，同比增长132.4%。",
            "执法协作响应率提高130%。",
            "新增市场主体任务完成率114.5%。",
            "出庭应诉率100%，满意率98%以上，一审败诉率0%。",
            "压缩审批时限，时限压缩比达93.63%。",
            "法院诉讼案件数量比降16.6%。",
            "案件数量增长150%。",
            "“污水零直排”比例从27.5%提升到100%。",
        ] {
            let (_, f) = ranges(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }
}
