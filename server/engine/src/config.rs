//! User configuration: which files are reports, per-rule severities, a custom profile.
//!
//! Two sources, merged: the workspace file `.gongwen.toml` (found in the workspace root, or for
//! the CLI in the current directory or any parent), and the editor's settings (the `gongwen`
//! section, sent as initializationOptions or via workspace/configuration). Editor rule settings
//! are applied over the file's; include globs are combined; a profile path in the editor wins.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::finding::Level;

/// The name of the workspace configuration file.
pub const CONFIG_FILE: &str = ".gongwen.toml";

#[derive(Debug, Clone)]
pub struct Config {
    /// Master switch: no diagnostics at all when false.
    pub enable: bool,
    /// Check files that look like a report (title or opening names 法治政府建设 and a year).
    pub auto_detect: bool,
    /// Globs of files that are always checked as reports.
    pub include: Vec<String>,
    /// Severity overrides by rule id.
    pub rules: HashMap<String, Level>,
    /// A profile TOML replacing the built-in ones.
    pub profile: Option<PathBuf>,
    /// A built-in profile chosen by id (`profile = "zhengfu-xinxi-gongkai"`): every document is
    /// checked as that kind of report instead of detecting the kind.
    pub profile_id: Option<String>,
    /// Last year's report (for rules comparing with it).
    pub previous_report: Option<PathBuf>,
    /// Show the code lenses above the statutory items (figures counted and checked).
    pub code_lens: bool,
    /// Show the inlay hints beside totals and rates (Σ 213, ≈99.15%).
    pub inlay_hints: bool,
    /// Problems found while reading the configuration, in Chinese, for the log.
    pub warnings: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            enable: true,
            auto_detect: true,
            include: vec![],
            rules: HashMap::new(),
            profile: None,
            profile_id: None,
            previous_report: None,
            code_lens: true,
            inlay_hints: true,
            warnings: vec![],
        }
    }
}

fn rule_levels(v: Option<&Value>, warnings: &mut Vec<String>, out: &mut HashMap<String, Level>) {
    let Some(Value::Object(map)) = v else {
        return;
    };
    for (rule, level) in map {
        let parsed = level.as_str().and_then(Level::parse).or(match level {
            Value::Bool(false) => Some(Level::Off),
            _ => None,
        });
        match parsed {
            Some(l) if crate::rules::info(rule).is_some() => {
                out.insert(rule.clone(), l);
            }
            Some(_) => warnings.push(format!("未知的规则 id “{rule}”，已忽略")),
            None => warnings.push(format!(
                "规则“{rule}”的级别“{}”无效（可用：off、hint、information、warning、error）",
                level
                    .as_str()
                    .map_or_else(|| level.to_string(), String::from)
            )),
        }
    }
}

/// A `profile` setting: the id of a built-in profile, or the path of a profile TOML (relative
/// paths resolved against `dir` when given).
fn set_profile(c: &mut Config, v: Option<&Value>, dir: Option<&Path>) {
    let Some(p) = non_empty_path(v) else {
        return;
    };
    let s = p.to_string_lossy();
    if crate::profile::builtin_by_id(&s).is_some() {
        c.profile_id = Some(s.into_owned());
    } else {
        c.profile = Some(match dir {
            Some(d) => d.join(p),
            None => p,
        });
    }
}

fn non_empty_path(v: Option<&Value>) -> Option<PathBuf> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(PathBuf::from)
}

impl Config {
    /// Read the editor settings (the `gongwen` section, or an object holding it under a
    /// `gongwen` key, as some editors send).
    pub fn from_settings(v: &Value) -> Config {
        let v = match v.get("gongwen") {
            Some(inner) if inner.is_object() => inner,
            _ => v,
        };
        let mut c = Config::default();
        if let Some(b) = v.get("enable").and_then(Value::as_bool) {
            c.enable = b;
        }
        if let Some(r) = v.get("reports") {
            if let Some(b) = r.get("autoDetect").and_then(Value::as_bool) {
                c.auto_detect = b;
            }
            if let Some(Value::Array(a)) = r.get("include") {
                c.include = a
                    .iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect();
            }
        }
        rule_levels(v.get("rules"), &mut c.warnings, &mut c.rules);
        set_profile(&mut c, v.pointer("/profile/path"), None);
        c.previous_report = non_empty_path(v.pointer("/previousReport/path"));
        if let Some(b) = v.pointer("/codeLens/enable").and_then(Value::as_bool) {
            c.code_lens = b;
        }
        if let Some(b) = v.pointer("/inlayHints/enable").and_then(Value::as_bool) {
            c.inlay_hints = b;
        }
        c
    }

