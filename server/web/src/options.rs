//! The options a caller passes with the text (`window.gongwen.check(text, options)`), resolved
//! into what the engine takes. Mirrors `gongwen-ls check`: `path` decides Markdown like a file
//! name does, `all` is `--all`, `rules` is `--rule id=level`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use serde::Deserialize;

use gongwen::analysis::Options;
use gongwen::finding::Level;
use gongwen::profile::{builtin, builtin_by_id, Profile};

/// The options as JSON (camelCase keys). Unknown keys are an error, so that a misspelt option
/// is not silently ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct WebOptions {
    /// The file name, echoed in the result's `path`; a `.md`/`.markdown`/`.mdx` name makes the
    /// text Markdown unless `markdown` says otherwise.
    pub path: Option<String>,
    /// The encoding the caller decoded the file from, echoed in the result's `encoding`
    /// (default `UTF-8`).
    pub encoding: Option<String>,
    pub markdown: Option<bool>,
    /// Check the text even if it does not look like a report (`--all`).
    pub all: bool,
    /// Severity by rule id: `off`, `hint`, `information`, `warning`, `error`.
    pub rules: HashMap<String, String>,
    /// A profile (TOML, the format of `templates/*.toml`) to use instead of the built-in ones.
    pub profile: Option<String>,
    /// The id of the built-in profile to check every text as (`fazhi-zhengfu-niandu`), instead
    /// of detecting the kind of report among the built-in ones.
    pub profile_id: Option<String>,
    /// Last year's report (its text), for the year-over-year rules (`copied-text`,
    /// `plan-followup`, `yoy-figure`, `problems-repeat`), as `check --previous FILE` gives it.
    pub previous: Option<String>,
    /// The name of last year's report (shown in the result's `previous`; `.md` makes it Markdown).
    pub previous_path: Option<String>,
    /// Today's date as `YYYY-MM-DD` (the page passes the browser's date: WebAssembly has no
    /// clock). Only the report skeleton uses it.
    pub today: Option<String>,
}

/// Options resolved for the engine.
pub struct Resolved {
    pub path: String,
    pub encoding: String,
    /// The kinds of report to detect among (the engine uses the first that matches).
    pub profiles: Vec<Arc<Profile>>,
    pub levels: HashMap<String, Level>,
    pub markdown: bool,
    pub all: bool,
    pub previous: Option<String>,
    pub previous_path: String,
    pub today: Option<(i32, u32, u32)>,
}

impl Resolved {
    pub fn engine(&self) -> Options<'_> {
        Options {
            profiles: &self.profiles,
            levels: Some(&self.levels),
            markdown: self.markdown,
            force_report: self.all,
            parallel: false,
            beside_done: None,
        }
    }
}

thread_local! {
    /// The last custom profile parsed, by its source: the page calls with the same options on
    /// every keystroke and parsing a profile compiles its regexes.
    static PROFILE_CACHE: RefCell<Option<(String, Arc<Profile>)>> = const { RefCell::new(None) };
}

/// The profiles selected as `.gongwen.toml` selects them: a built-in one by id, a profile's text,
/// or (neither) every built-in one.
fn profiles(src: Option<&str>, id: Option<&str>) -> Result<Vec<Arc<Profile>>, String> {
    if let Some(id) = id {
        return builtin_by_id(id)
            .map(|p| vec![p])
            .ok_or_else(|| format!("没有 id 为“{id}”的内置报告配置"));
    }
    match src {
        Some(src) => parsed_profile(src).map(|p| vec![p]),
        None => Ok(builtin().to_vec()),
    }
}

fn parsed_profile(src: &str) -> Result<Arc<Profile>, String> {
    PROFILE_CACHE.with(|c| {
        if let Some((s, p)) = &*c.borrow() {
            if s == src {
                return Ok(p.clone());
            }
        }
        let p = Arc::new(Profile::from_toml(src).map_err(|e| format!("报告配置有误：{e}"))?);
        *c.borrow_mut() = Some((src.to_string(), p.clone()));
        Ok(p)
    })
}

