//! Templates from the profile, placed into a document: where a missing statutory item belongs,
//! how its heading is numbered so it fits the report's own numbering, the whole skeleton, and
//! the date forms of the signature (today's date is passed in: the engine reads no clock).

use crate::context::Context;
use crate::finding::{Edit, Fix};
use crate::outline::{MarkerStyle, Outline};
use crate::profile::snippet;
use crate::profile::{Item, Profile};
use crate::text::Span;

/// The start of the line after `pos` (or `pos` itself when it already starts a line).
pub fn next_line_start(text: &str, pos: usize) -> usize {
    let pos = crate::text::ceil_char_boundary(text, pos.min(text.len()));
    if pos == 0
        || matches!(text.as_bytes()[pos - 1], b'\n' | b'\r') && !text[pos..].starts_with('\n')
    {
        return pos;
    }
    match text[pos..].find(['\n', '\r']) {
        Some(i) => {
            let at = pos + i;
            if text[at..].starts_with("\r\n") {
                at + 2
            } else {
                at + 1
            }
        }
        None => text.len(),
    }
}

/// Where missing item `item` should be inserted: after the latest-ending item that precedes it
/// in the profile, else before the first item that follows it, else after the opening; never
/// after the closing or the signature.
pub fn insertion_point(cx: &Context, item: usize) -> usize {
    let o = cx.outline;
    let found = &cx.items.found;
    let before = found[..item].iter().flatten().map(|m| m.region.end).max();
    let after = found[item + 1..]
        .iter()
        .flatten()
        .map(|m| m.region.start)
        .min();
    let opening_end = o.opening.map(|i| o.paragraphs[i].span.end);
    let pos = before
        .or(after.map(|a| a.max(opening_end.unwrap_or(0))))
        .or(opening_end)
        .unwrap_or(o.body.start);
    // the body ends at a line start, so this never passes the closing or signature
    next_line_start(cx.text, pos.min(o.body.end.max(o.body.start)))
}

/// The marker (and Markdown prefix) a new top-level item heading at `pos` should carry, with the
/// edits that renumber the top-level headings after it.
pub struct NewHeading {
    pub prefix: String,
    pub marker: String,
    pub renumber: Vec<Edit>,
}

pub fn new_top_heading(text: &str, o: &Outline, pos: usize) -> NewHeading {
    let top: Vec<usize> = (0..o.headings.len())
        .filter(|&h| o.headings[h].depth == 0)
        .collect();
    let numbered: Vec<usize> = top
        .iter()
        .copied()
        .filter(|&h| o.headings[h].number.is_some())
        .collect();
    let reference = numbered.first().or(top.first()).copied();
    let Some(r) = reference else {
        return NewHeading {
            prefix: String::new(),
            marker: String::new(),
            renumber: vec![],
        };
    };
    let rh = &o.headings[r];
    let prefix = text[rh.full_line.start..rh.line.start].to_string();
    let style = rh.style;
    if style == MarkerStyle::Markdown {
        return NewHeading {
            prefix,
            marker: String::new(),
            renumber: vec![],
        };
    }
    let same: Vec<usize> = numbered
        .iter()
        .copied()
        .filter(|&h| o.headings[h].style == style)
        .collect();
    let number = same
        .iter()
        .filter(|&&h| o.headings[h].line.start < pos)
        .count() as u64
        + 1;
    let mut renumber = vec![];
    for (j, &h) in same
        .iter()
        .filter(|&&h| o.headings[h].line.start >= pos)
        .enumerate()
    {
        let hd = &o.headings[h];
        if hd.number != Some(number + j as u64) {
            break; // numbering already broken here: leave the rest to the numbering rule
        }
        renumber.push(Edit {
            span: hd.marker,
            text: style.render(number + j as u64 + 1).into(),
        });
    }
    NewHeading {
        prefix,
        marker: style.render(number),
        renumber,
    }
}

/// The item's template as plain text (tab stops at their defaults), heading first.
pub fn item_text(item: &Item, year: Option<i32>, head: &NewHeading, eol: &str) -> String {
    let body = snippet::render_plain(&item.body);
    let mut s = format!(
        "{}{}{}{eol}",
        head.prefix,
        head.marker,
        item.heading_for(year)
    );
    for line in body.lines() {
        s.push_str(line);
        s.push_str(eol);
    }
    s
}

