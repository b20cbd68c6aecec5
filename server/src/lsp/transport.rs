//! A framing filter in front of the JSON-RPC reader.
//!
//! tower-lsp-server reads stdin through tokio-util's `FramedRead`, which ends the stream after
//! the first frame it cannot decode (tokio#3976) — so one malformed message (a body that is not
//! JSON, bytes that are not UTF-8, a wrong Content-Length) would make the whole server exit.
//! This filter parses the frames itself, forwards only well-formed JSON ones, logs and drops the
//! rest, and resynchronises on the next `Content-Length` header.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

/// Messages larger than this are dropped (read and discarded), never buffered.
const MAX_MESSAGE: usize = 256 * 1024 * 1024;
/// Header lines longer than this are garbage.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// Parse `Content-Length: N` anywhere in a header line (garbage before it is tolerated).
fn content_length(line: &[u8]) -> Option<usize> {
    let lower: Vec<u8> = line.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(15).position(|w| w == b"content-length:")?;
    let rest = std::str::from_utf8(&line[at + 15..]).ok()?;
    rest.trim().parse().ok()
}

/// Why a frame was dropped.
#[derive(Debug, PartialEq, Eq)]
pub enum Rejected {
    NotUtf8OrJson(String),
    TooLarge(usize),
    NoContentLength,
}

/// Check one message body: valid UTF-8 JSON (validated without building a tree).
pub fn validate(body: &[u8]) -> Result<(), Rejected> {
    serde_json::from_slice::<serde::de::IgnoredAny>(body)
        .map(|_| ())
        .map_err(|e| Rejected::NotUtf8OrJson(e.to_string()))
}

/// Copy well-formed frames from `input` to `output` until `input` ends.
pub async fn filter<R: AsyncRead + Unpin, W: tokio::io::AsyncWrite + Unpin>(
    input: R,
    mut output: W,
) {
    let mut r = BufReader::new(input);
    let mut line = Vec::with_capacity(64);
    loop {
        // headers
        let mut len = None;
        let mut saw_header = false;
        loop {
            line.clear();
            let n = match (&mut r)
                .take(MAX_HEADER_LINE as u64)
                .read_until(b'\n', &mut line)
                .await
            {
                Ok(n) => n,
                Err(_) => return,
            };
            if n == 0 {
                return; // end of input
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
            report(Rejected::NoContentLength);
            continue;
        };
        if len > MAX_MESSAGE {
            report(Rejected::TooLarge(len));
            let mut sink = tokio::io::sink();
            if tokio::io::copy(&mut (&mut r).take(len as u64), &mut sink)
                .await
                .is_err()
            {
                return;
            }
            continue;
        }
        let mut body = vec![0; len];
        if r.read_exact(&mut body).await.is_err() {
            return;
        }
        if let Err(e) = validate(&body) {
            report(e);
            continue;
        }
        let header = format!("Content-Length: {len}\r\n\r\n");
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
        {
            return;
        }
        let _ = output.flush().await;
    }
}

fn report(e: Rejected) {
    let why = match e {
        Rejected::NotUtf8OrJson(m) => format!("内容不是有效的 UTF-8 JSON（{m}）"),
        Rejected::TooLarge(n) => format!("消息过大（{n} 字节）"),
        Rejected::NoContentLength => "缺少 Content-Length 头".into(),
    };
    eprintln!("[gongwen] 收到无法解析的消息，已丢弃：{why}");
}

/// Stdin, filtered: a reader that yields only well-formed frames.
pub fn filtered_stdin() -> DuplexStream {
    let (server_side, feeder) = tokio::io::duplex(1 << 16);
    tokio::spawn(filter(tokio::io::stdin(), feeder));
    server_side
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(input: &[u8]) -> Vec<u8> {
        let (mut a, b) = tokio::io::duplex(1 << 20);
        filter(input, b).await;
        let mut out = vec![];
        a.read_to_end(&mut out).await.unwrap();
        out
    }

    #[tokio::test]
    async fn forwards_good_frames_and_drops_bad_ones() {
        let good = br#"{"jsonrpc":"2.0","method":"x"}"#;
        let mut input = vec![];
        input.extend(format!("Content-Length: {}\r\n\r\n", good.len()).as_bytes());
        input.extend(good);
        // invalid UTF-8 body
        input.extend(b"Content-Length: 4\r\n\r\n\xff\xfe\xfd\xfc");
        // body that is not JSON, with a wrong length swallowing one byte of the next header
        input.extend(b"Content-Length: 12\r\n\r\n{\"jsonrpc\":");
        input.extend(format!("Content-Length: {}\r\n\r\n", good.len()).as_bytes());
        input.extend(good);
        // garbage, then a good frame with an extra header
        input.extend(b"\x00\x01garbage");
        input.extend(format!("Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n", good.len()).as_bytes());
        input.extend(good);
        let out = run(&input).await;
        let expected = format!(
            "Content-Length: {}\r\n\r\n{}",
            good.len(),
            std::str::from_utf8(good).unwrap()
        );
        assert_eq!(String::from_utf8(out).unwrap(), expected.repeat(2));
    }

    #[test]
    fn content_length_parsing() {
        assert_eq!(content_length(b"Content-Length: 42"), Some(42));
        assert_eq!(content_length(b"content-length:7"), Some(7));
        assert_eq!(content_length(b"\xff\xfeContent-Length: 3"), Some(3));
        assert_eq!(content_length(b"Content-Type: x"), None);
    }
}
