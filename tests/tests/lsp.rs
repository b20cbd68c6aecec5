//! End-to-end: the real binary over stdio JSON-RPC.

use gongwen_e2e::model::{self, Enc};
use gongwen_e2e::{file_uri, fixture, of_rule, Lsp};
use serde_json::{json, Value};

fn sections(params: &Value) -> Vec<String> {
    of_rule(params, "missing-section")
        .iter()
        .map(|d| {
            d["data"]["section"]
                .as_str()
                .expect("data.section")
                .to_string()
        })
        .collect()
}

#[test]
fn missing_items_are_reported_and_fixed_by_the_quick_fix() {
    let mut s = Lsp::start(&["utf-16"]);
    let uri = file_uri("lacks.txt");
    let mut text = fixture("lacks-problems-and-plan.txt");
    s.open(&uri, "plaintext", &text);
    let d = s.diagnostics(&uri, Some(1));
    assert_eq!(sections(&d), ["problems", "plan"], "{d}");
    for diag in of_rule(&d, "missing-section") {
        assert_eq!(diag["source"], "gongwen");
        assert!(diag["message"]
            .as_str()
            .unwrap()
            .starts_with("缺少法定事项"));
        assert!(diag["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("#missing-section"));
    }
    assert_eq!(of_rule(&d, "missing-section")[0]["severity"], 1);

    // quick fix for problems
    let problems = of_rule(&d, "missing-section")[0].clone();
    let actions = s.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": problems["range"],
            "context": {"diagnostics": [problems]}
        }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("存在的不足和原因"))
        .unwrap_or_else(|| panic!("no fix in {actions}"))
        .clone();
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    let edits = fix["edit"]["changes"][&uri].as_array().unwrap().clone();
    let changes = model::apply_text_edits(&mut text, &edits, Enc::Utf16);
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes}),
    );
    let d2 = s.diagnostics(&uri, Some(2));
    assert_eq!(sections(&d2), ["plan"], "{d2}");
    assert_eq!(s.server_text(&uri), text);
    assert!(
        text.contains("\n二、2024年度推进法治政府建设存在的不足和原因\n"),
        "{text}"
    );
    assert!(
        text.contains("\n三、其他需要报告的情况\n"),
        "following heading renumbered: {text}"
    );

    // and the plan fix
    let plan = of_rule(&d2, "missing-section")[0].clone();
    let actions = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": plan["range"], "context": {"diagnostics": [plan]}}),
    );
    let edits = actions[0]["edit"]["changes"][&uri]
        .as_array()
        .unwrap()
        .clone();
    let changes = model::apply_text_edits(&mut text, &edits, Enc::Utf16);
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": changes}),
    );
    let d3 = s.diagnostics(&uri, Some(3));
    assert!(sections(&d3).is_empty(), "{d3}");
    s.stop();
}

#[test]
fn completion_on_an_empty_line_offers_snippets_and_the_skeleton() {
    let mut s = Lsp::start(&["utf-16"]);
    let uri = file_uri("complete-me.txt");
    let text = fixture("lacks-problems-and-plan.txt");
    // the empty line after the title
    let line = text.lines().position(str::is_empty).unwrap();
    s.open(&uri, "plaintext", &text);
    let r = s.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 0}}),
    );
    let items = r.as_array().expect("completion list");
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"年度报告全文框架"), "{labels:?}");
    assert!(
        labels.contains(&"法定事项（二）存在的不足和原因"),
        "{labels:?}"
    );
    assert!(labels.contains(&"特此报告。"));
    for i in items {
        assert_eq!(i["insertTextFormat"], 2, "snippet format");
        assert!(i["filterText"].as_str().is_some());
    }
    let sk = items
        .iter()
        .find(|i| i["label"] == "年度报告全文框架")
        .unwrap();
    let body = sk["textEdit"]["newText"].as_str().unwrap();
    assert!(body.contains("${2:××（主送机关）}") && body.contains("特此报告。"));
    let problems = items
        .iter()
        .find(|i| i["label"] == "法定事项（二）存在的不足和原因")
        .unwrap();
    let filter = problems["filterText"].as_str().unwrap();
    assert!(filter.contains("wt") && filter.contains("problems") && filter.contains("问题"));

    // an empty document gets the skeleton too
    let empty = file_uri("empty.txt");
    s.open(&empty, "plaintext", "");
    let r = s.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": empty}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r[0]["label"], "年度报告全文框架");
    s.stop();
}

