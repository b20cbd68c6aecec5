//! The rules. Each rule lives in its own file with a doc comment (what, why, example) and unit
//! tests beside it; it reads the shared analysis context and never re-parses the text.

pub use crate::context::Context;
use crate::finding::{Finding, Severity};

pub mod conflicting_figure;
pub mod copied_text;
pub mod date_invalid;
pub mod empty_section;
pub mod missing_cause;
pub mod missing_metric;
pub mod missing_section;
pub mod number_form;
pub mod numbering;
pub mod percent_range;
pub mod placeholder;
pub mod plan_followup;
pub mod problems_repeat;
pub mod punct_width;
pub mod rate_mismatch;
pub mod report_year;
pub mod sum_mismatch;
pub mod unpaired_mark;
pub mod year_mismatch;
pub mod yoy_figure;

/// Static facts about a rule: the registry every front end and every document is built from.
/// The README's rule table, the VS Code extension's settings schema and its nls strings are
/// checked against it by `tests/tests/registry.rs` (which can also rewrite them); docs/rules.md
/// must have a section per rule.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleInfo {
    /// The stable id users configure (`missing-section`).
    pub id: &'static str,
    /// A short Chinese name.
    pub name: &'static str,
    pub default_severity: Severity,
    /// One line in Chinese: what the rule flags (README table, the extension's Chinese UI).
    pub summary_zh: &'static str,
    /// The same line in English (the extension's English UI).
    pub summary_en: &'static str,
}

pub trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    /// Whether the rule reads the figures (`cx.figures`) or last year's comparison
    /// (`cx.previous`, which is made from them). A rule that reads neither says `false`: the
    /// server's analysis ([`crate::analysis::Options::parallel`]) then runs it on a second thread
    /// while the figure pass runs, with empty figures and no comparison in its context. The
    /// default is the safe answer; `analysis::tests` check on the accuracy corpus that the
    /// rules saying `false` find the same either way.
    fn reads_figures(&self) -> bool {
        true
    }
    fn check(&self, cx: &Context, out: &mut Vec<Finding>);
}

/// Every rule, in the order their findings are reported.
pub fn all() -> &'static [&'static dyn Rule] {
    &[
        &missing_section::MissingSection,
        &missing_cause::MissingCause,
        &empty_section::EmptySection,
        &sum_mismatch::SumMismatch,
        &rate_mismatch::RateMismatch,
        &percent_range::PercentRange,
        &conflicting_figure::ConflictingFigure,
        &missing_metric::MissingMetric,
        &placeholder::Placeholder,
        &report_year::ReportYear,
        &year_mismatch::YearMismatch,
        &date_invalid::DateInvalid,
        &numbering::Numbering,
        &unpaired_mark::UnpairedMark,
        &punct_width::PunctWidth,
        &number_form::NumberForm,
        &copied_text::CopiedText,
        &plan_followup::PlanFollowup,
        &yoy_figure::YoyFigure,
        &problems_repeat::ProblemsRepeat,
    ]
}

/// Look up a rule's facts by id.
pub fn info(id: &str) -> Option<&'static RuleInfo> {
    all().iter().map(|r| r.info()).find(|i| i.id == id)
}

/// The registry: every rule's facts, in report order.
pub fn registry() -> Vec<&'static RuleInfo> {
    all().iter().map(|r| r.info()).collect()
}

/// Where a rule's documentation lives (used as the diagnostic's codeDescription).
pub fn doc_url(id: &str) -> String {
    format!("{}#{id}", crate::DOCS_RULES_URL)
}

/// What the figure rules (`sum-mismatch`, `rate-mismatch`) add to a finding on a failed
/// [`Check`](crate::figures::check::Check): a related location for each input figure, labelled
/// `role(k)` for the k-th input, and, when the check has an exact replacement, the preferred fix
/// writing it (followed by `unit`, e.g. `%`, in the fix title).
pub(crate) fn with_check_details(
    mut f: Finding,
    cx: &Context,
    c: &crate::figures::check::Check,
    role: impl Fn(usize) -> &'static str,
    unit: &str,
) -> Finding {
    let figs = &cx.figures.figures;
    for (k, &p) in c.inputs.iter().enumerate() {
        let g = &figs[p];
        f = f.with_related(
            g.span,
            format!(
                "{}：{}{}",
                role(k),
                g.subject.text(cx.text),
                g.span.text(cx.text)
            ),
        );
    }
    if let Some(r) = &c.replacement {
        let arithmetic = c.arithmetic(cx.figures, cx.text);
        f = f.with_fix(crate::finding::Fix {
            title: format!("将{}改为 {r}{unit}（{arithmetic}）", c.label).into(),
            edits: crate::finding::Edits::one(crate::finding::Edit {
                span: figs[c.target].number.wide(),
                text: r.clone().into(),
            }),
            preferred: true,
        });
    }
    f
}

#[cfg(test)]
pub(crate) mod test_util {
    use crate::analysis::{analyze, Options};
    use crate::finding::Finding;
    use crate::profile::Profile;

    /// Analyse `text` as a report (forced) and keep the findings of `rule`.
    pub fn findings(text: &str, rule: &str) -> Vec<Finding> {
        let profile = Profile::default_profile();
        let opts = Options {
            force_report: true,
            ..Options::new(std::slice::from_ref(&profile))
        };
        analyze(text, &opts)
            .findings
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    /// Analyse `text` as a report (forced) beside last year's report `previous` and keep the
    /// findings of `rule`.
    pub fn findings_with_previous(text: &str, previous: &str, rule: &str) -> Vec<Finding> {
        let profile = Profile::default_profile();
        let opts = Options {
            force_report: true,
            ..Options::new(std::slice::from_ref(&profile))
        };
        let base = crate::yoy::Baseline::new(previous.to_string(), &opts);
        crate::analysis::analyze_with_previous(text, &opts, Some(&base))
            .findings
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    /// Apply a fix's edits to `text`.
    pub fn apply(text: &str, fix: &crate::finding::Fix) -> String {
        let mut edits = fix.edits.to_vec();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut s = text.to_string();
        for e in edits {
            s.replace_range(e.span.start..e.span.end, &e.text);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let ids: Vec<&str> = all().iter().map(|r| r.info().id).collect();
        for (i, id) in ids.iter().enumerate() {
            assert!(!ids[..i].contains(id), "duplicate {id}");
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id}"
            );
        }
        assert!(info("missing-section").is_some());
        assert!(info("nope").is_none());
    }
}
