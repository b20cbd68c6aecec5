//! `gongwen-ls check`: read the files, analyse them in parallel, print the findings.
//!
//! Output is streamed: each file is analysed and rendered (human text or one JSON object) on a
//! worker thread, its text and analysis dropped, and the rendering written in the order of the
//! files as soon as the files before it are written. Memory stays that of a few files however
//! large the batch. A panic while checking one file is reported for that file and the batch
//! goes on. A closed stdout (`| head`) ends the command quietly; other write errors exit 2.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gongwen::analysis::{self, Options};
use gongwen::config::Config;
use gongwen::finding::Severity;
use gongwen::report::Counts;

use super::args::{parse_check_args, CheckArgs, Format};
use super::json::{Envelope, PathMessage, Summary};
use super::output::Sink;
use super::progress::Progress;
use super::review::Facts;
use super::walk::Walk;
use super::{batch, human, json, output, read, HELP};
use crate::workspace::{self, Workspace};

/// One checked file, rendered.
struct Rendered {
    report: bool,
    counts: Counts,
    out: Out,
    /// It was compared with last year's report.
    compared: bool,
    /// For the index of the review sheets.
    facts: Option<Facts>,
}

/// What a checked file prints.
enum Out {
    /// Rendered on the worker thread.
    Bytes(Vec<u8>),
    /// The JSON of a file with many findings, written by the thread that writes the output
    /// straight into it: that JSON (ten and more times the size of a text made of nothing but
    /// findings) is never held whole in memory beside the analysis.
    Json(WriteJson),
}

/// Writes one file's JSON into the output.
type WriteJson = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + Send>;

impl Out {
    /// The rendered bytes (empty for JSON written straight to the output).
    fn bytes(&self) -> &[u8] {
        match self {
            Out::Bytes(b) => b,
            Out::Json(_) => &[],
        }
    }
}

/// From this many findings a file's JSON is written straight to the output (see [`Out::Json`]).
/// Below it the JSON is rendered on the worker thread, in parallel with the other files.
const STREAM_FROM: usize = 2_000;

/// Environment variable naming a marker: a file whose text contains it makes the checker panic.
/// For the end-to-end test that a panic on one file does not stop the batch.
const INJECT_PANIC: &str = "GONGWEN_LS_INJECT_PANIC";

pub fn check(args: &[OsString]) -> i32 {
    let a = match parse_check_args(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gongwen-ls check：{e}\n\n{HELP}");
            return 2;
        }
    };
    if a.help {
        return super::print(HELP);
    }
    let Some(ws) = load_workspace(a.config.as_deref(), &a.rules) else {
        return 2;
    };
    let mut walk = Walk::default();
    for p in &a.paths {
        walk.add(p);
    }
    // html writes its pages into the -o folder; the other formats write to the -o file
    let to_file = a.output.as_deref().filter(|_| a.format != Format::Html);
    let result = output::open(to_file).and_then(|mut out| {
        let status = run(&a, &ws, walk, &mut out)?;
        out.flush()?;
        Ok(status)
    });
    if let (Err(e), Some(to)) = (&result, &a.output) {
        eprintln!("gongwen-ls：无法写入 {}：{e}", to.display());
        return 2;
    }
    super::exit_status(result)
}

