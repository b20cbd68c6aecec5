//! Units, classifiers, multipliers and the modifiers that make a figure approximate.
//!
//! A figure is a number followed by a unit or classifier (件 项 人次 % 个百分点 …), optionally
//! scaled by 万/亿/千 ("1.1 万次", "300.11亿元") and qualified by a modifier before it (约, 近,
//! 超过, 不足 …), between number and unit (余, 多: 260余人, 0.8万余份) or after it (以上, 左右 …).
//! The tables here are the vocabulary of the genre; the scanner reads 余/多 and the multipliers
//! directly.

/// How a figure bounds the real quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Approx {
    /// As written (rounding of the shown digits aside).
    Exact,
    /// The real value is at least this and a little more: 余, 多 (260余人: 260–270).
    Over,
    /// The real value is at least this, with no upper bound: 以上, 超过, 逾, 不少于.
    AtLeast,
    /// The real value is at most this: 不足, 以下, 不到, 低于, 以内.
    AtMost,
    /// Slightly below: 近, 将近, 接近.
    Near,
    /// Roughly: 约, 左右, 上下.
    About,
}

impl Approx {
    /// Chinese description for hovers.
    pub fn describe(self) -> &'static str {
        match self {
            Approx::Exact => "精确值",
            Approx::Over => "概数（略多于此数）",
            Approx::AtLeast => "下限（不少于此数）",
            Approx::AtMost => "上限（不超过此数）",
            Approx::Near => "概数（略少于此数）",
            Approx::About => "概数（约为此数）",
        }
    }
}

/// Modifiers written before the number, longest first.
pub const PREFIXES: &[(&str, Approx)] = &[
    ("不少于", Approx::AtLeast),
    ("不低于", Approx::AtLeast),
    ("不超过", Approx::AtMost),
    ("不高于", Approx::AtMost),
    ("超过", Approx::AtLeast),
    ("高于", Approx::AtLeast),
    ("多于", Approx::AtLeast),
    ("大约", Approx::About),
    ("将近", Approx::Near),
    ("接近", Approx::Near),
    ("不足", Approx::AtMost),
    ("不到", Approx::AtMost),
    ("低于", Approx::AtMost),
    ("少于", Approx::AtMost),
    ("约", Approx::About),
    ("近", Approx::Near),
    ("逾", Approx::AtLeast),
    ("超", Approx::AtLeast),
];

/// Modifiers after the unit (98%以上, 300人左右).
pub const SUFFIXES: &[(&str, Approx)] = &[
    ("以上", Approx::AtLeast),
    ("以下", Approx::AtMost),
    ("以内", Approx::AtMost),
    ("左右", Approx::About),
    ("上下", Approx::About),
    ("有余", Approx::Over),
];

/// One unit or classifier: how it is written, its canonical form, and whether it is only a unit
/// after Arabic digits (分 after 十 is the adverb 十分).
struct UnitDef {
    written: &'static str,
    canonical: &'static str,
    arabic_only: bool,
}

const fn u(written: &'static str, canonical: &'static str) -> UnitDef {
    UnitDef {
        written,
        canonical,
        arabic_only: false,
    }
}

const fn ua(written: &'static str, canonical: &'static str) -> UnitDef {
    UnitDef {
        written,
        canonical,
        arabic_only: true,
    }
}

/// The unit table. Order does not matter: matching takes the longest written form.
const UNITS: &[UnitDef] = &[
    u("%", "%"),
    u("％", "%"),
    u("‰", "‰"),
    u("个百分点", "个百分点"),
    u("百分点", "个百分点"),
    u("个工作日", "个工作日"),
    u("工作日", "个工作日"),
    u("个月", "个月"),
    u("个小时", "小时"),
    u("小时", "小时"),
    ua("分钟", "分钟"),
    u("平方公里", "平方公里"),
    u("平方米", "平方米"),
    u("公里", "公里"),
    u("公顷", "公顷"),
    u("人次", "人次"),
    u("人(次)", "人次"),
    u("人（次）", "人次"),
    u("件次", "件次"),
    u("件(次)", "件次"),
    u("件（次）", "件次"),
    u("户次", "户次"),
    u("家次", "家次"),
    u("家(次)", "家次"),
    u("家（次）", "家次"),
    u("场次", "场次"),
    u("场(次)", "场次"),
    u("场（次）", "场次"),
    u("批次", "批次"),
    u("轮次", "轮次"),
    u("条次", "条次"),
    u("车次", "车次"),
    u("架次", "架次"),
    u("期次", "期次"),
    u("课时", "课时"),
    u("学时", "学时"),
    u("件", "件"),
    u("项", "项"),
    u("个", "个"),
    u("次", "次"),
    u("户", "户"),
    u("家", "家"),
    u("名", "人"),
    u("人", "人"),
    u("位", "人"),
    u("条", "条"),
    u("份", "份"),
    u("期", "期"),
    u("卷", "卷"),
    u("宗", "宗"),
    u("起", "起"),
    u("部", "部"),
    u("批", "批"),
    u("场", "场"),
    u("轮", "轮"),
    u("支", "支"),
    u("所", "所"),
    u("处", "处"),
    u("座", "座"),
    u("张", "张"),
    u("本", "本"),
    u("册", "册"),
    u("篇", "篇"),
    u("门", "门"),
    u("类", "类"),
    u("种", "种"),
    u("笔", "笔"),
    u("间", "间"),
    u("栋", "栋"),
    u("辆", "辆"),
    u("台", "台"),
    u("套", "套"),
    u("组", "组"),
    u("封", "封"),
    u("堂", "堂"),
    u("节", "节"),
    u("天", "天"),
    u("周", "周"),
    u("年", "年"),
    u("岁", "岁"),
    u("倍", "倍"),
    u("元", "元"),
    u("亩", "亩"),
    u("吨", "吨"),
    ua("米", "米"),
    ua("分", "分"),
    ua("秒", "秒"),
];