    /// Read a `.gongwen.toml`; relative paths in it are resolved against its folder.
    pub fn from_toml(src: &str, dir: &Path) -> Result<Config, String> {
        let table: toml::Table =
            toml::from_str(src).map_err(|e| format!("{CONFIG_FILE} 格式有误：{e}"))?;
        let v = serde_json::to_value(&table).map_err(|e| e.to_string())?;
        let mut c = Config::default();
        for key in table.keys() {
            if !matches!(
                key.as_str(),
                "enable"
                    | "reports"
                    | "rules"
                    | "profile"
                    | "previous_report"
                    | "code_lens"
                    | "inlay_hints"
            ) {
                c.warnings
                    .push(format!("{CONFIG_FILE} 中有未知设置“{key}”，已忽略"));
            }
        }
        if let Some(b) = v.get("enable").and_then(Value::as_bool) {
            c.enable = b;
        }
        if let Some(r) = v.get("reports") {
            if let Some(b) = r.get("auto_detect").and_then(Value::as_bool) {
                c.auto_detect = b;
            }
            if let Some(Value::Array(a)) = r.get("include") {
                c.include = a
                    .iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect();
            }
        }
        rule_levels(v.get("rules"), &mut c.warnings, &mut c.rules);
        set_profile(&mut c, v.get("profile"), Some(dir));
        c.previous_report = non_empty_path(v.get("previous_report")).map(|p| dir.join(p));
        if let Some(b) = v.get("code_lens").and_then(Value::as_bool) {
            c.code_lens = b;
        }
        if let Some(b) = v.get("inlay_hints").and_then(Value::as_bool) {
            c.inlay_hints = b;
        }
        Ok(c)
    }

    /// Editor settings applied over a workspace file.
    pub fn merged(file: &Config, editor: &Config) -> Config {
        let mut c = file.clone();
        c.enable = file.enable && editor.enable;
        c.code_lens = file.code_lens && editor.code_lens;
        c.inlay_hints = file.inlay_hints && editor.inlay_hints;
        c.auto_detect = file.auto_detect && editor.auto_detect;
        for g in &editor.include {
            if !c.include.contains(g) {
                c.include.push(g.clone());
            }
        }
        for (k, v) in &editor.rules {
            c.rules.insert(k.clone(), *v);
        }
        if editor.profile.is_some() || editor.profile_id.is_some() {
            c.profile = editor.profile.clone();
            c.profile_id = editor.profile_id.clone();
        }
        if editor.previous_report.is_some() {
            c.previous_report = editor.previous_report.clone();
        }
        c.warnings.extend(editor.warnings.iter().cloned());
        c
    }

    /// Is `rel` (a path relative to the workspace root, `/`-separated) opted in by a glob?
    pub fn includes(&self, rel: &str) -> bool {
        !self.include.is_empty() && glob_set(&self.include).is_match(normalise(rel))
    }
}

/// Compile include globs (`**`, `*`, `?`, `[…]`, `{a,b}`; `*` never crosses a `/`). A glob
/// without `/` matches the file name in any folder. A backslash separates folders like `/`
/// (Windows users write `报告\\*.txt`), on every platform, so it escapes nothing. Invalid globs
/// are skipped.
pub fn glob_set<S: AsRef<str>>(globs: &[S]) -> globset::GlobSet {
    let mut b = globset::GlobSetBuilder::new();
    for g in globs {
        let g = g.as_ref().trim().replace('\\', "/");
        let g = g.trim_start_matches("./");
        let pattern = if g.contains('/') {
            g.to_string()
        } else {
            format!("**/{g}")
        };
        if let Ok(glob) = globset::GlobBuilder::new(&pattern)
            .literal_separator(true)
            .backslash_escape(false)
            .build()
        {
            b.add(glob);
        }
    }
    b.build().unwrap_or_else(|_| globset::GlobSet::empty())
}

