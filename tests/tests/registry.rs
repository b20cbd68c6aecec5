//! The rule registry and everything that repeats it must agree: a rule added to the server
//! without its docs section, README row, settings schema and nls strings fails here, and no
//! setting or rule id is offered that the server does not implement.
//!
//! After adding or renaming a rule (and writing its docs/rules.md section by hand), regenerate
//! the rest with `GONGWEN_SYNC_RULES=1 cargo test -p gongwen-e2e --test registry`.

use std::process::Command;
use std::sync::Mutex;

use gongwen_e2e::binary;
use gongwen_e2e::registry::{drift, root, sync, Docs, Rule};
use serde_json::Value;

/// Held while the files are read or rewritten, so that the sync of one test never races the
/// reading of the other.
static FILES: Mutex<()> = Mutex::new(());

fn registry() -> Vec<Rule> {
    let o = Command::new(binary())
        .args(["rules", "--format", "json"])
        .output()
        .expect("run gongwen-ls rules");
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    v.as_array().unwrap().iter().map(Rule::from_json).collect()
}

#[test]
fn docs_readme_and_extension_match_the_registry() {
    let rules = registry();
    assert!(rules.len() >= 15);
    let root = root();
    let _files = FILES.lock().unwrap_or_else(|e| e.into_inner());
    let docs = Docs::read(&root);
    if std::env::var_os("GONGWEN_SYNC_RULES").is_some() {
        sync(&rules, &docs).write(&root);
    }
    let docs = Docs::read(&root);
    let problems = drift(&rules, &docs);
    assert!(
        problems.is_empty(),
        "the rule registry and the files that repeat it differ:\n- {}\n(write missing docs/rules.md sections by hand, then run GONGWEN_SYNC_RULES=1 cargo test -p gongwen-e2e --test registry)",
        problems.join("\n- ")
    );
}

#[test]
fn a_rule_added_without_docs_or_schema_is_caught_and_sync_fixes_all_but_the_prose() {
    let mut rules = registry();
    rules.push(Rule {
        id: "new-rule".into(),
        default_severity: "warning".into(),
        summary_zh: "新规则".into(),
        summary_en: "A new rule.".into(),
    });
    let docs = {
        let _files = FILES.lock().unwrap_or_else(|e| e.into_inner());
        Docs::read(&root())
    };
    let problems = drift(&rules, &docs);
    let has = |s: &str| problems.iter().any(|p| p.contains(s));
    assert!(
        has("docs/rules.md has no section \"## `new-rule`\""),
        "{problems:#?}"
    );
    assert!(has("README.md"), "{problems:#?}");
    assert!(has("package.json"), "{problems:#?}");
    assert!(has("package.nls.json: rule.new-rule"), "{problems:#?}");
    assert!(
        has("package.nls.zh-cn.json: rule.new-rule"),
        "{problems:#?}"
    );
    assert!(has("settings.ts"), "{problems:#?}");
    // regenerating leaves only the hand-written documentation to do
    let synced = sync(&rules, &docs);
    let left = drift(&rules, &synced);
    assert_eq!(left, ["docs/rules.md has no section \"## `new-rule`\""]);
    assert!(synced.package_json.contains("\"new-rule\": {"));
    serde_json::from_str::<Value>(&synced.package_json).expect("still JSON");
    serde_json::from_str::<Value>(&synced.nls_en).expect("still JSON");
    // and a rule the server does not have is caught in the extension's strings
    let fewer: Vec<Rule> = registry()
        .into_iter()
        .filter(|r| r.id != "number-form")
        .collect();
    let problems = drift(&fewer, &docs);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("rule.number-form names no rule")),
        "{problems:#?}"
    );
}
