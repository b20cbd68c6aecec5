//! Relations between figures, computed once per analysis. Every relation found is recorded as a
//! [`Check`] with its arithmetic, whether it holds or not: the rules report the failing ones
//! (`sum-mismatch`, `rate-mismatch`, `percent-range`, `conflicting-figure`), the hover lists
//! every check a figure takes part in and the inlay hints show the computed values.
//!
//! The patterns are deliberately narrow (a false alarm costs the drafter's trust):
//!
//! - **其中 lists**: a stated total, then 其中 and parts with the same unit. The parts must not
//!   exceed the total; they must equal it when a remainder is listed (未结, 其余, 其他) or the
//!   list is a complete clean-up partition (保留 + 修改 + 废止). The total is the nearest earlier
//!   figure of the sentence with the same unit; any earlier one that makes the check hold is
//!   accepted before flagging.
//! - **parts, then 合计/共计/总计**: must equal (共/累计 and lists ending in 等: must not exceed).
//! - **partitions**: 受理 = 办结 + 在办/未结; 收到 = 办结 + 正在办理; 受理/申请 = 维持 + 撤销 + 驳回 +
//!   终止 + 确认违法 + 责令履行 … (+ 未结); 清理 = 保留 + 修改 + 废止.
//! - **除…外, 其余**: total = excluded + remainder.
//! - **rates**: a …率 X% in the sentence (or table row) of the counts it is computed from, named
//!   by the profile's `[[figures.rates]]` (办结率 = 办结 ÷ 受理/收到) or by the rate's own stem
//!   (调解成功率 = 调解成功 ÷ 调解); "占 X%" after a part of a total. Any consistent pairing of
//!   numerator and base is accepted; the tolerance is the rounding the text shows (98.9% allows
//!   ±0.05) and the meaning of 余/约/以上.
//! - **ranges**: a rate or share outside 0–100% (not a change such as 同比增长132.4%, not a rate
//!   the profile allows above 100% such as 完成率).
//! - **restatements**: the same specific indicator (负责人出庭应诉率, 受理行政复议案件) stated twice
//!   in the achievements with values that cannot both be true.

use std::sync::LazyLock;

use super::display;
use super::{Approx, Figure, Figures};
use crate::items::Items;
use crate::outline::Outline;
use crate::profile::catalog::Catalog;
use crate::words::{self, Classes, WordSet};

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
    /// The figures it is checked against: the parts; [numerator, base]; [earlier statement].
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

    /// The computation: "45 + 120 + 48", "15488 ÷ 15620" (empty for ranges and restatements).
    /// Written on demand: most checks hold and are never shown.
    pub fn expr(&self, figs: &Figures, text: &str) -> String {
        let show = |i: usize| shown(&figs.figures[i], text);
        match self.kind {
            CheckKind::Sum => self
                .inputs
                .iter()
                .map(|&p| show(p))
                .collect::<Vec<_>>()
                .join(" + "),
            CheckKind::Rate => format!("{} ÷ {}", show(self.inputs[0]), show(self.inputs[1])),
            CheckKind::Range | CheckKind::Same => String::new(),
        }
    }

    /// The result as shown: "213", "约290", "99.16%", "105%"; for a restatement, the earlier
    /// figure.
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
                let n = display::num(self.computed, dec);
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
        match self.kind {
            CheckKind::Sum if self.inputs.len() == 1 => self.expr(figs, text),
            CheckKind::Sum | CheckKind::Rate => {
                format!("{} = {}", self.expr(figs, text), self.result(figs, text))
            }
            CheckKind::Range => format!("{} 应在 0%～100% 之间", self.result(figs, text)),
            CheckKind::Same => {
                let (e, t) = (&figs.figures[self.inputs[0]], &figs.figures[self.target]);
                let line = crate::text::LineIndex::new(text).line_of(e.span.start) + 1;
                format!(
                    "第 {line} 行写的是 {}{}，此处是 {}{}",
                    shown(e, text),
                    e.unit.unwrap_or(""),
                    shown(t, text),
                    t.unit.unwrap_or("")
                )
            }
        }
    }
}

/// A figure's number as shown in arithmetic: as written, with its modifier (260余, 约1.1万).
fn shown(f: &Figure, text: &str) -> String {
    let n = match f.form {
        super::NumForm::Chinese => display::num(f.value, 4),
        _ => f.number.text(text).to_string(),
    };
    match f.modifier {
        Some(m) if m.end <= f.number.start => format!("{}{n}", m.text(text)),
        Some(m) => format!("{n}{}", m.text(text)),
        None => n,
    }
}

const EPS: f64 = 1e-9;

