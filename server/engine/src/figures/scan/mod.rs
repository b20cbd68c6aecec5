//! The one-pass reader behind [`super::extract`]: walks each block character by character,
//! keeping track of sentences, clauses, brackets, quotes, book titles and `|`-table rows, and
//! records figures, years, year ranges, dates and placeholders with exact byte spans.
//!
//! The phases of the reader, one file each:
//! - this file: the blocks of the outline, the character loop of a block, sentences and clauses,
//!   and the pass after the loop (subjects and tails of figures);
//! - [`lex`]: numbers as characters (Arabic, full-width, Chinese numerals) and what follows them
//!   (multiplier, modifiers, unit);
//! - [`tables`]: `|` table rows and their header cells;
//! - [`numbers`]: figures with their subject, modifiers and ranges;
//! - [`dates`]: years, year ranges and dates;
//! - [`placeholders`]: template blanks left in the text;
//! - `reference` (tests only): the functions the byte-level shortcuts replaced; with the
//!   shortcuts off ([`lex::fast_path`]) the scanner reads as first written, and property tests
//!   compare both readings.
//!
//! The hot paths read bytes, not characters: runs of plain ideographs are skipped against a
//! bit table, and units, modifiers, separators and spaces are recognised from their UTF-8 bytes
//! (docs/performance.md, "The figure scan").

mod dates;
mod lex;
mod numbers;
mod placeholders;
#[cfg(test)]
mod reference;
mod tables;

use super::{Block, BlockKind, Clause, Figures, Sentence, TableRow};
use crate::outline::Outline;
use crate::text::{is_half_width_stop, is_space, Span, Span32};
use lex::*;

