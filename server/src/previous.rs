//! Last year's report, for the year-over-year rules (`copied-text`, `plan-followup`,
//! `yoy-figure`, `problems-repeat`): which file it is, and that file read and prepared once per
//! version on disk. Shared by the LSP server and the CLI.
//!
//! The file is, in order: the one named on the command line (`check --previous`), the one the
//! configuration names (`previousReport.path` / `previous_report`), else one found beside this
//! year's report — in the same folder first, then anywhere in the workspace — that is a report
//! of the same kind, about the year before, by the same body ([`gongwen::issuer`]). A named file
//! is used only when its year is the year before (when both are known) and it is not by another
//! body; a search that finds several candidates uses none (the user can name one). Every outcome
//! comes with a sentence in Chinese for the hover, the outline and the CLI.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::SystemTime;

use gongwen::analysis::Options;
use gongwen::issuer::{self, Identity};
use gongwen::profile::Profile;
use gongwen::yoy::Baseline;

use crate::workspace::{self, Workspace};

/// Files larger than this are not read while looking for last year's report.
const MAX_CANDIDATE_BYTES: u64 = 8 << 20;
/// At most this many files are looked at in a workspace.
const MAX_WORKSPACE_FILES: usize = 5000;
/// Folders deeper than this under the workspace root are not searched.
const MAX_DEPTH: usize = 8;

/// How last year's report was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// `check --previous FILE`.
    Argument,
    /// `previousReport.path` / `previous_report`.
    Setting,
    /// Found in the same folder.
    SameFolder,
    /// Found elsewhere in the workspace.
    Workspace,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Argument => "argument",
            How::Setting => "setting",
            How::SameFolder => "sameFolder",
            How::Workspace => "workspace",
        }
    }
}

/// Last year's report, ready to compare with.
#[derive(Clone)]
pub struct Previous {
    pub path: PathBuf,
    pub how: How,
    pub baseline: Arc<Baseline>,
    pub identity: Option<Identity>,
}

/// The outcome of looking for last year's report.
#[derive(Clone)]
pub enum Lookup {
    Found(Previous),
    /// Why none is used, in Chinese.
    None(String),
}

impl Lookup {
    pub fn found(&self) -> Option<&Previous> {
        match self {
            Lookup::Found(p) => Some(p),
            Lookup::None(_) => None,
        }
    }

    /// One sentence for the hover, the outline and the CLI: which file, or why none.
    pub fn describe(&self, ws: &Workspace) -> String {
        match self {
            Lookup::None(why) => format!("未与上年度报告比对：{why}"),
            Lookup::Found(p) => {
                let what = match p.how {
                    How::Argument => "命令行 --previous 指定".to_string(),
                    How::Setting => "设置 previousReport.path（previous_report）指定".to_string(),
                    How::SameFolder | How::Workspace => {
                        let place = if p.how == How::SameFolder {
                            "同一文件夹中"
                        } else {
                            "工作区中"
                        };
                        let who = p
                            .identity
                            .as_ref()
                            .and_then(|i| i.issuer_shown.clone())
                            .unwrap_or_default();
                        let year = p
                            .identity
                            .as_ref()
                            .and_then(|i| i.year)
                            .map_or(String::new(), |y| format!("{y}年度"));
                        format!("自动查找：{place}{who}{year}的报告")
                    }
                };
                format!("与上年度报告比对：{}（{what}）", ws.relative(&p.path))
            }
        }
    }
}

type Stamp = (Option<SystemTime>, u64);

fn stamp(path: &Path) -> std::io::Result<Stamp> {
    let m = std::fs::metadata(path)?;
    Ok((m.modified().ok(), m.len()))
}

#[derive(Default)]
struct Entry {
    stamp: Option<Stamp>,
    /// None: not yet computed; Some(None): not a report (or unreadable).
    identity: Option<Option<Identity>>,
    baseline: Option<Arc<Baseline>>,
}

/// The report files of a folder (or a workspace) with their identities.
type Listing = Arc<Vec<(PathBuf, Option<Identity>)>>;

/// Identities and prepared reports by path, each valid while the file's modification time and
/// size stay the same; folder listings (with the identities of their files, read once) until
/// [`Cache::forget_listings`].
pub struct Cache {
    files: Mutex<HashMap<PathBuf, Entry>>,
    /// Each listing is made once, by the first thread that needs it; others wait for it.
    listings: Mutex<HashMap<PathBuf, Arc<OnceLock<Listing>>>>,
    /// Keep prepared reports (the editor compares the same file on every keystroke; the batch
    /// checker uses each at most a few times and keeps memory flat instead).
    keep_baselines: bool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Is this a file that can hold a report (by its extension)?
pub fn is_report_file(p: &Path) -> bool {
    p.extension().is_some_and(|e| {
        matches!(
            e.to_string_lossy().to_ascii_lowercase().as_str(),
            "txt" | "md" | "markdown"
        )
    })
}

/// Read and decode a file.
fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read(path)
        .map_err(|e| format!("无法读取 {}：{e}", path.display()))
        .and_then(|b| {
            workspace::decode(&b)
                .map(|(t, _)| t)
                .map_err(|e| format!("{}：{e}", path.display()))
        })
}

