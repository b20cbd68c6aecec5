//! Files, paths and URIs as they come from Windows desks: CRLF line ends, GB18030 (GBK) and
//! UTF-16 files, Chinese and non-Unicode file names, backslash paths and drive letters,
//! `file:///c%3A/…` URIs. `cargo test` runs them against the native build; scripts/release runs
//! them against the Windows build under Wine (`GONGWEN_LS_BIN=…/gongwen-ls.exe
//! GONGWEN_LS_RUNNER=wine`), where the backslash and drive-letter paths are the real thing.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Output;

use gongwen_e2e::{fixture, of_rule, run, scratch, target_is_windows, Lsp};
use serde_json::{json, Value};

fn args(a: &[&str]) -> Vec<OsString> {
    a.iter().map(OsString::from).collect()
}

fn tmp(name: &str) -> PathBuf {
    scratch("win", name)
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

/// (rule, line, column, end line, end column) of each finding of one file in `check --format json`.
fn positions(file: &Value) -> Vec<(String, u64, u64, u64, u64)> {
    file["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let n = |k: &str| f[k].as_u64().expect(k);
            (
                f["rule"].as_str().unwrap().to_string(),
                n("line"),
                n("column"),
                n("endLine"),
                n("endColumn"),
            )
        })
        .collect()
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

fn gbk(text: &str) -> Vec<u8> {
    let (b, _, bad) = encoding_rs::GB18030.encode(text);
    assert!(!bad);
    b.into_owned()
}

#[test]
fn crlf_gbk_and_utf16_files_read_like_the_utf8_original() {
    let d = tmp("enc");
    let text = fixture("figures-wrong.txt");
    std::fs::write(d.join("草稿（UTF-8）.txt"), &text).unwrap();
    std::fs::write(d.join("草稿（GBK，CRLF）.txt"), gbk(&crlf(&text))).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in crlf(&text).encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    std::fs::write(d.join("草稿（UTF-16，CRLF）.txt"), utf16).unwrap();

    let o = run(&args(&["check", "--format", "json", "."]), &d);
    assert_eq!(o.status.code(), Some(1), "the draft has errors");
    let v = json_of(&o);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{v}");
    let by_name = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not in {v}"))
    };
    let lf = by_name("草稿（UTF-8）.txt");
    let gb = by_name("草稿（GBK，CRLF）.txt");
    let u16 = by_name("草稿（UTF-16，CRLF）.txt");
    assert_eq!(
        [&lf["encoding"], &gb["encoding"], &u16["encoding"]],
        ["UTF-8", "GB18030", "UTF-16LE"]
    );
    let want = positions(lf);
    assert!(
        want.iter().any(|p| p.1 > 5),
        "findings further down the file: {want:?}"
    );
    assert_eq!(positions(gb), want, "GBK + CRLF");
    assert_eq!(positions(u16), want, "UTF-16 + CRLF");

    // Human output: the same lines and carets, no carriage return to garble the caret line.
    let human = |name: &str| {
        let o = run(&args(&["check", name]), &d);
        String::from_utf8(o.stdout)
            .expect("UTF-8 output")
            .replace(name, "FILE")
    };
    let gb_out = human("草稿（GBK，CRLF）.txt");
    assert!(!gb_out.contains('\r'), "{gb_out:?}");
    assert!(!gb_out.contains('\u{1b}'), "no colour codes into a pipe");
    assert!(gb_out.contains("FILE:"), "{gb_out}");
    assert_eq!(gb_out, human("草稿（UTF-8）.txt"));
}

/// A path to give the binary: on the Windows build under Wine, the drive-letter form (Wine
/// maps `Z:` to `/`), with backslashes.
fn native_arg(p: &Path) -> String {
    if target_is_windows() {
        format!("Z:{}", p.display()).replace('/', "\\")
    } else {
        p.display().to_string()
    }
}

