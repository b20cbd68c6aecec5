//! The review sheet of one report (`--format html`): one self-contained HTML page a reviewer
//! can send back to the drafter or print on A4. It needs no network and no script: its
//! Content-Security-Policy allows nothing but the inline style sheet.
//!
//! 1. 法定事项: each statutory item of the report's profile, found (where, why) or missing, and
//!    the outline of headings;
//! 2. 问题与修改建议: every finding in order with where it is and the fix;
//! 3. 数字核对: every total, rate, range and restatement the engine checked, with its arithmetic;
//! 4. 原文批注: each paragraph that has findings, with the words highlighted and the notes below.

use std::fmt::Write;

use gongwen::figures::CheckKind;
use gongwen::finding::{Finding, Fix, Severity};
use gongwen::text::Span;

use super::{esc, Checked, Facts};

pub const STYLE: &str = include_str!("style.css");

/// The page head: charset, a policy that forbids every network and script load, the style.
pub fn head(title: &str, scripts: bool) -> String {
    let script = if scripts {
        " script-src 'unsafe-inline';"
    } else {
        ""
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';{script}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"gongwen-ls {}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n",
        gongwen::VERSION,
        esc(title)
    )
}

fn sev_class(s: Severity) -> &'static str {
    s.as_str()
}

/// A fix as the drafter reads it: 把“42%”改为“40%”, 插入“……”, or the fix's title.
pub fn describe_fix(text: &str, fix: &Fix) -> String {
    let short = |s: &str| {
        let s = s.trim_end_matches(['\n', '\r']);
        let first = s.lines().next().unwrap_or("");
        let mut t: String = first.chars().take(40).collect();
        if first.chars().count() > 40 || s.lines().count() > 1 {
            t.push('…');
        }
        t
    };
    if let [e] = fix.edits.as_slice() {
        let old = e.span.text(text);
        if e.text.trim_end().contains('\n') {
            return fix.title.to_string();
        }
        if !old.is_empty() && !e.text.is_empty() && old.chars().count() <= 40 {
            return format!("把“{}”改为“{}”", short(old), short(&e.text));
        }
        if old.is_empty() && !e.text.is_empty() && fix.title.chars().count() < 6 {
            return format!("插入“{}”", short(&e.text));
        }
    }
    fix.title.to_string()
}

/// The notes of a finding: [n] 错误 · 规则：说明（修改建议）.
fn note(c: &Checked, n: usize, f: &Finding, with_place: bool) -> String {
    // the list of findings carries the anchors; the notes under a paragraph link back to it
    let id = if with_place {
        format!(" id=\"f{n}\"")
    } else {
        String::new()
    };
    let mut s = format!(
        "<b class=\"sev-{}\">{}</b> <span class=\"tag\">{}</span> ",
        sev_class(f.severity),
        f.severity.zh(),
        f.rule
    );
    if with_place {
        let _ = write!(
            s,
            "<span class=\"loc\">{}</span>",
            esc(&c.place(f.span.start))
        );
    }
    s.push_str(&esc(&f.message));
    if let Some(fix) = f.fixes.first() {
        let _ = write!(
            s,
            "<br><span class=\"fix\">{}</span>",
            esc(&describe_fix(c.text, fix))
        );
    }
    format!("<li value=\"{n}\"{id}>{s}</li>\n")
}

