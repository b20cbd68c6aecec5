//! Where `check` writes, and the reviewer's formats written file by file as the batch streams:
//! the HTML review sheets and index (`--format html -o DIR`), CSV and SARIF (stdout, or the
//! file given with `-o`). Each file is rendered on a worker thread ([`render`]); the [`Sink`]
//! writes the renderings in order and what only the whole batch knows (SARIF's notifications,
//! the index page).

use std::collections::HashSet;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use gongwen::analysis::Analysis;
use gongwen::text::LineIndex;

use super::args::{CheckArgs, Format};
use super::review::{self, index::Row, Checked, Facts, Layout};

/// Standard output, or the file given with `-o`.
pub fn open(path: Option<&Path>) -> std::io::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(BufWriter::new(std::fs::File::create(p)?)),
        None => Box::new(BufWriter::with_capacity(1 << 16, std::io::stdout().lock())),
    })
}

/// Today's date as written on the sheets.
fn today() -> String {
    let (y, m, d) = crate::clock::today();
    format!("{y}年{m}月{d}日")
}

const NOT_REPORT: &str = "未识别为年度报告，未检查（可加 --all 强制检查）";

/// One file in a review format (worker side): the CSV row, the SARIF results, or the HTML
/// sheet; and for the index, the report's facts.
pub fn render(
    format: Format,
    path: &str,
    text: &str,
    an: &Analysis,
    layout: &Layout,
) -> (Vec<u8>, Option<Facts>) {
    if !an.is_report() {
        return match format {
            Format::Csv => (
                review::csv::other(path, "未检查", NOT_REPORT).into_bytes(),
                None,
            ),
            _ => (vec![], None),
        };
    }
    let lines = LineIndex::new(text);
    let c = Checked {
        path,
        text,
        lines: &lines,
        layout,
        an,
    };
    let facts = Facts::of(text, an);
    let out = match format {
        Format::Csv => review::csv::report(path, &facts),
        Format::Sarif => review::sarif::results(&c),
        Format::Html => review::html::sheet(&c, &facts, &today()),
        Format::Human | Format::Json => String::new(),
    };
    (out.into_bytes(), Some(facts))
}

/// The consumer side of a review format.
pub enum Sink {
    Csv,
    Sarif {
        any: bool,
        notes: Vec<(String, String)>,
    },
    Html {
        dir: PathBuf,
        taken: HashSet<String>,
        rows: Vec<Row>,
    },
}

impl Sink {
    /// The sink of `a.format` (None for human and JSON), with what opens the output written.
    pub fn begin(a: &CheckArgs, out: &mut dyn Write) -> std::io::Result<Option<Sink>> {
        Ok(Some(match a.format {
            Format::Human | Format::Json => return Ok(None),
            Format::Csv => {
                out.write_all(review::csv::begin().as_bytes())?;
                Sink::Csv
            }
            Format::Sarif => {
                let root = std::env::current_dir()
                    .map_or_else(|_| "/".to_string(), |d| d.display().to_string());
                out.write_all(review::sarif::begin(&root).as_bytes())?;
                Sink::Sarif {
                    any: false,
                    notes: vec![],
                }
            }
            Format::Html => {
                let Some(dir) = a.output.clone() else {
                    return Err(std::io::Error::other("未指定输出文件夹"));
                };
                std::fs::create_dir_all(&dir)?;
                Sink::Html {
                    dir,
                    taken: HashSet::from(["index.html".to_string()]),
                    rows: vec![],
                }
            }
        }))
    }

    /// A file rendered by [`render`].
    pub fn file(
        &mut self,
        out: &mut dyn Write,
        path: &Path,
        rendered: &[u8],
        facts: Option<Facts>,
    ) -> std::io::Result<()> {
        let shown = path.display().to_string();
        match self {
            Sink::Csv => out.write_all(rendered),
            Sink::Sarif { any, notes } => {
                if facts.is_none() {
                    notes.push((shown, NOT_REPORT.into()));
                } else if !rendered.is_empty() {
                    if *any {
                        out.write_all(b",")?;
                    }
                    *any = true;
                    out.write_all(rendered)?;
                }
                Ok(())
            }
            Sink::Html { dir, taken, rows } => {
                let sheet = match &facts {
                    Some(_) => {
                        let name = sheet_name(path, taken);
                        std::fs::write(dir.join(&name), rendered)?;
                        Some(name)
                    }
                    None => None,
                };
                rows.push(Row {
                    path: shown,
                    note: facts.is_none().then(|| NOT_REPORT.to_string()),
                    sheet,
                    facts,
                    failed: false,
                });
                Ok(())
            }
        }
    }

    /// A file that could not be checked.
    pub fn failed(&mut self, out: &mut dyn Write, path: &Path, why: &str) -> std::io::Result<()> {
        let shown = path.display().to_string();
        match self {
            Sink::Csv => out.write_all(review::csv::other(&shown, "无法检查", why).as_bytes()),
            // SARIF lists them at the end, from the batch's errors
            Sink::Sarif { .. } => Ok(()),
            Sink::Html { rows, .. } => {
                rows.push(Row {
                    path: shown,
                    sheet: None,
                    facts: None,
                    note: Some(why.to_string()),
                    failed: true,
                });
                Ok(())
            }
        }
    }

    /// The end: `before` are the paths that failed before any file was checked (the walk),
    /// `errors` every failure of the batch, `skipped` paths skipped on purpose.
    pub fn end(
        self,
        out: &mut dyn Write,
        before: &[(PathBuf, String)],
        errors: &[(PathBuf, String)],
        skipped: &[(PathBuf, String)],
    ) -> std::io::Result<()> {
        let shown = |v: &[(PathBuf, String)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(p, e)| (p.display().to_string(), e.clone()))
                .collect()
        };
        match self {
            Sink::Csv => {
                for (p, e) in before.iter().chain(skipped) {
                    let verdict = if skipped.iter().any(|s| &s.0 == p) {
                        "未检查"
                    } else {
                        "无法检查"
                    };
                    out.write_all(
                        review::csv::other(&p.display().to_string(), verdict, e).as_bytes(),
                    )?;
                }
                Ok(())
            }
            Sink::Sarif { mut notes, .. } => {
                notes.extend(shown(skipped));
                out.write_all(review::sarif::end(&shown(errors), &notes).as_bytes())
            }
            Sink::Html { dir, mut rows, .. } => {
                for (p, e) in before {
                    rows.push(Row {
                        path: p.display().to_string(),
                        sheet: None,
                        facts: None,
                        note: Some(e.clone()),
                        failed: true,
                    });
                }
                for (p, e) in skipped {
                    rows.push(Row {
                        path: p.display().to_string(),
                        sheet: None,
                        facts: None,
                        note: Some(e.clone()),
                        failed: false,
                    });
                }
                let index = dir.join("index.html");
                std::fs::write(&index, review::index::index(&rows, &today()))?;
                eprintln!(
                    "gongwen-ls：已生成 {} 份审核意见和汇总页 {}",
                    rows.iter().filter(|r| r.sheet.is_some()).count(),
                    index.display()
                );
                Ok(())
            }
        }
    }
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
