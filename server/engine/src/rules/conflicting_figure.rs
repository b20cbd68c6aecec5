//! `conflicting-figure`: the same indicator stated twice with different values.
//!
//! **Why.** Reports are stitched together from several departments' submissions; the
//! 行政复议 figure in the measures item and the one in the duties item often come from different
//! sources and disagree. A reader cannot tell which one is true.
//!
//! **How.** Reads the restatement checks of [`crate::figures::check`]: in the achievements (not
//! the plan, whose figures are targets), a rate with a specific name of four characters or more
//! (负责人出庭应诉率; one name ending the other counts as the same) or a count whose subject names a
//! catalog indicator (受理行政复议案件) stated again in a later sentence, with the same unit.
//! Sentences about another year or a comparison (同比, 上年, 目标, 力争 …) are left out.
//! Approximate values that overlap (98%以上 and 98.6%) agree.
//!
//! **Example.** "受理行政复议案件46件" … later "全年受理行政复议案件48件" → warning on the second.

use serde_json::json;

use crate::figures::CheckKind;
use crate::finding::{Finding, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub struct ConflictingFigure;

static INFO: RuleInfo = RuleInfo {
    id: "conflicting-figure",
    name: "同一指标前后不一致",
    default_severity: Severity::Warning,
    summary_zh: "同一指标前后数字不一致",
    summary_en: "The same indicator is stated twice with different values.",
};

impl Rule for ConflictingFigure {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let figs = &cx.figures.figures;
        for c in &cx.figures.checks {
            if c.kind != CheckKind::Same || c.ok {
                continue;
            }
            let t = &figs[c.target];
            let earlier = &figs[c.inputs[0]];
            let message = format!(
                "“{}”前后不一致：{}。请核实以哪个为准。",
                c.label,
                c.arithmetic(cx.figures, cx.text)
            );
            out.push(
                Finding::new(INFO.id, INFO.default_severity, t.span, message)
                    .with_data(json!({ "stated": t.value, "earlier": earlier.value }))
                    .with_related(
                        earlier.span,
                        format!(
                            "前文：{}{}",
                            earlier.subject.text(cx.text),
                            earlier.span.text(cx.text)
                        ),
                    ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::findings;

    fn conflicts(body: &str) -> (String, Vec<crate::finding::Finding>) {
        let text = format!("关于2024年度法治政府建设情况的报告\n{body}\n");
        let f = findings(&text, "conflicting-figure");
        (text, f)
    }

    #[test]
    fn the_same_indicator_with_two_values() {
        let (text, f) = conflicts(
            "一、主要举措和成效\n（一）全年受理行政复议案件46件，行政机关负责人出庭应诉率100%。\n（二）强化监督。受理行政复议案件48件，出庭应诉率95%。\n",
        );
        let spans: Vec<&str> = f.iter().map(|f| f.span.text(&text)).collect();
        assert_eq!(spans, ["48件", "95%"], "{f:?}");
        assert_eq!(
            f[0].message,
            "“受理行政复议案件”前后不一致：第 3 行写的是 46件，此处是 48件。请核实以哪个为准。"
        );
        assert_eq!(f[0].related[0].span.text(&text), "46件");
    }

    #[test]
    fn restated_equal_or_compatible_values_and_other_contexts_are_fine() {
        for body in [
            // the same figure repeated
            "一、主要举措和成效\n受理群众来信140件，办结率100%。\n（七）畅通信访渠道。受理群众来信140件。\n",
            // compatible approximate values
            "一、主要举措和成效\n调解成功率98%以上。\n人民调解组织调解成功率98.6%。\n",
            // generic names are not one indicator
            "一、主要举措和成效\n网民留言办结率100%。\n依申请公开办结率95%。\n",
            // a comparison with last year, and a target in the plan
            "一、主要举措和成效\n受理行政复议案件46件。上年受理行政复议案件40件。\n二、2025年工作安排\n力争行政机关负责人出庭应诉率达到100%。\n",
            "一、主要举措和成效\n行政机关负责人出庭应诉率95%。\n二、2025年工作安排\n负责人出庭应诉率达到100%。\n",
        ] {
            let (_, f) = conflicts(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }
}
