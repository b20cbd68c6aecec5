//! What a reviewer takes away from a batch: a review sheet per report and an index page
//! (`--format html -o DIR`), a spreadsheet row per report (`--format csv`), and SARIF for
//! code-review systems (`--format sarif`).
//!
//! Every writer reads one [`Checked`] file at a time (its text, its analysis, and where each
//! line of the text is in the original: a line of a .txt, a paragraph or table row of a .docx)
//! and the per-report [`Facts`] computed here once.

use gongwen::analysis::Analysis;
use gongwen::finding::Severity;
use gongwen::text::LineIndex;
use gongwen_docx::Place;

pub mod csv;
pub mod html;
pub mod index;
pub mod sarif;

/// Where the lines of the checked text came from.
#[derive(Debug, Clone, Default)]
pub enum Layout {
    /// A text file: line N is line N.
    #[default]
    Lines,
    /// A Word document: line N of the text is `places[N]`.
    Docx(Vec<Place>),
}

impl Layout {
    /// Where line `line` (0-based) is, as a reviewer says it: 第12行, 第12段, 表格1第3行.
    pub fn describe(&self, line: usize) -> String {
        match self {
            Layout::Lines => format!("第{}行", line + 1),
            Layout::Docx(p) => p
                .get(line)
                .or(p.last())
                .map_or_else(|| "开头".to_string(), Place::to_string),
        }
    }

    pub fn is_docx(&self) -> bool {
        matches!(self, Layout::Docx(_))
    }
}

/// One file as checked: what every writer reads.
pub struct Checked<'a> {
    /// The path as given (shown to the user).
    pub path: &'a str,
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub layout: &'a Layout,
    pub an: &'a Analysis,
}

impl Checked<'_> {
    /// Where byte `offset` of the text is, as a reviewer says it.
    pub fn place(&self, offset: usize) -> String {
        self.layout.describe(self.lines.line_of(offset))
    }
}

/// Findings by severity: error, warning, information, hint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub error: usize,
    pub warning: usize,
    pub information: usize,
    pub hint: usize,
}

impl Tally {
    pub fn of(an: &Analysis) -> Tally {
        let mut t = Tally::default();
        for f in &an.findings {
            match f.severity {
                Severity::Error => t.error += 1,
                Severity::Warning => t.warning += 1,
                Severity::Information => t.information += 1,
                Severity::Hint => t.hint += 1,
            }
        }
        t
    }
}

/// What the index, the CSV and the sheet's header say about one report.
#[derive(Debug, Clone)]
pub struct Facts {
    /// 发文机关: the bodies named in the title and the signature.
    pub issuer: String,
    pub title: String,
    pub year: Option<i32>,
    /// The report type (profile) it was checked as.
    pub kind: String,
    /// Each statutory item of the profile: its name and whether the report covers it.
    pub items: Vec<(String, bool)>,
    pub tally: Tally,
}

impl Facts {
    pub fn of(text: &str, an: &Analysis) -> Facts {
        let title = an
            .outline
            .title
            .map(|t| t.text(text).trim().to_string())
            .unwrap_or_default();
        let items = an
            .profile
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                (
                    item.name.clone(),
                    an.items.found.get(i).is_some_and(Option::is_some),
                )
            })
            .collect();
        Facts {
            issuer: issuer(text, an),
            title,
            year: an.year,
            kind: an.profile.name.clone(),
            items,
            tally: Tally::of(an),
        }
    }

    /// 5/5, 4/5.
    pub fn items_present(&self) -> String {
        let found = self.items.iter().filter(|(_, f)| *f).count();
        format!("{found}/{}", self.items.len())
    }

    /// The names of the missing items, joined with 、.
    pub fn missing(&self) -> String {
        self.items
            .iter()
            .filter(|(_, f)| !f)
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The reviewer's verdict in a word: 需修改 (errors), 建议修改 (warnings), 通过.
    pub fn verdict(&self) -> &'static str {
        if self.tally.error > 0 {
            "需修改"
        } else if self.tally.warning > 0 {
            "建议修改"
        } else {
            "通过"
        }
    }

    /// The year as written in a cell: 2024, or empty.
    pub fn year_text(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

/// 发文机关: the bodies the report names in its title and signature (the engine's reading,
/// which also pairs reports across years), each once, joined with 、.
fn issuer(text: &str, an: &Analysis) -> String {
    let mut seen = vec![];
    let mut shown: Vec<String> = vec![];
    for name in gongwen::issuer::issuers(text, &an.outline, &an.profile) {
        let key = gongwen::issuer::normalize(&name);
        if !key.is_empty() && !seen.contains(&key) {
            seen.push(key);
            shown.push(name);
        }
    }
    shown.join("、")
}

/// Escape text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongwen::analysis::{analyze, Options};
    use gongwen::profile::Profile;

    const REPORT: &str = "溪东县人民政府关于2024年度法治政府建设情况的报告\n\
        一、主要举措和成效\n全年办理复议案件12件。\n\
        二、存在的不足和原因\n基层力量薄弱。究其原因，主要是投入不足。\n\
        三、2025年工作安排\n继续推进。\n\n溪东县人民政府\n2025年3月1日\n";

    #[test]
    fn facts_of_a_report() {
        let p = Profile::default_profile();
        let an = analyze(REPORT, &Options::new(std::slice::from_ref(&p)));
        let f = Facts::of(REPORT, &an);
        assert_eq!(f.issuer, "溪东县人民政府");
        assert_eq!(f.year, Some(2024));
        assert_eq!(f.items.len(), 5);
        assert!(f.items_present().ends_with("/5"));
        assert!(f.missing().contains("第一责任人"), "{}", f.missing());
        assert_eq!(f.tally, Tally::of(&an));
    }

    #[test]
    fn issuer_from_the_title_without_a_signature() {
        let text =
            "青山镇关于2024年法治政府建设工作情况的报告\n一、主要举措和成效\n开展普法活动。\n";
        let p = Profile::default_profile();
        let an = analyze(text, &Options::new(std::slice::from_ref(&p)));
        assert_eq!(Facts::of(text, &an).issuer, "青山镇");
    }

    #[test]
    fn places_by_layout() {
        assert_eq!(Layout::Lines.describe(0), "第1行");
        let d = Layout::Docx(vec![Place::Paragraph(1), Place::Row { table: 1, row: 2 }]);
        assert_eq!(d.describe(1), "表格1第2行");
        assert_eq!(d.describe(9), "表格1第2行");
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
