//! `yoy-figure`: a year-over-year statement or a restated last-year figure that disagrees with
//! last year's report.
//!
//! **Why.** "较上年增长12%" is checkable: last year's report gives last year's figure. So is
//! "2023年受理行政复议案件85件" restated in the 2024 report when the 2023 report said 78. Both
//! are common, and both are the kind of error a reviewer with the two reports side by side
//! catches and a drafter does not.
//!
//! **How.** Needs last year's report. The figures of both reports' accounts of the year are
//! classified ([`crate::yoy::figures`]): results of the year, changes against last year (a
//! direction word — 增长, 下降, 增加, 减少, 提高 … — just before the figure, in a sentence that
//! compares with last year: 同比, 较上年, 比2023年 …) and figures restated for last year (the
//! clause names 上年/去年/2023年). Results and restated figures carry an indicator key (the
//! subject reduced to what is counted: 受理行政复议案件). Then:
//!
//! - a restated figure is compared with last year's result of the same key and unit;
//! - a change is computed from this year's result it follows in the sentence and last year's
//!   result of the same key: (本年 − 上年) ÷ 上年 for N%, 本年 − 上年 for N件, the difference of the
//!   rates for N个百分点.
//!
//! The tolerance is the rounding the text shows (12% stands for 11.5–12.5%) and the meaning of
//! 约/余/以上 on any figure. A key last year's report states twice with different values is not
//! used. The message and the editor's hover give both figures and the arithmetic.
//!
//! **Example.** 2023 report: "全年共受理行政复议案件78件". 2024 report: "全年共受理行政复议案件
//! 62件，同比增长12%" → warning: (62 − 78) ÷ 78 = −20.5%, a fall, not a rise of 12%.

use serde_json::json;

use crate::figures::{display, Figure};
use crate::finding::{Finding, Severity};
use crate::rules::{Context, Rule, RuleInfo};
use crate::yoy::figures::{classify, result_key, Kind, Stated};

pub struct YoyFigure;

static INFO: RuleInfo = RuleInfo {
    id: "yoy-figure",
    name: "同比数据与上年报告不符",
    default_severity: Severity::Warning,
    summary_zh: "同比增减、“较上年”的数字或重述的上年数字与上年度报告不符",
    summary_en:
        "A year-over-year change or a restated last-year figure disagrees with last year's report.",
};

const EPS: f64 = 1e-9;

impl Rule for YoyFigure {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let Some(prev) = cx.previous else {
            return;
        };
        let base = prev.baseline;
        let pf = &base.analysis.figures;
        let stated = classify(cx.text, cx.figures, cx.items, cx.profile, cx.year, false);
        // restated figures first: a change computed from a wrong last-year figure in the same
        // sentence is the same mistake, reported once on its cause
        let mut wrong_restated: Vec<(usize, &str)> = vec![];
        for s in stated.iter().filter(|s| s.kind == Kind::LastYear) {
            let f = &cx.figures.figures[s.fig];
            let Some(key) = &s.key else { continue };
            let Some(j) = base.figures.get(pf, key, f.unit) else {
                continue;
            };
            let p = &pf.figures[j];
            if overlap(f.interval(), p.interval()) {
                continue;
            }
            wrong_restated.push((f.sentence as usize, key.as_str()));
            let line = base.line(p.span.start as usize);
            let shown = f.span.text(cx.text);
            let was = p.span.text(&base.text);
            let said = format!("{}{was}", p.subject.text(&base.text));
            let gap = display::num((f.value - p.value).abs(), 2);
            let more = if f.value > p.value { "多" } else { "少" };
            let diff = display::num(f.value - p.value, 2);
            out.push(
                Finding::new(
                    INFO.id,
                    INFO.default_severity,
                    f.span,
                    format!(
                        "这里写的上年数字与上年度报告不一致：上年度报告第 {line} 行写的是“{said}”，这里写作 {shown}，{more} {gap}。请核对后统一。"
                    ),
                )
                .with_data(json!({
                    "kind": "restated",
                    "key": key,
                    "previous": was,
                    "previousLine": line,
                    "current": shown,
                    "arithmetic": format!("{} − {} = {diff}", display::num(f.value, 4), display::num(p.value, 4)),
                }))
                .with_related_previous(p.span, format!("上年度报告：{said}")),
            );
        }
        for (k, s) in stated.iter().enumerate() {
            if let Kind::Change(dir) = s.kind {
                if let Some(fd) = change(cx, base, &stated, k, dir, &wrong_restated) {
                    out.push(fd);
                }
            }
        }
    }
}

