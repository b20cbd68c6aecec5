//! gongwen-ls in a real editor: headless Neovim (Debian's 0.7.2) starts the server with its
//! built-in LSP client, opens a draft, and we read back what Neovim shows the user.
//!
//! Neovim must be installed (`apt-get install neovim`); scripts/test-all installs it and sets
//! GONGWEN_REQUIRE_EDITORS=1 so that a missing editor fails the run instead of skipping it.

use std::process::Command;

use gongwen_e2e::{binary, fixture};

fn nvim_available() -> bool {
    let found = Command::new("nvim")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("GONGWEN_REQUIRE_EDITORS").as_deref() != Ok("1"),
            "nvim is required (GONGWEN_REQUIRE_EDITORS=1) but not installed"
        );
        eprintln!("nvim not installed: real-editor test not run (set GONGWEN_REQUIRE_EDITORS=1 to require it)");
    }
    found
}

/// Run a Lua script in headless Neovim and return what it wrote to `out`.
fn run_nvim(dir: &std::path::Path, lua: &str) -> String {
    let script = dir.join("test.lua");
    std::fs::write(&script, lua).unwrap();
    let out = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(dir)
        .output()
        .expect("run nvim");
    let result = std::fs::read_to_string(dir.join("out.txt")).unwrap_or_default();
    assert!(
        !result.is_empty(),
        "nvim produced no result; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    result
}

#[test]
fn neovim_shows_missing_items_and_applies_the_quick_fix() {
    if !nvim_available() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("gongwen-nvim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let draft = dir.join("draft.txt");
    std::fs::write(&draft, fixture("lacks-problems-and-plan.txt")).unwrap();
    let lua = format!(
        r#"
vim.cmd('filetype on')
local out = {{}}
local function emit(s) table.insert(out, s) end
local function finish()
  local f = io.open('out.txt', 'w'); f:write(table.concat(out, '\n')); f:close()
  vim.cmd('qall!')
end
vim.cmd('edit {draft}')
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({{ name = 'gongwen', cmd = {{ '{bin}' }}, root_dir = '{dir}' }})
vim.lsp.buf_attach_client(buf, id)
local ok = vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
emit('ready ' .. tostring(ok))
for _, d in ipairs(vim.diagnostic.get(buf)) do
  emit(string.format('diag %d %d %s %s', d.lnum, d.severity, d.code or d.user_data and d.user_data.lsp and d.user_data.lsp.code or '?', d.message))
end
-- code actions on the first missing-section diagnostic, applied like the user would
local client = vim.lsp.get_client_by_id(id)
local d = vim.diagnostic.get(buf)[1]
local params = vim.lsp.util.make_range_params()
params.range = {{ start = {{ line = d.lnum, character = 0 }}, ['end'] = {{ line = d.lnum, character = 0 }} }}
params.context = {{ diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, d.lnum) }}
local resp = client.request_sync('textDocument/codeAction', params, 5000, buf)
local action = resp and resp.result and resp.result[1]
emit('action ' .. (action and action.title or 'none'))
if action and action.edit then
  vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
end
local before = #vim.diagnostic.get(buf)
vim.wait(10000, function() return #vim.diagnostic.get(buf) ~= before end, 50)
for _, d in ipairs(vim.diagnostic.get(buf)) do
  emit(string.format('after %d %s', d.lnum, d.message))
end
for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  if line:find('存在的不足和原因', 1, true) then emit('inserted ' .. i .. ' ' .. line) end
end
finish()
"#,
        draft = draft.display(),
        bin = binary().display(),
        dir = dir.display(),
    );
    let result = run_nvim(&dir, &lua);
    let lines: Vec<&str> = result.lines().collect();
    assert_eq!(lines[0], "ready true", "{result}");
    let diags: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("diag "))
        .copied()
        .collect();
    assert_eq!(diags.len(), 2, "{result}");
    assert!(
        diags[0].contains("缺少法定事项（二）“存在的不足和原因”"),
        "{result}"
    );
    assert!(
        diags[1].contains("缺少法定事项（四）“下一年度主要安排”"),
        "{result}"
    );
    assert!(
        result.contains("action 插入法定事项“存在的不足和原因”（模板）"),
        "{result}"
    );
    let after: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("after "))
        .copied()
        .collect();
    let missing: Vec<&&str> = after
        .iter()
        .filter(|l| l.contains("缺少法定事项"))
        .collect();
    assert_eq!(missing.len(), 1, "{result}");
    assert!(missing[0].contains("下一年度主要安排"), "{result}");
    // the inserted template's blanks are now flagged until the drafter fills them in
    assert!(after.iter().any(|l| l.contains("模板占位符")), "{result}");
    assert!(
        result.contains("inserted")
            && result.contains("二、2024年度推进法治政府建设存在的不足和原因"),
        "{result}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
