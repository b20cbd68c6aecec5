//! Request handlers as plain functions of a snapshot: outline symbols, folding, hover,
//! completion items, code actions.

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CompletionItem, CompletionItemKind,
    CompletionTextEdit, DocumentSymbol, Documentation, FoldingRange, FoldingRangeKind, Hover,
    HoverContents, InsertTextFormat, MarkupContent, MarkupKind, Range, SymbolKind, TextEdit, Uri,
};

use super::convert;
use super::document::Snapshot;
use gongwen::ide::completion::{self, Kind};
use gongwen::items::{Anchor, ItemMatch};
use gongwen::profile::Profile;
use gongwen::text::{Encoding, Span};

fn ordinal(i: usize) -> String {
    format!("（{}）", gongwen::numerals::format(i as u64 + 1))
}

/// The `detail` of a symbol that is a statutory item: "法定事项（二）存在的不足和原因".
pub fn item_detail(profile: &Profile, i: usize) -> String {
    format!("法定事项{}{}", ordinal(i), profile.items[i].name)
}

#[allow(deprecated)] // DocumentSymbol::deprecated is a required field of the struct
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: Range,
    selection: Range,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    DocumentSymbol {
        name: if name.trim().is_empty() {
            "（无标题）".into()
        } else {
            name
        },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: (!children.is_empty()).then_some(children),
    }
}

/// The report outline as a symbol tree: title, headings (statutory items marked in `detail`),
/// unheaded item paragraphs, closing and signature.
pub fn document_symbols(snap: &Snapshot, profile: &Profile, enc: Encoding) -> Vec<DocumentSymbol> {
    let a = &snap.analysis;
    if !a.is_report() {
        return vec![];
    }
    let o = &a.outline;
    let text = snap.text.as_str();
    let para_items: Vec<(usize, &ItemMatch)> = a
        .items
        .in_order()
        .into_iter()
        .filter(|(_, m)| matches!(m.anchor, Anchor::Paragraph(_)))
        .collect();
    // A heading's range stops where an unheaded item paragraph begins inside it.
    let heading_range = |h: usize| -> Span {
        let s = o.headings[h].section;
        let end = para_items
            .iter()
            .map(|(_, m)| m.region.start)
            .filter(|&p| p > s.start && p < s.end)
            .min()
            .unwrap_or(s.end);
        let end = text[..end]
            .trim_end()
            .len()
            .max(o.headings[h].full_line.end);
        Span::new(o.headings[h].full_line.start, end)
    };
    // the children of each heading, in one pass (Outline::children walks every heading)
    let mut kids: Vec<Vec<usize>> = vec![vec![]; o.headings.len()];
    let mut roots = vec![];
    for (i, h) in o.headings.iter().enumerate() {
        match h.parent {
            Some(p) if p < kids.len() => kids[p].push(i),
            _ => roots.push(i),
        }
    }
    fn build(
        h: usize,
        snap: &Snapshot,
        profile: &Profile,
        enc: Encoding,
        range_of: &dyn Fn(usize) -> Span,
        kids: &[Vec<usize>],
    ) -> DocumentSymbol {
        let a = &snap.analysis;
        let head = &a.outline.headings[h];
        let children: Vec<DocumentSymbol> = kids[h]
            .iter()
            .map(|&c| build(c, snap, profile, enc, range_of, kids))
            .collect();
        let item = a.items.of_heading(h);
        // a run-in heading ("1.推进……。正文……") is named by its own words, up to its 。
        let name = if head.run_in {
            Span::new(head.line.start, head.title.end.max(head.marker.end))
        } else {
            head.line
        };
        symbol(
            name.text(&snap.text).to_string(),
            item.map(|i| item_detail(profile, i)),
            if item.is_some() {
                SymbolKind::MODULE
            } else {
                SymbolKind::STRING
            },
            convert::range(snap, range_of(h), enc),
            convert::range(snap, name, enc),
            children,
        )
    }
    let mut top: Vec<(usize, DocumentSymbol)> = vec![];
    let region_item = a
        .items
        .in_order()
        .into_iter()
        .find(|(_, m)| m.anchor == Anchor::Region);
    let mut region_children = vec![];
    for h in roots {
        let sym = build(h, snap, profile, enc, &heading_range, &kids);
        let start = o.headings[h].line.start;
        match region_item {
            Some((_, m)) if m.region.contains(start) => region_children.push(sym),
            _ => top.push((start, sym)),
        }
    }
    if let Some((i, m)) = region_item {
        let name = format!("{}（正文，无专门标题）", profile.items[i].name);
        top.push((
            m.region.start,
            symbol(
                name,
                Some(item_detail(profile, i)),
                SymbolKind::MODULE,
                convert::range(snap, m.region, enc),
                convert::range(snap, m.head, enc),
                region_children,
            ),
        ));
    }
    for (i, m) in &para_items {
        let name = format!("{}（段落）", profile.items[*i].name);
        top.push((
            m.region.start,
            symbol(
                name,
                Some(item_detail(profile, *i)),
                SymbolKind::MODULE,
                convert::range(snap, m.region, enc),
                convert::range(snap, m.head, enc),
                vec![],
            ),
        ));
    }
    if let Some(c) = o.closing {
        let r = convert::range(snap, c, enc);
        top.push((
            c.start,
            symbol(
                "结束语".into(),
                Some(c.text(text).into()),
                SymbolKind::KEY,
                r,
                r,
                vec![],
            ),
        ));
    }
    if let Some(s) = &o.signature {
        let r = convert::range(snap, s.span, enc);
        let sel = convert::range(snap, s.date.span, enc);
        let detail = s.date.span.text(text).to_string();
        top.push((
            s.span.start,
            symbol("落款".into(), Some(detail), SymbolKind::KEY, r, sel, vec![]),
        ));
    }
    top.sort_by_key(|(s, _)| *s);
    let mut out: Vec<DocumentSymbol> = top.into_iter().map(|(_, s)| s).collect();
    if let Some(t) = o.title {
        let r = convert::range(snap, t, enc);
        out.insert(
            0,
            symbol(
                t.text(text).replace(['\n', '\r'], ""),
                Some("标题".into()),
                SymbolKind::FILE,
                r,
                r,
                vec![],
            ),
        );
    }
    out
}

