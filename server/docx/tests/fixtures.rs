//! The .docx fixtures (tests/fixtures/docx, built by make_fixtures.py the way Word stores a
//! report: automatic numbering, tables, tracked changes, a footnote, a comment) read back as
//! exactly the text of their .txt twins.

// tests read their fixtures; the library never does
#![allow(clippy::disallowed_methods)]

use std::path::PathBuf;

use gongwen_docx::{read, Place};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/docx")
        .join(name)
}

fn same_text(name: &str) -> gongwen_docx::Document {
    let bytes = std::fs::read(fixture(&format!("{name}.docx"))).unwrap();
    let doc = read(&bytes).unwrap();
    let txt = std::fs::read_to_string(fixture(&format!("{name}.txt"))).unwrap();
    assert_eq!(
        doc.text, txt,
        "{name}.docx reads differently from {name}.txt"
    );
    assert_eq!(doc.places.len(), txt.lines().count());
    doc
}

#[test]
fn report_with_numbering_table_and_tracked_changes_reads_as_its_text() {
    let d = same_text("report-2024");
    let line = |prefix: &str| d.text.lines().position(|l| l.starts_with(prefix)).unwrap();
    // the title is the first paragraph; the empty second line is not counted
    assert_eq!(d.places[0], Place::Paragraph(1));
    assert_eq!(d.places[1], Place::Blank { after: 1 });
    assert_eq!(d.places[line("市人民政府")], Place::Paragraph(2));
    assert_eq!(d.places[line("| 合计")], Place::Row { table: 1, row: 5 });
    assert_eq!(
        d.places[line("| 执法领域")],
        Place::Row { table: 1, row: 1 }
    );
    // the paragraph after the table goes on counting
    let after = line("（三）化解行政争议");
    assert!(matches!(d.places[after], Place::Paragraph(n) if n > 10));
}

#[test]
fn department_report_numbered_through_heading_styles_reads_as_its_text() {
    same_text("department-2024");
}

/// Damaged files (bytes flipped, truncated) give an error or some text, never a panic.
#[test]
fn damaged_documents_never_panic() {
    let bytes = std::fs::read(fixture("report-2024.docx")).unwrap();
    // a small deterministic generator (xorshift), so a failure can be replayed
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for round in 0..300 {
        let mut b = bytes.clone();
        for _ in 0..1 + round % 8 {
            let k = (next() as usize) % b.len();
            b[k] = next() as u8;
        }
        if round % 5 == 0 {
            b.truncate((next() as usize) % b.len());
        }
        let _ = read(&b);
    }
    // the XML itself damaged inside an intact zip: every prefix of the main part
    let doc = {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
        let mut f = z.by_name("word/document.xml").unwrap();
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut s).unwrap();
        s
    };
    for cut in (0..doc.len()).step_by(997) {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(&mut w, &doc[..cut]).unwrap();
        let z = w.finish().unwrap().into_inner();
        let _ = read(&z);
    }
}
