//! Figures: every number in the report, read once per analysis and shared by all figure rules,
//! the hover, the inlay hints and the code lenses.
//!
//! [`extract`] walks the report's blocks (title, headings, paragraphs, closing, signature —
//! never the web debris in `Outline::noise`) in one pass and records:
//!
//! - [`Figure`]s: a number with its unit or classifier (件 项 人次 % 个百分点 …), written in
//!   Arabic digits (also full-width １２３, thousands separators 1,080, decimals, a space before
//!   the unit as in "9268 件"), in Chinese numerals (两, 十二, 一百零五, 三十余, 百分之九十) or
//!   mixed (1.1万, 300.11亿元), with the modifier that makes it approximate (约, 近, 超过, 不足,
//!   余, 多, 以上, 左右 …) and the subject words before it;
//! - years (2023年, 2023年度, 二〇二三年), year ranges (2021—2025年, inside 《…》 or not), dates
//!   (2024年1月23日, 5月16日, 13月份) and number/percent ranges (15%～30%);
//! - template placeholders left in the text (××, XX, X件, 【】, `${…}`, 某某 …);
//! - the sentences and clauses the figures sit in, so that rules can relate figures of one
//!   sentence or table row without re-reading the text.
//!
//! [`check::run`] then relates figures to each other (totals and their parts, rates and their
//! counts, the same indicator stated twice) and records every [`check::Check`] with its
//! arithmetic; the rules report the failing ones and the editor shows all of them.

pub mod check;
pub mod display;
mod scan;
pub mod units;

use crate::items::Items;
use crate::outline::Outline;
use crate::profile::Profile;
use crate::text::{Span, Span32};
pub use check::{Check, CheckKind, RateNote, SumNote};
pub use units::Approx;

/// How the digits of a figure are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum NumForm {
    /// 1234, 1,234, 12.5
    Arabic,
    /// １２３４
    FullWidth,
    /// 一百零五, 两万
    Chinese,
}

/// A number with its unit, as the drafter wrote it.
///
/// A 48 MB report holds over a million figures: spans and indices are 32 bits (120 bytes a
/// figure instead of 192).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Figure {
    /// Everything that belongs to the figure: a modifier before it, the number, the unit and a
    /// modifier after it ("约1.1万次", "98%以上").
    pub span: Span32,
    /// The number itself with its multiplier: "1.1万", "300.11亿", "1,080", "一百零五".
    pub number: Span32,
    /// The value with the multiplier applied (1.1万 → 11000).
    pub value: f64,
    /// The multiplier as written (1, 1e4 for 万, 1e8 for 亿).
    pub scale: f64,
    /// Digits written after the decimal point (98.9% → 1): the rounding the text shows.
    pub decimals: u8,
    pub form: NumForm,
    /// Canonical unit or classifier (名 → 人, 人(次) → 人次, ％ → %); None for a bare number
    /// with a multiplier ("2.73万") or in a table cell.
    pub unit: Option<&'static str>,
    pub unit_span: Span32,
    pub approx: Approx,
    /// Where the modifier is written, if any.
    pub modifier: Option<Span32>,
    /// The words before the figure in its clause (or the column header in a table row).
    pub subject: Span32,
    /// The words after the figure up to the next figure or the end of its clause.
    pub tail: Span32,
    pub clause: u32,
    pub sentence: u32,
    pub block: u32,
    /// Inside （…）: an aside, never a part of a sum.
    pub in_parens: bool,
    /// Inside “…”: a name ("五个联合"), never checked.
    pub in_quotes: bool,
    /// A single-character Chinese numeral (三项制度): read, but too idiomatic to check.
    pub weak: bool,
    /// The other end of a range (3—5次, 15%～30%).
    pub range_with: Option<u32>,
    /// In a table row: the cell the figure is in (0 = the first cell of the row).
    pub column: Option<u16>,
}

impl Figure {
    /// Can this figure take part in arithmetic?
    pub fn checkable(&self) -> bool {
        !self.in_parens && !self.in_quotes && !self.weak && self.range_with.is_none()
    }

