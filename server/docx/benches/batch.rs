//! A reviewer's batch: 100 Word reports (6 000–20 000 characters each, headings in automatic
//! numbering, a table each) read and checked, one after another on one thread. Target
//! (docs/performance.md): the whole batch under 2 s; `gongwen-ls check` spreads it over the
//! cores.
//!
//! `GONGWEN_DOCX_CORPUS=DIR cargo bench -p gongwen-docx` also writes the 100 documents to DIR,
//! for timing the command line (`hyperfine 'gongwen-ls check DIR'`).

// the bench may write its corpus where asked; the library never touches files or the environment
#![allow(clippy::disallowed_methods)]

use std::io::{Cursor, Write};

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use gongwen::analysis::{analyze, Options};
use gongwen::profile::Profile;

#[path = "../../engine/benches/common/mod.rs"]
mod common;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

const NUMBERING: &str = r#"<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/></w:lvl>
</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The level of a heading marker at the start of `line` and the text after it.
fn marker(line: &str) -> Option<(u32, &str)> {
    let cn = |c: char| "一二三四五六七八九十".contains(c);
    let digits = |s: &str| s.chars().take_while(|c| c.is_ascii_digit()).count();
    if let Some(rest) = line.strip_prefix('（') {
        let n = rest.chars().take_while(|&c| cn(c)).count();
        if n > 0 && rest.chars().nth(n) == Some('）') {
            return Some((1, &rest[rest.char_indices().nth(n + 1)?.0..]));
        }
        let d = digits(rest);
        if d > 0 && rest[d..].starts_with('）') {
            return Some((3, &rest[d + '）'.len_utf8()..]));
        }
        return None;
    }
    let n = line.chars().take_while(|&c| cn(c)).count();
    if n > 0 && line.chars().nth(n) == Some('、') {
        return Some((0, &line[line.char_indices().nth(n + 1)?.0..]));
    }
    let d = digits(line);
    if d > 0 && line[d..].starts_with('.') {
        return Some((2, &line[d + 1..]));
    }
    None
}

/// A report as Word stores it: headings numbered by numbering.xml, a table of figures, runs
/// split as an editor leaves them.
fn docx(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for line in text.lines() {
        match marker(line) {
            Some((lvl, rest)) => body.push_str(&format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r></w:p>"#,
                xml_escape(rest)
            )),
            None => {
                body.push_str("<w:p>");
                // runs of about 40 characters, as editing leaves them
                let chars: Vec<char> = line.chars().collect();
                for run in chars.chunks(40) {
                    let s: String = run.iter().collect();
                    body.push_str(&format!(
                        r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
                        xml_escape(&s)
                    ));
                }
                body.push_str("</w:p>");
            }
        }
    }
    let cell = |s: &str| format!("<w:tc><w:p><w:r><w:t>{s}</w:t></w:r></w:p></w:tc>");
    let row = |c: [&str; 3]| format!("<w:tr>{}{}{}</w:tr>", cell(c[0]), cell(c[1]), cell(c[2]));
    body.push_str(&format!(
        "<w:tbl>{}{}{}{}</w:tbl>",
        row(["类别", "受理", "办结"]),
        row(["行政复议", "86", "79"]),
        row(["行政诉讼", "64", "60"]),
        row(["合计", "150", "139"])
    ));
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let num = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}>{NUMBERING}</w:numbering>"#
    );
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in [("word/document.xml", &doc), ("word/numbering.xml", &num)] {
        z.start_file(name, opts).unwrap();
        z.write_all(content.as_bytes()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn bench(c: &mut Criterion) {
    let profile = Profile::default_profile();
    let opts = Options::new(std::slice::from_ref(&profile));
    let docs: Vec<Vec<u8>> = (0..100)
        .map(|i| docx(&common::report(6_000 + (i % 8) * 2_000)))
        .collect();
    if let Some(dir) = std::env::var_os("GONGWEN_DOCX_CORPUS") {
        std::fs::create_dir_all(&dir).unwrap();
        for (i, d) in docs.iter().enumerate() {
            std::fs::write(
                std::path::Path::new(&dir).join(format!("报告{i:03}.docx")),
                d,
            )
            .unwrap();
        }
    }
    // every document reads back as a report with its headings
    for d in &docs {
        let text = gongwen_docx::read(d).unwrap().text;
        assert!(text.contains("一、") && text.contains("（一）") && text.contains("| 合计 |"));
        assert!(analyze(&text, &opts).is_report());
    }
    let mut g = c.benchmark_group("docx");
    g.sample_size(10);
    g.bench_function("read_and_check_100_docx", |b| {
        b.iter(|| {
            for d in &docs {
                let doc = gongwen_docx::read(black_box(d)).unwrap();
                black_box(analyze(&doc.text, &opts));
            }
        })
    });
    g.bench_function("read_100_docx", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(gongwen_docx::read(black_box(d)).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
