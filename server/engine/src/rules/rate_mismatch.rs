//! `rate-mismatch`: a stated rate that the counts beside it do not give.
//!
//! **Why.** A 办结率 copied from last year's report, or computed on a different base than the
//! counts the drafter states, is an inconsistency any reviewer with a calculator finds.
//!
//! **How.** Reads the rate checks of [`crate::figures::check`]. A rate the profile defines
//! (`[[figures.rates]]`: 办结率 = 办结 ÷ 受理/转办, 出庭应诉率 = 出庭应诉 ÷ 开庭审理/通知出庭,
//! 纠错率 = 纠错 ÷ 审结 …) is recomputed only on the base the profile names, stated in its
//! sentence or earlier in its paragraph and 一是/二是 run; every reading on such a base is tried
//! (优秀 + 合格 for 合格率) before it is flagged. Without a named base a rate is never an error:
//! it passes when another count gives it, and otherwise gets an information note (未写明分母)
//! from [`crate::figures::Figures::rate_notes`]. Shares ("占 X%", "刑事案件占比", "N项……中，M项
//! ……占比") are tried against every plausible total and flagged only on a certain one (named,
//! the total of the part's list, the N of N项……中, the total a 其中 refers to). The rate must
//! equal the quotient within the rounding the text shows (98.9% allows ±0.05, 98% ±0.5). The
//! quick fix writes the computed rate with the same number of decimals, only when the base is
//! certain and the reading unique.
//!
//! **Example.** "受理12345热线工单15620件，办结15488件，办结率98.5%" → 办结率应为 99.2%
//! （15488 ÷ 15620 = 99.15%），文中写的是 98.5%.

use serde_json::json;

use crate::figures::CheckKind;
use crate::finding::{Finding, Severity};
use crate::rules::{with_check_details, Context, Rule, RuleInfo};

pub struct RateMismatch;

static INFO: RuleInfo = RuleInfo {
    id: "rate-mismatch",
    name: "比率与数据不符",
    default_severity: Severity::Error,
    summary_zh: "办结率、调解成功率、占比等与其计数不符",
    summary_en: "A stated rate or share does not match the counts it is computed from.",
};

