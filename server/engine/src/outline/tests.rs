use super::*;

fn heads(text: &str, o: &Outline) -> Vec<(u8, String, Option<usize>)> {
    o.headings
        .iter()
        .map(|h| (h.level, h.title.text(text).to_string(), h.parent))
        .collect()
}

const WEB_PAGE: &str = "您当前的位置：首页 > 政务公开 > 法治政府建设
> 年度报告

某县人民政府关于2024年度法治政府建设情况的报告
发布日期：2025-02-10 09:30 浏览次数：212

中共某市委、某市人民政府：
2024年，某县坚持依法行政，法治政府建设取得新进展。现将有关情况报告如下：
一、2024年法治政府建设主要举措和成效
（一）依法履行政府职能。全年办理政务服务事项3200件。
1.推进一网通办。办件量同比增长12%。
2.优化营商环境。出台配套措施8项。
（二）推进严格规范公正文明执法
开展执法案卷评查，评查案卷120卷。
二、存在的不足和原因
一是执法规范化水平不高；二是普法针对性不强。究其原因，主要是培训不够。
三、2025年工作安排
特此报告。

某县人民政府
2025年1月20日
扫一扫在手机上查看当前页面
信息来源：某县司法局
";

#[test]
fn parses_a_web_copied_report() {
    let t = WEB_PAGE;
    let o = parse(t, false);
    assert_eq!(
        o.title.map(|s| s.text(t)),
        Some("某县人民政府关于2024年度法治政府建设情况的报告")
    );
    assert_eq!(
        o.addressee.map(|s| s.text(t)),
        Some("中共某市委、某市人民政府：")
    );
    assert_eq!(
        heads(t, &o),
        vec![
            (1, "2024年法治政府建设主要举措和成效".into(), None),
            (2, "依法履行政府职能".into(), Some(0)),
            (3, "推进一网通办".into(), Some(1)),
            (3, "优化营商环境".into(), Some(1)),
            (2, "推进严格规范公正文明执法".into(), Some(0)),
            (1, "存在的不足和原因".into(), None),
            (1, "2025年工作安排".into(), None),
        ]
    );
    assert!(o.headings[1].run_in && !o.headings[4].run_in);
    assert_eq!(o.closing.map(|s| s.text(t)), Some("特此报告。"));
    let sig = o.signature.as_ref().expect("signature");
    assert_eq!(
        sig.organs.iter().map(|s| s.text(t)).collect::<Vec<_>>(),
        vec!["某县人民政府"]
    );
    assert_eq!((sig.date.year, sig.date.month, sig.date.day), (2025, 1, 20));
    // breadcrumbs, 发布日期 and the trailer are debris
    let noise: Vec<&str> = o.noise.iter().map(|s| s.text(t)).collect();
    assert!(noise.iter().any(|s| s.starts_with("您当前的位置")));
    assert!(noise.iter().any(|s| s.starts_with("> 年度报告")));
    assert!(noise.iter().any(|s| s.starts_with("发布日期")));
    assert!(noise.iter().any(|s| s.starts_with("扫一扫")));
    assert!(noise.iter().any(|s| s.starts_with("信息来源")));
    // body stops before the closing
    assert!(o.body.end <= o.closing.unwrap().start);
    assert!(o.body.start > o.addressee.unwrap().start);
    // opening
    let op = o.opening.expect("opening");
    assert!(o.paragraphs[op].span.text(t).ends_with("报告如下："));
    // sections
    let s0 = o.headings[0].section.text(t);
    assert!(s0.starts_with("一、") && s0.ends_with("评查案卷120卷。\n"));
    let last = o.headings.last().unwrap().section;
    assert_eq!(last.text(t), "三、2025年工作安排\n");
    // inline run under heading 二、
    assert_eq!(o.runs.len(), 1);
    assert_eq!(o.runs[0].heading, Some(5));
    assert_eq!(
        o.runs[0]
            .members
            .iter()
            .map(|m| m.number)
            .collect::<Vec<_>>(),
        vec![1, 2]
    );
}

#[test]
fn report_without_title_starts_at_addressee() {
    let t = "中共某市委：\n2024年，我局认真履职。\n一、主要举措\n正文。\n";
    let o = parse(t, false);
    assert_eq!(o.title, None);
    assert_eq!(o.addressee.map(|s| s.text(t)), Some("中共某市委："));
    assert_eq!(o.headings.len(), 1);
    assert!(o.noise.is_empty());
}

#[test]
fn markdown_headings_and_paragraph_joining() {
    let t = "---\ntitle: x\n---\n# 关于2024年法治政府建设情况的报告\n\n## 一、主要举措和成效\n\n第一行正文，\n第二行正文。\n\n### （一）依法行政\n\n## 存在的不足\n\n**二、下一步安排**\n\n```\n一、代码里的不是标题\n```\n";
    let o = parse(t, true);
    assert_eq!(
        o.title.map(|s| s.text(t)),
        Some("关于2024年法治政府建设情况的报告")
    );
    assert_eq!(
        heads(t, &o),
        vec![
            (1, "主要举措和成效".into(), None),
            (2, "依法行政".into(), Some(0)),
            (1, "存在的不足".into(), None),
            (1, "下一步安排".into(), None),
        ]
    );
    assert_eq!(o.headings[2].style, MarkerStyle::Markdown);
    let p = &o.paragraphs[0];
    assert_eq!(p.span.text(t), "第一行正文，\n第二行正文。");
    assert_eq!(p.heading, Some(0));
}

