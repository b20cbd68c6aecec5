//! The client's side of document sync: a plain `String` and position arithmetic written
//! independently of the server (no rope, no shared code), used as the oracle in sync tests.
//!
//! Semantics (the server must agree): lines end at `\r\n`, `\n` or `\r`; a line past the end
//! means the end of the text; a column past a line's end means the line's end; a column inside a
//! character (half a surrogate pair, inside a UTF-8 sequence) means that character's start.

use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
    Utf32,
}

impl Enc {
    pub fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
            Enc::Utf32 => "utf-32",
        }
    }
    pub fn units(self, c: char) -> usize {
        match self {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
            Enc::Utf32 => 1,
        }
    }
}

/// (start byte, content end byte) of every line.
pub fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push((start, i));
            if b[i] == b'\r' && i + 1 < b.len() && b[i + 1] == b'\n' {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

/// Length of each line in `enc` units.
pub fn line_lengths(text: &str, enc: Enc) -> Vec<usize> {
    lines(text)
        .into_iter()
        .map(|(a, b)| text[a..b].chars().map(|c| enc.units(c)).sum())
        .collect()
}

pub fn offset(text: &str, line: usize, col: usize, enc: Enc) -> usize {
    let ls = lines(text);
    if line >= ls.len() {
        return text.len();
    }
    let (a, b) = ls[line];
    let mut units = 0;
    for (i, c) in text[a..b].char_indices() {
        let u = enc.units(c);
        if units + u > col {
            return a + i;
        }
        units += u;
    }
    b
}

/// Apply an LSP content change to `text`.
pub fn apply(text: &mut String, change: &Value, enc: Enc) {
    let new_text = change["text"].as_str().expect("text");
    if change.get("range").is_none() {
        *text = new_text.to_string();
        return;
    }
    let r = &change["range"];
    let p = |v: &Value| {
        offset(
            text,
            v["line"].as_u64().expect("line") as usize,
            v["character"].as_u64().expect("character") as usize,
            enc,
        )
    };
    let (mut a, mut b) = (p(&r["start"]), p(&r["end"]));
    if b < a {
        std::mem::swap(&mut a, &mut b);
    }
    text.replace_range(a..b, new_text);
}

/// Apply LSP `TextEdit`s (all relative to the original text) and return the content changes an
/// editor would send for them, last edit first so that each change's range stays valid.
pub fn apply_text_edits(text: &mut String, edits: &[Value], enc: Enc) -> Vec<Value> {
    let mut es: Vec<(usize, usize, String, Value)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let a = offset(
                text,
                r["start"]["line"].as_u64().unwrap() as usize,
                r["start"]["character"].as_u64().unwrap() as usize,
                enc,
            );
            let b = offset(
                text,
                r["end"]["line"].as_u64().unwrap() as usize,
                r["end"]["character"].as_u64().unwrap() as usize,
                enc,
            );
            (a, b, e["newText"].as_str().unwrap().to_string(), r.clone())
        })
        .collect();
    es.sort_by(|x, y| y.0.cmp(&x.0).then(y.1.cmp(&x.1)));
    let mut changes = vec![];
    for (a, b, t, r) in es {
        text.replace_range(a..b, &t);
        changes.push(json!({"range": r, "text": t}));
    }
    changes
}

/// Is `(line, character)` a valid position of `text` in `enc` (in bounds, on a char boundary)?
pub fn position_ok(text: &str, pos: &Value, enc: Enc) -> bool {
    let line = pos["line"].as_u64().unwrap_or(u64::MAX) as usize;
    let col = pos["character"].as_u64().unwrap_or(u64::MAX) as usize;
    let ls = lines(text);
    let Some(&(a, b)) = ls.get(line) else {
        return false;
    };
    let mut units = 0;
    for c in text[a..b].chars() {
        if units == col {
            return true;
        }
        units += enc.units(c);
        if units > col {
            return false; // inside a character
        }
    }
    units == col
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_positions() {
        let t = "甲😀\r\n乙\r丙\n";
        assert_eq!(lines(t).len(), 4);
        assert_eq!(offset(t, 0, 3, Enc::Utf16), t.find('\r').unwrap());
        assert_eq!(offset(t, 0, 2, Enc::Utf16), 3);
        assert_eq!(offset(t, 9, 0, Enc::Utf16), t.len());
        assert!(position_ok(
            t,
            &json!({"line": 0, "character": 3}),
            Enc::Utf16
        ));
        assert!(!position_ok(
            t,
            &json!({"line": 0, "character": 2}),
            Enc::Utf16
        ));
        assert!(!position_ok(
            t,
            &json!({"line": 4, "character": 0}),
            Enc::Utf16
        ));
        let mut s = t.to_string();
        apply(
            &mut s,
            &json!({"range": {"start": {"line": 1, "character": 0}, "end": {"line": 2, "character": 1}}, "text": "X"}),
            Enc::Utf32,
        );
        assert_eq!(s, "甲😀\r\nX\n");
    }
}
