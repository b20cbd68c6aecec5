//! The command line of `gongwen-ls check`.

use std::io::IsTerminal;
use std::path::PathBuf;

use gongwen::finding::Level;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

pub struct CheckArgs {
    pub format: Format,
    pub all: bool,
    pub config: Option<PathBuf>,
    pub rules: Vec<(String, Level)>,
    pub color: bool,
    pub paths: Vec<PathBuf>,
}

pub fn parse_check_args(args: &[String]) -> Result<CheckArgs, String> {
    let mut a = CheckArgs {
        format: Format::Human,
        all: false,
        config: None,
        rules: vec![],
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        paths: vec![],
    };
    let mut it = args.iter();
    while let Some(x) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("选项 {name} 需要一个值"))
        };
        match x.as_str() {
            "--format" => {
                a.format = match value("--format")?.as_str() {
                    "human" | "text" => Format::Human,
                    "json" => Format::Json,
                    f => return Err(format!("不支持的输出格式“{f}”（可用：human、json）")),
                }
            }
            s if s.starts_with("--format=") => {
                a.format = match &s[9..] {
                    "human" | "text" => Format::Human,
                    "json" => Format::Json,
                    f => return Err(format!("不支持的输出格式“{f}”（可用：human、json）")),
                }
            }
            "--all" => a.all = true,
            "--no-color" => a.color = false,
            "--config" => a.config = Some(PathBuf::from(value("--config")?)),
            "--rule" => {
                let v = value("--rule")?;
                let (id, level) = v.split_once('=').ok_or_else(|| {
                    format!("--rule 的写法是 规则=级别，如 empty-section=off（收到“{v}”）")
                })?;
                if gongwen::rules::info(id).is_none() {
                    return Err(format!("未知的规则 id “{id}”"));
                }
                let l = Level::parse(level).ok_or_else(|| {
                    format!("无效的级别“{level}”（可用：off、hint、information、warning、error）")
                })?;
                a.rules.push((id.to_string(), l));
            }
            "--" => a.paths.extend(it.by_ref().map(PathBuf::from)),
            s if s.starts_with("--") => return Err(format!("未知选项“{s}”")),
            s => a.paths.push(PathBuf::from(s)),
        }
    }
    if a.paths.is_empty() {
        return Err("请给出要检查的文件或文件夹".into());
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_errors_are_chinese() {
        let e = |v: &[&str]| {
            parse_check_args(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .err()
                .unwrap()
        };
        assert!(e(&[]).contains("请给出"));
        assert!(e(&["--format", "xml", "a"]).contains("不支持的输出格式"));
        assert!(e(&["--rule", "nope=off", "a"]).contains("未知的规则"));
        assert!(e(&["--rule", "empty-section", "a"]).contains("规则=级别"));
        assert!(e(&["--bogus", "a"]).contains("未知选项"));
        let ok = parse_check_args(&[
            "--format=json".into(),
            "--rule".into(),
            "empty-section=off".into(),
            "x".into(),
        ])
        .unwrap();
        assert!(ok.format == Format::Json && ok.rules.len() == 1 && ok.paths.len() == 1);
    }
}
