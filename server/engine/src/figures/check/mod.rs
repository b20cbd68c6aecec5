//! Relations between figures, computed once per analysis. Every relation found is recorded as a
//! [`Check`] with its arithmetic, whether it holds or not: the rules report the failing ones
//! (`sum-mismatch`, `rate-mismatch`, `percent-range`, `conflicting-figure`), the hover lists
//! every check a figure takes part in and the inlay hints show the computed values.
//!
//! The patterns are deliberately narrow (a false alarm costs the drafter's trust):
//!
//! - **其中 lists**: a stated total, then 其中 (also "其中，" and "。其中，") and parts with the
//!   same unit. The parts must not exceed the total; they must equal it when a remainder is
//!   listed (未结, 其余, 其他), the list is a complete clean-up partition (保留 + 修改 + 废止) or
//!   it names every member of a profile partition (`[[figures.partitions]]`) or follows
//!   分别为 with a name for each part. The total is the
//!   nearest earlier figure of the sentence with the same unit; any earlier one that makes the
//!   check hold is accepted before flagging. A list of the total's kinds that falls short of
//!   it is a [`SumNote`] (information only, [`sums::shortfalls`]). A count nested in an earlier part (the numerator of
//!   a profile rate after its base) or, after a comma, larger than the total is not a part.
//! - **parts, then 合计/共计/总计**: must equal (共/累计 and lists ending in 等: must not exceed).
//! - **partitions**: 受理 = 办结 + 在办/未结; 收到 = 办结 + 正在办理; 受理/申请 = 维持 + 撤销 + 驳回 +
//!   终止 + 确认违法 + 责令履行 … (+ 未结); 清理 = 保留 + 修改 + 废止.
//! - **除…外, 其余**: total = excluded + remainder.
//! - **rates**: a …率 X% against the counts it is computed from, on the base the profile's
//!   `[[figures.rates]]` names for it only (办结率 = 办结 ÷ 受理/转办, 出庭应诉率 = 出庭应诉 ÷
//!   开庭审理/通知出庭), stated in the rate's sentence or earlier in its paragraph; "占 X%" after a
//!   part of a total, against every plausible total. Any consistent reading is accepted; the
//!   tolerance is the rounding the text shows (98.9% allows ±0.05) and the meaning of 余/约/以上.
//!   See [`rates`].
//! - **tables**: a 合计/总计/小计 row against the rows above it, a 合计 column against the cells
//!   before it ([`tables`]).
//! - **ranges**: a rate or share outside 0–100% (not a change such as 同比增长132.4%, not a rate
//!   the profile allows above 100% such as 完成率).
//! - **restatements**: the same specific indicator (负责人出庭应诉率, 受理行政复议案件) stated twice
//!   in the achievements with values that cannot both be true; other counts whose subjects end
//!   with the same specific noun phrase (持证执法人员, 行政处罚案件) in the same scope, stated
//!   in two paragraphs.
//!
//! One file per family: [`sums`] (其中 lists, totals after parts, partitions, remainders),
//! [`rates`] (rates and shares), [`tables`], [`ranges`], [`restatements`]; [`cx`] holds the
//! per-figure facts every family reads, [`vocab`] the words that classify a figure's subject.

use super::display;
use super::{Approx, Figure, Figures};
use crate::items::Items;
use crate::outline::Outline;
use crate::profile::catalog::Catalog;
use crate::words;

mod cx;
mod ranges;
mod rates;
mod restatements;
mod sums;
mod tables;
mod vocab;

pub(crate) use cx::rate_rounded;
use cx::Cx;
use ranges::ranges;
use rates::rates;
pub use rates::RateNote;
use restatements::restatements;
pub use sums::SumNote;
use sums::{partitions, qizhong, remainder, shortfalls, totals_after};
/// A hash map with a fast hasher: the checks key their maps by short strings, thousands of
/// times per analysis (seeded per process, so no text can be made to collide on purpose).
type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

pub use vocab::{rate_names, subject_key, total_word};

/// What a check relates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum CheckKind {
    /// A total against its parts.
    Sum,
    /// A rate against the counts it is computed from.
    Rate,
    /// A rate or share that must lie within 0–100%.
    Range,
    /// The same indicator stated earlier.
    Same,
}

/// One relation between figures and whether it holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Check {
    pub kind: CheckKind,
    /// The figure whose value is checked (the total, the rate, the later statement).
    pub target: usize,
    /// The figures it is checked against: the parts; the numerators (one, or several added
    /// up) then the base; [earlier statement].
    pub inputs: Vec<usize>,
    /// What the inputs give: the sum, the rate in percent, the earlier value.
    pub computed: f64,
    pub ok: bool,
    /// Sum only: the parts must add up to the total (not merely stay below it).
    pub exhaustive: bool,
    /// What the target is: 合计, 受理数, 办结率, 出庭应诉率.
    pub label: String,
    /// Text for the target's number that makes the check hold (for a quick fix), when the
    /// figures involved are exact.
    pub replacement: Option<String>,
}

