//! The files `check` reads: each path given, and the .txt/.md files under each folder given.

use std::path::{Path, PathBuf};

/// Files to check under `path`: the file itself, or the .txt/.md files of a folder, sorted.
pub fn collect(path: &Path, explicit: bool, out: &mut Vec<(PathBuf, bool)>) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        out.push((path.to_path_buf(), explicit));
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name == "node_modules" || name == "target" {
            continue;
        }
        if p.is_dir() {
            collect(&p, false, out)?;
        } else {
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            if matches!(ext.as_deref(), Some("txt" | "md" | "markdown")) {
                out.push((p, false));
            }
        }
    }
    Ok(())
}