/// The identity of the report in `path` ([`issuer::identify_named`]: its file name may name
/// the body).
pub fn identify(
    text: &str,
    path: Option<&Path>,
    markdown: bool,
    profiles: &[Arc<Profile>],
) -> Option<Identity> {
    let stem = path
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned());
    issuer::identify_named(text, stem.as_deref(), markdown, profiles)
}

impl Cache {
    pub fn new(keep_baselines: bool) -> Cache {
        Cache {
            files: Mutex::new(HashMap::new()),
            listings: Mutex::new(HashMap::new()),
            keep_baselines,
        }
    }

    /// Forget what is known of `path` (it changed on disk).
    pub fn forget(&self, path: &Path) {
        lock(&self.files).remove(path);
    }

    /// Forget folder listings (a file was created or deleted).
    pub fn forget_listings(&self) {
        lock(&self.listings).clear();
    }

    /// Forget everything (the configuration or the profiles changed).
    pub fn clear(&self) {
        lock(&self.files).clear();
        self.forget_listings();
    }

    /// The entry of `path`, reset when the file changed since it was made.
    fn entry<R>(&self, path: &Path, f: impl FnOnce(&mut Entry) -> R) -> Option<R> {
        let st = stamp(path).ok()?;
        let mut files = lock(&self.files);
        let e = files.entry(path.to_path_buf()).or_default();
        if e.stamp != Some(st) {
            *e = Entry {
                stamp: Some(st),
                ..Entry::default()
            };
        }
        Some(f(e))
    }

    /// The identity of the report in `path` (None when it cannot be read or is no report).
    pub fn identity(&self, path: &Path, profiles: &[Arc<Profile>]) -> Option<Identity> {
        if let Some(Some(known)) = self.entry(path, |e| e.identity.clone()) {
            return known;
        }
        let too_big = stamp(path).map_or(true, |s| s.1 > MAX_CANDIDATE_BYTES);
        let id = if too_big {
            None
        } else {
            read_text(path)
                .ok()
                .and_then(|t| identify(&t, Some(path), workspace::is_markdown_path(path), profiles))
        };
        self.entry(path, |e| e.identity = Some(id.clone()));
        id
    }

    /// Last year's report in `path`, read and prepared (checked as a report even if its title
    /// does not say so: the user or the search chose it).
    pub fn baseline(
        &self,
        path: &Path,
        profiles: &[Arc<Profile>],
    ) -> Result<Arc<Baseline>, String> {
        if let Some(Some(b)) = self.entry(path, |e| e.baseline.clone()) {
            return Ok(b);
        }
        let text = read_text(path)?;
        let opts = Options {
            markdown: workspace::is_markdown_path(path),
            force_report: true,
            ..Options::new(profiles)
        };
        let b = Arc::new(Baseline::new(text, &opts));
        if self.keep_baselines {
            self.entry(path, |e| e.baseline = Some(b.clone()));
        }
        Ok(b)
    }

    /// The listing under `key`, made by `make` once.
    fn listing(
        &self,
        key: PathBuf,
        make: impl FnOnce() -> Vec<PathBuf>,
        profiles: &[Arc<Profile>],
    ) -> Listing {
        let cell = lock(&self.listings).entry(key).or_default().clone();
        cell.get_or_init(|| {
            let files = make();
            Arc::new(
                files
                    .into_iter()
                    .map(|p| {
                        let id = self.identity(&p, profiles);
                        (p, id)
                    })
                    .collect(),
            )
        })
        .clone()
    }

    /// The report files of a folder (not recursive), sorted, with their identities.
    fn folder(&self, dir: &Path, profiles: &[Arc<Profile>]) -> Listing {
        let make = || {
            let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
                .map(|rd| {
                    rd.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| is_report_file(p) && p.is_file())
                        .collect()
                })
                .unwrap_or_default();
            v.sort();
            v
        };
        self.listing(dir.join(""), make, profiles)
    }

    /// The report files under `root` (hidden folders, node_modules and target skipped), sorted,
    /// with their identities.
    fn tree(&self, root: &Path, profiles: &[Arc<Profile>]) -> Listing {
        let make = || {
            let mut out = vec![];
            let mut stack = vec![(root.to_path_buf(), 0usize)];
            while let Some((dir, depth)) = stack.pop() {
                let Ok(rd) = std::fs::read_dir(&dir) else {
                    continue;
                };
                for e in rd.flatten() {
                    let p = e.path();
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') || name == "node_modules" || name == "target" {
                        continue;
                    }
                    let Ok(ft) = e.file_type() else { continue };
                    if ft.is_dir() && depth < MAX_DEPTH {
                        stack.push((p, depth + 1));
                    } else if ft.is_file() && is_report_file(&p) {
                        out.push(p);
                    }
                }
                if out.len() >= MAX_WORKSPACE_FILES {
                    break;
                }
            }
            out.sort();
            out
        };
        // the tree's key cannot clash with a folder's (those end with a separator)
        self.listing(root.to_path_buf(), make, profiles)
    }
}

