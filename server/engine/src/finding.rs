//! What rules produce: findings with byte spans, Chinese messages and optional fixes.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use crate::text::Span;

/// How serious a finding is. `Off` is only used in configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    #[serde(alias = "info")]
    Information,
    Warning,
    Error,
}

impl Severity {
    /// The Chinese label, the same everywhere (CLI, docs, editor): 错误 / 警告 / 信息 / 提示.
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Information => "信息",
            Severity::Hint => "提示",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

/// A severity setting from configuration: a severity, or `off` to silence a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    /// Parse `off`, `hint`, `information`/`info`, `warning`/`warn`, `error`, or the Chinese
    /// severity names 提示 / 信息 / 警告 / 错误 (the ones shown everywhere) and 关闭.
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "off" | "none" | "false" | "关闭" => Level::Off,
            "hint" | "提示" | "建议" => Level::On(Severity::Hint),
            "information" | "info" | "信息" => Level::On(Severity::Information),
            "warning" | "warn" | "警告" => Level::On(Severity::Warning),
            "error" | "错误" => Level::On(Severity::Error),
            _ => return None,
        })
    }
}

/// One text replacement, in byte offsets of the analysed text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub text: Shared,
}

/// A fix the user can apply: a set of non-overlapping edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, in Chinese ("插入“存在的不足和原因”").
    pub title: Shared,
    pub edits: Edits,
    /// The one obvious fix for the finding.
    pub preferred: bool,
}

/// The edits of a fix, read as a slice of [`Edit`]s. Almost every fix replaces one span (a
/// half-width mark, a year, a number), so one edit is kept inline: a pasted draft has thousands
/// of such findings, and each allocation is paid twice, when the finding is made and when the
/// analysis it belongs to is freed.
#[derive(Clone, PartialEq, Eq)]
pub enum Edits {
    One(Edit),
    Many(Box<[Edit]>),
}

// the inline edit costs no more than the vector it replaces, plus one word
const _: () = assert!(std::mem::size_of::<Edits>() <= std::mem::size_of::<Edit>() + 8);

impl Edits {
    pub fn one(edit: Edit) -> Edits {
        Edits::One(edit)
    }
    pub fn as_slice(&self) -> &[Edit] {
        match self {
            Edits::One(e) => std::slice::from_ref(e),
            Edits::Many(v) => v,
        }
    }
}

impl Default for Edits {
    fn default() -> Edits {
        Edits::Many(Box::default())
    }
}

impl std::ops::Deref for Edits {
    type Target = [Edit];
    fn deref(&self) -> &[Edit] {
        self.as_slice()
    }
}

impl From<Vec<Edit>> for Edits {
    fn from(mut v: Vec<Edit>) -> Edits {
        if v.len() == 1 {
            if let Some(e) = v.pop() {
                return Edits::One(e);
            }
        }
        Edits::Many(v.into_boxed_slice())
    }
}

impl<'a> IntoIterator for &'a Edits {
    type Item = &'a Edit;
    type IntoIter = std::slice::Iter<'a, Edit>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl std::fmt::Debug for Edits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl Serialize for Edits {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(s)
    }
}

/// Which document a related location points into. The engine knows documents only by their
/// role; the front end maps them to files (the LSP to URIs, the CLI to paths).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Doc {
    /// The document analysed.
    #[default]
    This,
    /// Last year's report it was compared with ([`crate::yoy::Baseline`]).
    Previous,
}

impl Doc {
    pub fn is_this(&self) -> bool {
        *self == Doc::This
    }
}

/// A secondary location that explains a finding (the parts of a sum, the earlier statement,
/// last year's paragraph).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Byte span in the text of `doc`.
    pub span: Span,
    /// Most are fixed words ("上一个同级标题" on each of 70 000 numbering findings): those are
    /// not copied.
    pub message: Cow<'static, str>,
    #[serde(skip_serializing_if = "Doc::is_this")]
    pub doc: Doc,
}

/// A finding's machine-readable details, kept as its compact JSON text: serialised with
/// `serde_json` it gives the very bytes of the value it was made from, at a tenth of the memory
/// of a `serde_json::Value` object (a `BTreeMap`: about 630 bytes for three short strings).
/// Findings-heavy input (100 000 unclosed brackets) carries one for each finding.
///
/// Equal details are shared: most findings of a rule carry one of a few values (every unclosed
/// `（` the same `{"expected":"）","kind":"unclosed","mark":"（"}`), so the last values made on
/// this thread are kept and reused.
#[derive(Debug, Clone, Default)]
pub struct Data(Option<Arc<RawValue>>);

/// How many recent details are kept for sharing.
const RECENT_DATA: usize = 8;

thread_local! {
    static RECENT: RefCell<Vec<Arc<RawValue>>> = const { RefCell::new(Vec::new()) };
}

