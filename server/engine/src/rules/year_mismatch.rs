//! `year-mismatch`: a year inconsistent with the year the report is about.
//!
//! **Why.** A report is drafted by editing last year's: the plan heading keeps last year's
//! "2024年工作安排", the opening keeps "2023年，我县…", the 纲要 is cited with an old period. Each
//! of these tells a reviewer the text was not read through.
//!
//! **How.** The report year Y comes from the title or the opening. Flagged:
//! - the heading of the plan item naming a year other than Y+1, and the headings of the
//!   measures, problems and duties items naming a year other than Y;
//! - an opening that starts with a year other than the title's;
//! - "Y+1年以来" / "Y+1年全年" (or a later year) inside the achievements (measures, duties, the
//!   opening): they describe the year after the one reported on;
//! - a document of the profile's `[[documents]]` table cited with a period that matches none of
//!   its editions (《法治政府建设实施纲要（2020—2025年）》), or with an outdated edition when a newer
//!   one covers Y (unless the sentence looks back: 期间, 收官, 总结 …);
//! - a signature date outside Y+1 (the report on Y is submitted in Y+1).
//!
//! Heading, opening and citation findings come with a quick fix that writes the right year.
//!
//! **Example.** In a report on 2024: "四、2024年工作安排" → 应为2025年.

use serde_json::json;

use crate::figures::{BlockKind, YearMark};
use crate::finding::{Edit, Edits, Finding, Fix, Severity};
use crate::items::Anchor;
use crate::profile::Role;
use crate::rules::{Context, Rule, RuleInfo};
use crate::text::Span;

pub struct YearMismatch;

static INFO: RuleInfo = RuleInfo {
    id: "year-mismatch",
    name: "年份与报告年度不符",
    default_severity: Severity::Error,
    summary_zh: "标题、下一年度安排、纲要年限、落款日期等年份与报告年度不符",
    summary_en: "A year does not fit the report year (headings, next year's plan, the 纲要 period, the signature date).",
};

/// Words showing a sentence looks back on an earlier period on purpose.
const LOOKING_BACK: &[&str] = &[
    "期间",
    "收官",
    "总结",
    "评估",
    "届满",
    "实施完毕",
    "以来",
    "回顾",
];

/// `year` written like `digits` (Arabic, full-width or Chinese digit by digit).
fn year_like(digits: &str, year: i32) -> String {
    let s = year.to_string();
    let first = digits.chars().next().unwrap_or('2');
    if first.is_ascii_digit() {
        s
    } else if crate::numerals::is_arabic_digit(first) {
        crate::numerals::to_full_width(&s)
    } else {
        let zero = digits
            .chars()
            .find(|c| matches!(c, '〇' | '○' | '零'))
            .unwrap_or('〇');
        s.chars()
            .map(|c| match c {
                '0' => zero,
                d => ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九']
                    [d.to_digit(10).unwrap_or(0) as usize],
            })
            .collect()
    }
}

fn year_fix(cx: &Context, m: &YearMark, year: i32) -> Fix {
    let text = year_like(m.digits.text(cx.text), year);
    Fix {
        title: format!("改为{text}年").into(),
        edits: Edits::one(Edit {
            span: m.digits,
            text: text.into(),
        }),
        preferred: true,
    }
}

impl Rule for YearMismatch {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let Some(y) = cx.year else { return };
        headings(cx, y, out);
        opening(cx, y, out);
        next_year_in_achievements(cx, y, out);
        documents(cx, y, out);
        cited_years(cx, y, out);
        signature(cx, y, out);
    }
}

fn years_in<'a>(cx: &Context<'a>, span: Span) -> impl Iterator<Item = &'a YearMark> {
    cx.figures
        .years
        .iter()
        .filter(move |m| span.start <= m.span.start && m.span.end <= span.end)
}

