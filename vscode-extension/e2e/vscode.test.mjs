// End-to-end test in a real VS Code: installs the freshly built VSIX into code-server, opens a
// draft report in Chromium, and checks what a drafter sees: the missing-section problem in
// Chinese, the skeleton completion, the palette command, the quick fix, and the server log.
// Year over year: a paragraph copied from last year's report (copied-text), the code lens per
// statutory item and the diff view of the two reports (与上年度报告对比).
// Screenshots of every step go to $GONGWEN_E2E_OUT (default vscode-extension/e2e-output/).
//
// Run: npm run package && npm run test:e2e   (needs `npm ci` in e2e/, chromium, fonts-noto-cjk)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { chromium } from 'playwright-core';

import {
  CHROMIUM_ARGS,
  EXT_ROOT,
  Workspace,
  bundledServer,
  chromiumPath,
  findVsix,
  processesMentioning,
} from './harness.mjs';

const DRAFT = '2024年度法治政府建设情况报告.txt';
// Two years of one county's report (tests/fixtures/yoy): this year's copies paragraphs of last year's.
const YOY_FIXTURES = path.join(EXT_ROOT, '..', 'tests', 'fixtures', 'yoy');
const LAST_YEAR = '云溪县人民政府2023年报告.txt';
const THIS_YEAR = '云溪县人民政府2024年报告.txt';
const EMPTY = '空白.txt';
const EMPTY_MD = '框架.md';
const MISSING_PLAN = '缺少法定事项（四）“下一年度主要安排”';
const QUICK_FIX = '插入法定事项“下一年度主要安排”（模板）';
const OUT = path.resolve(process.env.GONGWEN_E2E_OUT ?? path.join(EXT_ROOT, 'e2e-output'));
const STEP_TIMEOUT = 60_000;
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.minimap.enabled': false,
  'editor.wordWrap': 'on',
  'files.autoSave': 'off',
  'window.commandCenter': false,
  'gongwen.trace.server': process.env.GONGWEN_E2E_TRACE ?? 'off',
};

let ws;
let context;
let page;
let broken = false;
/** The bundled server the extension must pick (relative to the installed extension). */
let serverRel;

async function shot(name) {
  if (page) {
    await page.screenshot({ path: path.join(OUT, `${name}.png`) });
  }
}

/** A test step; after a failure the following steps are skipped (they depend on it). */
function step(name, shotName, fn) {
  it(name, { timeout: 3 * STEP_TIMEOUT }, async (t) => {
    if (broken) {
      t.skip('an earlier step failed');
      return;
    }
    try {
      await fn();
      await shot(shotName);
    } catch (e) {
      broken = true;
      await shot(`${shotName}-FAILED`).catch(() => {});
      throw e;
    }
  });
}

const rows = (selector, text) => page.locator(selector).filter({ hasText: text });
const problemRows = (text) => rows('.markers-panel .monaco-list-row', text);
const statusItem = (text) => rows('.statusbar-item', text);

async function openFromExplorer(name) {
  await rows('.explorer-folders-view .monaco-list-row', name).first().click();
  await page
    .locator('.tabs-container .tab.active')
    .filter({ hasText: name })
    .waitFor({ timeout: STEP_TIMEOUT });
  // Focus the text.
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
}

async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await input.fill(`>${title}`);
  await rows('.quick-input-list .monaco-list-row', title).first().waitFor({ timeout: STEP_TIMEOUT });
  await page.keyboard.press('Enter');
}

/**
 * Change the user settings the way a person does: open settings.json in the editor, replace its
 * text and save (code-server does not notice a settings.json written behind its back).
 */
