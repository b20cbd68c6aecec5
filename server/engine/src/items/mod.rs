//! Where each statutory item of the profile is in the report: a heading at any level (duties is
//! often a （一） or 1. under measures), an unheaded paragraph near the end ("……但还存在一些问题和
//! 不足……", "下一步，我县将……"), or — for measures — the body that precedes the other items.
//!
//! Pure: reads the outline and the profile, never the raw text beyond the spans it is given.

use crate::outline::{Outline, ParagraphKind};
use crate::profile::{Profile, Role};
use crate::text::Span;

/// What a statutory item is anchored to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// A heading (index into `Outline::headings`).
    Heading(usize),
    /// An unheaded paragraph (index into `Outline::paragraphs`).
    Paragraph(usize),
    /// Body text recognised by position (measures before the other items).
    Region,
}

/// Why an item was recognised where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The heading contains this cue phrase.
    HeadingCue(String),
    /// The paragraph matches this cue (the matched text).
    ParagraphCue(String),
    /// The body between the opening and the next statutory item.
    Position,
}

impl Reason {
    /// A Chinese explanation for hovers: 标题含“存在的不足”.
    pub fn describe(&self) -> String {
        match self {
            Reason::HeadingCue(c) => format!("标题含识别词“{c}”"),
            Reason::ParagraphCue(c) => format!("段落开头含“{c}”（无小标题，按段落识别）"),
            Reason::Position => {
                "位于开头段与其他法定事项之间的正文（无专门标题，按位置识别）".into()
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemMatch {
    pub anchor: Anchor,
    /// The whole text the item covers.
    pub region: Span,
    /// Where to point at the item: the heading line, or the paragraph's first characters.
    pub head: Span,
    pub reason: Reason,
}

/// The statutory items found in a report, indexed like `Profile::items`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Items {
    pub found: Vec<Option<ItemMatch>>,
    /// For each heading, the item it is the anchor of.
    pub heading_item: Vec<Option<usize>>,
}

impl Items {
    /// The item anchored on heading `h`.
    pub fn of_heading(&self, h: usize) -> Option<usize> {
        self.heading_item.get(h).copied().flatten()
    }

    /// The innermost item whose region contains `offset` (a nested duties item wins over the
    /// measures item around it).
    pub fn at(&self, offset: usize) -> Option<usize> {
        self.found
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.as_ref().map(|m| (i, m)))
            .filter(|(_, m)| m.region.contains(offset))
            .min_by_key(|(_, m)| m.region.len())
            .map(|(i, _)| i)
    }

    /// Items found, in document order: (item index, match).
    pub fn in_order(&self) -> Vec<(usize, &ItemMatch)> {
        let mut v: Vec<_> = self
            .found
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.as_ref().map(|m| (i, m)))
            .collect();
        v.sort_by_key(|(_, m)| m.head.start);
        v
    }
}

/// Priority when one heading matches the cues of several items: the more specific role first
/// ([`crate::profile::Role::heading_priority`]), then profile order.
fn priority(profile: &Profile) -> Vec<usize> {
    let mut v: Vec<usize> = (0..profile.items.len()).collect();
    v.sort_by_key(|&i| (profile.items[i].role.heading_priority(), i));
    v
}

/// Byte index of the `n`th character of `s` (or its length).
fn char_prefix(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// Locate the profile's items in the outline: by their headings, then by the opening words of
/// unheaded paragraphs, then the measures item by its position after the opening.
pub fn find(text: &str, outline: &Outline, profile: &Profile, year: Option<i32>) -> Items {
    let n_items = profile.items.len();
    let prio = priority(profile);
    let mut rank = vec![0; n_items];
    for (r, &i) in prio.iter().enumerate() {
        rank[i] = r;
    }
    let mut f = Finder {
        text,
        outline,
        profile,
        found: vec![None; n_items],
        heading_item: vec![None; outline.headings.len()],
    };
    f.by_headings(&rank);
    let para_items = f.by_paragraphs(&prio, year);
    f.extend_paragraph_items(para_items);
    f.measures_by_position();
    Items {
        found: f.found,
        heading_item: f.heading_item,
    }
}

/// The state of [`find`] between its passes.
struct Finder<'a> {
    text: &'a str,
    outline: &'a Outline,
    profile: &'a Profile,
    found: Vec<Option<ItemMatch>>,
    heading_item: Vec<Option<usize>>,
}

impl Finder<'_> {
    /// Pass 1: headings, outermost first; each item takes the first heading naming it that is
    /// not nested under another item's heading (unless the profile allows that nesting).
    fn by_headings(&mut self, rank: &[usize]) {
        let (text, outline, profile) = (self.text, self.outline, self.profile);
        let found = &mut self.found;
        let heading_item = &mut self.heading_item;
        let mut order: Vec<usize> = (0..outline.headings.len()).collect();
        order.sort_by_key(|&h| (outline.headings[h].depth, h));
        for h in order {
            let head = &outline.headings[h];
            let title = head.title.text(text);
            if !profile.heading_holds_cue(title) {
                continue;
            }
            // the matching cue of the highest-priority item, first in that item's cue list
            let Some((_, item, c)) = profile
                .heading_cues
                .find_overlapping_iter(title)
                .map(|m| {
                    let (i, c) = profile.heading_cue_of[m.pattern().as_usize()];
                    (rank[i], i, c)
                })
                .min()
            else {
                continue;
            };
            let cue = profile.items[item].heading_cues[c].clone();
            if found[item].is_some() {
                continue; // an outer heading already holds this item
            }
            // Under another item's heading, only allowed nestings count.
            let mut p = head.parent;
            let mut allowed = true;
            while let Some(a) = p {
                if let Some(owner) = heading_item[a] {
                    if !profile.items[item].nest_under.contains(&owner) {
                        allowed = false;
                    }
                }
                p = outline.headings[a].parent;
            }
            if !allowed {
                continue;
            }
            heading_item[h] = Some(item);
            found[item] = Some(ItemMatch {
                anchor: Anchor::Heading(h),
                region: head.section,
                head: head.line,
                reason: Reason::HeadingCue(cue),
            });
        }
    }

