//! Figures explained for people: how a number was read and every check it takes part in, with the
//! arithmetic (the hover of the editor and the page's finding details), the short label after a
//! stated total or rate ("Σ 213", "≈99.15%"), and a one-line summary per statutory item.
//!
//! Everything shown comes from `Analysis::figures` (the checks the rules report on); nothing is
//! recomputed here.

use crate::analysis::Analysis;
use crate::figures::{display, Approx, Check, CheckKind, Figure, Figures, NumForm};

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
                // the base is the last input; the numerators (one, or 优秀 + 合格) come before it
                let role = if c.inputs.last() == Some(&fig) {
                    "分母"
                } else {
                    "分子"
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

/// The explanation of figure `fig` (Markdown: a bold first line, a list of checks).
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

/// The summary of an item without a single figure.
pub const NO_FIGURES: &str = "本部分没有数字";

/// The summary of item `i` (the editor's code lens): "数字 23 个 · 核对 5 处，全部相符".
pub fn item_summary(a: &Analysis, i: usize) -> String {
    let figs = &a.figures;
    let Some(m) = a.items.found.get(i).and_then(Option::as_ref) else {
        return String::new();
    };
    let mine = |s: usize| m.region.contains(s) && a.items.at(s) == Some(i);
    let count = figs
        .figures
        .iter()
        .filter(|f| mine(f.span.start as usize))
        .count();
    let checks: Vec<&Check> = figs
        .checks
        .iter()
        .filter(|c| mine(figs.figures[c.target].span.start as usize))
        .collect();
    let failed = checks.iter().filter(|c| !c.ok).count();
    if count == 0 {
        return NO_FIGURES.into();
    }
    let verdict = match (checks.len(), failed) {
        (0, _) => "没有可核对的合计或比率".to_string(),
        (n, 0) => format!("核对 {n} 处，全部相符"),
        (n, k) => format!("核对 {n} 处，{k} 处不符"),
    };
    format!("数字 {count} 个 · {verdict}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, Options};
    use crate::profile::Profile;

    const TEXT: &str = "关于2024年度法治政府建设情况的报告\n一、2024年度推进法治政府建设的主要举措和成效\n全年新增企业45户、个体工商户120户、农民专业合作社48户，合计新增市场主体231户。受理热线工单15620件，办结15488件，办结率99.2%。\n二、存在的不足和原因\n执法力量薄弱，原因在于编制不足。\n";

    #[test]
    fn a_wrong_total_is_explained_with_its_arithmetic() {
        let p = Profile::default_profile();
        let a = analyze(TEXT, &Options::new(std::slice::from_ref(&p)));
        let fig = a.figures.at(TEXT.find("231户").unwrap()).unwrap();
        let md = describe(&a.figures, TEXT, fig);
        assert!(md.starts_with("**数字 231户**"), "{md}");
        assert!(
            md.contains("✗ 合计（应等于各分项之和）：45 + 120 + 48 = 213，文中写的是 231"),
            "{md}"
        );
        let labels: Vec<String> = a
            .figures
            .checks
            .iter()
            .filter_map(|c| hint_label(&a.figures, TEXT, c))
            .collect();
        assert_eq!(labels, ["Σ 213", "≈99.15%"]);
    }

    #[test]
    fn items_are_summarised_by_figures_and_failures() {
        let p = Profile::default_profile();
        let a = analyze(TEXT, &Options::new(std::slice::from_ref(&p)));
        assert_eq!(item_summary(&a, 0), "数字 7 个 · 核对 3 处，1 处不符");
        assert_eq!(item_summary(&a, 1), "本部分没有数字");
        assert_eq!(item_summary(&a, 3), "");
    }
}