fn headings(cx: &Context, y: i32, out: &mut Vec<Finding>) {
    for (i, item) in cx.profile.items.iter().enumerate() {
        let Some(offset) = item.role.heading_year_offset() else {
            continue;
        };
        let expected = y + offset;
        let Some(m) = cx.items.found.get(i).and_then(Option::as_ref) else {
            continue;
        };
        let Anchor::Heading(h) = m.anchor else {
            continue;
        };
        let line = cx.outline.headings[h].line;
        if cx.figures.year_ranges.iter().any(|r| {
            line.start <= r.span.start
                && r.span.end <= line.end
                && r.start <= expected
                && expected <= r.end
        }) {
            continue;
        }
        let Some(mark) = years_in(cx, line).next() else {
            continue;
        };
        if mark.year == expected {
            continue;
        }
        let name = &item.name;
        let message = if offset == 1 {
            format!(
                "“{name}”的标题写的是{}年：本报告是{y}年度报告，下一年度应为{}年。",
                mark.year, expected
            )
        } else {
            format!(
                "“{name}”的标题写的是{}年，与报告年度{y}年不一致。",
                mark.year
            )
        };
        out.push(
            Finding::new(INFO.id, INFO.default_severity, mark.span, message)
                .with_data(json!({ "year": mark.year, "expected": expected, "section": item.id }))
                .with_fix(year_fix(cx, mark, expected)),
        );
    }
}

fn opening(cx: &Context, y: i32, out: &mut Vec<Finding>) {
    let title_year = cx
        .figures
        .years
        .iter()
        .find(|m| matches!(cx.figures.blocks[m.block].kind, BlockKind::Title))
        .map(|m| m.year);
    if title_year != Some(y) {
        return;
    }
    let Some(p) = cx.outline.opening.map(|o| cx.outline.paragraphs[o].span) else {
        return;
    };
    let Some(mark) = years_in(cx, p).next() else {
        return;
    };
    let after = &cx.text[mark.span.end..p.end];
    if mark.span.start != p.start || mark.year == y || after.starts_with("以来") {
        return;
    }
    out.push(
        Finding::new(
            INFO.id,
            INFO.default_severity,
            mark.span,
            format!("开头写的是{}年，而标题是{y}年度报告。", mark.year),
        )
        .with_data(json!({ "year": mark.year, "expected": y }))
        .with_fix(year_fix(cx, mark, y)),
    );
}

fn next_year_in_achievements(cx: &Context, y: i32, out: &mut Vec<Finding>) {
    let achievements = cx.profile.items_where(Role::is_achievements);
    let opening = cx.outline.opening.map(|o| cx.outline.paragraphs[o].span);
    for m in &cx.figures.years {
        if m.year <= y {
            continue;
        }
        let after =
            &cx.text[m.span.end..crate::text::floor_char_boundary(cx.text, m.span.end + 12)];
        let Some(what) = ["以来", "全年"].into_iter().find(|w| after.starts_with(w)) else {
            continue;
        };
        let in_achievements = cx
            .items
            .at(m.span.start)
            .is_some_and(|i| achievements.contains(&i))
            || opening.is_some_and(|o| o.contains(m.span.start));
        if !in_achievements {
            continue;
        }
        let span = Span::new(m.span.start, m.span.end + what.len());
        out.push(
            Finding::new(
                INFO.id,
                INFO.default_severity,
                span,
                format!(
                    "“{}”出现在{y}年度的工作情况中：年度报告只应写{y}年的举措和成效。",
                    span.text(cx.text)
                ),
            )
            .with_data(json!({ "year": m.year, "expected": y })),
        );
    }
}

fn documents(cx: &Context, y: i32, out: &mut Vec<Finding>) {
    for r in &cx.figures.year_ranges {
        let Some(book) = r.book else { continue };
        let inner = &cx.text[book.start + '《'.len_utf8()..book.end - '》'.len_utf8()];
        let rel = r.span.start - (book.start + '《'.len_utf8());
        let Some(open) = inner[..rel].rfind(['（', '(']) else {
            continue;
        };
        let title = inner[..open].trim();
        let Some(doc) = cx
            .profile
            .figures
            .documents
            .iter()
            .find(|d| d.title == title)
        else {
            continue;
        };
        let cited = (r.start, r.end);
        let current = doc.edition_for(y);
        let sentence = cx
            .figures
            .sentences
            .iter()
            .find(|s| s.span.contains(r.span.start))
            .map_or("", |s| s.span.text(cx.text));
        let (problem, right) = if !doc.editions.contains(&cited) {
            let right = current.unwrap_or_else(|| *doc.editions.last().expect("validated"));
            ("没有这个版本", right)
        } else if current.is_some_and(|c| c != cited && cited.1 < y)
            && !LOOKING_BACK.iter().any(|w| sentence.contains(w))
        {
            ("是已到期的旧版本", current.expect("checked"))
        } else {
            continue;
        };
        let written = r.span.text(cx.text);
        let replaced = replace_last(
            &written.replacen(&r.start.to_string(), &right.0.to_string(), 1),
            &r.end.to_string(),
            &right.1.to_string(),
        );
        out.push(
            Finding::new(
                INFO.id,
                INFO.default_severity,
                r.span,
                format!(
                    "《{title}》写作{}—{}年{problem}，{y}年适用的是{}—{}年版。",
                    r.start, r.end, right.0, right.1
                ),
            )
            .with_data(json!({ "document": title, "cited": [r.start, r.end], "expected": [right.0, right.1] }))
            .with_fix(Fix {
                title: format!("改为{replaced}").into(),
                edits: Edits::one(Edit {
                    span: r.span,
                    text: replaced.into(),
                }),
                preferred: true,
            }),
        );
    }
}

