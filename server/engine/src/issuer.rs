//! Who issued a report and which year it is about: what pairs this year's report with last
//! year's. The reporting body is read from the title ("云溪县司法局关于2024年度…的报告",
//! "2024年度云溪县法治政府建设情况报告") and from the signature's organ lines; names are
//! normalised so that "云溪县人民政府", "云溪县政府" and a bare "云溪县" in a title are one body,
//! while "云溪县司法局" stays another.
//!
//! Pure: the front ends find the files; this reads their text.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::detect::{detect, report_year, Detection};
use crate::outline::{self, Outline};
use crate::profile::Profile;
use crate::text;

/// What pairs a report with its predecessor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The id of the profile the text was detected as.
    pub profile: String,
    /// The year the report is about.
    pub year: Option<i32>,
    /// The reporting bodies named in the title and the signature, normalised ([`normalize`]).
    pub issuers: Vec<String>,
    /// The first body as written, for messages.
    pub issuer_shown: Option<String>,
}

impl Identity {
    /// Is `other` a report of the same kind by the same body?
    pub fn same_body(&self, other: &Identity) -> bool {
        self.profile == other.profile && same_body(&self.issuers, &other.issuers)
    }

    /// Is `prev` last year's report of the same body (same kind, year one less)?
    pub fn is_predecessor(&self, prev: &Identity) -> bool {
        matches!((self.year, prev.year), (Some(y), Some(p)) if p == y - 1) && self.same_body(prev)
    }
}

/// The identity of a report's text; when the text names no body, its file name may
/// ("云溪县司法局2023年法治政府建设报告.txt"). `file_stem` is the file name without folder
/// and extension.
pub fn identify_named(
    text: &str,
    file_stem: Option<&str>,
    markdown: bool,
    profiles: &[Arc<Profile>],
) -> Option<Identity> {
    let mut id = identify(text, markdown, profiles)?;
    if let Some(stem) = file_stem.filter(|s| id.issuers.is_empty() && !s.is_empty()) {
        let keywords = profiles
            .iter()
            .find(|p| p.id == id.profile)
            .map(|p| p.detect_keywords.clone())
            .unwrap_or_default();
        let names = from_title(stem, &keywords);
        id.issuers = normalize_all(&names);
        id.issuer_shown = names.into_iter().next();
    }
    Some(id)
}

/// Why the report `prev`, named by the user as last year's report (`shown`: its name in the
/// message), cannot be compared with `me`: another year, another body or another kind of
/// report. None when it fits.
pub fn refusal(me: &Identity, prev: &Identity, shown: &str) -> Option<String> {
    if let (Some(y), Some(p)) = (me.year, prev.year) {
        if p != y - 1 {
            return Some(format!(
                "指定的上年度报告 {shown} 是{p}年度的，与本报告（{y}年度）不衔接"
            ));
        }
    }
    if !me.issuers.is_empty() && !prev.issuers.is_empty() && !same_body(&me.issuers, &prev.issuers)
    {
        return Some(format!(
            "指定的上年度报告 {shown} 是{}的报告，与本报告的报告单位（{}）不同",
            prev.issuer_shown.clone().unwrap_or_default(),
            me.issuer_shown.clone().unwrap_or_default()
        ));
    }
    if me.profile != prev.profile {
        return Some(format!("指定的上年度报告 {shown} 与本报告不是同一类报告"));
    }
    None
}

/// Do two lists of normalised bodies share one?
pub fn same_body(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| b.contains(x))
}

/// How much of the text's start holds the title and opening, and of its end the signature.
const HEAD_BYTES: usize = 4000;
const TAIL_BYTES: usize = 1500;

/// The identity of a report, or None when the text is not a report of any of `profiles`. Reads
/// only the head (title, opening) and the tail (signature) of the text, so that a folder of
/// reports can be paired cheaply before any is analysed.
pub fn identify(text: &str, markdown: bool, profiles: &[Arc<Profile>]) -> Option<Identity> {
    if profiles.is_empty() {
        return None;
    }
    let head = &text[..line_floor(text, HEAD_BYTES)];
    let o = outline::parse(head, markdown);
    let (d, pi) = detect(head, &o, profiles);
    if d == Detection::NotReport {
        return None;
    }
    // the year as the analysis reads it (never a cited document's), from the head
    let year = report_year(head, &o, &profiles[pi]).year;
    let mut shown: Vec<String> = o
        .title
        .map(|t| from_title(t.text(head), &profiles[pi].detect_keywords))
        .unwrap_or_default();
    let tail_start = if text.len() > HEAD_BYTES + TAIL_BYTES {
        line_ceil(text, text.len() - TAIL_BYTES)
    } else {
        0
    };
    let tail = &text[tail_start..];
    let tail_outline;
    let t_o = if tail_start == 0 && head.len() == text.len() {
        &o
    } else {
        tail_outline = outline::parse(tail, markdown);
        &tail_outline
    };
    shown.extend(signature_organs(tail, t_o));
    Some(Identity {
        profile: profiles[pi].id.clone(),
        year,
        issuers: normalize_all(&shown),
        issuer_shown: shown.into_iter().next(),
    })
}

