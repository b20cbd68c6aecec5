//! The figure rules' profile data, read from the profile's own top-level tables:
//!
//! - `[figures]`: which rates may exceed 100% (完成率), which words make a percentage a change
//!   rather than a level (同比增长), and `[[figures.rates]]`: for each kind of rate, the words
//!   that name its numerator and its base (办结率 = 办结 ÷ 受理/收到);
//! - `[[indicators]]`: the indicators a report is expected to quantify, with synonyms, and which
//!   of them are core (rule `missing-metric`);
//! - `[[documents]]`: documents cited with a year range in their title and the editions that
//!   exist (rule `year-mismatch`).
//!
//! Errors are Chinese sentences naming the table and the problem.

use serde::Deserialize;

use crate::text_search::Words;
use crate::words::{OverlapSet, WordSet};

/// An indicator of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    /// Words that mean the indicator is being discussed (行政复议, 复议).
    pub synonyms: Vec<String>,
    /// A report that never quantifies a core indicator gets a finding.
    pub core: bool,
    /// Which figures are expected, for messages (收案数、审结数、纠错率).
    pub hint: String,
}

/// A document cited with its period in the title: 《法治政府建设实施纲要（2021—2025年）》.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    /// The periods of the editions that exist.
    pub editions: Vec<(i32, i32)>,
}

impl Document {
    /// The edition in force in `year`.
    pub fn edition_for(&self, year: i32) -> Option<(i32, i32)> {
        self.editions
            .iter()
            .copied()
            .find(|&(a, b)| a <= year && year <= b)
    }
}

/// How one kind of rate is computed: 办结率 = 办结 ÷ 受理.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateDef {
    pub names: Vec<String>,
    pub numerators: Vec<String>,
    /// Counts that may be added to the numerator (优秀 for 合格率).
    pub addends: Vec<String>,
    pub bases: Vec<String>,
}

/// A breakdown that is complete when every member is named: 企业 + 个体工商户 + 农民专业合作社
/// are all the 市场主体. A 其中 list naming each member once must add up to its total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    /// Each member, as the words that name it.
    pub members: Vec<Vec<String>>,
    /// Words the total's subject must contain (empty: any total).
    pub totals: Vec<String>,
}

/// The figure rules' data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    pub indicators: Vec<Indicator>,
    pub documents: Vec<Document>,
    pub rates: Vec<RateDef>,
    /// Every word of every rate definition, found in one pass over a subject.
    pub rate_words: OverlapSet,
    /// For each word of `rate_words`: the rates (bit k for `rates[k]`) it is a numerator of, a
    /// base of, an addend of.
    pub rate_word_kinds: Vec<[u64; 3]>,
    pub partitions: Vec<Partition>,
    /// Rates that may legitimately exceed 100% (完成率).
    pub may_exceed_100: Vec<String>,
    /// Words that make a percentage a change, not a level (同比增长, 提高, 下降).
    pub change_words: WordSet,
    /// Every synonym of every indicator, found by first character.
    pub synonyms: Words,
    /// For each word of `synonyms`, the index of its indicator.
    pub synonym_of: Vec<usize>,
}

/// `[[figures.rates]]`: every name ends with 率, numerators are given.
fn read_rates(raw: Vec<RawRate>) -> Result<Vec<RateDef>, String> {
    let mut rates = vec![];
    for (i, r) in raw.into_iter().enumerate() {
        if r.names.is_empty() || r.names.iter().any(|n| !n.ends_with('率')) {
            return Err(format!(
                "报告配置文件 [[figures.rates]] 第 {} 项：names 不能为空，且每个名称都应以“率”结尾",
                i + 1
            ));
        }
        if r.numerators.iter().all(|w| w.trim().is_empty()) {
            return Err(format!(
                "报告配置文件 [[figures.rates]] 第 {} 项（{}）：numerators 不能为空",
                i + 1,
                r.names[0]
            ));
        }
        rates.push(RateDef {
            names: r.names,
            numerators: r.numerators,
            addends: r.addends,
            bases: r.bases,
        });
    }
    Ok(rates)
}

