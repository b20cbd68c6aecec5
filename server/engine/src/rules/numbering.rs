//! `numbering`: heading numbers and inline 一是/二是…, 第一/第二… runs that skip, repeat, start
//! wrong, mix styles within a level, or sit at the wrong depth.
//!
//! **Why.** GB/T 9704-2012 §7.3.3 numbers the levels of a document 一、→（一）→1.→（1）, each
//! level continuous under its parent. Drafts assembled from several departments' submissions
//! keep the numbers each submission had: a （二） followed by （四）, a 一是 followed by 三是, a
//! 1、 among 1. headings, a （一） numbered on from the previous part. Reviewers catch these
//! by eye, late.
//!
//! **How.** Reads the outline only. Headings are grouped by parent and level; each group must
//! run 1, 2, 3… (a new parent restarts at 1). Each level should keep one marker style (the
//! document's most frequent one for that level; half-width (一) counts as （一）, since the
//! width of the parentheses is `punct-width`'s concern). A heading may not skip a level that
//! the document uses elsewhere (no （一） directly under the title when 一、 exists, no 1. under
//! 一、 when （一） exists). Inline runs (grouped per heading by the outline, restarting at 一是)
//! must count on by one. Each break is reported once at the marker, saying what was expected
//! ("此处应为“三是”"), with a fix that renumbers the rest of the group or run; numbering then
//! resumes from the number actually written, so one slip gives one finding.
//!
//! Not reported: 第一 used as an ordinal (第一责任人, 第一季度, a lone 第三); a skip when the
//! expected marker is present in the text but was not recognised as a marker (e.g. after a
//! dash); unnumbered Markdown headings.
//!
//! **Example.** "（一）…（二）…（四）…" → warning on （四）: "此处应为“（三）”：编号不连续…".

/// foldhash: the keys are small integers, and SipHash was most of the cost of the maps.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use serde_json::json;

use crate::finding::{Edit, Edits, Finding, Fix, Severity};
use crate::outline::{Heading, MarkerStyle, RunKind};
use crate::rules::{Context, Rule, RuleInfo};
use crate::text::Span;

pub struct Numbering;

static INFO: RuleInfo = RuleInfo {
    id: "numbering",
    name: "编号不规范",
    default_severity: Severity::Warning,
    summary_zh: "标题、一是/二是 编号跳号、重号、层级或样式不一",
    summary_en: "Heading or 一是/二是 numbering skips, repeats, or mixes levels or styles.",
};

fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

fn is_numeral(c: char) -> bool {
    is_cn_numeral(c) || crate::numerals::is_arabic_digit(c)
}

/// The numeral inside a marker span: `（十二）` → `十二`.
fn numeral_span(text: &str, marker: Span) -> Option<Span> {
    let s = marker.text(text);
    let (i, _) = s.char_indices().find(|&(_, c)| is_numeral(c))?;
    let len: usize = s[i..]
        .chars()
        .take_while(|&c| is_numeral(c))
        .map(char::len_utf8)
        .sum();
    Some(Span::new(marker.start + i, marker.start + i + len))
}

/// `n` written in the script of `like` (Chinese numerals, ASCII or full-width digits).
fn numeral_like(like: &str, n: u64) -> String {
    match like.chars().next() {
        Some(c) if is_cn_numeral(c) => crate::numerals::format(n),
        Some(c) if ('０'..='９').contains(&c) => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap_or(d))
            .collect(),
        _ => n.to_string(),
    }
}

/// The marker as written with its number replaced: `（二）` → `（三）`, `１．` → `２．`.
fn marker_with(text: &str, marker: Span, n: u64) -> String {
    match numeral_span(text, marker) {
        Some(ns) => format!(
            "{}{}{}",
            &text[marker.start..ns.start],
            numeral_like(ns.text(text), n),
            &text[ns.end..marker.end]
        ),
        None => marker.text(text).to_string(),
    }
}

/// The edit that changes the number in `marker` to `n`, if it differs.
fn renumber_edit(text: &str, marker: Span, n: u64) -> Option<Edit> {
    let ns = numeral_span(text, marker)?;
    let new = numeral_like(ns.text(text), n);
    (new != ns.text(text)).then_some(Edit {
        span: ns,
        text: new.into(),
    })
}

/// Is a marker of `style`'s family with number `n` written in `region` where an item could
/// start (after a line start, a space or a sentence mark)?
fn marker_present(region: &str, style: MarkerStyle, n: u64) -> bool {
    use MarkerStyle::*;
    let num = match style {
        CnComma | CnDot | CnParen | CnParenHalf => crate::numerals::format(n),
        _ => n.to_string(),
    };
    let mut from = 0;
    while let Some(k) = region[from..].find(&num) {
        let at = from + k;
        from = at + num.len();
        let before = region[..at].chars().next_back();
        let after = region[at + num.len()..].chars().next();
        let ok = match style {
            CnComma => after == Some('、'),
            CnDot => matches!(after, Some('．' | '.')),
            ArabicDot | ArabicFullDot | ArabicComma => {
                matches!(after, Some('.' | '．' | '、'))
                    && !region[at + num.len()..]
                        .chars()
                        .nth(1)
                        .is_some_and(|c| c.is_ascii_digit())
            }
            CnParen | CnParenHalf | ArabicParen | ArabicParenHalf => {
                matches!(after, Some('）' | ')'))
            }
            Markdown => false,
        };
        if !ok {
            continue;
        }
        let opener = matches!(style, CnParen | CnParenHalf | ArabicParen | ArabicParenHalf);
        let lead = if opener {
            if !matches!(before, Some('（' | '(')) {
                continue;
            }
            region[..at].chars().rev().nth(1)
        } else {
            before
        };
        if lead.is_none_or(|c| {
            crate::text::is_space(c)
                || matches!(c, '。' | '；' | '：' | '！' | '？' | ';' | ':' | '!' | '?')
        }) {
            return true;
        }
    }
    false
}

