//! `missing-metric`: a key indicator discussed without a single figure.
//!
//! **Why.** Reviewers judge a report by its figures: "加强行政复议工作，发挥主渠道作用" says
//! nothing that can be checked. The indicators the reviewers look for (行政复议, 行政应诉 and
//! 负责人出庭应诉率, 规范性文件备案审查, 重大行政决策合法性审查, 案卷评查, 法律顾问, 政务公开, 普法,
//! 人民调解, 12345热线, 法律援助) are listed with synonyms in the profile's `[[indicators]]`.
//!
//! **How.** In the measures item (not the opening, not the duties item, whose subject is what
//! the leaders did rather than the indicators), each paragraph is a unit of discussion — each
//! 一是/二是 item is a unit of its own. A unit discusses an indicator when its opening words (up
//! to the first ，or 。, with the run-in heading it follows) name it, or when it names it twice.
//! A unit that discusses indicators and holds no figure at all (names in quotes such as “八五”
//! and single-character numerals such as 三项制度 do not count; a template blank ×× and the
//! number cells of a table row do) gets one warning at the first mention — unless the
//! indicator is quantified elsewhere in the same statutory item (a sentence naming it with a
//! figure, a table row further on). Which indicators are checked, and which are core, depends
//! on the reporting body (`[[bodies]]` of the profile: a township is not asked for 规范性文件,
//! a department for 重大行政决策). Then, once per report and as information: the core
//! indicators that no sentence of the results both names and quantifies, on the measures item.
//!
//! **Example.** "三是推进政府法律顾问制度。通过加强队伍建设，不断提高政府法治水平。" → 这一部分讲
//! “法律顾问”，但没有一个数字.

use serde_json::json;

use crate::finding::{Finding, Severity};
use crate::outline::ParagraphKind;
use crate::profile::bodies::Body as ReportingBody;
use crate::profile::catalog::{Catalog, Indicator};
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

/// A unit that holds no figure and discusses indicators: its statutory item, and each
/// indicator with its first mention.
type Candidate = (Option<usize>, Vec<(usize, Span)>);

