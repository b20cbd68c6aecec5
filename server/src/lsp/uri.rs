//! File paths of `file:` URIs as editors on Windows send them.
//!
//! VS Code on Windows writes `file:///c%3A/Users/%E5%BC%A0/%E6%8A%A5%E5%91%8A.txt`: the drive
//! letter in lower case with its colon percent-encoded; other clients write `file:///C:/…`; a file
//! on a network share is `file://server/share/…`. The same folder can reach the server in two of
//! these spellings (the workspace folder from one source, a document from another), so the drive
//! letter is normalised to upper case. As in VS Code's own URI code, `/c:/…` is read as a drive
//! letter on every platform; only the separators follow the platform.

use std::path::PathBuf;

use tower_lsp_server::ls_types::Uri;

/// The file-system path of a `file:` URI on this platform, or `None` for other schemes.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    path_of(uri.as_str(), cfg!(windows)).map(PathBuf::from)
}

/// The path of a `file:` URI as text, in Windows syntax (`windows`: backslashes, `C:\…`,
/// `\\server\share\…`) or Unix syntax. `None` when the URI is not a `file:` URI, or names a
/// remote host on Unix.
pub fn path_of(uri: &str, windows: bool) -> Option<String> {
    let scheme_end = uri.find(':')?;
    if !uri[..scheme_end].eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = &uri[scheme_end + 1..];
    let rest = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
    let (authority, path) = match rest.strip_prefix("//") {
        Some(r) => r.split_at(r.find('/').unwrap_or(r.len())),
        None => ("", rest),
    };
    let host = percent_decode(authority);
    let host = if host.eq_ignore_ascii_case("localhost") {
        ""
    } else {
        host.as_str()
    };
    let path = percent_decode(path);
    let b = path.as_bytes();
    let drive = b.len() >= 3
        && b[0] == b'/'
        && b[1].is_ascii_alphabetic()
        && b[2] == b':'
        && (b.len() == 3 || b[3] == b'/');
    if drive {
        let letter = char::from(b[1].to_ascii_uppercase());
        let tail = &path[3..];
        return Some(if windows {
            format!("{letter}:{}", if tail.is_empty() { "/" } else { tail }).replace('/', "\\")
        } else {
            format!("{letter}:{tail}")
        });
    }
    if path.is_empty() && host.is_empty() {
        return None;
    }
    match (host.is_empty(), windows) {
        (true, true) => Some(path.replace('/', "\\")),
        (true, false) => Some(path),
        (false, true) => Some(format!("\\\\{host}{}", path.replace('/', "\\"))),
        (false, false) => None,
    }
}

/// Decode `%XX` escapes; bytes that do not form UTF-8 become U+FFFD.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| char::from(c).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_drive_letters_in_every_spelling() {
        let want = "C:\\Users\\张三\\报告\\2024年度.txt";
        for uri in [
            "file:///c%3A/Users/%E5%BC%A0%E4%B8%89/%E6%8A%A5%E5%91%8A/2024%E5%B9%B4%E5%BA%A6.txt",
            "file:///C:/Users/%E5%BC%A0%E4%B8%89/%E6%8A%A5%E5%91%8A/2024%E5%B9%B4%E5%BA%A6.txt",
            "file:///c:/Users/张三/报告/2024年度.txt",
            "file://localhost/C%3a/Users/%E5%BC%A0%E4%B8%89/%E6%8A%A5%E5%91%8A/2024%E5%B9%B4%E5%BA%A6.txt",
            "FILE:///c%3A/Users/%E5%BC%A0%E4%B8%89/%E6%8A%A5%E5%91%8A/2024%E5%B9%B4%E5%BA%A6.txt",
        ] {
            assert_eq!(path_of(uri, true).as_deref(), Some(want), "{uri}");
        }
        assert_eq!(path_of("file:///d%3A", true).as_deref(), Some("D:\\"));
        assert_eq!(path_of("file:///d%3A/", true).as_deref(), Some("D:\\"));
        // Spaces, `#` in a name (encoded), a query or fragment is not part of the path.
        assert_eq!(
            path_of("file:///c%3A/a%20b/%23c.txt?x#y", true).as_deref(),
            Some("C:\\a b\\#c.txt")
        );
    }

    #[test]
    fn network_shares_and_paths_without_a_drive() {
        assert_eq!(
            path_of("file://fileserver/%E5%85%AC%E6%96%87/a.txt", true).as_deref(),
            Some("\\\\fileserver\\公文\\a.txt")
        );
        assert_eq!(
            path_of("file:///tmp/a.txt", true).as_deref(),
            Some("\\tmp\\a.txt")
        );
        // On Unix a remote host cannot be opened.
        assert_eq!(path_of("file://fileserver/a.txt", false), None);
    }

    #[test]
    fn unix_paths_and_drive_letters_on_unix() {
        assert_eq!(
            path_of("file:///home/u/%E6%8A%A5%E5%91%8A.txt", false).as_deref(),
            Some("/home/u/报告.txt")
        );
        assert_eq!(
            path_of("file://localhost/tmp/a.txt", false).as_deref(),
            Some("/tmp/a.txt")
        );
        // A Windows URI read on Unix (tests, remote sessions): the same drive in both spellings.
        assert_eq!(
            path_of("file:///c%3A/Users/u/a.txt", false),
            path_of("file:///C:/Users/u/a.txt", false)
        );
        assert_eq!(
            path_of("file:///c%3A/Users/u/a.txt", false).as_deref(),
            Some("C:/Users/u/a.txt")
        );
        // A `/c:d` component is not a drive.
        assert_eq!(path_of("file:///c:d/x", false).as_deref(), Some("/c:d/x"));
    }

    #[test]
    fn other_schemes_and_odd_input() {
        assert_eq!(path_of("untitled:Untitled-1", false), None);
        assert_eq!(path_of("vscode-notebook-cell:/a", true), None);
        assert_eq!(path_of("file://", false), None);
        assert_eq!(path_of("nocolon", false), None);
        // Broken escapes are kept as they are; bad UTF-8 does not panic.
        assert_eq!(path_of("file:///a%zz%4", false).as_deref(), Some("/a%zz%4"));
        assert_eq!(
            path_of("file:///a%FF.txt", false).as_deref(),
            Some("/a\u{FFFD}.txt")
        );
    }
}
