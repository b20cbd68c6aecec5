//! Is this text a report, what year is it about, and who wrote it? Read from the title, the
//! opening paragraph, the headings and the signature, where a report names its subject, its
//! year and its author; the profile says which words mark a report of its kind and which kinds
//! of reporting body there are.
//!
//! **The report year** is never taken from a year inside 《》 or 〈〉 (a cited document:
//! 《法治政府建设实施纲要（2021—2025年）》), nor from a year range (2021—2025年, 2021-2025年,
//! 2021年—2025年). The evidence, strongest first:
//! 1. the title ("关于2024年度法治政府建设情况的报告");
//! 2. the opening: a paragraph that starts with the year ("2024年，我县……", "2024年以来"), or
//!    that names the year of the report ("现将2024年度法治政府建设情况报告如下");
//! 3. the headings of the statutory items (a measures heading names the year, a plan heading
//!    the year after) and the signature date (the year before when it is dated January–April,
//!    when reports are submitted).
//!
//! The first of (1) and (2) that names a year decides; then (3) decides when its pieces agree.
//! When they disagree, or when the only years are weak ones (a year mid-sentence in the opening,
//! a signature dated May–December), the year is left unknown and [`ReportYear::doubt`] says
//! why: the `report-year` rule then shows one information finding, and no check that needs the
//! year runs.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::outline::Outline;
use crate::profile::Profile;
use crate::text::{self, Span};

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

/// The first plausible year (1990–2100) named in `s`, wherever it is (used to recognise a
/// report, not to date it).
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

/// Where the report year was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum YearSource {
    Title,
    Opening,
    /// The headings of the statutory items, with the signature date when it agrees.
    Headings,
    Signature,
}

impl YearSource {
    /// The place, in Chinese, for hovers and the status bar: 标题.
    pub fn zh(self) -> &'static str {
        match self {
            YearSource::Title => "标题",
            YearSource::Opening => "开头段",
            YearSource::Headings => "各部分标题",
            YearSource::Signature => "落款日期",
        }
    }
}

/// A year the text suggests, and where.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct YearClue {
    pub year: i32,
    /// What suggests it, in Chinese: 标题“2025年工作安排”, 落款日期2025年2月6日.
    pub place: String,
    pub span: Span,
}

/// Why the report year could not be determined.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct YearDoubt {
    /// The years the text suggests (empty when it names none outside cited documents).
    pub clues: Vec<YearClue>,
    /// The clues point to different years (otherwise they are only weak).
    pub conflicting: bool,
}

/// The year a report is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReportYear {
    /// The year, when the evidence is clear.
    pub year: Option<i32>,
    pub source: Option<YearSource>,
    /// Set when the year is unknown: what the text does say.
    pub doubt: Option<YearDoubt>,
}

/// What the report is about: its year and the kind of body that reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Subject {
    pub year: ReportYear,
    /// Index into `Profile::bodies` of the reporting body (None: the profile defines none, or
    /// nothing names it).
    pub body: Option<usize>,
}

/// The title and opening, where a report names its subject and year.
fn header_texts<'t>(text: &'t str, o: &Outline) -> Vec<(&'static str, &'t str)> {
    let mut v = vec![];
    if let Some(t) = o.title {
        v.push(("标题", t.text(text)));
    }
    if let Some(p) = opening_span(o) {
        let s = p.text(text);
        v.push(("开头段", &s[..text::floor_char_boundary(s, 600)]));
    }
    v
}

fn opening_span(o: &Outline) -> Option<Span> {
    o.opening
        .map(|i| o.paragraphs[i].span)
        .or_else(|| o.paragraphs.first().map(|p| p.span))
}

/// Which of `profiles` the text is a report of: the title is read first (with every profile),
/// then the opening, so that an opening that merely mentions another kind of report does not
/// decide. A report names a year too (anywhere in its title or opening, even in a cited
/// document). Returns the detection and the index of the profile (the first when none matches).
pub fn detect(text: &str, o: &Outline, profiles: &[Arc<Profile>]) -> (Detection, usize) {
    let headers = header_texts(text, o);
    let any_year = headers.iter().find_map(|(_, s)| first_year(s));
    for (place, s) in &headers {
        for (pi, profile) in profiles.iter().enumerate() {
            let Some(k) = profile
                .detect_keywords
                .iter()
                .find(|k| s.contains(k.as_str()))
            else {
                continue;
            };
            if first_year(s).is_some() || any_year.is_some() {
                let d = Detection::Detected {
                    keyword: k.clone(),
                    place,
                };
                return (d, pi);
            }
        }
    }
    (Detection::NotReport, 0)
}

