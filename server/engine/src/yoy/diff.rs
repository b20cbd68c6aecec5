//! The difference between last year's paragraph and this year's, for the hover of
//! `copied-text`: computed with `similar` over tokens (a number is one token, any other
//! character another; half- and full-width punctuation compare equal), shown inline in
//! Markdown — what last year's text had struck through, what this year's adds in bold.

use similar::{capture_diff_slices, Algorithm, DiffTag};

/// One piece of the inline difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    /// Last year's text only.
    Removed(String),
    /// This year's text only.
    Added(String),
}

/// A number (digits with their separators and %) is one token, any other character another.
fn tokens(s: &str) -> Vec<&str> {
    // most characters are Han (3 bytes each), each its own token
    let mut v = Vec::with_capacity(s.len() / 3 + 1);
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let mut end = i + c.len_utf8();
        if crate::numerals::is_arabic_digit(c) {
            while let Some(&(j, d)) = it.peek() {
                // a separator belongs to the number only when a digit follows it
                let sep = matches!(d, '.' | '．' | ',')
                    && s[j + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(crate::numerals::is_arabic_digit);
                if !(crate::numerals::is_arabic_digit(d) || sep || matches!(d, '%' | '％')) {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
        }
        v.push(&s[i..end]);
    }
    v
}

/// A token as compared: half- and full-width punctuation are equal.
#[derive(Clone, Copy)]
struct Tok<'a>(&'a str);

impl PartialEq for Tok<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
            || self
                .0
                .chars()
                .map(super::full_width)
                .eq(other.0.chars().map(super::full_width))
    }
}

impl Eq for Tok<'_> {}

impl Ord for Tok<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .chars()
            .map(super::full_width)
            .cmp(other.0.chars().map(super::full_width))
    }
}

impl PartialOrd for Tok<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::hash::Hash for Tok<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        for c in self.0.chars() {
            h.write_u32(super::full_width(c) as u32);
        }
    }
}

/// Is this token a number (digits, or a Chinese numeral character)?
fn numeric(t: &str) -> bool {
    t.chars().next().is_some_and(|c| {
        crate::numerals::is_arabic_digit(c) || "〇零一二两三四五六七八九十百千万亿".contains(c)
    })
}

/// The difference when the two texts line up token for token and differ only in numbers (a
/// paragraph copied with its figures updated, the common case): no diff needed. `b` are the
/// tokens of `new`, which they cover end to end, so a run of equal tokens is one slice of it.
fn aligned(a: &[&str], b: &[&str], new: &str) -> Option<Vec<Piece>> {
    if a.len() != b.len() {
        return None;
    }
    let offset = |t: &str| t.as_ptr() as usize - new.as_ptr() as usize;
    let mut out = vec![];
    let mut same_from: Option<usize> = None;
    for (x, y) in a.iter().zip(b) {
        if Tok(x) == Tok(y) {
            same_from.get_or_insert(offset(y));
        } else if numeric(x) && numeric(y) {
            if let Some(from) = same_from.take() {
                out.push(Piece::Same(new[from..offset(y)].to_string()));
            }
            push(&mut out, Piece::Removed((*x).to_string()));
            push(&mut out, Piece::Added((*y).to_string()));
        } else {
            return None;
        }
    }
    if let Some(from) = same_from {
        out.push(Piece::Same(new[from..].to_string()));
    }
    Some(out)
}

/// The difference from `old` (last year) to `new` (this year), removals before additions in
/// each change; a single shared character between two changes is folded into them.
pub fn pieces(old: &str, new: &str) -> Vec<Piece> {
    let a = tokens(old);
    let b = tokens(new);
    if let Some(v) = aligned(&a, &b, new) {
        return v;
    }
    let an: Vec<Tok> = a.iter().map(|t| Tok(t)).collect();
    let bn: Vec<Tok> = b.iter().map(|t| Tok(t)).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &an, &bn);
    let mut out: Vec<Piece> = vec![];
    for (k, op) in ops.iter().enumerate() {
        let (tag, o, n) = op.as_tag_tuple();
        let old_text = a[o.clone()].concat();
        let new_text = b[n.clone()].concat();
        match tag {
            DiffTag::Equal => {
                let between = k > 0 && k + 1 < ops.len() && new_text.chars().count() == 1;
                if between {
                    push(&mut out, Piece::Removed(old_text));
                    push(&mut out, Piece::Added(new_text));
                } else {
                    push(&mut out, Piece::Same(new_text));
                }
            }
            DiffTag::Delete => push(&mut out, Piece::Removed(old_text)),
            DiffTag::Insert => push(&mut out, Piece::Added(new_text)),
            DiffTag::Replace => {
                push(&mut out, Piece::Removed(old_text));
                push(&mut out, Piece::Added(new_text));
            }
        }
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
            "~~2023~~**2024**年受理行政复议案件~~58~~**62**件，全部依法审结。"
        );
        assert_eq!(changes(old, new), ["2023 → 2024", "58 → 62"]);
        // punctuation width is not a change; 418 → 452 is one number
        assert_eq!(
            changes(
                "办理案件418件，增长1.9%，共1,080人。",
                "办理案件452件,增长1.7%,共1,120人。"
            ),
            ["418 → 452", "1.9% → 1.7%", "1,080 → 1,120"]
        );
        assert_eq!(markdown("甲，乙", "甲,乙"), "甲,乙");
    }

    #[test]
    fn added_and_removed_words_and_escaping() {
        assert_eq!(markdown("开展培训", "开展专题培训"), "开展**专题**培训");
        assert_eq!(markdown("开展专题培训", "开展培训"), "开展~~专题~~培训");
        assert_eq!(markdown("a*b", "a*b"), "a\\*b");
        assert_eq!(changes("开展培训", "开展专题培训"), ["增加“专题”"]);
    }
}