/// Do two value intervals overlap?
fn overlap((a0, a1): (f64, f64), (b0, b1): (f64, f64)) -> bool {
    a0 <= b1 + EPS && b0 <= a1 + EPS
}

/// How a change is measured.
enum Measure {
    /// N%: (this − last) ÷ last.
    Relative,
    /// N件, N人次 …: this − last.
    Absolute,
    /// N个百分点: the difference of two rates.
    Points,
}

/// Check the change stated by `stated[k]` against last year's report.
fn change(
    cx: &Context,
    base: &crate::yoy::Baseline,
    stated: &[Stated],
    k: usize,
    dir: i8,
    wrong_restated: &[(usize, &str)],
) -> Option<Finding> {
    let figs = &cx.figures.figures;
    let ch = &figs[stated[k].fig];
    let measure = match ch.unit {
        Some("%") => Measure::Relative,
        Some("个百分点") => Measure::Points,
        Some(_) => Measure::Absolute,
        None => return None,
    };
    // this year's result the change follows: the nearest earlier result of the sentence
    let cur = stated[..k]
        .iter()
        .rev()
        .take_while(|s| figs[s.fig].sentence == ch.sentence)
        .find(|s| {
            s.kind == Kind::Result && {
                let c = &figs[s.fig];
                match measure {
                    Measure::Relative => !c.is_percent(),
                    Measure::Points => c.is_percent(),
                    Measure::Absolute => c.unit == ch.unit,
                }
            }
        })?;
    let key = cur
        .key
        .clone()
        .or_else(|| result_key(cx.text, cx.figures, cur.fig))?;
    let key = &key;
    if wrong_restated.contains(&(ch.sentence as usize, key.as_str())) {
        return None;
    }
    let c = &figs[cur.fig];
    let pf = &base.analysis.figures;
    let j = base.figures.get(pf, key, c.unit)?;
    let p = &pf.figures[j];
    let (c0, c1) = c.interval();
    let (p0, p1) = p.interval();
    if !(c0.is_finite() && c1.is_finite() && p0.is_finite() && p1.is_finite()) {
        return None;
    }
    let (lo, hi, central) = match measure {
        Measure::Relative => {
            if p0 <= 0.0 {
                return None;
            }
            (
                (c0 / p1 - 1.0) * 100.0,
                (c1 / p0 - 1.0) * 100.0,
                (c.value / p.value - 1.0) * 100.0,
            )
        }
        Measure::Absolute | Measure::Points => (c0 - p1, c1 - p0, c.value - p.value),
    };
    let (s0, s1) = ch.interval();
    let (st0, st1) = if dir > 0 { (s0, s1) } else { (-s1, -s0) };
    if overlap((st0, st1), (lo, hi)) {
        return None;
    }
    let unit = ch.unit.unwrap_or("");
    let decimals = (ch.decimals as usize).max(1);
    let computed = display::num(central, decimals);
    let arithmetic = match measure {
        Measure::Relative => format!(
            "({} − {}) ÷ {} × 100% = {computed}%",
            display::num(c.value, 4),
            display::num(p.value, 4),
            display::num(p.value, 4)
        ),
        Measure::Absolute => format!(
            "{} − {} = {computed}{unit}",
            display::num(c.value, 4),
            display::num(p.value, 4)
        ),
        Measure::Points => format!(
            "{}% − {}% = {computed} 个百分点",
            display::num(c.value, 4),
            display::num(p.value, 4)
        ),
    };
    let (up, down, suffix) = match measure {
        Measure::Relative => ("增长", "下降", "%"),
        Measure::Absolute => ("增加", "减少", unit),
        Measure::Points => ("提高", "降低", "个百分点"),
    };
    let amount = display::num(central.abs(), decimals);
    let actual = if central > 0.0 {
        format!("即{up} {amount}{suffix}")
    } else if central < 0.0 {
        format!("即{down} {amount}{suffix}")
    } else {
        "即持平".to_string()
    };
    let said = stated_words(cx.text, ch);
    let line = base.line(p.span.start as usize);
    let was = p.span.text(&base.text);
    let prev_said = format!("{}{was}", p.subject.text(&base.text));
    let now = c.span.text(cx.text);
    Some(
        Finding::new(
            INFO.id,
            INFO.default_severity,
            ch.span,
            format!(
                "与上年相比的变化与上年度报告不符：上年度报告第 {line} 行写“{prev_said}”，本年为 {now}，{arithmetic}（{actual}），文中写的是“{said}”。请核对本年和上年的数字。"
            ),
        )
        .with_data(json!({
            "kind": "change",
            "key": key,
            "previous": was,
            "previousLine": line,
            "current": now,
            "stated": said,
            "arithmetic": arithmetic,
        }))
        .with_related_previous(p.span, format!("上年度报告：{prev_said}"))
        .with_related(c.span, format!("本年：{key}{now}")),
    )
}

