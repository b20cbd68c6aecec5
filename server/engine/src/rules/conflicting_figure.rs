//! `conflicting-figure`: the same indicator stated twice with different values.
//!
//! **Why.** Reports are stitched together from several departments' submissions; the
//! 行政复议 figure in the measures item and the one in the duties item often come from different
//! sources and disagree. A reader cannot tell which one is true.
//!
//! **How.** Reads the restatement checks of [`crate::figures::check`]: in the achievements (not
//! the plan, whose figures are targets), a rate named after a catalog indicator, of four
//! characters or more (负责人出庭应诉率; one name ending the other counts as the same), a count
//! whose subject names a catalog indicator (受理行政复议案件), or a count of cases coming in named
//! specifically (受理环境信访投诉: an intake verb and four characters or more) stated again in a
//! later sentence, with the same unit; and any other count restated in another paragraph whose
//! subject ends with the same specific noun phrase of six characters or more (持证执法人员,
//! 行政处罚案件) with the same words before it, or with an actor (镇综合行政执法队) that the
//! other statement's paragraph has named before it, and nothing narrowing its scope before the
//! figure (专项, 针对, 其中, 新增, 累计 …). Leading words (全年, 全市, 其中, 对 …) are ignored.
//! Sentences about another year or a comparison (同比, 上年, 目标, 力争 …) are left out.
//! Approximate values that overlap (98%以上 and 98.6%) agree. The warning goes to the later
//! statement, or to the earlier one when only the later one adds up with its parts.
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
        let failed = |c: &&crate::figures::Check| c.kind == CheckKind::Same && !c.ok;
        if !cx.figures.checks.iter().any(|c| failed(&c)) {
            return;
        }
        // computed once: a long text may restate hundreds of figures
        let lines = crate::text::LineIndex::new(cx.text);
        let summed = crate::figures::check::in_exhaustive_sums(cx.figures);
        for c in cx.figures.checks.iter().filter(failed) {
            let t = &figs[c.target];
            // the other statement: earlier in the text, or later when only it adds up
            let other = &figs[c.inputs[0]];
            let adds_up = summed[c.inputs[0]];
            let message = format!(
                "“{}”前后不一致：{}{}。请核实以哪个为准。",
                c.label,
                c.arithmetic_with(cx.figures, cx.text, Some(&lines)),
                if adds_up {
                    "（另一处与其分项之和相符）"
                } else {
                    ""
                }
            );
            let place = if other.span.start < t.span.start {
                "前文"
            } else {
                "后文"
            };
            out.push(
                Finding::new(INFO.id, INFO.default_severity, t.span, message)
                    .with_data(json!({ "stated": t.value, "earlier": other.value }))
                    .with_related(
                        other.span,
                        format!(
                            "{place}：{}{}",
                            other.subject.text(cx.text),
                            other.span.text(cx.text)
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

    #[test]
    fn cases_received_named_specifically_are_one_indicator() {
        let (text, f) = conflicts(
            "一、主要举措和成效\n（二）畅通诉求渠道，全年受理环境信访投诉812件，均已办结。\n（五）加强监督，对群众反映较多的问题开展督办，全年受理环境信访投诉821件。\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "821件");
        assert_eq!(
            f[0].message,
            "“受理环境信访投诉”前后不一致：第 3 行写的是 812件，此处是 821件。请核实以哪个为准。"
        );
        // a preposition before the subject does not make it another indicator
        let (_, g) = conflicts(
            "一、主要举措和成效\n全市一审行政诉讼案件962件。\n对全市一审行政诉讼案件926件逐案分析。\n",
        );
        assert_eq!(g.len(), 1, "{g:?}");
    }

    #[test]
    fn cases_received_named_only_by_generic_words_are_not_one_indicator() {
        // 受理相关事项 / 受理各类群众诉求 say nothing about what was received: two offices'
        // counts, not one indicator stated twice
        for body in [
            "一、主要举措和成效\n（一）便民服务。全年受理相关事项12件。\n（二）信访工作。全年受理相关事项15件。\n",
            "一、主要举措和成效\n（一）热线。受理各类群众诉求320件。\n（二）网格。受理各类群众诉求410件。\n",
        ] {
            let (_, f) = conflicts(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }

    #[test]
    fn services_scopes_and_generic_counts_are_not_compared() {
        for body in [
            // 群众满意率 of two different services
            "一、主要举措和成效\n政务服务中心群众满意率99.6%。\n法律咨询群众满意率99.2%。\n",
            // the city and the city government itself
            "一、主要举措和成效\n全市受理行政复议案件1027件。\n市本级受理行政复议案件368件。\n",
            // a count of cases coming in named too generally (受理案件) is not an indicator
            "一、主要举措和成效\n（一）市场监管局受理案件412件。\n（二）交通运输局立案查处案件538件。\n受理案件96件。\n",
        ] {
            let (_, f) = conflicts(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }

    #[test]
    fn the_statement_that_does_not_add_up_is_the_suspect() {
        // the later statement is borne out by its parts (1240 = 1228 + 12): the earlier one is
        // flagged
        let (text, f) = conflicts(
            "一、主要举措和成效\n（二）全年受理环境信访投诉1204件，依法查处41件。\n（五）畅通诉求渠道，全年受理环境信访投诉1240件，办结1228件，其余12件正在办理中。\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "1204件");
        assert_eq!(
            f[0].message,
            "“受理环境信访投诉”前后不一致：第 4 行写的是 1240件，此处是 1204件（另一处与其分项之和相符）。请核实以哪个为准。"
        );
        assert!(f[0].related[0].message.starts_with("后文："));
    }

    #[test]
    fn a_verb_in_a_breakdown_counts_what_its_total_counts() {
        // 受理 under 收到行政复议申请 is the number of 行政复议 cases accepted
        let (text, f) = conflicts(
            "一、主要举措和成效\n全年收到行政复议申请94件，其中，受理87件、不予受理7件。\n二、存在的不足和原因\n全年受理行政复议案件78件，争议仍集中在征地领域。\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "78件");
        let (_, g) = conflicts(
            "一、主要举措和成效\n全年收到行政复议申请94件，其中，受理87件、不予受理7件。\n二、存在的不足和原因\n全年受理行政复议案件87件，争议仍集中在征地领域。\n",
        );
        assert!(g.is_empty(), "{g:?}");
    }

    #[test]
    fn the_same_noun_phrase_restated_in_another_paragraph() {
        // staff of the township's enforcement team, with and without 现有
        let (text, f) = conflicts(
            "一、主要举措和成效\n（二）推进综合执法。镇综合行政执法队现有持证执法人员22名，承接县级下放事项58项。\n（六）加强队伍建设。全年培训村干部310人次，镇综合行政执法队持证执法人员24名全部参加县级轮训。\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "24名");
        assert_eq!(
            f[0].message,
            "“镇综合行政执法队持证执法人员”前后不一致：第 3 行写的是 22名，此处是 24名。请核实以哪个为准。"
        );
        // the actor named in one statement, left to its paragraph's opening in the other; the
        // statement whose parts add up (39 = 17 + 22) is borne out, the other one is flagged
        let (text, f) = conflicts(
            "一、主要举措和成效\n（一）街道党工委书记认真履职，全年街道综合执法中队办理行政处罚案件93件。\n（二）街道综合执法中队现有执法人员11名，全年开展巡查410余次，办理行政处罚案件39件，其中适用简易程序17件、适用普通程序22件。\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "93件");
        assert!(
            f[0].message.starts_with("“办理行政处罚案件”前后不一致"),
            "{f:?}"
        );
    }

    #[test]
    fn noun_phrases_of_another_scope_are_not_restatements() {
        for body in [
            // the same value restated
            "一、主要举措和成效\n（二）镇综合行政执法队现有持证执法人员18名。\n（六）镇综合行政执法队持证执法人员18名全部参加轮训。\n",
            // a campaign's cases within the year's (narrowed before the figure)
            "一、主要举措和成效\n（二）全年办理行政处罚案件93件。\n（三）开展违法建设专项整治，办理行政处罚案件12件。\n",
            "一、主要举措和成效\n（二）全年办理行政处罚案件93件。\n（三）针对违法占用耕地问题，办理行政处罚案件12件。\n",
            // in the same paragraph: a follow-up, not a restatement
            "一、主要举措和成效\n全年办理行政处罚案件93件。对当事人主动整改的，依法从轻办理行政处罚案件12件。\n",
            // one department's cases and the county's: the department is not the paragraph's actor
            "一、主要举措和成效\n（一）全县办理行政处罚案件350件。\n（二）县市场监管局办理行政处罚案件120件。\n",
            // new staff, and staff of another body
            "一、主要举措和成效\n（一）镇综合行政执法队持证执法人员18名。\n（二）全年新增持证执法人员5名。\n",
            "一、主要举措和成效\n（一）镇综合行政执法队持证执法人员18名。\n（二）镇派出所持证执法人员6名。\n",
            // a phrase too short to name one thing (执法人员 of different teams)
            "一、主要举措和成效\n（一）执法人员14名。\n（二）执法人员16名。\n",
            // another year
            "一、主要举措和成效\n（一）全年办理行政处罚案件93件。\n（二）2023年办理行政处罚案件81件。\n",
            // an activity counted under each topic: each sub-item's own rules and meetings
            "一、主要举措和成效\n（一）深化“放管服”改革。一是健全制度，制定配套制度3项。\n（二）提升政务公开质效。一是健全制度，制定配套制度5项。\n",
            "一、主要举措和成效\n（一）推进依法决策。全年召开专题会议6次。\n（二）加强执法监督。全年召开专题会议4次。\n",
            "一、主要举措和成效\n（一）加强普法。组织专题培训12场次。\n（二）强化执法队伍建设。组织专题培训8场次。\n",
        ] {
            let (_, f) = conflicts(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }
}
