//! The safe fixes: what a front end may apply to a whole report without the drafter reviewing
//! each one (`gongwen-ls fix`). Two kinds qualify, both mechanical and both fully determined by
//! the text: punctuation width (`punct-width`: a half-width mark between Chinese characters
//! becomes full-width) and renumbering (`numbering`: a skipped, repeated or mis-styled heading
//! or 一是/二是 number, a heading bracket lost). Figures, years and missing items are never
//! touched: a wrong total may be a wrong part, and only the drafter knows which.
//!
//! Renumbering one break shifts the numbers after it, so the fixes are applied in rounds: each
//! round analyses the text, takes every punctuation fix and every renumbering fix that does not
//! overlap one already taken, and applies them; the next round sees the renumbered text.

use crate::analysis::{analyze, Options};
use crate::finding::{apply_edits, Edit};

/// What [`fix_safely`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The text with the fixes applied (the input when there was nothing to fix).
    pub text: String,
    /// Half-width marks made full-width.
    pub punctuation: usize,
    /// Renumbering fixes applied (each may change several numbers).
    pub numbering: usize,
}

impl Fixed {
    pub fn changed(&self) -> bool {
        self.punctuation + self.numbering > 0
    }
}

/// Rounds of analysis at most: a report has a handful of numbering breaks, each round fixes at
/// least one of them, and a text that keeps changing is left as it is after this many.
const MAX_ROUNDS: usize = 12;

/// Apply the safe fixes to `text` (analysed with `opts`: profiles, rule levels — a rule set to
/// `off` fixes nothing — and Markdown). A text that is not a report is returned unchanged.
pub fn fix_safely(text: &str, opts: &Options) -> Fixed {
    let mut out = Fixed {
        text: text.to_string(),
        punctuation: 0,
        numbering: 0,
    };
    for _ in 0..MAX_ROUNDS {
        let an = analyze(&out.text, opts);
        if !an.is_report() {
            break;
        }
        let mut taken: Vec<Edit> = vec![];
        let overlaps = |taken: &[Edit], e: &Edit| {
            taken.iter().any(|t| {
                t.span.overlaps(e.span)
                    || (t.span.start == e.span.start && (t.span.is_empty() || e.span.is_empty()))
            })
        };
        let (mut punct, mut numbering) = (0, 0);
        for f in &an.findings {
            let safe = match f.rule {
                // the marks one by one; the summary's fix is the same edits again
                "punct-width" => f.data.str("kind").as_deref() != Some("summary"),
                "numbering" => true,
                _ => false,
            };
            let Some(fix) = f.fixes.iter().find(|x| x.preferred).filter(|_| safe) else {
                continue;
            };
            if fix.edits.iter().any(|e| overlaps(&taken, e)) {
                continue;
            }
            taken.extend(fix.edits.iter().cloned());
            if f.rule == "punct-width" {
                punct += 1;
            } else {
                numbering += 1;
            }
        }
        if taken.is_empty() {
            break;
        }
        taken.sort_by_key(|e| (e.span.start, e.span.end));
        out.text = apply_edits(&out.text, &taken);
        out.punctuation += punct;
        out.numbering += numbering;
    }
    out
}

/// A unified diff of `old` → `new` for a shell user (`--- path`, `+++ path`, hunks with three
/// lines of context), empty when they are equal.
pub fn unified_diff(old: &str, new: &str, path: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(path, path)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    fn fix(text: &str) -> Fixed {
        let p = Profile::default_profile();
        fix_safely(text, &Options::new(std::slice::from_ref(&p)))
    }

    const REPORT: &str = "关于2024年度法治政府建设情况的报告
某市人民政府:
2024年,我县持续推进法治政府建设。现报告如下:
一、主要举措和成效
（一）依法行政。全年办理行政复议案件46件,审结42件。一是加强学习;二是完善制度;四是强化监督。
（二）严格执法。开展执法检查45次。
（四）化解纠纷。调解纠纷120件。
（五）普法宣传。开展活动30场次。
三、存在的不足和原因
执法力量薄弱,原因在于编制不足。
";

    #[test]
    fn punctuation_and_numbering_are_fixed_and_nothing_else() {
        let f = fix(REPORT);
        assert!(f.changed());
        assert!(
            f.text.contains("某市人民政府：\n2024年，我县"),
            "{}",
            f.text
        );
        assert!(
            f.text
                .contains("一是加强学习；二是完善制度；三是强化监督。"),
            "{}",
            f.text
        );
        assert!(
            f.text.contains("（三）化解纠纷。") && f.text.contains("（四）普法宣传。"),
            "{}",
            f.text
        );
        assert!(f.text.contains("二、存在的不足和原因"), "{}", f.text);
        assert_eq!(f.punctuation, 7, "{}", f.text);
        assert_eq!(f.numbering, 3, "{}", f.text);
        // the figures are the drafter's: untouched
        assert!(f.text.contains("46件，审结42件"));
        // fixing again changes nothing
        assert!(!fix(&f.text).changed());
    }

    #[test]
    fn a_clean_report_or_a_readme_is_left_alone() {
        let clean = fix(&fix(REPORT).text);
        assert_eq!(clean.punctuation + clean.numbering, 0);
        let readme = "# 工具说明\n\n一、安装,运行。\n三、使用。\n";
        let f = fix(readme);
        assert!(!f.changed());
        assert_eq!(f.text, readme);
    }

    #[test]
    fn the_diff_shows_the_changed_lines() {
        let f = fix(REPORT);
        let d = unified_diff(REPORT, &f.text, "a.txt");
        assert!(d.starts_with("--- a.txt\n+++ a.txt\n"), "{d}");
        assert!(
            d.contains("\n-某市人民政府:\n") && d.contains("\n+某市人民政府：\n"),
            "{d}"
        );
        assert!(d.contains("\n+（三）化解纠纷。"), "{d}");
        assert!(unified_diff(REPORT, REPORT, "a.txt").is_empty());
    }
}
