//! `numbering.xml`: Word's automatic list numbering, rendered as the text a reader sees
//! (一、 （一） 1. （1） ① …).
//!
//! A paragraph names a numbering instance (`w:num`, by `numId`) and a level (`ilvl`). The
//! instance points at an abstract definition (`w:abstractNum`) whose levels say the format
//! (`numFmt`: chineseCounting, decimal…), the text around the number (`lvlText`: `（%2）`), the
//! start value and when the level restarts. Instances of one abstract definition continue one
//! count, as in Word, unless an instance overrides a level (`lvlOverride`), which gives it a
//! count of its own.

use std::collections::HashMap;

use quick_xml::events::Event;

use crate::xml::{attr, attr_u32, err, local, on, reader};
use crate::Error;

const LEVELS: usize = 9;

#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<u32>,
    fmt: String,
    text: Option<String>,
    /// `lvlRestart`: restart after a use of this level (1-based); 0 never.
    restart: Option<u32>,
    legal: bool,
    /// `suff`: tab (default), space, nothing.
    suffix: Option<String>,
    /// The paragraph style linked to this level.
    style: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    /// `numStyleLink`: the levels are those of the numbering style with this id.
    style_link: Option<String>,
    /// `styleLink`: this definition is the one of the numbering style with this id.
    defines_style: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Instance {
    abstract_id: u32,
    /// Per level: a start override and/or a whole level.
    overrides: [Option<(Option<u32>, Option<Level>)>; LEVELS],
}

#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<u32, Abstract>,
    instances: HashMap<u32, Instance>,
    /// numbering style id → the abstract definition that defines it
    style_abstract: HashMap<String, u32>,
}

/// The running counts while the body is read, one per count (an abstract definition, or an
/// instance with overrides).
#[derive(Debug, Default)]
pub(crate) struct Counters {
    counts: HashMap<(bool, u32), [Option<u32>; LEVELS]>,
}