fn run(
    a: &CheckArgs,
    ws: &Workspace,
    walk: Walk,
    out: &mut Box<dyn Write>,
) -> std::io::Result<i32> {
    let Walk {
        files,
        mut errors,
        notes,
        ..
    } = walk;
    let mut envelope = match a.format {
        Format::Json => Some(Envelope::begin(out)?),
        _ => None,
    };
    let mut sink = Sink::begin(a, &mut **out)?;
    // paths that failed before any file was checked (the review formats list them at the end)
    let before = errors.clone();
    let progress = Progress::new(files.len());
    let on_terminal = a.output.is_none() && a.format == Format::Human;
    let mut counts = Counts::default();
    let (mut reports, mut skipped) = (0, 0);
    let mut write_error = None;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let inject = std::env::var(INJECT_PANIC).ok().filter(|m| !m.is_empty());
    // last year's reports: folders listed and identities read once, prepared reports not kept
    let cache = crate::previous::Cache::new(false);
    let mut compared = 0;
    batch::ordered(
        &files,
        workers,
        2 * workers,
        |(path, explicit)| check_one(path, *explicit, ws, a, &cache, inject.as_deref()),
        |i, r| {
            let path = &files[i].0;
            progress.done(
                &path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            let done = match r {
                Err(panic) => Err(format!(
                    "检查此文件时程序内部出错，已跳过（{panic}）；请将此文件反馈给开发者"
                )),
                Ok(Err(e)) => Err(e),
                Ok(Ok(done)) => Ok(done),
            };
            let done = match done {
                Err(e) => {
                    let written = match &mut sink {
                        Some(s) => s.failed(&mut **out, path, &e),
                        None => Ok(()),
                    };
                    errors.push((path.clone(), e));
                    if let Err(e) = written {
                        write_error = Some(e);
                        return false;
                    }
                    return true;
                }
                Ok(done) => done,
            };
            compared += usize::from(done.compared);
            if done.report {
                reports += 1;
                counts.merge(done.counts);
            } else {
                skipped += 1;
            }
            let written = match (&mut envelope, &mut sink) {
                (Some(env), _) => match done.out {
                    Out::Bytes(json) => env.file(out, &json),
                    // the separator, then the file's JSON written in place
                    Out::Json(write) => env.file(out, &[]).and_then(|()| write(&mut **out)),
                },
                (None, Some(s)) => s.file(&mut **out, path, done.out.bytes(), done.facts),
                // the human listing shares the terminal with the progress bar
                (None, None) if on_terminal => progress.suspend(|| {
                    out.write_all(done.out.bytes())?;
                    out.flush()
                }),
                (None, None) => out.write_all(done.out.bytes()),
            };
            match written {
                Ok(()) => true,
                Err(e) => {
                    write_error = Some(e);
                    false
                }
            }
        },
    );
    progress.finish();
    if let Some(e) = write_error {
        return Err(e);
    }
    let status = if !errors.is_empty() {
        2
    } else if counts.error > 0 {
        1
    } else {
        0
    };
    if let Some(s) = sink {
        s.end(&mut **out, &before, &errors, &notes)?;
        return Ok(status);
    }
    match envelope {
        Some(env) => {
            let errors: Vec<PathMessage> = errors.iter().map(PathMessage::new).collect();
            let notes: Vec<PathMessage> = notes.iter().map(PathMessage::new).collect();
            let summary = Summary {
                files: files.len(),
                reports,
                compared,
                counts,
            };
            env.end(out, &errors, &notes, &summary)?;
        }
        None => {
            for (p, e) in notes.iter().chain(&errors) {
                writeln!(out, "{}：{e}", p.display())?;
            }
            let mut summary = format!(
                "共检查 {reports} 份报告：错误 {} 处，警告 {} 处，信息 {} 处，提示 {} 处",
                counts.error, counts.warning, counts.information, counts.hint,
            );
            let hidden: Vec<String> = [
                (Severity::Warning, counts.warning),
                (Severity::Information, counts.information),
                (Severity::Hint, counts.hint),
            ]
            .iter()
            .filter(|(s, n)| *s < a.shown_from() && *n > 0)
            .map(|(s, n)| format!("{} {n} 处", s.zh()))
            .collect();
            if !hidden.is_empty() {
                summary.push_str(&format!(
                    "（未逐条列出{}，可加 --min-severity hint 显示全部）",
                    hidden.join("、")
                ));
            }
            if skipped > 0 {
                summary.push_str(&format!("；另有 {skipped} 个文件未识别为年度报告，未检查"));
            }
            if compared > 0 {
                summary.push_str(&format!("；其中 {compared} 份与上年度报告作了比对"));
            }
            if !errors.is_empty() {
                summary.push_str(&format!("；{} 个文件无法读取", errors.len()));
            }
            writeln!(out, "{summary}。")?;
        }
    }
    Ok(status)
}

/// Read, decode, analyse and render one file.
fn check_one(
    path: &Path,
    explicit: bool,
    ws: &Workspace,
    a: &CheckArgs,
    cache: &crate::previous::Cache,
    inject_panic: Option<&str>,
) -> Result<Rendered, String> {
    let read::Document {
        text,
        encoding: enc,
        layout,
    } = read::read(path)?;
    if inject_panic.is_some_and(|m| text.contains(m)) {
        panic!("{INJECT_PANIC}");
    }
    let markdown = workspace::is_markdown_path(path);
    let opts = Options {
        profiles: &ws.profiles,
        levels: Some(&ws.config.rules),
        markdown,
        force_report: a.all || ws.includes(path),
        // one file per worker already
        parallel: false,
        beside_done: None,
    };
    let named = a.previous.as_deref();
    let lookup =
        crate::previous::for_file(ws, cache, path, &text, markdown, opts.force_report, named);
    let an = analysis::analyze_with_previous(
        &text,
        &opts,
        lookup
            .as_ref()
            .and_then(|l| l.found())
            .map(|p| &*p.baseline),
    );
    let found = lookup.as_ref().and_then(|l| l.found());
    let used = found.is_some() && an.comparison.is_some();
    let previous = lookup.as_ref().map(|l| gongwen::report::PreviousOut {
        path: found.filter(|_| used).map(|p| p.path.display().to_string()),
        how: found.filter(|_| used).map(|p| p.how.as_str()),
        note: l.describe(ws),
    });
    let named = named.is_some() || ws.config.previous_report.is_some();
    let shown = path.display().to_string();
    for e in &an.internal_errors {
        eprintln!("gongwen-ls：{shown}：{e}");
    }
    let report = an.is_report();
    let counts = Counts::of(&an.findings);
    let compared = report && used;
    let mut out = Vec::new();
    let mut facts = None;
    match a.format {
        Format::Json if an.findings.len() >= STREAM_FROM => {
            let min = a.shown_from();
            let write = move |w: &mut dyn Write| {
                json::file(w, &shown, enc, &text, &an, &layout, previous.as_ref(), min)
                    .map_err(std::io::Error::from)
            };
            return Ok(Rendered {
                report,
                counts,
                out: Out::Json(Box::new(write)),
                compared,
                facts,
            });
        }
        Format::Json => json::file(
            &mut out,
            &shown,
            enc,
            &text,
            &an,
            &layout,
            previous.as_ref(),
            a.shown_from(),
        )
        .map_err(|e| e.to_string())?,
        Format::Html | Format::Csv | Format::Sarif => {
            (out, facts) = output::render(a.format, &shown, &text, &an, &layout);
        }
        Format::Human if an.is_report() => {
            human::render(
                &mut out,
                &shown,
                &text,
                &an,
                &layout,
                a.color,
                a.shown_from(),
            )
            .map_err(|e| e.to_string())?;
            if let Some(p) = previous.filter(|_| used || named) {
                out.extend_from_slice(format!("{shown}：{}\n", p.note).as_bytes());
            }
        }
        Format::Human if explicit => {
            out = format!(
                "{shown}：{}，未检查；可加 --all 强制检查\n",
                ws.not_recognised()
            )
            .into_bytes();
        }
        Format::Human => {}
    }
    Ok(Rendered {
        report,
        counts,
        out: Out::Bytes(out),
        compared,
        facts,
    })
}

/// The configuration (the file given with `--config`, else `.gongwen.toml` in the current folder
/// or a parent), with the command line's rule levels over it, and the profile it names. Problems
/// are printed; None when the check cannot go on.
pub(super) fn load_workspace(
    config: Option<&Path>,
    rules: &[(String, gongwen::finding::Level)],
) -> Option<Workspace> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let cfg_path = config
        .map(Path::to_path_buf)
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
    for (id, l) in rules {
        cfg.rules.insert(id.clone(), *l);
    }
    // a profile file must lie in the configuration's folder or the current folder
    let roots: Vec<PathBuf> = [Some(root.clone()), std::env::current_dir().ok()]
        .into_iter()
        .flatten()
        .collect();
    let profiles = match workspace::profiles_for(&cfg, &roots) {
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
