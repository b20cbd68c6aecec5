//! The one-click fixes of the page, each a fix the editor already offers:
//!
//! - `punctuation` — 全部改正标点: document formatting ([`gongwen::ide::formatting`]);
//! - `numbering` — 重新编号: the `numbering` rule's fixes, applied pass by pass (a renumbering
//!   shifts the numbers after it) as long as each pass leaves fewer numbering findings;
//! - `missing` — 插入缺少的事项: the `missing-section` quick fix for one item, or for every
//!   missing item in turn;
//! - `finding` — one fix of one finding, as listed in the check result.
//!
//! Each takes the current text and returns the new text; the page then checks it again.

use std::collections::BTreeMap;

use serde::Deserialize;

use gongwen::analysis::{analyze, Analysis};
use gongwen::finding::{apply_edits, Edit, Fix};
use gongwen::ide::formatting::format_edits;

use crate::options::Resolved;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FixRequest {
    /// `punctuation`, `numbering`, `missing` or `finding`.
    pub kind: String,
    /// For `missing`: the item id (`problems`…), or `all`.
    #[serde(default)]
    pub item: Option<String>,
    /// For `finding`: the finding's index in the check result, the index of the fix, and the
    /// finding's `rule` and `byteOffset` (to make sure the text is the one that was checked).
    #[serde(default)]
    pub index: Option<usize>,
    #[serde(default)]
    pub fix: Option<usize>,
    #[serde(default)]
    pub rule: Option<String>,
    #[serde(default)]
    pub byte_offset: Option<usize>,
}

/// The new text and how many changes were made (edits for punctuation, fixes otherwise).
pub struct Fixed {
    pub text: String,
    pub applied: usize,
}

/// The insert-the-template fix of every missing statutory item, by item id.
pub fn missing_item_fixes(an: &Analysis) -> BTreeMap<String, &Fix> {
    an.findings
        .iter()
        .filter(|f| f.rule == "missing-section")
        .filter_map(|f| Some((f.data.str("section")?, f.fixes.first()?)))
        .collect()
}

const NOT_A_REPORT: &str = "未识别为法治政府建设年度报告，没有可改正之处";

/// The analysis the page showed: with last year's report when one was given (the findings'
/// indices must match).
fn analysed(text: &str, r: &Resolved) -> Result<Analysis, String> {
    let an = crate::report_json::check(text, r).analysis;
    if an.is_report() {
        Ok(an)
    } else {
        Err(NOT_A_REPORT.into())
    }
}

pub fn apply(text: &str, r: &Resolved, req: &FixRequest) -> Result<Fixed, String> {
    match req.kind.as_str() {
        "punctuation" => {
            let an = analysed(text, r)?;
            let edits = format_edits(text, &an.outline, None);
            Ok(Fixed {
                text: apply_edits(text, &edits),
                applied: edits.len(),
            })
        }
        "numbering" => renumber(text, r),
        "missing" => {
            let item = req.item.as_deref().unwrap_or("all");
            insert_missing(text, r, item)
        }
        "finding" => {
            let an = analysed(text, r)?;
            let (Some(i), Some(rule), Some(at)) = (req.index, &req.rule, req.byte_offset) else {
                return Err("改正单处问题需要 index、rule 和 byteOffset".into());
            };
            let f = an
                .findings
                .get(i)
                .filter(|f| f.rule == rule && f.span.start == at)
                .ok_or("文本已经改变，请等检查结果更新后再试")?;
            let fx = f
                .fixes
                .get(req.fix.unwrap_or(0))
                .ok_or("这处问题没有这一项改正")?;
            Ok(Fixed {
                text: apply_edits(text, &fx.edits),
                applied: 1,
            })
        }
        k => Err(format!(
            "未知的改正类型“{k}”（可用：punctuation、numbering、missing、finding）"
        )),
    }
}

fn numbering_findings(an: &Analysis) -> usize {
    an.findings.iter().filter(|f| f.rule == "numbering").count()
}

/// Apply the numbering fixes, pass by pass: in each pass every fix whose edits do not overlap an
/// earlier one's. A pass is kept only if it leaves fewer numbering findings.
fn renumber(text: &str, r: &Resolved) -> Result<Fixed, String> {
    let mut cur = text.to_string();
    let mut an = analysed(&cur, r)?;
    let mut applied = 0;
    for _ in 0..32 {
        let mut taken: Vec<Edit> = vec![];
        let mut n = 0;
        for f in an.findings.iter().filter(|f| f.rule == "numbering") {
            let Some(fx) = f.fixes.iter().find(|x| x.preferred).or(f.fixes.first()) else {
                continue;
            };
            let clash = fx.edits.iter().any(|e| {
                taken
                    .iter()
                    .any(|t| t.span.overlaps(e.span) || t.span == e.span)
            });
            if !clash {
                taken.extend(fx.edits.iter().cloned());
                n += 1;
            }
        }
        if n == 0 {
            break;
        }
        let next = apply_edits(&cur, &taken);
        let an_next = analyze(&next, &r.engine());
        if next == cur || numbering_findings(&an_next) >= numbering_findings(&an) {
            break;
        }
        cur = next;
        an = an_next;
        applied += n;
    }
    Ok(Fixed { text: cur, applied })
}

/// Insert the template of `item`, or of every missing item in the profile's order, one after the
/// other (each insertion moves the places and the numbers of the next).
fn insert_missing(text: &str, r: &Resolved, item: &str) -> Result<Fixed, String> {
    let mut cur = text.to_string();
    let mut applied = 0;
    let profile = analysed(&cur, r)?.profile;
    if item != "all" && profile.item_index(item).is_none() {
        return Err(format!("没有 id 为“{item}”的法定事项"));
    }
    for it in &profile.items {
        if item != "all" && it.id != item {
            continue;
        }
        let an = analysed(&cur, r)?;
        if let Some(fx) = missing_item_fixes(&an).get(&it.id) {
            cur = apply_edits(&cur, &fx.edits);
            applied += 1;
        }
    }
    if applied == 0 {
        return Err(if item == "all" {
            "没有缺少的法定事项".into()
        } else {
            "这一事项已经写了，或无法确定插入位置".into()
        });
    }
    Ok(Fixed { text: cur, applied })
}
