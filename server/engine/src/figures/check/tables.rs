//! Tables: a 合计/总计/小计 row against the rows above it, and a 合计 column against the cells
//! before it in its row.

use super::*;

/// Words that make a row (its first cell) or a column (its header) a total.
const TOTAL_CELLS: &[&str] = &["合计", "总计", "小计", "共计"];

/// Column headers whose values do not add up (rates, shares, averages, ranks).
const NOT_ADDITIVE: &[&str] = &[
    "率", "比", "占", "平均", "均", "排名", "名次", "序号", "%", "％",
];

/// The total word of a cell ("合计", "全县合计", "小 计"), if the cell is a total label.
fn total_cell(cell: &str) -> Option<&'static str> {
    let t: String = cell
        .chars()
        .filter(|c| !crate::text::is_space(*c))
        .collect();
    if t.chars().count() > 8 {
        return None;
    }
    TOTAL_CELLS.iter().copied().find(|w| t.contains(w))
}

fn additive(header: &str) -> bool {
    !NOT_ADDITIVE.iter().any(|w| header.contains(w))
}

/// Every table's total rows and total columns.
pub(super) fn tables(cx: &Cx, out: &mut Vec<Check>) {
    for t in &cx.f.tables {
        let header_text = |c: u16| t.header_of(c).map_or("", |h| h.text(cx.text));
        // the countable figure of each cell, by row and column
        let cells: Vec<Vec<(u16, usize)>> = t
            .rows
            .iter()
            .map(|r| {
                let mut v: Vec<(u16, usize)> = vec![];
                let mut dup: Vec<u16> = vec![];
                for i in cx.f.in_sentence(r.sentence) {
                    let Some(c) = cx.fig(i).column else { continue };
                    if v.iter().any(|&(k, _)| k == c) {
                        dup.push(c);
                    }
                    v.push((c, i));
                }
                // a cell with two figures is not one value
                v.retain(|(c, _)| !dup.contains(c));
                v
            })
            .collect();
        let at = |row: usize, col: u16| {
            cells[row]
                .iter()
                .find(|&&(c, _)| c == col)
                .map(|&(_, i)| i)
                .filter(|&i| cx.countable(i))
        };
        let kind: Vec<Option<&str>> = t
            .rows
            .iter()
            .map(|r| total_cell(r.label.text(cx.text)))
            .collect();
        let sub_row = |r: usize| {
            let l = t.rows[r].label.text(cx.text);
            l.starts_with("其中") || l.starts_with('（') && l.contains("其中")
        };
        // rows: each total row against the rows since the previous total of its level
        let mut group_start = 0; // first row after the last 合计/总计
        let mut sub_start = 0; // first row after the last 小计 or 合计
        for r in 0..t.rows.len() {
            let Some(word) = kind[r] else { continue };
            let start = if word == "小计" {
                sub_start
            } else {
                group_start
            };
            let subtotals: Vec<usize> = (start..r).filter(|&k| kind[k] == Some("小计")).collect();
            let parts_rows: Vec<usize> = if word != "小计" && !subtotals.is_empty() {
                let last = *subtotals.last().expect("not empty");
                subtotals
                    .iter()
                    .copied()
                    .chain((last + 1..r).filter(|&k| kind[k].is_none() && !sub_row(k)))
                    .collect()
            } else {
                (start..r)
                    .filter(|&k| kind[k].is_none() && !sub_row(k))
                    .collect()
            };
            sub_start = r + 1;
            if word != "小计" {
                group_start = r + 1;
            }
            if parts_rows.len() < 2 {
                continue;
            }
            for &(col, target) in &cells[r] {
                if col == t.rows[r].label_column
                    || !cx.countable(target)
                    || !additive(header_text(col))
                {
                    continue;
                }
                let parts: Option<Vec<usize>> = parts_rows.iter().map(|&k| at(k, col)).collect();
                let Some(parts) = parts else { continue };
                if parts.iter().any(|&p| !cx.same_unit(p, target)) {
                    continue;
                }
                let h = header_text(col);
                let label = if h.is_empty() {
                    format!("{word}行第 {} 栏", col + 1)
                } else {
                    format!("{word}行“{h}”")
                };
                out.push(cx.sum_check(target, &parts, true, &label));
            }
        }
        // columns: a 合计 column against the cells before it in each row
        for (k, h) in t.header.iter().enumerate() {
            let k = k as u16;
            let ht = h.text(cx.text);
            if total_cell(ht).is_none() || !additive(ht) {
                continue;
            }
            for (r, row) in t.rows.iter().enumerate() {
                let Some(target) = at(r, k) else { continue };
                let cols: Vec<u16> = cells[r]
                    .iter()
                    .map(|&(c, _)| c)
                    .filter(|&c| c > row.label_column && c < k)
                    .collect();
                if cols.len() < 2 || cols.iter().any(|&c| !additive(header_text(c))) {
                    continue;
                }
                let parts: Option<Vec<usize>> = cols.iter().map(|&c| at(r, c)).collect();
                let Some(parts) = parts else { continue };
                if parts.iter().any(|&p| !cx.same_unit(p, target)) {
                    continue;
                }
                let label = format!("“{}”一行的{}", row.label.text(cx.text), ht);
                out.push(cx.sum_check(target, &parts, true, &label));
            }
        }
    }
}
