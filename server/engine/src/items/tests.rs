use super::*;
use crate::outline;
use crate::profile::Profile;

fn locate(text: &str) -> Vec<(String, String)> {
    let p = Profile::default_profile();
    let o = outline::parse(text, false);
    let year = crate::detect::first_year(o.title.map_or(text, |t| t.text(text)));
    let items = find(text, &o, &p, year);
    items
        .in_order()
        .into_iter()
        .map(|(i, m)| {
            let how = match m.anchor {
                Anchor::Heading(_) => "heading",
                Anchor::Paragraph(_) => "paragraph",
                Anchor::Region => "region",
            };
            (p.items[i].id.clone(), how.to_string())
        })
        .collect()
}

fn ids(v: &[(String, String)]) -> Vec<&str> {
    v.iter().map(|(a, _)| a.as_str()).collect()
}

#[test]
fn duties_first_then_the_rest_as_top_headings() {
    let text = "某市委、某市人民政府：
2024年，我县紧紧围绕法治政府建设目标，全面推进依法行政。现将有关情况报告如下：
一、政府主要负责人履行推进法治建设第一责任人职责情况
（一）带头学法。组织会前学法6次。
二、主要举措和成效
（一）优化政务服务。全年办件12万件。
三、存在的不足
执法人员业务能力不强。
四、下一年度法治政府建设的初步安排
（一）加强培训。
五、其他需要报告的情况
无。
";
    let v = locate(text);
    assert_eq!(ids(&v), ["duties", "measures", "problems", "plan", "other"]);
    assert!(v.iter().all(|(_, h)| h == "heading"));
}

#[test]
fn duties_nested_under_measures_as_level_three() {
    let text = "关于2023年法治政府建设情况的报告
一、2023年法治政府建设情况
（一）法治政府建设跃上新台阶
1.党政主要负责人履行推进法治建设第一责任人职责更加有力。县委书记主持专题会议4次。
2.督察作用更加务实。开展督察2轮。
二、存在问题
普法针对性不强，主要是由于宣传形式单一。
三、2024年法治政府建设工作重点
（一）继续推进示范创建。
";
    let v = locate(text);
    assert_eq!(ids(&v), ["measures", "duties", "problems", "plan"]);
}

#[test]
fn unheaded_problems_and_plan_paragraphs_at_the_end() {
    let text = "关于2022年度法治政府建设情况的报告
某县委：
2022年，县政府全面推进法治政府建设。现将情况报告如下：
一、以务求实效为目标，法治建设再上台阶
（一）严格履行第一职责。县长对法治政府建设作出批示5次。
（二）强化考核督察。开展法治督察3轮次。
二、以公正文明为根本，规范执法再创佳绩
（一）推进综合执法改革。执法协同办案率达九成。
（二）加强重点领域执法。检查企业820家次。
2022年，全县法治政府建设有序开展，但在工作中还存在一些问题和不足，如基层执法协作有待加强等。
2023年，县政府将坚持以习近平法治思想为指导，进一步提升依法行政水平。
";
    let v = locate(text);
    assert_eq!(ids(&v), ["measures", "duties", "problems", "plan"]);
    assert_eq!(v[0].1, "region");
    assert_eq!(v[2].1, "paragraph");
    assert_eq!(v[3].1, "paragraph");
}

#[test]
fn plan_paragraph_must_name_the_next_year() {
    let text = "关于2022年度法治政府建设情况的报告
一、主要举措和成效
开展执法检查45次。组织培训12场次。新增法律顾问单位8家。全年办理复议案件30件。
（一）落实第一责任人职责。主要负责人带头学法。
但在工作中还存在一些问题和不足，比如执法力量薄弱。
2021年，县政府将完成规划编制，此事已在年初完成。
";
    let v = locate(text);
    assert!(!ids(&v).contains(&"plan"), "{v:?}");
}

#[test]
fn sub_headings_of_plan_do_not_become_problems() {
    let text = "关于2024年法治政府建设情况的报告
一、主要举措和成效
开展执法检查45次。
二、2025年工作安排
（一）着力解决存在的问题和不足。
（二）加强培训。
";
    let v = locate(text);
    assert_eq!(ids(&v), ["measures", "plan"]);
}

#[test]
fn at_and_of_heading() {
    let text = "关于2024年法治政府建设情况的报告
一、主要举措和成效
（一）落实第一责任人职责。主要负责人带头学法。
（二）其他工作。开展执法检查。
";
    let p = Profile::default_profile();
    let o = outline::parse(text, false);
    let items = find(text, &o, &p, Some(2024));
    let duties = p.item_index("duties").unwrap();
    let measures = p.item_index("measures").unwrap();
    assert_eq!(items.at(text.find("带头学法").unwrap()), Some(duties));
    assert_eq!(items.at(text.find("开展执法检查").unwrap()), Some(measures));
    assert_eq!(items.of_heading(1), Some(duties));
    assert_eq!(items.of_heading(2), None);
}

