//! The second built-in profile (政府信息公开工作年度报告): chosen by detection or by
//! `.gongwen.toml`, with its own missing-part findings, over the CLI and the LSP.

use std::path::PathBuf;
use std::process::Output;

use gongwen_e2e::{file_uri, fixture, of_rule, run, scratch, Lsp};
use serde_json::{json, Value};

fn tmp(name: &str) -> PathBuf {
    scratch("profiles", name)
}

fn json_findings(o: &Output) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn disclosure_reports_are_detected_and_checked_for_their_own_parts() {
    let d = tmp("detect");
    std::fs::write(d.join("full.txt"), fixture("xinxi-gongkai-2024.txt")).unwrap();
    std::fs::write(d.join("missing.txt"), fixture("xinxi-gongkai-missing.txt")).unwrap();
    // the complete report: no error or warning
    let o = run(&["check", "--format", "json", "full.txt"], &d);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let bad: Vec<Value> = json_findings(&o)
        .into_iter()
        .filter(|f| matches!(f["severity"].as_str(), Some("error" | "warning")))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    // the report without 行政复议、行政诉讼 and 问题及改进: exactly those two are missing
    let o = run(&["check", "--format", "json", "missing.txt"], &d);
    assert_eq!(o.status.code(), Some(1));
    let sections: Vec<String> = json_findings(&o)
        .iter()
        .filter(|f| f["rule"] == "missing-section")
        .map(|f| f["data"]["section"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sections, ["review", "problems"]);
    let msgs: Vec<String> = json_findings(&o)
        .iter()
        .filter(|f| f["rule"] == "missing-section")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert!(msgs[0].contains("政府信息公开条例"), "{msgs:?}");
    // the rule-of-law report's items are never asked of it
    assert!(!msgs.iter().any(|m| m.contains("第一责任人")), "{msgs:?}");
}

#[test]
fn the_profile_can_be_chosen_by_id_in_the_config() {
    let d = tmp("config");
    // a disclosure report whose title does not say so: detection would not recognise it
    let text = fixture("xinxi-gongkai-missing.txt").replacen(
        "青禾县人民政府2024年政府信息公开工作年度报告",
        "青禾县人民政府2024年度报告",
        1,
    );
    std::fs::write(d.join("r.txt"), text).unwrap();
    let o = run(&["check", "r.txt"], &d);
    assert!(String::from_utf8_lossy(&o.stdout).contains("未识别为"));
    std::fs::write(
        d.join(".gongwen.toml"),
        "profile = \"zhengfu-xinxi-gongkai\"\n[reports]\ninclude = [\"*.txt\"]\n",
    )
    .unwrap();
    let o = run(&["check", "--format", "json", "r.txt"], &d);
    let sections: Vec<String> = json_findings(&o)
        .iter()
        .filter(|f| f["rule"] == "missing-section")
        .map(|f| f["data"]["section"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sections, ["review", "problems"]);
}

#[test]
fn profile_list_names_both_kinds() {
    let d = tmp("list");
    let o = run(&["profile", "--list"], &d);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("fazhi-zhengfu-niandu\t法治政府建设年度报告"),
        "{out}"
    );
    assert!(
        out.contains("zhengfu-xinxi-gongkai\t政府信息公开工作年度报告"),
        "{out}"
    );
    let o = run(&["profile", "zhengfu-xinxi-gongkai"], &d);
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("id = \"zhengfu-xinxi-gongkai\""));
    let o = run(&["profile", "nope"], &d);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn lsp_checks_a_disclosure_report_with_its_profile() {
    let mut lsp = Lsp::start(&["utf-16"]);
    let uri = file_uri("xinxi-gongkai-missing.txt");
    lsp.open(&uri, "plaintext", &fixture("xinxi-gongkai-missing.txt"));
    let diags = lsp.diagnostics_until(&uri, |p| !of_rule(p, "missing-section").is_empty());
    let sections: Vec<&str> = of_rule(&diags, "missing-section")
        .iter()
        .map(|d| d["data"]["section"].as_str().unwrap())
        .collect();
    assert_eq!(sections, ["review", "problems"]);
    let status = lsp.request("gongwen/status", json!({ "uri": uri }));
    let missing: Vec<&str> = status["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        [
            "政府信息公开行政复议、行政诉讼情况",
            "存在的主要问题及改进情况"
        ]
    );
    lsp.stop();
}
