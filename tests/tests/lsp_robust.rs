//! The server never dies and never hangs: each message that once killed it, the lifecycle with a
//! server→client request left pending, and a client that repeats a version number.

use std::time::{Duration, Instant};

use gongwen_e2e::model::{apply_text_edits, Enc};
use gongwen_e2e::{file_uri, fixture, Lsp};
use serde_json::{json, Value};

fn frame(body: &[u8]) -> Vec<u8> {
    let mut f = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    f.extend_from_slice(body);
    f
}

/// The server still answers a hover on `uri`.
fn answers_hover(s: &mut Lsp, uri: &str, after: &str) {
    let r = s.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}),
    );
    assert!(
        r.get("result").is_some(),
        "no hover result after {after}: {r}\nstderr:\n{}",
        s.stderr.lock().unwrap()
    );
}

/// Error responses with `id` received so far.
fn error_for(s: &mut Lsp, id: &Value) -> Option<i64> {
    s.notifications
        .iter()
        .find(|m| m.get("error").is_some() && &m["id"] == id)
        .and_then(|m| m["error"]["code"].as_i64())
}

#[test]
fn every_kill_input_is_survived() {
    let mut s = Lsp::start(&["utf-16"]);
    let uri = file_uri("kill.txt");
    s.open(&uri, "plaintext", &fixture("complete.txt"));
    s.diagnostics(&uri, Some(1));
    let deep = format!(
        r#"{{"jsonrpc":"2.0","id":104,"method":"textDocument/hover","params":{}{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let mut gbk_open =
        br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/gongwen-e2e/gbk.txt","languageId":"plaintext","version":1,"text":""#
            .to_vec();
    gbk_open.extend([0xB9, 0xD8, 0xD3, 0xDA]); // 关于 in GBK
    gbk_open.extend(br#""}}}"#);
    let surrogate = br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/gongwen-e2e/sur.txt","languageId":"plaintext","version":1,"text":"\u5173\u4e8e2024\u5e74\u6cd5\u6cbb\u653f\u5e9c\u5efa\u8bbe\u60c5\u51b5\u7684\u62a5\u544a\n\ud800\u3002"}}}"#;
    // what to send, and the error response expected for it (id, code), if any
    type Case<'a> = (&'a str, Vec<u8>, Option<(Value, i64)>);
    let cases: Vec<Case> = vec![
        ("{}", b"{}".to_vec(), None),
        ("[]", b"[]".to_vec(), None),
        (
            "a batch",
            br#"[{"jsonrpc":"2.0","id":101,"method":"shutdown"}]"#.to_vec(),
            None,
        ),
        (
            "id 1.5",
            br#"{"jsonrpc":"2.0","id":1.5,"method":"textDocument/hover","params":{}}"#.to_vec(),
            Some((Value::Null, -32600)),
        ),
        (
            "no jsonrpc field",
            br#"{"id":102,"method":"textDocument/hover","params":{"textDocument":{"uri":"x"},"position":{"line":0,"character":0}}}"#.to_vec(),
            Some((json!(102), -32600)),
        ),
        ("GBK bytes in didOpen", gbk_open, None),
        ("a lone surrogate", surrogate.to_vec(), None),
        ("nesting deeper than 128", deep.into_bytes(), Some((json!(104), -32600))),
        (
            "an unknown $/ request",
            br#"{"jsonrpc":"2.0","id":105,"method":"$/gongwen/unknown","params":{}}"#.to_vec(),
            Some((json!(105), -32601)),
        ),
        (
            "params of the wrong shape",
            br#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":7}}"#.to_vec(),
            None,
        ),
    ];
    for (what, body, expect) in cases {
        s.send_raw(&frame(&body));
        answers_hover(&mut s, &uri, what);
        if let Some((id, code)) = expect {
            assert_eq!(error_for(&mut s, &id), Some(code), "{what}");
        }
    }
    // the lone surrogate became U+FFFD and the document is served
    let text = s.server_text(&file_uri("sur.txt"));
    assert!(text.contains("\u{fffd}。"), "{text:?}");
    s.stop();
}

fn start_pending() -> Lsp {
    // the client never answers `workspace/configuration`: that request stays pending
    let mut s = Lsp::spawn();
    s.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {"workspace": {"configuration": true, "applyEdit": true}}}),
    );
    s.notify("initialized", json!({}));
    let got = s.receive_unanswered(Duration::from_millis(500));
    assert!(
        got.iter().any(|m| m["method"] == "workspace/configuration"),
        "{got:?}"
    );
    s
}

