//! Editor features computed from an analysis: completion candidates and document formatting.
//! They sit above the check pipeline and are used by the LSP adapter (and any other front end);
//! no rule imports them.

pub mod completion;
pub mod formatting;
