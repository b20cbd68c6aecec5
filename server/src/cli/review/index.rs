//! `index.html`: one row per file of the batch (file, issuer, year, statutory items present,
//! errors, warnings, verdict), most errors first; files that could not be read or are not
//! reports are listed too, so nothing is silently left out. Clicking a column heading re-sorts
//! the table (a few lines of inline script; without them the table reads the same).

use std::fmt::Write;

use super::html::head;
use super::{esc, Facts};

/// One file of the batch.
#[derive(Debug, Clone)]
pub struct Row {
    /// The path as given.
    pub path: String,
    /// The review sheet's file name inside the output folder.
    pub sheet: Option<String>,
    pub facts: Option<Facts>,
    /// Why the file has no sheet: it could not be read, or is not a report.
    pub note: Option<String>,
    /// The file could not be checked (counts as an error of the batch).
    pub failed: bool,
}

const SORT_SCRIPT: &str = r#"<script>
document.querySelectorAll("th.sortable").forEach(function (th, col) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0];
    var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
    var asc = th.dataset.dir !== "asc"; th.dataset.dir = asc ? "asc" : "desc";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[idx].dataset.v || a.cells[idx].textContent;
      var y = b.cells[idx].dataset.v || b.cells[idx].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "zh-CN");
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
</script>
"#;

/// The index page. Rows are shown most errors first (unreadable files on top: they need a
/// resubmission), then by warnings, then by path.
pub fn index(rows: &[Row], checked_on: &str) -> String {
    let mut sorted: Vec<&Row> = rows.iter().collect();
    let key = |r: &Row| {
        let t = r.facts.as_ref().map(|f| f.tally).unwrap_or_default();
        (
            std::cmp::Reverse(r.failed),
            std::cmp::Reverse(t.error),
            std::cmp::Reverse(t.warning),
            r.path.clone(),
        )
    };
    sorted.sort_by_key(|r| key(r));
    let reports: Vec<&Facts> = rows.iter().filter_map(|r| r.facts.as_ref()).collect();
    let count = |v: &str| reports.iter().filter(|f| f.verdict() == v).count();
    let failed = rows.iter().filter(|r| r.failed).count();
    let skipped = rows
        .iter()
        .filter(|r| !r.failed && r.facts.is_none())
        .count();
    let mut h = head("审核汇总", true);
    h.push_str("<body class=\"wide\">\n<h1>法治政府建设年度报告审核汇总</h1>\n");
    let mut summary = format!(
        "共检查 {} 份报告：需修改 {} 份，建议修改 {} 份，通过 {} 份",
        reports.len(),
        count("需修改"),
        count("建议修改"),
        count("通过")
    );
    if failed > 0 {
        let _ = write!(summary, "；{failed} 个文件无法检查");
    }
    if skipped > 0 {
        let _ = write!(summary, "；{skipped} 个文件未识别为年度报告");
    }
    let _ = writeln!(
        h,
        "<p class=\"subtitle\">{summary}。检查日期 {checked_on}（gongwen-ls {}）</p>",
        gongwen::VERSION
    );
    h.push_str(
        "<table id=\"reports\">\n<thead><tr>\
         <th class=\"sortable\">文件</th><th class=\"sortable\">发文机关</th>\
         <th class=\"sortable num\">年度</th><th class=\"sortable\">法定事项</th>\
         <th class=\"sortable num\">错误</th><th class=\"sortable num\">警告</th>\
         <th class=\"sortable num\">信息</th><th class=\"sortable\">结论</th>\
         </tr></thead>\n<tbody>\n",
    );
    for r in sorted {
        let file = match &r.sheet {
            Some(s) => format!("<a href=\"{}\">{}</a>", esc(&href(s)), esc(&r.path)),
            None => esc(&r.path),
        };
        match &r.facts {
            Some(f) => {
                let t = f.tally;
                let missing = f.missing();
                let items = if missing.is_empty() {
                    format!("<span class=\"ok\">{}</span>", f.items_present())
                } else {
                    format!(
                        "<span class=\"missing\">{}</span><br><small>缺：{}</small>",
                        f.items_present(),
                        esc(&missing)
                    )
                };
                let class = match f.verdict() {
                    "需修改" => "error",
                    "建议修改" => "warning",
                    _ => "pass",
                };
                let _ = writeln!(
                    h,
                    "<tr><td class=\"file\">{file}</td><td>{}</td><td class=\"num\">{}</td><td class=\"items\" data-v=\"{}\">{items}</td>\
                     <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                     <td><span class=\"badge {class}\">{}</span></td></tr>",
                    esc(&f.issuer),
                    f.year_text(),
                    f.items.iter().filter(|(_, x)| *x).count(),
                    t.error,
                    t.warning,
                    t.information,
                    f.verdict()
                );
            }
            None => {
                let (class, verdict) = if r.failed {
                    (" class=\"unreadable\"", "无法检查")
                } else {
                    ("", "未检查")
                };
                let _ = writeln!(
                    h,
                    "<tr{class}><td class=\"file\">{file}</td><td colspan=\"6\">{}</td><td data-v=\"{}\">{verdict}</td></tr>",
                    esc(r.note.as_deref().unwrap_or("")),
                    if r.failed { "0" } else { "1" }
                );
            }
        }
    }
    h.push_str("</tbody>\n</table>\n<p class=\"empty\">点击表头可按该列排序；点击文件名打开该报告的审核意见。</p>\n");
    h.push_str(SORT_SCRIPT);
    h.push_str("</body>\n</html>\n");
    h
}

/// A relative link to a sheet in the same folder, percent-encoding what a URL cannot hold
/// (spaces, #, ?, %) and leaving Chinese as it is (browsers read UTF-8 links).
fn href(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            '%' => out.push_str("%25"),
            '"' => out.push_str("%22"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::review::Tally;

    fn facts(issuer: &str, error: usize, warning: usize) -> Facts {
        Facts {
            issuer: issuer.into(),
            title: String::new(),
            year: Some(2024),
            kind: "法治政府建设年度报告".into(),
            items: vec![
                ("主要举措和成效".into(), true),
                ("存在的不足和原因".into(), error == 0),
            ],
            tally: Tally {
                error,
                warning,
                ..Tally::default()
            },
        }
    }

    #[test]
    fn rows_most_errors_first_with_unreadable_files_on_top() {
        let rows = vec![
            Row {
                path: "a.txt".into(),
                sheet: Some("a.html".into()),
                facts: Some(facts("甲县", 0, 1)),
                note: None,
                failed: false,
            },
            Row {
                path: "b.docx".into(),
                sheet: Some("b 1.html".into()),
                facts: Some(facts("乙县", 3, 0)),
                note: None,
                failed: false,
            },
            Row {
                path: "c.doc".into(),
                sheet: None,
                facts: None,
                note: Some("请另存为 .docx 或 .txt".into()),
                failed: true,
            },
        ];
        let h = index(&rows, "2025年3月20日");
        let (c, b, a) = (
            h.find("c.doc").unwrap(),
            h.find("b.docx").unwrap(),
            h.find("a.txt").unwrap(),
        );
        assert!(c < b && b < a, "{h}");
        assert!(h.contains("href=\"b%201.html\""));
        assert!(
            h.contains("需修改 1 份，建议修改 1 份，通过 0 份；1 个文件无法检查"),
            "{h}"
        );
        assert!(h.contains("缺：存在的不足和原因"));
        assert!(h.contains("script-src 'unsafe-inline'") && h.contains("default-src 'none'"));
    }
}
