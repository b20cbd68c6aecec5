//! End-to-end tests of `gongwen-ls check` and the other command-line entry points.

use std::path::{Path, PathBuf};

use gongwen_e2e::{describe, fixture, run, scratch, stdout};
use serde_json::Value;

fn tmp(name: &str) -> PathBuf {
    scratch("cli", name)
}

#[test]
fn version_and_help() {
    let d = tmp("version");
    let o = run(&["--version"], &d);
    assert!(o.status.success(), "{}", describe(&o));
    assert!(stdout(&o).starts_with("gongwen-ls "));
    let o = run(&["--help"], &d);
    assert!(stdout(&o).contains("gongwen-ls check"));
    let o = run(&["frobnicate"], &d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("未知命令"));
    let o = run(&["profile"], &d);
    assert!(stdout(&o).contains("[[items]]"));
}

#[test]
fn human_output_and_exit_status() {
    let d = tmp("human");
    std::fs::write(d.join("lacks.txt"), fixture("lacks-problems-and-plan.txt")).unwrap();
    std::fs::write(d.join("ok.txt"), fixture("complete.txt")).unwrap();
    let o = run(&["check", "lacks.txt"], &d);
    assert_eq!(o.status.code(), Some(1), "errors → exit 1");
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains("[missing-section]"))
        .expect("finding line");
    assert!(lines[first].starts_with("lacks.txt:"), "{out}");
    assert!(
        lines[first].contains("错误[missing-section] 缺少法定事项（二）“存在的不足和原因”"),
        "{out}"
    );
    // the source line and a caret line follow
    assert!(lines[first + 1].contains(" | "), "{out}");
    assert!(lines[first + 2].trim_start().starts_with("| ^"), "{out}");
    assert!(out.contains("共检查 1 份报告"), "{out}");

    let o = run(&["check", "ok.txt"], &d);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(!stdout(&o).contains("[missing-section]"));
}

