//! The LSP adapter: a thin layer between JSON-RPC (tower-lsp-server) and the engine.
//!
//! - Incoming frames are checked by [`transport`] before tower-lsp sees them; it also ends the
//!   process on `exit` or end of input, whatever is pending.
//! - Edits are applied synchronously in the notification handler, before any `.await`, so they
//!   can never be reordered. Every change gets a new server revision; analyses are matched to
//!   the text by revision, never by the client's version, which a buggy client may repeat.
//! - One analysis task per document runs on the blocking pool, from a snapshot of the text; when
//!   edits arrive faster than it analyses, it skips to the newest text (coalescing), so memory
//!   and CPU stay bounded. Its diagnostics are published only if the document is still at that
//!   revision, under a lock that keeps publications in order, so stale results never overwrite
//!   newer ones. Requests wait for the analysis of the text as it was when they arrived.
//! - Every handler runs inside `catch_unwind`: a panic is logged and answered with an error,
//!   and the server keeps serving.

pub mod client_log;
pub mod convert;
pub mod document;
pub mod edit;
pub mod features;
pub mod figures;
pub mod formatting;
pub mod publish;
pub mod transport;
pub mod uri;
pub mod yoy;

use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use futures::FutureExt;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::workspace::{self, Workspace};
use document::{Document, EditIssue, Snapshot};
use gongwen::analysis::{self, Detection, Options};
use gongwen::config::{self, Config};
use gongwen::profile::Profile;
use gongwen::report::Counts;
use gongwen::text::{Encoding, LineIndex};

/// Server-side commands (`workspace/executeCommand`), for editors without the extension.
pub const CMD_INSERT_SKELETON: &str = "gongwen.server.insertSkeleton";

struct State {
    docs: HashMap<Uri, Document>,
    encoding: Encoding,
    snippets: bool,
    /// Root, merged configuration and profile.
    ws: Workspace,
    editor_config: Config,
    file_config: Config,
    supports_pull_config: bool,
    /// The client can register file watchers (`workspace/didChangeWatchedFiles`) dynamically.
    supports_watchers: bool,
    /// Last year's reports: which file each document is compared with, and the files read.
    yoy: Arc<yoy::YoyState>,
    /// The client accepts versioned edits (`documentChanges`) in a workspace edit.
    document_changes: bool,
    /// The client can be asked to refresh its code lenses and inlay hints (when the settings
    /// turning them off change).
    refresh_lenses: bool,
    refresh_inlays: bool,
}

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    /// Held while checking a result's revision and sending it, so publications stay ordered.
    publish: Arc<tokio::sync::Mutex<()>>,
    /// The stdio output, when serving over stdio: publications are written to it directly.
    out: Option<transport::Output>,
}

fn lock(m: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic while holding the lock must not take the server down with it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".into())
}

fn is_markdown(uri: &Uri, language: Option<&str>) -> bool {
    language.is_some_and(|l| l.eq_ignore_ascii_case("markdown"))
        || [".md", ".markdown", ".mdx"]
            .iter()
            .any(|e| uri.as_str().to_ascii_lowercase().ends_with(e))
}

impl Backend {
    #[cfg(test)]
    pub fn new(client: Client) -> Self {
        Self::with_output(client, None)
    }

