//! The batch checker: `gongwen-ls check PATH…` for reviewers who receive dozens of reports.
//!
//! Exit status: 0 when no error-level finding, 1 when there is at least one, 2 when a file could
//! not be read or the command line is wrong.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Value};

use gongwen::analysis::{self, Analysis, Options};
use gongwen::config::Config;
use gongwen::finding::{Finding, Level, Severity};
use gongwen::profile::Profile;
use gongwen::text::{display_width, Encoding, LineIndex};

const HELP: &str = "gongwen-ls — 法治政府建设年度报告检查工具

用法：
  gongwen-ls [--stdio]              作为语言服务器运行（编辑器调用）
  gongwen-ls check [选项] 路径…      检查报告文件或文件夹（.txt / .md）
  gongwen-ls profile                输出内置的报告配置（可复制后修改）
  gongwen-ls --version              显示版本

check 选项：
  --format human|json   输出格式（默认 human）
  --all                 不论是否识别为年度报告，都按报告检查
  --config 文件         使用指定的 .gongwen.toml（默认从当前目录向上查找）
  --rule 规则=级别      调整规则级别，如 --rule empty-section=off（可多次使用）
  --no-color            不使用颜色

退出码：0 无错误级问题；1 有错误级问题；2 文件无法读取或参数有误。
";

/// Run the CLI with `args` (without the program name). Returns the exit code.
pub fn run(args: Vec<OsString>) -> i32 {
    let args: Vec<String> = args
        .into_iter()
        .map(|a| {
            a.into_string()
                .unwrap_or_else(|a| a.to_string_lossy().into_owned())
        })
        .collect();
    match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("profile") => {
            print!("{}", gongwen::profile::DEFAULT_PROFILE_TOML);
            0
        }
        Some("--version" | "-V" | "version") => {
            println!("gongwen-ls {}", gongwen::VERSION);
            0
        }
        Some("--help" | "-h" | "help") => {
            print!("{HELP}");
            0
        }
        Some(other) => {
            eprintln!("gongwen-ls：未知命令“{other}”\n\n{HELP}");
            2
        }
        None => 0,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

struct CheckArgs {
    format: Format,
    all: bool,
    config: Option<PathBuf>,
    rules: Vec<(String, Level)>,
    color: bool,
    paths: Vec<PathBuf>,
}

fn parse_check_args(args: &[String]) -> Result<CheckArgs, String> {
    let mut a = CheckArgs {
        format: Format::Human,
        all: false,
        config: None,
        rules: vec![],
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        paths: vec![],
    };
    let mut it = args.iter();
    while let Some(x) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("选项 {name} 需要一个值"))
        };
        match x.as_str() {
            "--format" => {
                a.format = match value("--format")?.as_str() {
                    "human" | "text" => Format::Human,
                    "json" => Format::Json,
                    f => return Err(format!("不支持的输出格式“{f}”（可用：human、json）")),
                }
            }
            s if s.starts_with("--format=") => {
                a.format = match &s[9..] {
                    "human" | "text" => Format::Human,
                    "json" => Format::Json,
                    f => return Err(format!("不支持的输出格式“{f}”（可用：human、json）")),
                }
            }
            "--all" => a.all = true,
            "--no-color" => a.color = false,
            "--config" => a.config = Some(PathBuf::from(value("--config")?)),
            "--rule" => {
                let v = value("--rule")?;
                let (id, level) = v.split_once('=').ok_or_else(|| {
                    format!("--rule 的写法是 规则=级别，如 empty-section=off（收到“{v}”）")
                })?;
                if gongwen::rules::info(id).is_none() {
                    return Err(format!("未知的规则 id “{id}”"));
                }
                let l = Level::parse(level).ok_or_else(|| {
                    format!("无效的级别“{level}”（可用：off、hint、information、warning、error）")
                })?;
                a.rules.push((id.to_string(), l));
            }
            "--" => a.paths.extend(it.by_ref().map(PathBuf::from)),
            s if s.starts_with("--") => return Err(format!("未知选项“{s}”")),
            s => a.paths.push(PathBuf::from(s)),
        }
    }
    if a.paths.is_empty() {
        return Err("请给出要检查的文件或文件夹".into());
    }
    Ok(a)
}

