//! The engine's entry point: text in, outline + statutory items + findings out.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use crate::context::{Context, Previous};
pub use crate::detect::Detection;
use crate::detect::{self, detect, Subject};
use crate::figures::{self, Figures};
use crate::finding::{Finding, Level};
use crate::items::{self, Items};
use crate::outline::{self, Outline};
use crate::profile::Profile;
use crate::rules;
use crate::text;
use crate::yoy::{self, Baseline, Comparison};

/// How to analyse a document.
#[derive(Clone)]
pub struct Options<'a> {
    /// The kinds of report to recognise the text as, in order of preference (the built-in set
    /// [`crate::profile::builtin`], or the one profile the configuration names). The first whose
    /// detection matches is used; when none matches and the file is opted in, the first.
    pub profiles: &'a [Arc<Profile>],
    /// Severity overrides by rule id (`off` silences a rule).
    pub levels: Option<&'a HashMap<String, Level>>,
    /// The document is Markdown (headings with `#`, joined paragraphs).
    pub markdown: bool,
    /// Check even if the text does not look like a report (opted in by the user).
    pub force_report: bool,
    /// Run the rules that do not read the figures ([`rules::Rule::reads_figures`]) on a second
    /// thread while the figures are read and checked. The findings are the same as without it.
    /// For one interactive document (the language server); a batch that already analyses one
    /// file per thread gains nothing from it. Where no thread can be started (wasm), the
    /// analysis runs on one thread as without it.
    pub parallel: bool,
    /// With `parallel`: called on the second thread with the findings of the rules run there
    /// (in rule order, severities overridden), as soon as they are final — while the figure
    /// pass goes on. The language server writes their diagnostics meanwhile. Not called when
    /// the rules ran on one thread. A panic in it is caught and costs nothing but the call.
    pub beside_done: Option<&'a BesideDone<'a>>,
}

/// See [`Options::beside_done`].
pub type BesideDone<'a> = dyn Fn(&[Finding]) + Sync + 'a;

impl<'a> Options<'a> {
    pub fn new(profiles: &'a [Arc<Profile>]) -> Self {
        Options {
            profiles,
            levels: None,
            markdown: false,
            force_report: false,
            parallel: false,
            beside_done: None,
        }
    }
}

/// The result of analysing one document.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub detection: Detection,
    /// The kind of report the text was checked as.
    pub profile: Arc<Profile>,
    pub outline: Outline,
    pub items: Items,
    /// The year the report is about, when the evidence is clear (see [`Subject`]).
    pub year: Option<i32>,
    /// What the report is about: its year with the evidence, and the reporting body.
    pub subject: Subject,
    /// Every figure of the report and the checks relating them.
    pub figures: Figures,
    /// This year's report compared with last year's, when one was given
    /// ([`analyze_with_previous`]) and both are reports of the same kind.
    pub comparison: Option<Comparison>,
    /// Findings sorted by position.
    pub findings: Vec<Finding>,
    /// Internal errors caught during the analysis (a rule that panicked was skipped), in Chinese,
    /// for the front end's log. Empty in a healthy engine.
    pub internal_errors: Vec<String>,
}

impl Analysis {
    pub fn is_report(&self) -> bool {
        self.detection != Detection::NotReport
    }
}

/// Analyse `text`.
pub fn analyze(text: &str, opts: &Options) -> Analysis {
    run(text, opts, None, true)
}

/// Analyse `text` beside last year's report: the year-over-year rules (`copied-text`,
/// `plan-followup`, `yoy-figure`, `problems-repeat`) compare the two. With `None`, or when last
/// year's report is not a report of the same kind, this is [`analyze`].
pub fn analyze_with_previous(text: &str, opts: &Options, previous: Option<&Baseline>) -> Analysis {
    run(text, opts, previous, true)
}

