//! `empty-section`: a heading with nothing under it.
//!
//! **Why.** A heading left without body text is an unfinished draft: typically a skeleton item
//! the drafter meant to come back to ("三、存在的不足和原因" followed directly by "四、…").
//!
//! **How.** A heading that is not run-in (no text after its first sentence on the same line), has
//! no sub-headings and no paragraph before the next heading or the end of the body. For a
//! statutory item's heading the fix inserts that item's template body under it.
//!
//! **Example.** "二、存在的不足和原因\n三、2025年工作安排\n…" → warning on 二、.

use crate::finding::{Edit, Edits, Finding, Fix, Severity};
use crate::profile::snippet;
use crate::rules::{Context, Rule, RuleInfo};
use crate::template::next_line_start;
use crate::text::is_half_width_stop;
use crate::text::Span;

pub struct EmptySection;

static INFO: RuleInfo = RuleInfo {
    id: "empty-section",
    name: "标题下无内容",
    default_severity: Severity::Warning,
    summary_zh: "标题下没有内容",
    summary_en: "A heading has no content under it.",
};

impl Rule for EmptySection {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn reads_figures(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let o = cx.outline;
        // which headings hold a paragraph directly (one pass, not one scan per heading)
        let mut has_text = vec![false; o.headings.len()];
        for h in o.paragraphs.iter().filter_map(|p| p.heading) {
            if let Some(t) = has_text.get_mut(h) {
                *t = true;
            }
        }
        for (h, head) in o.headings.iter().enumerate() {
            // "（一）深化……改革，充实基层力量。" is a statement in a list, not an empty heading
            // (typed half-width too: "(一)深化……改革,充实基层力量.")
            let line = head.line.text(cx.text);
            if head.run_in
                || line.ends_with(['。', '！', '？', '；', '!', '?', ';'])
                || (line.ends_with('.') && is_half_width_stop(line, line.len() - 1))
            {
                continue;
            }
            let has_child = o.headings.get(h + 1).is_some_and(|n| n.parent == Some(h));
            if has_child || has_text[h] {
                continue;
            }
            let item = cx.items.of_heading(h);
            let message = match item {
                Some(i) => format!(
                    "法定事项“{}”只有标题，下面还没有内容。",
                    cx.profile.items[i].name
                ),
                None => format!("标题“{}”下面没有内容。", head.line.text(cx.text)),
            };
            let mut f = Finding::new(INFO.id, INFO.default_severity, head.line, message);
            if let Some(i) = item {
                let at = next_line_start(cx.text, head.line.end);
                let mut body = String::new();
                if at == cx.text.len() && !cx.text.ends_with(['\n', '\r']) {
                    body.push_str(cx.eol);
                }
                for line in snippet::render_plain(&cx.profile.items[i].body).lines() {
                    body.push_str(line);
                    body.push_str(cx.eol);
                }
                f = f.with_fix(Fix {
                    title: format!("插入“{}”的内容模板", cx.profile.items[i].name).into(),
                    edits: Edits::one(Edit {
                        span: Span::empty(at),
                        text: body.into(),
                    }),
                    preferred: true,
                });
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{apply, findings};

    #[test]
    fn headings_typed_with_half_width_stops_are_not_empty() {
        // a draft typed with half-width marks: run-in headings ("(一)……职能.全县……") and
        // statements in a list ("(二)……衔接机制.") have their content on the line
        let text = "一、主要举措和成效\n(一)依法全面履行政府职能.全县政务服务事项1862项全部纳入清单管理,全年办件量42.6万件.\n(二)健全行政复议与行政应诉衔接机制.\n(三)推进5G.\n二、存在的不足和原因\n个别执法人员能力不足.\n";
        let f = findings(text, "empty-section");
        let flagged: Vec<&str> = f.iter().map(|f| f.span.text(text)).collect();
        // "5G." ends with a letter: not a Chinese full stop, the heading is empty
        assert_eq!(flagged, ["(三)推进5G."]);
    }

    #[test]
    fn a_half_width_statement_above_the_signature_is_content() {
        // "无." is the item's content, not an organ line of the signature below it
        for last in ["无.", "无。", "暂无其他需要报告的情况."] {
            let text = format!("关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n开展执法检查45次.\n五、其他需要报告的情况\n{last}\n\n溪东县人民政府\n2025年3月18日\n");
            assert!(findings(&text, "empty-section").is_empty(), "{last}");
        }
        let text = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n开展执法检查45次.\n五、其他需要报告的情况\n\n溪东县人民政府\n2025年3月18日\n";
        assert_eq!(findings(text, "empty-section").len(), 1);
    }

    #[test]
    fn heading_followed_by_sibling_is_empty() {
        let text = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n开展执法检查45次。\n二、存在的不足和原因\n三、2025年工作安排\n继续加强。";
        let f = findings(text, "empty-section");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].span.text(text), "二、存在的不足和原因");
        assert!(f[0].message.contains("存在的不足和原因"));
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(
            fixed.contains("二、存在的不足和原因\n（一）××（不足之一）"),
            "{fixed}"
        );
        assert!(findings(&fixed, "empty-section").is_empty());
    }

    #[test]
    fn parents_run_in_headings_and_last_heading() {
        let text = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n（一）执法监督。评查案卷50卷。\n（二）复议应诉\n二、其他工作\n";
        let f = findings(text, "empty-section");
        let spans: Vec<&str> = f.iter().map(|f| f.span.text(text)).collect();
        assert_eq!(spans, ["（二）复议应诉", "二、其他工作"]);
        // a non-item heading gets no template fix
        assert!(f[0].fixes.is_empty());
    }

    #[test]
    fn sentence_list_items_are_not_empty_headings() {
        let text = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n开展执法检查45次。\n二、2025年工作安排\n（一）深化乡镇综合行政执法改革，充实基层执法力量。\n（二）实施公民法治素养提升行动。\n";
        assert!(findings(text, "empty-section").is_empty());
    }

    #[test]
    fn body_before_closing_counts() {
        let text = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n开展执法检查45次。\n特此报告。\n";
        assert!(findings(text, "empty-section").is_empty());
    }
}
