//! Year over year, end to end over LSP: a workspace holding several years of reports of several
//! bodies (tests/fixtures/yoy, labelled in labels.toml). Each report must be paired with its own
//! predecessor, every labelled fault found, nothing reported on the pairs written afresh; the
//! related locations point into last year's file; hover, code lens, outline and
//! `gongwen/previousReport` say which file was used; a change of last year's file on disk is
//! picked up; the `previousReport.path` setting names the file instead.

use std::path::{Path, PathBuf};

use gongwen_e2e::Lsp;
use serde::Deserialize;
use serde_json::{json, Value};

const YOY_RULES: [&str; 4] = [
    "copied-text",
    "plan-followup",
    "yoy-figure",
    "problems-repeat",
];

#[derive(Deserialize)]
struct Labels {
    pair: Vec<Pair>,
    fault: Vec<Fault>,
}

#[derive(Deserialize)]
struct Pair {
    file: String,
    previous: Option<String>,
    #[serde(default)]
    fresh: bool,
}

#[derive(Deserialize)]
struct Fault {
    file: String,
    rule: String,
    at: String,
    #[serde(default)]
    units: Vec<String>,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/yoy")
}

fn labels() -> Labels {
    toml::from_str(&std::fs::read_to_string(fixtures().join("labels.toml")).unwrap()).unwrap()
}

/// A fresh copy of the fixture folder (tests modify files in it).
fn workspace(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongwen-yoy-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    for e in std::fs::read_dir(fixtures()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            std::fs::copy(&p, d.join(p.file_name().unwrap())).unwrap();
        }
    }
    d
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn start(root: &Path, options: Value) -> Lsp {
    let mut lsp = Lsp::spawn();
    lsp.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(root),
            "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
            "initializationOptions": options,
        }),
    );
    lsp.notify("initialized", json!({}));
    lsp
}

/// (line, UTF-16 column) of a byte offset.
fn position(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .encode_utf16()
        .count() as u64;
    (line, col)
}

fn pos(v: &Value) -> (u64, u64) {
    (
        v["line"].as_u64().unwrap(),
        v["character"].as_u64().unwrap(),
    )
}

/// Does the diagnostic's range overlap the (unique) occurrence of `at` in `text`?
fn overlaps(d: &Value, text: &str, at: &str) -> bool {
    let i = text
        .find(at)
        .unwrap_or_else(|| panic!("“{at}” not in the fixture"));
    assert_eq!(text.matches(at).count(), 1, "“{at}” is not unique");
    let (a, b) = (position(text, i), position(text, i + at.len()));
    let (s, e) = (pos(&d["range"]["start"]), pos(&d["range"]["end"]));
    s < b && a < e
}