/// One folding range per section that spans several lines.
pub fn folding_ranges(snap: &Snapshot) -> Vec<FoldingRange> {
    let a = &snap.analysis;
    if !a.is_report() {
        return vec![];
    }
    let text = snap.text.as_str();
    let mut spans: Vec<Span> = a.outline.headings.iter().map(|h| h.section).collect();
    spans.extend(
        a.items
            .found
            .iter()
            .flatten()
            .filter(|m| !matches!(m.anchor, Anchor::Heading(_)))
            .map(|m| m.region),
    );
    let mut out: Vec<FoldingRange> = spans
        .into_iter()
        .filter_map(|s| {
            let end = text[..s.end.min(text.len())].trim_end().len().max(s.start);
            let l0 = snap.lines.line_of(s.start);
            let l1 = snap.lines.line_of(end);
            (l1 > l0).then_some(FoldingRange {
                start_line: l0 as u32,
                start_character: None,
                end_line: l1 as u32,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: None,
            })
        })
        .collect();
    out.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
    out.dedup_by_key(|f| (f.start_line, f.end_line));
    out
}

fn level_name(level: u8) -> &'static str {
    match level {
        1 => "一级标题",
        2 => "二级标题",
        3 => "三级标题",
        4 => "四级标题",
        _ => "标题",
    }
}

/// Hover on a heading or an item paragraph: which statutory item it counts as, and why.
pub fn hover(snap: &Snapshot, profile: &Profile, offset: usize, enc: Encoding) -> Option<Hover> {
    let a = &snap.analysis;
    if !a.is_report() {
        return None;
    }
    let text = snap.text.as_str();
    let o = &a.outline;
    let (span, md) = if let Some(h) = o.headings.iter().position(|h| h.full_line.touches(offset)) {
        let head = &o.headings[h];
        let kind = format!(
            "{}（{}{}）",
            level_name(head.level),
            head.style.describe(),
            head.number
                .map(|n| format!("，第 {n} 个"))
                .unwrap_or_default()
        );
        let md = match a.items.of_heading(h) {
            Some(i) => {
                let m = a.items.found[i].as_ref()?;
                format!(
                    "**{}**\n\n{kind}\n\n识别依据：{}。\n\n规定要求：{}。\n\n{}",
                    item_detail(profile, i),
                    m.reason.describe(),
                    profile.items[i].full_name,
                    section_stats(text, m.region)
                )
            }
            None => {
                let within = a
                    .items
                    .at(head.line.start)
                    .map(|i| format!("属于{}。", item_detail(profile, i)))
                    .unwrap_or_else(|| "不属于任何法定事项。".into());
                format!(
                    "**{}**\n\n{within}\n\n{}",
                    kind,
                    section_stats(text, head.section)
                )
            }
        };
        (head.line, md)
    } else {
        let (i, m) = a
            .items
            .in_order()
            .into_iter()
            .find(|(_, m)| !matches!(m.anchor, Anchor::Heading(_)) && m.head.touches(offset))?;
        let md = format!(
            "**{}**\n\n识别依据：{}。\n\n规定要求：{}。\n\n{}",
            item_detail(profile, i),
            m.reason.describe(),
            profile.items[i].full_name,
            section_stats(text, m.region)
        );
        (m.head, md)
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md,
        }),
        range: Some(convert::range(snap, span, enc)),
    })
}

