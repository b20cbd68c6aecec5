//! End-to-end: figure checks through the real binary — diagnostics with exact ranges, quick
//! fixes that make the re-check clean, hover with the arithmetic, inlay hints, code lenses, and
//! the same findings in the batch checker.

use std::process::Command;

use gongwen_e2e::model::{self, Enc};
use gongwen_e2e::{binary, file_uri, fixture, of_rule, Lsp};
use serde_json::{json, Value};

/// The LSP range (UTF-16) of the first occurrence of `needle` in `text`.
fn range_of(text: &str, needle: &str) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let pos = |off: usize| {
        let line = text[..off].matches('\n').count();
        let start = text[..off].rfind('\n').map_or(0, |i| i + 1);
        let col: usize = text[start..off].chars().map(char::len_utf16).sum();
        json!({"line": line, "character": col})
    };
    json!({"start": pos(at), "end": pos(at + needle.len())})
}

/// Ask for the quick fixes of `diag`, apply the preferred one client-side, send the change and
/// return the new diagnostics.
fn apply_fix(s: &mut Lsp, uri: &str, text: &mut String, diag: &Value, version: i64) -> Value {
    let actions = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diag["range"], "context": {"diagnostics": [diag]}}),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["isPreferred"] == true && a["diagnostics"][0]["code"] == diag["code"])
        .unwrap_or_else(|| panic!("no preferred fix in {actions}"))
        .clone();
    assert_eq!(fix["kind"], "quickfix");
    let edits = fix["edit"]["changes"][uri].as_array().unwrap().clone();
    let changes = model::apply_text_edits(text, &edits, Enc::Utf16);
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
    );
    s.diagnostics(uri, Some(version))
}

fn hover_text(s: &mut Lsp, uri: &str, text: &str, needle: &str) -> String {
    let r = range_of(text, needle);
    let h = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": r["start"]}),
    );
    assert_eq!(h["range"], r, "the hover covers the figure");
    h["contents"]["value"].as_str().unwrap().to_string()
}

