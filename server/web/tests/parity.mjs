// Parity: the WebAssembly module shipped in the page and the native binary give the same JSON for
// every fixture, the accuracy corpus, the examples and the seed reports; and it reads the Word
// fixtures as their .txt twins.
//
// Loads the module and its JavaScript from target/web/gongwen-check.html itself (what drafters
// get), runs `gongwen-ls check --format json` on the same files, and compares each file's JSON
// (path, encoding, report, year, every finding with its positions, data and fixes).
//
// Run: node --test server/web/tests/parity.mjs   (after scripts/build-web and cargo build)
// Environment: GONGWEN_BIN (default target/debug/gongwen-ls), GONGWEN_PAGE, GONGWEN_SEEDS.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.resolve(ROOT, process.env.GONGWEN_BIN ?? 'target/debug/gongwen-ls');
const PAGE = path.resolve(ROOT, process.env.GONGWEN_PAGE ?? 'target/web/gongwen-check.html');

/** The seed reports: ../shared/seeds in CI, /work/shared/seeds on the project's machines. */
function seedsDir() {
  const candidates = [process.env.GONGWEN_SEEDS, path.join(ROOT, '../shared/seeds'), '/work/shared/seeds'];
  return candidates.find((d) => d && fs.existsSync(d)) ?? null;
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(txt|md|markdown)$/i.test(e.name)) out.push(p);
  }
  return out;
}

/** The engine as the page ships it: its inline gongwen.js and its base64 module. */
export function loadPageEngine(page = PAGE) {
  const html = fs.readFileSync(page, 'utf8');
  const script = (id) => {
    const m = html.match(new RegExp(`<script[^>]*id="${id}"[^>]*>([\\s\\S]*?)</script>`));
    assert.ok(m, `the page has a script #${id}`);
    return m[1];
  };
  const mod = { exports: {} };
  new Function('module', script('gongwen-engine'))(mod);
  const api = mod.exports;
  const bytes = Buffer.from(script('gongwen-wasm').trim(), 'base64');
  return { engine: api.createGongwenSync(bytes), api, bytes };
}

/** Decode a file as the page does (and as the CLI does): UTF-8 (BOM or not), UTF-16 with BOM, GB18030. */
export function decode(b) {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: new TextDecoder().decode(b.subarray(3)), encoding: 'UTF-8' };
  if (b[0] === 0xff && b[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'UTF-16LE' };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gb18030', { fatal: true }).decode(b), encoding: 'GB18030' };
  }
}

function corpus() {
  const files = [];
  for (const d of ['tests/fixtures', 'tests/accuracy', 'examples']) {
    const abs = path.join(ROOT, d);
    if (fs.existsSync(abs)) files.push(...walk(abs));
  }
  const seeds = seedsDir();
  if (seeds) files.push(...walk(seeds));
  return { files: files.map((f) => path.relative(ROOT, f)), seeds };
}

function native(files, extra = []) {
  const out = execFileSync(BIN, ['check', '--format', 'json', ...extra, ...files], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    // exit status 1 means "errors found": the JSON is still complete
  }).toString();
  return JSON.parse(out);
}

function nativeAllowingFindings(files, extra) {
  try {
    return native(files, extra);
  } catch (e) {
    if (e.status === 1 && e.stdout) return JSON.parse(e.stdout);
    throw e;
  }
}

/** The first difference between two JSON values, as a path and the two sides. */
function firstDiff(a, b, at = '') {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDiff(a[k], b[k], `${at}/${k}`);
      if (d) return d;
    }
  }
  return { at, wasm: a, native: b };
}

/**
 * Check every file with the native binary (which looks for last year's report beside each one)
 * and with the module (given that same file's text when the binary used one): the same JSON.
 * `previous` says how last year's report was found, so it is compared apart: the module names the
 * same file, or none where the binary used none.
 */