/// A fix that inserts missing item `item` where it belongs.
pub fn insert_item_fix(cx: &Context, item: usize) -> Fix {
    let it = &cx.profile.items[item];
    let pos = insertion_point(cx, item);
    let head = new_top_heading(cx.text, cx.outline, pos);
    let mut block = item_text(it, cx.year, &head, cx.eol);
    if pos == cx.text.len() && !cx.text.is_empty() && !cx.text.ends_with(['\n', '\r']) {
        block.insert_str(0, cx.eol);
    }
    // A renumbered marker starting exactly where the block goes is folded into the insertion,
    // so that no two edits start at the same offset (their order would be ambiguous).
    let mut main = Edit {
        span: Span::empty(pos),
        text: block.into(),
    };
    let mut edits = vec![];
    for r in head.renumber {
        if r.span.start == pos {
            main.span.end = r.span.end;
            main.text = format!("{}{}", main.text, r.text).into();
        } else {
            edits.push(r);
        }
    }
    edits.insert(0, main);
    Fix {
        title: format!("插入法定事项“{}”（模板）", it.name).into(),
        edits: edits.into(),
        preferred: true,
    }
}

/// The item as a snippet for completion at a line of its own.
pub fn item_snippet(item: &Item, year: Option<i32>, head: &NewHeading) -> String {
    format!(
        "{}{}{}\n{}",
        snippet::escape(&head.prefix),
        snippet::escape(&head.marker),
        snippet::escape(&item.heading_for(year)),
        item.body
    )
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// 2025年1月20日
pub fn format_date((y, m, d): (i32, u32, u32)) -> String {
    format!("{y}年{m}月{d}日")
}

/// The year a new report is most likely about: reports are written from the autumn of the year
/// they cover until the end of March of the next.
pub fn default_report_year((y, m, _): (i32, u32, u32)) -> i32 {
    if m >= 10 {
        y
    } else {
        y - 1
    }
}

/// Replace `{TODAY}` in a snippet body.
pub fn with_today(body: &str, today: (i32, u32, u32)) -> String {
    body.replace("{TODAY}", &format_date(today))
}

/// The report year as tab stop 1 of the skeleton: its first `{Y}` becomes `${1:2024}`, every
/// later one the mirror `$1`.
struct YearStop {
    year: i32,
    placed: bool,
}

impl YearStop {
    fn fill(&mut self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 8);
        for (k, piece) in s.split("{Y}").enumerate() {
            if k > 0 {
                if self.placed {
                    out.push_str("$1");
                } else {
                    out.push_str(&format!("${{1:{}}}", self.year));
                    self.placed = true;
                }
            }
            out.push_str(piece);
        }
        out
    }
}

