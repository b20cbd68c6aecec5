//! The words that classify a figure's subject (totals, intake, done, pending, dispositions,
//! clean-up outcomes, other years) and the reduction of a subject to its indicator words.

use std::sync::LazyLock;

use super::*;
use crate::words::Classes;

/// Words that state a total that the parts must equal.
pub(super) const TOTAL_EXACT: &[&str] = &["合计", "共计", "总计", "总共", "一共"];
/// Words that state a total the listed parts must not exceed.
pub(super) const TOTAL_LOOSE: &[&str] = &["累计", "共"];
/// 共 after these characters is not "in total" (公共; 总共 and 一共 are exact totals).
pub(super) const GONG_BEFORE: &[char] = &['公', '总', '一'];
/// 共 before these characters is not "in total" (共同, 共享, 共建 …; 共计 is an exact total).
pub(super) const GONG_AFTER: &[char] = &[
    '同', '享', '建', '治', '富', '识', '商', '赢', '性', '产', '青', '用', '管', '抓', '推', '育',
    '创', '谋', '担', '融', '生', '进', '筑', '护', '计',
];
/// Words after which a figure is a different dimension, not a part of the list before it.
pub(super) const STOP: &[&str] = &[
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
pub(super) const INTAKE: &[&str] = &[
    "受理", "收到", "接收", "接到", "收件", "登记", "申请", "交办", "收案", "新收", "受办", "承办",
    "立案",
];
/// What is finished.
pub(super) const DONE: &[&str] = &[
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
pub(super) const PENDING: &[&str] = &[
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
pub(super) const DISPOSITION: &[&str] = &[
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
pub(super) const REMAINDER: &[&str] = &["其余", "剩余", "其他", "余下"];
/// Clean-up outcomes: keep, modify, repeal.
pub(super) const KEEP: &[&str] = &["保留", "继续有效", "现行有效", "继续执行", "继续施行"];
pub(super) const MODIFY: &[&str] = &["修改", "修订"];
pub(super) const REPEAL: &[&str] = &["废止", "失效", "宣布失效"];
/// Words that put a figure in another year or make it a target, not a result.
pub(super) const NOT_THIS_YEAR: &[&str] = &[
    "同比",
    "环比",
    "上年",
    "去年",
    // "较" alone is too broad (较多, 较好): comparisons name the other year or 上年/同期
    "较同期",
    "较往年",
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
pub(super) const C_TOTAL: u32 = 1;
pub(super) const C_STOP: u32 = 1 << 1;
pub(super) const C_INTAKE: u32 = 1 << 2;
pub(super) const C_DONE: u32 = 1 << 3;
pub(super) const C_PENDING: u32 = 1 << 4;
pub(super) const C_DISPOSITION: u32 = 1 << 5;
pub(super) const C_REMAINDER: u32 = 1 << 6;
pub(super) const C_KEEP: u32 = 1 << 7;
pub(super) const C_MODIFY: u32 = 1 << 8;
pub(super) const C_REPEAL: u32 = 1 << 9;
pub(super) const C_QIZHONG: u32 = 1 << 10;
pub(super) const C_LEIJI: u32 = 1 << 11;
pub(super) const C_CLEANUP: u32 = 1 << 12;
pub(super) const C_GONG: u32 = 1 << 13;

pub(super) static CLASSES: LazyLock<Classes> = LazyLock::new(|| {
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

/// The word classes of a text.
pub(super) fn classes(s: &str) -> u32 {
    CLASSES.of(s)
}

pub(super) fn pending(m: u32) -> bool {
    m & C_PENDING != 0
}

/// Something coming in (受理, 收到, 申请), not 不予受理 or 未受理.
pub(super) fn intake(m: u32) -> bool {
    m & C_INTAKE != 0 && m & (C_DISPOSITION | C_PENDING) == 0
}

/// Something finished (办结, 审结), not 未办结.
pub(super) fn done(m: u32) -> bool {
    m & C_DONE != 0 && !pending(m)
}

pub(super) fn cleanup_outcome(m: u32) -> bool {
    m & (C_KEEP | C_MODIFY | C_REPEAL) != 0
}

/// A total word in `s`: (the word, whether the parts must equal the total).
pub fn total_word(s: &str) -> Option<(&'static str, bool)> {
    total_word_in(s, classes(s))
}

/// [`total_word`] for a text whose classes are known.
pub(super) fn total_word_in(s: &str, m: u32) -> Option<(&'static str, bool)> {
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
pub(super) const LEAD: &[&str] = &[
    "其中", "全年", "今年", "本年", "当年", "年内", "年度", "全县", "全市", "全区", "全镇", "全乡",
    "我县", "我市", "我区", "我镇", "本县", "本市", "县级", "市级", "共计", "合计", "累计", "总计",
    "共", "已", "先后", "依法", "均", "并", "同时", "此外", "另外", "年", "度", "的", "对",
];

pub(super) fn strip_lead(s: &str) -> &str {
    let Some(first) = s.chars().next() else {
        return s;
    };
    for w in words_by(&LEAD_BY_FIRST, first) {
        if s.len() > w.len() {
            if let Some(r) = s.strip_prefix(w) {
                return r;
            }
        }
    }
    s
}

/// Words of a list by their first (or last) character, in list order within one character:
/// a subject is checked against the few words that can match it, not the whole list.
type ByChar = Vec<(char, &'static str)>;

fn by_char(list: &[&'static str], pick: fn(&str) -> Option<char>) -> ByChar {
    let mut v: ByChar = list.iter().filter_map(|w| Some((pick(w)?, *w))).collect();
    // stable: list order is kept among the words of one character
    v.sort_by_key(|&(c, _)| c);
    v
}

/// The words of `table` filed under `c`, in list order.
fn words_by(table: &ByChar, c: char) -> impl Iterator<Item = &'static str> + '_ {
    let from = table.partition_point(|&(k, _)| k < c);
    table[from..]
        .iter()
        .take_while(move |&&(k, _)| k == c)
        .map(|&(_, w)| w)
}

static LEAD_BY_FIRST: LazyLock<ByChar> = LazyLock::new(|| by_char(LEAD, |w| w.chars().next()));
static TRAIL_BY_LAST: LazyLock<ByChar> =
    LazyLock::new(|| by_char(TRAIL, |w| w.chars().next_back()));

/// Trailing verbs between a subject and its figure: 达, 为, 均达, 保持 …
pub(super) const TRAIL: &[&str] = &[
    "达到", "均达", "保持", "实现", "已达", "达", "为", "是", "约", "计", "有",
];

/// The longest common ending of `a` and `b`, as a slice of `a` (人民调解委员会 of
/// 乡镇人民调解委员会 and 村（社区）人民调解委员会).
pub(super) fn common_suffix<'a>(a: &'a str, b: &str) -> &'a str {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut n = x
        .iter()
        .rev()
        .zip(y.iter().rev())
        .take_while(|(p, q)| p == q)
        .count();
    // back to a character boundary: equal bytes are boundaries in both or in neither
    while n > 0 && !a.is_char_boundary(a.len() - n) {
        n -= 1;
    }
    &a[a.len() - n..]
}

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
        // the trailing words, the first in list order among those ending `s` (均达 before 达),
        // until none does
        let mut k = 0;
        while let Some(last) = s.chars().next_back() {
            let Some(w) = words_by(&TRAIL_BY_LAST, last).nth(k) else {
                break;
            };
            match s.strip_suffix(w) {
                Some(r) if !r.is_empty() => {
                    s = r;
                    k = 0;
                }
                _ => k += 1,
            }
        }
        s = s.trim_end_matches(|c: char| !crate::text::is_han(c));
        if s.len() == before {
            break;
        }
    }
    s
}
