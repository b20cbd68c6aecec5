//! The report profile: everything the engine knows about one kind of report, as data — how to
//! recognise it, which statutory items it must contain and the role each plays, how to recognise
//! them, the skeleton and templates to insert, and the figure rules' vocabulary. Loaded from
//! TOML; the built-in profiles (`templates/*.toml`) are embedded in the binary, and detection
//! picks the one a document is (see [`builtin`]).
//!
//! Rules never test an item's id: they ask for the items of a [`Role`].

use std::sync::{Arc, LazyLock};

use regex::Regex;
use serde::Deserialize;

use crate::finding::Severity;
use crate::words::WordSet;

pub mod bodies;
pub mod catalog;
pub mod snippet;

/// The embedded default profile source (法治政府建设年度报告).
pub const DEFAULT_PROFILE_TOML: &str = include_str!("../../../../templates/fazhi-zhengfu.toml");

/// Every built-in profile source, the default first.
pub const BUILTIN_PROFILE_TOMLS: &[&str] = &[
    DEFAULT_PROFILE_TOML,
    include_str!("../../../../templates/zhengfu-xinxi-gongkai.toml"),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
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
    skeleton: Skeleton,
    /// The figure rules' tables, read by [`catalog::Catalog::from_tables`].
    #[serde(default)]
    figures: Option<toml::Value>,
    #[serde(default)]
    indicators: Option<toml::Value>,
    #[serde(default)]
    documents: Option<toml::Value>,
    #[serde(default)]
    comparison: RawComparison,
    #[serde(default)]
    bodies: Vec<bodies::RawBody>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComparison {
    #[serde(default)]
    boilerplate: Vec<String>,
    #[serde(default)]
    terms: Vec<Vec<String>>,
    #[serde(default)]
    progress_cues: Vec<String>,
}

/// The words the year-over-year rules read (`[comparison]` in the profile): set phrases ignored
/// when paragraphs are compared, the vocabulary last year's plan is matched by, and the words by
/// which a restated shortcoming says what was done about it.
#[derive(Debug, Clone, Default)]
pub struct CompareWords {
    /// Set phrases every report repeats (the political formula of the opening …).
    pub boilerplate: WordSet,
    /// Groups of words naming one subject of the work (synonyms), for matching plan items.
    pub terms: Vec<Vec<String>>,
    /// Every word of `terms`, found overlapping (建立法律援助 holds 法律援助 even if a list had
    /// 立法); word `k` belongs to group `term_group[k]`.
    pub term_words: Option<aho_corasick::AhoCorasick>,
    pub term_group: Vec<usize>,
    /// Words saying what was done about a shortcoming (虽经, 已整改, 有所改善 …).
    pub progress_cues: WordSet,
}

impl CompareWords {
    fn new(raw: RawComparison) -> Result<CompareWords, String> {
        let mut words = vec![];
        let mut group = vec![];
        for (g, ws) in raw.terms.iter().enumerate() {
            if ws.iter().all(|w| w.trim().is_empty()) {
                return Err(format!(
                    "报告配置文件 [comparison] 的第 {} 组 terms 为空",
                    g + 1
                ));
            }
            for w in ws.iter().filter(|w| !w.trim().is_empty()) {
                words.push(w.trim().to_string());
                group.push(g);
            }
        }
        let term_words = if words.is_empty() {
            None
        } else {
            Some(
                aho_corasick::AhoCorasick::new(&words)
                    .map_err(|e| format!("报告配置文件 [comparison] 的 terms 无法使用：{e}"))?,
            )
        };
        Ok(CompareWords {
            boilerplate: WordSet::new(&raw.boilerplate),
            term_words,
            term_group: group,
            terms: raw.terms,
            progress_cues: WordSet::new(&raw.progress_cues),
        })
    }

    /// The term groups named in `s`, sorted, each once.
    pub fn groups_in(&self, s: &str) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .term_words
            .iter()
            .flat_map(|ac| ac.find_overlapping_iter(s))
            .map(|m| self.term_group[m.pattern().as_usize()])
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The word of term group `g` that `s` names (the group's first word when none), as shown
    /// in messages.
    pub fn term_in<'s>(&'s self, g: usize, s: &str) -> &'s str {
        let ws = &self.terms[g];
        ws.iter()
            .find(|w| s.contains(w.as_str()))
            .or(ws.first())
            .map_or("", String::as_str)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDetect {
    keywords: Vec<String>,
    /// What a title or opening must say, for the "not recognised" message.
    hint: String,
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
    role: Role,
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

/// What a statutory item is, for the rules. A profile for another kind of report gives each of
/// its items the role whose behaviour fits, or `generic`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// What was done in the report year: its figures are results, a year in its heading is the
    /// report year, and when it has no heading the body before the next item counts as it.
    Measures,
    /// Shortcomings and their causes (`missing-cause`); a heading year is the report year.
    Problems,
    /// A duty discharged in the report year (第一责任人): results, like `measures`.
    Duties,
    /// The next year's arrangements: a heading year is the year after; figures are targets.
    Plan,
    /// Anything else to report; figures are remarks, not results.
    Other,
    /// Required, recognised and templated, with no further behaviour.
    Generic,
}

impl Role {
    /// The year a heading of this item names, relative to the report year.
    pub fn heading_year_offset(self) -> Option<i32> {
        match self {
            Role::Measures | Role::Problems | Role::Duties => Some(0),
            Role::Plan => Some(1),
            Role::Other | Role::Generic => None,
        }
    }

    /// Are the figures of this item the report year's results (compared with each other when
    /// restated), rather than targets or remarks?
    pub fn figures_are_results(self) -> bool {
        !matches!(self, Role::Plan | Role::Other)
    }

    /// Is this item an account of the year's achievements (where next year's dates are wrong
    /// and key indicators are expected to be quantified)?
    pub fn is_achievements(self) -> bool {
        matches!(self, Role::Measures | Role::Duties)
    }

    /// Is this item expected to hold figures (the year's results), so that an item without
    /// any is worth pointing out (the code lens "本部分没有数字")?
    pub fn expects_figures(self) -> bool {
        self.is_achievements()
    }

    /// When one heading matches the cues of several items, the more specific role wins (lower
    /// first): 其他 and 第一责任人 are narrower than 问题, which is narrower than 安排.
    pub fn heading_priority(self) -> u8 {
        match self {
            Role::Other => 0,
            Role::Duties => 1,
            Role::Problems => 2,
            Role::Plan => 3,
            Role::Measures | Role::Generic => 4,
        }
    }
}

/// A statutory item of the report.
#[derive(Debug, Clone)]
pub struct Item {
    /// Stable English id (measures, problems, duties, plan, other in the default profile); the
    /// `data.section` of `missing-section`.
    pub id: String,
    pub role: Role,
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

/// The whole report as a template (completion and the insert-skeleton command). `{Y}` is the
/// report year (a tab stop, mirrored wherever it appears); the opening is in LSP snippet syntax
/// with tab stops from 1.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skeleton {
    pub title: String,
    pub addressee: String,
    pub opening: String,
    pub closing: String,
    pub signature: String,
}

/// A loaded, validated profile.
#[derive(Debug, Clone)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub regulation: String,
    pub detect_keywords: Vec<String>,
    /// What a title or opening must say to be recognised (for messages).
    pub detect_hint: String,
    pub items: Vec<Item>,
    pub cause_cues: Vec<String>,
    pub snippets: Vec<Snippet>,
    pub skeleton: Skeleton,
    /// The figure rules' data (`[figures]`, `[[indicators]]`, `[[documents]]`).
    pub figures: catalog::Catalog,
    /// The year-over-year rules' words (`[comparison]`).
    pub comparison: CompareWords,
    /// The kinds of reporting body, in the order they are tried (`[[bodies]]`).
    pub bodies: Vec<bodies::Body>,
    /// Every item's heading cues in one automaton; pattern `k` is `heading_cue_of[k]`
    /// = (item index, cue index).
    pub heading_cues: aho_corasick::AhoCorasick,
    pub heading_cue_of: Vec<(usize, usize)>,
    /// The same cues as a quick test of whether a heading holds any (a pasted draft's run-in
    /// headings are whole paragraphs: 140 KB of titles in 60 000 characters, few with a cue).
    /// None when a cue is shorter than four bytes.
    pub heading_cue_filter: Option<crate::text_search::AnyOf>,
}

impl Profile {
    /// Parse and validate a profile. Errors are Chinese sentences naming the problem.
    pub fn from_toml(src: &str) -> Result<Profile, String> {
        let raw: RawProfile = toml::from_str(src).map_err(|e| toml_error(src, &e))?;
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
                role: it.role,
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
        let figures = catalog::Catalog::from_tables(
            raw.figures.as_ref(),
            raw.indicators.as_ref(),
            raw.documents.as_ref(),
        )?;
        let comparison = CompareWords::new(raw.comparison)?;
        let bodies = bodies::from_raw(raw.bodies, &figures)?;
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
        let heading_cue_filter = crate::text_search::AnyOf::new(
            heading_cue_of
                .iter()
                .map(|&(i, c)| items[i].heading_cues[c].as_str()),
        );
        Ok(Profile {
            heading_cues,
            heading_cue_filter,
            heading_cue_of,
            id: raw.id,
            name: raw.name,
            regulation: raw.regulation,
            detect_keywords: raw.detect.keywords,
            detect_hint: raw.detect.hint,
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
            skeleton: raw.skeleton,
            figures,
            comparison,
            bodies,
        })
    }

    /// The embedded default profile (法治政府建设年度报告).
    pub fn default_profile() -> Arc<Profile> {
        builtin()[0].clone()
    }

    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|i| i.id == id)
    }

    /// The indices of the items playing `role`, in profile order.
    pub fn items_with(&self, role: Role) -> impl Iterator<Item = usize> + '_ {
        self.items
            .iter()
            .enumerate()
            .filter(move |(_, it)| it.role == role)
            .map(|(i, _)| i)
    }

    /// Does `title` hold any item's heading cue? False exactly when
    /// `heading_cues.find_overlapping_iter(title)` finds nothing, at a fraction of its cost.
    pub fn heading_holds_cue(&self, title: &str) -> bool {
        match &self.heading_cue_filter {
            Some(f) => f.in_text(title),
            None => self.heading_cues.is_match(title),
        }
    }

    /// The first item playing `role`.
    pub fn item_of(&self, role: Role) -> Option<usize> {
        self.items_with(role).next()
    }

    /// The indices of the items whose role satisfies `pred`.
    pub fn items_where(&self, pred: impl Fn(Role) -> bool) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| pred(self.items[i].role))
            .collect()
    }
}

