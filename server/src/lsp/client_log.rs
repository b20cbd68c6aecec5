//! Logging through `tracing` for the language server: the events of this program go to the
//! client as `window/logMessage` (the editor's output panel for gongwen-ls), and errors to stderr
//! as well, which every client keeps somewhere; other levels do not go to stderr, as clients such
//! as VS Code show each stderr line as an error. Events of the libraries (tower-lsp) go to stderr
//! when they are errors, and nowhere else.

use std::fmt::Write as _;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

use super::transport::Output;

/// `window/logMessage` through `out`, errors also on stderr.
pub fn init(out: Output) {
    let _ = tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(ClientLog { out }),
    );
}

struct ClientLog {
    out: Output,
}

#[derive(Default)]
struct Message(String);

impl Visit for Message {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0.push_str(value);
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }
}

impl<S: Subscriber> Layer<S> for ClientLog {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let meta = event.metadata();
        let ours = meta.target().starts_with("gongwen");
        let level = *meta.level();
        if !ours && level != Level::ERROR {
            return;
        }
        let mut m = Message::default();
        event.record(&mut m);
        let before_client = !self
            .out
            .client_ready
            .load(std::sync::atomic::Ordering::Relaxed);
        if level == Level::ERROR || (before_client && level == Level::WARN) {
            eprintln!("[gongwen] {}", m.0);
        }
        if ours {
            let typ = match level {
                Level::ERROR => 1,
                Level::WARN => 2,
                Level::INFO => 3,
                _ => 4,
            };
            self.out.log_message(typ, &m.0);
        }
    }
}
