//! The main document part (`word/document.xml`) read in one pass of XML events into text lines
//! and their [`Place`]s.

use quick_xml::events::Event;

use crate::numbering::{Counters, Numbering};
use crate::styles::Styles;
use crate::xml::{attr, attr_u32, err, local, on, push_ref, push_text, reader};
use crate::{Document, Error, Place};

/// The elements whose position matters to what follows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    PPr,
    NumPr,
    /// Run properties, or the paragraph mark's (inside pPr).
    RPr,
    R,
    T,
    InstrText,
    FldSimple,
    TrPr,
    TcPr,
    Other,
}

/// Elements left out with everything inside them.
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        // deleted and moved-away text
        b"del" | b"moveFrom" | b"delText" | b"delInstrText"
        // earlier formatting kept by tracked changes
        | b"pPrChange" | b"rPrChange" | b"tblPrChange" | b"trPrChange" | b"tcPrChange"
        | b"sectPrChange" | b"tblGridChange" | b"numberingChange" | b"cellDel" | b"cellIns"
        | b"cellMerge"
        // notes, comments: the marks in the text
        | b"footnoteReference" | b"endnoteReference" | b"commentReference" | b"annotationRef"
        | b"footnoteRef" | b"endnoteRef" | b"separator" | b"continuationSeparator"
        // pictures, text boxes, embedded objects, the old copy of new content
        | b"drawing" | b"pict" | b"object" | b"Fallback" | b"txbxContent"
        // section layout, properties of content controls, form field data, ruby annotations
        | b"sectPr" | b"sdtPr" | b"sdtEndPr" | b"fldData" | b"ffData" | b"rt"
    )
}

#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<u32>,
    mark_deleted: bool,
}

#[derive(Default)]
struct Cell {
    paras: Vec<String>,
    span: u32,
    continued: bool,
}

#[derive(Default)]
struct Row {
    cells: Vec<Cell>,
    deleted: bool,
    before: u32,
    after: u32,
}

#[derive(Default)]
struct Table {
    rows: Vec<Row>,
    /// Tables nested in a cell of this one: their paragraphs belong to the open cell.
    nested: usize,
}

struct Field {
    instr: String,
    result: bool,
}

struct Walker<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
    counters: Counters,
    stack: Vec<Tag>,
    skip: usize,
    para: Option<Para>,
    /// Text of paragraphs whose mark was deleted: it joins the next paragraph.
    carry: String,
    /// The first of those paragraphs with a list number.
    carry_list: Option<Para>,
    table: Option<Table>,
    fields: Vec<Field>,
    run_hidden: bool,
    lines: Vec<(String, Place)>,
    paragraphs: u32,
    tables: u32,
}

