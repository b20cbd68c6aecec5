//! The command line of `gongwen-ls check`.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

use gongwen::finding::{Level, Severity};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    /// A review sheet per report and an index page, in the folder given with `-o`.
    Html,
    /// One row per file, UTF-8 with a byte order mark.
    Csv,
    /// SARIF 2.1.0.
    Sarif,
}

impl Format {
    fn parse(s: &str) -> Result<Format, String> {
        Ok(match s {
            "human" | "text" => Format::Human,
            "json" => Format::Json,
            "html" => Format::Html,
            "csv" => Format::Csv,
            "sarif" => Format::Sarif,
            f => {
                return Err(format!(
                    "不支持的输出格式“{f}”（可用：human、json、html、csv、sarif）"
                ))
            }
        })
    }
}

pub struct CheckArgs {
    pub format: Format,
    pub all: bool,
    pub config: Option<PathBuf>,
    pub rules: Vec<(String, Level)>,
    pub color: bool,
    /// `-o`: the output file (the folder for html); stdout when absent.
    pub output: Option<PathBuf>,
    pub paths: Vec<PathBuf>,
    /// Last year's report to compare every report with (`--previous FILE`).
    pub previous: Option<PathBuf>,
    /// The least severe findings listed (`--min-severity`); None: information for human
    /// output (hints are only counted), every finding in JSON.
    pub min_severity: Option<Severity>,
    /// `-h` / `--help`: print the help and do nothing else.
    pub help: bool,
}

impl CheckArgs {
    /// The least severe findings this output lists.
    pub fn shown_from(&self) -> Severity {
        self.min_severity.unwrap_or(match self.format {
            Format::Human => Severity::Information,
            // json lists every finding; html, csv and sarif make their own choices
            Format::Json | Format::Html | Format::Csv | Format::Sarif => Severity::Hint,
        })
    }
}

/// A severity named on the command line: error, warning, information (info), hint, or the
/// Chinese names 错误 / 警告 / 信息 / 提示.
pub fn parse_severity(s: &str) -> Result<Severity, String> {
    match Level::parse(s) {
        Some(Level::On(sev)) => Ok(sev),
        _ => Err(format!(
            "无效的级别“{s}”（可用：error、warning、information、hint，或 错误、警告、信息、提示）"
        )),
    }
}

/// A `--rule 规则=级别` value.
pub fn parse_rule(v: &str) -> Result<(String, Level), String> {
    let (id, level) = v
        .split_once('=')
        .ok_or_else(|| format!("--rule 的写法是 规则=级别，如 empty-section=off（收到“{v}”）"))?;
    if gongwen::rules::info(id).is_none() {
        return Err(format!("未知的规则 id “{id}”"));
    }
    let l = Level::parse(level).ok_or_else(|| {
        format!("无效的级别“{level}”（可用：off、hint、information、warning、error）")
    })?;
    Ok((id.to_string(), l))
}

/// Colours only on a terminal that shows them: not in a pipe or a file, not with `NO_COLOR`, and
/// in a Windows console only once it accepts escape sequences.
fn want_color() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none()
        && super::console::enable_escape_sequences()
}

