//! The outline parser, in passes over the lines: Markdown extras (front matter, fences), the
//! header (title, addressee, debris above them), the tail (signature, closing, debris below),
//! the body (headings and paragraphs), then section ends, the opening and inline runs.

use super::*;

/// Parse `text` into an outline. `markdown` enables Markdown headings, front matter and
/// paragraph joining.
pub fn parse(text: &str, markdown: bool) -> Outline {
    let mut p = Parser {
        text,
        lines: split_lines(text, markdown),
        skip: vec![],
        out: Outline {
            markdown,
            ..Outline::default()
        },
    };
    p.skip = vec![false; p.lines.len()];
    if markdown {
        p.markdown_extras();
    }
    let (title_line, head_end) = p.title().map_or((None, 0), |(t, e)| (Some(t), e));
    let head_end = p.addressee(title_line, head_end);
    let tail_start = p.tail(head_end);
    p.body(head_end, tail_start);
    p.section_ends();
    p.opening();
    p.runs();
    p.out.noise.sort();
    // the tables grew by doubling: give back the spare room (a text of 100 000 headings)
    p.out.headings.shrink_to_fit();
    p.out.paragraphs.shrink_to_fit();
    p.out
}

struct Parser<'t> {
    text: &'t str,
    lines: Vec<Line>,
    /// Lines that are not report text (front matter, fences, debris).
    skip: Vec<bool>,
    out: Outline,
}

