//! `punct-width`: a half-width , : ; ? ! ( ) in Chinese text.
//!
//! **Why.** GB/T 15834-2011 prescribes full-width punctuation in Chinese text. Half-width marks
//! come in with text pasted from web pages, spreadsheets and English-keyboard typing; in print
//! they look cramped and uneven, and reviewers send them back.
//!
//! **How.** The decision is [`crate::punctuation::punct_fixes`], shared with document formatting
//! and the `source.fixAll.gongwen` action: a mark counts when a Chinese character is its
//! nearest neighbour, except inside numbers (1,080, 10:30), URLs, Latin text and Markdown
//! code or link targets. A pasted draft has hundreds of them, so they are kept in proportion:
//! one hint per mark (a dotted underline in the editor, not a row of the Problems panel), each
//! with a quick fix, and one information finding per document, at the first mark, that counts
//! them and carries the fix of them all.
//!
//! **Example.** "2024年,我县" → hint on "," with the fix "改为全角“，”", and the summary
//! "本文有 1 处半角标点……".

use serde_json::json;

use crate::finding::{Data, Edit, Edits, Finding, Fix, Severity, Shared};
use crate::rules::{Context, Rule, RuleInfo};

pub struct PunctWidth;

static INFO: RuleInfo = RuleInfo {
    id: "punct-width",
    name: "标点全角半角",
    default_severity: Severity::Hint,
    summary_zh: "中文中夹用半角标点（逐处提示，另有一条信息汇总全文处数，可一次改正）",
    summary_en: "Half-width punctuation in Chinese text (a hint per mark, and one summary with a fix for all).",
};

impl Rule for PunctWidth {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn reads_figures(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let fixes = crate::punctuation::punct_fixes(cx.text, cx.outline);
        // A pasted draft has thousands of marks: the message, fix title and replacement of each
        // kind of mark are made once and shared by its findings (a reference count each), so a
        // hint costs one allocation (its fix; the one edit is kept inline), and the tables are
        // sized up front.
        let mut texts: Vec<(char, Shared, Shared, Shared)> = vec![];
        let mut all: Vec<Edit> = Vec::with_capacity(fixes.len());
        let mut first = None;
        let mut kinds: Vec<char> = vec![];
        out.reserve(fixes.len() + 1);
        for f in fixes {
            let i = match texts.iter().position(|t| t.0 == f.half) {
                Some(i) => i,
                None => {
                    texts.push((
                        f.half,
                        Shared::new(format!(
                            "中文文字中应使用全角标点“{}”，此处是半角“{}”。",
                            f.full, f.half
                        )),
                        Shared::new(format!("改为全角“{}”", f.full)),
                        Shared::new(f.full.to_string()),
                    ));
                    kinds.push(f.half);
                    texts.len() - 1
                }
            };
            let (_, message, title, full) = &texts[i];
            let edit = Edit {
                span: f.edit,
                text: full.clone(),
            };
            first.get_or_insert(f.mark);
            all.push(edit.clone());
            out.push(Finding {
                rule: INFO.id,
                severity: INFO.default_severity,
                span: f.mark,
                message: message.clone(),
                data: Data::default(),
                fixes: Box::new([Fix {
                    title: title.clone(),
                    edits: Edits::one(edit),
                    preferred: true,
                }]),
                related: Box::default(),
            });
        }
        let Some(at) = first else {
            return;
        };
        let n = all.len();
        let marks: String = kinds
            .iter()
            .map(|c| format!("“{c}”"))
            .collect::<Vec<_>>()
            .join("");
        out.push(
            Finding::new(
                INFO.id,
                Severity::Information,
                at,
                format!("本文有 {n} 处半角标点（{marks}）夹在中文中，应为全角，可一次全部改正。"),
            )
            .with_data(json!({"kind": "summary", "count": n}))
            .with_fix(Fix {
                title: format!("全文半角标点改为全角（{n} 处）").into(),
                edits: all.into(),
                preferred: false,
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{apply, findings};

    const HEAD: &str = "关于2024年度法治政府建设情况的报告\n某市人民政府：\n";

    /// The marks flagged one by one (not the summary).
    fn marks(text: &str) -> Vec<String> {
        findings(text, "punct-width")
            .iter()
            .filter(|f| f.data.is_null())
            .map(|f| f.span.text(text).to_string())
            .collect()
    }

    #[test]
    fn flags_half_width_marks_between_chinese_characters() {
        let t = format!(
            "{HEAD}2024年,我县坚持依法行政:一是加强学习;二是完善制度。(一)推进执法规范化\n执法到位了吗?到位了!\n"
        );
        assert_eq!(marks(&t), [",", ":", ";", "(", ")", "?", "!"]);
        let f = findings(&t, "punct-width");
        assert_eq!(f[0].severity, crate::finding::Severity::Hint);
        assert_eq!(f[0].fixes[0].edits[0].text, "，");
        let fixed = apply(&t, &f[0].fixes[0]);
        assert!(fixed.contains("2024年，我县"), "{fixed}");
        assert_eq!(marks(&fixed).len(), 6);
    }

    #[test]
    fn numbers_urls_and_latin_are_not_flagged() {
        let t = format!(
            "{HEAD}全县注册监管人员1,080人，上午9:30开始，比例为3:1，增长3.5%。详见https://www.example.gov.cn/list?page=1,2。英文译名为 Law-based Government, Annual Report (2024)，函数f(x)不变。\n"
        );
        assert!(marks(&t).is_empty(), "{:?}", marks(&t));
    }

    #[test]
    fn full_width_text_is_clean() {
        let t = format!(
            "{HEAD}一、主要举措和成效\n（一）依法全面履行政府职能。全年办件量42.6万件，办结率99.2%；群众满意度较高！\n"
        );
        assert!(marks(&t).is_empty());
    }

    #[test]
    fn space_after_mark_is_removed_by_the_fix() {
        let t = format!("{HEAD}全年开展执法检查45次, 发现问题21个。\n");
        let f = findings(&t, "punct-width");
        assert_eq!(f.len(), 2, "the mark and the summary: {f:?}");
        assert_eq!(f[0].span.text(&t), ",");
        assert!(apply(&t, &f[0].fixes[0]).contains("45次，发现问题"));
    }

    #[test]
    fn one_information_summary_counts_the_marks_and_fixes_them_all() {
        let t =
            format!("{HEAD}2024年,我县坚持依法行政:一是加强学习;二是完善制度,全年培训12场次。\n");
        let f = findings(&t, "punct-width");
        let summary: Vec<_> = f
            .iter()
            .filter(|f| f.data.value()["kind"] == "summary")
            .collect();
        assert_eq!(summary.len(), 1, "{f:?}");
        let s = summary[0];
        assert_eq!(s.severity, crate::finding::Severity::Information);
        assert_eq!(s.data.value()["count"], 4);
        assert_eq!(s.span.text(&t), ",");
        assert_eq!(
            s.message,
            "本文有 4 处半角标点（“,”“:”“;”）夹在中文中，应为全角，可一次全部改正。"
        );
        assert_eq!(s.fixes[0].title, "全文半角标点改为全角（4 处）");
        let fixed = apply(&t, &s.fixes[0]);
        assert!(findings(&fixed, "punct-width").is_empty(), "{fixed}");
        // the others are hints
        assert_eq!(
            f.iter()
                .filter(|f| f.severity == crate::finding::Severity::Hint)
                .count(),
            4
        );
        // and a clean text has no summary
        assert!(findings(&fixed, "punct-width").is_empty());
    }
}
