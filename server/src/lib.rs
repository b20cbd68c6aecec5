//! gongwen-ls: checks drafts of the annual report on rule-of-law government construction
//! (法治政府建设年度报告) as they are typed.
//!
//! The engine (everything but [`lsp`] and [`cli`]) is pure: text in, findings with byte spans
//! out. [`analysis::analyze`] is the entry point. The LSP adapter and the batch checker are thin
//! layers over it.

pub mod analysis;
pub mod cli;
pub mod completion;
pub mod config;
pub mod figures;
pub mod finding;
pub mod format;
pub mod items;
pub mod lsp;
pub mod numerals;
pub mod outline;
pub mod profile;
pub mod rules;
pub mod scan;
pub mod snippet;
pub mod template;
pub mod text;

/// Where the rules are documented (diagnostics link here by rule id).
pub const DOCS_RULES_URL: &str = "https://github.com/gongwen-ls/gongwen-ls/blob/main/docs/rules.md";

/// The version printed by `--version` and reported to LSP clients.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
