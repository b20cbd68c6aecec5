//! `styles.xml`: only what the text needs — the list numbering a paragraph style carries (a
//! heading style numbered 一、, WPS's and Word's "List Number"), through its `basedOn` chain.

use std::collections::HashMap;

use quick_xml::events::Event;

use crate::xml::{attr, attr_u32, err, local, reader};
use crate::Error;

#[derive(Debug, Default, Clone)]
struct Style {
    based_on: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<u32>,
}

#[derive(Debug, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, Style>,
    /// The paragraph style of paragraphs that name none.
    default_paragraph: Option<String>,
}

impl Styles {
    pub(crate) fn parse(xml: &[u8]) -> Result<Styles, Error> {
        let mut out = Styles::default();
        let mut r = reader(xml);
        // the style being read: (id, style, inside pPr, inside numPr)
        let mut cur: Option<(String, Style)> = None;
        let mut depth = 0usize;
        let mut in_ppr = false;
        let mut in_change = 0usize;
        loop {
            match r.read_event().map_err(err)? {
                Event::Start(e) => {
                    depth += 1;
                    let n = local(&e);
                    if in_change > 0 {
                        in_change += 1;
                        continue;
                    }
                    match n {
                        b"style" if depth == 2 => {
                            let paragraph = attr(&e, b"type").is_none_or(|t| t == "paragraph");
                            if let Some(id) = attr(&e, b"styleId").filter(|_| paragraph) {
                                if attr(&e, b"default").is_some_and(|d| d == "1" || d == "true") {
                                    out.default_paragraph = Some(id.clone());
                                }
                                cur = Some((id, Style::default()));
                            }
                        }
                        b"basedOn" => {
                            if let Some((_, s)) = &mut cur {
                                s.based_on = attr(&e, b"val");
                            }
                        }
                        b"pPr" => in_ppr = true,
                        b"pPrChange" | b"rPrChange" => in_change = 1,
                        b"numId" if in_ppr => {
                            if let Some((_, s)) = &mut cur {
                                s.num_id = attr_u32(&e, b"val");
                            }
                        }
                        b"ilvl" if in_ppr => {
                            if let Some((_, s)) = &mut cur {
                                s.ilvl = attr_u32(&e, b"val");
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => {
                    depth = depth.saturating_sub(1);
                    if in_change > 0 {
                        in_change -= 1;
                        continue;
                    }
                    match e.local_name().as_ref() {
                        b"pPr" => in_ppr = false,
                        b"style" if depth == 1 => {
                            if let Some((id, s)) = cur.take() {
                                out.styles.insert(id, s);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }

    /// The numbering a paragraph of style `id` (None: the default style) gets from its style:
    /// `(numId, ilvl)`; the level is None when the style leaves it to the numbering definition.
    pub(crate) fn numbering(&self, id: Option<&str>) -> Option<(u32, Option<u32>)> {
        let mut id = id.or(self.default_paragraph.as_deref())?;
        let mut ilvl = None;
        // a chain longer than the number of styles is a cycle
        for _ in 0..=self.styles.len() {
            let s = self.styles.get(id)?;
            ilvl = ilvl.or(s.ilvl);
            if let Some(n) = s.num_id {
                return Some((n, ilvl));
            }
            id = s.based_on.as_deref()?;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_inherited_through_based_on() {
        let xml = br#"<w:styles xmlns:w="w">
          <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
          <w:style w:type="paragraph" w:styleId="H1"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="H2"><w:basedOn w:val="H1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
          <w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>
          <w:style w:type="character" w:styleId="C"><w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:style>
        </w:styles>"#;
        let s = Styles::parse(xml).unwrap();
        assert_eq!(s.numbering(Some("H1")), Some((3, None)));
        assert_eq!(s.numbering(Some("H2")), Some((3, Some(1))));
        assert_eq!(s.numbering(None), None);
        assert_eq!(s.numbering(Some("Loop1")), None);
        assert_eq!(s.numbering(Some("C")), None);
        assert_eq!(s.numbering(Some("missing")), None);
    }

    #[test]
    fn old_numbering_in_a_tracked_change_is_ignored() {
        let xml = br#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="A"><w:pPr><w:pPrChange><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:pPrChange></w:pPr></w:style></w:styles>"#;
        assert_eq!(Styles::parse(xml).unwrap().numbering(Some("A")), None);
    }
}
