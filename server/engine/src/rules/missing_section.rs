//! `missing-section`: a statutory item of the report is absent.
//!
//! **Why.** 《法治政府建设与责任落实督察工作规定》 requires every annual report to contain five
//! items: measures and results, shortcomings and their causes, how the principal leaders
//! performed their duty as the first person responsible, next year's plan, and other matters.
//! A report missing one is sent back.
//!
//! **How.** An item counts as present when a heading at any level names it (duties is often a
//! （一） under measures), when an unheaded paragraph near the end opens with its cue
//! ("……但还存在一些问题和不足……", "下一步，我县将……"), or — for measures — when there is body text
//! before the other items. One finding per absent item, at the place it should go, with
//! `data.section` set to the item id and a fix that inserts the item's template there.
//!
//! **Example.** A report with 一、主要举措和成效 and 二、下一年度工作安排 only → two findings:
//! problems (error) and duties (warning), plus other (information).

use serde_json::json;

use crate::finding::{Finding, Severity};
use crate::rules::{Context, Rule, RuleInfo};
use crate::template;
use crate::text::line_near;

pub struct MissingSection;

static INFO: RuleInfo = RuleInfo {
    id: "missing-section",
    name: "缺少法定事项",
    default_severity: Severity::Error,
    summary_zh: "缺少报告配置规定的法定事项，可一键插入模板（级别按事项而定：法治政府建设年度报告中主要举措、不足、安排为错误，第一责任人职责为警告，其他情况为信息）",
    summary_en: "A statutory item of the report is missing; a quick fix inserts its template (the severity depends on the item).",
};

/// （一）…（五） for the item's place in the regulation.
fn ordinal(i: usize) -> String {
    format!("（{}）", crate::numerals::format(i as u64 + 1))
}