/// Files to check under `path`: the file itself, or the .txt/.md files of a folder, sorted.
fn collect(path: &Path, explicit: bool, out: &mut Vec<(PathBuf, bool)>) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        out.push((path.to_path_buf(), explicit));
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name == "node_modules" || name == "target" {
            continue;
        }
        if p.is_dir() {
            collect(&p, false, out)?;
        } else {
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            if matches!(ext.as_deref(), Some("txt" | "md" | "markdown")) {
                out.push((p, false));
            }
        }
    }
    Ok(())
}

/// Decode a file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (common for
/// documents saved by Chinese office software). Returns the text and the encoding's name.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), "UTF-8"))
            .map_err(|e| {
                format!(
                    "不是有效的 UTF-8 文本（第 {} 字节附近）",
                    e.valid_up_to() + 3
                )
            });
    }
    for (bom, enc) in [
        (&[0xFF, 0xFE][..], encoding_rs::UTF_16LE),
        (&[0xFE, 0xFF][..], encoding_rs::UTF_16BE),
    ] {
        if bytes.starts_with(bom) {
            let (s, _, bad) = enc.decode(bytes);
            if !bad {
                return Ok((s.into_owned(), enc.name()));
            }
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) if !s.contains('\0') => Ok((s.to_string(), "UTF-8")),
        Ok(_) => Err("含有 NUL 字节，看起来是二进制文件，不是文本".into()),
        Err(e) => {
            if !bytes.contains(&0) {
                let (s, _, bad) = encoding_rs::GB18030.decode(bytes);
                if !bad {
                    return Ok((s.into_owned(), "GB18030"));
                }
            }
            Err(format!(
                "无法识别文件编码：不是有效的 UTF-8 文本（第 {} 字节处出错），也不是 GB18030 文本",
                e.valid_up_to()
            ))
        }
    }
}

struct Checked {
    path: PathBuf,
    explicit: bool,
    result: Result<(String, &'static str, Analysis), String>,
}

fn check(args: &[String]) -> i32 {
    let a = match parse_check_args(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gongwen-ls check：{e}\n\n{HELP}");
            return 2;
        }
    };
    let mut status = 0;
    // configuration
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let cfg_path = a.config.clone().or_else(|| Config::discover(&cwd));
    let (mut cfg, cfg_dir) = match &cfg_path {
        Some(p) => {
            let dir = p
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| cwd.clone());
            match std::fs::read_to_string(p)
                .map_err(|e| e.to_string())
                .and_then(|s| Config::from_toml(&s, &dir))
            {
                Ok(c) => (c, dir),
                Err(e) => {
                    eprintln!("gongwen-ls：无法读取配置 {}：{e}", p.display());
                    return 2;
                }
            }
        }
        None => (Config::default(), cwd.clone()),
    };
    for w in cfg.warnings.drain(..) {
        eprintln!("gongwen-ls：{w}");
    }
    for (id, l) in &a.rules {
        cfg.rules.insert(id.clone(), *l);
    }
    let profile: Arc<Profile> = match &cfg.profile {
        Some(p) => match std::fs::read_to_string(p)
            .map_err(|e| format!("无法读取：{e}"))
            .and_then(|s| Profile::from_toml(&s))
        {
            Ok(p) => Arc::new(p),
            Err(e) => {
                eprintln!("gongwen-ls：报告配置 {} 有误：{e}", p.display());
                return 2;
            }
        },
        None => Profile::default_profile(),
    };
    // files
    let mut files = vec![];
    let mut errors: Vec<(PathBuf, String)> = vec![];
    for p in &a.paths {
        if let Err(e) = collect(p, true, &mut files) {
            errors.push((p.clone(), format!("无法访问：{e}")));
        }
    }
    let cfg = Arc::new(cfg);
    let results = check_files(files, &cfg, &cfg_dir, &profile, a.all);
    let mut counts = [0usize; 4];
    let mut reports = 0;
    let mut skipped = 0;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut json_files = vec![];
    for c in &results {
        match &c.result {
            Err(e) => errors.push((c.path.clone(), e.clone())),
            Ok((text, enc, an)) => {
                if !an.is_report() {
                    skipped += 1;
                    if c.explicit && a.format == Format::Human {
                        let _ = writeln!(
                            out,
                            "{}：未识别为法治政府建设年度报告（标题或开头段需写明“法治政府建设”和年份），未检查；可加 --all 强制检查",
                            c.path.display()
                        );
                    }
                    if a.format == Format::Json {
                        json_files.push(json!({"path": c.path.display().to_string(), "encoding": enc, "report": false, "findings": []}));
                    }
                    continue;
                }
                reports += 1;
                for f in &an.findings {
                    counts[f.severity as usize] += 1;
                }
                match a.format {
                    Format::Human => print_human(&mut out, &c.path, text, an, a.color),
                    Format::Json => json_files.push(file_json(&c.path, text, enc, an)),
                }
            }
        }
    }
    if !errors.is_empty() {
        status = 2;
    } else if counts[Severity::Error as usize] > 0 {
        status = 1;
    }
    match a.format {
        Format::Json => {
            let v = json!({
                "version": gongwen::VERSION,
                "files": json_files,
                "errors": errors.iter().map(|(p, e)| json!({"path": p.display().to_string(), "message": e})).collect::<Vec<_>>(),
                "summary": {
                    "files": results.len(),
                    "reports": reports,
                    "error": counts[Severity::Error as usize],
                    "warning": counts[Severity::Warning as usize],
                    "information": counts[Severity::Information as usize],
                    "hint": counts[Severity::Hint as usize],
                },
            });
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            );
        }
        Format::Human => {
            for (p, e) in &errors {
                let _ = writeln!(out, "{}：{e}", p.display());
            }
            let mut summary = format!(
                "共检查 {reports} 份报告：错误 {} 处，警告 {} 处，提示 {} 处",
                counts[Severity::Error as usize],
                counts[Severity::Warning as usize],
                counts[Severity::Information as usize] + counts[Severity::Hint as usize],
            );
            if skipped > 0 {
                summary.push_str(&format!("；另有 {skipped} 个文件未识别为年度报告，未检查"));
            }
            if !errors.is_empty() {
                summary.push_str(&format!("；{} 个文件无法读取", errors.len()));
            }
            let _ = writeln!(out, "{summary}。");
        }
    }
    status
}