/// A year written in the text: 2024年, 二〇二四年, or four digits without 年 (the first end of
/// a range: 2021—2025年).
#[derive(Debug, Clone, Copy)]
struct YearToken {
    year: i32,
    /// The digits, and 年 (with 度) when written.
    span: Span,
    nian: bool,
    /// Inside 《》 or 〈〉 (a cited document's title), or part of a year range.
    cited_or_range: bool,
}

fn year_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '〇' | '○' | '零' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

fn is_ascii_or_wide_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

const RANGE_SEPARATORS: &[&str] = &["——", "—", "–", "-", "－", "~", "～", "〜", "至", "到"];

/// Every year written in `span`, with what makes it unfit to date the report.
fn year_tokens(text: &str, span: Span) -> Vec<YearToken> {
    let s = span.text(text);
    let mut out: Vec<YearToken> = vec![];
    let mut depth = 0i32; // inside 《》 or 〈〉
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        match c {
            '《' | '〈' => depth += 1,
            '》' | '〉' => depth = (depth - 1).max(0),
            _ => {}
        }
        if year_digit(c).is_none() {
            i += 1;
            continue;
        }
        // four digits of one script (Arabic, full-width or Chinese), not part of a longer number
        let wide = is_ascii_or_wide_digit(c);
        let same_script = |d: char| year_digit(d).is_some() && is_ascii_or_wide_digit(d) == wide;
        let run: Vec<u32> = chars[i..]
            .iter()
            .take(5)
            .take_while(|(_, d)| same_script(*d))
            .map(|(_, d)| year_digit(*d).unwrap_or(0))
            .collect();
        let glued = i
            .checked_sub(1)
            .is_some_and(|k| same_script(chars[k].1) || chars[k].1 == '.');
        if run.len() != 4 || glued {
            i += run.len().max(1);
            continue;
        }
        let year = run.iter().fold(0i32, |a, d| a * 10 + *d as i32);
        let digits_end = chars.get(i + 4).map_or(s.len(), |(k, _)| *k);
        let rest = &s[digits_end..];
        let gap = rest.len() - rest.trim_start_matches([' ', '\u{3000}']).len();
        let nian = rest[gap..].starts_with('年');
        let mut end = digits_end;
        if nian {
            end = digits_end + gap + '年'.len_utf8();
            if s[end..].starts_with('度') {
                end += '度'.len_utf8();
            }
        }
        if (1900..=2100).contains(&year) && (wide || nian) {
            out.push(YearToken {
                year,
                span: Span::new(span.start + at, span.start + end),
                nian,
                cited_or_range: depth > 0,
            });
        }
        i += 4;
    }
    // ranges: two years with only a separator between them
    for k in 1..out.len() {
        let gap = &text[out[k - 1].span.end..out[k].span.start];
        if out[k - 1].span.end <= out[k].span.start
            && RANGE_SEPARATORS.iter().any(|sep| gap.trim() == *sep)
            && out[k - 1].year <= out[k].year
        {
            out[k - 1].cited_or_range = true;
            out[k].cited_or_range = true;
        }
    }
    out.retain(|t| t.nian);
    out
}

/// The years in `span` that can date a report (not in a cited title, not in a range).
fn plain_years(text: &str, span: Span) -> Vec<YearToken> {
    let mut v = year_tokens(text, span);
    v.retain(|t| !t.cited_or_range);
    v
}

