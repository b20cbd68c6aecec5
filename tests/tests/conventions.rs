//! End-to-end: writing conventions (numbering, paired marks, punctuation width, number forms),
//! document formatting, range formatting, the fix-all action and per-rule silencing.

use gongwen_e2e::model::{self, Enc};
use gongwen_e2e::{file_uri, fixture, of_rule, Lsp};
use serde_json::{json, Value};

fn messages(params: &Value, rule: &str) -> Vec<String> {
    of_rule(params, rule)
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

fn enc_of(name: &str) -> Enc {
    match name {
        "utf-8" => Enc::Utf8,
        "utf-32" => Enc::Utf32,
        _ => Enc::Utf16,
    }
}

#[test]
fn formatting_returns_small_edits_and_leaves_the_draft_clean() {
    for enc_name in ["utf-16", "utf-8", "utf-32"] {
        let enc = enc_of(enc_name);
        let mut s = Lsp::start(&[enc_name]);
        let uri = file_uri("halfwidth-draft.txt");
        let mut text = fixture("halfwidth-draft.txt");
        s.open(&uri, "plaintext", &text);
        let d = s.diagnostics(&uri, Some(1));
        let marks = of_rule(&d, "punct-width");
        assert!(marks.len() >= 20, "{enc_name}: {d}");
        // in proportion: each mark is a hint (a dotted underline, not a Problems row), and one
        // information diagnostic counts them all and offers the fix of them all
        let summaries: Vec<&&Value> = marks
            .iter()
            .filter(|m| m["data"]["kind"] == "summary")
            .collect();
        assert_eq!(summaries.len(), 1, "{enc_name}: {d}");
        assert_eq!(summaries[0]["severity"], 3, "information");
        assert_eq!(summaries[0]["data"]["count"], marks.len() - 1);
        for diag in marks.iter().filter(|m| m["data"]["kind"] != "summary") {
            assert_eq!(diag["severity"], 4, "hint: {diag}");
        }

        let edits = s.request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
        );
        let edits = edits.as_array().expect("edits").clone();
        // many small edits, never one whole-document replacement
        assert!(edits.len() >= 20, "{enc_name}: {} edits", edits.len());
        for e in &edits {
            let r = &e["range"];
            assert_eq!(r["start"]["line"], r["end"]["line"], "{e}");
            let width =
                r["end"]["character"].as_u64().unwrap() - r["start"]["character"].as_u64().unwrap();
            assert!(width <= 6, "{enc_name}: edit too wide: {e}");
            assert!(e["newText"].as_str().unwrap().chars().count() <= 2, "{e}");
        }
        let changes = model::apply_text_edits(&mut text, &edits, enc);
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes}),
        );
        let d2 = s.diagnostics(&uri, Some(2));
        assert!(of_rule(&d2, "punct-width").is_empty(), "{enc_name}: {d2}");
        assert_eq!(s.server_text(&uri), text);
        // numbers, the URL and the English title are untouched; Chinese marks are full-width
        assert!(text.contains("共1,080项"), "{text}");
        assert!(
            text.contains("（https://zwfw.example.gov.cn/qinghe?tab=1,2）公开；"),
            "{text}"
        );
        assert!(text.contains("上午9:00开门"));
        assert!(text.contains("Law-based Government, Annual Review，发放"));
        assert!(text.contains("中共清河市委、清河市人民政府：\n"));
        assert!(text.contains("（一）依法全面履行政府职能。"));
        assert!(text.contains("12场次，参训560人次；"));
        // formatting is idempotent
        let again = s.request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
        );
        assert_eq!(again, json!([]), "{enc_name}");
        s.stop();
    }
}

