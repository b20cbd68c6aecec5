//! Where `check` writes, and the reviewer's formats over a checked batch: the HTML review
//! sheets and index (`--format html -o DIR`), CSV and SARIF (stdout, or the file given with
//! `-o`).

use std::collections::HashSet;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use gongwen::analysis::Analysis;
use gongwen::text::LineIndex;

use super::args::CheckArgs;
use super::review::{self, index::Row, Checked, Facts, Layout};

/// One file of the batch: its text, analysis and layout, or why it could not be read.
pub struct File<'a> {
    pub path: &'a Path,
    pub result: Result<(&'a str, &'a Analysis, &'a Layout), &'a str>,
}

/// Standard output, or the file given with `-o`.
pub fn open(path: Option<&Path>) -> std::io::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(BufWriter::new(std::fs::File::create(p)?)),
        None => Box::new(BufWriter::with_capacity(1 << 16, std::io::stdout().lock())),
    })
}

fn shown(p: &Path) -> String {
    p.display().to_string()
}

/// Today's date as written on the sheets.
fn today() -> String {
    let (y, m, d) = crate::clock::today();
    format!("{y}年{m}月{d}日")
}

/// `--format csv`: the BOM, the header, one row per file.
pub fn csv(
    out: &mut dyn Write,
    files: &[File],
    walk_errors: &[(PathBuf, String)],
) -> std::io::Result<()> {
    out.write_all(review::csv::begin().as_bytes())?;
    for f in files {
        let path = shown(f.path);
        let row = match f.result {
            Ok((text, an, _)) if an.is_report() => review::csv::report(&path, &Facts::of(text, an)),
            Ok(_) => review::csv::other(&path, "未检查", "未识别为年度报告（可加 --all 强制检查）"),
            Err(e) => review::csv::other(&path, "无法检查", e),
        };
        out.write_all(row.as_bytes())?;
    }
    for (p, e) in walk_errors {
        out.write_all(review::csv::other(&shown(p), "无法检查", e).as_bytes())?;
    }
    Ok(())
}

/// `--format sarif`.
pub fn sarif(
    out: &mut dyn Write,
    files: &[File],
    walk_errors: &[(PathBuf, String)],
) -> std::io::Result<()> {
    let root = std::env::current_dir().map_or_else(|_| "/".to_string(), |d| shown(&d));
    out.write_all(review::sarif::begin(&root).as_bytes())?;
    let mut first = true;
    let mut failures = vec![];
    let mut notes = vec![];
    for f in files {
        let path = shown(f.path);
        match f.result {
            Ok((text, an, layout)) if an.is_report() => {
                let lines = LineIndex::new(text);
                let c = Checked {
                    path: &path,
                    text,
                    lines: &lines,
                    layout,
                    an,
                };
                out.write_all(review::sarif::results(&c, &mut first).as_bytes())?;
            }
            Ok(_) => notes.push((
                path,
                "未识别为年度报告，未检查（可加 --all 强制检查）".to_string(),
            )),
            Err(e) => failures.push((path, e.to_string())),
        }
    }
    failures.extend(walk_errors.iter().map(|(p, e)| (shown(p), e.clone())));
    out.write_all(review::sarif::end(&failures, &notes).as_bytes())
}

/// A file name for the sheet of `path` in the output folder: its stem with `.html`, made
/// unique (溪东县.html, 溪东县-2.html) and safe on every system.
fn sheet_name(path: &Path, taken: &mut HashSet<String>) -> String {
    let stem: String = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "报告".into())
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let stem = if stem.is_empty() || stem == "index" {
        format!("{stem}报告")
    } else {
        stem
    };
    let mut name = format!("{stem}.html");
    let mut k = 2;
    while !taken.insert(name.to_lowercase()) {
        name = format!("{stem}-{k}.html");
        k += 1;
    }
    name
}

/// `--format html -o DIR`: a sheet per report and `index.html`.
pub fn html(
    a: &CheckArgs,
    files: &[File],
    walk_errors: &[(PathBuf, String)],
) -> std::io::Result<()> {
    let Some(dir) = a.output.as_deref() else {
        return Err(std::io::Error::other("未指定输出文件夹"));
    };
    std::fs::create_dir_all(dir)?;
    let date = today();
    let mut taken: HashSet<String> = HashSet::from(["index.html".to_string()]);
    let mut rows = vec![];
    for f in files {
        let path = shown(f.path);
        let row = match f.result {
            Ok((text, an, layout)) if an.is_report() => {
                let lines = LineIndex::new(text);
                let c = Checked {
                    path: &path,
                    text,
                    lines: &lines,
                    layout,
                    an,
                };
                let facts = Facts::of(text, an);
                let name = sheet_name(f.path, &mut taken);
                std::fs::write(dir.join(&name), review::html::sheet(&c, &facts, &date))?;
                Row {
                    path,
                    sheet: Some(name),
                    facts: Some(facts),
                    note: None,
                    failed: false,
                }
            }
            Ok(_) => Row {
                path,
                sheet: None,
                facts: None,
                note: Some("未识别为年度报告，未检查（可加 --all 强制检查）".into()),
                failed: false,
            },
            Err(e) => Row {
                path,
                sheet: None,
                facts: None,
                note: Some(e.to_string()),
                failed: true,
            },
        };
        rows.push(row);
    }
    rows.extend(walk_errors.iter().map(|(p, e)| Row {
        path: shown(p),
        sheet: None,
        facts: None,
        note: Some(e.clone()),
        failed: true,
    }));
    std::fs::write(dir.join("index.html"), review::index::index(&rows, &date))?;
    eprintln!(
        "gongwen-ls：已生成 {} 份审核意见和汇总页 {}",
        rows.iter().filter(|r| r.sheet.is_some()).count(),
        dir.join("index.html").display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_unique_and_safe() {
        let mut t = HashSet::from(["index.html".to_string()]);
        assert_eq!(
            sheet_name(Path::new("收件/溪东县.docx"), &mut t),
            "溪东县.html"
        );
        assert_eq!(
            sheet_name(Path::new("草稿/溪东县.txt"), &mut t),
            "溪东县-2.html"
        );
        assert_eq!(
            sheet_name(Path::new("a/index.txt"), &mut t),
            "index报告.html"
        );
        assert_eq!(sheet_name(Path::new("x/a|b.txt"), &mut t), "a_b.html");
    }
}