#[test]
fn backslash_paths_and_drive_letters() {
    let d = tmp("paths");
    std::fs::create_dir_all(d.join("各县报告")).unwrap();
    std::fs::write(
        d.join("各县报告").join("白河县.txt"),
        gbk(&crlf(&fixture("figures-wrong.txt"))),
    )
    .unwrap();
    let reference = run(
        &args(&["check", "--format", "json", "各县报告/白河县.txt"]),
        &d,
    );
    let want = positions(&json_of(&reference)["files"][0]);
    assert!(!want.is_empty());

    let abs = native_arg(&d.join("各县报告").join("白河县.txt"));
    let mut given = vec![abs.clone()];
    if target_is_windows() {
        // Backslashes, a lower-case drive letter, a folder with a trailing backslash.
        given.push("各县报告\\白河县.txt".into());
        given.push(format!("z{}", &abs[1..]));
        given.push("各县报告\\".into());
        given.push(".\\各县报告".into());
    } else {
        given.push("./各县报告/".into());
    }
    for arg in &given {
        let o = run(&args(&["check", "--format", "json", arg]), &d);
        let v = json_of(&o);
        assert_eq!(v["errors"], json!([]), "{arg}: {v}");
        let file = &v["files"][0];
        assert_eq!(positions(file), want, "{arg}");
        // The path is shown as the user wrote it (a folder's files below it).
        let shown = file["path"].as_str().unwrap();
        assert!(
            shown.starts_with(arg.trim_end_matches(['\\', '/'])),
            "{arg} shown as {shown}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_unicode_is_still_read() {
    use std::os::unix::ffi::OsStrExt;
    let d = tmp("gbk-name");
    // "白河县报告.txt" in GBK, as unpacked from an archive made on Windows.
    let name_bytes = gbk("白河县报告.txt");
    assert!(std::str::from_utf8(&name_bytes).is_err());
    let name = OsString::from(std::ffi::OsStr::from_bytes(&name_bytes));
    std::fs::write(d.join(&name), gbk(&crlf(&fixture("figures-wrong.txt")))).unwrap();
    for given in [name.clone(), OsString::from(".")] {
        let mut a = args(&["check", "--format", "json"]);
        a.push(given.clone());
        let o = run(&a, &d);
        let v = json_of(&o);
        assert_eq!(v["errors"], json!([]), "{given:?}: {v}");
        assert_eq!(v["summary"]["reports"], 1, "{given:?}: {v}");
        assert!(!positions(&v["files"][0]).is_empty());
    }
}

#[test]
fn windows_uris_crlf_text_and_backslash_globs_over_lsp() {
    // The workspace folder as VS Code on Windows sends it; documents in other spellings of the
    // same drive; an include glob written with a backslash.
    let root = "file:///c%3A/Users/%E5%BC%A0%E4%B8%89/%E6%8A%A5%E5%91%8A";
    let included = "file:///C:/Users/%E5%BC%A0%E4%B8%89/%E6%8A%A5%E5%91%8A/%E8%8D%89%E7%A8%BF/%E6%8F%90%E7%BA%B2.txt";
    let elsewhere = format!("{root}/%E6%8F%90%E7%BA%B2.txt");
    let settings = json!({"reports": {"include": ["草稿\\*.txt"], "autoDetect": true}});
    let mut s = Lsp::spawn();
    s.settings = settings.clone();
    s.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{"uri": root, "name": "报告"}],
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "workspace": {"configuration": true}
            },
            "initializationOptions": settings,
        }),
    );
    s.notify("initialized", json!({}));

    // Not titled as a report: checked only because the glob opts it in.
    let outline = "随手记录的提纲\r\n一、主要举措和成效\r\n";
    s.open(included, "plaintext", outline);
    let d = s.diagnostics(included, Some(1));
    assert_eq!(
        d["uri"], included,
        "published under the URI the client sent"
    );
    assert!(!of_rule(&d, "empty-section").is_empty(), "{d}");
    s.open(&elsewhere, "plaintext", outline);
    let d = s.diagnostics(&elsewhere, Some(1));
    assert_eq!(d["diagnostics"], json!([]), "outside 草稿\\: not a report");

    // A CRLF report: the same ranges as its LF original, related locations under the same URI.
    let report = fixture("figures-wrong.txt");
    let lf_uri = format!("{root}/lf.txt");
    let crlf_uri = format!("{root}/crlf.txt");
    s.open(&lf_uri, "plaintext", &report);
    s.open(&crlf_uri, "plaintext", &crlf(&report));
    let shape = |d: &Value, uri: &str| -> Vec<Value> {
        d["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                for r in x["relatedInformation"].as_array().into_iter().flatten() {
                    assert_eq!(r["location"]["uri"], uri);
                }
                json!([x["code"], x["range"]])
            })
            .collect()
    };
    let lf = s.diagnostics(&lf_uri, Some(1));
    let cr = s.diagnostics(&crlf_uri, Some(1));
    assert!(!shape(&lf, &lf_uri).is_empty());
    assert_eq!(shape(&cr, &crlf_uri), shape(&lf, &lf_uri));
    s.stop();
}
