import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isUserFacing, machineName, noteText, notFoundMessage } from '../src/messages';
import {
  BUNDLE_MACHINES,
  bundledServerPath,
  machineCandidates,
  universalServerPath,
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
    arch: 'x64',
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

/** The files of a universal VSIX unpacked at `ext`, with the servers of `machines`. */
function universal(ext: string, machines: string[], sep = '/'): Record<string, FileKind> {
  const files: Record<string, FileKind> = { [`${ext}${sep}server`]: 'directory' };
  for (const m of machines) {
    files[`${ext}${sep}server${sep}${m}`] = 'directory';
    files[`${ext}${sep}server${sep}${m}${sep}${m.startsWith('win32-') ? 'gongwen-ls.exe' : 'gongwen-ls'}`] = 'executable';
  }
  return files;
}

const SHIPPED = ['win32-x64', 'linux-x64', 'linux-arm64', 'linux-loong64'];

describe('resolveServer: universal VSIX, per platform and arch', () => {
  const cases: [string, string, string, string][] = [
    ['linux', 'x64', '/ext/gongwen', '/ext/gongwen/server/linux-x64/gongwen-ls'],
    ['linux', 'arm64', '/ext/gongwen', '/ext/gongwen/server/linux-arm64/gongwen-ls'],
    ['linux', 'loong64', '/ext/gongwen', '/ext/gongwen/server/linux-loong64/gongwen-ls'],
    ['win32', 'x64', 'C:\\ext', 'C:\\ext\\server\\win32-x64\\gongwen-ls.exe'],
    // Windows 11 on Arm runs the x64 server.
    ['win32', 'arm64', 'C:\\ext', 'C:\\ext\\server\\win32-x64\\gongwen-ls.exe'],
  ];
  for (const [platform, arch, ext, expected] of cases) {
    it(`picks ${expected} on ${platform}-${arch}`, () => {
      const sep = platform === 'win32' ? '\\' : '/';
      const r = resolveServer(
        env(universal(ext, SHIPPED, sep), {
          platform,
          arch,
          extensionPath: ext,
          envPath: undefined,
          homeDir: platform === 'win32' ? 'C:\\Users\\u' : '/home/u',
        }),
      );
      assert.deepEqual(r.found, { path: expected, source: 'bundled' });
      assert.deepEqual(r.notes, []);
    });
  }

  it('never starts another architecture’s server', () => {
    // An arm64 desk with a VSIX that lacks the arm64 server: the x64 one is not tried.
    const r = resolveServer(
      env(universal('/ext/gongwen', ['linux-x64', 'win32-x64']), { arch: 'arm64', envPath: undefined }),
    );
    assert.equal(r.found, undefined);
    assert.ok(!r.tried.some((t) => t.path.includes('linux-x64')), JSON.stringify(r.tried));
    assert.deepEqual(r.notes, [
      { kind: 'no-bundled-for-machine', machine: 'linux-arm64', available: ['win32-x64', 'linux-x64'] },
    ]);
  });

  it('tells a machine no bundled server fits, in Chinese, and points to gongwen.server.path', () => {
    const r = resolveServer(
      env(universal('/ext/gongwen', SHIPPED), { platform: 'darwin', arch: 'arm64', envPath: undefined }),
    );
    assert.equal(r.found, undefined);
    const note = r.notes[0]!;
    assert.equal(note.kind, 'no-bundled-for-machine');
    assert.ok(!isUserFacing(note), 'part of the error, not a separate pop-up');
    const msg = notFoundMessage('darwin', 'arm64', r);
    assert.match(msg, /没有适用于本机（macOS arm64）的版本/);
    assert.match(msg, /Windows x64、Linux x64、Linux arm64、Linux LoongArch（龙芯）/);
    assert.match(msg, /gongwen\.server\.path/);
    assert.match(noteText(note), /扩展自带的服务器适用于/);
  });

  it('uses a server on PATH when the VSIX has none for this machine', () => {
    const files = { ...universal('/ext/gongwen', ['linux-x64']), [ON_PATH]: 'executable' as FileKind };
    const r = resolveServer(env(files, { arch: 'riscv64' }));
    assert.deepEqual(r.found, { path: ON_PATH, source: 'path' });
    assert.equal(r.notes[0]?.kind, 'no-bundled-for-machine');
  });

  it('prefers the user setting over the bundled server on LoongArch too', () => {
    const r = resolveServer(
      env(
        { ...universal('/ext/gongwen', SHIPPED), '/opt/gw/gongwen-ls': 'executable' },
        { arch: 'loong64', serverPathSetting: { globalValue: '/opt/gw/gongwen-ls' } },
      ),
    );
    assert.deepEqual(r.found, { path: '/opt/gw/gongwen-ls', source: 'setting' });
  });

  it('restores the executable bit of the LoongArch server', () => {
    const files = universal('/ext/gongwen', SHIPPED);
    const p = '/ext/gongwen/server/linux-loong64/gongwen-ls';
    files[p] = 'file';
    const e = env(files, { arch: 'loong64', envPath: undefined });
    assert.deepEqual(resolveServer(e).found, { path: p, source: 'bundled' });
    assert.deepEqual(e.chmodded, [p]);
  });

  it('reports a missing binary in the LoongArch folder and falls back', () => {
    const files = universal('/ext/gongwen', SHIPPED);
    delete files['/ext/gongwen/server/linux-loong64/gongwen-ls'];
    const r = resolveServer(env(files, { arch: 'loong64', envPath: undefined }));
    assert.equal(r.found, undefined);
    assert.deepEqual(
      r.tried.map((t) => [t.path, t.result]),
      [
        ['/ext/gongwen/server/linux-loong64/gongwen-ls', 'missing'],
        ['/ext/gongwen/server/gongwen-ls', 'missing'],
        ['gongwen-ls', 'missing'],
      ],
    );
    assert.match(notFoundMessage('linux', 'loong64', r), /未找到|没有适用于本机/);
  });

  it('still uses the single server of a platform-specific VSIX', () => {
    const r = resolveServer(env({ [BUNDLED]: 'executable' }, { arch: 'arm64' }));
    assert.deepEqual(r.found, { path: BUNDLED, source: 'bundled' });
    assert.deepEqual(r.notes, []);
  });

  it('names machines and candidate folders', () => {
    assert.equal(machineName('linux-loong64'), 'Linux LoongArch（龙芯）');
    assert.equal(machineName('win32-x64'), 'Windows x64');
    assert.equal(machineName('freebsd-x64'), 'freebsd x64');
    assert.deepEqual(machineCandidates('linux', 'loong64'), ['linux-loong64']);
    assert.deepEqual(machineCandidates('win32', 'arm64'), ['win32-arm64', 'win32-x64']);
    assert.equal(universalServerPath('C:\\ext', 'win32', 'win32-x64'), 'C:\\ext\\server\\win32-x64\\gongwen-ls.exe');
    for (const m of SHIPPED) assert.ok((BUNDLE_MACHINES as readonly string[]).includes(m), m);
    assert.match(notFoundMessage('linux', 'loong64'), /本机为 Linux LoongArch（龙芯）/);
  });
});
