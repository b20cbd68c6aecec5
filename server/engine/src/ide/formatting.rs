//! Document formatting and the fix-all action: every prose unit normalised by
//! [`crate::punctuation`] (punctuation width), then old and new diffed with `similar`, so that an
//! editor receives many small edits rather than one whole-document replacement and keeps the
//! cursor and undo history.

use similar::algorithms::{diff, Capture, Replace};
use similar::{Algorithm, DiffOp};

use crate::finding::{apply_edits, Edit};
use crate::outline::Outline;
use crate::punctuation::punct_fixes_by_unit;
use crate::text::Span;

/// Append the edits that turn `old` (starting at byte `base` of the document) into `new`, as
/// computed by a character diff.
fn diff_edits(old: &str, new: &str, base: usize, out: &mut Vec<Edit>) {
    let o: Vec<char> = old.chars().collect();
    let n: Vec<char> = new.chars().collect();
    let mut ob = Vec::with_capacity(o.len() + 1);
    let mut b = base;
    for c in &o {
        ob.push(b);
        b += c.len_utf8();
    }
    ob.push(b);
    let piece = |from: usize, len: usize| n[from..from + len].iter().collect::<String>();
    // Myers with delete+insert merged into replacements; no `Compact` pass, whose shifted ops
    // can overlap (similar 2.7: "),）" → "），）").
    let mut hook = Replace::new(Capture::new());
    let Ok(()) = diff(Algorithm::Myers, &mut hook, &o, 0..o.len(), &n, 0..n.len());
    for op in hook.into_inner().into_ops() {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.push(Edit {
                span: Span::new(ob[old_index], ob[old_index + old_len]),
                text: String::new().into(),
            }),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => out.push(Edit {
                span: Span::empty(ob[old_index]),
                text: piece(new_index, new_len).into(),
            }),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => out.push(Edit {
                span: Span::new(ob[old_index], ob[old_index + old_len]),
                text: piece(new_index, new_len).into(),
            }),
        }
    }
}

/// Document formatting: normalise punctuation width in every prose unit (touching `range`, if
/// given) and return the minimal edits, in document order. Edits outside `range` are dropped.
pub fn format_edits(text: &str, outline: &Outline, range: Option<Span>) -> Vec<Edit> {
    let mut edits = vec![];
    let mut units = outline.prose();
    if let Some(r) = range {
        units.retain(|u| r.overlaps(*u) || r.touches(u.start));
    }
    for (span, fixes) in punct_fixes_by_unit(text, &units, outline.markdown) {
        let old = span.text(text);
        let mut new = String::with_capacity(old.len() + 2 * fixes.len());
        let mut at = span.start;
        for f in &fixes {
            new.push_str(&text[at..f.edit.start]);
            new.push(f.full);
            at = f.edit.end;
        }
        new.push_str(&text[at..span.end]);
        let from = edits.len();
        diff_edits(old, &new, span.start, &mut edits);
        // the diff must reproduce `new` exactly; if it ever does not, use the fixes themselves
        let shifted: Vec<Edit> = edits[from..]
            .iter()
            .map(|e| Edit {
                span: Span::new(e.span.start - span.start, e.span.end - span.start),
                text: e.text.clone(),
            })
            .collect();
        if !edits_are_ordered(&shifted) || apply_edits(old, &shifted) != new {
            edits.truncate(from);
            edits.extend(fixes.iter().map(|f| Edit {
                span: f.edit,
                text: f.full.to_string().into(),
            }));
        }
    }
    if let Some(r) = range {
        edits.retain(|e| e.span.start >= r.start && e.span.end <= r.end);
    }
    edits
}