/// `raw` as a shared value: one made recently on this thread, or a new one.
fn shared(raw: Box<RawValue>) -> Arc<RawValue> {
    reuse_recent(
        &RECENT,
        RECENT_DATA,
        raw,
        |v, raw| v.get() == raw.get(),
        Arc::from,
    )
}

/// `value` as one of the values made recently on this thread (`recent`, at most `keep`, the
/// latest last) that is the `same`, moved to the end; else made from it, kept in place of the
/// oldest. Findings of one rule say the same few things thousands of times over.
fn reuse_recent<T: ?Sized, V>(
    recent: &'static std::thread::LocalKey<RefCell<Vec<Arc<T>>>>,
    keep: usize,
    value: V,
    same: impl Fn(&T, &V) -> bool,
    make: impl FnOnce(V) -> Arc<T>,
) -> Arc<T> {
    recent.with(|r| {
        let mut recent = r.borrow_mut();
        // the latest first: a rule's findings repeat the last thing said most often
        if let Some(i) = recent.iter().rposition(|v| same(v, &value)) {
            let v = recent.remove(i);
            recent.push(v.clone());
            return v;
        }
        let v = make(value);
        if recent.len() == keep {
            recent.remove(0);
        }
        recent.push(v.clone());
        v
    })
}

impl Data {
    /// No details (`null`): the key is left out of the output.
    pub fn is_null(&self) -> bool {
        self.0.is_none()
    }
    /// The JSON text (`{"section":"plan"}`), None for null.
    pub fn json(&self) -> Option<&str> {
        self.0.as_deref().map(RawValue::get)
    }
    /// The details as a value (`Null` for none). Parses the text: for the rare reader.
    pub fn value(&self) -> serde_json::Value {
        self.json()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    }
    /// One field of an object, as a value.
    pub fn get(&self, key: &str) -> Option<serde_json::Value> {
        let mut map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(self.json()?).ok()?;
        map.remove(key)
    }
    /// One string field of an object (`kind`), or None.
    pub fn str(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            serde_json::Value::String(s) => Some(s),
            _ => None,
        }
    }
}

impl From<serde_json::Value> for Data {
    fn from(v: serde_json::Value) -> Data {
        if v.is_null() {
            return Data(None);
        }
        // the compact text of a value always parses back: the conversion cannot fail
        Data(serde_json::value::to_raw_value(&v).ok().map(shared))
    }
}

impl PartialEq for Data {
    fn eq(&self, other: &Data) -> bool {
        self.json() == other.json()
    }
}

impl Serialize for Data {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(raw) => raw.serialize(s),
            None => s.serialize_unit(),
        }
    }
}

/// A finding's message, a fix's title or an edit's text: shared with the ones made just before
/// it that say the same (a text of 100 000 headings gives 70 000 numbering findings and fixes in
/// a handful of wordings). Reads as a `&str`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Shared(Arc<str>);

/// How many recent texts are kept for sharing (a message, a title and an edit for each of a
/// few kinds of finding).
const RECENT_TEXTS: usize = 16;

thread_local! {
    static RECENT_SHARED: RefCell<Vec<Arc<str>>> = const { RefCell::new(Vec::new()) };
}

impl Shared {
    /// `s` as a message: one made recently on this thread with the same text, or a new one.
    pub fn new(s: String) -> Shared {
        Shared(reuse_recent(
            &RECENT_SHARED,
            RECENT_TEXTS,
            s,
            |m, s| *m == **s,
            Arc::from,
        ))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&*self.0, f)
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<String> for Shared {
    fn from(s: String) -> Shared {
        Shared::new(s)
    }
}

impl From<&str> for Shared {
    fn from(s: &str) -> Shared {
        Shared::new(s.to_string())
    }
}

impl From<Shared> for String {
    fn from(m: Shared) -> String {
        m.0.to_string()
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Shared> for &str {
    fn eq(&self, other: &Shared) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Shared> for String {
    fn eq(&self, other: &Shared) -> bool {
        **self == *other.0
    }
}

impl Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// What a rule reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The stable rule id (`missing-section`).
    pub rule: &'static str,
    pub severity: Severity,
    pub span: Span,
    /// The message shown to the drafter, in Chinese.
    pub message: Shared,
    /// Machine-readable details (`{"section": "plan"}`), carried into the LSP diagnostic.
    #[serde(skip_serializing_if = "Data::is_null")]
    pub data: Data,
    /// Boxed slices, not vectors: 16 bytes less on each finding (70 000 numbering findings).
    #[serde(skip_serializing_if = "<[Fix]>::is_empty")]
    pub fixes: Box<[Fix]>,
    #[serde(skip_serializing_if = "<[Related]>::is_empty")]
    pub related: Box<[Related]>,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        span: impl Into<Span>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity,
            span: span.into(),
            message: Shared::new(message.into()),
            data: Data::default(),
            fixes: Box::default(),
            related: Box::default(),
        }
    }
    pub fn with_data(mut self, data: serde_json::Value) -> Self {
        self.data = Data::from(data);
        self
    }
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes = push(std::mem::take(&mut self.fixes), fix);
        self
    }
    pub fn with_related(
        self,
        span: impl Into<Span>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        self.related_in(Doc::This, span.into(), message.into())
    }
    /// A related location in last year's report.
    pub fn with_related_previous(
        self,
        span: impl Into<Span>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        self.related_in(Doc::Previous, span.into(), message.into())
    }
    fn related_in(mut self, doc: Doc, span: Span, message: Cow<'static, str>) -> Self {
        let r = Related {
            span,
            message: exact_cow(message),
            doc,
        };
        self.related = push(std::mem::take(&mut self.related), r);
        self
    }
}