impl Numbering {
    pub(crate) fn parse(xml: &[u8]) -> Result<Numbering, Error> {
        let mut out = Numbering::default();
        let mut r = reader(xml);
        let mut cur_abs: Option<(u32, Abstract)> = None;
        let mut cur_num: Option<(u32, Instance)> = None;
        let mut cur_lvl: Option<(usize, Level)> = None;
        // inside lvlOverride: its level index and start override
        let mut cur_ovr: Option<(usize, Option<u32>)> = None;
        let mut skip = 0usize;
        loop {
            match r.read_event().map_err(err)? {
                Event::Start(e) => {
                    if skip > 0 {
                        skip += 1;
                        continue;
                    }
                    match local(&e) {
                        b"abstractNum" => {
                            cur_abs =
                                attr_u32(&e, b"abstractNumId").map(|id| (id, Abstract::default()));
                        }
                        b"num" => {
                            cur_num = attr_u32(&e, b"numId").map(|id| (id, Instance::default()));
                        }
                        b"abstractNumId" => {
                            if let (Some((_, n)), Some(v)) = (&mut cur_num, attr_u32(&e, b"val")) {
                                n.abstract_id = v;
                            }
                        }
                        b"lvlOverride" => {
                            cur_ovr = attr_u32(&e, b"ilvl")
                                .filter(|&l| (l as usize) < LEVELS)
                                .map(|l| (l as usize, None));
                        }
                        b"startOverride" => {
                            if let Some((_, s)) = &mut cur_ovr {
                                *s = attr_u32(&e, b"val");
                            }
                        }
                        b"lvl" => {
                            let i = attr_u32(&e, b"ilvl").unwrap_or(0) as usize;
                            cur_lvl = (i < LEVELS).then(|| (i, Level::default()));
                        }
                        b"start" => {
                            if let Some((_, l)) = &mut cur_lvl {
                                l.start = attr_u32(&e, b"val");
                            }
                        }
                        b"numFmt" => {
                            if let Some((_, l)) = &mut cur_lvl {
                                l.fmt = attr(&e, b"val").unwrap_or_default();
                            }
                        }
                        b"lvlText" => {
                            if let Some((_, l)) = &mut cur_lvl {
                                l.text = attr(&e, b"val");
                            }
                        }
                        b"lvlRestart" => {
                            if let Some((_, l)) = &mut cur_lvl {
                                l.restart = attr_u32(&e, b"val");
                            }
                        }
                        b"isLgl" => {
                            if let Some((_, l)) = &mut cur_lvl {
                                l.legal = on(&e);
                            }
                        }
                        b"suff" => {
                            if let Some((_, l)) = &mut cur_lvl {
                                l.suffix = attr(&e, b"val");
                            }
                        }
                        b"pStyle" => {
                            if let Some((_, l)) = &mut cur_lvl {
                                l.style = attr(&e, b"val");
                            }
                        }
                        b"numStyleLink" => {
                            if let Some((_, a)) = &mut cur_abs {
                                a.style_link = attr(&e, b"val");
                            }
                        }
                        b"styleLink" => {
                            if let Some((_, a)) = &mut cur_abs {
                                a.defines_style = attr(&e, b"val");
                            }
                        }
                        // run and paragraph properties of a level, tracked changes: nothing for us
                        b"rPr" | b"pPr" | b"numberingChange" | b"legacy" => skip = 1,
                        _ => {}
                    }
                }
                Event::End(e) => {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    match e.local_name().as_ref() {
                        b"lvl" => {
                            if let Some((i, l)) = cur_lvl.take() {
                                if let Some((li, _)) = cur_ovr.as_ref() {
                                    let li = *li;
                                    if let Some((_, n)) = &mut cur_num {
                                        let o = n.overrides[li].get_or_insert((None, None));
                                        o.1 = Some(l);
                                    }
                                } else if let Some((_, a)) = &mut cur_abs {
                                    a.levels[i] = Some(l);
                                }
                            }
                        }
                        b"lvlOverride" => {
                            if let (Some((li, start)), Some((_, n))) =
                                (cur_ovr.take(), &mut cur_num)
                            {
                                let o = n.overrides[li].get_or_insert((None, None));
                                o.0 = start;
                            }
                        }
                        b"abstractNum" => {
                            if let Some((id, a)) = cur_abs.take() {
                                if let Some(s) = &a.defines_style {
                                    out.style_abstract.insert(s.clone(), id);
                                }
                                out.abstracts.insert(id, a);
                            }
                        }
                        b"num" => {
                            if let Some((id, n)) = cur_num.take() {
                                out.instances.insert(id, n);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }

    /// The abstract definition of an instance, following a link to a numbering style (a list
    /// style's definition only names the style; the style names an instance of the real one).
    fn abstract_of(&self, num: u32, styles: &crate::styles::Styles) -> Option<(u32, &Abstract)> {
        let mut id = self.instances.get(&num)?.abstract_id;
        for _ in 0..4 {
            let a = self.abstracts.get(&id)?;
            let Some(link) = &a.style_link else {
                return Some((id, a));
            };
            id = match self.style_abstract.get(link) {
                Some(&d) if d != id => d,
                _ => {
                    let (n, _) = styles.numbering(Some(link))?;
                    self.instances.get(&n)?.abstract_id
                }
            };
        }
        None
    }

    /// The level definition `ilvl` of instance `num`, with the instance's overrides.
    fn level<'a>(&'a self, num: u32, a: &'a Abstract, ilvl: usize) -> Option<&'a Level> {
        let inst = self.instances.get(&num)?;
        if let Some((_, Some(l))) = &inst.overrides[ilvl] {
            return Some(l);
        }
        a.levels[ilvl].as_ref()
    }

    fn start(&self, num: u32, a: &Abstract, ilvl: usize) -> u32 {
        if let Some(inst) = self.instances.get(&num) {
            if let Some((Some(s), _)) = &inst.overrides[ilvl] {
                return *s;
            }
        }
        self.level(num, a, ilvl).and_then(|l| l.start).unwrap_or(0)
    }

    /// The level a paragraph of `style` is at in instance `num` when neither the paragraph nor
    /// its style gives one: the level linked to the style, else 0.
    pub(crate) fn level_of_style(
        &self,
        num: u32,
        style: Option<&str>,
        styles: &crate::styles::Styles,
    ) -> u32 {
        let (Some(style), Some((_, a))) = (style, self.abstract_of(num, styles)) else {
            return 0;
        };
        a.levels
            .iter()
            .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style))
            .unwrap_or(0) as u32
    }

    /// Count one more paragraph of instance `num` at level `ilvl` and return the text its
    /// number reads as (with the separator after it), or None when the instance or level does
    /// not exist or shows nothing.
    pub(crate) fn next(
        &self,
        counters: &mut Counters,
        num: u32,
        ilvl: u32,
        styles: &crate::styles::Styles,
    ) -> Option<String> {
        let ilvl = (ilvl as usize).min(LEVELS - 1);
        let (abs_id, a) = self.abstract_of(num, styles)?;
        let level = self.level(num, a, ilvl)?;
        let own = self
            .instances
            .get(&num)?
            .overrides
            .iter()
            .any(Option::is_some);
        let key = if own { (true, num) } else { (false, abs_id) };
        let counts = counters.counts.entry(key).or_insert([None; LEVELS]);
        counts[ilvl] = Some(match counts[ilvl] {
            Some(c) => c.saturating_add(1),
            None => self.start(num, a, ilvl),
        });
        // deeper levels restart (lvlRestart: only after a use of a level up to that one)
        for (deeper, c) in counts.iter_mut().enumerate().skip(ilvl + 1) {
            let restart_after = self
                .level(num, a, deeper)
                .and_then(|l| l.restart)
                .unwrap_or(deeper as u32);
            if restart_after != 0 && ilvl < restart_after as usize {
                *c = None;
            }
        }
        let template = level.text.as_deref()?;
        let mut out = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars
                    .peek()
                    .and_then(|d| d.to_digit(10))
                    .filter(|d| (1..=9).contains(d))
                {
                    chars.next();
                    let l = d as usize - 1;
                    let value = counts[l].unwrap_or_else(|| self.start(num, a, l));
                    let fmt = if level.legal && l != ilvl {
                        "decimal"
                    } else {
                        self.level(num, a, l).map_or("decimal", |x| x.fmt.as_str())
                    };
                    out.push_str(&format_number(value, fmt));
                    continue;
                }
            }
            out.push(bullet_char(c));
        }
        if out.trim().is_empty() {
            return None;
        }
        // Word puts a tab after the number by default; a marker that ends in punctuation or is
        // closed in itself (一、 （一） 1. ①) needs no space in text; 第一章, A, a bullet get one
        let open = out.chars().last().is_some_and(|c| {
            c.is_ascii_alphanumeric()
                || ('\u{4E00}'..='\u{9FFF}').contains(&c)
                || "•●■◆▪◇□○-–—".contains(c)
        });
        if open && level.suffix.as_deref() != Some("nothing") {
            out.push(' ');
        }
        Some(out)
    }
}

/// A bullet drawn from a symbol font (Symbol, Wingdings) is a private-use character: show it as
/// a plain bullet.
fn bullet_char(c: char) -> char {
    if ('\u{E000}'..='\u{F8FF}').contains(&c) {
        '•'
    } else {
        c
    }
}

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// `n` in Chinese counting: 一, 十, 十一, 二十一, 一百零五, 一千零二十.
fn chinese(n: u32, digits: &[char; 10], units: [char; 3], ten_alone: bool) -> String {
    if n == 0 {
        return digits[0].to_string();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let parts = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let unit = [Some(units[2]), Some(units[1]), Some(units[0]), None];
    let mut out = String::new();
    let mut zero = false;
    for (k, &d) in parts.iter().enumerate() {
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push(digits[0]);
            zero = false;
        }
        // 十一 rather than 一十一 when ten leads
        if !(ten_alone && k == 2 && d == 1 && out.is_empty()) {
            out.push(digits[d as usize]);
        }
        if let Some(u) = unit[k] {
            out.push(u);
        }
    }
    out
}

fn letters(n: u32, base: u8) -> String {
    if n == 0 {
        return String::new();
    }
    let c = (base + ((n - 1) % 26) as u8) as char;
    std::iter::repeat_n(c, ((n - 1) / 26 + 1) as usize).collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// `n` in a Word number format (`numFmt`), as Word shows it. Formats without a Chinese or
/// positional reading (English words, Hebrew, Thai…) fall back to Arabic digits.
pub fn format_number(n: u32, fmt: &str) -> String {
    let circled = |first: u32, last: u32, base: u32| {
        (first..=last)
            .contains(&n)
            .then(|| char::from_u32(base + n - first))
            .flatten()
    };
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => chinese(n, &DIGITS, ['十', '百', '千'], true),
        "chineseLegalSimplified" | "japaneseLegal" | "ideographLegalTraditional" => {
            chinese(n, &LEGAL, ['拾', '佰', '仟'], false)
        }
        "ideographTraditional" => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth(n.wrapping_sub(1) as usize)
            .map_or_else(|| n.to_string(), String::from),
        "ideographZodiac" => "子丑寅卯辰巳午未申酉戌亥"
            .chars()
            .nth(n.wrapping_sub(1) as usize)
            .map_or_else(|| n.to_string(), String::from),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap_or(d))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => circled(1, 20, 0x2460)
            .or_else(|| circled(21, 35, 0x3251))
            .or_else(|| circled(36, 50, 0x32B1))
            .map_or_else(|| n.to_string(), String::from),
        "decimalEnclosedParen" => {
            circled(1, 20, 0x2474).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedFullstop" => {
            circled(1, 20, 0x2488).map_or_else(|| format!("{n}."), String::from)
        }
        "ideographEnclosedCircle" => {
            circled(1, 10, 0x3220).map_or_else(|| n.to_string(), String::from)
        }
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_ascii_lowercase(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "none" | "bullet" => String::new(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting_reads_as_written() {
        let f = |n| format_number(n, "chineseCounting");
        let got: Vec<String> = [1, 9, 10, 11, 20, 21, 99, 100, 101, 110, 1000, 1020, 0]
            .into_iter()
            .map(f)
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "九",
                "十",
                "十一",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一千",
                "一千零二十",
                "零"
            ]
        );
        assert_eq!(format_number(11, "chineseLegalSimplified"), "壹拾壹");
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(11, "ideographTraditional"), "11");
    }

    #[test]
    fn other_formats() {
        assert_eq!(format_number(3, "decimalEnclosedCircleChinese"), "③");
        assert_eq!(format_number(21, "decimalEnclosedCircle"), "㉑");
        assert_eq!(format_number(2, "decimalEnclosedParen"), "⑵");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(7, "decimalZero"), "07");
        assert_eq!(format_number(7, "ordinalText"), "7");
        assert_eq!(format_number(1, "ideographEnclosedCircle"), "㈠");
    }
}