    pub fn with_output(client: Client, out: Option<transport::Output>) -> Self {
        Backend {
            client,
            out,
            state: Arc::new(Mutex::new(State {
                docs: HashMap::new(),
                encoding: Encoding::Utf16,
                snippets: true,
                ws: Workspace::with_defaults(None),
                editor_config: Config::default(),
                file_config: Config::default(),
                supports_pull_config: false,
                supports_watchers: false,
                yoy: Arc::new(yoy::YoyState::default()),
                document_changes: false,
                refresh_lenses: false,
                refresh_inlays: false,
            })),
            publish: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// Log to the client (`window/logMessage`). Errors are also written to stderr, which every
    /// client keeps somewhere; other levels are not, as clients such as VS Code show each stderr
    /// line as an error.
    async fn log(&self, typ: MessageType, msg: impl Into<String>) {
        let msg = msg.into();
        if self.out.is_some() {
            // through tracing: see crate::log
            match typ {
                MessageType::ERROR => tracing::error!("{msg}"),
                MessageType::WARNING => tracing::warn!("{msg}"),
                _ => tracing::info!("{msg}"),
            }
            return;
        }
        if typ == MessageType::ERROR {
            eprintln!("[gongwen] {msg}");
        }
        self.client.log_message(typ, msg).await;
    }

    /// Run a request handler, turning a panic into an error response.
    async fn guard<T>(&self, name: &str, f: impl Future<Output = Result<T>>) -> Result<T> {
        match AssertUnwindSafe(f).catch_unwind().await {
            Ok(r) => r,
            Err(p) => {
                let m = panic_message(p.as_ref());
                self.log(
                    MessageType::ERROR,
                    format!("处理 {name} 时发生内部错误（已恢复，服务继续运行）：{m}"),
                )
                .await;
                Err(Error {
                    code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
                    message: format!("gongwen-ls 内部错误：{m}").into(),
                    data: None,
                })
            }
        }
    }

    /// Run a notification handler, logging a panic.
    async fn guard_notify(&self, name: &str, f: impl Future<Output = ()>) {
        if let Err(p) = AssertUnwindSafe(f).catch_unwind().await {
            let m = panic_message(p.as_ref());
            self.log(
                MessageType::ERROR,
                format!("处理 {name} 时发生内部错误（已恢复，服务继续运行）：{m}"),
            )
            .await;
        }
    }

    /// Reload the workspace config file and the profile, and merge with the editor settings.
    fn reload_config(state: &mut State) -> Vec<String> {
        let mut notes = vec![];
        let root = state.ws.root.clone();
        state.file_config = match root.as_ref().map(|r| r.join(config::CONFIG_FILE)) {
            Some(f) if f.is_file() => workspace::read_config(&f).unwrap_or_else(|e| {
                notes.push(format!("读取 {} 失败：{e}", f.display()));
                Config::default()
            }),
            _ => Config::default(),
        };
        let mut merged = Config::merged(&state.file_config, &state.editor_config);
        if let (Some(p), Some(root)) = (merged.profile.as_mut(), root.as_ref()) {
            if p.is_relative() {
                *p = root.join(&*p);
            }
        }
        if let (Some(p), Some(root)) = (merged.previous_report.as_mut(), root.as_ref()) {
            if p.is_relative() {
                *p = root.join(&*p);
            }
        }
        state.yoy.clear();
        notes.append(&mut merged.warnings);
        let roots: Vec<PathBuf> = root.iter().cloned().collect();
        state.ws.profiles = workspace::profiles_for(&merged, &roots).unwrap_or_else(|e| {
            notes.push(format!("{e}；已改用内置配置"));
            gongwen::profile::builtin().to_vec()
        });
        state.ws.config = Arc::new(merged);
        notes
    }

    /// Does the configuration opt this document in, or out?
    fn options_for(state: &State, uri: &Uri) -> Option<(bool, Arc<Config>)> {
        let cfg = state.ws.config.clone();
        if !cfg.enable {
            return None;
        }
        let forced = match uri::file_path(uri) {
            Some(p) => state.ws.includes(&p),
            None => cfg.includes(uri.as_str()),
        };
        if !forced && !cfg.auto_detect {
            return None;
        }
        Some((forced, cfg))
    }

    /// Make sure the document's current revision gets analysed and published: start its
    /// analysis task unless one is running (which will catch up by itself).
    fn schedule(&self, uri: Uri) {
        {
            let mut st = lock(&self.state);
            let Some(doc) = st.docs.get_mut(&uri) else {
                return;
            };
            if doc.running {
                return;
            }
            doc.running = true;
        }
        let worker = Worker {
            state: self.state.clone(),
            client: self.client.clone(),
            publish: self.publish.clone(),
            out: self.out.clone(),
        };
        tokio::spawn(async move { worker.run(uri).await });
    }

    /// Re-analyse every open document (the configuration changed).
    fn schedule_all(&self) {
        let uris: Vec<Uri> = {
            let mut st = lock(&self.state);
            for d in st.docs.values_mut() {
                d.revision = document::next_revision();
            }
            st.docs.keys().cloned().collect()
        };
        for u in uris {
            self.schedule(u);
        }
    }

    /// The analysis of the document's text as it is now, waiting for it if needed. Edits that
    /// arrive meanwhile may make the answer come from a newer text, never an older one.
    async fn snapshot(&self, uri: &Uri) -> Option<(Arc<Snapshot>, Encoding, Arc<Profile>)> {
        let (mut rx, want, enc) = {
            let st = lock(&self.state);
            let doc = st.docs.get(uri)?;
            if let Some(s) = &doc.snapshot {
                if s.revision == doc.revision {
                    return Some((s.clone(), st.encoding, s.analysis.profile.clone()));
                }
            }
            (doc.published.subscribe(), doc.revision, st.encoding)
        };
        self.schedule(uri.clone());
        loop {
            {
                let s = rx.borrow_and_update();
                if let Some(s) = s.as_ref().filter(|s| s.revision >= want) {
                    return Some((s.clone(), enc, s.analysis.profile.clone()));
                }
            }
            // an error: the document was closed
            rx.changed().await.ok()?;
        }
    }

    /// Edits for `uri` as a workspace edit: versioned (`documentChanges`, so the client rejects
    /// them if the document changed since `snap`) when the client supports it.
    fn workspace_edit(&self, uri: &Uri, snap: &Snapshot, edits: Vec<TextEdit>) -> WorkspaceEdit {
        convert::workspace_edit_of(uri, snap.version, edits, lock(&self.state).document_changes)
    }

    async fn pull_config(&self) {
        let supports = lock(&self.state).supports_pull_config;
        if !supports {
            return;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("gongwen".into()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(v) => {
                if let Some(settings) = v.into_iter().next().filter(|v| !v.is_null()) {
                    self.apply_settings(&settings).await;
                }
            }
            Err(e) => {
                self.log(MessageType::WARNING, format!("读取编辑器设置失败：{e}"))
                    .await
            }
        }
    }

    async fn apply_settings(&self, settings: &Value) {
        let (notes, lenses, inlays) = {
            let mut st = lock(&self.state);
            let before = (st.ws.config.code_lens, st.ws.config.inlay_hints);
            st.editor_config = Config::from_settings(settings);
            let notes = Self::reload_config(&mut st);
            let after = (st.ws.config.code_lens, st.ws.config.inlay_hints);
            (
                notes,
                st.refresh_lenses && before.0 != after.0,
                st.refresh_inlays && before.1 != after.1,
            )
        };
        for n in notes {
            self.log(MessageType::WARNING, n).await;
        }
        self.schedule_all();
        // code lenses and inlay hints switched on or off: the editor asks again
        if lenses {
            let _ = self.client.code_lens_refresh().await;
        }
        if inlays {
            let _ = self.client.inlay_hint_refresh().await;
        }
    }

    /// `gongwen/status`: is the file checked as a report, what is missing, how many findings.
    pub async fn status(&self, params: StatusParams) -> Result<Status> {
        self.guard("gongwen/status", async {
            let uri: Uri = params
                .uri
                .parse()
                .map_err(|_| Error::invalid_params("uri 无效"))?;
            let Some((snap, _, profile)) = self.snapshot(&uri).await else {
                return Ok(Status {
                    is_report: false,
                    reason: "文档未打开".into(),
                    year: None,
                    missing: vec![],
                    counts: Counts::default(),
                    version: None,
                    text: None,
                });
            };
            let a = &snap.analysis;
            let reason = match &a.detection {
                Detection::Detected { keyword, place } => {
                    format!("{place}含“{keyword}”和年份，按年度报告检查")
                }
                Detection::Forced => "按设置（reports.include）作为年度报告检查".into(),
                Detection::NotReport => {
                    format!("{}，未检查", lock(&self.state).ws.not_recognised())
                }
            };
            let missing = if a.is_report() {
                profile
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| a.items.found.get(*i).is_some_and(Option::is_none))
                    .map(|(_, it)| MissingItem {
                        id: it.id.clone(),
                        name: it.name.clone(),
                    })
                    .collect()
            } else {
                vec![]
            };
            Ok(Status {
                is_report: a.is_report(),
                reason,
                year: a.year,
                missing,
                counts: Counts::of(&a.findings),
                version: Some(snap.version),
                text: params.include_text.then(|| snap.text.clone()),
            })
        })
        .await
    }

    /// `gongwen/skeleton`: the whole report as a snippet.
    pub async fn skeleton(&self, _params: Value) -> Result<Value> {
        self.guard("gongwen/skeleton", async {
            let profile = lock(&self.state).ws.default_profile();
            Ok(json!({ "snippet": gongwen::template::skeleton(&profile, crate::clock::today()) }))
        })
        .await
    }
}

/// The answer to `gongwen/status`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    is_report: bool,
    /// Why it is (not) checked as a report, in Chinese.
    reason: String,
    year: Option<i32>,
    /// The statutory items not found.
    missing: Vec<MissingItem>,
    counts: Counts,
    /// The client's version of the analysed text.
    version: Option<i32>,
    /// The server's copy of the text, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MissingItem {
    id: String,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusParams {
    uri: String,
    /// Also return the server's copy of the text (for diagnosing sync problems).
    #[serde(default)]
    include_text: bool,
}

/// Find last year's report for the document (on the analysis thread: it may read files), then
/// analyse it.
#[allow(clippy::too_many_arguments)]
fn compute_with_previous(
    uri: &Uri,
    text: String,
    version: i32,
    revision: u64,
    markdown: bool,
    opts: Option<(bool, Arc<Config>)>,
    ws: &Workspace,
    yoy: &yoy::YoyState,
    enc: Encoding,
) -> Snapshot {
    let link = opts
        .as_ref()
        .and_then(|(forced, _)| yoy::link(yoy, ws, uri, &text, markdown, *forced));
    compute(
        text,
        version,
        revision,
        markdown,
        opts.as_ref().map(|o| (o.0, &*o.1)),
        &ws.profiles,
        link,
        Some((uri.as_str(), enc)),
    )
}

/// Analyse a snapshot. `opts` is None when the configuration switches checking off for it.
/// With `publish` (the document's URI and the client's position encoding), the diagnostics of
/// the rules run beside the figure pass are written meanwhile, for the publication to copy.
#[allow(clippy::too_many_arguments)]
fn compute(
    text: String,
    version: i32,
    revision: u64,
    markdown: bool,
    opts: Option<(bool, &Config)>,
    profiles: &[Arc<Profile>],
    link: Option<Arc<yoy::Link>>,
    publish: Option<(&str, Encoding)>,
) -> Snapshot {
    let baseline = link
        .as_ref()
        .and_then(|l| l.previous.as_ref())
        .map(|p| p.baseline.clone());
    let lines = LineIndex::new(&text);
    let fragment = std::sync::Mutex::new(None);
    let write = |found: &[gongwen::finding::Finding]| {
        if let Some((uri, enc)) = publish {
            let written = publish::Fragment::new(&text, &lines, uri, enc, found);
            if let Ok(mut f) = fragment.lock() {
                *f = written;
            }
        }
    };
    let analysis = match opts {
        Some((forced, cfg)) => analysis::analyze_with_previous(
            &text,
            &Options {
                profiles,
                levels: Some(&cfg.rules),
                markdown,
                force_report: forced,
                // one interactive document: the second core reads it too
                parallel: true,
                beside_done: publish.is_some().then_some(&write as _),
            },
            baseline.as_deref(),
        ),
        None => analysis::Analysis {
            detection: Detection::NotReport,
            profile: profiles
                .first()
                .cloned()
                .unwrap_or_else(Profile::default_profile),
            internal_errors: vec![],
            outline: Default::default(),
            items: Default::default(),
            year: None,
            subject: Default::default(),
            figures: Default::default(),
            comparison: None,
            findings: vec![],
        },
    };
    Snapshot {
        version,
        revision,
        lines,
        text,
        analysis,
        previous: link,
        fragment,
    }
}

fn negotiate_encoding(caps: &ClientCapabilities) -> Encoding {
    let offered = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    // The client lists encodings in order of preference; all three are supported here.
    for e in offered.into_iter().flatten() {
        if *e == PositionEncodingKind::UTF8 {
            return Encoding::Utf8;
        }
        if *e == PositionEncodingKind::UTF32 {
            return Encoding::Utf32;
        }
        if *e == PositionEncodingKind::UTF16 {
            return Encoding::Utf16;
        }
    }
    Encoding::Utf16
}

fn encoding_kind(e: Encoding) -> PositionEncodingKind {
    match e {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        self.guard("initialize", async {
            let enc = negotiate_encoding(&params.capabilities);
            let snippets = params
                .capabilities
                .text_document
                .as_ref()
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|c| c.snippet_support)
                .unwrap_or(false);
            let root = params
                .workspace_folders
                .as_ref()
                .and_then(|f| f.first())
                .and_then(|f| uri::file_path(&f.uri));
            #[allow(deprecated)] // root_uri: still sent by older clients
            let root = root.or_else(|| params.root_uri.as_ref().and_then(uri::file_path));
            let pull = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.configuration)
                .unwrap_or(false);
            let document_changes = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false);
            let watchers = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false);
            let workspace_caps = params.capabilities.workspace.as_ref();
            let refresh_lenses = workspace_caps
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false);
            let refresh_inlays = workspace_caps
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false);
            let notes = {
                let mut st = lock(&self.state);
                st.encoding = enc;
                st.snippets = snippets;
                st.ws.root = root;
                st.supports_pull_config = pull;
                st.document_changes = document_changes;
                st.supports_watchers = watchers;
                st.refresh_lenses = refresh_lenses;
                st.refresh_inlays = refresh_inlays;
                if let Some(opts) = params
                    .initialization_options
                    .as_ref()
                    .filter(|v| v.is_object())
                {
                    st.editor_config = Config::from_settings(opts);
                }
                Self::reload_config(&mut st)
            };
            for n in notes {
                tracing::warn!("{n}");
            }
            Ok(InitializeResult {
                capabilities: ServerCapabilities {
                    position_encoding: Some(encoding_kind(enc)),
                    text_document_sync: Some(TextDocumentSyncCapability::Options(
                        TextDocumentSyncOptions {
                            open_close: Some(true),
                            change: Some(TextDocumentSyncKind::INCREMENTAL),
                            will_save: None,
                            will_save_wait_until: None,
                            save: None,
                        },
                    )),
                    document_symbol_provider: Some(OneOf::Left(true)),
                    folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                    hover_provider: Some(HoverProviderCapability::Simple(true)),
                    inlay_hint_provider: Some(OneOf::Left(true)),
                    code_lens_provider: Some(CodeLensOptions {
                        resolve_provider: Some(false),
                    }),
                    completion_provider: Some(CompletionOptions {
                        trigger_characters: None,
                        resolve_provider: Some(false),
                        ..Default::default()
                    }),
                    document_formatting_provider: Some(OneOf::Left(true)),
                    document_range_formatting_provider: Some(OneOf::Left(true)),
                    code_action_provider: Some(CodeActionProviderCapability::Options(
                        CodeActionOptions {
                            code_action_kinds: Some(formatting::code_action_kinds()),
                            work_done_progress_options: Default::default(),
                            resolve_provider: Some(false),
                        },
                    )),
                    execute_command_provider: Some(ExecuteCommandOptions {
                        commands: vec![CMD_INSERT_SKELETON.into()],
                        work_done_progress_options: Default::default(),
                    }),
                    ..Default::default()
                },
                server_info: Some(ServerInfo {
                    name: "gongwen-ls".into(),
                    version: Some(gongwen::VERSION.into()),
                }),
                offset_encoding: None,
            })
        })
        .await
    }

    async fn initialized(&self, _: InitializedParams) {
        self.guard_notify("initialized", async {
            self.log(
                MessageType::INFO,
                format!("gongwen-ls {} 已启动", gongwen::VERSION),
            )
            .await;
            self.pull_config().await;
            self.watch_files().await;
        })
        .await
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.guard_notify("didOpen", async {
            let td = params.text_document;
            {
                let mut st = lock(&self.state);
                let md = is_markdown(&td.uri, Some(&td.language_id));
                st.docs
                    .insert(td.uri.clone(), Document::new(&td.text, td.version, md));
            }
            self.schedule(td.uri);
        })
        .await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.guard_notify("didChange", async {
            // Apply the edits now, before any await: notifications are polled in arrival order.
            let issues = {
                let mut st = lock(&self.state);
                let enc = st.encoding;
                st.docs.get_mut(&params.text_document.uri).map(|doc| {
                    let applied = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        let mut issues = vec![];
                        for ch in &params.content_changes {
                            if let Some(i) = doc.apply(ch, enc) {
                                issues.push(i);
                            }
                        }
                        issues
                    }));
                    // every change is a new revision, whatever version the client gives it
                    doc.version = params.text_document.version;
                    doc.revision = document::next_revision();
                    applied.unwrap_or_else(|_| vec![EditIssue::OutOfRange])
                })
            };
            let Some(issues) = issues else {
                let uri = params.text_document.uri.as_str();
                self.log(
                    MessageType::WARNING,
                    format!("收到未打开文档的修改，已忽略：{uri}"),
                )
                .await;
                return;
            };
            self.schedule(params.text_document.uri.clone());
            for i in issues {
                let what = match i {
                    EditIssue::OutOfRange => "编辑位置超出文档范围，已截断到有效位置",
                    EditIssue::Reversed => "编辑范围起止颠倒，已自动纠正",
                };
                self.log(
                    MessageType::WARNING,
                    format!(
                        "{what}（{}，版本 {}）",
                        params.text_document.uri.as_str(),
                        params.text_document.version
                    ),
                )
                .await;
            }
        })
        .await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.guard_notify("didClose", async {
            {
                let mut st = lock(&self.state);
                st.docs.remove(&params.text_document.uri);
                st.yoy.forget(&params.text_document.uri);
            }
            let _order = self.publish.lock().await;
            match &self.out {
                Some(out) => out.send_owned(publish::clear(params.text_document.uri.as_str())),
                None => {
                    self.client
                        .publish_diagnostics(params.text_document.uri, vec![], None)
                        .await
                }
            }
        })
        .await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.guard_notify("didChangeConfiguration", async {
            match params.settings.get("gongwen") {
                Some(s) if s.is_object() => self.apply_settings(s).await,
                _ => {
                    if lock(&self.state).supports_pull_config {
                        self.pull_config().await;
                    } else {
                        let notes = Self::reload_config(&mut lock(&self.state));
                        for n in notes {
                            self.log(MessageType::WARNING, n).await;
                        }
                        self.schedule_all();
                    }
                }
            }
        })
        .await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.guard_notify("didChangeWatchedFiles", self.watched_files_changed(params))
            .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.guard("documentSymbol", async {
            let Some((snap, enc, profile)) = self.snapshot(&params.text_document.uri).await else {
                return Ok(None);
            };
            let mut symbols = features::document_symbols(&snap, &profile, enc);
            yoy::annotate_symbols(&snap, &mut symbols);
            Ok(Some(DocumentSymbolResponse::Nested(symbols)))
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.guard("foldingRange", async {
            let Some((snap, _, _)) = self.snapshot(&params.text_document.uri).await else {
                return Ok(None);
            };
            Ok(Some(features::folding_ranges(&snap)))
        })
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.guard("hover", async {
            let p = params.text_document_position_params;
            let Some((snap, enc, profile)) = self.snapshot(&p.text_document.uri).await else {
                return Ok(None);
            };
            let off = convert::offset(&snap, p.position, enc);
            // last year's report first (the title, a year-over-year finding), then a figure
            // (its checks), then the heading or item around it
            Ok(yoy::hover(&snap, off, enc)
                .or_else(|| figures::hover(&snap, off, enc))
                .or_else(|| features::hover(&snap, &profile, off, enc)))
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.guard("inlayHint", async {
            if !lock(&self.state).ws.config.inlay_hints {
                return Ok(Some(vec![])); // turned off in the settings
            }
            let Some((snap, enc, _)) = self.snapshot(&params.text_document.uri).await else {
                return Ok(None);
            };
            let span = convert::span(&snap, params.range, enc);
            Ok(Some(figures::inlay_hints(&snap, span, enc)))
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.guard("codeLens", async {
            if !lock(&self.state).ws.config.code_lens {
                return Ok(Some(vec![])); // turned off in the settings
            }
            let uri = &params.text_document.uri;
            let Some((snap, enc, profile)) = self.snapshot(uri).await else {
                return Ok(None);
            };
            let mut lenses = figures::code_lenses(&snap, &profile, enc);
            lenses.extend(yoy::code_lenses(&snap, &profile, enc, uri));
            Ok(Some(lenses))
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.guard("completion", async {
            let p = params.text_document_position;
            let Some((snap, enc, profile)) = self.snapshot(&p.text_document.uri).await else {
                return Ok(None);
            };
            let snippets = lock(&self.state).snippets;
            let off = convert::offset(&snap, p.position, enc);
            let items = features::completion(&snap, &profile, off, enc, snippets);
            Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.guard("codeAction", async {
            let uri = params.text_document.uri;
            let Some((snap, enc, _)) = self.snapshot(&uri).await else {
                return Ok(None);
            };
            let span = convert::span(&snap, params.range, enc);
            let only = params.context.only.as_deref();
            let versioned = lock(&self.state).document_changes;
            let mut actions = if formatting::wanted(only, CodeActionKind::QUICKFIX.as_str()) {
                features::code_actions(&snap, span, enc, &uri, versioned)
            } else {
                vec![]
            };
            if formatting::wanted(only, formatting::FIX_ALL_KIND)
                && formatting::enabled(&lock(&self.state).ws.config)
            {
                actions.extend(formatting::fix_all_action(&snap, enc, &uri, versioned));
            }
            Ok((!actions.is_empty()).then_some(actions))
        })
        .await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.guard("formatting", async {
            let Some((snap, enc, _)) = self.snapshot(&params.text_document.uri).await else {
                return Ok(None);
            };
            if !formatting::enabled(&lock(&self.state).ws.config) {
                return Ok(Some(vec![]));
            }
            Ok(Some(formatting::edits(&snap, enc, None)))
        })
        .await
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        self.guard("rangeFormatting", async {
            let Some((snap, enc, _)) = self.snapshot(&params.text_document.uri).await else {
                return Ok(None);
            };
            if !formatting::enabled(&lock(&self.state).ws.config) {
                return Ok(Some(vec![]));
            }
            let span = convert::span(&snap, params.range, enc);
            Ok(Some(formatting::edits(&snap, enc, Some(span))))
        })
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        self.guard("executeCommand", async {
            if params.command != CMD_INSERT_SKELETON {
                return Err(Error::invalid_params(format!(
                    "未知命令：{}",
                    params.command
                )));
            }
            // arguments: [uri, position?]
            let uri: Uri = params
                .arguments
                .first()
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| Error::invalid_params("需要文档 uri 参数"))?;
            let Some((snap, enc, profile)) = self.snapshot(&uri).await else {
                return Err(Error::invalid_params("文档未打开"));
            };
            let pos = params
                .arguments
                .get(1)
                .and_then(|v| serde_json::from_value::<Position>(v.clone()).ok())
                .unwrap_or_else(|| convert::position(&snap, 0, enc));
            let text = gongwen::profile::snippet::render_plain(&gongwen::template::skeleton(
                &profile,
                crate::clock::today(),
            ));
            let edit =
                self.workspace_edit(&uri, &snap, vec![TextEdit::new(Range::new(pos, pos), text)]);
            let applied = self
                .client
                .apply_edit(edit)
                .await
                .map(|r| r.applied)
                .unwrap_or(false);
            Ok(Some(json!({ "applied": applied })))
        })
        .await
    }
}

/// The analysis task of one document (see [`Backend::schedule`]).
struct Worker {
    state: Arc<Mutex<State>>,
    client: Client,
    publish: Arc<tokio::sync::Mutex<()>>,
    out: Option<transport::Output>,
}

impl Worker {
    /// Analyse the document's newest text until the analysis has caught up with it, publishing
    /// each result that is still current. Edits arriving meanwhile are coalesced: only the
    /// newest text is analysed next.
    async fn run(self, uri: Uri) {
        loop {
            let job = {
                let mut st = lock(&self.state);
                let opts = Backend::options_for(&st, &uri);
                let ws = st.ws.clone();
                let yoy = st.yoy.clone();
                let enc = st.encoding;
                let Some(doc) = st.docs.get_mut(&uri) else {
                    return;
                };
                if doc
                    .snapshot
                    .as_ref()
                    .is_some_and(|s| s.revision == doc.revision)
                {
                    doc.running = false;
                    return;
                }
                (
                    doc.text(),
                    doc.version,
                    doc.revision,
                    doc.markdown,
                    opts,
                    ws,
                    yoy,
                    enc,
                )
            };
            let (text, version, revision, markdown, opts, ws, yoy, enc) = job;
            let fallback = (version, revision, ws.profiles.clone());
            let u = uri.clone();
            let computed = tokio::task::spawn_blocking(move || {
                compute_with_previous(&u, text, version, revision, markdown, opts, &ws, &yoy, enc)
            })
            .await;
            let snap = match computed {
                Ok(s) => {
                    for e in &s.analysis.internal_errors {
                        tracing::error!("{} {e}", uri.as_str());
                    }
                    Arc::new(s)
                }
                Err(e) => {
                    let m = if e.is_panic() {
                        panic_message(e.into_panic().as_ref())
                    } else {
                        e.to_string()
                    };
                    tracing::error!("分析 {} 时发生内部错误（已恢复）：{m}", uri.as_str());
                    // an empty result, so that requests waiting for this revision are answered
                    let (version, revision, profiles) = fallback;
                    Arc::new(compute(
                        String::new(),
                        version,
                        revision,
                        false,
                        None,
                        &profiles,
                        None,
                        None,
                    ))
                }
            };
            let _order = self.publish.lock().await;
            // the snapshots this one replaces: freed after publishing (thousands of findings
            // take a while to free, and the editor is waiting)
            let mut retired = (None, None);
            let (enc, current, relink) = {
                let mut st = lock(&self.state);
                let enc = st.encoding;
                let refresh_lenses = st.refresh_lenses;
                let Some(d) = st.docs.get_mut(&uri) else {
                    return;
                };
                let mut relink = false;
                if d.snapshot
                    .as_ref()
                    .is_none_or(|s| s.revision < snap.revision)
                {
                    // the file compared with changed (found, lost, another one): the lenses
                    // the editor holds ("与上年相比") were computed without it
                    let compared = |s: &Snapshot| {
                        s.previous
                            .as_ref()
                            .and_then(|l| l.previous.as_ref())
                            .map(|p| p.path.clone())
                    };
                    relink = refresh_lenses
                        && d.snapshot.as_deref().map(compared).unwrap_or(None) != compared(&snap);
                    retired = (
                        d.snapshot.replace(snap.clone()),
                        d.published.send_replace(Some(snap.clone())),
                    );
                }
                (enc, d.revision == snap.revision, relink)
            };
            // a newer text exists (or the document closed): never publish stale results
            if current {
                self.publish(&uri, &snap, enc).await;
            }
            // freed on the side (about a millisecond for thousands of findings): the next edit
            // may be waiting for this loop
            if retired.0.is_some() || retired.1.is_some() {
                tokio::task::spawn_blocking(move || drop(retired));
            }
            if relink {
                // answered by the client later: never hold the analysis loop for it
                let client = self.client.clone();
                tokio::spawn(async move {
                    let _ = client.code_lens_refresh().await;
                });
            }
        }
    }

    async fn publish(&self, uri: &Uri, snap: &Snapshot, enc: Encoding) {
        let body = match std::panic::catch_unwind(AssertUnwindSafe(|| {
            publish::body(snap, uri.as_str(), enc, Some(snap.version))
        })) {
            Ok(b) => b,
            Err(p) => {
                tracing::error!("发布诊断时发生内部错误：{}", panic_message(p.as_ref()));
                return;
            }
        };
        match &self.out {
            Some(out) => out.send_owned(body),
            None => {
                // without the stdio transport (tests of the service alone): through tower-lsp
                let v: Value = serde_json::from_slice(&body).unwrap_or_default();
                if let Ok(p) =
                    serde_json::from_value::<PublishDiagnosticsParams>(v["params"].clone())
                {
                    self.client
                        .publish_diagnostics(p.uri, p.diagnostics, p.version)
                        .await;
                }
            }
        }
    }
}

/// Serve LSP on stdin/stdout until the client exits or stdin ends. Returns the exit status.
pub async fn serve_stdio() -> i32 {
    let life = Arc::new(transport::Lifecycle::default());
    transport::widen_stdout_pipe();
    let out = transport::Output::start_stdout(life.clone());
    client_log::init(out.clone());
    // stdin → checks → tower-lsp
    let (server_in, feeder) = tokio::io::duplex(1 << 16);
    tokio::spawn(transport::filter(
        tokio::io::stdin(),
        feeder,
        out.clone(),
        life.clone(),
    ));
    // tower-lsp → the one writer
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    out.pump(from_server);
    let out2 = out.clone();
    let (service, socket) =
        LspService::build(move |client| Backend::with_output(client, Some(out2)))
            .custom_method("gongwen/status", Backend::status)
            .custom_method("gongwen/skeleton", Backend::skeleton)
            .custom_method("gongwen/previousReport", Backend::previous_report)
            .finish();
    tokio::select! {
        _ = Server::new(server_in, server_out, socket).serve(service) => {}
        _ = life.exited() => {}
    }
    // what was already answered still goes out (briefly: the client may be gone)
    let _ = tokio::time::timeout(std::time::Duration::from_millis(300), out.flush()).await;
    life.code()
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;

    #[tokio::test]
    async fn a_panicking_handler_gets_an_error_response_and_serving_continues() {
        let (service, socket) = LspService::new(Backend::new);
        // consume whatever the server sends towards the client
        let drain = tokio::spawn(socket.for_each(|_| async {}));
        let backend = service.inner();
        let r: Result<()> = backend.guard("test", async { panic!("boom") }).await;
        let e = r.unwrap_err();
        assert_eq!(e.code, tower_lsp_server::jsonrpc::ErrorCode::InternalError);
        assert!(e.message.contains("boom"), "{}", e.message);
        backend
            .guard_notify("test", async { panic!("again") })
            .await;
        // the same backend keeps answering
        assert_eq!(backend.guard("test", async { Ok(42) }).await.unwrap(), 42);
        drop(service);
        drain.abort();
    }

    #[test]
    fn encodings_follow_client_preference() {
        let caps =
            |v: serde_json::Value| -> ClientCapabilities { serde_json::from_value(v).unwrap() };
        assert_eq!(negotiate_encoding(&caps(json!({}))), Encoding::Utf16);
        assert_eq!(
            negotiate_encoding(&caps(
                json!({"general": {"positionEncodings": ["utf-32", "utf-8"]}})
            )),
            Encoding::Utf32
        );
        assert_eq!(
            negotiate_encoding(&caps(
                json!({"general": {"positionEncodings": ["x-unknown", "utf-8"]}})
            )),
            Encoding::Utf8
        );
    }
}
