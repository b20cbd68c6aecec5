//! Figures in the editor, as plain functions of a snapshot:
//!
//! - **hover** on a figure: how it was read (value, unit, exact or approximate and the range it
//!   stands for) and every check it takes part in, with the arithmetic;
//! - **inlay hints** after stated totals and rates: the computed value (Σ 213, ≈99.15%), with the
//!   arithmetic as tooltip;
//! - **code lenses** on each statutory item: how many figures it has, how many checks were made
//!   and how many fail.
//!
//! Everything shown comes from `Analysis::figures` (the checks the rules report on); nothing is
//! recomputed here.

use tower_lsp_server::ls_types::{
    CodeLens, Command, Hover, HoverContents, InlayHint, InlayHintLabel, InlayHintTooltip,
    MarkupContent, MarkupKind,
};

use super::convert;
use super::document::Snapshot;
use gongwen::figures::{display, Approx, Check, CheckKind, Figure, Figures, NumForm};
use gongwen::profile::Profile;
use gongwen::text::{Encoding, Span};

fn mark(ok: bool) -> &'static str {
    if ok {
        "✓"
    } else {
        "✗"
    }
}

/// How a figure was read: "231 件（精确值）", "260余 人次（概数（略多于此数），按 260～270 计）".
fn reading(f: &Figure, text: &str) -> String {
    let unit = f.unit.unwrap_or("");
    let form = match f.form {
        NumForm::Arabic => "阿拉伯数字",
        NumForm::FullWidth => "全角数字",
        NumForm::Chinese => "汉字数字",
    };
    let scale = if f.scale >= 1e8 {
        "，含“亿”"
    } else if f.scale >= 1e4 {
        "，含“万”"
    } else {
        ""
    };
    let value = display::num(f.value, 4);
    let approx = match f.approx {
        Approx::Exact if f.decimals > 0 || f.scale > 1.0 => {
            let (lo, hi) = f.interval();
            format!(
                "精确值，按所写小数位为 {}～{}",
                display::num(lo, 6),
                display::num(hi, 6)
            )
        }
        Approx::Exact => "精确值".to_string(),
        a => {
            let (lo, hi) = f.interval();
            let range = match (lo.is_finite(), hi.is_finite()) {
                (true, true) => format!("按 {}～{} 计", display::num(lo, 4), display::num(hi, 4)),
                (true, false) => format!("按不少于 {} 计", display::num(lo, 4)),
                _ => format!("按不超过 {} 计", display::num(hi, 4)),
            };
            let word = f.modifier.map_or("", |m| m.text(text));
            format!("{}（“{word}”），{range}", a.describe())
        }
    };
    format!("{value}{unit}（{form}{scale}；{approx}）")
}

/// One line per check a figure takes part in.
fn check_line(figs: &Figures, text: &str, c: &Check, fig: usize) -> String {
    let t = &figs.figures[c.target];
    let stated = t.number.text(text);
    let as_target = c.target == fig;
    match c.kind {
        CheckKind::Sum => {
            let relation = if c.exhaustive {
                "应等于各分项之和"
            } else {
                "不应小于各分项之和"
            };
            if as_target {
                format!(
                    "{} {}（{relation}）：{}，文中写的是 {stated}",
                    mark(c.ok),
                    c.label,
                    c.arithmetic(figs, text)
                )
            } else {
                format!(
                    "{} 作为{}“{stated}”的分项：{}",
                    mark(c.ok),
                    c.label,
                    c.arithmetic(figs, text)
                )
            }
        }
        CheckKind::Rate => {
            if as_target {
                let half = 0.5 * 10f64.powi(-(t.decimals as i32));
                format!(
                    "{} {}：{}，文中写的是 {stated}%（按所写小数位允许 ±{}）",
                    mark(c.ok),
                    c.label,
                    c.arithmetic(figs, text),
                    display::num(half, 4)
                )
            } else {
                let role = if c.inputs.first() == Some(&fig) {
                    "分子"
                } else {
                    "分母"
                };
                format!(
                    "{} 作为{}的{role}：{}，文中写的是 {stated}%",
                    mark(c.ok),
                    c.label,
                    c.arithmetic(figs, text)
                )
            }
        }
        CheckKind::Range => format!("{} {}：{}", mark(c.ok), c.label, c.arithmetic(figs, text)),
        CheckKind::Same => format!(
            "{} 与前文的“{}”比较：{}",
            mark(c.ok),
            c.label,
            c.arithmetic(figs, text)
        ),
    }
}

