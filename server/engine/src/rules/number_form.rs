//! `number-form`: number forms that GB/T 15835-2011 rules out, and 截止 where 截至 is meant.
//!
//! **Why.** GB/T 15835-2011 (出版物上数字用法) and GB/T 9704-2012 fix how numbers are written in
//! official documents. Drafts mix forms picked up from speech and spreadsheets; each is small,
//! and each is a correction a reviewer has to write in the margin.
//!
//! **How.** A character scan of the report's prose (never noise) for:
//! - an Arabic number joined to 十/百/千 (3千人, 5百余家): write 3000人 or 三千人 (fix: 3000);
//!   万 and 亿 are allowed (3万), units such as 千米 千克 千瓦 百分点 are not numbers;
//! - a range whose first number drops 万/亿/% (15～30%, 13至17万元): each end carries it,
//!   15%～30% (fix: repeat it);
//! - 约 and 左右 around the same figure (约100人左右): the estimate is said twice (fixes: drop
//!   左右 or 约);
//! - a year cut to two digits in a date (23年5月, 08年): write the full year;
//! - 截止 followed by a date or 目前/今年/年底…: 截至 means "up to"; 截止 (deadline) takes no
//!   object except with 到/于 (fix: 截至).
//!
//! **Example.** "增长15～30%" → information on "15～30%": "此处应为“15%～30%”".

use std::sync::LazyLock;

use serde_json::json;

use crate::finding::{Edit, Edits, Finding, Fix, Severity};
use crate::rules::{Context, Rule, RuleInfo};
use crate::text::Span;
use crate::text_search::{self, Hit, Patterns};

pub struct NumberForm;

static INFO: RuleInfo = RuleInfo {
    id: "number-form",
    name: "数字用法",
    default_severity: Severity::Information,
    summary_zh: "3千、15～30%、约……左右、截止2024年 等数字写法不规范",
    summary_en: "Numbers written in a non-standard form (3千, 15～30%, 约……左右, 截止2024年).",
};

/// Units where 千/百 belong to the unit word, not to the number (3千米, 5百分点).
fn unit_word_follows(s: &str) -> bool {
    let mut c = s.chars();
    matches!(
        c.next(),
        Some(
            '米' | '克'
                | '瓦'
                | '伏'
                | '帕'
                | '赫'
                | '焦'
                | '卡'
                | '兆'
                | '字'
                | '分'
                | '升'
                | '安'
                | '欧'
                | '牛'
        )
    )
}

/// `num` × 10^`exp` written out: ("3", 3) → "3000", ("1.25", 3) → "1250".
fn shift(num: &str, exp: usize) -> String {
    let num = crate::numerals::to_ascii_digits(num);
    let (int, frac) = num.split_once('.').unwrap_or((&num, ""));
    let mut digits = format!("{int}{frac}");
    let point = int.len() + exp;
    while digits.len() < point {
        digits.push('0');
    }
    let (i, f) = digits.split_at(point);
    let i = i.trim_start_matches('0');
    let i = if i.is_empty() { "0" } else { i };
    let f = f.trim_end_matches('0');
    if f.is_empty() {
        i.to_string()
    } else {
        format!("{i}.{f}")
    }
}

fn q(s: &str) -> String {
    format!("“{s}”")
}

fn is_digit_like(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '.' | '．')
}

/// Characters before 约 that make it part of another word (节约, 签约, 制约…).
fn yue_in_word(prev: Option<char>) -> bool {
    prev.is_some_and(|p| {
        matches!(
            p,
            '制' | '节'
                | '预'
                | '签'
                | '合'
                | '公'
                | '条'
                | '契'
                | '邀'
                | '相'
                | '违'
                | '履'
                | '践'
                | '特'
                | '简'
                | '隐'
                | '婚'
                | '誓'
                | '规'
                | '协'
                | '租'
                | '和'
                | '守'
                | '背'
                | '失'
                | '毁'
                | '解'
                | '缔'
                | '赴'
                | '应'
                | '成'
                | '纳'
                | '集'
                | '俭'
                | '束'
                | '聘'
        )
    })
}

