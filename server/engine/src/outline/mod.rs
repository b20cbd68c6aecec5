//! The report outline: title, addressee, opening, headings on four levels, paragraphs, inline
//! 一是/二是 runs, the closing (特此报告。) and the signature block. Pure: text in, byte spans out.
//!
//! The parser tolerates web-page debris around a report copied from a government site
//! (breadcrumbs, 发布日期, 扫一扫…): lines before the title and after the signature date are
//! recorded as `noise` and never analysed.

pub mod marker;
mod parse;
pub mod runs;

use std::sync::LazyLock;

use regex::Regex;

use crate::text::{is_half_width_stop, is_space, trim_span, Span};
pub use marker::{Broken, Marker, MarkerStyle};
pub use parse::parse;
pub use runs::{Run, RunKind, RunMember};

/// A heading line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Nominal level: 1 = 一、 … 4 = （1）. Markdown headings without a number get the level of
    /// their `#` depth relative to the shallowest such heading.
    pub level: u8,
    pub style: MarkerStyle,
    /// The number in the marker (None for an unnumbered Markdown heading).
    pub number: Option<u64>,
    /// The heading's text, trimmed, without Markdown `#`/`**` decoration.
    pub line: Span,
    /// The whole line as written, trimmed, including any Markdown decoration.
    pub full_line: Span,
    /// The marker, e.g. `（一）` (empty at the title start for unnumbered headings).
    pub marker: Span,
    /// The heading's own words, after the marker, up to the first sentence end.
    pub title: Span,
    /// The rest of the line continues as body text (a run-in heading: `1.标题。正文…`).
    pub run_in: bool,
    /// The marker's brackets are broken (一）, （一, (一）): the `numbering` rule flags it.
    pub broken: Option<Broken>,
    pub parent: Option<usize>,
    /// Nesting depth in the outline tree (0 = top).
    pub depth: usize,
    /// From the heading's start to the next heading of the same or a higher level, or to the end
    /// of the body.
    pub section: Span,
}

/// What kind of text a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphKind {
    /// An ordinary paragraph.
    Body,
    /// The text that follows a run-in heading on its own line.
    HeadingBody,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The paragraph's text, trimmed; may cross lines (Markdown, or a wrapped plain-text line).
    pub span: Span,
    pub kind: ParagraphKind,
    /// The innermost heading whose section holds the paragraph.
    pub heading: Option<usize>,
}

/// A date such as 2024年1月23日.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMark {
    pub span: Span,
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// The signature block: organ name line(s), then the date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub organs: Vec<Span>,
    pub date: DateMark,
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub title: Option<Span>,
    pub addressee: Option<Span>,
    /// Index into `paragraphs` of the opening paragraph (before the first heading).
    pub opening: Option<usize>,
    pub headings: Vec<Heading>,
    pub paragraphs: Vec<Paragraph>,
    pub runs: Vec<Run>,
    pub closing: Option<Span>,
    pub signature: Option<Signature>,
    /// Where the report's content lies: from the first line after the addressee (or title) to
    /// the line before the closing/signature.
    pub body: Span,
    /// Web-page debris and other lines that are not part of the report.
    pub noise: Vec<Span>,
    /// The text was parsed as Markdown (inline code, link targets and fences are not prose).
    pub markdown: bool,
}

impl Outline {
    /// The innermost heading whose section contains `offset`.
    pub fn heading_at(&self, offset: usize) -> Option<usize> {
        self.headings
            .iter()
            .enumerate()
            .rev()
            .find(|(_, h)| h.section.touches(offset) && h.line.start <= offset)
            .map(|(i, _)| i)
    }

    /// Indices of the direct children of heading `h` (or of the top level for `None`).
    pub fn children(&self, h: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        self.headings
            .iter()
            .enumerate()
            .filter(move |(_, x)| x.parent == h)
            .map(|(i, _)| i)
    }

    /// Is `anc` an ancestor of heading `h`?
    pub fn is_ancestor(&self, anc: usize, mut h: usize) -> bool {
        while let Some(p) = self.headings[h].parent {
            if p == anc {
                return true;
            }
            h = p;
        }
        false
    }

    /// Where new content can go at the end of the report body: before the closing, the
    /// signature or trailing debris.
    pub fn body_end(&self) -> usize {
        self.body.end
    }

    /// The report's own running text, for character-level checks (punctuation, paired marks,
    /// number forms), in document order: the title, the addressee, every heading line (a run-in
    /// heading's body is on that line), every body paragraph and the closing. Noise, Markdown
    /// front matter and fenced code are never included.
    pub fn prose(&self) -> Vec<Span> {
        let mut v = Vec::with_capacity(self.headings.len() + self.paragraphs.len() + 3);
        v.extend(self.title);
        v.extend(self.addressee);
        v.extend(self.headings.iter().map(|h| h.line));
        v.extend(
            self.paragraphs
                .iter()
                .filter(|p| p.kind == ParagraphKind::Body)
                .map(|p| p.span),
        );
        v.extend(self.closing);
        v.retain(|s| !s.is_empty());
        v.sort();
        v
    }
}