/// The whole report as one snippet, from the profile's `[skeleton]`: title, addressee, opening,
/// the items numbered 一、…, closing and signature with today's date (or, from October to
/// December, when the report is on the current year, next year's date with ×× for the day). The report year is tab
/// stop 1, mirrored wherever `{Y}` appears (the title, the opening, item headings).
pub fn skeleton(profile: &Profile, today: (i32, u32, u32)) -> String {
    let sk = &profile.skeleton;
    let mut year = YearStop {
        year: default_report_year(today),
        placed: false,
    };
    let mut next = 1; // $1 is the year
    let mut s = String::new();
    // a line of the profile's own snippet text, its tab stops after those used so far
    let mut line = |text: &str, s: &mut String, year: &mut YearStop| {
        if text.is_empty() {
            return;
        }
        let shifted = snippet::shift_tab_stops(text, next);
        next = next.max(snippet::max_tab_stop(&shifted));
        s.push_str(&year.fill(&shifted));
        s.push('\n');
    };
    line(&sk.title, &mut s, &mut year);
    if !sk.addressee.is_empty() {
        let a = format!("${{1:{}}}：", snippet::escape(&sk.addressee));
        line(&a, &mut s, &mut year);
    }
    line(&sk.opening, &mut s, &mut year);
    for (i, it) in profile.items.iter().enumerate() {
        let heading = if it.heading.contains("{Y1}") {
            snippet::escape(&it.heading_plain)
        } else {
            // Escape the literal parts only: escaping first would turn `{Y}` into `{Y\}`.
            it.heading
                .split("{Y}")
                .map(snippet::escape)
                .collect::<Vec<_>>()
                .join("{Y}")
        };
        let marker = MarkerStyle::CnComma.render(i as u64 + 1);
        line(&format!("{marker}{heading}"), &mut s, &mut year);
        line(&it.body, &mut s, &mut year);
    }
    line(&snippet::escape(&sk.closing), &mut s, &mut year);
    s.push('\n');
    let signature = format!("${{1:{}}}", snippet::escape(&sk.signature));
    line(&signature, &mut s, &mut year);
    if default_report_year(today) == today.0 {
        // Drafted in the report year itself (October–December): the report is signed next
        // year, on a day not known yet.
        s.push_str(&format!("{}年××月××日", today.0 + 1));
    } else {
        s.push_str(&format_date(today));
    }
    s.push_str("\n$0");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, Options};

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(format_date((2025, 1, 20)), "2025年1月20日");
        assert_eq!(default_report_year((2026, 11, 22)), 2026);
        assert_eq!(default_report_year((2026, 2, 1)), 2025);
    }

    #[test]
    fn next_line_start_cases() {
        let t = "甲\r\n乙\n丙";
        assert_eq!(next_line_start(t, 0), 0);
        assert_eq!(next_line_start(t, 3), 5);
        assert_eq!(next_line_start(t, 5), 5);
        assert_eq!(next_line_start(t, t.len() - 1), t.len());
    }

    #[test]
    fn skeleton_is_a_complete_report() {
        let p = Profile::default_profile();
        let sk = skeleton(&p, (2025, 2, 1));
        let plain = snippet::render_plain(&sk);
        assert!(plain.starts_with("关于2024年度法治政府建设情况的报告\n"));
        assert!(plain.contains("\n一、") && plain.contains("\n五、其他需要报告的情况\n"));
        assert!(plain.contains("特此报告。") && plain.ends_with("2025年2月1日\n"));
        // the headings mirror the title's year (tab stop 1); no template token is left
        assert!(
            plain.contains("\n一、2024年度推进法治政府建设的主要举措和成效\n"),
            "{plain}"
        );
        assert!(!plain.contains('{') && !plain.contains('}'), "{plain}");
        assert!(sk.contains("一、$1年度"), "{sk}");
        // every tab stop number is used once as a placeholder definition, except mirrors of $1
        let a = analyze(&plain, &Options::new(std::slice::from_ref(&p)));
        assert!(a.is_report());
        assert_eq!(a.year, Some(2024));
        let missing: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.rule == "missing-section")
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn the_skeleton_raises_nothing_but_placeholders_on_any_day() {
        let p = Profile::default_profile();
        for year in [2024, 2025] {
            for day in 0..366 {
                let days = (year - 1970) as i64 * 365 + ((year - 1969) / 4) as i64 + day;
                let today = civil_from_days(days);
                if today.0 != year {
                    continue;
                }
                let plain = snippet::render_plain(&skeleton(&p, today));
                let a = analyze(&plain, &Options::new(std::slice::from_ref(&p)));
                let other: Vec<_> = a
                    .findings
                    .iter()
                    .filter(|f| f.rule != "placeholder")
                    .map(|f| (f.rule, f.message.as_str()))
                    .collect();
                assert!(other.is_empty(), "{today:?}: {other:?}\n{plain}");
            }
        }
    }

    #[test]
    fn every_builtin_skeleton_is_recognised_as_its_own_kind() {
        for p in crate::profile::builtin() {
            let sk = skeleton(p, (2025, 1, 10));
            let plain = snippet::render_plain(&sk);
            let a = analyze(&plain, &Options::new(crate::profile::builtin()));
            assert!(a.is_report(), "{}: {plain}", p.id);
            assert_eq!(a.profile.id, p.id, "{plain}");
            assert_eq!(a.year, Some(2024), "{plain}");
            let missing: Vec<_> = a
                .findings
                .iter()
                .filter(|f| f.rule == "missing-section")
                .collect();
            assert!(missing.is_empty(), "{}: {missing:?}", p.id);
        }
    }
}
