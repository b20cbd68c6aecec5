//! The batch checker: `gongwen-ls check PATH…` for reviewers who receive dozens of reports.
//!
//! Exit status: 0 when no error-level finding, 1 when there is at least one, 2 when a file could
//! not be read or the command line is wrong.
//!
//! - [`args`]: the command line of `check`;
//! - [`walk`]: the files under the given paths;
//! - [`check`]: reading, analysing (in parallel) and reporting;
//! - [`human`] and [`json`]: the output formats;
//! - [`fix`]: `gongwen-ls fix`, the safe fixes written back to the files;
//! - [`console`]: colours in a terminal (and in the Windows console).
//!
//! Output never panics: a closed stdout (`gongwen-ls check … | head`) ends the command quietly
//! with status 0, any other write error is reported on stderr with status 2.

use std::ffi::OsString;
use std::io::{ErrorKind, Write};

mod args;
mod batch;
mod check;
mod console;
mod fix;
mod human;
mod json;
mod output;
mod progress;
mod read;
pub(crate) mod review;
mod walk;

pub(crate) const HELP: &str = "gongwen-ls — 法治政府建设年度报告检查工具

用法：
  gongwen-ls [--stdio]              作为语言服务器运行（编辑器调用）
  gongwen-ls check [选项] 路径…      检查报告文件或文件夹（.txt / .md / .docx）
  gongwen-ls fix [--diff] 路径…      改正 .txt / .md 中的半角标点和编号并写回文件（--diff 只显示
                                    修改）；详见 fix --help
  gongwen-ls profile [id]           输出内置的报告配置（默认为法治政府建设年度报告，可复制后修改）
  gongwen-ls profile --list         列出内置的报告配置（报告种类）
  gongwen-ls rules [--format json]  列出全部检查规则、默认级别和说明
  gongwen-ls --version              显示版本

check 选项：
  --format 格式         输出格式：human（默认）、json、html（每份报告一页审核意见和汇总页，
                        需用 -o 指定文件夹）、csv（每份报告一行，Excel/WPS 可直接打开）、sarif
  -o 路径               写入文件（html 为文件夹），默认输出到屏幕
  --min-severity 级别   human、json 只逐条列出该级别及以上的问题：error、warning、information、
                        hint（或 错误、警告、信息、提示；默认 human 为 information，json 为 hint）；
                        最后的汇总总是计入全部级别
  --all                 不论是否识别为年度报告，都按报告检查
  --config 文件         使用指定的 .gongwen.toml（默认从当前目录向上查找）
  --rule 规则=级别      调整规则级别，如 --rule empty-section=off（可多次使用）
  --previous 文件       与指定的上一年度报告比对（不指定时，每份报告自动与同一文件夹中
                        本单位上一年度的报告比对）
  --no-color            不使用颜色
  -h, --help            显示本说明

退出码：0 无错误级问题；1 有错误级问题；2 文件无法读取或参数有误。
";

/// Run the CLI with `args` (without the program name). Returns the exit code.
///
/// Arguments stay `OsString`s: a file name that is not valid Unicode (a GBK name unpacked from
/// an archive made on Windows, on a Linux desk) must still name its file.
pub fn run(args: Vec<OsString>) -> i32 {
    let command = args.first().map(|a| a.to_string_lossy().into_owned());
    match command.as_deref() {
        Some("check") => check::check(&args[1..]),
        Some("fix") => fix::fix(&args[1..]),
        Some("profile") => profile(&text(&args[1..])),
        Some("rules") => rules(&text(&args[1..])),
        Some("--version" | "-V" | "version") => {
            print(&format!("gongwen-ls {}\n", gongwen::VERSION))
        }
        Some("--help" | "-h" | "help") => print(HELP),
        Some(other) => {
            eprintln!("gongwen-ls：未知命令“{other}”\n\n{HELP}");
            2
        }
        None => 0,
    }
}

/// Arguments that are not paths, as text.
fn text(args: &[OsString]) -> Vec<String> {
    args.iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

/// `gongwen-ls profile [--list | ID]`: list the built-in profiles, or print one's TOML.
fn profile(args: &[String]) -> i32 {
    use gongwen::profile::{builtin, BUILTIN_PROFILE_TOMLS};
    match args.first().map(String::as_str) {
        Some("--list" | "-l") => {
            let list: String = builtin()
                .iter()
                .map(|p| format!("{}\t{}\t{}\n", p.id, p.name, p.regulation))
                .collect();
            print(&list)
        }
        None => print(BUILTIN_PROFILE_TOMLS[0]),
        Some(id) => match builtin().iter().position(|p| p.id == id) {
            Some(i) => print(BUILTIN_PROFILE_TOMLS[i]),
            None => {
                let ids: Vec<&str> = builtin().iter().map(|p| p.id.as_str()).collect();
                eprintln!(
                    "gongwen-ls profile：没有 id 为“{id}”的内置报告配置（可用：{}）",
                    ids.join("、")
                );
                2
            }
        },
    }
}

/// `gongwen-ls rules [--format json]`: the rule registry, for users and for the documentation
/// and extension checks in tests/tests/registry.rs.
fn rules(args: &[String]) -> i32 {
    let registry = gongwen::rules::registry();
    let json = match args {
        [] => false,
        [f, v] if f == "--format" && v == "json" => true,
        [f] if f == "--format=json" => true,
        _ => {
            eprintln!("gongwen-ls rules：用法为 gongwen-ls rules [--format json]");
            return 2;
        }
    };
    if json {
        let v: Vec<serde_json::Value> = registry
            .iter()
            .map(|r| {
                let mut v = serde_json::to_value(r).unwrap_or_default();
                v["doc"] = gongwen::rules::doc_url(r.id).into();
                v
            })
            .collect();
        print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        ))
    } else {
        let table: String = registry
            .iter()
            .map(|r| {
                format!(
                    "{:<20}{}  {}\n",
                    r.id,
                    r.default_severity.zh(),
                    r.summary_zh
                )
            })
            .collect();
        print(&table)
    }
}

/// Write `s` to stdout (`print!` panics when stdout is closed).
pub(crate) fn print(s: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    exit_status(
        out.write_all(s.as_bytes())
            .and_then(|()| out.flush())
            .map(|()| 0),
    )
}

/// The exit status of a command that wrote its output: its own status; 0 when stdout was closed
/// by the reader (nobody wants the rest); 2 with a message for any other write error.
pub(crate) fn exit_status(written: std::io::Result<i32>) -> i32 {
    match written {
        Ok(status) => status,
        Err(e) if e.kind() == ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("gongwen-ls：无法写出结果：{e}");
            2
        }
    }
}