fn section_stats(text: &str, s: Span) -> String {
    let chars = s
        .text(text)
        .chars()
        .filter(|c| !gongwen::text::is_space(*c))
        .count();
    format!("本部分约 {chars} 字。")
}

/// Completion items at `offset`.
pub fn completion(
    snap: &Snapshot,
    profile: &Profile,
    offset: usize,
    enc: Encoding,
    snippets: bool,
) -> Vec<CompletionItem> {
    let today = crate::clock::today();
    let Some(c) = completion::complete(&snap.text, &snap.analysis, profile, offset, today) else {
        return vec![];
    };
    let range = convert::range(snap, c.replace, enc);
    c.candidates
        .into_iter()
        .map(|cand| {
            let new_text = if snippets {
                cand.snippet.clone()
            } else {
                gongwen::profile::snippet::render_plain(&cand.snippet)
            };
            CompletionItem {
                label: cand.label,
                kind: Some(match cand.kind {
                    Kind::Skeleton => CompletionItemKind::FILE,
                    Kind::Item => CompletionItemKind::MODULE,
                    Kind::Snippet => CompletionItemKind::SNIPPET,
                }),
                detail: Some(cand.detail),
                documentation: Some(Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: cand.documentation,
                })),
                filter_text: Some(cand.filter_text),
                sort_text: Some(cand.sort_text),
                insert_text_format: Some(if snippets {
                    InsertTextFormat::SNIPPET
                } else {
                    InsertTextFormat::PLAIN_TEXT
                }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, new_text))),
                ..Default::default()
            }
        })
        .collect()
}

/// Quick fixes for the findings that touch `span`.
pub fn code_actions(
    snap: &Snapshot,
    span: Span,
    enc: Encoding,
    uri: &Uri,
    versioned: bool,
) -> Vec<CodeActionOrCommand> {
    let mut out = vec![];
    for f in &snap.analysis.findings {
        let touches =
            f.span.overlaps(span) || f.span.touches(span.start) || span.touches(f.span.start);
        if !touches {
            continue;
        }
        for fix in &f.fixes {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.to_string(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert::diagnostic(snap, f, enc, uri)]),
                edit: Some(convert::workspace_edit(snap, fix, enc, uri, versioned)),
                command: None,
                is_preferred: Some(fix.preferred),
                disabled: None,
                data: None,
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(text: &str) -> Snapshot {
        Snapshot::for_test(text)
    }

    fn names(s: &DocumentSymbol, out: &mut Vec<String>) {
        out.push(s.name.clone());
        for c in s.children.iter().flatten() {
            names(c, out);
        }
    }

    #[test]
    fn a_run_in_heading_is_named_by_its_own_words() {
        let text = "关于2024年度法治政府建设情况的报告\n一、2024年度推进法治政府建设的主要举措和成效\n1.推进严格规范公正文明执法。全年开展执法检查42次，办结案件120件。\n2.深化普法宣传\n开展法治宣传活动30场。\n二、存在的不足和原因\n执法力量薄弱，原因在于编制不足。\n";
        let s = snap(text);
        let p = Profile::default_profile();
        let mut all = vec![];
        for sym in document_symbols(&s, &p, Encoding::Utf16) {
            names(&sym, &mut all);
        }
        assert!(
            all.contains(&"1.推进严格规范公正文明执法".to_string()),
            "{all:?}"
        );
        assert!(all.contains(&"2.深化普法宣传".to_string()), "{all:?}");
        assert!(!all.iter().any(|n| n.contains("执法检查")), "{all:?}");
    }
}
