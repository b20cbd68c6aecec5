//! Extraction tests: every number form the genre uses, with exact spans.

use super::*;

const HEAD: &str = "关于2024年度法治政府建设情况的报告\n某市人民政府：\n";

fn read(body: &str) -> (String, Figures) {
    let text = format!("{HEAD}{body}\n");
    let o = crate::outline::parse(&text, false);
    let f = extract(&text, &o, false);
    (text, f)
}

/// (span text, value, unit, approx) of every figure.
fn list(body: &str) -> Vec<(String, f64, Option<&'static str>, Approx)> {
    let (text, f) = read(body);
    f.figures
        .iter()
        .map(|g| (g.span.text(&text).to_string(), g.value, g.unit, g.approx))
        .collect()
}

fn one(body: &str) -> (String, Figure) {
    let (text, f) = read(body);
    assert_eq!(f.figures.len(), 1, "{body}: {:?}", f.figures);
    let g = f.figures[0].clone();
    (text, g)
}

/// A 48 MB report holds over a million figures and two million clauses: the tables' rows stay
/// small (docs/performance.md, "Pathological inputs").
#[test]
fn table_rows_stay_small() {
    use std::mem::size_of;
    assert!(size_of::<Figure>() <= 120, "{}", size_of::<Figure>());
    assert!(size_of::<Clause>() <= 16);
    assert!(size_of::<Sentence>() <= 16);
    assert!(size_of::<Block>() <= 16);
}

#[test]
fn arabic_digits_with_units_and_subjects() {
    let (text, f) = one("全年共受理行政复议案件46件。");
    assert_eq!(f.span.text(&text), "46件");
    assert_eq!(f.number.text(&text), "46");
    assert_eq!(f.value, 46.0);
    assert_eq!(f.unit, Some("件"));
    assert_eq!(f.unit_span.text(&text), "件");
    assert_eq!(f.subject.text(&text), "全年共受理行政复议案件");
    assert_eq!(f.form, NumForm::Arabic);
    assert_eq!(f.approx, Approx::Exact);
}

#[test]
fn full_width_digits() {
    let (text, f) = one("抽查案卷１２３卷。");
    assert_eq!(f.value, 123.0);
    assert_eq!(f.form, NumForm::FullWidth);
    assert_eq!(f.span.text(&text), "１２３卷");
    let (_, g) = one("案卷合格率９７．５％。");
    assert_eq!((g.value, g.decimals, g.unit), (97.5, 1, Some("%")));
}

#[test]
fn thousands_separators_versus_lists() {
    let (text, f) = one("全县注册监管人员1,080人。");
    assert_eq!(f.value, 1080.0);
    assert_eq!(f.number.text(&text), "1,080");
    assert_eq!(
        list("办件量12,345,678件。")[0].1,
        12_345_678.0,
        "several groups"
    );
    // "12,13条": a list of two numbers, only the second has a unit
    let l = list("修改第12,13条。");
    assert_eq!(l.len(), 1, "{l:?}");
    assert_eq!((l[0].0.as_str(), l[0].1), ("13条", 13.0));
    // a full-width comma between digits of a group
    assert_eq!(list("受理１，０８０件。")[0].1, 1080.0);
}

#[test]
fn decimals_and_a_space_before_the_unit() {
    let (text, f) = one("全年办件量9268 件。");
    assert_eq!(f.span.text(&text), "9268 件");
    assert_eq!(f.value, 9268.0);
    let (_, g) = one("办结率98.9%。");
    assert_eq!((g.value, g.decimals), (98.9, 1));
    let (lo, hi) = g.interval();
    assert!(
        (lo - 98.85).abs() < 1e-9 && (hi - 98.95).abs() < 1e-9,
        "{lo} {hi}"
    );
}

#[test]
fn multipliers() {
    let (text, f) = one("全年办件量42.6万件。");
    assert_eq!(f.value, 426_000.0);
    assert_eq!(f.scale, 1e4);
    assert_eq!(f.number.text(&text), "42.6万");
    assert_eq!(f.unit, Some("件"));
    let (text, g) = one("累计访问1.1 万次。");
    assert_eq!((g.value, g.unit), (11_000.0, Some("次")));
    assert_eq!(g.span.text(&text), "1.1 万次");
    let (_, h) = one("涉及投资总额300.11亿元。");
    assert!((h.value - 30_011_000_000.0).abs() < 1.0);
    assert_eq!((h.unit, h.scale), (Some("元"), 1e8));
    let (text, k) = one("粉丝达2.73万，");
    assert_eq!((k.value, k.unit), (27_300.0, None));
    assert_eq!(k.span.text(&text), "2.73万");
    let (_, m) = one("挽回经济损失180余万元。");
    assert_eq!(
        (m.value, m.unit, m.approx),
        (1_800_000.0, Some("元"), Approx::Over)
    );
}

