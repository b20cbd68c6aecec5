//! The stdio transport around tower-lsp-server: every incoming frame is checked before the
//! JSON-RPC layer sees it, all outgoing frames go through one writer, and the process lifecycle
//! (`shutdown`, `exit`, end of input) is decided here.
//!
//! Why: tower-lsp-server reads stdin through tokio-util's `FramedRead`, which ends the stream at
//! the first frame it cannot decode (tokio#3976), and it decodes into strict types — so one frame
//! that is valid JSON but not a JSON-RPC message (`{}`, a batch array, `"id": 1.5`, no
//! `"jsonrpc"`), bytes that are not UTF-8, a lone surrogate escape (`"\ud800"`) or nesting deeper
//! than serde_json's limit would make the server stop reading. This filter:
//!
//! - parses frames itself and resynchronises on the next `Content-Length` after garbage;
//! - validates each body as a JSON-RPC 2.0 message without building a tree of it: an object,
//!   `jsonrpc: "2.0"`, `id` an integer or a string, `method` a string, `params` an object or an
//!   array, UTF-8 throughout, nesting at most [`MAX_DEPTH`] deep; lone surrogate escapes are
//!   replaced by `\ufffd`;
//! - answers a bad request itself (-32700 when the body is not JSON, -32600 when it is not a valid
//!   request), logs and drops a bad notification or response, answers requests for unknown `$/`
//!   methods with -32601 (tower-lsp would never answer them);
//! - ends the process on `exit` or at the end of input, whatever is still pending (a
//!   server→client request the client never answers must not keep an orphan alive): exit status
//!   0 after `shutdown`, 1 without.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::{mpsc, oneshot, Notify};

/// Messages larger than this are dropped (read and discarded), never buffered.
const MAX_MESSAGE: usize = 256 * 1024 * 1024;
/// Header lines longer than this are garbage.
const MAX_HEADER_LINE: usize = 8 * 1024;
/// Deepest nesting of arrays and objects accepted. LSP messages nest a dozen levels at most;
/// serde_json refuses more than 128 (and tower-lsp would then stop reading).
pub const MAX_DEPTH: usize = 64;

/// JSON-RPC error codes.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;

/// Parse `Content-Length: N` anywhere in a header line (garbage before it is tolerated).
fn content_length(line: &[u8]) -> Option<usize> {
    let lower: Vec<u8> = line.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(15).position(|w| w == b"content-length:")?;
    let rest = std::str::from_utf8(&line[at + 15..]).ok()?;
    rest.trim().parse().ok()
}

/// How deeply arrays and objects nest in a JSON text (brackets inside strings do not count).
pub fn max_depth(body: &[u8]) -> usize {
    let (mut depth, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for &b in body {
        if in_str {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fn hex4(b: &[u8]) -> Option<u16> {
    let s = std::str::from_utf8(b.get(..4)?).ok()?;
    u16::from_str_radix(s, 16).ok()
}

/// Replace `\uXXXX` escapes of lone UTF-16 surrogates (a high one not followed by a low one, or
/// a low one alone) with `\ufffd`, as editors do for broken text. Escaped backslashes are
/// respected; everything else is left byte for byte.
pub fn repair_surrogates(json: &str) -> Cow<'_, str> {
    let b = json.as_bytes();
    if memchr::memmem::find(b, b"\\u").is_none() {
        return Cow::Borrowed(json);
    }
    let is_high = |u: u16| (0xD800..0xDC00).contains(&u);
    let is_low = |u: u16| (0xDC00..0xE000).contains(&u);
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `json` already in `out`
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        if b.get(i + 1) != Some(&b'u') {
            i += 2; // any other escape, including `\\`
            continue;
        }
        let Some(u) = hex4(&b[i + 2..]) else {
            i += 2;
            continue;
        };
        let paired_low = || {
            b.get(i + 6) == Some(&b'\\')
                && b.get(i + 7) == Some(&b'u')
                && hex4(&b[(i + 8).min(b.len())..]).is_some_and(is_low)
        };
        if is_high(u) && paired_low() {
            i += 12;
            continue;
        }
        if is_high(u) || is_low(u) {
            let o = out.get_or_insert_with(|| String::with_capacity(json.len()));
            o.push_str(&json[copied..i]);
            o.push_str("\\ufffd");
            copied = i + 6;
        }
        i += 6;
    }
    match out {
        None => Cow::Borrowed(json),
        Some(mut o) => {
            o.push_str(&json[copied..]);
            Cow::Owned(o)
        }
    }
}

/// The top-level members of a JSON object, each kept as raw text (parsed lazily).
struct Members<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> serde::Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut v = vec![];
                while let Some(k) = m.next_key::<Cow<'de, str>>()? {
                    v.push((k, m.next_value::<&'de RawValue>()?));
                }
                Ok(Members(v))
            }
        }
        d.deserialize_map(V)
    }
}

