//! Human output: `file:line:column: 级别[规则] 说明`, the source line and a caret line.
//!
//! Lines and columns come from one [`Cursor`] over the file (findings are sorted). A long line
//! (a whole 600-character paragraph, or a file without line breaks) is shown as a window of
//! about 40 characters around the finding, with …… where it is cut, so that a reviewer reads
//! the place, not a screen of text, and the cost of each finding is bounded.
//!
//! The output is for a shell: messages never point to editor actions; findings that
//! `gongwen-ls fix` can correct say so.

use std::io::Write;

use gongwen::analysis::Analysis;
use gongwen::finding::Severity;
use gongwen::text::{display_width, floor_char_boundary, Cursor, Encoding, LineIndex, Measure};

use super::review::Layout;

/// Lines longer than this (in characters) are shown as an excerpt around the finding.
const MAX_SHOWN_LINE: usize = 60;
/// Characters of context shown before the finding, and after the part of it shown.
const BEFORE: usize = 16;
const AFTER: usize = 16;
/// At most this many characters of the finding itself are shown in an excerpt.
const SPAN_SHOWN: usize = 16;
/// Where an excerpt is cut.
const CUT: &str = "……";

/// What a shell user can do about a finding that `gongwen-ls fix` corrects (punctuation width,
/// renumbering), appended to its message.
fn fix_note(f: &gongwen::finding::Finding, path: &str) -> Option<String> {
    let safe = match f.rule {
        "punct-width" => f.data.str("kind").as_deref() == Some("summary"),
        "numbering" => !f.fixes.is_empty(),
        _ => false,
    };
    if !safe {
        return None;
    }
    // a path with spaces is quoted so that it can be pasted into a shell as it is
    let shown = if path.contains(char::is_whitespace) {
        format!("\"{path}\"")
    } else {
        path.to_string()
    };
    Some(format!("（可运行 gongwen-ls fix {shown} 改正）"))
}

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// The byte offset `n` characters after `at`, at most `limit`.
fn chars_after(text: &str, at: usize, n: usize, limit: usize) -> usize {
    text[at..limit]
        .char_indices()
        .nth(n)
        .map_or(limit, |(i, _)| at + i)
}

/// The byte offset `n` characters before `at`, at least `limit`.
fn chars_before(text: &str, at: usize, n: usize, limit: usize) -> usize {
    if n == 0 {
        return at;
    }
    text[limit..at]
        .char_indices()
        .rev()
        .nth(n - 1)
        .map_or(limit, |(i, _)| limit + i)
}

