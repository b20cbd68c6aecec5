//! End-to-end: `gongwen-ls check` on Word documents. The fixtures in tests/fixtures/docx are
//! the same reports as .txt and as Word stores them (automatic numbering, a table with a 合计
//! row, tracked changes, a footnote, a comment); checking either gives the same findings.
//! Other office formats are reported with what to do, and counted, never skipped.

use std::path::{Path, PathBuf};

use gongwen_e2e::{run, scratch, stdout};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/docx")
}

fn tmp(name: &str) -> PathBuf {
    scratch("docx", name)
}

/// The findings of a file in the JSON output, without the fields that only a .docx has.
fn findings(file: &Value) -> Vec<Value> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut f = f.clone();
            let o = f.as_object_mut().unwrap();
            for k in ["place", "paragraph", "table", "row", "afterParagraph"] {
                o.remove(k);
            }
            f
        })
        .collect()
}

#[test]
fn the_same_report_as_txt_and_docx_gives_the_same_findings() {
    for name in ["report-2024", "department-2024"] {
        let o = run(
            &[
                "check",
                "--format",
                "json",
                &format!("{name}.txt"),
                &format!("{name}.docx"),
            ],
            &fixtures(),
        );
        let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        let files = v["files"].as_array().unwrap();
        assert_eq!(files.len(), 2, "{v}");
        assert_eq!(files[0]["report"], true);
        assert_eq!(files[1]["report"], true);
        let (t, d) = (findings(&files[0]), findings(&files[1]));
        assert!(!t.is_empty(), "{name}: the fixture has findings");
        assert_eq!(t, d, "{name}: .txt and .docx differ");
        assert_eq!(files[1]["encoding"], "docx");
        // every finding of the .docx says where it is in Word's terms
        for f in files[1]["findings"].as_array().unwrap() {
            let place = f["place"].as_str().unwrap();
            assert!(place.contains('段') || place.contains("表格"), "{f}");
        }
    }
}

#[test]
fn docx_findings_point_at_paragraphs_and_table_rows() {
    let o = run(&["check", "report-2024.docx"], &fixtures());
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    // the rate in the paragraph that a tracked change joined: 第10段 of the accepted text
    let rate = out
        .lines()
        .find(|l| l.contains("[rate-mismatch]"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(rate.starts_with("report-2024.docx:第10段:"), "{rate}");
    // the placeholder in a numbered paragraph, with its automatic number as text
    assert!(
        out.contains("（2）组织旁听庭审活动2次，参与人员××人次。"),
        "{out}"
    );
    // the numbering and the headings survived: no missing statutory item
    assert!(!out.contains("[missing-section]"), "{out}");
    assert!(out.contains("共检查 1 份报告"), "{out}");

    let o = run(
        &["check", "--format", "json", "report-2024.docx"],
        &fixtures(),
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let f = &v["files"][0]["findings"];
    let placeholder = f
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == "placeholder")
        .unwrap();
    assert!(
        placeholder["paragraph"].as_u64().unwrap() > 10,
        "{placeholder}"
    );
}

#[test]
fn old_formats_are_errors_with_what_to_do_and_counted_in_folders_too() {
    let d = tmp("formats");
    std::fs::create_dir_all(d.join("收件/乡镇")).unwrap();
    std::fs::copy(
        fixtures().join("report-2024.docx"),
        d.join("收件/县政府.docx"),
    )
    .unwrap();
    std::fs::copy(
        fixtures().join("department-2024.docx"),
        d.join("收件/乡镇/市场监管局.docx"),
    )
    .unwrap();
    // a Word 97-2003 file, a WPS file (both OLE compound files), a PDF, and Word's lock file
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    std::fs::write(d.join("收件/旧格式.doc"), ole).unwrap();
    std::fs::write(d.join("收件/乡镇/青山镇.wps"), ole).unwrap();
    std::fs::write(d.join("收件/扫描件.pdf"), b"%PDF-1.7\n%\xe2\xe3\n").unwrap();
    std::fs::write(d.join("收件/~$县政府.docx"), [0u8; 162]).unwrap();
    // a .docx that is not one (a renamed .doc)
    std::fs::write(d.join("收件/改名.docx"), ole).unwrap();
    let o = run(&["check", "收件"], &d);
    let out = stdout(&o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "unreadable files → exit 2:\n{out}"
    );
    for name in ["旧格式.doc", "青山镇.wps", "扫描件.pdf", "改名.docx"] {
        let line = out
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not reported:\n{out}"));
        assert!(
            line.contains("请") && line.contains("另存为 .docx 或 .txt"),
            "{line}"
        );
    }
    assert!(
        !out.contains("~$"),
        "Word's lock file is not a document:\n{out}"
    );
    assert!(out.contains("共检查 2 份报告"), "{out}");
    assert!(out.contains("4 个文件无法读取"), "{out}");
    // named explicitly, too
    let o = run(&["check", "收件/旧格式.doc"], &d);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("Word 97-2003"), "{}", stdout(&o));
}
