//! The LSP transport filter (server/src/lsp/transport.rs, compiled in here) on any byte stream.
//!
//! It must not panic, must reach the end of the input, and:
//! - every frame it forwards to tower-lsp must decode as tower-lsp decodes it (UTF-8, then a
//!   JSON-RPC response or request) — a frame that does not would make tower-lsp stop reading, the
//!   failure this filter exists to prevent;
//! - every answer it writes itself must be a JSON-RPC 2.0 error response.

#![no_main]

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Request, Response};

#[allow(dead_code)]
#[path = "../../server/src/lsp/transport.rs"]
mod transport;

/// How tower-lsp-server decodes an incoming message.
#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(untagged)]
enum Message {
    Response(Response),
    Request(Request),
}

/// The bodies of the `Content-Length` frames in `bytes` (as the filter writes them).
fn bodies(mut bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = vec![];
    while !bytes.is_empty() {
        let head_end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a frame without a header end");
        let head = std::str::from_utf8(&bytes[..head_end]).expect("header not UTF-8");
        let len: usize = head
            .strip_prefix("Content-Length: ")
            .expect("header is not Content-Length")
            .parse()
            .expect("Content-Length not a number");
        let start = head_end + 4;
        out.push(&bytes[start..start + len]);
        bytes = &bytes[start + len..];
    }
    out
}

/// An AsyncWrite into a shared buffer.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl tokio::io::AsyncWrite for Shared {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        b: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.0.lock().unwrap().extend_from_slice(b);
        Poll::Ready(Ok(b.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

fuzz_target!(|data: &[u8]| {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let answers = Shared::default();
    let mut forwarded: Vec<u8> = vec![];
    rt.block_on(async {
        let life = Arc::new(transport::Lifecycle::default());
        let out = transport::Output::start(answers.clone(), life.clone());
        transport::filter(data, &mut forwarded, out.clone(), life.clone()).await;
        out.flush().await;
        // the filter has told the lifecycle to end the process
        life.exited().await;
    });
    for body in bodies(&forwarded) {
        let text = std::str::from_utf8(body).expect("forwarded a body that is not UTF-8");
        assert!(
            transport::max_depth(body) <= transport::MAX_DEPTH,
            "forwarded a body nested too deep"
        );
        if let Err(e) = serde_json::from_str::<Message>(text) {
            panic!("tower-lsp would stop reading at a forwarded body ({e}): {text}");
        }
    }
    let answers = answers.0.lock().unwrap().clone();
    for body in bodies(&answers) {
        let v: Value = serde_json::from_slice(body).expect("an answer that is not JSON");
        assert_eq!(v["jsonrpc"], "2.0", "{v}");
        assert!(
            v["id"].is_i64() || v["id"].is_string() || v["id"].is_null(),
            "{v}"
        );
        let code = v["error"]["code"]
            .as_i64()
            .expect("an answer without an error code");
        assert!([-32700, -32600, -32601].contains(&code), "{v}");
        assert!(v["error"]["message"].is_string(), "{v}");
    }
});