fn flatten(symbols: &Value, out: &mut Vec<Value>) {
    for s in symbols.as_array().into_iter().flatten() {
        out.push(s.clone());
        flatten(&s["children"], out);
    }
}

#[test]
fn document_symbols_show_the_five_items_in_order() {
    let mut s = Lsp::start(&["utf-16"]);
    for (name, expected) in [
        (
            "complete.txt",
            [
                "主要举措和成效",
                "存在的不足和原因",
                "党政主要负责人履行推进法治建设第一责任人职责情况",
                "下一年度主要安排",
                "其他需要报告的情况",
            ],
        ),
        (
            "duties-nested.txt",
            [
                "主要举措和成效",
                "党政主要负责人履行推进法治建设第一责任人职责情况",
                "存在的不足和原因",
                "下一年度主要安排",
                "其他需要报告的情况",
            ],
        ),
    ] {
        let uri = file_uri(name);
        s.open(&uri, "plaintext", &fixture(name));
        let r = s.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        );
        let mut all = vec![];
        flatten(&r, &mut all);
        let items: Vec<String> = all
            .iter()
            .filter_map(|x| x["detail"].as_str())
            .filter(|d| d.starts_with("法定事项"))
            .map(|d| d.chars().skip_while(|&c| c != '）').skip(1).collect())
            .collect();
        assert_eq!(items, expected, "{name}: {r}");
        assert_eq!(r[0]["detail"], "标题");
        // folding ranges exist for the sections
        let f = s.request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri}}),
        );
        assert!(f.as_array().unwrap().len() >= 5, "{f}");
    }
    s.stop();
}

#[test]
fn unheaded_and_nested_items_raise_no_missing_section() {
    let mut s = Lsp::start(&["utf-16"]);
    for name in ["unheaded-end.txt", "duties-nested.txt", "complete.txt"] {
        let uri = file_uri(name);
        s.open(&uri, "plaintext", &fixture(name));
        let d = s.diagnostics(&uri, Some(1));
        assert!(sections(&d).is_empty(), "{name}: {d}");
    }
    s.stop();
}

#[test]
fn readme_gets_no_diagnostics_and_hover_explains_items() {
    let mut s = Lsp::start(&["utf-16"]);
    let readme = file_uri("README.md");
    s.open(&readme, "markdown", &fixture("readme.md"));
    let d = s.diagnostics(&readme, Some(1));
    assert_eq!(d["diagnostics"], json!([]));
    let st = s.request("gongwen/status", json!({"uri": readme}));
    assert_eq!(st["isReport"], false);

    let uri = file_uri("complete.txt");
    let text = fixture("complete.txt");
    s.open(&uri, "plaintext", &text);
    let line = text.lines().position(|l| l.starts_with("二、")).unwrap();
    let h = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 3}}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("法定事项（二）存在的不足和原因"), "{md}");
    assert!(md.contains("识别依据"), "{md}");
    let st = s.request("gongwen/status", json!({"uri": uri}));
    assert_eq!(st["isReport"], true);
    assert_eq!(st["year"], 2024);
    assert_eq!(st["missing"], json!([]));
    let sk = s.request("gongwen/skeleton", json!({}));
    assert!(sk["snippet"].as_str().unwrap().starts_with("关于${1:"));
    s.stop();
}

