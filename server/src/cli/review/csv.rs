//! `--format csv`: one row per file, for a spreadsheet. UTF-8 with a byte order mark so that
//! WPS and Excel open it as UTF-8 (without it they assume GBK and show mojibake); fields quoted
//! as RFC 4180 says; CRLF line ends.

use super::Facts;

/// The byte order mark that opens the file.
pub const BOM: &str = "\u{feff}";

pub const HEADER: [&str; 12] = [
    "文件",
    "发文机关",
    "报告年度",
    "报告种类",
    "法定事项",
    "缺少事项",
    "错误",
    "警告",
    "信息",
    "提示",
    "结论",
    "说明",
];

/// One CSV record (with its line end).
pub fn record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = String::new();
    for (k, f) in fields.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        let f = f.as_ref();
        if f.contains([',', '"', '\n', '\r']) || f.starts_with([' ', '\t']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
    out
}

/// The BOM and the header line.
pub fn begin() -> String {
    format!("{BOM}{}", record(&HEADER))
}

/// The row of a checked report.
pub fn report(path: &str, f: &Facts) -> String {
    let t = f.tally;
    record(&[
        path.to_string(),
        f.issuer.clone(),
        f.year_text(),
        f.kind.clone(),
        f.items_present(),
        f.missing(),
        t.error.to_string(),
        t.warning.to_string(),
        t.information.to_string(),
        t.hint.to_string(),
        f.verdict().to_string(),
        String::new(),
    ])
}

/// The row of a file that was not checked: `verdict` 无法检查 or 未检查, and why.
pub fn other(path: &str, verdict: &str, why: &str) -> String {
    let mut fields = vec![String::new(); HEADER.len()];
    fields[0] = path.to_string();
    fields[10] = verdict.to_string();
    fields[11] = why.to_string();
    record(&fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(
            record(&["a", "b,c", "say \"hi\"", "x\ny"]),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\r\n"
        );
        assert!(begin().starts_with("\u{feff}文件,发文机关,"));
        let o = other(
            "扫描件.pdf",
            "无法检查",
            "这是 PDF 文件，请另存为 .docx 或 .txt",
        );
        assert_eq!(o.matches(',').count(), 11, "{o}");
    }
}