/// `s` without spare capacity: `format!` reserves about twice its literal text and grows by
/// doubling, and a findings-heavy text (70 000 numbering findings) keeps every message.
fn exact(mut s: String) -> String {
    s.shrink_to_fit();
    s
}

/// `items` and `x` after them, without spare room (most findings have one fix or none).
fn push<T>(items: Box<[T]>, x: T) -> Box<[T]> {
    let mut v = Vec::with_capacity(items.len() + 1);
    v.extend(items);
    v.push(x);
    v.into_boxed_slice()
}

fn exact_cow(s: Cow<'static, str>) -> Cow<'static, str> {
    match s {
        Cow::Owned(s) => Cow::Owned(exact(s)),
        s => s,
    }
}

/// Apply non-overlapping edits to `text`.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_parsing() {
        assert_eq!(Level::parse("OFF"), Some(Level::Off));
        assert_eq!(Level::parse("info"), Some(Level::On(Severity::Information)));
        assert_eq!(Level::parse(" warn "), Some(Level::On(Severity::Warning)));
        assert_eq!(Level::parse("错误"), Some(Level::On(Severity::Error)));
        // the Chinese names are those of Severity::zh
        for sev in [
            Severity::Hint,
            Severity::Information,
            Severity::Warning,
            Severity::Error,
        ] {
            assert_eq!(Level::parse(sev.zh()), Some(Level::On(sev)));
        }
        assert_eq!(Level::parse("loud"), None);
    }

    #[test]
    fn severity_order_and_serde() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Information);
        let s: Severity = serde_json::from_str("\"info\"").unwrap();
        assert_eq!(s, Severity::Information);
        assert_eq!(serde_json::to_string(&Severity::Hint).unwrap(), "\"hint\"");
    }

    #[test]
    fn data_serialises_as_the_value_it_was_made_from() {
        let v =
            serde_json::json!({"kind": "unclosed", "mark": "（", "expected": "）", "n": [1, 2.5]});
        let d = Data::from(v.clone());
        assert!(!d.is_null());
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            serde_json::to_string(&v).unwrap()
        );
        assert_eq!(serde_json::to_value(&d).unwrap(), v);
        assert_eq!(d.value(), v);
        assert_eq!(d.str("kind").as_deref(), Some("unclosed"));
        assert_eq!(d.get("n"), Some(serde_json::json!([1, 2.5])));
        assert_eq!(d.str("n"), None);
        assert_eq!(d.get("missing"), None);
        // equal details share one allocation
        let again = Data::from(v.clone());
        assert!(Arc::ptr_eq(
            d.0.as_ref().unwrap(),
            again.0.as_ref().unwrap()
        ));
        assert_eq!(d, again);
        let none = Data::from(serde_json::Value::Null);
        assert!(none.is_null() && none.json().is_none());
        assert_eq!(none.value(), serde_json::Value::Null);
        assert_eq!(none.get("kind"), None);
        // a finding without data leaves the key out
        let f = Finding::new("x", Severity::Hint, Span::new(0, 1), "m");
        assert!(serde_json::to_value(&f).unwrap().get("data").is_none());
        let f = f.with_data(v.clone());
        assert_eq!(serde_json::to_value(&f).unwrap()["data"], v);
    }

    #[test]
    fn edits_read_as_the_slice_they_were_made_from() {
        let e = |a: usize, t: &str| Edit {
            span: Span::new(a, a + 1),
            text: t.into(),
        };
        for v in [vec![], vec![e(0, "，")], vec![e(0, "（"), e(5, "）")]] {
            let edits = Edits::from(v.clone());
            // one edit is kept inline, any other number in a boxed slice
            assert_eq!(matches!(edits, Edits::One(_)), v.len() == 1);
            assert_eq!(edits.as_slice(), v.as_slice());
            assert_eq!(edits.len(), v.len());
            assert_eq!(
                serde_json::to_string(&edits).unwrap(),
                serde_json::to_string(&v).unwrap()
            );
            assert_eq!(format!("{edits:?}"), format!("{v:?}"));
            assert_eq!((&edits).into_iter().count(), v.len());
        }
        assert!(Edits::default().is_empty());
    }
}
