//! Template blanks left in the text: ××, XX, X件, 【】, `${…}`, 某某, *次 ….

use crate::figures::units::{self};
use crate::figures::{Placeholder, PlaceholderKind};
use crate::numerals;
use crate::text::Span;

use super::lex::*;
use super::Scanner;

impl Scanner<'_> {
    // --- placeholders ----------------------------------------------------------------------

    pub(super) fn push_placeholder(&mut self, span: Span, kind: PlaceholderKind) -> usize {
        self.out.placeholders.push(Placeholder { span, kind });
        span.end
    }

    /// A hint in brackets right after a blank: ××（主要举措）.
    pub(super) fn hint_after(&self, p: usize) -> usize {
        let text = self.text;
        let rest = &text[p..self.b.end];
        if rest.starts_with(['（', '(']) {
            let close = if rest.starts_with('（') { '）' } else { ')' };
            if let Some(k) = rest.find(close) {
                let inner = &rest[rest.chars().next().map_or(0, char::len_utf8)..k];
                if inner.chars().count() <= 40 && !inner.contains(['（', '(', '\n']) {
                    return p + k + close.len_utf8();
                }
            }
        }
        p
    }

    /// （ ）, ( ), 【 】, 〔 〕, ［ ］, [ ]: brackets with nothing but spaces inside (at most 8).
    pub(super) fn empty_brackets(&mut self, i: usize, open: char) -> Option<usize> {
        let close = match open {
            '（' => '）',
            '(' => ')',
            '【' => '】',
            '〔' => '〕',
            '［' => '］',
            _ => ']',
        };
        let rest = &self.text[i + open.len_utf8()..self.b.end];
        // only spaces may come before the closing bracket
        let k = rest.len() - rest.trim_start_matches([' ', '\u{3000}', '\t']).len();
        if !rest[k..].starts_with(close) || rest[..k].chars().count() > 8 {
            return None;
        }
        // a Markdown task list item: "- [ ] …"
        if open == '[' && self.markdown {
            let ls = self.text[..i].rfind(['\n', '\r']).map_or(0, |k| k + 1);
            if matches!(self.text[ls..i].trim(), "-" | "*" | "+") {
                return None;
            }
        }
        let end = i + open.len_utf8() + k + close.len_utf8();
        Some(self.push_placeholder(Span::new(i, end), PlaceholderKind::EmptyBrackets))
    }

    /// The end of the run of characters in `set` from `i` (within the block).
    fn run_of(&self, i: usize, set: impl Fn(char) -> bool) -> usize {
        let mut p = i;
        while let Some(ch) = char_at(self.text, p) {
            if p >= self.b.end || !set(ch) {
                break;
            }
            p += ch.len_utf8();
        }
        p
    }

    pub(super) fn placeholder(&mut self, i: usize, c: char) -> Option<usize> {
        let text = self.text;
        match c {
            '×' | 'Ｘ' | 'X' | 'x' => Some(self.crosses(i)),
            '【' | '〔' | '［' | '[' => self.empty_brackets(i, c),
            '$' => {
                let rest = &text[i..self.b.end];
                if !rest.starts_with("${") {
                    return None;
                }
                let k = rest.find('}')?;
                if rest[..k].chars().count() > 80 {
                    return None;
                }
                Some(self.push_placeholder(Span::new(i, i + k + 1), PlaceholderKind::Snippet))
            }
            '某' => {
                let p = self.run_of(i, |ch| ch == '某');
                if text[i..p].chars().count() >= 2 {
                    Some(self.push_placeholder(Span::new(i, p), PlaceholderKind::Mou))
                } else {
                    Some(p)
                }
            }
            '○' | '〇' | '□' => {
                let p = self.run_of(i, |ch| matches!(ch, '○' | '〇' | '□'));
                let near_digit = |ch: Option<char>| {
                    ch.is_some_and(|ch| {
                        numerals::digit_value(ch).is_some() && !matches!(ch, '○' | '〇')
                    })
                };
                if text[i..p].chars().count() >= 2
                    && !near_digit(prev_char(text, i))
                    && !near_digit(char_at(text, p))
                {
                    return Some(self.push_placeholder(Span::new(i, p), PlaceholderKind::Circles));
                }
                Some(p)
            }
            '*' | '＊' => Some(self.star(i, c)),
            '_' | '＿' => {
                let p = self.run_of(i, |ch| matches!(ch, '_' | '＿'));
                if text[i..p].chars().count() >= 3 {
                    Some(self.push_placeholder(Span::new(i, p), PlaceholderKind::Underscores))
                } else {
                    Some(p)
                }
            }
            _ => None,
        }
    }

    /// ××, XX (a run of crosses, with a hint after it) or X件, X% (a letter where a number
    /// belongs); not letters of a word or a code (X光, X+1, 5X). Returns where to go on.
    fn crosses(&mut self, i: usize) -> usize {
        let text = self.text;
        let end = self.b.end;
        let p = self.run_of(i, |ch| matches!(ch, '×' | 'Ｘ' | 'X' | 'x'));
        let run = &text[i..p];
        let count = run.chars().count();
        let ascii = run.is_ascii();
        let prev = prev_char(text, i);
        let next = char_at(text, p);
        if ascii
            && (prev.is_some_and(|ch| ch.is_ascii_alphanumeric())
                || next.is_some_and(|ch| ch.is_ascii_alphanumeric()))
        {
            return p;
        }
        if count >= 2 {
            let e = self.hint_after(p);
            return self.push_placeholder(Span::new(i, e), PlaceholderKind::Crosses);
        }
        // X件, X%: a letter where a number belongs
        if prev.is_some_and(|ch| numerals::is_arabic_digit(ch) || ch == '.') {
            return p;
        }
        let q = skip_one_space(text, p, end);
        let unit = units::match_unit(&text[q..end], true);
        let multiplier = text[q..end].starts_with(['万', '亿']);
        if unit.is_some() || multiplier {
            let e = q + unit.map_or(3, |(_, n)| n);
            return self.push_placeholder(Span::new(i, e), PlaceholderKind::LetterFigure);
        }
        p
    }

    /// One star where a figure (召开会议*次) or a place name (*区) belongs; not a ** run or the
    /// end of Markdown emphasis. Returns where to go on.
    fn star(&mut self, i: usize, c: char) -> usize {
        let text = self.text;
        let end = self.b.end;
        let p = i + c.len_utf8();
        let lone = !matches!(prev_char(text, i), Some('*' | '＊'))
            && !matches!(char_at(text, p), Some('*' | '＊'));
        // in Markdown a star after an odd number of stars on its line closes emphasis
        let closes_emphasis = self.markdown && {
            let ls = text[..i].rfind(['\n', '\r']).map_or(0, |k| k + 1);
            text[ls..i].matches(['*', '＊']).count() % 2 == 1
        };
        if !lone || closes_emphasis || p >= end {
            return p;
        }
        let rest = &text[p..end];
        let unit = units::match_unit(rest, true);
        let place = rest.starts_with(['区', '县', '市', '镇', '乡', '局', '省', '村', '街']);
        if unit.is_some() || rest.starts_with(['万', '亿']) || place {
            let e = p + unit.map_or(3, |(_, n)| n);
            return self.push_placeholder(Span::new(i, e), PlaceholderKind::Star);
        }
        p
    }
}