#[test]
fn a_report_opening_with_the_duties_item_gets_no_invented_measures() {
    let text = "某县人民政府：
2024年，我局认真贯彻落实县委、县政府关于法治政府建设的部署。现将有关情况报告如下：
一、主要负责人履行推进法治建设第一责任人职责情况
局长带头学法，主持专题会议研究法治建设工作4次。
二、存在的不足和原因
执法人员业务能力不强，原因是培训不够。
三、2025年工作安排
加强执法培训。
";
    let v = locate(text);
    assert_eq!(ids(&v), ["duties", "problems", "plan"], "{v:?}");
    // with a measures part after the duties item, that part is the measures item
    let text = text.replace(
        "二、存在的不足和原因",
        "二、依法全面履行职能\n全年办理行政许可1280件，按时办结率100%。\n三、存在的不足和原因",
    );
    let text = text.replace("三、2025年工作安排", "四、2025年工作安排");
    let v = locate(&text);
    assert_eq!(ids(&v), ["duties", "measures", "problems", "plan"], "{v:?}");
}

#[test]
fn unheaded_plan_paragraphs_opening_with_the_next_year() {
    let text = "关于2024年度法治政府建设情况的报告
某市人民政府：
2024年，我区持续推进法治政府建设。现将有关情况报告如下：
一、主要举措和成效
全年受理行政复议案件46件，审结42件。依法审查规范性文件17件，全部按时报送备案。开展执法培训12场次。
二、存在的不足和原因
执法人员业务能力不强，原因是培训不够。
2025年是全面完成“十四五”规划目标任务的收官之年，我区将坚持问题导向，着力加强执法队伍建设。
";
    let v = locate(text);
    assert_eq!(ids(&v), ["measures", "problems", "plan"], "{v:?}");
    assert_eq!(v[2].1, "paragraph");
    // the report year itself is the year just described, not a plan
    let v = locate(&text.replace("2025年是", "2024年是"));
    assert_eq!(ids(&v), ["measures", "problems"], "{v:?}");
    // "新的一年" with a will
    let v = locate(&text.replace(
        "2025年是全面完成“十四五”规划目标任务的收官之年，我区将",
        "新的一年，我区将",
    ));
    assert_eq!(ids(&v), ["measures", "problems", "plan"], "{v:?}");
}

#[test]
fn a_closing_line_with_nothing_else_to_report_is_the_other_item() {
    let text = "青松镇2023年度法治政府建设工作情况报告
某县人民政府：
2023年，我镇持续推进法治政府建设。现将有关情况报告如下：
一、2023年度推进法治政府建设的主要举措和成效
全年调解矛盾纠纷86件，调解成功84件。
二、存在的不足和原因
执法人员业务能力不强，原因是培训不够。
三、2024年工作打算
加强执法培训，推进法治乡村建设。
2023年，我镇无其他需要报告的情况。
";
    let v = locate(text);
    assert_eq!(ids(&v), ["measures", "problems", "plan", "other"], "{v:?}");
}

/// The quick test of heading cues says "none" exactly when the overlapping search finds none.
#[test]
fn cue_filter_agrees_with_the_cue_search() {
    use proptest::prelude::*;
    for p in crate::profile::builtin() {
        assert!(p.heading_cue_filter.is_some(), "{}", p.id);
        // titles made of pieces of cues (most near misses), other words and marks
        let mut pieces: Vec<String> = vec![
            "完善".into(),
            "工作机制".into(),
            ".".into(),
            ",".into(),
            "2024年".into(),
            "（一）".into(),
            "a".into(),
        ];
        for it in &p.items {
            for c in &it.heading_cues {
                let chars: Vec<char> = c.chars().collect();
                let half = chars.len() / 2;
                pieces.push(c.clone());
                pieces.push(chars[..half].iter().collect());
                pieces.push(chars[half..].iter().collect());
                pieces.push(chars[1..].iter().collect());
            }
        }
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(3000));
        runner
            .run(
                &proptest::collection::vec(proptest::sample::select(pieces), 0..40),
                |parts| {
                    let title = parts.concat();
                    let any = p
                        .heading_cues
                        .find_overlapping_iter(&title)
                        .next()
                        .is_some();
                    prop_assert_eq!(p.heading_holds_cue(&title), any, "{}", title);
                    Ok(())
                },
            )
            .unwrap();
    }
}