/// Words of a cited title that make it a yearly plan: 《某县2024年度法治政府建设工作要点》.
const PLAN_TITLES: &[&str] = &[
    "工作要点",
    "要点",
    "工作计划",
    "计划",
    "工作安排",
    "任务清单",
];
/// Verbs by which a document is adopted or issued (what the report says was done in its year).
const ISSUING: &[&str] = &[
    "印发", "制定", "出台", "下发", "审议", "审定", "通过", "发布", "提请", "起草", "报送", "公开",
    "编制", "部署",
];

/// The 《…》 around byte `at` within `sentence`: (the title's span with its marks, its words).
fn book_around(text: &str, sentence: Span, at: usize) -> Option<(Span, &str)> {
    let before = &text[sentence.start..at];
    let open = before.rfind('《')?;
    if before[open..].contains('》') {
        return None;
    }
    let close = text[at..sentence.end].find('》')?;
    let span = Span::new(sentence.start + open, at + close + '》'.len_utf8());
    let inner = &text[span.start + '《'.len_utf8()..span.end - '》'.len_utf8()];
    Some((span, inner))
}

/// A year inside a cited title that cannot be right in a report on `y`, in the achievements:
/// this year's plan issued with last year's year (印发《……2023年度……工作要点》 in the report on
/// 2024), or the report on `y` approved during `y` (审议《……2024年度法治政府建设情况报告》: the
/// report adopted in 2024 is the one on 2023). Warnings, with a fix writing the likely year.
fn cited_years(cx: &Context, y: i32, out: &mut Vec<Finding>) {
    let achievements = cx.profile.items_where(Role::is_achievements);
    let opening = cx.outline.opening.map(|o| cx.outline.paragraphs[o].span);
    let sentences = &cx.figures.sentences;
    for m in &cx.figures.years {
        let in_achievements = cx
            .items
            .at(m.span.start)
            .is_some_and(|i| achievements.contains(&i))
            || opening.is_some_and(|o| o.contains(m.span.start));
        if !in_achievements {
            continue;
        }
        let k = sentences.partition_point(|s| s.span.end as usize <= m.span.start);
        let Some(sentence) = sentences.get(k).filter(|s| s.span.contains(m.span.start)) else {
            continue;
        };
        let Some((book, inner)) = book_around(cx.text, sentence.span.wide(), m.span.start) else {
            continue;
        };
        // an issuing verb just before the title, in its clause
        let lead = &cx.text[sentence.span.start as usize..book.start];
        let lead = &lead[crate::text::floor_char_boundary(lead, lead.len().saturating_sub(24))..];
        let lead = lead
            .rsplit(['，', ',', '；', ';', '：', ':'])
            .next()
            .unwrap_or(lead);
        if !ISSUING.iter().any(|v| lead.contains(v)) {
            continue;
        }
        let sentence_text = sentence.span.text(cx.text);
        if LOOKING_BACK.iter().any(|w| sentence_text.contains(w))
            || ["落实情况", "完成情况", "执行情况"]
                .iter()
                .any(|w| sentence_text.contains(w))
        {
            continue;
        }
        let is_report = inner.contains("报告")
            && cx
                .profile
                .detect_keywords
                .iter()
                .any(|k| inner.contains(k.as_str()));
        let is_plan = !is_report && PLAN_TITLES.iter().any(|w| inner.ends_with(w));
        let book_text = book.text(cx.text);
        let (expected, message) = if is_plan && m.year == y - 1 {
            (
                y,
                format!(
                    "所引{book_text}的年份可能有误：本报告是{y}年度报告，{y}年制定、印发的年度计划应是{y}年的，此处写的是{}年。",
                    m.year
                ),
            )
        } else if is_report && m.year >= y {
            (
                y - 1,
                format!(
                    "所引{book_text}的年份可能有误：{y}年内审议、印发的应是{}年度的报告，{}年度的报告要到{}年才形成。",
                    y - 1,
                    m.year,
                    m.year + 1
                ),
            )
        } else {
            continue;
        };
        out.push(
            Finding::new(INFO.id, Severity::Warning, m.span, message)
                .with_data(json!({ "year": m.year, "expected": expected, "kind": "cited" }))
                .with_fix(year_fix(cx, m, expected)),
        );
    }
}