#[test]
fn every_labelled_fault_is_found_and_fresh_pairs_give_nothing() {
    let ws = workspace("labels");
    let labels = labels();
    let mut lsp = start(&ws, json!({}));
    let (mut found, mut missed, mut false_findings, mut fresh_findings) = (0, vec![], vec![], 0);
    let mut per_rule: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for pair in &labels.pair {
        let path = ws.join(&pair.file);
        let text = std::fs::read_to_string(&path).unwrap();
        let u = uri(&path);
        lsp.open(&u, "plaintext", &text);
        let diags = lsp.diagnostics(&u, Some(1));
        // paired with its own predecessor, or with none
        let info = lsp.request("gongwen/previousReport", json!({"uri": u}));
        match &pair.previous {
            Some(prev) => {
                assert_eq!(info["found"], true, "{}: {info}", pair.file);
                assert_eq!(info["uri"], uri(&ws.join(prev)), "{}", pair.file);
            }
            None => assert_eq!(info["found"], false, "{}: {info}", pair.file),
        }
        let yoy: Vec<&Value> = diags["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| YOY_RULES.contains(&d["code"].as_str().unwrap_or("")))
            .collect();
        if pair.fresh {
            fresh_findings += yoy.len();
        }
        let faults: Vec<&Fault> = labels
            .fault
            .iter()
            .filter(|f| f.file == pair.file)
            .collect();
        for f in &faults {
            let hit = yoy
                .iter()
                .find(|d| d["code"] == f.rule && overlaps(d, &text, &f.at));
            let entry = per_rule.entry(rule_name(&f.rule)).or_default();
            entry.1 += 1;
            match hit {
                Some(d) => {
                    let msg = d["message"].as_str().unwrap();
                    for unit in &f.units {
                        assert!(
                            msg.contains(unit.as_str()),
                            "{}: {unit} not in {msg}",
                            f.file
                        );
                    }
                    found += 1;
                    entry.0 += 1;
                }
                None => missed.push(format!("{} {} at “{}”", f.file, f.rule, f.at)),
            }
        }
        for d in &yoy {
            let labelled = faults
                .iter()
                .any(|f| d["code"] == f.rule.as_str() && overlaps(d, &text, &f.at));
            if !labelled {
                false_findings.push(format!("{}: {} {}", pair.file, d["code"], d["message"]));
            }
        }
    }
    eprintln!(
        "year-over-year fixtures: {} reports, {} labelled faults, {found} found; per rule (found/labelled): {per_rule:?}; findings on fresh pairs: {fresh_findings}; unlabelled findings: {}",
        labels.pair.len(),
        labels.fault.len(),
        false_findings.len()
    );
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
    assert!(
        false_findings.is_empty(),
        "unlabelled findings:\n{}",
        false_findings.join("\n")
    );
    assert_eq!(fresh_findings, 0);
    lsp.stop();
    let _ = std::fs::remove_dir_all(&ws);
}

fn rule_name(r: &str) -> &'static str {
    YOY_RULES.iter().find(|x| **x == r).copied().unwrap_or("?")
}

#[test]
fn related_locations_hover_lens_outline_and_a_change_on_disk() {
    let ws = workspace("features");
    let mut lsp = start(&ws, json!({}));
    let this = ws.join("county-2024.txt");
    let prev = ws.join("county-2023.txt");
    let text = std::fs::read_to_string(&this).unwrap();
    let u = uri(&this);
    lsp.open(&u, "plaintext", &text);
    let diags = lsp.diagnostics(&u, Some(1));
    // the server asked to hear of changed files (answered while waiting for diagnostics)
    assert!(
        lsp.registrations
            .iter()
            .any(|r| r["method"] == "workspace/didChangeWatchedFiles"),
        "watchers registered: {:?}",
        lsp.registrations
    );
    let copied = gongwen_e2e::of_rule(&diags, "copied-text");
    assert_eq!(copied.len(), 2, "{diags}");
    // the related location is last year's paragraph, in last year's file
    let rel = &copied[0]["relatedInformation"][0]["location"];
    assert_eq!(rel["uri"], uri(&prev));
    let prev_text = std::fs::read_to_string(&prev).unwrap();
    let line = prev_text
        .lines()
        .position(|l| l.starts_with("出台《云溪县重大行政决策程序实施细则》"))
        .unwrap();
    assert_eq!(rel["range"]["start"]["line"], line as u64);
    assert!(copied[0]["message"]
        .as_str()
        .unwrap()
        .contains(&format!("上年度报告第 {} 行", line + 1)));
    // hover on the title: which file, and how it was found
    let h = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 3}}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("与上年度报告比对：county-2023.txt（自动查找：同一文件夹中云溪县人民政府2023年度的报告）"),
        "{md}"
    );
    // hover on the copied paragraph: the difference
    let h = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": copied[0]["range"]["start"]}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("~~19~~**23**"), "{md}");
    // hover on the wrong growth rate: both figures and the arithmetic
    let wrong = gongwen_e2e::of_rule(&diags, "yoy-figure");
    let rate = wrong
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("增长15%"))
        .unwrap();
    let h = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": rate["range"]["start"]}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("全年共收到行政复议申请80件"), "{md}");
    assert!(md.contains("(86 − 80) ÷ 80 × 100% = 7.5%"), "{md}");
    // a code lens per statutory item
    let lenses = lsp.request("textDocument/codeLens", json!({"textDocument": {"uri": u}}));
    let yoy_lenses: Vec<&Value> = lenses
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["command"]["command"] == "gongwen.compareWithPrevious")
        .collect();
    assert_eq!(yoy_lenses.len(), 5, "{lenses}");
    let titles: Vec<&str> = yoy_lenses
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"与上年相比：新增 0 段，沿用 1 段"),
        "{titles:?}"
    );
    assert!(titles.iter().all(|t| t.starts_with("与上年相比：新增 ")));
    // the outline names the file
    let symbols = lsp.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    assert!(symbols[0]["detail"]
        .as_str()
        .unwrap()
        .contains("与上年度报告比对：county-2023.txt"));
    // last year's report is rewritten on disk: its copied paragraph is gone
    let rewritten = prev_text.replace(
        "出台《云溪县重大行政决策程序实施细则》，明确公众参与、专家论证、风险评估、合法性审查和集体讨论决定的具体环节。",
        "县政府常务会议审议通过决策程序规定的修订稿，把听取人大代表意见列为必经环节。",
    );
    std::fs::write(&prev, rewritten).unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&prev), "type": 2}]}),
    );
    let after = lsp.diagnostics_until(&u, |p| gongwen_e2e::of_rule(p, "copied-text").len() == 1);
    assert_eq!(gongwen_e2e::of_rule(&after, "copied-text").len(), 1);
    // last year's report is deleted: nothing to compare with, and the hover says so
    std::fs::remove_file(&prev).unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&prev), "type": 3}]}),
    );
    lsp.diagnostics_until(&u, |p| gongwen_e2e::of_rule(p, "copied-text").is_empty());
    let info = lsp.request("gongwen/previousReport", json!({"uri": u}));
    assert_eq!(info["found"], false);
    assert!(
        info["note"]
            .as_str()
            .unwrap()
            .contains("未找到云溪县人民政府2023年度的同类报告"),
        "{info}"
    );
    lsp.stop();
    let _ = std::fs::remove_dir_all(&ws);
}

