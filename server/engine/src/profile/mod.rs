//! The report profile: which statutory items a report must contain, how to recognise them, and
//! the templates to insert. Loaded from TOML; the default (`templates/fazhi-zhengfu.toml`) is
//! embedded in the binary.

use std::sync::{Arc, LazyLock};

use regex::Regex;
use serde::Deserialize;

use crate::finding::Severity;

pub mod catalog;
pub mod snippet;

/// The embedded default profile source.
pub const DEFAULT_PROFILE_TOML: &str = include_str!("../../../../templates/fazhi-zhengfu.toml");

#[derive(Debug, Deserialize)]
struct RawProfile {
    id: String,
    name: String,
    #[serde(default)]
    regulation: String,
    detect: RawDetect,
    items: Vec<RawItem>,
    #[serde(default)]
    causes: RawCauses,
    #[serde(default)]
    snippets: Vec<Snippet>,
    /// Sections owned by later rule families (figures, indicators …) are kept as raw TOML so
    /// that they can be read by the modules that understand them.
    #[serde(flatten)]
    extra: toml::Table,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDetect {
    keywords: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCauses {
    cues: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    name: String,
    full_name: String,
    severity: Severity,
    heading_cues: Vec<String>,
    #[serde(default)]
    paragraph_cues: Vec<String>,
    #[serde(default)]
    paragraph_near_end: bool,
    #[serde(default)]
    nest_under: Vec<String>,
    #[serde(default)]
    keys: Vec<String>,
    heading: String,
    heading_plain: String,
    body: String,
}

/// A statutory item of the report.
#[derive(Debug, Clone)]
pub struct Item {
    /// Stable English id: measures, problems, duties, plan, other.
    pub id: String,
    /// Short Chinese name: 存在的不足和原因.
    pub name: String,
    /// The regulation's wording.
    pub full_name: String,
    /// Severity of `missing-section` for this item.
    pub severity: Severity,
    pub heading_cues: Vec<String>,
    pub paragraph_cues: Vec<Regex>,
    pub paragraph_near_end: bool,
    /// Indices of items under whose headings this one may nest.
    pub nest_under: Vec<usize>,
    pub keys: Vec<String>,
    /// Heading template with `{Y}` / `{Y1}` year tokens.
    pub heading: String,
    /// Heading used when the report year is unknown.
    pub heading_plain: String,
    /// Body in LSP snippet syntax (tab stops from 1).
    pub body: String,
}

impl Item {
    /// The heading text for a report of `year`.
    pub fn heading_for(&self, year: Option<i32>) -> String {
        match year {
            Some(y) => self
                .heading
                .replace("{Y1}", &(y + 1).to_string())
                .replace("{Y}", &y.to_string()),
            None if self.heading.contains('{') => self.heading_plain.clone(),
            None => self.heading.clone(),
        }
    }
}

/// A non-item snippet (closing, signature, indicator sentences …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snippet {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub keys: Vec<String>,
    /// LSP snippet syntax; `{TODAY}` becomes today's date (2025年1月20日).
    pub body: String,
}

/// A loaded, validated profile.
#[derive(Debug, Clone)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub regulation: String,
    pub detect_keywords: Vec<String>,
    pub items: Vec<Item>,
    pub cause_cues: Vec<String>,
    pub snippets: Vec<Snippet>,
    /// Tables this module does not interpret (read by other rule families).
    pub extra: toml::Table,
    /// The figure rules' data (`[figures]`, `[[indicators]]`, `[[documents]]`), parsed from
    /// `extra` by [`crate::profile::catalog`] when the profile is loaded.
    pub figures: crate::profile::catalog::Catalog,
    /// Every item's heading cues in one automaton; pattern `k` is `heading_cue_of[k]`
    /// = (item index, cue index).
    pub heading_cues: aho_corasick::AhoCorasick,
    pub heading_cue_of: Vec<(usize, usize)>,
}