/// A unit of discussion: its text and the words that state its topic (its opening words and
/// the heading it continues).
struct Unit {
    span: Span,
    /// Where a figure counts for the unit: the unit itself, or for the lead-in of a 一是/二是
    /// run the whole paragraph.
    figures: Span,
    /// Its opening words; with `heading`, the words that state its topic.
    opening: Span,
    /// The heading the unit continues ("2.开展执法案卷评查。组织评查案卷300卷"), or the one it
    /// is alone under: its figures quantify what the heading names.
    heading: Option<Span>,
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
        let body = cx.subject.body.and_then(|b| cx.profile.bodies.get(b));
        let checked = |k: usize| body.is_none_or(|b| b.checks(k));
        let is_core = |k: usize| match body {
            Some(b) => b.is_core(cat, k),
            None => cat.indicators[k].core,
        };
        let measures = cx.profile.items_where(|r| r == Role::Measures);
        let n = cat.indicators.len();
        // the indicators named in `span`, with their places
        let within = |span: Span| {
            cat.mentions(span.text(cx.text))
                .map(move |(k, x, y)| (k, Span::new(span.start + x, span.start + y)))
        };
        let mut spans_cache: Option<Vec<Span>> = None;
        // indicators a unit of the measures is about; those quantified by a lead-in's run
        let mut discussed_somewhere = vec![false; n];
        let mut quantified = vec![false; n];
        // units with no figure that discuss indicators: (item, indicators with first mention)
        let mut candidates: Vec<Candidate> = vec![];
        // the indicators named in a unit's topic, in order (opening words, then heading)
        let mut in_topic: Vec<(usize, Span)> = vec![];
        for u in units(cx, &measures) {
            let topic = || std::iter::once(u.opening).chain(u.heading);
            in_topic.clear();
            in_topic.extend(within(u.opening));
            in_topic.extend(u.heading.into_iter().flat_map(within));
            for &(k, _) in &in_topic {
                discussed_somewhere[k] = true;
            }
            // only a unit without any figure can be flagged
            if quantifies(cx, u.figures) || topic().any(|t| quantifies(cx, t)) {
                // a lead-in is quantified by its run ("全面推进政务公开。一是……；二是主动公开
                // 政府信息416条。")
                if u.figures != u.span {
                    for &(k, _) in &in_topic {
                        quantified[k] = true;
                    }
                } else {
                    // …and so does a unit's topic (its heading, its opening words), by a figure
                    // of its body in a sentence that names no other indicator: "2.开展执法案卷
                    // 评查。组织评查行政处罚和行政许可案卷共300卷", "二是用好12345政务服务便民
                    // 热线。全年受理群众诉求58640件", but not "（二）规范性文件管理。……法律顾问
                    // 全年审查合同14份，提出法律意见20条"
                    let named = &in_topic[..];
                    let names = |k: usize| named.iter().any(|m| m.0 == k);
                    let f = cx.figures;
                    // each sentence once: figures are in text order
                    let mut last_sentence = u32::MAX;
                    let unclaimed = named.iter().any(|m| !quantified[m.0])
                        && f.within(u.span)
                            .filter(|&i| !f.figures[i].in_quotes && !f.figures[i].weak)
                            .filter_map(|i| f.clauses.get(f.figures[i].clause as usize))
                            .filter(|c| {
                                std::mem::replace(&mut last_sentence, c.sentence) != c.sentence
                            })
                            .filter_map(|c| f.sentences.get(c.sentence as usize))
                            .any(|sentence| within(sentence.span.wide()).all(|(k, _)| names(k)));
                    if unclaimed {
                        for m in named {
                            quantified[m.0] = true;
                        }
                    }
                }
                continue;
            }
            // mentions of each indicator in the unit: (count, first span)
            let mut seen: Vec<(usize, Option<Span>)> = vec![(0, None); n];
            for (k, m) in within(u.span) {
                seen[k].0 += 1;
                seen[k].1.get_or_insert(m);
            }
            let first_in_topic = |k: usize| in_topic.iter().find(|m| m.0 == k).map(|m| m.1);
            // (indicator, first mention)
            let discussed: Vec<(usize, Span)> = (0..n)
                .filter(|&k| checked(k))
                .filter_map(|k| {
                    first_in_topic(k)
                        .or_else(|| (seen[k].0 >= 2).then_some(seen[k].1).flatten())
                        .map(|at| (k, at))
                })
                .collect();
            if !discussed.is_empty() {
                candidates.push((cx.items.at(u.span.start), discussed));
            }
        }
        // Where indicators are quantified: each clause holding a figure or a blank names them
        // together ("开展合法性审查共计612件"), and so does a table row. Read lazily: per item
        // only for a candidate unit, and for the whole report until the note's list is settled.
        let mut quantified_in: Vec<Option<Vec<bool>>> = vec![None; cx.profile.items.len()];
        let mut flagged = vec![false; n];
        for (item, mut discussed) in candidates {
            if let Some(i) = item {
                let region = cx.items.found[i]
                    .as_ref()
                    .map_or(Span::empty(0), |m| m.region);
                let spans = spans_cache.get_or_insert_with(|| quantifying_spans(cx));
                let q = quantified_in[i].get_or_insert_with(|| {
                    let mut q = vec![false; n];
                    let from = spans.partition_point(|s| s.start < region.start);
                    for &sp in spans[from..].iter().take_while(|s| s.start < region.end) {
                        if cx.items.at(sp.start) == Some(i) {
                            for (k, _) in within(sp) {
                                q[k] = true;
                            }
                        }
                    }
                    q
                });
                // quantified elsewhere in the same item (a figure further on, a table row)
                discussed.retain(|(k, _)| !q[*k]);
            }
            if discussed.is_empty() {
                continue;
            }
            discussed.sort_by_key(|(_, at)| at.start);
            for (k, _) in &discussed {
                flagged[*k] = true;
            }
            out.push(unit_finding(cat, &discussed));
        }
        // Once per report, as information: the body's core indicators, and the indicators a
        // part of the measures is about, that no clause of the results both names and
        // quantifies (unless a unit was flagged for them already).
        // decided once per indicator, then counted down as clauses quantify them: the walk
        // over the report's clauses stops when none is left
        let wanted: Vec<bool> = (0..n)
            .map(|k| {
                checked(k)
                    && !quantified[k]
                    && !flagged[k]
                    && (is_core(k) || discussed_somewhere[k])
            })
            .collect();
        let mut left = wanted.iter().filter(|&&w| w).count();
        let not_results = cx.profile.items_where(|r| !r.figures_are_results());
        if left > 0 {
            let spans = spans_cache.get_or_insert_with(|| quantifying_spans(cx));
            for &sp in spans.iter() {
                if cx
                    .items
                    .at(sp.start)
                    .is_some_and(|i| not_results.contains(&i))
                {
                    continue;
                }
                for (k, _) in within(sp) {
                    if wanted[k] && !quantified[k] {
                        left -= 1;
                    }
                    quantified[k] = true;
                }
                if left == 0 {
                    break;
                }
            }
        }
        let missing: Vec<&Indicator> = (0..n)
            .filter(|&k| wanted[k] && !quantified[k])
            .map(|k| &cat.indicators[k])
            .collect();
        if let Some(f) = report_note(cx, body, &missing) {
            out.push(f);
        }
    }
}