#[test]
fn the_setting_names_last_years_report() {
    let ws = workspace("setting");
    // last year's report elsewhere, under another name; the setting is relative to the root
    std::fs::create_dir_all(ws.join("archive")).unwrap();
    std::fs::rename(ws.join("justice-2023.txt"), ws.join("archive/last.txt")).unwrap();
    let mut lsp = start(&ws, json!({"previousReport": {"path": "archive/last.txt"}}));
    let this = ws.join("justice-2024.txt");
    let text = std::fs::read_to_string(&this).unwrap();
    let u = uri(&this);
    lsp.open(&u, "plaintext", &text);
    let diags = lsp.diagnostics(&u, Some(1));
    assert_eq!(
        gongwen_e2e::of_rule(&diags, "copied-text").len(),
        1,
        "{diags}"
    );
    let info = lsp.request("gongwen/previousReport", json!({"uri": u}));
    assert_eq!(info["found"], true);
    assert_eq!(info["how"], "setting");
    assert_eq!(info["uri"], uri(&ws.join("archive/last.txt")));
    // the county's 2024 report is by another body: the setting does not apply to it
    let county = ws.join("county-2024.txt");
    let cu = uri(&county);
    lsp.open(&cu, "plaintext", &std::fs::read_to_string(&county).unwrap());
    let d = lsp.diagnostics(&cu, Some(1));
    assert!(YOY_RULES
        .iter()
        .all(|r| gongwen_e2e::of_rule(&d, r).is_empty()));
    let info = lsp.request("gongwen/previousReport", json!({"uri": cu}));
    assert!(
        info["note"]
            .as_str()
            .unwrap()
            .contains("与本报告的报告单位（云溪县人民政府）不同"),
        "{info}"
    );
    lsp.stop();
    let _ = std::fs::remove_dir_all(&ws);
}

/// Run `gongwen-ls check` with `args` in `dir`; (exit code, stdout).
fn check(dir: &Path, args: &[&str]) -> (i32, String) {
    let o = std::process::Command::new(gongwen_e2e::binary())
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gongwen-ls check");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
    )
}