#[test]
fn status_counts_findings_by_severity_and_hints_never_count_as_problems() {
    let mut s = Lsp::start(&["utf-16"]);
    // a draft full of half-width marks but without a single error or warning: the marks are
    // hints (dots, not Problems rows), one information row counts them; the status the editor's
    // status bar is drawn from has no error, so the bar is not red
    let uri = file_uri("halfwidth-status.txt");
    s.open(&uri, "plaintext", &fixture("halfwidth-draft.txt"));
    let d = s.diagnostics(&uri, Some(1));
    let diags = d["diagnostics"].as_array().unwrap();
    let by = |sev: u64| diags.iter().filter(|x| x["severity"] == sev).count();
    let st = s.request("gongwen/status", json!({"uri": uri}));
    assert_eq!(st["isReport"], true, "{st}");
    assert_eq!(st["counts"]["error"], 0, "{st}");
    assert_eq!(st["counts"]["warning"], 0, "{st}");
    assert_eq!(st["counts"]["information"], by(3), "{st}");
    assert_eq!(st["counts"]["hint"], by(4), "{st}");
    assert!(by(4) >= 20, "{d}");
    for x in diags.iter().filter(|x| x["code"] == "punct-width") {
        let summary = x["data"]["kind"] == "summary";
        assert_eq!(x["severity"], if summary { 3 } else { 4 }, "{x}");
    }

    // a draft with wrong figures: the errors are counted as errors
    let wrong = file_uri("figures-status.txt");
    s.open(&wrong, "plaintext", &fixture("figures-wrong.txt"));
    let d = s.diagnostics(&wrong, Some(1));
    let errors = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["severity"] == 1)
        .count();
    assert!(errors >= 2, "{d}");
    let st = s.request("gongwen/status", json!({"uri": wrong}));
    assert_eq!(st["counts"]["error"], errors, "{st}");
    s.stop();
}

#[test]
fn settings_silence_rules_and_opt_files_in() {
    let mut s = Lsp::spawn();
    let settings = json!({"reports": {"include": ["**/*.draft"], "autoDetect": true}, "rules": {"missing-section": "off"}});
    s.settings = settings.clone();
    s.initialize(json!({"workspace": {"configuration": true}}), settings);
    let uri = file_uri("notes.draft");
    // no title naming 法治政府建设 and a year: checked only because the glob opts it in
    s.open(&uri, "plaintext", "随手记录的提纲\n一、主要举措和成效\n");
    let d = s.diagnostics_until(&uri, |d| !of_rule(d, "empty-section").is_empty());
    assert!(of_rule(&d, "missing-section").is_empty(), "{d}");
    // turning the rule back on via didChangeConfiguration re-checks open documents
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"gongwen": {"reports": {"include": ["**/*.draft"]}, "rules": {}}}}),
    );
    s.diagnostics_until(&uri, |d| !of_rule(d, "missing-section").is_empty());
    // and dropping the glob stops checking it
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"gongwen": {"reports": {"include": []}}}}),
    );
    s.diagnostics_until(&uri, |d| d["diagnostics"] == json!([]));
    s.stop();
}