/// What a frame turned out to be, after checking.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Hand it to the JSON-RPC layer (possibly repaired).
    Forward { body: Vec<u8>, message: Kind },
    /// Do not forward; answer with this error response (for a request) and log why.
    Answer { response: Value, why: String },
    /// Do not forward; log why.
    Drop { why: String },
}

/// A valid message's kind.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    Request(String),
    Notification(String),
    Response,
}

fn error_response(id: Option<&Value>, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id.cloned().unwrap_or(Value::Null), "error": {"code": code, "message": message}})
}

/// Is this a valid JSON-RPC id (an integer that fits i64, or a string)?
fn valid_id(v: &Value) -> bool {
    v.is_i64() || v.is_string()
}

/// Check one message body.
pub fn inspect(body: &[u8]) -> Verdict {
    let (text, utf8) = match std::str::from_utf8(body) {
        Ok(s) => (Cow::Borrowed(s), true),
        Err(_) => (String::from_utf8_lossy(body), false),
    };
    let depth = max_depth(text.as_bytes());
    let repaired = repair_surrogates(&text);
    let members = match serde_json::from_str::<Members>(&repaired) {
        Ok(m) => m,
        Err(e) => {
            let is_json = serde_json::from_str::<IgnoredAny>(&repaired).is_ok();
            let (code, why) = if !is_json {
                (PARSE_ERROR, format!("内容不是有效的 JSON（{e}）"))
            } else if depth > MAX_DEPTH {
                (INVALID_REQUEST, format!("嵌套层数超过 {MAX_DEPTH}"))
            } else if repaired.trim_start().starts_with('[') {
                (INVALID_REQUEST, "批量请求（JSON 数组）不受支持".into())
            } else {
                (INVALID_REQUEST, "消息不是 JSON 对象".into())
            };
            return Verdict::Answer {
                response: error_response(None, code, &why),
                why,
            };
        }
    };
    let get = |name: &str| -> Result<Option<&RawValue>, ()> {
        let mut it = members.0.iter().filter(|(k, _)| k == name);
        let first = it.next().map(|(_, v)| *v);
        if it.next().is_some() {
            return Err(()); // a duplicate member: strict decoders reject it
        }
        Ok(first)
    };
    let small = |r: Option<&RawValue>| -> Option<Value> {
        r.and_then(|r| {
            if max_depth(r.get().as_bytes()) > MAX_DEPTH {
                return Some(Value::Null);
            }
            serde_json::from_str(r.get()).ok()
        })
    };
    let (Ok(jsonrpc), Ok(id), Ok(method), Ok(params), Ok(result), Ok(error)) = (
        get("jsonrpc"),
        get("id"),
        get("method"),
        get("params"),
        get("result"),
        get("error"),
    ) else {
        let has = |k: &str| members.0.iter().any(|(m, _)| m == k);
        return bad(None, has("id"), "消息中有重复的字段".into());
    };
    let id_value = small(id);
    let method_value = small(method);
    let request_id = id_value.as_ref().filter(|v| valid_id(v));
    let is_request = method.is_some() && id.is_some();
    if !utf8 {
        let why = "消息含有不是 UTF-8 的字节（编辑器须以 UTF-8 发送文本）".to_string();
        return if is_request {
            Verdict::Answer {
                response: error_response(request_id, PARSE_ERROR, &why),
                why,
            }
        } else {
            Verdict::Drop { why }
        };
    }
    if method.is_none() && result.is_none() && error.is_none() {
        // neither a request, a notification nor a response (`{}`)
        return bad(request_id, true, "缺少 method".into());
    }
    if depth > MAX_DEPTH {
        return bad(request_id, is_request, format!("嵌套层数超过 {MAX_DEPTH}"));
    }
    if small(jsonrpc) != Some(json!("2.0")) {
        return bad(request_id, is_request, "缺少 \"jsonrpc\": \"2.0\"".into());
    }
    // the text itself (UTF-8 was checked), with lone surrogates repaired
    let body = repaired.as_bytes().to_vec();
    if method.is_none() {
        // a response to one of our requests
        let id_ok = id_value
            .as_ref()
            .is_some_and(|v| valid_id(v) || v.is_null());
        if !id_ok {
            return Verdict::Drop {
                why: "回复缺少有效的 id".into(),
            };
        }
        if let Some(e) = error {
            let e = small(Some(e)).unwrap_or(Value::Null);
            if !(e["code"].is_i64() && e["message"].is_string()) {
                return Verdict::Drop {
                    why: "回复中的 error 格式不对".into(),
                };
            }
        }
        return Verdict::Forward {
            body,
            message: Kind::Response,
        };
    }
    let Some(Value::String(name)) = method_value else {
        return bad(request_id, is_request, "method 不是字符串".into());
    };
    if id.is_some() && request_id.is_none() {
        return bad(None, true, "id 须为整数或字符串".into());
    }
    if let Some(p) = params {
        let first = p.get().as_bytes().first().copied();
        if !matches!(first, Some(b'{' | b'[' | b'n')) {
            return bad(request_id, is_request, "params 须为对象或数组".into());
        }
    }
    if is_request && name.starts_with("$/") {
        return Verdict::Answer {
            response: error_response(
                request_id,
                METHOD_NOT_FOUND,
                &format!("不支持的方法：{name}"),
            ),
            why: format!("不支持的请求 {name}"),
        };
    }
    Verdict::Forward {
        body,
        message: if is_request {
            Kind::Request(name)
        } else {
            Kind::Notification(name)
        },
    }
}

