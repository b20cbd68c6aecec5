//! Figures in the editor, as plain functions of a snapshot:
//!
//! - **hover** on a figure: how it was read (value, unit, exact or approximate and the range it
//!   stands for) and every check it takes part in, with the arithmetic;
//! - **inlay hints** after stated totals and rates: the computed value (Σ 213, ≈99.15%), with the
//!   arithmetic as tooltip;
//! - **code lenses** on each statutory item: how many figures it has, how many checks were made
//!   and how many fail.
//!
//! The texts themselves come from [`gongwen::ide::figures`], shared with the web page.

use tower_lsp_server::ls_types::{
    CodeLens, Command, Hover, HoverContents, InlayHint, InlayHintLabel, InlayHintTooltip,
    MarkupContent, MarkupKind,
};

use super::convert;
use super::document::Snapshot;
use gongwen::ide::figures::{describe, hint_label, item_summary, NO_FIGURES};
use gongwen::profile::Profile;
use gongwen::text::{Encoding, Span};

/// Hover on a figure.
pub fn hover(snap: &Snapshot, offset: usize, enc: Encoding) -> Option<Hover> {
    let a = &snap.analysis;
    if !a.is_report() {
        return None;
    }
    let fig = a.figures.at(offset)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: describe(&a.figures, &snap.text, fig),
        }),
        range: Some(convert::range(
            snap,
            a.figures.figures[fig].span.wide(),
            enc,
        )),
    })
}

