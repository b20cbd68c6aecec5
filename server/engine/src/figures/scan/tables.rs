//! `|` table rows: separator rows, header cells, the cell a figure sits in.

use crate::text::{is_space, Span};

use super::Scanner;

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
    pub(super) fn header_cell(&self) -> Option<Span> {
        let h = self.header.as_ref()?;
        usize::try_from(self.b.cell)
            .ok()
            .and_then(|c| h.get(c).copied())
    }
}
