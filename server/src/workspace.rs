//! The workspace, for the LSP server and the CLI alike: where `.gongwen.toml` is, the
//! configuration read from it (merged with the editor's settings in the server, with command-line
//! options in the CLI), the profile it names, which files are checked as reports, and how a
//! document's bytes become text.
//!
//! Everything here touches the filesystem; the engine ([`gongwen`]) never does.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use gongwen::config::{Config, CONFIG_FILE};
use gongwen::profile::{builtin, builtin_by_id, Profile};

/// A configuration and the profiles it selects, with the folder that relative paths and include
/// globs are resolved against.
#[derive(Clone)]
pub struct Workspace {
    /// The workspace root (editor; none when the editor opened single files), or the folder of
    /// the configuration file, or the current folder (CLI).
    pub root: Option<PathBuf>,
    pub config: Arc<Config>,
    /// The kinds of report documents are recognised as, in order of preference: the built-in
    /// profiles, or the one the configuration names.
    pub profiles: Vec<Arc<Profile>>,
}

/// Find `.gongwen.toml` in `start` or its parents.
pub fn discover_config(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let f = d.join(CONFIG_FILE);
        if f.is_file() {
            return Some(f);
        }
        dir = d.parent();
    }
    None
}

/// The largest configuration or profile file read.
pub const MAX_SETTINGS_FILE: u64 = 1 << 20;

