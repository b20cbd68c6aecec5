//! Writing numbers back: in messages (213, 99.16), and as replacements that read like the
//! figure they replace (1.15万 for a total written in 万, １２３ in full-width digits, 1,080 with
//! separators, 二十 in Chinese numerals).

use super::{Figure, NumForm};

/// `v` with at most `max_dec` decimals, trailing zeros dropped: 213, 99.16, 1.5.
pub fn num(v: f64, max_dec: usize) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return (v as i64).to_string();
    }
    let s = format!("{:.*}", max_dec, v);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// The smallest number of decimals (up to `max`) that writes `v` exactly.
fn decimals_needed(v: f64, max: usize) -> Option<usize> {
    (0..=max).find(|&d| {
        let p = 10f64.powi(d as i32);
        ((v * p).round() - v * p).abs() < 1e-6
    })
}

fn group_thousands(int: &str, sep: char) -> String {
    let mut out = String::new();
    let n = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A replacement for `fig.number` that states `value` in the figure's own style. `decimals`
/// fixes the number of decimals (for rates: the rounding the text shows); otherwise as many as
/// needed (up to four) are used. None when the value cannot be written that way.
pub fn like(fig: &Figure, text: &str, value: f64, decimals: Option<u8>) -> Option<String> {
    let written = fig.number.text(text);
    let scaled = value / fig.scale;
    match fig.form {
        NumForm::Chinese => {
            let v = scaled.round();
            if (v - scaled).abs() > 1e-6 || !(0.0..=9999.0).contains(&v) {
                return None;
            }
            let mut s = crate::numerals::format(v as u64);
            if fig.scale >= 1e8 {
                s.push('亿');
            } else if fig.scale >= 1e4 {
                s.push('万');
            }
            Some(s)
        }
        NumForm::Arabic | NumForm::FullWidth => {
            let d = match decimals {
                Some(d) => d as usize,
                None => decimals_needed(scaled, 4)?,
            };
            let body = format!("{:.*}", d, scaled);
            let (int, frac) = match body.split_once('.') {
                Some((a, b)) => (a.to_string(), Some(b.to_string())),
                None => (body.clone(), None),
            };
            let sep = written.chars().find(|c| matches!(c, ',' | '，'));
            let int = match sep {
                Some(sep) if !int.starts_with('-') => group_thousands(&int, sep),
                _ => int,
            };
            let mut s = match frac {
                Some(f) => format!("{int}.{f}"),
                None => int,
            };
            // the multiplier as written (万, 亿, 千)
            let mult: String = written
                .chars()
                .skip_while(|c| {
                    crate::numerals::is_arabic_digit(*c)
                        || matches!(c, '.' | '．' | ',' | '，' | '-')
                })
                .filter(|c| matches!(c, '万' | '亿' | '千'))
                .collect();
            if fig.form == NumForm::FullWidth {
                s = crate::numerals::to_full_width(&s);
            }
            s.push_str(&mult);
            Some(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_numbers() {
        assert_eq!(num(213.0, 2), "213");
        assert_eq!(num(99.1549, 2), "99.15");
        assert_eq!(num(1.5, 2), "1.5");
        assert_eq!(num(-0.0001, 2), "0");
    }

    #[test]
    fn grouping_and_width() {
        assert_eq!(group_thousands("1080", ','), "1,080");
        assert_eq!(group_thousands("12345678", '，'), "12，345，678");
        assert_eq!(group_thousands("999", ','), "999");
        assert_eq!(crate::numerals::to_full_width("12.5"), "１２．５");
        assert_eq!(decimals_needed(1.15, 4), Some(2));
        assert_eq!(decimals_needed(1.0 / 3.0, 4), None);
    }
}
