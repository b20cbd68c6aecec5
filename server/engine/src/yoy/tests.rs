use super::figures::{classify, Kind};
use super::units::{label, subtract, units};
use super::*;
use crate::analysis::{analyze, analyze_with_previous, Options};
use crate::profile::{Profile, Role};

fn opts(p: &std::sync::Arc<Profile>) -> Options<'_> {
    Options {
        force_report: true,
        ..Options::new(std::slice::from_ref(p))
    }
}

#[test]
fn masking_sets_aside_years_figures_boilerplate_and_width() {
    let p = Profile::default_profile();
    let text = "2024年，我县坚持以习近平新时代中国特色社会主义思想为指导,受理行政复议案件58件，办结率98.5%，培训三次，1,080人次。";
    let a = analyze(text, &opts(&p));
    let m = mask(
        text,
        Span::new(0, text.len()),
        &a.figures,
        &p.comparison.boilerplate,
    );
    assert_eq!(
        m,
        "#年，我县，受理行政复议案件#件，办结率#%，培训#次，#人次。"
    );
}

const PREV: &str = "关于2023年度法治政府建设情况的报告\n一、2023年度推进法治政府建设的主要举措和成效\n全年受理行政复议案件58件，依法纠错9件，行政复议化解行政争议的主渠道作用进一步发挥，行政机关负责人出庭应诉实现常态化，群众对复议工作的认可度持续提升。\n组织执法人员专题培训12场次。\n二、2024年推进法治政府建设的主要安排\n无。\n";

#[test]
fn paragraphs_are_matched_with_last_years() {
    let p = Profile::default_profile();
    let base = Baseline::new(PREV.to_string(), &opts(&p));
    assert_eq!(base.year(), Some(2023));
    let this = "关于2024年度法治政府建设情况的报告\n一、2024年度推进法治政府建设的主要举措和成效\n全年受理行政复议案件63件，依法纠错11件，行政复议化解行政争议的主渠道作用进一步发挥，行政机关负责人出庭应诉实现常态化，群众对复议工作的认可度持续提升。\n推行行政执法“三项制度”，执法信息公示率100%。\n二、2025年推进法治政府建设的主要安排\n无。\n";
    let a = analyze_with_previous(this, &opts(&p), Some(&base));
    let c = a.comparison.as_ref().expect("compared");
    assert_eq!(c.previous_year, Some(2023));
    let verdicts: Vec<(bool, bool)> = c
        .paragraphs
        .iter()
        .map(|m| (m.carried(), m.copied()))
        .collect();
    // the copied paragraph, the new one, the short identical 无。
    assert_eq!(verdicts, [(true, true), (false, false), (true, false)]);
    let first = &c.paragraphs[0];
    assert!(first
        .best
        .unwrap()
        .span
        .text(PREV)
        .starts_with("全年受理行政复议案件58件"));
    let measures = a.items.found[p.item_of(Role::Measures).unwrap()]
        .as_ref()
        .unwrap()
        .region;
    assert_eq!(c.counts_in(measures, |_| true), (1, 1));
    // another kind of report is not compared
    let other = crate::profile::builtin_by_id("zhengfu-xinxi-gongkai").unwrap();
    let b2 = Baseline::new(PREV.to_string(), &opts(&other));
    assert!(analyze_with_previous(this, &opts(&p), Some(&b2))
        .comparison
        .is_none());
}

#[test]
fn plan_units_by_headings_runs_paragraphs_or_sentences() {
    let p = Profile::default_profile();
    let cases = [
        (
            "三、2025年工作安排\n（一）深化综合行政执法改革。\n（二）推进智慧司法所建设。\n",
            vec!["深化综合行政执法改革", "推进智慧司法所建设"],
        ),
        (
            "三、2025年工作安排\n一是深化综合行政执法改革；二是推进智慧司法所建设，完成改造。\n",
            vec!["深化综合行政执法改革", "推进智慧司法所建设，完成改造"],
        ),
        (
            "三、2025年工作安排\n深化综合行政执法改革。推进智慧司法所建设。\n",
            vec!["深化综合行政执法改革", "推进智慧司法所建设"],
        ),
        (
            "下一步，我县将深化综合行政执法改革，一是充实乡镇执法力量；二是推进智慧司法所建设。\n",
            vec!["充实乡镇执法力量", "推进智慧司法所建设"],
        ),
        // typed half-width: the same units, named without the half-width stop
        (
            "三、2025年工作安排\n深化综合行政执法改革.推进智慧司法所建设,完成改造.\n",
            vec!["深化综合行政执法改革", "推进智慧司法所建设,完成改造"],
        ),
        (
            "三、2025年工作安排\n(一)深化综合行政执法改革.\n(二)推进智慧司法所建设.年内完成5个.\n",
            vec!["深化综合行政执法改革", "推进智慧司法所建设"],
        ),
    ];
    for (plan, want) in cases {
        let problems = if plan.starts_with("下一步") {
            ""
        } else {
            "二、存在的不足和原因\n执法力量薄弱，原因是编制不足。\n"
        };
        let text = format!("关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n全年受理行政复议案件63件。\n{problems}{plan}");
        let a = analyze(&text, &opts(&p));
        let m = a.items.found[p.item_of(Role::Plan).unwrap()]
            .as_ref()
            .expect(plan);
        let got: Vec<String> = units(&text, &a.outline, m)
            .into_iter()
            .map(|u| label(&text, u, 30))
            .collect();
        assert_eq!(got, want, "{plan}");
    }
    assert_eq!(
        subtract(Span::new(0, 10), &[Span::new(2, 4), Span::new(8, 12)]),
        [Span::new(0, 2), Span::new(4, 8)]
    );
    assert_eq!(
        label(
            "（一）推进智慧司法所建设，年内完成五个司法所改造。",
            Span::new(0, 75),
            8
        ),
        "推进智慧司法所建…"
    );
}

#[test]
fn figures_are_results_changes_or_last_years() {
    let p = Profile::default_profile();
    let text = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n全年共受理行政复议案件62件，较上年的78件下降20.5%。2023年全县受理行政复议案件85件。累计受理行政复议案件300件。上年结转8件。出庭应诉率96.3%，同比提高3.8个百分点。\n";
    let a = analyze(text, &opts(&p));
    let got: Vec<(String, Kind, Option<String>)> =
        classify(text, &a.figures, &a.items, &p, a.year, true)
            .into_iter()
            .map(|s| {
                (
                    a.figures.figures[s.fig].span.text(text).to_string(),
                    s.kind,
                    s.key,
                )
            })
            .collect();
    let k = |s: &str| Some(s.to_string());
    assert_eq!(
        got,
        [
            ("62件".to_string(), Kind::Result, k("受理行政复议案件")),
            ("78件".into(), Kind::LastYear, k("受理行政复议案件")),
            ("20.5%".into(), Kind::Change(-1), None),
            ("85件".into(), Kind::LastYear, k("受理行政复议案件")),
            ("96.3%".into(), Kind::Result, k("出庭应诉率")),
            ("3.8个百分点".into(), Kind::Change(1), None),
        ]
    );
}