/// Are the edits in order and free of overlaps?
fn edits_are_ordered(edits: &[Edit]) -> bool {
    edits.windows(2).all(|w| w[0].span.end <= w[1].span.start)
        && edits.iter().all(|e| e.span.start <= e.span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline;
    use crate::punctuation::punct_fixes;

    fn fmt(text: &str) -> String {
        let o = outline::parse(text, false);
        apply_edits(text, &format_edits(text, &o, None))
    }

    fn fmt_md(text: &str) -> String {
        let o = outline::parse(text, true);
        apply_edits(text, &format_edits(text, &o, None))
    }

    const HEAD: &str = "关于2024年度法治政府建设情况的报告\n某市人民政府:\n";

    #[test]
    fn chinese_text_gets_full_width_marks() {
        let t =
            format!("{HEAD}2024年,我县坚持依法行政;全年办结复议案件23件(其中调解3件)。是否到位?\n");
        assert_eq!(
            fmt(&t),
            "关于2024年度法治政府建设情况的报告\n某市人民政府：\n2024年，我县坚持依法行政；全年办结复议案件23件（其中调解3件）。是否到位？\n"
        );
    }

    #[test]
    fn numbers_urls_and_latin_text_are_kept() {
        let t = format!(
            "{HEAD}注册监管人员1,080人,时间为10:30,比例3:1。详见https://www.example.gov.cn/a?id=1,2,或访问www.example.cn(备用)。英文名称 Rule of law, government (draft) 不变,函数f(x)亦同。\n"
        );
        let out = fmt(&t);
        assert!(out.contains("1,080人，时间为10:30，比例3:1。"), "{out}");
        assert!(
            out.contains("https://www.example.gov.cn/a?id=1,2，或访问www.example.cn（备用）"),
            "{out}"
        );
        assert!(
            out.contains("Rule of law, government (draft) 不变，函数f(x)亦同"),
            "{out}"
        );
    }

    #[test]
    fn heading_markers_and_nested_parentheses() {
        let t = format!("{HEAD}(一)推进依法行政\n认真落实《实施纲要(2021—2025年)》,成效明显。\n");
        let out = fmt(&t);
        assert!(out.contains("（一）推进依法行政"), "{out}");
        assert!(
            out.contains("《实施纲要（2021—2025年）》，成效明显"),
            "{out}"
        );
    }

    #[test]
    fn spaces_after_a_converted_mark_go_with_it() {
        let t = format!("{HEAD}全年开展培训12场次, 参训人员560人次; 覆盖全部乡镇。\n");
        assert!(fmt(&t).contains("12场次，参训人员560人次；覆盖"));
    }

    #[test]
    fn formatting_is_idempotent_and_minimal() {
        let t = format!(
            "{HEAD}一、主要举措\n全年受理案件46件,其中维持28件(占60.9%),撤销5件;A,(试行)办法已印发, Sanming,福建。\n"
        );
        let o = outline::parse(&t, false);
        let edits = format_edits(&t, &o, None);
        assert!(edits.len() >= 6, "{edits:?}");
        for e in &edits {
            // a mark, or a mark and its neighbour (")," → "），"), never more
            assert!(e.span.len() <= 3 && e.text.chars().count() <= 2, "{e:?}");
        }
        let once = apply_edits(&t, &edits);
        assert_eq!(fmt(&once), once, "second pass changes nothing");
        let o2 = outline::parse(&once, false);
        assert!(punct_fixes(&once, &o2).is_empty());
    }

    #[test]
    fn noise_and_markdown_syntax_are_untouched() {
        let web = "您当前的位置:首页 > 政务公开\n关于2024年度法治政府建设情况的报告\n某局:\n正文一,正文二。\n某县人民政府\n2025年1月20日\n信息来源:某县司法局\n";
        let out = fmt(web);
        assert!(out.starts_with("您当前的位置:首页"), "{out}");
        assert!(out.ends_with("信息来源:某县司法局\n"), "{out}");
        assert!(out.contains("某局：\n正文一，正文二。"), "{out}");

        let md = "# 关于2024年度法治政府建设情况的报告\n\n正文见[通知(全文)](https://example.cn/a_(b)),代码`a,b(c)`保持,<span title=\"x,y\">标签</span>。\n\n```\n代码块,不改\n```\n";
        let out = fmt_md(md);
        assert!(
            out.contains("正文见[通知（全文）](https://example.cn/a_(b))，代码`a,b(c)`保持，<span title=\"x,y\">标签</span>。"),
            "{out}"
        );
        assert!(out.contains("代码块,不改"), "{out}");

        let md = "# 关于2024年度法治政府建设情况的报告\n\n正文有脚注[^1],见说明。\n\n[^1]: 数据来自统计公报,截至年底。\n[官网]: https://example.gov.cn/a,b\n\n空格&nbsp;实体&#12290;保持,不变。\n";
        let out = fmt_md(md);
        assert!(out.contains("正文有脚注[^1]，见说明。"), "{out}");
        assert!(
            out.contains("\n[^1]: 数据来自统计公报，截至年底。\n"),
            "{out}"
        );
        assert!(
            out.contains("\n[官网]: https://example.gov.cn/a,b\n"),
            "{out}"
        );
        assert!(out.contains("空格&nbsp;实体&#12290;保持，不变。"), "{out}");
    }

    #[test]
    fn range_formatting_keeps_to_the_range() {
        let t = format!("{HEAD}第一段,有逗号。\n第二段,也有逗号。\n");
        let o = outline::parse(&t, false);
        let second = t.find("第二段").unwrap();
        let edits = format_edits(&t, &o, Some(Span::new(second, t.len())));
        assert_eq!(edits.len(), 1);
        assert!(edits[0].span.start > second);
    }

    #[test]
    fn english_paragraph_is_left_alone() {
        let t = format!("{HEAD}Note: this paragraph is English, (really).\n");
        assert_eq!(fmt(&t), t.replacen("某市人民政府:", "某市人民政府：", 1));
    }

    fn half(c: char) -> char {
        match c {
            '，' => ',',
            '：' => ':',
            '；' => ';',
            '？' => '?',
            '！' => '!',
            '（' => '(',
            '）' => ')',
            c => c,
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// Formatting only changes the width of marks (and drops spaces after them), and is
        /// idempotent: the result raises no punct-width finding.
        #[test]
        fn formatting_is_idempotent_on_arbitrary_mixes(
            body in proptest::collection::vec(proptest::sample::select(vec![
                '中', '文', '年', ',', ',', '(', ')', ':', ';', '?', '!', ' ', 'a', 'B', '1', '2',
                '.', '“', '”', '。', '（', '）', '，', '%', '\n', '/', 'w',
            ]), 0..60)
        ) {
            let body: String = body.into_iter().collect();
            let t = format!("{HEAD}{body}\n");
            let once = fmt(&t);
            proptest::prop_assert_eq!(&fmt(&once), &once);
            let o = outline::parse(&once, false);
            proptest::prop_assert!(punct_fixes(&once, &o).is_empty());
            let strip = |x: &str| x.chars().filter(|c| *c != ' ').map(half).collect::<String>();
            proptest::prop_assert_eq!(strip(&once), strip(&t));
        }
    }
}
