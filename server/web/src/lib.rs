//! gongwen-web: the gongwen engine as a WebAssembly module for the offline page
//! (`scripts/build-web` → `target/web/gongwen-check.html`) and for anything else that runs
//! JavaScript (a WPS or Word add-in, node).
//!
//! The interface is a raw C ABI, no bindgen: the caller allocates two buffers in the module's
//! memory ([`ffi::gongwen_alloc`]), writes the text (UTF-8) and a request (JSON) into them, calls
//! [`ffi::gongwen_run`] and reads the JSON answer from [`ffi::gongwen_output_ptr`] /
//! [`ffi::gongwen_output_len`]. `server/web/js/gongwen.js` wraps this for JavaScript; docs/web.md
//! documents both.
//!
//! Requests (`op`):
//! - `check` — exactly one file of `gongwen-ls check --format json`;
//! - `view` — the page's model: that file plus positions in UTF-16 units, the outline with the
//!   statutory items, the arithmetic behind figure findings, the available one-click fixes;
//! - `fix` — apply a one-click fix ([`fix`]) and return the new text;
//! - `explain` — how the figure at a UTF-16 offset was read and checked;
//! - `skeleton` — the report skeleton as plain text and as a snippet with tab stops (needs
//!   `options.today`: WebAssembly has no clock);
//! - `info` — the engine's version, its rules and the profiles (kinds of report) with their
//!   statutory items;
//! - `selftest` — `{"unwinds": true}` when a panic is caught rather than aborting the module;
//! - `fileKind` — what a file name's extension (`ext`) says: `docx`, `text`, or `unsupported`
//!   with the Chinese message saying what to do (.doc, .wps, .pdf…);
//! - `docx` — the input is the bytes of a Word document, not text: its text as the engine checks
//!   it, with where each line came from ([`gongwen_docx`]).

pub mod ffi;
pub mod fix;
pub mod options;
pub mod report_json;
pub mod utf16;
pub mod view;

use serde::Deserialize;
use serde_json::{json, Value};

use options::WebOptions;

/// A request: which operation, with the check options and the operation's own arguments.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub op: String,
    #[serde(default)]
    pub options: Option<Value>,
    #[serde(default)]
    pub fix: Option<fix::FixRequest>,
    /// For `explain`: a UTF-16 offset into the text.
    #[serde(default)]
    pub offset: Option<usize>,
    /// For `fileKind`: a file name's extension, without the dot.
    #[serde(default)]
    pub ext: Option<String>,
}

/// Answer a request whose input is bytes: a Word document for `docx`, UTF-8 text otherwise.
/// The answer is JSON text (what the module returns).
pub fn run_bytes(input: &[u8], request: &str) -> Result<String, String> {
    let req: Request = serde_json::from_str(request).map_err(|e| format!("请求有误：{e}"))?;
    if req.op == "docx" {
        let doc = gongwen_docx::read(input).map_err(|e| e.to_string())?;
        return Ok(json!({
            "text": doc.text,
            "places": doc.places.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        })
        .to_string());
    }
    let text = std::str::from_utf8(input)
        .map_err(|e| format!("文本不是有效的 UTF-8（第 {} 字节处）", e.valid_up_to()))?;
    run_request(text, req).map(Answer::into_json)
}

/// Answer a request about `text`, as a value. Errors are Chinese messages for the drafter.
pub fn run(text: &str, request: &str) -> Result<Value, String> {
    let req: Request = serde_json::from_str(request).map_err(|e| format!("请求有误：{e}"))?;
    run_request(text, req).map(Answer::into_value)
}

/// An answer: a value, or JSON already serialised.
pub enum Answer {
    Value(Value),
    Json(String),
}

impl Answer {
    pub fn into_json(self) -> String {
        match self {
            Answer::Value(v) => v.to_string(),
            Answer::Json(s) => s,
        }
    }
    pub fn into_value(self) -> Value {
        match self {
            Answer::Value(v) => v,
            Answer::Json(s) => serde_json::from_str(&s).unwrap_or_default(),
        }
    }
}

fn run_request(text: &str, req: Request) -> Result<Answer, String> {
    let opts = match req.options {
        Some(v) => serde_json::from_value::<WebOptions>(v).map_err(|e| format!("选项有误：{e}"))?,
        None => WebOptions::default(),
    };
    let r = opts.resolve()?;
    if req.op == "check" {
        // serialised as the CLI serialises it (field order included)
        let c = report_json::check(text, &r);
        return Ok(Answer::Json(report_json::file_json(text, &r, &c)));
    }
    let v: Result<Value, String> = match req.op.as_str() {
        "view" => {
            let c = report_json::check(text, &r);
            let file = report_json::file_value_json(text, &r, &c);
            Ok(view::view(text, &c, file))
        }
        "fix" => {
            let f = req.fix.as_ref().ok_or("fix 请求缺少 fix 参数")?;
            let done = fix::apply(text, &r, f)?;
            Ok(json!({"text": done.text, "applied": done.applied}))
        }
        "explain" => {
            let at = req.offset.ok_or("explain 请求缺少 offset 参数")?;
            let an = report_json::check(text, &r).analysis;
            let b = utf16::Utf16Index::new(text).byte(at);
            let fig = an.is_report().then(|| an.figures.at(b)).flatten();
            Ok(json!({
                "explain": fig.map(|f| gongwen::ide::figures::describe(&an.figures, text, f)),
            }))
        }
        "skeleton" => {
            // the first profile selected: with none chosen, the first built-in one (法治政府建设)
            let today = r
                .today
                .ok_or("生成报告框架需要今天的日期（options.today，YYYY-MM-DD）")?;
            let snippet = gongwen::template::skeleton(&r.profiles[0], today);
            Ok(json!({
                "text": gongwen::profile::snippet::render_plain(&snippet),
                "snippet": snippet,
            }))
        }
        "info" => Ok(json!({
            "version": gongwen::VERSION,
            "rules": gongwen::rules::all().iter().map(|rule| {
                let i = rule.info();
                json!({
                    "id": i.id,
                    "name": i.name,
                    "severity": i.default_severity.as_str(),
                    "summary": i.summary_zh,
                })
            }).collect::<Vec<_>>(),
            "profiles": r.profiles.iter().map(|p| json!({
                "id": p.id,
                "name": p.name,
                "items": p.items.iter().enumerate().map(|(n, i)| json!({
                    "id": i.id,
                    "name": i.name,
                    "ordinal": view::ordinal(n),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })),
        // Proves that a panic unwinds and is caught in this build (with panic=abort, one bug in
        // one rule would abort every check in the browser); resume_unwind skips the panic hook.
        "selftest" => {
            let caught = std::panic::catch_unwind(|| std::panic::resume_unwind(Box::new(0u8)));
            Ok(json!({"unwinds": caught.is_err()}))
        }
        "fileKind" => {
            let ext = req.ext.as_deref().unwrap_or("");
            Ok(match gongwen_docx::kind_of_extension(ext) {
                gongwen_docx::Kind::Docx => json!({"kind": "docx"}),
                gongwen_docx::Kind::Unsupported(why) => {
                    json!({"kind": "unsupported", "message": why})
                }
                gongwen_docx::Kind::Other => json!({"kind": "text"}),
            })
        }
        op => Err(format!(
            "未知的操作“{op}”（可用：check、view、fix、explain、skeleton、info、docx、fileKind）"
        )),
    };
    v.map(Answer::Value)
}

#[cfg(test)]
mod tests;