/// Words that state a total that the parts must equal.
const TOTAL_EXACT: &[&str] = &["合计", "共计", "总计", "总共", "一共"];
/// Words that state a total the listed parts must not exceed.
const TOTAL_LOOSE: &[&str] = &["累计", "共"];
/// 共 after these characters is not "in total" (公共; 总共 and 一共 are exact totals).
const GONG_BEFORE: &[char] = &['公', '总', '一'];
/// 共 before these characters is not "in total" (共同, 共享, 共建 …; 共计 is an exact total).
const GONG_AFTER: &[char] = &[
    '同', '享', '建', '治', '富', '识', '商', '赢', '性', '产', '青', '用', '管', '抓', '推', '育',
    '创', '谋', '担', '融', '生', '进', '筑', '护', '计',
];
/// Words after which a figure is a different dimension, not a part of the list before it.
const STOP: &[&str] = &[
    "同比",
    "环比",
    "较上年",
    "比上年",
    "较去年",
    "比去年",
    "上年",
    "去年",
    "增长",
    "增加",
    "下降",
    "减少",
    "降低",
    "提高",
    "提升",
    "上升",
    "另有",
    "此外",
    "涉及",
    "挽回",
    "人均",
    "平均",
];
/// What comes in: the base of a partition or a rate.
const INTAKE: &[&str] = &[
    "受理", "收到", "接收", "接到", "收件", "登记", "申请", "交办", "收案", "新收", "受办",
];
/// What is finished.
const DONE: &[&str] = &[
    "办结",
    "审结",
    "结案",
    "完成办理",
    "办理完毕",
    "已办理",
    "办毕",
    "办复",
    "已答复",
    "已处理",
];
/// What is still open (checked before DONE: 未办结 contains 办结).
const PENDING: &[&str] = &[
    "未办结",
    "尚未办结",
    "未结",
    "在办",
    "正在办理",
    "办理中",
    "正在审理",
    "在审",
    "待办",
    "尚在办理",
    "正在处理",
    "未审结",
];
/// Outcomes of 行政复议 and similar proceedings.
const DISPOSITION: &[&str] = &[
    "不予受理",
    "维持",
    "撤销",
    "驳回",
    "终止",
    "确认违法",
    "责令履行",
    "变更",
    "调解",
    "和解",
    "确认无效",
    "纠错",
    "移送",
    "告知",
];
/// Remainders that make a list complete.
const REMAINDER: &[&str] = &["其余", "剩余", "其他", "余下"];
/// Clean-up outcomes: keep, modify, repeal.
const KEEP: &[&str] = &["保留", "继续有效", "现行有效", "继续执行", "继续施行"];
const MODIFY: &[&str] = &["修改", "修订"];
const REPEAL: &[&str] = &["废止", "失效", "宣布失效"];
/// Bases of a rate when the profile names none.
const GENERIC_BASES: &[&str] = &[
    "受理", "收到", "接收", "接到", "登记", "申请", "交办", "共", "合计", "总计", "累计", "抽查",
    "评查", "检查", "办理",
];
/// Words that put a figure in another year or make it a target, not a result.
const NOT_THIS_YEAR: &[&str] = &[
    "同比",
    "环比",
    "上年",
    "去年",
    "较",
    "年均",
    "目标",
    "力争",
    "计划",
    "预计",
    "确保",
    "争取",
    "不低于",
    "控制在",
];

// Which of the lists above a text has a word of, as bits (one pass over the text).
const C_TOTAL: u32 = 1;
const C_STOP: u32 = 1 << 1;
const C_INTAKE: u32 = 1 << 2;
const C_DONE: u32 = 1 << 3;
const C_PENDING: u32 = 1 << 4;
const C_DISPOSITION: u32 = 1 << 5;
const C_REMAINDER: u32 = 1 << 6;
const C_KEEP: u32 = 1 << 7;
const C_MODIFY: u32 = 1 << 8;
const C_REPEAL: u32 = 1 << 9;
const C_QIZHONG: u32 = 1 << 10;
const C_LEIJI: u32 = 1 << 11;
const C_CLEANUP: u32 = 1 << 12;
const C_GONG: u32 = 1 << 13;

static CLASSES: LazyLock<Classes> = LazyLock::new(|| {
    Classes::new(&[
        TOTAL_EXACT,
        STOP,
        INTAKE,
        DONE,
        PENDING,
        DISPOSITION,
        REMAINDER,
        KEEP,
        MODIFY,
        REPEAL,
        &["其中"],
        &["累计"],
        &["清理"],
        &["共"],
    ])
});

static NOT_THIS_YEAR_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(NOT_THIS_YEAR));

