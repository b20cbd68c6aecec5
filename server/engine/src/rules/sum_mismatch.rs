//! `sum-mismatch`: a stated total that its parts do not add up to.
//!
//! **Why.** Drafters assemble the figures from a dozen departments' submissions; a 合计 that is
//! not the sum of its items, or 其中 parts that exceed the total, is the figure reviewers send
//! back most often.
//!
//! **How.** Reads the sum checks of [`crate::figures::check`] (one pass, shared with the hover
//! and the inlay hints): 其中 lists after a total (the parts must not exceed it, and must equal it
//! when a remainder such as 未结/其余 is listed), parts followed by 合计/共计/总计 (must equal),
//! the partitions reports use (受理 = 办结 + 在办; 申请 = 维持 + 撤销 + 驳回 + 终止 + … + 未结;
//! 清理 = 保留 + 修改 + 废止) and 除…外, 其余. Approximate figures (余, 约, 以上) are compared as
//! the ranges they stand for. The message shows the sum; when every figure is exact, a quick fix
//! replaces the stated total with the computed one.
//!
//! **Example.** "新增企业45户、个体户120户、合作社48户，合计新增市场主体231户" →
//! 合计应为 213（45 + 120 + 48），文中写的是 231.

use serde_json::json;

use crate::figures::CheckKind;
use crate::finding::{Finding, Severity};
use crate::rules::{with_check_details, Context, Rule, RuleInfo};

pub struct SumMismatch;

static INFO: RuleInfo = RuleInfo {
    id: "sum-mismatch",
    name: "合计与分项不符",
    default_severity: Severity::Error,
    summary_zh: "合计、其中、受理 = 办结 + 在办等加总不符，表格合计行不符",
    summary_en:
        "Parts do not add up to the stated total (其中 lists, 受理 = 办结 + 在办, table totals).",
};