/// The report year of a report of kind `profile`, and where it was read.
pub fn report_year(text: &str, o: &Outline, profile: &Profile) -> ReportYear {
    // 1. the title
    if let Some(t) = o.title {
        if let Some(y) = plain_years(text, t).first() {
            return ReportYear {
                year: Some(y.year),
                source: Some(YearSource::Title),
                doubt: None,
            };
        }
    }
    // 2. the opening
    let mut weak: Vec<YearClue> = vec![];
    if let Some(p) = opening_span(o) {
        let head = Span::new(
            p.start,
            p.start + text::floor_char_boundary(p.text(text), 900),
        );
        let years = plain_years(text, head);
        let strong = years.iter().find(|y| {
            let before = text[p.start..y.span.start].trim_end();
            let after = &text[y.span.end..p.end];
            y.span.start == p.start
                || before.ends_with("现将")
                || profile
                    .detect_keywords
                    .iter()
                    .any(|k| after.starts_with(k.as_str()))
        });
        if let Some(y) = strong {
            return ReportYear {
                year: Some(y.year),
                source: Some(YearSource::Opening),
                doubt: None,
            };
        }
        weak.extend(years.iter().map(|y| YearClue {
            year: y.year,
            place: format!("开头段“{}”", y.span.text(text)),
            span: y.span,
        }));
    }
    // 3. the headings and the signature
    let mut clues: Vec<YearClue> = vec![];
    let mut source = YearSource::Headings;
    for h in &o.headings {
        let title = h.title.text(text);
        let Some(offset) = profile
            .heading_cues
            .find_overlapping_iter(title)
            .map(|m| profile.heading_cue_of[m.pattern().as_usize()].0)
            .min_by_key(|&i| (profile.items[i].role.heading_priority(), i))
            .and_then(|i| profile.items[i].role.heading_year_offset())
        else {
            continue;
        };
        if let Some(y) = plain_years(text, h.title).first() {
            clues.push(YearClue {
                year: y.year - offset,
                place: format!(
                    "标题“{}”",
                    crate::text::line_near(text, h.line.start).text(text)
                ),
                span: y.span,
            });
        }
    }
    if let Some(sig) = &o.signature {
        let d = sig.date;
        let clue = YearClue {
            year: if d.month <= 4 { d.year - 1 } else { d.year },
            place: format!("落款日期{}", d.span.text(text)),
            span: d.span,
        };
        if d.month <= 4 {
            if clues.is_empty() {
                source = YearSource::Signature;
            }
            clues.push(clue);
        } else {
            weak.push(clue);
        }
    }
    if let Some(first) = clues.first() {
        if clues.iter().all(|c| c.year == first.year) {
            return ReportYear {
                year: Some(first.year),
                source: Some(source),
                doubt: None,
            };
        }
        clues.sort_by_key(|c| c.span.start);
        return ReportYear {
            year: None,
            source: None,
            doubt: Some(YearDoubt {
                clues,
                conflicting: true,
            }),
        };
    }
    let conflicting = weak.iter().any(|c| c.year != weak[0].year);
    ReportYear {
        year: None,
        source: None,
        doubt: Some(YearDoubt {
            clues: weak,
            conflicting,
        }),
    }
}

/// The kind of body that wrote the report: the first of the profile's `[[bodies]]` a cue of
/// which matches the title, else the signature's organ lines, else the opening's first sentence.
pub fn body(text: &str, o: &Outline, profile: &Profile) -> Option<usize> {
    if profile.bodies.is_empty() {
        return None;
    }
    let mut sources: Vec<&str> = vec![];
    if let Some(t) = o.title {
        sources.push(t.text(text));
    }
    if let Some(sig) = &o.signature {
        sources.extend(sig.organs.iter().map(|s| s.text(text)));
    }
    if let Some(p) = opening_span(o) {
        let s = p.text(text);
        let end = s.find(['。', '；', ';']).unwrap_or(s.len());
        sources.push(&s[..text::floor_char_boundary(s, end.min(300))]);
    }
    sources
        .iter()
        .find_map(|s| profile.bodies.iter().position(|b| b.matches(s)))
}