/// The bodies a report names, as written: from its title, then its signature.
pub fn issuers(text: &str, o: &Outline, profile: &Profile) -> Vec<String> {
    let mut v = o
        .title
        .map(|t| from_title(t.text(text), &profile.detect_keywords))
        .unwrap_or_default();
    v.extend(signature_organs(text, o));
    v
}

/// Normalise and deduplicate names.
pub fn normalize_all(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for n in names {
        let k = normalize(n);
        if !k.is_empty() && !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// The organ lines of the signature, each split at spaces (two organs on one line).
fn signature_organs(text: &str, o: &Outline) -> Vec<String> {
    let Some(sig) = &o.signature else {
        return vec![];
    };
    sig.organs
        .iter()
        .flat_map(|s| s.text(text).split(text::is_space))
        .filter(|s| s.chars().filter(|&c| text::is_han(c)).count() >= 2)
        .map(String::from)
        .collect()
}

/// The bodies named in a title (or a file name written like one): the words before the
/// report's keyword, without 关于 and the year. "中共云溪县委 云溪县人民政府关于2024年度法治政府
/// 建设情况的报告" → [中共云溪县委, 云溪县人民政府]; "关于2024年度法治政府建设情况的报告" → [].
pub fn from_title(title: &str, keywords: &[String]) -> Vec<String> {
    let cut = keywords
        .iter()
        .filter_map(|k| title.find(k.as_str()))
        .min()
        .unwrap_or(title.len());
    let before = &title[..cut];
    // the year and what comes after it up to the keyword ("2024年度", "二〇二四年")
    let mut parts: Vec<&str> = vec![];
    for piece in before.split("关于") {
        let mut rest = piece;
        if let Some(y) = year_mark(rest) {
            // a year cuts the piece in two: "2024年度云溪县" → "", "云溪县"
            parts.push(&rest[..y.0]);
            rest = &rest[y.1..];
        }
        parts.push(rest);
    }
    parts
        .into_iter()
        .flat_map(|p| p.split(|c: char| text::is_space(c) || matches!(c, '、' | '，' | ',')))
        .map(|p| p.trim_matches(|c: char| !text::is_han(c)))
        .map(|p| p.trim_end_matches('的'))
        .filter(|p| p.chars().count() >= 2 && !is_generic(p))
        .map(String::from)
        .collect()
}

/// Words left in a title that do not name a body.
fn is_generic(s: &str) -> bool {
    matches!(
        s,
        "年度" | "度" | "全年" | "本年度" | "上半年" | "工作" | "情况"
    )
}

static YEAR_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[12][0-9]{3}|[〇○零一二三四五六七八九]{4})\s*年度?").expect("year regex")
});

/// The byte range of the first year mark in `s` with its 年/年度.
fn year_mark(s: &str) -> Option<(usize, usize)> {
    YEAR_MARK.find(s).map(|m| (m.start(), m.end()))
}

/// A body's name reduced to what identifies it: no spaces or punctuation, 中共 and 人民 dropped
/// (中共云溪县委 = 云溪县委, 云溪县人民政府 = 云溪县政府), and a bare place name read as its
/// government (云溪县 = 云溪县政府, 青石镇 = 青石镇政府).
pub fn normalize(name: &str) -> String {
    let mut s: String = name.chars().filter(|&c| text::is_han(c)).collect();
    if let Some(r) = s.strip_prefix("中共") {
        s = r.to_string();
    }
    s = s.replace("人民政府", "政府");
    if s.ends_with("街道") || s.ends_with("街道办") {
        s = s.trim_end_matches("办").to_string() + "办事处";
    }
    let place_only = s.ends_with(['省', '市', '县', '区', '镇', '乡', '旗', '州'])
        && !s.contains("委")
        && s.chars().count() <= 10;
    if place_only {
        s.push_str("政府");
    }
    s
}

/// The end of the last whole line within the first `n` bytes (all of `text` when shorter).
fn line_floor(text: &str, n: usize) -> usize {
    if text.len() <= n {
        return text.len();
    }
    let cut = text::floor_char_boundary(text, n);
    text[..cut].rfind('\n').map_or(cut, |i| i + 1)
}

