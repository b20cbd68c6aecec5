//! Logging through `tracing` for the batch checker: its messages (configuration problems,
//! internal errors) go to stderr as plain lines, without timestamps or levels: they are meant
//! for the user. The language server logs to its client instead (`lsp/client_log.rs`).

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::Layer;

/// Plain lines on stderr, warnings and errors.
pub fn init_cli() {
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .without_time()
        .with_level(false)
        .with_target(false)
        .with_ansi(false)
        .with_filter(tracing_subscriber::filter::LevelFilter::WARN);
    let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry().with(fmt));
}
