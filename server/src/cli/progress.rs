//! A progress bar on stderr while a batch is checked: shown only when stderr is a terminal and
//! the batch has more than a few files (a single report is done before a bar could be read),
//! never in pipes, files or CI logs. Output written to the same terminal goes through
//! [`Progress::suspend`] so the bar never garbles it.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Batches of up to this many files get no bar.
pub const QUIET_UP_TO: usize = 4;

pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar for `files` files: visible when stderr is a terminal, neither `TERM=dumb` nor a
    /// CI system (`CI` set, as GitHub Actions and GitLab CI set it) says otherwise, and there are
    /// more than [`QUIET_UP_TO`] files.
    pub fn new(files: usize) -> Progress {
        let terminal = std::io::stderr().is_terminal()
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            && std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false");
        Progress::with(files, terminal)
    }

    fn with(files: usize, visible: bool) -> Progress {
        if !visible || files <= QUIET_UP_TO {
            return Progress {
                bar: ProgressBar::hidden(),
            };
        }
        let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} 正在检查 {bar:28} {pos}/{len} 份  {wide_msg}")
        {
            bar.set_style(style.progress_chars("█▉▊▋▌▍▎▏ "));
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress { bar }
    }

    /// One more file done (`name` is shown beside the bar).
    pub fn done(&self, name: &str) {
        self.bar.set_message(name.to_string());
        self.bar.inc(1);
    }

    /// Run `f` (which writes to the terminal) with the bar cleared.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    #[cfg(test)]
    fn is_hidden(&self) -> bool {
        self.bar.is_hidden()
    }

    /// Remove the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_for_a_few_files_or_without_a_terminal() {
        assert!(Progress::with(3, true).is_hidden());
        assert!(Progress::with(100, false).is_hidden());
        let p = Progress::with(100, true);
        p.done("a.docx");
        p.finish();
    }
}