#[test]
fn exit_and_end_of_input_end_the_process_within_a_second_whatever_is_pending() {
    // exit without shutdown: status 1
    let mut s = start_pending();
    let t = Instant::now();
    s.notify("exit", Value::Null);
    let st = s.wait_exit(Duration::from_secs(1));
    assert!(st.is_some(), "still running 1 s after exit");
    assert_eq!(st.unwrap().code(), Some(1));
    assert!(t.elapsed() < Duration::from_secs(1));

    // shutdown, then exit with workspace/applyEdit pending too: status 0
    let mut s = start_pending();
    let uri = file_uri("pending.txt");
    s.open(&uri, "plaintext", &fixture("complete.txt"));
    s.send(
        &json!({"jsonrpc": "2.0", "id": 900, "method": "workspace/executeCommand",
        "params": {"command": "gongwen.server.insertSkeleton", "arguments": [uri]}}),
    );
    let got = s.receive_unanswered(Duration::from_millis(500));
    assert!(
        got.iter().any(|m| m["method"] == "workspace/applyEdit"),
        "{got:?}"
    );
    s.send(&json!({"jsonrpc": "2.0", "id": 901, "method": "shutdown"}));
    let got = s.receive_unanswered(Duration::from_millis(300));
    assert!(got.iter().any(|m| m["id"] == 901), "{got:?}");
    let t = Instant::now();
    s.notify("exit", Value::Null);
    let st = s.wait_exit(Duration::from_secs(1));
    assert!(st.is_some(), "still running 1 s after shutdown + exit");
    assert_eq!(st.unwrap().code(), Some(0));
    assert!(t.elapsed() < Duration::from_secs(1));

    // end of input
    let mut s = start_pending();
    s.close_stdin();
    let st = s.wait_exit(Duration::from_secs(1));
    assert!(st.is_some(), "still running 1 s after stdin closed");
}

#[test]
fn a_repeated_version_is_still_applied_analysed_and_formatted() {
    let mut s = Lsp::start(&["utf-16"]);
    let uri = file_uri("same-version.txt");
    let mut model = fixture("complete.txt");
    s.open(&uri, "plaintext", &model);
    s.diagnostics(&uri, Some(1));
    let line = model.lines().count() as u64 / 2;
    let insert = |s: &mut Lsp, model: &mut String, version: i64, text: &str| {
        let change = json!({"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": text});
        gongwen_e2e::model::apply(model, &change, Enc::Utf16);
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        );
    };
    insert(&mut s, &mut model, 2, "全年办理复议案件12件。\n");
    // the same version again (a client bug), and then one that goes backwards
    insert(&mut s, &mut model, 2, "其中,撤销3件,维持9件.\n");
    // the second change is analysed: its half-width punctuation is reported
    let d = s.diagnostics_until(&uri, |p| {
        p["diagnostics"]
            .as_array()
            .is_some_and(|a| a.iter().any(|d| d["code"] == "punct-width"))
    });
    assert_eq!(d["version"], 2);
    assert_eq!(s.server_text(&uri), model);
    // formatting is computed from the latest text: applying it gives a clean report
    let edits = s.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = edits.as_array().cloned().unwrap_or_default();
    assert!(!edits.is_empty());
    let mut formatted = model.clone();
    apply_text_edits(&mut formatted, &edits, Enc::Utf16);
    assert!(formatted.contains("其中，撤销3件，维持9件"), "{formatted}");
    assert!(formatted.contains("全年办理复议案件12件。\n"));
    insert(&mut s, &mut model, 1, "另有,一处.\n");
    assert_eq!(s.server_text(&uri), model);
    s.stop();
}

#[test]
fn code_action_edits_carry_the_version_they_were_computed_for() {
    let mut s = Lsp::spawn();
    s.initialize(
        json!({"workspace": {"workspaceEdit": {"documentChanges": true}}}),
        json!({}),
    );
    let uri = file_uri("versioned.txt");
    s.open(&uri, "plaintext", &fixture("lacks-problems-and-plan.txt"));
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 5}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": ""}
        ]}),
    );
    s.diagnostics(&uri, Some(5));
    let actions = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 200, "character": 0}}, "context": {"diagnostics": []}}),
    );
    let actions = actions.as_array().expect("actions");
    assert!(!actions.is_empty());
    for a in actions {
        let dc = &a["edit"]["documentChanges"][0];
        assert_eq!(dc["textDocument"]["version"], 5, "{a}");
        assert_eq!(dc["textDocument"]["uri"], uri.as_str());
        assert!(a["edit"].get("changes").is_none());
    }
    s.stop();
}