impl Check {
    /// The rule that reports this check when it fails.
    pub fn rule(&self) -> &'static str {
        match self.kind {
            CheckKind::Sum => "sum-mismatch",
            CheckKind::Rate => "rate-mismatch",
            CheckKind::Range => "percent-range",
            CheckKind::Same => "conflicting-figure",
        }
    }

    /// Are the numbers of this check shown with their multipliers and units ("8600万元")? For
    /// totals and parts written with 万/亿: a bare "8600万 + 4600万" beside "1.35亿" is
    /// easy to misread, and the raw sum (132000000) unreadable.
    fn with_units(&self, figs: &Figures) -> bool {
        self.kind == CheckKind::Sum
            && std::iter::once(&self.target)
                .chain(&self.inputs)
                .any(|&i| figs.figures[i].scale > 1.0)
    }

    /// The checked figure as written, with its unit when the check shows units: "231",
    /// "1.35亿元", "一百二十二".
    pub fn stated(&self, figs: &Figures, text: &str) -> String {
        let t = &figs.figures[self.target];
        let mut s = t.number.text(text).to_string();
        if self.with_units(figs) {
            s.push_str(t.unit.unwrap_or(""));
        }
        s
    }

    /// The computation: "45 + 120 + 48", "15488 ÷ 15620", "8600万元 + 4600万元" (empty for
    /// ranges and restatements). Written on demand: most checks hold and are never shown.
    pub fn expr(&self, figs: &Figures, text: &str) -> String {
        let units = self.with_units(figs);
        let show = |i: usize| {
            let f = &figs.figures[i];
            let mut s = shown(f, text);
            if units {
                s.push_str(f.unit.unwrap_or(""));
            }
            s
        };
        match self.kind {
            CheckKind::Sum => self
                .inputs
                .iter()
                .map(|&p| show(p))
                .collect::<Vec<_>>()
                .join(" + "),
            CheckKind::Rate => {
                let (base, nums) = self.inputs.split_last().expect("a rate has inputs");
                let nums: Vec<String> = nums.iter().map(|&n| show(n)).collect();
                if nums.len() == 1 {
                    format!("{} ÷ {}", nums[0], show(*base))
                } else {
                    format!("({}) ÷ {}", nums.join(" + "), show(*base))
                }
            }
            CheckKind::Range | CheckKind::Same => String::new(),
        }
    }

    /// The result as shown: "213", "约290", "1.32亿元", "一百二十", "99.16%", "105%"; for a
    /// restatement, the earlier figure. A sum is written the way its total is (in 万 or 亿, in
    /// Chinese numerals).
    pub fn result(&self, figs: &Figures, text: &str) -> String {
        let f = &figs.figures;
        match self.kind {
            CheckKind::Sum => {
                let dec = self
                    .inputs
                    .iter()
                    .map(|&p| f[p].decimals as usize + f[p].scale.log10().round() as usize)
                    .max()
                    .unwrap_or(0)
                    .min(6);
                let t = &f[self.target];
                let mut n = display::like(t, text, self.computed, None)
                    .unwrap_or_else(|| display::num(self.computed, dec));
                if self.with_units(figs) {
                    n.push_str(t.unit.unwrap_or(""));
                }
                if self.inputs.iter().all(|&p| f[p].approx == Approx::Exact) {
                    n
                } else {
                    format!("约{n}")
                }
            }
            CheckKind::Rate => {
                let dec = (f[self.target].decimals as usize + 1).max(2);
                format!("{}%", display::num(self.computed, dec))
            }
            CheckKind::Range => format!("{}%", display::num(self.computed, 4)),
            CheckKind::Same => shown(&f[self.inputs[0]], text),
        }
    }

    /// The whole arithmetic, for messages and hovers: "45 + 120 + 48 = 213",
    /// "15488 ÷ 15620 = 99.16%", "105% 应在 0%～100% 之间", "第 3 行写的是 46件，此处是 48件".
    pub fn arithmetic(&self, figs: &Figures, text: &str) -> String {
        self.arithmetic_with(figs, text, None)
    }

    /// [`Check::arithmetic`] with the text's line index when the caller has one: a rule that
    /// describes many restatements must not index a long text once for each of them.
    pub fn arithmetic_with(
        &self,
        figs: &Figures,
        text: &str,
        lines: Option<&crate::text::LineIndex>,
    ) -> String {
        match self.kind {
            CheckKind::Sum if self.inputs.len() == 1 => self.expr(figs, text),
            CheckKind::Sum | CheckKind::Rate => {
                format!("{} = {}", self.expr(figs, text), self.result(figs, text))
            }
            CheckKind::Range => format!("{} 应在 0%～100% 之间", self.result(figs, text)),
            CheckKind::Same => {
                let (e, t) = (&figs.figures[self.inputs[0]], &figs.figures[self.target]);
                // without an index, count the line ends before the figure (no index of the
                // whole text for one message)
                let line = match lines {
                    Some(li) => li.line_of(e.span.start as usize),
                    None => crate::text::line_at(text, e.span.start as usize),
                } + 1;
                // the units as written (16名, not the canonical 16人)
                format!(
                    "第 {line} 行写的是 {}{}，此处是 {}{}",
                    shown(e, text),
                    e.unit_span.text(text),
                    shown(t, text),
                    t.unit_span.text(text)
                )
            }
        }
    }
}

