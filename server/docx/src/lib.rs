//! gongwen-docx: a Word document (.docx) as the plain text gongwen-ls checks.
//!
//! Drafts reach a reviewer as Word or WPS documents. This crate turns the bytes of a .docx into
//! the text a drafter would have typed, one line per paragraph, and says for every line where it
//! came from ([`Place`]: 第N段, or a row of a table), since a .docx has no lines to point at.
//!
//! - paragraphs in document order, including those inside content controls;
//! - Word's automatic list numbering rendered as text (`numbering.xml`: 一、/（一）/1./（1）…), so
//!   headings keep their markers and the outline works;
//! - tables as `|` rows with a separator after the first row (the form the engine reads as a
//!   table, so totals in tables are checked); merged cells keep the columns aligned; a table of
//!   one column (a frame around text) is read as paragraphs;
//! - tracked changes as accepted: insertions kept, deletions (runs, paragraph marks, table rows)
//!   dropped; formatting changes ignored;
//! - footnotes, endnotes, comments, headers, footers, text boxes, hidden text, field codes and
//!   tables of contents left out.
//!
//! Pure: bytes in, text out; no filesystem, no clock, no threads, so the browser build can use
//! it as it is.

mod body;
mod numbering;
mod package;
mod styles;
mod xml;

use std::fmt;

pub use numbering::format_number;

/// A .docx read as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// One line per paragraph (a line break inside a paragraph starts another line of the same
    /// paragraph), one line per table row; every line ends with `\n`.
    pub text: String,
    /// Where each line of `text` came from: `places[i]` is line `i` (0-based).
    pub places: Vec<Place>,
}

impl Document {
    /// Where line `line` (0-based) of [`Document::text`] came from. Lines past the end (the empty
    /// line after the final `\n`) belong to the last place.
    pub fn place(&self, line: usize) -> Place {
        self.places
            .get(line)
            .or(self.places.last())
            .copied()
            .unwrap_or(Place::Blank { after: 0 })
    }
}

/// Where a line of the text is in the Word document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// 第N段: the Nth paragraph with text outside tables (1-based), counted as a reader counts
    /// them (empty paragraphs are not counted).
    Paragraph(u32),
    /// An empty paragraph after 第N段 (0: before the first).
    Blank { after: u32 },
    /// Row `row` (1-based) of table `table` (1-based, in document order). The separator line
    /// after the first row belongs to row 1.
    Row { table: u32, row: u32 },
}

impl fmt::Display for Place {
    /// 第3段, 第3段后的空段, 表格1第2行.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Place::Paragraph(n) => write!(f, "第{n}段"),
            Place::Blank { after: 0 } => write!(f, "开头的空段"),
            Place::Blank { after } => write!(f, "第{after}段后的空段"),
            Place::Row { table, row } => write!(f, "表格{table}第{row}行"),
        }
    }
}

/// Why a file could not be read as a .docx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A Word 97-2003 (.doc) or WPS (.wps) document, or an encrypted .docx (all OLE compound
    /// files).
    OldFormat,
    /// A PDF.
    Pdf,
    /// Not a zip archive at all.
    NotZip(String),
    /// A zip archive without a Word document in it (an .xlsx, a .pptx, a damaged file).
    NoDocument,
    /// A part is too large once decompressed (a zip bomb, or not a report).
    TooLarge(&'static str),
    /// A part is not well-formed XML.
    Xml(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::OldFormat => f.write_str(
                "这是 Word 97-2003（.doc）或 WPS（.wps）格式的文件，或是加密的文档，无法直接检查；请另存为 .docx 或 .txt",
            ),
            Error::Pdf => f.write_str("这是 PDF 文件，无法检查其中的文字；请另存为 .docx 或 .txt"),
            Error::NotZip(e) => write!(f, "不是有效的 .docx 文件（{e}）；请用 Word 或 WPS 打开后另存为 .docx 或 .txt"),
            Error::NoDocument => f.write_str("文件中没有 Word 文档正文（可能是表格或演示文稿，或文件已损坏）；请另存为 .docx 或 .txt"),
            Error::TooLarge(part) => write!(f, "文件中的 {part} 过大，不像一份报告，未检查"),
            Error::Xml(e) => write!(f, ".docx 文件内容已损坏（{e}）；请用 Word 或 WPS 打开后另存为 .docx 或 .txt"),
        }
    }
}

impl std::error::Error for Error {}