    pub fn is_percent(&self) -> bool {
        units::is_percent(self.unit)
    }

    /// The range of real values the written figure stands for: the rounding of the shown
    /// digits for exact figures, the modifier's meaning for approximate ones.
    pub fn interval(&self) -> (f64, f64) {
        let v = self.value;
        let ulp = 10f64.powi(-(self.decimals as i32)) * self.scale;
        // the step of the last significant written digit: 260 → 10, 1800 → 100, 0.8万 → 1000
        let step = if self.decimals > 0 || self.scale > 1.0 {
            ulp
        } else {
            let mut s = 1.0;
            let mut n = v.abs().round() as u64;
            while n >= 10 && n % 10 == 0 {
                n /= 10;
                s *= 10.0;
            }
            s
        };
        let exact_half = if self.decimals > 0 || self.scale > 1.0 || self.is_percent() {
            ulp / 2.0
        } else {
            0.0
        };
        match self.approx {
            Approx::Exact => (v - exact_half, v + exact_half),
            Approx::Over => (v, v + step),
            Approx::AtLeast => (v, f64::INFINITY),
            Approx::AtMost => (if v >= 0.0 { 0.0 } else { f64::NEG_INFINITY }, v),
            Approx::Near => (v - (step.max(v.abs() * 0.1)), v),
            Approx::About => {
                let d = step.max(v.abs() * 0.1);
                (v - d, v + d)
            }
        }
    }

    /// The number as shown in messages: "213", "1.1万", "98.9".
    pub fn shown(&self, text: &str) -> String {
        self.number.text(text).to_string()
    }
}

/// What part of the report a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum BlockKind {
    Title,
    Addressee,
    /// A heading's own words (index into `Outline::headings`).
    Heading(u32),
    /// A paragraph (index into `Outline::paragraphs`).
    Paragraph(u32),
    Closing,
    Signature,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Block {
    pub span: Span32,
    pub kind: BlockKind,
}

/// A sentence (up to 。！？, or one table row).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Sentence {
    pub span: Span32,
    pub block: u32,
    /// A row of a `|`-table: figures take their subject from the column header.
    pub table_row: bool,
}

/// A table: `|` rows under a header and separator row, or plain-text rows whose cells are
/// separated by tabs or runs of spaces.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Table {
    /// The header cells (empty when the table has none).
    pub header: Vec<Span>,
    pub rows: Vec<TableRow>,
}

/// A data row of a [`Table`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct TableRow {
    /// The row's sentence.
    pub sentence: usize,
    /// Its first non-empty cell: what the row is about (行政复议, 合计, 其中：…).
    pub label: Span,
    /// The column of the label.
    pub label_column: u16,
}

impl Table {
    /// The header of column `c`, if any.
    pub fn header_of(&self, c: u16) -> Option<Span> {
        self.header.get(c as usize).copied()
    }
}

/// A clause: a piece of a sentence between ，、；： (or a table cell).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Clause {
    pub span: Span32,
    pub sentence: u32,
    /// The separator before the clause ('\0' at the start of a sentence).
    pub sep: char,
}

/// A year: 2023年, 2023年度, 二〇二三年.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct YearMark {
    /// The digits and 年 (and 度).
    pub span: Span,
    /// The digits only.
    pub digits: Span,
    pub year: i32,
    pub block: usize,
}

/// A year range: 2021—2025年, 1999年~2022年.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct YearRange {
    pub span: Span,
    pub start: i32,
    pub end: i32,
    /// The 《…》 the range is part of, if any (book marks included).
    pub book: Option<Span>,
    pub block: usize,
}

/// A calendar date or month: 2024年1月23日, 5月16日, 13月份.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DateRef {
    pub span: Span,
    pub year: Option<i32>,
    pub month: u32,
    pub month_span: Span,
    pub day: Option<u32>,
    pub day_span: Option<Span>,
    pub block: usize,
}

