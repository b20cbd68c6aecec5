//! Building small .docx files in memory for the unit tests.

use std::io::{Cursor, Write};

/// A zip archive of `(name, content)` entries, deflated.
pub(crate) fn zip(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

pub(crate) const W: &str =
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// A .docx whose body is `body` (WordprocessingML inside `<w:body>`), with optional numbering
/// and styles parts (their inner XML).
pub(crate) fn docx(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let num = numbering.map(|n| format!(r#"<w:numbering {W}>{n}</w:numbering>"#));
    let sty = styles.map(|s| format!(r#"<w:styles {W}>{s}</w:styles>"#));
    let mut e: Vec<(&str, &str)> = vec![("word/document.xml", &doc)];
    if let Some(n) = &num {
        e.push(("word/numbering.xml", n));
    }
    if let Some(s) = &sty {
        e.push(("word/styles.xml", s));
    }
    zip(&e)
}

/// A paragraph of one run.
pub(crate) fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// A numbered paragraph of one run.
pub(crate) fn np(num: u32, ilvl: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

/// Read a .docx and return its text.
pub(crate) fn text(docx: &[u8]) -> String {
    crate::read(docx).unwrap().text
}