pub(crate) fn is_markdown_name(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(ext.to_ascii_lowercase().as_str(), "md" | "markdown" | "mdx")
}

fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let mut it = s.trim().splitn(3, '-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

impl WebOptions {
    /// Parse options JSON; an empty string means no options.
    pub fn parse(json: &str) -> Result<WebOptions, String> {
        if json.trim().is_empty() {
            return Ok(WebOptions::default());
        }
        serde_json::from_str(json).map_err(|e| format!("选项有误：{e}"))
    }

    pub fn resolve(&self) -> Result<Resolved, String> {
        let mut levels = HashMap::new();
        for (id, level) in &self.rules {
            if gongwen::rules::info(id).is_none() {
                return Err(format!("未知的规则 id “{id}”"));
            }
            let l = Level::parse(level).ok_or_else(|| {
                format!(
                    "规则 {id} 的级别“{level}”无效（可用：off、hint、information、warning、error）"
                )
            })?;
            levels.insert(id.clone(), l);
        }
        let today = match &self.today {
            Some(s) => {
                Some(parse_date(s).ok_or_else(|| format!("today 应写成 YYYY-MM-DD（收到“{s}”）"))?)
            }
            None => None,
        };
        let path = self.path.clone().unwrap_or_default();
        Ok(Resolved {
            markdown: self.markdown.unwrap_or_else(|| is_markdown_name(&path)),
            path,
            encoding: self.encoding.clone().unwrap_or_else(|| "UTF-8".into()),
            profiles: profiles(self.profile.as_deref(), self.profile_id.as_deref())?,
            levels,
            all: self.all,
            previous: self.previous.clone().filter(|p| !p.trim().is_empty()),
            previous_path: self.previous_path.clone().unwrap_or_default(),
            today,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_cli() {
        let r = WebOptions::parse("").unwrap().resolve().unwrap();
        assert_eq!((r.path.as_str(), r.encoding.as_str()), ("", "UTF-8"));
        assert!(!r.markdown && !r.all && r.levels.is_empty() && r.today.is_none());
        let md = WebOptions::parse(r#"{"path":"草稿.MD"}"#).unwrap();
        assert!(md.resolve().unwrap().markdown);
        let forced = WebOptions::parse(r#"{"path":"a.md","markdown":false,"all":true}"#).unwrap();
        let f = forced.resolve().unwrap();
        assert!(!f.markdown && f.all);
    }

    #[test]
    fn rule_levels_and_dates_are_validated_in_chinese() {
        let ok = WebOptions::parse(
            r#"{"rules":{"punct-width":"off","numbering":"error"},"today":"2025-03-01"}"#,
        )
        .unwrap()
        .resolve()
        .unwrap();
        assert_eq!(ok.levels["punct-width"], Level::Off);
        assert_eq!(ok.today, Some((2025, 3, 1)));
        let err = |j: &str| {
            WebOptions::parse(j)
                .and_then(|o| o.resolve())
                .err()
                .unwrap()
        };
        assert!(err(r#"{"rules":{"nope":"off"}}"#).contains("未知的规则"));
        assert!(err(r#"{"rules":{"numbering":"loud"}}"#).contains("无效"));
        assert!(err(r#"{"today":"March"}"#).contains("YYYY-MM-DD"));
        assert!(err(r#"{"colour":true}"#).contains("选项有误"));
        assert!(err(r#"{"profile":"items = 3"}"#).contains("报告配置有误"));
        assert!(err(r#"{"profileId":"nope"}"#).contains("内置报告配置"));
        let one = WebOptions::parse(r#"{"profileId":"fazhi-zhengfu-niandu"}"#).unwrap();
        assert_eq!(one.resolve().unwrap().profiles.len(), 1);
        assert_eq!(ok.profiles.len(), builtin().len());
    }
}