/// In Markdown, a `1. 正文` line is an ordered-list item, which Markdown numbers itself
/// (1. 1. 1. renders as 1 2 3) and restarts per list: not a heading to check.
fn is_markdown_list_item(text: &str, head: &Heading) -> bool {
    head.style == MarkerStyle::ArabicDot
        && head.full_line.start == head.line.start
        && text[head.marker.end..].starts_with([' ', '\t'])
}

/// How many renumbering edits the fixes of one group or run may hold in total.
const FIX_BUDGET: usize = 2000;

/// The end (exclusive) of what a fix at `pos` renumbers: everything after it while the budget
/// lasts, then only the marker itself.
fn renumber_upto(budget: &mut usize, pos: usize, len: usize) -> usize {
    let all = len - pos;
    if all <= *budget {
        *budget -= all;
        len
    } else {
        pos + 1
    }
}

/// Half-width parentheses are a width variant of the same style.
fn family(s: MarkerStyle) -> MarkerStyle {
    match s {
        MarkerStyle::CnParenHalf => MarkerStyle::CnParen,
        MarkerStyle::ArabicParenHalf => MarkerStyle::ArabicParen,
        s => s,
    }
}

fn level_name(level: u8) -> &'static str {
    match level {
        1 => "一级标题",
        2 => "二级标题",
        3 => "三级标题",
        _ => "四级标题",
    }
}

fn q(s: &str) -> String {
    format!("“{s}”")
}

fn renumber_fix(edits: Vec<Edit>, first: &str) -> Option<Fix> {
    (!edits.is_empty()).then(|| Fix {
        title: if edits.len() == 1 {
            format!("改为{}", q(first)).into()
        } else {
            format!(
                "重新编号：此处改为{}，其后{}处依次顺延",
                q(first),
                edits.len() - 1
            )
            .into()
        },
        edits: edits.into(),
        preferred: true,
    })
}

impl Rule for Numbering {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn reads_figures(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let hs = &cx.outline.headings;
        let numbered: Vec<usize> = (0..hs.len())
            .filter(|&h| hs[h].number.is_some() && hs[h].style != MarkerStyle::Markdown)
            .filter(|&h| !(cx.outline.markdown && is_markdown_list_item(cx.text, &hs[h])))
            .collect();
        let dominant = dominant_styles(hs, &numbered);
        continuity(cx, &numbered, out);
        brackets(cx, &numbered, out);
        styles(cx, &numbered, &dominant, out);
        depth(cx, &numbered, &dominant, out);
        runs(cx, out);
    }
}

/// For each level 1–4, the style most headings of that level use (ties: the GB/T 9704 style,
/// then the first used).
fn dominant_styles(hs: &[Heading], numbered: &[usize]) -> [Option<MarkerStyle>; 5] {
    let mut out = [None; 5];
    for (level, slot) in out.iter_mut().enumerate().skip(1) {
        let mut counts: Vec<(MarkerStyle, usize, usize)> = vec![];
        for &h in numbered.iter().filter(|&&h| hs[h].level as usize == level) {
            let f = family(hs[h].style);
            match counts.iter_mut().find(|c| c.0 == f) {
                Some(c) => c.1 += 1,
                None => counts.push((f, 1, h)),
            }
        }
        let canonical = MarkerStyle::canonical(level as u8);
        *slot = counts
            .iter()
            .max_by_key(|c| (c.1, Some(c.0) == canonical, std::cmp::Reverse(c.2)))
            .map(|c| c.0);
    }
    out
}

/// The numbered headings grouped by parent and level, each group in document order, the groups
/// in the order of their first headings: one list and the bounds of each group (a text of
/// 100 000 headings makes 50 000 groups, a vector and an allocation apiece before).
struct Groups {
    flat: Vec<usize>,
    bounds: Vec<usize>,
}

impl Groups {
    fn new(hs: &[Heading], numbered: &[usize]) -> Groups {
        let mut index: HashMap<(Option<usize>, u8), usize> = HashMap::default();
        let of: Vec<usize> = numbered
            .iter()
            .map(|&h| {
                let next = index.len();
                *index.entry((hs[h].parent, hs[h].level)).or_insert(next)
            })
            .collect();
        let n = index.len();
        drop(index);
        let mut bounds = vec![0; n + 1];
        for &g in &of {
            bounds[g + 1] += 1;
        }
        for g in 0..n {
            bounds[g + 1] += bounds[g];
        }
        let mut fill = bounds[..n].to_vec();
        let mut flat = vec![0; numbered.len()];
        for (&h, &g) in numbered.iter().zip(&of) {
            flat[fill[g]] = h;
            fill[g] += 1;
        }
        Groups { flat, bounds }
    }