#[test]
fn wrong_total_and_rate_are_flagged_fixed_and_explained() {
    let mut s = Lsp::start(&["utf-16"]);
    let uri = file_uri("figures-wrong.txt");
    let mut text = fixture("figures-wrong.txt");
    s.open(&uri, "plaintext", &text);
    let d = s.diagnostics(&uri, Some(1));

    // exactly the two planted errors, at the stated figures
    let sums = of_rule(&d, "sum-mismatch");
    let rates = of_rule(&d, "rate-mismatch");
    assert_eq!((sums.len(), rates.len()), (1, 1), "{d}");
    let (sum, rate) = (sums[0].clone(), rates[0].clone());
    assert_eq!(sum["range"], range_of(&text, "2031户"));
    assert_eq!(sum["severity"], 1);
    assert_eq!(sum["source"], "gongwen");
    assert_eq!(
        sum["message"],
        "合计应为 2013（645 + 1320 + 48），文中写的是 2031。"
    );
    assert_eq!(sum["relatedInformation"].as_array().unwrap().len(), 3);
    assert!(sum["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("#sum-mismatch"));
    assert_eq!(rate["range"], range_of(&text, "98.6%"));
    assert_eq!(
        rate["message"],
        "办结率应为 99.6%（8391 ÷ 8426 = 99.58%），文中写的是 98.6%。"
    );
    for rule in [
        "percent-range",
        "conflicting-figure",
        "missing-metric",
        "placeholder",
        "year-mismatch",
        "date-invalid",
    ] {
        assert!(of_rule(&d, rule).is_empty(), "{rule}: {d}");
    }

    // hover over the total returns the arithmetic
    let md = hover_text(&mut s, &uri, &text, "2031户");
    assert!(md.contains("读作：2031户"), "{md}");
    assert!(
        md.contains("✗ 合计（应等于各分项之和）：645 + 1320 + 48 = 2013，文中写的是 2031"),
        "{md}"
    );
    let md = hover_text(&mut s, &uri, &text, "8391件");
    assert!(
        md.contains("作为办结率的分子：8391 ÷ 8426 = 99.58%"),
        "{md}"
    );
    // a heading is still explained by the heading hover
    let line = text.lines().position(|l| l.starts_with("二、")).unwrap();
    let h = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 3}}),
    );
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("法定事项（二）"));

    // inlay hints after the stated total and rates
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 999, "character": 0}});
    let hints = s.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": whole}),
    );
    let labels: Vec<&str> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"Σ 2013"), "{labels:?}");
    assert!(labels.contains(&"≈99.58%"), "{labels:?}");
    assert!(labels.contains(&"Σ 47"), "{labels:?}");
    let sum_hint = hints
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["label"] == "Σ 2013")
        .unwrap();
    assert_eq!(sum_hint["position"], range_of(&text, "2031户")["end"]);

    // a code lens per statutory item, except "本部分没有数字" where no figures are expected
    let lenses = s.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": uri}}),
    );
    let titles: Vec<&str> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(
        !titles.iter().any(|t| t.ends_with("本部分没有数字")),
        "{titles:?}"
    );
    assert!(titles[0].starts_with("主要举措和成效：数字 "), "{titles:?}");
    assert!(titles[0].ends_with("2 处不符"), "{titles:?}");

    // the quick fixes correct each figure; the re-check is clean
    let d2 = apply_fix(&mut s, &uri, &mut text, &sum, 2);
    assert!(text.contains("合计新增经营主体2013户"), "{text}");
    assert!(of_rule(&d2, "sum-mismatch").is_empty(), "{d2}");
    let rate = of_rule(&d2, "rate-mismatch")[0].clone();
    let d3 = apply_fix(&mut s, &uri, &mut text, &rate, 3);
    assert!(text.contains("办结率99.6%"), "{text}");
    assert_eq!(s.server_text(&uri), text);
    for rule in ["sum-mismatch", "rate-mismatch"] {
        assert!(of_rule(&d3, rule).is_empty(), "{rule}: {d3}");
    }
    let md = hover_text(&mut s, &uri, &text, "2013户");
    assert!(md.contains("✓ 合计"), "{md}");
    let lenses = s.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(lenses[0]["command"]["title"]
        .as_str()
        .unwrap()
        .ends_with("全部相符"));
    s.stop();
}

#[test]
fn capabilities_announce_hints_and_lenses() {
    let mut s = Lsp::spawn();
    let r = s.initialize(json!({}), json!({}));
    assert_eq!(r["capabilities"]["inlayHintProvider"], true);
    assert_eq!(
        r["capabilities"]["codeLensProvider"]["resolveProvider"],
        false
    );
    s.stop();
}

#[test]
fn the_batch_checker_prints_the_arithmetic() {
    let dir = std::env::temp_dir().join(format!("gongwen-figures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("figures-wrong.txt");
    std::fs::write(&path, fixture("figures-wrong.txt")).unwrap();
    let out = Command::new(binary())
        .args(["check", "--no-color"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "errors give exit status 1");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(
            ":6:56: 错误[sum-mismatch] 合计应为 2013（645 + 1320 + 48），文中写的是 2031。"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "错误[rate-mismatch] 办结率应为 99.6%（8391 ÷ 8426 = 99.58%），文中写的是 98.6%。"
        ),
        "{stdout}"
    );
    let json_out = Command::new(binary())
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&json_out.stdout).unwrap();
    let findings = v["files"][0]["findings"].as_array().unwrap();
    let sum = findings
        .iter()
        .find(|f| f["rule"] == "sum-mismatch")
        .unwrap();
    assert_eq!(sum["data"]["arithmetic"], "645 + 1320 + 48 = 2013");
    std::fs::remove_dir_all(&dir).ok();
}
