//! Figures: a number with its subject words, modifiers (约, 余, 以上 …), unit and ranges.

use crate::figures::units::{self, Approx};
use crate::figures::{Figure, NumForm, YearMark};
use crate::numerals;
use crate::text::is_half_width_stop;
use crate::text::{is_space, offset32, Span, Span32};

use super::lex::*;
use super::Scanner;

impl Scanner<'_> {
    // --- figures ---------------------------------------------------------------------------

    /// Subject words: from the clause start (or the previous figure) to `at`.
    pub(super) fn subject_before(&self, at: usize) -> Span {
        let clause_start = self
            .b
            .clause
            .map_or(at, |c| self.out.clauses[c].span.start as usize);
        let start = self
            .b
            .last_fig_end
            .unwrap_or(clause_start)
            .max(clause_start);
        trim(self.text, Span::new(start.min(at), at))
    }

    /// A modifier written before the number (约, 超过, 不足 …) and a minus sign.
    pub(super) fn prefix(&self, at: usize) -> (usize, Approx, Option<Span>, bool) {
        let text = self.text;
        let floor = self
            .b
            .clause
            .map_or(at, |c| self.out.clauses[c].span.start as usize)
            .max(self.b.last_fig_end.unwrap_or(0));
        #[cfg(test)]
        if !fast_path() {
            return super::reference::prefix(text, at, floor);
        }
        Self::prefix_at(text, at, floor)
    }

    /// [`Self::prefix`] with the clause's floor: the modifier lies between `floor` and `at`.
    pub(super) fn prefix_at(
        text: &str,
        at: usize,
        floor: usize,
    ) -> (usize, Approx, Option<Span>, bool) {
        let b = text.as_bytes();
        let mut start = at;
        let mut negative = false;
        // a minus sign: - － −
        let minus = if start >= 1 && b[start - 1] == b'-' {
            1
        } else if start >= 3
            && matches!(
                &b[start - 3..start],
                [0xEF, 0xBC, 0x8D] | [0xE2, 0x88, 0x92]
            )
        {
            3
        } else {
            0
        };
        if minus > 0 && start - minus >= floor {
            let before = prev_char(text, start - minus);
            if !before.is_some_and(|b| {
                b.is_ascii_alphanumeric() || numerals::is_arabic_digit(b) || b == '%' || b == '年'
            }) {
                negative = true;
                start -= minus;
            }
        }
        // the words before, without the spaces ( and U+3000) that end them
        let lo = floor.min(start);
        let mut e = start;
        loop {
            if e > lo && b[e - 1] == b' ' {
                e -= 1;
            } else if e >= lo + 3 && b[e - 3..e] == [0xE3, 0x80, 0x80] {
                e -= 3;
            } else {
                break;
            }
        }
        // every modifier ends with one of 于 过 约 近 足 到 逾 超
        let last = if e >= lo + 3 { &b[e - 3..e] } else { &[][..] };
        if !matches!(
            last,
            [0xE4, 0xBA, 0x8E]
                | [0xE8, 0xBF, 0x87]
                | [0xE7, 0xBA, 0xA6]
                | [0xE8, 0xBF, 0x91]
                | [0xE8, 0xB6, 0xB3]
                | [0xE5, 0x88, 0xB0]
                | [0xE9, 0x80, 0xBE]
                | [0xE8, 0xB6, 0x85]
        ) {
            return (start, Approx::Exact, None, negative);
        }
        let before = &text[lo..e];
        for (w, a) in units::PREFIXES {
            if before.ends_with(w) {
                let s = lo + before.len() - w.len();
                return (s.min(start), *a, Some(Span::new(s, s + w.len())), negative);
            }
        }
        (start, Approx::Exact, None, negative)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn push_figure(
        &mut self,
        number_start: usize,
        value: f64,
        decimals: u8,
        form: NumForm,
        weak: bool,
        tail: Tail,
        bare_cell: bool,
    ) -> Option<usize> {
        if tail.unit.is_none() && tail.scale <= 1.0 && !bare_cell {
            return None;
        }
        let (start, pre_approx, pre_mod, negative) = self.prefix(number_start);
        let (approx, modifier) = if pre_approx != Approx::Exact {
            (pre_approx, pre_mod)
        } else {
            (tail.approx, tail.modifier)
        };
        let mut unit = tail.unit;
        let mut unit_span = tail.unit_span;
        let mut subject = self.subject_before(start);
        if self.b.in_row {
            if let Some(h) = self.header_cell() {
                if subject.is_empty() {
                    subject = h;
                }
                if unit.is_none() {
                    // a unit named in the header: 受理（件）
                    let ht = h.text(self.text);
                    if let Some(k) = ht.find(['（', '(', '/']) {
                        let after = &ht[k..];
                        let skip = after.chars().next().map_or(0, char::len_utf8);
                        if let Some((u, _)) = units::match_unit(&after[skip..], true) {
                            unit = Some(u);
                            unit_span = Span::empty(tail.end);
                        }
                    }
                }
            }
        }
        let value = if negative { -value } else { value };
        let fig = Figure {
            span: Span32::new(start, tail.end),
            number: Span32::new(number_start, tail.number_end),
            value: value * tail.scale,
            scale: tail.scale,
            decimals,
            form,
            unit,
            unit_span: unit_span.into(),
            approx,
            modifier: modifier.map(Span32::from),
            subject: subject.into(),
            tail: Span32::new(tail.end, tail.end),
            clause: offset32(self.b.clause.unwrap_or(0)),
            sentence: offset32(self.b.sentence.unwrap_or(0)),
            block: offset32(self.b.index),
            in_parens: self.b.parens > 0,
            in_quotes: self.b.quotes > 0 || self.b.ascii_quote,
            weak,
            range_with: None,
            column: self.b.in_row.then(|| self.b.cell.max(0) as u16),
        };
        self.out.figures.push(fig);
        self.b.last_fig_end = Some(tail.end);
        Some(self.out.figures.len() - 1)
    }

    /// An Arabic number at `i`: a year, a year range, a date, a figure, or nothing.
    pub(super) fn arabic(&mut self, i: usize) -> usize {
        let text = self.text;
        let end = self.b.end;
        let prev = prev_char(text, i);
        let Some(num) = parse_arabic(text, i, end) else {
            return i + 1;
        };
        // part of a code or a name (S2, G20, v1.2); 12345热线 has no unit and is left below.
        // A half-width full stop before it is not a code: "……人次.2023年2月……"
        if prev.is_some_and(|c| {
            c.is_ascii_alphabetic()
                || c == '_'
                || c == '/'
                || (c == '.' && !is_half_width_stop(text, i - 1))
        }) {
            return self.skip_alnum(num.end);
        }
        // an ordinal (第2批, 第3期) or a table or figure number (表1, 图2) is not a count
        if matches!(prev, Some('第' | '表' | '图')) {
            return num.end;
        }
        if text
            .as_bytes()
            .get(num.end)
            .is_some_and(u8::is_ascii_alphabetic)
        {
            return self.skip_alnum(num.end);
        }
        if let Some(next) = self.year_or_range(&num) {
            return next;
        }
        // a date needs 月 after a month number (a shortcut: `date` would say no)
        let month = small_value(&num).is_some()
            && at3(
                text.as_bytes(),
                skip_one_space(text, num.end, end),
                end,
                "月",
            );
        if month || !fast_path() {
            if let Some(next) = self.date(i, i, None, Some(num)) {
                return next;
            }
        }
        if !self.b.figures_on {
            return num.end;
        }
        let form = if num.full_width {
            NumForm::FullWidth
        } else {
            NumForm::Arabic
        };
        let tail = read_tail(text, num.end, end, true);
        let bare = self.b.in_row && self.bare_cell(i, num.end);
        self.figure_or_range(i, num.value, num.decimals, form, false, tail, bare)
    }

    /// Is the number the only thing in its table cell?
    pub(super) fn bare_cell(&self, start: usize, end: usize) -> bool {
        if self.b.in_plain {
            return self
                .row_cells
                .get(self.b.cell.max(0) as usize)
                .is_some_and(|c| c.start == start && c.end == end);
        }
        let text = self.text;
        let before = text[..start].trim_end_matches(is_space);
        let after = text[end..self.b.end].trim_start_matches(is_space);
        before.ends_with(['|', '｜']) && after.starts_with(['|', '｜'])
    }

    pub(super) fn skip_alnum(&self, mut p: usize) -> usize {
        while let Some(c) = char_at(self.text, p) {
            if p >= self.b.end || !(c.is_ascii_alphanumeric() || c == '.' || c == '_') {
                break;
            }
            p += 1;
        }
        p
    }

    /// A figure, or the first end of a range (3—5次, 15%～30%).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn figure_or_range(
        &mut self,
        start: usize,
        value: f64,
        decimals: u8,
        form: NumForm,
        weak: bool,
        tail: Tail,
        bare: bool,
    ) -> usize {
        let text = self.text;
        let end = self.b.end;
        let after = if tail.unit.is_some() || tail.scale > 1.0 {
            tail.end
        } else {
            tail.number_end
        };
        if let Some(sep) = range_sep_len(text, after) {
            let q = after + sep;
            if char_at(text, q).is_some_and(numerals::is_arabic_digit) {
                if let Some(num2) = parse_arabic(text, q, end) {
                    let tail2 = read_tail(text, num2.end, end, true);
                    let unit_ok = tail.unit.is_none() || tail.unit == tail2.unit;
                    if tail2.unit.is_some() && unit_ok && !self.is_date_after(num2.end) {
                        // the first end takes the unit and multiplier of the second
                        let mut t1 = tail;
                        if t1.unit.is_none() {
                            t1.unit = tail2.unit;
                            t1.unit_span = Span::empty(t1.number_end);
                            t1.end = t1.number_end;
                            if t1.scale <= 1.0 {
                                t1.scale = tail2.scale;
                            }
                        }
                        let a = self.push_figure(start, value, decimals, form, weak, t1, false);
                        let b = self.push_figure(
                            q,
                            num2.value,
                            num2.decimals,
                            if num2.full_width {
                                NumForm::FullWidth
                            } else {
                                NumForm::Arabic
                            },
                            false,
                            tail2,
                            false,
                        );
                        if let (Some(a), Some(b)) = (a, b) {
                            self.out.figures[a].range_with = Some(offset32(b));
                            self.out.figures[b].range_with = Some(offset32(a));
                            // the second end's subject is the first's
                            self.out.figures[b].subject = self.out.figures[a].subject;
                            return tail2.end;
                        }
                        return tail2.end.max(after);
                    }
                }
            }
        }
        match self.push_figure(start, value, decimals, form, weak, tail, bare) {
            Some(_) => tail.end,
            None => tail.number_end.max(start + 1),
        }
    }

    /// A Chinese numeral at `i`: a year (二〇二四年), a date (一月), a figure (十二次), or nothing.
    pub(super) fn chinese(&mut self, i: usize) -> usize {
        let text = self.text;
        let end = self.b.end;
        let run_end = chinese_run(text, i, end);
        let run = &text[i..run_end];
        // 二〇二四年
        // Chinese numeral characters are three bytes long
        if run.len() == 12
            && run.chars().all(|c| numerals::digit_value(c).is_some())
            && text[run_end..end].starts_with('年')
        {
            if let Some(y) = numerals::parse(run) {
                let mut e = run_end + '年'.len_utf8();
                if text[e..end].starts_with('度') {
                    e += '度'.len_utf8();
                }
                let year = y as i32;
                self.out.years.push(YearMark {
                    span: Span::new(i, e),
                    digits: Span::new(i, run_end),
                    year,
                    block: self.b.index,
                });
                if let Some(next) = self.date(i, e, Some(year), None) {
                    return next;
                }
                return e;
            }
        }
        let prev = prev_char(text, i);
        let month_next = text[skip_one_space(text, run_end, end)..end].starts_with('月');
        if month_next {
            if let Some(next) = self.date(i, i, None, None) {
                return next;
            }
        }
        let first = run.chars().next().unwrap_or('一');
        if !self.b.figures_on
            || blocks_chinese(prev)
            || run == "一"
            || matches!(first, '百' | '千' | '万' | '亿')
        {
            return run_end;
        }
        let Some(value) = numerals::parse(run) else {
            return run_end;
        };
        let tail = read_tail(text, run_end, end, false);
        if tail.unit.is_none() {
            return run_end;
        }
        // 一次性, 两步式, 三化: the classifier is part of a word
        if char_at(text, tail.unit_span.end).is_some_and(|c| matches!(c, '性' | '式' | '化')) {
            return tail.end;
        }
        let scale = if run.ends_with(['亿', '億']) {
            1e8
        } else if run.ends_with(['万', '萬']) {
            1e4
        } else {
            1.0
        };
        let weak = run.len() == 3;
        let mut t = tail;
        // the value already includes 万/亿; keep the scale for formatting only
        t.scale = 1.0;
        match self.push_figure(i, value as f64, 0, NumForm::Chinese, weak, t, false) {
            Some(f) => {
                self.out.figures[f].scale = scale;
                t.end
            }
            None => run_end,
        }
    }

    /// 百分之九十, 百分之95.5.
    pub(super) fn chinese_percent(&mut self, i: usize) -> usize {
        let text = self.text;
        let end = self.b.end;
        let p = i + "百分之".len();
        if !self.b.figures_on {
            return p;
        }
        let (value, decimals, form, q) = if let Some(n) = parse_arabic(text, p, end) {
            (n.value, n.decimals, NumForm::Arabic, n.end)
        } else {
            let run_end = chinese_run(text, p, end);
            let run = &text[p..run_end];
            let v = if run == "百" {
                Some(100)
            } else {
                numerals::parse(run)
            };
            match v {
                Some(v) if run_end > p => (v as f64, 0, NumForm::Chinese, run_end),
                _ => return p,
            }
        };
        let (start, pre, pre_mod, _) = self.prefix(i);
        let mut end_at = q;
        let mut approx = pre;
        let mut modifier = pre_mod;
        if let Some((n, a)) = match_prefix(units::SUFFIXES, &text[q..end]) {
            if approx == Approx::Exact {
                approx = a;
                modifier = Some(Span::new(q, q + n));
            }
            end_at += n;
        }
        let subject = self.subject_before(start);
        self.out.figures.push(Figure {
            span: Span32::new(start, end_at),
            number: Span32::new(i, q),
            value,
            scale: 1.0,
            decimals,
            form,
            unit: Some("%"),
            unit_span: Span32::new(i, p),
            approx,
            modifier: modifier.map(Span32::from),
            subject: subject.into(),
            tail: Span32::new(end_at, end_at),
            clause: offset32(self.b.clause.unwrap_or(0)),
            sentence: offset32(self.b.sentence.unwrap_or(0)),
            block: offset32(self.b.index),
            in_parens: self.b.parens > 0,
            in_quotes: self.b.quotes > 0 || self.b.ascii_quote,
            weak: false,
            range_with: None,
            column: self.b.in_row.then(|| self.b.cell.max(0) as u16),
        });
        self.b.last_fig_end = Some(end_at);
        end_at
    }
}