/// Largest decompressed part read (the body of a long report is a few MB of XML).
pub const MAX_PART_BYTES: u64 = 256 << 20;

/// Read a .docx (also .docm, .dotx: the same container) from its bytes.
pub fn read(bytes: &[u8]) -> Result<Document, Error> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(Error::OldFormat);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(Error::Pdf);
    }
    let parts = package::Parts::open(bytes)?;
    let styles = match &parts.styles {
        Some(x) => styles::Styles::parse(x)?,
        None => styles::Styles::default(),
    };
    let numbering = match &parts.numbering {
        Some(x) => numbering::Numbering::parse(x)?,
        None => numbering::Numbering::default(),
    };
    body::render(&parts.document, &styles, &numbering)
}

/// What the file extension of a document says, in lowercase without the dot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A .docx (.docm, .dotx, .dotm): read with [`read`].
    Docx,
    /// A format gongwen-ls cannot read (.doc, .wps, .pdf, .rtf, .odt…): the message says what to
    /// do.
    Unsupported(&'static str),
    /// Anything else (the caller decides: .txt and .md are text).
    Other,
}

/// The kind of a document from its extension (`"docx"`, `"DOC"`…; without the dot).
pub fn kind_of_extension(ext: &str) -> Kind {
    match ext.to_ascii_lowercase().as_str() {
        "docx" | "docm" | "dotx" | "dotm" => Kind::Docx,
        "doc" | "dot" => Kind::Unsupported(
            "这是 Word 97-2003 格式（.doc），无法直接检查；请用 Word 或 WPS 另存为 .docx 或 .txt",
        ),
        "wps" | "wpt" => Kind::Unsupported(
            "这是 WPS 文字格式（.wps），无法直接检查；请用 WPS 另存为 .docx 或 .txt",
        ),
        "pdf" => Kind::Unsupported("这是 PDF 文件，无法检查其中的文字；请另存为 .docx 或 .txt"),
        "rtf" => Kind::Unsupported("这是 RTF 格式，无法直接检查；请另存为 .docx 或 .txt"),
        "odt" => {
            Kind::Unsupported("这是 ODF 文本格式（.odt），无法直接检查；请另存为 .docx 或 .txt")
        }
        "ofd" => Kind::Unsupported("这是 OFD 版式文件，无法检查其中的文字；请另存为 .docx 或 .txt"),
        _ => Kind::Other,
    }
}

#[cfg(test)]
pub(crate) mod testutil;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_as_a_reviewer_says_them() {
        assert_eq!(Place::Paragraph(12).to_string(), "第12段");
        assert_eq!(Place::Row { table: 1, row: 3 }.to_string(), "表格1第3行");
        assert_eq!(Place::Blank { after: 4 }.to_string(), "第4段后的空段");
        assert_eq!(Place::Blank { after: 0 }.to_string(), "开头的空段");
    }

    #[test]
    fn other_formats_are_named_with_what_to_do() {
        assert_eq!(read(b"%PDF-1.7\n..."), Err(Error::Pdf));
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(read(&ole), Err(Error::OldFormat));
        for e in [Error::OldFormat, Error::Pdf, Error::NoDocument] {
            assert!(e.to_string().contains("请另存为 .docx 或 .txt"), "{e}");
        }
        match read("关于2024年法治政府建设情况的报告".as_bytes()) {
            Err(Error::NotZip(_)) => {}
            other => panic!("{other:?}"),
        }
        for ext in ["doc", "WPS", "pdf", "rtf", "odt"] {
            match kind_of_extension(ext) {
                Kind::Unsupported(m) => assert!(m.contains("请") && m.contains(".docx 或 .txt")),
                k => panic!("{ext}: {k:?}"),
            }
        }
        assert_eq!(kind_of_extension("DOCX"), Kind::Docx);
        assert_eq!(kind_of_extension("txt"), Kind::Other);
    }

    #[test]
    fn a_zip_without_a_document_is_not_a_report() {
        let z = testutil::zip(&[("xl/workbook.xml", "<workbook/>")]);
        assert_eq!(read(&z), Err(Error::NoDocument));
    }

    #[test]
    fn place_past_the_end_is_the_last_place() {
        let d = Document {
            text: "一\n".into(),
            places: vec![Place::Paragraph(1)],
        };
        assert_eq!(d.place(5), Place::Paragraph(1));
        assert_eq!(Document::default().place(0), Place::Blank { after: 0 });
    }
}
