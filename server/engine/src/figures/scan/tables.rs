//! Tables: `|` rows (separator rows, header cells) and plain-text tables whose cells are
//! separated by tabs or by runs of spaces (as drafts pasted from a spreadsheet or aligned by
//! hand look), the cell a figure sits in, and the [`Table`]s the checks read.

use crate::figures::{Table, TableRow};
use crate::text::{is_space, Span};

use super::Scanner;

/// A line of a plain-text table.
#[derive(Debug, Clone)]
pub(super) struct PlainRow {
    /// Where the first cell starts.
    pub(super) start: usize,
    pub(super) cells: Vec<Span>,
    /// Which table (run of rows) the line belongs to.
    pub(super) table: usize,
    /// The header line of its table.
    pub(super) header: bool,
}

/// Does a cell hold a number (412, 98.6%, 1,080, １２), not a year (2024年, a column header)?
fn numeric(cell: &str) -> bool {
    let c = cell.trim_start_matches(['-', '－', '+']);
    let digits = c
        .chars()
        .take_while(|&d| crate::numerals::is_arabic_digit(d))
        .count();
    digits > 0 && !(digits == 4 && c.chars().nth(4) == Some('年'))
}

/// The cells of a trimmed line split at tabs and at runs of two or more spaces (a single space
/// stays inside a cell: "9268 件").
fn split_cells(text: &str, start: usize, end: usize) -> Vec<Span> {
    let mut cells = vec![];
    let mut cell_start = start;
    let mut run_start: Option<usize> = None;
    let mut run_chars = 0;
    let mut run_tab = false;
    let line = &text[start..end];
    for (k, c) in line.char_indices() {
        let at = start + k;
        if matches!(c, ' ' | '\u{3000}' | '\t' | '\u{a0}') {
            if run_start.is_none() {
                run_start = Some(at);
                run_chars = 0;
                run_tab = false;
            }
            run_chars += 1;
            run_tab |= c == '\t';
            continue;
        }
        if let Some(rs) = run_start.take() {
            if run_tab || run_chars >= 2 {
                cells.push(Span::new(cell_start, rs));
                cell_start = at;
            }
        }
    }
    cells.push(Span::new(cell_start, run_start.unwrap_or(end)));
    cells
}

/// Every line of a plain-text table in `text`: runs of at least three consecutive lines with
/// the same number of cells (two or more), at least two of them holding numbers after the first
/// cell. The first line of a run is its header when it holds no numbers; a line just before a
/// run with one cell fewer and no numbers is its header too (an empty corner cell).
pub(super) fn plain_rows(text: &str) -> Vec<PlainRow> {
    let b = text.as_bytes();
    // most reports have no such line at all: two cheap searches decide
    if memchr::memchr(b'\t', b).is_none()
        && memchr::memmem::find(b, b"  ").is_none()
        && memchr::memmem::find(b, "\u{3000}\u{3000}".as_bytes()).is_none()
    {
        return vec![];
    }
    // (line index, content start, cells) of every line with two or more cells
    let mut lines: Vec<(usize, Vec<Span>)> = vec![];
    let mut n = 0;
    let mut i = 0;
    while i < text.len() {
        let end = memchr::memchr2(b'\n', b'\r', &b[i..]).map_or(text.len(), |k| i + k);
        let line = &text[i..end];
        let t = line.trim_matches(|c: char| is_space(c) || c == '\t');
        if !t.is_empty() {
            let tb = t.as_bytes();
            if memchr::memchr(b'\t', tb).is_some()
                || memchr::memmem::find(tb, b"  ").is_some()
                || memchr::memmem::find(tb, "\u{3000}".as_bytes()).is_some()
            {
                let s = i
                    + (line.len()
                        - line
                            .trim_start_matches(|c: char| is_space(c) || c == '\t')
                            .len());
                let cells = split_cells(text, s, s + t.len());
                if cells.len() >= 2 {
                    lines.push((n, cells));
                }
            }
        }
        n += 1;
        // \r\n counts as one line end
        i = end + 1;
        if b.get(end) == Some(&b'\r') && b.get(end + 1) == Some(&b'\n') {
            i += 1;
        }
    }
    let has_numbers = |cells: &[Span]| cells[1..].iter().any(|c| numeric(c.text(text)));
    let mut out = vec![];
    let mut k = 0;
    let mut table = 0;
    while k < lines.len() {
        let width = lines[k].1.len();
        let mut e = k + 1;
        while e < lines.len() && lines[e].0 == lines[e - 1].0 + 1 && lines[e].1.len() == width {
            e += 1;
        }
        let numbered = lines[k..e].iter().filter(|l| has_numbers(&l.1)).count();
        if e - k >= 3 && numbered >= 2 {
            // a header with an empty corner cell just before the run
            if k > 0
                && has_numbers(&lines[k].1)
                && lines[k - 1].0 + 1 == lines[k].0
                && lines[k - 1].1.len() + 1 == width
                && !lines[k - 1].1.iter().any(|c| numeric(c.text(text)))
            {
                let mut cells = vec![Span::empty(lines[k - 1].1[0].start)];
                cells.extend(lines[k - 1].1.iter().copied());
                out.push(PlainRow {
                    start: lines[k - 1].1[0].start,
                    cells,
                    table,
                    header: true,
                });
            }
            for (j, (_, cells)) in lines[k..e].iter().enumerate() {
                out.push(PlainRow {
                    start: cells[0].start,
                    cells: cells.clone(),
                    table,
                    header: j == 0 && !has_numbers(cells),
                });
            }
            table += 1;
        }
        k = e;
    }
    out.sort_by_key(|r| r.start);
    out
}

