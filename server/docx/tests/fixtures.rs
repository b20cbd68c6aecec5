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