#[test]
fn range_formatting_stays_inside_the_range() {
    let mut s = Lsp::start(&["utf-16"]);
    let uri = file_uri("halfwidth-range.txt");
    let text = fixture("halfwidth-draft.txt");
    s.open(&uri, "plaintext", &text);
    s.diagnostics(&uri, Some(1));
    let first = text.lines().position(|l| l.starts_with("二、")).unwrap();
    let last = text.lines().position(|l| l.starts_with("四、")).unwrap();
    let edits = s.request(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": first, "character": 0}, "end": {"line": last, "character": 0}},
               "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = edits.as_array().unwrap();
    assert!(edits.len() >= 4, "{edits:?}");
    for e in edits {
        let l = e["range"]["start"]["line"].as_u64().unwrap() as usize;
        assert!(l >= first && l < last, "{e}");
    }
    s.stop();
}

#[test]
fn fix_all_action_and_quick_fixes_follow_the_kind_filter() {
    let mut s = Lsp::start(&["utf-16"]);
    let uri = file_uri("halfwidth-fixall.txt");
    let mut text = fixture("halfwidth-draft.txt");
    s.open(&uri, "plaintext", &text);
    let d = s.diagnostics(&uri, Some(1));
    // a mark after the first (the first also carries the summary, with its own fix)
    let comma = of_rule(&d, "punct-width")
        .into_iter()
        .rfind(|x| x["data"].is_null())
        .expect("a mark")
        .clone();
    let summary = of_rule(&d, "punct-width")
        .into_iter()
        .find(|x| x["data"]["kind"] == "summary")
        .expect("the summary")
        .clone();
    let at_summary = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": summary["range"], "context": {"diagnostics": [summary], "only": ["quickfix"]}}),
    );
    assert!(
        at_summary.as_array().unwrap().iter().any(|a| a["title"]
            .as_str()
            .unwrap()
            .starts_with("全文半角标点改为全角（")),
        "{at_summary}"
    );
    let ask = |s: &mut Lsp, only: Value| {
        let mut ctx = json!({"diagnostics": [comma]});
        if !only.is_null() {
            ctx["only"] = only;
        }
        s.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": comma["range"], "context": ctx}),
        )
    };
    let kinds = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|x| x["kind"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let quick = ask(&mut s, json!(["quickfix"]));
    assert_eq!(kinds(&quick), ["quickfix"], "{quick}");
    assert!(quick[0]["title"].as_str().unwrap().starts_with("改为全角"));
    let fix_all = ask(&mut s, json!(["source.fixAll"]));
    assert_eq!(kinds(&fix_all), ["source.fixAll.gongwen"], "{fix_all}");
    assert_eq!(
        kinds(&ask(&mut s, json!(["source"]))),
        ["source.fixAll.gongwen"]
    );
    let both = ask(&mut s, Value::Null);
    assert_eq!(
        kinds(&both),
        ["quickfix", "source.fixAll.gongwen"],
        "{both}"
    );

    // the fix-all edits are the formatting edits
    let edits = fix_all[0]["edit"]["changes"][&uri]
        .as_array()
        .unwrap()
        .clone();
    let formatting = s.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(Value::Array(edits.clone()), formatting);
    let changes = model::apply_text_edits(&mut text, &edits, Enc::Utf16);
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes}),
    );
    let d2 = s.diagnostics(&uri, Some(2));
    assert!(of_rule(&d2, "punct-width").is_empty(), "{d2}");
    // nothing left to fix: no fix-all action
    let none = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    assert!(none.is_null() || none == json!([]), "{none}");
    s.stop();
}

#[test]
fn draft_slips_are_reported_and_the_renumbering_fix_works() {
    let mut s = Lsp::start(&["utf-16"]);
    let uri = file_uri("conventions-draft.txt");
    let mut text = fixture("conventions-draft.txt");
    s.open(&uri, "plaintext", &text);
    let d = s.diagnostics(&uri, Some(1));

    let numbering = of_rule(&d, "numbering");
    assert_eq!(numbering.len(), 2, "{d}");
    assert!(numbering.iter().all(|x| x["severity"] == 2));
    let msgs = messages(&d, "numbering");
    assert!(msgs[0].starts_with("此处应为“三是”"), "{msgs:?}");
    assert!(msgs[1].starts_with("此处应为“（三）”"), "{msgs:?}");

    let marks = of_rule(&d, "unpaired-mark");
    assert_eq!(marks.len(), 2, "{d}");
    assert!(marks.iter().all(|x| x["severity"] == 1));
    let msgs = messages(&d, "unpaired-mark");
    assert_eq!(msgs[0], "““”没有对应的“””");
    assert_eq!(msgs[1], "“《”与“””不配对：“《”应以“》”闭合");

    let forms = messages(&d, "number-form");
    assert_eq!(forms.len(), 4, "{forms:?}");
    assert!(forms[0].starts_with("此处应为“3000”"));
    assert!(forms[1].starts_with("此处应为“截至”"));
    assert!(forms[2].contains("“约”和“左右”"));
    assert!(forms[3].starts_with("此处应为“15%～30%”"));
    assert!(of_rule(&d, "number-form")
        .iter()
        .all(|x| x["severity"] == 3));
    assert!(of_rule(&d, "punct-width").len() > 20);

    // the renumbering quick fix on （四） renumbers （四）（五） to （三）（四）
    let four = numbering[1].clone();
    let actions = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": four["range"],
               "context": {"diagnostics": [four], "only": ["quickfix"]}}),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("重新编号"))
        .unwrap_or_else(|| panic!("{actions}"))
        .clone();
    let edits = fix["edit"]["changes"][&uri].as_array().unwrap().clone();
    assert_eq!(edits.len(), 2, "{edits:?}");
    let changes = model::apply_text_edits(&mut text, &edits, Enc::Utf16);
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes}),
    );
    let d2 = s.diagnostics(&uri, Some(2));
    let msgs = messages(&d2, "numbering");
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert!(msgs[0].starts_with("此处应为“三是”"));
    assert!(text.contains("\n（三）推进严格规范公正文明执法。"));
    assert!(text.contains("\n（四）强化行政权力制约和监督。"));
    s.stop();
}

