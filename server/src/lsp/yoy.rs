//! Last year's report in the editor.
//!
//! - [`link`]: for each analysis, which file is last year's report ([`crate::previous`]), on the
//!   analysis thread, remembered per document until its identity (kind, year, body) or the files
//!   on disk change;
//! - related locations of findings into that file ([`previous_location`]);
//! - the code lens per statutory item: 与上年相比：新增 N 段，沿用 M 段;
//! - hovers: on the title, which file was compared or why none; on a copied paragraph, the
//!   difference; on a wrong year-over-year figure, both figures and the arithmetic;
//! - the `gongwen/previousReport` request, which the VS Code extension opens its diff view with;
//! - which open documents to analyse again when watched files change.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tower_lsp_server::ls_types::{
    CodeLens, Command, DocumentSymbol, Hover, HoverContents, Location, MarkupContent, MarkupKind,
    Range, Uri,
};

use super::convert;
use super::document::Snapshot;
use crate::previous::{self, Cache, How, Lookup};
use crate::workspace::Workspace;
use gongwen::issuer::Identity;
use gongwen::profile::Profile;
use gongwen::text::{Encoding, Span};
use gongwen::yoy::{diff, Baseline};

/// The VS Code extension's command that opens the diff view (the code lens runs it).
pub const CMD_COMPARE: &str = "gongwen.compareWithPrevious";

/// Last year's report of one analysed document.
#[derive(Debug)]
pub struct Link {
    /// What the hover and the outline say: the file compared with, or why none.
    pub note: String,
    pub previous: Option<PrevDoc>,
}

/// Last year's report as a document.
#[derive(Debug)]
pub struct PrevDoc {
    pub uri: Uri,
    pub path: PathBuf,
    pub how: How,
    pub baseline: Arc<Baseline>,
}

struct Memo {
    identity: Option<Identity>,
    generation: u64,
    lookup: Lookup,
}

/// The server's state for year-over-year comparison: the file cache and what each document was
/// last paired with.
pub struct YoyState {
    pub cache: Cache,
    memo: Mutex<HashMap<Uri, Memo>>,
    /// Bumped whenever files or the configuration change: every memo is stale.
    generation: AtomicU64,
}

impl Default for YoyState {
    fn default() -> Self {
        YoyState {
            cache: Cache::new(true),
            memo: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
        }
    }
}

impl YoyState {
    /// The configuration or the profiles changed.
    pub fn clear(&self) {
        self.cache.clear();
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Files changed on disk (the listings hold the identities of their files: a changed
    /// file may now be another year's or another body's report).
    pub fn files_changed(&self, paths: &[PathBuf]) {
        for p in paths {
            self.cache.forget(p);
        }
        self.cache.forget_listings();
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// A document closed.
    pub fn forget(&self, uri: &Uri) {
        self.memo
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(uri);
    }
}

/// Which file is last year's report for the document `uri` with `text`. None when the text is
/// no report and no file is named in the settings.
pub fn link(
    st: &YoyState,
    ws: &Workspace,
    uri: &Uri,
    text: &str,
    markdown: bool,
    forced: bool,
) -> Option<Arc<Link>> {
    let path = super::uri::file_path(uri);
    let me = previous::identify(text, path.as_deref(), markdown, &ws.profiles);
    if me.is_none() && !(forced && ws.config.previous_report.is_some()) {
        return None;
    }
    let generation = st.generation.load(Ordering::SeqCst);
    let remembered = {
        let memo = st.memo.lock().unwrap_or_else(|e| e.into_inner());
        memo.get(uri)
            .filter(|m| m.generation == generation && m.identity == me)
            .map(|m| m.lookup.clone())
    };
    let lookup = match remembered {
        // the file may have changed without an event (editors that do not watch files): the
        // cache re-reads it when its time or size changed
        Some(Lookup::Found(mut p)) => match st.cache.baseline(&p.path, &ws.profiles) {
            Ok(b) => {
                p.baseline = b;
                Lookup::Found(p)
            }
            Err(e) => Lookup::None(e),
        },
        Some(l) => l,
        None => previous::lookup(ws, &st.cache, path.as_deref(), me.as_ref(), None),
    };
    st.memo.lock().unwrap_or_else(|e| e.into_inner()).insert(
        uri.clone(),
        Memo {
            identity: me,
            generation,
            lookup: lookup.clone(),
        },
    );
    let note = lookup.describe(ws);
    let previous = lookup.found().and_then(|p| {
        Some(PrevDoc {
            uri: Uri::from_file_path(&p.path)?,
            path: p.path.clone(),
            how: p.how,
            baseline: p.baseline.clone(),
        })
    });
    Some(Arc::new(Link { note, previous }))
}

/// The document's last year's report, if it was compared with one.
fn compared(snap: &Snapshot) -> Option<&PrevDoc> {
    snap.analysis.comparison.as_ref()?;
    snap.previous.as_ref()?.previous.as_ref()
}

/// A location in last year's report (for related information).
pub fn previous_location(snap: &Snapshot, span: Span, enc: Encoding) -> Option<Location> {
    let p = compared(snap)?;
    let b = &p.baseline;
    let pos = |o: usize| {
        let (l, c) = b.lines.position(&b.text, o.min(b.text.len()), enc);
        tower_lsp_server::ls_types::Position::new(l as u32, c as u32)
    };
    Some(Location::new(
        p.uri.clone(),
        Range::new(pos(span.start), pos(span.end)),
    ))
}

/// One code lens per statutory item: how many of its paragraphs are new this year and how many
/// were carried over from last year's report.
pub fn code_lenses(snap: &Snapshot, profile: &Profile, enc: Encoding, uri: &Uri) -> Vec<CodeLens> {
    let a = &snap.analysis;
    let (Some(c), Some(_)) = (a.comparison.as_ref(), compared(snap)) else {
        return vec![];
    };
    a.items
        .in_order()
        .into_iter()
        .filter(|(i, _)| *i < profile.items.len())
        .map(|(i, m)| {
            // the item's own paragraphs (not those of an item nested in it)
            let (new, carried) = c.counts_in(m.region, |p| a.items.at(p.span.start) == Some(i));
            let at = convert::position(snap, m.head.start, enc);
            CodeLens {
                range: Range::new(at, at),
                command: Some(Command {
                    title: format!("与上年相比：新增 {new} 段，沿用 {carried} 段"),
                    command: CMD_COMPARE.into(),
                    arguments: Some(vec![Value::String(uri.as_str().to_string())]),
                }),
                data: None,
            }
        })
        .collect()
}

fn markdown_hover(snap: &Snapshot, span: Span, md: String, enc: Encoding) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md,
        }),
        range: Some(convert::range(snap, span, enc)),
    }
}