/// The change as written: the direction word and the figure ("同比增长12%" → "增长12%").
fn stated_words(text: &str, ch: &Figure) -> String {
    let subj = ch.subject.text(text);
    let tail: String = subj
        .chars()
        .rev()
        .take_while(|c| crate::text::is_han(*c))
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail = tail
        .trim_start_matches("同比")
        .trim_start_matches("上年")
        .to_string();
    format!("{tail}{}", ch.span.text(text))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::findings_with_previous;

    const PREV: &str = "关于2023年度法治政府建设情况的报告\n一、2023年度推进法治政府建设的主要举措和成效\n全年共受理行政复议案件78件，审结70件。行政机关负责人出庭应诉率为92.5%。12345政务服务便民热线受理群众诉求21000件。组织执法人员专题培训12场次。\n二、2023年度推进法治政府建设存在的不足和原因\n基层执法力量薄弱。究其原因，编制不足。\n三、2024年推进法治政府建设的主要安排\n力争全年组织执法人员专题培训20场次。\n特此报告。\n";

    fn this(sentence: &str) -> String {
        format!("关于2024年度法治政府建设情况的报告\n一、2024年度推进法治政府建设的主要举措和成效\n{sentence}\n二、2025年推进法治政府建设的主要安排\n继续加强。\n")
    }

    #[test]
    fn a_growth_rate_that_last_years_figure_contradicts() {
        let t = this("全年共受理行政复议案件62件，同比增长12%。");
        let f = findings_with_previous(&t, PREV, "yoy-figure");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].span.text(&t), "12%");
        assert!(
            f[0].message.contains("(62 − 78) ÷ 78 × 100% = -20.5%"),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("即下降 20.5%"), "{}", f[0].message);
        assert!(
            f[0].message.contains("文中写的是“增长12%”"),
            "{}",
            f[0].message
        );
        assert!(f[0].related[0].span.text(PREV) == "78件");
        // the right figure, in any form the text rounds to
        for ok in [
            "全年共受理行政复议案件62件，同比下降20.5%。",
            "全年共受理行政复议案件62件，较上年下降21%。",
            "全年共受理行政复议案件62件，比上年减少16件。",
            "全年共受理行政复议案件62件，同比下降约20%。",
        ] {
            assert!(
                findings_with_previous(&this(ok), PREV, "yoy-figure").is_empty(),
                "{ok}"
            );
        }
        let t = this("全年共受理行政复议案件62件，比上年减少6件。");
        let f = findings_with_previous(&t, PREV, "yoy-figure");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("62 − 78 = -16件"), "{}", f[0].message);
    }

    #[test]
    fn a_restated_last_year_figure_that_differs() {
        let t = this(
            "全年共受理行政复议案件62件，较上年的85件有所下降。2023年全县受理行政复议案件85件。",
        );
        let f = findings_with_previous(&t, PREV, "yoy-figure");
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(f.iter().all(|f| f.span.text(&t) == "85件"));
        assert!(
            f[0].message
                .contains("写的是“全年共受理行政复议案件78件”，这里写作 85件，多 7。"),
            "{}",
            f[0].message
        );
        let t = this("全年共受理行政复议案件62件，较上年的78件有所下降。");
        assert!(findings_with_previous(&t, PREV, "yoy-figure").is_empty());
    }

    #[test]
    fn rates_in_points_and_what_is_not_checked() {
        let t = this("行政机关负责人出庭应诉率为96.3%，同比提高3.8个百分点。");
        assert!(findings_with_previous(&t, PREV, "yoy-figure").is_empty());
        let t = this("行政机关负责人出庭应诉率为96.3%，同比提高5.8个百分点。");
        let f = findings_with_previous(&t, PREV, "yoy-figure");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(
            f[0].message.contains("96.3% − 92.5% = 3.8 个百分点"),
            "{}",
            f[0].message
        );
        for quiet in [
            // an indicator last year's report does not state
            "全年办理法律援助案件300件，同比增长12%。",
            // a change with nothing it follows
            "行政复议案件同比增长12%。",
            // a target in last year's plan is not last year's result
            "组织执法人员专题培训15场次，同比增长25%。",
            // a stock at the end of last year is not last year's result
            "全年共受理行政复议案件62件，上年结转8件。",
        ] {
            assert!(
                findings_with_previous(&this(quiet), PREV, "yoy-figure").is_empty(),
                "{quiet}"
            );
        }
    }
}