#[test]
fn plain_text_wrapped_line_joins_only_mid_sentence() {
    let t = "一、主要举措\n全年共受理行政复议案件一百二十件，审结一百一十件，办结率达到\n百分之九十以上。\n另起一段。\n";
    let o = parse(t, false);
    let ps: Vec<&str> = o.paragraphs.iter().map(|p| p.span.text(t)).collect();
    assert_eq!(
        ps,
        vec![
            "全年共受理行政复议案件一百二十件，审结一百一十件，办结率达到\n百分之九十以上。",
            "另起一段。"
        ]
    );
}

#[test]
fn title_over_two_lines() {
    let t = "关于2024年度法治政府建设\n情况的报告\n某市人民政府：\n正文。\n";
    let o = parse(t, false);
    assert_eq!(
        o.title.map(|s| s.text(t)),
        Some("关于2024年度法治政府建设\n情况的报告")
    );
    assert!(o.addressee.is_some());
}

#[test]
fn chinese_numeral_signature_date_and_crlf() {
    let t = "关于2024年法治政府建设情况的报告\r\n某局：\r\n正文。\r\n特此报告。\r\n某局\r\n二〇二五年一月五日\r\n";
    let o = parse(t, false);
    let sig = o.signature.expect("signature");
    assert_eq!((sig.date.year, sig.date.month, sig.date.day), (2025, 1, 5));
    assert_eq!(o.closing.map(|s| s.text(t)), Some("特此报告。"));
    assert_eq!(o.paragraphs.len(), 1);
}

#[test]
fn empty_and_garbage_input_do_not_panic() {
    for t in [
        "",
        "\n\n",
        "\r",
        "一、",
        "（",
        "#",
        "特此报告。",
        "2024年1月1日",
        "\u{0}\u{1}😀",
    ] {
        let _ = parse(t, false);
        let _ = parse(t, true);
    }
}

#[test]
fn heading_at_finds_innermost_section() {
    let t = WEB_PAGE;
    let o = parse(t, false);
    let at = t.find("办件量").unwrap();
    assert_eq!(o.heading_at(at), Some(2));
    assert!(o.is_ancestor(0, 2));
    assert_eq!(o.children(Some(1)).collect::<Vec<_>>(), vec![2, 3]);
}

#[test]
fn prose_is_the_report_text_without_debris() {
    let t = WEB_PAGE;
    let o = parse(t, false);
    assert!(!o.markdown);
    let prose: Vec<&str> = o.prose().iter().map(|s| s.text(t)).collect();
    assert_eq!(
        prose.first().copied(),
        Some("某县人民政府关于2024年度法治政府建设情况的报告")
    );
    assert!(prose.contains(&"中共某市委、某市人民政府："));
    // a run-in heading is one unit: its body is not repeated as a paragraph
    assert!(prose.contains(&"（一）依法履行政府职能。全年办理政务服务事项3200件。"));
    assert!(!prose.contains(&"全年办理政务服务事项3200件。"));
    assert!(prose.contains(&"开展执法案卷评查，评查案卷120卷。"));
    assert_eq!(prose.last().copied(), Some("特此报告。"));
    // sorted, and nothing from the breadcrumbs, the signature or the trailer
    assert!(o.prose().windows(2).all(|w| w[0].end <= w[1].start));
    for s in &prose {
        assert!(
            !s.contains("您当前的位置") && !s.contains("扫一扫") && !s.contains("2025年1月20日")
        );
    }
    assert!(parse("# 标题\n", true).markdown);
}

#[test]
fn run_in_headings_typed_with_half_width_stops() {
    // "(一)依法全面履行政府职能.全县……": the heading's words end at the half-width stop, the
    // rest is its body; a decimal point (42.6) and the marker's own dot (1.) end nothing
    let t = "一、主要举措和成效\n(一)依法全面履行政府职能.全县办件量42.6万件.\n1.完善工作机制.一是健全制度.\n";
    let o = parse(t, false);
    let titles: Vec<(&str, bool)> = o
        .headings
        .iter()
        .map(|h| (h.title.text(t), h.run_in))
        .collect();
    assert_eq!(
        titles,
        [
            ("主要举措和成效", false),
            ("依法全面履行政府职能", true),
            ("完善工作机制", true)
        ]
    );
    let bodies: Vec<&str> = o.paragraphs.iter().map(|p| p.span.text(t)).collect();
    assert_eq!(bodies, ["全县办件量42.6万件.", "一是健全制度."]);
}

#[test]
fn a_line_ending_with_a_half_width_stop_ends_its_paragraph() {
    // a draft typed with half-width marks: each line is a paragraph of its own, as with 。
    let t = "一、主要举措和成效\n全县政务服务事项1862项全部纳入清单管理,全年办件量42.6万件.\n2025年是“十四五”规划收官之年,我县将继续推进法治政府建设.\n";
    let o = parse(t, false);
    assert_eq!(o.paragraphs.len(), 2, "{:?}", o.paragraphs);
}