/// Read `text` (outline, statutory items, figures) without running the rules: how last year's
/// report is read for a [`Baseline`].
pub fn read(text: &str, opts: &Options) -> Analysis {
    run(text, opts, None, false)
}

fn run(text: &str, opts: &Options, previous: Option<&Baseline>, rules: bool) -> Analysis {
    let outline = outline::parse(text, opts.markdown);
    let fallback;
    let profiles = if opts.profiles.is_empty() {
        fallback = [Profile::default_profile()];
        &fallback[..]
    } else {
        opts.profiles
    };
    let (mut detection, chosen) = detect(text, &outline, profiles);
    let profile = profiles[chosen].clone();
    let subject = detect::subject(text, &outline, &profile);
    let year = subject.year.year;
    if detection == Detection::NotReport && opts.force_report {
        detection = Detection::Forced;
    }
    let mut an = Analysis {
        detection,
        profile,
        outline,
        items: Items::default(),
        year,
        subject,
        figures: Figures::default(),
        comparison: None,
        findings: vec![],
        internal_errors: vec![],
    };
    if an.is_report() {
        check(text, opts, previous, rules, &mut an);
    }
    an
}

/// Find the statutory items and figures of a detected report, compare it with last year's, and
/// run the rules.
fn check(text: &str, opts: &Options, previous: Option<&Baseline>, rules: bool, an: &mut Analysis) {
    let profile = an.profile.clone();
    an.items = items::find(text, &an.outline, &profile, an.year);
    if !rules {
        let (figures, error) = read_figures(text, opts, an, &profile);
        an.figures = figures;
        an.internal_errors.extend(error);
        return;
    }
    let eol = text::line_ending(text);
    // the rules beside the figure pass: those that read neither the figures nor last year's
    // comparison, given empty figures and no comparison (so that one which did would be seen
    // to differ, see the tests)
    let (beside, after): (Vec<usize>, Vec<usize>) =
        (0..rules::all().len()).partition(|&i| opts.parallel && !rules::all()[i].reads_figures());
    let no_figures = Figures::default();
    let early = Context {
        text,
        outline: &an.outline,
        items: &an.items,
        figures: &no_figures,
        profile: &profile,
        year: an.year,
        subject: &an.subject,
        eol,
        previous: None,
    };
    let ((figures, error), beside_ran) = std::thread::scope(|s| {
        let spawned = if beside.is_empty() {
            None
        } else {
            std::thread::Builder::new()
                .name("gongwen-rules".into())
                .spawn_scoped(s, || {
                    let ran = run_rules(&beside, &early, opts);
                    if let Some(done) = opts.beside_done {
                        // only its own work is lost should it fail
                        let _ = catch_unwind(AssertUnwindSafe(|| done(&ran.findings)));
                    }
                    ran
                })
                .ok()
        };
        // the figure pass stays on this thread: the longer of the two never waits to be woken
        // (on a loaded machine a wake-up costs milliseconds), the rules finish first
        let figures = read_figures(text, opts, an, &profile);
        // a rule's panic is caught inside; should the thread itself fail, its rules run here
        let beside_ran = spawned.and_then(|h| h.join().ok());
        (figures, beside_ran)
    });
    an.figures = figures;
    an.internal_errors.extend(error);
    let previous = previous.filter(|b| b.comparable(an));
    if let Some(b) = previous {
        an.comparison = catch_unwind(AssertUnwindSafe(|| {
            yoy::compare(text, &an.outline, &an.figures, &profile, b)
        }))
        .map_err(|p| {
            an.internal_errors.push(format!(
                "与上年度报告比对时发生内部错误，已跳过比对：{}",
                panic_message(&*p)
            ))
        })
        .ok();
    }
    let cx = Context {
        text,
        outline: &an.outline,
        items: &an.items,
        figures: &an.figures,
        profile: &profile,
        year: an.year,
        subject: &an.subject,
        eol,
        previous: previous
            .zip(an.comparison.as_ref())
            .map(|(baseline, comparison)| Previous {
                baseline,
                comparison,
            }),
    };
    let (ran, beside_ran) = match beside_ran {
        Some(b) => (run_rules(&after, &cx, opts), b),
        None => (
            run_rules(&(0..rules::all().len()).collect::<Vec<_>>(), &cx, opts),
            Ran::default(),
        ),
    };
    // the findings and errors in the rules' order, as one thread gives them
    let mut findings = Vec::with_capacity(ran.findings.len() + beside_ran.findings.len());
    let mut errors = Vec::new();
    let mut parts = [ran, beside_ran].map(|r| {
        (
            r.rules.into_iter().peekable(),
            r.findings.into_iter(),
            r.errors.into_iter(),
        )
    });
    for i in 0..rules::all().len() {
        for (rules, found, errs) in &mut parts {
            if let Some((_, n, failed)) = rules.next_if(|r| r.0 == i) {
                findings.extend(found.by_ref().take(n));
                if failed {
                    errors.extend(errs.next());
                }
            }
        }
    }
    an.internal_errors.extend(errors);
    findings.retain(|f| f.span.end <= text.len() && f.span.start <= f.span.end);
    sort_by_span(&mut findings);
    an.findings = findings;
}

