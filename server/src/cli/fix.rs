//! `gongwen-ls fix PATH… [--diff]`: apply the safe fixes — punctuation width and renumbering —
//! to report files in place, or show them as a unified diff. What a reviewer runs on a folder
//! of drafts before reading them, instead of an editor's "format document" and quick fixes.
//!
//! Only text files are rewritten, in the encoding they were read in (UTF-8 with or without BOM,
//! UTF-16 with BOM, GB18030), through a temporary file renamed over the original, so a failure
//! never leaves half a file. Files that are not reports are left alone unless `--all` is given.
//! Exit status: 0, or 2 when a file could not be read or written or the command line is wrong.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use gongwen::analysis::Options;
use gongwen::finding::Level;
use gongwen::ide::fix::{fix_safely, unified_diff};

use super::args::parse_rule;
use super::walk::Walk;
use crate::workspace::{self, Workspace};

pub const FIX_HELP: &str = "用法：gongwen-ls fix [选项] 路径…

改正报告中可以放心自动改正的问题，直接写回文件：
  - 中文中的半角标点改为全角（punct-width）；
  - 标题和“一是、二是”的编号跳号、重号、括号残缺、样式不一，依次重新编号（numbering）。
数字、年份、缺少的事项等需要起草人判断的问题不会改动。文件保持原来的编码。

选项：
  --diff                只显示将要做的修改（统一差异格式），不写回文件
  --all                 不论是否识别为年度报告，都按报告处理
  --config 文件         使用指定的 .gongwen.toml（默认从当前目录向上查找）
  --rule 规则=级别      调整规则级别，如 --rule punct-width=off 表示不改标点（可多次使用）
  -h, --help            显示本说明

退出码：0 完成；2 文件无法读取、写入或参数有误。
";

struct FixArgs {
    diff: bool,
    all: bool,
    config: Option<PathBuf>,
    rules: Vec<(String, Level)>,
    paths: Vec<PathBuf>,
    help: bool,
}

fn parse(args: &[OsString]) -> Result<FixArgs, String> {
    let mut a = FixArgs {
        diff: false,
        all: false,
        config: None,
        rules: vec![],
        paths: vec![],
        help: false,
    };
    let mut it = args.iter();
    while let Some(raw) = it.next() {
        let x = raw.to_string_lossy();
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("选项 {name} 需要一个值"))
        };
        match x.as_ref() {
            "--diff" => a.diff = true,
            "--all" => a.all = true,
            "--config" => a.config = Some(PathBuf::from(value("--config")?)),
            "--rule" => a
                .rules
                .push(parse_rule(&value("--rule")?.to_string_lossy())?),
            "-h" | "--help" => a.help = true,
            "--" => a.paths.extend(it.by_ref().map(PathBuf::from)),
            s if s.starts_with('-') && s.len() > 1 => return Err(format!("未知选项“{s}”")),
            _ => a.paths.push(PathBuf::from(raw)),
        }
    }
    if a.paths.is_empty() && !a.help {
        return Err("请给出要改正的文件或文件夹".into());
    }
    Ok(a)
}

/// How a file's bytes were encoded, to write it back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    Utf8 { bom: bool },
    Utf16 { big_endian: bool },
    Gb18030,
}

fn written_as(bytes: &[u8], decoded_as: &str) -> Written {
    if bytes.starts_with(&[0xFF, 0xFE]) && decoded_as.starts_with("UTF-16") {
        Written::Utf16 { big_endian: false }
    } else if bytes.starts_with(&[0xFE, 0xFF]) && decoded_as.starts_with("UTF-16") {
        Written::Utf16 { big_endian: true }
    } else if decoded_as == "GB18030" {
        Written::Gb18030
    } else {
        Written::Utf8 {
            bom: bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        }
    }
}

fn encode(text: &str, how: Written) -> Vec<u8> {
    match how {
        Written::Utf8 { bom } => {
            let mut v = Vec::with_capacity(text.len() + 3);
            if bom {
                v.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
            }
            v.extend_from_slice(text.as_bytes());
            v
        }
        Written::Utf16 { big_endian } => {
            let mut v = Vec::with_capacity(2 * text.len() + 2);
            let units = std::iter::once(0xFEFF).chain(text.encode_utf16());
            for u in units {
                v.extend_from_slice(&if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                });
            }
            v
        }
        Written::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
    }
}

