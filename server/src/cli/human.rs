//! Human output: `file:line:column: 级别[规则] 说明`, the source line and a caret line.

use std::io::Write;
use std::path::Path;

use gongwen::analysis::Analysis;
use gongwen::finding::Severity;
use gongwen::text::{display_width, Encoding, LineIndex};

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

pub fn print_human(out: &mut impl Write, path: &Path, text: &str, an: &Analysis, color: bool) {
    let li = LineIndex::new(text);
    for f in &an.findings {
        let (l, c) = li.position(text, f.span.start, Encoding::Utf32);
        let sev = match f.severity {
            Severity::Error => paint(f.severity.zh(), "1;31", color),
            Severity::Warning => paint(f.severity.zh(), "1;33", color),
            _ => paint(f.severity.zh(), "1;36", color),
        };
        let _ = writeln!(
            out,
            "{}:{}:{}: {sev}[{}] {}",
            path.display(),
            l + 1,
            c + 1,
            f.rule,
            f.message
        );
        let line = li.line_span(l);
        let src = line.text(text);
        let gutter = format!("{}", l + 1);
        let _ = writeln!(
            out,
            "{} | {src}",
            paint(&format!("{gutter:>5}"), "2", color)
        );
        let start = f.span.start.clamp(line.start, line.end);
        let end = f.span.end.clamp(start, line.end);
        let pad = display_width(&text[line.start..start]);
        let width = display_width(&text[start..end]).max(1);
        let _ = writeln!(
            out,
            "{} | {}{}",
            " ".repeat(5),
            " ".repeat(pad),
            paint(&"^".repeat(width), "1;32", color)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongwen::analysis::{self, Options};
    use gongwen::profile::Profile;

    #[test]
    fn caret_line_aligns_under_wide_characters() {
        let text = "关于2024年法治政府建设情况的报告\n一、主要举措和成效\n开展执法检查45次。\n";
        let p = Profile::default_profile();
        let an = analysis::analyze(text, &Options::new(std::slice::from_ref(&p)));
        let mut buf = vec![];
        print_human(&mut buf, Path::new("a.txt"), text, &an, false);
        let s = String::from_utf8(buf).unwrap();
        assert!(s.contains("a.txt:3:1: 错误[missing-section]"), "{s}");
        assert!(
            s.contains("    3 | 开展执法检查45次。\n      | ^^^^^^^^^^^^^^^^^^\n"),
            "{s}"
        );
    }
}