fn replace(title: String, span: Span, text: String, preferred: bool) -> Fix {
    Fix {
        title: title.into(),
        edits: Edits::one(Edit {
            span,
            text: text.into(),
        }),
        preferred,
    }
}

fn is_digit(c: char) -> bool {
    crate::numerals::is_arabic_digit(c)
}

/// The start of the number that ends at byte `k` of `s` (digits, optionally with one decimal
/// point), if one does.
fn number_before(s: &str, k: usize) -> Option<usize> {
    let mut j = k;
    let mut digits = 0;
    let mut point = false;
    while let Some(c) = s[..j].chars().next_back() {
        if is_digit(c) {
            digits += 1;
        } else if matches!(c, '.' | '．')
            && !point
            && digits > 0
            && s[..j - c.len_utf8()]
                .chars()
                .next_back()
                .is_some_and(is_digit)
        {
            point = true;
        } else {
            break;
        }
        j -= c.len_utf8();
    }
    (digits > 0).then_some(j)
}

/// The end of the number that starts at byte `k` of `s`, if one does.
fn number_after(s: &str, k: usize) -> Option<usize> {
    let mut j = k;
    let mut digits = 0;
    let mut point = false;
    while let Some(c) = s[j..].chars().next() {
        if is_digit(c) {
            digits += 1;
        } else if matches!(c, '.' | '．')
            && !point
            && digits > 0
            && s[j + c.len_utf8()..].chars().next().is_some_and(is_digit)
        {
            point = true;
        } else {
            break;
        }
        j += c.len_utf8();
    }
    (digits > 0).then_some(j)
}

/// Does the number starting at `start` continue something before it: a longer figure or a
/// code (A3千, 1.2.3), possibly across a line break inside a wrapped paragraph (20⏎10年)?
/// `figure_before`: the previous line of the paragraph, split off by the outline, ends with a
/// digit.
fn glued_before(s: &str, start: usize, figure_before: bool) -> bool {
    if start == 0 {
        return figure_before;
    }
    let before = s[..start].trim_end_matches(['\n', '\r']);
    let c = before.chars().next_back();
    if before.len() < start {
        return c.is_some_and(is_digit_like); // a figure broken over two lines
    }
    c.is_some_and(|b| is_digit_like(b) || b.is_ascii_alphabetic())
}

fn skip_blanks(s: &str, i: usize) -> usize {
    i + (s[i..].len() - s[i..].trim_start_matches([' ', '\t']).len())
}

fn skip_blanks_back(s: &str, i: usize) -> usize {
    s[..i].trim_end_matches([' ', '\t']).len()
}

/// What the rule looks for first; the number is then read around it.
const ANCHORS: [&str; 15] = [
    "十", "百", "千", "年", "～", "~", "〜", "—", "–", "-", "－", "至", "到", "左右", "截止",
];
const RANGE_UNITS: [char; 5] = ['万', '亿', '%', '％', '‰'];

static FINDER: LazyLock<Patterns> = LazyLock::new(|| Patterns::new(&ANCHORS));

fn check_unit(cx: &Context, unit: Span, hits: &[Hit], figure_before: bool, out: &mut Vec<Finding>) {
    let s = unit.text(cx.text);
    let at = |i: usize| unit.start + i;
    for &(pos, pi) in hits {
        let k = pos - unit.start;
        let anchor = ANCHORS[pi];
        if k + anchor.len() > s.len() {
            continue;
        }
        match anchor {
            "十" | "百" | "千" => digit_with_unit(&at, s, k, anchor, figure_before, out),
            "年" => short_year(cx, &at, s, k, figure_before, out),
            "左右" => yue_zuoyou(&at, s, k, out),
            "截止" => jiezhi(&at, s, k, out),
            link => range(&at, s, k, link, figure_before, out),
        }
    }
}