/// A unit of the measures that discusses `discussed` (indicator, first mention; in order)
/// without a single figure: a warning on the first mention, with what could be written.
fn unit_finding(cat: &Catalog, discussed: &[(usize, Span)]) -> Finding {
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
    Finding::new(
        INFO.id,
        INFO.default_severity,
        at,
        format!("这一部分讲“{}”，但没有一个数字{hint}。", names.join("”“")),
    )
    .with_data(json!({
        "indicators": discussed.iter().map(|(k, _)| &cat.indicators[*k].id).collect::<Vec<_>>(),
    }))
}

/// The note, once per report on the measures heading, listing the indicators `missing` that no
/// clause of the results quantifies.
fn report_note(
    cx: &Context,
    body: Option<&ReportingBody>,
    missing: &[&Indicator],
) -> Option<Finding> {
    if missing.is_empty() {
        return None;
    }
    let m = cx
        .profile
        .item_of(Role::Measures)
        .and_then(|i| cx.items.found.get(i))
        .and_then(Option::as_ref)?;
    let names: Vec<&str> = missing.iter().map(|i| i.name.as_str()).collect();
    let whose = body.map_or(String::new(), |b| format!("（{}的报告）", b.name));
    Some(
        Finding::new(
            INFO.id,
            Severity::Information,
            m.head,
            format!(
                "全文没有用数字说明以下重点指标{whose}：{}。审核时通常要看这些数据。",
                names.join("、")
            ),
        )
        .with_data(json!({
            "indicators": missing.iter().map(|i| &i.id).collect::<Vec<_>>(),
            "scope": "report",
            "body": body.map(|b| b.id.as_str()),
        })),
    )
}

/// The spans that quantify the indicators they name, in document order: each clause holding a
/// figure that measures something or a template blank, and each table row with number cells.
fn quantifying_spans(cx: &Context) -> Vec<Span> {
    let f = cx.figures;
    let mut out: Vec<Span> = Vec::with_capacity(f.clauses.len() + f.placeholders.len());
    let mut last = usize::MAX;
    for g in &f.figures {
        if g.in_quotes || g.weak || g.clause as usize == last {
            continue;
        }
        last = g.clause as usize;
        if let Some(c) = f.clauses.get(g.clause as usize) {
            out.push(c.span.wide());
        }
    }
    for p in &f.placeholders {
        let k = f
            .clauses
            .partition_point(|c| c.span.end as usize <= p.span.start);
        if let Some(c) = f.clauses.get(k).filter(|c| c.span.contains(p.span.start)) {
            out.push(c.span.wide());
        }
    }
    for p in &cx.outline.paragraphs {
        // a table row is short, and never the body of a run-in heading
        if p.kind == ParagraphKind::Body
            && p.span.len() < 400
            && table_row_with_figures(p.span.text(cx.text))
        {
            out.push(p.span);
        }
    }
    out.sort_by_key(|s| (s.start, s.end));
    out.dedup();
    out
}

