//! Editor features computed from an analysis: completion candidates, document formatting and the
//! explanation of figures.
//! They sit above the check pipeline and are used by the LSP adapter (and any other front end);
//! no rule imports them.

pub mod completion;
pub mod figures;
pub mod formatting;