/// 15～30% → 15%～30%: the link at `k`, a number on either side, a unit after the second.
fn range(
    at: &impl Fn(usize) -> usize,
    s: &str,
    k: usize,
    link: &str,
    figure_before: bool,
    out: &mut Vec<Finding>,
) {
    let end = skip_blanks_back(s, k);
    let Some(start) = number_before(s, end) else {
        return;
    };
    if glued_before(s, start, figure_before) {
        return;
    }
    let k2 = skip_blanks(s, k + link.len());
    let Some(e2) = number_after(s, k2) else {
        return;
    };
    let k3 = skip_blanks(s, e2);
    let Some(u) = s[k3..].chars().next().filter(|c| RANGE_UNITS.contains(c)) else {
        return;
    };
    let span = Span::new(at(start), at(k3 + u.len_utf8()));
    let want = format!("{}{u}{}", &s[start..end], &s[end..k3 + u.len_utf8()]);
    out.push(
        Finding::new(
            INFO.id,
            INFO.default_severity,
            span,
            format!(
                "此处应为{}：数值范围的两端都应带“{u}”，省略前一个会引起歧义（GB/T 15835）。",
                q(&want)
            ),
        )
        .with_data(json!({"kind": "range", "expected": want}))
        .with_fix(Fix {
            title: format!("改为{}", q(&want)).into(),
            edits: Edits::one(Edit {
                span: Span::empty(at(end)),
                text: u.to_string().into(),
            }),
            preferred: true,
        }),
    );
}

/// 约……左右 with 左右 at `k`.
fn yue_zuoyou(at: &impl Fn(usize) -> usize, s: &str, k: usize, out: &mut Vec<Finding>) {
    let mut yue = None;
    for (n, (j, c)) in s[..k].char_indices().rev().enumerate() {
        if n > 15
            || matches!(
                c,
                '，' | '。'
                    | '；'
                    | '！'
                    | '？'
                    | '、'
                    | ','
                    | ';'
                    | '!'
                    | '?'
                    | '\n'
                    | '\r'
                    | '“'
                    | '”'
                    | '《'
                    | '》'
                    | '（'
                    | '）'
                    | '('
                    | ')'
            )
        {
            break;
        }
        if c == '约' {
            yue = Some(j);
            break;
        }
    }
    let Some(y) = yue else {
        return;
    };
    let middle = &s[y + '约'.len_utf8()..k];
    // 约 must start an estimate of a figure: not 节约, 约谈, 约定…
    if middle.is_empty()
        || yue_in_word(s[..y].chars().next_back())
        || middle.starts_with([
            '束', '定', '谈', '见', '请', '稿', '访', '会', '法', '期', '略',
        ])
        || !middle.chars().any(|ch| {
            is_digit_like(ch) || crate::numerals::is_numeral_char(ch) || matches!(ch, '半' | '几')
        })
    {
        return;
    }
    let span = Span::new(at(y), at(k + "左右".len()));
    let yue_span = Span::new(span.start, span.start + '约'.len_utf8());
    let zuoyou = Span::new(at(k), span.end);
    out.push(
        Finding::new(
            INFO.id,
            INFO.default_severity,
            span,
            "“约”和“左右”不应同时使用：二者都表示概数，保留其一即可。",
        )
        .with_data(json!({"kind": "approximate"}))
        .with_fix(replace("删去“左右”".into(), zuoyou, String::new(), true))
        .with_fix(replace("删去“约”".into(), yue_span, String::new(), false)),
    );
}

/// 截止 at `k` followed by a time.
fn jiezhi(at: &impl Fn(usize) -> usize, s: &str, k: usize, out: &mut Vec<Finding>) {
    let r = skip_blanks(s, k + "截止".len());
    let rest = &s[r..];
    let numerals = rest
        .chars()
        .take_while(|&c| {
            is_digit(c)
                || matches!(
                    c,
                    '〇' | '○'
                        | '零'
                        | '一'
                        | '二'
                        | '三'
                        | '四'
                        | '五'
                        | '六'
                        | '七'
                        | '八'
                        | '九'
                        | '十'
                )
        })
        .map(char::len_utf8)
        .sum::<usize>();
    let count = rest[..numerals].chars().count();
    let dated = (1..=4).contains(&count)
        && rest[numerals..]
            .trim_start_matches([' ', '\t'])
            .starts_with(['年', '月', '日']);
    let time_word = [
        "目前",
        "今年",
        "去年",
        "本年",
        "当年",
        "年底",
        "年末",
        "本月",
        "上月",
        "月底",
        "上半年",
        "下半年",
        "本季度",
        "当前",
        "现在",
        "今日",
        "今天",
        "发稿",
        "同期",
        "报告期",
    ]
    .iter()
    .any(|w| rest.starts_with(w));
    if !(dated || time_word) {
        return;
    }
    let span = Span::new(at(k), at(k + "截止".len()));
    out.push(
        Finding::new(
            INFO.id,
            INFO.default_severity,
            span,
            "此处应为“截至”：表示“到某时为止”用“截至”，“截止”指到期停止，后面不直接跟时间（可写“截止到”“截止于”）。",
        )
        .with_data(json!({"kind": "jiezhi", "expected": "截至"}))
        .with_fix(replace("改为“截至”".into(), span, "截至".into(), true)),
    );
}

