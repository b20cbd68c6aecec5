import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { noteText, notFoundMessage } from '../src/messages';
import {
  bundledServerPath,
  type FileKind,
  type ResolveEnv,
  resolveServer,
  splitPath,
} from '../src/serverPath';

/** A fake file system: path → kind; everything else is missing. */
function env(files: Record<string, FileKind>, over: Partial<ResolveEnv> = {}): ResolveEnv & { chmodded: string[] } {
  const chmodded: string[] = [];
  return {
    platform: 'linux',
    extensionPath: '/ext/gongwen',
    isTrusted: true,
    serverPathSetting: undefined,
    envPath: '/usr/local/bin:/usr/bin',
    homeDir: '/home/u',
    fileKind: (p) => files[p] ?? 'missing',
    makeExecutable: (p) => {
      chmodded.push(p);
      if (files[p] === 'file') {
        files[p] = 'executable';
        return true;
      }
      return false;
    },
    chmodded,
    ...over,
  };
}

const BUNDLED = '/ext/gongwen/server/gongwen-ls';
const CUSTOM = '/opt/gw/gongwen-ls';
const ON_PATH = '/usr/bin/gongwen-ls';

describe('resolveServer: order', () => {
  it('uses the user setting first when it is an executable', () => {
    const r = resolveServer(
      env(
        { [CUSTOM]: 'executable', [BUNDLED]: 'executable', [ON_PATH]: 'executable' },
        { serverPathSetting: { globalValue: CUSTOM } },
      ),
    );
    assert.deepEqual(r.found, { path: CUSTOM, source: 'setting' });
    assert.deepEqual(r.notes, []);
  });

  it('uses the bundled binary when the setting is empty', () => {
    const r = resolveServer(
      env({ [BUNDLED]: 'executable', [ON_PATH]: 'executable' }, { serverPathSetting: { globalValue: '  ' } }),
    );
    assert.deepEqual(r.found, { path: BUNDLED, source: 'bundled' });
  });

  it('falls back to PATH, in PATH order, when nothing is bundled', () => {
    const r = resolveServer(
      env({ '/usr/local/bin/gongwen-ls': 'executable', [ON_PATH]: 'executable' }),
    );
    assert.deepEqual(r.found, { path: '/usr/local/bin/gongwen-ls', source: 'path' });
    const r2 = resolveServer(env({ [ON_PATH]: 'executable' }));
    assert.deepEqual(r2.found, { path: ON_PATH, source: 'path' });
  });

  it('skips non-executable files, folders and relative entries on PATH', () => {
    const r = resolveServer(
      env(
        { '/a/gongwen-ls': 'file', '/b/gongwen-ls': 'directory', 'rel/gongwen-ls': 'executable', '/c/gongwen-ls': 'executable' },
        { envPath: '/a:/b:rel::/c' },
      ),
    );
    assert.deepEqual(r.found, { path: '/c/gongwen-ls', source: 'path' });
  });

  it('finds nothing when nothing exists, and says what to do in Chinese', () => {
    const r = resolveServer(env({}, { envPath: undefined }));
    assert.equal(r.found, undefined);
    const msg = notFoundMessage('linux');
    assert.match(msg, /未找到公文检查服务/);
    assert.match(msg, /gongwen\.server\.path/);
    assert.match(msg, /PATH/);
    assert.match(msg, /VSIX/);
  });

  it('falls back (with a note) when the setting points to a missing or non-executable file', () => {
    const missing = resolveServer(
      env({ [BUNDLED]: 'executable' }, { serverPathSetting: { globalValue: '/nope/gongwen-ls' } }),
    );
    assert.deepEqual(missing.found, { path: BUNDLED, source: 'bundled' });
    assert.deepEqual(missing.notes, [{ kind: 'setting-missing', path: '/nope/gongwen-ls' }]);
    assert.match(noteText(missing.notes[0]!), /不存在/);

    const notExec = resolveServer(
      env({ [CUSTOM]: 'file', [BUNDLED]: 'executable' }, { serverPathSetting: { globalValue: CUSTOM } }),
    );
    assert.deepEqual(notExec.found, { path: BUNDLED, source: 'bundled' });
    assert.deepEqual(notExec.notes, [{ kind: 'setting-not-executable', path: CUSTOM }]);
  });

  it('rejects a relative setting but expands ~', () => {
    const rel = resolveServer(
      env({ [BUNDLED]: 'executable', '/work/bin/gongwen-ls': 'executable' }, {
        serverPathSetting: { globalValue: 'bin/gongwen-ls' },
      }),
    );
    assert.equal(rel.found?.source, 'bundled');
    assert.equal(rel.notes[0]?.kind, 'setting-relative');

    const home = resolveServer(
      env({ '/home/u/.cargo/bin/gongwen-ls': 'executable' }, {
        serverPathSetting: { globalValue: '~/.cargo/bin/gongwen-ls' },
      }),
    );
    assert.deepEqual(home.found, { path: '/home/u/.cargo/bin/gongwen-ls', source: 'setting' });
  });

  it('restores the executable bit of a bundled binary that lost it', () => {
    const e = env({ [BUNDLED]: 'file', [ON_PATH]: 'executable' });
    const r = resolveServer(e);
    assert.deepEqual(r.found, { path: BUNDLED, source: 'bundled' });
    assert.deepEqual(e.chmodded, [BUNDLED]);
  });

  it('skips a bundled binary that cannot be made executable', () => {
    const e = env({ [BUNDLED]: 'file', [ON_PATH]: 'executable' });
    e.makeExecutable = () => false;
    const r = resolveServer(e);
    assert.deepEqual(r.found, { path: ON_PATH, source: 'path' });
    assert.deepEqual(r.notes, [{ kind: 'bundled-not-executable', path: BUNDLED }]);
  });
});