/// Read the main document part.
pub(crate) fn render(
    xml: &[u8],
    styles: &Styles,
    numbering: &Numbering,
) -> Result<Document, Error> {
    let mut w = Walker {
        styles,
        numbering,
        counters: Counters::default(),
        stack: Vec::with_capacity(16),
        skip: 0,
        para: None,
        carry: String::new(),
        carry_list: None,
        table: None,
        fields: vec![],
        run_hidden: false,
        lines: Vec::with_capacity(xml.len() / 600),
        paragraphs: 0,
        tables: 0,
    };
    let mut r = reader(xml);
    loop {
        match r.read_event().map_err(err)? {
            Event::Start(e) => {
                if w.skip > 0 {
                    w.skip += 1;
                    continue;
                }
                let name = local(&e);
                let parent = w.stack.last().copied();
                if skipped(name) {
                    // a deleted paragraph mark, a deleted table row
                    if matches!(name, b"del" | b"moveFrom") {
                        if parent == Some(Tag::RPr)
                            && w.stack.len() >= 2
                            && w.stack[w.stack.len() - 2] == Tag::PPr
                        {
                            if let Some(p) = &mut w.para {
                                p.mark_deleted = true;
                            }
                        } else if parent == Some(Tag::TrPr) {
                            if let Some(row) = w.row() {
                                row.deleted = true;
                            }
                        }
                    }
                    w.skip = 1;
                    continue;
                }
                let tag = match name {
                    b"p" => {
                        if w.para.is_some() {
                            w.end_paragraph();
                        }
                        w.para = Some(Para::default());
                        Tag::P
                    }
                    b"pPr" if parent == Some(Tag::P) => Tag::PPr,
                    b"pStyle" if parent == Some(Tag::PPr) => {
                        if let Some(p) = &mut w.para {
                            p.style = attr(&e, b"val");
                        }
                        Tag::Other
                    }
                    b"numPr" if parent == Some(Tag::PPr) => Tag::NumPr,
                    b"numId" if parent == Some(Tag::NumPr) => {
                        if let Some(p) = &mut w.para {
                            p.num_id = attr_u32(&e, b"val");
                        }
                        Tag::Other
                    }
                    b"ilvl" if parent == Some(Tag::NumPr) => {
                        if let Some(p) = &mut w.para {
                            p.ilvl = attr_u32(&e, b"val");
                        }
                        Tag::Other
                    }
                    b"rPr" => Tag::RPr,
                    b"vanish" if parent == Some(Tag::RPr) => {
                        if w.stack.len() >= 2 && w.stack[w.stack.len() - 2] == Tag::R {
                            w.run_hidden = on(&e);
                        }
                        Tag::Other
                    }
                    b"r" => {
                        w.run_hidden = false;
                        Tag::R
                    }
                    b"t" if parent == Some(Tag::R) => Tag::T,
                    b"instrText" if parent == Some(Tag::R) => Tag::InstrText,
                    b"tab" | b"ptab" if parent == Some(Tag::R) => {
                        w.push("\t");
                        Tag::Other
                    }
                    b"br" if parent == Some(Tag::R) => {
                        if !matches!(attr(&e, b"type").as_deref(), Some("page" | "column")) {
                            w.push("\n");
                        }
                        Tag::Other
                    }
                    b"cr" if parent == Some(Tag::R) => {
                        w.push("\n");
                        Tag::Other
                    }
                    b"noBreakHyphen" if parent == Some(Tag::R) => {
                        w.push("-");
                        Tag::Other
                    }
                    b"sym" if parent == Some(Tag::R) => {
                        let c = attr(&e, b"char")
                            .and_then(|h| u32::from_str_radix(h.trim(), 16).ok())
                            .and_then(char::from_u32)
                            .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c));
                        if let Some(c) = c {
                            w.push(c.encode_utf8(&mut [0; 4]));
                        }
                        Tag::Other
                    }
                    b"fldChar" if parent == Some(Tag::R) => {
                        match attr(&e, b"fldCharType").as_deref() {
                            Some("begin") => w.fields.push(Field {
                                instr: String::new(),
                                result: false,
                            }),
                            Some("separate") => {
                                if let Some(f) = w.fields.last_mut() {
                                    f.result = true;
                                }
                            }
                            Some("end") => {
                                w.fields.pop();
                            }
                            _ => {}
                        }
                        Tag::Other
                    }
                    b"fldSimple" => {
                        w.fields.push(Field {
                            instr: attr(&e, b"instr").unwrap_or_default(),
                            result: true,
                        });
                        Tag::FldSimple
                    }
                    b"tbl" => {
                        w.flush_carry();
                        match &mut w.table {
                            Some(t) => t.nested += 1,
                            None => w.table = Some(Table::default()),
                        }
                        Tag::Other
                    }
                    b"tr" => {
                        if let Some(t) = w.table.as_mut().filter(|t| t.nested == 0) {
                            t.rows.push(Row::default());
                        }
                        Tag::Other
                    }
                    b"trPr" if w.outer_table() => Tag::TrPr,
                    b"gridBefore" | b"gridAfter" if parent == Some(Tag::TrPr) => {
                        let n = attr_u32(&e, b"val").unwrap_or(0).min(64);
                        if let Some(row) = w.row() {
                            if name == b"gridBefore" {
                                row.before = n;
                            } else {
                                row.after = n;
                            }
                        }
                        Tag::Other
                    }
                    b"tc" => {
                        if w.outer_table() {
                            if let Some(row) = w.row() {
                                row.cells.push(Cell {
                                    span: 1,
                                    ..Cell::default()
                                });
                            }
                        }
                        Tag::Other
                    }
                    b"tcPr" if w.outer_table() => Tag::TcPr,
                    b"gridSpan" if parent == Some(Tag::TcPr) => {
                        let n = attr_u32(&e, b"val").unwrap_or(1).clamp(1, 64);
                        if let Some(c) = w.cell() {
                            c.span = n;
                        }
                        Tag::Other
                    }
                    b"vMerge" if parent == Some(Tag::TcPr) => {
                        let restart = attr(&e, b"val").is_some_and(|v| v == "restart");
                        if let Some(c) = w.cell() {
                            c.continued = !restart;
                        }
                        Tag::Other
                    }
                    _ => Tag::Other,
                };
                w.stack.push(tag);
            }
            Event::End(e) => {
                if w.skip > 0 {
                    w.skip -= 1;
                    continue;
                }
                let tag = w.stack.pop();
                match e.local_name().as_ref() {
                    b"p" if tag == Some(Tag::P) => w.end_paragraph(),
                    b"fldSimple" if tag == Some(Tag::FldSimple) => {
                        w.fields.pop();
                    }
                    b"tc" => w.flush_carry(),
                    b"tbl" => {
                        w.flush_carry();
                        match &mut w.table {
                            Some(t) if t.nested > 0 => t.nested -= 1,
                            Some(_) => {
                                if let Some(t) = w.table.take() {
                                    w.emit_table(t);
                                }
                            }
                            None => {}
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => match w.stack.last() {
                Some(Tag::T) if w.visible() => {
                    if let Some(p) = &mut w.para {
                        push_text(&mut p.text, &t);
                    }
                }
                Some(Tag::InstrText) => {
                    if let Some(f) = w.fields.last_mut() {
                        push_text(&mut f.instr, &t);
                    }
                }
                _ => {}
            },
            Event::GeneralRef(g) => match w.stack.last() {
                Some(Tag::T) if w.visible() => {
                    if let Some(p) = &mut w.para {
                        push_ref(&mut p.text, &g);
                    }
                }
                Some(Tag::InstrText) => {
                    if let Some(f) = w.fields.last_mut() {
                        push_ref(&mut f.instr, &g);
                    }
                }
                _ => {}
            },
            Event::CData(t) if w.stack.last() == Some(&Tag::T) && w.visible() => {
                if let Some(p) = &mut w.para {
                    p.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if w.para.is_some() {
        w.end_paragraph();
    }
    w.flush_carry();
    if let Some(t) = w.table.take() {
        w.emit_table(t);
    }
    let mut text = String::with_capacity(w.lines.iter().map(|l| l.0.len() + 1).sum());
    let mut places = Vec::with_capacity(w.lines.len());
    for (line, place) in w.lines {
        text.push_str(&line);
        text.push('\n');
        places.push(place);
    }
    Ok(Document { text, places })
}

impl Walker<'_> {
    /// Is text here shown: not hidden, not a field's code, not a table of contents?
    fn visible(&self) -> bool {
        !self.run_hidden
            && self
                .fields
                .iter()
                .all(|f| f.result && !f.instr.trim_start().to_ascii_uppercase().starts_with("TOC"))
    }

    fn push(&mut self, s: &str) {
        if self.visible() {
            if let Some(p) = &mut self.para {
                p.text.push_str(s);
            }
        }
    }

    /// Inside the outermost table, not in a table nested in one of its cells.
    fn outer_table(&self) -> bool {
        self.table.as_ref().is_some_and(|t| t.nested == 0)
    }

    fn row(&mut self) -> Option<&mut Row> {
        self.table
            .as_mut()
            .filter(|t| t.nested == 0)
            .and_then(|t| t.rows.last_mut())
    }

    fn cell(&mut self) -> Option<&mut Cell> {
        self.row().and_then(|r| r.cells.last_mut())
    }

    /// The paragraph's text with its list number in front.
    fn end_paragraph(&mut self) {
        let Some(p) = self.para.take() else {
            return;
        };
        if p.mark_deleted {
            // the paragraphs joined by deleted marks keep the list number of the first that
            // has one (as Word does when the change is accepted)
            self.carry.push_str(&p.text);
            if self.carry_list.is_none() && self.numbered(&p) {
                self.carry_list = Some(Para {
                    text: String::new(),
                    ..p
                });
            }
            return;
        }
        let mut text = String::new();
        let numbered = self.carry_list.take().unwrap_or_default();
        let list = if self.numbered(&numbered) {
            &numbered
        } else {
            &p
        };
        if let Some(prefix) = self.list_number(list) {
            text.push_str(&prefix);
        }
        text.push_str(&std::mem::take(&mut self.carry));
        text.push_str(&p.text);
        self.paragraph(text);
    }

    /// A paragraph's text goes to the open table cell, else to the lines.
    fn paragraph(&mut self, text: String) {
        if self.table.is_some() {
            if let Some(t) = &mut self.table {
                if let Some(c) = t.rows.last_mut().and_then(|r| r.cells.last_mut()) {
                    c.paras.push(text);
                    return;
                }
            }
            // a paragraph in a table but outside any cell: not shown by Word either
            return;
        }
        self.body_paragraph(&text);
    }

    fn body_paragraph(&mut self, text: &str) {
        if text.trim().is_empty() {
            for _ in text.split('\n') {
                self.lines.push((
                    String::new(),
                    Place::Blank {
                        after: self.paragraphs,
                    },
                ));
            }
            return;
        }
        self.paragraphs += 1;
        for line in text.split('\n') {
            self.lines
                .push((line.to_string(), Place::Paragraph(self.paragraphs)));
        }
    }

    /// Text left over by deleted paragraph marks at the end of a cell or before a table.
    fn flush_carry(&mut self) {
        if let Some(mut first) = self.carry_list.take() {
            first.text = std::mem::take(&mut self.carry);
            first.mark_deleted = false;
            self.para = Some(first);
            self.end_paragraph();
        } else if !self.carry.is_empty() {
            let c = std::mem::take(&mut self.carry);
            self.paragraph(c);
        }
    }

    /// Does the paragraph have a list number (directly or from its style)?
    fn numbered(&self, p: &Para) -> bool {
        match p.num_id {
            Some(0) => false,
            Some(_) => true,
            None => self.styles.numbering(p.style.as_deref()).is_some(),
        }
    }

    fn list_number(&mut self, p: &Para) -> Option<String> {
        let from_style = self.styles.numbering(p.style.as_deref());
        let num = match p.num_id {
            Some(0) => return None,
            Some(n) => n,
            None => from_style?.0,
        };
        let ilvl = p.ilvl.or(from_style.and_then(|s| s.1)).unwrap_or_else(|| {
            self.numbering
                .level_of_style(num, p.style.as_deref(), self.styles)
        });
        self.numbering
            .next(&mut self.counters, num, ilvl, self.styles)
    }

    /// A table as `|` rows, with a separator after the first row; a table of one column (a
    /// frame around text) as paragraphs.
    fn emit_table(&mut self, t: Table) {
        // each row as its columns, each column the paragraphs shown there
        let rows: Vec<Vec<Vec<String>>> = t
            .rows
            .into_iter()
            .filter(|r| !r.deleted)
            .map(|r| {
                let mut cells = vec![vec![]; r.before as usize];
                for c in r.cells {
                    // the rows a merged cell spans below its first show nothing
                    cells.push(if c.continued { vec![] } else { c.paras });
                    cells.extend(std::iter::repeat_n(vec![], c.span as usize - 1));
                }
                cells.extend(std::iter::repeat_n(vec![], r.after as usize));
                cells
            })
            .collect();
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns <= 1 {
            for p in rows.into_iter().flatten().flatten() {
                self.body_paragraph(&p);
            }
            return;
        }
        self.tables += 1;
        let table = self.tables;
        for (k, row) in rows.iter().enumerate() {
            let mut line = String::from("|");
            for j in 0..columns {
                line.push(' ');
                let mut first = true;
                for p in row.get(j).into_iter().flatten() {
                    let p = p.trim();
                    if p.is_empty() {
                        continue;
                    }
                    if !first {
                        line.push(' ');
                    }
                    first = false;
                    for c in p.chars() {
                        line.push(match c {
                            // a bar inside a cell would split it
                            '|' | '｜' => '/',
                            '\n' | '\t' | '\r' => ' ',
                            c => c,
                        });
                    }
                }
                line.push_str(" |");
            }
            let row_no = k as u32 + 1;
            self.lines.push((line, Place::Row { table, row: row_no }));
            if k == 0 {
                let sep = format!("|{}", " --- |".repeat(columns));
                self.lines.push((sep, Place::Row { table, row: 1 }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::{docx, np, p, text};
    use crate::{read, Place};

    /// The four levels of a Chinese report: 一、 （一） 1. （1）.
    const REPORT_LEVELS: &str = r#"<w:abstractNum w:abstractNumId="7">
      <w:multiLevelType w:val="multilevel"/>
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:firstLine="640"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:lvl>
      <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
      <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
      <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/></w:lvl>
    </w:abstractNum>
    <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
    <w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>"#;

    #[test]
    fn list_numbering_is_rendered_as_text() {
        let body = [
            p("关于2024年法治政府建设情况的报告"),
            np(1, 0, "主要举措和成效"),
            np(1, 1, "健全依法决策机制"),
            np(1, 2, "完善决策程序"),
            np(1, 3, "开展合法性审查"),
            np(1, 3, "组织专家论证"),
            np(1, 2, "公开征求意见"),
            np(1, 1, "严格规范执法"),
            np(1, 2, "推行执法公示"),
            // another instance of the same list continues the count, as in Word
            np(2, 0, "存在的不足和原因"),
            p("工作还有差距。"),
        ]
        .concat();
        let d = read(&docx(&body, Some(REPORT_LEVELS), None)).unwrap();
        assert_eq!(
            d.text,
            "关于2024年法治政府建设情况的报告\n一、主要举措和成效\n（一）健全依法决策机制\n1.完善决策程序\n（1）开展合法性审查\n（2）组织专家论证\n2.公开征求意见\n（二）严格规范执法\n1.推行执法公示\n二、存在的不足和原因\n工作还有差距。\n"
        );
        assert_eq!(d.places.len(), 11);
        assert_eq!(d.places[0], Place::Paragraph(1));
        assert_eq!(d.places[10], Place::Paragraph(11));
    }

    #[test]
    fn overrides_start_a_count_of_their_own_and_numid_zero_removes_numbering() {
        let num = format!(
            r#"{REPORT_LEVELS}<w:num w:numId="3"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
            <w:num w:numId="4"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="2"><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%3"/></w:lvl></w:lvlOverride></w:num>"#
        );
        let body = [
            np(1, 0, "甲"),
            np(3, 0, "丁"),
            np(3, 0, "戊"),
            np(1, 0, "乙"),
            np(4, 2, "圈"),
            np(0, 0, "无编号"),
            np(99, 0, "没有定义的编号"),
        ]
        .concat();
        assert_eq!(
            text(&docx(&body, Some(&num), None)),
            "一、甲\n四、丁\n五、戊\n二、乙\n①圈\n无编号\n没有定义的编号\n"
        );
    }

    #[test]
    fn numbering_from_paragraph_styles() {
        let styles = r#"
          <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
          <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>"#;
        let num = r#"<w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="1"/><w:lvlText w:val="%1、"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="2"/><w:lvlText w:val="（%2）"/></w:lvl>
        </w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>"#;
        let sp = |style: &str, t: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            sp("1", "主要举措"),
            sp("2", "决策"),
            sp("2", "执法"),
            sp("a", "正文"),
            sp("1", "不足"),
            sp("2", "原因"),
        ]
        .concat();
        assert_eq!(
            text(&docx(&body, Some(num), Some(styles))),
            "一、主要举措\n（一）决策\n（二）执法\n正文\n二、不足\n（一）原因\n"
        );
    }

    #[test]
    fn tracked_changes_read_as_accepted() {
        let body = r#"
          <w:p><w:r><w:t xml:space="preserve">全年办理案件</w:t></w:r>
            <w:del w:id="1" w:author="审核人"><w:r><w:delText>120</w:delText></w:r></w:del>
            <w:ins w:id="2" w:author="审核人"><w:r><w:t>126</w:t></w:r></w:ins>
            <w:r><w:t>件。</w:t></w:r>
            <w:moveFrom w:id="3"><w:r><w:t>挪走的话</w:t></w:r></w:moveFrom>
          </w:p>
          <w:p><w:pPr><w:rPr><w:del w:id="4" w:author="审核人"/></w:rPr></w:pPr><w:r><w:t>第一段的前半，</w:t></w:r></w:p>
          <w:p><w:r><w:t>接着后半。</w:t></w:r></w:p>
          <w:p><w:pPr><w:pPrChange w:id="5"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr>
            <w:r><w:rPr><w:b/><w:rPrChange w:id="6"><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr><w:t>格式改过的段落</w:t></w:r></w:p>"#;
        let d = read(&docx(body, Some(REPORT_LEVELS), None)).unwrap();
        assert_eq!(
            d.text,
            "全年办理案件126件。\n第一段的前半，接着后半。\n格式改过的段落\n"
        );
        assert_eq!(
            d.places,
            [
                Place::Paragraph(1),
                Place::Paragraph(2),
                Place::Paragraph(3)
            ]
        );
    }

    #[test]
    fn paragraphs_joined_by_a_deleted_mark_keep_the_first_list_number() {
        let del = r#"<w:rPr><w:del w:id="1" w:author="a"/></w:rPr>"#;
        let body = format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>{del}</w:pPr><w:r><w:t>开展评查，</w:t></w:r></w:p>
               <w:p><w:r><w:t>评查300卷。</w:t></w:r></w:p>
               {}
               <w:tbl><w:tr><w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>{del}</w:pPr><w:r><w:t>单元格</w:t></w:r></w:p></w:tc><w:tc>{}</w:tc></w:tr></w:tbl>"#,
            np(1, 2, "推进监管。"),
            p("x"),
        );
        assert_eq!(
            text(&docx(&body, Some(REPORT_LEVELS), None)),
            "1.开展评查，评查300卷。\n2.推进监管。\n| 3.单元格 | x |\n| --- | --- |\n"
        );
    }

    #[test]
    fn notes_comments_hidden_text_and_field_codes_are_left_out() {
        let body = r#"
          <w:p><w:r><w:t>办结率为98%</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t>。</w:t></w:r>
            <w:commentRangeStart w:id="0"/><w:r><w:t>批注处</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>
            <w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>不隐藏</w:t></w:r></w:p>
          <w:p><w:r><w:t xml:space="preserve">第 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页</w:t></w:r>
            <w:fldSimple w:instr=" DATE "><w:r><w:t>2025年3月1日</w:t></w:r></w:fldSimple></w:p>
          <w:p><w:r><w:t>甲</w:t></w:r><w:r><w:drawing><wp:inline><a:graphic><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></a:graphic></wp:inline></w:drawing></w:r>
            <mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>乙</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>乙</w:t></w:r></mc:Fallback></mc:AlternateContent>
            <w:r><w:t>A&amp;B&#x4E19;</w:t><w:tab/><w:t>丁</w:t><w:br/><w:t>戊</w:t><w:br w:type="page"/><w:t>己</w:t></w:r></w:p>"#;
        let d = read(&docx(body, None, None)).unwrap();
        assert_eq!(
            d.text,
            "办结率为98%。批注处不隐藏\n第 3 页2025年3月1日\n甲乙A&B丙\t丁\n戊己\n"
        );
        assert_eq!(
            d.places[3],
            Place::Paragraph(3),
            "a line break stays in its paragraph"
        );
    }

    #[test]
    fn a_table_of_contents_is_left_out() {
        let body = r#"
          <w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>
          <w:p><w:r><w:t>目录</w:t></w:r></w:p>
          <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:hyperlink w:anchor="_Toc1"><w:r><w:t>一、主要举措和成效</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>1</w:t></w:r></w:hyperlink></w:p>
          <w:p><w:hyperlink w:anchor="_Toc2"><w:r><w:t>二、存在的不足</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>3</w:t></w:r></w:hyperlink><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
          </w:sdtContent></w:sdt>
          <w:p><w:r><w:t>一、主要举措和成效</w:t></w:r></w:p>"#;
        assert_eq!(
            text(&docx(body, None, None)),
            "目录\n\n\n一、主要举措和成效\n"
        );
    }

    fn tc(t: &str) -> String {
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"2000\"/></w:tcPr>{}</w:tc>",
            p(t)
        )
    }

    #[test]
    fn tables_become_bar_rows() {
        let row = |cells: &[&str]| {
            format!(
                "<w:tr>{}</w:tr>",
                cells.iter().map(|c| tc(c)).collect::<String>()
            )
        };
        let body = [
            p("全年收到行政复议申请情况如下："),
            "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>".to_string(),
            row(&["类别", "件数", "占比"]),
            row(&["维持", "60", "50%"]),
            // a deleted row
            format!("<w:tr><w:trPr><w:del w:id=\"9\" w:author=\"x\"/></w:trPr>{}{}{}</w:tr>", tc("撤销"), tc("1"), tc("1%")),
            row(&["纠错", "60", "50%"]),
            // a cell spanning two columns, a cell with two paragraphs and a bar
            format!(
                "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>{}</w:tc><w:tc>{}{}</w:tc></w:tr>",
                p("合计 120"),
                p("100%"),
                p("a|b")
            ),
            "</w:tbl>".to_string(),
            p("以上数据截至年底。"),
        ]
        .concat();
        let d = read(&docx(&body, None, None)).unwrap();
        assert_eq!(
            d.text,
            "全年收到行政复议申请情况如下：\n| 类别 | 件数 | 占比 |\n| --- | --- | --- |\n| 维持 | 60 | 50% |\n| 纠错 | 60 | 50% |\n| 合计 120 |  | 100% a/b |\n以上数据截至年底。\n"
        );
        assert_eq!(
            d.places,
            [
                Place::Paragraph(1),
                Place::Row { table: 1, row: 1 },
                Place::Row { table: 1, row: 1 },
                Place::Row { table: 1, row: 2 },
                Place::Row { table: 1, row: 3 },
                Place::Row { table: 1, row: 4 },
                Place::Paragraph(2),
            ]
        );
    }

    #[test]
    fn merged_rows_nested_tables_and_frames() {
        let body = format!(
            "<w:tbl>\
               <w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc>{}{}</w:tr>\
               <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>{}</w:tc>{}<w:tc><w:tbl><w:tr>{}{}</w:tr></w:tbl></w:tc></w:tr>\
             </w:tbl>\
             <w:p/>\
             <w:tbl><w:tr><w:tc>{}{}</w:tc></w:tr><w:tr>{}</w:tr></w:tbl>",
            p("复议"),
            tc("受理"),
            tc("30"),
            p(""),
            tc("办结"),
            tc("内"),
            tc("嵌"),
            // a one-column table around the text
            p("一、主要举措和成效"),
            p("全年推进依法行政。"),
            tc("二、存在的不足和原因"),
        );
        let d = read(&docx(&body, None, None)).unwrap();
        assert_eq!(
            d.text,
            "| 复议 | 受理 | 30 |\n| --- | --- | --- |\n|  | 办结 | 内 嵌 |\n\n一、主要举措和成效\n全年推进依法行政。\n二、存在的不足和原因\n"
        );
        assert_eq!(d.places[3], Place::Blank { after: 0 });
        assert_eq!(d.places[6], Place::Paragraph(3));
    }

    #[test]
    fn empty_paragraphs_are_blank_lines_not_counted() {
        let body = [p("甲"), "<w:p/>".into(), p("  "), p("乙")].concat();
        let d = read(&docx(&body, None, None)).unwrap();
        assert_eq!(d.text, "甲\n\n\n乙\n");
        assert_eq!(
            d.places,
            [
                Place::Paragraph(1),
                Place::Blank { after: 1 },
                Place::Blank { after: 1 },
                Place::Paragraph(2)
            ]
        );
    }

    #[test]
    fn broken_xml_is_an_error_in_chinese() {
        let e = read(&docx("<w:p><w:r><w:t>未闭合", None, None));
        // an unclosed document ends early: either an error or the text so far, never a panic
        if let Err(e) = e {
            assert!(e.to_string().contains("另存为"), "{e}");
        }
        let e = read(&docx(
            "<w:p><w:r><w:t>x</w:t></w:r></w:p><!-- unclosed",
            None,
            None,
        ))
        .unwrap_err();
        assert!(e.to_string().contains("损坏"), "{e}");
    }
}