impl Parser<'_> {
    fn usable(&self, i: usize) -> bool {
        !self.skip[i] && !self.lines[i].is_blank()
    }

    fn inner(&self, i: usize) -> &str {
        self.lines[i].inner.text(self.text)
    }

    /// Mark line `i` as debris.
    fn drop_line(&mut self, i: usize) {
        self.out.noise.push(self.lines[i].raw);
        self.skip[i] = true;
    }

    /// Markdown front matter and fenced code blocks are not report text.
    fn markdown_extras(&mut self) {
        let (text, lines) = (self.text, &self.lines);
        let mut i = 0;
        if lines.first().is_some_and(|l| l.content.text(text) == "---") {
            if let Some(end) = (1..lines.len()).find(|&j| lines[j].content.text(text) == "---") {
                for s in self.skip.iter_mut().take(end + 1) {
                    *s = true;
                }
                self.out
                    .noise
                    .push(Span::new(lines[0].raw.start, lines[end].raw.end));
                i = end + 1;
            }
        }
        let mut fence = None;
        while i < lines.len() {
            let t = lines[i].content.text(text);
            if t.starts_with("```") || t.starts_with("~~~") {
                fence = match fence {
                    None => Some(i),
                    Some(_) => None,
                };
                self.skip[i] = true;
            } else if fence.is_some() || (t.starts_with("<!--") && t.ends_with("-->")) {
                self.skip[i] = true;
            }
            i += 1;
        }
    }

    /// The title: the first title-like line near the top (joined with its other half when it
    /// is broken over two lines); lines above it are debris. Returns the title's first line and
    /// the line after it.
    fn title(&mut self) -> Option<(usize, usize)> {
        let first_lines: Vec<usize> = (0..self.lines.len())
            .filter(|&i| self.usable(i))
            .take(14)
            .collect();
        let mut title_line = None;
        for &i in &first_lines {
            let s = self.inner(i);
            if is_noise(s) {
                continue;
            }
            if looks_like_addressee(s) || marker::parse(s).is_some() {
                break;
            }
            if looks_like_title(s, self.lines[i].md_level) {
                title_line = Some(i);
                break;
            }
        }
        let mut t = title_line?;
        // a title broken over two lines, the first lacking the title words: "关于2024年度法治
        // 政府建设" / "情况的报告"
        if t > 0 && self.usable(t - 1) {
            let prev = self.inner(t - 1);
            if (prev.starts_with("关于") || prev.contains("法治"))
                && prev.chars().count() <= 40
                && !prev.contains(['。', '，', '：', ':'])
                && !is_noise(prev)
                && marker::parse(prev).is_none()
                && self.inner(t).chars().count() <= 30
            {
                t -= 1;
            }
        }
        let mut span = self.lines[t].inner;
        let mut head_end = t + 1;
        // a title broken over two lines: "关于2023年度法治政府建设" / "情况的报告"
        if let Some(n) = (t + 1..self.lines.len()).find(|&j| self.usable(j)) {
            let s = self.inner(n);
            if n == t + 1
                && s.ends_with("报告")
                && s.chars().count() <= 30
                && !looks_like_addressee(s)
                && marker::parse(s).is_none()
                && !span.text(self.text).ends_with("报告")
            {
                span = span.cover(self.lines[n].inner);
                head_end = n + 1;
            }
        }
        self.out.title = Some(span);
        for i in 0..t {
            if self.usable(i) {
                self.drop_line(i);
            }
        }
        Some((t, head_end))
    }

    /// The addressee: a short line ending with a colon, right after the title (debris allowed
    /// between). Debris in the header is dropped. Returns the first line after the header.
    fn addressee(&mut self, title_line: Option<usize>, mut head_end: usize) -> usize {
        let candidates: Vec<usize> = (head_end..self.lines.len())
            .filter(|&i| self.usable(i))
            .take(if title_line.is_some() { 4 } else { 8 })
            .collect();
        for &i in &candidates {
            let s = self.inner(i);
            if is_noise(s) {
                continue;
            }
            if looks_like_addressee(s) {
                self.out.addressee = Some(self.lines[i].inner);
                // with no title, whatever precedes the addressee is debris
                if title_line.is_none() {
                    for j in 0..i {
                        if self.usable(j) {
                            self.drop_line(j);
                        }
                    }
                }
                head_end = i + 1;
                break;
            }
            if title_line.is_some() {
                // the first real line after the title is not an addressee: there is none
                break;
            }
        }
        // Debris between title and addressee (发布日期 …).
        for i in 0..head_end {
            if self.usable(i)
                && Some(self.lines[i].inner) != self.out.addressee
                && title_line.is_none_or(|t| i > t)
                && self
                    .out
                    .title
                    .is_none_or(|t| !t.contains(self.lines[i].inner.start))
            {
                self.drop_line(i);
            }
        }
        head_end
    }

    /// Signature date, organs, closing, trailing debris: from the bottom. Returns the first line
    /// after the body.
    fn tail(&mut self, head_end: usize) -> usize {
        let text = self.text;
        let n = self.lines.len();
        let mut tail_start = n;
        let last_lines: Vec<usize> = (head_end..n)
            .rev()
            .filter(|&i| self.usable(i))
            .take(14)
            .collect();
        let date = last_lines
            .iter()
            .find_map(|&i| parse_date_line(text, self.lines[i].inner).map(|d| (i, d)));
        if let Some((d, date)) = date {
            // organs: up to three short unpunctuated lines right above the date
            let mut organs = vec![];
            let mut first = d;
            for i in (head_end..d).rev() {
                if !self.usable(i) {
                    if self.skip[i] {
                        break;
                    }
                    continue;
                }
                let s = self.inner(i);
                if organs.len() < 3 && looks_like_organ(s) && !is_closing(s) {
                    organs.push(self.lines[i].inner);
                    first = i;
                } else {
                    break;
                }
            }
            organs.reverse();
            let span = organs.first().map_or(date.span, |o| o.cover(date.span));
            self.out.signature = Some(Signature { organs, date, span });
            tail_start = first;
            for i in d + 1..n {
                if self.usable(i) {
                    self.drop_line(i);
                }
            }
        } else {
            // no signature: trailing debris lines only
            for &i in &last_lines {
                if !is_noise(self.inner(i)) {
                    break;
                }
                self.drop_line(i);
                tail_start = i;
            }
        }
        // closing: 特此报告 within the last lines before the signature
        let closing = (head_end..tail_start)
            .rev()
            .filter(|&i| self.usable(i))
            .take(4)
            .find(|&i| is_closing(self.inner(i)));
        if let Some(i) = closing {
            self.out.closing = Some(self.lines[i].inner);
            tail_start = i;
        }
        tail_start
    }

    /// Headings and paragraphs of the body (lines `head_end..tail_start`).
    fn body(&mut self, head_end: usize, tail_start: usize) {
        let text = self.text;
        let body_start = self.lines.get(head_end).map_or(text.len(), |l| l.raw.start);
        let body_end = (head_end..tail_start)
            .rev()
            .find(|&i| self.usable(i))
            .map_or(body_start, |i| self.lines[i].next.min(text.len()))
            .max(body_start);
        self.out.body = Span::new(body_start, body_end);
        let md_base = (head_end..tail_start)
            .filter(|&i| self.usable(i) && self.lines[i].md_level > 0)
            .filter(|&i| marker::parse(self.inner(i)).is_none())
            .map(|i| self.lines[i].md_level)
            .min()
            .unwrap_or(1);
        let mut stack: Vec<usize> = vec![];
        let mut open_para: Option<usize> = None;
        // the last heading of level 1 or 2, for a marker that lost a bracket
        let mut last_upper: Option<usize> = None;
        for i in head_end..tail_start {
            if !self.usable(i) {
                if !self.skip[i] {
                    open_para = None; // a blank line ends a paragraph
                }
                continue;
            }
            let line = self.lines[i];
            let s = line.inner.text(text);
            // inside the body only unmistakable page debris is dropped (cheap tests, no regex)
            if s.starts_with("扫一扫") || s.starts_with("发布日期") || s.contains("浏览次数")
            {
                self.out.noise.push(line.raw);
                open_para = None;
                continue;
            }
            let mk = marker::parse(s).or_else(|| {
                // a second-level heading that lost a bracket ("五）强化……", "（三强化……")
                // where its neighbour says one belongs: the previous heading of level 1 or 2
                // is its parent (for 一) or its predecessor
                let m = marker::parse_broken(s)?;
                let last = &self.out.headings[last_upper?];
                let fits = (last.level == 2 && last.number == Some(m.number - 1))
                    || (m.number == 1 && last.level == 1);
                fits.then_some(m)
            });
            if mk.is_some() || line.md_level > 0 {
                open_para = None;
                self.heading(line, mk, md_base, body_end, &mut stack);
                if self.out.headings.last().is_some_and(|h| h.level <= 2) {
                    last_upper = Some(self.out.headings.len() - 1);
                }
                continue;
            }
            // a paragraph line: join with the previous one when it continues it
            let out = &mut self.out;
            let join = open_para.is_some_and(|p| {
                let prev = out.paragraphs[p].span.text(text);
                out.markdown || (!ends_sentence(prev) && prev.chars().nth(24).is_some())
            });
            match open_para.filter(|_| join) {
                Some(p) => out.paragraphs[p].span.end = line.content.end,
                None => {
                    out.paragraphs.push(Paragraph {
                        span: line.content,
                        kind: ParagraphKind::Body,
                        heading: stack.last().copied(),
                    });
                    open_para = Some(out.paragraphs.len() - 1);
                }
            }
        }
    }

    /// A heading line (numbered, or a Markdown heading), with the body text of a run-in heading.
    fn heading(
        &mut self,
        line: Line,
        mk: Option<Marker>,
        md_base: u8,
        body_end: usize,
        stack: &mut Vec<usize>,
    ) {
        let text = self.text;
        let broken = mk.and_then(|m| m.broken);
        let (style, number, mlen, level) = match mk {
            Some(m) => (m.style, Some(m.number), m.len, m.style.level()),
            None => (
                MarkerStyle::Markdown,
                None,
                0,
                (line.md_level.saturating_sub(md_base) + 1).min(4),
            ),
        };
        let after = line.inner.start + mlen;
        let rest = trim_span(text, Span::new(after, line.inner.end));
        let (tend, bstart) = split_title(rest.text(text));
        let title = Span::new(rest.start, rest.start + tend);
        let run_in = bstart < rest.len();
        let out = &mut self.out;
        while stack
            .last()
            .is_some_and(|&h| out.headings[h].level >= level)
        {
            stack.pop();
        }
        let idx = out.headings.len();
        out.headings.push(Heading {
            level,
            style,
            number,
            line: line.inner,
            full_line: line.content,
            marker: Span::new(line.inner.start, after),
            title,
            run_in,
            broken,
            parent: stack.last().copied(),
            depth: stack.len(),
            section: Span::new(line.content.start, body_end),
        });
        stack.push(idx);
        if run_in {
            out.paragraphs.push(Paragraph {
                span: Span::new(rest.start + bstart, rest.end),
                kind: ParagraphKind::HeadingBody,
                heading: Some(idx),
            });
        }
    }

    /// Section ends: the next heading at the same or a higher level (one pass with a stack of
    /// the headings still open).
    fn section_ends(&mut self) {
        let hs = &mut self.out.headings;
        let mut open: Vec<usize> = vec![];
        for j in 0..hs.len() {
            while let Some(&h) = open.last() {
                if hs[h].level < hs[j].level {
                    break;
                }
                hs[h].section.end = hs[j].full_line.start;
                open.pop();
            }
            open.push(j);
        }
    }

    /// The opening: the first body paragraph when it precedes every heading.
    fn opening(&mut self) {
        if let Some(first) = self.out.paragraphs.first() {
            if first.heading.is_none() && first.kind == ParagraphKind::Body {
                self.out.opening = Some(0);
            }
        }
    }

    /// Inline 一是/二是 runs, grouped per heading.
    fn runs(&mut self) {
        let out = &mut self.out;
        let mut found = vec![];
        for (pi, p) in out.paragraphs.iter().enumerate() {
            found.clear();
            runs::scan(self.text, p.span, &mut found);
            for &(kind, marker, numeral, number) in &found {
                let member = RunMember {
                    marker,
                    numeral,
                    number,
                    paragraph: pi,
                };
                let cont = out
                    .runs
                    .iter()
                    .rposition(|r| r.kind == kind)
                    .filter(|&r| out.runs[r].heading == p.heading && number != 1);
                match cont {
                    Some(r) => out.runs[r].members.push(member),
                    None => out.runs.push(Run {
                        kind,
                        heading: p.heading,
                        members: vec![member],
                    }),
                }
            }
        }
    }
}
