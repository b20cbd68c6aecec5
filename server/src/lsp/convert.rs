//! Engine values → LSP values. Byte spans become ranges in the negotiated position encoding,
//! always through the line index of the exact text the analysis saw.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DocumentChanges,
    Location, NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier, Position, Range,
    TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::document::Snapshot;
use gongwen::finding::{Doc, Finding, Fix, Severity};
use gongwen::text::{Cursor, Encoding, Measure, Span};

/// Ranges of many spans of one snapshot, sorted or nearly so, without re-walking lines.
pub struct Ranges<'a> {
    starts: Cursor<'a>,
    ends: Cursor<'a>,
}

impl<'a> Ranges<'a> {
    pub fn new(snap: &'a Snapshot, enc: Encoding) -> Self {
        let c = || Cursor::new(&snap.text, &snap.lines, Measure::Units(enc));
        Ranges {
            starts: c(),
            ends: c(),
        }
    }
    pub fn range(&mut self, span: Span) -> Range {
        let (a, b) = self.starts.position(span.start);
        let (c, d) = self.ends.position(span.end);
        Range::new(
            Position::new(a as u32, b as u32),
            Position::new(c as u32, d as u32),
        )
    }
}

pub fn position(snap: &Snapshot, offset: usize, enc: Encoding) -> Position {
    let (l, c) = snap.lines.position(&snap.text, offset, enc);
    Position::new(l as u32, c as u32)
}

pub fn range(snap: &Snapshot, span: Span, enc: Encoding) -> Range {
    Range::new(
        position(snap, span.start, enc),
        position(snap, span.end, enc),
    )
}

/// Byte offset of an LSP position in the snapshot's text (clamped).
pub fn offset(snap: &Snapshot, pos: Position, enc: Encoding) -> usize {
    snap.lines
        .offset(&snap.text, pos.line as usize, pos.character as usize, enc)
}

pub fn span(snap: &Snapshot, r: Range, enc: Encoding) -> Span {
    let a = offset(snap, r.start, enc);
    let b = offset(snap, r.end, enc);
    Span::new(a.min(b), a.max(b))
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// What an editor user can do about a finding, appended to its message: the engine's messages
/// name no front end's actions (the command line has its own).
pub(super) fn editor_note(f: &Finding) -> Option<&'static str> {
    match f.rule {
        "missing-section" if !f.fixes.is_empty() => Some("可用快速修复插入模板。"),
        "punct-width" if f.data.str("kind").as_deref() == Some("summary") => {
            Some("可用快速修复或“格式化文档”一次改正。")
        }
        _ => None,
    }
}

pub fn diagnostic(snap: &Snapshot, f: &Finding, enc: Encoding, uri: &Uri) -> Diagnostic {
    let href = gongwen::rules::doc_url(f.rule).parse().ok();
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .filter_map(|r| {
            let location = match r.doc {
                Doc::This => Location::new(uri.clone(), range(snap, r.span, enc)),
                Doc::Previous => super::yoy::previous_location(snap, r.span, enc)?,
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: r.message.to_string(),
            })
        })
        .collect();
    let related = (!related.is_empty()).then_some(related);
    Diagnostic {
        range: range(snap, f.span, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("gongwen".into()),
        message: match editor_note(f) {
            Some(note) => format!("{}{note}", f.message),
            None => f.message.to_string(),
        },
        related_information: related,
        tags: None,
        data: (!f.data.is_null()).then(|| f.data.value()),
    }
}

/// A fix as a workspace edit (see [`workspace_edit_of`]).
pub fn workspace_edit(
    snap: &Snapshot,
    fix: &Fix,
    enc: Encoding,
    uri: &Uri,
    versioned: bool,
) -> WorkspaceEdit {
    let mut r = Ranges::new(snap, enc);
    let edits = fix
        .edits
        .iter()
        .map(|e| TextEdit::new(r.range(e.span), e.text.to_string()))
        .collect();
    workspace_edit_of(uri, snap.version, edits, versioned)
}

/// Edits of one document as a workspace edit. `versioned`: as a `TextDocumentEdit` carrying the
/// version they were computed for, so that a client rejects them once the document has changed
/// (for clients that support `documentChanges`); otherwise as plain `changes`.
pub fn workspace_edit_of(
    uri: &Uri,
    version: i32,
    edits: Vec<TextEdit>,
    versioned: bool,
) -> WorkspaceEdit {
    if versioned {
        return WorkspaceEdit {
            changes: None,
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            change_annotations: None,
        };
    }
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    WorkspaceEdit {
        changes: Some(changes),
        document_changes: None,
        change_annotations: None,
    }
}