fn bad(id: Option<&Value>, request: bool, why: String) -> Verdict {
    if request {
        Verdict::Answer {
            response: error_response(id, INVALID_REQUEST, &format!("无效的请求：{why}")),
            why,
        }
    } else {
        Verdict::Drop { why }
    }
}

/// A frame: `Content-Length` header and body.
/// Let the pipe to the client hold a whole large publication (Linux; up to the system's
/// `pipe-max-size`, 1 MB by default), instead of the default 64 KB: 1.5 MB of diagnostics then
/// crosses in two writes rather than two dozen, each waiting for the client to be scheduled.
/// Nothing happens when stdout is not a pipe or the call is refused.
#[cfg(target_os = "linux")]
pub fn widen_stdout_pipe() {
    const F_SETPIPE_SZ: i32 = 1031;
    extern "C" {
        fn fcntl(fd: i32, cmd: i32, ...) -> i32;
    }
    // SAFETY: fcntl on this process's standard output with an integer argument: it reads no
    // memory of ours; an error (not a pipe, over the limit) is returned and ignored.
    let _ = unsafe { fcntl(1, F_SETPIPE_SZ, 1i32 << 20) };
}

#[cfg(not(target_os = "linux"))]
pub fn widen_stdout_pipe() {}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut f = header(body.len()).into_bytes();
    f.extend_from_slice(body);
    f
}

fn header(len: usize) -> String {
    format!("Content-Length: {len}\r\n\r\n")
}