/// The hover text of figure `fig` (Markdown).
pub fn describe(figs: &Figures, text: &str, fig: usize) -> String {
    let f = &figs.figures[fig];
    let mut md = format!(
        "**数字 {}**\n\n读作：{}",
        f.span.text(text),
        reading(f, text)
    );
    let subject = f.subject.text(text);
    if !subject.is_empty() {
        md.push_str(&format!("\n\n说的是：{subject}"));
    }
    if f.in_quotes {
        md.push_str("\n\n在引号内，作为名称的一部分，不参与核对。");
    } else if f.in_parens {
        md.push_str("\n\n在括号内，作为插入说明，不计入合计。");
    } else if f.weak {
        md.push_str("\n\n单字数字（如“三项制度”），只读取，不参与核对。");
    } else if f.range_with.is_some() {
        md.push_str("\n\n是一个区间的一端，不参与核对。");
    }
    let lines: Vec<String> = figs
        .checks_of(fig)
        .map(|c| format!("- {}", check_line(figs, text, c, fig)))
        .collect();
    if lines.is_empty() {
        md.push_str("\n\n没有可核对的关系（同一句中没有与它相关的合计、分项或比率）。");
    } else {
        md.push_str("\n\n核对：\n");
        md.push_str(&lines.join("\n"));
    }
    md
}

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
        range: Some(convert::range(snap, a.figures.figures[fig].span, enc)),
    })
}

/// The label of the inlay hint after a check's target: "Σ 213", "其中 Σ 45" (parts that need
/// not add up to the total), "≈99.15%".
pub fn hint_label(figs: &Figures, text: &str, c: &Check) -> Option<String> {
    match c.kind {
        // a 其中 list that need not be complete: the parts' sum, not the total
        CheckKind::Sum if !c.exhaustive => Some(format!("其中 Σ {}", c.result(figs, text))),
        CheckKind::Sum => Some(format!("Σ {}", c.result(figs, text))),
        CheckKind::Rate => {
            let d = figs.figures[c.target].decimals as usize + 1;
            Some(format!("≈{}%", display::num(c.computed, d.max(1))))
        }
        CheckKind::Range | CheckKind::Same => None,
    }
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
        if done.contains(&c.target) || !range.touches(t.span.end) {
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
            position: convert::position(snap, t.span.end, enc),
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

/// The code lens title of item `i`: "数字 23 个 · 核对 5 处，全部相符".
pub fn lens_title(a: &gongwen::analysis::Analysis, i: usize) -> String {
    let figs = &a.figures;
    let Some(m) = a.items.found.get(i).and_then(Option::as_ref) else {
        return String::new();
    };
    let mine = |s: usize| m.region.contains(s) && a.items.at(s) == Some(i);
    let count = figs.figures.iter().filter(|f| mine(f.span.start)).count();
    let checks: Vec<&Check> = figs
        .checks
        .iter()
        .filter(|c| mine(figs.figures[c.target].span.start))
        .collect();
    let failed = checks.iter().filter(|c| !c.ok).count();
    if count == 0 {
        return "本部分没有数字".into();
    }
    let verdict = match (checks.len(), failed) {
        (0, _) => "没有可核对的合计或比率".to_string(),
        (n, 0) => format!("核对 {n} 处，全部相符"),
        (n, k) => format!("核对 {n} 处，{k} 处不符"),
    };
    format!("数字 {count} 个 · {verdict}")
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
        .map(|(i, m)| {
            let at = convert::position(snap, m.head.start, enc);
            CodeLens {
                range: tower_lsp_server::ls_types::Range::new(at, at),
                command: Some(Command {
                    title: format!("{}：{}", profile.items[i].name, lens_title(a, i)),
                    // an empty command: shown as a label, nothing to run
                    command: String::new(),
                    arguments: None,
                }),
                data: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongwen::analysis::{analyze, Options};
    use gongwen::text::LineIndex;

    fn snap(text: &str) -> Snapshot {
        let p = Profile::default_profile();
        Snapshot {
            version: 1,
            revision: 1,
            text: text.to_string(),
            lines: LineIndex::new(text),
            analysis: analyze(text, &Options::new(std::slice::from_ref(&p))),
            previous: None,
        }
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
        assert_eq!(
            titles,
            [
                "主要举措和成效：数字 8 个 · 核对 3 处，1 处不符",
                "存在的不足和原因：本部分没有数字"
            ]
        );
    }
}
