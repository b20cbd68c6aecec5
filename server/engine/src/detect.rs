//! Is this text a report, and what year is it about? Read from the title and the opening
//! paragraph, where a report names its subject and year; the profile says which words mark a
//! report of its kind.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::outline::Outline;
use crate::profile::Profile;
use crate::text;

/// Why a document is (or is not) treated as a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detection {
    /// The title or opening names a detect keyword and a year.
    Detected {
        keyword: String,
        place: &'static str,
    },
    /// The user opted the file in.
    Forced,
    /// Not a report: nothing is checked.
    NotReport,
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([12][0-9]{3}|[〇○零一二三四五六七八九]{4})\s*年").expect("year regex")
});

/// The first plausible year (1990–2100) named in `s`.
pub fn first_year(s: &str) -> Option<i32> {
    YEAR.captures_iter(s).find_map(|c| {
        let y = &c[1];
        let v = y
            .parse::<i32>()
            .ok()
            .or_else(|| crate::numerals::parse(y).map(|v| v as i32))?;
        (1990..=2100).contains(&v).then_some(v)
    })
}

/// The title and opening, where a report names its subject and year.
fn header_texts<'t>(text: &'t str, o: &Outline) -> Vec<(&'static str, &'t str)> {
    let mut v = vec![];
    if let Some(t) = o.title {
        v.push(("标题", t.text(text)));
    }
    let opening = o
        .opening
        .map(|i| o.paragraphs[i].span)
        .or_else(|| o.paragraphs.first().map(|p| p.span));
    if let Some(p) = opening {
        let s = p.text(text);
        v.push(("开头段", &s[..text::floor_char_boundary(s, 600)]));
    }
    v
}

/// Which of `profiles` the text is a report of, and the year it is about: the title is read
/// first (with every profile), then the opening, so that an opening that merely mentions another
/// kind of report does not decide. Returns the detection, the year and the index of the profile
/// (the first when none matches).
pub fn detect(
    text: &str,
    o: &Outline,
    profiles: &[Arc<Profile>],
) -> (Detection, Option<i32>, usize) {
    let headers = header_texts(text, o);
    let year = headers.iter().find_map(|(_, s)| first_year(s));
    for (place, s) in &headers {
        for (pi, profile) in profiles.iter().enumerate() {
            let Some(k) = profile
                .detect_keywords
                .iter()
                .find(|k| s.contains(k.as_str()))
            else {
                continue;
            };
            if first_year(s).is_some() || year.is_some() {
                let d = Detection::Detected {
                    keyword: k.clone(),
                    place,
                };
                return (d, year, pi);
            }
        }
    }
    (Detection::NotReport, year, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_year_range() {
        assert_eq!(first_year("第1234年 2024年"), Some(2024));
        assert_eq!(first_year("无年份"), None);
    }
}