/// Are two paths the same file?
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Find last year's report for the report in `doc` (its path, if it has one, and its identity).
/// `argument` is a file named on the command line.
pub fn lookup(
    ws: &Workspace,
    cache: &Cache,
    doc: Option<&Path>,
    me: Option<&Identity>,
    argument: Option<&Path>,
) -> Lookup {
    let named = argument
        .map(|p| (p.to_path_buf(), How::Argument))
        .or_else(|| ws.config.previous_report.clone().map(|p| (p, How::Setting)));
    if let Some((path, how)) = named {
        return named_file(ws, cache, doc, me, path, how);
    }
    let Some(me) = me else {
        return Lookup::None("未识别出本报告的类型和年度".into());
    };
    let Some(year) = me.year else {
        return Lookup::None("标题和开头没有写明报告年度，无法自动查找上一年度报告".into());
    };
    if me.issuers.is_empty() {
        return Lookup::None(
            "标题和落款中没有写明报告单位，无法自动确定上一年度报告；可在设置 previousReport.path 中指定".into(),
        );
    }
    let who = me.issuer_shown.clone().unwrap_or_default();
    let Some(doc) = doc else {
        return Lookup::None("文档尚未保存为文件，无法在文件夹中查找上一年度报告".into());
    };
    let pick = |files: &Listing, skip: &dyn Fn(&Path) -> bool| -> Vec<(PathBuf, Identity)> {
        files
            .iter()
            .filter_map(|(p, id)| {
                let id = id.as_ref()?;
                (me.is_predecessor(id) && !skip(p) && !same_file(p, doc))
                    .then(|| (p.clone(), id.clone()))
            })
            .collect()
    };
    let dir = doc.parent().unwrap_or(Path::new("."));
    let near = pick(&cache.folder(dir, &ws.profiles), &|_| false);
    let chosen = match near.len() {
        0 => None,
        1 => Some((near, How::SameFolder)),
        _ => return ambiguous(ws, &near),
    };
    let chosen = match chosen {
        Some(c) => c,
        None => {
            let root = ws.root.as_deref().filter(|r| doc.starts_with(r));
            let far = match root {
                Some(r) => pick(&cache.tree(r, &ws.profiles), &|p: &Path| {
                    p.parent() == Some(dir)
                }),
                None => vec![],
            };
            match far.len() {
                0 => {
                    return Lookup::None(format!(
                        "{}中未找到{who}{}年度的同类报告（可在设置 previousReport.path 中指定）",
                        if root.is_some() {
                            "同一文件夹和工作区"
                        } else {
                            "同一文件夹"
                        },
                        year - 1
                    ))
                }
                1 => (far, How::Workspace),
                _ => return ambiguous(ws, &far),
            }
        }
    };
    let (mut found, how) = chosen;
    let (path, id) = found.remove(0);
    match cache.baseline(&path, &ws.profiles) {
        Ok(baseline) => Lookup::Found(Previous {
            path,
            how,
            baseline,
            identity: Some(id),
        }),
        Err(e) => Lookup::None(e),
    }
}

/// Last year's report for a file the batch checker reads (its text decoded): None when the text
/// is no report and no file is named.
pub fn for_file(
    ws: &Workspace,
    cache: &Cache,
    path: &Path,
    text: &str,
    markdown: bool,
    forced: bool,
    argument: Option<&Path>,
) -> Option<Lookup> {
    let me = identify(text, Some(path), markdown, &ws.profiles);
    let named = argument.is_some() || ws.config.previous_report.is_some();
    if me.is_none() && !(forced && named) {
        return None;
    }
    Some(lookup(ws, cache, Some(path), me.as_ref(), argument))
}

fn ambiguous(ws: &Workspace, found: &[(PathBuf, Identity)]) -> Lookup {
    let names: Vec<String> = found.iter().map(|(p, _)| ws.relative(p)).collect();
    Lookup::None(format!(
        "找到多份可能的上一年度报告（{}），无法确定用哪一份；请在设置 previousReport.path 中指定",
        names.join("、")
    ))
}

