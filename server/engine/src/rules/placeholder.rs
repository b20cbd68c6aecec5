//! `placeholder`: a template blank left unfilled.
//!
//! **Why.** Drafts start from a template (this tool's own skeleton and snippets leave ×× where
//! a figure or a name belongs). A report sent up with "全年办理××件" or "某某局" is returned at
//! once.
//!
//! **How.** Reads the placeholders the figure extraction records in the report's text (never in
//! web debris): runs of ×× / XX / ＸＸ (Latin letters only when not part of a word), a single X or
//! × where a number belongs (X件, X%), brackets with nothing inside (【】, [ ], 〔 〕, （ ）), leftover
//! snippet fields `${1:…}`, 某某, ○○ / □□ (not the 〇 of a Chinese year), and ___ blanks. A hint
//! in brackets right after the blank (××（办件量）) is part of it.
//!
//! **Example.** "全年办理行政复议案件××件" → 模板占位符“××”尚未填写.

use serde_json::json;

use crate::figures::PlaceholderKind;
use crate::finding::{Finding, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub struct Placeholder;

static INFO: RuleInfo = RuleInfo {
    id: "placeholder",
    name: "模板占位符未填写",
    default_severity: Severity::Error,
    summary_zh: "××、X件、【】、某某、*次 等模板空白未填",
    summary_en: "Template blanks such as ××, X件, 【】, 某某 or *次 are left unfilled.",
};

impl Rule for Placeholder {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        for p in &cx.figures.placeholders {
            let s = p.span.text(cx.text);
            let what = match p.kind {
                PlaceholderKind::Crosses | PlaceholderKind::Snippet => "模板占位符",
                PlaceholderKind::LetterFigure => "数字位置上的占位符",
                PlaceholderKind::EmptyBrackets => "空白括号",
                PlaceholderKind::Mou => "“某某”代称",
                PlaceholderKind::Circles | PlaceholderKind::Underscores => "待填空白",
                PlaceholderKind::Star => "星号占位符",
            };
            let message = format!("{what}“{s}”尚未填写。");
            out.push(
                Finding::new(INFO.id, INFO.default_severity, p.span, message)
                    .with_data(json!({ "kind": p.kind })),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::findings;

    #[test]
    fn star_blanks_from_sample_reports() {
        let text = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n*区召开会议*次，*个协调小组共召开会议＊次，涉及金额*万元。\n";
        let f = findings(text, "placeholder");
        let spans: Vec<&str> = f.iter().map(|f| f.span.text(text)).collect();
        assert_eq!(spans, ["*区", "*次", "*个", "＊次", "*万"], "{f:?}");
        assert!(f[1].message.contains("星号占位符"));
        // not blanks: emphasis, footnote marks, a ** run, a star before prose
        let ok = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n全年共开展培训12次。注*：数据截至年底。**重点**工作。\n";
        assert!(findings(ok, "placeholder").is_empty());
    }

    #[test]
    fn markdown_emphasis_is_not_a_star_blank() {
        let profile = crate::profile::Profile::default_profile();
        let text = "# 关于2024年度法治政府建设情况的报告\n\n## 一、主要举措和成效\n\n开展*专项*次检查12次，召开会议*次。\n";
        let opts = crate::analysis::Options {
            markdown: true,
            ..crate::analysis::Options::new(std::slice::from_ref(&profile))
        };
        let a = crate::analysis::analyze(text, &opts);
        let spans: Vec<&str> = a
            .findings
            .iter()
            .filter(|f| f.rule == "placeholder")
            .map(|f| f.span.text(text))
            .collect();
        assert_eq!(spans, ["*次"]);
    }

    #[test]
    fn blanks_are_errors_at_their_exact_place() {
        let text = "关于××年度法治政府建设情况的报告\n某某市人民政府：\n一、主要举措和成效\n全年办理行政复议案件××（件数）件，办结率X%，【】项制度，${2:××}。\n";
        let f = findings(text, "placeholder");
        let spans: Vec<&str> = f.iter().map(|f| f.span.text(text)).collect();
        assert_eq!(
            spans,
            ["××", "某某", "××（件数）", "X%", "【】", "${2:××}"],
            "{f:?}"
        );
        assert_eq!(f[0].message, "模板占位符“××”尚未填写。");
        assert_eq!(f[3].message, "数字位置上的占位符“X%”尚未填写。");
    }

    #[test]
    fn the_skeleton_inserted_by_a_fix_is_flagged_until_filled() {
        let text = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n开展执法检查45次。\n二、存在的不足和原因\n三、2025年工作安排\n继续加强。\n";
        let empty = findings(text, "empty-section");
        let fixed = crate::rules::test_util::apply(text, &empty[0].fixes[0]);
        assert!(!findings(&fixed, "placeholder").is_empty());
    }

    #[test]
    fn indicator_snippets_leave_blanks_until_filled_and_then_hold() {
        let profile = crate::profile::Profile::default_profile();
        let snippets: Vec<_> = profile
            .snippets
            .iter()
            .filter(|s| s.id.starts_with("figure-"))
            .collect();
        assert!(snippets.len() >= 5);
        for s in snippets {
            let body = crate::profile::snippet::render_plain(&s.body);
            let blanks = body.matches("××").count();
            let text = format!("关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n{body}\n");
            assert_eq!(findings(&text, "placeholder").len(), blanks, "{}", s.id);
            // fill the blanks with figures that hold: 100 received, the rest a partition of it
            let mut filled = body.clone();
            let values = match s.id.as_str() {
                "figure-review" => vec!["120", "100", "90", "60", "10", "12", "5", "3", "10"],
                "figure-litigation" => vec!["40", "38", "95"],
                "figure-hotline" => vec!["5000", "4990", "99.8", "98"],
                "figure-normative" => vec!["20", "20", "60", "40", "12", "8"],
                "figure-mediation" => vec!["800", "784", "98"],
                other => panic!("no values for {other}"),
            };
            assert_eq!(values.len(), blanks, "{}", s.id);
            for v in values {
                filled = filled.replacen("××", v, 1);
            }
            let text =
                format!("关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n{filled}\n");
            for rule in [
                "placeholder",
                "sum-mismatch",
                "rate-mismatch",
                "percent-range",
            ] {
                assert!(
                    findings(&text, rule).is_empty(),
                    "{}: {rule} in {filled}",
                    s.id
                );
            }
            // and the checks were made: the sentence is not just ignored
            let p = crate::profile::Profile::default_profile();
            let a = crate::analysis::analyze(
                &text,
                &crate::analysis::Options {
                    force_report: true,
                    ..crate::analysis::Options::new(std::slice::from_ref(&p))
                },
            );
            assert!(
                a.figures
                    .checks
                    .iter()
                    .any(|c| c.kind != crate::figures::CheckKind::Range),
                "{}: {filled}",
                s.id
            );
        }
    }

    #[test]
    fn ordinary_text_has_no_placeholders() {
        let text = "关于二〇二四年度法治政府建设情况的报告\n一、主要举措和成效\n购置X光机2台，某企业诉某局一案胜诉，使用Excel统计，二〇〇八年以来持续推进。\n";
        assert!(findings(text, "placeholder").is_empty());
    }
}
