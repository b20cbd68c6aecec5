//! LSP snippet syntax (`${1:××}`, `$1`, `${1|a,b|}`, `\$`): render to plain text (for quick
//! fixes, which insert text, not snippets), renumber tab stops (to join several templates into
//! one skeleton), and escape literal text.

/// Parse one tab stop at `s[i..]` (which starts with `$`). Returns (number, default text,
/// bytes consumed).
fn tab_stop(s: &str, i: usize) -> Option<(u32, String, usize)> {
    let rest = &s[i + 1..];
    if let Some(stripped) = rest.strip_prefix('{') {
        let digits = stripped.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let n: u32 = stripped[..digits].parse().ok()?;
        let after = &stripped[digits..];
        if after.starts_with('}') {
            return Some((n, String::new(), 1 + 1 + digits + 1));
        }
        let close = if after.starts_with(':') {
            '}'
        } else if after.starts_with('|') {
            '|'
        } else {
            return None;
        };
        // find the matching close, honouring escapes and nested tab stops
        let body_start = 1 + 1 + digits + 1; // "$" "{" digits ":"
        let mut out = String::new();
        let mut k = i + body_start;
        while k < s.len() {
            let c = s[k..].chars().next().expect("in bounds");
            if c == '\\' {
                if let Some(e) = s[k + 1..].chars().next() {
                    out.push(e);
                    k += 1 + e.len_utf8();
                    continue;
                }
            }
            if c == '$' {
                if let Some((_, inner, used)) = tab_stop(s, k) {
                    out.push_str(&inner);
                    k += used;
                    continue;
                }
            }
            if c == close {
                let mut consumed = k + 1 - i;
                if close == '|' {
                    // choice: ${1|a,b|} — the default is the first option
                    if s[k + 1..].starts_with('}') {
                        consumed += 1;
                    }
                    out = out.split(',').next().unwrap_or("").to_string();
                }
                return Some((n, out, consumed));
            }
            out.push(c);
            k += c.len_utf8();
        }
        None
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        Some((rest[..digits].parse().ok()?, String::new(), 1 + digits))
    }
}

/// A piece of a snippet: a literal character or a top-level tab stop with its default text.
enum Piece {
    Char(char),
    Stop(u32, String),
}

/// Call `f` for each literal character (escapes resolved) and top-level tab stop of `s`.
fn walk(s: &str, mut f: impl FnMut(Piece)) {
    let mut i = 0;
    while i < s.len() {
        let c = s[i..].chars().next().expect("in bounds");
        if c == '\\' {
            if let Some(e) = s[i + 1..].chars().next() {
                if matches!(e, '$' | '}' | '\\') {
                    f(Piece::Char(e));
                    i += 1 + e.len_utf8();
                    continue;
                }
            }
        }
        if c == '$' {
            if let Some((n, default, used)) = tab_stop(s, i) {
                f(Piece::Stop(n, default));
                i += used;
                continue;
            }
        }
        f(Piece::Char(c));
        i += c.len_utf8();
    }
}

/// The text a snippet inserts when every tab stop keeps its default. A tab stop without a
/// default (`$1`) mirrors the default given to the same number elsewhere, as editors do.
pub fn render_plain(s: &str) -> String {
    let mut defaults: Vec<(u32, String)> = Vec::new();
    walk(s, |p| {
        if let Piece::Stop(n, d) = p {
            if !d.is_empty() && !defaults.iter().any(|(m, _)| *m == n) {
                defaults.push((n, d));
            }
        }
    });
    let mut out = String::with_capacity(s.len());
    walk(s, |p| match p {
        Piece::Char(c) => out.push(c),
        Piece::Stop(n, d) if d.is_empty() => {
            if let Some((_, m)) = defaults.iter().find(|(m, _)| *m == n) {
                out.push_str(m);
            }
        }
        Piece::Stop(_, d) => out.push_str(&d),
    });
    out
}

/// Add `by` to every tab stop number except `$0`, so several snippets can be joined.
pub fn shift_tab_stops(s: &str, by: u32) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let b = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        if b[i] == b'\\' && i + 1 < s.len() {
            let c = s[i + 1..].chars().next().expect("in bounds");
            out.push('\\');
            out.push(c);
            i += 1 + c.len_utf8();
            continue;
        }
        if b[i] == b'$' {
            let (brace, start) = if b.get(i + 1) == Some(&b'{') {
                (true, i + 2)
            } else {
                (false, i + 1)
            };
            let digits = s[start..].bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                let n: u32 = s[start..start + digits].parse().unwrap_or(0);
                out.push('$');
                if brace {
                    out.push('{');
                }
                out.push_str(&(if n == 0 { 0 } else { n + by }).to_string());
                i = start + digits;
                continue;
            }
        }
        let c = s[i..].chars().next().expect("in bounds");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The highest tab stop number used in `s`.
pub fn max_tab_stop(s: &str) -> u32 {
    let b = s.as_bytes();
    let mut max = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == b'$' {
            let start = if b.get(i + 1) == Some(&b'{') {
                i + 2
            } else {
                i + 1
            };
            let digits = s[start..].bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                max = max.max(s[start..start + digits].parse().unwrap_or(0));
            }
        }
        i += 1;
    }
    max
}

/// Escape literal text for use inside a snippet.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_defaults() {
        assert_eq!(render_plain("（一）${1:××}。${2:甲}$3乙"), "（一）××。甲乙");
        assert_eq!(render_plain("${1|是,否|}"), "是");
        assert_eq!(render_plain("费用\\$5元"), "费用$5元");
        assert_eq!(render_plain("${1:外${2:内}}"), "外内");
        // mirrors take the default of their tab stop, wherever it is defined
        assert_eq!(
            render_plain("$1年；关于${1:2024}年度，${2:甲}$2"),
            "2024年；关于2024年度，甲甲"
        );
        assert_eq!(render_plain("$"), "$");
        assert_eq!(render_plain("${x}"), "${x}");
    }

    #[test]
    fn shifts_and_measures_tab_stops() {
        let s = "${1:甲}$2${3}$0\\$4";
        assert_eq!(shift_tab_stops(s, 10), "${11:甲}$12${13}$0\\$4");
        assert_eq!(max_tab_stop(s), 3);
        assert_eq!(max_tab_stop(&shift_tab_stops(s, 10)), 13);
    }

    #[test]
    fn escapes_literals() {
        assert_eq!(escape("a$b}c\\"), "a\\$b\\}c\\\\");
        assert_eq!(render_plain(&escape("a$b}c\\")), "a$b}c\\");
    }
}