#[test]
fn chinese_numerals() {
    let l = list("开展两期培训，组织十二次检查，清理一百零五项事项，三十余人参加，二〇二四年。");
    let got: Vec<(&str, f64)> = l.iter().map(|x| (x.0.as_str(), x.1)).collect();
    assert_eq!(
        got,
        [
            ("两期", 2.0),
            ("十二次", 12.0),
            ("一百零五项", 105.0),
            ("三十余人", 30.0)
        ]
    );
    assert_eq!(l[3].3, Approx::Over);
    let (_, f) = read("开展两期培训。");
    assert!(
        f.figures[0].weak,
        "a single-character numeral is read but not checked"
    );
    let (_, g) = one("两万人次参与。");
    assert_eq!(
        (g.value, g.unit, g.form),
        (20_000.0, Some("人次"), NumForm::Chinese)
    );
    let (_, p) = one("覆盖率达到百分之九十。");
    assert_eq!((p.value, p.unit), (90.0, Some("%")));
}

#[test]
fn words_that_are_not_figures() {
    for body in [
        "第一批事项已公布。",
        "第2批事项和第3期简报已印发。",
        "一是加强领导，二是完善制度。",
        "学习贯彻党的二十届一中、二中、三中全会精神。",
        "受理12345热线工单。",
        "推进5G基站建设和S2系统上线。",
        "统一部署，进一步推进，一起落实。",
        "深入实施“八五”普法规划和“十四五”规划。",
        "实行一次性告知。",
        "县委十分重视。",
    ] {
        assert!(list(body).is_empty(), "{body}: {:?}", list(body));
    }
    let (_, f) = read("形成“五个联合”机制。");
    assert!(f.figures.iter().all(|g| g.in_quotes));
}

#[test]
fn approximate_modifiers() {
    let cases: &[(&str, &str, Approx)] = &[
        ("参训260余人。", "260余人", Approx::Over),
        ("其中执法人员1062多人。", "1062多人", Approx::Over),
        ("发放资料0.8万余份。", "0.8万余份", Approx::Over),
        ("约1.1万次。", "约1.1万次", Approx::About),
        ("近300人。", "近300人", Approx::Near),
        ("超过500件。", "超过500件", Approx::AtLeast),
        ("满意率98%以上。", "98%以上", Approx::AtLeast),
        ("参加300人左右。", "300人左右", Approx::About),
        ("不足20件。", "不足20件", Approx::AtMost),
    ];
    for (body, span, approx) in cases {
        let (text, f) = one(body);
        assert_eq!(f.span.text(&text), *span, "{body}");
        assert_eq!(f.approx, *approx, "{body}");
        assert!(f.modifier.is_some(), "{body}");
    }
    // 260余: 260–270; 0.8万余: 8000–9000; 约1.1万: ±1100
    assert_eq!(one("参训260余人。").1.interval(), (260.0, 270.0));
    assert_eq!(one("发放资料0.8万余份。").1.interval(), (8000.0, 9000.0));
    let (lo, hi) = one("约1.1万次。").1.interval();
    assert!((lo - 9900.0).abs() < 1e-6 && (hi - 12_100.0).abs() < 1e-6);
}

#[test]
fn units_and_classifiers() {
    let l = list(
        "培训12场次、505人次，走访企业69家，检查户数13户，任命3名，出台5条，发放1000份，开展2期，评查64卷，查处4起，组织3批次，制定2部，罚款5000元，投入30万元，总额2亿元，占比12%，提高3个百分点，出动419人(次)，压缩时限3个工作日。",
    );
    let units: Vec<&str> = l.iter().map(|x| x.2.unwrap_or("-")).collect();
    assert_eq!(
        units,
        [
            "场次",
            "人次",
            "家",
            "户",
            "人",
            "条",
            "份",
            "期",
            "卷",
            "起",
            "批次",
            "部",
            "元",
            "元",
            "元",
            "%",
            "个百分点",
            "人次",
            "个工作日"
        ]
    );
    assert_eq!(l[13].1, 300_000.0);
    assert_eq!(l[14].1, 200_000_000.0);
    assert_eq!(l[17].0, "419人(次)");
}

