//! Totals and their parts: 其中 lists, totals after their parts, partitions (受理 = 办结 +
//! 在办 …) and remainders (除…外，其余).

use super::vocab::*;
use super::*;

/// 共受理46件，其中维持28件、撤销5件…
pub(super) fn qizhong(cx: &Cx, figs: &[usize], out: &mut Vec<Check>) {
    for (pos, &k) in figs.iter().enumerate() {
        if !cx.countable(k) {
            continue;
        }
        let subj = cx.subj(k);
        // 其中 opens a breakdown that may leave parts out; 分别为 followed by the parts' names
        // ("共有人民调解委员会236个，分别为乡镇人民调解委员会14个、……") lists every part
        let (q, respectively) = if cx.cls(k) & C_QIZHONG != 0 {
            match words::find(subj, "其中") {
                Some(q) => (q, false),
                None => continue,
            }
        } else {
            match respectively_named(subj) {
                Some(q) => (q, true),
                None => continue,
            }
        };
        if classes(&subj[q..]) & C_STOP != 0 {
            continue;
        }
        let q_abs = cx.fig(k).subject.start as usize + q;
        let totals: Vec<usize> = figs[..pos]
            .iter()
            .rev()
            .copied()
            .filter(|&t| {
                cx.countable(t)
                    && cx.same_unit(t, k)
                    && cx.fig(t).span.end as usize <= q_abs
                    && cx.cls(t) & C_STOP == 0
            })
            .collect();
        if totals.is_empty() {
            continue;
        }
        let c0 = cx.fig(k).clause as usize;
        let mut parts = vec![k];
        // a later figure is not a part when it could not fit in the total on its own ("其中
        // 企业1482户，年末实有经营主体4.12万户") or counts within an earlier part ("其中开庭
        // 审理61件，负责人出庭应诉61件": the profile's numerator of a rate after its base)
        let limit = cx.fig(totals[0]).interval().1;
        let not_part = |parts: &[usize], j: usize, comma: bool| {
            (comma && cx.fig(j).interval().0 > limit + EPS)
                || parts.iter().any(|&q| super::rates::nested_in(cx, j, q))
        };
        for &j in &figs[pos + 1..] {
            if cx.fig(j).clause as usize != c0 {
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
                .filter(|&j| {
                    cx.fig(j).clause as usize == c && cx.countable(j) && cx.same_unit(j, k)
                })
                .collect();
            if in_clause.is_empty()
                || (comma_mode && in_clause.len() != 1)
                || in_clause.iter().any(|&j| cx.cls(j) & C_STOP != 0)
                || in_clause.iter().any(|&j| not_part(&parts, j, comma_mode))
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
                .filter(|&j| {
                    cx.fig(j).clause as usize == c && cx.countable(j) && cx.same_unit(j, k)
                })
                .collect();
            if let [j] = rest[..] {
                let m = cx.cls(j);
                let m_all = m | classes(cx.fig(j).tail.text(cx.text));
                // "审结96件，其中维持60件……，其余12件正在审理中": what is still pending is the
                // rest of the cases received, not a part of those closed
                let parent_rest = done(cx.cls(totals[0])) && pending(m_all);
                if m & (C_REMAINDER | C_PENDING) != 0
                    && m & (C_STOP | C_QIZHONG) == 0
                    && !parent_rest
                {
                    parts.push(j);
                }
            }
        }
        let all = parts.iter().fold(0, |m, &p| m | cx.cls(p));
        // a remainder names itself first (其他18件, 其余纠纷5件), not in passing (告知向其他机关
        // 提出6件)
        let remainder = parts.iter().any(|&p| {
            let k = cx.key(p);
            REMAINDER.iter().any(|w| k.starts_with(w))
        });
        // after 分别为, every part names what it counts
        let named = |p: &usize| cx.subj(*p).chars().any(crate::text::is_han);
        let listed_all = (respectively && parts.len() >= 2 && parts.iter().all(named))
            || remainder
            || all & C_PENDING != 0
            || all & (C_KEEP | C_MODIFY | C_REPEAL) == C_KEEP | C_MODIFY | C_REPEAL;
        // the parts name every member of a partition the profile knows (企业 + 个体工商户 +
        // 农民专业合作社 for 市场主体; 市本级 + 各县（市、区）)
        let complete = |t: usize| listed_all || partition_complete(cx, t, &parts);
        let label = "总数";
        let check = totals
            .iter()
            .map(|&t| cx.sum_check(t, &parts, complete(t), label))
            .find(|c| c.ok)
            .unwrap_or_else(|| cx.sum_check(totals[0], &parts, complete(totals[0]), label));
        out.push(check);
    }
}

/// Where a subject says that the parts follow, each with its name: 分别为 (分别是, 依次为) with
/// a name after it ("分别为乡镇人民调解委员会"), not "一审、二审分别为" whose parts are bare
/// numbers matched to names listed before.
fn respectively_named(subj: &str) -> Option<usize> {
    // asked for every count: most subjects have neither 别 nor 次 (one pass for both, by
    // their last bytes)
    let b = subj.as_bytes();
    let bie_or_ci = memchr::memchr2_iter(0xAB, 0xA1, b)
        .any(|p| p >= 2 && (b[p - 2..=p] == *"别".as_bytes() || b[p - 2..=p] == *"次".as_bytes()));
    if !bie_or_ci {
        return None;
    }
    ["分别为", "分别是", "依次为"].iter().find_map(|w| {
        let q = words::find(subj, w)?;
        let after = &subj[q + w.len()..];
        (after.chars().any(crate::text::is_han) && classes(&subj[q..]) & C_STOP == 0).then_some(q)
    })
}

/// Do the parts of total `t` name every member of one of the profile's partitions, each part a
/// different member (and the total one of the partition's totals, if it lists any)?
fn partition_complete(cx: &Cx, t: usize, parts: &[usize]) -> bool {
    cx.cat.partitions.iter().any(|p| {
        if p.members.len() != parts.len() {
            return false;
        }
        if !p.totals.is_empty() && !p.totals.iter().any(|w| cx.subj(t).contains(w.as_str())) {
            return false;
        }
        let mut used = vec![false; parts.len()];
        p.members.iter().all(|words| {
            let hit = parts.iter().enumerate().position(|(k, &q)| {
                !used[k] && words.iter().any(|w| cx.subj(q).contains(w.as_str()))
            });
            match hit {
                Some(k) => {
                    used[k] = true;
                    true
                }
                None => false,
            }
        })
    })
}

/// Do the parts of total `t` name some members of one of the profile's partitions, each part a
/// different member, but not all of them (民事 and 刑事 of 民事/刑事/行政)?
fn partition_partly_named(cx: &Cx, t: usize, parts: &[usize]) -> bool {
    cx.cat.partitions.iter().any(|p| {
        if p.members.len() <= parts.len() {
            return false;
        }
        if !p.totals.is_empty() && !p.totals.iter().any(|w| cx.subj(t).contains(w.as_str())) {
            return false;
        }
        let mut used = vec![false; p.members.len()];
        parts.iter().all(|&q| {
            let hit = p.members.iter().enumerate().position(|(k, words)| {
                !used[k] && words.iter().any(|w| cx.subj(q).contains(w.as_str()))
            });
            hit.map(|k| used[k] = true).is_some()
        })
    })
}

/// 新增企业2499户、个体户8837户、农民专业合作社117户，合计新增市场主体11453户
pub(super) fn totals_after(cx: &Cx, figs: &[usize], out: &mut Vec<Check>) {
    for (pos, &k) in figs.iter().enumerate() {
        // a 合计 column of a table is checked with its table
        if !cx.countable(k) || cx.table_row(k) {
            continue;
        }
        let fk = cx.fig(k);
        if pos == 0 || cx.fig(figs[pos - 1]).clause == fk.clause {
            continue; // no parts before it, or not the first figure of its clause
        }
        // (figures are in clause order: only the clause right before is read)
        if !figs[..pos]
            .iter()
            .rev()
            .take_while(|&&j| cx.fig(j).clause + 1 >= fk.clause)
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
        let mut c = fk.clause as usize;
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
                .filter(|&j| {
                    cx.fig(j).clause as usize == c && cx.countable(j) && cx.same_unit(j, k)
                })
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
        let between = &cx.text[cx.fig(parts[0]).span.start as usize..fk.number.start as usize];
        let exhaustive = exact && !between.contains('等');
        let label = if exact { word } else { "总数" };
        out.push(cx.sum_check(k, &parts, exhaustive, label));
    }
}

/// 受理 = 办结 + 在办; 申请 = 维持 + 撤销 + … + 未结; 清理 = 保留 + 修改 + 废止.
pub(super) fn partitions(cx: &Cx, figs: &[usize], out: &mut Vec<Check>) {
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
        let seg = segment_start(cx, cx.fig(i).clause as usize);
        // inside the 其中 breakdown of a finished count ("审结96件，其中维持60件……"): its parts
        // belong to that count; the partition resumes at what is still pending
        let mut in_child = false;
        for &j in &figs[pos + 1..] {
            // the partition stays in its ；-part of the sentence
            if segment_start(cx, cx.fig(j).clause as usize) != seg {
                break;
            }
            if !cx.countable(j) || !cx.same_unit(i, j) {
                continue;
            }
            let mut cj = cx.cls(j);
            // 其余4件正在办理: the state may follow the figure
            if cj & C_REMAINDER != 0 {
                cj |= classes(cx.fig(j).tail.text(cx.text)) & C_PENDING;
            }
            if cj & C_QIZHONG != 0
                && cj & C_STOP == 0
                && !finished.is_empty()
                && open.is_empty()
                && disp.is_empty()
            {
                in_child = true;
                continue;
            }
            if in_child {
                if pending(cj) && cj & C_STOP == 0 {
                    in_child = false;
                    open.push(j);
                }
                continue;
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
pub(super) fn remainder(cx: &Cx, figs: &[usize], out: &mut Vec<Check>) {
    for (pos, &r) in figs.iter().enumerate() {
        if !cx.countable(r) || pos == 0 {
            continue;
        }
        if cx.cls(r) & C_REMAINDER == 0 {
            continue;
        }
        let key = cx.key(r);
        if !(key.starts_with("其余") || key.starts_with("剩余")) {
            continue;
        }
        let c_r = cx.fig(r).clause as usize;
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
            .filter(|&j| cx.fig(j).clause as usize == c_e && cx.countable(j) && cx.same_unit(j, r))
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
pub(super) fn segment_start(cx: &Cx, c: usize) -> usize {
    cx.segment_start(c)
}

/// A 其中 list of the total's kinds that adds up to less than the total: "全县共有人民调解
/// 委员会239个，其中乡镇人民调解委员会14个、村（社区）人民调解委员会215个、行业性专业性人民调解
/// 委员会7个" (236). The list may leave kinds out, so this is a note for the drafter to look
/// at, never an error.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SumNote {
    /// The sum as an exhaustive check that fails (for its arithmetic and display).
    pub check: Check,
    /// The noun the total and every part end with (人民调解委员会).
    pub head: String,
}

/// The shortest head noun that makes a list a list of the total's kinds (资金, 案件).
const MIN_HEAD: usize = 2;

/// The noun that the subjects of `total` and of every part end with, when each part names a
/// different kind of it before it (乡镇人民调解委员会, 村（社区）人民调解委员会 under 人民调解
/// 委员会): then the parts are kinds of the total, not figures it merely highlights.
fn kinds_head<'t>(cx: &Cx<'t>, total: usize, parts: &[usize]) -> Option<&'t str> {
    let key = |i: usize| cx.key(i);
    let tk = key(total);
    let mut common = tk.len();
    for &p in parts {
        let pk = key(p);
        common = common.min(common_suffix(tk, pk).len());
    }
    let head = &tk[tk.len() - common..];
    if head.chars().filter(|&c| crate::text::is_han(c)).count() < MIN_HEAD {
        return None;
    }
    // each part names its kind before the head, and no two the same kind
    let mut kinds: Vec<&str> = Vec::with_capacity(parts.len());
    for &p in parts {
        let pk = key(p);
        let kind = &pk[..pk.len() - head.len()];
        if !kind.chars().any(crate::text::is_han) || kinds.contains(&kind) {
            return None;
        }
        kinds.push(kind);
    }
    Some(head)
}

/// The 其中 lists of the total's kinds (see [`kinds_head`]) whose parts, of two or more, add up
/// to less than the total even at the ends of their rounding: one note per total.
pub(super) fn shortfalls(cx: &Cx, checks: &[Check]) -> Vec<SumNote> {
    let mut notes: Vec<SumNote> = vec![];
    for c in checks {
        if c.kind != CheckKind::Sum || !c.ok || c.exhaustive || c.inputs.len() < 2 {
            continue;
        }
        if cx.table_row(c.target) || notes.iter().any(|n| n.check.target == c.target) {
            continue;
        }
        let hi: f64 = c.inputs.iter().map(|&p| cx.fig(p).interval().1).sum();
        let (tlo, _) = cx.fig(c.target).interval();
        if hi + EPS * (1.0 + c.computed.abs()) >= tlo {
            continue;
        }
        let Some(head) = kinds_head(cx, c.target, &c.inputs) else {
            continue;
        };
        // the profile knows the kinds left out (民事 + 刑事 of 民事/刑事/行政 法律援助)
        if partition_partly_named(cx, c.target, &c.inputs) {
            continue;
        }
        let mut check = cx.sum_check(c.target, &c.inputs, true, &c.label);
        // no quick fix: the total may be right and a kind left out
        check.replacement = None;
        notes.push(SumNote {
            check,
            head: head.to_string(),
        });
    }
    notes
}
