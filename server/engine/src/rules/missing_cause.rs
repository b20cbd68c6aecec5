//! `missing-cause`: the problems item lists shortcomings but never says why.
//!
//! **Why.** The regulation asks for 存在的不足**和原因**. Reviewers send back reports whose
//! problems item is a list of symptoms ("执法不够规范，普法针对性不强") with no analysis of causes.
//!
//! **How.** The problems item's text (heading section or paragraph) is searched for the profile's
//! cause cues (原因, 由于, 究其, 在于, 导致, 主要是…). None → one warning on the item, with a fix
//! that appends a cause sentence template at the end of the item.
//!
//! **Example.** "三、存在的不足\n（一）法治意识有待提高。（二）执法规范化水平仍需提升。" → warning.
//! Adding "究其原因，主要是培训覆盖面不足。" clears it.

use serde_json::json;

use crate::finding::{Edit, Edits, Finding, Fix, Severity};
use crate::items::Anchor;
use crate::profile::Role;
use crate::rules::{Context, Rule, RuleInfo};
use crate::text::{trim_span, Span};

pub struct MissingCause;

static INFO: RuleInfo = RuleInfo {
    id: "missing-cause",
    name: "不足未分析原因",
    default_severity: Severity::Warning,
    summary_zh: "“存在的不足”只列问题，没有分析原因",
    summary_en: "The shortcomings are listed without analysing their causes.",
};

impl Rule for MissingCause {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn reads_figures(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if cx.profile.cause_cues.is_empty() {
            return; // this kind of report does not ask for causes
        }
        for pi in cx.profile.items_with(Role::Problems) {
            check_item(cx, pi, out);
        }
    }
}

fn check_item(cx: &Context, pi: usize, out: &mut Vec<Finding>) {
    let Some(m) = &cx.items.found[pi] else {
        return;
    };
    // The body, without the heading's own words: a heading like "存在的不足和原因" is not an
    // analysis of causes.
    let body_start = match m.anchor {
        Anchor::Heading(h) => cx.outline.headings[h].title.end,
        _ => m.region.start,
    };
    let body = trim_span(
        cx.text,
        Span::new(body_start.max(m.region.start), m.region.end),
    );
    if body
        .text(cx.text)
        .trim_matches(|c: char| !crate::text::is_han(c))
        .is_empty()
    {
        return; // nothing written yet: empty-section says so
    }
    if cx
        .profile
        .cause_cues
        .iter()
        .any(|c| body.text(cx.text).contains(c.as_str()))
    {
        return;
    }
    let item = &cx.profile.items[pi];
    let fix = Fix {
        title: "在本部分末尾补写原因分析".into(),
        edits: Edits::one(Edit {
            span: Span::empty(body.end),
            text: format!("{}究其原因，××（原因分析）。", cx.eol).into(),
        }),
        preferred: false,
    };
    out.push(
        Finding::new(
            INFO.id,
            INFO.default_severity,
            m.head,
            format!(
                "“{}”部分只列了问题，没有分析原因：{}要求写明存在的不足“和原因”（可用“究其原因”“主要是由于”等说明）。",
                item.name,
                if cx.profile.regulation.is_empty() { "规定" } else { &cx.profile.regulation },
            ),
        )
        .with_data(json!({ "section": item.id }))
        .with_fix(fix),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{apply, findings};

    const HEAD: &str =
        "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n全年开展执法检查45次。\n";

    #[test]
    fn symptoms_without_causes_are_flagged() {
        let text = format!("{HEAD}二、存在的不足和原因\n（一）法治意识有待提高。\n（二）执法规范化水平仍需提升。\n三、下一年度工作安排\n继续加强。\n");
        let f = findings(&text, "missing-cause");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].span.text(&text), "二、存在的不足和原因");
        assert_eq!(f[0].data.value()["section"], "problems");
        let fixed = apply(&text, &f[0].fixes[0]);
        assert!(
            fixed.contains("仍需提升。\n究其原因，××（原因分析）。\n三、"),
            "{fixed}"
        );
        assert!(findings(&fixed, "missing-cause").is_empty());
    }

    #[test]
    fn any_cause_cue_satisfies_the_rule() {
        for cause in [
            "究其原因，培训不足。",
            "主要是由于编制紧张。",
            "根源在于重视不够。",
            "受人员调整影响，导致工作滞后。",
        ] {
            let text = format!("{HEAD}二、存在的问题\n执法规范化水平仍需提升。{cause}\n");
            assert!(findings(&text, "missing-cause").is_empty(), "{cause}");
        }
    }

    #[test]
    fn paragraph_items_are_checked_too() {
        let text = format!("{HEAD}（一）依法行政。开展培训8场。\n（二）执法监督。评查案卷50卷。\n（三）复议应诉。办理案件12件。\n2024年工作虽有进展，但还存在一些问题和不足，如执法协作有待加强、普法针对性不强等。\n");
        let f = findings(&text, "missing-cause");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].span.text(&text).starts_with("2024年工作虽有进展"));
    }

    #[test]
    fn heading_words_alone_are_not_a_cause() {
        let text = format!("{HEAD}二、存在的不足和原因\n执法规范化水平仍需提升。\n");
        assert_eq!(findings(&text, "missing-cause").len(), 1);
    }

    #[test]
    fn empty_or_absent_problems_item_is_left_to_other_rules() {
        assert!(findings(&format!("{HEAD}二、存在的不足和原因\n"), "missing-cause").is_empty());
        assert!(findings(HEAD, "missing-cause").is_empty());
    }
}