/// For each figure: is it the total or a part of a sum that adds up exactly (an exhaustive
/// sum that holds)? One pass over the checks, for callers that ask for many figures.
pub fn in_exhaustive_sums(figs: &Figures) -> Vec<bool> {
    summed(figs.figures.len(), &figs.checks)
}

fn summed(n: usize, checks: &[Check]) -> Vec<bool> {
    let mut v = vec![false; n];
    for c in checks {
        if c.kind == CheckKind::Sum && c.ok && c.exhaustive {
            for &i in std::iter::once(&c.target).chain(&c.inputs) {
                v[i] = true;
            }
        }
    }
    v
}

/// A figure's number as shown in arithmetic: as written, with its modifier (260余, 约1.1万,
/// 一百一十二).
fn shown(f: &Figure, text: &str) -> String {
    let n = f.number.text(text).to_string();
    match f.modifier {
        Some(m) if m.end <= f.number.start => format!("{}{n}", m.text(text)),
        Some(m) => format!("{n}{}", m.text(text)),
        None => n,
    }
}

const EPS: f64 = 1e-9;

/// Relate the figures of a report to each other and record every check.
///
/// `not_results` are the items (plan, other) whose figures are targets or remarks, not results:
/// restatements there are not compared. With `parallel`, the sentences' own checks (sums and
/// rates, each sentence alone) are made by two threads, each for half of the figures; the
/// checks come out in the same order.
#[allow(clippy::too_many_arguments)]
pub fn run(
    f: &mut Figures,
    text: &str,
    outline: &Outline,
    items: &Items,
    cat: &Catalog,
    year: Option<i32>,
    not_results: &[usize],
    parallel: bool,
) {
    let (mut checks, notes, sum_notes);
    {
        let cx = Cx::new(f, text, cat, outline, parallel);
        let n = f.sentences.len();
        (checks, notes) = match halfway(f).filter(|_| parallel) {
            Some(mid) => {
                let (first, second) = std::thread::scope(|s| {
                    let other = std::thread::Builder::new()
                        .name("gongwen-checks".into())
                        .spawn_scoped(s, || in_sentences(&cx, mid..n))
                        .ok();
                    let first = in_sentences(&cx, 0..mid);
                    // a panic there is the figure pass's: passed on to its catch
                    let second =
                        other.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
                    (first, second)
                });
                let second = second.unwrap_or_else(|| in_sentences(&cx, mid..n));
                let (mut checks, mut notes) = first;
                checks.extend(second.0);
                notes.extend(second.1);
                (checks, notes)
            }
            None => in_sentences(&cx, 0..n),
        };
        tables::tables(&cx, &mut checks);
        ranges(&cx, &mut checks);
        restatements(
            &cx,
            outline,
            items,
            year,
            not_results,
            &mut checks,
            parallel,
        );
        sum_notes = shortfalls(&cx, &checks);
    }
    // one check per target and set of inputs
    let mut seen: std::collections::HashSet<(u8, usize, Vec<usize>), foldhash::fast::RandomState> =
        std::collections::HashSet::with_capacity_and_hasher(checks.len(), Default::default());
    checks.retain(|c| {
        let mut k = c.inputs.clone();
        k.sort_unstable();
        seen.insert((c.kind as u8, c.target, k))
    });
    f.checks = checks;
    f.rate_notes = notes;
    f.sum_notes = sum_notes;
}

/// From how many figures the sentences' checks are worth a second thread.
pub(crate) const PARALLEL_FROM: usize = 1000;

/// The sentence where the second half of the figures begins, when there are enough of them.
fn halfway(f: &Figures) -> Option<usize> {
    if f.figures.len() < PARALLEL_FROM {
        return None;
    }
    let mid = f.figures[f.figures.len() / 2].sentence as usize;
    (mid > 0 && mid < f.sentences.len()).then_some(mid)
}