/// The word classes of a text.
fn classes(s: &str) -> u32 {
    CLASSES.of(s)
}

fn pending(m: u32) -> bool {
    m & C_PENDING != 0
}

/// Something coming in (受理, 收到, 申请), not 不予受理 or 未受理.
fn intake(m: u32) -> bool {
    m & C_INTAKE != 0 && m & (C_DISPOSITION | C_PENDING) == 0
}

/// Something finished (办结, 审结), not 未办结.
fn done(m: u32) -> bool {
    m & C_DONE != 0 && !pending(m)
}

fn cleanup_outcome(m: u32) -> bool {
    m & (C_KEEP | C_MODIFY | C_REPEAL) != 0
}

/// A total word in `s`: (the word, whether the parts must equal the total).
pub fn total_word(s: &str) -> Option<(&'static str, bool)> {
    total_word_in(s, classes(s))
}

/// [`total_word`] for a text whose classes are known.
fn total_word_in(s: &str, m: u32) -> Option<(&'static str, bool)> {
    if m & C_TOTAL != 0 {
        let w = TOTAL_EXACT.iter().find(|w| words::has(s, w))?;
        return Some((w, true));
    }
    if m & C_LEIJI != 0 {
        return Some(("累计", false));
    }
    if m & C_GONG == 0 {
        return None;
    }
    // 共 on its own (共受理, 共有), not in 公共/共同/共享 …
    for (i, _) in s.match_indices('共') {
        let before = s[..i].chars().next_back();
        let after = s[i + '共'.len_utf8()..].chars().next();
        if !before.is_some_and(|c| GONG_BEFORE.contains(&c))
            && !after.is_some_and(|c| GONG_AFTER.contains(&c))
        {
            return Some((TOTAL_LOOSE[1], false));
        }
    }
    None
}

/// The rate names in a subject: 办结率、满意率 → [办结率, 满意率]; 参考率和完成率 → both.
pub fn rate_names(subject: &str) -> Vec<&str> {
    let mut out = vec![];
    for (k, _) in subject.match_indices('率') {
        let end = k + '率'.len_utf8();
        let before = &subject[..k];
        let start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| {
                !crate::text::is_han(c) || matches!(c, '率' | '和' | '及' | '与' | '、' | '的')
            })
            .map_or(0, |(i, c)| i + c.len_utf8());
        let mut name = &subject[start..end];
        // generic leading words are not part of the name
        loop {
            let stripped = strip_lead(name);
            if stripped.len() == name.len() {
                break;
            }
            name = stripped;
        }
        if name.chars().count() >= 2 {
            out.push(name);
        }
    }
    out
}

/// Leading words that do not name an indicator.
const LEAD: &[&str] = &[
    "其中", "全年", "今年", "本年", "当年", "年内", "年度", "全县", "全市", "全区", "全镇", "全乡",
    "我县", "我市", "我区", "我镇", "本县", "本市", "县级", "市级", "共计", "合计", "累计", "总计",
    "共", "已", "先后", "依法", "均", "并", "同时", "此外", "另外", "年", "度", "的",
];

fn strip_lead(s: &str) -> &str {
    for w in LEAD {
        if let Some(r) = s.strip_prefix(w) {
            if !r.is_empty() {
                return r;
            }
        }
    }
    s
}

/// Trailing verbs between a subject and its figure: 达, 为, 均达, 保持 …
const TRAIL: &[&str] = &[
    "达到", "均达", "保持", "实现", "已达", "达", "为", "是", "约", "计", "有",
];

/// A subject reduced to the words that name what is counted: "全年共受理行政复议案件" →
/// "受理行政复议案件".
pub fn subject_key(s: &str) -> &str {
    // from the first Han character after any digits/years
    let mut s = s.trim_start_matches(|c: char| !crate::text::is_han(c) || c == '年');
    loop {
        let t = strip_lead(s);
        let t = t.trim_start_matches(|c: char| !crate::text::is_han(c));
        if t.len() == s.len() {
            break;
        }
        s = t;
    }
    loop {
        let before = s.len();
        for w in TRAIL {
            if let Some(r) = s.strip_suffix(w) {
                if !r.is_empty() {
                    s = r;
                }
            }
        }
        s = s.trim_end_matches(|c: char| !crate::text::is_han(c));
        if s.len() == before {
            break;
        }
    }
    s
}

/// Context shared by the checks, with per-figure facts computed once.
struct Cx<'a> {
    f: &'a Figures,
    text: &'a str,
    cat: &'a Catalog,
    /// Each figure can be a count in a sum or a rate.
    countable: Vec<bool>,
    /// Each figure's unit as a small number (0: no unit, never equal to another).
    unit: Vec<u16>,
    /// The word classes of each figure's subject.
    class: Vec<u32>,
    /// The rate names in each percentage's subject (empty for other figures).
    rates: Vec<Vec<&'a str>>,
}