describe('resolveServer: trust and scope', () => {
  it('ignores the setting entirely in an untrusted workspace', () => {
    const r = resolveServer(
      env(
        { [CUSTOM]: 'executable', [BUNDLED]: 'executable' },
        { isTrusted: false, serverPathSetting: { globalValue: CUSTOM } },
      ),
    );
    assert.deepEqual(r.found, { path: BUNDLED, source: 'bundled' });
    assert.deepEqual(r.notes, [{ kind: 'ignored-untrusted', value: CUSTOM }]);
    assert.ok(!r.tried.some((t) => t.path === CUSTOM), 'the untrusted path must not even be probed');
    assert.match(noteText(r.notes[0]!), /不受信任/);
  });

  it('never uses a workspace or folder value, even in a trusted workspace', () => {
    const evil = '/repo/.evil/gongwen-ls';
    const r = resolveServer(
      env(
        { [evil]: 'executable', [BUNDLED]: 'executable' },
        { serverPathSetting: { workspaceValue: evil, workspaceFolderValue: evil } },
      ),
    );
    assert.deepEqual(r.found, { path: BUNDLED, source: 'bundled' });
    assert.deepEqual(
      r.notes.map((n) => n.kind),
      ['ignored-workspace-value', 'ignored-workspace-value'],
    );
    assert.ok(!r.tried.some((t) => t.path === evil));
  });

  it('uses the user value while ignoring a workspace value that shadows it', () => {
    const r = resolveServer(
      env(
        { [CUSTOM]: 'executable', '/repo/x': 'executable' },
        { serverPathSetting: { globalValue: CUSTOM, workspaceValue: '/repo/x' } },
      ),
    );
    assert.deepEqual(r.found, { path: CUSTOM, source: 'setting' });
    assert.equal(r.notes[0]?.kind, 'ignored-workspace-value');
  });

  it('falls through to PATH when untrusted and nothing is bundled', () => {
    const r = resolveServer(
      env({ [CUSTOM]: 'executable', [ON_PATH]: 'executable' }, {
        isTrusted: false,
        serverPathSetting: { globalValue: CUSTOM },
      }),
    );
    assert.deepEqual(r.found, { path: ON_PATH, source: 'path' });
  });
});

describe('resolveServer: Windows', () => {
  it('bundles gongwen-ls.exe and searches PATH with PATHEXT and ; separators', () => {
    assert.equal(bundledServerPath('C:\\ext', 'win32'), 'C:\\ext\\server\\gongwen-ls.exe');
    const r = resolveServer(
      env({ 'D:\\tools\\gongwen-ls.exe': 'executable' }, {
        platform: 'win32',
        extensionPath: 'C:\\ext',
        envPath: 'C:\\Windows;"D:\\tools"',
        envPathExt: '.COM;.EXE',
        homeDir: 'C:\\Users\\u',
      }),
    );
    assert.deepEqual(r.found, { path: 'D:\\tools\\gongwen-ls.exe', source: 'path' });
  });

  it('uses the bundled .exe before PATH', () => {
    const r = resolveServer(
      env({ 'C:\\ext\\server\\gongwen-ls.exe': 'executable', 'D:\\tools\\gongwen-ls.exe': 'executable' }, {
        platform: 'win32',
        extensionPath: 'C:\\ext',
        envPath: 'D:\\tools',
        homeDir: 'C:\\Users\\u',
      }),
    );
    assert.equal(r.found?.source, 'bundled');
  });

  it('splits PATH per platform', () => {
    assert.deepEqual(splitPath('/a:/b::', 'linux'), ['/a', '/b']);
    assert.deepEqual(splitPath('C:\\a;"C:\\b c";', 'win32'), ['C:\\a', 'C:\\b c']);
    assert.deepEqual(splitPath(undefined, 'linux'), []);
  });
});
