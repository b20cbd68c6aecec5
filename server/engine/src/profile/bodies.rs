//! Reporting bodies (`[[bodies]]` in the profile): who writes the report decides which key
//! indicators a reviewer expects to see quantified. A county government reports its
//! 行政复议 and 重大行政决策; a 司法局 its 人民调解 and 法律援助; a 市场监管局 the 行政复议 and
//! 行政诉讼 cases brought against it; a township neither 规范性文件 (it issues none) nor
//! 行政复议 (it decides none).
//!
//! Each body has `cues`, regular expressions matched against the title, then the signature's
//! organ lines, then the opening's first sentence (see [`crate::detect`]); the first body of the
//! list whose cue matches a source decides. `indicators` lists the indicator ids checked in that
//! body's reports (all when absent), `core` the ids that must be quantified somewhere in the
//! report (the indicators' own `core` flags when absent).

use regex::Regex;
use serde::Deserialize;

use super::catalog::Catalog;

/// A kind of reporting body.
#[derive(Debug, Clone)]
pub struct Body {
    pub id: String,
    /// Chinese name for messages and hovers: 乡镇（街道）.
    pub name: String,
    pub cues: Vec<Regex>,
    /// Indices into `Catalog::indicators` checked in this body's reports (None: all).
    pub indicators: Option<Vec<usize>>,
    /// Indices of the indicators that must be quantified somewhere (None: the catalog's `core`).
    pub core: Option<Vec<usize>>,
}

impl Body {
    /// Is indicator `k` checked at all in this body's reports?
    pub fn checks(&self, k: usize) -> bool {
        self.indicators.as_ref().is_none_or(|v| v.contains(&k))
    }

    /// Is indicator `k` one that must be quantified somewhere in the report?
    pub fn is_core(&self, cat: &Catalog, k: usize) -> bool {
        match &self.core {
            Some(v) => v.contains(&k),
            None => cat.indicators.get(k).is_some_and(|i| i.core),
        }
    }

    /// Does one of the cues match `s`?
    pub fn matches(&self, s: &str) -> bool {
        self.cues.iter().any(|r| r.is_match(s))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBody {
    id: String,
    name: String,
    cues: Vec<String>,
    #[serde(default)]
    indicators: Option<Vec<String>>,
    #[serde(default)]
    core: Option<Vec<String>>,
}

/// Validate the `[[bodies]]` of a profile against its indicator catalog.
pub(super) fn from_raw(raw: Vec<RawBody>, cat: &Catalog) -> Result<Vec<Body>, String> {
    let mut out: Vec<Body> = vec![];
    let ids = |b: &RawBody, list: &Option<Vec<String>>, key: &str| -> Result<_, String> {
        let Some(list) = list else { return Ok(None) };
        let mut v = vec![];
        for id in list {
            let k = cat
                .indicators
                .iter()
                .position(|i| &i.id == id)
                .ok_or_else(|| {
                    format!(
                        "报告配置文件中报告主体“{}”的 {key} 引用了不存在的指标“{id}”",
                        b.id
                    )
                })?;
            v.push(k);
        }
        Ok(Some(v))
    };
    for b in raw {
        if out.iter().any(|x| x.id == b.id) {
            return Err(format!("报告配置文件中报告主体 id “{}” 重复", b.id));
        }
        if b.cues.is_empty() {
            return Err(format!(
                "报告配置文件中报告主体“{}”没有识别式（cues）",
                b.id
            ));
        }
        let mut cues = vec![];
        for c in &b.cues {
            cues.push(Regex::new(c).map_err(|e| {
                format!("报告配置文件中报告主体“{}”的识别式 `{c}` 有误：{e}", b.id)
            })?);
        }
        let indicators = ids(&b, &b.indicators, "indicators")?;
        let core = ids(&b, &b.core, "core")?;
        out.push(Body {
            id: b.id,
            name: b.name,
            cues,
            indicators,
            core,
        });
    }
    Ok(out)
}