impl<'a> Cx<'a> {
    fn new(f: &'a Figures, text: &'a str, cat: &'a Catalog) -> Self {
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
            countable.push(
                g.checkable() && !g.is_percent() && super::units::is_count(g.unit) && id != 0,
            );
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
    fn fig(&self, i: usize) -> &Figure {
        &self.f.figures[i]
    }
    fn subj(&self, i: usize) -> &str {
        self.fig(i).subject.text(self.text)
    }
    /// The rate names in percentage `i`'s subject.
    fn rates(&self, i: usize) -> &[&'a str] {
        &self.rates[i]
    }
    /// The word classes of figure `i`'s subject.
    fn cls(&self, i: usize) -> u32 {
        self.class[i]
    }
    fn clause_text(&self, c: usize) -> &str {
        self.f.clauses[c].span.text(self.text)
    }
    fn table_row(&self, i: usize) -> bool {
        self.f
            .sentences
            .get(self.fig(i).sentence)
            .is_some_and(|s| s.table_row)
    }
    /// A figure that can be a count in a sum or a rate.
    fn countable(&self, i: usize) -> bool {
        self.countable[i]
    }
    fn same_unit(&self, a: usize, b: usize) -> bool {
        self.unit[a] == self.unit[b] && self.unit[a] != 0
    }
    fn all_exact(&self, figs: &[usize]) -> bool {
        figs.iter().all(|&i| self.fig(i).approx == Approx::Exact)
    }

    fn sum_check(&self, target: usize, parts: &[usize], exhaustive: bool, label: &str) -> Check {
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

    fn rate_check(&self, rate: usize, num: usize, base: usize, label: &str) -> Check {
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

/// Relate the figures of a report to each other and record every check.
///
/// `not_results` are the items (plan, other) whose figures are targets or remarks, not results:
/// restatements there are not compared.
pub fn run(
    f: &mut Figures,
    text: &str,
    outline: &Outline,
    items: &Items,
    cat: &Catalog,
    year: Option<i32>,
    not_results: &[usize],
) {
    let mut checks = vec![];
    {
        let cx = Cx::new(f, text, cat);
        let mut figs: Vec<usize> = vec![];
        let mut found = vec![];
        for s in 0..f.sentences.len() {
            figs.clear();
            figs.extend(f.in_sentence(s));
            if figs.is_empty() {
                continue;
            }
            let start = checks.len();
            if figs.len() >= 2 {
                qizhong(&cx, &figs, &mut checks);
                totals_after(&cx, &figs, &mut checks);
                partitions(&cx, &figs, &mut checks);
                remainder(&cx, &figs, &mut checks);
            }
            rates(&cx, &figs, &checks[start..], &mut found);
            checks.append(&mut found);
        }
        ranges(&cx, &mut checks);
        restatements(&cx, outline, items, year, not_results, &mut checks);
    }
    // one check per target and set of inputs
    let mut seen: std::collections::HashSet<(u8, usize, Vec<usize>)> =
        std::collections::HashSet::with_capacity(checks.len());
    checks.retain(|c| {
        let mut k = c.inputs.clone();
        k.sort_unstable();
        seen.insert((c.kind as u8, c.target, k))
    });
    f.checks = checks;
}

/// 共受理46件，其中维持28件、撤销5件…
fn qizhong(cx: &Cx, figs: &[usize], out: &mut Vec<Check>) {
    for (pos, &k) in figs.iter().enumerate() {
        if !cx.countable(k) || cx.cls(k) & C_QIZHONG == 0 {
            continue;
        }
        let subj = cx.subj(k);
        let Some(q) = words::find(subj, "其中") else {
            continue;
        };
        if classes(&subj[q..]) & C_STOP != 0 {
            continue;
        }
        let q_abs = cx.fig(k).subject.start + q;
        let totals: Vec<usize> = figs[..pos]
            .iter()
            .rev()
            .copied()
            .filter(|&t| {
                cx.countable(t)
                    && cx.same_unit(t, k)
                    && cx.fig(t).span.end <= q_abs
                    && cx.cls(t) & C_STOP == 0
            })
            .collect();
        if totals.is_empty() {
            continue;
        }
        let c0 = cx.fig(k).clause;
        let mut parts = vec![k];
        for &j in &figs[pos + 1..] {
            if cx.fig(j).clause != c0 {
                break;
            }
            if cx.countable(j) && cx.same_unit(j, k) {
                parts.push(j);
            }
        }
        let sentence = cx.fig(k).sentence;
        let comma_mode = parts.len() == 1
            && cx
                .f
                .clauses
                .get(c0 + 1)
                .is_some_and(|c| c.sentence == sentence && c.sep != '、');
        let mut c = c0 + 1;
        while let Some(cl) = cx.f.clauses.get(c) {
            if cl.sentence != sentence || (!comma_mode && cl.sep != '、') {
                break;
            }
            let ct = cx.clause_text(c);
            if words::has(ct, "其中") || total_word(ct).is_some() {
                break;
            }
            let in_clause: Vec<usize> = figs
                .iter()
                .copied()
                .filter(|&j| cx.fig(j).clause == c && cx.countable(j) && cx.same_unit(j, k))
                .collect();
            if in_clause.is_empty()
                || (comma_mode && in_clause.len() != 1)
                || in_clause.iter().any(|&j| cx.cls(j) & C_STOP != 0)
            {
                break;
            }
            parts.extend(in_clause);
            c += 1;
        }
        // a remainder after a 、-list completes it: "…、终止3件，尚未审结2件"
        if !comma_mode
            && cx
                .f
                .clauses
                .get(c)
                .is_some_and(|cl| cl.sentence == sentence)
        {
            let rest: Vec<usize> = figs
                .iter()
                .copied()
                .filter(|&j| cx.fig(j).clause == c && cx.countable(j) && cx.same_unit(j, k))
                .collect();
            if let [j] = rest[..] {
                let m = cx.cls(j);
                if m & (C_REMAINDER | C_PENDING) != 0 && m & (C_STOP | C_QIZHONG) == 0 {
                    parts.push(j);
                }
            }
        }
        let all = parts.iter().fold(0, |m, &p| m | cx.cls(p));
        let complete = all & (C_REMAINDER | C_PENDING) != 0
            || all & (C_KEEP | C_MODIFY | C_REPEAL) == C_KEEP | C_MODIFY | C_REPEAL;
        let label = "总数";
        let check = totals
            .iter()
            .map(|&t| cx.sum_check(t, &parts, complete, label))
            .find(|c| c.ok)
            .unwrap_or_else(|| cx.sum_check(totals[0], &parts, complete, label));
        out.push(check);
    }
}

/// 新增企业2499户、个体户8837户、农民专业合作社117户，合计新增市场主体11453户
fn totals_after(cx: &Cx, figs: &[usize], out: &mut Vec<Check>) {
    for (pos, &k) in figs.iter().enumerate() {
        if !cx.countable(k) {
            continue;
        }
        let fk = cx.fig(k);
        if pos == 0 || cx.fig(figs[pos - 1]).clause == fk.clause {
            continue; // no parts before it, or not the first figure of its clause
        }
        if !figs[..pos]
            .iter()
            .any(|&j| cx.fig(j).clause + 1 == fk.clause && cx.same_unit(j, k))
        {
            continue; // the clause before holds no part
        }
        let subj = cx.subj(k);
        let Some((word, exact)) = total_word_in(subj, cx.cls(k)) else {
            continue;
        };
        if cx.cls(k) & C_QIZHONG != 0 {
            continue;
        }
        let mut parts: Vec<usize> = vec![];
        let mut c = fk.clause;
        while c > 0 {
            c -= 1;
            let Some(cl) = cx.f.clauses.get(c) else { break };
            if cl.sentence != fk.sentence {
                break;
            }
            let ct = cx.clause_text(c);
            let in_clause: Vec<usize> = figs[..pos]
                .iter()
                .copied()
                .filter(|&j| cx.fig(j).clause == c && cx.countable(j) && cx.same_unit(j, k))
                .collect();
            if in_clause.is_empty()
                || words::has(ct, "其中")
                || total_word(ct).is_some()
                || in_clause.iter().any(|&j| cx.cls(j) & C_STOP != 0)
            {
                break;
            }
            let mut merged = in_clause;
            merged.extend(parts);
            parts = merged;
        }
        if parts.len() < 2 {
            continue;
        }
        // 受理 and 办结 are not parts of one whole
        let coming = parts.iter().any(|&p| intake(cx.cls(p)));
        let finished = parts.iter().any(|&p| done(cx.cls(p)) || pending(cx.cls(p)));
        if coming && finished {
            continue;
        }
        let between = &cx.text[cx.fig(parts[0]).span.start..fk.number.start];
        let exhaustive = exact && !between.contains('等');
        let label = if exact { word } else { "总数" };
        out.push(cx.sum_check(k, &parts, exhaustive, label));
    }
}

/// 受理 = 办结 + 在办; 申请 = 维持 + 撤销 + … + 未结; 清理 = 保留 + 修改 + 废止.
fn partitions(cx: &Cx, figs: &[usize], out: &mut Vec<Check>) {
    for (pos, &i) in figs.iter().enumerate() {
        if !cx.countable(i) {
            continue;
        }
        let si = cx.subj(i);
        let ci = cx.cls(i);
        let cleanup = ci & C_CLEANUP != 0 || words::has(cx.fig(i).tail.text(cx.text), "清理");
        if !(intake(ci) || cleanup) || ci & C_QIZHONG != 0 {
            continue;
        }
        let (mut finished, mut open, mut disp, mut kept) = (vec![], vec![], vec![], vec![]);
        for &j in &figs[pos + 1..] {
            if !cx.countable(j) || !cx.same_unit(i, j) {
                continue;
            }
            let mut cj = cx.cls(j);
            // 其余4件正在办理: the state may follow the figure
            if cj & C_REMAINDER != 0 {
                cj |= classes(cx.fig(j).tail.text(cx.text)) & C_PENDING;
            }
            if cj & (C_QIZHONG | C_STOP) != 0
                || intake(cj)
                || total_word_in(cx.subj(j), cj).is_some()
            {
                break;
            }
            if pending(cj) {
                open.push(j);
            } else if cleanup && cleanup_outcome(cj) {
                kept.push(j);
            } else if cj & C_DISPOSITION != 0 {
                disp.push(j);
            } else if done(cj) {
                finished.push(j);
            } else {
                break;
            }
        }
        let label = INTAKE
            .iter()
            .find(|w| words::has(si, w))
            .map_or_else(|| "清理总数".to_string(), |w| format!("{w}数"));
        if !kept.is_empty() && cleanup {
            let all = kept.iter().fold(0, |m, &p| m | cx.cls(p));
            let complete = all & (C_KEEP | C_MODIFY | C_REPEAL) == C_KEEP | C_MODIFY | C_REPEAL;
            if kept.len() >= 2 {
                out.push(cx.sum_check(i, &kept, complete, "清理总数"));
            }
            continue;
        }
        if !finished.is_empty() && !open.is_empty() && disp.is_empty() {
            let mut parts = finished;
            parts.extend(open);
            parts.sort_unstable();
            out.push(cx.sum_check(i, &parts, true, &label));
        } else if disp.len() + open.len() >= 2 && finished.is_empty() && !disp.is_empty() {
            let exhaustive = !open.is_empty();
            let mut parts = disp;
            parts.extend(open);
            parts.sort_unstable();
            out.push(cx.sum_check(i, &parts, exhaustive, &label));
        }
    }
}

/// 清单2523项，除负面清单219项外，其余2304项…
fn remainder(cx: &Cx, figs: &[usize], out: &mut Vec<Check>) {
    for (pos, &r) in figs.iter().enumerate() {
        if !cx.countable(r) || pos == 0 {
            continue;
        }
        let sr = cx.subj(r);
        if cx.cls(r) & C_REMAINDER == 0 {
            continue;
        }
        let key = subject_key(sr);
        if !(key.starts_with("其余") || key.starts_with("剩余")) {
            continue;
        }
        let c_r = cx.fig(r).clause;
        if c_r == 0 {
            continue;
        }
        let c_e = c_r - 1;
        if !cx.clause_text(c_e).contains('除') {
            continue;
        }
        let excluded: Vec<usize> = figs[..pos]
            .iter()
            .copied()
            .filter(|&j| cx.fig(j).clause == c_e && cx.countable(j) && cx.same_unit(j, r))
            .collect();
        let Some(&first) = excluded.first() else {
            continue;
        };
        let Some(&total) = figs[..pos]
            .iter()
            .rev()
            .find(|&&t| t < first && cx.countable(t) && cx.same_unit(t, r))
        else {
            continue;
        };
        let mut parts = excluded;
        parts.push(r);
        out.push(cx.sum_check(total, &parts, true, "总数"));
    }
}

/// The first clause of the ；-separated part of a sentence that clause `c` is in.
fn segment_start(cx: &Cx, c: usize) -> usize {
    let sentence = cx.f.clauses[c].sentence;
    let mut k = c;
    while k > 0
        && !matches!(cx.f.clauses[k].sep, '；' | ';')
        && cx.f.clauses[k - 1].sentence == sentence
    {
        k -= 1;
    }
    k
}

/// 办结率 99.2% against 办结 ÷ 受理; "占 60.9%" after a part. The counts are those before the
/// rate in its ；-separated part of the sentence (or its table row).
fn rates(cx: &Cx, figs: &[usize], sums: &[Check], out: &mut Vec<Check>) {
    for &p in figs {
        let fp = cx.fig(p);
        if !fp.is_percent() || !fp.checkable() {
            continue;
        }
        let seg = segment_start(cx, fp.clause);
        let counts: Vec<usize> = figs
            .iter()
            .copied()
            .filter(|&i| i < p && cx.countable(i) && cx.fig(i).clause >= seg)
            .collect();
        let subj = cx.subj(p);
        if cx.cat.change_words.is_match(subj) {
            continue;
        }
        if subj.starts_with('占') {
            share(cx, figs, sums, p, out);
            continue;
        }
        for &name in cx.rates(p) {
            let stem = name.trim_end_matches('率');
            let def = cx.cat.rate(name);
            let mut num_words: Vec<&str> = vec![];
            if stem.chars().count() >= 2 {
                num_words.push(stem);
            }
            match def {
                Some(d) => num_words.extend(d.numerators.iter().map(String::as_str)),
                None => {
                    // the stem's own endings: 行政复议调解结案 → 调解结案, 结案
                    let cs: Vec<(usize, char)> = stem.char_indices().collect();
                    for k in 1..cs.len().saturating_sub(1) {
                        num_words.push(&stem[cs[k].0..]);
                    }
                }
            }
            let base_words: Vec<&str> = match def {
                Some(d) if !d.bases.is_empty() => d.bases.iter().map(String::as_str).collect(),
                _ => GENERIC_BASES.to_vec(),
            };
            let nums: Vec<usize> = counts
                .iter()
                .copied()
                .filter(|&n| {
                    let s = cx.subj(n);
                    num_words.iter().any(|w| words::has(s, w))
                        && (!pending(cx.cls(n)) || pending(classes(stem)))
                })
                .collect();
            let mut best: Option<Check> = None;
            let mut strong_fail: Option<Check> = None;
            for &n in nums.iter().rev() {
                let strong: Vec<usize> = counts
                    .iter()
                    .copied()
                    .filter(|&b| {
                        b != n
                            && cx.same_unit(b, n)
                            && !nums.contains(&b)
                            && base_words.iter().any(|w| words::has(cx.subj(b), w))
                    })
                    .collect();
                let weak: Vec<usize> = counts
                    .iter()
                    .copied()
                    .filter(|&b| b != n && cx.same_unit(b, n) && !strong.contains(&b))
                    .collect();
                for &b in strong.iter().rev().chain(weak.iter().rev()) {
                    let c = cx.rate_check(p, n, b, name);
                    if c.ok {
                        best = Some(c);
                        break;
                    }
                }
                if best.is_some() {
                    break;
                }
                if strong_fail.is_none() {
                    // the base nearest before the numerator, else the nearest one
                    if let Some(&b) = strong
                        .iter()
                        .rev()
                        .find(|&&b| b < n)
                        .or_else(|| strong.last())
                    {
                        if cx.fig(b).value >= cx.fig(n).value {
                            strong_fail = Some(cx.rate_check(p, n, b, name));
                        }
                    }
                }
            }
            if let Some(c) = best.or(strong_fail) {
                out.push(c);
            }
        }
    }
}

/// 其中维持28件，占60.9%: the part over its total.
fn share(cx: &Cx, figs: &[usize], sums: &[Check], p: usize, out: &mut Vec<Check>) {
    let Some(&n) = figs
        .iter()
        .rev()
        .find(|&&j| j < p && cx.countable(j) && cx.fig(j).clause + 1 == cx.fig(p).clause)
    else {
        return;
    };
    let subj = cx.subj(p);
    let base = sums
        .iter()
        .find(|c| c.inputs.contains(&n) && c.ok)
        .map(|c| c.target)
        .or_else(|| {
            let named: Vec<&str> = INTAKE
                .iter()
                .copied()
                .filter(|w| words::has(subj, w))
                .collect();
            figs.iter().rev().copied().find(|&b| {
                b < n
                    && cx.countable(b)
                    && cx.same_unit(b, n)
                    && cx.fig(b).value >= cx.fig(n).value
                    && if named.is_empty() {
                        total_word_in(cx.subj(b), cx.cls(b)).is_some() || intake(cx.cls(b))
                    } else {
                        named.iter().any(|w| words::has(cx.subj(b), w))
                    }
            })
        });
    if let Some(b) = base {
        out.push(cx.rate_check(p, n, b, "占比"));
    }
}

/// Is this percentage (its subject and the rate names in it) a level, a rate or share, not a
/// change?
fn is_level_rate(subject: &str, names: &[&str], cat: &Catalog) -> bool {
    let rateish = subject.contains('率')
        || SHARE_WORDS.iter().any(|w| words::has(subject, w))
        || subject.starts_with('占');
    rateish
        && !cat.change_words.is_match(subject)
        && !names
            .iter()
            .any(|n| cat.may_exceed_100.iter().any(|m| n.ends_with(m.as_str())))
}

/// The name of a share whose subject has no …率: up to its 占比/比例/比重 ("居住小区污水零直排
/// 比例从" → "居住小区污水零直排比例"), or 占比 for "占 X%".
fn share_label(subject: &str) -> String {
    let end = SHARE_WORDS
        .iter()
        .filter_map(|w| subject.rfind(w).map(|k| k + w.len()))
        .max();
    match end {
        Some(e) => subject_key(&subject[..e]).to_string(),
        None => "占比".to_string(),
    }
}

/// Words that make a percentage a share.
const SHARE_WORDS: &[&str] = &["占比", "比例", "比重", "百分比", "压缩比"];

/// A rate or share outside 0–100%.
fn ranges(cx: &Cx, out: &mut Vec<Check>) {
    for (i, f) in cx.f.figures.iter().enumerate() {
        if !f.is_percent() || f.in_quotes {
            continue;
        }
        let subj = cx.subj(i);
        if !is_level_rate(subj, cx.rates(i), cx.cat) {
            continue;
        }
        let (lo, hi) = f.interval();
        let ok = lo <= 100.0 + EPS && hi >= -EPS;
        let label = cx
            .rates(i)
            .last()
            .map_or_else(|| share_label(subj), |n| n.to_string());
        out.push(Check {
            kind: CheckKind::Range,
            target: i,
            inputs: vec![],
            computed: f.value,
            ok,
            exhaustive: false,
            label,
            replacement: None,
        });
    }
}

/// The same indicator stated twice in the achievements.
fn restatements(
    cx: &Cx,
    outline: &Outline,
    items: &Items,
    year: Option<i32>,
    not_results: &[usize],
    out: &mut Vec<Check>,
) {
    // (key, unit, figure)
    let mut seen: Vec<(String, Option<&str>, usize)> = vec![];
    // whether each sentence speaks of this year's results only
    let mut plain_sentence: Vec<Option<bool>> = vec![None; cx.f.sentences.len()];
    for (i, f) in cx.f.figures.iter().enumerate() {
        if !f.checkable() || cx.table_row(i) {
            continue;
        }
        // cheap filters first: a specific rate name, or a subject naming an indicator
        let subj = cx.subj(i);
        if f.is_percent() {
            if !subj.contains('率') {
                continue;
            }
        } else if !cx.cat.synonyms.is_match(subj) {
            continue;
        }
        if items
            .at(f.span.start)
            .is_some_and(|item| not_results.contains(&item))
        {
            continue;
        }
        if outline.body.end <= f.span.start {
            continue;
        }
        let plain = *plain_sentence[f.sentence].get_or_insert_with(|| {
            let sentence = &cx.f.sentences[f.sentence];
            let other_year = year.is_some_and(|y| {
                let from =
                    cx.f.years
                        .partition_point(|m| m.span.start < sentence.span.start);
                cx.f.years[from..]
                    .iter()
                    .take_while(|m| m.span.start < sentence.span.end)
                    .any(|m| m.year != y)
            });
            !other_year && !NOT_THIS_YEAR_WORDS.is_match(sentence.span.text(cx.text))
        });
        if !plain {
            continue;
        }
        let key: String = if f.is_percent() {
            match cx.rates(i).last() {
                Some(n) if n.chars().count() >= 4 => n.to_string(),
                _ => continue,
            }
        } else {
            let k = subject_key(subj);
            if k.chars().count() < 5 || !cx.cat.synonyms.is_match(k) {
                continue;
            }
            k.to_string()
        };
        let same = |a: &str, b: &str| {
            if f.is_percent() {
                a.ends_with(b) || b.ends_with(a)
            } else {
                a == b
            }
        };
        if let Some((_, _, j)) = seen
            .iter()
            .rev()
            .find(|(k, u, _)| *u == f.unit && same(k, &key))
        {
            let e = cx.fig(*j);
            let (alo, ahi) = e.interval();
            let (blo, bhi) = f.interval();
            let ok = alo <= bhi + EPS && blo <= ahi + EPS;
            out.push(Check {
                kind: CheckKind::Same,
                target: i,
                inputs: vec![*j],
                computed: e.value,
                ok,
                exhaustive: false,
                label: key.clone(),
                replacement: None,
            });
        }
        seen.push((key, f.unit, i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
