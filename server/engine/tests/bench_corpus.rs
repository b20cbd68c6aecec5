//! The bench corpus (`benches/common`) is a consistent report: totals equal their parts, rates
//! match their counts, every item is there. It must give no finding at all, at any length, so
//! that the benches time analysis rather than error reporting, and so that a rule change that
//! raises findings on consistent text in the genre (a sub-item's "制定配套制度3项" taken for a
//! restatement of another's "5项") fails here before it reaches a drafter.

#[path = "../benches/common/mod.rs"]
mod common;

use gongwen::analysis::{analyze, Options};
use gongwen::profile::Profile;

#[test]
fn the_bench_corpus_gives_no_finding() {
    let profile = Profile::default_profile();
    let opts = Options::new(std::slice::from_ref(&profile));
    for chars in [6_000, 20_000, 60_000] {
        let text = common::report(chars);
        let an = analyze(&text, &opts);
        assert!(an.is_report(), "{chars}");
        let shown: Vec<String> = an
            .findings
            .iter()
            .take(5)
            .map(|f| format!("[{}] {}", f.rule, f.message))
            .collect();
        assert!(
            an.findings.is_empty(),
            "{chars} characters: {} findings, first: {shown:#?}",
            an.findings.len()
        );
    }
}