impl Rule for MissingSection {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn reads_figures(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        for (i, item) in cx.profile.items.iter().enumerate() {
            if cx.items.found[i].is_some() {
                continue;
            }
            let pos = template::insertion_point(cx, i);
            let span = line_near(cx.text, pos);
            let regulation = if cx.profile.regulation.is_empty() {
                "报告规范".to_string()
            } else {
                cx.profile.regulation.clone()
            };
            let message = format!(
                "缺少法定事项{}“{}”：{regulation}要求年度报告写明{}。",
                ordinal(i),
                item.name,
                item.full_name
            );
            out.push(
                Finding::new(INFO.id, item.severity, span, message)
                    .with_data(json!({ "section": item.id }))
                    .with_fix(template::insert_item_fix(cx, i)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{apply, findings};

    fn sections(text: &str) -> Vec<String> {
        findings(text, "missing-section")
            .iter()
            .map(|f| f.data.value()["section"].as_str().unwrap().to_string())
            .collect()
    }

    const FULL: &str = "关于2024年度法治政府建设情况的报告
某市人民政府：
2024年，我县深入推进法治政府建设，现将有关情况报告如下：
一、2024年法治政府建设主要举措和成效
（一）党政主要负责人履行推进法治建设第一责任人职责情况。县委书记、县长带头学法3次。
（二）规范行政执法。评查执法案卷86卷。
二、存在的不足和原因
部分单位执法不够规范。究其原因，主要是培训覆盖不足。
三、2025年工作安排
（一）加强执法培训。
四、其他需要报告的情况
无。
特此报告。

某县人民政府
2025年1月15日
";

    #[test]
    fn complete_report_has_no_missing_items() {
        assert!(sections(FULL).is_empty());
    }

    #[test]
    fn each_absent_item_once_with_severity() {
        let text = "关于2024年度法治政府建设情况的报告
某市人民政府：
2024年，我县深入推进法治政府建设，现将有关情况报告如下：
一、主要举措和成效
全年办理行政复议案件20件，全部依法审结。
二、2025年工作安排
继续加强执法监督。
";
        let f = findings(text, "missing-section");
        let ids: Vec<String> = f.iter().map(|f| f.data.str("section").unwrap()).collect();
        assert_eq!(ids, ["problems", "duties", "other"]);
        use crate::finding::Severity::*;
        assert_eq!(
            f.iter().map(|f| f.severity).collect::<Vec<_>>(),
            [Error, Warning, Information]
        );
        assert!(f[0].message.contains("存在的不足和原因"));
        // problems belongs after measures, i.e. before 二、
        assert_eq!(f[0].span.text(text), "二、2025年工作安排");
    }

    #[test]
    fn quick_fix_inserts_the_item_and_renumbers() {
        let text = "关于2024年度法治政府建设情况的报告
某市人民政府：
2024年，我县深入推进法治政府建设，现将有关情况报告如下：
一、主要举措和成效
（一）主要负责人履行第一责任人职责。县长带头学法。
（二）全年办理行政复议案件20件，全部依法审结。
二、2025年工作安排
继续加强执法监督。
三、其他需要报告的情况
无。
特此报告。
";
        let f = findings(text, "missing-section");
        assert_eq!(f.len(), 1);
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(
            fixed.contains("全部依法审结。\n二、2024年度推进法治政府建设存在的不足和原因\n（一）"),
            "{fixed}"
        );
        assert!(fixed.contains("\n三、2025年工作安排\n"));
        assert!(fixed.contains("\n四、其他需要报告的情况\n"));
        assert!(fixed.ends_with("无。\n特此报告。\n"));
        assert!(sections(&fixed).is_empty(), "{fixed}");
    }

    #[test]
    fn unheaded_paragraph_items_count() {
        let text = "关于2024年度法治政府建设情况的报告
某市人民政府：
2024年，我县深入推进法治政府建设，现将有关情况报告如下：
一、推进依法行政，政府职能持续优化
（一）深化放管服改革。全年新增市场主体1200户。
（二）严格规范执法。评查执法案卷86卷，发现问题21个并全部整改。
二、强化监督制约，权力运行更加规范
（一）落实第一责任人职责。县委、县政府主要负责人带头述法。
（二）做好行政复议应诉。办理复议案件20件。
2024年，我县法治政府建设取得一定成效，但也存在一些问题和不足，主要是基层执法力量薄弱，原因在于编制不足。
下一步，我县将继续加强执法队伍建设，提升依法行政水平。
其他需要报告的情况：无。
";
        assert!(sections(text).is_empty(), "{:?}", sections(text));
    }

    #[test]
    fn early_mentions_do_not_count_as_problems() {
        // "存在问题" inside measures, early in the report, is not the problems item.
        let text = "关于2024年度法治政府建设情况的报告
一、主要举措和成效
对照指标开展自查，针对存在的问题逐项整改，仍存在短板的单位限期补齐。全年开展执法检查45次。
（一）履行第一责任人职责。主要负责人带头学法。
二、2025年工作安排
继续推进。
三、其他需要报告的情况
无。
";
        assert_eq!(sections(text), ["problems"]);
    }

    #[test]
    fn paragraph_fix_appends_after_the_last_item() {
        let text = "关于2024年度法治政府建设情况的报告
2024年，我县深入推进法治政府建设。现将有关情况报告如下：
一、主要举措和成效
（一）落实第一责任人职责。主要负责人带头学法。
（二）加强执法监督。评查案卷86卷。
但也存在一些问题和不足，主要是执法力量薄弱，原因在于编制不足。
2025年，我县将继续加强执法队伍建设。
特此报告。
";
        let f = findings(text, "missing-section");
        assert_eq!(f.len(), 1);
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(
            fixed.contains("2025年，我县将继续加强执法队伍建设。\n二、其他需要报告的情况\n"),
            "{fixed}"
        );
        assert!(sections(&fixed).is_empty());
    }

    #[test]
    fn empty_report_gets_all_items_at_start() {
        let f = findings("关于2024年法治政府建设情况的报告", "missing-section");
        assert_eq!(f.len(), 5);
        let fixed = apply("关于2024年法治政府建设情况的报告", &f[0].fixes[0]);
        assert!(
            fixed.starts_with(
                "关于2024年法治政府建设情况的报告\n2024年度推进法治政府建设的主要举措和成效\n"
            ),
            "{fixed}"
        );
    }

    #[test]
    fn crlf_documents_get_crlf_inserts() {
        let text = FULL
            .replace(
                "二、存在的不足和原因\n部分单位执法不够规范。究其原因，主要是培训覆盖不足。\n",
                "",
            )
            .replace('\n', "\r\n");
        let f = findings(&text, "missing-section");
        assert_eq!(f.len(), 1);
        let fixed = apply(&text, &f[0].fixes[0]);
        assert!(
            !fixed.replace("\r\n", "").contains('\n'),
            "bare LF inserted"
        );
        assert!(sections(&fixed).is_empty());
    }

    #[test]
    fn markdown_headings_keep_their_prefix() {
        let profile = crate::profile::Profile::default_profile();
        let text = "# 关于2024年度法治政府建设情况的报告\n\n## 一、主要举措和成效\n\n全年开展执法检查45次。主要负责人履行第一责任人职责。\n\n## 二、存在的不足和原因\n\n执法力量薄弱，原因在于编制不足。\n\n## 三、其他需要报告的情况\n\n无。\n";
        let opts = crate::analysis::Options {
            markdown: true,
            ..crate::analysis::Options::new(std::slice::from_ref(&profile))
        };
        let a = crate::analysis::analyze(text, &opts);
        let f: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.rule == "missing-section")
            .collect();
        assert_eq!(f.len(), 1, "{f:?}");
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(
            fixed.contains("\n## 三、2025年推进法治政府建设的主要安排\n"),
            "{fixed}"
        );
        assert!(fixed.contains("\n## 四、其他需要报告的情况\n"), "{fixed}");
    }
}