/// Parse the arguments after `check`. Paths keep their `OsString` form; options and their
/// values are text.
pub fn parse_check_args(args: &[OsString]) -> Result<CheckArgs, String> {
    let mut a = CheckArgs {
        format: Format::Human,
        all: false,
        config: None,
        rules: vec![],
        color: false,
        output: None,
        paths: vec![],
        previous: None,
        min_severity: None,
        help: false,
    };
    let mut no_color = false;
    let mut it = args.iter();
    while let Some(raw) = it.next() {
        let x = raw.to_string_lossy();
        let mut os_value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("选项 {name} 需要一个值"))
        };
        match x.as_ref() {
            "--format" => a.format = Format::parse(&os_value("--format")?.to_string_lossy())?,
            s if s.starts_with("--format=") => a.format = Format::parse(&s[9..])?,
            "-o" | "--output" => a.output = Some(PathBuf::from(os_value("-o")?)),
            s if s.starts_with("--output=") => a.output = Some(PathBuf::from(&s[9..])),
            "--all" => a.all = true,
            "--no-color" => no_color = true,
            "--config" => a.config = Some(PathBuf::from(os_value("--config")?)),
            "--previous" => a.previous = Some(PathBuf::from(os_value("--previous")?)),
            "--rule" => {
                let v = os_value("--rule")?.to_string_lossy().into_owned();
                a.rules.push(parse_rule(&v)?);
            }
            "--min-severity" => {
                let v = os_value("--min-severity")?;
                a.min_severity = Some(parse_severity(&v.to_string_lossy())?);
            }
            s if s.starts_with("--min-severity=") => {
                a.min_severity = Some(parse_severity(&s["--min-severity=".len()..])?);
            }
            "-h" | "--help" => a.help = true,
            "--" => a.paths.extend(it.by_ref().map(PathBuf::from)),
            s if s.starts_with("--") => return Err(format!("未知选项“{s}”")),
            _ => a.paths.push(PathBuf::from(raw)),
        }
    }
    if a.paths.is_empty() && !a.help {
        return Err("请给出要检查的文件或文件夹".into());
    }
    if a.format == Format::Html && a.output.is_none() && !a.help {
        return Err("--format html 需要用 -o 指定存放审核意见的文件夹，如 -o 审核意见".into());
    }
    // colours are for a terminal, not for a file given with -o
    a.color = !no_color && a.output.is_none() && want_color();
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_errors_are_chinese() {
        let e = |v: &[&str]| {
            parse_check_args(&v.iter().map(OsString::from).collect::<Vec<_>>())
                .err()
                .unwrap()
        };
        assert!(e(&[]).contains("请给出"));
        assert!(e(&["--format", "xml", "a"]).contains("不支持的输出格式"));
        assert!(e(&["--rule", "nope=off", "a"]).contains("未知的规则"));
        assert!(e(&["--rule", "empty-section", "a"]).contains("规则=级别"));
        assert!(e(&["--bogus", "a"]).contains("未知选项"));
        assert!(e(&["--format", "html", "a"]).contains("-o"));
        let html = parse_check_args(&[
            "--format=html".into(),
            "-o".into(),
            "out".into(),
            "a".into(),
        ])
        .unwrap();
        assert!(html.format == Format::Html && html.output == Some(PathBuf::from("out")));
        for f in ["csv", "sarif", "json", "human"] {
            assert!(parse_check_args(&["--format".into(), f.into(), "a".into()]).is_ok());
        }
        let ok = parse_check_args(&[
            "--format=json".into(),
            "--rule".into(),
            "empty-section=off".into(),
            "x".into(),
        ])
        .unwrap();
        assert!(ok.format == Format::Json && ok.rules.len() == 1 && ok.paths.len() == 1);
        // Not a terminal (the test's stdout is captured): no colour codes.
        assert!(!ok.color);
    }

    fn parse(v: &[&str]) -> CheckArgs {
        parse_check_args(&v.iter().map(OsString::from).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn min_severity_and_help() {
        assert_eq!(parse(&["a"]).shown_from(), Severity::Information);
        assert_eq!(
            parse(&["--format", "json", "a"]).shown_from(),
            Severity::Hint
        );
        assert_eq!(
            parse(&["--min-severity", "warning", "a"]).shown_from(),
            Severity::Warning
        );
        assert_eq!(
            parse(&["--min-severity=提示", "a"]).shown_from(),
            Severity::Hint
        );
        assert_eq!(
            parse(&["--format=json", "--min-severity", "error", "a"]).shown_from(),
            Severity::Error
        );
        let e = parse_check_args(&[
            OsString::from("--min-severity"),
            OsString::from("off"),
            "a".into(),
        ])
        .err()
        .unwrap();
        assert!(e.contains("无效的级别“off”"), "{e}");
        // help needs no path
        assert!(parse(&["-h"]).help);
        assert!(parse(&["--help"]).help);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_a_file_name_that_is_not_unicode() {
        use std::os::unix::ffi::OsStrExt;
        // "报告.txt" in GBK: not valid UTF-8.
        let gbk = OsString::from(std::ffi::OsStr::from_bytes(b"\xb1\xa8\xb8\xe6.txt"));
        let a = parse_check_args(&[OsString::from("--all"), gbk.clone()]).unwrap();
        assert_eq!(a.paths, vec![PathBuf::from(gbk)]);
    }
}
