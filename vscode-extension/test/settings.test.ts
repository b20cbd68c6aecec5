import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { configChangeAction, mapRules, resolvePathSetting, toServerSettings } from '../src/settings';

const cx = { workspaceFolder: '/ws', homeDir: '/home/u', platform: 'linux' };

/** A getter like WorkspaceConfiguration.get over dotted keys of a nested object. */
function getter(o: Record<string, unknown>): (key: string) => unknown {
  return (key) => key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
}

describe('toServerSettings', () => {
  it('maps the defaults to the documented initializationOptions object', () => {
    const defaults = {
      enable: true,
      reports: { autoDetect: true, include: [] },
      rules: {},
      profile: { path: '' },
      previousReport: { path: '' },
      codeLens: { enable: true },
      inlayHints: { enable: true },
      server: { path: '' },
      trace: { server: 'off' },
    };
    assert.deepEqual(toServerSettings(getter(defaults), cx), {
      enable: true,
      reports: { autoDetect: true, include: [] },
      rules: {},
      profile: { path: '' },
      previousReport: { path: '' },
      codeLens: { enable: true },
      inlayHints: { enable: true },
    });
  });

  it('never sends the client-only keys server.path and trace', () => {
    const s = toServerSettings(getter({ server: { path: '/x/gongwen-ls' }, trace: { server: 'verbose' } }), cx);
    assert.ok(!('server' in s));
    assert.ok(!('trace' in s));
    assert.ok(!JSON.stringify(s).includes('/x/gongwen-ls'));
  });

  it('passes user values through and repairs wrong types', () => {
    const s = toServerSettings(
      getter({
        enable: false,
        reports: { autoDetect: 'yes', include: ['报告/*.txt', 3, '', ' a.md '] },
        rules: { 'punct-width': 'Off', placeholder: ' error ', 'missing-section': false, numbering: 2 },
        profile: { path: 'profiles/my.toml' },
        previousReport: { path: '/abs/2023.txt' },
        codeLens: { enable: false },
        inlayHints: { enable: 'no' },
      }),
      cx,
    );
    assert.equal(s.enable, false);
    assert.deepEqual(s.codeLens, { enable: false });
    assert.deepEqual(s.inlayHints, { enable: true }, 'a non-boolean keeps the default');
    assert.equal(s.reports.autoDetect, true, 'a non-boolean keeps the default');
    assert.deepEqual(s.reports.include, ['报告/*.txt', 'a.md']);
    assert.deepEqual(s.rules, { 'punct-width': 'off', placeholder: 'error', 'missing-section': false });
    assert.equal(s.profile.path, '/ws/profiles/my.toml');
    assert.equal(s.previousReport.path, '/abs/2023.txt');
  });

  it('handles a missing section (undefined everywhere)', () => {
    const s = toServerSettings(() => undefined, cx);
    assert.equal(s.enable, true);
    assert.deepEqual(s.reports, { autoDetect: true, include: [] });
    assert.deepEqual(s.rules, {});
  });
});

describe('resolvePathSetting', () => {
  it('resolves relative paths against the first workspace folder and expands ~', () => {
    assert.equal(resolvePathSetting('  ', cx), '');
    assert.equal(resolvePathSetting(undefined, cx), '');
    assert.equal(resolvePathSetting('a/b.toml', cx), '/ws/a/b.toml');
    assert.equal(resolvePathSetting('~/p.toml', cx), '/home/u/p.toml');
    assert.equal(resolvePathSetting('/etc/p.toml', cx), '/etc/p.toml');
  });

  it('leaves a relative path alone when there is no workspace folder', () => {
    assert.equal(resolvePathSetting('a.toml', { ...cx, workspaceFolder: undefined }), 'a.toml');
  });

  it('knows Windows absolute paths', () => {
    const w = { workspaceFolder: 'C:\\ws', homeDir: 'C:\\Users\\u', platform: 'win32' };
    assert.equal(resolvePathSetting('D:\\p.toml', w), 'D:\\p.toml');
    assert.equal(resolvePathSetting('sub\\p.toml', w), 'C:\\ws\\sub\\p.toml');
  });
});

describe('mapRules', () => {
  it('ignores non-objects', () => {
    assert.deepEqual(mapRules(['error']), {});
    assert.deepEqual(mapRules(null), {});
    assert.deepEqual(mapRules('error'), {});
  });

  it('keeps invalid level names for the server to report', () => {
    assert.deepEqual(mapRules({ numbering: 'loud' }), { numbering: 'loud' });
  });
});

describe('configChangeAction', () => {
  const only =
    (...sections: string[]) =>
    (s: string) =>
      sections.some((x) => x === s || x.startsWith(`${s}.`));

  it('stops a running client when gongwen.enable turns off, starts it when it turns on', () => {
    assert.equal(configChangeAction(only('gongwen.enable'), { enabled: false, running: true }), 'stop');
    assert.equal(configChangeAction(only('gongwen.enable'), { enabled: true, running: false }), 'start');
  });

  it('restarts on a change of gongwen.server.path', () => {
    assert.equal(configChangeAction(only('gongwen.server.path'), { enabled: true, running: true }), 'restart');
    assert.equal(configChangeAction(only('gongwen.server.path'), { enabled: true, running: false }), 'start');
    assert.equal(configChangeAction(only('gongwen.server.path'), { enabled: false, running: false }), 'none');
  });

  it('needs no restart for settings the server receives by didChangeConfiguration', () => {
    for (const s of ['gongwen.rules', 'gongwen.reports.include', 'gongwen.profile.path', 'gongwen.trace.server']) {
      assert.equal(configChangeAction(only(s), { enabled: true, running: true }), 'none', s);
    }
  });
});
