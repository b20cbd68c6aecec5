//! Completion candidates (pure): the whole report skeleton, each statutory item, the closing and
//! the signature. Offered on a line of its own, where the drafter has typed at most a short
//! keyword (问题, wt, xyn, plan …) that the candidates' filter words match.

use crate::analysis::Analysis;
use crate::profile::Profile;
use crate::template;
use crate::text::{is_space, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Skeleton,
    Item,
    Snippet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub kind: Kind,
    pub label: String,
    pub detail: String,
    /// Markdown shown beside the list: what will be inserted.
    pub documentation: String,
    /// Words the editor matches what was typed against: Chinese names, pinyin initials, id.
    pub filter_text: String,
    pub sort_text: String,
    /// LSP snippet syntax.
    pub snippet: String,
}

/// Candidates and the range they replace (what was typed on the line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub replace: Span,
    pub candidates: Vec<Candidate>,
}

/// The label of the whole-report skeleton.
pub const SKELETON_LABEL: &str = "年度报告全文框架";

/// Completion at byte `offset` of `text`.
pub fn complete(
    text: &str,
    analysis: &Analysis,
    profile: &Profile,
    offset: usize,
    today: (i32, u32, u32),
) -> Option<Completion> {
    let offset = crate::text::floor_char_boundary(text, offset.min(text.len()));
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    let typed_start = line_start
        + (text[line_start..offset].len()
            - text[line_start..offset].trim_start_matches(is_space).len());
    let typed = &text[typed_start..offset];
    if !text[offset..line_end].trim_matches(is_space).is_empty()
        || typed.chars().count() > 16
        || typed.contains(['。', '，', '；', '：', '、', '！', '？'])
    {
        return None;
    }
    let replace = Span::new(typed_start, offset);
    let rest_blank = text[..typed_start].trim_matches(is_space).is_empty()
        && text[offset..].trim_matches(is_space).is_empty();
    let mut candidates = vec![];
    if analysis.is_report() || rest_blank {
        let sk = template::skeleton(profile, today);
        candidates.push(Candidate {
            kind: Kind::Skeleton,
            label: SKELETON_LABEL.into(),
            detail: format!("{}：标题、主送机关、开头段、五项法定事项、结束语、落款", profile.name),
            documentation: preview(&sk),
            filter_text: "年度报告全文框架 报告框架 模板 全文 kj bgkj mb skeleton template 法治政府建设年度报告".into(),
            sort_text: if rest_blank { "0".into() } else { "9".into() },
            snippet: sk,
        });
    }
    if !analysis.is_report() {
        return (!candidates.is_empty()).then_some(Completion {
            replace,
            candidates,
        });
    }
    let head = template::new_top_heading(text, &analysis.outline, line_start);
    for (i, it) in profile.items.iter().enumerate() {
        let present = analysis.items.found.get(i).is_some_and(Option::is_some);
        let snippet = template::item_snippet(it, analysis.year, &head);
        let mut filter = vec![it.name.clone(), it.full_name.clone(), it.id.clone()];
        filter.extend(it.keys.iter().cloned());
        candidates.push(Candidate {
            kind: Kind::Item,
            label: format!(
                "法定事项（{}）{}",
                crate::numerals::format(i as u64 + 1),
                it.name
            ),
            detail: if present {
                format!("已有 · {}", it.full_name)
            } else {
                format!("缺少 · {}", it.full_name)
            },
            documentation: preview(&snippet),
            filter_text: filter.join(" "),
            sort_text: format!("{}{i}", if present { 5 } else { 1 }),
            snippet,
        });
    }
    for s in &profile.snippets {
        let body = template::with_today(&s.body, today);
        let mut filter = vec![s.label.clone(), s.id.clone()];
        filter.extend(s.keys.iter().cloned());
        candidates.push(Candidate {
            kind: Kind::Snippet,
            label: s.label.clone(),
            detail: s.detail.clone(),
            documentation: preview(&body),
            filter_text: filter.join(" "),
            sort_text: format!("7{}", s.id),
            snippet: body,
        });
    }
    Some(Completion {
        replace,
        candidates,
    })
}

/// Markdown preview of a snippet as it will be inserted.
fn preview(snippet: &str) -> String {
    let plain = crate::profile::snippet::render_plain(snippet);
    let short: String = plain.lines().take(14).collect::<Vec<_>>().join("\n");
    let more = if plain.lines().count() > 14 {
        "\n……"
    } else {
        ""
    };
    format!("插入内容预览：\n\n```text\n{short}{more}\n```")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, Options};

    const DAY: (i32, u32, u32) = (2025, 1, 20);

    fn run(text: &str, offset: usize) -> Option<Completion> {
        let p = Profile::default_profile();
        let a = analyze(text, &Options::new(std::slice::from_ref(&p)));
        complete(text, &a, &p, offset, DAY)
    }

    #[test]
    fn empty_document_offers_the_skeleton_first() {
        let c = run("", 0).unwrap();
        assert_eq!(c.candidates.len(), 1);
        assert_eq!(c.candidates[0].label, SKELETON_LABEL);
        assert!(c.candidates[0].snippet.contains("2025年1月20日"));
    }

    #[test]
    fn report_line_offers_items_with_numbering_in_context() {
        let text = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n开展执法检查45次。\n\n";
        let c = run(text, text.len() - 1).unwrap();
        let labels: Vec<&str> = c.candidates.iter().map(|c| c.label.as_str()).collect();
        assert!(labels.contains(&SKELETON_LABEL));
        assert!(labels.contains(&"法定事项（二）存在的不足和原因"));
        assert!(labels.contains(&"特此报告。"));
        let problems = c
            .candidates
            .iter()
            .find(|c| c.label.contains("存在的不足"))
            .unwrap();
        assert!(
            problems
                .snippet
                .starts_with("二、2024年度推进法治政府建设存在的不足和原因\n"),
            "{}",
            problems.snippet
        );
        assert!(problems.detail.starts_with("缺少"));
        for key in ["问题", "wt", "problems", "czdbz"] {
            assert!(
                problems.filter_text.split(' ').any(|w| w.contains(key)),
                "{key}"
            );
        }
        let plan = c
            .candidates
            .iter()
            .find(|c| c.label.contains("下一年度"))
            .unwrap();
        assert!(plan.filter_text.contains("xyn"));
        let sig = c
            .candidates
            .iter()
            .find(|c| c.label.starts_with("落款"))
            .unwrap();
        assert!(sig.snippet.ends_with("2025年1月20日"));
    }

    #[test]
    fn typed_keyword_is_replaced() {
        let text =
            "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n开展执法检查45次。\n  wt";
        let c = run(text, text.len()).unwrap();
        assert_eq!(c.replace.text(text), "wt");
    }

    #[test]
    fn no_completion_inside_a_sentence_or_for_other_files() {
        let text = "关于2024年度法治政府建设情况的报告\n开展执法检查，共45次";
        assert!(run(text, text.len()).is_none());
        assert!(
            run(text, text.find("开展").unwrap()).is_none(),
            "text after the cursor"
        );
        let readme = "# 说明\n\n这是说明。\n\n";
        assert!(run(readme, readme.len()).is_none());
    }
}