fn check_files(
    files: Vec<(PathBuf, bool)>,
    cfg: &Config,
    cfg_dir: &Path,
    profile: &Profile,
    all: bool,
) -> Vec<Checked> {
    let n = files.len();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(n.max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Checked>>> =
        (0..n).map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let (path, explicit) = &files[i];
                let result = std::fs::read(path)
                    .map_err(|e| format!("无法读取：{e}"))
                    .and_then(|b| decode(&b))
                    .map(|(text, enc)| {
                        let rel = path
                            .canonicalize()
                            .ok()
                            .and_then(|p| {
                                cfg_dir.canonicalize().ok().and_then(|d| {
                                    p.strip_prefix(d)
                                        .ok()
                                        .map(|r| r.to_string_lossy().replace('\\', "/"))
                                })
                            })
                            .unwrap_or_else(|| path.to_string_lossy().replace('\\', "/"));
                        let md = path.extension().is_some_and(|e| {
                            matches!(
                                e.to_string_lossy().to_ascii_lowercase().as_str(),
                                "md" | "markdown"
                            )
                        });
                        let opts = Options {
                            profile,
                            levels: Some(&cfg.rules),
                            markdown: md,
                            force_report: all || cfg.includes(&rel),
                        };
                        let an = analysis::analyze(&text, &opts);
                        (text, enc, an)
                    });
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(Checked {
                    path: path.clone(),
                    explicit: *explicit,
                    result,
                });
            });
        }
    });
    slots
        .into_iter()
        .filter_map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn print_human(out: &mut impl Write, path: &Path, text: &str, an: &Analysis, color: bool) {
    let li = LineIndex::new(text);
    for f in &an.findings {
        let (l, c) = li.position(text, f.span.start, Encoding::Utf32);
        let sev = match f.severity {
            Severity::Error => paint(f.severity.zh(), "1;31", color),
            Severity::Warning => paint(f.severity.zh(), "1;33", color),
            _ => paint(f.severity.zh(), "1;36", color),
        };
        let _ = writeln!(
            out,
            "{}:{}:{}: {sev}[{}] {}",
            path.display(),
            l + 1,
            c + 1,
            f.rule,
            f.message
        );
        let line = li.line_span(l);
        let src = line.text(text);
        let gutter = format!("{}", l + 1);
        let _ = writeln!(
            out,
            "{} | {src}",
            paint(&format!("{gutter:>5}"), "2", color)
        );
        let start = f.span.start.clamp(line.start, line.end);
        let end = f.span.end.clamp(start, line.end);
        let pad = display_width(&text[line.start..start]);
        let width = display_width(&text[start..end]).max(1);
        let _ = writeln!(
            out,
            "{} | {}{}",
            " ".repeat(5),
            " ".repeat(pad),
            paint(&"^".repeat(width), "1;32", color)
        );
    }
}

