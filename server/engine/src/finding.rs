//! What rules produce: findings with byte spans, Chinese messages and optional fixes.

use serde::{Deserialize, Serialize};

use crate::text::Span;

/// How serious a finding is. `Off` is only used in configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    #[serde(alias = "info")]
    Information,
    Warning,
    Error,
}

impl Severity {
    /// The Chinese label, the same everywhere (CLI, docs, editor): 错误 / 警告 / 信息 / 提示.
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Information => "信息",
            Severity::Hint => "提示",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

/// A severity setting from configuration: a severity, or `off` to silence a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    /// Parse `off`, `hint`, `information`/`info`, `warning`/`warn`, `error`, or the Chinese
    /// severity names 提示 / 信息 / 警告 / 错误 (the ones shown everywhere) and 关闭.
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "off" | "none" | "false" | "关闭" => Level::Off,
            "hint" | "提示" | "建议" => Level::On(Severity::Hint),
            "information" | "info" | "信息" => Level::On(Severity::Information),
            "warning" | "warn" | "警告" => Level::On(Severity::Warning),
            "error" | "错误" => Level::On(Severity::Error),
            _ => return None,
        })
    }
}

/// One text replacement, in byte offsets of the analysed text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

/// A fix the user can apply: a set of non-overlapping edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, in Chinese ("插入“存在的不足和原因”").
    pub title: String,
    pub edits: Vec<Edit>,
    /// The one obvious fix for the finding.
    pub preferred: bool,
}

/// Which document a related location points into. The engine knows documents only by their
/// role; the front end maps them to files (the LSP to URIs, the CLI to paths).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Doc {
    /// The document analysed.
    #[default]
    This,
    /// Last year's report it was compared with ([`crate::yoy::Baseline`]).
    Previous,
}

impl Doc {
    pub fn is_this(&self) -> bool {
        *self == Doc::This
    }
}

/// A secondary location that explains a finding (the parts of a sum, the earlier statement,
/// last year's paragraph).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Byte span in the text of `doc`.
    pub span: Span,
    pub message: String,
    #[serde(skip_serializing_if = "Doc::is_this")]
    pub doc: Doc,
}

/// What a rule reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The stable rule id (`missing-section`).
    pub rule: &'static str,
    pub severity: Severity,
    pub span: Span,
    /// The message shown to the drafter, in Chinese.
    pub message: String,
    /// Machine-readable details (`{"section": "plan"}`), carried into the LSP diagnostic.
    #[serde(skip_serializing_if = "serde_json::Value::is_null")]
    pub data: serde_json::Value,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Fix>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity,
            span,
            message: message.into(),
            data: serde_json::Value::Null,
            fixes: vec![],
            related: vec![],
        }
    }
    pub fn with_data(mut self, data: serde_json::Value) -> Self {
        self.data = data;
        self
    }
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
            doc: Doc::This,
        });
        self
    }
    /// A related location in last year's report.
    pub fn with_related_previous(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
            doc: Doc::Previous,
        });
        self
    }
}

/// Apply non-overlapping edits to `text`.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_parsing() {
        assert_eq!(Level::parse("OFF"), Some(Level::Off));
        assert_eq!(Level::parse("info"), Some(Level::On(Severity::Information)));
        assert_eq!(Level::parse(" warn "), Some(Level::On(Severity::Warning)));
        assert_eq!(Level::parse("错误"), Some(Level::On(Severity::Error)));
        // the Chinese names are those of Severity::zh
        for sev in [
            Severity::Hint,
            Severity::Information,
            Severity::Warning,
            Severity::Error,
        ] {
            assert_eq!(Level::parse(sev.zh()), Some(Level::On(sev)));
        }
        assert_eq!(Level::parse("loud"), None);
    }

    #[test]
    fn severity_order_and_serde() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Information);
        let s: Severity = serde_json::from_str("\"info\"").unwrap();
        assert_eq!(s, Severity::Information);
        assert_eq!(serde_json::to_string(&Severity::Hint).unwrap(), "\"hint\"");
    }
}