/// Hover: on the title, which file was compared; on a finding of `copied-text`,
/// `yoy-figure` or `problems-repeat`, what last year's report said.
pub fn hover(snap: &Snapshot, offset: usize, enc: Encoding) -> Option<Hover> {
    let a = &snap.analysis;
    if !a.is_report() {
        return None;
    }
    let text = snap.text.as_str();
    if let Some(t) = a.outline.title.filter(|t| t.touches(offset)) {
        let link = snap.previous.as_ref()?;
        let mut md = format!("**与上年度报告比对**\n\n{}", link.note);
        if let Some(c) = &a.comparison {
            let copied = c.paragraphs.iter().filter(|m| m.copied()).count();
            let carried = c.paragraphs.iter().filter(|m| m.carried()).count();
            md.push_str(&format!(
                "\n\n本报告 {} 段中，与上年度报告几乎相同的 {copied} 段，基本沿用的 {carried} 段。可用命令“与上年度报告对比”并排查看两份报告。",
                c.paragraphs.len()
            ));
        }
        return Some(markdown_hover(snap, t, md, enc));
    }
    let p = compared(snap)?;
    let b = &p.baseline;
    let f = a.findings.iter().find(|f| {
        f.span.touches(offset) && matches!(f.rule, "copied-text" | "yoy-figure" | "problems-repeat")
    })?;
    let line = |span: Span| b.line(span.start);
    let md = match f.rule {
        "copied-text" => {
            let m = a.comparison.as_ref()?.at(f.span.start)?;
            let best = m.best?;
            let old = best.span.text(&b.text);
            let new = m.span.text(text);
            format!(
                "**与上年度报告第 {} 行几乎相同**（不计年份和数字，相似度 {}%）\n\n逐字对比（~~删去的~~为上年文字，**加粗的**为本年新写）：\n\n{}\n\n上年度报告：{}",
                line(best.span),
                (best.ratio * 100.0).floor() as u32,
                diff::markdown(old, new),
                file_name(&p.path)
            )
        }
        "yoy-figure" => {
            let d = &f.data.value();
            let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("");
            let mut md = format!(
                "**与上年度报告不符**\n\n- 上年度报告（{} 第 {} 行）：{}\n- 本报告：{}",
                file_name(&p.path),
                d.get("previousLine").and_then(Value::as_u64).unwrap_or(0),
                f.related
                    .iter()
                    .find(|r| r.doc == gongwen::finding::Doc::Previous)
                    .map_or(s("previous").to_string(), |r| {
                        r.message.trim_start_matches("上年度报告：").to_string()
                    }),
                s("current")
            );
            if !s("stated").is_empty() {
                md.push_str(&format!("，文中写的是“{}”", s("stated")));
            }
            md.push_str(&format!("\n\n算式：{}", s("arithmetic")));
            md
        }
        _ => {
            let r = f
                .related
                .iter()
                .find(|r| r.doc == gongwen::finding::Doc::Previous)?;
            format!(
                "**上年度报告提出过的不足**（{} 第 {} 行）\n\n{}\n\n请写明一年来采取的措施和进展。",
                file_name(&p.path),
                line(r.span),
                r.span.text(&b.text).trim()
            )
        }
    };
    Some(markdown_hover(snap, f.span, md, enc))
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Say in the outline which file was compared: appended to the title symbol's detail (only
/// when one was: why none was is on the title's hover, not in every outline).
pub fn annotate_symbols(snap: &Snapshot, symbols: &mut [DocumentSymbol]) {
    let Some(link) = snap.previous.as_ref().filter(|_| compared(snap).is_some()) else {
        return;
    };
    if let Some(first) = symbols.first_mut() {
        if first.detail.as_deref() == Some("标题") {
            first.detail = Some(format!("标题 · {}", link.note));
        }
    }
}

/// The answer to `gongwen/previousReport`: the file compared with, or why none.
pub fn describe(snap: &Snapshot) -> Value {
    let Some(link) = snap.previous.as_ref() else {
        return json!({"found": false, "note": "本文档未作为年度报告检查，不与上年度报告比对"});
    };
    match compared(snap) {
        Some(p) => json!({
            "found": true,
            "uri": p.uri.as_str(),
            "path": p.path.display().to_string(),
            "how": p.how.as_str(),
            "year": p.baseline.year(),
            "note": link.note,
        }),
        None => {
            // found but not comparable (another kind of report)
            let note = match &link.previous {
                Some(p) => format!("{} 与本报告不是同一类报告，未比对", file_name(&p.path)),
                None => link.note.clone(),
            };
            json!({"found": false, "note": note})
        }
    }
}

/// Which open documents depend on the changed files: those compared with one of them, and
/// those compared with none (a new file may be the one they lack).
pub fn affected(docs: &HashMap<Uri, super::document::Document>, changed: &[PathBuf]) -> Vec<Uri> {
    docs.iter()
        .filter(|(uri, d)| {
            let own = super::uri::file_path(uri);
            let others: Vec<&PathBuf> = changed
                .iter()
                .filter(|c| own.as_deref() != Some(c.as_path()))
                .collect();
            !others.is_empty()
                && d.snapshot
                    .as_ref()
                    .and_then(|s| s.previous.as_ref())
                    .is_some_and(|l| match &l.previous {
                        Some(p) => others.iter().any(|c| **c == p.path),
                        None => true,
                    })
        })
        .map(|(u, _)| u.clone())
        .collect()
}

// --- the server's handlers for last year's report (kept here to keep mod.rs small) -----------

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher,
    GlobPattern, MessageType, Registration,
};