#[test]
fn years_ranges_and_dates() {
    let (text, f) = read(
        "2023年，我县认真落实《法治政府建设实施纲要（2021—2025年）》，清理1999年~2022年文件，2023年度考核优秀。二〇二三年五月十六日召开会议，2024年1月23日印发，5月16日推广，2023年10月获表彰。",
    );
    let years: Vec<(i32, &str)> = f
        .years
        .iter()
        .map(|y| (y.year, y.span.text(&text)))
        .collect();
    assert_eq!(
        years,
        [
            (2024, "2024年度"), // the title
            (2023, "2023年"),
            (2023, "2023年度"),
            (2023, "二〇二三年"),
            (2024, "2024年"),
            (2023, "2023年")
        ]
    );
    let ranges: Vec<(i32, i32, &str, Option<&str>)> = f
        .year_ranges
        .iter()
        .map(|r| {
            (
                r.start,
                r.end,
                r.span.text(&text),
                r.book.map(|b| b.text(&text)),
            )
        })
        .collect();
    assert_eq!(
        ranges,
        [
            (
                2021,
                2025,
                "2021—2025年",
                Some("《法治政府建设实施纲要（2021—2025年）》")
            ),
            (1999, 2022, "1999年~2022年", None)
        ]
    );
    let dates: Vec<(&str, Option<i32>, u32, Option<u32>)> = f
        .dates
        .iter()
        .map(|d| (d.span.text(&text), d.year, d.month, d.day))
        .collect();
    assert_eq!(
        dates,
        [
            ("二〇二三年五月十六日", Some(2023), 5, Some(16)),
            ("2024年1月23日", Some(2024), 1, Some(23)),
            ("5月16日", None, 5, Some(16)),
            ("2023年10月", Some(2023), 10, None)
        ]
    );
    assert!(
        f.figures.is_empty(),
        "years and dates are not figures: {:?}",
        f.figures
    );
    // half-width brackets and hyphen, as in the collected seeds
    let (text, g) = read("落实《法治政府建设实施纲要(2021-2025年)》。");
    assert_eq!(
        g.year_ranges[0].book.map(|b| b.text(&text)),
        Some("《法治政府建设实施纲要(2021-2025年)》")
    );
}

#[test]
fn impossible_dates_are_read_as_written() {
    let (_, f) = read("2023年2月30日召开，13月份完成。");
    let d: Vec<(u32, Option<u32>)> = f.dates.iter().map(|d| (d.month, d.day)).collect();
    assert_eq!(d, [(2, Some(30)), (13, None)]);
    // a duration is not a month
    let (_, g) = read("近3个月来。");
    assert!(g.dates.is_empty());
    assert_eq!(g.figures[0].unit, Some("个月"));
}

#[test]
fn number_and_percent_ranges() {
    let (text, f) = read("压缩15%～30%，抽查3—5次，比例10～20%。");
    let l: Vec<(&str, f64, Option<&str>, Option<u32>)> = f
        .figures
        .iter()
        .map(|g| (g.span.text(&text), g.value, g.unit, g.range_with))
        .collect();
    assert_eq!(
        l,
        [
            ("15%", 15.0, Some("%"), Some(1)),
            ("30%", 30.0, Some("%"), Some(0)),
            ("3", 3.0, Some("次"), Some(3)),
            ("5次", 5.0, Some("次"), Some(2)),
            ("10", 10.0, Some("%"), Some(5)),
            ("20%", 20.0, Some("%"), Some(4)),
        ]
    );
    assert!(f.figures.iter().all(|g| !g.checkable()));
}

#[test]
fn placeholders() {
    let (text, f) = read(
        "全年办理××件，其中XX件，办结率X%，共有【】项，[ ]起，${1:××（数据）}，某某局，○○县，___人次，xxx，办结率x%。",
    );
    let got: Vec<(&str, PlaceholderKind)> = f
        .placeholders
        .iter()
        .map(|p| (p.span.text(&text), p.kind))
        .collect();
    use PlaceholderKind::*;
    assert_eq!(
        got,
        [
            ("××", Crosses),
            ("XX", Crosses),
            ("X%", LetterFigure),
            ("【】", EmptyBrackets),
            ("[ ]", EmptyBrackets),
            ("${1:××（数据）}", Snippet),
            ("某某", Mou),
            ("○○", Circles),
            ("___", Underscores),
            ("xxx", Crosses),
            ("x%", LetterFigure),
        ]
    );
    // the hint after a blank is part of it
    let (text, g) = read("${1:××}全年××（办件量）件。");
    assert_eq!(g.placeholders[1].span.text(&text), "××（办件量）");
    // not placeholders: X-ray, English, a year in Chinese numerals, a single 某
    let (_, h) = read("购置X光机，使用Excel，二〇〇八年，某企业诉某局一案，3×4米。");
    assert!(h.placeholders.is_empty(), "{:?}", h.placeholders);
}

