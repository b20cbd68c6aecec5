//! The files `check` reads: each path given, and the .txt/.md files under each folder given.
//!
//! Symbolic links are followed, with each folder entered once (so a link back to a parent ends
//! instead of looping) and each file found through folders checked once. Pipes, devices and
//! sockets are never opened (reading one can block forever or never end); a folder that cannot
//! be read is reported with its own path and the walk goes on. File names need not be UTF-8.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

/// What a walk found.
#[derive(Default, Debug)]
pub struct Walk {
    /// Files to check, with whether the user named them explicitly.
    pub files: Vec<(PathBuf, bool)>,
    /// Paths that could not be read (they make the exit status 2).
    pub errors: Vec<(PathBuf, String)>,
    /// Paths skipped on purpose, with why (pipes, devices).
    pub notes: Vec<(PathBuf, String)>,
    /// Folders entered and files found through folders, by identity.
    seen_dirs: HashSet<FileId>,
    seen_files: HashSet<FileId>,
}

/// A file's identity: device and inode on Unix; the canonical path elsewhere.
#[derive(Hash, PartialEq, Eq, Debug)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[allow(dead_code)]
    Path(PathBuf),
}

fn file_id(path: &Path, meta: &Metadata) -> FileId {
    #[cfg(unix)]
    {
        let _ = path;
        use std::os::unix::fs::MetadataExt;
        FileId::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        FileId::Path(path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
    }
}

/// The note for something that is neither a regular file nor a folder.
const NOT_REGULAR: &str = "不是普通文件（管道、设备或套接字），已跳过";

/// Is the file one `check` takes from a folder: a report (.txt, .md, .markdown, .docx, any
/// case), or an office file it cannot read (.doc, .wps, .pdf…: reported with what to do, never
/// silently left out)? Word's and WPS's lock files (`~$报告.docx`) are not.
pub fn is_checked_name(name: &OsStr) -> bool {
    if name.as_encoded_bytes().starts_with(b"~$") {
        return false;
    }
    Path::new(name).extension().is_some_and(|e| {
        e.to_str().is_some_and(|e| {
            matches!(e.to_ascii_lowercase().as_str(), "txt" | "md" | "markdown")
                || gongwen_docx::kind_of_extension(e) != gongwen_docx::Kind::Other
        })
    })
}

impl Walk {
    /// Add a path the user gave: a file (whatever its name), or a folder to walk.
    pub fn add(&mut self, path: &Path) {
        match std::fs::metadata(path) {
            Err(e) => self
                .errors
                .push((path.to_path_buf(), format!("无法访问：{e}"))),
            Ok(m) if m.is_file() => self.files.push((path.to_path_buf(), true)),
            Ok(m) if m.is_dir() => self.folder(path, &m),
            Ok(_) => self.notes.push((path.to_path_buf(), NOT_REGULAR.into())),
        }
    }

    fn folder(&mut self, dir: &Path, meta: &Metadata) {
        if !self.seen_dirs.insert(file_id(dir, meta)) {
            return; // entered already (a link back up the tree, or two links to one folder)
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                self.errors
                    .push((dir.to_path_buf(), format!("无法读取文件夹：{e}")));
                return;
            }
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            let Some(name) = p.file_name() else { continue };
            let bytes = name.as_encoded_bytes();
            if bytes.starts_with(b".") || name == "node_modules" || name == "target" {
                continue;
            }
            // follows symbolic links
            let meta = match std::fs::metadata(&p) {
                Ok(m) => m,
                Err(e) => {
                    // a dangling link or a file that vanished: only worth saying for a report
                    if is_checked_name(name) {
                        self.errors.push((p, format!("无法访问：{e}")));
                    }
                    continue;
                }
            };
            if meta.is_dir() {
                self.folder(&p, &meta);
            } else if is_checked_name(name) {
                if !meta.is_file() {
                    self.notes.push((p, NOT_REGULAR.into()));
                } else if self.seen_files.insert(file_id(&p, &meta)) {
                    self.files.push((p, false));
                }
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("gongwen-walk-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn symlink_loops_end_and_each_file_is_found_once() {
        let d = tmp("loops");
        std::fs::create_dir_all(d.join("a/b")).unwrap();
        std::fs::write(d.join("a/b/x.txt"), "x").unwrap();
        std::os::unix::fs::symlink(d.join("a"), d.join("a/b/up")).unwrap();
        std::os::unix::fs::symlink(d.join("a/b"), d.join("a/again")).unwrap();
        std::os::unix::fs::symlink(d.join("a/b/x.txt"), d.join("a/y.txt")).unwrap();
        let mut w = Walk::default();
        w.add(&d);
        assert_eq!(w.files.len(), 1, "{:?}", w.files);
        assert!(w.errors.is_empty() && w.notes.is_empty());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn extensions() {
        assert!(is_checked_name(OsStr::new("a.TXT")));
        assert!(is_checked_name(OsStr::new("报告.markdown")));
        assert!(!is_checked_name(OsStr::new("a.png")));
        assert!(!is_checked_name(OsStr::new("txt")));
        assert!(is_checked_name(OsStr::new("报告.DOCX")));
        assert!(is_checked_name(OsStr::new("旧.doc")) && is_checked_name(OsStr::new("扫描.pdf")));
        assert!(!is_checked_name(OsStr::new("~$报告.docx")));
    }
}