/// Write a frame (header and body) to standard output, whose lock `w` is held.
///
/// On Unix the frame goes to the descriptor in one `writev` (two when the pipe fills up), from
/// the body's own buffer: std's stdout is line-buffered and scans every byte written for a line
/// break (0.2–0.4 ms for a 1.5 MB publication, on the way to the editor), and the header alone
/// would cost a write of its own. What std may have buffered is flushed first, so the order of
/// the bytes stays that of the calls.
#[cfg(unix)]
fn write_frame(w: &mut std::io::StdoutLock, body: &[u8]) -> std::io::Result<()> {
    use std::io::{ErrorKind, IoSlice, Write};
    use std::os::fd::{AsRawFd, FromRawFd};
    w.flush()?;
    // SAFETY: the descriptor of standard output, open for the life of the process, borrowed for
    // the call: ManuallyDrop never closes it, and the stdout lock held by the caller keeps
    // std's own writes out meanwhile.
    let mut fd = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(w.as_raw_fd()) });
    let head = header(body.len());
    let (mut h, mut b) = (head.as_bytes(), body);
    while !h.is_empty() || !b.is_empty() {
        match fd.write_vectored(&[IoSlice::new(h), IoSlice::new(b)]) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => {
                let k = n.min(h.len());
                h = &h[k..];
                b = &b[n - k..];
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn write_frame(w: &mut std::io::StdoutLock, body: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    w.write_all(header(body.len()).as_bytes())?;
    w.write_all(body)
}

enum Out {
    /// A message body; its header is written before it.
    Body(Vec<u8>),
    Flush(oneshot::Sender<()>),
}

/// The one way to stdout: whole frames, in the order they are sent.
#[derive(Clone)]
pub struct Output {
    tx: mpsc::UnboundedSender<Out>,
    /// `window/logMessage` may be sent (the client has sent `initialize`).
    pub client_ready: Arc<AtomicBool>,
}

impl Output {
    fn with(tx: mpsc::UnboundedSender<Out>) -> Self {
        Output {
            tx,
            client_ready: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Start the writer task over `w`. When a write fails (the client closed our stdout),
    /// `life` is told to exit.
    pub fn start<W: AsyncWrite + Unpin + Send + 'static>(mut w: W, life: Arc<Lifecycle>) -> Self {
        let (tx, mut rx) = mpsc::unbounded_channel::<Out>();
        tokio::spawn(async move {
            while let Some(m) = rx.recv().await {
                match m {
                    Out::Body(b) => {
                        if w.write_all(header(b.len()).as_bytes()).await.is_err()
                            || w.write_all(&b).await.is_err()
                            || (rx.is_empty() && w.flush().await.is_err())
                        {
                            life.exit();
                            return;
                        }
                    }
                    Out::Flush(done) => {
                        let _ = w.flush().await;
                        let _ = done.send(());
                    }
                }
            }
        });
        Output::with(tx)
    }

    /// Start the writer on the process's stdout: a thread of its own writing each body straight
    /// from the buffer it was sent in. A publication of 1.5 MB is then neither copied into a
    /// frame nor into tokio's staging buffer, nor handed between threads chunk by chunk.
    pub fn start_stdout(life: Arc<Lifecycle>) -> Self {
        let (tx, mut rx) = mpsc::unbounded_channel::<Out>();
        let exit = life.clone();
        let spawned = std::thread::Builder::new()
            .name("gongwen-stdout".into())
            .spawn(move || {
                use std::io::Write;
                let out = std::io::stdout();
                while let Some(m) = rx.blocking_recv() {
                    let mut w = out.lock();
                    match m {
                        Out::Body(b) => {
                            if write_frame(&mut w, &b).is_err()
                                || (rx.is_empty() && w.flush().is_err())
                            {
                                exit.exit();
                                return;
                            }
                            // a large publication is freed here, off the analysis thread
                            drop(b);
                        }
                        Out::Flush(done) => {
                            let _ = w.flush();
                            let _ = done.send(());
                        }
                    }
                }
            });
        if spawned.is_err() {
            // no thread to be had: the async writer, through tokio's stdout
            return Output::start(tokio::io::stdout(), life);
        }
        Output::with(tx)
    }

    /// Send a message body (serialised JSON).
    pub fn send_owned(&self, body: Vec<u8>) {
        let _ = self.tx.send(Out::Body(body));
    }

    pub fn send(&self, msg: &Value) {
        if let Ok(b) = serde_json::to_vec(msg) {
            self.send_owned(b);
        }
    }

    /// `window/logMessage` (1 error … 4 log), once the client has sent `initialize`.
    pub fn log_message(&self, typ: u8, message: &str) {
        if self.client_ready.load(Ordering::Relaxed) {
            self.send(&json!({"jsonrpc": "2.0", "method": "window/logMessage", "params": {"type": typ, "message": message}}));
        }
    }

    /// Wait until everything sent so far is written.
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.tx.send(Out::Flush(done)).is_ok() {
            let _ = wait.await;
        }
    }

    /// Copy the frames tower-lsp writes (into the other end of `from`) to the output.
    pub fn pump<R: AsyncRead + Unpin + Send + 'static>(&self, from: R) {
        let out = self.clone();
        tokio::spawn(async move {
            let mut r = BufReader::new(from);
            while let Some(body) = read_frame(&mut r).await {
                if let Frame::Body(b) = body {
                    out.send_owned(b);
                }
            }
        });
    }
}

/// When to stop: `shutdown` seen, and `exit` or end of input.
#[derive(Default)]
pub struct Lifecycle {
    shutdown: AtomicBool,
    exiting: AtomicBool,
    exit: Notify,
}

impl Lifecycle {
    pub fn exit(&self) {
        self.exiting.store(true, Ordering::SeqCst);
        self.exit.notify_waiters();
        self.exit.notify_one();
    }
    /// Resolves when the process should end.
    pub async fn exited(&self) {
        if self.exiting.load(Ordering::SeqCst) {
            return;
        }
        self.exit.notified().await;
    }
    /// 0 after `shutdown`, else 1 (LSP: `exit` without `shutdown`).
    pub fn code(&self) -> i32 {
        if self.shutdown.load(Ordering::SeqCst) {
            0
        } else {
            1
        }
    }
}

enum Frame {
    Body(Vec<u8>),
    /// A frame that was skipped, with why.
    Skipped(String),
}

/// Read the next frame; None at the end of input.
async fn read_frame<R: AsyncBufReadExt + Unpin>(r: &mut R) -> Option<Frame> {
    let mut line = Vec::with_capacity(64);
    let mut len = None;
    let mut saw_header = false;
    loop {
        line.clear();
        let n = (&mut *r)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)
            .await
            .ok()?;
        if n == 0 {
            return None;
        }
        let trimmed = line.strip_suffix(b"\n").unwrap_or(&line);
        let trimmed = trimmed.strip_suffix(b"\r").unwrap_or(trimmed);
        if trimmed.is_empty() {
            if saw_header {
                break;
            }
            continue; // stray blank line between frames
        }
        saw_header = true;
        if let Some(l) = content_length(trimmed) {
            len = Some(l);
        }
    }
    let Some(len) = len else {
        return Some(Frame::Skipped("缺少 Content-Length 头".into()));
    };
    if len > MAX_MESSAGE {
        let mut sink = tokio::io::sink();
        tokio::io::copy(&mut (&mut *r).take(len as u64), &mut sink)
            .await
            .ok()?;
        return Some(Frame::Skipped(format!("消息过大（{len} 字节）")));
    }
    // grown as the bytes arrive: a large Content-Length alone reserves no memory
    let mut body = Vec::with_capacity(len.min(64 * 1024));
    (&mut *r)
        .take(len as u64)
        .read_to_end(&mut body)
        .await
        .ok()?;
    if body.len() < len {
        return None; // the input ended inside the body
    }
    Some(Frame::Body(body))
}