/// Inlay hints after the stated totals and rates that lie in `range`.
pub fn inlay_hints(snap: &Snapshot, range: Span, enc: Encoding) -> Vec<InlayHint> {
    let a = &snap.analysis;
    if !a.is_report() {
        return vec![];
    }
    let figs = &a.figures;
    let mut done = vec![];
    let mut out = vec![];
    for c in &figs.checks {
        let t = &figs.figures[c.target];
        if done.contains(&c.target) || !range.touches(t.span.end as usize) {
            continue;
        }
        let Some(label) = hint_label(figs, &snap.text, c) else {
            continue;
        };
        done.push(c.target);
        let status = if c.ok {
            "与文中一致".to_string()
        } else {
            format!("与文中的 {} 不符", t.number.text(&snap.text))
        };
        out.push(InlayHint {
            position: convert::position(snap, t.span.end as usize, enc),
            label: InlayHintLabel::String(label),
            kind: None,
            text_edits: None,
            tooltip: Some(InlayHintTooltip::String(format!(
                "{}：{}（{status}）",
                c.label,
                c.arithmetic(figs, &snap.text)
            ))),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    }
    out
}

/// One code lens per statutory item found, on its first line.
pub fn code_lenses(snap: &Snapshot, profile: &Profile, enc: Encoding) -> Vec<CodeLens> {
    let a = &snap.analysis;
    if !a.is_report() {
        return vec![];
    }
    a.items
        .in_order()
        .into_iter()
        .filter(|(i, _)| *i < profile.items.len())
        .filter_map(|(i, m)| {
            let title = item_summary(a, i);
            // "本部分没有数字" only where the profile expects figures (the year's results); the
            // problems, the plan and other remarks need none
            if title == NO_FIGURES && !profile.items[i].role.expects_figures() {
                return None;
            }
            let at = convert::position(snap, m.head.start, enc);
            Some(CodeLens {
                range: tower_lsp_server::ls_types::Range::new(at, at),
                command: Some(Command {
                    title: format!("{}：{title}", profile.items[i].name),
                    // an empty command: shown as a label, nothing to run
                    command: String::new(),
                    arguments: None,
                }),
                data: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(text: &str) -> Snapshot {
        Snapshot::for_test(text)
    }

    const TEXT: &str = "关于2024年度法治政府建设情况的报告\n一、2024年度推进法治政府建设的主要举措和成效\n全年新增企业45户、个体工商户120户、农民专业合作社48户，合计新增市场主体231户。受理热线工单15620件，办结15488件，办结率99.2%。参训约1.1万人次。\n二、存在的不足和原因\n执法力量薄弱，原因在于编制不足。\n";

    #[test]
    fn hover_on_a_total_shows_the_arithmetic() {
        let s = snap(TEXT);
        let at = TEXT.find("231户").unwrap() + 1;
        let h = hover(&s, at, Encoding::Utf16).expect("hover");
        let HoverContents::Markup(m) = h.contents else {
            panic!("markdown")
        };
        assert!(m.value.starts_with("**数字 231户**"), "{}", m.value);
        assert!(
            m.value.contains("读作：231户（阿拉伯数字；精确值）"),
            "{}",
            m.value
        );
        assert!(
            m.value
                .contains("✗ 合计（应等于各分项之和）：45 + 120 + 48 = 213，文中写的是 231"),
            "{}",
            m.value
        );
        // and on a part
        let at = TEXT.find("120户").unwrap();
        let HoverContents::Markup(p) = hover(&s, at, Encoding::Utf16).unwrap().contents else {
            panic!()
        };
        assert!(
            p.value
                .contains("✗ 作为合计“231”的分项：45 + 120 + 48 = 213"),
            "{}",
            p.value
        );
        // an approximate figure says how it was read
        let at = TEXT.find("1.1万").unwrap();
        let HoverContents::Markup(q) = hover(&s, at, Encoding::Utf16).unwrap().contents else {
            panic!()
        };
        assert!(
            q.value.contains(
                "11000人次（阿拉伯数字，含“万”；概数（约为此数）（“约”），按 9900～12100 计）"
            ),
            "{}",
            q.value
        );
        // not on a figure
        assert!(hover(&s, TEXT.find("全年").unwrap(), Encoding::Utf16).is_none());
    }

    #[test]
    fn hover_on_a_rate_with_two_numerators_names_their_roles() {
        let text = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n评查执法案卷80卷，评为优秀的12卷、合格的65卷，合格率96.3%。\n";
        let s = snap(text);
        let describe_at = |needle: &str| {
            let at = text.find(needle).unwrap();
            let HoverContents::Markup(m) = hover(&s, at, Encoding::Utf16).unwrap().contents else {
                panic!("markdown")
            };
            m.value
        };
        let excellent = describe_at("12卷");
        assert!(
            excellent.contains("作为合格率的分子：(12 + 65) ÷ 80 = 96.25%"),
            "{excellent}"
        );
        let base = describe_at("80卷");
        assert!(base.contains("作为合格率的分母"), "{base}");
    }

    #[test]
    fn hints_follow_totals_and_rates() {
        let s = snap(TEXT);
        let hints = inlay_hints(&s, Span::new(0, TEXT.len()), Encoding::Utf16);
        let labels: Vec<String> = hints
            .iter()
            .map(|h| match &h.label {
                InlayHintLabel::String(s) => s.clone(),
                InlayHintLabel::LabelParts(_) => String::new(),
            })
            .collect();
        assert_eq!(labels, ["Σ 213", "≈99.15%"]);
        let end = TEXT.find("231户").unwrap() + "231户".len();
        assert_eq!(
            hints[0].position,
            convert::position(&s, end, Encoding::Utf16)
        );
        // outside the requested range: none
        assert!(inlay_hints(&s, Span::new(0, 10), Encoding::Utf16).is_empty());
    }

    #[test]
    fn lenses_count_figures_and_failures_per_item() {
        let s = snap(TEXT);
        let p = Profile::default_profile();
        let lenses = code_lenses(&s, &p, Encoding::Utf16);
        let titles: Vec<&str> = lenses
            .iter()
            .map(|l| l.command.as_ref().unwrap().title.as_str())
            .collect();
        // the problems item has no figures, and needs none: no lens there
        assert_eq!(titles, ["主要举措和成效：数字 8 个 · 核对 3 处，1 处不符"]);
        // a measures item without figures is pointed out
        let bare = snap("关于2024年度法治政府建设情况的报告\n一、2024年度推进法治政府建设的主要举措和成效\n全面推进依法行政。\n二、存在的不足和原因\n执法力量薄弱，原因在于编制不足。\n");
        let titles: Vec<String> = code_lenses(&bare, &p, Encoding::Utf16)
            .iter()
            .map(|l| l.command.as_ref().unwrap().title.clone())
            .collect();
        assert_eq!(titles, ["主要举措和成效：本部分没有数字"]);
    }
}