/// Read and check the figures; a bug in the figure pass must not cost the drafter every other
/// check: it gives no figures and an internal error.
fn read_figures(
    text: &str,
    opts: &Options,
    an: &Analysis,
    profile: &Profile,
) -> (Figures, Option<String>) {
    match catch_unwind(AssertUnwindSafe(|| {
        figures::analyse(
            text,
            &an.outline,
            &an.items,
            profile,
            an.year,
            opts.markdown,
            opts.parallel,
        )
    })) {
        Ok(f) => (f, None),
        Err(p) => (
            Figures::default(),
            Some(format!(
                "数字读取内部错误，已跳过数字检查：{}",
                panic_message(&*p)
            )),
        ),
    }
}

/// What some of the rules found.
#[derive(Default)]
struct Ran {
    findings: Vec<Finding>,
    /// Each rule run, in order: its index in [`rules::all`], how many findings it gave, whether
    /// it failed (an entry of `errors`).
    rules: Vec<(usize, usize, bool)>,
    errors: Vec<String>,
}

/// Run the rules `which` (indices in [`rules::all`], ascending) with the configured levels; a
/// rule that panics gives no findings and an internal error.
fn run_rules(which: &[usize], cx: &Context, opts: &Options) -> Ran {
    let mut ran = Ran::default();
    let all = rules::all();
    for &i in which {
        let rule = all[i];
        let id = rule.info().id;
        let level = opts.levels.and_then(|l| l.get(id)).copied();
        if level == Some(Level::Off) {
            continue;
        }
        let start = ran.findings.len();
        let result = catch_unwind(AssertUnwindSafe(|| rule.check(cx, &mut ran.findings)));
        if let Err(p) = result {
            // A bug in one rule must not cost the drafter every other check.
            ran.findings.truncate(start);
            ran.errors.push(format!(
                "规则 {id} 内部错误，已跳过本次检查：{}",
                panic_message(&*p)
            ));
            ran.rules.push((i, 0, true));
            continue;
        }
        if let Some(Level::On(sev)) = level {
            for f in &mut ran.findings[start..] {
                f.severity = sev;
            }
        }
        ran.rules.push((i, ran.findings.len() - start, false));
    }
    ran
}