/// Write `bytes` over `path` through a temporary file in the same folder, keeping the file's
/// permissions.
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let name = path
        .file_name()
        .map_or_else(|| "gongwen".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir
        .unwrap_or_else(|| Path::new("."))
        .join(format!(".{name}.gongwen-fix-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// What happened to one file.
enum Outcome {
    Fixed {
        punctuation: usize,
        numbering: usize,
    },
    Clean,
    NotReport,
    /// A Word (or other office) document: never rewritten.
    NotText,
}

/// Is `path` a text file `fix` may rewrite: .txt / .md / .markdown, or another name that is
/// neither an office format by its extension nor a zip archive (a .docx without its name)?
fn is_text_file(path: &Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(ext.as_str(), "txt" | "md" | "markdown")
        || (gongwen_docx::kind_of_extension(&ext) == gongwen_docx::Kind::Other
            && !bytes.starts_with(b"PK\x03\x04"))
}

fn fix_one(
    path: &Path,
    a: &FixArgs,
    ws: &Workspace,
    out: &mut impl Write,
) -> Result<Outcome, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取：{e}"))?;
    if !is_text_file(path, &bytes) {
        return Ok(Outcome::NotText);
    }
    let (text, enc) = workspace::decode(&bytes)?;
    let opts = Options {
        profiles: &ws.profiles,
        levels: Some(&ws.config.rules),
        markdown: workspace::is_markdown_path(path),
        force_report: a.all || ws.includes(path),
        parallel: false,
        beside_done: None,
    };
    let report = gongwen::analysis::read(&text, &opts).is_report();
    if !report {
        return Ok(Outcome::NotReport);
    }
    let fixed = fix_safely(&text, &opts);
    if !fixed.changed() {
        return Ok(Outcome::Clean);
    }
    if a.diff {
        let shown = path.display().to_string();
        out.write_all(unified_diff(&text, &fixed.text, &shown).as_bytes())
            .map_err(|e| format!("无法写出结果：{e}"))?;
    } else {
        replace_file(path, &encode(&fixed.text, written_as(&bytes, enc)))
            .map_err(|e| format!("无法写回文件：{e}"))?;
    }
    Ok(Outcome::Fixed {
        punctuation: fixed.punctuation,
        numbering: fixed.numbering,
    })
}

pub fn fix(args: &[OsString]) -> i32 {
    let a = match parse(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gongwen-ls fix：{e}\n\n{FIX_HELP}");
            return 2;
        }
    };
    if a.help {
        return super::print(FIX_HELP);
    }
    let Some(ws) = super::check::load_workspace(a.config.as_deref(), &a.rules) else {
        return 2;
    };
    let mut walk = Walk::default();
    for p in &a.paths {
        walk.add(p);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // the report of what was done: on stdout, or beside a diff on stderr
    let mut notes: Vec<String> = vec![];
    let (mut files, mut punct, mut numbers) = (0, 0, 0);
    let mut errors = walk.errors;
    for (path, explicit) in &walk.files {
        let shown = path.display();
        match fix_one(path, &a, &ws, &mut out) {
            Ok(Outcome::Fixed {
                punctuation,
                numbering,
            }) => {
                files += 1;
                punct += punctuation;
                numbers += numbering;
                let verb = if a.diff { "可改正" } else { "已改正" };
                notes.push(format!(
                    "{shown}：{verb}半角标点 {punctuation} 处，编号 {numbering} 处"
                ));
            }
            Ok(Outcome::Clean) => {}
            Ok(Outcome::NotReport) if *explicit => notes.push(format!(
                "{shown}：{}，未改动；可加 --all 强制处理",
                ws.not_recognised()
            )),
            Ok(Outcome::NotReport) => {}
            Ok(Outcome::NotText) if *explicit => notes.push(format!(
                "{shown}：Word 等格式的文件不能自动改正，未改动；请在 Word 或 WPS 中修改"
            )),
            Ok(Outcome::NotText) => {}
            Err(e) => errors.push((path.clone(), e)),
        }
    }
    for (p, e) in &errors {
        notes.push(format!("{}：{e}", p.display()));
    }
    let verb = if a.diff { "可改正" } else { "已改正" };
    notes.push(if files == 0 {
        "没有需要自动改正的半角标点或编号。".to_string()
    } else {
        format!("共{verb} {files} 个文件：半角标点 {punct} 处，编号 {numbers} 处。")
    });
    let status = if errors.is_empty() { 0 } else { 2 };
    let written = (|| {
        if a.diff {
            out.flush()?;
            let mut err = std::io::stderr().lock();
            for n in &notes {
                writeln!(err, "{n}")?;
            }
        } else {
            for n in &notes {
                writeln!(out, "{n}")?;
            }
            out.flush()?;
        }
        Ok(status)
    })();
    super::exit_status(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_round_trip() {
        let text = "关于2024年度法治政府建设情况的报告，改正后写回。\n";
        for (bytes, enc) in [
            (text.as_bytes().to_vec(), "UTF-8"),
            ([&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(), "UTF-8"),
            (
                encode(text, Written::Utf16 { big_endian: false }),
                "UTF-16LE",
            ),
            (
                encode(text, Written::Utf16 { big_endian: true }),
                "UTF-16BE",
            ),
            (encoding_rs::GB18030.encode(text).0.into_owned(), "GB18030"),
        ] {
            let (decoded, name) = workspace::decode(&bytes).unwrap();
            assert_eq!(decoded, text, "{enc}");
            assert_eq!(encode(&decoded, written_as(&bytes, name)), bytes, "{enc}");
        }
    }

    #[test]
    fn only_text_files_are_rewritten() {
        let zip = b"PK\x03\x04rest";
        assert!(is_text_file(Path::new("a.txt"), "报告".as_bytes()));
        assert!(is_text_file(Path::new("a.md"), b"#"));
        assert!(is_text_file(Path::new("README"), "报告".as_bytes()));
        assert!(!is_text_file(Path::new("a.docx"), zip));
        assert!(!is_text_file(Path::new("a.doc"), b"\xD0\xCF"));
        assert!(!is_text_file(Path::new("report"), zip));
    }

    #[test]
    fn arguments() {
        let p = |v: &[&str]| parse(&v.iter().map(OsString::from).collect::<Vec<_>>());
        assert!(p(&[]).err().unwrap().contains("请给出"));
        assert!(p(&["--bogus", "a"]).err().unwrap().contains("未知选项"));
        let a = p(&["--diff", "--rule", "punct-width=off", "a.txt"]).unwrap();
        assert!(a.diff && a.rules.len() == 1 && a.paths.len() == 1);
        assert!(p(&["-h"]).unwrap().help);
    }
}