/// Copy checked frames from `input` to `to_server` until `input` ends or `exit` arrives, then
/// tell `life`.
pub async fn filter<R: AsyncRead + Unpin, W: AsyncWrite + Unpin>(
    input: R,
    mut to_server: W,
    out: Output,
    life: Arc<Lifecycle>,
) {
    let mut r = BufReader::new(input);
    let report = |why: &str| {
        let m = format!("收到无效的消息，已丢弃：{why}");
        tracing::warn!("{m}");
    };
    while let Some(f) = read_frame(&mut r).await {
        let body = match f {
            Frame::Body(b) => b,
            Frame::Skipped(why) => {
                report(&why);
                continue;
            }
        };
        match inspect(&body) {
            Verdict::Drop { why } => report(&why),
            Verdict::Answer { response, why } => {
                report(&why);
                out.send(&response);
            }
            Verdict::Forward { body, message } => {
                match &message {
                    Kind::Notification(m) if m == "exit" => break,
                    Kind::Request(m) if m == "shutdown" => {
                        life.shutdown.store(true, Ordering::SeqCst)
                    }
                    Kind::Request(m) if m == "initialize" => {
                        out.client_ready.store(true, Ordering::Relaxed)
                    }
                    _ => {}
                }
                if to_server.write_all(&frame(&body)).await.is_err() {
                    break;
                }
                let _ = to_server.flush().await;
            }
        }
    }
    life.exit();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(s: &str) -> Verdict {
        inspect(s.as_bytes())
    }

    fn answer_code(v: &Verdict) -> (i64, Value) {
        match v {
            Verdict::Answer { response, .. } => (
                response["error"]["code"].as_i64().unwrap(),
                response["id"].clone(),
            ),
            other => panic!("expected an answer, got {other:?}"),
        }
    }

    #[test]
    fn valid_messages_are_forwarded_untouched() {
        for (m, kind) in [
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
                Kind::Request("initialize".into()),
            ),
            (
                r#"{"jsonrpc":"2.0","id":"a","method":"shutdown","params":null}"#,
                Kind::Request("shutdown".into()),
            ),
            (
                r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"x":[1,{"y":"\"{["}]}}"#,
                Kind::Notification("textDocument/didOpen".into()),
            ),
            (r#"{"jsonrpc":"2.0","id":3,"result":null}"#, Kind::Response),
            (
                r#"{"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"no"}}"#,
                Kind::Response,
            ),
            (
                r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#,
                Kind::Notification("$/cancelRequest".into()),
            ),
        ] {
            assert_eq!(
                verdict(m),
                Verdict::Forward {
                    body: m.as_bytes().to_vec(),
                    message: kind
                },
                "{m}"
            );
        }
    }

    #[test]
    fn bad_requests_are_answered_and_bad_notifications_dropped() {
        assert_eq!(answer_code(&verdict("{}")).0, INVALID_REQUEST);
        assert_eq!(answer_code(&verdict("[]")).0, INVALID_REQUEST);
        assert_eq!(
            answer_code(&verdict(r#"[{"jsonrpc":"2.0","id":1,"method":"x"}]"#)).0,
            INVALID_REQUEST
        );
        assert_eq!(answer_code(&verdict("42")).0, INVALID_REQUEST);
        assert_eq!(answer_code(&verdict("{")).0, PARSE_ERROR);
        assert_eq!(
            answer_code(&verdict(r#"{"jsonrpc":"2.0","id":1.5,"method":"hover"}"#)),
            (INVALID_REQUEST, Value::Null)
        );
        assert_eq!(
            answer_code(&verdict(r#"{"id":7,"method":"hover","params":{}}"#)),
            (INVALID_REQUEST, json!(7))
        );
        assert_eq!(
            answer_code(&verdict(
                r#"{"jsonrpc":"2.0","id":7,"method":"hover","params":3}"#
            )),
            (INVALID_REQUEST, json!(7))
        );
        assert_eq!(
            answer_code(&verdict(
                r#"{"jsonrpc":"2.0","id":7,"id":8,"method":"hover"}"#
            ))
            .0,
            INVALID_REQUEST
        );
        assert_eq!(
            answer_code(&verdict(
                r#"{"jsonrpc":"2.0","id":"q","method":"$/unknown"}"#
            )),
            (METHOD_NOT_FOUND, json!("q"))
        );
        assert!(matches!(
            verdict(r#"{"method":"textDocument/didOpen","params":{}}"#),
            Verdict::Drop { .. }
        ));
        assert!(matches!(
            verdict(r#"{"jsonrpc":"2.0","method":5}"#),
            Verdict::Drop { .. }
        ));
        assert!(matches!(
            verdict(r#"{"jsonrpc":"2.0","id":1.5,"result":1}"#),
            Verdict::Drop { .. }
        ));
        assert!(matches!(
            verdict(r#"{"jsonrpc":"2.0","id":1,"error":{"code":"x"}}"#),
            Verdict::Drop { .. }
        ));
    }

    #[test]
    fn invalid_utf8_is_rejected_with_the_request_id() {
        let mut b = br#"{"jsonrpc":"2.0","id":9,"method":"x","params":{"t":""#.to_vec();
        b.extend([0xB1, 0xA8, 0xB8, 0xE6]); // 报告 in GBK
        b.extend(br#""}}"#);
        assert_eq!(answer_code(&inspect(&b)), (PARSE_ERROR, json!(9)));
        let mut n = br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"t":""#.to_vec();
        n.extend([0xB1, 0xA8]);
        n.extend(br#""}}"#);
        assert!(matches!(inspect(&n), Verdict::Drop { .. }));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!(
            r#"{{"jsonrpc":"2.0","id":4,"method":"x","params":{}{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        assert_eq!(answer_code(&verdict(&deep)), (INVALID_REQUEST, json!(4)));
        let deeper = "[".repeat(100_000);
        assert_eq!(answer_code(&verdict(&deeper)).0, PARSE_ERROR);
        // brackets inside strings do not count
        let s = format!(
            r#"{{"jsonrpc":"2.0","method":"x","params":{{"t":"{}"}}}}"#,
            "[".repeat(500)
        );
        assert!(matches!(verdict(&s), Verdict::Forward { .. }));
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(repair_surrogates(r#""\ud800""#), r#""\ufffd""#);
        assert_eq!(
            repair_surrogates(r#""\udc00x\ud83d""#),
            r#""\ufffdx\ufffd""#
        );
        // a proper pair and an escaped backslash stay
        assert_eq!(repair_surrogates(r#""\ud83d\ude00""#), r#""\ud83d\ude00""#);
        assert_eq!(repair_surrogates(r#""\\ud800""#), r#""\\ud800""#);
        assert_eq!(repair_surrogates(r#""\ud800\u0041""#), r#""\ufffd\u0041""#);
        let m = r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"text":"a\ud800b"}}"#;
        match verdict(m) {
            Verdict::Forward { body, .. } => {
                let v: Value = serde_json::from_slice(&body).unwrap();
                assert_eq!(v["params"]["text"], "a\u{fffd}b");
            }
            other => panic!("{other:?}"),
        }
    }

    async fn run(input: &[u8]) -> (Vec<u8>, Vec<u8>, i32) {
        let life = Arc::new(Lifecycle::default());
        let (out_w, mut out_r) = tokio::io::duplex(1 << 20);
        let out = Output::start(out_w, life.clone());
        let (mut a, b) = tokio::io::duplex(1 << 20);
        filter(input, b, out.clone(), life.clone()).await;
        out.flush().await;
        drop(out);
        let mut fwd = vec![];
        a.read_to_end(&mut fwd).await.unwrap();
        let mut answered = vec![];
        let _ = tokio::time::timeout(
            std::time::Duration::from_millis(200),
            out_r.read_to_end(&mut answered),
        )
        .await;
        (fwd, answered, life.code())
    }

    #[tokio::test]
    async fn forwards_good_frames_answers_bad_requests_and_resyncs() {
        let good = br#"{"jsonrpc":"2.0","method":"x"}"#;
        let mut input = vec![];
        input.extend(frame(good));
        // invalid UTF-8 body
        input.extend(b"Content-Length: 4\r\n\r\n\xff\xfe\xfd\xfc");
        // body that is not JSON, with a wrong length swallowing one byte of the next header
        input.extend(b"Content-Length: 12\r\n\r\n{\"jsonrpc\":");
        input.extend(frame(good));
        // garbage, then a good frame with an extra header
        input.extend(b"\x00\x01garbage");
        input.extend(format!("Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n", good.len()).as_bytes());
        input.extend(good);
        // a request that is not valid: answered here
        input.extend(frame(
            br#"{"jsonrpc":"2.0","id":5,"method":"hover","params":7}"#,
        ));
        input.extend(frame(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#));
        input.extend(frame(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        input.extend(frame(good)); // after exit: not read
        let (fwd, answered, code) = run(&input).await;
        let shutdown = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let mut expected = frame(good).repeat(2);
        expected.extend(frame(shutdown));
        assert_eq!(
            String::from_utf8(fwd).unwrap(),
            String::from_utf8(expected).unwrap()
        );
        let answered = String::from_utf8(answered).unwrap();
        assert!(
            answered.contains(r#""id":5"#) && answered.contains("-32600"),
            "{answered}"
        );
        assert_eq!(code, 0);
    }

    #[tokio::test]
    async fn exit_without_shutdown_and_end_of_input_give_status_1() {
        let (_, _, code) = run(&frame(br#"{"jsonrpc":"2.0","method":"exit"}"#)).await;
        assert_eq!(code, 1);
        let (_, _, code) = run(b"").await;
        assert_eq!(code, 1);
    }

    #[test]
    fn content_length_parsing() {
        assert_eq!(content_length(b"Content-Length: 42"), Some(42));
        assert_eq!(content_length(b"content-length:7"), Some(7));
        assert_eq!(content_length(b"\xff\xfeContent-Length: 3"), Some(3));
        assert_eq!(content_length(b"Content-Type: x"), None);
    }

    #[test]
    fn depth_counts_only_structure() {
        assert_eq!(max_depth(br#"{"a":[1,{"b":"]]]"}]}"#), 3);
        assert_eq!(max_depth(br#""[[[""#), 0);
        assert_eq!(max_depth(br#"{"a":"\"[[["}"#), 1);
    }
}
