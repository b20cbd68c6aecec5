//! End-to-end tests of `gongwen-ls check` on awkward files and outputs: symbolic link loops,
//! pipes, unreadable folders, non-UTF-8 file names, a closed or full stdout, a panic on one file,
//! and profile paths that must not be read.

#![cfg(unix)]

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use gongwen_e2e::{binary, fixture, scratch};
use serde_json::Value;

fn cmd(dir: &Path) -> Command {
    let mut c = Command::new(binary());
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

/// Run with a time limit (a hang is a failure, not a stuck test run).
fn run_limited(mut c: Command, limit: Duration) -> Output {
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn gongwen-ls");
    let start = Instant::now();
    let out_reader = {
        let mut so = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut v = vec![];
            std::io::Read::read_to_end(&mut so, &mut v).ok();
            v
        })
    };
    let err_reader = {
        let mut se = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut v = vec![];
            std::io::Read::read_to_end(&mut se, &mut v).ok();
            v
        })
    };
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("gongwen-ls did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    }
}

fn run(dir: &Path, args: &[&OsStr]) -> Output {
    let mut c = cmd(dir);
    c.args(args);
    run_limited(c, Duration::from_secs(60))
}

fn tmp(name: &str) -> PathBuf {
    scratch("files", name)
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn paths(v: &Value) -> Vec<String> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

fn s(x: &str) -> &OsStr {
    OsStr::new(x)
}

#[test]
fn symlink_loops_end_and_each_file_is_checked_once() {
    let d = tmp("loops");
    std::fs::create_dir_all(d.join("报告/乡镇")).unwrap();
    std::fs::write(d.join("报告/乡镇/甲镇.txt"), fixture("complete.txt")).unwrap();
    std::fs::write(d.join("报告/县.txt"), fixture("complete.txt")).unwrap();
    // a link to the folder's parent, a second link to the same folder, and two pointing at each other
    std::os::unix::fs::symlink("..", d.join("报告/乡镇/上级")).unwrap();
    std::os::unix::fs::symlink("乡镇", d.join("报告/又一个")).unwrap();
    std::os::unix::fs::symlink(d.join("报告/环2"), d.join("报告/环1")).unwrap();
    std::os::unix::fs::symlink(d.join("报告/环1"), d.join("报告/环2")).unwrap();
    let o = run(&d, &[s("check"), s("--format"), s("json"), s("报告")]);
    let v = json(&o);
    let mut p = paths(&v);
    p.sort();
    assert_eq!(p, ["报告/乡镇/甲镇.txt", "报告/县.txt"], "{v}");
    assert_eq!(o.status.code(), Some(0), "{v}");
}

#[test]
fn a_file_with_thousands_of_findings_is_streamed_in_place_in_the_json() {
    // over 2 000 findings: that file's JSON is written straight to the output by the writing
    // thread (not rendered on a worker), between the files before and after it
    let d = tmp("many");
    let mut many = String::from("关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n");
    for _ in 0..3000 {
        many.push_str("（执法");
    }
    many.push('\n');
    std::fs::write(d.join("a.txt"), fixture("complete.txt")).unwrap();
    std::fs::write(d.join("b.txt"), &many).unwrap();
    std::fs::write(d.join("c.txt"), fixture("complete.txt")).unwrap();
    for args in [["a.txt", "b.txt", "c.txt"], ["b.txt", "a.txt", "c.txt"]] {
        let mut all = vec![s("check"), s("--format"), s("json")];
        all.extend(args.iter().map(|a| s(a)));
        let o = run(&d, &all);
        let v = json(&o);
        assert_eq!(paths(&v), args, "{v}");
        let files = v["files"].as_array().unwrap();
        let b = files.iter().find(|f| f["path"] == "b.txt").unwrap();
        let unclosed = b["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "unpaired-mark")
            .count();
        assert_eq!(unclosed, 3000, "{v}");
        let listed: usize = files
            .iter()
            .map(|f| f["findings"].as_array().unwrap().len())
            .sum();
        let s = &v["summary"];
        let counted: u64 = ["error", "warning", "information", "hint"]
            .iter()
            .map(|k| s[k].as_u64().unwrap())
            .sum();
        assert_eq!(listed as u64, counted, "{v}");
        assert_eq!(s["files"], 3, "{v}");
    }
}

#[test]
fn pipes_and_devices_are_skipped_with_a_note() {
    let d = tmp("fifo");
    std::fs::write(d.join("a.txt"), fixture("complete.txt")).unwrap();
    let st = Command::new("mkfifo")
        .arg(d.join("管道.txt"))
        .status()
        .expect("mkfifo");
    assert!(st.success());
    std::os::unix::fs::symlink("/dev/zero", d.join("零.txt")).unwrap();
    // in a folder
    let o = run(&d, &[s("check"), s(".")]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("管道.txt：不是普通文件"), "{out}");
    assert!(out.contains("零.txt：不是普通文件"), "{out}");
    assert!(out.contains("共检查 1 份报告"), "{out}");
    assert_eq!(o.status.code(), Some(0), "{out}");
    // named explicitly
    let o = run(
        &d,
        &[
            s("check"),
            s("--format=json"),
            s("管道.txt"),
            s("/dev/zero"),
        ],
    );
    let v = json(&o);
    assert_eq!(v["notes"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(v["files"].as_array().unwrap().len(), 0, "{v}");
}

/// Running as root, permissions do not stop reads: run the binary as `nobody` then.
fn as_unprivileged(c: &mut Command, d: &Path) {
    let probe = d.join(".uid-probe");
    std::fs::write(&probe, "").unwrap();
    let root = std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(&probe).unwrap()) == 0;
    std::fs::remove_file(&probe).unwrap();
    if root {
        c.uid(65534).gid(65534);
    }
}

#[test]
fn an_unreadable_folder_is_reported_and_the_walk_goes_on() {
    let d = tmp("unreadable");
    std::fs::create_dir_all(d.join("a/锁住")).unwrap();
    std::fs::create_dir_all(d.join("a/z")).unwrap();
    std::fs::write(d.join("a/锁住/x.txt"), fixture("complete.txt")).unwrap();
    std::fs::write(d.join("a/z/y.txt"), fixture("complete.txt")).unwrap();
    std::fs::write(d.join("a/b.txt"), fixture("complete.txt")).unwrap();
    for p in ["", "a", "a/z", "a/b.txt", "a/z/y.txt"] {
        let mode = if p.ends_with(".txt") { 0o644 } else { 0o755 };
        std::fs::set_permissions(d.join(p), std::fs::Permissions::from_mode(mode)).unwrap();
    }
    std::fs::set_permissions(d.join("a/锁住"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut c = cmd(&d);
    c.args(["check", "--format", "json", "a"]);
    as_unprivileged(&mut c, &d);
    let o = run_limited(c, Duration::from_secs(60));
    std::fs::set_permissions(d.join("a/锁住"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let v = json(&o);
    assert_eq!(paths(&v), ["a/b.txt", "a/z/y.txt"], "{v}");
    assert_eq!(v["errors"][0]["path"], "a/锁住", "{v}");
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("无法读取文件夹"),
        "{v}"
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn gbk_file_names_work_as_explicit_paths_and_in_folders() {
    let d = tmp("gbk-names");
    std::fs::create_dir_all(d.join("dir")).unwrap();
    // 报告.txt with the name in GBK bytes
    let name = OsStr::from_bytes(&[0xB1, 0xA8, 0xB8, 0xE6, b'.', b't', b'x', b't']);
    std::fs::write(d.join(name), fixture("lacks-problems-and-plan.txt")).unwrap();
    std::fs::write(d.join("dir").join(name), fixture("complete.txt")).unwrap();
    let o = run(&d, &[s("check"), s("--format"), s("json"), name, s("dir")]);
    let v = json(&o);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{v}");
    assert_eq!(files[0]["report"], true, "{v}");
    assert!(v["errors"].as_array().unwrap().is_empty(), "{v}");
    assert_eq!(
        o.status.code(),
        Some(1),
        "the explicit file lacks items: {v}"
    );
}

#[test]
fn a_closed_stdout_ends_quietly_and_a_full_one_exits_2() {
    let d = tmp("stdout");
    for i in 0..30 {
        std::fs::write(
            d.join(format!("{i:02}.txt")),
            fixture("halfwidth-draft.txt"),
        )
        .unwrap();
    }
    for args in [
        &["check", "."][..],
        &["check", "--format", "json", "."],
        &["profile"],
        &["--help"],
        &["--version"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = cmd(&d)
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?} wrote to stderr: {err}");
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = cmd(&d)
            .args(args)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("无法写出结果"), "{args:?}: {err}");
    }
}

#[test]
fn a_panic_on_one_file_is_reported_for_it_and_the_batch_goes_on() {
    let d = tmp("panic");
    let marker = "【触发内部错误】";
    std::fs::write(d.join("a.txt"), fixture("complete.txt")).unwrap();
    std::fs::write(
        d.join("b.txt"),
        format!("{}{marker}\n", fixture("complete.txt")),
    )
    .unwrap();
    std::fs::write(d.join("c.txt"), fixture("complete.txt")).unwrap();
    let mut c = cmd(&d);
    c.args(["check", "--format", "json", "."])
        .env("GONGWEN_LS_INJECT_PANIC", marker);
    let o = run_limited(c, Duration::from_secs(60));
    let v = json(&o);
    assert_eq!(paths(&v), ["./a.txt", "./c.txt"], "{v}");
    assert_eq!(v["errors"][0]["path"], "./b.txt", "{v}");
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("内部出错"),
        "{v}"
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_bad_profile_path_is_refused_without_reading_or_quoting_it() {
    let d = tmp("profile");
    std::fs::write(d.join("a.txt"), fixture("complete.txt")).unwrap();
    let st = Command::new("mkfifo")
        .arg(d.join("fifo.toml"))
        .status()
        .expect("mkfifo");
    assert!(st.success());
    for (profile, why) in [
        ("/proc/self/environ", "工作区"),
        ("fifo.toml", "不是普通文件"),
        ("/dev/zero", "工作区"),
    ] {
        std::fs::write(
            d.join(".gongwen.toml"),
            format!("profile = \"{profile}\"\n"),
        )
        .unwrap();
        let o = run(&d, &[s("check"), s("a.txt")]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{profile}: {err}");
        assert!(err.contains(why), "{profile}: {err}");
        assert!(!err.contains("PATH="), "{profile} quoted the file: {err}");
    }
}