/// Blocks of the outline in document order: everything that is report text (never noise).
fn collect_blocks(text: &str, o: &Outline) -> Vec<Block> {
    let mut v = vec![];
    if let Some(t) = o.title {
        v.push(Block {
            span: t.into(),
            kind: BlockKind::Title,
        });
    }
    if let Some(a) = o.addressee {
        v.push(Block {
            span: a.into(),
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
            span: Span32::new(head.marker.end.min(end), end),
            kind: BlockKind::Heading(crate::text::offset32(h)),
        });
    }
    for (p, para) in o.paragraphs.iter().enumerate() {
        v.push(Block {
            span: para.span.into(),
            kind: BlockKind::Paragraph(crate::text::offset32(p)),
        });
    }
    if let Some(c) = o.closing {
        v.push(Block {
            span: c.into(),
            kind: BlockKind::Closing,
        });
    }
    if let Some(s) = &o.signature {
        v.push(Block {
            span: s.span.into(),
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
        plain: tables::plain_rows(text),
        plain_next: 0,
        table: None,
        plain_table: None,
        row_cells: vec![],
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
    /// The current row is a line of a plain-text table (cells separated by tabs or spaces).
    in_plain: bool,
    /// The current row as a data row of `Scanner::table`, until its sentence opens.
    row: Option<TableRow>,
    /// The cell of the current table row (number of `|` seen on the row, minus one).
    cell: i32,
    /// Where the next sentence end and the next closing marks are (searched forward once and
    /// reused while the scan has not passed them): see [`Scanner::closes_in_sentence`].
    next_end: Option<usize>,
    next_close: [Option<usize>; 4],
}

/// Paired marks whose opening is only honoured when they close in the same sentence.
#[derive(Clone, Copy)]
enum Mark {
    Paren,
    Quote,
    Single,
    Corner,
}

struct Scanner<'t> {
    text: &'t str,
    markdown: bool,
    out: Figures,
    /// Column headers of the current table.
    header: Option<Vec<Span>>,
    /// Cells of the previous table row (becomes the header when a separator row follows).
    last_row: Option<Vec<Span>>,
    /// The lines of plain-text tables, in order, and the first one not yet passed.
    plain: Vec<tables::PlainRow>,
    plain_next: usize,
    /// The table (index into `out.tables`) whose rows are being read.
    table: Option<usize>,
    /// The plain-text table being read (`PlainRow::table`).
    plain_table: Option<usize>,
    /// The cells of the current plain-text row.
    row_cells: Vec<Span>,
    b: BlockState,
}

impl Scanner<'_> {
    fn block(&mut self, b: usize) {
        let Block { span, kind } = self.out.blocks[b].clone();
        let span = span.wide();
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
            if line_start {
                line_start = false;
                if let Some(next) = self.table_line(i) {
                    i = next;
                    continue;
                }
                if let Some(next) = self.plain_line(i) {
                    i = next;
                    continue;
                }
            }
            // the common case: a run of ideographs that start nothing (not a numeral, 百 or 某)
            // only opens a clause; skip it without decoding each character
            if plain_ideograph(bytes, i) && fast_path() {
                self.open(i);
                i = skip_plain_ideographs(bytes, i + 3, span.end);
                continue;
            }
            let (c, n) = decode(bytes, i);
            i = self.step(i, c, n, &mut line_start);
        }
        self.close_sentence(span.end);
        self.b.in_row = false;
        self.b.in_plain = false;
    }

    /// Read the character `c` (`n` bytes) at `i` of a block: close clauses and sentences at
    /// their marks, track asides, quotes and titles, read figures and placeholders. Returns
    /// where to go on.
    #[inline(always)]
    fn step(&mut self, i: usize, c: char, n: usize, line_start: &mut bool) -> usize {
        match c {
            '\n' | '\r' => {
                if self.b.in_row {
                    self.close_sentence(i);
                    self.b.in_row = false;
                    self.b.in_plain = false;
                }
                *line_start = true;
                i + n
            }
            '。' | '！' | '？' | '!' | '?' => {
                self.open(i);
                self.close_sentence(i + n);
                i + n
            }
            // a full stop typed half-width, as the outline reads it ("……职能.全县……"); not a
            // decimal point, a numbering mark or an address
            '.' if is_half_width_stop(self.text, i) => {
                self.open(i);
                self.close_sentence(i + n);
                i + n
            }
            '，' | ',' | '、' | '；' | ';' => {
                self.open(i);
                // a list inside an aside ("各县（市、区）政府") does not split the clause
                if self.b.parens == 0 {
                    self.close_clause(i, c);
                }
                i + n
            }
            '|' | '｜' if self.b.in_row => {
                self.open(i);
                self.close_clause(i, '|');
                self.b.cell += 1;
                i + n
            }
            '（' | '(' | '）' | ')' | '“' | '「' | '『' | '‘' | '”' | '」' | '』' | '’' | '"'
            | '《' | '》' => self.mark(i, c, n),
            '×' | 'Ｘ' | 'X' | 'x' | '【' | '〔' | '［' | '[' | '$' | '某' | '○' | '〇' | '□'
            | '_' | '＿' | '*' | '＊' => {
                self.open(i);
                self.placeholder(i, c).unwrap_or(i + n)
            }
            '0'..='9' | '０'..='９' => {
                self.open(i);
                self.arabic(i)
            }
            '百' if self.text[i..].starts_with("百分之") => {
                self.open(i);
                self.chinese_percent(i)
            }
            // the characters a Chinese numeral starts with (〇 and ○ are read above)
            '零' | '一' | '壹' | '幺' | '二' | '两' | '贰' | '三' | '叁' | '四' | '肆' | '五'
            | '伍' | '六' | '陆' | '七' | '柒' | '八' | '捌' | '九' | '玖' | '十' => {
                self.open(i);
                self.chinese(i)
            }
            // CJK ideographs are neither spaces nor marks: the common case
            '\u{4e00}'..='\u{9fff}' => {
                self.open(i);
                i + n
            }
            c if is_space(c) || c == '\t' => {
                if self.b.in_plain {
                    if let Some(next) = self.plain_separator(i) {
                        self.open(i);
                        self.close_clause(i, '|');
                        self.b.cell += 1;
                        return next;
                    }
                }
                i + n
            }
            _ => {
                self.open(i);
                i + n
            }
        }
    }

    /// Brackets, quotes and title marks: asides and quotations (figures inside them do not
    /// split clauses), titles (a year range inside 《》 is a cited document's).
    fn mark(&mut self, i: usize, c: char, n: usize) -> usize {
        match c {
            '（' | '(' => {
                self.open(i);
                if let Some(next) = self.empty_brackets(i, c) {
                    return next;
                }
                // an aside only when it closes in the same sentence: a bracket left open
                // by mistake must not hide the figures after it
                if self.closes_in_sentence(i + n, Mark::Paren) {
                    self.b.parens += 1;
                }
            }
            '）' | ')' => self.b.parens = self.b.parens.saturating_sub(1),
            '“' | '「' | '『' | '‘' => {
                self.open(i);
                let mark = match c {
                    '“' => Mark::Quote,
                    '‘' => Mark::Single,
                    _ => Mark::Corner,
                };
                if self.closes_in_sentence(i + n, mark) {
                    self.b.quotes += 1;
                }
            }
            '”' | '」' | '』' | '’' => self.b.quotes = self.b.quotes.saturating_sub(1),
            '"' => {
                self.open(i);
                self.b.ascii_quote = !self.b.ascii_quote;
            }
            '《' => {
                self.open(i);
                self.b.book = Some(i);
                self.b.book_ranges.clear();
            }
            '》' => {
                if let Some(start) = self.b.book.take() {
                    for r in std::mem::take(&mut self.b.book_ranges) {
                        self.out.year_ranges[r].book = Some(Span::new(start, i + n));
                    }
                }
            }
            _ => {}
        }
        i + n
    }

    /// Does `mark` close between `from` and the end of the sentence (。！？, a half-width full
    /// stop, or the block end)? Each search resumes where the last one stopped, so the scan
    /// stays linear.
    fn closes_in_sentence(&mut self, from: usize, mark: Mark) -> bool {
        let text = self.text;
        let end = self.b.end;
        let find = |marks: &MarkSet| find_mark(text, from, end, marks);
        let sentence_end = match self.b.next_end {
            Some(p) if p >= from => p,
            _ => {
                let mut p = find(&SENTENCE_ENDS);
                while p < end && text.as_bytes()[p] == b'.' && !is_half_width_stop(text, p) {
                    p = find_mark(text, p + 1, end, &SENTENCE_ENDS);
                }
                self.b.next_end = Some(p);
                p
            }
        };
        let slot = mark as usize;
        let close = match self.b.next_close[slot] {
            Some(p) if p >= from => p,
            _ => {
                let p = match mark {
                    Mark::Paren => find(&PAREN_CLOSES),
                    Mark::Quote => find(&QUOTE_CLOSES),
                    Mark::Single => find(&SINGLE_CLOSES),
                    Mark::Corner => find(&CORNER_CLOSES),
                };
                self.b.next_close[slot] = Some(p);
                p
            }
        };
        close < sentence_end
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
                span: Span32::new(at, at),
                block: crate::text::offset32(self.b.index),
                table_row: self.b.in_row,
            });
            self.b.sentence = Some(self.out.sentences.len() - 1);
            self.b.clause_sep = '\0';
            if self.b.in_row {
                if let (Some(mut row), Some(t)) = (self.b.row.take(), self.table) {
                    row.sentence = self.out.sentences.len() - 1;
                    self.out.tables[t].rows.push(row);
                }
            }
        }
        if self.b.clause.is_none() {
            let sentence = self.b.sentence.expect("opened");
            self.out.clauses.push(Clause {
                span: Span32::new(at, at),
                sentence: crate::text::offset32(sentence),
                sep: self.b.clause_sep,
            });
            self.b.clause = Some(self.out.clauses.len() - 1);
            self.b.last_fig_end = None;
        }
    }

    fn close_clause(&mut self, at: usize, sep: char) {
        if let Some(c) = self.b.clause.take() {
            let span = &mut self.out.clauses[c].span;
            span.end = crate::text::offset32(at).max(span.start);
        }
        self.b.clause_sep = sep;
        self.b.last_fig_end = None;
    }

    fn close_sentence(&mut self, at: usize) {
        self.close_clause(at, '\0');
        if let Some(s) = self.b.sentence.take() {
            let span = &mut self.out.sentences[s].span;
            span.end = crate::text::offset32(at).max(span.start);
        }
        self.b.parens = 0;
        self.b.quotes = 0;
    }

    // --- after the pass --------------------------------------------------------------------

    fn finish(&mut self) {
        let text = self.text;
        self.out.tables.retain(|t| !t.rows.is_empty());
        let n = self.out.figures.len();
        for k in 0..n {
            // tails: to the next figure of the clause or the clause end
            let f = &self.out.figures[k];
            let clause_end = self
                .out
                .clauses
                .get(f.clause as usize)
                .map_or(f.span.end, |c| c.span.end) as usize;
            let next = self
                .out
                .figures
                .get(k + 1)
                .filter(|g| g.clause == f.clause)
                .map_or(clause_end, |g| g.span.start as usize);
            let end = f.span.end as usize;
            let tail = trim(text, Span::new(end, next.max(end)));
            let mut subject = f.subject.wide();
            let mut c = f.clause as usize;
            let sentence = f.sentence;
            while subject.start == trim_start(text, self.out.clauses[c].span.wide())
                && c > 0
                && self.out.clauses[c].sep == '、'
                && self.out.clauses[c - 1].sentence == sentence
            {
                let prev = self.out.clauses[c - 1].span;
                let has_fig = self.out.figures[..k]
                    .iter()
                    .rev()
                    .take_while(|g| g.clause as usize + 1 >= c)
                    .any(|g| g.clause as usize == c - 1);
                // a clause of names with no figure of its own shares the figure after it:
                // "办结率、满意率100%", "受理群众来电、网络诉求共计58640件"
                if has_fig {
                    break;
                }
                subject = Span::new(trim_start(text, prev.wide()), subject.end);
                c -= 1;
            }
            // "其中，企业812户": the 其中 of a clause of its own belongs to the figure's subject
            if c > 0
                && self.out.clauses[c - 1].span.len() <= 12
                && self.out.clauses[c - 1].sentence == sentence
                && subject.start == trim_start(text, self.out.clauses[c].span.wide())
            {
                let prev = trim(text, self.out.clauses[c - 1].span.wide());
                if prev.text(text) == "其中" {
                    subject = Span::new(prev.start, subject.end);
                }
            }
            let f = &mut self.out.figures[k];
            f.tail = tail.into();
            f.subject = subject.into();
        }
    }
}
