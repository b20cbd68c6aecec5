//! `missing-metric`: a key indicator discussed without a single figure.
//!
//! **Why.** Reviewers judge a report by its figures: "加强行政复议工作，发挥主渠道作用" says
//! nothing that can be checked. The indicators the reviewers look for (行政复议, 行政应诉 and
//! 负责人出庭应诉率, 规范性文件备案审查, 重大行政决策合法性审查, 案卷评查, 法律顾问, 政务公开, 普法,
//! 人民调解, 12345热线, 法律援助) are listed with synonyms in the profile's `[[indicators]]`.
//!
//! **How.** In the achievements (measures and duties items, not the opening), each paragraph is
//! a unit of discussion — each 一是/二是 item is a unit of its own. A unit discusses an indicator
//! when its opening words (up to the first ，or 。, with the run-in heading it follows) name it,
//! or when it names it twice. A unit that discusses indicators and holds no figure at all (names in quotes such
//! as “八五” and single-character numerals such as 三项制度 do not count) gets one warning at
//! the first mention. Then, once per report: the `core` indicators that no sentence of the
//! results both names and quantifies are listed in one warning on the measures item.
//!
//! **Example.** "三是推进政府法律顾问制度。通过加强队伍建设，不断提高政府法治水平。" → 这一部分讲
//! “法律顾问”，但没有一个数字.

use serde_json::json;

use crate::finding::{Finding, Severity};
use crate::outline::ParagraphKind;
use crate::profile::catalog::Indicator;
use crate::profile::Role;
use crate::rules::{Context, Rule, RuleInfo};
use crate::text::Span;

pub struct MissingMetric;

static INFO: RuleInfo = RuleInfo {
    id: "missing-metric",
    name: "重点指标缺少数据",
    default_severity: Severity::Warning,
    summary_zh: "重点指标（行政复议、出庭应诉率、12345 热线……）没有数字",
    summary_en: "A key indicator (administrative reconsideration, court appearance rate, 12345 hotline …) is discussed without any figure.",
};

/// A unit of discussion: its text and the words that state its topic (its opening words and
/// the heading it continues).
struct Unit {
    span: Span,
    /// Where a figure counts for the unit: the unit itself, or for the lead-in of a 一是/二是
    /// run the whole paragraph.
    figures: Span,
    topic: Vec<Span>,
}

impl Rule for MissingMetric {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let cat = &cx.profile.figures;
        if cat.indicators.is_empty() {
            return;
        }
        let achievements = cx.profile.items_where(Role::is_achievements);
        let n = cat.indicators.len();
        // the indicators named in `span`, with their places
        let within = |span: Span| {
            cat.mentions(span.text(cx.text))
                .map(move |(k, x, y)| (k, Span::new(span.start + x, span.start + y)))
        };
        for u in units(cx, &achievements) {
            // only a unit without any figure can be flagged
            if has_figures(cx, u.figures) || u.topic.iter().any(|t| has_figures(cx, *t)) {
                continue;
            }
            // mentions of each indicator in the unit: (count, first span)
            let mut seen: Vec<(usize, Option<Span>)> = vec![(0, None); n];
            for (k, m) in within(u.span) {
                seen[k].0 += 1;
                seen[k].1.get_or_insert(m);
            }
            let mut in_topic: Vec<Option<Span>> = vec![None; n];
            for t in &u.topic {
                for (k, m) in within(*t) {
                    in_topic[k].get_or_insert(m);
                }
            }
            // (indicator, first mention)
            let mut discussed: Vec<(usize, Span)> = (0..n)
                .filter_map(|k| {
                    in_topic[k]
                        .or_else(|| (seen[k].0 >= 2).then_some(seen[k].1).flatten())
                        .map(|at| (k, at))
                })
                .collect();
            if discussed.is_empty() {
                continue;
            }
            discussed.sort_by_key(|(_, at)| at.start);
            let at = discussed[0].1;
            let names: Vec<&str> = discussed
                .iter()
                .map(|(k, _)| cat.indicators[*k].name.as_str())
                .collect();
            let hints: Vec<&str> = discussed
                .iter()
                .map(|(k, _)| cat.indicators[*k].hint.as_str())
                .filter(|h| !h.is_empty())
                .collect();
            let hint = if hints.is_empty() {
                String::new()
            } else {
                format!("，可写明{}", hints.join("；"))
            };
            out.push(
                Finding::new(
                    INFO.id,
                    INFO.default_severity,
                    at,
                    format!(
                        "这一部分讲“{}”，但没有一个数字{hint}。",
                        names.join("”“")
                    ),
                )
                .with_data(json!({
                    "indicators": discussed.iter().map(|(k, _)| &cat.indicators[*k].id).collect::<Vec<_>>(),
                })),
            );
        }
        // an indicator is quantified when a sentence of the results names it and holds a figure
        let mut quantified: Vec<bool> = cat.indicators.iter().map(|i| !i.core).collect();
        let not_results = cx.profile.items_where(|r| !r.figures_are_results());
        for s in &cx.figures.sentences {
            if cx
                .items
                .at(s.span.start)
                .is_some_and(|i| not_results.contains(&i))
                || !has_figures(cx, s.span)
            {
                continue;
            }
            for (k, _) in within(s.span) {
                quantified[k] = true;
            }
            if quantified.iter().all(|q| *q) {
                break; // every core indicator has a figure somewhere
            }
        }
        let missing: Vec<&Indicator> = cat
            .indicators
            .iter()
            .zip(&quantified)
            .filter(|(ind, q)| ind.core && !**q)
            .map(|(ind, _)| ind)
            .collect();
        let measures = cx
            .profile
            .item_of(Role::Measures)
            .and_then(|i| cx.items.found.get(i))
            .and_then(Option::as_ref);
        if let (false, Some(m)) = (missing.is_empty(), measures) {
            let names: Vec<&str> = missing.iter().map(|i| i.name.as_str()).collect();
            out.push(
                Finding::new(
                    INFO.id,
                    INFO.default_severity,
                    m.head,
                    format!(
                        "全文没有用数字说明以下重点指标：{}。审核时通常要看这些数据。",
                        names.join("、")
                    ),
                )
                .with_data(json!({
                    "indicators": missing.iter().map(|i| &i.id).collect::<Vec<_>>(),
                    "scope": "report",
                })),
            );
        }
    }
}