impl Rule for SumMismatch {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let figs = &cx.figures.figures;
        for c in &cx.figures.checks {
            if c.kind != CheckKind::Sum || c.ok {
                continue;
            }
            let t = &figs[c.target];
            let stated = c.stated(cx.figures, cx.text);
            let (expr, result) = (c.expr(cx.figures, cx.text), c.result(cx.figures, cx.text));
            let arithmetic = c.arithmetic(cx.figures, cx.text);
            let message = if c.exhaustive {
                format!("{}应为 {result}（{expr}），文中写的是 {stated}。", c.label)
            } else if c.inputs.len() == 1 {
                format!(
                    "其中的 {expr} 超过了{} {stated}：其中的分项不能多于总数。",
                    c.label
                )
            } else {
                format!(
                    "分项之和 {result}（{expr}）超过了{} {stated}：其中各项不能多于总数。",
                    c.label
                )
            };
            let f =
                Finding::new(INFO.id, INFO.default_severity, t.span, message).with_data(json!({
                    "stated": t.value,
                    "computed": c.computed,
                    "exhaustive": c.exhaustive,
                    "arithmetic": arithmetic,
                }));
            let f = with_check_details(f, cx, c, |_| "分项", "");
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{apply, findings};

    const HEAD: &str = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n";

    fn sums(body: &str) -> (String, Vec<crate::finding::Finding>) {
        let text = format!("{HEAD}{body}\n");
        let f = findings(&text, "sum-mismatch");
        (text, f)
    }

    #[test]
    fn a_wrong_total_after_its_parts_is_an_error_with_a_fix() {
        let (text, f) =
            sums("全年新增企业45户、个体工商户120户、农民专业合作社48户，合计新增市场主体231户。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "231户");
        assert_eq!(
            f[0].message,
            "合计应为 213（45 + 120 + 48），文中写的是 231。"
        );
        assert_eq!(f[0].related.len(), 3);
        let fixed = apply(&text, &f[0].fixes[0]);
        assert!(fixed.contains("合计新增市场主体213户"), "{fixed}");
        assert!(sums(fixed.trim_start_matches(HEAD)).1.is_empty());
    }

    #[test]
    fn totals_that_hold_are_not_flagged() {
        for body in [
            "全年新增企业2499户、个体户8837户、农民专业合作社117户，合计新增市场主体11453户。",
            "全年共受理行政复议案件46件，其中维持28件、撤销5件、确认违法3件、驳回7件、终止3件。",
            "对45件规范性文件进行了清理，其中现行有效27件，废止12件，宣布失效6件。",
            "共收到依申请公开件175件，完成办理170件，正在办理5件。",
            "行政复议申请179件，不予受理20件，撤销11件，驳回20件，维持43件，终止39件，责令履行18件，未结案28件。",
            "政务服务事项清单2523项，除负面清单219项外，其余2304项已全部进驻大厅。",
            "受理投诉举报1820件，办结1816件，其余4件正在办理，办结率99.8%。",
            "县政府常务会议学法12次，县委常委会会议学法4次，合计16次。",
            // parts below a total that lists no remainder: others may exist
            "全年共受理行政复议案件46件，其中维持28件、撤销5件。",
            // approximate parts under an approximate total
            "共开展普法活动120余场次，其中进社区60场次、进企业50余场次。",
        ] {
            let (_, f) = sums(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }

    #[test]
    fn parts_exceeding_a_total() {
        let (text, f) =
            sums("全年共受理行政复议案件46件，其中维持28件、撤销15件、驳回9件，复议纠错率43.5%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "46件");
        assert_eq!(
            f[0].message,
            "分项之和 52（28 + 15 + 9）超过了总数 46：其中各项不能多于总数。"
        );
        // the parts may be wrong as well as the total: no automatic fix
        assert!(f[0].fixes.is_empty());
    }

    #[test]
    fn partitions_with_a_remainder_must_add_up() {
        let (text, f) = sums("共收到政府信息公开申请175件，完成办理168件，正在办理5件。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].message, "收到数应为 173（168 + 5），文中写的是 175。");
        let fixed = apply(&text, &f[0].fixes[0]);
        assert!(fixed.contains("申请173件"), "{fixed}");
        let (_, g) =
            sums("全年受理行政复议申请60件，驳回12件，维持30件，撤销5件，终止3件，尚未办结8件。");
        assert_eq!(g.len(), 1, "{g:?}");
        assert!(g[0]
            .message
            .starts_with("受理数应为 58（12 + 30 + 5 + 3 + 8）"));
        // a remainder after a 、-list makes it complete
        let (_, k) =
            sums("受理复议案件47件，其中维持30件、撤销4件、驳回8件、终止3件，尚未审结3件。");
        assert_eq!(k.len(), 1, "{k:?}");
        assert_eq!(
            k[0].message,
            "总数应为 48（30 + 4 + 8 + 3 + 3），文中写的是 47。"
        );
        let (_, r) = sums("受理投诉举报1820件，办结1812件，其余4件正在办理。");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            r[0].message,
            "受理数应为 1816（1812 + 4），文中写的是 1820。"
        );
        let (_, h) = sums("清理规范性文件80件，其中保留60件、修改8件、废止10件。");
        assert_eq!(h.len(), 1, "{h:?}");
        assert!(
            h[0].message.contains("78（60 + 8 + 10）"),
            "{}",
            h[0].message
        );
    }

    #[test]
    fn approximate_and_loose_totals_get_a_tolerance() {
        // 共 and lists ending in 等 only bound the parts from above
        let (_, f) = sums("开展普法讲座20场次、文艺演出10场次，共开展法治宣传活动600场次。");
        assert!(f.is_empty(), "{f:?}");
        let (_, g) = sums("查处商标侵权5起、专利侵权6起等，合计查处案件30起。");
        assert!(g.is_empty(), "{g:?}");
        // 260余 + 30 can be 295
        let (_, h) = sums("培训执法人员260余人、法律顾问30人，合计295人。");
        assert!(h.is_empty(), "{h:?}");
        let (_, k) = sums("培训执法人员260余人、法律顾问30人，合计320人。");
        assert_eq!(k.len(), 1, "{k:?}");
        assert!(k[0].fixes.is_empty(), "no exact fix for an approximate sum");
    }

    #[test]
    fn different_units_and_dimensions_are_not_added() {
        for body in [
            "对全县82家单位开展法治督察4轮次，其中对9个镇开展重点督察。",
            "共开展法律咨询、援助等服务387件次，成功调解纠纷593件。",
            "受理案件120件，办结118件，共涉及当事人230件。",
            "共受理行政复议案件23件，已办结19件，其中调解结案1件，终止6件，纠错4件。",
            "全县注册监管人员1080人，其中执法人员1062多人。",
            "共办理案件100件，其中行政复议60件、行政诉讼40件，胜诉35件。",
            "受理复议案件46件，同比增长12件，其中维持28件、撤销15件。",
        ] {
            let (_, f) = sums(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }

    #[test]
    fn full_width_chinese_and_scaled_totals_are_fixed_in_their_own_style() {
        let (text, f) = sums("受理１２件、转办３件，合计１６件。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(apply(&text, &f[0].fixes[0]).contains("合计１５件"));
        let (text, g) = sums("新增线上办件1.2万件、线下办件0.35万件，合计1.9万件。");
        assert_eq!(g.len(), 1, "{g:?}");
        assert!(apply(&text, &g[0].fixes[0]).contains("合计1.55万件"));
        let (text, h) = sums("开展培训十二场次、演练十八场次，合计二十一场次。");
        assert_eq!(h.len(), 1, "{h:?}");
        assert!(apply(&text, &h[0].fixes[0]).contains("合计三十场次"));
    }
}