/// `[[figures.partitions]]`: at least two members of at least one word each.
fn read_partitions(raw: Vec<RawPartition>) -> Result<Vec<Partition>, String> {
    let mut partitions = vec![];
    for (i, p) in raw.into_iter().enumerate() {
        if p.members.len() < 2
            || p.members
                .iter()
                .any(|m| m.iter().all(|w| w.trim().is_empty()))
        {
            return Err(format!(
                    "报告配置文件 [[figures.partitions]] 第 {} 项：members 至少要有两项，每项至少一个词",
                    i + 1
                ));
        }
        partitions.push(Partition {
            members: p.members,
            totals: p.totals,
        });
    }
    Ok(partitions)
}

/// `[[indicators]]`: unique ids, each with recognition words.
fn read_indicators(raw: Vec<RawIndicator>) -> Result<Vec<Indicator>, String> {
    let mut indicators: Vec<Indicator> = vec![];
    for ind in raw {
        if indicators.iter().any(|x| x.id == ind.id) {
            return Err(format!("报告配置文件中指标 id “{}” 重复", ind.id));
        }
        let synonyms: Vec<String> = ind
            .synonyms
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect();
        if synonyms.is_empty() {
            return Err(format!(
                "报告配置文件中指标“{}”没有识别词（synonyms）",
                ind.name
            ));
        }
        indicators.push(Indicator {
            id: ind.id,
            name: ind.name,
            synonyms,
            core: ind.core,
            hint: ind.hint,
        });
    }
    Ok(indicators)
}

/// `[[documents]]`: titles without 《》, with the year ranges of their editions.
fn read_documents(raw: Vec<RawDocument>) -> Result<Vec<Document>, String> {
    let mut documents = vec![];
    for d in raw {
        if d.title.trim().is_empty() || d.title.contains(['《', '》']) {
            return Err(format!(
                "报告配置文件 [[documents]] 的 title “{}” 应是不带书名号和年份的文件名",
                d.title
            ));
        }
        let mut editions = vec![];
        for e in &d.editions {
            editions.push(parse_period(e).ok_or_else(|| {
                format!(
                    "报告配置文件中《{}》的版本年份“{e}”无法识别，应写作“2021—2025”",
                    d.title
                )
            })?);
        }
        if editions.is_empty() {
            return Err(format!(
                "报告配置文件中《{}》没有列出任何版本年份（editions）",
                d.title
            ));
        }
        documents.push(Document {
            title: d.title,
            editions,
        });
    }
    Ok(documents)
}

/// The rate words, with a bit set per rate each one names a numerator, base or addend of.
fn rate_word_index(rates: &[RateDef]) -> Result<(Vec<String>, Vec<[u64; 3]>), String> {
    let mut rate_words: Vec<String> = vec![];
    let mut rate_word_kinds: Vec<[u64; 3]> = vec![];
    if rates.len() > 64 {
        return Err("报告配置文件 [[figures.rates]] 最多 64 项".to_string());
    }
    for (k, r) in rates.iter().enumerate() {
        for (kind, list) in [&r.numerators, &r.bases, &r.addends]
            .into_iter()
            .enumerate()
        {
            for w in list.iter().filter(|w| !w.is_empty()) {
                let at = match rate_words.iter().position(|x| x == w) {
                    Some(at) => at,
                    None => {
                        rate_words.push(w.clone());
                        rate_word_kinds.push([0; 3]);
                        rate_words.len() - 1
                    }
                };
                rate_word_kinds[at][kind] |= 1 << k;
            }
        }
    }
    Ok((rate_words, rate_word_kinds))
}

impl Catalog {
    /// The indicators named in `s`, in order of first mention: (indicator, start, end).
    pub fn mentions<'a>(&'a self, s: &'a str) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        self.synonyms
            .find_iter(s)
            .map(|(w, a, b)| (self.synonym_of[w], a, b))
    }
}

