//! `copied-text`: a paragraph near-identical to one of last year's report.
//!
//! **Why.** The commonest fault reviewers find when they read two years side by side: a
//! paragraph carried over from last year's report with only the year and a few figures changed.
//! The annual report must account for this year's work; a copied paragraph says nothing new and
//! often keeps last year's facts.
//!
//! **How.** Needs last year's report (setting `previousReport.path`, `--previous`, or found
//! beside this one). Every paragraph of both reports is masked: figures and years become `#`,
//! the profile's boilerplate phrases (`[comparison] boilerplate`: the political formula of the
//! opening …) and spaces are left out, half-width punctuation is made full-width. A paragraph
//! with at least [`crate::yoy::COPY_MIN_CHARS`] masked characters whose similarity with a
//! paragraph of last year's ([`crate::yoy::ratio`], `similar`) reaches [`crate::yoy::COPY_RATIO`]
//! is flagged, with last year's
//! paragraph as related location (in the other file) and the changes in the message; the editor
//! shows the whole difference on hover.
//!
//! **Example.** Last year: "2023年，全县共办理行政复议案件58件，依法纠错9件，纠错率15.5%，
//! 行政复议化解行政争议主渠道作用进一步发挥。" This year the same sentence with 2024年, 62件,
//! 11件, 17.7% → warning "本段与上年度报告第 14 行的段落几乎相同……".

use serde_json::json;

use crate::finding::{Finding, Severity};
use crate::rules::{Context, Rule, RuleInfo};
use crate::yoy::diff;

pub struct CopiedText;

static INFO: RuleInfo = RuleInfo {
    id: "copied-text",
    name: "照搬上年报告",
    default_severity: Severity::Warning,
    summary_zh: "段落与上年度报告几乎相同（已忽略年份和数字），像是照搬上年内容",
    summary_en:
        "A paragraph is near-identical to one of last year's report (years and figures aside).",
};

impl Rule for CopiedText {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let Some(prev) = cx.previous else {
            return;
        };
        let base = prev.baseline;
        for m in prev.comparison.paragraphs.iter().filter(|m| m.copied()) {
            let Some(best) = m.best else { continue };
            let old = best.span.text(&base.text);
            let new = m.span.text(cx.text);
            let line = base.line(best.span.start);
            let changes = diff::changes(old, new);
            let what = if changes.is_empty() {
                "文字与上年完全相同".to_string()
            } else {
                let shown: Vec<&str> = changes.iter().take(4).map(String::as_str).collect();
                let more = if changes.len() > 4 { "等" } else { "" };
                format!("只改动了：{}{more}", shown.join("；"))
            };
            let pct = (best.ratio * 100.0).floor() as u32;
            out.push(
                Finding::new(
                    INFO.id,
                    INFO.default_severity,
                    m.span,
                    format!(
                        "本段与上年度报告第 {line} 行的段落几乎相同（不计年份和数字，相似度 {pct}%），{what}。年度报告应写本年度的举措和成效，请据实重写。"
                    ),
                )
                .with_data(json!({
                    "previousLine": line,
                    "similarity": (f64::from(best.ratio) * 1000.0).round() / 1000.0,
                    "previousStart": best.span.start,
                    "previousEnd": best.span.end,
                }))
                .with_related_previous(best.span, format!("上年度报告第 {line} 行的这一段")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::findings_with_previous;

    const PREV: &str = "关于2023年度法治政府建设情况的报告\n市政府：\n2023年，我县推进法治政府建设。现将有关情况报告如下：\n一、2023年度推进法治政府建设的主要举措和成效\n（一）强化行政权力制约和监督。2023年，全县共办理行政复议案件58件，依法纠错9件，纠错率15.5%，行政复议化解行政争议主渠道作用进一步发挥，行政机关负责人出庭应诉实现常态化。\n（二）推进严格规范公正文明执法。组织执法人员参加专题培训12场次，评查行政处罚案卷240卷，发现问题31个并督促整改。\n二、2023年度推进法治政府建设存在的不足和原因\n基层执法力量薄弱。究其原因，编制不足。\n三、2024年推进法治政府建设的主要安排\n（一）深化综合行政执法改革。\n特此报告。\n";

    #[test]
    fn a_paragraph_with_only_years_and_figures_changed_is_flagged() {
        let this = PREV
            .replace("2024年", "2025年")
            .replace("2023", "2024")
            .replace("58件", "62件")
            .replace("9件", "11件")
            .replace("15.5%", "17.7%")
            .replace(
                "组织执法人员参加专题培训12场次，评查行政处罚案卷240卷，发现问题31个并督促整改。",
                "全面推行行政执法“三项制度”，县级执法部门执法信息公示率达到100%，新增执法记录仪配备86台。",
            );
        let f = findings_with_previous(&this, PREV, "copied-text");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(
            f[0].span.text(&this).starts_with("（一）强化")
                || f[0].span.text(&this).starts_with("2024年，全县共办理"),
            "{}",
            f[0].span.text(&this)
        );
        assert!(
            f[0].message.contains("上年度报告第 5 行"),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("58 → 62"), "{}", f[0].message);
        assert_eq!(f[0].related.len(), 1);
        assert_eq!(f[0].related[0].doc, crate::finding::Doc::Previous);
        assert!(f[0].related[0].span.text(PREV).contains("纠错率15.5%"));
    }

    #[test]
    fn rewritten_paragraphs_and_boilerplate_are_not_flagged() {
        // the same subjects written afresh
        let this = PREV
            .replace(
                "2023年，全县共办理行政复议案件58件，依法纠错9件，纠错率15.5%，行政复议化解行政争议主渠道作用进一步发挥，行政机关负责人出庭应诉实现常态化。",
                "行政复议案件由县司法局统一受理，全年新收62件，较上年多4件；通过调解和解结案14件，一批涉企争议在复议阶段实质性化解。",
            )
            .replace("2024年", "2025年")
            .replace("2023", "2024");
        let f = findings_with_previous(&this, PREV, "copied-text");
        assert!(f.is_empty(), "{f:#?}");
        // without last year's report the rule is silent
        assert!(crate::rules::test_util::findings(PREV, "copied-text").is_empty());
        // an opening that is mostly the political formula is not compared
        let opening = "2023年，我县坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面贯彻党的二十大精神，推进法治政府建设。现将有关情况报告如下：";
        let prev = PREV.replace(
            "2023年，我县推进法治政府建设。现将有关情况报告如下：",
            opening,
        );
        let this = prev.replace("2023年，我县", "2024年，我县");
        let f = findings_with_previous(&this, &prev, "copied-text");
        assert!(
            f.iter().all(|f| !f.span.text(&this).contains("习近平")),
            "{f:#?}"
        );
    }
}