/// A file named by the user: used unless it is this very file, another year's or another
/// body's report.
fn named_file(
    ws: &Workspace,
    cache: &Cache,
    doc: Option<&Path>,
    me: Option<&Identity>,
    path: PathBuf,
    how: How,
) -> Lookup {
    let shown = ws.relative(&path);
    if doc.is_some_and(|d| same_file(d, &path)) {
        return Lookup::None(format!("指定的上年度报告 {shown} 就是本文件"));
    }
    if !path.is_file() {
        return Lookup::None(format!("指定的上年度报告 {shown} 不存在或不是文件"));
    }
    let id = cache.identity(&path, &ws.profiles);
    if let (Some(me), Some(prev)) = (me, id.as_ref()) {
        if let Some(why) = issuer::refusal(me, prev, &shown) {
            return Lookup::None(why);
        }
    }
    match cache.baseline(&path, &ws.profiles) {
        Ok(baseline) => Lookup::Found(Previous {
            path,
            how,
            baseline,
            identity: id,
        }),
        Err(e) => Lookup::None(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongwen::config::Config;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn report(body: &str, year: i32) -> String {
        format!(
            "{body}关于{year}年度法治政府建设情况的报告\n市政府：\n{year}年，我们推进法治政府建设。现报告如下：\n一、主要举措和成效\n全年办理行政复议案件58件，开展执法检查12次。\n特此报告。\n"
        )
    }

    fn tmp(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("gongwen-previous-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn finds_the_same_bodys_report_of_the_year_before() {
        let d = tmp("find");
        write(&d, "a.txt", &report("云溪县人民政府", 2023));
        write(&d, "b.txt", &report("云溪县司法局", 2023));
        write(&d, "c.txt", &report("云溪县人民政府", 2022));
        write(&d, "notes.txt", "随手记\n");
        let this = write(&d, "d.txt", &report("云溪县人民政府", 2024));
        let ws = Workspace::with_defaults(Some(d.clone()));
        let cache = Cache::new(true);
        let me = identify(
            &report("云溪县人民政府", 2024),
            Some(&this),
            false,
            &ws.profiles,
        );
        let l = lookup(&ws, &cache, Some(&this), me.as_ref(), None);
        let p = l.found().expect("found");
        assert_eq!(p.path, d.join("a.txt"));
        assert_eq!(p.how, How::SameFolder);
        assert_eq!(
            l.describe(&ws),
            "与上年度报告比对：a.txt（自动查找：同一文件夹中云溪县人民政府2023年度的报告）"
        );
        // the justice bureau's 2024 report pairs with its own
        let me = identify(&report("云溪县司法局", 2024), None, false, &ws.profiles);
        let l = lookup(&ws, &cache, Some(&d.join("e.txt")), me.as_ref(), None);
        assert_eq!(l.found().unwrap().path, d.join("b.txt"));
        // a township with no report of the year before
        let me = identify(&report("青石镇人民政府", 2024), None, false, &ws.profiles);
        let Lookup::None(why) = lookup(&ws, &cache, Some(&this), me.as_ref(), None) else {
            panic!("none expected")
        };
        assert!(
            why.contains("未找到青石镇人民政府2023年度的同类报告"),
            "{why}"
        );
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn a_named_file_must_be_the_year_before_and_another_file() {
        let d = tmp("named");
        let prev = write(&d, "2022.txt", &report("云溪县人民政府", 2022));
        let this = write(&d, "2024.txt", &report("云溪县人民政府", 2024));
        let mut ws = Workspace::with_defaults(Some(d.clone()));
        ws.config = Arc::new(Config {
            previous_report: Some(prev.clone()),
            ..Config::default()
        });
        let cache = Cache::new(true);
        let me = identify(
            &report("云溪县人民政府", 2024),
            Some(&this),
            false,
            &ws.profiles,
        );
        let Lookup::None(why) = lookup(&ws, &cache, Some(&this), me.as_ref(), None) else {
            panic!()
        };
        assert!(
            why.contains("是2022年度的，与本报告（2024年度）不衔接"),
            "{why}"
        );
        let Lookup::None(why) = lookup(&ws, &cache, Some(&this), me.as_ref(), Some(&this)) else {
            panic!()
        };
        assert!(why.contains("就是本文件"), "{why}");
        let ok = write(&d, "x.txt", &report("", 2023));
        let l = lookup(&ws, &cache, Some(&this), me.as_ref(), Some(&ok));
        assert_eq!(l.found().unwrap().how, How::Argument);
        // a file that changed on disk is read again
        let b1 = l.found().unwrap().baseline.clone();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write(&d, "x.txt", &report("", 2023).replace("58件", "61件"));
        let l2 = lookup(&ws, &cache, Some(&this), me.as_ref(), Some(&ok));
        assert_ne!(b1.text, l2.found().unwrap().baseline.text);
        std::fs::remove_dir_all(&d).unwrap();
    }
}
