//! The .docx container: a zip archive of XML parts. The main document is found through the
//! package relationships (`_rels/.rels`), its styles and numbering through its own
//! (`word/_rels/document.xml.rels`), falling back to the usual names.

use std::io::{Cursor, Read};

use quick_xml::events::Event;

use crate::xml::{attr, local, reader};
use crate::{Error, MAX_PART_BYTES};

pub(crate) struct Parts {
    pub document: Vec<u8>,
    pub styles: Option<Vec<u8>>,
    pub numbering: Option<Vec<u8>>,
}

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

impl Parts {
    pub(crate) fn open(bytes: &[u8]) -> Result<Parts, Error> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Error::NotZip(match e {
                zip::result::ZipError::InvalidArchive(_) => "不是 zip 格式".to_string(),
                e => e.to_string(),
            })
        })?;
        let main = read_part(&mut zip, "_rels/.rels")?
            .and_then(|rels| target(&rels, "/officeDocument", ""))
            .unwrap_or_else(|| "word/document.xml".to_string());
        let document = read_part(&mut zip, &main)?.ok_or(Error::NoDocument)?;
        // the main part's relationships: word/document.xml → word/_rels/document.xml.rels
        let (dir, file) = match main.rfind('/') {
            Some(k) => (&main[..k + 1], &main[k + 1..]),
            None => ("", main.as_str()),
        };
        let rels = read_part(&mut zip, &format!("{dir}_rels/{file}.rels"))?;
        let find = |zip: &mut Archive<'_>, kind: &str, default: &str| {
            let name = rels
                .as_deref()
                .and_then(|r| target(r, kind, dir))
                .unwrap_or_else(|| format!("{dir}{default}"));
            read_part(zip, &name)
        };
        let styles = find(&mut zip, "/styles", "styles.xml")?;
        let numbering = find(&mut zip, "/numbering", "numbering.xml")?;
        Ok(Parts {
            document,
            styles,
            numbering,
        })
    }
}

/// A part's bytes, None when the archive has no such part. Names are matched as stored, then
/// without regard to case (some producers differ in case from their relationships).
fn read_part(zip: &mut Archive<'_>, name: &str) -> Result<Option<Vec<u8>>, Error> {
    let name = name.trim_start_matches('/');
    let index = match zip.index_for_name(name) {
        Some(i) => i,
        None => match (0..zip.len()).find(|&i| {
            zip.name_for_index(i)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        }) {
            Some(i) => i,
            None => return Ok(None),
        },
    };
    let file = zip
        .by_index(index)
        .map_err(|e| Error::NotZip(e.to_string()))?;
    let mut out = Vec::with_capacity(file.size().min(MAX_PART_BYTES) as usize);
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::NotZip(e.to_string()))?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(Error::TooLarge(if name.ends_with("document.xml") {
            "正文"
        } else {
            "样式或编号定义"
        }));
    }
    Ok(Some(out))
}

/// The target of the first relationship whose type ends with `kind`, as a part name: relative
/// targets are resolved against `base` (the folder of the source part), `..` segments folded.
fn target(rels: &[u8], kind: &str, base: &str) -> Option<String> {
    let mut r = reader(rels);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if local(&e) == b"Relationship" => {
                let ty = attr(&e, b"Type").unwrap_or_default();
                if !ty.ends_with(kind) || attr(&e, b"TargetMode").as_deref() == Some("External") {
                    continue;
                }
                let t = attr(&e, b"Target")?;
                let joined = match t.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None => format!("{base}{t}"),
                };
                let mut segs: Vec<&str> = vec![];
                for s in joined.split('/') {
                    match s {
                        "" | "." => {}
                        ".." => {
                            segs.pop();
                        }
                        s => segs.push(s),
                    }
                }
                return Some(segs.join("/"));
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::zip;

    #[test]
    fn the_main_part_is_found_through_the_relationships() {
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="doc/main.xml"/></Relationships>"#;
        let drels = r#"<Relationships><Relationship Id="a" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="../num/n.xml"/></Relationships>"#;
        let z = zip(&[
            ("_rels/.rels", rels),
            ("doc/main.xml", "<w:document/>"),
            ("doc/_rels/main.xml.rels", drels),
            ("num/n.xml", "<w:numbering/>"),
        ]);
        let p = Parts::open(&z).unwrap();
        assert_eq!(p.document, b"<w:document/>");
        assert_eq!(p.numbering.as_deref(), Some(&b"<w:numbering/>"[..]));
        assert!(p.styles.is_none());
    }

    #[test]
    fn usual_names_without_relationships() {
        let z = zip(&[
            ("Word/Document.xml", "<w:document/>"),
            ("word/styles.xml", "<w:styles/>"),
        ]);
        let p = Parts::open(&z).unwrap();
        assert_eq!(p.document, b"<w:document/>");
        assert!(p.styles.is_some() && p.numbering.is_none());
    }

    #[test]
    fn relationship_targets_resolve() {
        let r = br#"<Relationships><Relationship Type="x/styles" Target="/word/s.xml"/><Relationship Type="x/numbering" Target="./sub/../n.xml"/></Relationships>"#;
        assert_eq!(target(r, "/styles", "word/").as_deref(), Some("word/s.xml"));
        assert_eq!(
            target(r, "/numbering", "word/").as_deref(),
            Some("word/n.xml")
        );
        assert_eq!(target(r, "/footer", "word/"), None);
    }
}