#[test]
fn the_cli_pairs_each_report_of_a_folder_with_its_own_predecessor() {
    let ws = workspace("cli");
    let labels = labels();
    let (_, out) = check(&ws, &["--format", "json", "."]);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let files = v["files"].as_array().unwrap();
    let (mut found, mut fresh_findings, mut false_findings) = (0, 0, vec![]);
    for pair in &labels.pair {
        let f = files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(&pair.file))
            .unwrap_or_else(|| panic!("{} not checked", pair.file));
        let prev = f["previous"]["path"].as_str();
        match &pair.previous {
            Some(p) => assert!(
                prev.is_some_and(|x| x.ends_with(p.as_str())),
                "{}: {}",
                pair.file,
                f["previous"]
            ),
            None => assert!(prev.is_none(), "{}: {}", pair.file, f["previous"]),
        }
        let text = std::fs::read_to_string(ws.join(&pair.file)).unwrap();
        let yoy: Vec<&Value> = f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| YOY_RULES.contains(&d["rule"].as_str().unwrap()))
            .collect();
        if pair.fresh {
            fresh_findings += yoy.len();
        }
        let at = |d: &Value, at: &str| {
            let i = text.find(at).unwrap();
            let s = d["byteOffset"].as_u64().unwrap() as usize;
            let e = s + d["byteLength"].as_u64().unwrap() as usize;
            s < i + at.len() && i < e
        };
        let faults: Vec<&Fault> = labels
            .fault
            .iter()
            .filter(|x| x.file == pair.file)
            .collect();
        for fault in &faults {
            let hit = yoy
                .iter()
                .find(|d| d["rule"] == fault.rule.as_str() && at(d, &fault.at));
            assert!(
                hit.is_some(),
                "missed {} {} at {}",
                fault.file,
                fault.rule,
                fault.at
            );
            found += 1;
        }
        for d in &yoy {
            if !faults
                .iter()
                .any(|x| d["rule"] == x.rule.as_str() && at(d, &x.at))
            {
                false_findings.push(format!("{}: {}", pair.file, d["message"]));
            }
        }
    }
    assert_eq!(found, labels.fault.len());
    assert_eq!(fresh_findings, 0);
    assert!(false_findings.is_empty(), "{false_findings:#?}");
    assert_eq!(v["summary"]["compared"], 5);
    // the human output names the file each report was compared with
    let (_, human) = check(&ws, &["."]);
    assert!(
        human.contains("county-2024.txt：与上年度报告比对：county-2023.txt（自动查找：同一文件夹中云溪县人民政府2023年度的报告）"),
        "{human}"
    );
    assert!(human.contains("其中 5 份与上年度报告作了比对"), "{human}");
    let _ = std::fs::remove_dir_all(&ws);
}

#[test]
fn the_cli_compares_with_the_file_given_by_previous() {
    let ws = workspace("cli-previous");
    std::fs::create_dir_all(ws.join("archive")).unwrap();
    std::fs::rename(ws.join("justice-2023.txt"), ws.join("archive/last.txt")).unwrap();
    std::fs::create_dir_all(ws.join("now")).unwrap();
    std::fs::rename(ws.join("justice-2024.txt"), ws.join("now/2024.txt")).unwrap();
    // nothing beside it: no comparison
    let (_, out) = check(&ws, &["now/2024.txt"]);
    assert!(!out.contains("copied-text"), "{out}");
    // named on the command line
    let (_, out) = check(&ws, &["--previous", "archive/last.txt", "now/2024.txt"]);
    assert!(out.contains("[copied-text]"), "{out}");
    assert!(
        out.contains("与上年度报告比对：archive/last.txt（命令行 --previous 指定）"),
        "{out}"
    );
    // another body's report is not used, and the output says why
    let (_, out) = check(&ws, &["--previous", "county-2023.txt", "now/2024.txt"]);
    assert!(!out.contains("[copied-text]"), "{out}");
    assert!(
        out.contains("未与上年度报告比对：指定的上年度报告 county-2023.txt 是云溪县人民政府的报告，与本报告的报告单位（云溪县司法局）不同"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&ws);
}
