//! Editor features computed from an analysis: completion candidates, document formatting, the
//! explanation of figures and the safe fixes a front end may apply in bulk.
//! They sit above the check pipeline and are used by the LSP adapter (and any other front end);
//! no rule imports them.

pub mod completion;
pub mod figures;
pub mod fix;
pub mod formatting;
