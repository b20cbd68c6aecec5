// Checks of package.json, the nls files and the module structure: what VS Code reads from the
// manifest cannot be exercised without VS Code, so its contract is asserted here.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { LEVELS, RULE_IDS } from '../src/settings';
import { LANGUAGES } from '../src/status';

// Compiled to out/test/, so the extension root is two levels up.
const ROOT = path.resolve(__dirname, '..', '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const pkg = JSON.parse(read('package.json'));
const nls: Record<string, string> = JSON.parse(read('package.nls.json'));
const nlsZh: Record<string, string> = JSON.parse(read('package.nls.zh-cn.json'));
const props: Record<string, Record<string, unknown>> = pkg.contributes.configuration.properties;
const HAN = /\p{Script=Han}/u;

describe('package.json', () => {
  it('activates for plain text and Markdown and bundles to dist/extension.js', () => {
    assert.deepEqual([...pkg.activationEvents].sort(), LANGUAGES.map((l) => `onLanguage:${l}`).sort());
    assert.equal(pkg.main, './dist/extension.js');
    assert.ok(pkg.engines.vscode.startsWith('^1.'));
  });

  it('declares limited support for untrusted workspaces restricting gongwen.server.path', () => {
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces, {
      supported: 'limited',
      description: pkg.capabilities.untrustedWorkspaces.description,
      restrictedConfigurations: ['gongwen.server.path'],
    });
  });

  it('makes gongwen.server.path machine-scoped', () => {
    assert.equal(props['gongwen.server.path']!.scope, 'machine');
    assert.equal(props['gongwen.server.path']!.type, 'string');
  });

  it('contributes exactly the documented settings with their defaults', () => {
    const expected: Record<string, unknown> = {
      'gongwen.enable': true,
      'gongwen.reports.autoDetect': true,
      'gongwen.reports.include': [],
      'gongwen.rules': {},
      'gongwen.codeLens.enable': true,
      'gongwen.inlayHints.enable': true,
      'gongwen.profile.path': '',
      'gongwen.previousReport.path': '',
      'gongwen.server.path': '',
      'gongwen.trace.server': 'off',
    };
    assert.deepEqual(Object.keys(props).sort(), Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) {
      assert.deepEqual(props[k]!.default, v, k);
    }
    assert.deepEqual(props['gongwen.trace.server']!.enum, ['off', 'messages', 'verbose']);
  });

  it('gives gongwen.rules a schema with every known rule id and the level enum', () => {
    const rules = props['gongwen.rules'] as {
      properties: Record<string, { enum: string[] }>;
      additionalProperties: { enum: string[] };
    };
    assert.deepEqual(Object.keys(rules.properties).sort(), [...RULE_IDS].sort());
    for (const [id, schema] of Object.entries(rules.properties)) {
      assert.deepEqual(schema.enum, [...LEVELS], id);
    }
    assert.deepEqual(rules.additionalProperties.enum, [...LEVELS]);
  });

  it('registers the commands with a category, and none with the server prefix', () => {
    const ids = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(ids, ['gongwen.compareWithPrevious', 'gongwen.insertSkeleton', 'gongwen.restartServer', 'gongwen.showLog']);
    for (const c of pkg.contributes.commands) {
      assert.ok(!c.command.startsWith('gongwen.server.'), c.command);
      assert.ok(c.category, c.command);
      const title = nlsZh[c.title.replace(/^%|%$/g, '')]!;
      assert.match(title, HAN, `${c.command} needs a Chinese title`);
      assert.match(nls[c.title.replace(/^%|%$/g, '')]!, HAN, `${c.command}: Chinese title in every locale`);
    }
  });
});

describe('localization', () => {
  const used = new Set([...read('package.json').matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]!));

  it('defines every %key% of package.json in English and in Chinese', () => {
    for (const k of used) {
      assert.ok(nls[k], `package.nls.json lacks ${k}`);
      assert.ok(nlsZh[k], `package.nls.zh-cn.json lacks ${k}`);
    }
  });

  it('has no unused or one-sided keys', () => {
    assert.deepEqual(Object.keys(nls).sort(), [...used].sort());
    assert.deepEqual(Object.keys(nlsZh).sort(), [...used].sort());
  });

  it('describes every setting through nls in both languages, Chinese text in zh-cn', () => {
    for (const [k, p] of Object.entries(props)) {
      const d = (p.markdownDescription ?? p.description) as string | undefined;
      assert.ok(d && /^%.+%$/.test(d), `${k} needs a localized description`);
      assert.match(nlsZh[d.slice(1, -1)]!, HAN, k);
      assert.doesNotMatch(nls[d.slice(1, -1)]!.replace(/[`“”].*?[`“”]|\(.*?\)/g, ''), /^[^a-z]*$/i, k);
    }
  });
});

describe('structure', () => {
  it('keeps vscode out of the logic modules', () => {
    const dir = path.join(ROOT, 'src');
    const logic = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'extension.ts');
    assert.ok(logic.length >= 4);
    for (const f of logic) {
      assert.doesNotMatch(fs.readFileSync(path.join(dir, f), 'utf8'), /from ['"]vscode['"]|require\(['"]vscode['"]\)/, f);
    }
  });

  it('keeps logs, sources and node_modules out of the VSIX', () => {
    const ignore = read('.vscodeignore').split('\n').map((l) => l.trim());
    assert.ok(ignore.includes('**/*.log'));
    assert.ok(ignore.includes('node_modules/**'));
    assert.ok(ignore.includes('src/**'));
  });
});