function compare(files, nativeArgs, options) {
  const { engine } = loadPageEngine();
  const report = nativeAllowingFindings(files, nativeArgs);
  assert.deepEqual(report.errors, [], 'the native checker read every file');
  const byPath = new Map(report.files.map((f) => [f.path, f]));
  let findings = 0;
  let reports = 0;
  let compared = 0;
  for (const file of files) {
    const { text, encoding } = decode(fs.readFileSync(path.join(ROOT, file)));
    const want = structuredClone(byPath.get(file));
    assert.ok(want, `the native checker reported ${file}`);
    const opts = { path: file, encoding, ...options };
    const prev = want.previous?.path;
    if (prev) {
      opts.previous = decode(fs.readFileSync(path.join(ROOT, prev))).text;
      opts.previousPath = prev;
    }
    const got = engine.check(text, opts);
    assert.equal('previous' in got, 'previous' in want, `${file}: previous present in both or neither`);
    if (prev) {
      assert.equal(got.previous?.path, prev, `${file}: compared with ${prev}`);
      compared++;
    } else if ('previous' in got) {
      assert.equal(got.previous, null, `${file}: no comparison`);
    }
    delete got.previous;
    delete want.previous;
    const diff = firstDiff(got, want);
    assert.equal(diff, null, `${file}: wasm and native differ at ${diff?.at}\n  wasm:   ${JSON.stringify(diff?.wasm)}\n  native: ${JSON.stringify(diff?.native)}`);
    findings += got.findings.length;
    if (got.report) reports++;
  }
  return { findings, reports, compared };
}

test('the page engine and the native binary agree on every corpus file', () => {
  assert.ok(fs.existsSync(BIN), `${BIN} missing: cargo build -p gongwen-ls`);
  assert.ok(fs.existsSync(PAGE), `${PAGE} missing: scripts/build-web`);
  const { files, seeds } = corpus();
  if (process.env.GONGWEN_REQUIRE_SEEDS === '1') assert.ok(seeds, 'the seed reports are present');
  assert.ok(files.length >= 10, `a corpus (${files.length} files)`);
  const { findings, reports, compared } = compare(files, [], {});
  assert.ok(reports >= 8 && findings >= 100, `a real comparison (${reports} reports, ${findings} findings)`);
  assert.ok(compared >= 3, `reports compared with last year's (${compared})`);
  console.log(`parity: ${files.length} files (${reports} reports, ${compared} compared with last year's${seeds ? `, seeds from ${seeds}` : ', no seeds'}), ${findings} findings identical`);
});

test('options mean what the command line options mean', () => {
  const { files } = corpus();
  const some = files.filter((f) => f.startsWith('examples') || f.startsWith('tests/fixtures'));
  const { findings } = compare(
    some,
    ['--all', '--rule', 'punct-width=off', '--rule', 'numbering=error'],
    { all: true, rules: { 'punct-width': 'off', numbering: 'error' } },
  );
  assert.ok(findings > 10);
});

test('the module reads every Word fixture as its .txt twin', () => {
  const { engine } = loadPageEngine();
  const dir = path.join(ROOT, 'tests/fixtures/docx');
  const docs = fs.readdirSync(dir).filter((f) => f.endsWith('.docx'));
  assert.ok(docs.length >= 2, 'the .docx fixtures');
  for (const f of docs) {
    const { text, places } = engine.readDocx(fs.readFileSync(path.join(dir, f)));
    assert.equal(text, fs.readFileSync(path.join(dir, f.replace(/\.docx$/, '.txt')), 'utf8'), f);
    assert.equal(places.length, text.split('\n').length - 1, f);
  }
  assert.throws(() => engine.readDocx(Buffer.from('%PDF-1.7')), /PDF/);
});

test('a panic is caught and bad calls leave the module usable', () => {
  const { engine } = loadPageEngine();
  assert.deepEqual(engine.call('', { op: 'selftest' }), { unwinds: true });
  assert.throws(() => engine.check('报告', { rules: { nope: 'off' } }), /未知的规则/);
  assert.throws(() => engine.call('', { op: 'launch' }), /未知的操作/);
  // lone surrogates become U+FFFD, as in the browser; the module answers
  const v = engine.check('关于2024年度法治政府建设情况的报告\n\ud800一、主要举措和成效\n', {});
  assert.equal(v.report, true);
  const again = engine.check('关于2024年度法治政府建设情况的报告\n', {});
  assert.equal(again.year, 2024);
});