#[derive(Debug, Clone, Copy)]
struct Line {
    /// The line without terminator.
    raw: Span,
    /// Trimmed content.
    content: Span,
    /// Content with Markdown heading hashes and emphasis stripped.
    inner: Span,
    /// Number of `#` of a Markdown heading, 0 otherwise.
    md_level: u8,
    /// Start of the next line (or end of text).
    next: usize,
}

impl Line {
    fn is_blank(&self) -> bool {
        self.content.is_empty()
    }
}

static NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:您(?:当前|现在)?的位置|当前位置|首页\s*[>＞»]|[>＞»]\s*\S|发布日期|发布时间|发文日期|成文日期|",
        r"浏览次数|浏览量|访问次数|阅读次数|点击[数量率]|来源[：:]|信息来源|文章来源|作者[：:]|",
        r"字号|【?\s*字体|【?\s*打印|【?\s*关闭|打印本页|关闭窗口|扫一扫|分享到|在手机上查看|",
        r"附件下载|相关附件|相关链接|相关文件|索引号|发文字号|发文机关|主题分类|文号[：:]|",
        r"上一篇|下一篇|返回顶部|责任编辑|编辑[：:]|审核[：:]|网站地图|联系我们)|",
        r"\.(?:pdf|docx?|wps|ofd|xlsx?)\s*$"
    ))
    .expect("noise regex")
});

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9０-９]{4}|[〇○零一二三四五六七八九]{4})\s*年\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日$")
        .expect("date regex")
});

fn is_noise(s: &str) -> bool {
    NOISE.is_match(s)
}

fn parse_small(s: &str) -> Option<u32> {
    if s.chars().all(crate::numerals::is_arabic_digit) {
        let mut v = 0u32;
        for c in s.chars() {
            let d = if c.is_ascii_digit() {
                c as u32 - '0' as u32
            } else {
                c as u32 - '０' as u32
            };
            v = v * 10 + d;
        }
        Some(v)
    } else {
        crate::numerals::parse(s).and_then(|v| u32::try_from(v).ok())
    }
}

/// Parse a line that is only a date (2024年1月23日, 二〇二四年一月二十三日).
pub fn parse_date_line(text: &str, span: Span) -> Option<DateMark> {
    let caps = DATE_LINE.captures(span.text(text))?;
    Some(DateMark {
        span,
        year: parse_small(&caps[1])? as i32,
        month: parse_small(&caps[2])?,
        day: parse_small(&caps[3])?,
    })
}

fn split_lines(text: &str, markdown: bool) -> Vec<Line> {
    let li = crate::text::LineIndex::new(text);
    let mut lines = Vec::with_capacity(li.line_count());
    for l in 0..li.line_count() {
        let raw = li.line_span(l);
        let next = if l + 1 < li.line_count() {
            li.line_span(l + 1).start
        } else {
            text.len()
        };
        let content = trim_span(text, raw);
        let mut inner = content;
        let mut md_level = 0;
        if markdown {
            let s = content.text(text);
            let hashes = s.bytes().take_while(|&b| b == b'#').count();
            if (1..=6).contains(&hashes)
                && s[hashes..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ' ' || c == '\t')
            {
                md_level = hashes as u8;
                inner = trim_span(text, Span::new(content.start + hashes, content.end));
                // closing hashes: "## 标题 ##"
                let t = inner.text(text);
                let stripped = t.trim_end_matches('#');
                if stripped.len() != t.len() && stripped.ends_with([' ', '\t']) {
                    inner = trim_span(text, Span::new(inner.start, inner.start + stripped.len()));
                }
            }
            let t = inner.text(text);
            if t.len() > 4 && t.starts_with("**") && t.ends_with("**") {
                inner = Span::new(inner.start + 2, inner.end - 2);
            }
        }
        lines.push(Line {
            raw,
            content,
            inner,
            md_level,
            next,
        });
    }
    lines
}

/// Does `s` hold a full stop, typed full-width or half-width ("……报告如下.")?
fn has_full_stop(s: &str) -> bool {
    s.contains('。') || s.match_indices('.').any(|(i, _)| is_half_width_stop(s, i))
}

fn looks_like_title(s: &str, md_level: u8) -> bool {
    let chars = s.chars().count();
    if !(4..=90).contains(&chars) || has_full_stop(s) || s.ends_with(['：', ':']) {
        return false;
    }
    if marker::parse(s).is_some() {
        return false;
    }
    md_level == 1
        || s.contains("报告")
        || (s.contains("法治") && (s.contains("情况") || s.contains("工作")))
}

