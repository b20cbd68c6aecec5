//! `date-invalid`: a date that cannot exist.
//!
//! **Why.** "2月30日", "4月31日" or "13月" are typing slips that a reader notices at once and
//! that undermine every other date in the report.
//!
//! **How.** Reads the dates of the figure extraction (year–month–day, month–day, and months
//! followed by 份): a month outside 1–12, or a day outside the month's length (February has 29
//! days only in leap years; with no year given, 29 is accepted). Durations (3个月) are not dates.
//! Also checks the signature date.
//!
//! **Example.** "2023年2月29日召开会议" → 2023年2月只有28天.

use serde_json::json;

use crate::finding::{Finding, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub struct DateInvalid;

static INFO: RuleInfo = RuleInfo {
    id: "date-invalid",
    name: "日期不存在",
    default_severity: Severity::Error,
    summary_zh: "不存在的日期（2月30日、13月）",
    summary_en: "An impossible date (2月30日, 13月).",
};

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in `month` of `year` (29 for February when the year is unknown).
pub fn days_in(month: u32, year: Option<i32>) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => {
            if year.is_none_or(is_leap) {
                29
            } else {
                28
            }
        }
        _ => 0,
    }
}

impl Rule for DateInvalid {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let mut dates: Vec<(crate::text::Span, Option<i32>, u32, Option<u32>)> = cx
            .figures
            .dates
            .iter()
            .map(|d| (d.span, d.year, d.month, d.day))
            .collect();
        if let Some(s) = &cx.outline.signature {
            let d = s.date;
            if !dates.iter().any(|x| x.0.overlaps(d.span)) {
                dates.push((d.span, Some(d.year), d.month, Some(d.day)));
            }
        }
        for (span, year, month, day) in dates {
            let message = if !(1..=12).contains(&month) {
                format!("“{}”：一年只有12个月，没有{month}月。", span.text(cx.text))
            } else if let Some(d) = day {
                let max = days_in(month, year);
                if (1..=max).contains(&d) {
                    continue;
                }
                let whose = match year {
                    Some(y) => format!("{y}年{month}月"),
                    None => format!("{month}月"),
                };
                format!("“{}”不存在：{whose}只有{max}天。", span.text(cx.text))
            } else {
                continue;
            };
            out.push(
                Finding::new(INFO.id, INFO.default_severity, span, message)
                    .with_data(json!({ "year": year, "month": month, "day": day })),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::days_in;
    use crate::rules::test_util::findings;

    fn dates(body: &str) -> (String, Vec<crate::finding::Finding>) {
        let text = format!("关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n{body}\n");
        let f = findings(&text, "date-invalid");
        (text, f)
    }

    #[test]
    fn impossible_dates() {
        let (text, f) = dates(
            "2023年2月29日召开会议，4月31日印发方案，13月份完成验收，二〇二四年二月三十日通报。",
        );
        let spans: Vec<&str> = f.iter().map(|f| f.span.text(&text)).collect();
        assert_eq!(
            spans,
            ["2023年2月29日", "4月31日", "13月", "二〇二四年二月三十日"],
            "{f:?}"
        );
        assert_eq!(f[0].message, "“2023年2月29日”不存在：2023年2月只有28天。");
        assert_eq!(f[2].message, "“13月”：一年只有12个月，没有13月。");
    }

    #[test]
    fn real_dates_and_durations_are_fine() {
        let (_, f) = dates(
            "2024年2月29日召开会议，5月16日推广，2023年10月获表彰，每月6日开展服务日活动，近3个月来办结15件，12月31日前完成。",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn the_signature_date_is_checked() {
        let text = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n开展执法检查45次。\n特此报告。\n\n某县人民政府\n2025年2月30日\n";
        let f = findings(text, "date-invalid");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(text), "2025年2月30日");
    }

    #[test]
    fn month_lengths() {
        assert_eq!(days_in(2, Some(2024)), 29);
        assert_eq!(days_in(2, Some(2023)), 28);
        assert_eq!(days_in(2, Some(1900)), 28);
        assert_eq!(days_in(2, Some(2000)), 29);
        assert_eq!(days_in(2, None), 29);
        assert_eq!(days_in(11, None), 30);
        assert_eq!(days_in(13, None), 0);
    }
}