#[test]
fn json_output_and_folders() {
    let d = tmp("json");
    std::fs::create_dir_all(d.join("报告/乡镇")).unwrap();
    std::fs::create_dir_all(d.join(".hidden")).unwrap();
    std::fs::write(
        d.join("报告/县政府.txt"),
        fixture("lacks-problems-and-plan.txt"),
    )
    .unwrap();
    std::fs::write(d.join("报告/乡镇/某镇.md"), fixture("complete.txt")).unwrap();
    std::fs::write(d.join("报告/说明.md"), fixture("readme.md")).unwrap();
    std::fs::write(d.join("报告/图片.png"), [0x89, b'P', b'N', b'G']).unwrap();
    std::fs::write(
        d.join(".hidden/x.txt"),
        fixture("lacks-problems-and-plan.txt"),
    )
    .unwrap();
    let o = run(
        &[
            "check",
            "--format",
            "json",
            "报告",
            ".hidden/../报告/县政府.txt",
        ],
        &d,
    );
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let files = v["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 4, "{paths:?}");
    assert!(
        paths[0].ends_with("某镇.md")
            && paths[1].ends_with("县政府.txt")
            && paths[2].ends_with("说明.md"),
        "{paths:?}"
    );
    assert_eq!(files[2]["report"], false);
    let f = &files[1];
    assert_eq!(f["year"], 2024);
    let missing: Vec<&str> = f["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "missing-section")
        .map(|x| x["data"]["section"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["problems", "plan"]);
    let first = &f["findings"][0];
    assert!(first["line"].as_u64().unwrap() >= 1 && first["column"].as_u64().unwrap() >= 1);
    assert!(first["fixes"][0]["edits"][0]["newText"]
        .as_str()
        .unwrap()
        .contains("存在的不足和原因"));
    assert_eq!(v["summary"]["reports"], 3);
    assert!(v["summary"]["error"].as_u64().unwrap() >= 4);
}

#[test]
fn garbage_files_are_reported_not_fatal() {
    let d = tmp("garbage");
    // invalid UTF-8 that is not GB18030 either
    std::fs::write(
        d.join("bad.txt"),
        [0xFF, 0xFF, 0x00, 0xC3, 0x28, 0xA0, 0xA1],
    )
    .unwrap();
    // a GB18030-encoded report (as saved by Chinese office software) and a UTF-16 one
    let report = fixture("complete.txt");
    let (gbk, _, _) = encoding_rs::GB18030.encode(&report);
    std::fs::write(d.join("gbk.txt"), gbk).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in fixture("complete.txt").encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    std::fs::write(d.join("utf16.txt"), utf16).unwrap();
    // a 5 MB report
    let mut big = fixture("complete.txt");
    while big.len() < 5_000_000 {
        big.push_str(
            "（六）持续推进执法规范化建设。全年组织执法人员培训12场次，抽查行政处罚案卷120卷。\n",
        );
    }
    std::fs::write(d.join("big.txt"), big).unwrap();
    let o = run(
        &[
            "check",
            "bad.txt",
            "gbk.txt",
            "utf16.txt",
            "big.txt",
            "missing.txt",
        ],
        &d,
    );
    assert_eq!(o.status.code(), Some(2), "unreadable files → exit 2");
    let out = stdout(&o);
    assert!(out.contains("bad.txt：无法识别文件编码"), "{out}");
    assert!(out.contains("missing.txt：无法访问"), "{out}");
    assert!(out.contains("共检查 3 份报告"), "{out}");
    assert!(out.contains("2 个文件无法读取"), "{out}");
}

#[test]
fn non_reports_are_skipped_unless_forced_and_rules_can_be_silenced() {
    let d = tmp("force");
    std::fs::write(d.join("README.md"), fixture("readme.md")).unwrap();
    let o = run(&["check", "README.md"], &d);
    assert!(o.status.success(), "{}", describe(&o));
    assert!(stdout(&o).contains("未识别为法治政府建设年度报告"));
    let o = run(&["check", "--all", "README.md"], &d);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    std::fs::write(d.join("lacks.txt"), fixture("lacks-problems-and-plan.txt")).unwrap();
    let o = run(
        &["check", "--rule", "missing-section=warning", "lacks.txt"],
        &d,
    );
    assert!(
        o.status.success(),
        "downgraded to warnings → exit 0: {}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("警告[missing-section]"));
    // a workspace config file found from the current directory
    std::fs::write(
        d.join(".gongwen.toml"),
        "[rules]\nmissing-section = \"off\"\n",
    )
    .unwrap();
    let o = run(&["check", "lacks.txt"], &d);
    assert!(o.status.success(), "{}", describe(&o));
    assert!(!stdout(&o).contains("[missing-section]"));
    std::fs::write(d.join(".gongwen.toml"), "[rules\n").unwrap();
    let o = run(&["check", "lacks.txt"], &d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("格式有误"));
}

#[test]
fn check_help_and_min_severity() {
    let d = tmp("minsev");
    std::fs::write(d.join("half.txt"), fixture("halfwidth-draft.txt")).unwrap();
    for flag in ["-h", "--help"] {
        let o = run(&["check", flag], &d);
        assert!(o.status.success(), "{flag}");
        assert!(stdout(&o).contains("--min-severity"), "{flag}");
    }
    // by default the hints (each half-width mark) are counted, not listed; the summary says so
    // and points to the command that fixes them, not to an editor action
    let o = run(&["check", "half.txt"], &d);
    assert!(o.status.success(), "{}", describe(&o));
    let out = stdout(&o);
    assert!(!out.contains("提示[punct-width]"), "{out}");
    assert!(out.contains("信息[punct-width]"), "{out}");
    assert!(out.contains("可运行 gongwen-ls fix half.txt 改正"), "{out}");
    assert!(
        !out.contains("快速修复") && !out.contains("格式化文档"),
        "{out}"
    );
    let last = out.lines().last().unwrap();
    assert!(
        last.contains("错误 0 处，警告 0 处，信息 2 处，提示"),
        "{last}"
    );
    assert!(last.contains("--min-severity hint"), "{last}");
    // every level listed
    let o = run(&["check", "--min-severity", "hint", "half.txt"], &d);
    assert!(stdout(&o).contains("提示[punct-width]"));
    // errors only: nothing listed in this draft
    let o = run(&["check", "--min-severity=错误", "half.txt"], &d);
    assert!(!stdout(&o).contains("[punct-width]"), "{}", stdout(&o));
    let o = run(&["check", "--min-severity", "loud", "half.txt"], &d);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn fix_shows_a_diff_then_corrects_the_file_in_place() {
    let d = tmp("fix");
    let original = fixture("halfwidth-draft.txt");
    std::fs::write(d.join("half.txt"), &original).unwrap();
    let o = run(&["fix", "--help"], &d);
    assert!(o.status.success() && stdout(&o).contains("--diff"));
    // --diff: a unified diff on stdout, the file untouched
    let o = run(&["fix", "--diff", "half.txt"], &d);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let diff = stdout(&o);
    assert!(diff.starts_with("--- "), "{diff}");
    assert!(diff.contains("\n+++ ") && diff.contains("\n@@ "), "{diff}");
    assert!(
        diff.lines().any(|l| l.starts_with('-') && l.contains(',')),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("half.txt")).unwrap(),
        original
    );
    // in place: afterwards the check finds no half-width mark
    let o = run(&["fix", "half.txt"], &d);
    assert!(o.status.success(), "{}", describe(&o));
    assert!(stdout(&o).contains("已改正半角标点"), "{}", stdout(&o));
    let fixed = std::fs::read_to_string(d.join("half.txt")).unwrap();
    assert_ne!(fixed, original);
    let o = run(&["check", "--min-severity", "hint", "half.txt"], &d);
    assert!(!stdout(&o).contains("[punct-width]"), "{}", stdout(&o));
    // a second run has nothing left to do
    let o = run(&["fix", "half.txt"], &d);
    assert!(stdout(&o).contains("没有需要自动改正"), "{}", stdout(&o));
}

/// The README's first set-up command prints what the README shows: the sample output after
/// `cargo run -- check examples/report-2024.txt` is this binary's output, character for character.
#[test]
fn the_readme_quick_start_output_is_true() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let command = "cargo run -- check examples/report-2024.txt";
    let after = &readme[readme.find(command).expect("the quick start command")..];
    let block = after
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a ```text block after the command");
    let o = run(&["check", "examples/report-2024.txt"], root);
    assert_eq!(
        stdout(&o),
        block,
        "README.md's sample output is out of date"
    );
}
