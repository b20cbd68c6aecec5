//! Context shared by the check families, with per-figure facts computed once.

use super::vocab::*;
use super::*;
use crate::figures::units;

/// Context shared by the checks, with per-figure facts computed once.
pub(super) struct Cx<'a> {
    pub(super) f: &'a Figures,
    pub(super) text: &'a str,
    pub(super) cat: &'a Catalog,
    /// Each figure can be a count in a sum or a rate.
    pub(super) countable: Vec<bool>,
    /// Each figure's unit as a small number (0: no unit, never equal to another).
    pub(super) unit: Vec<u16>,
    /// The word classes of each figure's subject.
    pub(super) class: Vec<u32>,
    /// The rate names in each percentage's subject (empty for other figures).
    pub(super) rates: Vec<Vec<&'a str>>,
}

impl<'a> Cx<'a> {
    pub(super) fn new(f: &'a Figures, text: &'a str, cat: &'a Catalog) -> Self {
        let mut names: Vec<&str> = vec![];
        let mut unit = Vec::with_capacity(f.figures.len());
        let mut countable = Vec::with_capacity(f.figures.len());
        for g in &f.figures {
            let row = f.sentences.get(g.sentence).is_some_and(|s| s.table_row);
            let id = match g.unit {
                // a bare number in a table row: its unit is the column's
                None if row => 1,
                None => 0,
                Some(u) => match names.iter().position(|n| *n == u) {
                    Some(k) => k as u16 + 2,
                    None => {
                        names.push(u);
                        names.len() as u16 + 1
                    }
                },
            };
            unit.push(id);
            countable.push(g.checkable() && !g.is_percent() && units::is_count(g.unit) && id != 0);
        }
        let class = f
            .figures
            .iter()
            .map(|g| classes(g.subject.text(text)))
            .collect();
        let rates = f
            .figures
            .iter()
            .map(|g| {
                if g.is_percent() {
                    rate_names(g.subject.text(text))
                } else {
                    vec![]
                }
            })
            .collect();
        Cx {
            f,
            text,
            cat,
            countable,
            unit,
            class,
            rates,
        }
    }
}

impl<'a> Cx<'a> {
    pub(super) fn fig(&self, i: usize) -> &Figure {
        &self.f.figures[i]
    }
    pub(super) fn subj(&self, i: usize) -> &str {
        self.fig(i).subject.text(self.text)
    }
    /// The rate names in percentage `i`'s subject.
    pub(super) fn rates(&self, i: usize) -> &[&'a str] {
        &self.rates[i]
    }
    /// The word classes of figure `i`'s subject.
    pub(super) fn cls(&self, i: usize) -> u32 {
        self.class[i]
    }
    pub(super) fn clause_text(&self, c: usize) -> &str {
        self.f.clauses[c].span.text(self.text)
    }
    pub(super) fn table_row(&self, i: usize) -> bool {
        self.f
            .sentences
            .get(self.fig(i).sentence)
            .is_some_and(|s| s.table_row)
    }
    /// A figure that can be a count in a sum or a rate.
    pub(super) fn countable(&self, i: usize) -> bool {
        self.countable[i]
    }
    pub(super) fn same_unit(&self, a: usize, b: usize) -> bool {
        self.unit[a] == self.unit[b] && self.unit[a] != 0
    }
    pub(super) fn all_exact(&self, figs: &[usize]) -> bool {
        figs.iter().all(|&i| self.fig(i).approx == Approx::Exact)
    }

    pub(super) fn sum_check(
        &self,
        target: usize,
        parts: &[usize],
        exhaustive: bool,
        label: &str,
    ) -> Check {
        let t = self.fig(target);
        let (tlo, thi) = t.interval();
        let (mut lo, mut hi, mut central) = (0.0, 0.0, 0.0);
        for &p in parts {
            let (a, b) = self.fig(p).interval();
            lo += a;
            hi += b;
            central += self.fig(p).value;
        }
        let tol = EPS * (1.0 + central.abs());
        let ok = if exhaustive {
            lo <= thi + tol && hi >= tlo - tol
        } else {
            lo <= thi + tol
        };
        let replacement = (!ok && exhaustive && self.all_exact(parts) && self.all_exact(&[target]))
            .then(|| display::like(t, self.text, central, None))
            .flatten();
        Check {
            kind: CheckKind::Sum,
            target,
            inputs: parts.to_vec(),
            computed: central,
            ok,
            exhaustive,
            label: label.to_string(),
            replacement,
        }
    }

    pub(super) fn rate_check(&self, rate: usize, num: usize, base: usize, label: &str) -> Check {
        let r = self.fig(rate);
        let (nlo, nhi) = self.fig(num).interval();
        let (blo, bhi) = self.fig(base).interval();
        let (rlo, rhi) = r.interval();
        let lo = if bhi.is_finite() && bhi > 0.0 {
            nlo.max(0.0) / bhi * 100.0
        } else {
            0.0
        };
        let hi = if blo > 0.0 {
            nhi / blo * 100.0
        } else {
            f64::INFINITY
        };
        let central = self.fig(num).value / self.fig(base).value * 100.0;
        let tol = 1e-7;
        let ok = lo <= rhi + tol && hi >= rlo - tol;
        let replacement = (!ok && self.all_exact(&[rate, num, base]))
            .then(|| {
                let p = 10f64.powi(r.decimals as i32);
                display::like(r, self.text, (central * p).round() / p, Some(r.decimals))
            })
            .flatten();
        Check {
            kind: CheckKind::Rate,
            target: rate,
            inputs: vec![num, base],
            computed: central,
            ok,
            exhaustive: false,
            label: label.to_string(),
            replacement,
        }
    }
}
