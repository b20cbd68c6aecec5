//! End-to-end: the reviewer's outputs of `gongwen-ls check` — the HTML review sheets and their
//! index (`--format html -o DIR`), the spreadsheet (`--format csv`) and SARIF
//! (`--format sarif`), over a batch of .txt and .docx reports with an unreadable file in it.

use std::path::{Path, PathBuf};

use gongwen_e2e::{fixture, run};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// A batch as a reviewer receives it: Word and text reports, one of them clean, a PDF.
fn batch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongwen-review-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("收件")).unwrap();
    let fx = root().join("fixtures/docx");
    std::fs::copy(fx.join("report-2024.docx"), d.join("收件/溪东县政府.docx")).unwrap();
    std::fs::copy(
        fx.join("department-2024.docx"),
        d.join("收件/县市场监管局.docx"),
    )
    .unwrap();
    std::fs::write(
        d.join("收件/县司法局 草稿.txt"),
        fixture("lacks-problems-and-plan.txt"),
    )
    .unwrap();
    std::fs::write(d.join("收件/完整.txt"), fixture("complete.txt")).unwrap();
    std::fs::write(d.join("收件/扫描件.pdf"), b"%PDF-1.4\n").unwrap();
    d
}

/// Everything in an HTML page that would make a browser load something: `src`/`href` to
/// another origin, CSS `url()` and `@import`, `<link>`, `<iframe>`, `<object>`, `<embed>`.
fn loads(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = vec![];
    for pat in [
        "<link", "<iframe", "<object", "<embed", "<img", "@import", "url(", "srcset",
    ] {
        if lower.contains(pat) {
            found.push(pat.to_string());
        }
    }
    for attr in ["src=", "href=", "action=", "poster=", "data="] {
        let mut from = 0;
        while let Some(k) = lower[from..].find(attr) {
            let at = from + k + attr.len();
            let value: String = lower[at..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ' ' | '>'))
                .collect();
            // same-folder links between the sheets are fine; anything with a scheme or a
            // network path is not
            if value.contains(':') || value.starts_with("//") {
                found.push(format!("{attr}{value}"));
            }
            from = at;
        }
    }
    found
}

#[test]
fn html_sheets_and_index_are_self_contained() {
    let d = batch("html");
    let o = run(&["check", "--format", "html", "-o", "意见", "收件"], &d);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        o.status.code(),
        Some(2),
        "the PDF makes the batch incomplete: {err}"
    );
    let out = d.join("意见");
    let mut pages: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert!(pages.contains(&"index.html".to_string()), "{pages:?}");
    // one sheet per report (the PDF has none)
    assert_eq!(pages.len(), 5, "{pages:?}");
    for p in &pages {
        let html = std::fs::read_to_string(out.join(p)).unwrap();
        assert!(
            html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"),
            "{p}: no policy"
        );
        assert_eq!(loads(&html), Vec::<String>::new(), "{p} loads something");
        if p != "index.html" {
            assert!(!html.contains("<script"), "{p}: a sheet needs no script");
        }
    }
    let sheet = std::fs::read_to_string(out.join("溪东县政府.html")).unwrap();
    // the outline with the statutory items, the finding highlighted with its fix, the figures
    assert!(
        sheet.contains("一、法定事项") && sheet.contains("✓ 已写"),
        "{sheet}"
    );
    assert!(sheet.contains("<mark class=\"error\""), "{sheet}");
    assert!(sheet.contains("把“42”改为“40”"), "{sheet}");
    assert!(sheet.contains("120 ÷ 300 = 40%"), "{sheet}");
    assert!(sheet.contains("第10段"), "{sheet}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("href=\"溪东县政府.html\""), "{index}");
    assert!(
        index.contains("扫描件.pdf") && index.contains("无法检查"),
        "{index}"
    );
    assert!(index.contains("溪东县人民政府"), "issuer: {index}");
    // most errors first: the unreadable PDF, then the draft that lacks two items
    let pos = |s: &str| index.find(s).unwrap_or_else(|| panic!("{s}: {index}"));
    assert!(pos("扫描件.pdf") < pos("县司法局 草稿.txt"));
    assert!(pos("县司法局 草稿.txt") < pos("完整.txt"));
    assert!(index.contains("href=\"县司法局%20草稿.html\""), "{index}");
}

#[test]
fn html_needs_an_output_folder() {
    let d = batch("html-o");
    let o = run(&["check", "--format", "html", "收件"], &d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("-o"));
}

#[test]
fn csv_has_one_row_per_file_and_reads_back() {
    let d = batch("csv");
    let o = run(&["check", "--format", "csv", "收件"], &d);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        o.stdout.starts_with("\u{feff}".as_bytes()),
        "UTF-8 with BOM"
    );
    let body = &o.stdout[3..];
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(body);
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[0], "文件");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 5, "{rows:?}");
    let row = |file: &str| rows.iter().find(|x| x[0].ends_with(file)).unwrap();
    let xd = row("溪东县政府.docx");
    assert_eq!(&xd[col("发文机关")], "溪东县人民政府");
    assert_eq!(&xd[col("报告年度")], "2024");
    assert_eq!(&xd[col("法定事项")], "5/5");
    assert_eq!(&xd[col("结论")], "需修改");
    assert!(xd[col("错误")].parse::<u32>().unwrap() >= 2);
    let draft = row("县司法局 草稿.txt");
    assert!(
        draft[col("缺少事项")].contains("存在的不足和原因"),
        "{draft:?}"
    );
    let pdf = row("扫描件.pdf");
    assert_eq!(&pdf[col("结论")], "无法检查");
    assert!(pdf[col("说明")].contains("另存为 .docx 或 .txt"));
    // written to a file with -o as well
    let o = run(&["check", "--format", "csv", "-o", "汇总.csv", "收件"], &d);
    assert_eq!(o.status.code(), Some(2));
    let file = std::fs::read(d.join("汇总.csv")).unwrap();
    assert!(file.starts_with("\u{feff}文件,".as_bytes()));
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let d = batch("sarif");
    let o = run(&["check", "--format", "sarif", "收件"], &d);
    assert_eq!(o.status.code(), Some(2));
    let log: Value = serde_json::from_slice(&o.stdout).expect("SARIF is JSON");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF invalid:\n{}", errors.join("\n"));
    // and the validator does reject a broken log
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));

    let run0 = &log["runs"][0];
    let results = run0["results"].as_array().unwrap();
    assert!(results.len() >= 5);
    let txt = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .ends_with(".txt")
        })
        .unwrap();
    assert!(
        txt["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            >= 1
    );
    let docx = results
        .iter()
        .find(|r| r["ruleId"] == "rate-mismatch")
        .unwrap();
    assert_eq!(docx["locations"][0]["message"]["text"], "第10段");
    assert_eq!(docx["properties"]["paragraph"], 10);
    // the PDF is a tool notification, and the run says it was not complete
    let inv = &run0["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let n = inv["toolExecutionNotifications"].as_array().unwrap();
    assert!(n
        .iter()
        .any(|x| x["message"]["text"].as_str().unwrap().contains("PDF")));
}