/// The first character of a written form (all lie in the Basic Multilingual Plane).
const fn first_char(w: &str) -> u32 {
    first_char_bytes(w.as_bytes())
}

/// The first character of valid UTF-8 of one to three bytes.
const fn first_char_bytes(b: &[u8]) -> u32 {
    let b0 = b[0] as u32;
    if b0 < 0x80 {
        b0
    } else if b0 < 0xE0 {
        ((b0 & 0x1F) << 6) | (b[1] as u32 & 0x3F)
    } else {
        ((b0 & 0x0F) << 12) | ((b[1] as u32 & 0x3F) << 6) | (b[2] as u32 & 0x3F)
    }
}

// The lookup of a unit, built at compile time: a bit per code point that starts a unit, the
// rank of that bit among the set ones (its group), and the units of each group, longest written
// form first. A lookup is a table read, a population count and a few byte comparisons.

const N: usize = UNITS.len();
// the tables below index units with bytes
const _: () = assert!(N < 256);

/// One bit per code point of the Basic Multilingual Plane: can a unit start with it? (Word
/// `c >> 6`, bit `c & 63`; an 8 KB table of which a report touches a few lines.)
static FIRST_BITS: [u64; 1024] = {
    let mut t = [0u64; 1024];
    let mut k = 0;
    while k < N {
        let c = first_char(UNITS[k].written);
        t[(c >> 6) as usize] |= 1 << (c & 63);
        k += 1;
    }
    t
};

/// Set bits of [`FIRST_BITS`] in the words before each word.
static RANK: [u16; 1024] = {
    let mut t = [0u16; 1024];
    let mut k = 1;
    while k < 1024 {
        t[k] = t[k - 1] + FIRST_BITS[k - 1].count_ones() as u16;
        k += 1;
    }
    t
};

/// Does unit `a` come before unit `b`: by first character, then the longer written form?
const fn unit_before(a: usize, b: usize) -> bool {
    let (ca, cb) = (first_char(UNITS[a].written), first_char(UNITS[b].written));
    ca < cb || (ca == cb && UNITS[a].written.len() > UNITS[b].written.len())
}