#[test]
fn noise_is_never_read() {
    let text = "您当前的位置:首页 > 政务公开\n关于2024年度法治政府建设情况的报告\n发布日期: 2025-01-29 浏览次数: 123次\n某市人民政府：\n全年受理案件46件。\n";
    let o = crate::outline::parse(text, false);
    let f = extract(text, &o, false);
    assert_eq!(f.figures.len(), 1, "{:?}", f.figures);
    assert_eq!(f.figures[0].value, 46.0);
}

#[test]
fn sentences_clauses_and_subjects() {
    let (text, f) =
        read("受理12345热线工单15620件，办结15488件，办结率、满意率100%。群众来信140件。");
    assert_eq!(f.figures.len(), 4);
    assert_eq!(f.figures[0].subject.text(&text), "受理12345热线工单");
    assert_eq!(f.figures[1].subject.text(&text), "办结");
    // shared names before the figure
    assert_eq!(f.figures[2].subject.text(&text), "办结率、满意率");
    assert_eq!(f.figures[0].sentence, f.figures[2].sentence);
    assert_ne!(f.figures[2].sentence, f.figures[3].sentence);
    let (text, g) = read("接待群众813批次、1325人次，其中集体访10批次（含重复访3批次）。");
    assert_eq!(g.figures[1].subject.text(&text), "");
    assert!(g.figures[3].in_parens);
    assert_eq!(g.figures[0].tail.text(&text), "");
}

/// A draft typed with half-width punctuation has the sentences of its full-width twin: a `.`
/// after a Chinese character ends one (so a sum or a rate is never read across two), a decimal
/// point, a numbering mark or an address does not, and a year right after a stop is a year.
#[test]
fn half_width_full_stops_end_sentences() {
    let full = "审查文件58件，其中县政府文件31件。另收到信访事项110件，办结率98%。";
    let half = "审查文件58件,其中县政府文件31件.另收到信访事项110件,办结率98%.";
    let sentences = |body: &str| {
        let (_, f) = read(body);
        f.figures.iter().map(|g| g.sentence).collect::<Vec<_>>()
    };
    assert_eq!(sentences(half), sentences(full));
    assert_ne!(sentences(half)[1], sentences(half)[2]);
    // not a stop: a decimal point, a numbering mark, an address
    let (text, f) = read("1.全年投入资金42.6万元,详见www.gov.cn公告,其余12万元.");
    let values: Vec<f64> = f.figures.iter().map(|g| g.value).collect();
    assert_eq!(values, [426000.0, 120000.0], "{text}");
    assert_eq!(f.figures[0].sentence, f.figures[1].sentence);
    // a year after a half-width stop is read, not skipped as part of a code (v1.2)
    let (text, f) = read("培训执法人员600人次.2023年2月29日,专题研究执法工作.");
    assert_eq!(f.dates.len(), 1, "{text}: {:?}", f.dates);
    assert_eq!(f.dates[0].day, Some(29));
}

#[test]
fn headings_and_tables() {
    let text = format!(
        "{HEAD}一、主要举措和成效\n（一）复议应诉。全年办理行政复议案件20件。\n| 事项 | 受理（件） | 办结（件） | 办结率 |\n|---|---|---|---|\n| 行政复议 | 46 | 45 | 97.8% |\n"
    );
    let o = crate::outline::parse(&text, false);
    let f = extract(&text, &o, false);
    let l: Vec<(&str, f64, Option<&str>, &str)> = f
        .figures
        .iter()
        .map(|g| (g.span.text(&text), g.value, g.unit, g.subject.text(&text)))
        .collect();
    assert_eq!(
        l,
        [
            ("20件", 20.0, Some("件"), "全年办理行政复议案件"),
            ("46", 46.0, Some("件"), "受理（件）"),
            ("45", 45.0, Some("件"), "办结（件）"),
            ("97.8%", 97.8, Some("%"), "办结率"),
        ]
    );
    let row = f.figures[1].sentence as usize;
    assert!(f.sentences[row].table_row);
    assert_eq!(f.figures[3].sentence as usize, row);
}