    /// Pass 2: unheaded paragraphs for the items still missing, by the items' paragraph cues in
    /// priority order. Returns the (paragraph, item) pairs found.
    fn by_paragraphs(&mut self, prio: &[usize], year: Option<i32>) -> Vec<(usize, usize)> {
        let (text, outline, profile) = (self.text, self.outline, self.profile);
        let found = &mut self.found;
        let heading_item = &self.heading_item;
        let body = outline.body;
        let near_end_from = body.start + (body.len() as f64 * 0.35) as usize;
        let mut para_items: Vec<(usize, usize)> = vec![]; // (paragraph, item)
        for &item in prio {
            if found[item].is_some() || profile.items[item].paragraph_cues.is_empty() {
                continue;
            }
            let it = &profile.items[item];
            'paras: for (pi, p) in outline.paragraphs.iter().enumerate() {
                if Some(pi) == outline.opening || para_items.iter().any(|&(q, _)| q == pi) {
                    continue;
                }
                if it.paragraph_near_end
                    && (p.span.start < near_end_from || p.kind == ParagraphKind::HeadingBody)
                {
                    continue;
                }
                // Inside another item's heading section only when nesting is allowed.
                let mut hcur = p.heading;
                while let Some(hh) = hcur {
                    if let Some(owner) = heading_item[hh] {
                        if owner != item && !it.nest_under.contains(&owner) {
                            continue 'paras;
                        }
                    }
                    hcur = outline.headings[hh].parent;
                }
                let s = p.span.text(text);
                let scope = if it.paragraph_near_end {
                    &s[..char_prefix(s, 100)]
                } else {
                    s
                };
                for re in &it.paragraph_cues {
                    let Some(caps) = re.captures(scope) else {
                        continue;
                    };
                    if let (Some(y), Some(report)) = (caps.name("year"), year) {
                        if y.as_str().parse::<i32>().ok() != Some(report + 1) {
                            continue;
                        }
                    }
                    let m = caps.get(0).expect("whole match");
                    let head_end = p.span.start + char_prefix(s, 24).max(m.end());
                    found[item] = Some(ItemMatch {
                        anchor: Anchor::Paragraph(pi),
                        region: p.span,
                        head: Span::new(p.span.start, head_end.min(p.span.end)),
                        reason: Reason::ParagraphCue(m.as_str().to_string()),
                    });
                    para_items.push((pi, item));
                    break 'paras;
                }
            }
        }
        para_items
    }

    /// A paragraph item runs until the next item, the next heading or the body end.
    fn extend_paragraph_items(&mut self, mut para_items: Vec<(usize, usize)>) {
        let outline = self.outline;
        let body = outline.body;
        let found = &mut self.found;
        para_items.sort();
        for &(pi, item) in &para_items {
            let start = outline.paragraphs[pi].span.start;
            let next_item = found
                .iter()
                .flatten()
                .map(|m| m.head.start)
                .filter(|&s| s > start)
                .min();
            let next_heading = outline
                .headings
                .iter()
                .map(|h| h.full_line.start)
                .filter(|&s| s > start)
                .min();
            let end = [next_item, next_heading, Some(body.end)]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(body.end);
            // trim back to the last paragraph that ends before `end`
            let region_end = outline
                .paragraphs
                .iter()
                .filter(|q| q.span.start >= start && q.span.end <= end)
                .map(|q| q.span.end)
                .max()
                .unwrap_or(outline.paragraphs[pi].span.end);
            if let Some(m) = found[item].as_mut() {
                m.region = Span::new(start, region_end);
            }
        }
    }

    /// Pass 3: the measures item, when no heading or paragraph named it, is the body between
    /// the opening and the first later item (real reports often start their account unheaded).
    fn measures_by_position(&mut self) {
        let (text, outline, profile) = (self.text, self.outline, self.profile);
        let body = outline.body;
        let n_items = profile.items.len();
        let found = &mut self.found;
        let measures = profile.item_of(Role::Measures);
        if let Some(mi) = measures {
            if found[mi].is_none() {
                let start = outline
                    .opening
                    .map_or(body.start, |o| outline.paragraphs[o].span.end);
                let later = (0..n_items)
                    .filter(|&i| i != mi && !profile.items[i].role.is_achievements())
                    .filter_map(|i| found[i].as_ref())
                    .map(|m| m.head.start)
                    .filter(|&s| s >= start)
                    .min()
                    .unwrap_or(body.end);
                // what another item already holds (a duties item written first, as a top
                // heading) is not part of the measures: no measures item is invented around it
                let taken: Vec<Span> = found.iter().flatten().map(|m| m.region).collect();
                let free = |at: usize| !taken.iter().any(|r| r.contains(at));
                let first_heading = outline
                    .headings
                    .iter()
                    .find(|h| h.line.start >= start && h.line.start < later && free(h.line.start));
                let paras: Vec<Span> = outline
                    .paragraphs
                    .iter()
                    .enumerate()
                    .filter(|(i, p)| {
                        Some(*i) != outline.opening
                            && p.span.start >= start
                            && p.span.end <= later
                            && free(p.span.start)
                    })
                    .map(|(_, p)| p.span)
                    .collect();
                let chars: usize = paras.iter().map(|s| s.text(text).chars().count()).sum();
                if first_heading.is_some() || chars >= 40 {
                    let head = first_heading.map_or_else(
                        || {
                            let p = paras[0];
                            let s = p.text(text);
                            Span::new(p.start, p.start + char_prefix(s, 24))
                        },
                        |h| h.line,
                    );
                    let region_start = first_heading
                        .map(|h| h.line.start)
                        .into_iter()
                        .chain(paras.first().map(|p| p.start))
                        .min()
                        .unwrap_or(start);
                    let region_end = paras
                        .iter()
                        .map(|p| p.end)
                        .chain(
                            outline
                                .headings
                                .iter()
                                .filter(|h| {
                                    h.line.start < later
                                        && h.line.start >= start
                                        && free(h.line.start)
                                })
                                .map(|h| h.section.end.min(later)),
                        )
                        .max()
                        .unwrap_or(later);
                    found[mi] = Some(ItemMatch {
                        anchor: Anchor::Region,
                        region: Span::new(region_start, region_end.max(region_start)),
                        head,
                        reason: Reason::Position,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