/// What kind of template blank a placeholder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum PlaceholderKind {
    /// ××, XX, ＸＸ
    Crosses,
    /// X件, X%
    LetterFigure,
    /// 【】, [ ], 〔 〕, （ ）
    EmptyBrackets,
    /// ${1:…}
    Snippet,
    /// 某某
    Mou,
    /// ○○, □□
    Circles,
    /// ＿＿＿
    Underscores,
    /// *次, *区: a star where a figure or a place name belongs (范文 blanks)
    Star,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Placeholder {
    pub span: Span,
    pub kind: PlaceholderKind,
}

/// Everything numeric in a report.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Figures {
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    pub clauses: Vec<Clause>,
    pub figures: Vec<Figure>,
    pub years: Vec<YearMark>,
    pub year_ranges: Vec<YearRange>,
    pub dates: Vec<DateRef>,
    pub placeholders: Vec<Placeholder>,
    pub tables: Vec<Table>,
    /// Every relation checked between figures, passed or failed.
    pub checks: Vec<Check>,
    /// Rates whose profile-named base is not stated (information only).
    pub rate_notes: Vec<check::RateNote>,
    /// 其中 lists of the total's kinds that fall short of it (information only).
    pub sum_notes: Vec<check::SumNote>,
}

impl Figures {
    /// The figure whose span contains `offset` (or ends exactly there).
    pub fn at(&self, offset: usize) -> Option<usize> {
        let i = self
            .figures
            .partition_point(|f| (f.span.end as usize) < offset);
        (i..self.figures.len())
            .take_while(|&j| self.figures[j].span.start as usize <= offset)
            .find(|&j| self.figures[j].span.touches(offset))
    }

    /// Figures whose span lies inside `span`.
    pub fn within(&self, span: Span) -> impl Iterator<Item = usize> + '_ {
        let i = self
            .figures
            .partition_point(|f| (f.span.start as usize) < span.start);
        (i..self.figures.len()).take_while(move |&j| self.figures[j].span.end as usize <= span.end)
    }

    /// The checks a figure takes part in (as the checked figure or as an input).
    pub fn checks_of(&self, fig: usize) -> impl Iterator<Item = &Check> + '_ {
        self.checks
            .iter()
            .filter(move |c| c.target == fig || c.inputs.contains(&fig))
    }

    /// Figure indices of sentence `s`, in order.
    pub fn in_sentence(&self, s: usize) -> impl Iterator<Item = usize> + '_ {
        let i = self.figures.partition_point(|f| (f.sentence as usize) < s);
        (i..self.figures.len()).take_while(move |&j| self.figures[j].sentence as usize == s)
    }

    /// The subject words of a figure, trimmed.
    pub fn subject<'t>(&self, text: &'t str, fig: usize) -> &'t str {
        self.figures[fig].subject.text(text)
    }
}

/// Read every figure of the report (one pass over its blocks), then run the checks that relate
/// figures to each other (`parallel`: a long report's sentences are checked by two threads).
pub fn analyse(
    text: &str,
    outline: &Outline,
    items: &Items,
    profile: &Profile,
    year: Option<i32>,
    markdown: bool,
    parallel: bool,
) -> Figures {
    let mut f = extract(text, outline, markdown);
    // the tables grew by doubling: give back the spare half before the checks add theirs
    f.blocks.shrink_to_fit();
    f.sentences.shrink_to_fit();
    f.clauses.shrink_to_fit();
    f.figures.shrink_to_fit();
    let not_results = profile.items_where(|r| !r.figures_are_results());
    check::run(
        &mut f,
        text,
        outline,
        items,
        &profile.figures,
        year,
        &not_results,
        parallel,
    );
    f
}

/// Read every figure of the report: one pass over the blocks of the outline.
pub fn extract(text: &str, outline: &Outline, markdown: bool) -> Figures {
    scan::scan(text, outline, markdown)
}

#[cfg(test)]
mod tests;
