// End to end in headless Chromium, from file://, as a drafter uses the page: open it, paste a
// draft with known faults, see the marks and the outline, hover for the arithmetic, jump from the
// list, fix the punctuation, renumber, insert the missing items, undo, copy the result; open
// GB18030, UTF-16 and Word files; paste 1 MB and keep the page responsive; print. Every
// request the page makes is recorded: there must be none to a network address.
//
// Also measures the check of a 20 000-character report in the browser (target/web/measure.json).
//
// Run: node --test server/web/tests/e2e.mjs   (after scripts/build-web; needs chromium,
// fonts-noto-cjk and `npm ci` in server/web/tests)
// Environment: GONGWEN_PAGE, CHROMIUM, GONGWEN_WEB_OUT (screenshots; default target/web/e2e;
// set it to docs/images to refresh the documentation's screenshots).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const PAGE = path.resolve(ROOT, process.env.GONGWEN_PAGE ?? 'target/web/gongwen-check.html');
const OUT = path.resolve(ROOT, process.env.GONGWEN_WEB_OUT ?? 'target/web/e2e');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// A draft with known faults: half-width punctuation, a wrong rate (80 ÷ 85 is 94.1%, not 98.5%),
// an unfilled ××, 一是/二是/四是, and no duties (三) or plan (四) item.
const DRAFT = `关于2024年度法治政府建设情况的报告

市委、市人民政府:
2024年,我局在市委、市政府的领导下,深入推进法治政府建设,现将有关情况报告如下:
一、2024年度推进法治政府建设的主要举措和成效
（一）规范行政执法行为。全年开展执法检查126次,其中联合检查38次、专项检查88次。一是完善执法程序;二是加强案卷评查;四是推行说理式执法。
（二）化解行政争议。全年受理行政复议申请85件，办结80件，办结率98.5%。
（三）加强普法宣传。开展送法下乡活动××场次，覆盖群众1.2万人次。
二、存在的不足和原因
基层执法力量不足，部分执法人员法治意识有待提高。究其原因，主要是培训覆盖面不够。
三、其他需要报告的情况
无。

特此报告。

某市某局
2025年1月15日
`;

let browser;
let context;
let page;
const requests = [];
const problems = [];
let broken = false;
const measures = {};

async function shot(name) {
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

function step(name, fn) {
  it(name, { timeout: 120_000 }, async (t) => {
    if (broken) return t.skip('an earlier step failed');
    try {
      await fn();
    } catch (e) {
      broken = true;
      await shot(`failed-${name.replace(/[^\w]+/g, '-')}`).catch(() => {});
      throw e;
    }
  });
}

const value = () => page.$eval('#text', (t) => t.value);
const check = (text, opts = {}) => page.evaluate(([t, o]) => window.gongwen.check(t, o), [text, opts]);
/** Wait until the page shows the result of checking exactly the textarea's current text. */
async function settled() {
  await page.waitForFunction(() => {
    const g = window.gongwen;
    const t = document.getElementById('text').value;
    return g.lastCheck && g.checkedText() === t &&
      document.querySelectorAll('#findings li button').length === Math.min(g.lastCheck.findings, 1000);
  }, null, { timeout: 60_000, polling: 100 });
}

async function paste(text) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.click('#text');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
}