/// Sort findings by span, keeping the rules' order among equal spans (a stable sort), without
/// the stable sort's scratch copy of half the findings (9 MB for 146 000 findings): the order
/// is found on (start, end, index) keys and applied by swapping along its cycles.
fn sort_by_span(findings: &mut [Finding]) {
    if findings.is_sorted_by_key(|f| (f.span.start, f.span.end)) {
        return;
    }
    let mut order: Vec<(usize, usize, usize)> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| (f.span.start, f.span.end, i))
        .collect();
    // stable merge sort: the findings come as one sorted run per rule, which it merges
    order.sort();
    // position k receives the finding now at order[k].2; usize::MAX marks a placed position
    let mut from: Vec<usize> = order.into_iter().map(|(_, _, i)| i).collect();
    for start in 0..from.len() {
        let mut k = start;
        while from[k] != usize::MAX {
            let src = from[k];
            from[k] = usize::MAX;
            if src == start {
                break;
            }
            findings.swap(k, src);
            k = src;
        }
    }
}

/// The message of a caught panic.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".into())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn detects_reports_by_title_or_opening() {
        let p = Profile::default_profile();
        let a = analyze(
            "关于2024年度法治政府建设情况的报告\n某局：\n正文。\n",
            &Options::new(std::slice::from_ref(&p)),
        );
        assert!(a.is_report());
        assert_eq!(a.year, Some(2024));
        let b = analyze(
            "某市委：\n2023年，我市持续推进法治政府建设。现报告如下：\n",
            &Options::new(std::slice::from_ref(&p)),
        );
        assert!(b.is_report());
        assert_eq!(b.year, Some(2023));
        let c = analyze(
            "二〇二四年法治政府建设情况报告\n",
            &Options::new(std::slice::from_ref(&p)),
        );
        assert_eq!(c.year, Some(2024));
    }

    #[test]
    fn readme_is_not_a_report() {
        let p = Profile::default_profile();
        let readme =
            "# gongwen-ls\n\n一个检查法治政府建设年度报告的工具。\n\n## 安装\n\n一、下载。\n";
        let a = analyze(
            readme,
            &Options {
                markdown: true,
                ..Options::new(std::slice::from_ref(&p))
            },
        );
        assert!(!a.is_report());
        assert!(a.findings.is_empty());
        let forced = analyze(
            readme,
            &Options {
                markdown: true,
                force_report: true,
                ..Options::new(std::slice::from_ref(&p))
            },
        );
        assert_eq!(forced.detection, Detection::Forced);
        assert!(!forced.findings.is_empty());
    }

    #[test]
    fn severity_overrides_and_off() {
        let p = Profile::default_profile();
        let text = "关于2024年法治政府建设情况的报告\n一、主要举措和成效\n开展执法检查十二次，覆盖全部乡镇和部门。\n";
        let mut levels = HashMap::new();
        levels.insert(
            "missing-section".to_string(),
            Level::On(crate::finding::Severity::Hint),
        );
        let a = analyze(
            text,
            &Options {
                levels: Some(&levels),
                ..Options::new(std::slice::from_ref(&p))
            },
        );
        assert!(a
            .findings
            .iter()
            .filter(|f| f.rule == "missing-section")
            .all(|f| f.severity == crate::finding::Severity::Hint));
        assert!(a.findings.iter().any(|f| f.rule == "missing-section"));
        levels.insert("missing-section".to_string(), Level::Off);
        let b = analyze(
            text,
            &Options {
                levels: Some(&levels),
                ..Options::new(std::slice::from_ref(&p))
            },
        );
        assert!(b.findings.iter().all(|f| f.rule != "missing-section"));
    }

    /// The texts of the fixtures and the accuracy corpus: (name, text, Markdown).
    pub(crate) fn corpus() -> Vec<(&'static str, &'static str, bool)> {
        macro_rules! corpus {
            ($name:literal) => {
                (
                    $name,
                    include_str!(concat!("../../../tests/", $name)),
                    $name.ends_with(".md"),
                )
            };
        }
        vec![
            corpus!("fixtures/complete.txt"),
            corpus!("fixtures/conventions-draft.txt"),
            corpus!("fixtures/duties-nested.txt"),
            corpus!("fixtures/figures-wrong.txt"),
            corpus!("fixtures/halfwidth-draft.txt"),
            corpus!("fixtures/lacks-problems-and-plan.txt"),
            corpus!("fixtures/readme.md"),
            corpus!("fixtures/unheaded-end.txt"),
            corpus!("fixtures/xinxi-gongkai-2024.txt"),
            corpus!("fixtures/xinxi-gongkai-missing.txt"),
            corpus!("accuracy/01-county-yuchuan.clean.txt"),
            corpus!("accuracy/01-county-yuchuan.wrong.txt"),
            corpus!("accuracy/02-district-songyuan.clean.txt"),
            corpus!("accuracy/02-district-songyuan.wrong.txt"),
            corpus!("accuracy/03-township-qinghe.clean.txt"),
            corpus!("accuracy/03-township-qinghe.wrong.txt"),
            corpus!("accuracy/04-justice-tongan.clean.txt"),
            corpus!("accuracy/04-justice-tongan.wrong.txt"),
            corpus!("accuracy/05-market-lanjiang.clean.md"),
            corpus!("accuracy/05-market-lanjiang.wrong.md"),
            corpus!("accuracy/06-city-linfeng.clean.txt"),
            corpus!("accuracy/06-city-linfeng.wrong.txt"),
            corpus!("accuracy/07-township-qingshan.clean.txt"),
            corpus!("accuracy/07-township-qingshan.wrong.txt"),
            corpus!("accuracy/08-city-ecology-bureau.clean.txt"),
            corpus!("accuracy/08-city-ecology-bureau.wrong.txt"),
            corpus!("accuracy/09-district-pingchuan.clean.md"),
            corpus!("accuracy/09-district-pingchuan.wrong.md"),
            corpus!("accuracy/10-county-justice-bureau.clean.txt"),
            corpus!("accuracy/10-county-justice-bureau.wrong.txt"),
            corpus!("accuracy/11-county-tongchuan.clean.txt"),
            corpus!("accuracy/11-county-tongchuan.wrong.txt"),
            corpus!("accuracy/12-city-hrss-bureau.clean.txt"),
            corpus!("accuracy/12-city-hrss-bureau.wrong.txt"),
        ]
    }

    fn same(a: &Analysis, b: &Analysis, name: &str) {
        assert_eq!(a.findings, b.findings, "{name}");
        assert_eq!(a.internal_errors, b.internal_errors, "{name}");
        assert_eq!(a.figures.figures.len(), b.figures.figures.len(), "{name}");
    }

    #[test]
    fn the_parallel_analysis_finds_what_the_sequential_one_does() {
        let p = Profile::default_profile();
        let mut levels = HashMap::new();
        levels.insert("punct-width".to_string(), Level::Off);
        levels.insert(
            "unpaired-mark".to_string(),
            Level::On(crate::finding::Severity::Error),
        );
        levels.insert(
            "sum-mismatch".to_string(),
            Level::On(crate::finding::Severity::Hint),
        );
        let corpus = corpus();
        let mut found = 0;
        for &(name, text, markdown) in &corpus {
            for (forced, levels) in [(false, None), (true, None), (true, Some(&levels))] {
                let opts = Options {
                    markdown,
                    force_report: forced,
                    levels,
                    ..Options::new(std::slice::from_ref(&p))
                };
                let one = analyze(text, &opts);
                let two = analyze(
                    text,
                    &Options {
                        parallel: true,
                        ..opts.clone()
                    },
                );
                same(&one, &two, name);
                found += one.findings.len();
            }
        }
        assert!(found > 1000, "{found}");
        // beside last year's report: the year-over-year rules read the comparison
        let (name, prev, _) = &corpus
            .iter()
            .find(|c| c.0.ends_with("01-county-yuchuan.clean.txt"))
            .unwrap();
        let (_, text, _) = &corpus
            .iter()
            .find(|c| c.0.ends_with("01-county-yuchuan.wrong.txt"))
            .unwrap();
        let opts = Options {
            force_report: true,
            ..Options::new(std::slice::from_ref(&p))
        };
        let base = Baseline::new(prev.to_string(), &opts);
        let one = analyze_with_previous(text, &opts, Some(&base));
        let two = analyze_with_previous(
            text,
            &Options {
                parallel: true,
                ..opts.clone()
            },
            Some(&base),
        );
        assert!(one.comparison.is_some(), "{name}");
        same(&one, &two, name);
    }

    #[test]
    fn a_long_report_checked_by_two_threads_gives_what_one_gives() {
        // past `PARALLEL_FROM` figures the sentences' checks are split between two threads:
        // every check, note and finding stays the same, in the same order
        let p = Profile::default_profile();
        let mut text = String::new();
        let corpus = corpus();
        let reports: Vec<&str> = corpus
            .iter()
            .filter(|(_, _, md)| !md)
            .map(|c| c.1)
            .collect();
        let opts = Options {
            force_report: true,
            ..Options::new(std::slice::from_ref(&p))
        };
        while analyze(&text, &opts).figures.figures.len() < 3 * figures::check::PARALLEL_FROM {
            for r in &reports {
                text.push_str(r);
                // a rate no count of its sentence gives: a note (未写明分母)
                text.push_str("\n全年审理一审行政诉讼案件48件，行政机关负责人出庭应诉37件，出庭应诉率100%。\n");
            }
        }
        let one = analyze(&text, &opts);
        let two = analyze(
            &text,
            &Options {
                parallel: true,
                ..opts.clone()
            },
        );
        same(&one, &two, "long");
        let (a, b) = (&one.figures, &two.figures);
        assert!(a.checks.iter().filter(|c| !c.ok).count() > 10);
        // restatements (found by two threads too) and rates among them
        let kinds = |k| a.checks.iter().filter(|c| c.kind == k).count();
        assert!(kinds(figures::check::CheckKind::Same) > 100);
        assert!(kinds(figures::check::CheckKind::Rate) > 100);
        assert!(a.rate_notes.len() > 10 && !a.sum_notes.is_empty());
        assert_eq!(a.checks, b.checks);
        assert_eq!(a.rate_notes, b.rate_notes);
        assert_eq!(a.sum_notes, b.sum_notes);
    }

    #[test]
    fn rules_beside_the_figures_do_not_read_them() {
        // the rules run beside the figure pass see no figures: on a text with figures, each
        // finds the same with and without them
        let p = Profile::default_profile();
        let beside: Vec<_> = rules::all().iter().filter(|r| !r.reads_figures()).collect();
        assert!(beside.len() >= 5);
        for (name, text, markdown) in corpus() {
            let opts = Options {
                markdown,
                force_report: true,
                ..Options::new(std::slice::from_ref(&p))
            };
            let an = analyze(text, &opts);
            let none = Figures::default();
            for r in &beside {
                let cx = |figures| Context {
                    text,
                    outline: &an.outline,
                    items: &an.items,
                    figures,
                    profile: &an.profile,
                    year: an.year,
                    subject: &an.subject,
                    eol: text::line_ending(text),
                    previous: None,
                };
                let (mut with, mut without) = (vec![], vec![]);
                r.check(&cx(&an.figures), &mut with);
                r.check(&cx(&none), &mut without);
                assert_eq!(with, without, "{} on {name}", r.info().id);
            }
        }
    }

    #[test]
    fn findings_sort_by_span_as_a_stable_sort_does() {
        use crate::finding::Severity;
        use crate::text::Span;
        let mut seed = 7u64;
        for n in [0, 1, 2, 5, 40, 300] {
            let mut v: Vec<Finding> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let start = (seed >> 33) as usize % 12;
                    let end = start + (seed >> 40) as usize % 3;
                    Finding::new("x", Severity::Hint, Span::new(start, end), i.to_string())
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|f| (f.span.start, f.span.end));
            sort_by_span(&mut v);
            assert_eq!(v, want);
        }
    }
}