/// A workspace folder with a `.gongwen.toml`, removed on drop.
struct Workspace(std::path::PathBuf);

impl Workspace {
    fn new(name: &str, config: &str) -> Workspace {
        let dir = std::env::temp_dir().join(format!("gongwen-e2e-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(".gongwen.toml"), config).unwrap();
        Workspace(dir)
    }
    fn uri(&self, file: &str) -> String {
        format!("file://{}/{file}", self.0.display())
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn punct_width_off_in_the_workspace_file_silences_it_and_formatting() {
    let ws = Workspace::new(
        "punct-off",
        "[rules]\npunct-width = \"off\"\nnumbering = \"error\"\n",
    );
    let mut s = Lsp::spawn();
    s.request(
        "initialize",
        json!({"processId": null, "rootUri": format!("file://{}", ws.0.display()), "capabilities": {}}),
    );
    s.notify("initialized", json!({}));
    let uri = ws.uri("draft.txt");
    s.open(&uri, "plaintext", &fixture("conventions-draft.txt"));
    let d = s.diagnostics(&uri, Some(1));
    assert!(of_rule(&d, "punct-width").is_empty(), "{d}");
    // the other convention rules still run, at the configured severity
    assert_eq!(of_rule(&d, "numbering").len(), 2, "{d}");
    assert!(of_rule(&d, "numbering").iter().all(|x| x["severity"] == 1));
    assert_eq!(of_rule(&d, "unpaired-mark").len(), 2);
    assert_eq!(of_rule(&d, "number-form").len(), 4);
    let edits = s.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(edits, json!([]));
    s.stop();
}

#[test]
fn convention_rules_can_be_silenced_from_editor_settings() {
    let mut s = Lsp::spawn();
    let settings =
        json!({"rules": {"punct-width": "off", "unpaired-mark": "off", "number-form": "off"}});
    s.settings = settings.clone();
    s.initialize(json!({"workspace": {"configuration": true}}), settings);
    let uri = file_uri("silenced.txt");
    s.open(&uri, "plaintext", &fixture("conventions-draft.txt"));
    let d = s.diagnostics_until(&uri, |d| !of_rule(d, "numbering").is_empty());
    for rule in ["punct-width", "unpaired-mark", "number-form"] {
        assert!(of_rule(&d, rule).is_empty(), "{rule}: {d}");
    }
    // switching punct-width back on brings its findings back
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"gongwen": {"rules": {"numbering": "off"}}}}),
    );
    let d = s.diagnostics_until(&uri, |d| !of_rule(d, "punct-width").is_empty());
    assert!(of_rule(&d, "numbering").is_empty(), "{d}");
    assert_eq!(of_rule(&d, "unpaired-mark").len(), 2);
    s.stop();
}

#[test]
fn capabilities_announce_formatting_and_fix_all() {
    let mut s = Lsp::spawn();
    let r = s.initialize(json!({}), json!({}));
    let caps = &r["capabilities"];
    assert_eq!(caps["documentFormattingProvider"], true);
    assert_eq!(caps["documentRangeFormattingProvider"], true);
    let kinds = caps["codeActionProvider"]["codeActionKinds"]
        .as_array()
        .unwrap();
    assert!(kinds.contains(&json!("quickfix")));
    assert!(kinds.contains(&json!("source.fixAll.gongwen")));
    s.stop();
}

#[test]
fn a_readme_is_never_formatted() {
    let mut s = Lsp::start(&["utf-16"]);
    let uri = file_uri("README.md");
    s.open(
        &uri,
        "markdown",
        "# 工具说明\n\n安装后运行,即可使用(示例)。\n",
    );
    s.diagnostics(&uri, Some(1));
    let edits = s.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(edits, json!([]));
    s.stop();
}
