//! gongwen: the engine of gongwen-ls, which checks drafts of the annual report on rule-of-law
//! government construction (法治政府建设年度报告).
//!
//! The engine is pure: text in, findings with byte spans out. It knows nothing of LSP, files,
//! threads or the clock; the `gongwen-ls` binary (LSP server and batch checker) and the web
//! build are thin layers over it. [`analysis::analyze`] is the entry point. See ARCHITECTURE.md
//! at the repository root for the map of the modules.

// Text primitives (no report knowledge).
pub mod numerals;
pub mod text;
pub mod text_search;
pub mod words;

// The report type, as data.
pub mod profile;

// Reading a report: structure, statutory items, figures.
pub mod detect;
pub mod figures;
pub mod issuer;
pub mod items;
pub mod outline;

// Checking it.
pub mod analysis;
pub mod config;
pub mod context;
pub mod finding;
pub mod punctuation;
pub mod report;
pub mod rules;
pub mod template;
pub mod yoy;

// Editor features over the analysis.
pub mod ide;

/// Where the rules are documented (diagnostics link here by rule id).
pub const DOCS_RULES_URL: &str = "https://github.com/gongwen-ls/gongwen-ls/blob/main/docs/rules.md";

/// The version printed by `--version` and reported to LSP clients.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