    fn len(&self) -> usize {
        self.bounds.len() - 1
    }

    fn iter(&self) -> impl Iterator<Item = &[usize]> + '_ {
        (0..self.len()).map(|g| &self[g])
    }
}

impl std::ops::Index<usize> for Groups {
    type Output = [usize];
    fn index(&self, g: usize) -> &[usize] {
        &self.flat[self.bounds[g]..self.bounds[g + 1]]
    }
}

fn continuity(cx: &Context, numbered: &[usize], out: &mut Vec<Finding>) {
    let text = cx.text;
    let hs = &cx.outline.headings;
    let groups = Groups::new(hs, numbered);
    // the previous numbered heading of the same level, in document order
    let mut prev_same_level: HashMap<usize, usize> = HashMap::default();
    let mut last_of_level: [Option<usize>; 5] = [None; 5];
    for &h in numbered {
        let l = (hs[h].level as usize).min(4);
        if let Some(p) = last_of_level[l] {
            prev_same_level.insert(h, p);
        }
        last_of_level[l] = Some(h);
    }
    let running_on = running_on(hs, &groups);
    for (gi, group) in groups.iter().enumerate() {
        let mut prev: Option<usize> = None;
        let mut budget = FIX_BUDGET;
        for (pos, &h) in group.iter().enumerate() {
            let head = &hs[h];
            let n = head.number.expect("numbered");
            let expected = match prev {
                Some(p) => hs[p].number.expect("numbered") + 1,
                // a numbering that runs on through the whole part on purpose: 1.–12. across
                // （一）–（四）
                None if running_on[gi] => n,
                None => 1,
            };
            if n > expected {
                // the missing marker is in the text, run into a line (（一）标题。1.正文…)
                let from = match prev {
                    Some(p) => hs[p].line.start,
                    None => head
                        .parent
                        .map_or(cx.outline.body.start, |p| hs[p].line.start),
                };
                let region = &text[from.min(head.full_line.start)..head.full_line.start];
                if marker_present(region, head.style, expected) {
                    prev = Some(h);
                    continue;
                }
            }
            if n != expected {
                let want = marker_with(text, head.marker, expected);
                let here = head.marker.text(text);
                let reason = match prev {
                    None => {
                        let continued = prev_same_level.get(&h).is_some_and(|&g| {
                            hs[g].parent != head.parent && hs[g].number == n.checked_sub(1)
                        });
                        if continued && n > 1 {
                            format!(
                                "新的上级标题下应从{}重新编号，不应接续前一部分的编号",
                                q(&want)
                            )
                        } else {
                            format!("同级第一个标题应从{}开始", q(&want))
                        }
                    }
                    Some(p) => {
                        let pm = hs[p].marker.text(text);
                        let pn = hs[p].number.expect("numbered");
                        if n == pn {
                            format!("与上一个同级标题{}编号重复", q(pm))
                        } else if n == 1 {
                            format!(
                                "同一上级标题下编号不应重新从{}开始，上一个同级标题是{}",
                                q(here),
                                q(pm)
                            )
                        } else if n < pn {
                            format!("编号顺序有误，上一个同级标题是{}", q(pm))
                        } else if n == expected + 1 {
                            format!("编号不连续，上一个同级标题是{}，缺少{}", q(pm), q(&want))
                        } else {
                            format!(
                                "编号不连续，上一个同级标题是{}，缺少{}至{}",
                                q(pm),
                                q(&want),
                                q(&marker_with(text, head.marker, n - 1))
                            )
                        }
                    }
                };
                let kind = match prev {
                    None => "start",
                    Some(p) if n <= hs[p].number.unwrap_or(0) => "repeat",
                    Some(_) => "skip",
                };
                // every break renumbers all that follow it, within an edit budget per group
                // that no real report reaches: a file of 80 000 repeated （六） stays linear
                let upto = renumber_upto(&mut budget, pos, group.len());
                let edits: Vec<Edit> = group[pos..upto]
                    .iter()
                    .enumerate()
                    .filter_map(|(j, &g)| renumber_edit(text, hs[g].marker, expected + j as u64))
                    .collect();
                let mut f = Finding::new(
                    INFO.id,
                    INFO.default_severity,
                    head.marker,
                    format!("此处应为{}：{reason}（此处为{}）。", q(&want), q(here)),
                )
                .with_data(json!({"kind": kind, "expected": want}));
                if let Some(p) = prev {
                    f = f.with_related(hs[p].marker, "上一个同级标题");
                }
                if let Some(fix) = renumber_fix(edits, &want) {
                    f = f.with_fix(fix);
                }
                out.push(f);
            }
            prev = Some(h);
        }
    }
}