/// One line of the text with the findings on it highlighted: returns the HTML.
fn highlight(c: &Checked, line: Span, marks: &[(usize, &Finding)]) -> String {
    let text = c.text;
    // boundaries inside the line
    let mut cuts = vec![line.start, line.end];
    for (_, f) in marks {
        cuts.push(f.span.start.clamp(line.start, line.end));
        cuts.push(f.span.end.clamp(line.start, line.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::new();
    // refs of zero-width findings and of findings ending at a cut, written after it
    let refs_at = |at: usize, zero: bool| -> String {
        let mut r = String::new();
        for (n, f) in marks {
            let s = f.span.start.clamp(line.start, line.end);
            let e = f.span.end.clamp(line.start, line.end);
            let is_zero = s == e;
            if is_zero != zero || e != at {
                continue;
            }
            if zero {
                let _ = write!(
                    r,
                    "<mark class=\"caret\" title=\"{}\">▲</mark>",
                    esc(&f.message)
                );
            }
            let _ = write!(r, "<sup class=\"ref\">[{n}]</sup>");
        }
        r
    };
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        out.push_str(&refs_at(a, true));
        if a < b {
            let covering: Vec<&(usize, &Finding)> = marks
                .iter()
                .filter(|(_, f)| f.span.start <= a && f.span.end >= b && f.span.start < f.span.end)
                .collect();
            let seg = esc(&text[a..b]);
            match covering.iter().map(|(_, f)| f.severity).max() {
                Some(sev) => {
                    let titles: Vec<String> = covering
                        .iter()
                        .map(|(n, f)| format!("[{n}] {}", f.message))
                        .collect();
                    let _ = write!(
                        out,
                        "<mark class=\"{}\" title=\"{}\">{seg}</mark>",
                        sev_class(sev),
                        esc(&titles.join("\n"))
                    );
                }
                None => out.push_str(&seg),
            }
        }
        out.push_str(&refs_at(b, false));
    }
    if cuts.len() == 1 {
        out.push_str(&refs_at(line.start, true));
    }
    if line.is_empty() && out.is_empty() {
        out.push_str("<span class=\"empty\">（空行）</span>");
    }
    out
}

/// Up to this many hints are listed one by one on the sheet; more are summed up by rule.
pub const HINTS_LISTED_UP_TO: usize = 10;

/// Places listed for each rule whose hints are summed up.
const FOLDED_PLACES_SHOWN: usize = 12;

/// The hints summed up: per rule, how many, the first message and where (the first few places).
fn folded_hints(c: &Checked) -> String {
    let mut rules: Vec<(&str, Vec<&Finding>)> = vec![];
    for f in
        c.an.findings
            .iter()
            .filter(|f| f.severity == Severity::Hint)
    {
        match rules.iter_mut().find(|(r, _)| *r == f.rule) {
            Some((_, v)) => v.push(f),
            None => rules.push((f.rule, vec![f])),
        }
    }
    let total: usize = rules.iter().map(|(_, v)| v.len()).sum();
    let mut h = format!(
        "<p class=\"folded\">另有 {total} 处“提示”未逐条列出（多为可一次改正的格式问题），按规则汇总如下：</p>\n<ul class=\"folded\">\n"
    );
    for (rule, fs) in rules {
        let mut places: Vec<String> = vec![];
        for f in &fs {
            let p = c.place(f.span.start);
            if places.last() != Some(&p) {
                places.push(p);
            }
        }
        let more = places.len().saturating_sub(FOLDED_PLACES_SHOWN);
        places.truncate(FOLDED_PLACES_SHOWN);
        let mut at = places.join("、");
        if more > 0 {
            let _ = write!(at, " 等（另有 {more} 处位置）");
        }
        let _ = writeln!(
            h,
            "<li><b class=\"sev-hint\">提示</b> <span class=\"tag\">{}</span> {} 处，例如：{}<br><span class=\"loc\">位置</span>{}</li>",
            esc(rule),
            fs.len(),
            esc(&fs[0].message),
            esc(&at)
        );
    }
    h.push_str("</ul>\n");
    h
}

/// The review sheet of one report. `checked_on` is today's date as shown (2025年3月20日).
pub fn sheet(c: &Checked, facts: &Facts, checked_on: &str) -> String {
    let an = c.an;
    let text = c.text;
    let name = std::path::Path::new(c.path)
        .file_name()
        .map_or_else(|| c.path.to_string(), |n| n.to_string_lossy().into_owned());
    let mut h = head(&format!("审核意见：{name}"), false);
    h.push_str("<body>\n<h1>法治政府建设年度报告审核意见</h1>\n");
    let _ = writeln!(
        h,
        "<p class=\"subtitle\">{}</p>",
        esc(if facts.title.is_empty() {
            &name
        } else {
            &facts.title
        })
    );

    // header
    let t = &facts.tally;
    let mut verdict = String::new();
    for (n, class, zh) in [
        (t.error, "error", "错误"),
        (t.warning, "warning", "警告"),
        (t.information, "information", "信息"),
        (t.hint, "hint", "提示"),
    ] {
        if n > 0 {
            let _ = write!(verdict, "<span class=\"badge {class}\">{zh} {n}</span>");
        }
    }
    if verdict.is_empty() {
        verdict.push_str("<span class=\"badge pass\">未发现问题</span>");
    }
    h.push_str("<table class=\"meta\">\n");
    let rows = [
        ("文件", esc(c.path)),
        ("发文机关", esc(&facts.issuer)),
        (
            "报告年度",
            facts.year.map_or("未能识别".into(), |y| format!("{y}年")),
        ),
        ("报告种类", esc(&facts.kind)),
        ("检查结论", format!("<b>{}</b> {verdict}", facts.verdict())),
        (
            "检查日期",
            format!("{checked_on}（gongwen-ls {}）", gongwen::VERSION),
        ),
    ];
    for (k, v) in rows {
        let _ = writeln!(h, "<tr><td>{k}</td><td>{v}</td></tr>");
    }
    h.push_str("</table>\n");
    if c.layout.is_docx() {
        h.push_str("<p class=\"empty\">说明：Word 文档没有行号，位置按段落计数（不计空段；表格按“表格N第M行”），修订按全部接受后的文字检查。</p>\n");
    }

    // 1. statutory items and outline
    let profile = &an.profile;
    h.push_str("<h2>一、法定事项</h2>\n<table>\n<tr><th>事项</th><th>状态</th><th>位置</th><th>识别依据</th></tr>\n");
    for (i, item) in profile.items.iter().enumerate() {
        let ord = format!("（{}）", gongwen::numerals::format(i as u64 + 1));
        match an.items.found.get(i).and_then(Option::as_ref) {
            Some(m) => {
                let _ = writeln!(
                    h,
                    "<tr><td>{ord}{}</td><td class=\"ok nowrap\">✓ 已写</td><td class=\"nowrap\">{}</td><td>{}</td></tr>",
                    esc(&item.full_name),
                    esc(&c.place(m.head.start)),
                    esc(&m.reason.describe())
                );
            }
            None => {
                let _ = writeln!(
                    h,
                    "<tr><td>{ord}{}</td><td class=\"missing nowrap\">✗ 未见</td><td>—</td><td>缺少此项为{}</td></tr>",
                    esc(&item.full_name),
                    item.severity.zh()
                );
            }
        }
    }
    h.push_str("</table>\n");
    let o = &an.outline;
    if !o.headings.is_empty() {
        // the first two levels (一、 and （一）): enough to see the shape on one page
        h.push_str("<h3>报告结构</h3>\n<ul class=\"outline\">\n");
        for (k, head) in o.headings.iter().enumerate() {
            if head.depth > 1 {
                continue;
            }
            let name = Span::new(
                head.marker.start.min(head.title.start),
                head.title.end.max(head.marker.end),
            );
            let item = an
                .items
                .of_heading(k)
                .and_then(|i| profile.items.get(i))
                .map(|it| format!("<span class=\"tag\">法定事项：{}</span>", esc(&it.name)))
                .unwrap_or_default();
            let _ = writeln!(
                h,
                "<li><span class=\"loc\">{}</span><span class=\"d{}\">{}{item}</span></li>",
                esc(&c.place(head.line.start)),
                head.depth,
                esc(name.text(text).trim())
            );
        }
        h.push_str("</ul>\n");
    }

    // 2. findings: each one numbered, except hints when there are many (a draft with
    // half-width punctuation throughout has hundreds, one summary finding says what to do)
    let fold_hints = facts.tally.hint > HINTS_LISTED_UP_TO;
    let numbered: Vec<(usize, &Finding)> = an
        .findings
        .iter()
        .filter(|f| !fold_hints || f.severity != Severity::Hint)
        .enumerate()
        .map(|(i, f)| (i + 1, f))
        .collect();
    h.push_str("<h2>二、问题与修改建议</h2>\n");
    if numbered.is_empty() && !fold_hints {
        h.push_str("<p class=\"empty\">未发现问题。</p>\n");
    } else if !numbered.is_empty() {
        h.push_str("<ol class=\"findings\">\n");
        for (n, f) in &numbered {
            h.push_str(&note(c, *n, f, true));
        }
        h.push_str("</ol>\n");
    }
    if fold_hints {
        h.push_str(&folded_hints(c));
    }

    // 3. figures
    let figs = &an.figures;
    let checks: Vec<_> = figs
        .checks
        .iter()
        // every total and rate; ranges and restatements only where they fail (each rate has a
        // range check that nearly always holds)
        .filter(|k| matches!(k.kind, CheckKind::Sum | CheckKind::Rate) || !k.ok)
        .collect();
    h.push_str("<h2>三、数字核对</h2>\n");
    if checks.is_empty() {
        h.push_str("<p class=\"empty\">报告中没有可相互核对的合计、比率或前后重复的数字。</p>\n");
    } else {
        let bad = checks.iter().filter(|k| !k.ok).count();
        let _ = writeln!(
            h,
            "<p>共核对 {} 处合计、比率和前后数字，其中 {bad} 处不符。</p>",
            checks.len()
        );
        h.push_str("<table>\n<tr><th>位置</th><th>核对项</th><th class=\"num\">文中</th><th>算式</th><th>结果</th></tr>\n");
        for k in checks {
            let target = &figs.figures[k.target];
            let kind = match k.kind {
                CheckKind::Sum if !k.exhaustive => "分项之和不超过总数",
                CheckKind::Sum => "合计",
                CheckKind::Rate => "比率",
                CheckKind::Range => "范围",
                CheckKind::Same => "前后一致",
            };
            let (mark, class) = if k.ok {
                ("✓ 相符", "ok")
            } else {
                ("✗ 不符", "missing")
            };
            let _ = writeln!(
                h,
                "<tr><td class=\"nowrap\">{}</td><td>{}<span class=\"tag\">{kind}</span></td><td class=\"num\">{}</td><td>{}</td><td class=\"{class} nowrap\">{mark}</td></tr>",
                esc(&c.place(target.span.start as usize)),
                esc(&k.label),
                esc(target.span.text(text)),
                esc(&k.arithmetic(figs, text))
            );
        }
        h.push_str("</table>\n");
    }

    // 4. the paragraphs with findings
    h.push_str("<h2>四、原文批注</h2>\n");
    if numbered.is_empty() {
        h.push_str("<p class=\"empty\">无。</p>\n");
    } else {
        // findings by the line they start on
        let mut by_line: Vec<(usize, Vec<(usize, &Finding)>)> = vec![];
        for (n, f) in &numbered {
            let l = c.lines.line_of(f.span.start);
            match by_line.last_mut() {
                Some((pl, v)) if *pl == l => v.push((*n, f)),
                _ => by_line.push((l, vec![(*n, f)])),
            }
        }
        by_line.sort_by_key(|(l, _)| *l);
        // merge entries of the same line (findings are sorted by start, so this is rare)
        let mut merged: Vec<(usize, Vec<(usize, &Finding)>)> = vec![];
        for (l, v) in by_line {
            match merged.last_mut() {
                Some((pl, pv)) if *pl == l => pv.extend(v),
                _ => merged.push((l, v)),
            }
        }
        let mut shown_heading: Option<usize> = None;
        let mut last_line: Option<usize> = None;
        for (l, marks) in merged {
            let line = c.lines.line_span(l);
            // the heading the paragraph is under, for context
            if let Some(hd) = o.heading_at(line.start) {
                let hl = c.lines.line_of(o.headings[hd].line.start);
                if shown_heading != Some(hd) && hl != l {
                    if last_line.is_some_and(|p| p + 1 < hl) || last_line.is_none() {
                        h.push_str("<p class=\"gap\">……</p>\n");
                    }
                    let _ = writeln!(
                        h,
                        "<div class=\"para heading\"><span class=\"loc\">{}</span>{}</div>",
                        esc(&c.layout.describe(hl)),
                        esc(c.lines.line_span(hl).text(text).trim_end())
                    );
                    last_line = Some(hl);
                }
                shown_heading = Some(hd);
            }
            if last_line.is_some_and(|p| p + 1 < l) {
                h.push_str("<p class=\"gap\">……</p>\n");
            }
            let _ = writeln!(
                h,
                "<div class=\"para\"><span class=\"loc\">{}</span>{}</div>",
                esc(&c.layout.describe(l)),
                highlight(c, line, &marks)
            );
            h.push_str("<ol class=\"notes\">\n");
            for (n, f) in &marks {
                h.push_str(&note(c, *n, f, false));
            }
            h.push_str("</ol>\n");
            last_line = Some(l);
        }
    }
    let _ = writeln!(
        h,
        "<footer>本意见单由 gongwen-ls {} 自动生成，供审核参考；“错误”为应当修改的问题，“警告”“信息”请结合实际判断。</footer>\n</body>\n</html>",
        gongwen::VERSION
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::review::Layout;
    use gongwen::analysis::{analyze, Options};
    use gongwen::profile::Profile;
    use gongwen::text::LineIndex;

    const DRAFT: &str = "溪东县人民政府关于2024年度法治政府建设情况的报告\n\
        一、主要举措和成效\n\
        组织评查案卷300卷，评为优秀的案卷120卷，优秀率为42%。参与人员××人次。\n\
        二、存在的不足和原因\n基层力量薄弱。究其原因，主要是投入不足。\n\
        三、2025年工作安排\n继续推进<依法>行政。\n\n溪东县人民政府\n2025年3月1日\n";

    fn render(text: &str, layout: &Layout) -> String {
        let p = Profile::default_profile();
        let an = analyze(text, &Options::new(std::slice::from_ref(&p)));
        let li = LineIndex::new(text);
        let c = Checked {
            path: "报告/溪东县.txt",
            text,
            lines: &li,
            layout,
            an: &an,
        };
        sheet(&c, &Facts::of(text, &an), "2025年3月20日")
    }

    #[test]
    fn the_sheet_shows_items_findings_figures_and_highlights() {
        let h = render(DRAFT, &Layout::Lines);
        assert!(h.contains("Content-Security-Policy") && h.contains("default-src 'none'"));
        assert!(!h.contains("<script"), "the sheet needs no script");
        assert!(
            h.contains("✗ 未见") && h.contains("✓ 已写"),
            "statutory items"
        );
        // the rate finding: highlighted, with its fix and its arithmetic in the figures table
        assert!(h.contains("<mark class=\"error\""), "{h}");
        assert!(h.contains("把“42”改为“40”"), "{h}");
        assert!(h.contains("120 ÷ 300 = 40%"), "{h}");
        assert!(h.contains("✗ 不符"));
        // text is escaped
        assert!(h.contains("继续推进&lt;依法&gt;行政") || !h.contains("继续推进<依法>"));
        assert!(h.contains("第3行"));
        assert!(h.contains("溪东县人民政府") && h.contains("2024年"));
    }

    #[test]
    fn docx_places_are_paragraphs() {
        let lines = DRAFT.lines().count();
        let places = (0..lines as u32)
            .map(|k| gongwen_docx::Place::Paragraph(k + 1))
            .collect();
        let h = render(DRAFT, &Layout::Docx(places));
        assert!(h.contains("第3段") && !h.contains("第3行"), "{h}");
        assert!(h.contains("Word 文档没有行号"));
    }

    #[test]
    fn many_hints_are_summed_up_by_rule_not_listed() {
        // half-width punctuation throughout, as drafts typed in English mode have it
        let mut text =
            String::from("溪东县人民政府关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n");
        for k in 0..8 {
            text.push_str(&format!(
                "第{k}项工作,按计划推进,完成调解案件{}件,群众满意.\n",
                10 + k
            ));
        }
        text.push_str("二、存在的不足和原因\n基层力量薄弱。\n");
        let p = Profile::default_profile();
        let an = analyze(&text, &Options::new(std::slice::from_ref(&p)));
        let hints = an
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Hint)
            .count();
        assert!(hints > HINTS_LISTED_UP_TO, "{hints} hints");
        let h = render(&text, &Layout::Lines);
        assert!(
            h.contains(&format!("另有 {hints} 处“提示”未逐条列出")),
            "{h}"
        );
        assert!(h.contains("<span class=\"tag\">punct-width</span> "), "{h}");
        // the places: the first lines named, the rest counted
        assert!(h.contains("第3行、第4行"), "{h}");
        // no hint is numbered; the other findings still are, and all of them are referenced
        let listed = an
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Hint)
            .count();
        assert!(listed > 0);
        assert_eq!(h.matches("<li value=").count(), 2 * listed, "{h}");
        assert!(!h.contains("<b class=\"sev-hint\">提示</b> <span class=\"tag\">punct-width</span> <span class=\"loc\">"));

        // a few hints are listed one by one
        let few = "溪东县人民政府关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n调解案件12件,群众满意。\n";
        let h = render(few, &Layout::Lines);
        assert!(!h.contains("未逐条列出"), "{h}");
        assert!(h.contains("sev-hint"), "{h}");
    }

    #[test]
    fn overlapping_and_empty_findings_are_all_marked() {
        let text = "关于2024年法治政府建设情况的报告\n一、主要举措和成效\n\n二、存在的不足和原因\n问题。\n";
        let h = render(text, &Layout::Lines);
        // every finding number appears in the annotated text as a reference
        let n = h.matches("<li value=").count() / 2;
        for k in 1..=n {
            assert!(
                h.contains(&format!("[{k}]</sup>")),
                "finding {k} not referenced:\n{h}"
            );
        }
    }
}