#[test]
fn plain_text_tables_are_read_cell_by_cell() {
    let text = format!(
        "{HEAD}一、主要举措和成效\n各镇办理情况如下。\n镇名\t受理（件）\t办结（件）\n东岭镇\t36\t35\n西岭镇\t28\t28\n合计\t64\t63\n表后说明。\n"
    );
    let o = crate::outline::parse(&text, false);
    let f = extract(&text, &o, false);
    assert_eq!(f.tables.len(), 1, "{:?}", f.tables);
    let t = &f.tables[0];
    let header: Vec<&str> = t.header.iter().map(|h| h.text(&text)).collect();
    assert_eq!(header, ["镇名", "受理（件）", "办结（件）"]);
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.text(&text)).collect();
    assert_eq!(labels, ["东岭镇", "西岭镇", "合计"]);
    let cells: Vec<(&str, Option<&str>, Option<u16>, &str)> = f
        .figures
        .iter()
        .map(|g| (g.span.text(&text), g.unit, g.column, g.subject.text(&text)))
        .collect();
    assert_eq!(cells[0], ("36", Some("件"), Some(1), "受理（件）"));
    assert_eq!(cells[5], ("63", Some("件"), Some(2), "办结（件）"));
    // every row is a sentence of its own, and the text after the table is not a row
    assert!(f.sentences[f.figures[0].sentence as usize].table_row);
    assert_ne!(f.figures[0].sentence, f.figures[2].sentence);
    // aligned with spaces, in a Markdown file
    let md = "表1 处罚情况\n\n类别        立案     结案\n大气类       12       11\n水污染类      9        9\n";
    let text = format!("{HEAD}{md}");
    let o = crate::outline::parse(&text, true);
    let f = extract(&text, &o, true);
    assert_eq!(f.tables.len(), 1);
    assert_eq!(f.tables[0].rows.len(), 2);
    assert_eq!(f.figures.len(), 4, "{:?}", f.figures);
}

#[test]
fn marks_left_open_do_not_hide_the_figures_after_them() {
    // the closing quote was typed as 》: the figures after it are still checked
    let (_, f) = read("推进“一网通办》，全年办件18.7万件，网办率98.6%。");
    assert!(f.figures.iter().all(|g| !g.in_quotes), "{:?}", f.figures);
    let (_, g) = read("设立法律援助工作站（点，全年办理法律援助案件1126件。");
    assert!(g.figures.iter().all(|x| !x.in_parens));
    // marks that close in the sentence still make asides and names
    let (_, h) = read("受理46件（含上年结转3件），形成“3个100%”目标。");
    assert!(h.figures[1].in_parens && h.figures[2].in_quotes);
}

#[test]
fn lists_inside_parentheses_and_a_qizhong_of_its_own() {
    // 、 inside （…） does not split the clause: the subject runs to the figure
    let (text, f) = read("全年共收到申请120件，其中，市本级收到45件、各县（市、区）收到75件。");
    let subjects: Vec<&str> = f.figures.iter().map(|g| g.subject.text(&text)).collect();
    assert_eq!(
        subjects,
        ["全年共收到申请", "其中，市本级收到", "各县（市、区）收到"]
    );
    // names before a figure in a 、-clause of their own share it
    let (text, g) = read("受理群众来电、网络诉求共计3200件。");
    assert_eq!(
        g.figures[0].subject.text(&text),
        "受理群众来电、网络诉求共计"
    );
}

#[test]
fn lookups() {
    let (text, f) = read("受理46件，办结45件。");
    let at = text.find("45").unwrap() + 1;
    assert_eq!(f.at(at), Some(1));
    assert_eq!(f.at(text.find("受理").unwrap()), None);
    assert_eq!(f.within(Span::new(0, text.len())).count(), 2);
    assert_eq!(f.in_sentence(f.figures[0].sentence as usize).count(), 2);
}

mod robustness {
    use super::*;
    use crate::analysis::{analyze, Options};
    use crate::profile::Profile;
    use proptest::prelude::*;