impl Profile {
    /// Parse and validate a profile. Errors are Chinese sentences naming the problem.
    pub fn from_toml(src: &str) -> Result<Profile, String> {
        let raw: RawProfile =
            toml::from_str(src).map_err(|e| format!("报告配置文件格式有误：{e}"))?;
        let ids: Vec<String> = raw.items.iter().map(|i| i.id.clone()).collect();
        for (i, id) in ids.iter().enumerate() {
            if ids[..i].contains(id) {
                return Err(format!("报告配置文件中事项 id “{id}” 重复"));
            }
        }
        let mut items = Vec::with_capacity(raw.items.len());
        for it in raw.items {
            let mut cues = Vec::new();
            for c in &it.paragraph_cues {
                cues.push(Regex::new(c).map_err(|e| {
                    format!("报告配置文件中事项“{}”的段落识别式 `{c}` 有误：{e}", it.id)
                })?);
            }
            let mut nest = Vec::new();
            for n in &it.nest_under {
                let k = ids.iter().position(|x| x == n).ok_or_else(|| {
                    format!("事项“{}”的 nest_under 引用了不存在的事项“{n}”", it.id)
                })?;
                nest.push(k);
            }
            if it.heading_cues.is_empty() {
                return Err(format!("事项“{}”没有标题识别词（heading_cues）", it.id));
            }
            items.push(Item {
                id: it.id,
                name: it.name,
                full_name: it.full_name,
                severity: it.severity,
                heading_cues: it.heading_cues,
                paragraph_cues: cues,
                paragraph_near_end: it.paragraph_near_end,
                nest_under: nest,
                keys: it.keys,
                heading: it.heading,
                heading_plain: it.heading_plain,
                body: it.body.trim_start_matches(['\n', '\r']).to_string(),
            });
        }
        if items.is_empty() {
            return Err("报告配置文件没有定义任何事项（items）".into());
        }
        let figures = crate::profile::catalog::Catalog::from_extra(&raw.extra)?;
        let heading_cue_of: Vec<(usize, usize)> = items
            .iter()
            .enumerate()
            .flat_map(|(i, it)| (0..it.heading_cues.len()).map(move |c| (i, c)))
            .collect();
        let heading_cues = aho_corasick::AhoCorasick::new(
            heading_cue_of
                .iter()
                .map(|&(i, c)| items[i].heading_cues[c].as_str()),
        )
        .map_err(|e| format!("报告配置文件中的标题识别词无法使用：{e}"))?;
        Ok(Profile {
            heading_cues,
            heading_cue_of,
            id: raw.id,
            name: raw.name,
            regulation: raw.regulation,
            detect_keywords: raw.detect.keywords,
            items,
            cause_cues: raw.causes.cues,
            snippets: raw
                .snippets
                .into_iter()
                .map(|mut s| {
                    s.body = s.body.trim_start_matches(['\n', '\r']).to_string();
                    s
                })
                .collect(),
            extra: raw.extra,
            figures,
        })
    }

    /// The embedded default profile.
    pub fn default_profile() -> Arc<Profile> {
        static DEFAULT: LazyLock<Arc<Profile>> = LazyLock::new(|| {
            Arc::new(Profile::from_toml(DEFAULT_PROFILE_TOML).expect("embedded profile is valid"))
        });
        DEFAULT.clone()
    }

    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|i| i.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_profile_loads_with_five_items_in_order() {
        let p = Profile::default_profile();
        let ids: Vec<&str> = p.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["measures", "problems", "duties", "plan", "other"]);
        assert_eq!(p.items[0].severity, Severity::Error);
        assert_eq!(p.items[2].severity, Severity::Warning);
        assert_eq!(p.items[4].severity, Severity::Information);
        assert!(p.snippets.iter().any(|s| s.id == "closing"));
    }

    #[test]
    fn each_item_heading_is_recognised_by_its_own_cues() {
        // A template inserted by a quick fix must satisfy the check that asked for it.
        let p = Profile::default_profile();
        for it in &p.items {
            for year in [Some(2024), None] {
                let h = it.heading_for(year);
                assert!(
                    it.heading_cues.iter().any(|c| h.contains(c.as_str())),
                    "{}: {h}",
                    it.id
                );
                assert!(!h.contains('{'), "{h}");
            }
        }
    }

    #[test]
    fn heading_years() {
        let p = Profile::default_profile();
        let plan = &p.items[p.item_index("plan").unwrap()];
        assert_eq!(
            plan.heading_for(Some(2024)),
            "2025年推进法治政府建设的主要安排"
        );
        assert_eq!(plan.heading_for(None), "下一年度推进法治政府建设的主要安排");
    }

    #[test]
    fn invalid_profiles_are_rejected_in_chinese() {
        assert!(Profile::from_toml("id = 1")
            .unwrap_err()
            .contains("格式有误"));
        let bad_regex =
            DEFAULT_PROFILE_TOML.replacen("paragraph_cues = []", "paragraph_cues = [\"(\"]", 1);
        assert!(Profile::from_toml(&bad_regex)
            .unwrap_err()
            .contains("段落识别式"));
    }
}