/// The subject of a report of kind `profile`: its year and its body.
pub fn subject(text: &str, o: &Outline, profile: &Profile) -> Subject {
    Subject {
        year: report_year(text, o, profile),
        body: body(text, o, profile),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_year_range() {
        assert_eq!(first_year("第1234年 2024年"), Some(2024));
        assert_eq!(first_year("无年份"), None);
    }

    fn year_of(text: &str) -> ReportYear {
        let o = crate::outline::parse(text, false);
        report_year(text, &o, &Profile::default_profile())
    }

    fn plain(s: &str) -> Vec<i32> {
        plain_years(s, Span::new(0, s.len()))
            .iter()
            .map(|t| t.year)
            .collect()
    }

    #[test]
    fn years_in_cited_titles_and_ranges_do_not_count() {
        assert_eq!(
            plain("对照《法治政府建设实施纲要（2021—2025年）》，2023年，全区"),
            [2023]
        );
        assert_eq!(
            plain("《某市规划(2021-2025年)》和2021年—2025年目标"),
            Vec::<i32>::new()
        );
        assert_eq!(
            plain("印发《关于〈2022年度工作要点〉的通知》"),
            Vec::<i32>::new()
        );
        assert_eq!(plain("二〇二四年，我镇"), [2024]);
        assert_eq!(plain("１９９９年至２００１年间；2024年度"), [2024]);
        assert_eq!(plain("编号12024年，3.2024年"), Vec::<i32>::new());
    }

    #[test]
    fn the_title_decides_first() {
        let y = year_of(
            "关于2024年度法治政府建设情况的报告\n某市人民政府：\n2023年以来，我县持续推进。\n",
        );
        assert_eq!((y.year, y.source), (Some(2024), Some(YearSource::Title)));
    }

    #[test]
    fn an_opening_citing_the_outline_first_is_read_past_the_citation() {
        // no title line; the 纲要's period comes before the report's own year
        let t = "某市委、某市人民政府：\n我区对照《法治政府建设实施纲要（2021—2025年）》和《某市法治政府建设规划（2021年—2025年）》，一体推进法治政府建设。现将2023年度法治政府建设情况报告如下：\n一、主要举措和成效\n正文。\n二、2024年工作安排\n正文。\n";
        let y = year_of(t);
        assert_eq!((y.year, y.source), (Some(2023), Some(YearSource::Opening)));
        let t = "某市委：\n2022年以来，我镇持续推进依法行政，成效明显。\n一、主要举措\n正文。\n";
        assert_eq!(year_of(t).year, Some(2022));
    }

    #[test]
    fn headings_and_signature_agree_or_doubt() {
        let body = "某县委：\n我县深入学习贯彻习近平法治思想，对照《法治政府建设实施纲要（2021—2025年）》推进法治政府建设。\n一、2024年度推进法治政府建设的主要举措和成效\n正文。\n二、2025年工作安排\n正文。\n特此报告。\n\n某县人民政府\n2025年2月1日\n";
        let y = year_of(body);
        assert_eq!((y.year, y.source), (Some(2024), Some(YearSource::Headings)));
        // a plan heading one year off from the measures heading: no year can be trusted
        let y = year_of(&body.replace("二、2025年工作安排", "二、2024年工作安排"));
        assert_eq!(y.year, None);
        let doubt = y.doubt.expect("doubt");
        assert!(doubt.conflicting);
        assert_eq!(doubt.clues.len(), 3, "{doubt:?}");
        // the signature alone, in the reporting season
        let t = "某县委：\n我县深入推进依法行政，对照《法治政府建设实施纲要（2021—2025年）》抓落实。\n一、主要举措和成效\n正文。\n特此报告。\n\n某县人民政府\n2025年3月1日\n";
        let y = year_of(t);
        assert_eq!(
            (y.year, y.source),
            (Some(2024), Some(YearSource::Signature))
        );
        // dated in the summer, nothing else: too weak
        let y = year_of(&t.replace("2025年3月1日", "2025年7月1日"));
        assert_eq!(y.year, None);
        assert!(!y.doubt.expect("doubt").conflicting);
    }

    #[test]
    fn no_year_outside_cited_documents() {
        let t = "某县委：\n我县对照《法治政府建设实施纲要（2021—2025年）》推进法治政府建设。\n一、主要举措和成效\n正文。\n";
        let y = year_of(t);
        assert_eq!(y.year, None);
        assert!(y.doubt.expect("doubt").clues.is_empty());
    }

    fn body_of(text: &str) -> Option<String> {
        let p = Profile::default_profile();
        let o = crate::outline::parse(text, false);
        body(text, &o, &p).map(|b| p.bodies[b].id.clone())
    }

    #[test]
    fn the_reporting_body_from_title_signature_or_opening() {
        let cases = [
            ("某县司法局关于2024年度法治政府建设情况的报告\n正文。\n", "justice"),
            ("某镇2023年度法治政府建设工作情况报告\n正文。\n", "township"),
            ("某县市场监督管理局2023年度法治政府建设情况报告\n正文。\n", "department"),
            ("某市人民政府关于2024年度法治政府建设情况的报告\n正文。\n", "government"),
            (
                "某县委：\n2024年，我县推进法治政府建设。\n特此报告。\n\n某县某某镇人民政府\n2025年1月5日\n",
                "township",
            ),
            (
                "某县委：\n2024年，本单位推进法治政府建设。\n特此报告。\n\n某市生态环境局\n2025年1月5日\n",
                "department",
            ),
            ("某县委：\n2022年，某镇党委、政府推进法治建设。\n正文。\n", "township"),
        ];
        for (t, want) in cases {
            assert_eq!(body_of(t).as_deref(), Some(want), "{t}");
        }
        // a county opening that mentions its townships is not a township's
        assert_eq!(
            body_of("某市委：\n2024年，我县指导各乡镇政府推进法治建设。\n正文。\n").as_deref(),
            Some("government")
        );
    }
}
