//! `plan-followup`: an arrangement of last year's plan that this year's report never reports on.
//!
//! **Why.** Last year's report ended with 下一年度主要安排; this year's report is where the
//! public learns what came of them. Reviewers check each arrangement against this year's
//! 主要举措和成效, and an arrangement that is never mentioned again is the question they ask.
//!
//! **How.** Needs last year's report. Last year's plan item is split into its units
//! ([`crate::yoy::units`]: （一）…, 一是…, paragraphs or sentences). Each unit is matched by the
//! profile's vocabulary (`[comparison] terms`, groups of synonyms), not by its wording: a unit
//! is followed up when this year's report (its whole body but its own plan: real reports spread
//! the year's work over several thematic sections) names a word of any group the unit names. A unit that names no group of the
//! vocabulary is not judged. The units not followed up are listed in one finding on this year's
//! measures item, each with a link to last year's text.
//!
//! **Example.** Last year's plan: "（三）推进智慧司法所建设，年内完成5个司法所信息化改造。" This
//! year's report never mentions 司法所 → "上年度报告的“下一年度主要安排”中有 1 项在本年度报告中
//! 未见落实情况：推进智慧司法所建设（未提及“司法所”）……".

use serde_json::json;

use crate::finding::{Finding, Severity};
use crate::profile::Role;
use crate::rules::{Context, Rule, RuleInfo};
use crate::text::{is_han, Span};
use crate::yoy::units::{label, subtract, units};

pub struct PlanFollowup;

static INFO: RuleInfo = RuleInfo {
    id: "plan-followup",
    name: "上年安排未见下文",
    default_severity: Severity::Information,
    summary_zh: "上年度报告“下一年度主要安排”中的事项，本年度报告没有提到落实情况",
    summary_en: "An item of last year's plan is not reported on in this year's report.",
};

/// This year's account must have this many Han characters before the rule judges it.
const MIN_ACCOUNT: usize = 200;

