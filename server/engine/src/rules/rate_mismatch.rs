//! `rate-mismatch`: a stated rate that the counts beside it do not give.
//!
//! **Why.** A 办结率 copied from last year's report, or computed on a different base than the
//! counts the drafter states, is an inconsistency any reviewer with a calculator finds.
//!
//! **How.** Reads the rate checks of [`crate::figures::check`]: a …率 X% in the same sentence or
//! table row as the counts it is computed from (the profile's `[[figures.rates]]` says which
//! words name the numerator and the base: 办结率 = 办结 ÷ 受理/收到; other rates are computed from
//! their own name: 调解成功率 = 调解成功 ÷ 调解), and "占 X%" after a part of a total. The rate
//! must equal the quotient within the rounding the text shows (98.9% allows ±0.05, 98% ±0.5);
//! when several bases are stated (收到 and 受理) any consistent pairing is accepted. The quick
//! fix writes the computed rate with the same number of decimals.
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
}
