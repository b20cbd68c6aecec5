//! The one-pass reader behind [`super::extract`]: walks each block character by character,
//! keeping track of sentences, clauses, brackets, quotes, book titles and `|`-table rows, and
//! records figures, years, year ranges, dates and placeholders with exact byte spans.

use super::units::{self, Approx};
use super::{
    Block, BlockKind, Clause, DateRef, Figure, Figures, NumForm, Placeholder, PlaceholderKind,
    Sentence, YearMark, YearRange,
};
use crate::numerals;
use crate::outline::Outline;
use crate::text::{is_space, Span};

/// Blocks of the outline in document order: everything that is report text (never noise).
fn collect_blocks(text: &str, o: &Outline) -> Vec<Block> {
    let mut v = vec![];
    if let Some(t) = o.title {
        v.push(Block {
            span: t,
            kind: BlockKind::Title,
        });
    }
    if let Some(a) = o.addressee {
        v.push(Block {
            span: a,
            kind: BlockKind::Addressee,
        });
    }
    for (h, head) in o.headings.iter().enumerate() {
        let end = if head.run_in {
            // the title and the mark that ends it; the rest is a paragraph of its own
            let e = head.title.end;
            e + text[e..].chars().next().map_or(0, char::len_utf8)
        } else {
            head.line.end
        };
        v.push(Block {
            span: Span::new(head.marker.end.min(end), end),
            kind: BlockKind::Heading(h),
        });
    }
    for (p, para) in o.paragraphs.iter().enumerate() {
        v.push(Block {
            span: para.span,
            kind: BlockKind::Paragraph(p),
        });
    }
    if let Some(c) = o.closing {
        v.push(Block {
            span: c,
            kind: BlockKind::Closing,
        });
    }
    if let Some(s) = &o.signature {
        v.push(Block {
            span: s.span,
            kind: BlockKind::Signature,
        });
    }
    v.sort_by_key(|b| (b.span.start, b.span.end));
    v
}

pub(super) fn scan(text: &str, outline: &Outline, markdown: bool) -> Figures {
    let blocks = collect_blocks(text, outline);
    let mut st = Scanner {
        text,
        markdown,
        // rough sizes for a report, to grow the vectors once or twice rather than often
        out: Figures {
            blocks,
            figures: Vec::with_capacity(text.len() / 64),
            sentences: Vec::with_capacity(text.len() / 96),
            clauses: Vec::with_capacity(text.len() / 32),
            ..Figures::default()
        },
        header: None,
        last_row: None,
        b: BlockState::default(),
    };
    for b in 0..st.out.blocks.len() {
        st.block(b);
    }
    st.finish();
    st.out
}

#[derive(Default)]
struct BlockState {
    index: usize,
    end: usize,
    figures_on: bool,
    sentence: Option<usize>,
    clause: Option<usize>,
    clause_sep: char,
    /// End of the last figure in the current clause (subjects start after it).
    last_fig_end: Option<usize>,
    parens: u32,
    quotes: u32,
    ascii_quote: bool,
    book: Option<usize>,
    /// Year ranges seen inside the open 《 (indices), to be given the book span at 》.
    book_ranges: Vec<usize>,
    in_row: bool,
    /// The cell of the current table row (number of `|` seen on the row, minus one).
    cell: i32,
}

struct Scanner<'t> {
    text: &'t str,
    markdown: bool,
    out: Figures,
    /// Column headers of the current table.
    header: Option<Vec<Span>>,
    /// Cells of the previous table row (becomes the header when a separator row follows).
    last_row: Option<Vec<Span>>,
    b: BlockState,
}

/// A parsed Arabic number.
#[derive(Debug, Clone, Copy)]
struct Num {
    start: usize,
    end: usize,
    value: f64,
    decimals: u8,
    int_digits: usize,
    grouped: bool,
    full_width: bool,
}