fn looks_like_addressee(s: &str) -> bool {
    let chars = s.chars().count();
    (2..=60).contains(&chars)
        && s.ends_with(['：', ':'])
        && !has_full_stop(s)
        && marker::parse(s).is_none()
        && !s.starts_with("现将")
}

fn looks_like_organ(s: &str) -> bool {
    let chars = s.chars().count();
    (2..=50).contains(&chars)
        && !s.contains(['。', '，', '；', '：', ',', ';', ':', '！', '？', '!', '?'])
        && !has_full_stop(s)
        && marker::parse(s).is_none()
        && DATE_LINE.find(s).is_none()
}

fn is_closing(s: &str) -> bool {
    s.starts_with("特此报告") || s.starts_with("以上报告")
}

/// Find the end of a heading's own words: the first sentence end, or the line end.
/// Returns (title end, body start) relative to `s`; body start == s.len() when not run-in.
fn split_title(s: &str) -> (usize, usize) {
    if let Some((i, len)) = first_sentence_end(s) {
        let rest = i + len;
        let body = rest + (s[rest..].len() - s[rest..].trim_start_matches(is_space).len());
        return (i, body);
    }
    let t = s.trim_end_matches(['：', ':']);
    (t.len(), s.len())
}

/// The first 。 ！ ？ ! or ? of `s`, or half-width full stop ([`is_half_width_stop`]): its
/// byte offset and length. A draft typed with half-width marks has no 。 and whole paragraphs
/// are read here, so the candidates are found with memchr: `!`, `?`, `.`, and the lead bytes
/// of 。 (E3 80 82) and of ！ ？ (EF BC 81, EF BC 9F).
fn first_sentence_end(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut a = memchr::memchr3(b'!', b'?', 0xE3, b);
    let mut e = memchr::memchr2(0xEF, b'.', b);
    loop {
        let i = match (a, e) {
            (Some(x), Some(y)) => x.min(y),
            (Some(x), None) | (None, Some(x)) => x,
            (None, None) => return None,
        };
        let rest = &b[i + 1..];
        let hit = match b[i] {
            b'!' | b'?' => true,
            b'.' => is_half_width_stop(s, i),
            0xE3 => rest.starts_with(&[0x80, 0x82]),
            _ => rest.starts_with(&[0xBC, 0x81]) || rest.starts_with(&[0xBC, 0x9F]),
        };
        if hit {
            return Some((i, if b[i] < 0x80 { 1 } else { 3 }));
        }
        if a == Some(i) {
            a = memchr::memchr3(b'!', b'?', 0xE3, rest).map(|k| k + i + 1);
        }
        if e == Some(i) {
            e = memchr::memchr2(0xEF, b'.', rest).map(|k| k + i + 1);
        }
    }
}

fn ends_sentence(s: &str) -> bool {
    s.ends_with([
        '。', '！', '？', '!', '?', '；', ';', '：', ':', '”', '’', '）', ')', '」', '』', '…',
        '》',
    ]) || (s.ends_with('.') && is_half_width_stop(s, s.len() - 1))
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod sentence_end_tests {
    use super::*;

    #[test]
    fn first_sentence_end_matches_the_char_scan() {
        let marks = ['。', '！', '？', '!', '?', '.'];
        for s in [
            "一、主要举措。正文",
            "（一）标题！正文?",
            "1.完善工作机制.一是健全制度,二是加强检查",
            "标题？",
            "Why? 标题。",
            "ｘ！",
            "",
            "仅有全角，逗号：冒号；",
            "顿号、书名号《》后有句号。",
            "全角，逗号后才有！",
            "、、、！",
            "全年办件量42.6万件.其余",
            "访问www.gov.cn查询.",
            "(一)依法全面履行政府职能.全县政务服务事项",
            "推进5G.网络",
        ] {
            let want = s
                .char_indices()
                .find(|&(i, c)| marks.contains(&c) && (c != '.' || is_half_width_stop(s, i)))
                .map(|(i, c)| (i, c.len_utf8()));
            assert_eq!(first_sentence_end(s), want, "{s}");
        }
        let at = |s: &str| first_sentence_end(s).map(|(i, _)| i);
        assert_eq!(at("全年办件量42.6万件.其余"), Some(25));
        assert_eq!(at("访问www.gov.cn查询."), Some(22));
        assert_eq!(at("(一)依法全面履行政府职能.全县"), Some(35));
        assert_eq!(at("推进5G.网络"), None);
        assert_eq!(at("1.完善工作机制.一是"), Some(20));
    }
}