describe('the offline page in Chromium', () => {
  before(async () => {
    assert.ok(fs.existsSync(PAGE), `${PAGE} missing: run scripts/build-web`);
    assert.ok(fs.existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: apt-get install chromium`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    // offline: as on a desk with no network at all (every request to a network address fails)
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true, offline: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    context.on('request', (r) => requests.push(r.url()));
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
  });

  after(async () => {
    if (Object.keys(measures).length) {
      fs.mkdirSync(path.dirname(PAGE), { recursive: true });
      fs.writeFileSync(path.join(path.dirname(PAGE), 'measure.json'), `${JSON.stringify(measures, null, 2)}\n`);
      console.log('measurements:', JSON.stringify(measures));
    }
    await browser?.close();
  });

  step('opens from file:// and loads the checker', async () => {
    await page.goto(pathToFileURL(PAGE).href);
    const t0 = Date.now();
    await page.evaluate(() => window.gongwen.ready);
    await page.waitForFunction(() => document.getElementById('statusline').textContent.includes('后台检查'));
    measures.loadMs = Date.now() - t0;
    assert.match(await page.textContent('#summary'), /使用方法/);
    assert.equal(await page.evaluate(() => window.gongwen.version), await page.evaluate(() => window.gongwen.info().version));
    await shot('web-welcome');
  });

  step('a pasted draft is checked: marks in the text, the outline, the list', async () => {
    await paste(DRAFT);
    assert.equal(await value(), DRAFT);
    await settled();
    const want = await check(DRAFT);
    const rules = want.findings.map((f) => f.rule);
    for (const r of ['punct-width', 'rate-mismatch', 'placeholder', 'numbering', 'missing-section']) {
      assert.ok(rules.includes(r), `${r} among ${rules}`);
    }
    assert.equal(await page.locator('#findings li button').count(), want.findings.length);
    assert.ok(await page.locator('#backdrop mark.sev-error').count() >= 2, 'error marks');
    assert.ok(await page.locator('#backdrop mark.sev-warning').count() >= 1, 'warning marks');
    // the marks cover exactly the findings' text
    const marked = await page.$$eval('#backdrop mark', (ms) => ms.map((m) => m.textContent).join(''));
    assert.ok(marked.includes('××') && marked.includes('98.5%'), marked);
    const items = await page.$$eval('#items li', (ls) => ls.map((l) => `${l.className.split(' ')[0]}:${l.querySelector('.name').textContent}`));
    assert.deepEqual(items, [
      'found:（一）主要举措和成效',
      'found:（二）存在的不足和原因',
      'missing:（三）党政主要负责人履行推进法治建设第一责任人职责情况',
      'missing:（四）下一年度主要安排',
      'found:（五）其他需要报告的情况',
    ], 'outline');
    assert.match(await page.textContent('#summary'), /法定事项缺 2 项/);
    assert.match(await page.textContent('#headings'), /（三）加强普法宣传/);
  });

  step('hovering a mark shows the message and the arithmetic', async () => {
    const rate = (await check(await value())).findings.findIndex((f) => f.rule === 'rate-mismatch');
    const box = await page.locator(`#backdrop mark[data-f~="${rate}"]`).first().boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForSelector('#tip:not([hidden])');
    const tip = await page.textContent('#tip');
    assert.match(tip, /办结率应为 94\.1%/);
    assert.match(tip, /算式：80 ÷ 85 = 94\.12%/);
    await shot('web-check');
    await page.mouse.move(5, 300);
  });

  step('a finding in the list jumps to its place and explains itself', async () => {
    const f = (await check(await value())).findings;
    const i = f.findIndex((x) => x.rule === 'placeholder');
    await page.click(`#findings button[data-i="${i}"]`);
    const sel = await page.$eval('#text', (t) => t.value.slice(t.selectionStart, t.selectionEnd));
    assert.equal(sel, '××');
    assert.match(await page.textContent('#detail'), /模板占位符“××”尚未填写/);
    // the rate finding's detail has the figure's checks and a fix
    const r = f.findIndex((x) => x.rule === 'rate-mismatch');
    await page.click(`#findings button[data-i="${r}"]`);
    await page.waitForFunction(() => /读作：98\.5%/.test(document.getElementById('detail').textContent));
    const detail = await page.textContent('#detail');
    assert.match(detail, /算式：80 ÷ 85 = 94\.12%/);
    assert.match(detail, /✗ 办结率：80 ÷ 85 = 94\.12%/);
    assert.match(detail, /改正：将办结率改为 94\.1%/);
  });

  step('the keyboard reaches every finding (F8, arrows in the list)', async () => {
    await page.click('#text');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('F8');
    const f = (await check(await value())).findings;
    const first = f.slice().sort((a, b) => a.byteOffset - b.byteOffset)[0];
    const at = await page.$eval('#text', (t) => t.selectionStart);
    const bytesBefore = Buffer.byteLength((await value()).slice(0, at));
    assert.equal(bytesBefore, first.byteOffset, 'F8 selects the first finding');
    await page.keyboard.press('F8');
    const at2 = await page.$eval('#text', (t) => t.selectionStart);
    assert.ok(at2 >= at, 'F8 moves forward');
    // the list: errors first; the arrow keys move through it and select in the text
    const order = await page.$$eval('#findings li button', (bs) => bs.map((b) => b.getAttribute('data-i')));
    assert.equal(f[Number(order[0])].severity, 'error');
    await page.focus('#findings li:first-child button');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-i')), order[1]);
    assert.equal(await page.getAttribute(`#findings button[data-i="${order[1]}"]`, 'aria-current'), 'true');
    const second = f[Number(order[1])];
    const sel = await page.$eval('#text', (t) => t.selectionStart);
    assert.equal(Buffer.byteLength((await value()).slice(0, sel)), second.byteOffset);
    // every action is a focusable button with a name
    const names = await page.$$eval('.actions button', (bs) => bs.map((b) => b.textContent.trim()));
    assert.ok(names.every(Boolean) && names.length >= 8, names.join('|'));
  });

  step('全部改正标点 fixes every half-width mark, as document formatting does', async () => {
    const before = await value();
    const expected = await page.evaluate((t) => window.gongwen.fix(t, { kind: 'punctuation' }).text, before);
    assert.match(await page.textContent('#fix-punct'), /全部改正标点（\d+ 处）/);
    await page.click('#fix-punct');
    await page.waitForFunction((b) => document.getElementById('text').value !== b, before);
    assert.equal(await value(), expected);
    await settled();
    const after = await check(await value());
    assert.equal(after.findings.filter((f) => f.rule === 'punct-width').length, 0);
    assert.ok((await value()).includes('市委、市人民政府：\n2024年，我局'));
    assert.ok(await page.isDisabled('#fix-punct'));
    assert.match(await page.textContent('#notice'), /已改正 \d+ 处标点/);
    await shot('web-fixed');
  });

  step('重新编号 and 补齐缺少的事项, then 撤销改正', async () => {
    await page.click('#fix-numbering');
    await page.waitForFunction(() => document.getElementById('text').value.includes('三是推行说理式执法'));
    await settled();
    const numbered = await value();
    assert.equal((await check(numbered)).findings.filter((f) => f.rule === 'numbering').length, 0);
    await page.click('#fix-missing');
    await page.waitForFunction(() => document.querySelectorAll('#items li.missing').length === 0, null, { timeout: 30_000 });
    await settled();
    const full = await value();
    assert.match(full, /三、2024年度党政主要负责人履行推进法治建设第一责任人职责情况/);
    assert.match(full, /四、2025年推进法治政府建设的主要安排/);
    assert.match(full, /五、其他需要报告的情况/);
    assert.equal(await page.locator('#items li.found').count(), 5);
    await shot('web-complete');
    await page.click('#undo');
    await page.waitForFunction((t) => document.getElementById('text').value === t, numbered);
    await settled();
    assert.equal(await page.locator('#items li.missing').count(), 2);
  });

  step('复制改好的全文 puts the current text on the clipboard', async () => {
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.click('#copy');
    await page.waitForFunction(() => /已复制全文/.test(document.getElementById('notice').textContent));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await value());
    assert.ok(copied.includes('2024年，我局') && copied.includes('三是推行说理式执法'));
  });

  step('opens GB18030, UTF-16 and Word files; other formats get a Chinese message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongwen-web-'));
    const gb = path.join(dir, '草稿-gbk.txt');
    fs.writeFileSync(gb, execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: DRAFT }));
    await page.setInputFiles('#file', gb);
    await page.waitForFunction((t) => document.getElementById('text').value === t, DRAFT);
    await settled();
    assert.match(await page.textContent('#statusline'), /草稿-gbk\.txt（GB18030）/);
    const u16 = path.join(dir, '草稿-utf16.txt');
    fs.writeFileSync(u16, Buffer.from(`\ufeff${DRAFT.replace('某市某局', '某市某某局')}`, 'utf16le'));
    await page.setInputFiles('#file', u16);
    await page.waitForFunction(() => document.getElementById('text').value.includes('某市某某局'));
    assert.match(await page.textContent('#statusline'), /UTF-16LE/);
    // a .docx (numbering, a table, tracked changes) reads as its .txt twin; the list says where in Word
    const docx = path.join(ROOT, 'tests/fixtures/docx/report-2024.docx');
    const twin = fs.readFileSync(path.join(ROOT, 'tests/fixtures/docx/report-2024.txt'), 'utf8');
    await page.setInputFiles('#file', docx);
    await page.waitForFunction((t) => document.getElementById('text').value === t, twin);
    await settled();
    assert.match(await page.textContent('#statusline'), /report-2024\.txt（DOCX）/);
    assert.deepEqual(await check(twin), await check(await value()));
    if ((await check(twin)).findings.length) {
      assert.match(await page.textContent('#findings'), /第 \d+ 行（(第\d+段|表格\d+第\d+行)/);
    }
    const wps = path.join(dir, '报告.wps');
    fs.writeFileSync(wps, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    await page.setInputFiles('#file', wps);
    await page.waitForFunction(() => /WPS 文字格式（\.wps），无法直接检查；请用 WPS 另存为 \.docx 或 \.txt/.test(document.getElementById('notice').textContent));
    const broken = path.join(dir, '损坏.docx');
    fs.writeFileSync(broken, Buffer.from('PK\x03\x04 not really a document'));
    await page.setInputFiles('#file', broken);
    await page.waitForFunction(() => /无法读取“损坏\.docx”/.test(document.getElementById('notice').textContent));
    assert.equal(await value(), twin, 'the text is kept');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  step('compared with last year\'s report: the year-over-year findings', async () => {
    const dir = path.join(ROOT, 'tests/fixtures/yoy');
    const now = fs.readFileSync(path.join(dir, 'county-2024.txt'), 'utf8');
    await page.setInputFiles('#file', path.join(dir, 'county-2024.txt'));
    await page.waitForFunction((t) => document.getElementById('text').value === t, now);
    await settled();
    const yoy = ['copied-text', 'plan-followup', 'yoy-figure', 'problems-repeat'];
    assert.match(await page.textContent('#previous'), /选择上年度报告/);
    await page.setInputFiles('#previous-file', path.join(dir, 'county-2023.txt'));
    await page.waitForFunction(() => /county-2023\.txt\s*已与这份报告比对/.test(document.getElementById('previous').textContent));
    await settled();
    const want = await check(now, { path: 'county-2024.txt', previous: fs.readFileSync(path.join(dir, 'county-2023.txt'), 'utf8'), previousPath: 'county-2023.txt' });
    const rules = want.findings.map((f) => f.rule).filter((r) => yoy.includes(r));
    assert.ok(rules.length >= 4, rules.join());
    assert.equal(await page.locator('#findings li button').count(), want.findings.length);
    const i = want.findings.findIndex((f) => f.rule === 'copied-text');
    await page.click(`#findings button[data-i="${i}"]`);
    assert.match(await page.textContent('#detail'), /上年度报告第 \d+ 行/);
    await shot('web-previous');
    await page.click('#previous button:has-text("不比对")');
    await page.waitForFunction(() => /选择上年度报告/.test(document.getElementById('previous').textContent));
    await settled();
    assert.equal(await page.locator('#findings li button').count(), (await check(now, { path: 'county-2024.txt' })).findings.length);
  });

  step('checks a 20 000-character report in a few milliseconds', async () => {
    const report = longReport(20_000);
    const r = await page.evaluate((t) => {
      const g = window.gongwen;
      const time = (f, n) => {
        const xs = [];
        for (let i = 0; i < n; i++) { const t0 = performance.now(); f(); xs.push(performance.now() - t0); }
        xs.sort((a, b) => a - b);
        return { median: xs[n >> 1], p90: xs[Math.floor(n * 0.9)], min: xs[0] };
      };
      const findings = g.check(t).findings.length;
      return { chars: t.length, findings, check: time(() => g.check(t), 41), view: time(() => g.view(t), 41) };
    }, report);
    const worker = await page.evaluate(async (t) => {
      const xs = [];
      for (let i = 0; i < 21; i++) { const t0 = performance.now(); await window.gongwen.checkAsync(t); xs.push(performance.now() - t0); }
      xs.sort((a, b) => a - b);
      return xs[10];
    }, report);
    measures.report20k = { ...r, workerRoundTripMedian: worker };
    assert.ok(r.chars >= 20_000 && r.findings > 0);
    assert.ok(r.check.median < 100, `median ${r.check.median} ms`);
  });

  step('a 1 MB paste never freezes the page', async () => {
    const big = longReport(400_000); // ≈ 1 MB of UTF-8
    assert.ok(Buffer.byteLength(big) >= 1_000_000, `${Buffer.byteLength(big)} bytes`);
    await page.evaluate((t) => navigator.clipboard.writeText(t), big);
    // the longest gap between frames: while the browser puts the text into the textarea (its
    // own work), then from there until the results are shown (the page's work)
    await page.evaluate(() => {
      window.__gaps = { paste: 0, after: 0, last: performance.now(), run: true };
      const tick = () => {
        const now = performance.now();
        const g = window.__gaps;
        const pasted = document.getElementById('text').value.length > 300000;
        g[pasted && g.seen ? 'after' : 'paste'] = Math.max(g[pasted && g.seen ? 'after' : 'paste'], now - g.last);
        if (pasted) g.seen = true;
        g.last = now;
        if (g.run) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.click('#text');
    await page.keyboard.press('Control+A');
    const t0 = Date.now();
    await page.keyboard.press('Control+V');
    // typing goes on while the check runs
    await page.keyboard.type('补');
    await settled();
    const shownMs = Date.now() - t0;
    const gaps = await page.evaluate(() => { window.__gaps.run = false; return window.__gaps; });
    const n = await page.locator('#findings li button').count();
    const last = await page.evaluate(() => window.gongwen.lastCheck);
    measures.paste1MB = {
      bytes: Buffer.byteLength(big), chars: big.length, findings: last.findings, resultsShownMs: shownMs,
      checkInWorkerMs: Math.round(last.checkMs), renderMs: Math.round(last.renderMs),
      browserPasteGapMs: Math.round(gaps.paste), longestGapAfterPasteMs: Math.round(gaps.after), listed: n,
    };
    assert.ok(n > 0);
    assert.ok(gaps.after < 1500, `the page froze for ${gaps.after} ms after the paste`);
    // back to the draft for the last screenshots
    await paste(DRAFT);
    await settled();
  });

  step('readable at 1366×768 and printable', async () => {
    const fits = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      bar: document.querySelector('.bar').getBoundingClientRect().height,
      editor: document.getElementById('text').getBoundingClientRect().width,
    }));
    assert.ok(fits.width <= 1366, `no horizontal scrolling (${fits.width})`);
    assert.ok(fits.bar < 90 && fits.editor > 600, JSON.stringify(fits));
    await page.emulateMedia({ media: 'print' });
    const print = await page.evaluate(() => ({
      textarea: getComputedStyle(document.getElementById('text')).display,
      ink: getComputedStyle(document.getElementById('backdrop')).color,
      findings: document.querySelectorAll('#findings li button').length,
    }));
    assert.equal(print.textarea, 'none');
    assert.equal(print.ink, 'rgb(0, 0, 0)');
    assert.ok(print.findings > 0);
    await page.screenshot({ path: path.join(OUT, 'web-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000);
    await page.emulateMedia({ media: 'screen' });
  });

  step('one file under 4 MB: the module inline, nothing beside it', async () => {
    const html = fs.readFileSync(PAGE, 'utf8');
    const m = html.match(/<script type="application\/octet-stream" id="gongwen-wasm">([\s\S]*?)<\/script>/);
    assert.ok(m, 'the module is inline');
    const wasm = Buffer.from(m[1].trim(), 'base64');
    const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
    measures.sizes = {
      htmlBytes: Buffer.byteLength(html), htmlGzip: gz(Buffer.from(html)), wasmBytes: wasm.length, wasmGzip: gz(wasm),
    };
    assert.ok(measures.sizes.htmlBytes < 4_000_000, `${measures.sizes.htmlBytes} bytes`);
    assert.equal(wasm.subarray(0, 4).toString('latin1'), '\0asm');
    // every file the page loaded is the page itself (or data:/blob: URLs made from it)
    const files = new Set(requests.filter((u) => u.startsWith('file:')).map((u) => u.split('#')[0]));
    assert.deepEqual([...files], [pathToFileURL(PAGE).href]);
  });

  step('the page never asked for anything on the network', async () => {
    const html = fs.readFileSync(PAGE, 'utf8');
    const scripts = html.replace(/<script type="application\/octet-stream"[\s\S]*?<\/script>/, '');
    // nothing in the markup, styles or scripts that would load or send anything
    assert.doesNotMatch(scripts, /\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    assert.doesNotMatch(scripts, /@import|url\(\s*["']?(https?:)?\/\//i);
    assert.doesNotMatch(scripts, /\bfetch\s*\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts\s*\(\s*["']http/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none';[^"]*connect-src 'none'/);
    const external = requests.filter((u) => !/^(file|data|blob):/.test(u));
    assert.deepEqual(external, [], 'requests to the network');
    assert.ok(requests.some((u) => u.startsWith('file:')), 'requests were recorded');
    assert.deepEqual(problems, []);
  });
});

/** A report of about `n` characters in the genre: the accuracy corpus' and examples' bodies. */
function longReport(n) {
  const dir = path.join(ROOT, 'tests/accuracy');
  const sources = [path.join(ROOT, 'examples/report-2024.txt')];
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.clean.txt')) sources.push(path.join(dir, f));
  }
  const bodies = sources.map((f) => fs.readFileSync(f, 'utf8').split('\n').slice(3).join('\n'));
  let text = '关于2024年度法治政府建设情况的报告\n\n市委、市人民政府：\n';
  for (let i = 0; text.length < n; i++) text += `${bodies[i % bodies.length]}\n`;
  return text;
}
