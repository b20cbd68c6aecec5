//! `report-year`: the year the report is about could not be determined.
//!
//! **Why.** Every year check (headings, the plan's year, the signature date, cited documents)
//! compares against the report year. Reading it wrongly turns correct headings into errors — a
//! report without a title whose opening cites 《法治政府建设实施纲要（2021—2025年）》 is not a
//! report on 2025. So the year is only trusted when the text states it clearly (see
//! [`crate::detect`]); otherwise the year checks stay silent and this rule says so, once.
//!
//! **How.** When [`crate::detect::ReportYear::doubt`] is set, one information finding on the
//! first line: the years the text suggests and where (headings that disagree, a signature dated
//! outside the reporting season, a year in the middle of the opening), with each place as a
//! related location.
//!
//! **Example.** No title; the opening names only 《纲要（2021—2025年）》; the measures heading
//! says 2024 and the plan heading 2024 → "未能确定报告年度：各处年份不一致……".

use serde_json::json;

use crate::finding::{Finding, Severity};
use crate::rules::{Context, Rule, RuleInfo};
use crate::text::{trim_span, Span};

pub struct ReportYear;

static INFO: RuleInfo = RuleInfo {
    id: "report-year",
    name: "未能确定报告年度",
    default_severity: Severity::Information,
    summary_zh: "标题和开头没有写明报告年度，或各处年份不一致，年份检查暂不进行",
    summary_en: "The report year is not stated in the title or opening, or the headings and the signature disagree; year checks are skipped.",
};

impl Rule for ReportYear {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn reads_figures(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let Some(doubt) = &cx.subject.year.doubt else {
            return;
        };
        let first_line = cx.text.find(['\n', '\r']).unwrap_or(cx.text.len());
        let span = trim_span(cx.text, Span::new(0, first_line));
        let what = if doubt.clues.is_empty() {
            "标题和开头段都没有写明年度（《》内所引文件的年份、“2021—2025年”这样的年份区间不算）"
                .to_string()
        } else {
            let list: Vec<String> = doubt
                .clues
                .iter()
                .map(|c| format!("{}指{}年", c.place, c.year))
                .collect();
            if doubt.conflicting {
                format!("各处年份不一致：{}", list.join("，"))
            } else {
                format!("标题和开头段没有明确写出年度，仅有{}", list.join("，"))
            }
        };
        let mut f = Finding::new(
            INFO.id,
            INFO.default_severity,
            span,
            format!(
                "未能确定报告年度：{what}。请在标题或开头段写明年度（如“关于2024年度法治政府建设情况的报告”“2024年，我县……”），在此之前不检查年份。"
            ),
        )
        .with_data(json!({
            "conflicting": doubt.conflicting,
            "years": doubt.clues.iter().map(|c| c.year).collect::<Vec<_>>(),
        }));
        for c in &doubt.clues {
            f = f.with_related(c.span, format!("{}指{}年", c.place, c.year));
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::findings;

    const BODY: &str = "一、2024年度推进法治政府建设的主要举措和成效\n全年受理行政复议案件46件。\n二、存在的不足和原因\n执法力量薄弱，原因在于编制不足。\n三、2025年工作安排\n开展执法培训。\n特此报告。\n\n某县人民政府\n2025年1月20日\n";

    fn report(opening: &str, body: &str) -> String {
        format!("某市人民政府：\n{opening}\n{body}")
    }

    #[test]
    fn a_year_read_from_the_opening_or_the_headings_raises_nothing() {
        let t = report("2024年，我县持续推进法治政府建设。", BODY);
        assert!(findings(&t, "report-year").is_empty());
        let t = report(
            "我县对照《法治政府建设实施纲要（2021—2025年）》推进法治政府建设。",
            BODY,
        );
        assert!(findings(&t, "report-year").is_empty());
        assert!(findings(&t, "year-mismatch").is_empty());
    }

    #[test]
    fn disagreeing_headings_give_one_note_and_no_year_errors() {
        let t = report(
            "我县对照《法治政府建设实施纲要（2021—2025年）》推进法治政府建设。",
            &BODY.replace("三、2025年工作安排", "三、2024年工作安排"),
        );
        let f = findings(&t, "report-year");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::finding::Severity::Information);
        assert_eq!(f[0].span.text(&t), "某市人民政府：");
        assert!(
            f[0].message
                .starts_with("未能确定报告年度：各处年份不一致："),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message.contains("标题“三、2024年工作安排”指2023年"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].related.len(), 3);
        assert!(findings(&t, "year-mismatch").is_empty());
    }

    #[test]
    fn only_cited_years_give_a_note() {
        let t = report(
            "我县对照《法治政府建设实施纲要（2021—2025年）》推进法治政府建设。",
            "一、主要举措和成效\n全年受理行政复议案件46件。\n",
        );
        let f = findings(&t, "report-year");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("都没有写明年度"), "{}", f[0].message);
    }
}