/// The built-in profiles, the default (法治政府建设年度报告) first. Detection tries them in this
/// order.
pub fn builtin() -> &'static [Arc<Profile>] {
    static ALL: LazyLock<Vec<Arc<Profile>>> = LazyLock::new(|| {
        BUILTIN_PROFILE_TOMLS
            .iter()
            .map(|src| Arc::new(Profile::from_toml(src).expect("embedded profile is valid")))
            .collect()
    });
    &ALL
}

/// The built-in profile with this id.
pub fn builtin_by_id(id: &str) -> Option<Arc<Profile>> {
    builtin().iter().find(|p| p.id == id).cloned()
}

/// A TOML error as a Chinese sentence naming the line, and the key when one is unknown; never
/// the file's contents.
fn toml_error(src: &str, e: &toml::de::Error) -> String {
    let line = e
        .span()
        .map(|s| src[..s.start.min(src.len())].matches('\n').count() + 1);
    let msg = e.message();
    let at = line.map_or(String::new(), |l| format!("第 {l} 行："));
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        let expected = rest
            .split_once("expected ")
            .map(|(_, x)| x.replace('`', ""))
            .map_or(String::new(), |x| {
                format!(
                    "（可用：{}）",
                    x.replace(" or ", "、")
                        .replace(", ", "、")
                        .replace("one of ", "")
                )
            });
        return format!("报告配置文件{at}未知的设置“{key}”{expected}");
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or("");
        return format!("报告配置文件{at}缺少设置“{key}”");
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let v = rest.split('`').next().unwrap_or("");
        let expected = rest
            .split_once("expected ")
            .map(|(_, x)| x.replace('`', ""))
            .map_or(String::new(), |x| {
                format!(
                    "（可用：{}）",
                    x.replace(" or ", "、")
                        .replace(", ", "、")
                        .replace("one of ", "")
                )
            });
        return format!("报告配置文件{at}取值“{v}”无效{expected}");
    }
    format!("报告配置文件格式有误：{at}{}", msg.trim())
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

    #[test]
    fn unknown_keys_are_rejected_with_their_line() {
        let typo = DEFAULT_PROFILE_TOML.replacen("[skeleton]", "[skeletom]", 1);
        let e = Profile::from_toml(&typo).unwrap_err();
        assert!(e.contains("未知的设置“skeletom”"), "{e}");
        let line = DEFAULT_PROFILE_TOML[..DEFAULT_PROFILE_TOML.find("[skeleton]").unwrap()]
            .matches('\n')
            .count()
            + 1;
        assert!(e.contains(&format!("第 {line} 行")), "{e}");
        let item_typo =
            DEFAULT_PROFILE_TOML.replacen("paragraph_near_end = true", "near_end = true", 1);
        let e = Profile::from_toml(&item_typo).unwrap_err();
        assert!(e.contains("未知的设置“near_end”"), "{e}");
        let bad_role = DEFAULT_PROFILE_TOML.replacen("role = \"plan\"", "role = \"plans\"", 1);
        let e = Profile::from_toml(&bad_role).unwrap_err();
        assert!(
            e.contains("取值“plans”无效") && e.contains("generic"),
            "{e}"
        );
        // never the contents of the file
        let e = Profile::from_toml("secret = \"PASSWORD=hunter2\"\n").unwrap_err();
        assert!(!e.contains("hunter2"), "{e}");
    }

    #[test]
    fn comparison_words_are_data() {
        let p = Profile::default_profile();
        let c = &p.comparison;
        assert!(c
            .boilerplate
            .is_match("坚持以习近平新时代中国特色社会主义思想为指导"));
        let groups = c.groups_in("推进智慧司法所建设，开展法治宣传");
        let names: Vec<&str> = groups
            .iter()
            .map(|&g| c.term_in(g, "推进智慧司法所建设，开展法治宣传"))
            .collect();
        assert_eq!(names, ["法治宣传", "司法所"]);
        assert!(c.progress_cues.is_match("虽经招录"));
        let typo = DEFAULT_PROFILE_TOML.replacen("progress_cues = [", "progres_cues = [", 1);
        let e = Profile::from_toml(&typo).unwrap_err();
        assert!(e.contains("未知的设置“progres_cues”"), "{e}");
        let empty = DEFAULT_PROFILE_TOML.replacen("  [\"双随机\"],", "  [\"\"],", 1);
        assert!(Profile::from_toml(&empty)
            .unwrap_err()
            .contains("terms 为空"));
        // a profile without the section compares paragraphs but matches no plan
        let g = builtin_by_id("zhengfu-xinxi-gongkai").unwrap();
        assert!(g.comparison.terms.is_empty());
    }

    #[test]
    fn builtin_profiles_and_roles() {
        let ids: Vec<&str> = builtin().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["fazhi-zhengfu-niandu", "zhengfu-xinxi-gongkai"]);
        let p = Profile::default_profile();
        for it in &p.items {
            // in the default profile each item's role is named like the item
            assert_eq!(serde_json::to_value(it.role).unwrap(), it.id.as_str());
        }
        assert_eq!(p.item_of(Role::Plan), p.item_index("plan"));
        let g = builtin_by_id("zhengfu-xinxi-gongkai").unwrap();
        assert_eq!(g.items.len(), 6);
        assert!(
            g.cause_cues.is_empty(),
            "disclosure reports are not asked for causes"
        );
        assert_eq!(g.items_with(Role::Generic).count(), 3);
    }
}