/// For each group of sibling headings, does it continue the numbering of the previous group of
/// its level on purpose? Some reports number a level straight through instead of restarting
/// under each parent (1.–8. under 一、, 9.–10. under 二、 …). That is a deliberate convention
/// when it is kept up: a chain of groups, the first starting at 1 and each next one starting
/// where the previous one ended, over at least three groups — or two at the third level and
/// below, where running numbers are common, when no other group of the level restarts at 1.
/// A single group numbered on from the previous part (（一）（二）, then （三）（四） under the
/// next 一、) is still a slip.
fn running_on(hs: &[Heading], groups: &Groups) -> Vec<bool> {
    let mut out = vec![false; groups.len()];
    for level in 1..=4u8 {
        // the groups of this level, in document order
        let mut of_level: Vec<usize> = (0..groups.len())
            .filter(|&g| hs[groups[g][0]].level == level)
            .collect();
        of_level.sort_by_key(|&g| groups[g][0]);
        let first = |g: usize| hs[groups[g][0]].number.unwrap_or(0);
        let last = |g: usize| {
            hs[*groups[g].last().expect("non-empty")]
                .number
                .unwrap_or(0)
        };
        // the level restarts at 1 under some parent: the convention is to restart
        let restarts = of_level.iter().skip(1).any(|&g| first(g) == 1);
        let mut k = 0;
        while k < of_level.len() {
            // a chain: a group starting at 1, then groups each starting where the last ended
            let mut end = k + 1;
            while end < of_level.len() && first(of_level[end]) == last(of_level[end - 1]) + 1 {
                end += 1;
            }
            let len = end - k;
            if first(of_level[k]) == 1 && (len >= 3 || (len == 2 && level >= 3 && !restarts)) {
                for &g in &of_level[k + 1..end] {
                    out[g] = true;
                }
            }
            k = end;
        }
    }
    out
}

/// Headings whose marker lost a bracket or mixes widths: "五）", "（三", "(三）". The fix writes
/// the marker whole, in the width most headings of its level use.
fn brackets(cx: &Context, numbered: &[usize], out: &mut Vec<Finding>) {
    let text = cx.text;
    let hs = &cx.outline.headings;
    // per level, how many whole markers use full-width and half-width brackets (counted once,
    // not once per broken marker)
    let mut widths = [(0usize, 0usize); 5];
    for &g in numbered {
        if hs[g].broken.is_none() {
            let w = &mut widths[(hs[g].level as usize).min(4)];
            match hs[g].style {
                MarkerStyle::CnParenHalf | MarkerStyle::ArabicParenHalf => w.1 += 1,
                MarkerStyle::CnParen | MarkerStyle::ArabicParen => w.0 += 1,
                _ => {}
            }
        }
    }
    for &h in numbered {
        let head = &hs[h];
        let Some(broken) = head.broken else {
            continue;
        };
        let n = head.number.expect("numbered");
        // the width the document's other headings of this level use
        let (full, half) = widths[(head.level as usize).min(4)];
        let style = match (head.style, half > full) {
            (MarkerStyle::ArabicParen | MarkerStyle::ArabicParenHalf, true) => {
                MarkerStyle::ArabicParenHalf
            }
            (MarkerStyle::ArabicParen | MarkerStyle::ArabicParenHalf, false) => {
                MarkerStyle::ArabicParen
            }
            (_, true) => MarkerStyle::CnParenHalf,
            (_, false) => MarkerStyle::CnParen,
        };
        let want = style.render(n);
        let here = head.marker.text(text);
        let what = match broken {
            crate::outline::Broken::NoOpen => "缺少前半个括号",
            crate::outline::Broken::NoClose => "缺少后半个括号",
            crate::outline::Broken::MixedWidth => "前后括号一个半角、一个全角",
        };
        out.push(
            Finding::new(
                INFO.id,
                INFO.default_severity,
                head.marker,
                format!("标题编号{}{what}，应为{}。", q(here), q(&want)),
            )
            .with_data(json!({"kind": "bracket", "expected": want}))
            .with_fix(Fix {
                title: format!("改为{}", q(&want)).into(),
                edits: Edits::one(Edit {
                    span: head.marker,
                    text: want.clone().into(),
                }),
                preferred: true,
            }),
        );
    }
}

fn styles(
    cx: &Context,
    numbered: &[usize],
    dominant: &[Option<MarkerStyle>; 5],
    out: &mut Vec<Finding>,
) {
    let hs = &cx.outline.headings;
    for &h in numbered {
        let head = &hs[h];
        let Some(want) = dominant[head.level as usize] else {
            continue;
        };
        if family(head.style) == want {
            continue;
        }
        let n = head.number.expect("numbered");
        let new = want.render(n);
        out.push(
            Finding::new(
                INFO.id,
                INFO.default_severity,
                head.marker,
                format!(
                    "此处应为{}：本文{}多用{}编号，此处为{}，同级标题应统一样式。",
                    q(&new),
                    level_name(head.level),
                    want.describe(),
                    head.style.describe()
                ),
            )
            .with_data(json!({"kind": "style", "expected": new}))
            .with_fix(Fix {
                title: format!("改为{}", q(&new)).into(),
                edits: Edits::one(Edit {
                    span: head.marker,
                    text: new.clone().into(),
                }),
                preferred: true,
            }),
        );
    }
}