/// The character at byte `i` of valid UTF-8 and its length, decoded by hand (the scanner's
/// inner loop).
#[inline(always)]
fn decode(b: &[u8], i: usize) -> (char, usize) {
    let b0 = b[i] as u32;
    let (c, n) = if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
    } else if b0 < 0xF0 {
        (
            ((b0 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F),
            3,
        )
    } else {
        (
            ((b0 & 0x07) << 18)
                | ((b[i + 1] as u32 & 0x3F) << 12)
                | ((b[i + 2] as u32 & 0x3F) << 6)
                | (b[i + 3] as u32 & 0x3F),
            4,
        )
    };
    (char::from_u32(c).unwrap_or('\u{fffd}'), n)
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

fn prev_char(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

fn is_range_sep(c: char) -> bool {
    matches!(c, '—' | '–' | '-' | '－' | '~' | '～' | '〜' | '至' | '到')
}

/// Length of a range separator at `i` ("—", "——", "~", "至" …), if any.
fn range_sep_len(s: &str, i: usize) -> Option<usize> {
    let c = char_at(s, i)?;
    if !is_range_sep(c) {
        return None;
    }
    let mut n = c.len_utf8();
    if c == '—' && char_at(s, i + n) == Some('—') {
        n += '—'.len_utf8();
    }
    Some(n)
}

/// Parse Arabic digits at `i` (ASCII or full-width), with thousands separators and a decimal
/// part, up to `end`.
fn parse_arabic(s: &str, i: usize, end: usize) -> Option<Num> {
    let b = s.as_bytes();
    // a digit at `p`: (value, byte length)
    let digit = |p: usize| -> Option<(u64, usize)> {
        if p >= end {
            return None;
        }
        match b[p] {
            d @ b'0'..=b'9' => Some(((d - b'0') as u64, 1)),
            // full-width ０-９: EF BC 90-99
            0xEF if p + 2 < end && b[p + 1] == 0xBC => match b[p + 2] {
                d @ 0x90..=0x99 => Some(((d - 0x90) as u64, 3)),
                _ => None,
            },
            _ => None,
        }
    };
    // the mantissa as an integer (exact up to 19 digits), then as a float beyond
    let mut mantissa: u64 = 0;
    let mut big = 0f64;
    let mut overflow = false;
    let mut push = |d: u64| match mantissa.checked_mul(10).and_then(|m| m.checked_add(d)) {
        Some(m) if !overflow => mantissa = m,
        _ => {
            if !overflow {
                big = mantissa as f64;
                overflow = true;
            }
            big = big * 10.0 + d as f64;
        }
    };
    let mut p = i;
    let mut full_width = false;
    let mut int_digits = 0;
    while let Some((d, n)) = digit(p) {
        full_width |= n == 3;
        push(d);
        int_digits += 1;
        p += n;
    }
    if int_digits == 0 {
        return None;
    }
    let mut grouped = false;
    // thousands separators: 1,080 and 12,345,678 (a group of exactly three digits)
    if int_digits <= 3 {
        loop {
            let sep = if s[p..end].starts_with(',') {
                1
            } else if s[p..end].starts_with('，') {
                3
            } else {
                break;
            };
            let mut r = p + sep;
            let mut group = [0u64; 3];
            let mut count = 0;
            while let Some((d, n)) = digit(r) {
                if count < 3 {
                    group[count] = d;
                }
                count += 1;
                r += n;
            }
            if count != 3 {
                break;
            }
            for d in group {
                push(d);
            }
            int_digits += 3;
            grouped = true;
            p = r;
        }
    }
    let mut decimals = 0u8;
    let point = if s[p..end].starts_with('.') {
        1
    } else if s[p..end].starts_with('．') {
        3
    } else {
        0
    };
    if point > 0 && digit(p + point).is_some() {
        p += point;
        while let Some((d, n)) = digit(p) {
            push(d);
            decimals = decimals.saturating_add(1);
            p += n;
        }
    }
    let whole = if overflow { big } else { mantissa as f64 };
    Some(Num {
        start: i,
        end: p,
        value: whole / 10f64.powi(decimals as i32),
        decimals,
        int_digits,
        grouped,
        full_width,
    })
}

/// A Chinese numeral run at `i`: its end. Runs start with a digit or 十.
fn chinese_run(s: &str, i: usize, end: usize) -> usize {
    let mut p = i;
    while p < end {
        match char_at(s, p) {
            Some(c) if numerals::is_numeral_char(c) => p += c.len_utf8(),
            _ => break,
        }
    }
    p
}

/// Characters before a Chinese numeral that make it part of a word (第一, 统一, 进一步, 万一 …).
fn blocks_chinese(prev: Option<char>) -> bool {
    matches!(
        prev,
        Some(
            '第' | '统'
                | '进'
                | '唯'
                | '划'
                | '逐'
                | '专'
                | '单'
                | '同'
                | '万'
                | '之'
                | '初'
                | '周'
                | '某'
                | '其'
                | '任'
                | '每'
                | '星'
                | '礼'
                | '老'
        )
    )
}

fn skip_one_space(s: &str, i: usize, end: usize) -> usize {
    match char_at(s, i) {
        Some(c) if i < end && (c == ' ' || c == '\u{3000}' || c == '\u{a0}') => i + c.len_utf8(),
        _ => i,
    }
}

/// What follows a number: multiplier, modifiers, unit.
#[derive(Debug, Clone, Copy)]
struct Tail {
    /// End of the number including its multiplier.
    number_end: usize,
    scale: f64,
    unit: Option<&'static str>,
    unit_span: Span,
    approx: Approx,
    modifier: Option<Span>,
    end: usize,
}

fn match_prefix(table: &[(&'static str, Approx)], s: &str) -> Option<(usize, Approx)> {
    table
        .iter()
        .find(|(w, _)| s.starts_with(w))
        .map(|(w, a)| (w.len(), *a))
}

/// The character at byte `at` if it lies before `end`.
#[inline(always)]
fn peek(s: &str, at: usize, end: usize) -> Option<char> {
    (at < end).then(|| decode(s.as_bytes(), at).0)
}

/// Read the multiplier, modifiers and unit after a number ending at `p`: 万/亿/千, 余/多 before
/// or after the multiplier (300余万元, 0.8万余份), the unit, then 以上/左右 … after it.
fn read_tail(s: &str, p: usize, end: usize, arabic: bool) -> Tail {
    let q = skip_one_space(s, p, end);
    let none = Tail {
        number_end: p,
        scale: 1.0,
        unit: None,
        unit_span: Span::empty(p),
        approx: Approx::Exact,
        modifier: None,
        end: p,
    };
    let Some(first) = peek(s, q, end) else {
        return none;
    };
    // nothing a figure can continue with: most numerals in running text
    if !(matches!(first, '余' | '多' | '万' | '亿' | '千') || units::starts_unit(first)) {
        return none;
    }
    const W: usize = 3; // 余 多 万 亿 千 are three bytes
    let mut at = q;
    let mut approx = Approx::Exact;
    let mut modifier = None;
    let infix = |at: &mut usize, approx: &mut Approx, modifier: &mut Option<Span>| {
        if modifier.is_none() && matches!(peek(s, *at, end), Some('余' | '多')) {
            *approx = Approx::Over;
            *modifier = Some(Span::new(*at, *at + W));
            *at += W;
        }
    };
    infix(&mut at, &mut approx, &mut modifier);
    let mut number_end = p;
    let mut scale = 1.0;
    if arabic {
        let m = match peek(s, at, end) {
            Some('万') if peek(s, at + W, end) == Some('亿') => Some((1e12, 2 * W)),
            Some('亿') => Some((1e8, W)),
            Some('万') => Some((1e4, W)),
            Some('千') => Some((1e3, W)),
            _ => None,
        };
        if let Some((f, n)) = m {
            scale = f;
            at += n;
            number_end = at;
        }
    }
    // 0.8万余份: the infix after the multiplier
    infix(&mut at, &mut approx, &mut modifier);
    let (unit, unit_span) = match units::match_unit(&s[at..end], arabic) {
        Some((u, n)) => (Some(u), Span::new(at, at + n)),
        None => (None, Span::empty(number_end)),
    };
    let mut end_at = if unit.is_some() {
        unit_span.end
    } else if scale > 1.0 {
        // 2.73万 (a bare multiplier), 2万多
        modifier.map_or(number_end, |m| m.end.max(number_end))
    } else {
        p
    };
    if (unit.is_some() || scale > 1.0)
        && matches!(peek(s, end_at, end), Some('以' | '左' | '上' | '有'))
    {
        if let Some((n, a)) = match_prefix(units::SUFFIXES, &s[end_at..end]) {
            if approx == Approx::Exact {
                approx = a;
                modifier = Some(Span::new(end_at, end_at + n));
            }
            end_at += n;
        }
    }
    if unit.is_none() && scale <= 1.0 {
        return none;
    }
    Tail {
        number_end,
        scale,
        unit,
        unit_span,
        approx,
        modifier,
        end: end_at,
    }
}

impl Scanner<'_> {
    fn block(&mut self, b: usize) {
        let Block { span, kind } = self.out.blocks[b].clone();
        self.b = BlockState {
            index: b,
            end: span.end,
            figures_on: matches!(kind, BlockKind::Heading(_) | BlockKind::Paragraph(_)),
            ..BlockState::default()
        };
        if !self.b.figures_on {
            self.header = None;
            self.last_row = None;
        }
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = span.start;
        let mut line_start = true;
        while i < span.end {
            let (c, n) = decode(bytes, i);
            if line_start {
                line_start = false;
                if let Some(next) = self.table_line(i) {
                    i = next;
                    continue;
                }
            }
            match c {
                '\n' | '\r' => {
                    if self.b.in_row {
                        self.close_sentence(i);
                        self.b.in_row = false;
                    }
                    line_start = true;
                    i += n;
                }
                '。' | '！' | '？' | '!' | '?' => {
                    self.open(i);
                    self.close_sentence(i + n);
                    i += n;
                }
                '，' | ',' | '、' | '；' | ';' => {
                    self.open(i);
                    self.close_clause(i, c);
                    i += n;
                }
                '|' | '｜' if self.b.in_row => {
                    self.open(i);
                    self.close_clause(i, '|');
                    self.b.cell += 1;
                    i += n;
                }
                '（' | '(' => {
                    self.open(i);
                    if let Some(next) = self.empty_brackets(i, c) {
                        i = next;
                        continue;
                    }
                    self.b.parens += 1;
                    i += n;
                }
                '）' | ')' => {
                    self.b.parens = self.b.parens.saturating_sub(1);
                    i += n;
                }
                '“' | '「' | '『' | '‘' => {
                    self.open(i);
                    self.b.quotes += 1;
                    i += n;
                }
                '”' | '」' | '』' | '’' => {
                    self.b.quotes = self.b.quotes.saturating_sub(1);
                    i += n;
                }
                '"' => {
                    self.open(i);
                    self.b.ascii_quote = !self.b.ascii_quote;
                    i += n;
                }
                '《' => {
                    self.open(i);
                    self.b.book = Some(i);
                    self.b.book_ranges.clear();
                    i += n;
                }
                '》' => {
                    if let Some(start) = self.b.book.take() {
                        for r in std::mem::take(&mut self.b.book_ranges) {
                            self.out.year_ranges[r].book = Some(Span::new(start, i + n));
                        }
                    }
                    i += n;
                }
                '×' | 'Ｘ' | 'X' | 'x' | '【' | '〔' | '［' | '[' | '$' | '某' | '○' | '〇'
                | '□' | '_' | '＿' | '*' | '＊' => {
                    self.open(i);
                    i = self.placeholder(i, c).unwrap_or(i + n);
                }
                '0'..='9' | '０'..='９' => {
                    self.open(i);
                    i = self.arabic(i);
                }
                '百' if text[i..].starts_with("百分之") => {
                    self.open(i);
                    i = self.chinese_percent(i);
                }
                // the characters a Chinese numeral starts with (〇 and ○ are read above)
                '零' | '一' | '壹' | '幺' | '二' | '两' | '贰' | '三' | '叁' | '四' | '肆'
                | '五' | '伍' | '六' | '陆' | '七' | '柒' | '八' | '捌' | '九' | '玖' | '十' =>
                {
                    self.open(i);
                    i = self.chinese(i);
                }
                // CJK ideographs are neither spaces nor marks: the common case
                '\u{4e00}'..='\u{9fff}' => {
                    self.open(i);
                    i += n;
                }
                c if is_space(c) => i += n,
                _ => {
                    self.open(i);
                    i += n;
                }
            }
        }
        self.close_sentence(span.end);
        self.b.in_row = false;
    }

    // --- sentences and clauses -------------------------------------------------------------

    /// Open a sentence and a clause at `at` if none is open.
    #[inline]
    fn open(&mut self, at: usize) {
        if self.b.clause.is_none() {
            self.open_new(at);
        }
    }

    fn open_new(&mut self, at: usize) {
        if self.b.sentence.is_none() {
            self.out.sentences.push(Sentence {
                span: Span::new(at, at),
                block: self.b.index,
                table_row: self.b.in_row,
            });
            self.b.sentence = Some(self.out.sentences.len() - 1);
            self.b.clause_sep = '\0';
        }
        if self.b.clause.is_none() {
            let sentence = self.b.sentence.expect("opened");
            self.out.clauses.push(Clause {
                span: Span::new(at, at),
                sentence,
                sep: self.b.clause_sep,
            });
            self.b.clause = Some(self.out.clauses.len() - 1);
            self.b.last_fig_end = None;
        }
    }

    fn close_clause(&mut self, at: usize, sep: char) {
        if let Some(c) = self.b.clause.take() {
            self.out.clauses[c].span.end = at.max(self.out.clauses[c].span.start);
        }
        self.b.clause_sep = sep;
        self.b.last_fig_end = None;
    }

    fn close_sentence(&mut self, at: usize) {
        self.close_clause(at, '\0');
        if let Some(s) = self.b.sentence.take() {
            self.out.sentences[s].span.end = at.max(self.out.sentences[s].span.start);
        }
        self.b.parens = 0;
    }

    // --- tables ----------------------------------------------------------------------------

    /// At a line start: a `|` table row. Separator rows make the previous row the header and are
    /// skipped (returns the next position); data rows open a sentence and return None.
    fn table_line(&mut self, i: usize) -> Option<usize> {
        if !self.b.figures_on {
            return None;
        }
        let text = self.text;
        let lead = text[i..self.b.end].trim_start_matches([' ', '\t', '\u{3000}']);
        if !lead.starts_with(['|', '｜']) {
            if self.b.in_row {
                self.close_sentence(i);
                self.b.in_row = false;
            }
            self.header = None;
            self.last_row = None;
            return None;
        }
        let line_end = text[i..self.b.end]
            .find(['\n', '\r'])
            .map_or(self.b.end, |k| i + k);
        let line = &text[i..line_end];
        let trimmed = line.trim_start_matches(is_space);
        self.close_sentence(i);
        let is_sep = trimmed.contains('-')
            && trimmed
                .chars()
                .all(|c| matches!(c, '|' | '｜' | '-' | ':' | '：' | '—') || is_space(c));
        if is_sep {
            self.header = self.last_row.take();
            return Some(line_end);
        }
        // cells of this row
        let mut cells = vec![];
        let mut start = None;
        for (k, c) in line.char_indices() {
            if c == '|' || c == '｜' {
                if let Some(s) = start {
                    cells.push(crate::text::trim_span(text, Span::new(i + s, i + k)));
                }
                start = Some(k + c.len_utf8());
            }
        }
        self.last_row = Some(cells);
        self.b.in_row = true;
        self.b.cell = -1;
        None
    }

    /// The header cell above the current cell, if the table has a header.
    fn header_cell(&self) -> Option<Span> {
        let h = self.header.as_ref()?;
        usize::try_from(self.b.cell)
            .ok()
            .and_then(|c| h.get(c).copied())
    }

    // --- figures ---------------------------------------------------------------------------

    /// Subject words: from the clause start (or the previous figure) to `at`.
    fn subject_before(&self, at: usize) -> Span {
        let clause_start = self.b.clause.map_or(at, |c| self.out.clauses[c].span.start);
        let start = self
            .b
            .last_fig_end
            .unwrap_or(clause_start)
            .max(clause_start);
        crate::text::trim_span(self.text, Span::new(start.min(at), at))
    }

    /// A modifier written before the number (约, 超过, 不足 …) and a minus sign.
    fn prefix(&self, at: usize) -> (usize, Approx, Option<Span>, bool) {
        let text = self.text;
        let floor = self
            .b
            .clause
            .map_or(at, |c| self.out.clauses[c].span.start)
            .max(self.b.last_fig_end.unwrap_or(0));
        let mut start = at;
        let mut negative = false;
        if let Some(c) = prev_char(text, start) {
            if matches!(c, '-' | '－' | '−') && start - c.len_utf8() >= floor {
                let before = prev_char(text, start - c.len_utf8());
                if !before.is_some_and(|b| {
                    b.is_ascii_alphanumeric()
                        || numerals::is_arabic_digit(b)
                        || b == '%'
                        || b == '年'
                }) {
                    negative = true;
                    start -= c.len_utf8();
                }
            }
        }
        let before = &text[floor.min(start)..start];
        let before = before.trim_end_matches([' ', '\u{3000}']);
        // every modifier ends with one of these characters
        if !before.ends_with(['于', '过', '约', '近', '足', '到', '逾', '超']) {
            return (start, Approx::Exact, None, negative);
        }
        for (w, a) in units::PREFIXES {
            if before.ends_with(w) {
                let s = floor.min(start) + before.len() - w.len();
                return (s.min(start), *a, Some(Span::new(s, s + w.len())), negative);
            }
        }
        (start, Approx::Exact, None, negative)
    }

    #[allow(clippy::too_many_arguments)]
    fn push_figure(
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
            span: Span::new(start, tail.end),
            number: Span::new(number_start, tail.number_end),
            value: value * tail.scale,
            scale: tail.scale,
            decimals,
            form,
            unit,
            unit_span,
            approx,
            modifier,
            subject,
            tail: Span::empty(tail.end),
            clause: self.b.clause.unwrap_or(0),
            sentence: self.b.sentence.unwrap_or(0),
            block: self.b.index,
            in_parens: self.b.parens > 0,
            in_quotes: self.b.quotes > 0 || self.b.ascii_quote,
            weak,
            range_with: None,
        };
        self.out.figures.push(fig);
        self.b.last_fig_end = Some(tail.end);
        Some(self.out.figures.len() - 1)
    }

    /// An Arabic number at `i`: a year, a year range, a date, a figure, or nothing.
    fn arabic(&mut self, i: usize) -> usize {
        let text = self.text;
        let end = self.b.end;
        let prev = prev_char(text, i);
        let Some(num) = parse_arabic(text, i, end) else {
            return i + 1;
        };
        // part of a code or a name (S2, G20, v1.2); 12345热线 has no unit and is left below
        if prev.is_some_and(|c| c.is_ascii_alphabetic() || c == '.' || c == '_' || c == '/') {
            return self.skip_alnum(num.end);
        }
        // an ordinal (第2批, 第3期) is not a count
        if prev == Some('第') {
            return num.end;
        }
        if char_at(text, num.end).is_some_and(|c| c.is_ascii_alphabetic()) {
            return self.skip_alnum(num.end);
        }
        if let Some(next) = self.year_or_range(&num) {
            return next;
        }
        if let Some(next) = self.date(i, i, None, Some(num)) {
            return next;
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
    fn bare_cell(&self, start: usize, end: usize) -> bool {
        let text = self.text;
        let before = text[..start].trim_end_matches(is_space);
        let after = text[end..self.b.end].trim_start_matches(is_space);
        before.ends_with(['|', '｜']) && after.starts_with(['|', '｜'])
    }

    fn skip_alnum(&self, mut p: usize) -> usize {
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
    fn figure_or_range(
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
                            self.out.figures[a].range_with = Some(b);
                            self.out.figures[b].range_with = Some(a);
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

    fn is_date_after(&self, p: usize) -> bool {
        let rest = &self.text[p..self.b.end];
        rest.starts_with('月') || rest.starts_with('日') || rest.starts_with('号')
    }

    /// 2023年 / 2023年度 / 2021—2025年 / 1999年~2022年 (and a date after 年).
    fn year_or_range(&mut self, num: &Num) -> Option<usize> {
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

    fn push_range(&mut self, start: usize, end: usize, y1: i32, y2: i32) {
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
    fn date(
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

    /// A Chinese numeral at `i`: a year (二〇二四年), a date (一月), a figure (十二次), or nothing.
    fn chinese(&mut self, i: usize) -> usize {
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
    fn chinese_percent(&mut self, i: usize) -> usize {
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
            span: Span::new(start, end_at),
            number: Span::new(i, q),
            value,
            scale: 1.0,
            decimals,
            form,
            unit: Some("%"),
            unit_span: Span::new(i, p),
            approx,
            modifier,
            subject,
            tail: Span::empty(end_at),
            clause: self.b.clause.unwrap_or(0),
            sentence: self.b.sentence.unwrap_or(0),
            block: self.b.index,
            in_parens: self.b.parens > 0,
            in_quotes: self.b.quotes > 0 || self.b.ascii_quote,
            weak: false,
            range_with: None,
        });
        self.b.last_fig_end = Some(end_at);
        end_at
    }

    // --- placeholders ----------------------------------------------------------------------

    fn push_placeholder(&mut self, span: Span, kind: PlaceholderKind) -> usize {
        self.out.placeholders.push(Placeholder { span, kind });
        span.end
    }

    /// A hint in brackets right after a blank: ××（主要举措）.
    fn hint_after(&self, p: usize) -> usize {
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

    /// （ ）, ( ): brackets with nothing but spaces inside.
    fn empty_brackets(&mut self, i: usize, open: char) -> Option<usize> {
        let close = if open == '（' { '）' } else { ')' };
        let rest = &self.text[i + open.len_utf8()..self.b.end];
        // only spaces may come before the closing bracket
        let inner_len = rest.len() - rest.trim_start_matches([' ', '\u{3000}', '\t']).len();
        if !rest[inner_len..].starts_with(close) || rest[..inner_len].chars().count() > 8 {
            return None;
        }
        let k = inner_len;
        let end = i + open.len_utf8() + k + close.len_utf8();
        Some(self.push_placeholder(Span::new(i, end), PlaceholderKind::EmptyBrackets))
    }

    fn placeholder(&mut self, i: usize, c: char) -> Option<usize> {
        let text = self.text;
        let end = self.b.end;
        let run_of = |set: &dyn Fn(char) -> bool| -> usize {
            let mut p = i;
            while let Some(ch) = char_at(text, p) {
                if p >= end || !set(ch) {
                    break;
                }
                p += ch.len_utf8();
            }
            p
        };
        match c {
            '×' | 'Ｘ' | 'X' | 'x' => {
                let p = run_of(&|ch| matches!(ch, '×' | 'Ｘ' | 'X' | 'x'));
                let run = &text[i..p];
                let count = run.chars().count();
                let ascii = run.is_ascii();
                let prev = prev_char(text, i);
                let next = char_at(text, p);
                if ascii
                    && (prev.is_some_and(|ch| ch.is_ascii_alphanumeric())
                        || next.is_some_and(|ch| ch.is_ascii_alphanumeric()))
                {
                    return Some(p);
                }
                if count >= 2 {
                    let e = self.hint_after(p);
                    return Some(self.push_placeholder(Span::new(i, e), PlaceholderKind::Crosses));
                }
                // X件, X%: a letter where a number belongs
                if prev.is_some_and(|ch| numerals::is_arabic_digit(ch) || ch == '.') {
                    return Some(p);
                }
                let q = skip_one_space(text, p, end);
                let unit = units::match_unit(&text[q..end], true);
                let multiplier = text[q..end].starts_with(['万', '亿']);
                if unit.is_some() || multiplier {
                    let e = q + unit.map_or(3, |(_, n)| n);
                    return Some(
                        self.push_placeholder(Span::new(i, e), PlaceholderKind::LetterFigure),
                    );
                }
                Some(p)
            }
            '【' | '〔' | '［' | '[' => {
                let close = match c {
                    '【' => '】',
                    '〔' => '〕',
                    '［' => '］',
                    _ => ']',
                };
                let rest = &text[i + c.len_utf8()..end];
                let k = rest.len() - rest.trim_start_matches([' ', '\u{3000}', '\t']).len();
                if !rest[k..].starts_with(close) || rest[..k].chars().count() > 8 {
                    return None;
                }
                // a Markdown task list item: "- [ ] …"
                if c == '[' && self.markdown {
                    let line = &text[..i];
                    let ls = line.rfind(['\n', '\r']).map_or(0, |k| k + 1);
                    let lead = text[ls..i].trim();
                    if matches!(lead, "-" | "*" | "+") {
                        return None;
                    }
                }
                let e = i + c.len_utf8() + k + close.len_utf8();
                Some(self.push_placeholder(Span::new(i, e), PlaceholderKind::EmptyBrackets))
            }
            '$' => {
                let rest = &text[i..end];
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
                let p = run_of(&|ch| ch == '某');
                if text[i..p].chars().count() >= 2 {
                    Some(self.push_placeholder(Span::new(i, p), PlaceholderKind::Mou))
                } else {
                    Some(p)
                }
            }
            '○' | '〇' | '□' => {
                let p = run_of(&|ch| matches!(ch, '○' | '〇' | '□'));
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
            '*' | '＊' => {
                // one star, not a ** run, where a figure (召开会议*次) or a place name (*区)
                // belongs
                let p = i + c.len_utf8();
                let lone = !matches!(prev_char(text, i), Some('*' | '＊'))
                    && !matches!(char_at(text, p), Some('*' | '＊'));
                // in Markdown a star after an odd number of stars on its line closes emphasis
                let closes_emphasis = self.markdown && {
                    let ls = text[..i].rfind(['\n', '\r']).map_or(0, |k| k + 1);
                    text[ls..i].matches(['*', '＊']).count() % 2 == 1
                };
                if !lone || closes_emphasis || p >= end {
                    return Some(p);
                }
                let rest = &text[p..end];
                let unit = units::match_unit(rest, true);
                let place =
                    rest.starts_with(['区', '县', '市', '镇', '乡', '局', '省', '村', '街']);
                if unit.is_some() || rest.starts_with(['万', '亿']) || place {
                    let e = p + unit.map_or(3, |(_, n)| n);
                    return Some(self.push_placeholder(Span::new(i, e), PlaceholderKind::Star));
                }
                Some(p)
            }
            '_' | '＿' => {
                let p = run_of(&|ch| matches!(ch, '_' | '＿'));
                if text[i..p].chars().count() >= 3 {
                    Some(self.push_placeholder(Span::new(i, p), PlaceholderKind::Underscores))
                } else {
                    Some(p)
                }
            }
            _ => None,
        }
    }

    // --- after the pass --------------------------------------------------------------------

    fn finish(&mut self) {
        let text = self.text;
        let n = self.out.figures.len();
        for k in 0..n {
            // tails: to the next figure of the clause or the clause end
            let f = &self.out.figures[k];
            let clause_end = self
                .out
                .clauses
                .get(f.clause)
                .map_or(f.span.end, |c| c.span.end);
            let next = self
                .out
                .figures
                .get(k + 1)
                .filter(|g| g.clause == f.clause)
                .map_or(clause_end, |g| g.span.start);
            let tail = crate::text::trim_span(text, Span::new(f.span.end, next.max(f.span.end)));
            // shared names: 办结率、满意率100% — a clause of names before the figure's own
            let mut subject = f.subject;
            let mut c = f.clause;
            let sentence = f.sentence;
            while subject.start == crate::text::trim_span(text, self.out.clauses[c].span).start
                && c > 0
                && self.out.clauses[c].sep == '、'
                && self.out.clauses[c - 1].sentence == sentence
            {
                let prev = self.out.clauses[c - 1].span;
                let has_fig = self.out.figures[..k]
                    .iter()
                    .rev()
                    .take_while(|g| g.clause + 1 >= c)
                    .any(|g| g.clause == c - 1);
                if has_fig || !prev.text(text).trim_end().ends_with('率') {
                    break;
                }
                subject = Span::new(crate::text::trim_span(text, prev).start, subject.end);
                c -= 1;
            }
            let f = &mut self.out.figures[k];
            f.tail = tail;
            f.subject = subject;
        }
    }
}

/// A month or day number: 1–2 Arabic digits or a short Chinese numeral.
fn read_small(s: &str, at: usize, end: usize) -> Option<(u32, usize)> {
    if at >= end {
        return None;
    }
    if let Some(n) = parse_arabic(s, at, end) {
        return Some((small_value(&n)?, n.end));
    }
    let run_end = chinese_run(s, at, end);
    let run = &s[at..run_end];
    if run.is_empty() || run.len() > 9 {
        return None;
    }
    let v = numerals::parse(run)?;
    Some((u32::try_from(v).ok()?, run_end))
}

fn small_value(n: &Num) -> Option<u32> {
    (n.int_digits <= 2 && n.decimals == 0 && !n.grouped).then_some(n.value as u32)
}
