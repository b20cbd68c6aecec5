//! The difference between last year's paragraph and this year's, for the hover of
//! `copied-text`: computed by characters with `similar`, shown inline in Markdown — what last
//! year's text had struck through, what this year's adds in bold.

use similar::{ChangeTag, TextDiff};

/// One piece of the inline difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    /// Last year's text only.
    Removed(String),
    /// This year's text only.
    Added(String),
}

/// The character difference from `old` (last year) to `new` (this year), with a single shared
/// character between two changes folded into them (2023 → 2024 reads as one change, not as
/// 202, then 3 → 4).
pub fn pieces(old: &str, new: &str) -> Vec<Piece> {
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_chars(old, new);
    let mut raw: Vec<(ChangeTag, String)> = vec![];
    for c in diff.iter_all_changes() {
        let tag = c.tag();
        match raw.last_mut() {
            Some((t, s)) if *t == tag => s.push_str(c.value()),
            _ => raw.push((tag, c.value().to_string())),
        }
    }
    let mut out: Vec<Piece> = vec![];
    let mut i = 0;
    while i < raw.len() {
        let (tag, s) = &raw[i];
        let between_changes =
            *tag == ChangeTag::Equal && s.chars().count() == 1 && i > 0 && i + 1 < raw.len();
        if between_changes {
            // fold into the neighbouring removal and addition
            push(&mut out, Piece::Removed(s.clone()));
            push(&mut out, Piece::Added(s.clone()));
        } else {
            push(
                &mut out,
                match tag {
                    ChangeTag::Equal => Piece::Same(s.clone()),
                    ChangeTag::Delete => Piece::Removed(s.clone()),
                    ChangeTag::Insert => Piece::Added(s.clone()),
                },
            );
        }
        i += 1;
    }
    // removals before additions inside each run of changes
    let mut sorted: Vec<Piece> = vec![];
    let mut run: (String, String) = (String::new(), String::new());
    let flush = |sorted: &mut Vec<Piece>, run: &mut (String, String)| {
        if !run.0.is_empty() {
            sorted.push(Piece::Removed(std::mem::take(&mut run.0)));
        }
        if !run.1.is_empty() {
            sorted.push(Piece::Added(std::mem::take(&mut run.1)));
        }
    };
    for p in out {
        match p {
            Piece::Same(s) => {
                flush(&mut sorted, &mut run);
                sorted.push(Piece::Same(s));
            }
            Piece::Removed(s) => run.0.push_str(&s),
            Piece::Added(s) => run.1.push_str(&s),
        }
    }
    flush(&mut sorted, &mut run);
    sorted
}

fn push(out: &mut Vec<Piece>, p: Piece) {
    match (out.last_mut(), &p) {
        (Some(Piece::Same(a)), Piece::Same(b))
        | (Some(Piece::Removed(a)), Piece::Removed(b))
        | (Some(Piece::Added(a)), Piece::Added(b)) => a.push_str(b),
        _ => out.push(p),
    }
}

/// Escape Markdown's inline marks.
fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '~' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            o.push('\\');
        }
        if c == '\n' || c == '\r' {
            o.push(' ');
            continue;
        }
        o.push(c);
    }
    o
}

/// The difference as inline Markdown: ~~last year's~~ **this year's**. Empty pieces never
/// produce empty marks.
pub fn markdown(old: &str, new: &str) -> String {
    let mut md = String::new();
    for p in pieces(old, new) {
        match p {
            Piece::Same(s) => md.push_str(&escape(&s)),
            Piece::Removed(s) if !s.trim().is_empty() => {
                md.push_str(&format!("~~{}~~", escape(&s)))
            }
            Piece::Added(s) if !s.trim().is_empty() => md.push_str(&format!("**{}**", escape(&s))),
            _ => {}
        }
    }
    md
}

/// The changed pieces only, as "旧 → 新" pairs, for a one-line summary: ["2023 → 2024",
/// "58 → 62"].
pub fn changes(old: &str, new: &str) -> Vec<String> {
    let ps = pieces(old, new);
    let mut out = vec![];
    let mut i = 0;
    while i < ps.len() {
        match (&ps[i], ps.get(i + 1)) {
            (Piece::Removed(a), Some(Piece::Added(b))) => {
                out.push(format!("{} → {}", a.trim(), b.trim()));
                i += 2;
                continue;
            }
            (Piece::Removed(a), _) => out.push(format!("删去“{}”", a.trim())),
            (Piece::Added(b), _) => out.push(format!("增加“{}”", b.trim())),
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_year_and_figure() {
        let old = "2023年受理行政复议案件58件，全部依法审结。";
        let new = "2024年受理行政复议案件62件，全部依法审结。";
        assert_eq!(
            markdown(old, new),
            "202~~3~~**4**年受理行政复议案件~~58~~**62**件，全部依法审结。"
        );
        assert_eq!(changes(old, new), ["3 → 4", "58 → 62"]);
    }

    #[test]
    fn added_and_removed_words_and_escaping() {
        assert_eq!(markdown("开展培训", "开展专题培训"), "开展**专题**培训");
        assert_eq!(markdown("开展专题培训", "开展培训"), "开展~~专题~~培训");
        assert_eq!(markdown("a*b", "a*b"), "a\\*b");
        assert_eq!(changes("开展培训", "开展专题培训"), ["增加“专题”"]);
    }
}
