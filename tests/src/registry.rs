//! The rule registry (`gongwen-ls rules --format json`) against every place that repeats it:
//! docs/rules.md (a section per rule), the README's rule table, the VS Code extension's settings
//! schema (`gongwen.rules`), its English and Chinese nls strings and `RULE_IDS` in
//! settings.ts. [`drift`] lists every difference; [`sync`] rewrites the generated parts
//! (`GONGWEN_SYNC_RULES=1 cargo test -p gongwen-e2e --test registry`).

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One rule of the registry, as `gongwen-ls rules --format json` prints it.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub default_severity: String,
    pub summary_zh: String,
    pub summary_en: String,
}

impl Rule {
    pub fn from_json(v: &Value) -> Rule {
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        Rule {
            id: s("id"),
            default_severity: s("defaultSeverity"),
            summary_zh: s("summaryZh"),
            summary_en: s("summaryEn"),
        }
    }
}

/// The files that repeat the registry, as text.
#[derive(Debug, Clone)]
pub struct Docs {
    pub rules_md: String,
    pub readme: String,
    pub package_json: String,
    pub nls_en: String,
    pub nls_zh: String,
    pub settings_ts: String,
}

const FILES: [&str; 6] = [
    "docs/rules.md",
    "README.md",
    "vscode-extension/package.json",
    "vscode-extension/package.nls.json",
    "vscode-extension/package.nls.zh-cn.json",
    "vscode-extension/src/settings.ts",
];

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repository root")
        .to_path_buf()
}

impl Docs {
    pub fn read(root: &Path) -> Docs {
        let r =
            |f: &str| std::fs::read_to_string(root.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        Docs {
            rules_md: r(FILES[0]),
            readme: r(FILES[1]),
            package_json: r(FILES[2]),
            nls_en: r(FILES[3]),
            nls_zh: r(FILES[4]),
            settings_ts: r(FILES[5]),
        }
    }

    pub fn write(&self, root: &Path) {
        let texts = [
            &self.rules_md,
            &self.readme,
            &self.package_json,
            &self.nls_en,
            &self.nls_zh,
            &self.settings_ts,
        ];
        for (f, t) in FILES.iter().zip(texts) {
            std::fs::write(root.join(f), t).unwrap_or_else(|e| panic!("{f}: {e}"));
        }
    }
}

/// The Chinese name of a severity, as everywhere in the product.
pub fn severity_zh(s: &str) -> &'static str {
    match s {
        "error" => "错误",
        "warning" => "警告",
        "information" => "信息",
        _ => "提示",
    }
}

const README_BEGIN: &str =
    "<!-- rules:begin (generated from `gongwen-ls rules`; see tests/src/registry.rs) -->";
const README_END: &str = "<!-- rules:end -->";

/// The README's rule table.
pub fn readme_table(rules: &[Rule]) -> String {
    let mut s = String::from("| 规则 id | 检查什么 | 默认级别 |\n|---|---|---|\n");
    for r in rules {
        s.push_str(&format!(
            "| `{}` | {} | {} |\n",
            r.id,
            r.summary_zh,
            severity_zh(&r.default_severity)
        ));
    }
    s
}

/// The `properties` object of the `gongwen.rules` setting, indented as in package.json.
pub fn schema_properties(rules: &[Rule], indent: &str) -> String {
    let i1 = format!("{indent}  ");
    let i2 = format!("{indent}    ");
    let i3 = format!("{indent}      ");
    let levels = ["off", "hint", "information", "warning", "error"];
    let mut s = String::from("{\n");
    for (k, r) in rules.iter().enumerate() {
        s.push_str(&format!("{i1}\"{}\": {{\n", r.id));
        s.push_str(&format!("{i2}\"type\": \"string\",\n{i2}\"enum\": [\n"));
        for (j, l) in levels.iter().enumerate() {
            let comma = if j + 1 < levels.len() { "," } else { "" };
            s.push_str(&format!("{i3}\"{l}\"{comma}\n"));
        }
        s.push_str(&format!("{i2}],\n{i2}\"enumDescriptions\": [\n"));
        for (j, l) in levels.iter().enumerate() {
            let comma = if j + 1 < levels.len() { "," } else { "" };
            s.push_str(&format!("{i3}\"%level.{l}%\"{comma}\n"));
        }
        s.push_str(&format!(
            "{i2}],\n{i2}\"markdownDescription\": \"%rule.{}%\"\n",
            r.id
        ));
        let comma = if k + 1 < rules.len() { "," } else { "" };
        s.push_str(&format!("{i1}}}{comma}\n"));
    }
    s.push_str(&format!("{indent}}}"));
    s
}

/// `RULE_IDS` of settings.ts.
pub fn settings_ids(rules: &[Rule]) -> String {
    let mut s = String::from("export const RULE_IDS = [\n");
    for r in rules {
        s.push_str(&format!("  '{}',\n", r.id));
    }
    s.push_str("] as const;");
    s
}