/// Write the findings of one report. `layout` says where its lines came from: a text file's
/// findings are `file:line:column:`, a Word document's `file:第N段:` (it has no lines).
///
/// Findings less severe than `min` are not listed (they are still counted in the summary).
pub fn render(
    out: &mut impl Write,
    path: &str,
    text: &str,
    an: &Analysis,
    layout: &Layout,
    color: bool,
    min: Severity,
) -> std::io::Result<()> {
    let li = LineIndex::new(text);
    let mut pos = Cursor::new(text, &li, Measure::Units(Encoding::Utf32));
    for f in an.findings.iter().filter(|f| f.severity >= min) {
        let (l, c) = pos.position(f.span.start);
        let sev = match f.severity {
            Severity::Error => paint(f.severity.zh(), "1;31", color),
            Severity::Warning => paint(f.severity.zh(), "1;33", color),
            _ => paint(f.severity.zh(), "1;36", color),
        };
        let (place, gutter) = match layout {
            Layout::Lines => (format!("{}:{}", l + 1, c + 1), format!("{:>5}", l + 1)),
            Layout::Docx(_) => {
                let p = layout.describe(l);
                let g = format!("{p:>5}");
                (p, g)
            }
        };
        // `gongwen-ls fix` rewrites text files only, not Word documents
        let note = match layout {
            Layout::Lines => fix_note(f, path),
            Layout::Docx(_) => None,
        };
        writeln!(
            out,
            "{path}:{place}: {sev}[{}] {}{}",
            f.rule,
            f.message,
            note.unwrap_or_default()
        )?;
        let line = li.line_span(l);
        let start = floor_char_boundary(text, f.span.start.clamp(line.start, line.end));
        let end = floor_char_boundary(text, f.span.end.clamp(start, line.end));
        // the part of the line shown: all of it, or an excerpt around the finding
        // (a line of at most MAX_SHOWN_LINE characters has at most 4 bytes per character)
        let short = line.len() <= MAX_SHOWN_LINE
            || (line.len() <= 4 * MAX_SHOWN_LINE
                && line.text(text).chars().count() <= MAX_SHOWN_LINE);
        let (from, to, shown_end) = if short {
            (line.start, line.end, end)
        } else {
            let shown_end = chars_after(text, start, SPAN_SHOWN, end);
            (
                chars_before(text, start, BEFORE, line.start),
                chars_after(text, shown_end, AFTER, line.end),
                shown_end,
            )
        };
        let (lead, trail) = (
            if from > line.start { CUT } else { "" },
            if to < line.end { CUT } else { "" },
        );
        writeln!(
            out,
            "{} | {lead}{}{trail}",
            paint(&gutter, "2", color),
            &text[from..to]
        )?;
        let pad = display_width(lead) + display_width(&text[from..start]);
        let width = display_width(&text[start..shown_end]).max(1);
        writeln!(
            out,
            "{} | {}{}",
            " ".repeat(display_width(&gutter)),
            " ".repeat(pad),
            paint(&"^".repeat(width), "1;32", color)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongwen::analysis::{self, Options};
    use gongwen::profile::Profile;

    fn rendered(text: &str) -> String {
        rendered_from(text, Severity::Hint)
    }

    /// `text` analysed with the built-in profile and rendered, findings below `min` left out.
    fn rendered_from(text: &str, min: Severity) -> String {
        let p = Profile::default_profile();
        let an = analysis::analyze(text, &Options::new(std::slice::from_ref(&p)));
        let mut buf = vec![];
        render(&mut buf, "a.txt", text, &an, &Layout::Lines, false, min).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn caret_line_aligns_under_wide_characters() {
        let s =
            rendered("关于2024年法治政府建设情况的报告\n一、主要举措和成效\n开展执法检查45次。\n");
        assert!(s.contains("a.txt:3:1: 错误[missing-section]"), "{s}");
        assert!(
            s.contains("    3 | 开展执法检查45次。\n      | ^^^^^^^^^^^^^^^^^^\n"),
            "{s}"
        );
    }

    #[test]
    fn long_lines_are_excerpted_around_the_finding() {
        let mut text = String::from("关于2024年法治政府建设情况的报告\n一、主要举措和成效\n");
        for _ in 0..60 {
            text.push_str("全面推行行政执法三项制度，");
        }
        text.push_str("全年办理案件12件,其中撤销2件。");
        for _ in 0..20 {
            text.push_str("持续规范执法行为，");
        }
        text.push('\n');
        let s = rendered(&text);
        let at = s.find("[punct-width]").expect(&s);
        let mut lines = s[at..].lines().skip(1);
        let src = lines.next().unwrap();
        let caret = lines.next().unwrap();
        // a window of about 40 characters, cut with ……
        assert!(src.starts_with("    3 | ……"), "{src}");
        assert!(src.ends_with("……"), "{src}");
        let shown = src.trim_start_matches("    3 | ").trim_matches('…');
        assert!((30..=50).contains(&shown.chars().count()), "{src}");
        // the caret sits under the half-width comma
        let col = display_width(&caret[..caret.find('^').unwrap()]);
        let before = &src[..src.find("件,").unwrap() + "件".len()];
        assert_eq!(col, display_width(before), "{src}\n{caret}");
    }

    #[test]
    fn excerpt_offsets_stay_on_char_boundaries() {
        let t = "甲乙丙丁戊";
        assert_eq!(chars_after(t, 0, 2, t.len()), 6);
        assert_eq!(chars_after(t, 0, 9, t.len()), t.len());
        assert_eq!(chars_before(t, 9, 2, 0), 3);
        assert_eq!(chars_before(t, 9, 9, 0), 0);
        assert_eq!(chars_before(t, 9, 0, 0), 9);
    }

    #[test]
    fn findings_below_the_minimum_are_not_listed_and_fixable_ones_say_how() {
        let text = "关于2024年法治政府建设情况的报告\n一、主要举措和成效\n（一）执法。全年办理案件12件,其中撤销2件。\n（三）普法。开展活动30场次。\n";
        let s = rendered_from(text, Severity::Information);
        // the mark itself is a hint: not listed; the summary is, with the command that fixes it
        assert!(!s.contains("提示[punct-width]"), "{s}");
        assert!(
            s.contains("信息[punct-width] 本文有 1 处半角标点（“,”）夹在中文中，应为全角，可一次全部改正。（可运行 gongwen-ls fix a.txt 改正）"),
            "{s}"
        );
        assert!(s.contains("警告[numbering] 此处应为“（二）”"), "{s}");
        assert!(
            s.contains("（可运行 gongwen-ls fix a.txt 改正）\n    4 |"),
            "{s}"
        );
        // nothing tells a shell user to use an editor
        for editor_words in ["快速修复", "格式化文档", "Ctrl"] {
            assert!(!s.contains(editor_words), "{editor_words}: {s}");
        }
    }
}