    /// Pieces of report text that exercise every branch of the reader.
    const PIECES: &[&str] = &[
        "受理",
        "办结",
        "其中",
        "合计",
        "共",
        "累计",
        "维持",
        "撤销",
        "未结",
        "正在办理",
        "占",
        "办结率",
        "调解成功率",
        "出庭应诉率",
        "同比增长",
        "清理",
        "保留",
        "废止",
        "除",
        "其余",
        "行政复议",
        "普法",
        "12345",
        "1,080",
        "12,13",
        "98.9",
        "0.8",
        "１２３",
        "２０２４",
        "46",
        "2023",
        "2024",
        "2025",
        "2030",
        "1999",
        "一",
        "两",
        "十二",
        "一百零五",
        "三十",
        "二〇二四",
        "〇",
        "○",
        "万",
        "亿",
        "千",
        "余",
        "多",
        "约",
        "近",
        "超过",
        "不足",
        "以上",
        "左右",
        "件",
        "项",
        "人次",
        "人(次)",
        "场次",
        "%",
        "％",
        "个百分点",
        "元",
        "年",
        "年度",
        "月",
        "日",
        "份",
        "个月",
        "第",
        "百分之",
        "，",
        ",",
        "、",
        "；",
        ";",
        "。",
        "：",
        "（",
        "）",
        "(",
        ")",
        "“",
        "”",
        "《",
        "》",
        "—",
        "——",
        "-",
        "~",
        "～",
        "至",
        "|",
        "｜",
        "\n",
        " ",
        "\u{3000}",
        "×",
        "××",
        "X",
        "x",
        "XX",
        "【",
        "】",
        "[",
        "]",
        "$",
        "${1:",
        "}",
        "某某",
        "□",
        "_",
        "𠀀",
        "😀",
        "\r\n",
        "一是",
        "二是",
        "（一）",
        "一、",
        "1.",
        "特此报告。",
    ];

    fn report() -> impl Strategy<Value = String> {
        proptest::collection::vec(0..PIECES.len(), 0..120).prop_map(|ix| {
            let body: String = ix.iter().map(|&i| PIECES[i]).collect();
            format!(
                "关于2024年度法治政府建设情况的报告\n某市人民政府：\n一、主要举措和成效\n{body}\n"
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn never_panics_and_spans_are_valid(text in report(), md in any::<bool>()) {
            let o = crate::outline::parse(&text, md);
            let f = extract(&text, &o, md);
            let ok = |s: Span| s.start <= s.end && s.end <= text.len()
                && text.is_char_boundary(s.start) && text.is_char_boundary(s.end);
            for g in &f.figures {
                prop_assert!(ok(g.span.wide()) && ok(g.number.wide()) && ok(g.subject.wide()) && ok(g.tail.wide()));
                prop_assert!(g.span.start <= g.number.start && g.number.end <= g.span.end);
                prop_assert!(g.value.is_finite());
            }
            prop_assert!(f.figures.windows(2).all(|w| w[0].span.start <= w[1].span.start));
            for y in &f.years { prop_assert!(ok(y.span) && ok(y.digits)); }
            for r in &f.year_ranges { prop_assert!(ok(r.span) && r.book.is_none_or(ok)); }
            for d in &f.dates { prop_assert!(ok(d.span) && ok(d.month_span)); }
            for p in &f.placeholders { prop_assert!(ok(p.span)); }
            // the checks and every rule, called directly: `analyze` would hide a panic
            let profile = Profile::default_profile();
            let items = crate::items::find(&text, &o, &profile, Some(2024));
            let figs = analyse(&text, &o, &items, &profile, Some(2024), md, false);
            for c in &figs.checks {
                prop_assert!(c.target < figs.figures.len());
                prop_assert!(c.inputs.iter().all(|&i| i < figs.figures.len()));
            }
            let cx = crate::context::Context {
                text: &text,
                outline: &o,
                items: &items,
                figures: &figs,
                profile: &profile,
                year: Some(2024),
                subject: &crate::detect::Subject::default(),
                eol: "\n",
                previous: None,
            };
            for rule in crate::rules::all() {
                let mut out = vec![];
                rule.check(&cx, &mut out);
                for fi in &out {
                    prop_assert!(ok(fi.span), "{}: {:?}", rule.info().id, fi.span);
                    for fx in &fi.fixes {
                        for e in &fx.edits { prop_assert!(ok(e.span)); }
                    }
                }
            }
            // and the public entry point agrees that this is a report
            let opts = Options { markdown: md, force_report: true, ..Options::new(std::slice::from_ref(&profile)) };
            prop_assert!(analyze(&text, &opts).is_report());
        }
    }
}