impl Rule for PlanFollowup {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let Some(prev) = cx.previous else {
            return;
        };
        let words = &cx.profile.comparison;
        if words.terms.is_empty() {
            return;
        }
        let Some(measures) = cx
            .profile
            .item_of(Role::Measures)
            .and_then(|i| cx.items.found[i].as_ref())
        else {
            return;
        };
        // this year's report without its plan: an arrangement may be reported on under any
        // heading (real reports spread the year's work over several thematic sections)
        let plans: Vec<Span> = cx
            .profile
            .items_with(Role::Plan)
            .filter_map(|i| cx.items.found[i].as_ref().map(|m| m.region))
            .collect();
        let account = subtract(cx.outline.body, &plans);
        let han: usize = account
            .iter()
            .map(|s| s.text(cx.text).chars().filter(|&c| is_han(c)).count())
            .sum();
        if han < MIN_ACCOUNT {
            return; // too little written this year to judge what it covers
        }
        // last year's plan, unit by unit
        let base = prev.baseline;
        let pa = &base.analysis;
        let Some(plan) = pa
            .profile
            .item_of(Role::Plan)
            .and_then(|i| pa.items.found[i].as_ref())
        else {
            return;
        };
        // is a group named in this year's report? (each asked once, by a substring search of
        // its words: far fewer than all groups are named by a plan)
        let mut covered: Vec<Option<bool>> = vec![None; words.terms.len()];
        let mut is_covered = |g: usize| -> bool {
            *covered[g].get_or_insert_with(|| {
                words.terms[g].iter().any(|w| {
                    let f = memchr::memmem::Finder::new(w.as_bytes());
                    account
                        .iter()
                        .any(|s| f.find(s.text(cx.text).as_bytes()).is_some())
                })
            })
        };
        let mut missing: Vec<(Span, String, Vec<String>)> = vec![];
        for u in units(&base.text, &pa.outline, plan) {
            let groups = words.groups_in(u.text(&base.text));
            if groups.is_empty() || groups.iter().any(|&g| is_covered(g)) {
                continue;
            }
            let terms = groups
                .iter()
                .map(|&g| format!("“{}”", words.term_in(g, u.text(&base.text))))
                .collect();
            missing.push((u, label(&base.text, u, 30), terms));
        }
        if missing.is_empty() {
            return;
        }
        let list: Vec<String> = missing
            .iter()
            .map(|(_, l, terms)| format!("{l}（未提及{}）", terms.join("、")))
            .collect();
        let year = prev
            .baseline
            .year()
            .map_or("上年度".to_string(), |y| format!("{y}年度"));
        let measures_name = cx
            .profile
            .item_of(Role::Measures)
            .map_or("主要举措和成效", |i| {
                cx.profile.items[i].name.as_str()
            });
        let mut f = Finding::new(
            INFO.id,
            INFO.default_severity,
            measures.head,
            format!(
                "{year}报告的“下一年度主要安排”中有 {} 项在本年度报告中未见落实情况：{}。请在“{measures_name}”中说明这些安排的落实情况，未落实的说明原因。",
                missing.len(),
                list.join("；"),
            ),
        )
        .with_data(json!({
            "units": missing.iter().map(|(_, l, _)| l.clone()).collect::<Vec<_>>(),
        }));
        for (u, l, _) in &missing {
            f = f.with_related_previous(
                *u,
                format!("上年安排（第 {} 行）：{l}", base.line(u.start)),
            );
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::findings_with_previous;

    const PREV: &str = "关于2023年度法治政府建设情况的报告\n一、2023年度推进法治政府建设的主要举措和成效\n全年办理行政复议案件58件，开展普法活动120场。\n二、2023年度推进法治政府建设存在的不足和原因\n基层执法力量薄弱。究其原因，编制不足。\n三、2024年推进法治政府建设的主要安排\n（一）深化综合行政执法改革，充实乡镇执法力量。\n（二）推进智慧司法所建设，完成5个司法所信息化改造。\n（三）做好下一阶段各项工作。\n特此报告。\n";

    fn this_year(extra: &str) -> String {
        format!("关于2024年度法治政府建设情况的报告\n一、2024年度推进法治政府建设的主要举措和成效\n（一）深化综合行政执法改革。整合乡镇执法队伍，向12个乡镇下放执法事项86项，组织乡镇执法人员轮训3期，执法办案质量明显提升，乡镇综合行政执法改革取得阶段性成效，群众对基层执法的满意度持续提高。{extra}\n（二）推进严格规范公正文明执法。全面落实行政执法三项制度，开展行政执法案卷评查，评查案卷260卷，发现问题41个，均已督促整改到位，执法规范化水平进一步提升，执法争议数量明显下降，执法公信力不断增强，营造了良好的法治环境。\n（三）加强行政复议和应诉工作。全年办理行政复议案件63件，行政机关负责人出庭应诉率100%，行政争议实质性化解工作取得新进展，复议纠错率稳步提高，复议的监督纠错功能得到有效发挥，依法行政水平持续提升。\n二、2024年度推进法治政府建设存在的不足和原因\n法治宣传针对性不强。究其原因，宣传方式单一。\n三、2025年推进法治政府建设的主要安排\n（一）推进智慧司法所建设。\n特此报告。\n")
    }

    #[test]
    fn an_arrangement_never_mentioned_again_is_listed_on_the_measures_heading() {
        let this = this_year("");
        let f = findings_with_previous(&this, PREV, "plan-followup");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(
            f[0].span.text(&this),
            "一、2024年度推进法治政府建设的主要举措和成效"
        );
        assert!(f[0].message.contains("有 1 项"), "{}", f[0].message);
        assert!(
            f[0].message.contains(
                "推进智慧司法所建设，完成5个司法所信息化改造（未提及“司法所”、“信息化”）"
            ),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].related.len(), 1);
        assert!(f[0].related[0]
            .span
            .text(PREV)
            .starts_with("（二）推进智慧司法所建设"));
        // this year's own plan naming it again does not count as reporting on it
        assert!(this.contains("（一）推进智慧司法所建设。"));
    }

    #[test]
    fn an_arrangement_reported_on_in_other_words_is_followed_up() {
        let this = this_year("完成城关、青石等5个司法所智能化升级改造。");
        assert!(findings_with_previous(&this, PREV, "plan-followup").is_empty());
        // a unit naming no subject of the vocabulary ("做好下一阶段各项工作") is never judged
        assert!(!this_year("").contains("下一阶段"));
    }

    #[test]
    fn too_short_an_account_is_not_judged() {
        let this = "关于2024年度法治政府建设情况的报告\n一、2024年度推进法治政府建设的主要举措和成效\n全年办理行政复议案件63件。\n二、2025年推进法治政府建设的主要安排\n继续加强。\n";
        assert!(findings_with_previous(this, PREV, "plan-followup").is_empty());
    }
}