impl Scanner<'_> {
    // --- tables ----------------------------------------------------------------------------

    /// At a line start: a `|` table row. Separator rows make the previous row the header and are
    /// skipped (returns the next position); data rows open a sentence and return None.
    pub(super) fn table_line(&mut self, i: usize) -> Option<usize> {
        if !self.b.figures_on {
            return None;
        }
        let text = self.text;
        let lead = text[i..self.b.end].trim_start_matches([' ', '\t', '\u{3000}']);
        if !lead.starts_with(['|', '｜']) {
            if self.b.in_row {
                self.close_sentence(i);
                self.b.in_row = false;
                self.b.in_plain = false;
            }
            self.header = None;
            self.last_row = None;
            if self.plain_table.is_none() {
                self.table = None;
            }
            return None;
        }
        let line_end = text[i..self.b.end]
            .find(['\n', '\r'])
            .map_or(self.b.end, |k| i + k);
        let line = &text[i..line_end];
        let trimmed = line.trim_start_matches(is_space);
        self.close_sentence(i);
        self.plain_table = None;
        let is_sep = trimmed.contains('-')
            && trimmed
                .chars()
                .all(|c| matches!(c, '|' | '｜' | '-' | ':' | '：' | '—') || is_space(c));
        if is_sep {
            self.header = self.last_row.take();
            self.out.tables.push(Table {
                header: self.header.clone().unwrap_or_default(),
                rows: vec![],
            });
            self.table = Some(self.out.tables.len() - 1);
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
        if self.table.is_some() {
            self.b.row = cells.iter().position(|c| !c.is_empty()).map(|k| TableRow {
                sentence: usize::MAX,
                label: cells[k],
                label_column: k as u16,
            });
        }
        self.last_row = Some(cells);
        self.b.in_row = true;
        self.b.cell = -1;
        None
    }

    /// At a line start that is not a `|` row: a line of a plain-text table. Returns where its
    /// first cell starts (the scan continues there) or None.
    pub(super) fn plain_line(&mut self, i: usize) -> Option<usize> {
        if !self.b.figures_on || self.plain.is_empty() {
            return None;
        }
        let text = self.text;
        let lead = i
            + (text[i..self.b.end].len()
                - text[i..self.b.end]
                    .trim_start_matches(|c: char| is_space(c) || c == '\t')
                    .len());
        while self.plain_next < self.plain.len() && self.plain[self.plain_next].start < lead {
            self.plain_next += 1;
        }
        let Some(row) = self.plain.get(self.plain_next).filter(|r| r.start == lead) else {
            self.plain_table = None;
            self.table = None;
            return None;
        };
        let (run, header, cells) = (row.table, row.header, row.cells.clone());
        self.close_sentence(i);
        if self.plain_table != Some(run) {
            self.plain_table = Some(run);
            self.out.tables.push(Table::default());
            self.table = Some(self.out.tables.len() - 1);
            self.header = None;
        }
        if header {
            if let Some(t) = self.table {
                self.out.tables[t].header = cells.clone();
            }
            self.header = Some(cells.clone());
        } else {
            if let Some(t) = self.table {
                self.header = Some(self.out.tables[t].header.clone()).filter(|h| !h.is_empty());
            }
            self.b.row = Some(TableRow {
                sentence: usize::MAX,
                label: cells[0],
                label_column: 0,
            });
        }
        self.row_cells = cells;
        self.b.in_row = true;
        self.b.in_plain = true;
        self.b.cell = 0;
        Some(lead)
    }

    /// Inside a plain-text table row, at whitespace: the separator before the next cell, if
    /// this is one (returns where that cell starts).
    pub(super) fn plain_separator(&self, i: usize) -> Option<usize> {
        let next = self.row_cells.get(usize::try_from(self.b.cell + 1).ok()?)?;
        (next.start > i
            && self.text[i..next.start]
                .chars()
                .all(|c| is_space(c) || c == '\t'))
        .then_some(next.start)
    }

    /// The header cell above the current cell, if the table has a header.
    pub(super) fn header_cell(&self) -> Option<Span> {
        let h = self.header.as_ref()?;
        usize::try_from(self.b.cell)
            .ok()
            .and_then(|c| h.get(c).copied())
            .filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_split_at_tabs_and_runs_of_spaces() {
        let t = "合计\t1862\t1818 件\t1527.6";
        let cells: Vec<&str> = split_cells(t, 0, t.len())
            .iter()
            .map(|c| c.text(t))
            .collect();
        assert_eq!(cells, ["合计", "1862", "1818 件", "1527.6"]);
        let s = "大气污染类          46            44";
        let cells: Vec<&str> = split_cells(s, 0, s.len())
            .iter()
            .map(|c| c.text(s))
            .collect();
        assert_eq!(cells, ["大气污染类", "46", "44"]);
    }

    #[test]
    fn runs_of_aligned_lines_are_tables() {
        let t = "表2  各类纠纷调解情况\n类型      件数    成功\n婚姻家庭    30     29\n邻里纠纷    12     12\n合计        42     41\n正文。\n";
        let rows = plain_rows(t);
        let firsts: Vec<(&str, bool)> = rows
            .iter()
            .map(|r| (r.cells[0].text(t), r.header))
            .collect();
        assert_eq!(
            firsts,
            [
                ("类型", true),
                ("婚姻家庭", false),
                ("邻里纠纷", false),
                ("合计", false)
            ]
        );
        // an indented paragraph and a caption are not tables
        assert!(plain_rows("　　全年受理案件46件，办结45件。\n　　其中维持28件。\n").is_empty());
        assert!(plain_rows("表1  统计\n正文  一\n").is_empty());
    }
}
