//! Chinese numerals: parsing (一百零五 → 105, 两万 → 20000, 二〇二四 → 2024) and formatting
//! (105 → 一百零五) for heading markers such as 十二、 and for figures written in words.

/// Value of a single Chinese digit (零〇一二两…九, also the formal 壹贰叁…).
pub fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' | '○' | 'Ｏ' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Value of an Arabic digit, half-width (0–9) or full-width (０–９).
pub fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Is `c` an Arabic digit, half-width or full-width?
pub fn is_arabic_digit(c: char) -> bool {
    arabic_digit(c).is_some()
}

/// Digits and decimal points in full width: 12.5 → １２．５ (other characters unchanged).
pub fn to_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
            '.' => '．',
            _ => c,
        })
        .collect()
}

/// Digits and decimal points in half width: １２．５ → 12.5 (other characters unchanged).
pub fn to_ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            c => c,
        })
        .collect()
}

/// Value of a place unit below 万 (十百千, also 拾佰仟).
fn small_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// Value of a large unit (万, 亿).
fn big_unit(c: char) -> Option<u64> {
    Some(match c {
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

/// Is `c` a character that can appear in a Chinese numeral?
pub fn is_numeral_char(c: char) -> bool {
    digit_value(c).is_some() || small_unit(c).is_some() || big_unit(c).is_some()
}

/// Parse a whole Chinese numeral. Supports positional forms (十二, 一百零五, 三千二百万, 两亿)
/// and digit-by-digit forms (二〇二四). Returns `None` for anything else.
pub fn parse(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    // Digit-by-digit (years such as 二〇二四): only digits, at least two, with no unit.
    if s.chars().count() >= 2
        && s.chars().all(|c| digit_value(c).is_some())
        && s.chars().any(|c| matches!(c, '〇' | '○' | '零'))
    {
        let mut v: u64 = 0;
        for c in s.chars() {
            v = v.checked_mul(10)?.checked_add(digit_value(c)?)?;
        }
        return Some(v);
    }
    let mut total: u64 = 0; // completed groups (亿, 万)
    let mut section: u64 = 0; // within the current 万 group
    let mut digit: Option<u64> = None;
    let mut saw_any = false;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            if d == 0 {
                digit = None;
                saw_any = true;
                continue;
            }
            if digit.is_some() {
                // two digits in a row without a unit (一二) is not positional
                return None;
            }
            digit = Some(d);
        } else if let Some(u) = small_unit(c) {
            // a bare 十 (十二, 一百十) means 一十; a bare 百/千 is not a numeral
            let d = match digit.take() {
                Some(d) => d,
                None if u == 10 => 1,
                None => return None,
            };
            section = section.checked_add(d.checked_mul(u)?)?;
        } else if let Some(u) = big_unit(c) {
            section += digit.take().unwrap_or(0);
            if section == 0 && total == 0 {
                return None;
            }
            if u == 100_000_000 {
                total = (total + section).checked_mul(u)?;
            } else {
                total = total.checked_add(section.checked_mul(u)?)?;
            }
            section = 0;
        } else {
            return None;
        }
        saw_any = true;
    }
    if !saw_any {
        return None;
    }
    section += digit.unwrap_or(0);
    total.checked_add(section)
}

/// Format `n` (1..=9999) as a Chinese numeral as used in heading markers: 1 → 一, 10 → 十,
/// 12 → 十二, 20 → 二十, 105 → 一百零五.
pub fn format(n: u64) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return "零".into();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let digits = [n / 1000, (n / 100) % 10, (n / 10) % 10, n % 10];
    let units = ["千", "百", "十", ""];
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &d) in digits.iter().enumerate() {
        if d == 0 {
            if !out.is_empty() {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        // 十二 rather than 一十二 when 十 leads
        if !(i == 2 && d == 1 && out.is_empty()) {
            out.push_str(D[d as usize]);
        }
        out.push_str(units[i]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_digits_in_both_widths() {
        assert_eq!(arabic_digit('7'), Some(7));
        assert_eq!(arabic_digit('７'), Some(7));
        assert_eq!(arabic_digit('七'), None);
        assert!(is_arabic_digit('０') && !is_arabic_digit('.'));
        assert_eq!(to_full_width("2024年12.5%"), "２０２４年１２．５%");
        assert_eq!(to_ascii_digits("２０２４年１２．５%"), "2024年12.5%");
    }

    #[test]
    fn parses_positional_forms() {
        for (s, v) in [
            ("一", 1),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("二十三", 23),
            ("一百零五", 105),
            ("一百一十", 110),
            ("两千", 2000),
            ("三千零二", 3002),
            ("一万", 10_000),
            ("两万三千", 23_000),
            ("三千二百万", 32_000_000),
            ("两亿", 200_000_000),
            ("一亿二千万", 120_000_000),
            ("壹佰", 100),
        ] {
            assert_eq!(parse(s), Some(v), "{s}");
        }
    }

    #[test]
    fn parses_digit_by_digit_years() {
        assert_eq!(parse("二〇二四"), Some(2024));
        assert_eq!(parse("二○二三"), Some(2023));
    }

    #[test]
    fn rejects_non_numerals() {
        for s in ["", "一二", "法", "万", "百"] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn formats_heading_numbers() {
        for (n, s) in [
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
        ] {
            assert_eq!(format(n), s);
            assert_eq!(parse(s), Some(n));
        }
    }
}
