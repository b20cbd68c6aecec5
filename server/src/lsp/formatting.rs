//! Document formatting, range formatting and the `source.fixAll.gongwen` code action: all three
//! hand the editor the minimal edits of [`gongwen::ide::formatting::format_edits`] (punctuation width,
//! diffed with `similar`), converted to the negotiated position encoding. Nothing is returned
//! for a file that is not checked as a report, or when the user switched `punct-width` off.

use tower_lsp_server::ls_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri};

use super::convert;
use super::document::Snapshot;
use gongwen::config::Config;
use gongwen::finding::Level;
use gongwen::text::{Encoding, Span};

/// The kind of the fix-all action (a sub-kind of `source.fixAll`).
pub const FIX_ALL_KIND: &str = "source.fixAll.gongwen";

/// The code action kinds the server offers.
pub fn code_action_kinds() -> Vec<CodeActionKind> {
    vec![CodeActionKind::QUICKFIX, CodeActionKind::new(FIX_ALL_KIND)]
}

/// Is punctuation formatting on? It follows the `punct-width` rule: a user who silenced the
/// rule does not get punctuation rewritten by format-on-save either.
pub fn enabled(config: &Config) -> bool {
    config.rules.get("punct-width") != Some(&Level::Off)
}

/// Does a code action request's `only` filter admit `kind`? Kinds are hierarchical: `source`
/// and `source.fixAll` admit `source.fixAll.gongwen`. No filter admits everything.
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    match only {
        None => true,
        Some(kinds) => kinds.iter().any(|k| {
            let k = k.as_str();
            kind == k || (kind.starts_with(k) && kind.as_bytes().get(k.len()) == Some(&b'.'))
        }),
    }
}

/// The formatting edits for the document, or for `range` of it.
pub fn edits(snap: &Snapshot, enc: Encoding, range: Option<Span>) -> Vec<TextEdit> {
    let a = &snap.analysis;
    if !a.is_report() {
        return vec![];
    }
    let mut ranges = convert::Ranges::new(snap, enc);
    gongwen::ide::formatting::format_edits(&snap.text, &a.outline, range)
        .into_iter()
        .map(|e| TextEdit::new(ranges.range(e.span), e.text.into()))
        .collect()
}

/// `source.fixAll.gongwen`: every punctuation-width fix of the document in one action.
pub fn fix_all_action(
    snap: &Snapshot,
    enc: Encoding,
    uri: &Uri,
    versioned: bool,
) -> Option<CodeActionOrCommand> {
    let edits = edits(snap, enc, None);
    if edits.is_empty() {
        return None;
    }
    let n = edits.len();
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: format!("全文半角标点改为全角（{n} 处）"),
        kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
        diagnostics: None,
        edit: Some(convert::workspace_edit_of(
            uri,
            snap.version,
            edits,
            versioned,
        )),
        command: None,
        is_preferred: None,
        disabled: None,
        data: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_filter_is_hierarchical() {
        let k = |s: &'static str| CodeActionKind::new(s);
        assert!(wanted(None, FIX_ALL_KIND));
        assert!(wanted(Some(&[k("source")]), FIX_ALL_KIND));
        assert!(wanted(Some(&[k("source.fixAll")]), FIX_ALL_KIND));
        assert!(wanted(Some(&[k("source.fixAll.gongwen")]), FIX_ALL_KIND));
        assert!(!wanted(Some(&[k("source.fix")]), FIX_ALL_KIND));
        assert!(!wanted(Some(&[k("quickfix")]), FIX_ALL_KIND));
        assert!(wanted(Some(&[k("quickfix")]), "quickfix"));
        assert!(!wanted(Some(&[k("source.fixAll")]), "quickfix"));
    }
}