#[derive(Debug, Default, Deserialize)]
struct RawTables {
    #[serde(default)]
    figures: Option<RawFigures>,
    #[serde(default)]
    indicators: Vec<RawIndicator>,
    #[serde(default)]
    documents: Vec<RawDocument>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFigures {
    #[serde(default)]
    may_exceed_100: Vec<String>,
    #[serde(default)]
    change_words: Vec<String>,
    #[serde(default)]
    rates: Vec<RawRate>,
    #[serde(default)]
    partitions: Vec<RawPartition>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPartition {
    members: Vec<Vec<String>>,
    #[serde(default)]
    totals: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRate {
    names: Vec<String>,
    numerators: Vec<String>,
    #[serde(default)]
    addends: Vec<String>,
    #[serde(default)]
    bases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: String,
    name: String,
    synonyms: Vec<String>,
    #[serde(default)]
    core: bool,
    #[serde(default)]
    hint: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    title: String,
    editions: Vec<String>,
}

/// Parse "2021—2025" (any dash, also 2021-2025年).
fn parse_period(s: &str) -> Option<(i32, i32)> {
    let s = s.trim().trim_end_matches('年');
    let k = s.find(|c: char| !c.is_ascii_digit())?;
    let a: i32 = s[..k].parse().ok()?;
    let rest = s[k..].trim_start_matches(['—', '–', '-', '－', '~', '～', '至']);
    let b: i32 = rest.trim_end_matches('年').parse().ok()?;
    (1900..=2100).contains(&a).then_some(())?;
    (a <= b && b <= 2100).then_some((a, b))
}

impl Catalog {
    /// Read the catalog from the profile's `[figures]`, `[[indicators]]` and `[[documents]]`
    /// tables. Absent tables give an empty catalog.
    pub fn from_tables(
        figures: Option<&toml::Value>,
        indicators: Option<&toml::Value>,
        documents: Option<&toml::Value>,
    ) -> Result<Catalog, String> {
        let mut relevant = toml::Table::new();
        for (key, v) in [
            ("figures", figures),
            ("indicators", indicators),
            ("documents", documents),
        ] {
            if let Some(v) = v {
                relevant.insert(key.to_string(), v.clone());
            }
        }
        let raw: RawTables = toml::Value::Table(relevant).try_into().map_err(|e| {
            format!("报告配置文件中数字检查的配置（[figures]、[[indicators]]、[[documents]]）格式有误：{e}")
        })?;
        let fig = raw.figures.unwrap_or_default();
        let rates = read_rates(fig.rates)?;
        let partitions = read_partitions(fig.partitions)?;
        let indicators = read_indicators(raw.indicators)?;
        let documents = read_documents(raw.documents)?;
        let (rate_words, rate_word_kinds) = rate_word_index(&rates)?;
        let mut words = vec![];
        let mut synonym_of = vec![];
        for (k, ind) in indicators.iter().enumerate() {
            for w in &ind.synonyms {
                words.push(w.clone());
                synonym_of.push(k);
            }
        }
        Ok(Catalog {
            indicators,
            documents,
            rates,
            rate_words: OverlapSet::new(rate_words),
            rate_word_kinds,
            partitions,
            may_exceed_100: fig.may_exceed_100,
            change_words: WordSet::new(fig.change_words),
            synonyms: Words::new(words),
            synonym_of,
        })
    }

    /// The rate definition for a rate name: exact name first, then the longest name the rate's
    /// name ends with (按期办结率 → 办结率).
    pub fn rate(&self, name: &str) -> Option<&RateDef> {
        self.rate_index(name).map(|k| &self.rates[k])
    }

    /// [`Catalog::rate`] as an index into `rates`.
    pub fn rate_index(&self, name: &str) -> Option<usize> {
        self.rates
            .iter()
            .position(|r| r.names.iter().any(|n| n == name))
            .or_else(|| {
                self.rates
                    .iter()
                    .enumerate()
                    .filter_map(|(k, r)| {
                        r.names
                            .iter()
                            .filter(|n| name.ends_with(n.as_str()))
                            .map(|n| n.len())
                            .max()
                            .map(|l| (l, k))
                    })
                    .max_by_key(|(l, _)| *l)
                    .map(|(_, k)| k)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{Profile, DEFAULT_PROFILE_TOML};

    #[test]
    fn embedded_profile_has_the_catalog() {
        let p = Profile::default_profile();
        let c = &p.figures;
        for id in ["review", "litigation", "normative", "decision", "hotline"] {
            assert!(c.indicators.iter().any(|i| i.id == id), "{id}");
        }
        let core: Vec<&str> = c
            .indicators
            .iter()
            .filter(|i| i.core)
            .map(|i| i.id.as_str())
            .collect();
        assert!(
            core.contains(&"review") && core.contains(&"litigation"),
            "{core:?}"
        );
        let gangyao = c
            .documents
            .iter()
            .find(|d| d.title == "法治政府建设实施纲要")
            .expect("纲要 in the table");
        assert_eq!(gangyao.edition_for(2023), Some((2021, 2025)));
        assert!(c
            .documents
            .iter()
            .any(|d| d.title == "法治社会建设实施纲要" && d.editions == [(2020, 2025)]));
        assert!(c
            .documents
            .iter()
            .any(|d| d.title == "法治中国建设规划" && d.editions == [(2020, 2025)]));
        assert!(c.rate("办结率").is_some());
        assert_eq!(
            c.rate("按期办结率").map(|r| &r.names),
            c.rate("办结率").map(|r| &r.names)
        );
        assert!(c.may_exceed_100.iter().any(|w| w == "完成率"));
        // bases named per rate (出庭应诉率 on the cases requiring appearance), addends, partitions
        let court = c.rate("负责人出庭应诉率").expect("出庭应诉率");
        assert!(court.bases.iter().any(|b| b == "开庭审理"));
        assert!(!court.bases.iter().any(|b| b == "应诉" || b == "案件"));
        let correction = c.rate("复议纠错率").expect("纠错率");
        assert!(correction.bases.iter().any(|b| b == "审结"));
        assert!(!correction.bases.iter().any(|b| b == "受理"));
        assert_eq!(
            c.rate("案卷合格率").map(|r| &r.addends[0][..]),
            Some("优秀")
        );
        assert!(c
            .partitions
            .iter()
            .any(|p| p.members.len() == 3 && p.totals.iter().any(|t| t == "市场主体")));
        assert!(c.change_words.words().iter().any(|w| w == "增长"));
        let named: Vec<&str> = c
            .mentions("受理行政复议案件，负责人出庭应诉率")
            .map(|(k, _, _)| c.indicators[k].id.as_str())
            .collect();
        assert_eq!(named, ["review", "litigation"]);
    }

    #[test]
    fn periods() {
        assert_eq!(parse_period("2021—2025"), Some((2021, 2025)));
        assert_eq!(parse_period("2021-2025年"), Some((2021, 2025)));
        assert_eq!(parse_period("2025—2021"), None);
        assert_eq!(parse_period("二〇二一"), None);
    }

    #[test]
    fn invalid_tables_are_rejected_in_chinese() {
        let bad_doc = format!(
            "{DEFAULT_PROFILE_TOML}\n[[documents]]\ntitle = \"某规划\"\neditions = [\"2021到后年\"]\n"
        );
        let e = Profile::from_toml(&bad_doc).unwrap_err();
        assert!(e.contains("版本年份") && e.contains("某规划"), "{e}");
        let bad_ind = format!(
            "{DEFAULT_PROFILE_TOML}\n[[indicators]]\nid = \"x\"\nname = \"某指标\"\nsynonyms = []\n"
        );
        let e = Profile::from_toml(&bad_ind).unwrap_err();
        assert!(e.contains("没有识别词"), "{e}");
        let dup = format!(
            "{DEFAULT_PROFILE_TOML}\n[[indicators]]\nid = \"review\"\nname = \"复议\"\nsynonyms = [\"复议\"]\n"
        );
        assert!(Profile::from_toml(&dup).unwrap_err().contains("重复"));
        let typo = DEFAULT_PROFILE_TOML.replacen("may_exceed_100 = [", "may_exceed_10 = [", 1);
        assert!(Profile::from_toml(&typo).unwrap_err().contains("格式有误"));
        let bad_partition =
            format!("{DEFAULT_PROFILE_TOML}\n[[figures.partitions]]\nmembers = [[\"企业\"]]\n");
        assert!(Profile::from_toml(&bad_partition)
            .unwrap_err()
            .contains("至少要有两项"));
        let bad_rate = DEFAULT_PROFILE_TOML.replacen("names = [\"办结率\"", "names = [\"办结\"", 1);
        assert!(Profile::from_toml(&bad_rate)
            .unwrap_err()
            .contains("以“率”结尾"));
    }

    #[test]
    fn a_profile_without_the_tables_has_an_empty_catalog() {
        let c = Catalog::from_tables(None, None, None).unwrap();
        assert_eq!(c, Catalog::default());
    }
}
