//! Small helpers over quick-xml shared by the part readers: elements by local name (whatever
//! prefix a producer chose for the WordprocessingML namespace, including Strict OOXML), attribute
//! values, text with its entity references resolved.

use quick_xml::events::{BytesRef, BytesStart, BytesText};
use quick_xml::Reader;

use crate::Error;

/// A reader over one part, with empty elements reported as a start and an end (so every reader
/// keeps one depth count).
pub(crate) fn reader(xml: &[u8]) -> Reader<&[u8]> {
    let mut r = Reader::from_reader(xml);
    let c = r.config_mut();
    c.expand_empty_elements = true;
    c.check_end_names = false;
    r
}

pub(crate) fn err(e: impl std::fmt::Display) -> Error {
    Error::Xml(e.to_string())
}

/// The local name of an element (`w:p` → `p`).
pub(crate) fn local<'a>(e: &'a BytesStart<'_>) -> &'a [u8] {
    let n = e.name().0;
    match n.iter().rposition(|&b| b == b':') {
        Some(k) => &n[k + 1..],
        None => n,
    }
}

/// The value of the attribute whose local name is `name` (`w:val` → `val`).
pub(crate) fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        let k = a.key.0;
        let l = match k.iter().rposition(|&b| b == b':') {
            Some(i) => &k[i + 1..],
            None => k,
        };
        if l == name {
            return a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
                .or_else(|| Some(String::from_utf8_lossy(&a.value).into_owned()));
        }
    }
    None
}

/// A numeric attribute (`w:val="3"`).
pub(crate) fn attr_u32(e: &BytesStart<'_>, name: &[u8]) -> Option<u32> {
    attr(e, name).and_then(|v| v.trim().parse().ok())
}

/// An on/off property (`<w:vanish/>`, `<w:vanish w:val="false"/>`).
pub(crate) fn on(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, b"val").as_deref(),
        Some("false" | "0" | "off" | "none")
    )
}

/// Append the text of a text event.
pub(crate) fn push_text(out: &mut String, t: &BytesText<'_>) {
    match t.xml10_content() {
        Ok(s) => out.push_str(&s),
        Err(_) => out.push_str(&String::from_utf8_lossy(t)),
    }
}

/// Append the character an entity or character reference stands for (`&amp;`, `&#x4E00;`).
pub(crate) fn push_ref(out: &mut String, r: &BytesRef<'_>) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
        return;
    }
    let c = match &**r {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        _ => return,
    };
    out.push(c);
}
