//! A minimal LSP client for end-to-end tests: spawns the built `gongwen-ls` binary and speaks
//! JSON-RPC over its stdin/stdout, answering the server's own requests like an editor would.

use std::collections::VecDeque;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub mod model;
pub mod registry;

/// Path of the `gongwen-ls` binary, built on first use (`GONGWEN_LS_BIN` overrides).
pub fn binary() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("GONGWEN_LS_BIN") {
            return PathBuf::from(p);
        }
        // target/<profile>/deps/<test-binary> → target/<profile>/gongwen-ls
        let exe = std::env::current_exe().expect("test binary path");
        let profile_dir = exe
            .parent()
            .and_then(|d| d.parent())
            .expect("target dir")
            .to_path_buf();
        let release = profile_dir.file_name().is_some_and(|n| n == "release");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.args(["build", "-q", "-p", "gongwen-ls", "--bin", "gongwen-ls"]);
        if release {
            cmd.arg("--release");
        }
        let status = cmd.status().expect("run cargo build");
        assert!(status.success(), "cargo build of gongwen-ls failed");
        let bin = profile_dir.join(format!("gongwen-ls{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} missing after build", bin.display());
        bin
    })
    .clone()
}

/// A command that runs the binary: directly, or under the emulator named by `GONGWEN_LS_RUNNER`
/// (words separated by spaces, e.g. `wine` or `qemu-aarch64 -L /usr/aarch64-linux-gnu`), which
/// scripts/release sets to run these tests against a cross-built binary.
pub fn command() -> Command {
    let runner: Vec<String> = std::env::var("GONGWEN_LS_RUNNER")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    match runner.split_first() {
        Some((program, args)) => {
            let mut c = Command::new(program);
            c.args(args).arg(binary());
            c
        }
        None => Command::new(binary()),
    }
}

/// Run the binary (under its runner, see [`command`]) with `args` in `dir`, colours off, and
/// wait for it.
///
/// Under Wine on a loaded machine, a process that has done its work is now and then killed with
/// SIGKILL as it exits (the wineserver gives a terminating process a second before it kills
/// it). gongwen-ls never kills itself, so under an emulator such a run is started again, twice
/// at most; natively a kill is always reported.
pub fn run<S: AsRef<OsStr>>(args: &[S], dir: &Path) -> Output {
    let once = || {
        command()
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .expect("run gongwen-ls")
    };
    let mut o = once();
    for _ in 0..2 {
        if !(emulated() && killed(&o)) {
            break;
        }
        eprintln!(
            "run {:?}: killed by SIGKILL under the emulator, started again",
            o.status
        );
        o = once();
    }
    o
}

/// Is the binary run under an emulator (`GONGWEN_LS_RUNNER`)?
fn emulated() -> bool {
    std::env::var_os("GONGWEN_LS_RUNNER").is_some_and(|r| !r.is_empty())
}

#[cfg(unix)]
fn killed(o: &Output) -> bool {
    use std::os::unix::process::ExitStatusExt;
    o.status.signal() == Some(9)
}

#[cfg(not(unix))]
fn killed(_: &Output) -> bool {
    false
}