/// The checks within each sentence of `sentences` (its sums and rates, the 其中 parts of the
/// sentence before it) and the notes on its rates, in order.
fn in_sentences(cx: &Cx, sentences: std::ops::Range<usize>) -> (Vec<Check>, Vec<RateNote>) {
    let f = cx.f;
    let (mut checks, mut notes) = (vec![], vec![]);
    let mut figs: Vec<usize> = vec![];
    let mut ext: Vec<usize> = vec![];
    let mut found = vec![];
    for s in sentences {
        figs.clear();
        figs.extend(f.in_sentence(s));
        if figs.is_empty() {
            continue;
        }
        // "……共清理156件。其中，保留118件……": the totals of the sentence before
        ext.clear();
        if s > 0 && opens_with_qizhong(cx, s) {
            let prev = &f.sentences[s - 1];
            if prev.block == f.sentences[s].block && !prev.table_row {
                ext.extend(f.in_sentence(s - 1).filter(|&i| cx.countable(i)));
            }
        }
        ext.extend(figs.iter().copied());
        let start = checks.len();
        if figs.len() >= 2 || ext.len() > figs.len() {
            qizhong(cx, &ext, &mut checks);
            totals_after(cx, &figs, &mut checks);
            partitions(cx, &figs, &mut checks);
            remainder(cx, &figs, &mut checks);
        }
        rates(cx, &figs, &ext, &checks[start..], &mut found, &mut notes);
        checks.append(&mut found);
    }
    (checks, notes)
}

/// Does sentence `s` open with 其中 (referring to the sentence before)?
fn opens_with_qizhong(cx: &Cx, s: usize) -> bool {
    let t = cx.f.sentences[s].span.text(cx.text);
    t.trim_start_matches(crate::text::is_space)
        .starts_with("其中")
}

#[cfg(test)]
mod tests {
    use super::rates::share_label;
    use super::vocab::*;

    #[test]
    fn total_words() {
        assert_eq!(total_word("合计新增市场主体"), Some(("合计", true)));
        assert_eq!(total_word("共计"), Some(("共计", true)));
        assert_eq!(total_word("全年共受理"), Some(("共", false)));
        assert_eq!(total_word("累计实现"), Some(("累计", false)));
        assert_eq!(total_word("公共法律服务"), None);
        assert_eq!(total_word("共建共治共享"), None);
        assert_eq!(total_word("受理"), None);
    }

    #[test]
    fn rate_name_extraction() {
        assert_eq!(rate_names("办结率、满意率"), ["办结率", "满意率"]);
        assert_eq!(rate_names("参考率和完成率均达"), ["参考率", "完成率"]);
        assert_eq!(
            rate_names("其中行政机关负责人出庭应诉率"),
            ["行政机关负责人出庭应诉率"]
        );
        assert_eq!(rate_names("调解成功率"), ["调解成功率"]);
        assert!(rate_names("满意度").is_empty());
    }

    #[test]
    fn share_labels() {
        assert_eq!(
            share_label("居住小区“污水零直排”比例从"),
            "居住小区“污水零直排”比例"
        );
        assert_eq!(share_label("其中女性干部占比达"), "女性干部占比");
        assert_eq!(share_label("占"), "占比");
    }

    #[test]
    fn subject_keys() {
        assert_eq!(subject_key("全年共受理行政复议案件"), "受理行政复议案件");
        assert_eq!(
            subject_key("2024年全县受理行政复议案件"),
            "受理行政复议案件"
        );
        assert_eq!(
            subject_key("其中行政机关负责人出庭应诉率达"),
            "行政机关负责人出庭应诉率"
        );
        // a lead word that is the whole subject stays; trailing verbs go, several in a row
        assert_eq!(subject_key("全年"), "全年");
        assert_eq!(subject_key("共计结案率保持为"), "结案率");
        assert_eq!(subject_key("调解成功"), "调解成功");
    }

    #[test]
    fn lead_and_trail_words_are_chinese() {
        // strip_lead and subject_key compare a word's first or last three bytes before the rest
        for w in super::vocab::LEAD.iter().chain(super::vocab::TRAIL) {
            assert!(w.chars().all(crate::text::is_han), "{w}");
        }
    }

    #[test]
    fn status_words() {
        assert!(intake(classes("共受理行政复议案件")));
        assert!(!intake(classes("不予受理")));
        assert!(pending(classes("未办结")) && !done(classes("未办结")));
        assert!(done(classes("已办结")));
        assert_eq!(
            classes("其中维持") & (C_QIZHONG | C_DISPOSITION),
            C_QIZHONG | C_DISPOSITION
        );
    }
}
