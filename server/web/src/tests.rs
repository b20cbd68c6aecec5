//! Unit tests of the requests (the parity with the CLI is tested end to end in
//! server/web/tests/parity.mjs, against the built module and the built binary).

use serde_json::{json, Value};

use crate::run;

const DRAFT: &str = include_str!("../../../examples/draft-2024.txt");
const CONVENTIONS: &str = include_str!("../../../tests/fixtures/conventions-draft.txt");

fn req(op: &str, options: Value) -> String {
    json!({"op": op, "options": options}).to_string()
}

fn rules(v: &Value) -> Vec<&str> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

fn fix(text: &str, fix: Value) -> Result<Value, String> {
    run(text, &json!({"op": "fix", "fix": fix}).to_string())
}

#[test]
fn check_gives_one_file_of_the_cli_json() {
    let v = run(DRAFT, &req("check", json!({"path": "draft-2024.txt"}))).unwrap();
    assert_eq!(v["path"], "draft-2024.txt");
    assert_eq!(v["encoding"], "UTF-8");
    assert_eq!(v["report"], true);
    assert_eq!(v["year"], 2024);
    let r = rules(&v);
    for want in [
        "placeholder",
        "rate-mismatch",
        "empty-section",
        "missing-cause",
    ] {
        assert!(r.contains(&want), "{want} in {r:?}");
    }
    let rate =
        &v["findings"].as_array().unwrap()[r.iter().position(|r| *r == "rate-mismatch").unwrap()];
    assert_eq!(rate["data"]["arithmetic"], "2650 ÷ 2680 = 98.88%");
    assert_eq!(rate["line"], 7);
    // not a report: the CLI's short form
    let readme = run(
        "# 说明\n\n安装方法。\n",
        &req("check", json!({"path": "README.md"})),
    )
    .unwrap();
    assert_eq!(
        readme,
        json!({"path": "README.md", "encoding": "UTF-8", "report": false, "findings": []})
    );
    // options: a rule off, `all`
    let off = run(
        DRAFT,
        &req("check", json!({"rules": {"punct-width": "off"}})),
    )
    .unwrap();
    assert!(!rules(&off).contains(&"punct-width") && rules(&v).contains(&"punct-width"));
    let forced = run(
        "# 说明\n\n一、安装\n",
        &req("check", json!({"path": "a.md", "all": true})),
    );
    assert_eq!(forced.unwrap()["report"], true);
}

