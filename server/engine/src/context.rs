//! What every rule reads: the text and the shared analysis of it (outline, statutory items,
//! figures), the profile and the report year. Built once per analysis by
//! [`crate::analysis::analyze`]; rules never re-parse the text.

use crate::detect::Subject;
use crate::figures::Figures;
use crate::items::Items;
use crate::outline::Outline;
use crate::profile::Profile;
use crate::yoy::{Baseline, Comparison};

/// Everything a rule may read.
pub struct Context<'a> {
    pub text: &'a str,
    pub outline: &'a Outline,
    pub items: &'a Items,
    /// Every figure of the report and the checks relating them.
    pub figures: &'a Figures,
    pub profile: &'a Profile,
    /// The year the report is about, when the evidence is clear (`subject.year` says where it
    /// was read, or why it is unknown).
    pub year: Option<i32>,
    /// The report's year with its evidence, and the reporting body.
    pub subject: &'a Subject,
    /// The document's line terminator, for inserted text.
    pub eol: &'static str,
    /// Last year's report and this year's comparison with it, when known (the year-over-year
    /// rules do nothing without it).
    pub previous: Option<Previous<'a>>,
}

/// Last year's report, for the year-over-year rules.
#[derive(Clone, Copy)]
pub struct Previous<'a> {
    pub baseline: &'a Baseline,
    /// This year's paragraphs matched with last year's.
    pub comparison: &'a Comparison,
}