fn finding_json(text: &str, li: &LineIndex, f: &Finding) -> Value {
    let (l0, c0) = li.position(text, f.span.start, Encoding::Utf32);
    let (l1, c1) = li.position(text, f.span.end, Encoding::Utf32);
    let fixes: Vec<Value> = f
        .fixes
        .iter()
        .map(|fx| {
            json!({
                "title": fx.title,
                "edits": fx.edits.iter().map(|e| {
                    let (a, b) = li.position(text, e.span.start, Encoding::Utf32);
                    let (c, d) = li.position(text, e.span.end, Encoding::Utf32);
                    json!({"line": a + 1, "column": b + 1, "endLine": c + 1, "endColumn": d + 1, "newText": e.text})
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut v = json!({
        "rule": f.rule,
        "severity": f.severity.as_str(),
        "message": f.message,
        "line": l0 + 1,
        "column": c0 + 1,
        "endLine": l1 + 1,
        "endColumn": c1 + 1,
        "byteOffset": f.span.start,
        "byteLength": f.span.len(),
    });
    if !f.data.is_null() {
        v["data"] = f.data.clone();
    }
    if !fixes.is_empty() {
        v["fixes"] = Value::Array(fixes);
    }
    v
}

fn file_json(path: &Path, text: &str, enc: &str, an: &Analysis) -> Value {
    let li = LineIndex::new(text);
    json!({
        "path": path.display().to_string(),
        "encoding": enc,
        "report": true,
        "year": an.year,
        "findings": an.findings.iter().map(|f| finding_json(text, &li, f)).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_utf16_and_gb18030() {
        assert_eq!(decode("报告".as_bytes()).unwrap().0, "报告");
        assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap().0, "abc");
        let (gbk, _, _) = encoding_rs::GB18030.encode("关于2024年法治政府建设情况的报告");
        let (s, enc) = decode(&gbk).unwrap();
        assert_eq!(
            (s.as_str(), enc),
            ("关于2024年法治政府建设情况的报告", "GB18030")
        );
        let mut u16 = vec![0xFF, 0xFE];
        for u in "报告".encode_utf16() {
            u16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&u16).unwrap().0, "报告");
        assert!(decode(b"a\0b").unwrap_err().contains("二进制"));
        assert!(decode(&[0xFF, 0x00, 0xC3, 0x28, 0x80]).is_err());
    }

    #[test]
    fn argument_errors_are_chinese() {
        let e = |v: &[&str]| {
            parse_check_args(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .err()
                .unwrap()
        };
        assert!(e(&[]).contains("请给出"));
        assert!(e(&["--format", "xml", "a"]).contains("不支持的输出格式"));
        assert!(e(&["--rule", "nope=off", "a"]).contains("未知的规则"));
        assert!(e(&["--rule", "empty-section", "a"]).contains("规则=级别"));
        assert!(e(&["--bogus", "a"]).contains("未知选项"));
        let ok = parse_check_args(&[
            "--format=json".into(),
            "--rule".into(),
            "empty-section=off".into(),
            "x".into(),
        ])
        .unwrap();
        assert!(ok.format == Format::Json && ok.rules.len() == 1 && ok.paths.len() == 1);
    }

    #[test]
    fn caret_line_aligns_under_wide_characters() {
        let text = "关于2024年法治政府建设情况的报告\n一、主要举措和成效\n开展执法检查45次。\n";
        let p = Profile::default_profile();
        let an = analysis::analyze(text, &Options::new(&p));
        let mut buf = vec![];
        print_human(&mut buf, Path::new("a.txt"), text, &an, false);
        let s = String::from_utf8(buf).unwrap();
        assert!(s.contains("a.txt:3:1: 错误[missing-section]"), "{s}");
        assert!(
            s.contains("    3 | 开展执法检查45次。\n      | ^^^^^^^^^^^^^^^^^^\n"),
            "{s}"
        );
    }
}