#[test]
fn view_positions_are_utf16_and_items_are_listed() {
    // an astral character before the findings shifts UTF-16 offsets by one more than chars
    let text = DRAFT.replacen("云岭县司法局在", "云岭县𠀀司法局在", 1);
    let v = run(&text, &req("view", json!({}))).unwrap();
    let utf16: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(v["length"], utf16.len());
    let file = &v["file"];
    for (f, m) in file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .zip(v["marks"].as_array().unwrap())
    {
        let (a, b) = (
            m["range"][0].as_u64().unwrap() as usize,
            m["range"][1].as_u64().unwrap() as usize,
        );
        let b0 = f["byteOffset"].as_u64().unwrap() as usize;
        let b1 = b0 + f["byteLength"].as_u64().unwrap() as usize;
        assert_eq!(String::from_utf16(&utf16[a..b]).unwrap(), text[b0..b1]);
    }
    let placeholder = v["marks"].as_array().unwrap()[rules(file)
        .iter()
        .position(|r| *r == "placeholder")
        .unwrap()]["range"]
        .clone();
    let a = placeholder[0].as_u64().unwrap() as usize;
    assert_eq!(String::from_utf16(&utf16[a..a + 2]).unwrap(), "××");
    let rate = rules(file)
        .iter()
        .position(|r| *r == "rate-mismatch")
        .unwrap();
    assert_eq!(v["marks"][rate]["figure"], true);
    let at = v["marks"][rate]["range"][0].as_u64().unwrap();
    let ex = run(&text, &json!({"op": "explain", "offset": at}).to_string()).unwrap();
    let explain = ex["explain"].as_str().unwrap();
    assert!(explain.contains("2650 ÷ 2680"), "{explain}");
    let items = v["outline"]["items"].as_array().unwrap();
    let found: Vec<(&str, bool)> = items
        .iter()
        .map(|i| (i["id"].as_str().unwrap(), i["found"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("measures", true),
            ("problems", true),
            ("duties", false),
            ("plan", false),
            ("other", true)
        ]
    );
    assert_eq!(items[2]["ordinal"], "（三）");
    assert_eq!(items[3]["canInsert"], true);
    assert_eq!(
        v["outline"]["title"]["text"],
        "关于2024年度法治政府建设情况的报告"
    );
    assert_eq!(v["outline"]["headings"][0]["item"], 0);
    assert!(v["fixable"]["punctuation"].as_u64().unwrap() >= 1);
    assert_eq!(v["fixable"]["missing"], 2);
}

#[test]
fn punctuation_fix_is_the_document_formatting() {
    let out = fix(CONVENTIONS, json!({"kind": "punctuation"})).unwrap();
    let text = out["text"].as_str().unwrap();
    assert!(out["applied"].as_u64().unwrap() > 10);
    assert!(text.contains("中共青山市委、青山市人民政府：\n2024年，青山县人民政府"));
    let after = run(text, &req("check", json!({}))).unwrap();
    assert!(!rules(&after).contains(&"punct-width"));
    assert!(rules(&run(CONVENTIONS, &req("check", json!({}))).unwrap()).contains(&"punct-width"));
}

#[test]
fn renumbering_clears_the_numbering_findings() {
    let before = run(CONVENTIONS, &req("check", json!({}))).unwrap();
    assert!(rules(&before).contains(&"numbering"));
    let out = fix(CONVENTIONS, json!({"kind": "numbering"})).unwrap();
    let text = out["text"].as_str().unwrap();
    assert!(out["applied"].as_u64().unwrap() >= 1);
    assert!(text.contains("（三）推进严格规范公正文明执法"), "{text}");
    assert!(text.contains("三是优化营商环境"), "{text}");
    let after = run(text, &req("check", json!({}))).unwrap();
    assert!(!rules(&after).contains(&"numbering"), "{after}");
}

#[test]
fn missing_items_are_inserted_from_the_template() {
    let one = fix(DRAFT, json!({"kind": "missing", "item": "plan"})).unwrap();
    let text = one["text"].as_str().unwrap();
    assert!(text.contains("2025年"), "{text}");
    let v = run(text, &req("view", json!({}))).unwrap();
    assert_eq!(v["outline"]["items"][3]["found"], true);
    assert_eq!(v["outline"]["items"][2]["found"], false);
    let all = fix(DRAFT, json!({"kind": "missing", "item": "all"})).unwrap();
    assert_eq!(all["applied"], 2);
    let v = run(all["text"].as_str().unwrap(), &req("view", json!({}))).unwrap();
    assert!(v["outline"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["found"] == true));
    assert!(
        fix(all["text"].as_str().unwrap(), json!({"kind": "missing"}))
            .unwrap_err()
            .contains("没有缺少")
    );
    assert!(fix(DRAFT, json!({"kind": "missing", "item": "bogus"}))
        .unwrap_err()
        .contains("bogus"));
}

#[test]
fn one_fix_of_one_finding_checks_the_text_is_the_checked_one() {
    let v = run(DRAFT, &req("check", json!({}))).unwrap();
    let i = rules(&v)
        .iter()
        .position(|r| *r == "rate-mismatch")
        .unwrap();
    let at = v["findings"][i]["byteOffset"].clone();
    let ok = fix(
        DRAFT,
        json!({"kind": "finding", "index": i, "rule": "rate-mismatch", "byteOffset": at}),
    )
    .unwrap();
    assert!(ok["text"].as_str().unwrap().contains("办结率98.9%"));
    let stale = fix(
        DRAFT,
        json!({"kind": "finding", "index": i, "rule": "placeholder", "byteOffset": at}),
    );
    assert!(stale.unwrap_err().contains("已经改变"));
    assert!(fix("随便写点什么。", json!({"kind": "punctuation"}))
        .unwrap_err()
        .contains("未识别"));
    assert!(fix(DRAFT, json!({"kind": "everything"}))
        .unwrap_err()
        .contains("未知的改正类型"));
}

#[test]
fn explain_skeleton_info_and_bad_requests() {
    let at =
        DRAFT.encode_utf16().count() - DRAFT[DRAFT.find("99.8%").unwrap()..].encode_utf16().count();
    let v = run(DRAFT, &json!({"op": "explain", "offset": at}).to_string()).unwrap();
    assert!(
        v["explain"].as_str().unwrap().starts_with("**数字 99.8%**"),
        "{v}"
    );
    let none = run(DRAFT, &json!({"op": "explain", "offset": 0}).to_string()).unwrap();
    assert!(none["explain"].is_null());

    let sk = run("", &req("skeleton", json!({"today": "2025-03-01"}))).unwrap();
    let sk = sk["text"].as_str().unwrap();
    assert!(sk.contains("2024") && sk.contains("2025年3月1日"), "{sk}");
    assert!(run("", &req("skeleton", json!({})))
        .unwrap_err()
        .contains("今天的日期"));

    let info = run("", &req("info", json!({}))).unwrap();
    assert_eq!(info["version"], gongwen::VERSION);
    assert_eq!(
        info["rules"].as_array().unwrap().len(),
        gongwen::rules::all().len()
    );
    assert_eq!(info["profiles"][0]["id"], "fazhi-zhengfu-niandu");
    assert_eq!(info["profiles"][0]["items"][1]["id"], "problems");
    assert_eq!(info["profiles"][0]["items"][1]["ordinal"], "（二）");

    assert_eq!(
        run("", r#"{"op":"selftest"}"#).unwrap(),
        json!({"unwinds": true})
    );
    assert!(run("", "not json").unwrap_err().contains("请求有误"));
    assert!(run("", r#"{"op":"launch"}"#)
        .unwrap_err()
        .contains("未知的操作"));
}

#[test]
fn the_c_abi_round_trips_and_reports_errors() {
    use crate::ffi::*;
    let call = |text: &[u8], req: &[u8]| unsafe {
        let t = gongwen_alloc(text.len());
        std::ptr::copy_nonoverlapping(text.as_ptr(), t, text.len());
        let r = gongwen_alloc(req.len());
        std::ptr::copy_nonoverlapping(req.as_ptr(), r, req.len());
        let status = gongwen_run(t, text.len(), r, req.len());
        gongwen_free(t, text.len());
        gongwen_free(r, req.len());
        let out = std::slice::from_raw_parts(gongwen_output_ptr(), gongwen_output_len());
        (status, String::from_utf8(out.to_vec()).unwrap())
    };
    let (s, out) = call(DRAFT.as_bytes(), br#"{"op":"check"}"#);
    assert_eq!(s, 0);
    // compared as text: serde_json's default float parsing may miss the last digit
    assert_eq!(
        out,
        crate::run_bytes(DRAFT.as_bytes(), r#"{"op":"check"}"#).unwrap()
    );
    let call = |text: &[u8], req: &[u8]| {
        let (s, out) = call(text, req);
        (s, serde_json::from_str::<Value>(&out).unwrap())
    };
    let (s, v) = call(b"\xff\xfe", br#"{"op":"check"}"#);
    assert_eq!(s, 1);
    assert!(v["error"].as_str().unwrap().contains("UTF-8"));
    let (s, v) = call(b"", b"");
    assert_eq!(s, 1);
    assert!(v["error"].as_str().unwrap().contains("请求有误"));
}

#[test]
fn a_word_document_is_read_as_its_text() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/docx/");
    let bytes = std::fs::read(format!("{dir}report-2024.docx")).unwrap();
    let txt = std::fs::read_to_string(format!("{dir}report-2024.txt")).unwrap();
    let v: Value =
        serde_json::from_str(&crate::run_bytes(&bytes, r#"{"op":"docx"}"#).unwrap()).unwrap();
    assert_eq!(v["text"], txt.as_str());
    assert_eq!(v["places"][0], "第1段");
    assert_eq!(v["places"].as_array().unwrap().len(), txt.lines().count());
    let old = crate::run_bytes(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", r#"{"op":"docx"}"#);
    assert!(old.unwrap_err().contains(".doc"));
    let not_zip = crate::run_bytes(b"plain text", r#"{"op":"docx"}"#);
    assert!(not_zip.is_err());
    let kind = |ext: &str| run("", &json!({"op": "fileKind", "ext": ext}).to_string()).unwrap();
    assert_eq!(kind("DOCX")["kind"], "docx");
    assert_eq!(kind("txt")["kind"], "text");
    assert!(kind("wps")["message"]
        .as_str()
        .unwrap()
        .contains("另存为 .docx 或 .txt"));
    // any other request still wants UTF-8 text
    assert!(crate::run_bytes(&bytes, r#"{"op":"check"}"#)
        .unwrap_err()
        .contains("UTF-8"));
}

#[test]
fn last_years_report_is_compared_when_given() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/yoy/");
    let read = |f: &str| std::fs::read_to_string(format!("{dir}{f}")).unwrap();
    let this = read("county-2024.txt");
    let yoy = |v: &Value| {
        rules(v)
            .into_iter()
            .filter(|r| {
                [
                    "copied-text",
                    "plan-followup",
                    "yoy-figure",
                    "problems-repeat",
                ]
                .contains(r)
            })
            .count()
    };
    let alone = run(&this, &req("check", json!({}))).unwrap();
    assert_eq!(yoy(&alone), 0);
    assert!(alone["previous"].is_null() && alone.as_object().unwrap().contains_key("previous"));
    let opts = json!({"previous": read("county-2023.txt"), "previousPath": "county-2023.txt"});
    let with = run(&this, &req("check", opts.clone())).unwrap();
    assert!(yoy(&with) >= 4, "{:?}", rules(&with));
    assert_eq!(with["previous"]["path"], "county-2023.txt");
    assert_eq!(with["previous"]["how"], "argument");
    assert!(with["previous"]["note"]
        .as_str()
        .unwrap()
        .starts_with("与上年度报告比对"));
    // the page's view: the same findings, related lines in last year's report
    let v = run(&this, &req("view", opts)).unwrap();
    assert_eq!(v["file"]["findings"], with["findings"]);
    assert_eq!(v["previous"]["used"], true);
    assert!(v["marks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["related"].as_array().unwrap())
        .any(|r| r["previousLine"].as_u64().is_some_and(|l| l > 0)));
    // two years back is refused as the CLI refuses it
    let old = json!({"previous": read("county-2022.txt"), "previousPath": "county-2022.txt"});
    let refused = run(&this, &req("check", old)).unwrap();
    assert_eq!(yoy(&refused), 0);
    assert!(refused["previous"]["path"].is_null());
    assert!(
        refused["previous"]["note"]
            .as_str()
            .unwrap()
            .contains("不衔接"),
        "{refused}"
    );
}