/// Does `span` quantify what it names: a figure that measures something (not a name in quotes,
/// not 三项制度), a template blank where the figure is to go (××), or the cells of a table row?
fn quantifies(cx: &Context, span: Span) -> bool {
    cx.figures
        .within(span)
        .any(|i| !cx.figures.figures[i].in_quotes && !cx.figures.figures[i].weak)
        || {
            let ps = &cx.figures.placeholders;
            let k = ps.partition_point(|p| p.span.start < span.start);
            ps.get(k).is_some_and(|p| p.span.end <= span.end)
        }
        || table_row_with_figures(span.text(cx.text))
}

/// A row of a plain-text table whose cells hold numbers: "乡镇合法性审查覆盖率（%）\t92.3\t100"
/// (cells separated by tabs, `|` or runs of spaces; the unit is in the header or the label).
fn table_row_with_figures(s: &str) -> bool {
    // one pass for a cell separator: tab, |, ｜ (EF BD 9C), ideographic space (E3 80 80) or
    // two spaces
    let b = s.as_bytes();
    let separated = (0..b.len()).any(|i| match b[i] {
        b'\t' | b'|' => true,
        b' ' => b.get(i + 1) == Some(&b' '),
        0xEF => b.get(i + 1..i + 3) == Some(&[0xBD, 0x9C][..]),
        0xE3 => b.get(i + 1..i + 3) == Some(&[0x80, 0x80][..]),
        _ => false,
    });
    if !separated {
        return false;
    }
    s.split(['\t', '|', '｜', '\u{3000}'])
        .flat_map(|c| c.split("  "))
        .skip(1)
        .any(|cell| {
            let c = cell.trim();
            !c.is_empty()
                && c.chars().any(|ch| ch.is_ascii_digit())
                && c.chars()
                    .all(|ch| ch.is_ascii_digit() || matches!(ch, '.' | ',' | '%' | '-' | '+'))
        })
}

/// The opening words of `span`: up to the first mark that ends a clause or a sentence
/// ("三是推进政府法律顾问制度。", "全面推行告知承诺制，", "二是开展专项整治行动.").
fn opening_words(text: &str, span: Span) -> Span {
    let s = span.text(text);
    let end = s
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '。' | '！' | '？' | '!' | '?' | '，' | ',' | '；' | ';')
                || (c == '.' && crate::text::is_half_width_stop(s, i))
        })
        .map_or(s.len(), |(i, c)| i + c.len_utf8());
    Span::new(span.start, span.start + end)
}

