//! The boundaries ARCHITECTURE.md promises, checked: the engine crate (`gongwen`) depends on
//! nothing of the LSP, async runtime, editor rope or filesystem layers, and its source never
//! prints, never reads files, the environment or the clock. (clippy's disallowed-methods in
//! server/engine/clippy.toml enforce the same at lint time.)

use std::path::Path;
use std::process::Command;

const FORBIDDEN_CRATES: &[&str] = &[
    "tower-lsp-server",
    "tower",
    "tokio",
    "futures",
    "ropey",
    "encoding_rs",
    "tracing-subscriber",
];

const FORBIDDEN_SOURCE: &[&str] = &[
    "std::fs",
    "std::process",
    "std::net",
    "std::env",
    "SystemTime",
    "Instant::now",
    "println!",
    "eprintln!",
    "print!(",
    "tower_lsp",
    "tokio::",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

#[test]
fn the_engine_depends_on_no_lsp_runtime_or_io_crate() {
    pure_dependencies("gongwen", "regex");
}

/// The .docx reader is used by the browser build as it is: the same boundaries as the engine.
#[test]
fn the_docx_reader_depends_on_no_lsp_runtime_or_io_crate() {
    pure_dependencies("gongwen-docx", "zip");
}

fn pure_dependencies(krate: &str, expected: &str) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let o = Command::new(cargo)
        .args([
            "tree",
            "-p",
            krate,
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .expect("cargo tree");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tree = String::from_utf8(o.stdout).unwrap();
    let names: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(
        names.contains(&expected),
        "unexpected cargo tree output:\n{tree}"
    );
    for f in FORBIDDEN_CRATES {
        assert!(!names.contains(f), "{krate} depends on {f}:\n{tree}");
    }
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn the_engine_source_touches_no_file_clock_environment_or_terminal() {
    pure_source("server/engine/src", 20);
}

#[test]
fn the_docx_reader_source_touches_no_file_clock_environment_or_terminal() {
    pure_source("server/docx/src", 5);
}

fn pure_source(dir: &str, at_least: usize) {
    let mut files = vec![];
    rust_files(&root().join(dir), &mut files);
    files.retain(|f| !f.ends_with("testutil.rs"));
    assert!(files.len() > at_least);
    let mut hits = vec![];
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        // unit tests may print and read fixtures; only the library code is checked
        let code = match text.find("#[cfg(test)]") {
            Some(i) if !f.ends_with("tests.rs") => &text[..i],
            _ if f.ends_with("tests.rs") => "",
            _ => &text,
        };
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or("");
            for pat in FORBIDDEN_SOURCE {
                if line.contains(pat) {
                    hits.push(format!("{}:{}: {pat}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(
        hits.is_empty(),
        "{dir} must stay pure:\n{}",
        hits.join("\n")
    );
}

/// The code map of ARCHITECTURE.md matches the tree: every path named in the first column of a
/// crate's table exists, and every module of that crate's `src/` is named there (a new module
/// must be placed on the map, a moved one must be moved on it).
#[test]
fn the_code_map_matches_the_tree() {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut checked = 0;
    for section in doc.split("\n### ").skip(1) {
        let Some(dir) = section
            .strip_prefix('`')
            .and_then(|s| s.split('`').next())
            .filter(|d| d.ends_with('/'))
        else {
            continue;
        };
        let names: Vec<&str> = section
            .lines()
            .filter(|l| l.starts_with("| `"))
            .flat_map(|l| {
                let first = l.split('|').nth(1).unwrap_or("");
                first.split('`').skip(1).step_by(2)
            })
            .collect();
        if names.is_empty() {
            continue;
        }
        let base = root().join(dir);
        for n in &names {
            assert!(
                base.join(n).exists() || base.join("src").join(n).exists(),
                "ARCHITECTURE.md names `{n}` under `{dir}`, which does not exist"
            );
        }
        let Ok(entries) = std::fs::read_dir(base.join("src")) else {
            continue;
        };
        for e in entries.flatten() {
            let file = e.file_name().to_string_lossy().into_owned();
            if file == "lib.rs" || file == "tests.rs" {
                continue;
            }
            let placed = names.iter().any(|n| {
                let n = n.trim_end_matches('/');
                n == file || n == format!("src/{file}") || n.trim_end_matches(".rs") == file
            });
            assert!(
                placed,
                "`{dir}src/{file}` is not on the code map of ARCHITECTURE.md: say what it owns"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 30,
        "only {checked} modules checked: is the code map still there?"
    );
}