fn depth(
    cx: &Context,
    numbered: &[usize],
    dominant: &[Option<MarkerStyle>; 5],
    out: &mut Vec<Finding>,
) {
    let text = cx.text;
    let hs = &cx.outline.headings;
    let mut reported: std::collections::HashSet<(Option<usize>, u8), foldhash::fast::RandomState> =
        Default::default();
    for &h in numbered {
        let head = &hs[h];
        let parent_level = match head.parent {
            Some(p) if hs[p].style == MarkerStyle::Markdown => continue,
            Some(p) => hs[p].level,
            None => 0,
        };
        let Some(missing) =
            (parent_level + 1..head.level).find(|&l| dominant[l as usize].is_some())
        else {
            continue;
        };
        if !reported.insert((head.parent, head.level)) {
            continue;
        }
        let sample = dominant[missing as usize].expect("used level").render(1);
        let here = head.marker.text(text);
        let place = match head.parent {
            None => "直接位于报告标题之下".to_string(),
            Some(p) => format!("直接位于{}之下", q(hs[p].line.text(text))),
        };
        out.push(
            Finding::new(
                INFO.id,
                INFO.default_severity,
                head.marker,
                format!(
                    "层级不当：{}{place}，跳过了{}一级（本文其他地方使用了{}）。层级应依次为一、→（一）→1.→（1）。",
                    q(here),
                    q(&sample),
                    q(&sample)
                ),
            )
            .with_data(json!({"kind": "depth", "missing": sample})),
        );
    }
}