/// Does `span` hold a figure that measures something (not a name in quotes, not 三项制度)?
fn has_figures(cx: &Context, span: Span) -> bool {
    cx.figures
        .within(span)
        .any(|i| !cx.figures.figures[i].in_quotes && !cx.figures.figures[i].weak)
}

/// The opening words of `span`: up to the first mark that ends a clause or a sentence
/// ("三是推进政府法律顾问制度。", "全面推行告知承诺制，").
fn opening_words(text: &str, span: Span) -> Span {
    let s = span.text(text);
    let end = s
        .char_indices()
        .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '!' | '?' | '，' | ',' | '；' | ';'))
        .map_or(s.len(), |(i, c)| i + c.len_utf8());
    Span::new(span.start, span.start + end)
}

/// The units of discussion of the achievements.
fn units(cx: &Context, achievements: &[usize]) -> Vec<Unit> {
    let o = cx.outline;
    let mut out = vec![];
    // run markers by paragraph, paragraphs by heading, headings with sub-headings
    let mut cuts_of: Vec<Vec<usize>> = vec![vec![]; o.paragraphs.len()];
    for m in o.runs.iter().flat_map(|r| r.members.iter()) {
        if let Some(c) = cuts_of.get_mut(m.paragraph) {
            c.push(m.marker.start);
        }
    }
    let mut paragraphs_under = vec![0usize; o.headings.len()];
    for q in &o.paragraphs {
        if let Some(h) = q.heading {
            paragraphs_under[h] += 1;
        }
    }
    let mut has_children = vec![false; o.headings.len()];
    for h in &o.headings {
        if let Some(parent) = h.parent {
            has_children[parent] = true;
        }
    }
    for (pi, p) in o.paragraphs.iter().enumerate() {
        if Some(pi) == o.opening
            || !cx
                .items
                .at(p.span.start)
                .is_some_and(|i| achievements.contains(&i))
        {
            continue;
        }
        // the run-in heading this paragraph continues, or the heading it is alone under
        let heading_title = p.heading.and_then(|h| {
            let alone = paragraphs_under[h] == 1 && !has_children[h];
            (p.kind == ParagraphKind::HeadingBody || alone).then_some(o.headings[h].title)
        });
        let mut cuts = std::mem::take(&mut cuts_of[pi]);
        cuts.retain(|&c| c > p.span.start);
        cuts.sort_unstable();
        let mut start = p.span.start;
        let has_run = !cuts.is_empty();
        for end in cuts.into_iter().chain(std::iter::once(p.span.end)) {
            let span = Span::new(start, end);
            if !span.is_empty() {
                let mut topic = vec![opening_words(cx.text, span)];
                let lead_in = start == p.span.start;
                if lead_in {
                    topic.extend(heading_title);
                }
                // The words before a 一是/二是 run introduce it ("全面推进政务公开。一是……"): the
                // run's figures quantify them.
                let figures = if lead_in && has_run { p.span } else { span };
                out.push(Unit {
                    span,
                    figures,
                    topic,
                });
            }
            start = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::findings;

    #[test]
    fn a_lead_in_is_quantified_by_its_run() {
        let (_, f) = metrics("全面推进政务公开。一是完善公开制度；二是主动公开政府信息416条。");
        assert!(f.is_empty(), "{f:?}");
        // …but a lead-in whose run has no figure at all is still flagged
        let (_, f) = metrics("全面推进政务公开。一是完善公开制度；二是加强公开平台建设。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("政务公开"));
        // an indicator named twice inside one run item is that item's, not the lead-in's too
        let (_, f) =
            metrics("强化执法监督。一是开展案卷评查，规范案卷评查工作；二是加强执法培训。");
        assert_eq!(f.len(), 1, "{f:?}");
    }

    const HEAD: &str = "关于2024年度法治政府建设情况的报告\n某市人民政府：\n2024年，我县持续推进法治政府建设。现报告如下：\n一、主要举措和成效\n";
    const CORE: &str = "（一）复议应诉。全年受理行政复议案件46件，行政机关负责人出庭应诉率100%。审查规范性文件17件，审查重大行政决策事项23件。\n";

    fn metrics(body: &str) -> (String, Vec<crate::finding::Finding>) {
        let text =
            format!("{HEAD}{CORE}{body}\n二、存在的不足和原因\n普法针对性不强，原因是人手不足。\n");
        let f = findings(&text, "missing-metric");
        (text, f)
    }

    #[test]
    fn a_run_item_without_figures() {
        let (text, f) = metrics(
            "（二）完善依法行政制度体系。一是加强规范性文件管理，全年审查17件。二是推进政府法律顾问制度。通过加强法律顾问队伍建设，不断提高政府法治水平。\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "法律顾问");
        assert_eq!(
            f[0].message,
            "这一部分讲“法律顾问”，但没有一个数字，可写明列席会议、审查文件的次数。"
        );
    }

    #[test]
    fn a_run_in_heading_and_its_body() {
        let (text, f) = metrics(
            "1.深入开展“八五”普法。组织召开普法工作推进会，建立“谁执法谁普法”线上述职机制。\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "普法");
        assert!(f[0].message.contains("活动场次、受众人次"));
    }

    #[test]
    fn quantified_or_passing_mentions_are_fine() {
        for body in [
            "（二）加强普法。开展法治宣传活动120余场次，受众2万人次。\n",
            // a passing mention in a paragraph about something else
            "（二）深化放管服改革。全面推行告知承诺制，优化营商环境，依法保障企业权益，配合做好行政复议有关工作。\n",
            // a plan without figures is not an achievement
            "",
        ] {
            let (_, f) = metrics(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
        let text = format!("{HEAD}{CORE}二、2025年工作安排\n加强法律顾问队伍建设，深化普法。\n");
        assert!(findings(&text, "missing-metric").is_empty());
    }

    #[test]
    fn core_indicators_never_quantified_get_one_finding() {
        let text = format!("{HEAD}（一）强化监督。行政复议工作有序开展。行政应诉工作扎实推进。全年开展执法检查45次。\n二、存在的不足和原因\n执法力量薄弱，原因是编制不足。\n");
        let f = findings(&text, "missing-metric");
        let report: Vec<_> = f.iter().filter(|f| f.data["scope"] == "report").collect();
        assert_eq!(report.len(), 1, "{f:?}");
        assert_eq!(report[0].span.text(&text), "一、主要举措和成效");
        assert_eq!(
            report[0].message,
            "全文没有用数字说明以下重点指标：行政复议、行政应诉（负责人出庭应诉率）、规范性文件备案审查、重大行政决策合法性审查。审核时通常要看这些数据。"
        );
        // once they are quantified, the finding goes
        let (_, g) = metrics("");
        assert!(g.iter().all(|f| f.data["scope"] != "report"), "{g:?}");
    }
}
