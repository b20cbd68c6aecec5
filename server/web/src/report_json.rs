//! One file of `gongwen-ls check --format json`: the engine's [`FileReport`] (the very structs
//! the CLI serialises) and, for a report, `previous`: last year's report it was compared with,
//! `null` when none was given. The CLI looks for last year's report beside the file; here the
//! caller gives its text (`options.previous`), and the same checks decide whether it is used.

use std::cell::RefCell;
use std::sync::Arc;

use gongwen::analysis::{analyze, analyze_with_previous, Analysis, Options};
use gongwen::issuer::{self, Identity};
use gongwen::profile::Profile;
use gongwen::report::{FileOut, FileReport, PreviousOut};
use gongwen::text::LineIndex;
use gongwen::yoy::Baseline;

use crate::options::{is_markdown_name, Resolved};

/// A text analysed with last year's report when one was given and fits.
pub struct Checked {
    pub analysis: Analysis,
    pub previous: Option<PreviousOut>,
    pub baseline: Option<Arc<Baseline>>,
}

thread_local! {
    /// The last baseline prepared, by last year's text and Markdown flag: the page checks again
    /// on every pause in typing, last year's report stays the same.
    static BASELINE: RefCell<Option<(String, bool, Arc<Baseline>)>> = const { RefCell::new(None) };
}

fn baseline(text: &str, markdown: bool, profiles: &[Arc<Profile>]) -> Arc<Baseline> {
    BASELINE.with(|c| {
        if let Some((t, m, b)) = &*c.borrow() {
            if t == text && *m == markdown {
                return b.clone();
            }
        }
        let opts = Options {
            markdown,
            force_report: true,
            ..Options::new(profiles)
        };
        let b = Arc::new(Baseline::new(text.to_string(), &opts));
        *c.borrow_mut() = Some((text.to_string(), markdown, b.clone()));
        b
    })
}

/// The identity of a report (kind, year, bodies), the bodies from the file name when the text
/// names none — as the CLI pairs files.
fn identify(text: &str, name: &str, markdown: bool, profiles: &[Arc<Profile>]) -> Option<Identity> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    issuer::identify_named(text, Some(stem), markdown, profiles)
}

/// Analyse `text` as the options say, with last year's report when one was given.
pub fn check(text: &str, r: &Resolved) -> Checked {
    let opts = r.engine();
    let alone = |previous| Checked {
        analysis: analyze(text, &opts),
        previous,
        baseline: None,
    };
    let Some(prev) = r.previous.as_deref() else {
        return alone(None);
    };
    let me = identify(text, &r.path, r.markdown, &r.profiles);
    if me.is_none() && !r.all {
        return alone(None);
    }
    let shown = if r.previous_path.is_empty() {
        "（未命名）"
    } else {
        r.previous_path.as_str()
    };
    let prev_md = is_markdown_name(&r.previous_path);
    let id = identify(prev, &r.previous_path, prev_md, &r.profiles);
    if let (Some(me), Some(p)) = (me.as_ref(), id.as_ref()) {
        if let Some(why) = issuer::refusal(me, p, shown) {
            return alone(Some(PreviousOut {
                path: None,
                how: None,
                note: format!("未与上年度报告比对：{why}"),
            }));
        }
    }
    let b = baseline(prev, prev_md, &r.profiles);
    let analysis = analyze_with_previous(text, &opts, Some(&b));
    let used = analysis.comparison.is_some();
    Checked {
        previous: Some(PreviousOut {
            path: used.then(|| r.previous_path.clone()),
            how: used.then_some("argument"),
            note: format!("与上年度报告比对：{shown}（调用时指定）"),
        }),
        baseline: used.then_some(b),
        analysis,
    }
}

/// The JSON of one file, serialised as the CLI serialises it.
pub fn file_json(text: &str, r: &Resolved, c: &Checked) -> String {
    file_value(text, r, c, |f| serde_json::to_string(f).unwrap_or_default())
}

/// The same, as a value.
pub fn file_value_json(text: &str, r: &Resolved, c: &Checked) -> serde_json::Value {
    file_value(text, r, c, |f| serde_json::to_value(f).unwrap_or_default())
}

fn file_value<T>(text: &str, r: &Resolved, c: &Checked, out: impl Fn(&FileOut) -> T) -> T {
    let lines = LineIndex::new(text);
    let report = FileReport::new(&r.path, &r.encoding, text, &lines, &c.analysis);
    out(&FileOut::new(report, c.previous.as_ref()))
}