/// 3千 with 千 at `k`.
fn digit_with_unit(
    at: &impl Fn(usize) -> usize,
    s: &str,
    k: usize,
    unit: &str,
    figure_before: bool,
    out: &mut Vec<Finding>,
) {
    let Some(start) = number_before(s, k) else {
        return;
    };
    let m_end = k + unit.len();
    if glued_before(s, start, figure_before) || unit_word_follows(&s[m_end..]) {
        return; // part of a code (A3千), or a unit word (5千米, 2百分点)
    }
    let exp = match unit {
        "十" => 1,
        "百" => 2,
        _ => 3,
    };
    let value = shift(&s[start..k], exp);
    let span = Span::new(at(start), at(m_end));
    let mut f = Finding::new(
        INFO.id,
        INFO.default_severity,
        span,
        format!(
            "此处应为{}或全用汉字：阿拉伯数字不与“十”“百”“千”连用（GB/T 15835），“万”“亿”可以。",
            q(&value)
        ),
    )
    .with_data(json!({"kind": "digit-unit", "expected": value}));
    // 3千5百: more digits follow, leave the rewrite to the drafter
    if !s[m_end..].starts_with(is_digit_like) {
        f = f.with_fix(replace(format!("改为{}", q(&value)), span, value, true));
    }
    out.push(f);
}

/// 23年5月 with 年 at `k`.
fn short_year(
    cx: &Context,
    at: &impl Fn(usize) -> usize,
    s: &str,
    k: usize,
    figure_before: bool,
    out: &mut Vec<Finding>,
) {
    let Some(start) = number_before(s, k) else {
        return;
    };
    let yy = crate::numerals::to_ascii_digits(&s[start..k]);
    if yy.len() != 2 || glued_before(s, start, figure_before) || s[..start].ends_with('第') {
        return;
    }
    let after = &s[k + '年'.len_utf8()..];
    // 23年5月, 23年底 are dates; 08年 is a year whatever follows; 近10年以来 is a span
    let month = {
        let d = after.chars().take_while(|&c| is_digit(c)).count();
        (1..=2).contains(&d) && after.chars().nth(d) == Some('月')
    };
    let dated = month
        || ["底", "初", "末", "上半年", "下半年"]
            .iter()
            .any(|w| after.starts_with(w));
    if !(dated || yy.starts_with('0')) {
        return;
    }
    let v: i32 = yy.parse().unwrap_or(0);
    let century = cx.year.map_or(2000, |y| y / 100 * 100);
    let recent = cx.year.map_or(30, |y| y % 100 + 5);
    let full = if v <= recent {
        century + v
    } else {
        century - 100 + v
    };
    let want = format!("{full}年");
    out.push(
        Finding::new(
            INFO.id,
            INFO.default_severity,
            Span::new(at(start), at(k + '年'.len_utf8())),
            format!(
                "此处应为{}：年份应写全，不应简写为两位（GB/T 15835）。",
                q(&want)
            ),
        )
        .with_data(json!({"kind": "short-year", "expected": want}))
        .with_fix(replace(
            format!("改为{}", q(&want)),
            Span::new(at(start), at(k)),
            full.to_string(),
            true,
        )),
    );
}