/// The units of discussion of the achievements.
fn units(cx: &Context, achievements: &[usize]) -> Vec<Unit> {
    let o = cx.outline;
    let mut out = vec![];
    // run markers by paragraph, paragraphs by heading, headings with sub-headings
    // (paragraph, marker), sorted: one list, not a vector per paragraph
    let mut markers: Vec<(usize, usize)> = o
        .runs
        .iter()
        .flat_map(|r| r.members.iter())
        .filter(|m| m.paragraph < o.paragraphs.len())
        .map(|m| (m.paragraph, m.marker.start))
        .collect();
    markers.sort_unstable();
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
        let from = markers.partition_point(|m| m.0 < pi);
        let to = from + markers[from..].partition_point(|m| m.0 == pi);
        let cuts = &markers[from..to];
        // a paragraph that opens with 一是 has no lead-in: its first unit is the first item
        let opens_with_marker = cuts.iter().any(|m| m.1 == p.span.start);
        let cuts = cuts.iter().map(|m| m.1).filter(|&c| c > p.span.start);
        let mut start = p.span.start;
        let has_run = cuts.clone().next().is_some();
        for end in cuts.chain(std::iter::once(p.span.end)) {
            let span = Span::new(start, end);
            if !span.is_empty() {
                let lead_in = start == p.span.start;
                let heading = heading_title.filter(|_| lead_in);
                // The words before a 一是/二是 run introduce it ("全面推进政务公开。一是……"): the
                // run's figures quantify them.
                let figures = if lead_in && has_run && !opens_with_marker {
                    p.span
                } else {
                    span
                };
                out.push(Unit {
                    span,
                    figures,
                    opening: opening_words(cx.text, span),
                    heading,
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
    fn a_paragraph_opening_with_its_first_item_has_no_lead_in() {
        let (text, f) = metrics(
            "一是发挥法律顾问作用。健全法律顾问工作规则，规范参与决策的程序。二是推进科学民主决策。召开专家论证会5场，收集意见建议73条。\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "法律顾问");
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
    fn half_width_run_items_read_as_full_width_ones() {
        // typed half-width: the run items and their opening words end at "."
        let (text, f) = metrics(
            "(二)完善依法行政制度体系.一是加强规范性文件管理,全年审查17件.二是推进政府法律顾问制度.通过加强法律顾问队伍建设,不断提高政府法治水平.\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "法律顾问");
        // an indicator named once after the opening words is a passing mention
        for body in [
            "（二）加强执法监督。一是开展专项整治行动。对行政执法案卷规范化情况进行检查，督促整改。二是加强执法培训，培训600人次。\n",
            "(二)加强执法监督.一是开展专项整治行动.对行政执法案卷规范化情况进行检查,督促整改.二是加强执法培训,培训600人次.\n",
        ] {
            let (_, f) = metrics(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }

    #[test]
    fn a_run_item_is_quantified_by_the_figures_after_its_opening() {
        // "二是用好12345热线。" names the indicator; the next sentence counts it without the name
        let (_, f) = metrics(
            "（二）便民服务。一是推进政务服务标准化。二是用好12345政务服务便民热线。全年受理群众诉求58640件，按时办结57912件。\n",
        );
        assert!(f.iter().all(|f| !f.message.contains("12345")), "{f:?}");
        // but not by the figures of a sentence about another indicator
        let (_, f) =
            metrics("（二）便民服务。一是用好12345政务服务便民热线。法律顾问全年审查合同12份。\n");
        assert!(f.iter().any(|f| f.message.contains("12345")), "{f:?}");
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
    fn a_heading_is_quantified_by_the_figures_of_its_body() {
        // the heading names the indicator, the body counts it without repeating the name
        let text = format!(
            "{HEAD}{CORE}（二）开展执法案卷评查。组织评查行政处罚和行政许可案卷共80卷，优良率95%。\n"
        );
        assert!(findings(&text, "missing-metric").is_empty());
        // a heading over a body without any figure is still a missing figure
        let text =
            format!("{HEAD}{CORE}（二）开展执法案卷评查。组织评查行政处罚和行政许可案卷。\n");
        let f = findings(&text, "missing-metric");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("案卷评查"), "{f:?}");
        // figures of a sentence about another indicator, even in a clause that does not repeat
        // its name, are that indicator's
        let text = format!(
            "{HEAD}{CORE}（二）开展执法案卷评查。严格落实评查制度。法律顾问全年审查合同12份，提出意见30条。\n"
        );
        let f = findings(&text, "missing-metric");
        assert!(f.iter().any(|f| f.message.contains("案卷评查")), "{f:?}");
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
        let text = format!("{HEAD}（一）强化监督。全面加强行政执法监督，全年开展执法检查45次。\n二、存在的不足和原因\n执法力量薄弱，原因是编制不足。\n");
        let f = findings(&text, "missing-metric");
        let report: Vec<_> = f
            .iter()
            .filter(|f| f.data.value()["scope"] == "report")
            .collect();
        assert_eq!(report.len(), 1, "{f:?}");
        assert_eq!(report[0].span.text(&text), "一、主要举措和成效");
        assert_eq!(report[0].severity, crate::finding::Severity::Information);
        assert_eq!(
            report[0].message,
            "全文没有用数字说明以下重点指标（人民政府的报告）：行政复议、行政应诉（负责人出庭应诉率）、规范性文件备案审查、重大行政决策合法性审查。审核时通常要看这些数据。"
        );
        // once they are quantified, the finding goes
        let (_, g) = metrics("");
        assert!(
            g.iter().all(|f| f.data.value()["scope"] != "report"),
            "{g:?}"
        );
    }

    #[test]
    fn the_duties_item_is_not_asked_for_indicators() {
        let text = format!(
            "{HEAD}{CORE}（二）党政主要负责人履行推进法治建设第一责任人职责情况\n严格落实重大行政决策合法性审查制度，县长带头依法决策，坚持重大行政决策未经合法性审查不上会。\n二、存在的不足和原因\n普法针对性不强，原因是人手不足。\n"
        );
        let f = findings(&text, "missing-metric");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn an_indicator_quantified_elsewhere_in_its_item() {
        // the 法律顾问 paragraph has no figure, but the item counts the counsel's work later
        let (_, f) = metrics(
            "（二）加强政府法律顾问工作。健全法律顾问工作规则，规范法律顾问参与决策的程序。\n（三）严格执法。政府法律顾问全年列席常务会议31次，出具法律意见书240份。\n",
        );
        assert!(f.is_empty(), "{f:?}");
        // …and a table row under a (%) header carries its figures in its cells
        let (_, f) = metrics(
            "（二）基层法治指标。主要指标如下表。\n指标\t2023年\t2024年\n乡镇合法性审查覆盖率（%）\t92.3\t100\n政府法律顾问覆盖率（%）\t100\t100\n",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_template_blank_stands_for_the_figure() {
        let (_, f) =
            metrics("（二）强化监督。全年办理行政复议案件××件，政府法律顾问列席会议××次。\n");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn the_core_set_depends_on_the_reporting_body() {
        // a township: 规范性文件 and 行政复议 are not asked for, 人民调解 is
        let text = "某镇2024年度法治政府建设情况报告\n某县人民政府：\n2024年，我镇持续推进法治建设。现报告如下：\n一、主要举措和成效\n（一）依法决策。全年对镇政府重大决策事项开展合法性审查12件。\n（二）化解纠纷。深入开展矛盾纠纷排查化解，成效明显。\n二、存在的不足和原因\n普法针对性不强，原因是人手不足。\n";
        let f = findings(text, "missing-metric");
        let report: Vec<_> = f
            .iter()
            .filter(|f| f.data.value()["scope"] == "report")
            .collect();
        assert_eq!(report.len(), 1, "{f:?}");
        assert_eq!(report[0].data.value()["body"], "township");
        assert_eq!(
            report[0].message,
            "全文没有用数字说明以下重点指标（乡镇（街道）的报告）：人民调解。审核时通常要看这些数据。"
        );
        // a 司法局 is asked for mediation and legal aid as well
        let text = text
            .replace("某镇2024年度", "某县司法局2024年度")
            .replace("我镇", "我局");
        let f = findings(&text, "missing-metric");
        let report: Vec<_> = f
            .iter()
            .filter(|f| f.data.value()["scope"] == "report")
            .collect();
        assert_eq!(report[0].data.value()["body"], "justice");
        assert!(
            report[0].message.contains("法律援助"),
            "{}",
            report[0].message
        );
    }

    #[test]
    fn a_department_is_asked_only_for_what_it_discusses() {
        // a department's core set is reconsideration and lawsuits; 规范性文件 is its topic
        // here, in a paragraph whose only figures are about the counsel
        let text = "某县市场监督管理局2024年度法治政府建设情况报告\n某县人民政府：\n2024年，我局持续推进依法行政。现报告如下：\n一、主要举措和成效\n（一）复议诉讼。全年被申请行政复议5件，行政诉讼3件，负责人出庭应诉3件。\n（二）加强规范性文件管理。严格执行规范性文件制定程序，法律顾问全年审查合同14份。\n二、存在的不足和原因\n执法人员业务能力不强，原因是培训不够。\n";
        let f = findings(text, "missing-metric");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].data.value()["body"], "department");
        assert_eq!(
            f[0].message,
            "全文没有用数字说明以下重点指标（政府工作部门的报告）：规范性文件备案审查。审核时通常要看这些数据。"
        );
    }
}
