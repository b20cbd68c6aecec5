//! Reading one file for `check`: text files decoded (UTF-8, UTF-16, GB18030), Word documents
//! (.docx) through gongwen-docx, other office formats refused with what to do.

use std::path::Path;

use gongwen_docx::Kind;

use super::review::Layout;
use crate::workspace;

/// A file read as text.
pub struct Document {
    pub text: String,
    /// `UTF-8`, `GB18030`, `UTF-16LE`…, or `docx`.
    pub encoding: &'static str,
    pub layout: Layout,
}

const ZIP: &[u8] = b"PK\x03\x04";

/// Read `path`: by its extension, and by its first bytes when the extension says nothing (a
/// Word document saved without one, a .doc renamed .docx).
pub fn read(path: &Path) -> Result<Document, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let kind = gongwen_docx::kind_of_extension(&ext);
    if let Kind::Unsupported(why) = kind {
        return Err(why.to_string());
    }
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取：{e}"))?;
    let text_ext = matches!(ext.as_str(), "txt" | "md" | "markdown");
    if kind == Kind::Docx || (!text_ext && bytes.starts_with(ZIP)) {
        return docx(&bytes);
    }
    if !text_ext {
        // an office file whatever its name says
        if let Err(e @ (gongwen_docx::Error::OldFormat | gongwen_docx::Error::Pdf)) =
            gongwen_docx::read(&bytes[..bytes.len().min(8)])
        {
            return Err(e.to_string());
        }
    }
    let (text, encoding) = workspace::decode(&bytes)?;
    Ok(Document {
        text,
        encoding,
        layout: Layout::Lines,
    })
}

fn docx(bytes: &[u8]) -> Result<Document, String> {
    let d = gongwen_docx::read(bytes).map_err(|e| e.to_string())?;
    Ok(Document {
        text: d.text,
        encoding: "docx",
        layout: Layout::Docx(d.places),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name_and_by_content() {
        let d = std::env::temp_dir().join(format!("gongwen-read-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        for (name, bytes, expect) in [
            ("a.doc", &ole[..], "Word 97-2003"),
            ("b.wps", &ole[..], "WPS"),
            ("c.pdf", &b"%PDF-1.7"[..], "PDF"),
            ("d.docx", &ole[..], "Word 97-2003"),
            ("e", &ole[..], "Word 97-2003"),
        ] {
            let p = d.join(name);
            std::fs::write(&p, bytes).unwrap();
            let e = read(&p).err().unwrap_or_else(|| panic!("{name} was read"));
            assert!(
                e.contains(expect) && e.contains("另存为 .docx 或 .txt"),
                "{name}: {e}"
            );
        }
        let p = d.join("f.txt");
        std::fs::write(&p, "关于2024年法治政府建设情况的报告\n").unwrap();
        let doc = read(&p).unwrap();
        assert_eq!(doc.encoding, "UTF-8");
        assert!(!doc.layout.is_docx());
        let _ = std::fs::remove_dir_all(&d);
    }
}
