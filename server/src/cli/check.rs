//! `gongwen-ls check`: read the files, analyse them in parallel, print the findings.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::json;

use gongwen::analysis::{self, Analysis, Options};
use gongwen::config::Config;
use gongwen::finding::Severity;

use super::args::{parse_check_args, Format};
use super::{human, json, walk, HELP};
use crate::workspace::{self, Workspace};

struct Checked {
    path: PathBuf,
    explicit: bool,
    result: Result<(String, &'static str, Analysis), String>,
    /// Last year's report the file was compared with, or why none.
    previous: Option<Compared>,
}

/// What a report was compared with (the report itself is not kept: a batch holds thousands).
struct Compared {
    path: Option<PathBuf>,
    how: Option<&'static str>,
    /// Which file, or why none, in Chinese.
    note: String,
    /// A file was named (`--previous`, `previous_report`): say why it was not used.
    named: bool,
}

pub fn check(args: &[OsString]) -> i32 {
    let a = match parse_check_args(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gongwen-ls check：{e}\n\n{HELP}");
            return 2;
        }
    };
    let mut status = 0;
    let Some(ws) = load_workspace(&a) else {
        return 2;
    };
    // files
    let mut files = vec![];
    let mut errors: Vec<(PathBuf, String)> = vec![];
    for p in &a.paths {
        if let Err(e) = walk::collect(p, true, &mut files) {
            errors.push((p.clone(), format!("无法访问：{e}")));
        }
    }
    let results = check_files(files, &ws, a.all, a.previous.as_deref());
    let mut compared = 0;
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
                            "{}：{}，未检查；可加 --all 强制检查",
                            c.path.display(),
                            ws.not_recognised()
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
                let prev = c.previous.as_ref();
                let used = prev.is_some_and(|p| p.path.is_some()) && an.comparison.is_some();
                compared += usize::from(used);
                match a.format {
                    Format::Human => {
                        human::print_human(&mut out, &c.path, text, an, a.color);
                        if let Some(p) = prev.filter(|p| used || p.named) {
                            let _ = writeln!(out, "{}：{}", c.path.display(), p.note);
                        }
                    }
                    Format::Json => {
                        let mut v = json::file_json(&c.path, text, enc, an);
                        v["previous"] = match prev {
                            Some(p) if used => json!({
                                "path": p.path.as_ref().map(|x| x.display().to_string()),
                                "how": p.how,
                                "note": p.note,
                            }),
                            Some(p) => json!({"path": null, "note": p.note}),
                            None => serde_json::Value::Null,
                        };
                        json_files.push(v);
                    }
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
                    "compared": compared,
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
                "共检查 {reports} 份报告：错误 {} 处，警告 {} 处，信息 {} 处，提示 {} 处",
                counts[Severity::Error as usize],
                counts[Severity::Warning as usize],
                counts[Severity::Information as usize],
                counts[Severity::Hint as usize],
            );
            if skipped > 0 {
                summary.push_str(&format!("；另有 {skipped} 个文件未识别为年度报告，未检查"));
            }
            if compared > 0 {
                summary.push_str(&format!("；其中 {compared} 份与上年度报告作了比对"));
            }
            if !errors.is_empty() {
                summary.push_str(&format!("；{} 个文件无法读取", errors.len()));
            }
            let _ = writeln!(out, "{summary}。");
        }
    }
    status
}

/// The configuration (the file given with `--config`, else `.gongwen.toml` in the current folder
/// or a parent), with the command line's rule levels over it, and the profile it names. Problems
/// are printed; None when the check cannot go on.
fn load_workspace(a: &super::args::CheckArgs) -> Option<Workspace> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let cfg_path = a
        .config
        .clone()
        .or_else(|| workspace::discover_config(&cwd));
    let (mut cfg, root) = match &cfg_path {
        Some(p) => match workspace::read_config(p) {
            Ok(c) => (c, p.parent().map(Path::to_path_buf).unwrap_or(cwd)),
            Err(e) => {
                eprintln!("gongwen-ls：无法读取配置 {}：{e}", p.display());
                return None;
            }
        },
        None => (Config::default(), cwd),
    };
    for w in cfg.warnings.drain(..) {
        eprintln!("gongwen-ls：{w}");
    }
    for (id, l) in &a.rules {
        cfg.rules.insert(id.clone(), *l);
    }
    let profiles = match workspace::profiles_for(&cfg) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("gongwen-ls：{e}");
            return None;
        }
    };
    Some(Workspace {
        root: Some(root),
        config: Arc::new(cfg),
        profiles,
    })
}

fn check_files(
    files: Vec<(PathBuf, bool)>,
    ws: &Workspace,
    all: bool,
    previous: Option<&Path>,
) -> Vec<Checked> {
    // last year's reports: folders listed and identities read once, prepared reports not kept
    let cache = crate::previous::Cache::new(false);
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
                let mut compared = None;
                let result = std::fs::read(path)
                    .map_err(|e| format!("无法读取：{e}"))
                    .and_then(|b| workspace::decode(&b))
                    .map(|(text, enc)| {
                        let markdown = workspace::is_markdown_path(path);
                        let opts = Options {
                            profiles: &ws.profiles,
                            levels: Some(&ws.config.rules),
                            markdown,
                            force_report: all || ws.includes(path),
                        };
                        let lookup = crate::previous::for_file(
                            ws,
                            &cache,
                            path,
                            &text,
                            markdown,
                            opts.force_report,
                            previous,
                        );
                        let an = analysis::analyze_with_previous(
                            &text,
                            &opts,
                            lookup
                                .as_ref()
                                .and_then(|l| l.found())
                                .map(|p| &*p.baseline),
                        );
                        compared = lookup.map(|l| Compared {
                            path: l.found().map(|p| p.path.clone()),
                            how: l.found().map(|p| p.how.as_str()),
                            note: l.describe(ws),
                            named: previous.is_some() || ws.config.previous_report.is_some(),
                        });
                        for e in &an.internal_errors {
                            eprintln!("gongwen-ls：{}：{e}", path.display());
                        }
                        (text, enc, an)
                    });
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(Checked {
                    path: path.clone(),
                    explicit: *explicit,
                    result,
                    previous: compared,
                });
            });
        }
    });
    slots
        .into_iter()
        .filter_map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}