impl Rule for RateMismatch {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let figs = &cx.figures.figures;
        for c in &cx.figures.checks {
            if c.kind != CheckKind::Rate || c.ok {
                continue;
            }
            let t = &figs[c.target];
            let stated = t.number.text(cx.text);
            let arithmetic = c.arithmetic(cx.figures, cx.text);
            // the computed rate as the text would write it (the decimals it shows)
            let expected = c.replacement.as_ref().map_or_else(
                || {
                    let (v, d) = crate::figures::check::rate_rounded(c.computed, t.decimals);
                    format!("{:.*}%", d as usize, v)
                },
                |r| format!("{r}%"),
            );
            let message = format!(
                "{}应为 {expected}（{arithmetic}），文中写的是 {stated}%。",
                c.label
            );
            let f =
                Finding::new(INFO.id, INFO.default_severity, t.span, message).with_data(json!({
                    "stated": t.value,
                    "computed": c.computed,
                    "arithmetic": arithmetic,
                }));
            let last = c.inputs.len() - 1;
            let f = with_check_details(f, cx, c, |k| if k < last { "分子" } else { "分母" }, "%");
            out.push(f);
        }
        // a rate whose named base is not stated: a note, never an error
        for n in &cx.figures.rate_notes {
            let t = &figs[n.rate];
            let num = &figs[n.numerator];
            let message = format!(
                "{}{}%未写明分母：按规定应以{}的数量作分母，文中没有写明，无法核对。",
                n.label,
                t.number.text(cx.text),
                n.base_words
            );
            out.push(
                Finding::new(INFO.id, Severity::Information, t.span, message)
                    .with_data(json!({ "stated": t.value, "base": "missing" }))
                    .with_related(
                        num.span,
                        format!(
                            "分子：{}{}",
                            num.subject.text(cx.text),
                            num.span.text(cx.text)
                        ),
                    ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{apply, findings};

    const HEAD: &str = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n";

    fn rates(body: &str) -> (String, Vec<crate::finding::Finding>) {
        let text = format!("{HEAD}{body}\n");
        let f = findings(&text, "rate-mismatch");
        (text, f)
    }

    #[test]
    fn a_wrong_rate_is_an_error_with_a_fix() {
        let (text, f) = rates("受理12345热线工单15620件，办结15488件，办结率98.5%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "98.5%");
        assert_eq!(
            f[0].message,
            "办结率应为 99.2%（15488 ÷ 15620 = 99.15%），文中写的是 98.5%。"
        );
        let fixed = apply(&text, &f[0].fixes[0]);
        assert!(fixed.contains("办结率99.2%"), "{fixed}");
        assert!(rates(fixed.trim_start_matches(HEAD)).1.is_empty());
    }

    #[test]
    fn rates_within_the_shown_rounding_hold() {
        for body in [
            "受理12345热线工单15620件，办结15488件，办结率99.2%。",
            "人民调解组织调解纠纷2134件，调解成功2098件，调解成功率98.3%。",
            "共收到营商环境投诉件85起，办结85起，办结率、满意率100%。",
            "受理群众来信140件，已办理140件，办结率100%。",
            "行政诉讼案件开庭审理30件，行政机关负责人出庭应诉28件，出庭应诉率93.3%。",
            "抽查行政处罚案卷120卷，合格117卷，案卷合格率97.5%。",
            // 98% allows 97.5–98.5
            "受理投诉200件，办结196件，办结率98%。",
            // approximate: 98%以上
            "受理投诉200件，办结197件，办结率98%以上。",
            // two bases: the rate is on 受理, not 收到
            "收到申请120件，受理100件，办结95件，办结率95%。",
            // a share after a part of a total
            "全年共受理行政复议案件46件，其中维持28件，占60.9%。",
            // a rate of another ；-part, and a rate before its counts
            "工单办结率99%，满意率99%以上；受理群众来信140件，已办理140件，办结率100%。",
        ] {
            let (_, f) = rates(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }

    #[test]
    fn rounding_tolerance_follows_the_decimals_written() {
        // 2098 ÷ 2134 = 98.31%: 98.3 holds, 98.4 does not (±0.05), 98 holds (±0.5)
        let body = |r: &str| format!("调解纠纷2134件，调解成功2098件，调解成功率{r}%。");
        assert!(rates(&body("98.3")).1.is_empty());
        assert!(rates(&body("98")).1.is_empty());
        let (text, f) = rates(&body("98.4"));
        assert_eq!(f.len(), 1);
        assert!(apply(&text, &f[0].fixes[0]).contains("调解成功率98.3%"));
        // an integer rate is fixed as an integer
        let (text, g) = rates(&body("97"));
        assert_eq!(g.len(), 1);
        assert!(apply(&text, &g[0].fixes[0]).contains("调解成功率98%"));
    }

    #[test]
    fn a_wrong_share() {
        let (_, f) = rates("全年共受理行政复议案件46件，其中维持28件，占70%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message.starts_with("占比应为 61%（28 ÷ 46 = 60.87%）"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn tables_are_checked_row_by_row() {
        let body = "| 事项 | 受理（件） | 办结（件） | 办结率 |\n|---|---|---|---|\n| 行政复议 | 46 | 45 | 97.8% |\n| 信访事项 | 120 | 108 | 95.0% |";
        let (text, f) = rates(body);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "95.0%");
        assert!(
            f[0].message.contains("90.0%（108 ÷ 120 = 90%）"),
            "{}",
            f[0].message
        );
        assert!(apply(&text, &f[0].fixes[0]).contains("| 90.0% |"));
    }

    #[test]
    fn rates_without_their_counts_or_changes_are_not_recomputed() {
        for body in [
            "收到各类政府信息依申请公开诉求33件，办结率100%。",
            "审查各类合同883件，同比增长132.4%。",
            "执法协作响应率提高30%，检查覆盖率96.4%，检查企业4289家次。",
            "县矛调中心受办群众诉求9589件，群众满意率99.60%，成功化解纠纷3977件。",
            "共受理行政复议案件23件，已办结19件，行政复议合法率100%。",
            // 办结 exceeds 受理 (cases carried over): no rate can be computed with confidence
            "受理投诉100件，办结105件，办结率100%。",
        ] {
            let (_, f) = rates(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }

    fn all(body: &str) -> Vec<crate::finding::Finding> {
        let text = format!("{HEAD}{body}\n");
        crate::rules::test_util::findings(&text, "rate-mismatch")
    }

    #[test]
    fn a_rate_is_recomputed_on_the_base_the_profile_names_only() {
        // 出庭应诉率 on the cases that required appearance, not on all cases
        for body in [
            "全年一审行政诉讼案件47件，其中法院开庭审理30件，负责人出庭应诉30件，出庭应诉率100%。",
            "全年一审行政诉讼案件47件，法院通知负责人出庭的30件，负责人出庭应诉29件，出庭应诉率96.7%。",
            // 纠错率 on the cases closed
            "全年受理行政复议案件80件，审结72件，纠错9件，纠错率12.5%。",
        ] {
            let (_, f) = rates(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
        let (text, f) = rates(
            "全年一审行政诉讼案件47件，其中法院开庭审理30件，负责人出庭应诉30件，出庭应诉率63.8%。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].message,
            "出庭应诉率应为 100%（30 ÷ 30 = 100%），文中写的是 63.8%。"
        );
        assert!(apply(&text, &f[0].fixes[0]).contains("出庭应诉率100%"));
        // 9 ÷ 80 = 11.25% is the wrong base: the rate says 11.3%, the cases closed give 12.5%
        let (_, g) = rates("全年受理行政复议案件80件，审结72件，纠错9件，纠错率11.3%。");
        assert_eq!(g.len(), 1, "{g:?}");
        assert!(
            g[0].message.starts_with("纠错率应为 12.5%（9 ÷ 72"),
            "{}",
            g[0].message
        );
    }

    #[test]
    fn without_its_named_base_a_rate_is_never_an_error() {
        for body in [
            // no base at all
            "全年行政机关负责人出庭应诉52件次，出庭应诉率100%。",
            "群众满意率98.6%。",
            // another count gives the rate: accepted as the drafter's reading
            "全年一审行政诉讼案件40件，负责人出庭应诉34件，出庭应诉率85%。",
        ] {
            let f = all(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
        // no reading holds: an information note, never an error, never a fix
        let f = all("全年一审行政诉讼案件40件，负责人出庭应诉34件，出庭应诉率100%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::finding::Severity::Information);
        assert!(f[0].fixes.is_empty());
        assert!(
            f[0].message.starts_with("出庭应诉率100%未写明分母"),
            "{}",
            f[0].message
        );
        // the profile's bases read as words before "的数量" ("出庭的" without its 的)
        assert!(
            f[0].message
                .contains("按规定应以开庭审理、通知出庭、出庭的数量作分母"),
            "{}",
            f[0].message
        );
        // rates the profile does not define are only confirmed
        assert!(all("签订劳动合同1200份，应签订1260份，签订率90%。").is_empty());
    }

    #[test]
    fn a_named_base_earlier_in_the_paragraph_counts_but_not_across_a_run() {
        let (_, f) = rates("全年受理群众诉求12040件。各承办单位按期办结11890件，按期办结率97.2%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message
                .starts_with("按期办结率应为 98.8%（11890 ÷ 12040"),
            "{}",
            f[0].message
        );
        assert!(
            rates("全年受理群众诉求12040件。各承办单位按期办结11890件，按期办结率98.8%。")
                .1
                .is_empty()
        );
        // a base in another 一是/二是 item is about something else
        let body = "一是畅通诉求渠道，全年受理群众诉求12040件。二是提升办理质效，各承办单位按期办结860件，按期办结率97.2%。";
        assert!(rates(body).1.is_empty(), "{:?}", rates(body).1);
        // a base in another paragraph is about something else
        let body = "全年受理群众诉求12040件。\n各承办单位按期办结860件，按期办结率97.2%。";
        assert!(rates(body).1.is_empty(), "{:?}", rates(body).1);
    }

    #[test]
    fn every_reading_is_tried_before_flagging() {
        for body in [
            // 合格率: 优秀 cases are 合格 too
            "评查执法案卷80卷，评为优秀的12卷、合格的65卷，合格率96.3%。",
            "评查执法案卷80卷，评为优秀的12卷、合格的65卷，合格率81.3%。",
            // a share of the cases received, not of those closed
            "受理群众投诉1500件，办结1480件，其余20件正在办理中；其中热线转来900件，占60%。",
            "受理群众投诉1500件，办结1480件，其余20件正在办理中；其中热线转来900件，占60.8%。",
        ] {
            let (_, f) = rates(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
        // neither reading: the nearest one in the message, no automatic fix
        let (_, f) = rates("评查执法案卷80卷，评为优秀的12卷、合格的65卷，合格率90%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].fixes.is_empty());
        assert!(f[0].message.contains("(12 + 65) ÷ 80"), "{}", f[0].message);
    }

    #[test]
    fn shares_after_qizhong_with_a_comma_across_a_full_stop_and_in_n_xiang_zhong() {
        let cases = [
            (
                "全年办理法律援助案件520件，其中，未成年人案件91件，占15.5%。",
                "占比应为 17.5%（91 ÷ 520 = 17.5%），文中写的是 15.5%。",
            ),
            (
                "全年审结行政复议案件150件。其中，调解和解结案42件，占26%。",
                "占比应为 28%（42 ÷ 150 = 28%），文中写的是 26%。",
            ),
            (
                "全县公布的612项行政许可事项中，590项实现网上办理，占比98.4%。",
                "占比应为 96.4%（590 ÷ 612 = 96.41%），文中写的是 98.4%。",
            ),
            (
                "办理法律援助案件520件，其中，民事案件300件、刑事案件200件、行政案件20件，刑事案件占比40.5%。",
                "占比应为 38.5%（200 ÷ 520 = 38.46%），文中写的是 40.5%。",
            ),
            (
                "清理规范性文件64件。其中，继续有效50件、修改6件、废止8件，废止件数占清理总数的15.0%。",
                "占比应为 12.5%（8 ÷ 64 = 12.5%），文中写的是 15.0%。",
            ),
        ];
        for (body, message) in cases {
            let (_, f) = rates(body);
            assert_eq!(f.len(), 1, "{body}: {f:?}");
            assert_eq!(f[0].message, message, "{body}");
        }
        for body in [
            "全年办理法律援助案件520件，其中，未成年人案件91件，占17.5%。",
            "全年审结行政复议案件150件。其中，调解和解结案42件，占28%。",
            "全县公布的612项行政许可事项中，590项实现网上办理，占比96.4%。",
            "受理行政复议案件200件。其中，行政处罚类90件，占45%；行政强制类30件，占15%。",
        ] {
            let (_, f) = rates(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }
}