/// Does `path` (relative to the workspace root) match `glob`?
pub fn glob_matches(glob: &str, path: &str) -> bool {
    glob_set(&[glob]).is_match(normalise(path))
}

/// `/`-separated, without a leading `./`.
fn normalise(path: &str) -> String {
    path.replace('\\', "/").trim_start_matches("./").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use serde_json::json;

    #[test]
    fn globs() {
        assert!(glob_matches("*.txt", "a/b/报告.txt"));
        assert!(glob_matches("报告/**/*.md", "报告/2024/县.md"));
        assert!(glob_matches("报告/**/*.md", "报告/县.md"));
        assert!(!glob_matches("报告/*.md", "报告/2024/县.md"));
        assert!(glob_matches("*报告*.{txt,md}", "x/关于2024年报告.md"));
        assert!(!glob_matches("*.txt", "README.md"));
        // Windows separators, in the glob or the path.
        assert!(glob_matches("报告\\**\\*.md", "报告/2024/县.md"));
        assert!(glob_matches("报告/*.txt", "报告\\县.txt"));
        assert!(!glob_matches("报告\\*.md", "报告/2024/县.md"));
    }

    #[test]
    fn editor_settings() {
        let c = Config::from_settings(&json!({
            "enable": true,
            "reports": {"autoDetect": false, "include": ["**/*.txt"]},
            "rules": {"missing-cause": false, "missing-section": "warning", "nope": "error", "empty-section": "loud"},
            "profile": {"path": " "},
            "previousReport": {"path": "/tmp/2023.txt"}
        }));
        assert!(!c.auto_detect);
        assert_eq!(
            c.rules.get("missing-section"),
            Some(&Level::On(Severity::Warning))
        );
        assert!(!c.rules.contains_key("nope"));
        assert_eq!(c.rules.get("missing-cause"), Some(&Level::Off));
        assert_eq!(c.warnings.len(), 2, "{:?}", c.warnings);
        assert_eq!(c.profile, None);
        assert_eq!(c.previous_report, Some(PathBuf::from("/tmp/2023.txt")));
    }

    #[test]
    fn code_lenses_and_inlay_hints_can_be_turned_off() {
        let d = Config::default();
        assert!(d.code_lens && d.inlay_hints);
        let e = Config::from_settings(&json!({"codeLens": {"enable": false}}));
        assert!(!e.code_lens && e.inlay_hints);
        let f = Config::from_toml("inlay_hints = false\n", Path::new("/ws")).unwrap();
        assert!(f.code_lens && !f.inlay_hints);
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        // either place turns them off
        let m = Config::merged(&f, &e);
        assert!(!m.code_lens && !m.inlay_hints);
    }

    #[test]
    fn settings_nested_under_the_section_name() {
        let c = Config::from_settings(
            &json!({"gongwen": {"rules": {"empty-section": "off"}, "enable": false}}),
        );
        assert!(!c.enable);
        assert_eq!(c.rules.get("empty-section"), Some(&Level::Off));
    }

    #[test]
    fn workspace_file_and_merge() {
        let f = Config::from_toml(
            "profile = \"my.toml\"\n[reports]\ninclude = [\"drafts/*.txt\"]\n[rules]\nempty-section = \"off\"\nmissing-cause = \"error\"\n",
            Path::new("/ws"),
        )
        .unwrap();
        assert_eq!(f.profile, Some(PathBuf::from("/ws/my.toml")));
        assert_eq!(f.rules.get("empty-section"), Some(&Level::Off));
        let e = Config::from_settings(
            &json!({"rules": {"missing-cause": "hint"}, "reports": {"include": ["x/*.md"]}}),
        );
        let m = Config::merged(&f, &e);
        assert_eq!(
            m.rules.get("missing-cause"),
            Some(&Level::On(Severity::Hint))
        );
        assert_eq!(m.rules.get("empty-section"), Some(&Level::Off));
        assert!(m.includes("drafts/a.txt") && m.includes("x/y.md") && !m.includes("y.md"));
        assert!(Config::from_toml("[rules", Path::new("/"))
            .unwrap_err()
            .contains("格式有误"));
    }
}