use super::{lock, Backend};

/// The glob of the files whose changes matter: reports and the workspace configuration.
const WATCHED: [&str; 2] = ["**/*.{txt,md,markdown}", "**/.gongwen.toml"];

#[derive(Debug, serde::Deserialize)]
pub struct PreviousParams {
    uri: String,
}

impl Backend {
    /// Ask the client to report changes of report files and `.gongwen.toml`, so that last
    /// year's report is read again when it changes on disk.
    pub(super) async fn watch_files(&self) {
        if !lock(&self.state).supports_watchers {
            return;
        }
        let watchers = WATCHED
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
        let reg = Registration {
            id: "gongwen-watched-files".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        if let Err(e) = self.client.register_capability(vec![reg]).await {
            self.log(
                MessageType::WARNING,
                format!("无法注册文件监视，上年度报告修改后需重新打开本文档才会重新比对：{e}"),
            )
            .await;
        }
    }

    /// Files changed on disk: the configuration is read again when `.gongwen.toml` changed;
    /// otherwise the documents compared with a changed file, or with none, are analysed again.
    pub(super) async fn watched_files_changed(&self, params: DidChangeWatchedFilesParams) {
        let mut config = false;
        let mut paths = vec![];
        for ev in &params.changes {
            let Some(p) = super::uri::file_path(&ev.uri) else {
                continue;
            };
            if p.file_name()
                .is_some_and(|n| n == gongwen::config::CONFIG_FILE)
            {
                config = true;
            } else if previous::is_report_file(&p) {
                paths.push(p);
            }
        }
        if config || params.changes.is_empty() {
            let notes = Backend::reload_config(&mut lock(&self.state));
            for n in notes {
                self.log(MessageType::WARNING, n).await;
            }
            self.schedule_all();
            return;
        }
        if paths.is_empty() {
            return;
        }
        let uris = {
            let mut st = lock(&self.state);
            st.yoy.files_changed(&paths);
            let uris = affected(&st.docs, &paths);
            for u in &uris {
                if let Some(d) = st.docs.get_mut(u) {
                    d.revision = super::document::next_revision();
                }
            }
            uris
        };
        for u in uris {
            self.schedule(u);
        }
    }

    /// `gongwen/previousReport`: the file a document is compared with (for the editor's diff
    /// view), or why none.
    pub async fn previous_report(&self, params: PreviousParams) -> Result<Value> {
        self.guard("gongwen/previousReport", async {
            let uri: Uri = params
                .uri
                .parse()
                .map_err(|_| Error::invalid_params("uri 无效"))?;
            match self.snapshot(&uri).await {
                Some((snap, _, _)) => Ok(describe(&snap)),
                None => Ok(json!({"found": false, "note": "文档未打开"})),
            }
        })
        .await
    }
}