fn signature(cx: &Context, y: i32, out: &mut Vec<Finding>) {
    let Some(sig) = &cx.outline.signature else {
        return;
    };
    let d = sig.date;
    if d.year == y + 1 {
        return;
    }
    // Signed at the end of the report year itself: the year's figures are not complete yet,
    // but some bodies do report in December — a warning. Any other year is impossible.
    let (severity, message) = if d.year == y && d.month >= 10 {
        (
            Severity::Warning,
            format!(
                "落款日期是{y}年{}月，还在报告年度之内：{y}年度的报告一般在{}年年初报送，全年数据也要到年底才完整，请核对日期。",
                d.month,
                y + 1
            ),
        )
    } else {
        (
            INFO.default_severity,
            format!(
                "落款日期是{}年，而{y}年度的报告应在{}年报送，请核对年份。",
                d.year,
                y + 1
            ),
        )
    };
    out.push(
        Finding::new(INFO.id, severity, d.span, message)
            .with_data(json!({ "year": d.year, "expected": y + 1 })),
    );
}

/// `s` with the last occurrence of `from` replaced by `to`.
fn replace_last(s: &str, from: &str, to: &str) -> String {
    match s.rfind(from) {
        Some(i) => format!("{}{to}{}", &s[..i], &s[i + from.len()..]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{apply, findings};

    fn years(text: &str) -> Vec<crate::finding::Finding> {
        findings(text, "year-mismatch")
    }

    const GOOD: &str = "关于2024年度法治政府建设情况的报告
某市人民政府：
2024年，我县认真落实《法治政府建设实施纲要（2021—2025年）》和《法治社会建设实施纲要（2020—2025年）》。现报告如下：
一、2024年度推进法治政府建设的主要举措和成效
2024年以来，全年受理行政复议案件46件。《法治政府建设实施纲要（2015—2020年）》实施期间打下了基础。
二、存在的不足和原因
执法力量薄弱，原因在于编制不足。
三、2025年工作安排
2025年全年计划开展执法培训12场次。
特此报告。

某县人民政府
2025年1月20日
";

    #[test]
    fn a_consistent_report_is_clean() {
        assert!(years(GOOD).is_empty(), "{:?}", years(GOOD));
    }

    #[test]
    fn plan_heading_with_the_report_year() {
        let text = GOOD.replace("三、2025年工作安排", "三、2024年工作安排");
        let f = years(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "2024年");
        assert_eq!(
            f[0].message,
            "“下一年度主要安排”的标题写的是2024年：本报告是2024年度报告，下一年度应为2025年。"
        );
        assert!(apply(&text, &f[0].fixes[0]).contains("三、2025年工作安排"));
        // a measures heading from last year's report, in Chinese numerals
        let text = GOOD.replace("一、2024年度推进", "一、二〇二三年度推进");
        let f = years(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(apply(&text, &f[0].fixes[0]).contains("一、二〇二四年度推进"));
    }

    #[test]
    fn opening_with_another_year() {
        let text = GOOD.replace("2024年，我县认真落实", "2023年，我县认真落实");
        let f = years(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].message, "开头写的是2023年，而标题是2024年度报告。");
        assert!(years(&apply(&text, &f[0].fixes[0])).is_empty());
    }

    #[test]
    fn next_year_inside_the_achievements() {
        let text = GOOD.replace("2024年以来，全年受理", "2025年以来，全年受理");
        let f = years(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "2025年以来");
        let text = GOOD.replace("2024年以来，全年受理", "2025年全年受理");
        assert_eq!(years(&text).len(), 1);
    }

    #[test]
    fn documents_cited_with_a_wrong_or_outdated_period() {
        let text = GOOD.replace("（2021—2025年）》和", "（2020—2025年）》和");
        let f = years(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].message,
            "《法治政府建设实施纲要》写作2020—2025年没有这个版本，2024年适用的是2021—2025年版。"
        );
        assert!(apply(&text, &f[0].fixes[0]).contains("《法治政府建设实施纲要（2021—2025年）》和"));
        let text = GOOD.replace("（2021—2025年）》和", "（2015—2020年）》和");
        let f = years(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("已到期的旧版本"));
        // half-width brackets and hyphen, as in the collected reports
        let text = GOOD.replace("（2020—2025年）", "(2021-2025年)");
        let f = years(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(apply(&text, &f[0].fixes[0]).contains("《法治社会建设实施纲要(2020-2025年)》"));
        // a local plan of the same kind is not the national one
        let text = GOOD.replace(
            "《法治社会建设实施纲要（2020—2025年）》",
            "《某县法治社会建设实施纲要（2022—2025年）》",
        );
        assert!(years(&text).is_empty());
    }

    #[test]
    fn signature_outside_the_next_year() {
        let text = GOOD.replace("2025年1月20日", "2024年12月30日");
        let f = years(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "2024年12月30日");
        assert_eq!(f[0].severity, crate::finding::Severity::Warning);
        // two years late, or before the year ended: impossible
        for date in ["2026年2月1日", "2024年6月30日"] {
            let text = GOOD.replace("2025年1月20日", date);
            let f = years(&text);
            assert_eq!(f.len(), 1, "{f:?}");
            assert_eq!(f[0].severity, crate::finding::Severity::Error, "{date}");
        }
    }

    #[test]
    fn last_years_plan_issued_this_year() {
        let text = GOOD.replace(
            "2024年以来，全年受理",
            "3月，县政府印发《某县2023年度法治政府建设工作要点》，分解任务40项。全年受理",
        );
        let f = years(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "2023年度");
        assert_eq!(f[0].severity, crate::finding::Severity::Warning);
        assert_eq!(
            f[0].message,
            "所引《某县2023年度法治政府建设工作要点》的年份可能有误：本报告是2024年度报告，2024年制定、印发的年度计划应是2024年的，此处写的是2023年。"
        );
        assert!(apply(&text, &f[0].fixes[0]).contains("《某县2024年度法治政府建设工作要点》"));
        // this year's plan, next year's plan drafted in December, or last year's looked back on
        for ok in [
            "3月，县政府印发《某县2024年度法治政府建设工作要点》，分解任务40项。",
            "12月，起草《某县2025年度法治政府建设工作计划》。",
            "年初对《某县2023年度法治政府建设工作要点》落实情况进行总结。",
            "对照《某县2023年度法治政府建设工作要点》逐项销号。",
        ] {
            let text = GOOD.replace("2024年以来，全年受理", &format!("{ok}全年受理"));
            assert!(years(&text).is_empty(), "{ok}: {:?}", years(&text));
        }
    }

    #[test]
    fn this_years_report_approved_within_the_year() {
        let text = GOOD.replace(
            "2024年以来，全年受理",
            "3月，县政府常务会议审议《某县2024年度法治政府建设情况报告》并向社会公开。全年受理",
        );
        let f = years(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "2024年度");
        assert!(
            f[0].message
                .contains("2024年内审议、印发的应是2023年度的报告"),
            "{}",
            f[0].message
        );
        assert!(apply(&text, &f[0].fixes[0]).contains("《某县2023年度法治政府建设情况报告》"));
        let ok = GOOD.replace(
            "2024年以来，全年受理",
            "3月，县政府常务会议审议《某县2023年度法治政府建设情况报告》并向社会公开。全年受理",
        );
        assert!(years(&ok).is_empty(), "{:?}", years(&ok));
    }
}