#[test]
fn bad_input_never_kills_the_server() {
    let mut s = Lsp::start(&["utf-16"]);
    let uri = file_uri("bad.txt");
    let text = fixture("complete.txt");
    s.open(&uri, "plaintext", &text);
    s.diagnostics(&uri, Some(1));

    // an edit far outside the document
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 9999, "character": 5}, "end": {"line": 99999, "character": 0}}, "text": "附"}
        ]}),
    );
    let d = s.diagnostics(&uri, Some(2));
    assert!(d["diagnostics"].is_array());
    assert_eq!(s.server_text(&uri), format!("{text}附"));

    // a reversed range, then an edit to a document that is not open
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 2}}, "text": ""}
        ]}),
    );
    s.diagnostics(&uri, Some(3));
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": file_uri("never-opened.txt"), "version": 2}, "contentChanges": [{"text": "x"}]}),
    );

    // malformed JSON and a frame of invalid UTF-8
    s.send_raw(b"Content-Length: 12\r\n\r\n{\"jsonrpc\":");
    s.send_raw(b"Content-Length: 4\r\n\r\n\xff\xfe\xfd\xfc");
    // requests with nonsense positions and unknown documents
    let r = s.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 4_000_000_000u64, "character": 4_000_000_000u64}}),
    );
    assert!(r.get("result").is_some(), "{r}");
    let r = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": file_uri("unknown.txt")}}),
    );
    assert!(r.is_null());

    // binary-looking text with control characters and lone CRs
    let junk: String = (0u32..2000)
        .filter_map(|i| char::from_u32((i * 7919) % 0x2FFFF))
        .collect();
    let junk_uri = file_uri("junk.txt");
    s.open(
        &junk_uri,
        "plaintext",
        &format!("关于2024年法治政府建设情况的报告\r{junk}\r\r\n\0"),
    );
    s.diagnostics(&junk_uri, Some(1));

    // a 5 MB report
    let big_uri = file_uri("big.txt");
    let mut big = fixture("complete.txt");
    while big.len() < 5_000_000 {
        big.push_str(
            "（六）持续推进执法规范化建设。全年组织执法人员培训12场次，抽查行政处罚案卷120卷。\n",
        );
    }
    s.open(&big_uri, "plaintext", &big);
    let d = s.diagnostics(&big_uri, Some(1));
    assert!(d["diagnostics"].is_array());

    // still serving
    let r = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(r.as_array().is_some_and(|a| !a.is_empty()));
    s.stop();
}

#[test]
fn position_encodings_are_negotiated() {
    for (offered, expected) in [
        (json!(["utf-8", "utf-16"]), "utf-8"),
        (json!(["utf-32"]), "utf-32"),
        (json!(["utf-16"]), "utf-16"),
        (json!(null), "utf-16"),
    ] {
        let mut s = Lsp::spawn();
        let caps = if offered.is_null() {
            json!({})
        } else {
            json!({"general": {"positionEncodings": offered}})
        };
        let r = s.initialize(caps, json!({}));
        assert_eq!(r["capabilities"]["positionEncoding"], expected);
        s.stop();
    }
}

#[test]
fn diagnostics_positions_follow_the_encoding_with_non_bmp_text() {
    // 𠀀 and 😀 before the finding shift UTF-16 columns by two each, UTF-8 by four.
    let text = "关于2024年度法治政府建设情况的报告\r\n一、主要举措和成效\r\n𠀀😀开展执法检查45次。\r\n二、存在的问题\r\n";
    for (enc, col) in [("utf-16", 0), ("utf-8", 0), ("utf-32", 0)] {
        let mut s = Lsp::start(&[enc]);
        let uri = file_uri("nonbmp.txt");
        s.open(&uri, "plaintext", text);
        let d = s.diagnostics(&uri, Some(1));
        let e = of_rule(&d, "empty-section");
        assert_eq!(e.len(), 1, "{d}");
        assert_eq!(e[0]["range"]["start"], json!({"line": 3, "character": col}));
        let len = match enc {
            "utf-8" => "二、存在的问题".len(),
            _ => "二、存在的问题".chars().count(),
        };
        assert_eq!(e[0]["range"]["end"], json!({"line": 3, "character": len}));
        // a hover inside line 2 after the non-BMP characters maps back correctly
        let col_after = match enc {
            "utf-8" => 8,
            "utf-16" => 4,
            _ => 2,
        };
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
                {"range": {"start": {"line": 2, "character": col_after}, "end": {"line": 2, "character": col_after}}, "text": "全年"}
            ]}),
        );
        s.diagnostics(&uri, Some(2));
        assert_eq!(
            s.server_text(&uri),
            text.replace("😀开展", "😀全年开展"),
            "{enc}"
        );
        s.stop();
    }
}