impl Rule for NumberForm {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn reads_figures(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let units = cx.outline.prose();
        let hits = FINDER.find(cx.text, text_search::extent(&units));
        for (ui, h) in text_search::group(&units, &hits) {
            // a figure wrapped onto this line from the line before (…2020⏎23年…)
            let figure_before = ui > 0 && {
                let p = units[ui - 1];
                let gap = &cx.text[p.end..units[ui].start];
                gap.trim_matches([' ', '\t']).len() <= 2
                    && gap.contains(['\n', '\r'])
                    && p.text(cx.text).ends_with(is_digit)
            };
            check_unit(cx, units[ui], h, figure_before, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shift;
    use crate::rules::test_util::{apply, findings};

    const HEAD: &str = "关于2024年度法治政府建设情况的报告\n某市人民政府：\n";

    fn report(body: &str) -> String {
        format!("{HEAD}{body}")
    }

    fn spans(text: &str) -> Vec<String> {
        findings(text, "number-form")
            .iter()
            .map(|f| f.span.text(text).to_string())
            .collect()
    }

    #[test]
    fn shift_decimal_point() {
        assert_eq!(shift("3", 3), "3000");
        assert_eq!(shift("1.5", 3), "1500");
        assert_eq!(shift("1.2345", 3), "1234.5");
        assert_eq!(shift("０.8", 2), "80");
    }

    #[test]
    fn arabic_digits_with_shi_bai_qian() {
        let t = report("全年培训干部3千余人次，走访企业5百家，惠及1.5千户。\n");
        assert_eq!(spans(&t), ["3千", "5百", "1.5千"]);
        let f = findings(&t, "number-form");
        assert!(f[0].message.starts_with("此处应为“3000”"));
        assert!(apply(&t, &f[0].fixes[0]).contains("培训干部3000余人次"));
        assert_eq!(f[0].severity, crate::finding::Severity::Information);
    }

    #[test]
    fn allowed_number_forms() {
        let t = report(
            "新增市场主体1.2万户，投资3亿元，三千余人参训，修建道路5千米，装机500千瓦，下降2个百分点，增长15%～30%，投资13万元～17万元，2021—2025年，1999年~2022年，建成12345热线。\n",
        );
        assert!(spans(&t).is_empty(), "{:?}", spans(&t));
    }

    #[test]
    fn ranges_repeat_the_unit() {
        let t = report("预计增长15～30%，投资13至17万元，规模2-3亿元。\n");
        assert_eq!(spans(&t), ["15～30%", "13至17万", "2-3亿"]);
        let f = findings(&t, "number-form");
        assert!(
            f[0].message.starts_with("此处应为“15%～30%”"),
            "{}",
            f[0].message
        );
        let mut fixed = t.clone();
        for f in f.iter().rev() {
            fixed = apply(&fixed, &f.fixes[0]);
        }
        assert!(
            fixed.contains("15%～30%")
                && fixed.contains("13万至17万元")
                && fixed.contains("2亿-3亿元"),
            "{fixed}"
        );
        assert!(spans(&fixed).is_empty());
    }

    #[test]
    fn yue_with_zuoyou() {
        let t = report(
            "全年办理案件约300件左右，约占总数的30%左右。节约资金50万元左右，约谈企业20家左右。\n",
        );
        assert_eq!(spans(&t), ["约300件左右", "约占总数的30%左右"]);
        let f = findings(&t, "number-form");
        assert!(apply(&t, &f[0].fixes[0]).contains("约300件，"));
        assert!(apply(&t, &f[0].fixes[1]).contains("办理案件300件左右"));
    }

    #[test]
    fn jiezhi_before_a_date() {
        let t = report("截止2024年12月31日，共受理申请46件；截止目前已全部办结。报名截止日期为3月1日，截止到年底完成，截止于6月30日。\n");
        assert_eq!(spans(&t), ["截止", "截止"]);
        let f = findings(&t, "number-form");
        assert!(apply(&t, &f[0].fixes[0]).contains("截至2024年12月31日"));
    }

    #[test]
    fn short_years() {
        let t = report(
            "23年5月启动试点，08年以来持续推进。连续17年开展法律知识考试，迟到14年的证明，近10年以来，第23年，2023年5月。\n",
        );
        assert_eq!(spans(&t), ["23年", "08年"]);
        let f = findings(&t, "number-form");
        assert!(f[0].message.starts_with("此处应为“2023年”"));
        assert!(apply(&t, &f[1].fixes[0]).contains("2008年以来"));
    }
}