async function setUserSettings(settings) {
  const tab = page.locator('.tabs-container .tab').filter({ hasText: 'settings.json' });
  const text = JSON.stringify(settings);
  await runCommand('Preferences: Open User Settings (JSON)');
  await tab.and(page.locator('.tab.active')).waitFor({ timeout: STEP_TIMEOUT });
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.locator('.view-lines').click();
  await editor.and(page.locator('.monaco-editor.focused')).waitFor({ timeout: STEP_TIMEOUT });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  // Monaco wraps long lines: compare without the line breaks of the view.
  await waitFor('the new settings in the editor', async () =>
    (await editor.locator('.view-lines').innerText()).replace(/\s/g, '') === text.replace(/\s/g, ''),
  );
  await page.keyboard.press('Control+S');
  await waitFor('settings.json to be saved', async () => {
    if ((await tab.and(page.locator('.tab.dirty')).count()) > 0) return false;
    try {
      return JSON.stringify(ws.readUserSettings()) === text;
    } catch {
      return false;
    }
  });
  await page.keyboard.press('Control+W');
  await tab.first().waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
}

/** Text of the visible lines of the active editor. */
async function editorText() {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
}

async function waitFor(what, fn, timeout = STEP_TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await page.waitForTimeout(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('gongwen-ls in VS Code (code-server + Chromium)', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    fs.mkdirSync(OUT, { recursive: true });
    for (const f of fs.readdirSync(OUT)) {
      if (f.endsWith('.png')) fs.rmSync(path.join(OUT, f));
    }
    const vsix = findVsix();
    ws = new Workspace();
    ws.writeSettings(BASE_SETTINGS);
    ws.copyFixture(DRAFT);
    ws.writeFile(LAST_YEAR, fs.readFileSync(path.join(YOY_FIXTURES, 'county-2023.txt'), 'utf8'));
    ws.writeFile(THIS_YEAR, fs.readFileSync(path.join(YOY_FIXTURES, 'county-2024.txt'), 'utf8'));
    ws.writeFile(EMPTY, '');
    ws.writeFile(EMPTY_MD, '');

    const installed = ws.installVsix(vsix);
    assert.equal(installed.status, 0, `install failed: ${installed.error ?? ''}\n${installed.output}`);
    assert.match(installed.output, /successfully installed/);
    const extDir = fs.readdirSync(ws.ext).find((d) => d.startsWith('gongwen.gongwen-ls-'));
    assert.ok(extDir, `extension not in ${ws.ext}: ${fs.readdirSync(ws.ext).join(', ')}`);
    serverRel = bundledServer(path.join(ws.ext, extDir));
    assert.ok(serverRel, `the VSIX bundles no linux-x64 server: ${fs.readdirSync(path.join(ws.ext, extDir)).join(', ')}`);

    const url = await ws.startCodeServer();
    context = await chromium.launchPersistentContext(ws.chrome, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
      locale: 'zh-CN',
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}/?folder=${encodeURIComponent(ws.ws)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await rows('.explorer-folders-view .monaco-list-row', DRAFT).first().waitFor({ timeout: 90_000 });
  });

  after(async () => {
    const marker = ws?.root;
    await context?.close().catch(() => {});
    await ws?.stopCodeServer();
    if (ws) {
      fs.copyFileSync(ws.codeServerLog, path.join(OUT, 'code-server.log'));
      // Verify that nothing we started is left running (language server included).
      let left = processesMentioning(marker);
      for (let i = 0; i < 20 && left.length > 0; i++) {
        await new Promise((r) => setTimeout(r, 250));
        left = processesMentioning(marker);
      }
      for (const p of left) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      if (process.env.GONGWEN_E2E_KEEP !== '1') ws.remove();
      assert.deepEqual(left, [], 'processes left running after the test');
    }
  });

  step('lists the missing plan item (missing-section) in the Problems panel, in Chinese', '01-problems', async () => {
    await openFromExplorer(DRAFT);
    await statusItem('缺1项').waitFor({ timeout: STEP_TIMEOUT });
    await page.keyboard.press('Control+Shift+M');
    const row = problemRows(MISSING_PLAN).first();
    await row.waitFor({ timeout: STEP_TIMEOUT });
    const text = await row.innerText();
    assert.match(text, /《法治政府建设与责任落实督察工作规定》/);
    assert.match(text, /missing-section/);
    assert.match(text, /gongwen/);
  });

  step('applies setting changes without a reload (gongwen.rules, gongwen.enable)', '01b-settings', async () => {
    // A rule turned off through the settings: the server gets didChangeConfiguration.
    await setUserSettings({ ...BASE_SETTINGS, 'gongwen.rules': { 'missing-section': 'off' } });
    await waitFor('missing-section to be switched off', async () => (await problemRows(MISSING_PLAN).count()) === 0);
    await setUserSettings(BASE_SETTINGS);
    await problemRows(MISSING_PLAN).first().waitFor({ timeout: STEP_TIMEOUT });
    // gongwen.enable=false stops the client (its diagnostics go with it); true starts it again.
    await setUserSettings({ ...BASE_SETTINGS, 'gongwen.enable': false });
    await openFromExplorer(DRAFT);
    await statusItem('公文检查已停用').waitFor({ timeout: STEP_TIMEOUT });
    await waitFor('diagnostics to be cleared', async () => (await problemRows(MISSING_PLAN).count()) === 0);
    await shot('01a-disabled');
    await setUserSettings(BASE_SETTINGS);
    await openFromExplorer(DRAFT);
    await statusItem('缺1项').waitFor({ timeout: STEP_TIMEOUT });
    await problemRows(MISSING_PLAN).first().waitFor({ timeout: STEP_TIMEOUT });
  });

  step('completes the report skeleton on an empty line (Ctrl+Space)', '03-skeleton-inserted', async () => {
    await openFromExplorer(EMPTY);
    await statusItem('未检查').waitFor({ timeout: STEP_TIMEOUT });
    await page.keyboard.press('Control+Space');
    const item = rows('.suggest-widget.visible .monaco-list-row', '年度报告全文框架').first();
    await item.waitFor({ timeout: STEP_TIMEOUT });
    await shot('02-completion');
    await item.click();
    await page.locator('.suggest-widget.visible').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
    const text = await waitFor('the skeleton in the editor', async () => {
      const t = await editorText();
      return t.includes('法治政府建设情况的报告') ? t : undefined;
    });
    assert.match(text, /关于\d{4}年度法治政府建设情况的报告/);
    assert.match(text, /主要举措和成效/);
    // The headings mirror the title's year (one tab stop), no template token is left.
    const year = text.match(/关于(\d{4})年度/)[1];
    assert.ok(text.includes(`一、${year}年度推进法治政府建设的主要举措和成效`), text);
    assert.doesNotMatch(text, /[{}]/);
    // The file is now a report with every statutory item: nothing is missing.
    await waitFor('the status of the filled file', async () => {
      const t = await page.locator('.statusbar-item').allInnerTexts();
      return !t.some((s) => s.includes('未检查')) && t.some((s) => /法治报告|错误\d|警告\d|信息\d/.test(s));
    });
    assert.equal(await statusItem(/缺\d+项/).count(), 0);
  });

  step('inserts the skeleton with the palette command 插入年度报告全文框架', '04-command-skeleton', async () => {
    await openFromExplorer(EMPTY_MD);
    await runCommand('插入年度报告全文框架');
    const text = await waitFor('the skeleton in the Markdown file', async () => {
      const t = await editorText();
      return t.includes('法治政府建设情况的报告') ? t : undefined;
    });
    assert.match(text, /特此报告|存在的不足和原因/);
  });

  step('applies the quick fix for the missing item and the problem disappears', '06-fixed', async () => {
    await openFromExplorer(DRAFT);
    await page.keyboard.press('Control+Shift+M');
    const row = problemRows(MISSING_PLAN).first();
    await row.waitFor({ timeout: STEP_TIMEOUT });
    // Double-click: the editor gets the focus with the cursor on the diagnostic.
    await row.dblclick();
    await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout: STEP_TIMEOUT });
    await waitFor('the cursor on line 21', async () => (await statusItem(/Ln 21, Col/).count()) > 0);
    await page.keyboard.press('Control+Period');
    const fix = rows('.action-widget .monaco-list-row', QUICK_FIX).first();
    await fix.waitFor({ timeout: STEP_TIMEOUT });
    await shot('05-quickfix-menu');
    // Choose the fix with the keyboard, as a drafter would (the menu rows are not clickable
    // targets for playwright while the widget animates).
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 10 && !(await focused.innerText().catch(() => '')).includes(QUICK_FIX); i++) {
      await page.keyboard.press('ArrowDown');
    }
    assert.match(await focused.innerText(), new RegExp(QUICK_FIX.replace(/[()（）]/g, '.')));
    await page.keyboard.press('Enter');
    await waitFor('the missing-section problem to disappear', async () => (await problemRows(MISSING_PLAN).count()) === 0);
    await statusItem('缺1项').waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
    const text = await editorText();
    assert.match(text, /推进法治政府建设的主要安排/);
  });

  step('restarts the server (重启检查服务) and shows its log (显示服务日志)', '07-log', async () => {
    await openFromExplorer(DRAFT);
    await runCommand('重启检查服务');
    await runCommand('显示服务日志');
    const log = page.locator('.panel .monaco-editor .view-lines').first();
    // The bundled server for this machine was found (server/linux-x64/ in the universal VSIX),
    // stopped and started again.
    await waitFor('the server log', async () => {
      const t = await log.innerText();
      // Only the newest lines are in view: the restart shows as 已停止 followed by 已启动.
      return (
        t.includes('使用扩展自带的服务器') &&
        t.replace(/\s/g, '').includes(serverRel) &&
        t.includes('检查服务已停止') &&
        t.lastIndexOf('检查服务已启动') > t.lastIndexOf('检查服务已停止')
      );
    });
    // The restarted server checks the draft again: the status bar shows its result (the draft
    // still holds the ×× blanks of the inserted plan template, so it shows "错误N").
    await statusItem(/法治报告|错误\d|警告\d|信息\d|缺\d+项/).waitFor({ timeout: STEP_TIMEOUT });
  });

  step('flags a paragraph copied from last year (copied-text) and opens the diff view (与上年度报告对比)', '09-yoy-diff', async () => {
    await openFromExplorer(THIS_YEAR);
    await page.keyboard.press('Control+Shift+M');
    // the panel lists every open file's problems (the skeleton steps left dozens): filter it
    // to the paragraphs copied from last year, as a drafter would
    const filter = page.locator('input[placeholder^="Filter (e.g."], textarea[placeholder^="Filter (e.g."]').first();
    await filter.waitFor({ timeout: STEP_TIMEOUT });
    await filter.fill('本段与上年度报告第');
    const row = problemRows('本段与上年度报告第').first();
    await row.waitFor({ timeout: STEP_TIMEOUT });
    const text = await row.innerText();
    assert.match(text, /copied-text/);
    assert.match(text, /几乎相同/);
    // the server found last year's report in the same folder: the code lens per statutory item.
    // VS Code renders lenses lazily (viewport, debounce) and was seen to show this one late under
    // code-server; the lens itself is covered by tests/tests/yoy.rs over LSP, so here it is only
    // waited for, for the screenshot, and the step asserts the diagnostic and the diff view.
    const lens = page.locator('.codelens-decoration').filter({ hasText: '与上年相比：新增' }).first();
    await lens.waitFor({ timeout: 15000 }).catch(() => {});
    await shot('08-copied-text');
    await runCommand('与上年度报告对比');
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: STEP_TIMEOUT });
    const tab = page.locator('.tabs-container .tab.active');
    await tab.filter({ hasText: '上年度报告' }).waitFor({ timeout: STEP_TIMEOUT });
    assert.match(await tab.innerText(), /本年度报告/);
  });
});