/// The standard output of a finished run, which must be UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// How a run ended and what it wrote to standard error, for an assertion's message.
pub fn describe(o: &Output) -> String {
    format!(
        "{}\nstderr:\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A fresh, empty temporary folder for one test: `gongwen-GROUP-PID-NAME`, so that parallel
/// tests and test processes never share one.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongwen-{group}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The body of the next LSP message on `r` (`Content-Length` framing), None at the end of the
/// stream or on a frame without a length.
pub fn read_message(r: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut len = None;
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).unwrap_or(0) == 0 {
            return None;
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some(v) = l.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    Some(body)
}

/// Is the binary under test a Windows program (run by Wine)?
pub fn target_is_windows() -> bool {
    binary()
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("exe"))
}

/// A fixture file under `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

pub fn file_uri(name: &str) -> String {
    format!("file:///tmp/gongwen-e2e/{name}")
}

/// A running server and the client side of the conversation.
pub struct Lsp {
    child: Child,
    /// None once closed with [`Lsp::close_stdin`].
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications received and not yet consumed, in order.
    pub notifications: VecDeque<Value>,
    /// Settings returned for `workspace/configuration`.
    pub settings: Value,
    /// Edits the server asked the client to apply (`workspace/applyEdit`).
    pub applied_edits: Vec<Value>,
    /// Capabilities the server registered (`client/registerCapability`).
    pub registrations: Vec<Value>,
    pub stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

/// Generous: a debug build analysing a 5 MB document on a loaded 2-core CI machine can take
/// tens of seconds; the timeout only bounds how long a failing test waits.
pub const TIMEOUT: Duration = Duration::from_secs(90);

impl Lsp {
    pub fn spawn() -> Lsp {
        Self::spawn_with(&["--stdio"])
    }

    pub fn spawn_with(args: &[&str]) -> Lsp {
        let mut child = command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn gongwen-ls");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(buf) = read_message(&mut r) {
                match serde_json::from_slice::<Value>(&buf) {
                    Ok(v) => {
                        if tx.send(v).is_err() {
                            return;
                        }
                    }
                    Err(e) => panic!("server sent invalid JSON: {e}"),
                }
            }
        });
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let log2 = log.clone();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stderr);
            let mut line = String::new();
            while r.read_line(&mut line).unwrap_or(0) > 0 {
                log2.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        Lsp {
            child,
            stdin: Some(stdin),
            rx,
            next_id: 1,
            notifications: VecDeque::new(),
            settings: Value::Null,
            applied_edits: vec![],
            registrations: vec![],
            stderr: log,
        }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush");
    }

    /// Close the server's stdin (end of input).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Wait up to `limit` for the process to end; its exit status, or None if still running.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(st)) = self.child.try_wait() {
                return Some(st);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Messages received so far without answering the server's requests (unlike the other
    /// methods, which answer them like an editor would), waiting up to `wait`.
    pub fn receive_unanswered(&mut self, wait: Duration) -> Vec<Value> {
        let deadline = Instant::now() + wait;
        let mut got = vec![];
        while let Ok(m) = self
            .rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            got.push(m);
        }
        got
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).expect("serialize");
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend(body);
        self.send_raw(&frame);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Receive one message, answering server→client requests on the way.
    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = match self.rx.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "server closed its output; stderr:\n{}",
                    self.stderr.lock().unwrap()
                ),
            };
            if msg.get("method").is_some() && msg.get("id").is_some() {
                let id = msg["id"].clone();
                let result = match msg["method"].as_str().unwrap_or("") {
                    "workspace/configuration" => {
                        let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                        Value::Array(vec![self.settings.clone(); n])
                    }
                    "workspace/applyEdit" => {
                        self.applied_edits.push(msg["params"]["edit"].clone());
                        json!({"applied": true})
                    }
                    "client/registerCapability" => {
                        if let Some(r) = msg["params"]["registrations"].as_array() {
                            self.registrations.extend(r.iter().cloned());
                        }
                        Value::Null
                    }
                    _ => Value::Null,
                };
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
                continue;
            }
            return Some(msg);
        }
    }

    /// Send a request and wait for its response (the whole response object).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let msg = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no response to {method} within {TIMEOUT:?}"));
            if msg.get("id") == Some(&json!(id)) && msg.get("method").is_none() {
                return msg;
            }
            self.notifications.push_back(msg);
        }
    }

    /// Send a request and return its result, failing the test on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.request_raw(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    pub fn initialize(&mut self, capabilities: Value, init_options: Value) -> Value {
        let r = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "initializationOptions": init_options,
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    /// Initialize with typical editor capabilities (snippets, hierarchical symbols) and the
    /// given position encodings.
    pub fn start(encodings: &[&str]) -> Lsp {
        let mut s = Lsp::spawn();
        s.initialize(
            json!({
                "general": {"positionEncodings": encodings},
                "textDocument": {
                    "completion": {"completionItem": {"snippetSupport": true}},
                    "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
                    "publishDiagnostics": {"versionSupport": true}
                },
                "workspace": {"configuration": true}
            }),
            json!({}),
        );
        s
    }

    pub fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    /// Wait for a publishDiagnostics for `uri` (and `version`, if given); returns its params.
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(pos) = self.notifications.iter().position(|n| {
                n["method"] == "textDocument/publishDiagnostics"
                    && n["params"]["uri"] == uri
                    && version.is_none_or(|v| n["params"]["version"] == v)
            }) {
                let n = self.notifications.remove(pos).expect("present");
                // drop older diagnostics of the same document queued before it
                self.notifications.retain(|m| {
                    !(m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
                        || version.is_none()
                });
                return n["params"].clone();
            }
            match self.recv(deadline) {
                Some(m) => self.notifications.push_back(m),
                None => panic!(
                    "no diagnostics for {uri} (version {version:?}) within {TIMEOUT:?}; stderr:\n{}",
                    self.stderr.lock().unwrap()
                ),
            }
        }
    }

    /// Wait until a publishDiagnostics for `uri` satisfies `pred` (earlier ones are skipped).
    pub fn diagnostics_until(&mut self, uri: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            while let Some(pos) = self.notifications.iter().position(|n| {
                n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
            }) {
                let n = self.notifications.remove(pos).expect("present");
                if pred(&n["params"]) {
                    return n["params"].clone();
                }
            }
            match self.recv(deadline) {
                Some(m) => self.notifications.push_back(m),
                None => panic!("no matching diagnostics for {uri} within {TIMEOUT:?}"),
            }
        }
    }

    /// The server's copy of a document's text (custom request `gongwen/status`).
    pub fn server_text(&mut self, uri: &str) -> String {
        let r = self.request("gongwen/status", json!({"uri": uri, "includeText": true}));
        r["text"].as_str().expect("text in status").to_string()
    }

    /// shutdown + exit, then wait for the process to end.
    pub fn stop(mut self) {
        let _ = self.request_raw("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("server did not exit after shutdown/exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The diagnostics of one rule in a publishDiagnostics params object.
pub fn of_rule<'a>(params: &'a Value, rule: &str) -> Vec<&'a Value> {
    params["diagnostics"]
        .as_array()
        .map(|a| a.iter().filter(|d| d["code"] == rule).collect())
        .unwrap_or_default()
}