/// The span of the balanced `{…}` starting at byte `open` of `s`.
fn balanced(s: &str, open: usize) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut in_str = false;
    let mut esc = false;
    for (i, c) in s[open..].char_indices() {
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((open, open + i + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// Where the `properties` object of `gongwen.rules` is in package.json, with its indent.
fn schema_span(pkg: &str) -> Option<(usize, usize, String)> {
    let at = pkg.find("\"gongwen.rules\": {")?;
    let p = at + pkg[at..].find("\"properties\": {")?;
    let open = p + "\"properties\": ".len();
    let line_start = pkg[..p].rfind('\n').map_or(0, |i| i + 1);
    let indent = pkg[line_start..p].to_string();
    let (a, b) = balanced(pkg, open)?;
    Some((a, b, indent))
}

/// Replace every `"rule.<id>": …` line of an nls file by the generated ones, in registry order,
/// at the place of the first.
fn nls_with(nls: &str, rules: &[Rule], zh: bool) -> String {
    let mut out = String::new();
    let mut placed = false;
    let lines: Vec<&str> = nls.lines().collect();
    let last_rule_line = lines
        .iter()
        .rposition(|l| l.trim_start().starts_with("\"rule."));
    let generated = |trailing_comma: bool| {
        let mut g = String::new();
        for (k, r) in rules.iter().enumerate() {
            let text = if zh { &r.summary_zh } else { &r.summary_en };
            let comma = if k + 1 < rules.len() || trailing_comma {
                ","
            } else {
                ""
            };
            g.push_str(&format!(
                "  \"rule.{}\": {}{comma}\n",
                r.id,
                serde_json::to_string(text).unwrap()
            ));
        }
        g
    };
    for l in &lines {
        if l.trim_start().starts_with("\"rule.") {
            if !placed {
                // keep a comma after the block when the last rule line had one
                let trailing = last_rule_line
                    .map(|j| lines[j].trim_end().ends_with(','))
                    .unwrap_or(true);
                out.push_str(&generated(trailing));
                placed = true;
            }
            continue;
        }
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Every difference between the registry and the files, as sentences (empty: in step).
pub fn drift(rules: &[Rule], d: &Docs) -> Vec<String> {
    let mut out = vec![];
    for r in rules {
        if !d.rules_md.contains(&format!("\n## `{}`", r.id)) {
            out.push(format!("docs/rules.md has no section \"## `{}`\"", r.id));
        }
    }
    match (d.readme.find(README_BEGIN), d.readme.find(README_END)) {
        (Some(a), Some(b)) if a < b => {
            let have = d.readme[a + README_BEGIN.len()..b].trim();
            if have != readme_table(rules).trim() {
                out.push("README.md: the rule table differs from the registry".into());
            }
        }
        _ => out.push("README.md: the rule table markers are missing".into()),
    }
    match schema_span(&d.package_json) {
        Some((a, b, indent)) => {
            if d.package_json[a..b] != schema_properties(rules, &indent) {
                out.push(
                    "vscode-extension/package.json: the gongwen.rules schema differs from the registry"
                        .into(),
                );
            }
        }
        None => out.push("vscode-extension/package.json: no gongwen.rules properties".into()),
    }
    for (name, text, zh) in [
        ("package.nls.json", &d.nls_en, false),
        ("package.nls.zh-cn.json", &d.nls_zh, true),
    ] {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => {
                let have: Vec<&str> = v
                    .as_object()
                    .map(|o| {
                        o.keys()
                            .filter(|k| k.starts_with("rule."))
                            .map(String::as_str)
                            .collect()
                    })
                    .unwrap_or_default();
                for r in rules {
                    let want = if zh { &r.summary_zh } else { &r.summary_en };
                    if v[format!("rule.{}", r.id)].as_str() != Some(want.as_str()) {
                        out.push(format!(
                            "vscode-extension/{name}: rule.{} differs from the registry",
                            r.id
                        ));
                    }
                }
                for k in have {
                    if !rules.iter().any(|r| format!("rule.{}", r.id) == k) {
                        out.push(format!(
                            "vscode-extension/{name}: {k} names no rule of the server"
                        ));
                    }
                }
            }
            Err(e) => out.push(format!("vscode-extension/{name}: not JSON: {e}")),
        }
    }
    let ids = settings_ids(rules);
    if !d.settings_ts.contains(&ids) {
        out.push("vscode-extension/src/settings.ts: RULE_IDS differs from the registry".into());
    }
    out
}

/// The files with their generated parts rewritten from the registry (docs/rules.md sections are
/// prose and are not generated: a missing one stays a drift to fix by hand).
pub fn sync(rules: &[Rule], d: &Docs) -> Docs {
    let mut n = d.clone();
    if let (Some(a), Some(b)) = (n.readme.find(README_BEGIN), n.readme.find(README_END)) {
        n.readme = format!(
            "{}{README_BEGIN}\n{}{}",
            &d.readme[..a],
            readme_table(rules),
            &d.readme[b..]
        );
    }
    if let Some((a, b, indent)) = schema_span(&d.package_json) {
        n.package_json = format!(
            "{}{}{}",
            &d.package_json[..a],
            schema_properties(rules, &indent),
            &d.package_json[b..]
        );
    }
    n.nls_en = nls_with(&d.nls_en, rules, false);
    n.nls_zh = nls_with(&d.nls_zh, rules, true);
    if let (Some(a), Some(len)) = (
        d.settings_ts.find("export const RULE_IDS = ["),
        d.settings_ts
            .find("export const RULE_IDS = [")
            .and_then(|a| d.settings_ts[a..].find("] as const;")),
    ) {
        let b = a + len + "] as const;".len();
        n.settings_ts = format!(
            "{}{}{}",
            &d.settings_ts[..a],
            settings_ids(rules),
            &d.settings_ts[b..]
        );
    }
    n
}