/// Indices of [`UNITS`] by first character, longest written form first (an insertion sort).
static ORDER: [u8; N] = {
    let mut o = [0u8; N];
    let mut k = 0;
    while k < N {
        o[k] = k as u8;
        k += 1;
    }
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && unit_before(o[j] as usize, o[j - 1] as usize) {
            let t = o[j];
            o[j] = o[j - 1];
            o[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    o
};

/// Where each group (a first character, in code point order) starts in [`ORDER`]; the entry
/// after the last group, and every unused one, is `N`.
static GROUP_START: [u8; N + 1] = {
    let mut g = [N as u8; N + 1];
    let mut groups = 0;
    let mut k = 0;
    while k < N {
        let c = first_char(UNITS[ORDER[k] as usize].written);
        if k == 0 || c != first_char(UNITS[ORDER[k - 1] as usize].written) {
            g[groups] = k as u8;
            groups += 1;
        }
        k += 1;
    }
    g
};

/// Can a unit start with `c`?
#[inline]
pub fn starts_unit(c: char) -> bool {
    let c = c as u32;
    c < 0x1_0000 && FIRST_BITS[(c >> 6) as usize] & (1 << (c & 63)) != 0
}

/// The unit at the start of `s`: (canonical form, bytes consumed).
pub fn match_unit(s: &str, after_arabic: bool) -> Option<(&'static str, usize)> {
    match_unit_bytes(s.as_bytes(), after_arabic)
}

/// [`match_unit`] on the bytes of a `str` from a char boundary on.
pub fn match_unit_bytes(b: &[u8], after_arabic: bool) -> Option<(&'static str, usize)> {
    // every unit starts with a character of one to three bytes
    if b.first().is_none_or(|&b0| b0 >= 0xF0) {
        return None;
    }
    let first = first_char_bytes(b);
    if !(first < 0x1_0000 && FIRST_BITS[(first >> 6) as usize] & (1 << (first & 63)) != 0) {
        return None;
    }
    let w = (first >> 6) as usize;
    let below = FIRST_BITS[w] & ((1u64 << (first & 63)) - 1);
    // most words hold one unit's first character: no count needed
    let group = RANK[w] as usize
        + if below == 0 {
            0
        } else {
            below.count_ones() as usize
        };
    let (from, to) = (GROUP_START[group] as usize, GROUP_START[group + 1] as usize);
    // the units of a group share their first character (`skip` bytes): compare the rest, a
    // byte at a time (the written forms are 1 to 12 bytes long)
    let skip = if first < 0x80 {
        1
    } else if first < 0x800 {
        2
    } else {
        3
    };
    for &k in &ORDER[from..to] {
        let d = &UNITS[k as usize];
        let w = d.written.as_bytes();
        if (after_arabic || !d.arabic_only) && w.len() <= b.len() {
            let mut i = skip;
            while i < w.len() && w[i] == b[i] {
                i += 1;
            }
            if i >= w.len() {
                return Some((d.canonical, w.len()));
            }
        }
    }
    None
}

/// Units of the same kind of thing compare directly (名 and 人 are both people: the canonical
/// forms already merge them).
pub fn same_unit(a: Option<&str>, b: Option<&str>) -> bool {
    a.is_some() && a == b
}

/// Is `unit` a percentage (a rate or a share)?
pub fn is_percent(unit: Option<&str>) -> bool {
    unit == Some("%")
}

/// Is `unit` a count of things that can be added up (not a rate, not a duration)?
pub fn is_count(unit: Option<&str>) -> bool {
    !matches!(
        unit,
        Some(
            "%" | "‰"
                | "个百分点"
                | "倍"
                | "岁"
                | "年"
                | "个月"
                | "天"
                | "周"
                | "小时"
                | "分钟"
                | "秒"
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_unit_wins() {
        assert_eq!(match_unit("人次参加", true), Some(("人次", 6)));
        assert_eq!(match_unit("人参加", true), Some(("人", 3)));
        assert_eq!(match_unit("人(次)参与", true), Some(("人次", 8)));
        assert_eq!(match_unit("个百分点", true), Some(("个百分点", 12)));
        assert_eq!(match_unit("个工作日", true), Some(("个工作日", 12)));
        assert_eq!(match_unit("％", true), Some(("%", 3)));
        assert_eq!(match_unit("名", true), Some(("人", 3)));
        assert_eq!(match_unit("分重视", false), None);
        assert_eq!(match_unit("分", true), Some(("分", 3)));
        assert_eq!(match_unit("热线", true), None);
        assert_eq!(match_unit("", true), None);
    }

    /// The bit table says what the unit table says, for every character.
    #[test]
    fn first_bits_agree_with_the_unit_table() {
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            let listed = UNITS.iter().any(|d| d.written.starts_with(c));
            assert_eq!(starts_unit(c), listed, "{c:?}");
        }
        assert!(starts_unit('件') && starts_unit('%') && !starts_unit('热'));
    }

    /// Matching takes the longest written form that the text starts with.
    #[test]
    fn matching_agrees_with_the_longest_form() {
        let naive = |s: &str, arabic: bool| {
            UNITS
                .iter()
                .filter(|d| (arabic || !d.arabic_only) && s.starts_with(d.written))
                .max_by_key(|d| d.written.len())
                .map(|d| (d.canonical, d.written.len()))
        };
        let tails = ["", "次", "(次)", "（次）", "参加", "钟", "工作日", "😀"];
        for d in UNITS {
            for t in tails {
                for arabic in [true, false] {
                    let s = format!("{}{t}", d.written);
                    assert_eq!(match_unit(&s, arabic), naive(&s, arabic), "{s}");
                    let cut = &s[..s.chars().next().map_or(0, char::len_utf8)];
                    assert_eq!(match_unit(cut, arabic), naive(cut, arabic), "{cut}");
                }
            }
        }
        for s in ["热线", "😀件", "é件", "\u{a0}件", "A"] {
            assert_eq!(match_unit(s, true), None);
        }
    }

    #[test]
    fn unit_kinds() {
        assert!(is_percent(Some("%")));
        assert!(is_count(Some("件")) && is_count(None));
        assert!(!is_count(Some("个百分点")) && !is_count(Some("年")));
        assert!(same_unit(Some("人"), Some("人")) && !same_unit(None, None));
    }
}