/// The start of the first whole line at or after byte `n`.
fn line_ceil(text: &str, n: usize) -> usize {
    let at = text::ceil_char_boundary(text, n);
    text[at..].find('\n').map_or(at, |i| at + i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{builtin, Profile};

    fn kw() -> Vec<String> {
        Profile::default_profile().detect_keywords.clone()
    }

    #[test]
    fn bodies_from_titles() {
        let k = kw();
        assert_eq!(
            from_title("云溪县司法局关于2024年度法治政府建设情况的报告", &k),
            ["云溪县司法局"]
        );
        assert!(from_title("关于2024年度法治政府建设情况的报告", &k).is_empty());
        assert_eq!(
            from_title("2024年度云溪县法治政府建设工作报告", &k),
            ["云溪县"]
        );
        assert_eq!(
            from_title("关于云溪县二〇二四年法治政府建设情况的报告", &k),
            ["云溪县"]
        );
        assert_eq!(
            from_title(
                "中共云溪县委 云溪县人民政府关于2024年度法治政府建设情况的报告",
                &k
            ),
            ["中共云溪县委", "云溪县人民政府"]
        );
        assert_eq!(
            from_title("青石镇2023年法治政府建设年度报告", &k),
            ["青石镇"]
        );
    }

    #[test]
    fn a_named_file_gives_the_body_and_a_refusal_says_why() {
        let profiles = builtin().to_vec();
        let body = "关于2024年度法治政府建设情况的报告\n市政府：\n2024年，我局推进法治政府建设。\
                    现报告如下：\n一、主要举措和成效\n开展培训3次。\n特此报告。\n";
        let me = identify_named(
            body,
            Some("云溪县司法局2024年法治政府建设报告"),
            false,
            &profiles,
        )
        .expect("a report");
        assert_eq!(me.issuers, ["云溪县司法局"]);
        let prev = Identity {
            year: Some(2022),
            ..me.clone()
        };
        let why = refusal(&me, &prev, "旧.txt").expect("two years apart");
        assert!(
            why.contains("是2022年度的，与本报告（2024年度）不衔接"),
            "{why}"
        );
        let other = Identity {
            year: Some(2023),
            issuers: vec!["青石镇政府".into()],
            issuer_shown: Some("青石镇".into()),
            ..me.clone()
        };
        let why = refusal(&me, &other, "旧.txt").expect("another body");
        assert!(
            why.contains("是青石镇的报告，与本报告的报告单位（云溪县司法局）不同"),
            "{why}"
        );
        let fits = Identity {
            year: Some(2023),
            ..me.clone()
        };
        assert_eq!(refusal(&me, &fits, "旧.txt"), None);
    }

    #[test]
    fn names_normalise_to_one_body() {
        assert_eq!(normalize("云溪县人民政府"), "云溪县政府");
        assert_eq!(normalize("云溪县"), "云溪县政府");
        assert_eq!(normalize("云溪县 政府"), "云溪县政府");
        assert_eq!(normalize("中共云溪县委"), "云溪县委");
        assert_eq!(normalize("云溪县司法局"), "云溪县司法局");
        assert_eq!(normalize("东城街道"), "东城街道办事处");
        assert_eq!(normalize("东城街道办"), "东城街道办事处");
        assert_ne!(normalize("云溪县司法局"), normalize("云溪县"));
    }

    #[test]
    fn identity_reads_title_year_and_signature() {
        let text = "关于2024年度法治政府建设情况的报告\n市政府：\n2024年，我局推进法治政府建设。现报告如下：\n一、主要举措和成效\n开展培训3次。\n特此报告。\n\n云溪县司法局\n2025年1月10日\n";
        let id = identify(text, false, builtin()).unwrap();
        assert_eq!(id.profile, "fazhi-zhengfu-niandu");
        assert_eq!(id.year, Some(2024));
        assert_eq!(id.issuers, ["云溪县司法局"]);
        assert_eq!(id.issuer_shown.as_deref(), Some("云溪县司法局"));
        let prev = identify(
            &text
                .replace("2024", "2023")
                .replace("2025年1月10日", "2024年1月12日"),
            false,
            builtin(),
        )
        .unwrap();
        assert!(id.is_predecessor(&prev));
        assert!(!prev.is_predecessor(&id));
        let county = identify(
            &text
                .replace("云溪县司法局", "云溪县人民政府")
                .replace("2024", "2023"),
            false,
            builtin(),
        )
        .unwrap();
        assert!(!id.is_predecessor(&county), "another body");
        assert!(identify("# README\n说明。\n", true, builtin()).is_none());
    }

    #[test]
    fn long_texts_are_read_at_both_ends() {
        let mut text = String::from("云溪县人民政府关于2024年度法治政府建设情况的报告\n市政府：\n2024年，我县推进法治政府建设。\n一、主要举措和成效\n");
        while text.len() < 20_000 {
            text.push_str(
                "全年开展执法检查12次，发现问题8个，均已整改到位，执法规范化水平进一步提升。\n",
            );
        }
        text.push_str("特此报告。\n\n中共云溪县委\n云溪县人民政府\n2025年1月20日\n");
        let id = identify(&text, false, builtin()).unwrap();
        assert_eq!(id.issuers, ["云溪县政府", "云溪县委"]);
        assert_eq!(id.year, Some(2024));
    }
}