fn runs(cx: &Context, out: &mut Vec<Finding>) {
    let text = cx.text;
    let o = cx.outline;
    for run in &o.runs {
        // a lone 第三 is an ordinal, not an enumeration
        if run.kind == RunKind::Di && run.members.len() == 1 {
            continue;
        }
        let region_start = run
            .heading
            .map_or(o.body.start, |h| o.headings[h].line.start);
        let mut prev: Option<usize> = None;
        let mut budget = FIX_BUDGET;
        for (i, m) in run.members.iter().enumerate() {
            let expected = prev.map_or(1, |p| run.members[p].number + 1);
            let n = m.number;
            let this = i;
            prev = Some(i);
            if n == expected {
                continue;
            }
            let want = run.kind.render(expected);
            if n > expected {
                // the expected marker is there but was not recognised (after a dash, a quote…)
                let from = if this == 0 {
                    region_start
                } else {
                    run.members[this - 1].marker.end
                };
                // (also when a line break of a wrapped paragraph splits it: 三⏎是)
                if from <= m.marker.start
                    && text[from..m.marker.start]
                        .replace(['\n', '\r'], "")
                        .contains(&want)
                {
                    continue;
                }
            }
            let here = m.marker.text(text);
            let reason = if this == 0 {
                format!("列举应从{}开始", q(&run.kind.render(1)))
            } else {
                let pm = run.members[this - 1].marker.text(text);
                if n == run.members[this - 1].number {
                    format!("与上一个{}重复", q(pm))
                } else if n < run.members[this - 1].number {
                    format!("编号顺序有误，上一个是{}", q(pm))
                } else {
                    format!("上一个是{}，缺少{}", q(pm), q(&want))
                }
            };
            let kind = match this {
                0 => "start",
                _ if n <= run.members[this - 1].number => "repeat",
                _ => "skip",
            };
            let upto = renumber_upto(&mut budget, this, run.members.len());
            let edits: Vec<Edit> = run.members[this..upto]
                .iter()
                .enumerate()
                .filter_map(|(j, x)| {
                    let new = crate::numerals::format(expected + j as u64);
                    (new != x.numeral.text(text)).then_some(Edit {
                        span: x.numeral,
                        text: new.into(),
                    })
                })
                .collect();
            let mut f = Finding::new(
                INFO.id,
                INFO.default_severity,
                m.marker,
                format!("此处应为{}：{reason}（此处为{}）。", q(&want), q(here)),
            )
            .with_data(json!({"kind": kind, "expected": want}));
            if this > 0 {
                f = f.with_related(run.members[this - 1].marker, "上一个");
            }
            if let Some(fix) = renumber_fix(edits, &want) {
                f = f.with_fix(fix);
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{apply, findings};

    const HEAD: &str = "关于2024年度法治政府建设情况的报告\n某市人民政府：\n2024年，我县深入推进法治政府建设。现将有关情况报告如下：\n";

    fn report(body: &str) -> String {
        format!("{HEAD}{body}")
    }

    fn got(text: &str) -> Vec<(String, String)> {
        findings(text, "numbering")
            .iter()
            .map(|f| (f.span.text(text).to_string(), f.message.to_string()))
            .collect()
    }

    const CLEAN: &str = "一、主要举措和成效
（一）依法履行政府职能。一是深化放管服改革；二是优化营商环境。三是推进一网通办。
1.推进政务公开。全年主动公开信息1400条。
2.规范行政决策。审查重大决策事项12件。
（二）严格规范执法。第一，开展案卷评查；第二，加强执法培训。
一是组织执法人员培训12场次。二是开展专项检查。
二、存在的不足和原因
（一）执法力量薄弱。究其原因，主要是编制不足。
（二）普法针对性不强。
三、2025年工作安排
（一）加强执法队伍建设。
";

    #[test]
    fn continuous_numbering_restarting_under_new_parents_is_clean() {
        assert!(got(&report(CLEAN)).is_empty(), "{:?}", got(&report(CLEAN)));
    }

    #[test]
    fn heading_skip_is_reported_once_with_a_renumbering_fix() {
        let t = report(
            "一、主要举措和成效\n（一）依法行政。正文。\n（二）规范执法。正文。\n（四）强化监督。正文。\n（五）化解纠纷。正文。\n二、存在的不足和原因\n正文。\n",
        );
        let f = findings(&t, "numbering");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&t), "（四）");
        assert!(
            f[0].message.starts_with("此处应为“（三）”"),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("缺少“（三）”"));
        assert_eq!(f[0].related[0].span.text(&t), "（二）");
        let fixed = apply(&t, &f[0].fixes[0]);
        assert!(
            fixed.contains("（三）强化监督") && fixed.contains("（四）化解纠纷"),
            "{fixed}"
        );
        assert!(findings(&fixed, "numbering").is_empty());
    }

    #[test]
    fn every_break_renumbers_all_that_follow() {
        let t = report("一、主要举措\n（一）甲。正文。\n（二）乙。正文。\n（四）丙。正文。\n（五）丁。正文。\n（七）戊。正文。\n（八）己。正文。\n");
        let f = findings(&t, "numbering");
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(
            f[1].message.starts_with("此处应为“（六）”"),
            "{}",
            f[1].message
        );
        let fixed = apply(&t, &f[1].fixes[0]);
        assert!(
            fixed.contains("（六）戊") && fixed.contains("（七）己"),
            "{fixed}"
        );
        let fixed = apply(&t, &f[0].fixes[0]);
        assert!(findings(&fixed, "numbering").is_empty(), "{fixed}");
    }

    #[test]
    fn fixes_of_a_long_broken_group_stay_linear() {
        let body: String = std::iter::once("一、主要举措\n".to_string())
            .chain((0..3000).map(|_| "（六）推进执法。正文。\n".to_string()))
            .collect();
        let f = findings(&report(&body), "numbering");
        assert_eq!(f.len(), 3000);
        let edits: usize = f.iter().map(|x| x.fixes[0].edits.len()).sum();
        assert!(edits <= super::FIX_BUDGET + 3000, "{edits}");
    }

    #[test]
    fn markdown_ordered_lists_are_not_headings() {
        let profile = crate::profile::Profile::default_profile();
        let md = "# 关于2024年度法治政府建设情况的报告\n\n## 一、主要举措\n\n### （一）依法行政\n\n1. 推进政务公开\n1. 规范行政决策\n\n另一组：\n\n1. 加强监督\n3. 化解纠纷\n\n## 三、存在的不足\n\n正文。\n";
        let opts = crate::analysis::Options {
            markdown: true,
            force_report: true,
            ..crate::analysis::Options::new(std::slice::from_ref(&profile))
        };
        let f: Vec<_> = crate::analysis::analyze(md, &opts)
            .findings
            .into_iter()
            .filter(|f| f.rule == "numbering")
            .collect();
        // the list items are left alone; the skipped 二、 is still found
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message.starts_with("此处应为“二、”"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn top_level_repeat_and_bad_start() {
        let t = report(
            "二、主要举措和成效\n正文。\n二、存在的不足和原因\n正文。\n三、工作安排\n正文。\n",
        );
        let f = got(&t);
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(
            f[0].1
                .starts_with("此处应为“一、”：同级第一个标题应从“一、”开始"),
            "{f:?}"
        );
        // after the start slip the count resumes from 二、: the second 二、 repeats it
        assert!(
            f[1].1
                .starts_with("此处应为“三、”：与上一个同级标题“二、”编号重复"),
            "{f:?}"
        );
    }

    #[test]
    fn numbering_continued_across_parents_must_restart() {
        let t = report("一、主要举措\n（一）甲。正文。\n（二）乙。正文。\n二、存在的不足\n（三）丙。正文。\n（四）丁。正文。\n");
        let f = findings(&t, "numbering");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("重新编号"), "{}", f[0].message);
        let fixed = apply(&t, &f[0].fixes[0]);
        assert!(
            fixed.contains("二、存在的不足\n（一）丙。正文。\n（二）丁。"),
            "{fixed}"
        );
    }

    #[test]
    fn numbering_running_on_through_the_report_is_a_convention() {
        // 1.–7. straight through （一）–（三）, as some reports number their items
        let t = report("一、主要举措\n（一）甲\n1.一项。正文。\n2.二项。正文。\n（二）乙\n3.三项。正文。\n4.四项。正文。\n（三）丙\n5.五项。正文。\n二、存在的不足\n（一）丁\n6.六项。正文。\n7.七项。正文。\n");
        let f = findings(&t, "numbering");
        assert!(f.is_empty(), "{f:?}");
        // two groups at the third level run on too
        let t = report(
            "一、主要举措\n（一）甲\n1.一项。正文。\n2.二项。正文。\n（二）乙\n3.三项。正文。\n",
        );
        assert!(findings(&t, "numbering").is_empty());
        // a slip inside the running numbering is still one
        let t = report("一、主要举措\n（一）甲\n1.一项。正文。\n2.二项。正文。\n（二）乙\n3.三项。正文。\n5.五项。正文。\n（三）丙\n6.六项。正文。\n");
        let f = findings(&t, "numbering");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.starts_with("此处应为“4.”"), "{}", f[0].message);
        // running on in one part and restarting in the others is a mix: the run-on is flagged
        let t = report("一、主要举措\n（一）甲\n1.一项。正文。\n（二）乙\n1.一项。正文。\n（三）丙\n2.二项。正文。\n");
        assert_eq!(findings(&t, "numbering").len(), 1);
    }

    #[test]
    fn headings_with_a_broken_bracket() {
        for (line, want) in [
            ("三）严格执法", "（三）"),
            ("三)严格执法", "（三）"),
            ("（三严格执法", "（三）"),
            ("(三）严格执法", "（三）"),
            ("（三)严格执法", "（三）"),
        ] {
            let t = report(&format!("一、主要举措\n（一）甲。正文。\n（二）乙。正文。\n{line}。正文。\n（四）丁。正文。\n"));
            let f = findings(&t, "numbering");
            assert_eq!(f.len(), 1, "{line}: {f:?}");
            assert!(f[0].message.starts_with("标题编号"), "{}", f[0].message);
            assert!(
                f[0].message.ends_with(&format!("应为“{want}”。")),
                "{}",
                f[0].message
            );
            let fixed = apply(&t, &f[0].fixes[0]);
            assert!(fixed.contains("（三）严格执法"), "{fixed}");
            assert!(findings(&fixed, "numbering").is_empty());
            // and the bracket is not reported again as unpaired
            assert!(findings(&t, "unpaired-mark").is_empty(), "{line}");
        }
        // a document with half-width brackets gets a half-width fix
        let t = report("一、主要举措\n(一)甲。正文。\n(二)乙。正文。\n三)严格执法。正文。\n");
        let f = findings(&t, "numbering");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(apply(&t, &f[0].fixes[0]).contains("(三)严格执法"));
    }

    #[test]
    fn broken_brackets_need_a_neighbour_to_be_headings() {
        // not the next number, or a word after the bracket: not a heading
        for line in [
            "五）严格执法。正文。",
            "（一般程序案件占六成）",
            "（三年行动计划已完成过半。",
        ] {
            let t = report(&format!(
                "一、主要举措\n（一）甲。正文。\n（二）乙。正文。\n{line}\n"
            ));
            assert!(findings(&t, "numbering").is_empty(), "{line}");
        }
    }

    #[test]
    fn mixed_styles_within_a_level() {
        let t = report("一、主要举措\n（一）依法行政\n1.推进政务公开。正文。\n2、规范行政决策。正文。\n3.加强监督。正文。\n");
        let f = findings(&t, "numbering");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&t), "2、");
        assert!(f[0].message.starts_with("此处应为“2.”"), "{}", f[0].message);
        assert!(apply(&t, &f[0].fixes[0]).contains("\n2.规范行政决策"));
    }

    #[test]
    fn half_width_parentheses_are_the_same_style() {
        let t = report(
            "一、主要举措\n(一)依法行政。正文。\n（二）规范执法。正文。\n(三)强化监督。正文。\n",
        );
        assert!(got(&t).is_empty(), "{:?}", got(&t));
    }

    #[test]
    fn skipped_levels() {
        // （一） directly under the title while 一、 exists elsewhere
        let t = report("（一）开篇情况。正文。\n一、主要举措\n（一）依法行政。正文。\n");
        let f = got(&t);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].1.contains("直接位于报告标题之下，跳过了“一、”一级"),
            "{f:?}"
        );
        // 1. directly under 一、 while （一） is used elsewhere
        let t = report("一、主要举措\n（一）依法行政。正文。\n二、存在的不足\n1.执法力量薄弱。正文。\n2.普法针对性不强。正文。\n");
        let f = got(&t);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "1.");
        assert!(f[0].1.contains("跳过了“（一）”一级"), "{f:?}");
        // a level skipped throughout is fine
        let t = report("一、主要举措\n1.依法行政。正文。\n2.规范执法。正文。\n二、存在的不足\n1.力量薄弱。正文。\n");
        assert!(got(&t).is_empty(), "{:?}", got(&t));
    }

    #[test]
    fn inline_run_skip_and_repeat() {
        let t = report("一、主要举措\n（一）依法行政。一是深化改革；二是优化服务；四是推进公开；五是强化监督。\n（二）规范执法。一是开展评查；二是加强培训；二是完善制度。\n");
        let f = findings(&t, "numbering");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].span.text(&t), "四是");
        assert!(
            f[0].message.starts_with("此处应为“三是”"),
            "{}",
            f[0].message
        );
        let fixed = apply(&t, &f[0].fixes[0]);
        assert!(fixed.contains("三是推进公开；四是强化监督"), "{fixed}");
        assert!(f[1]
            .message
            .starts_with("此处应为“三是”：与上一个“二是”重复"));
        assert_eq!(f[1].span.start, t.rfind("二是").unwrap());
    }

    #[test]
    fn inline_runs_restart_in_a_new_paragraph_and_under_a_new_heading() {
        let t = report("一、主要举措\n（一）依法行政。一是深化改革；二是优化服务。\n一是推进公开；二是强化监督；三是加强培训。\n（二）规范执法。一是开展评查；二是加强培训。\n");
        assert!(got(&t).is_empty(), "{:?}", got(&t));
    }

    #[test]
    fn ordinals_are_not_runs() {
        let t = report("一、主要举措\n（一）落实第一责任人职责。召开第一次会议，第一季度完成部署；排名全市第一，第一、二批试点完成，第三，按期验收。\n");
        assert!(got(&t).is_empty(), "{:?}", got(&t));
    }

    #[test]
    fn di_run_skip() {
        let t = report("一、主要举措\n正文：第一，加强学习；第二，完善制度；第四，强化监督。\n");
        let f = got(&t);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].1.starts_with("此处应为“第三”"), "{f:?}");
    }

    #[test]
    fn unrecognised_marker_is_not_a_skip() {
        // 二是 after a dash is not taken as a marker by the outline, but it is there
        let t = report("一、主要举措\n主要做法有三：一是深化改革——二是优化服务；三是推进公开。\n");
        assert!(got(&t).is_empty(), "{:?}", got(&t));
    }

    #[test]
    fn marker_run_into_the_previous_line_is_not_a_skip() {
        let t = report("一、主要举措\n（一）依法行政。1.推进政务公开，全年公开信息1400条。\n2.规范行政决策。审查决策事项12件。\n3.加强监督。正文。\n（二）规范执法。正文。（三）强化监督。正文。\n（四）化解纠纷。正文。\n");
        assert!(got(&t).is_empty(), "{:?}", got(&t));
        // but a figure such as 1.5万 is not a marker
        let t = report("一、主要举措\n（一）依法行政。全年办件1.5万件。\n2.规范行政决策。正文。\n");
        assert_eq!(got(&t).len(), 1, "{:?}", got(&t));
    }

    #[test]
    fn restarting_at_one_under_the_same_parent() {
        let t = report("一、主要举措\n（一）依法行政\n1.推进公开。正文。\n2.规范决策。正文。\n主要问题如下。\n1.力量不足。正文。\n");
        let f = got(&t);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].1
                .starts_with("此处应为“3.”：同一上级标题下编号不应重新从“1.”开始"),
            "{f:?}"
        );
    }

    #[test]
    fn marker_split_by_a_wrapped_line_is_not_a_skip() {
        let t = report("一、主要举措\n全县扎实推进政务服务改革，主要做法有三：一是深化改革；二是优化服务；三\n是推进公开；四是强化监督。\n");
        assert!(got(&t).is_empty(), "{:?}", got(&t));
    }

    #[test]
    fn headings_quoted_in_running_text_are_not_headings() {
        let t = report(
            "一、主要举措\n正文提到“三、存在的不足”和（三）项内容。\n二、存在的不足\n正文。\n",
        );
        assert!(got(&t).is_empty(), "{:?}", got(&t));
    }

    use crate::outline::MarkerStyle;
    use proptest::prelude::*;

    /// A well-numbered report: `shape[i]` gives, for the i-th top-level heading, the number of
    /// （一） children, each with a number of 1. children; paragraphs carry 一是… runs that
    /// restart in each paragraph.
    fn render(shape: &[Vec<(usize, usize)>], styles: [MarkerStyle; 3]) -> String {
        let mut t = String::new();
        for (i, kids) in shape.iter().enumerate() {
            t.push_str(&format!("{}主要工作\n", styles[0].render(i as u64 + 1)));
            for (j, &(grand, run)) in kids.iter().enumerate() {
                t.push_str(&format!("{}推进依法行政。", styles[1].render(j as u64 + 1)));
                for r in 0..run {
                    t.push_str(&format!(
                        "{}是完善制度；",
                        crate::numerals::format(r as u64 + 1)
                    ));
                }
                t.push_str("全年办件12件。\n");
                for g in 0..grand {
                    t.push_str(&format!(
                        "{}加强监督。第一，抓学习；第二，抓落实。\n",
                        styles[2].render(g as u64 + 1)
                    ));
                    t.push_str("一是开展检查；二是组织培训。\n");
                }
            }
            t.push_str("第一季度完成部署，落实第一责任人职责。\n");
        }
        t
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn well_numbered_reports_are_clean(
            shape in prop::collection::vec(
                prop::collection::vec((0usize..4, 0usize..5), 0..4), 1..6),
            half in any::<bool>(),
            dot in prop::sample::select(vec![MarkerStyle::ArabicDot, MarkerStyle::ArabicFullDot, MarkerStyle::ArabicComma]),
        ) {
            let second = if half { MarkerStyle::CnParenHalf } else { MarkerStyle::CnParen };
            let t = report(&render(&shape, [MarkerStyle::CnComma, second, dot]));
            let f = got(&t);
            prop_assert!(f.is_empty(), "{t}\n{f:?}");
        }

        #[test]
        fn one_skipped_heading_gives_one_finding(
            n in 3usize..9,
            skip in 1usize..8,
        ) {
            let skip = skip.min(n - 1);
            let mut body = String::from("一、主要举措\n");
            let mut k = 0;
            for i in 0..n {
                if i == skip {
                    k += 1; // jump over one number
                }
                k += 1;
                body.push_str(&format!("（{}）推进依法行政。正文。\n", crate::numerals::format(k as u64)));
            }
            let t = report(&body);
            let f = findings(&t, "numbering");
            prop_assert_eq!(f.len(), 1, "{}", t);
            let fixed = apply(&t, &f[0].fixes[0]);
            prop_assert!(findings(&fixed, "numbering").is_empty(), "{}", fixed);
        }
    }
}