/// Read a small settings file: a regular file (never a pipe or a device, which could block or
/// never end) of at most [`MAX_SETTINGS_FILE`] bytes, UTF-8. Errors never quote its contents.
fn read_settings_file(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("无法读取：{e}"))?;
    if !meta.is_file() {
        return Err("不是普通文件（可能是管道或设备），不读取".into());
    }
    if meta.len() > MAX_SETTINGS_FILE {
        return Err(format!("文件过大（{} 字节，上限 1 MB）", meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| {
            use std::io::Read;
            f.take(MAX_SETTINGS_FILE + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| format!("无法读取：{e}"))?;
    if bytes.len() as u64 > MAX_SETTINGS_FILE {
        return Err("文件过大（上限 1 MB）".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "不是 UTF-8 文本（第 {} 字节处出错）",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Read a `.gongwen.toml`; relative paths in it are resolved against its folder.
pub fn read_config(path: &Path) -> Result<Config, String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    read_settings_file(path).and_then(|s| Config::from_toml(&s, dir))
}

/// Read and validate a profile (TOML). It must lie inside one of `roots` (the workspace, the
/// folder of the `.gongwen.toml` naming it): a configuration file found in a parent folder must
/// not make the server read `/proc/self/environ` or the user's other files.
pub fn read_profile(path: &Path, roots: &[PathBuf]) -> Result<Profile, String> {
    let real = path.canonicalize().map_err(|e| format!("无法读取：{e}"))?;
    let inside = roots
        .iter()
        .filter_map(|r| r.canonicalize().ok())
        .any(|r| real.starts_with(r));
    if !inside {
        return Err("报告配置文件须位于工作区或 .gongwen.toml 所在的文件夹之内".into());
    }
    read_settings_file(&real).and_then(|s| Profile::from_toml(&s))
}

/// The profiles a configuration selects: a built-in one by id, a profile file, or (neither) all
/// the built-in ones, to detect among. A profile file that cannot be read is an error naming it.
pub fn profiles_for(config: &Config, roots: &[PathBuf]) -> Result<Vec<Arc<Profile>>, String> {
    if let Some(id) = &config.profile_id {
        return builtin_by_id(id)
            .map(|p| vec![p])
            .ok_or_else(|| format!("没有 id 为“{id}”的内置报告配置"));
    }
    match &config.profile {
        Some(p) => read_profile(p, roots)
            .map(|prof| vec![Arc::new(prof)])
            .map_err(|e| format!("报告配置 {} 有误：{e}", p.display())),
        None => Ok(builtin().to_vec()),
    }
}

impl Workspace {
    /// The embedded profile and the default configuration, rooted at `root`.
    pub fn with_defaults(root: Option<PathBuf>) -> Workspace {
        Workspace {
            root,
            config: Arc::new(Config::default()),
            profiles: builtin().to_vec(),
        }
    }

    /// The profile for documents of no detected kind (skeleton, completion in an empty file).
    pub fn default_profile(&self) -> Arc<Profile> {
        self.profiles
            .first()
            .cloned()
            .unwrap_or_else(Profile::default_profile)
    }

    /// Why a document was not checked, in Chinese: what the title or opening of each kind of
    /// report this workspace knows must say.
    pub fn not_recognised(&self) -> String {
        let names: Vec<&str> = self.profiles.iter().map(|p| p.name.as_str()).collect();
        let hints: Vec<&str> = self
            .profiles
            .iter()
            .map(|p| p.detect_hint.as_str())
            .collect();
        format!("未识别为{}（{}）", names.join("或"), hints.join("；"))
    }

    /// `path` relative to the root, `/`-separated (the form include globs match); the path itself
    /// when it lies outside the root.
    pub fn relative(&self, path: &Path) -> String {
        let rel = self.root.as_deref().and_then(|root| {
            path.strip_prefix(root)
                .ok()
                .map(Path::to_path_buf)
                .or_else(|| {
                    let p = path.canonicalize().ok()?;
                    let r = root.canonicalize().ok()?;
                    p.strip_prefix(r).ok().map(Path::to_path_buf)
                })
        });
        rel.as_deref()
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// Is the file at `path` opted in as a report by an include glob?
    pub fn includes(&self, path: &Path) -> bool {
        !self.config.include.is_empty() && self.config.includes(&self.relative(path))
    }
}

/// Is `path` a Markdown file (by its extension)?
pub fn is_markdown_path(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        matches!(
            e.to_string_lossy().to_ascii_lowercase().as_str(),
            "md" | "markdown" | "mdx"
        )
    })
}

/// Decode a file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (common for
/// documents saved by Chinese office software). Returns the text and the encoding's name.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), "UTF-8"))
            .map_err(|e| {
                format!(
                    "不是有效的 UTF-8 文本（第 {} 字节附近）",
                    e.valid_up_to() + 3
                )
            });
    }
    for (bom, enc) in [
        (&[0xFF, 0xFE][..], encoding_rs::UTF_16LE),
        (&[0xFE, 0xFF][..], encoding_rs::UTF_16BE),
    ] {
        if bytes.starts_with(bom) {
            let (s, _, bad) = enc.decode(bytes);
            if !bad {
                return Ok((s.into_owned(), enc.name()));
            }
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) if !s.contains('\0') => Ok((s.to_string(), "UTF-8")),
        Ok(_) => Err("含有 NUL 字节，看起来是二进制文件，不是文本".into()),
        Err(e) => {
            if !bytes.contains(&0) {
                let (s, _, bad) = encoding_rs::GB18030.decode(bytes);
                if !bad {
                    return Ok((s.into_owned(), "GB18030"));
                }
            }
            Err(format!(
                "无法识别文件编码：不是有效的 UTF-8 文本（第 {} 字节处出错），也不是 GB18030 文本",
                e.valid_up_to()
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_utf16_and_gb18030() {
        assert_eq!(decode("报告".as_bytes()).unwrap().0, "报告");
        assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap().0, "abc");
        let (gbk, _, _) = encoding_rs::GB18030.encode("关于2024年法治政府建设情况的报告");
        let (s, enc) = decode(&gbk).unwrap();
        assert_eq!(
            (s.as_str(), enc),
            ("关于2024年法治政府建设情况的报告", "GB18030")
        );
        let mut u16 = vec![0xFF, 0xFE];
        for u in "报告".encode_utf16() {
            u16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&u16).unwrap().0, "报告");
        assert!(decode(b"a\0b").unwrap_err().contains("二进制"));
        assert!(decode(&[0xFF, 0x00, 0xC3, 0x28, 0x80]).is_err());
    }

    #[test]
    fn relative_paths_and_includes() {
        let mut ws = Workspace::with_defaults(Some(PathBuf::from("/w")));
        assert_eq!(ws.relative(Path::new("/w/a/b.txt")), "a/b.txt");
        assert_eq!(
            ws.relative(Path::new("/elsewhere/c.txt")),
            "/elsewhere/c.txt"
        );
        assert!(!ws.includes(Path::new("/w/drafts/x.txt")));
        ws.config = Arc::new(Config {
            include: vec!["drafts/**".into()],
            ..Config::default()
        });
        assert!(ws.includes(Path::new("/w/drafts/x.txt")));
        assert!(!ws.includes(Path::new("/w/other/x.txt")));
    }

    #[cfg(unix)]
    #[test]
    fn profile_paths_are_confined_to_the_workspace_and_small_regular_files() {
        let d = std::env::temp_dir().join(format!("gongwen-ws-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("w")).unwrap();
        let root = d.join("w");
        let roots = [root.clone()];
        // outside the workspace, through a link too
        let e = read_profile(Path::new("/proc/self/environ"), &roots).unwrap_err();
        assert!(e.contains("工作区"), "{e}");
        std::os::unix::fs::symlink("/proc/self/environ", root.join("p.toml")).unwrap();
        let e = read_profile(&root.join("p.toml"), &roots).unwrap_err();
        assert!(e.contains("工作区") && !e.contains("PATH="), "{e}");
        // a pipe and a device inside it
        assert!(std::process::Command::new("mkfifo")
            .arg(root.join("fifo.toml"))
            .status()
            .unwrap()
            .success());
        let e = read_profile(&root.join("fifo.toml"), &roots).unwrap_err();
        assert!(e.contains("不是普通文件"), "{e}");
        std::os::unix::fs::symlink("/dev/zero", root.join("zero.toml")).unwrap();
        assert!(read_profile(&root.join("zero.toml"), &[PathBuf::from("/")])
            .unwrap_err()
            .contains("不是普通文件"));
        // too large
        std::fs::write(
            root.join("big.toml"),
            vec![b'#'; (MAX_SETTINGS_FILE + 1) as usize],
        )
        .unwrap();
        assert!(read_profile(&root.join("big.toml"), &roots)
            .unwrap_err()
            .contains("过大"));
        // a syntax error names the place, not the rest of the file
        std::fs::write(root.join("bad.toml"), "[[items]\nsecret = \"机密内容\"\n").unwrap();
        let e = read_profile(&root.join("bad.toml"), &roots).unwrap_err();
        assert!(!e.contains("机密内容"), "{e}");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn markdown_by_extension() {
        assert!(is_markdown_path(Path::new("a.MD")));
        assert!(!is_markdown_path(Path::new("a.txt")));
    }
}
