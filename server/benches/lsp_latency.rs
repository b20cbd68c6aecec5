//! didChange → publishDiagnostics latency over stdio, on 60 000-character reports, measured
//! against the real binary. Targets (docs/performance.md): p95 under 30 ms on the clean corpus;
//! p95 under 10 ms of publication cost on top of analysis for a real-shaped draft with thousands
//! of findings.
//!
//! Two documents:
//! - `did_change_to_diagnostics_60k`: the bench corpus (a complete report with consistent
//!   figures, zero findings): the cost of analysis;
//! - `did_change_to_diagnostics_60k_real_shaped`: the same report written as real drafts are —
//!   no title line, half-width punctuation everywhere (`,` `.` `;` `:` `()`), 其中, with a comma —
//!   which gives thousands of findings on long lines: the cost of publishing them (positions,
//!   JSON, writing) on top of the analysis.
//!
//! Each iteration types one character into the middle of the report and waits for the
//! diagnostics of that exact version. The latency is taken when the last byte of that
//! publication has been read from the server's stdout (by a reader thread), so it is the
//! server's time, not the time a client needs to parse a 1.5 MB message into a tree: the client
//! here reads only the envelope and counts the diagnostics without building them. Besides
//! criterion's statistics, the bench prints the p50/p95/max of all iterations, the number of
//! diagnostics and the size of one publication. `GONGWEN_LS_BIN=path` runs another build of
//! the server under the same client (before/after comparisons on the same machine state).

use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{json, Value};

#[path = "../engine/benches/common/mod.rs"]
mod common;

/// The length of a JSON array, read without building its elements.
#[derive(Default)]
struct Count(usize);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Count;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Count, A::Error> {
                let mut n = 0;
                while a.next_element::<IgnoredAny>()?.is_some() {
                    n += 1;
                }
                Ok(Count(n))
            }
        }
        d.deserialize_seq(V)
    }
}

/// What the client reads of each message.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    method: Option<&'a str>,
    id: Option<Value>,
    #[serde(default)]
    params: Option<Published>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Published {
    version: Option<i64>,
    diagnostics: Count,
}

/// A minimal LSP client over the binary's stdio.
struct Client {
    child: Child,
    stdin: ChildStdin,
    /// Each message's body and the moment its last byte was read.
    rx: Receiver<(Instant, Vec<u8>)>,
}

impl Client {
    fn start() -> Client {
        let dir = std::env::temp_dir().join("gongwen-lsp-latency");
        std::fs::create_dir_all(&dir).expect("temp dir");
        // GONGWEN_LS_BIN: another build of the server, to compare two builds on the same
        // machine state with the same client
        let bin = std::env::var_os("GONGWEN_LS_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_gongwen-ls").into());
        let mut child = Command::new(bin)
            .arg("--stdio")
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn gongwen-ls");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(body) = gongwen_e2e::read_message(&mut r) {
                if tx.send((Instant::now(), body)).is_err() {
                    return;
                }
            }
        });
        let mut c = Client { child, stdin, rx };
        c.send(
            &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "capabilities": {
                    "general": {"positionEncodings": ["utf-16"]},
                    "textDocument": {"publishDiagnostics": {"versionSupport": true}},
                    "workspace": {"configuration": true}
                }
            }}),
        );
        c.wait(|e, _| e.id.as_ref().is_some_and(|id| id == 1) && e.method.is_none());
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).expect("json");
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).expect("write");
        self.stdin.write_all(&body).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Read messages (answering the server's requests) until `done` holds for one; returns the
    /// moment it was read, its diagnostics count and its size.
    fn wait(&mut self, done: impl Fn(&Envelope, usize) -> bool) -> (Instant, usize, usize) {
        loop {
            let (at, body) = self
                .rx
                .recv_timeout(Duration::from_secs(60))
                .expect("the server answers within a minute");
            let e: Envelope = serde_json::from_slice(&body).expect("a JSON-RPC message");
            if let (Some(m), Some(id)) = (e.method, &e.id) {
                let result = match m {
                    "workspace/configuration" => json!([{}]),
                    _ => Value::Null,
                };
                let reply = json!({"jsonrpc": "2.0", "id": id, "result": result});
                self.send(&reply);
                continue;
            }
            let n = e.params.as_ref().map_or(0, |p| p.diagnostics.0);
            if done(&e, n) {
                return (at, n, body.len());
            }
        }
    }

    /// The diagnostics of `version`: when they were read, how many, the message size.
    fn published(&mut self, version: i64) -> (Instant, usize, usize) {
        self.wait(|e, _| {
            e.method == Some("textDocument/publishDiagnostics")
                && e.params.as_ref().and_then(|p| p.version) == Some(version)
        })
    }

    /// The server process's CPU time so far (Linux: /proc/PID/stat, in clock ticks of 10 ms).
    fn cpu(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // the fields after the command name, which is in parentheses
        let rest = &stat[stat.rfind(')')? + 2..];
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
        Some(Duration::from_millis(ticks * 10))
    }

    fn stop(mut self) {
        self.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}));
        self.wait(|e, _| e.id.as_ref().is_some_and(|id| id == 2) && e.method.is_none());
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

fn measure(c: &mut Criterion, name: &str, text: &str) {
    let mut s = Client::start();
    let uri = format!("file:///tmp/gongwen-lsp-latency/{name}.txt");
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    let (_, count, bytes) = s.published(1);
    let line = text.lines().count() / 2;
    let cpu_before = s.cpu();
    let mut version = 1i64;
    let mut samples: Vec<Duration> = vec![];
    c.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                version += 1;
                let t = Instant::now();
                s.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [
                        {"range": {"start": {"line": line, "character": 2}, "end": {"line": line, "character": 2}}, "text": "法"}
                    ]}),
                );
                let (at, _, _) = s.published(version);
                let d = at.duration_since(t);
                samples.push(d);
                total += d;
            }
            total
        })
    });
    // the server's CPU time per edit: what the edits cost, whatever else runs on the machine
    let cpu = s.cpu().zip(cpu_before).map(|(a, b)| a.saturating_sub(b));
    samples.sort();
    if !samples.is_empty() {
        let p = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
        println!(
            "{name}: didChange→publishDiagnostics over stdio, {} chars, {count} diagnostics ({} KB), {} samples: p50 {:?}, p95 {:?}, max {:?}",
            text.chars().count(),
            bytes / 1024,
            samples.len(),
            p(0.5),
            p(0.95),
            samples[samples.len() - 1]
        );
        if let Some(cpu) = cpu {
            println!(
                "{name}: server CPU time {:.2} ms per edit (user + system, all threads)",
                cpu.as_secs_f64() * 1000.0 / samples.len() as f64
            );
        }
    }
    s.stop();
}

fn bench(c: &mut Criterion) {
    let text = common::report(60_000);
    measure(c, "did_change_to_diagnostics_60k", &text);
    measure(
        c,
        "did_change_to_diagnostics_60k_real_shaped",
        &common::real_shaped(&text),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
