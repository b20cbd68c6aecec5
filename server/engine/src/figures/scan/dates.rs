//! Years (2023年, 二〇二三年), year ranges (2021—2025年) and dates (1月23日, 13月份).

use crate::figures::{DateRef, YearMark, YearRange};
use crate::text::Span;

use super::lex::*;
use super::Scanner;

impl Scanner<'_> {
    pub(super) fn is_date_after(&self, p: usize) -> bool {
        let rest = &self.text[p..self.b.end];
        rest.starts_with('月') || rest.starts_with('日') || rest.starts_with('号')
    }

    /// 2023年 / 2023年度 / 2021—2025年 / 1999年~2022年 (and a date after 年).
    pub(super) fn year_or_range(&mut self, num: &Num) -> Option<usize> {
        let text = self.text;
        let end = self.b.end;
        if num.int_digits != 4 || num.decimals != 0 || num.grouped {
            return None;
        }
        let year = num.value as i32;
        if !(1900..=2100).contains(&year) {
            return None;
        }
        let q = skip_one_space(text, num.end, end);
        let second_year = |p: usize| -> Option<(i32, usize, bool)> {
            let n2 = parse_arabic(text, p, end)?;
            let y2 = n2.value as i32;
            if n2.int_digits != 4 || n2.decimals != 0 || !(1900..=2100).contains(&y2) || y2 < year {
                return None;
            }
            let r = skip_one_space(text, n2.end, end);
            if text[r..end].starts_with('年') {
                let mut e = r + '年'.len_utf8();
                if text[e..end].starts_with('度') {
                    e += '度'.len_utf8();
                }
                Some((y2, e, true))
            } else {
                Some((y2, n2.end, false))
            }
        };
        if text[q..end].starts_with('年') {
            let mut e = q + '年'.len_utf8();
            let du = text[e..end].starts_with('度');
            if du {
                e += '度'.len_utf8();
            }
            if text[e..end].starts_with('代') {
                return Some(e);
            }
            // 1999年~2022年
            if let Some(sep) = range_sep_len(text, e) {
                if let Some((y2, e2, with_nian)) = second_year(e + sep) {
                    if with_nian {
                        self.push_range(num.start, e2, year, y2);
                        return Some(e2);
                    }
                }
            }
            self.out.years.push(YearMark {
                span: Span::new(num.start, e),
                digits: Span::new(num.start, num.end),
                year,
                block: self.b.index,
            });
            if !du {
                if let Some(next) = self.date(num.start, e, Some(year), None) {
                    return Some(next);
                }
            }
            return Some(e);
        }
        // 2021—2025年, or 2021-2025 inside a book title
        if let Some(sep) = range_sep_len(text, num.end) {
            if let Some((y2, e2, with_nian)) = second_year(num.end + sep) {
                if with_nian || self.b.book.is_some() {
                    self.push_range(num.start, e2, year, y2);
                    return Some(e2);
                }
            }
        }
        None
    }

    pub(super) fn push_range(&mut self, start: usize, end: usize, y1: i32, y2: i32) {
        self.out.year_ranges.push(YearRange {
            span: Span::new(start, end),
            start: y1,
            end: y2,
            book: None,
            block: self.b.index,
        });
        if self.b.book.is_some() {
            self.b.book_ranges.push(self.out.year_ranges.len() - 1);
        }
    }

    /// A month (and day) starting at `at`: "1月23日", "13月份", "一月二十三日". `span_start` is
    /// where the date's span begins (the year, if one was read). Standalone months are only
    /// dates with a day or 份 after them (近3月 is not a date).
    pub(super) fn date(
        &mut self,
        span_start: usize,
        at: usize,
        year: Option<i32>,
        parsed: Option<Num>,
    ) -> Option<usize> {
        let text = self.text;
        let end = self.b.end;
        let (month, m_end) = match parsed {
            Some(n) if n.start == at => (small_value(&n)?, n.end),
            _ => read_small(text, at, end)?,
        };
        let m_at = skip_one_space(text, m_end, end);
        if !text[m_at..end].starts_with('月') {
            return None;
        }
        let month_end = m_at + '月'.len_utf8();
        let month_span = Span::new(at, month_end);
        let mut span_end = month_end;
        let mut day = None;
        let mut day_span = None;
        if let Some((d, d_end)) = read_small(text, month_end, end) {
            let d_at = skip_one_space(text, d_end, end);
            if text[d_at..end].starts_with(['日', '号']) {
                let e = d_at + '日'.len_utf8();
                day = Some(d);
                day_span = Some(Span::new(month_end, e));
                span_end = e;
            }
        }
        if year.is_none() && day.is_none() && !text[month_end..end].starts_with('份') {
            return None;
        }
        self.out.dates.push(DateRef {
            span: Span::new(span_start, span_end),
            year,
            month,
            month_span,
            day,
            day_span,
            block: self.b.index,
        });
        Some(span_end)
    }
}
